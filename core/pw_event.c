/* pw_event: storage, field access and the JSON codec of the event model (see pw_event.h for the contract).
 *
 * Lookups are linear: events hold tens of fields, where a scan over contiguous structs beats hashing. */
#include "core/pw_event.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/pw_utf8.h"

#define KEY_MAX 1024 /* bytes in one dotted key */

void pw_event_init(pw_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->ts_us = PW_TS_NONE;
}

void pw_event_reset(pw_event *ev)
{
    ev->ts_us = PW_TS_NONE;
    ev->nfields = 0;
    ev->arena_len = 0;
}

void pw_event_free(pw_event *ev)
{
    free(ev->fields);
    free(ev->arena);
    pw_event_init(ev);
}

pw_event *pw_event_new(void)
{
    pw_event *ev = malloc(sizeof *ev);
    if (ev) pw_event_init(ev);
    return ev;
}

void pw_event_destroy(pw_event *ev)
{
    if (!ev) return;
    pw_event_free(ev);
    free(ev);
}

void pw_event_set_time(pw_event *ev, int64_t ts_us) { ev->ts_us = ts_us; }

/* Copies len bytes plus a NUL into the arena; returns the offset or -1. */
static int64_t arena_put(pw_event *ev, const char *data, size_t len, pw_error *err)
{
    if (len >= PW_EVENT_MAX_BYTES || ev->arena_len + len + 1 > PW_EVENT_MAX_BYTES) {
        pw_error_set(err, PW_ERR_LIMIT, "event larger than %zu bytes", PW_EVENT_MAX_BYTES);
        return -1;
    }
    if (ev->arena_len + len + 1 > ev->arena_cap) {
        size_t cap = ev->arena_cap ? ev->arena_cap : 1024;
        while (cap < ev->arena_len + len + 1) cap *= 2;
        char *p = realloc(ev->arena, cap);
        if (!p) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            return -1;
        }
        ev->arena = p;
        ev->arena_cap = cap;
    }
    size_t off = ev->arena_len;
    if (len) memcpy(ev->arena + off, data, len);
    ev->arena[off + len] = '\0';
    ev->arena_len += len + 1;
    return (int64_t)off;
}

static int check_key(const char *key, size_t len, pw_error *err)
{
    if (len == 0) return pw_error_set(err, PW_ERR_INVALID, "empty field name");
    if (len > KEY_MAX) return pw_error_set(err, PW_ERR_LIMIT, "field name longer than %d bytes", KEY_MAX);
    /* "@timestamp" is the event time at the top level; "@timestamp.x" would encode as an object there */
    if (len >= 10 && memcmp(key, "@timestamp", 10) == 0 && (len == 10 || key[10] == '.'))
        return pw_error_set(err, PW_ERR_INVALID, "\"%.*s\": \"@timestamp\" is reserved for the event time "
                            "(pw_event_set_time)", (int)len, key);
    /* one pass: segments (no leading/trailing/double dot), nesting depth, and whether UTF-8 needs checking */
    size_t segs = 1;
    bool ascii = true, empty_seg = key[0] == '.' || key[len - 1] == '.';
#ifdef __SSE2__
    /* 16 bytes at a time (keys are set for every field of every record); a tail is copied into a zeroed
     * block and its padding masked off */
    unsigned prev_dot = 0; /* the previous block ended with a '.' */
    for (size_t i = 0; i < len; i += 16) {
        size_t rem = len - i;
        unsigned valid = rem >= 16 ? 0xFFFFu : (1u << rem) - 1;
        __m128i v;
        if (rem >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(key + i));
        } else {
            char tmp[16] = {0};
            memcpy(tmp, key + i, rem);
            v = _mm_loadu_si128((const __m128i *)(const void *)tmp);
        }
        unsigned dots = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))) & valid;
        unsigned bad = (unsigned)(_mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())));
        for (unsigned d = dots; d; d &= d - 1) segs++; /* few dots; no popcnt instruction in the baseline ISA */
        empty_seg |= (dots & (dots >> 1)) != 0 || (prev_dot && (dots & 1));
        prev_dot = (dots >> 15) & 1;
        ascii &= (bad & valid) == 0;
    }
