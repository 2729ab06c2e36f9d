/* pw_alert: a decision with its evidence (DESIGN.md "Alert"). Each update of an alert is emitted again with
 * the same id; status goes open -> updated -> resolved. */
#ifndef PW_ALERT_H
#define PW_ALERT_H

#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_strlist.h"

typedef struct pw_alert {
    char *id;
    int64_t ts;            /* @timestamp: when the decision was made (event time in replay) */
    char *kind;            /* "regression", "advisory-match", "early-warning" */
    char *patch;           /* e.g. "KB5062557" */
    char *signature;       /* 16 hex digits */
    char *template_;       /* signature template ("template" in JSON) */
    int64_t patched_affected, patched_total, unpatched_affected, unpatched_total, hosts_at_risk;
    char *statistic;       /* name of the statistic, e.g. "rate_ratio_lower_95" */
    double value, threshold;
    int64_t first_seen;
    pw_strlist hosts;
    json_t *evidence;      /* array of sample events (JSON objects) */
    pw_strlist advisories; /* advisory ids */
    char *recommendation;
    char *status;          /* "open", "updated", "resolved", "withdrawn" */
    char *reason;          /* why it was withdrawn (or NULL) */
    char *explained_by;    /* withdrawn: the patch that explains the signature instead (or NULL) */
    /* Not a field: this alert's JSON text when whoever built it already dumped it (correlate/alerts.c sets it
     * for the callbacks it calls), so that pw_alert_to_json appends it instead of dumping the record again in
     * every sink. Borrowed, valid only during that call; NULL (pw_alert_init): dump the record. */
    const char *json;
    size_t json_len;
} pw_alert;

void pw_alert_init(pw_alert *a);
void pw_alert_free(pw_alert *a);
json_t *pw_alert_to_jansson(const pw_alert *a);
int pw_alert_to_json(const pw_alert *a, pw_buf *out, pw_error *err);
int pw_alert_from_jansson(pw_alert *a, const json_t *obj, pw_error *err);
int pw_alert_from_json(pw_alert *a, const char *json, size_t len, pw_error *err);

#endif
