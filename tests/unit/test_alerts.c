/* test_alerts: the alert lifecycle on a small synthetic fleet: one alert per (patch, signature), re-emitted
 * with the same id as hosts are added, resolved by an advisory or when the signature stops; restart noise
 * and a benign signature never alert; an issue report gives an early warning before the fleet shows it. */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */

/* 20 hosts with an hourly chronic warning; KB5999999 rolls out in three rings (day 8, 11, 15) with a
 * reboot and restart noise after each install; hosts 0-2 and 4-5 show 5120 from 4 h after their install
 * (until stop_day), every 2 hours. */
static void fleet(pw_corr *c, int days, int stop_day)
{
    for (int h = 0; h < 20; h++) {
        int day = h < 4 ? 8 : h < 10 ? 11 : 15;
        int64_t inst = T0 + day * 24 * H_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + days * 24 * H_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (inst < T0 + days * 24 * H_US) {
            add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
                "2026-07 Cumulative Update (KB5999999)");
            add(c, h, inst + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
            add(c, h, inst + 900000000LL, "Service Control Manager", "7000", "error", "The X service failed to start.", NULL);
        }
        bool affected = h <= 2 || h == 4 || h == 5;
        for (int64_t t = inst + 4 * H_US; affected && t < T0 + stop_day * 24 * H_US; t += 2 * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
}

START_TEST(test_one_alert_per_patch_signature_updated_with_the_same_id)
{
    pw_corr *c = corr_engine();
    fleet(c, 20, 20);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_ge(g.n, 2);
    const char *id = g.v[0].id;
    for (int i = 0; i < g.n; i++) {
        ck_assert_str_eq(g.v[i].kind, "regression");
        ck_assert_str_eq(g.v[i].patch, "KB5999999"); /* never the restart noise, never disk 153 */
        ck_assert_str_eq(g.v[i].id, id);
        ck_assert(strstr(g.v[i].template_, "5120") != NULL);
        ck_assert_str_eq(g.v[i].status, i == 0 ? "open" : "updated");
        if (i > 0) ck_assert_int_gt(g.v[i].patched_affected, g.v[i - 1].patched_affected);
    }
    /* caught in ring 0, before ring 1 (day 11) */
    ck_assert_int_lt(g.v[0].ts, T0 + 11 * 24 * H_US);
    ck_assert_int_ge(g.v[0].patched_affected, 2);
    ck_assert_int_eq(g.v[0].unpatched_affected, 0);
    ck_assert(json_array_size(g.v[0].evidence) > 0);
    ck_assert(strstr(g.v[0].recommendation, "KB5999999") != NULL);
    ck_assert_int_eq(g.v[g.n - 1].patched_affected, 5);
    /* advancing again changes nothing: no duplicate emission */
    int before = g.n;
    ck_assert_int_eq(pw_corr_advance(c, T0 + 20 * 24 * H_US, collect, &g, &err), 0);
    ck_assert_int_eq(g.n, before);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_resolved_when_the_signature_stops)
{
    pw_corr *c = corr_engine();
    fleet(c, 24, 13); /* the symptom stops on day 13 */
    got g = {0};
    pw_error err = {0};
    ck_assert_int_eq(pw_corr_advance(c, T0 + 24 * 24 * H_US, collect, &g, &err), 0);
    ck_assert_int_ge(g.n, 2);
    ck_assert_str_eq(g.v[g.n - 1].status, "resolved");
    ck_assert_str_eq(g.v[g.n - 1].id, g.v[0].id);
    /* quiet for resolve_quiet_hours (72) after day 13 */
    ck_assert_int_ge(g.v[g.n - 1].ts, T0 + 13 * 24 * H_US + 72 * H_US - H_US);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

static void advisory(pw_corr *c, const char *id, const char *status, int64_t published, const char *title)
{
    pw_advisory a;
    pw_advisory_init(&a);
    a.id = strdup(id);
    a.source = strdup("test");
    a.title = strdup(title);
    a.status = strdup(status);
    a.published = published;
    pw_strlist_add(&a.kb, "KB5999999");
    pw_strlist_add(&a.event_ids, "5120");
    pw_error err = {0};
    ck_assert_msg(pw_corr_add_advisory(c, &a, &err) == 0, "%s", err.msg);
    pw_advisory_free(&a);
}

START_TEST(test_early_warning_then_advisory_match_then_resolved_by_the_vendor)
{
    pw_corr *c = corr_engine();
    fleet(c, 20, 20);
    advisory(c, "community-1", "known-issue", T0 + 7 * 24 * H_US, "KB5999999 breaks CSV (5120)");
    advisory(c, "vendor-2", "resolved", T0 + 17 * 24 * H_US, "KB5999999 CSV issue resolved");
    got g = {0};
    pw_error err = {0};
    ck_assert_int_eq(pw_corr_advance(c, T0 + 20 * 24 * H_US, collect, &g, &err), 0);
    int early = -1, match = -1, resolved = 0;
    for (int i = 0; i < g.n; i++) {
        if (strcmp(g.v[i].kind, "early-warning") == 0 && early < 0) early = i;
        if (strcmp(g.v[i].kind, "advisory-match") == 0 && match < 0) match = i;
        if (strcmp(g.v[i].status, "resolved") == 0) resolved++;
    }
    ck_assert_int_ge(early, 0);
    ck_assert_int_ge(match, 0);
    /* the early warning comes with the first install, before any host shows 5120 */
    ck_assert_int_le(g.v[early].ts, T0 + 8 * 24 * H_US + 4 * H_US);
    ck_assert(pw_strlist_has(&g.v[early].advisories, "community-1"));
    ck_assert(pw_strlist_has(&g.v[match].advisories, "community-1"));
    ck_assert_int_eq(resolved, 2); /* the early warning and the regression */
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_no_alert_without_a_symptom)
{
    pw_corr *c = corr_engine();
    fleet(c, 20, 0); /* nobody shows 5120 */
    got g = {0};
    pw_error err = {0};
    ck_assert_int_eq(pw_corr_advance(c, T0 + 20 * 24 * H_US, collect, &g, &err), 0);
    ck_assert_int_eq(g.n, 0);
    pw_corr_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alerts");
    TCase *tc = tcase_create("lifecycle");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_one_alert_per_patch_signature_updated_with_the_same_id);
    tcase_add_test(tc, test_resolved_when_the_signature_stops);
    tcase_add_test(tc, test_early_warning_then_advisory_match_then_resolved_by_the_vendor);
    tcase_add_test(tc, test_no_alert_without_a_symptom);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
