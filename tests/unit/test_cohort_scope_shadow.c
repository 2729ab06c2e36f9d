/* test_cohort_scope_shadow: a narrow update is not named for what the update installed beside it can explain.
 * Hosts 0-19 install a servicing-stack update B at 02:00 on day 10, and hosts 0-56 the cumulative update A at
 * 03:00: nearly the whole fleet, so A's own test has almost no unpatched hosts to compare with. Five of B's hosts
 * then keep logging a BitLocker error the fleet had seen once before. A servicing-stack update cannot touch BitLocker (rules/scopes/) and every
 * casualty installed A within the hour, so B is not named; titled as a security update of no narrow kind, B is
 * (the premise: the data alone point at the update on the fewest hosts). From x-bitlocker-slow-rare@6003, the
 * independent generator's study draw. */
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

static int standing_b(const char *b_title)
{
    pw_corr *c = corr_engine();
    add_fleet(c, 60, 57, T0, T0 + DAYS * DAY_US, T0 + 10 * DAY_US + 3 * H_US);
    for (int h = 0; h < 20; h++)
        add(c, h, T0 + 10 * DAY_US + 2 * H_US + h * MIN_US, "Microsoft-Windows-WindowsUpdateClient", "19",
            "information", "Installation Successful", b_title);
    const char *msg = "Encrypted volume check: Volume information on C: cannot be read.";
    /* known before: an unpatched host logged it once on day 2, so neither update gets the new-signature path */
    add(c, 58, T0 + 2 * DAY_US + 5 * H_US, "Microsoft-Windows-BitLocker-Driver", "24620", "error", msg, NULL);
    for (int k = 0; k < 16; k++) {
        for (int h = 3; h < 20; h += 4) /* hosts 3, 7, 11, 15, 19, five hours apart */
            add(c, h, T0 + 11 * DAY_US + (h + 2) * H_US + k * 6 * H_US, "Microsoft-Windows-BitLocker-Driver", "24620",
                "error", msg, NULL);
    }
    return corr_standing_until(c, T0 + DAYS * DAY_US, "KB5000009", NULL);
}

START_TEST(test_an_update_of_no_narrow_kind_on_the_casualties_is_named)
{
    ck_assert_msg(standing_b("2026-07 Security Update for Windows Server 2019 (KB5000009)") > 0,
                  "premise: the update on the fewest hosts, of no narrow kind, was not named");
}
END_TEST

START_TEST(test_a_servicing_stack_update_is_not_named_for_bitlocker)
{
    ck_assert_int_eq(standing_b("2026-07 Servicing Stack Update for Windows Server 2019 (KB5000009)"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_scope_shadow");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_an_update_of_no_narrow_kind_on_the_casualties_is_named);
    tcase_add_test(te, test_a_servicing_stack_update_is_not_named_for_bitlocker);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
