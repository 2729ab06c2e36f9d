/* test_cohort_scope_joint: the joint model chooses by host-time; the kind of update decides before it. Hosts 0-39
 * install update B on day 9 and hosts 0-56 the cumulative update A on day 10; ten of B's hosts then reset VMs
 * (Hyper-V 18560) from a few hours after A. Every casualty had both, and B, a day earlier on fewer hosts, holds the
 * onsets in less host-time, so the joint model selects B. When B is a .NET Framework update, which cannot touch
 * Hyper-V (rules/scopes/), A is named and B is not; titled as a security update of no narrow kind, B is named (the
 * premise). From x-hyperv-benign-before@7002, the independent generator's study draw. */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define MIN_US 60000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define DAYS 16

static int standing(const char *b_title, const char *patch)
{
    pw_corr *c = corr_engine();
    add_fleet(c, 60, 57, T0, T0 + DAYS * DAY_US, T0 + 10 * DAY_US + 3 * H_US);
    for (int h = 0; h < 40; h++)
        add(c, h, T0 + 9 * DAY_US + 2 * H_US + h * MIN_US, "Microsoft-Windows-WindowsUpdateClient", "19",
            "information", "Installation Successful", b_title);
    for (int h = 1; h < 40; h += 4) /* ten casualties, an hour apart from 06:00 on day 10, every 5 hours after */
        for (int k = 0; k < 20; k++)
            add(c, h, T0 + 10 * DAY_US + (6 + h / 4) * H_US + k * 5 * H_US, "Microsoft-Windows-Hyper-V-Worker",
                "18560", "error", "'VM-01' was reset because an unrecoverable error occurred on a virtual processor.",
                NULL);
    return corr_standing_until(c, T0 + DAYS * DAY_US, patch, NULL);
}

START_TEST(test_an_update_of_no_narrow_kind_the_day_before_is_named)
{
    ck_assert_msg(standing("2026-07 Security Update for Windows Server 2019 (KB5000008)", "KB5000008") > 0,
                  "premise: the joint model did not select the update of the day before");
}
END_TEST

START_TEST(test_a_dotnet_update_the_day_before_is_not_named_for_hyperv)
{
    const char *dotnet = "2026-07 Cumulative Update for .NET Framework 3.5 and 4.8 for Windows Server 2019 (KB5000008)";
    ck_assert_int_eq(standing(dotnet, "KB5000008"), 0);
    ck_assert_msg(standing(dotnet, "KB5000001") > 0, "the cumulative update was not named");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_scope_joint");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_an_update_of_no_narrow_kind_the_day_before_is_named);
    tcase_add_test(te, test_a_dotnet_update_the_day_before_is_not_named_for_hyperv);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