#else
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c == '.') {
            segs++;
            empty_seg |= i + 1 < len && key[i + 1] == '.';
        }
        ascii &= c != 0 && c < 0x80;
    }
#endif
    if (empty_seg)
        return pw_error_set(err, PW_ERR_INVALID, "field name \"%.*s\" has an empty path segment", (int)len, key);
    bool nul;
    if (!ascii && (!pw_utf8_valid(key, len, &nul) || nul))
        return pw_error_set(err, PW_ERR_INVALID, "field name is not valid UTF-8");
    if (segs > PW_EVENT_MAX_DEPTH)
        return pw_error_set(err, PW_ERR_LIMIT, "field name \"%.*s\" nests deeper than %d", (int)len, key,
                            PW_EVENT_MAX_DEPTH);
    return 0;
}

static pw_field *find_field(const pw_event *ev, const char *key, size_t len)
{
    for (size_t i = 0; i < ev->nfields; i++) {
        pw_field *f = &ev->fields[i];
        if (f->key_len == len && memcmp(ev->arena + f->key_off, key, len) == 0) return f;
    }
    return NULL;
}

/* Appends a field for key (klen bytes, not set yet), key stored; NULL with err set. */
static pw_field *new_slot(pw_event *ev, const char *key, size_t klen, pw_error *err)
{
    pw_field *f;
    if (check_key(key, klen, err)) return NULL;
    if (ev->nfields >= PW_EVENT_MAX_FIELDS) {
        pw_error_set(err, PW_ERR_LIMIT, "event has more than %d fields", PW_EVENT_MAX_FIELDS);
        return NULL;
    }
    if (ev->nfields == ev->fields_cap) {
        size_t cap = ev->fields_cap ? ev->fields_cap * 2 : 32;
        pw_field *p = realloc(ev->fields, cap * sizeof *p);
        if (!p) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            return NULL;
        }
        ev->fields = p;
        ev->fields_cap = cap;
    }
    int64_t off = arena_put(ev, key, klen, err);
    if (off < 0) return NULL;
    f = &ev->fields[ev->nfields++];
    memset(f, 0, sizeof *f);
    f->key_off = (uint32_t)off;
    f->key_len = (uint32_t)klen;
    return f;
}

/* Returns the field for key (existing or new, key stored), or NULL with err set. */
static pw_field *slot_for(pw_event *ev, const char *key, pw_error *err)
{
    size_t klen = strlen(key);
    pw_field *f = find_field(ev, key, klen);
    return f ? f : new_slot(ev, key, klen, err);
}

static int set_bytes(pw_event *ev, const char *key, pw_val_type type, const char *val, size_t len, pw_error *err)
{
    pw_field *f = slot_for(ev, key, err);
    if (!f) return -1;
    size_t idx = (size_t)(f - ev->fields);
    int64_t off = arena_put(ev, val, len, err);
    if (off < 0) return -1;
    f = &ev->fields[idx];
    f->type = type;
    f->val_off = (uint32_t)off;
    f->val_len = (uint32_t)len;
    return 0;
}

int pw_event_set_str(pw_event *ev, const char *key, const char *val, size_t len, pw_error *err)
{
    bool nul;
    if (!pw_utf8_valid(val, len, &nul))
        return pw_error_set(err, PW_ERR_INVALID, "value of \"%s\" is not valid UTF-8", key);
    if (nul) return pw_error_set(err, PW_ERR_INVALID, "value of \"%s\" contains a NUL byte", key);
    return set_bytes(ev, key, PW_VAL_STR, val, len, err);
}

int pw_event_set_str_trusted(pw_event *ev, const char *key, size_t klen, const char *val, size_t len,
                             unsigned flags, pw_error *err)
{
    pw_field *f = flags & PW_EVENT_NEW_KEY ? NULL : find_field(ev, key, klen);
    if (!f && !(f = new_slot(ev, key, klen, err))) return -1;
    size_t idx = (size_t)(f - ev->fields);
    int64_t off = arena_put(ev, val, len, err);
    if (off < 0) return -1;
    f = &ev->fields[idx];
    f->type = PW_VAL_STR;
    f->val_off = (uint32_t)off;
    f->val_len = (uint32_t)len;
    return 0;
}

