/* test_report_session22: a form from the study pool of session 22 (1,811 labelled posts), written anew here, none
 * copied from a post: an update that addresses a problem ("Microsoft addresses the printing glitch", "releases to
 * address the regression") is a fix story; "IP address issues after KB1" and "addresses 57 vulnerabilities" are not.
 * English. Each case fails on dbf472d's build (checked with bench_reports --text); each guard passes there and here.
 * The last guard keeps a decision: a guide's headline that names a KB ("How to roll back KB1") stays a guide even
 * over a body that tells that KB's failure. Reading it as a report gained 5 posts in the pool and 3 on held-out
 * halves, but one of them made a warning name a fix there, so it was reverted (docs/feeds.md, session 22). */
#include "extract_test_util.h"

#define REG PW_ADV_CLASS_REGRESSION
#define FIX PW_ADV_CLASS_FIX
#define INFO PW_ADV_CLASS_INFO
static const blame_case cases[] = {
    {"en", FIX, "Microsoft addresses the printing glitch in a new update",
     "Microsoft has released KB5099002 to address the printing problem that the June update KB5099001 caused on some systems.", "KB5099001", "KB5099002"},
    {"en", FIX, "New releases",
     "These are new releases to address the regression in the network driver that came with 4.2.0.", "", ""},
};

static const blame_case guards[] = {
    {"en", REG, "IP address issues after KB5099001",
     "Since KB5099001 several servers lose their static IP address and DHCP issues appear on every reboot.", "KB5099001", ""},
    {"en", INFO, "Patch Tuesday: update addresses 57 vulnerabilities",
     "Microsoft's monthly update addresses 57 vulnerabilities, six of them zero-days already exploited.", "", ""},
    {"en", INFO, "How to roll back KB5099001 (and why you want to now)",
     "KB5099001 is breaking the Start menu on many Windows 11 machines right now: after sign-in it no longer opens, and the taskbar freezes. Uninstalling the update brings both back.", "KB5099001", ""},
};

START_TEST(test_an_update_that_addresses_a_problem)
{
    assert_blame_case(&cases[_i]);
}
END_TEST

START_TEST(test_what_it_must_not_change)
{
    assert_blame_case(&guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_session22");
    TCase *tc = tcase_create("session 22");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_an_update_that_addresses_a_problem, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_what_it_must_not_change, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
