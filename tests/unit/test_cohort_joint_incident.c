/* test_cohort_joint_incident: the joint model of concurrent rollouts leaves a fleet incident's hours out. A benign
 * update A goes to ring 1 on day 10, the bad update B to the same hosts on day 16; ring 2 gets both on day 13, two
 * hours apart, so B's casualties there fall in A's first day too and A passes its own test. On day 10, the day of
 * A's ring 1, a storage outage makes eight of A's fresh hosts log the symptom, and with them twelve hosts that have
 * neither update: an incident, which each update's own test compares only within its hours. The joint model, with
 * one baseline rate for every hour, read the eight onsets as A's own first-day excess and blamed A beside B. Without
 * the unpatched hosts the same onsets are A's alone and A is rightly blamed (the premise: the test can fail). A is a
 * security update of no narrow kind: a .NET update is no longer named for a cluster symptom beside the cumulative
 * update whatever the joint model selects (session 11, rules/scopes/), which would hide what this tests. */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define MIN_US 60000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define DAYS 20
#define CSV "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED'."

static void install(pw_corr *c, int h, int64_t t, const char *title)
{
    add(c, h, t, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful", title);
    add(c, h, t + 10 * MIN_US, "EventLog", "6005", "information", "The Event log service was started.", NULL);
}

static void csv(pw_corr *c, int h, int64_t t, int times)
{
    for (int k = 0; k < times; k++) add(c, h, t + k * H_US, "FailoverClustering", "5120", "error", CSV, NULL);
}

/* 80 hosts. A: hosts 0-19 on day 10 02:00, hosts 20-39 on day 13 02:00. B: hosts 0-19 on day 16 02:00, hosts
 * 20-39 on day 13 04:00. B's casualties: hosts 6-11 from day 16 09:00, hosts 20-31 from day 13 10:00, failing for
 * a day. The outage on day 10, 10:00-15:00: hosts 0-7 and, when outage_unpatched, hosts 40-51. */
static void fleet(pw_corr *c, bool outage_unpatched)
{
    for (int h = 0; h < 80; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h == 70 || h == 71) csv(c, h, T0 + 2 * DAY_US + h * MIN_US, 1); /* the symptom is not new */
        if (h < 20) {
            install(c, h, T0 + 10 * DAY_US + 2 * H_US + h * MIN_US, "2026-07 Security Update (KB5000001)");
            install(c, h, T0 + 16 * DAY_US + 2 * H_US + h * MIN_US, "2026-07 Cumulative Update (KB5000002)");
        } else if (h < 40) {
            install(c, h, T0 + 13 * DAY_US + 2 * H_US + h * MIN_US, "2026-07 Security Update (KB5000001)");
            install(c, h, T0 + 13 * DAY_US + 4 * H_US + h * MIN_US, "2026-07 Cumulative Update (KB5000002)");
        }
        if (h >= 6 && h < 12) csv(c, h, T0 + 16 * DAY_US + 9 * H_US + h * 10 * MIN_US, 24);
        if (h >= 20 && h < 32) csv(c, h, T0 + 13 * DAY_US + 10 * H_US + h * 10 * MIN_US, 24);
        if (h < 8 || (outage_unpatched && h >= 40 && h < 52))
            csv(c, h, T0 + 10 * DAY_US + 10 * H_US + (h % 8) * 20 * MIN_US, 3);
    }
}

/* regression alerts (not withdrawn at the end) per update */
static void alerts(bool outage_unpatched, int *a, int *b)
{
    pw_corr *c = corr_engine();
    fleet(c, outage_unpatched);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + DAYS * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    *a = *b = 0;
    for (int i = 0; i < g.n; i++) {
        if (!strcmp(g.v[i].kind, "early-warning")) continue;
        int *n = !strcmp(g.v[i].patch, "KB5000001") ? a : !strcmp(g.v[i].patch, "KB5000002") ? b : NULL;
        if (n) *n = g.v[i].status && !strcmp(g.v[i].status, "withdrawn") ? 0 : *n + 1;
    }
    got_free(&g);
    pw_corr_free(c);
}

START_TEST(test_onsets_of_a_first_day_alone_blame_it)
{
    int a, b;
    alerts(false, &a, &b);
    ck_assert_msg(b > 0, "the bad update was not blamed");
    ck_assert_msg(a > 0, "eight onsets in the benign update's first day alone did not blame it: the test lost its point");
}
END_TEST

START_TEST(test_an_outage_in_a_first_day_blames_nobody)
{
    int a, b;
    alerts(true, &a, &b);
    ck_assert_msg(b > 0, "the bad update was not blamed");
    ck_assert_int_eq(a, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_joint_incident");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_onsets_of_a_first_day_alone_blame_it);
    tcase_add_test(te, test_an_outage_in_a_first_day_blames_nobody);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