int pw_event_set_cstr(pw_event *ev, const char *key, const char *val, pw_error *err)
{
    return pw_event_set_str(ev, key, val, strlen(val), err);
}

int pw_event_set_str_lossy(pw_event *ev, const char *key, const char *val, size_t len, pw_error *err)
{
    bool nul;
    if (pw_utf8_valid(val, len, &nul) && !nul) return set_bytes(ev, key, PW_VAL_STR, val, len, err);
    pw_buf tmp = PW_BUF_INIT;
    int rc = pw_utf8_sanitize(&tmp, val, len) ? pw_error_set(err, PW_ERR_NOMEM, "out of memory")
                                               : set_bytes(ev, key, PW_VAL_STR, tmp.data, tmp.len, err);
    pw_buf_free(&tmp);
    return rc;
}

int pw_event_set_int(pw_event *ev, const char *key, int64_t val, pw_error *err)
{
    pw_field *f = slot_for(ev, key, err);
    if (!f) return -1;
    f->type = PW_VAL_INT;
    f->num.i = val;
    return 0;
}

int pw_event_set_double(pw_event *ev, const char *key, double val, pw_error *err)
{
    if (!isfinite(val)) return pw_error_set(err, PW_ERR_INVALID, "value of \"%s\" is not a finite number", key);
    pw_field *f = slot_for(ev, key, err);
    if (!f) return -1;
    f->type = PW_VAL_DBL;
    f->num.d = val;
    return 0;
}

int pw_event_set_bool(pw_event *ev, const char *key, bool val, pw_error *err)
{
    pw_field *f = slot_for(ev, key, err);
    if (!f) return -1;
    f->type = PW_VAL_BOOL;
    f->num.b = val;
    return 0;
}

int pw_event_set_json(pw_event *ev, const char *key, const char *json, size_t len, pw_error *err)
{
    return set_bytes(ev, key, PW_VAL_JSON, json, len, err);
}

int pw_event_set_jansson(pw_event *ev, const char *key, const json_t *val, pw_error *err)
{
    char *text = json_dumps(val, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) return pw_error_set(err, PW_ERR_INVALID, "value of \"%s\" cannot be encoded as JSON", key);
    int rc = set_bytes(ev, key, PW_VAL_JSON, text, strlen(text), err);
    free(text);
    return rc;
}

int pw_event_remove(pw_event *ev, const char *key)
{
    pw_field *f = find_field(ev, key, strlen(key));
    if (!f) return -1;
    size_t i = (size_t)(f - ev->fields);
    memmove(f, f + 1, (ev->nfields - i - 1) * sizeof *f);
    ev->nfields--;
    return 0;
}

const pw_field *pw_event_find(const pw_event *ev, const char *key) { return find_field(ev, key, strlen(key)); }

const char *pw_event_get_str(const pw_event *ev, const char *key, size_t *len)
{
    const pw_field *f = pw_event_find(ev, key);
    if (!f || f->type != PW_VAL_STR) return NULL;
    if (len) *len = f->val_len;
    return ev->arena + f->val_off;
}

int pw_event_get_int(const pw_event *ev, const char *key, int64_t *out)
{
    const pw_field *f = pw_event_find(ev, key);
    if (!f) return -1;
    if (f->type == PW_VAL_INT) {
        *out = f->num.i;
        return 0;
    }
    if (f->type != PW_VAL_STR || f->val_len == 0 || f->val_len > 20) return -1;
    char *end;
    long long v = strtoll(ev->arena + f->val_off, &end, 10);
    if (end != ev->arena + f->val_off + f->val_len) return -1;
    *out = v;
    return 0;
}

int pw_event_copy(pw_event *dst, const pw_event *src, pw_error *err)
{
    pw_event_reset(dst);
    if (src->nfields > dst->fields_cap) {
        pw_field *p = realloc(dst->fields, src->nfields * sizeof *p);
        if (!p) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        dst->fields = p;
        dst->fields_cap = src->nfields;
    }
    if (src->arena_len > dst->arena_cap) {
        char *p = realloc(dst->arena, src->arena_len);
        if (!p) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        dst->arena = p;
        dst->arena_cap = src->arena_len;
    }
    if (src->nfields) memcpy(dst->fields, src->fields, src->nfields * sizeof *src->fields);
    if (src->arena_len) memcpy(dst->arena, src->arena, src->arena_len);
    dst->nfields = src->nfields;
    dst->arena_len = src->arena_len;
    dst->ts_us = src->ts_us;
    return 0;
}

