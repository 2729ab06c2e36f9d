/* test_incidents: grouping alerts into incidents (three signatures of one failure are one incident; another
 * patch or disjoint hosts later are another), the lifecycle with its reasons (new ring, doubled hosts,
 * advisory, quiet, vendor, fix KB), the notification policy (open never capped or delayed, the daily cap,
 * quiet hours collapsing to one, early warnings once, the digest) and the Slack/Teams/email layouts. */
#include <stdlib.h>
#include <string.h>

#include "core/pw_time.h"
#include "incidents/incident.h"
#include "incidents/incident_table.h"
#include "incidents/notify.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */

typedef struct rec {
    json_t *v[64];
    int n;
} rec;

static int keep(const json_t *o, void *ud)
{
    rec *r = ud;
    ck_assert_int_lt(r->n, 64);
    r->v[r->n++] = json_deep_copy(o);
    return 0;
}

static void rec_free(rec *r)
{
    for (int i = 0; i < r->n; i++) json_decref(r->v[i]);
    r->n = 0;
}

static const char *s_(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void mk(pw_alert *a, const char *id, const char *patch, const char *sig, const char *code, int64_t ts,
               const char *status, const char *hosts, int64_t total)
{
    pw_alert_init(a);
    a->id = strdup(id);
    a->kind = strdup("regression");
    a->patch = strdup(patch);
    a->signature = strdup(sig);
    a->template_ = strdup("Cluster Shared Volume <*> ('Cluster Disk <NUM>') has entered a paused state because of <*>");
    a->evidence = json_pack("[{s:{s:s, s:s}}]", "event", "code", code, "provider", "Microsoft-Windows-FailoverClustering");
    a->status = strdup(status);
    a->ts = ts;
    a->first_seen = ts - 2 * H_US;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", hosts);
    for (char *sv = NULL, *h = strtok_r(buf, ",", &sv); h; h = strtok_r(NULL, ",", &sv)) pw_strlist_add(&a->hosts, h);
    a->patched_affected = (int64_t)a->hosts.n;
    a->patched_total = total;
    a->unpatched_total = 12;
    char r[256];
    snprintf(r, sizeof r, "hold ring 1 of %s; %zu/%lld patched hosts show Cluster Shared Volume paused (%s) vs 0/12 "
                          "unpatched peers over the same days",
             patch, a->hosts.n, (long long)total, code);
    a->recommendation = strdup(r);
}

static pw_incident_engine *engine(rec *r)
{
    pw_incident_opts o;
    pw_incident_opts_default(&o);
    o.quiet_hours = 72;
    pw_incident_engine *e = pw_incident_new(&o, keep, r, NULL);
    ck_assert_ptr_nonnull(e);
    static const char *ring[] = {"n1", "ring-0", "n2", "ring-0", "n3", "ring-0", "n4", "ring-0", "n5", "ring-1",
                                 "n6", "ring-1", "n7", "ring-1", "n8", "ring-1", "n9", "ring-2"};
    for (size_t i = 0; i < sizeof ring / sizeof *ring; i += 2)
        ck_assert_int_eq(pw_incident_set_ring(e, ring[i], ring[i + 1], NULL), 0);
    for (int i = 1; i <= 4; i++) {
        char h[8];
        snprintf(h, sizeof h, "n%d", i);
        ck_assert_int_eq(pw_incident_on_install(e, h, "KB1", T0, NULL), 0);
    }
    return e;
}

START_TEST(test_three_signatures_one_incident_with_reasons)
{
    rec r = {0};
    pw_incident_engine *e = engine(&r);
    pw_alert a;
    mk(&a, "a5120", "KB1", "1111111111111111", "5120", T0 + 10 * H_US, "open", "n1,n2", 4);
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    ck_assert_int_eq(r.n, 1);
    ck_assert_str_eq(s_(r.v[0], "status"), "open");
    ck_assert_int_eq(json_integer_value(json_object_get(r.v[0], "version")), 1);
    ck_assert_str_eq(s_(r.v[0], "ring_to_hold"), "ring-1");
    ck_assert_str_eq(s_(r.v[0], "comparison"), "unpatched_peers");
    ck_assert_ptr_nonnull(strstr(s_(r.v[0], "title"), "Cluster Shared Volume has entered a paused state (5120)"));
    const char *id = s_(r.v[0], "id");
    ck_assert_int_eq(strncmp(id, "inc-", 4), 0);
    const json_t *sy0 = json_array_get(json_object_get(r.v[0], "symptoms"), 0);
    ck_assert_str_eq(s_(sy0, "event_code"), "5120");
    ck_assert_str_eq(s_(sy0, "provider"), "Microsoft-Windows-FailoverClustering");
    /* 5142 and 1069 on the same hosts: symptoms of the same incident, not new incidents */
    mk(&a, "a5142", "KB1", "2222222222222222", "5142", T0 + 11 * H_US, "open", "n1,n2", 4);
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    mk(&a, "a1069", "KB1", "3333333333333333", "1069", T0 + 12 * H_US, "open", "n2", 4);
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    ck_assert_uint_eq(pw_incident_count(e), 1);
    ck_assert_int_eq(r.n, 3);
    ck_assert_str_eq(s_(r.v[2], "id"), id);
    ck_assert_uint_eq(json_array_size(json_object_get(r.v[2], "symptoms")), 3);
    ck_assert_str_eq(s_(r.v[2], "status"), "open");
    /* a host of ring-1: escalated, with the reason */
    mk(&a, "a5120", "KB1", "1111111111111111", "5120", T0 + 20 * H_US, "updated", "n1,n2,n5", 5);
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    json_t *last = r.v[r.n - 1];
    ck_assert_str_eq(s_(last, "status"), "escalated");
    ck_assert_str_eq(s_(json_object_get(last, "transition"), "reason"), "a new ring affected: ring-1");
    ck_assert_str_eq(s_(json_object_get(last, "transition"), "from"), "open");
    ck_assert_int_eq(json_integer_value(json_object_get(last, "hosts_affected")), 3);
    /* same ring, twice the hosts of the opening: escalated again for doubling */
    mk(&a, "a5120", "KB1", "1111111111111111", "5120", T0 + 22 * H_US, "updated", "n1,n2,n3,n4,n5", 5);
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    last = r.v[r.n - 1];
    ck_assert_str_eq(s_(json_object_get(last, "transition"), "reason"), "affected hosts doubled: 2 -> 5");
    /* another patch: another incident */
    mk(&a, "b5120", "KB2", "1111111111111111", "5120", T0 + 22 * H_US, "open", "n7", 4);
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    ck_assert_uint_eq(pw_incident_count(e), 2);
    /* every symptom's alert resolved: the incident resolves, saying why */
    int before = r.n;
    const char *ids[] = {"a5120", "a5142", "a1069"};
    for (int i = 0; i < 3; i++) {
        mk(&a, ids[i], "KB1", "1111111111111111", "5120", T0 + 100 * H_US, "resolved", "", 5);
        ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
        pw_alert_free(&a);
        ck_assert_int_eq(r.n, i < 2 ? before : before + 1);
    }
    last = r.v[r.n - 1];
    ck_assert_str_eq(s_(last, "status"), "resolved");
    ck_assert_ptr_nonnull(strstr(s_(json_object_get(last, "transition"), "reason"), "quiet"));
    ck_assert_ptr_nonnull(s_(last, "resolved_at"));
    /* versions only grow */
    for (int i = 1; i < r.n; i++)
        if (!strcmp(s_(r.v[i], "id"), id))
            ck_assert_int_gt(json_integer_value(json_object_get(r.v[i], "version")), 0);
    pw_incident_free(e);
    rec_free(&r);
}
END_TEST

START_TEST(test_disjoint_hosts_weeks_apart_are_two_incidents)
{
    rec r = {0};
    pw_incident_engine *e = engine(&r);
    pw_alert a;
    mk(&a, "x1", "KB1", "1111111111111111", "5120", T0 + 10 * H_US, "open", "n1,n2", 4);
    pw_incident_on_alert(e, &a, NULL);
    pw_alert_free(&a);
    mk(&a, "x2", "KB1", "4444444444444444", "1135", T0 + 300 * H_US, "open", "n3,n4", 4);
    a.first_seen = T0 + 298 * H_US;
    pw_incident_on_alert(e, &a, NULL);
    pw_alert_free(&a);
    ck_assert_uint_eq(pw_incident_count(e), 2);
    pw_incident_free(e);
    rec_free(&r);
}
END_TEST

/* The correlator withdraws an alert when another patch rolled out beside it explains the signature: the
 * incident ends (resolved) and says why and what the cause is. */
START_TEST(test_withdrawn_alert_resolves_with_the_reason)
{
    rec r = {0};
    pw_incident_engine *e = engine(&r);
    pw_alert a;
    mk(&a, "w1", "KB1", "1111111111111111", "5120", T0 + 10 * H_US, "open", "n1,n2", 4);
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    ck_assert_int_eq(r.n, 1);
    ck_assert_str_eq(s_(r.v[0], "status"), "open");
    mk(&a, "w1", "KB1", "1111111111111111", "5120", T0 + 20 * H_US, "withdrawn", "n1,n2", 4);
    a.reason = strdup("KB2, installed on the same hosts, explains the onsets");
    a.explained_by = strdup("KB2");
    ck_assert_int_eq(pw_incident_on_alert(e, &a, NULL), 0);
    pw_alert_free(&a);
    ck_assert_int_eq(r.n, 2);
    ck_assert_str_eq(s_(r.v[1], "status"), "resolved");
    const char *why = s_(json_object_get(r.v[1], "transition"), "reason");
    ck_assert_ptr_nonnull(why);
    ck_assert_msg(strncmp(why, "withdrawn: KB2, installed", 25) == 0 && strstr(why, "the cause is KB2"), "%s", why);
    pw_incident_free(e);
    rec_free(&r);
}
END_TEST

START_TEST(test_vendor_advisory_confirms_then_resolves_and_quiet_and_fix_kb)
{
    rec r = {0};
    pw_incident_engine *e = engine(&r);
    pw_alert a;
    mk(&a, "a1", "KB1", "1111111111111111", "5120", T0 + 10 * H_US, "open", "n1,n2", 4);
    pw_incident_on_alert(e, &a, NULL);
    pw_alert_free(&a);
    pw_advisory ad;
    pw_advisory_init(&ad);
    ad.id = strdup("rh-1");
    ad.title = strdup("KB1 known issue: CSV paused; fixed in KB9");
    ad.text = strdup("Install the out-of-band update KB9 to fix it.");
    ad.status = strdup("known-issue");
    ad.published = T0 + 12 * H_US;
    pw_strlist_add(&ad.kb, "KB1");
    pw_strlist_add(&ad.kb, "KB9");
    ck_assert_int_eq(pw_incident_on_advisory(e, &ad, NULL), 0);
    json_t *last = r.v[r.n - 1];
    ck_assert_str_eq(s_(last, "status"), "escalated");
    ck_assert_ptr_nonnull(strstr(s_(json_object_get(last, "transition"), "reason"), "an advisory confirms"));
    ck_assert_uint_eq(json_array_size(json_object_get(last, "advisories")), 1);
    /* the fix installed on both affected hosts: resolved with that reason */
    pw_incident_on_install(e, "n1", "KB9", T0 + 20 * H_US, NULL);
    ck_assert_int_eq(pw_incident_advance(e, T0 + 21 * H_US, NULL), 0);
    ck_assert_str_ne(s_(r.v[r.n - 1], "status"), "resolved");
    pw_incident_on_install(e, "n2", "KB9", T0 + 22 * H_US, NULL);
    ck_assert_int_eq(pw_incident_advance(e, T0 + 23 * H_US, NULL), 0);
    last = r.v[r.n - 1];
    ck_assert_str_eq(s_(last, "status"), "resolved");
    ck_assert_str_eq(s_(json_object_get(last, "transition"), "reason"), "the fix KB9 is installed on all 2 affected hosts");
    /* a second incident goes quiet: resolved after quiet_hours */
    mk(&a, "b1", "KB2", "1111111111111111", "5120", T0 + 30 * H_US, "open", "n5", 4);
    pw_incident_on_alert(e, &a, NULL);
    pw_alert_free(&a);
    ck_assert_int_eq(pw_incident_advance(e, T0 + 100 * H_US, NULL), 0);
    ck_assert_str_eq(s_(r.v[r.n - 1], "status"), "open");
    ck_assert_int_eq(pw_incident_advance(e, T0 + 103 * H_US, NULL), 0);
    ck_assert_str_eq(s_(r.v[r.n - 1], "status"), "resolved");
    ck_assert_ptr_nonnull(strstr(s_(json_object_get(r.v[r.n - 1], "transition"), "reason"), "quiet: "));
    /* the vendor says resolved: a third one resolves at once */
    mk(&a, "c1", "KB3", "1111111111111111", "5120", T0 + 110 * H_US, "open", "n6", 4);
    pw_incident_on_alert(e, &a, NULL);
    pw_alert_free(&a);
    free(ad.id);
    ad.id = strdup("rh-2");
    free(ad.status);
    ad.status = strdup("resolved");
    free(ad.title);
    ad.title = strdup("KB3 issue resolved");
    pw_strlist_free(&ad.kb);
    pw_strlist_add(&ad.kb, "KB3");
    ad.published = T0 + 111 * H_US;
    ck_assert_int_eq(pw_incident_on_advisory(e, &ad, NULL), 0);
    ck_assert_str_eq(s_(r.v[r.n - 1], "status"), "resolved");
    ck_assert_ptr_nonnull(strstr(s_(json_object_get(r.v[r.n - 1], "transition"), "reason"), "the vendor says resolved"));
    pw_advisory_free(&ad);
    pw_incident_free(e);
    rec_free(&r);
}
END_TEST

static json_t *inc(const char *id, int version, const char *status, const char *from, const char *to,
                   const char *reason, int64_t at)
{
    char b[PW_RFC3339_MAX];
    pw_time_format(at, b);
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:{s:s?, s:s, s:s, s:s}, s:i, s:i, s:i, s:n}", "id", id,
                     "@timestamp", b, "version", version, "status", status, "patch", "KB1", "title", "KB1: x",
                     "transition", "from", from, "to", to, "reason", reason, "at", b, "hosts_affected", 2,
                     "hosts_patched", 4, "hosts_at_risk", 9, "ring_to_hold");
}

