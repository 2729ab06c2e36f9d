/* test_cohort_first_day: one casualty, two updates installed on it. A symptom new to the fleet starts on one host
 * 8 h after update B and keeps recurring; update A went to the same hosts the day before, and the host ran it for
 * a day without the symptom. B's first day holds the onset and A's does not: B is named on the one casualty. When
 * the two came in one session (both first days hold the onset) neither is named: the data cannot tell them apart
 * (the premise: the test can fail), unless one of them is of a kind that cannot touch the failing component (a .NET
 * Framework update beside a cumulative one, patch_scope.c). When the pick is wrong (a slow symptom: the onset 27 h after the bad update,
 * 3 h after a benign one), casualties of the bad update alone make the joint model withdraw it, on the event's
 * general signature and on the exact-text one the first casualty was named by (test_a_wrong_pick_is_withdrawn). */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define MIN_US 60000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define DAYS 12

static void install(pw_corr *c, int h, int64_t t, const char *title)
{
    add(c, h, t, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful", title);
    add(c, h, t + 10 * MIN_US, "EventLog", "6005", "information", "The Event log service was started.", NULL);
}

/* 60 hosts; A and B on hosts 0-19 (A on day 9 03:00, or with one_session on day 10 01:00; B on day 10 03:00).
 * Host 5 logs a new Hyper-V error hourly from day 10 11:00. A is a security update of no known scope, or with
 * dotnet a .NET Framework update, which cannot touch Hyper-V (patch_scope.c). */
static int alerts_for_kind(bool one_session, bool dotnet, const char *patch)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 60; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h < 20) {
            install(c, h, T0 + (one_session ? 10 * DAY_US + 1 * H_US : 9 * DAY_US + 3 * H_US) + h * MIN_US,
                    dotnet ? "2026-07 .NET Framework Update (KB5000001)" : "2026-07 Security Update (KB5000001)");
            install(c, h, T0 + 10 * DAY_US + 3 * H_US + h * MIN_US, "2026-07 Cumulative Update (KB5000002)");
        }
    }
    for (int k = 0; k < 24; k++)
        add(c, 5, T0 + 10 * DAY_US + 11 * H_US + k * H_US, "Microsoft-Windows-Hyper-V-VMMS", "18590", "error",
            "'VM01' has encountered a fatal error. The guest operating system reported that it failed.", NULL);
    return corr_alerts_until(c, T0 + DAYS * DAY_US, patch);
}

/* Alerts of `patch` whose last version is not a withdrawal. Hosts 0-19: B on day 9 03:00, A on day 10 03:00;
 * host 5 logs the error by its exact text (signature X) from day 10 06:00 for 12 hours, then by the general
 * template (signature Y); hosts 20-29 take B alone on day 11 03:00 and log Y from 10:00. */
static int standing_after_wrong_pick(const char *patch)
{
    pw_corr *c = corr_engine();
    const char *msg = "'VM01' has encountered a fatal error. The guest operating system reported that it failed.";
    for (int h = 0; h < 60; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h < 20) {
            install(c, h, T0 + 9 * DAY_US + 3 * H_US + h * MIN_US, "2026-07 Cumulative Update (KB5000002)");
            install(c, h, T0 + 10 * DAY_US + 3 * H_US + h * MIN_US, "2026-07 Security Update (KB5000001)");
        } else if (h < 30) {
            install(c, h, T0 + 11 * DAY_US + 3 * H_US + h * MIN_US, "2026-07 Cumulative Update (KB5000002)");
            for (int k = 0; k < 24; k++)
                add_signed(c, h, T0 + 11 * DAY_US + 10 * H_US + h * MIN_US + k * H_US, "Microsoft-Windows-Hyper-V-VMMS",
                           "18590", "error", msg, NULL, "00000000000000b2");
        }
    }
    for (int k = 0; k < 40; k++)
        add_signed(c, 5, T0 + 10 * DAY_US + 6 * H_US + k * H_US, "Microsoft-Windows-Hyper-V-VMMS", "18590", "error", msg,
                   NULL, k < 12 ? "00000000000000a1" : "00000000000000b2");
    return corr_standing_until(c, T0 + DAYS * DAY_US, patch, NULL);
}

START_TEST(test_a_wrong_pick_is_withdrawn)
{
    ck_assert_msg(standing_after_wrong_pick("KB5000002") > 0, "the bad update was not named");
    ck_assert_int_eq(standing_after_wrong_pick("KB5000001"), 0);
}
END_TEST

static int alerts_for(bool one_session, const char *patch) { return alerts_for_kind(one_session, false, patch); }

/* one session, but A is a .NET Framework update: the update that can touch Hyper-V is named (scope_pick) */
START_TEST(test_one_session_names_the_update_whose_kind_can_touch_it)
{
    ck_assert_msg(alerts_for_kind(true, true, "KB5000002") > 0, "the cumulative update was not named");
    ck_assert_int_eq(alerts_for_kind(true, true, "KB5000001"), 0);
}
END_TEST

/* Two casualties (hosts 4 and 7) with a .NET Framework update A and a cumulative update B of one session, each
 * installed last on one of them: the order ties, and only B is named (scope_tiebreak); with dotnet false (A a
 * security update of no known scope) both are, as nothing tells them apart (the premise). */
static int alerts_two_casualties(bool dotnet, const char *patch)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 60; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h < 20) {
            int64_t a = T0 + 10 * DAY_US + (h % 2 ? 1 : 3) * H_US + h * MIN_US;
            install(c, h, a, dotnet ? "2026-07 .NET Framework Update (KB5000001)" : "2026-07 Security Update (KB5000001)");
            install(c, h, T0 + 10 * DAY_US + 2 * H_US + h * MIN_US, "2026-07 Cumulative Update (KB5000002)");
        }
    }
    for (int k = 0; k < 24; k++)
        for (int h = 4; h <= 7; h += 3)
            add(c, h, T0 + 10 * DAY_US + 11 * H_US + k * H_US, "Microsoft-Windows-Hyper-V-VMMS", "18590", "error",
                "'VM01' has encountered a fatal error. The guest operating system reported that it failed.", NULL);
    return corr_alerts_until(c, T0 + DAYS * DAY_US, patch);
}

START_TEST(test_a_tie_of_one_session_names_the_update_that_can_touch_it)
{
    ck_assert_msg(alerts_two_casualties(false, "KB5000001") > 0 && alerts_two_casualties(false, "KB5000002") > 0,
                  "two updates of one session were not both named: the test lost its point");
    ck_assert_msg(alerts_two_casualties(true, "KB5000002") > 0, "the cumulative update was not named");
    ck_assert_int_eq(alerts_two_casualties(true, "KB5000001"), 0);
}
END_TEST

START_TEST(test_one_session_names_neither)
{
    ck_assert_int_eq(alerts_for(true, "KB5000002"), 0);
    ck_assert_int_eq(alerts_for(true, "KB5000001"), 0);
}
END_TEST

START_TEST(test_the_first_day_names_the_later_update)
{
    ck_assert_msg(alerts_for(false, "KB5000002") > 0, "the update whose first day holds the onset was not named");
    ck_assert_int_eq(alerts_for(false, "KB5000001"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_first_day");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_one_session_names_neither);
    tcase_add_test(te, test_one_session_names_the_update_whose_kind_can_touch_it);
    tcase_add_test(te, test_a_tie_of_one_session_names_the_update_that_can_touch_it);
    tcase_add_test(te, test_the_first_day_names_the_later_update);
    tcase_add_test(te, test_a_wrong_pick_is_withdrawn);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
