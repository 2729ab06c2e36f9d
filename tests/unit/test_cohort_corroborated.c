/* test_cohort_corroborated: the report-corroborated recurrence (correlate/cohort.c, corroborated_test). A fleet
 * like fresh-09's: the bad update's first casualty fails in the hours of a storage incident that unpatched and
 * patched hosts alike show, so no rate test can tell it from the incident, and a report naming the update and
 * the event id appears four days later. With that report the alert opens at the report's hour and says what it
 * rests on; a report that names the update only as the fix, one that names another symptom, an informational
 * post, an update installed beside the blamed one, or an unpatched host that keeps failing the same way, never
 * produce an alert. Reports go through the built-in extractor, as a feed's would. */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "parsers/advisory_parse.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAYS 15               /* before the second ring (day 16): only the first casualty and the report */
#define REPORT_H (12 * 24 + 10)

static const char *const CSV = "Cluster Shared Volume 'Volume1' has entered a paused state because of "
                               "STATUS_CONNECTION_DISCONNECTED.";

/* 40 Windows hosts with an hourly heartbeat. KB5999999 (bad) and KB5999997 (benign, same session) on hosts 0-9
 * at day 8 02:00, on the rest at day 16. Host 0 fails with 5120 from 08:00 that day, every 3 hours, for good.
 * A storage incident on day 8, 09:00-14:00: hosts 1-4 (patched) and 10-25 (not) log 5120 every 20 minutes.
 * noisy_unpatched: host 30 (unpatched) also keeps failing with 5120 from day 9. */
static void fleet(pw_corr *c, bool noisy_unpatched)
{
    for (int h = 0; h < 40; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * 24 * H_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        int64_t inst = T0 + (h < 10 ? 8 : 16) * 24 * H_US + 2 * H_US + h * 60000000LL;
        if (inst < T0 + DAYS * 24 * H_US) {
            add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
                "2026-07 Cumulative Update (KB5999999)");
            add(c, h, inst + 60000000LL, "Microsoft-Windows-WindowsUpdateClient", "19", "information",
                "Installation Successful", "2026-07 .NET Framework Update (KB5999997)");
        }
        if (h == 0)
            for (int64_t t = inst + 6 * H_US; t < T0 + DAYS * 24 * H_US; t += 3 * H_US)
                add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error", CSV, NULL);
        if ((h >= 1 && h <= 4) || (h >= 10 && h <= 25))
            for (int64_t t = T0 + 8 * 24 * H_US + 9 * H_US; t < T0 + 8 * 24 * H_US + 14 * H_US; t += 20 * 60000000LL)
                add(c, h, t + h * 1000000LL, "Microsoft-Windows-FailoverClustering", "5120", "error", CSV, NULL);
        if (h == 30 && noisy_unpatched)
            for (int64_t t = T0 + 9 * 24 * H_US + 5 * H_US; t < T0 + DAYS * 24 * H_US; t += 5 * H_US)
                add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error", CSV, NULL);
    }
}

/* The fleet, one report at REPORT_H, run to the end; the regression alerts (not early warnings) collected. */
static void run(got *g, bool noisy_unpatched, const char *title, const char *text)
{
    pw_corr *c = corr_engine();
    fleet(c, noisy_unpatched);
    if (title) add_report(c, "https://forum.example.org/t/77", T0 + REPORT_H * H_US, title, text, NULL);
    pw_error err = {0};
    got all = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + DAYS * 24 * H_US, collect, &all, &err) == 0, "%s", err.msg);
    g->n = 0;
    for (int i = 0; i < all.n; i++) {
        if (!strcmp(all.v[i].kind, "early-warning")) continue;
        json_t *j = pw_alert_to_jansson(&all.v[i]);
        pw_alert_init(&g->v[g->n]);
        ck_assert_int_eq(pw_alert_from_jansson(&g->v[g->n], j, NULL), 0);
        json_decref(j);
        g->n++;
    }
    got_free(&all);
    pw_corr_free(c);
}

static void assert_no_alert(const got *g, const char *what)
{
    for (int i = 0; i < g->n; i++)
        ck_assert_msg(0, "%s: %s %s %s at h%lld: %s", what, g->v[i].kind, g->v[i].patch, g->v[i].status,
                      (long long)((g->v[i].ts - T0) / H_US), g->v[i].recommendation);
}