/* An incident that spreads ring after ring: the open, at most max_escalations escalations, the resolution. */
START_TEST(test_policy_max_escalations)
{
    rec r = {0};
    pw_notify_opts o;
    pw_notify_opts_default(&o);
    ck_assert_int_eq(o.max_escalations, 2);
    o.cap_per_day = 0;
    pw_notify_policy *p = pw_notify_new(&o, keep, &r, NULL);
    json_t *i = inc("inc-9", 1, "open", NULL, "open", "a signature rose", T0);
    ck_assert_int_eq(pw_notify_on_incident(p, i, NULL), 0);
    json_decref(i);
    static const char *rings[] = {"a new ring affected: ring-1", "a new ring affected: ring-2",
                                  "a new ring affected: ring-3"};
    for (int k = 0; k < 3; k++) {
        i = inc("inc-9", 2 + k, "escalated", k ? "escalated" : "open", "escalated", rings[k], T0 + (10 + 30 * k) * H_US);
        ck_assert_int_eq(pw_notify_on_incident(p, i, NULL), 0);
        json_decref(i);
    }
    i = inc("inc-9", 5, "resolved", "escalated", "resolved", "quiet", T0 + 200 * H_US);
    ck_assert_int_eq(pw_notify_on_incident(p, i, NULL), 0);
    json_decref(i);
    ck_assert_int_eq(r.n, 4); /* open, two escalations, resolved */
    ck_assert_str_eq(s_(r.v[1], "kind"), "escalated");
    ck_assert_str_eq(s_(r.v[2], "kind"), "escalated");
    ck_assert_str_eq(s_(r.v[3], "kind"), "resolved");
    ck_assert_uint_eq(pw_notify_suppressed(p), 1);
    pw_notify_free(p);
    rec_free(&r);
}
END_TEST