/* ---- encoding ---------------------------------------------------------------------------------------- */

/* Orders keys by path, segment by segment: '.' sorts below every other byte and the end of a key below
 * '.', so "a" < "a.b" < "a.c" < "a0" and every "a.*" key is contiguous. */
static int key_cmp(const char *a, size_t al, const char *b, size_t bl)
{
    size_t n = al < bl ? al : bl, i = 0;
    while (i + 8 <= n && memcmp(a + i, b + i, 8) == 0) i += 8; /* equal prefixes (winlog.event_data.) */
    for (; i < n; i++) {
        int ca = a[i] == '.' ? 0 : (unsigned char)a[i] + 1;
        int cb = b[i] == '.' ? 0 : (unsigned char)b[i] + 1;
        if (ca != cb) return ca - cb;
    }
    return (al > bl) - (al < bl);
}

/* qsort has no context argument; a thread-local carries the event being sorted, so encoding is reentrant. */
static _Thread_local const pw_event *tl_sort_ev;

static int field_idx_cmp(const void *pa, const void *pb)
{
    const pw_field *a = &tl_sort_ev->fields[*(const uint32_t *)pa];
    const pw_field *b = &tl_sort_ev->fields[*(const uint32_t *)pb];
    return key_cmp(tl_sort_ev->arena + a->key_off, a->key_len, tl_sort_ev->arena + b->key_off, b->key_len);
}

