/* test_cohort_calendar: an outage keeps the calendar's time, a regression its install's. Three quarters of the
 * fleet took update A over three days; a storage outage one afternoon hits six patched hosts, installed on all
 * three days, and two hours later two unpatched ones (one short of the unpatched onsets that flag an incident). The patched
 * casualties fail in the same hours however long ago they were patched: an incident, and A is not blamed. When
 * the six patched casualties all took A that morning, their failing together is what a regression looks like,
 * and A is blamed (the premise: the test can fail). */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define MIN_US 60000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define DAYS 14

/* 60 hosts; A on hosts 0-14 on day 8, 15-29 on day 9, 30-44 on day 10 (02:00). On day 10 the hosts `hit` log a CSV
 * pause every 20 minutes for six hours from 14:00, the unpatched hosts 50 and 51 from 16:00 (an outage's first
 * hosts happened to be patched ones). */
static int alerts_for(const int *hit, int nhit)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 60; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h < 45) {
            int64_t t = T0 + (8 + h / 15) * DAY_US + 2 * H_US + h * MIN_US;
            add(c, h, t, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
                "2026-07 Cumulative Update (KB5000001)");
            add(c, h, t + 10 * MIN_US, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        }
        bool down = h == 50 || h == 51;
        for (int i = 0; i < nhit; i++) down |= hit[i] == h;
        int64_t from = T0 + 10 * DAY_US + (h >= 50 ? 16 : 14) * H_US + (h % 6) * 10 * MIN_US;
        for (int k = 0; down && k < 18; k++)
            add(c, h, from + k * 20 * MIN_US, "FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state.", NULL);
    }
    return corr_alerts_until(c, T0 + DAYS * DAY_US, "KB5000001");
}

START_TEST(test_casualties_of_one_morning_blame_it)
{
    static const int ring[] = {30, 31, 32, 33, 34, 35};
    ck_assert_msg(alerts_for(ring, 6) > 0, "six hosts of one ring failing together were not blamed on it");
}
END_TEST

START_TEST(test_an_outage_across_install_days_blames_nobody)
{
    static const int spread[] = {3, 5, 18, 20, 33, 35};
    ck_assert_int_eq(alerts_for(spread, 6), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_calendar");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_casualties_of_one_morning_blame_it);
    tcase_add_test(te, test_an_outage_across_install_days_blames_nobody);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