/* The early warning "ew1" about KB7 with this status and text. */
static void early_alert(pw_alert *a, const char *status, const char *text, int64_t ts)
{
    pw_alert_init(a);
    a->id = strdup("ew1");
    a->kind = strdup("early-warning");
    a->patch = strdup("KB7");
    a->status = strdup(status);
    a->recommendation = strdup(text);
    a->ts = ts;
}

START_TEST(test_policy_cap_quiet_hours_early_warning_digest)
{
    rec r = {0};
    pw_notify_opts o;
    pw_notify_opts_default(&o);
    o.cap_per_day = 2;
    o.digest = true;
    ck_assert_int_eq(pw_notify_parse_quiet("22:00-07:00", &o.quiet_from, &o.quiet_to, NULL), 0);
    ck_assert_int_ne(pw_notify_parse_quiet("25:00-07:00", &o.quiet_from, &o.quiet_to, NULL), 0);
    ck_assert_int_eq(pw_notify_parse_quiet("22:00-07:00", &o.quiet_from, &o.quiet_to, NULL), 0);
    pw_notify_policy *p = pw_notify_new(&o, keep, &r, NULL);
    /* open at 23:00, in quiet hours: told at once */
    json_t *i = inc("inc-1", 1, "open", NULL, "open", "a signature rose", T0 + 23 * H_US);
    ck_assert_int_eq(pw_notify_on_incident(p, i, NULL), 0);
    json_decref(i);
    ck_assert_int_eq(r.n, 1);
    ck_assert_str_eq(s_(r.v[0], "kind"), "open");
    ck_assert_str_eq(s_(r.v[0], "incident"), "inc-1");
    ck_assert_ptr_nonnull(json_object_get(r.v[0], "incident_snapshot"));
    /* a content-only version: nothing */
    i = inc("inc-1", 2, "open", NULL, "open", "a signature rose", T0 + 23 * H_US);
    json_object_set_new(i, "hosts_affected", json_integer(3));
    pw_notify_on_incident(p, i, NULL);
    json_decref(i);
    ck_assert_int_eq(r.n, 1);
    /* escalated twice at night: held, collapsed into the later one, told at 07:00 */
    i = inc("inc-1", 3, "escalated", "open", "escalated", "affected hosts doubled: 2 -> 4", T0 + 25 * H_US);
    pw_notify_on_incident(p, i, NULL);
    json_decref(i);
    i = inc("inc-1", 4, "escalated", "escalated", "escalated", "a new ring affected: ring-1", T0 + 26 * H_US);
    pw_notify_on_incident(p, i, NULL);
    json_decref(i);
    ck_assert_int_eq(r.n, 1);
    ck_assert_int_eq(pw_notify_advance(p, T0 + 31 * H_US + 1, NULL), 0);
    ck_assert_int_ge(r.n, 2);
    ck_assert_str_eq(s_(r.v[1], "kind"), "escalated");
    ck_assert_ptr_nonnull(strstr(s_(r.v[1], "text"), "ring-1"));
    ck_assert_ptr_nonnull(strstr(s_(r.v[1], "@timestamp"), "T07:00:00"));
    /* the digest at 08:00 lists the live incident */
    ck_assert_int_eq(pw_notify_advance(p, T0 + 32 * H_US, NULL), 0);
    ck_assert_str_eq(s_(r.v[r.n - 1], "kind"), "digest");
    ck_assert_ptr_nonnull(strstr(s_(r.v[r.n - 1], "text"), "KB1: x"));
    int n0 = r.n;
    /* escalated->escalated for doubling is not told; the cap (2 a day) stops the third of the day */
    i = inc("inc-1", 5, "escalated", "escalated", "escalated", "affected hosts doubled: 4 -> 8", T0 + 33 * H_US);
    pw_notify_on_incident(p, i, NULL);
    json_decref(i);
    ck_assert_int_eq(r.n, n0);
    i = inc("inc-1", 6, "escalated", "escalated", "escalated", "a new ring affected: ring-2", T0 + 34 * H_US);
    pw_notify_on_incident(p, i, NULL);
    json_decref(i);
    ck_assert_int_eq(r.n, n0 + 1);
    i = inc("inc-1", 7, "resolved", "escalated", "resolved", "quiet", T0 + 35 * H_US);
    pw_notify_on_incident(p, i, NULL);
    json_decref(i);
    ck_assert_int_eq(r.n, n0 + 1);
    ck_assert_uint_eq(pw_notify_suppressed(p), 1);
    /* early warning: once per alert */
    pw_alert a;
    early_alert(&a, "open", "KB7 has a reported issue", T0 + 36 * H_US);
    ck_assert_int_eq(pw_notify_on_alert(p, &a, NULL), 0);
    ck_assert_int_eq(pw_notify_on_alert(p, &a, NULL), 0);
    pw_alert_free(&a);
    ck_assert_str_eq(s_(r.v[r.n - 1], "kind"), "early-warning");
    ck_assert_int_eq(r.n, n0 + 2);
    ck_assert(json_is_null(json_object_get(r.v[r.n - 1], "incident")));
    /* withdrawn (KB7 was the fix of another update): told once, as info; one never told is not taken back */
    early_alert(&a, "withdrawn", "withdrawn: KB7 is the fix for KB6 (community: x), not a culprit; no action needed for KB7",
                T0 + 37 * H_US);
    ck_assert_int_eq(pw_notify_on_alert(p, &a, NULL), 0);
    ck_assert_int_eq(pw_notify_on_alert(p, &a, NULL), 0);
    ck_assert_int_eq(r.n, n0 + 3);
    ck_assert_str_eq(s_(r.v[r.n - 1], "kind"), "early-warning-withdrawn");
    ck_assert_str_eq(s_(r.v[r.n - 1], "severity"), "info");
    ck_assert_ptr_nonnull(strstr(s_(r.v[r.n - 1], "text"), "fix for KB6"));
    free(a.id);
    a.id = strdup("ew-never-told");
    ck_assert_int_eq(pw_notify_on_alert(p, &a, NULL), 0);
    ck_assert_int_eq(r.n, n0 + 3);
    pw_alert_free(&a);
    pw_notify_free(p);
    rec_free(&r);
}
END_TEST