START_TEST(test_without_a_report_the_incident_casualty_raises_nothing)
{
    got g = {0};
    run(&g, false, NULL, NULL);
    assert_no_alert(&g, "no report");
    got_free(&g);
}
END_TEST

START_TEST(test_a_report_naming_the_update_and_the_event_alerts_at_its_hour)
{
    got g = {0};
    run(&g, false, "KB5999999 known issue: Failover Clustering 5120 errors after installing",
        "After installing KB5999999 several admins see CSV volumes paused, event 5120 in the System log.");
    int opened = 0;
    for (int i = 0; i < g.n; i++) {
        ck_assert_msg(!strcmp(g.v[i].patch, "KB5999999"), "blamed %s: %s", g.v[i].patch, g.v[i].recommendation);
        if (strcmp(g.v[i].status, "open") != 0) continue;
        opened++;
        ck_assert_int_ge(g.v[i].ts, T0 + REPORT_H * H_US);
        ck_assert_int_le(g.v[i].ts, T0 + (REPORT_H + 2) * H_US);
        ck_assert_msg(!strncmp(g.v[i].statistic, "report_corroborated", 19), "statistic %s", g.v[i].statistic);
        ck_assert_msg(strstr(g.v[i].recommendation, "https://forum.example.org/t/77") != NULL, "%s",
                      g.v[i].recommendation);
        ck_assert_msg(strstr(g.v[i].recommendation, "1 patched host kept failing") != NULL, "%s",
                      g.v[i].recommendation);
    }
    ck_assert_int_eq(opened, 1);
    got_free(&g);
}
END_TEST

/* A vendor's known issue that gives no event id but describes the symptom in the template's own words
 * ("enter a paused state") stands for the event id; one that names only the component (every event of
 * Failover Clustering), or describes another symptom, does not. */
START_TEST(test_a_report_describing_the_symptom_in_words_alerts_at_its_hour)
{
    got g = {0};
    run(&g, false, "Known issue: after installing KB5999999, Cluster Shared Volumes might enter a paused state",
        "After installing KB5999999, some clusters might experience CSV volumes entering a paused state and "
        "virtual machines becoming unresponsive.");
    int opened = 0;
    for (int i = 0; i < g.n; i++) {
        ck_assert_msg(!strcmp(g.v[i].patch, "KB5999999"), "blamed %s: %s", g.v[i].patch, g.v[i].recommendation);
        if (strcmp(g.v[i].status, "open") != 0) continue;
        opened++;
        ck_assert_int_ge(g.v[i].ts, T0 + REPORT_H * H_US);
        ck_assert_int_le(g.v[i].ts, T0 + (REPORT_H + 2) * H_US);
        ck_assert_msg(!strncmp(g.v[i].statistic, "report_corroborated", 19), "statistic %s", g.v[i].statistic);
    }
    ck_assert_int_eq(opened, 1);
    got_free(&g);
}
END_TEST

START_TEST(test_a_report_naming_only_the_component_or_other_words_alerts_nothing)
{
    got g = {0};
    run(&g, false, "Known issue: after installing KB5999999, Failover Clustering might have problems",
        "After installing KB5999999, some Failover Clustering nodes might have problems.");
    assert_no_alert(&g, "component only");
    got_free(&g);
    run(&g, false, "Known issue: after installing KB5999999, cluster nodes might be removed from membership",
        "After installing KB5999999, a node might be removed from the active failover cluster membership.");
    assert_no_alert(&g, "another symptom in words");
    got_free(&g);
}
END_TEST

/* A report published before the first casualty foretold it: 40 hosts, no incident, KB5999999 on hosts 0-9 at
 * day 8 02:00, host 0 fails with 5120 from 08:00 every 3 hours; the report on day 7. The alert opens within two
 * hours of the first 5120, not after a day of failing. With one unpatched host (30) having logged 5120 once on
 * day 8 (control time), the prediction is not enough and nothing opens before the day of failing is over. */
