/* test_cohort_quiet_recurrence: an outage does not make a regression's symptom old news. Update A went to hosts
 * 0-29 on day 8. On day 9 a storage outage pauses Cluster Shared Volumes on six patched and six unpatched hosts
 * for three hours: an incident, which blames nobody. On day 10, host 10 (patched) starts failing with the same
 * event and keeps failing every 20 minutes: a rare regression's first casualty. A signature nobody had logged
 * before A is priced by its casualty's recurrence (the single-host path); the outage's onsets, all in its own
 * hours, must not take that away, and the outage alone must still blame nobody (study7a-04). */
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

static void pause_of(pw_corr *c, int h, int64_t from, int n)
{
    for (int k = 0; k < n; k++)
        add_signed(c, h, from + k * 20 * MIN_US, "FailoverClustering", "5120", "error",
                   "Cluster Shared Volume 'Volume1' has entered a paused state.", NULL, "00000000000000c1");
}

/* Alerts of KB5000001 whose last version is not a withdrawal. */
static int standing(bool casualty)
{
    pw_corr *c = corr_engine();
    add_fleet(c, 60, 30, T0, T0 + DAYS * DAY_US, T0 + 8 * DAY_US + 2 * H_US);
    for (int h = 0; h < 60; h++)
        if (h < 6 || (h >= 40 && h < 46)) pause_of(c, h, T0 + 9 * DAY_US + 10 * H_US + (h % 6) * 20 * MIN_US, 6);
    if (casualty) pause_of(c, 10, T0 + 10 * DAY_US + 10 * H_US, 3 * 24 * 3); /* three days, every 20 minutes */
    return corr_standing_until(c, T0 + DAYS * DAY_US, "KB5000001", NULL);
}

START_TEST(test_the_outage_alone_blames_nobody)
{
    ck_assert_int_eq(standing(false), 0);
}
END_TEST

START_TEST(test_a_casualty_failing_for_days_after_the_outage_blames_it)
{
    ck_assert_msg(standing(true) > 0, "a patched host failing for three days after the outage did not blame A");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_quiet_recurrence");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_the_outage_alone_blames_nobody);
    tcase_add_test(te, test_a_casualty_failing_for_days_after_the_outage_blames_it);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
