/* fuzz_incidents: the incident engine and notification policy on arbitrary alert and advisory records, as
 * `run` takes them off the bus: the first byte picks alert or advisory, the rest is the JSON record. Each
 * incident version goes through the policy and every notification through the three layouts (Slack, Teams,
 * email), so the template-word naming, the grouping and the formatters all see hostile input. The engine is
 * recreated every 500 inputs so its state stays small. */
#include <stdint.h>
#include <stdlib.h>

#include "incidents/incident.h"
#include "incidents/incident_table.h"
#include "incidents/notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_ntf(const json_t *n, void *ud)
{
    (void)ud;
    json_decref(pw_notify_slack_payload(n));
    json_decref(pw_notify_teams_payload(n));
    pw_buf b = PW_BUF_INIT;
    pw_notify_email_message(n, "a@example.org", "b@example.org", &b, NULL);
    pw_buf_free(&b);
    return 0;
}

static int on_inc(const json_t *inc, void *ud)
{
    char row[400];
    pw_incident_table_row(inc, row, sizeof row);
    pw_notify_on_incident(ud, inc, NULL); /* errors are outcomes here, not crashes */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pw_incident_engine *e;
    static pw_notify_policy *p;
    static unsigned runs;
    if (size < 1) return 0;
    if (!e || ++runs % 500 == 0) {
        pw_incident_free(e);
        pw_notify_free(p);
        pw_notify_opts o;
        pw_notify_opts_default(&o);
        o.digest = true;
        o.quiet_from = 22 * 60;
        o.quiet_to = 7 * 60;
        p = pw_notify_new(&o, on_ntf, NULL, NULL);
        e = pw_incident_new(NULL, on_inc, p, NULL);
        if (!e || !p) abort();
        pw_incident_set_ring(e, "n1", "ring-0", NULL);
        pw_incident_set_ring(e, "n2", "ring-1", NULL);
    }
    if (data[0] & 1) {
        pw_alert a;
        pw_alert_init(&a);
        if (pw_alert_from_json(&a, (const char *)data + 1, size - 1, NULL) == 0) {
            pw_notify_advance(p, a.ts, NULL);
            pw_incident_advance(e, a.ts, NULL);
            pw_notify_on_alert(p, &a, NULL);
            pw_incident_on_alert(e, &a, NULL);
        }
        pw_alert_free(&a);
    } else {
        pw_advisory a;
        pw_advisory_init(&a);
        if (pw_advisory_from_json(&a, (const char *)data + 1, size - 1, NULL) == 0) pw_incident_on_advisory(e, &a, NULL);
        pw_advisory_free(&a);
    }
    return 0;
}