static void run_foretold(got *g, bool control_once)
{
    pw_corr *c = corr_engine();
    add_report(c, "https://forum.example.org/t/78", T0 + (7 * 24 + 3) * H_US,
               "PSA: hold KB5999999 if you run CSV", "Since KB5999999 our cluster volumes pause, event 5120 all over "
               "the System log. Rolled back on the pilot nodes.", NULL);
    for (int h = 0; h < 40; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 10 * 24 * H_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        int64_t inst = T0 + 8 * 24 * H_US + 2 * H_US + h * 60000000LL;
        if (h < 10)
            add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
                "2026-07 Cumulative Update (KB5999999)");
        if (h == 0)
            for (int64_t t = inst + 6 * H_US; t < T0 + 10 * 24 * H_US; t += 3 * H_US)
                add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error", CSV, NULL);
        if (h == 30 && control_once)
            add(c, h, T0 + 8 * 24 * H_US + 5 * H_US, "Microsoft-Windows-FailoverClustering", "5120", "error", CSV, NULL);
    }
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 10 * 24 * H_US, collect, g, &err) == 0, "%s", err.msg);
    pw_corr_free(c);
}

/* the hour (since T0) of the first regression or advisory-match alert for KB5999999 (-1 when none), its
 * recommendation in *why */
static long long first_alert_hour(const got *g, const char **why)
{
    for (int i = 0; i < g->n; i++)
        if (strcmp(g->v[i].kind, "early-warning") != 0 && !strcmp(g->v[i].patch, "KB5999999")) {
            *why = g->v[i].recommendation;
            return (long long)((g->v[i].ts - T0) / H_US);
        }
    *why = "";
    return -1;
}

START_TEST(test_a_report_before_the_first_casualty_alerts_at_its_onset)
{
    got g = {0};
    run_foretold(&g, false);
    const char *why;
    long long first = first_alert_hour(&g, &why), onset = 8 * 24 + 8;
    ck_assert_msg(first >= onset && first <= onset + 2, "first alert at h%lld, onset h%lld", first, onset);
    for (int i = 0; i < g.n; i++)
        if (!strncmp(g.v[i].statistic, "report_corroborated", 19))
            ck_assert_msg(strstr(g.v[i].recommendation, "before it appeared") != NULL, "%s", g.v[i].recommendation);
    got_free(&g);
    run_foretold(&g, true);
    first = first_alert_hour(&g, &why);
    ck_assert_msg(first < 0 || first >= onset + 12, "with a control host showing 5120, alerted at h%lld: %s", first, why);
    got_free(&g);
}
END_TEST

START_TEST(test_a_report_naming_the_update_as_the_fix_alerts_nothing)
{
    got g = {0};
    run(&g, false, "KB5999990 breaks CSV: event 5120 after installing it",
        "KB5999990 broke our cluster, event 5120 everywhere. Installing KB5999999 fixed it.");
    assert_no_alert(&g, "fix KB");
    got_free(&g);
}
END_TEST

START_TEST(test_a_report_naming_another_symptom_alerts_nothing)
{
    got g = {0};
    run(&g, false, "KB5999999 known issue: event 1135 after installing",
        "After installing KB5999999 nodes are removed from the cluster, event 1135 in the System log.");
    assert_no_alert(&g, "other symptom");
    got_free(&g);
}
END_TEST

START_TEST(test_an_informational_post_alerts_nothing)
{
    got g = {0};
    run(&g, false, "KB5999999 installed fine on 40 servers here, no issues so far",
        "KB5999999 installed fine, no issues; event 5120 only during last week's storage outage.");
    assert_no_alert(&g, "informational");
    got_free(&g);
}
END_TEST

START_TEST(test_an_unpatched_host_failing_the_same_way_vetoes_it)
{
    got g = {0};
    run(&g, true, "KB5999999 known issue: Failover Clustering 5120 errors after installing",
        "After installing KB5999999 several admins see CSV volumes paused, event 5120 in the System log.");
    assert_no_alert(&g, "unpatched host persists");
    got_free(&g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_corroborated");
    TCase *tc = tcase_create("corroborated");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_a_report_describing_the_symptom_in_words_alerts_at_its_hour);
    tcase_add_test(tc, test_a_report_before_the_first_casualty_alerts_at_its_onset);
    tcase_add_test(tc, test_a_report_naming_only_the_component_or_other_words_alerts_nothing);
    tcase_add_test(tc, test_without_a_report_the_incident_casualty_raises_nothing);
    tcase_add_test(tc, test_a_report_naming_the_update_and_the_event_alerts_at_its_hour);
    tcase_add_test(tc, test_a_report_naming_the_update_as_the_fix_alerts_nothing);
    tcase_add_test(tc, test_a_report_naming_another_symptom_alerts_nothing);
    tcase_add_test(tc, test_an_informational_post_alerts_nothing);
    tcase_add_test(tc, test_an_unpatched_host_failing_the_same_way_vetoes_it);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
