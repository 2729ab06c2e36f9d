/* test_report_cues29: the word "bug" where it names a tracker's item ("Bugzilla Bug 2006", "[Bug 1900796] Re:",
 * "bug #123", "Bug#98765") is no failure told: a tracker item can be a request or a packaging chore (docs/feeds.md
 * "Session 29"). Cases written anew, none copied from a post; each fails on 95e02ee. The guards, which pass on both,
 * keep "bug" a failure word everywhere else and keep a tracker item's own failure words counting. */
#include "extract_test_util.h"

/* {lang, title, body, class, blamed ("" none)} */
static const char *const cases[][5] = {
    {"en", "Packaging: bump foo to 2.1 (Bugzilla Bug 4711)",
     "Please update the foo package to the 2.1 release; the new version adds IPv6 support.", "informational", ""},
    {"en", "[Bug 2010] Re: newer kernel in the repository",
     "The kernel in the repository is 5.4. Could it be updated to 5.10 for newer hardware support?", "informational",
     ""},
    {"fr", "Bug #3301 : mettre à jour le paquet foo", "Merci de mettre à jour le paquet foo vers la version 2.1.",
     "informational", ""},
};

static const char *const guards[][5] = {
    {"en", "KB5099090 has a bug", "The update has a bug that stops the print spooler on every server.",
     "regression-report", "KB5099090"},
    {"en", "Bug 4712: printing broken after KB5099091", "Since KB5099091 nothing prints on our terminal servers.",
     "regression-report", "KB5099091"},
    {"en", "A nasty bug in this month's update", "KB5099092 deletes the user's desktop shortcuts.",
     "regression-report", "KB5099092"},
};

START_TEST(test_tracker_item_is_no_failure)
{
    const char *const *c = cases[_i];
    assert_report_case(c[0], c[3], c[1], c[2], c[4]);
}
END_TEST

START_TEST(test_bug_still_a_failure_word)
{
    const char *const *c = guards[_i];
    assert_report_case(c[0], c[3], c[1], c[2], c[4]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session 29 cues");
    TCase *tc = tcase_create("cues");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_tracker_item_is_no_failure, 0, sizeof cases / sizeof cases[0]);
    tcase_add_loop_test(tc, test_bug_still_a_failure_word, 0, sizeof guards / sizeof guards[0]);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
