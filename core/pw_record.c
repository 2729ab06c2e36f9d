/* pw_record: encode/decode/free of table-described structs (see pw_record.h). */
#include "core/pw_record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_strlist.h"
#include "core/pw_time.h"

#define AT(rec, f, T) ((T *)((char *)(rec) + (f)->offset))

void pw_record_init(void *rec, const pw_rec_field *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const pw_rec_field *f = &t[i];
        switch (f->type) {
        case PW_REC_STR: *AT(rec, f, char *) = NULL; break;
        case PW_REC_TIME: *AT(rec, f, int64_t) = PW_TS_NONE; break;
        case PW_REC_LIST: memset(AT(rec, f, pw_strlist), 0, sizeof(pw_strlist)); break;
        case PW_REC_INT: *AT(rec, f, int64_t) = 0; break;
        case PW_REC_DBL: *AT(rec, f, double) = 0; break;
        case PW_REC_JSON: *AT(rec, f, json_t *) = NULL; break;
        }
    }
}

void pw_record_free(void *rec, const pw_rec_field *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const pw_rec_field *f = &t[i];
        if (f->type == PW_REC_STR) free(*AT(rec, f, char *));
        else if (f->type == PW_REC_LIST) pw_strlist_free(AT(rec, f, pw_strlist));
        else if (f->type == PW_REC_JSON) json_decref(*AT(rec, f, json_t *));
    }
    pw_record_init(rec, t, n);
}

int pw_record_set_str(char **slot, const char *s)
{
    char *d = NULL;
    if (s && !(d = strdup(s))) return -1;
    free(*slot);
    *slot = d;
    return 0;
}

json_t *pw_record_to_json(const void *rec, const pw_rec_field *t, size_t n)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < n; i++) {
        const pw_rec_field *f = &t[i];
        json_t *v = NULL;
        switch (f->type) {
        case PW_REC_STR: {
            const char *s = *AT(rec, f, char *const);
            if (s) v = json_string(s);
            break;
        }
        case PW_REC_TIME: {
            int64_t us = *AT(rec, f, const int64_t);
            char ts[PW_RFC3339_MAX];
            if (us != PW_TS_NONE) v = json_stringn(ts, pw_time_format(us, ts));
            break;
        }
        case PW_REC_LIST: v = pw_strlist_to_json(AT(rec, f, const pw_strlist)); break;
        case PW_REC_INT: v = json_integer(*AT(rec, f, const int64_t)); break;
        case PW_REC_DBL: v = json_real(*AT(rec, f, const double)); break;
        case PW_REC_JSON: {
            json_t *j = *AT(rec, f, json_t *const);
            if (j) v = json_incref(j);
            break;
        }
        }
        if (v) json_object_set_new(o, f->name, v);
    }
    return o;
}

static const pw_rec_field *lookup(const pw_rec_field *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0) return &t[i];
    return NULL;
}

int pw_record_from_json(void *rec, const pw_rec_field *t, size_t n, const json_t *obj, const char *what,
                        pw_error *err)
{
    pw_record_free(rec, t, n);
    if (!json_is_object(obj)) return pw_error_set(err, PW_ERR_INVALID, "%s is not a JSON object", what);
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        const pw_rec_field *f = lookup(t, n, k);
        if (!f) return pw_error_set(err, PW_ERR_INVALID, "%s: unknown key \"%s\"", what, k);
        int bad = 0;
        switch (f->type) {
        case PW_REC_STR:
            bad = !json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v) ||
                  pw_record_set_str(AT(rec, f, char *), json_string_value(v));
            break;
        case PW_REC_TIME:
            if (!json_is_string(v)) bad = 1;
            else if (pw_time_parse(json_string_value(v), json_string_length(v), AT(rec, f, int64_t), err))
                return pw_error_prefix(err, "%s: \"%s\"", what, k);
            break;
        case PW_REC_LIST: bad = pw_strlist_from_json(AT(rec, f, pw_strlist), v); break;
        case PW_REC_INT:
            if (!json_is_integer(v)) bad = 1;
            else *AT(rec, f, int64_t) = json_integer_value(v);
            break;
        case PW_REC_DBL:
            if (!json_is_number(v)) bad = 1;
            else *AT(rec, f, double) = json_number_value(v);
            break;
        case PW_REC_JSON: *AT(rec, f, json_t *) = json_incref((json_t *)v); break;
        }
        if (bad) return pw_error_set(err, PW_ERR_INVALID, "%s: \"%s\" has the wrong type", what, k);
    }
    for (size_t i = 0; i < n; i++)
        if (t[i].required && !json_object_get(obj, t[i].name))
            return pw_error_set(err, PW_ERR_INVALID, "%s: missing \"%s\"", what, t[i].name);
    return 0;
}

int pw_record_dump(const void *rec, const pw_rec_field *t, size_t n, pw_buf *out, const char *what, pw_error *err)
{
    json_t *j = pw_record_to_json(rec, t, n);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    int rc = s ? pw_buf_puts(out, s) : -1;
    free(s);
    return rc ? pw_error_set(err, PW_ERR_INVALID, "%s cannot be encoded (invalid UTF-8?)", what) : 0;
}

int pw_record_load(void *rec, const pw_rec_field *t, size_t n, const char *json, size_t len, const char *what,
                   pw_error *err)
{
    json_error_t jerr;
    json_t *j = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) return pw_error_set(err, PW_ERR_INVALID, "%s: invalid JSON at byte %d: %s", what, jerr.position, jerr.text);
    int rc = pw_record_from_json(rec, t, n, j, what, err);
    json_decref(j);
    return rc;
}