START_TEST(test_layouts)
{
    json_t *snap = inc("inc-1", 1, "open", NULL, "open", "rose", T0);
    json_object_set_new(snap, "ring_to_hold", json_string("ring-1"));
    char longt[400];
    memset(longt, 'x', sizeof longt - 1);
    longt[sizeof longt - 1] = 0;
    json_t *n = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:O}", "id", "ntf-1", "@timestamp",
                          "2026-07-01T00:00:00.000000Z", "kind", "open", "incident", "inc-1", "patch", "KB1", "title",
                          longt, "text", "Hold KB1 for ring-1.", "severity", "warning", "incident_snapshot", snap);
    json_t *s = pw_notify_slack_payload(n);
    ck_assert_str_eq(s_(json_array_get(json_object_get(s, "blocks"), 0), "type"), "header");
    ck_assert_uint_eq(strlen(s_(json_object_get(json_array_get(json_object_get(s, "blocks"), 0), "text"), "text")), 150);
    ck_assert_str_eq(s_(json_object_get(json_array_get(json_object_get(s, "blocks"), 1), "text"), "type"), "mrkdwn");
    json_decref(s);
    json_t *t = pw_notify_teams_payload(n);
    ck_assert_str_eq(s_(t, "type"), "message");
    json_t *att = json_array_get(json_object_get(t, "attachments"), 0);
    ck_assert_str_eq(s_(att, "contentType"), "application/vnd.microsoft.card.adaptive");
    ck_assert_str_eq(s_(json_object_get(att, "content"), "type"), "AdaptiveCard");
    ck_assert_str_eq(s_(json_object_get(att, "content"), "version"), "1.4");
    json_decref(t);
    pw_buf b = PW_BUF_INIT;
    json_object_set_new(n, "title", json_string("Störung"));
    ck_assert_int_eq(pw_notify_email_message(n, "pw@example.org", "Ops <ops@example.org>", &b, NULL), 0);
    ck_assert_ptr_nonnull(strstr(b.data, "Subject: =?UTF-8?B?"));
    ck_assert_ptr_nonnull(strstr(b.data, "\r\nMessage-ID: <ntf-1@patchwatch>\r\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\r\n\r\nHold KB1 for ring-1.\r\n"));
    pw_buf_free(&b);
    ck_assert_int_ne(pw_notify_email_message(n, "pw@example.org\r\nBcc: x@y", "ops@example.org", &b, NULL), 0);
    pw_buf_free(&b);
    char row[400];
    pw_incident_table_row(snap, row, sizeof row);
    ck_assert_ptr_nonnull(strstr(row, "KB1"));
    ck_assert_ptr_nonnull(strstr(row, "2/4"));
    ck_assert_ptr_nonnull(strstr(row, "ring-1"));
    json_decref(n);
    json_decref(snap);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("incidents");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_three_signatures_one_incident_with_reasons);
    tcase_add_test(tc, test_disjoint_hosts_weeks_apart_are_two_incidents);
    tcase_add_test(tc, test_vendor_advisory_confirms_then_resolves_and_quiet_and_fix_kb);
    tcase_add_test(tc, test_withdrawn_alert_resolves_with_the_reason);
    tcase_add_test(tc, test_policy_cap_quiet_hours_early_warning_digest);
    tcase_add_test(tc, test_policy_max_escalations);
    tcase_add_test(tc, test_layouts);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