static int put_value(const pw_event *ev, const pw_field *f, pw_buf *out)
{
    char num[40];
    int n;
    switch (f->type) {
    case PW_VAL_STR: return pw_buf_json_str(out, ev->arena + f->val_off, f->val_len);
    case PW_VAL_JSON: return pw_buf_append(out, ev->arena + f->val_off, f->val_len);
    case PW_VAL_INT: { /* decimal by hand: snprintf was a visible share of encoding record-heavy logs */
        uint64_t v = f->num.i < 0 ? (uint64_t)0 - (uint64_t)f->num.i : (uint64_t)f->num.i;
        int i = (int)sizeof num;
        do {
            num[--i] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        if (f->num.i < 0) num[--i] = '-';
        return pw_buf_append(out, num + i, sizeof num - (size_t)i);
    }
    case PW_VAL_BOOL: return pw_buf_puts(out, f->num.b ? "true" : "false");
    case PW_VAL_DBL:
        /* shortest of 15..17 significant digits that reads back to the same double: exact and canonical */
        for (int prec = 15; prec <= 17; prec++) {
            n = snprintf(num, sizeof num, "%.*g", prec, f->num.d);
            if (strtod(num, NULL) == f->num.d) break;
        }
        if (!strpbrk(num, ".eE")) n += snprintf(num + n, sizeof num - (size_t)n, ".0"); /* stays a real */
        break;
    default: return -1;
    }
    return pw_buf_append(out, num, (size_t)n);
}

typedef struct seg {
    const char *p;
    size_t len;
} seg;

static size_t split_key(const char *key, size_t len, seg *segs)
{
    size_t n = 0;
    const char *p = key, *end = key + len, *dot;
    /* memchr per segment: keys are long ("winlog.event_data.Name") and have few dots */
    while ((dot = memchr(p, '.', (size_t)(end - p)))) {
        segs[n].p = p;
        segs[n].len = (size_t)(dot - p);
        n++;
        p = dot + 1;
    }
    segs[n].p = p;
    segs[n].len = (size_t)(end - p);
    return n + 1;
}

static bool seg_eq(seg a, seg b) { return a.len == b.len && memcmp(a.p, b.p, a.len) == 0; }

int pw_event_to_json(const pw_event *ev, pw_buf *out, pw_error *err)
{
    uint32_t small[128], *order = small;
    if (ev->nfields > 128 && !(order = malloc(ev->nfields * sizeof *order)))
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ev->nfields; i++) order[i] = (uint32_t)i;
    if (ev->nfields <= 128) {
        /* insertion sort: fewer comparisons than qsort on the small, often nearly ordered field lists
         * parsers produce, and an inlined comparison (this sort is a hot spot of EVTX -> JSON) */
        for (size_t i = 1; i < ev->nfields; i++) {
            uint32_t x = order[i];
            const pw_field *fx = &ev->fields[x];
            size_t j = i;
            while (j > 0) {
                const pw_field *fy = &ev->fields[order[j - 1]];
                if (key_cmp(ev->arena + fy->key_off, fy->key_len, ev->arena + fx->key_off, fx->key_len) <= 0) break;
                order[j] = order[j - 1];
                j--;
            }
            order[j] = x;
        }
    } else {
        tl_sort_ev = ev;
        qsort(order, ev->nfields, sizeof *order, field_idx_cmp);
    }

    seg open[PW_EVENT_MAX_DEPTH], last[PW_EVENT_MAX_DEPTH + 1], segs[PW_EVENT_MAX_DEPTH];
    bool first[PW_EVENT_MAX_DEPTH + 1];
    size_t depth = 0;
    int rc = pw_buf_putc(out, '{');
    first[0] = true;
    last[0].p = NULL;
    last[0].len = 0;
    if (ev->ts_us != PW_TS_NONE) {
        char ts[PW_RFC3339_MAX];
        size_t n = pw_time_format(ev->ts_us, ts);
        rc |= pw_buf_puts(out, "\"@timestamp\":");
        rc |= pw_buf_json_str(out, ts, n);
        first[0] = false;
        last[0].p = "@timestamp";
        last[0].len = 10;
    }
    for (size_t k = 0; k < ev->nfields && !rc; k++) {
        const pw_field *f = &ev->fields[order[k]];
        const char *key = ev->arena + f->key_off;
        size_t n = split_key(key, f->key_len, segs);
        size_t common = 0;
        while (common < depth && common < n - 1 && seg_eq(open[common], segs[common])) common++;
        while (depth > common) {
            rc |= pw_buf_putc(out, '}');
            depth--;
        }
        /* open objects for the inner segments unless a leaf of the same name already sits at this level,
         * in which case the rest of the path is written as one dotted key (decodes to the same field) */
        while (depth < n - 1 && !(last[depth].p && seg_eq(last[depth], segs[depth]))) {
            if (!first[depth]) rc |= pw_buf_putc(out, ',');
            first[depth] = false;
            rc |= pw_buf_json_str(out, segs[depth].p, segs[depth].len);
            rc |= pw_buf_append(out, ":{", 2);
            open[depth] = last[depth] = segs[depth];
            depth++;
            first[depth] = true;
            last[depth].p = NULL;
        }
        if (!first[depth]) rc |= pw_buf_putc(out, ',');
        first[depth] = false;
        const char *name = segs[depth].p;
        rc |= pw_buf_json_str(out, name, (size_t)(key + f->key_len - name));
        rc |= pw_buf_putc(out, ':');
        rc |= put_value(ev, f, out);
        last[depth] = segs[depth];
    }
    while (depth-- > 0) rc |= pw_buf_putc(out, '}');
    rc |= pw_buf_putc(out, '}');
    if (order != small) free(order);
    return rc ? pw_error_set(err, PW_ERR_NOMEM, "event too large to encode") : 0;
}

json_t *pw_event_to_jansson(const pw_event *ev, pw_error *err)
{
    pw_buf b = PW_BUF_INIT;
    json_t *j = NULL;
    if (pw_event_to_json(ev, &b, err) == 0) {
        json_error_t jerr;
        j = json_loadb(b.data, b.len, 0, &jerr);
        if (!j) pw_error_set(err, PW_ERR_INTERNAL, "re-reading encoded event: %s", jerr.text);
    }
    pw_buf_free(&b);
    return j;
}

/* ---- decoding ---------------------------------------------------------------------------------------- */

static int decode_value(pw_event *ev, char *path, size_t plen, const json_t *v, int depth, pw_error *err);

