/* pw_alert: the alert record and its JSON form (table in pw_record). */
#include "core/pw_alert.h"

#include <stddef.h>

#include "core/pw_record.h"

#define F(name, type, member, req) {name, type, offsetof(pw_alert, member), req}
static const pw_rec_field fields[] = {
    F("id", PW_REC_STR, id, 1),
    F("@timestamp", PW_REC_TIME, ts, 1),
    F("kind", PW_REC_STR, kind, 1),
    F("patch", PW_REC_STR, patch, 0),
    F("signature", PW_REC_STR, signature, 0),
    F("template", PW_REC_STR, template_, 0),
    F("patched_affected", PW_REC_INT, patched_affected, 0),
    F("patched_total", PW_REC_INT, patched_total, 0),
    F("unpatched_affected", PW_REC_INT, unpatched_affected, 0),
    F("unpatched_total", PW_REC_INT, unpatched_total, 0),
    F("hosts_at_risk", PW_REC_INT, hosts_at_risk, 0),
    F("statistic", PW_REC_STR, statistic, 0),
    F("value", PW_REC_DBL, value, 0),
    F("threshold", PW_REC_DBL, threshold, 0),
    F("first_seen", PW_REC_TIME, first_seen, 0),
    F("hosts", PW_REC_LIST, hosts, 0),
    F("evidence", PW_REC_JSON, evidence, 0),
    F("advisories", PW_REC_LIST, advisories, 0),
    F("recommendation", PW_REC_STR, recommendation, 0),
    F("status", PW_REC_STR, status, 1),
    F("reason", PW_REC_STR, reason, 0),
    F("explained_by", PW_REC_STR, explained_by, 0),
};
#define NF (sizeof fields / sizeof fields[0])

void pw_alert_init(pw_alert *a)
{
    pw_record_init(a, fields, NF);
    a->json = NULL;
    a->json_len = 0;
}
void pw_alert_free(pw_alert *a) { pw_record_free(a, fields, NF); }
json_t *pw_alert_to_jansson(const pw_alert *a) { return pw_record_to_json(a, fields, NF); }

int pw_alert_from_jansson(pw_alert *a, const json_t *obj, pw_error *err)
{
    return pw_record_from_json(a, fields, NF, obj, "alert", err);
}

int pw_alert_to_json(const pw_alert *a, pw_buf *out, pw_error *err)
{
    if (a->json) /* dumped once already by whoever built it: the same bytes */
        return pw_buf_append(out, a->json, a->json_len) ? pw_error_set(err, PW_ERR_NOMEM, "out of memory") : 0;
    return pw_record_dump(a, fields, NF, out, "alert", err);
}

int pw_alert_from_json(pw_alert *a, const char *json, size_t len, pw_error *err)
{
    return pw_record_load(a, fields, NF, json, len, "alert", err);
}
