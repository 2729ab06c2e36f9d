/* pw_advisory: the advisory record and its JSON form (table in pw_record). */
#include "core/pw_advisory.h"

#include <stddef.h>

#include "core/pw_record.h"

#define F(name, type, member, req) {name, type, offsetof(pw_advisory, member), req}
static const pw_rec_field fields[] = {
    F("id", PW_REC_STR, id, 1),
    F("source", PW_REC_STR, source, 1),
    F("url", PW_REC_STR, url, 0),
    F("title", PW_REC_STR, title, 0),
    F("published", PW_REC_TIME, published, 0),
    F("updated", PW_REC_TIME, updated, 0),
    F("status", PW_REC_STR, status, 0),
    F("kb", PW_REC_LIST, kb, 0),
    F("cve", PW_REC_LIST, cve, 0),
    F("products", PW_REC_LIST, products, 0),
    F("event_ids", PW_REC_LIST, event_ids, 0),
    F("error_codes", PW_REC_LIST, error_codes, 0),
    F("text", PW_REC_STR, text, 0),
};
#define NF (sizeof fields / sizeof fields[0])

void pw_advisory_init(pw_advisory *a) { pw_record_init(a, fields, NF); }
void pw_advisory_free(pw_advisory *a) { pw_record_free(a, fields, NF); }
json_t *pw_advisory_to_jansson(const pw_advisory *a) { return pw_record_to_json(a, fields, NF); }

int pw_advisory_from_jansson(pw_advisory *a, const json_t *obj, pw_error *err)
{
    return pw_record_from_json(a, fields, NF, obj, "advisory", err);
}

int pw_advisory_to_json(const pw_advisory *a, pw_buf *out, pw_error *err)
{
    return pw_record_dump(a, fields, NF, out, "advisory", err);
}

int pw_advisory_from_json(pw_advisory *a, const char *json, size_t len, pw_error *err)
{
    return pw_record_load(a, fields, NF, json, len, "advisory", err);
}
