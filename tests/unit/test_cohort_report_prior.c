/* test_cohort_report_prior: a community report against the joint model's choice among updates of one session.
 * A servicing-stack update goes in 50 minutes before the cumulative one on every third host; the cumulative
 * one breaks the cluster. When the first few casualties all happen to be on servicing-stack hosts, the data
 * alone prefer the servicing-stack update (its windows hold the onsets in a third of the host-time). A report
 * that blames the cumulative update keeps it named until the data outweigh the report by odds of 100 to 1;
 * with enough casualties all on the other update's hosts, the data win. */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define CU "KB5000002"
#define SSU "KB5000003"

static void install(pw_corr *c, int h, int64_t at, const char *kb, int reboot)
{
    char title[96];
    snprintf(title, sizeof title, "2026-07 Update (%s)", kb);
    add(c, h, at, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful", title);
    if (reboot) add(c, h, at + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
}

/* 30 hosts, rings on day 8 (hosts 0-5), 11 (6-14) and 15; the servicing-stack update on every third host;
 * `casualties` hosts fail (5120 from 4 h after the cumulative install, every 2 hours): the first ones of
 * 0, 3, 6, 9, ... (all servicing-stack hosts, a chance the first casualties often show). */
static void fleet(pw_corr *c, int casualties, int report)
{
    if (report) {
        pw_advisory a;
        pw_advisory_init(&a);
        a.id = strdup("forum-1");
        a.source = strdup("community");
        a.title = strdup(CU " broke our cluster, anyone else?");
        a.text = strdup("Since " CU " the shared volumes keep pausing on our pilot nodes; rolled it back on one.");
        a.published = T0 + 8 * DAY_US + 3 * H_US;
        a.report_class = strdup(PW_ADV_CLASS_REGRESSION);
        ck_assert(pw_strlist_add(&a.kb, CU) == 0 && pw_strlist_add(&a.kb_affected, CU) == 0);
        pw_error err = {0};
        ck_assert_msg(pw_corr_add_advisory(c, &a, &err) == 0, "%s", err.msg);
        pw_advisory_free(&a);
    }
    for (int h = 0; h < 30; h++) {
        int day = h < 6 ? 8 : h < 15 ? 11 : 15;
        int64_t cu = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 24 * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h % 3 == 0) install(c, h, cu - 50 * 60000000LL, SSU, 0);
        install(c, h, cu, CU, 1);
        if (h % 3 != 0 || h / 3 >= casualties) continue;
        for (int64_t t = cu + 4 * H_US; t < T0 + 24 * DAY_US; t += 2 * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
}

/* The last status of a patch's alert, regression or advisory-match (NULL: never named). */
static const char *last_status(const got *g, const char *patch)
{
    const char *st = NULL;
    for (int i = 0; i < g->n; i++)
        if (g->v[i].patch && strcmp(g->v[i].patch, patch) == 0 && strcmp(g->v[i].kind, "early-warning") != 0)
            st = g->v[i].status;
    return st;
}

static int standing(const char *st)
{
    return st && (strcmp(st, "open") == 0 || strcmp(st, "updated") == 0);
}

static void run(int casualties, int report, got *g)
{
    pw_corr *c = corr_engine();
    fleet(c, casualties, report);
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, g, &err) == 0, "%s", err.msg);
    pw_corr_free(c);
}

/* Without the report three casualties on servicing-stack hosts name the servicing-stack update: the premise. */
START_TEST(test_without_a_report_the_data_name_the_subset_update)
{
    got g = {0};
    run(3, 0, &g);
    ck_assert_msg(standing(last_status(&g, SSU)), "the servicing-stack update is not named (%s): the test lost its point",
                  last_status(&g, SSU) ? last_status(&g, SSU) : "never");
    got_free(&g);
}
END_TEST

/* With the report the cumulative update is named and stays named; the servicing-stack update never stands. */
START_TEST(test_a_report_keeps_the_blamed_update_over_a_chance_subset)
{
    got g = {0};
    run(3, 1, &g);
    const char *cu = last_status(&g, CU), *ssu = last_status(&g, SSU);
    ck_assert_msg(standing(cu), "the reported update ends %s", cu ? cu : "never named");
    ck_assert_msg(!standing(ssu), "the servicing-stack update ends %s", ssu);
    for (int i = 0; i < g.n; i++)
        ck_assert_msg(!(strcmp(g.v[i].patch, CU) == 0 && strcmp(g.v[i].status, "withdrawn") == 0),
                      "the reported update was withdrawn at h%lld: %s", (long long)((g.v[i].ts - T0) / H_US),
                      g.v[i].reason ? g.v[i].reason : "");
    got_free(&g);
}
END_TEST

/* Eight casualties, every one on a servicing-stack host and none among the twenty hosts without it: odds far
 * beyond 100 to 1 against the report; the data name the servicing-stack update. */
START_TEST(test_clear_data_overrule_the_report)
{
    got g = {0};
    run(8, 1, &g);
    const char *ssu = last_status(&g, SSU), *cu = last_status(&g, CU);
    ck_assert_msg(standing(ssu), "the servicing-stack update ends %s", ssu ? ssu : "never named");
    ck_assert_msg(!standing(cu), "the reported update still stands (%s)", cu);
    got_free(&g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_report_prior");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_without_a_report_the_data_name_the_subset_update);
    tcase_add_test(te, test_a_report_keeps_the_blamed_update_over_a_chance_subset);
    tcase_add_test(te, test_clear_data_overrule_the_report);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
