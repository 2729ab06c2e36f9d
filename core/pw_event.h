/* pw_event: the one event model every stage speaks (DESIGN.md "The event model").
 *
 * An event is a timestamp plus a flat list of fields with dotted ECS names ("host.name",
 * "winlog.event_data.TargetUserName") and typed values. Strings live in one arena owned by the event, so a
 * parser that reuses an event (pw_event_reset) allocates nothing per record once warm.
 *
 * Invariants: keys are non-empty dotted paths without empty segments; string values are valid UTF-8 without
 * NUL (pw_event_set_str refuses anything else; pw_event_set_str_lossy repairs it). Setting an existing key
 * replaces its value. Pointers returned by getters stay valid until the next change to the event.
 *
 * JSON: pw_event_to_json writes nested objects ({"host":{"name":"web1"}}), "@timestamp" first, then keys in
 * a fixed order (by path, segment by segment), so encode(decode(x)) == x for canonical x and
 * decode(encode(e)) == e always. pw_event_from_json accepts nested objects and dotted keys alike. */
#ifndef PW_EVENT_H
#define PW_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_time.h"

#define PW_EVENT_MAX_FIELDS 4096              /* a Windows record has < 200; more is an attack or a bug */
#define PW_EVENT_MAX_BYTES ((size_t)16 << 20) /* 16 MiB of keys+values per event */
#define PW_EVENT_MAX_DEPTH 32                 /* JSON nesting accepted on decode */

typedef enum {
    PW_VAL_STR = 0,
    PW_VAL_INT,
    PW_VAL_DBL,
    PW_VAL_BOOL,
    PW_VAL_JSON, /* any other JSON (arrays, empty objects, null), kept as compact JSON text */
} pw_val_type;

typedef struct pw_field {
    uint32_t key_off, key_len; /* into arena */
    uint32_t val_off, val_len; /* into arena, for STR and JSON */
    pw_val_type type;
    union {
        int64_t i;
        double d;
        bool b;
    } num;
} pw_field;

typedef struct pw_event {
    int64_t ts_us; /* @timestamp, µs since epoch UTC; PW_TS_NONE when unknown */
    pw_field *fields;
    size_t nfields, fields_cap;
    char *arena;
    size_t arena_len, arena_cap;
} pw_event;

void pw_event_init(pw_event *ev);
void pw_event_reset(pw_event *ev); /* empties, keeps memory */
void pw_event_free(pw_event *ev);
pw_event *pw_event_new(void);
void pw_event_destroy(pw_event *ev);
int pw_event_copy(pw_event *dst, const pw_event *src, pw_error *err);

void pw_event_set_time(pw_event *ev, int64_t ts_us);

/* Setters return 0, or -1 with err set (bad key, invalid UTF-8, embedded NUL, limits). */
int pw_event_set_str(pw_event *ev, const char *key, const char *val, size_t len, pw_error *err);
int pw_event_set_cstr(pw_event *ev, const char *key, const char *val, pw_error *err);
/* Like set_str but repairs ill-formed UTF-8 and NUL (U+FFFD); fails only on a bad key or limits. */
int pw_event_set_str_lossy(pw_event *ev, const char *key, const char *val, size_t len, pw_error *err);
/* For a producer that converts text itself (EVTX): val must be valid UTF-8 without NUL (not checked; a
 * caller that cannot promise it uses set_str). With PW_EVENT_NEW_KEY the caller also promises the key
 * (klen bytes, need not be NUL-terminated) is not set yet and the lookup is skipped. Keys are still checked. */
#define PW_EVENT_NEW_KEY 1u
int pw_event_set_str_trusted(pw_event *ev, const char *key, size_t klen, const char *val, size_t len,
                             unsigned flags, pw_error *err);
int pw_event_set_int(pw_event *ev, const char *key, int64_t val, pw_error *err);
int pw_event_set_double(pw_event *ev, const char *key, double val, pw_error *err);
int pw_event_set_bool(pw_event *ev, const char *key, bool val, pw_error *err);
/* val is compact JSON text, trusted to be valid (use pw_event_set_jansson for untrusted values). */
int pw_event_set_json(pw_event *ev, const char *key, const char *json, size_t len, pw_error *err);
int pw_event_set_jansson(pw_event *ev, const char *key, const json_t *val, pw_error *err);
int pw_event_remove(pw_event *ev, const char *key);

const pw_field *pw_event_find(const pw_event *ev, const char *key);
/* String value of key, or NULL when absent or not a string. */
const char *pw_event_get_str(const pw_event *ev, const char *key, size_t *len);
/* Integer value; a string holding a decimal integer is accepted too (Winlogbeat writes "5120"). */
int pw_event_get_int(const pw_event *ev, const char *key, int64_t *out);

static inline const char *pw_field_key(const pw_event *ev, const pw_field *f) { return ev->arena + f->key_off; }
static inline const char *pw_field_str(const pw_event *ev, const pw_field *f) { return ev->arena + f->val_off; }

/* Appends the event as one JSON object (no newline) to out. */
int pw_event_to_json(const pw_event *ev, pw_buf *out, pw_error *err);
/* Replaces ev's content with the decoded object. Rejects invalid JSON, non-objects, \u0000, bad
 * "@timestamp", nesting deeper than PW_EVENT_MAX_DEPTH; err says where. */
int pw_event_from_json(pw_event *ev, const char *json, size_t len, pw_error *err);
int pw_event_from_jansson(pw_event *ev, const json_t *obj, pw_error *err);
json_t *pw_event_to_jansson(const pw_event *ev, pw_error *err);
/* Semantic equality: same timestamp and same set of key=value fields, order ignored. */
bool pw_event_equal(const pw_event *a, const pw_event *b);

#endif
