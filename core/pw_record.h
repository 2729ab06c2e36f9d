/* pw_record: table-driven JSON codec for the fixed-shape records (pw_advisory, pw_alert). One table per
 * struct names each JSON key, its type and where it lives, so encode, decode, free and validation cannot
 * drift apart. Unknown keys are rejected on decode: the bus is a contract, not a suggestion. */
#ifndef PW_RECORD_H
#define PW_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"

typedef enum {
    PW_REC_STR,   /* char * (owned, NULL = absent) */
    PW_REC_TIME,  /* int64_t µs, PW_TS_NONE = absent; RFC 3339 in JSON */
    PW_REC_LIST,  /* pw_strlist */
    PW_REC_INT,   /* int64_t */
    PW_REC_DBL,   /* double */
    PW_REC_JSON,  /* json_t * (owned reference, NULL = absent) */
} pw_rec_type;

typedef struct pw_rec_field {
    const char *name;
    pw_rec_type type;
    size_t offset;
    int required; /* decode fails when absent */
} pw_rec_field;

json_t *pw_record_to_json(const void *rec, const pw_rec_field *table, size_t n);
int pw_record_from_json(void *rec, const pw_rec_field *table, size_t n, const json_t *obj, const char *what,
                        pw_error *err);
/* The same as text: compact JSON appended to out / parsed from json[0..len). */
int pw_record_dump(const void *rec, const pw_rec_field *table, size_t n, pw_buf *out, const char *what,
                   pw_error *err);
int pw_record_load(void *rec, const pw_rec_field *table, size_t n, const char *json, size_t len,
                   const char *what, pw_error *err);
void pw_record_init(void *rec, const pw_rec_field *table, size_t n);
void pw_record_free(void *rec, const pw_rec_field *table, size_t n);
/* Sets a PW_REC_STR member to a copy of s (NULL clears). */
int pw_record_set_str(char **slot, const char *s);

#endif