static int decode_object(pw_event *ev, char *path, size_t plen, const json_t *obj, int depth, pw_error *err)
{
    if (depth > PW_EVENT_MAX_DEPTH)
        return pw_error_set(err, PW_ERR_LIMIT, "JSON nests deeper than %d at \"%s\"", PW_EVENT_MAX_DEPTH, path);
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        size_t klen = strlen(k);
        if (klen == 0) return pw_error_set(err, PW_ERR_INVALID, "empty key under \"%s\"", plen ? path : "(top)");
        /* the dot counts only between two parts: {"a":{"b":..}} and {"a.b":..} must fit alike (the encoder
         * writes either, and a decoded event must decode again; fuzz_event_json found the difference) */
        if ((plen ? plen + 1 : 0) + klen > KEY_MAX)
            return pw_error_set(err, PW_ERR_LIMIT, "key path longer than %d", KEY_MAX);
        size_t nl = plen;
        if (plen) path[nl++] = '.';
        memcpy(path + nl, k, klen + 1);
        nl += klen;
        /* {"a":{"b":1},"a.b":2} names one field twice; taking either silently would lose data */
        if (!(json_is_object(v) && json_object_size(v) > 0) && find_field(ev, path, nl))
            return pw_error_set(err, PW_ERR_INVALID, "field \"%s\" appears twice (nested and dotted)", path);
        if (depth == 0 && strcmp(k, "@timestamp") == 0) {
            if (!json_is_string(v)) return pw_error_set(err, PW_ERR_INVALID, "\"@timestamp\" is not a string");
            if (pw_time_parse(json_string_value(v), json_string_length(v), &ev->ts_us, err))
                return pw_error_prefix(err, "\"@timestamp\"");
        } else if (decode_value(ev, path, nl, v, depth, err)) {
            return -1;
        }
        path[plen] = '\0';
    }
    return 0;
}

static int decode_value(pw_event *ev, char *path, size_t plen, const json_t *v, int depth, pw_error *err)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        if (json_object_size(v) == 0) return pw_event_set_json(ev, path, "{}", 2, err);
        return decode_object(ev, path, plen, v, depth + 1, err);
    case JSON_STRING: return pw_event_set_str(ev, path, json_string_value(v), json_string_length(v), err);
    case JSON_INTEGER: return pw_event_set_int(ev, path, json_integer_value(v), err);
    case JSON_REAL: return pw_event_set_double(ev, path, json_real_value(v), err);
    case JSON_TRUE: return pw_event_set_bool(ev, path, true, err);
    case JSON_FALSE: return pw_event_set_bool(ev, path, false, err);
    default: return pw_event_set_jansson(ev, path, v, err); /* arrays and null */
    }
}

int pw_event_from_jansson(pw_event *ev, const json_t *obj, pw_error *err)
{
    pw_event_reset(ev);
    if (!json_is_object(obj)) return pw_error_set(err, PW_ERR_INVALID, "event is not a JSON object");
    char path[KEY_MAX + 2] = "";
    int rc = decode_object(ev, path, 0, obj, 0, err);
    if (rc) pw_event_reset(ev); /* never hand back half an event */
    return rc;
}

int pw_event_from_json(pw_event *ev, const char *json, size_t len, pw_error *err)
{
    json_error_t jerr;
    json_t *obj = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj) {
        pw_event_reset(ev);
        return pw_error_set(err, PW_ERR_INVALID, "invalid JSON at line %d column %d (byte %d): %s", jerr.line,
                            jerr.column, jerr.position, jerr.text);
    }
    int rc = pw_event_from_jansson(ev, obj, err);
    json_decref(obj);
    return rc;
}

bool pw_event_equal(const pw_event *a, const pw_event *b)
{
    if (a->ts_us != b->ts_us || a->nfields != b->nfields) return false;
    for (size_t i = 0; i < a->nfields; i++) {
        const pw_field *fa = &a->fields[i];
        const pw_field *fb = find_field(b, a->arena + fa->key_off, fa->key_len);
        if (!fb || fa->type != fb->type) return false;
        switch (fa->type) {
        case PW_VAL_STR:
        case PW_VAL_JSON:
            if (fa->val_len != fb->val_len || memcmp(a->arena + fa->val_off, b->arena + fb->val_off, fa->val_len))
                return false;
            break;
        case PW_VAL_INT: if (fa->num.i != fb->num.i) return false; break;
        case PW_VAL_DBL: if (fa->num.d != fb->num.d) return false; break;
        case PW_VAL_BOOL: if (fa->num.b != fb->num.b) return false; break;
        }
    }
    return true;
}
