/* test_report_cues29: forms from session 29's study half (docs/feeds.md "Session 29"), written anew, none copied from
 * a post; each case fails on 95e02ee, and the guards, which pass on both, hold the readings to their limits.
 * - The word "bug" where it names a tracker's item ("Bugzilla Bug 2006", "[Bug 1900796] Re:", "bug #123",
 *   "Bug#98765") is no failure told: a tracker item can be a request or a packaging chore. Elsewhere "bug" still
 *   counts, and so do a tracker item's own failure words.
 * - Packages: a Debian changelog entry's header ("name (version) dist; urgency=..."), Launchpad's "This bug was
 *   fixed in the package name - version", and the kernel's version told as what it is ("the kernels are 4.14.186",
 *   "my kernel is 6.8.0-45-generic").
 * - Updates released in one sentence and installed in the next, told again ("After applying the patches, ...",
 *   "After installing them, ...", "Nach der Installation der Updates ...", "Tras instalar las actualizaciones ..."),
 *   whose sentence goes on to a failure, are the culprits, even where the post also offers a workaround. */
#include <stdio.h>

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

/* {lang, body}: the workaround in the second sentence used to leave KB5099101 and KB5099102 unplaced */
static const char *const told_again[][2] = {
    {"en", "After applying the patches, VPN connections stopped working on every laptop."},
    {"en", "After installing them, the VPN client crashes at logon."},
    {"de", "Nach der Installation der Updates stürzt der VPN-Client ab."},
    {"es", "Tras instalar las actualizaciones, el cliente VPN dejó de funcionar."},
};

/* {lang, body}: the same shape that must blame nothing */
static const char *const told_again_guards[][2] = {
    {"en", "After applying the patches, VPN connections work again."},
    {"en", "After applying the patches, reboot twice and VPN connections will not crash."},
    {"en", "After applying KB5099103, VPN connections stopped working."},
};

#define RELEASE_STORY                                                                                              \
    "Microsoft broke the VPN client this month. Here's a quick fix. On Tuesday Microsoft released "                \
    "KB5099101 and KB5099102 as part of the monthly rollup. "

/* {text, name, version} */
static const char *const packages[][3] = {
    {"foo-tools (3.107ubuntu1~22.04.2) jammy; urgency=medium * Fix the crash on start.", "foo-tools",
     "3.107ubuntu1~22.04.2"},
    {"This bug was fixed in the package foo-tools - 2.4.1-3ubuntu0.2 --------------- done", "foo-tools",
     "2.4.1-3ubuntu0.2"},
    {"The production kernels are 5.15.131-custom. The new ones fail to boot in VMs.", "kernel", "5.15.131-custom"},
    {"After the upgrade my kernel is 6.8.0-45-generic and the network card is gone.", "kernel", "6.8.0-45-generic"},
};

/* {text, name, a version it must not take} */
static const char *const package_guards[][3] = {
    {"The kernel shipped with Ubuntu is 22.04's own.", "kernel", "22.04"},
    {"The kernel module is loaded, and the daemon is 2.4.1 as before.", "kernel", "2.4.1"},
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

START_TEST(test_package_forms_of_session29)
{
    assert_package_read(packages[_i][0], packages[_i][1], packages[_i][2]);
}
END_TEST

/* Launchpad's message names the upload that closed the bug: its version is the fix, never warned about */
START_TEST(test_launchpad_fixed_in_is_the_fix)
{
    pw_advisory *a = read_report("[Bug 4713] Re: boot fails",
                                 "This bug was fixed in the package foo-tools - 2.4.1-3ubuntu0.2 --------------- done");
    const json_t *p = json_array_get(a->packages, 0);
    const char *role = json_string_value(json_object_get(p, "role"));
    ck_assert_msg(role && !strcmp(role, "fix"), "the fixed version has role %s", role ? role : "(none)");
}
END_TEST

START_TEST(test_package_guards)
{
    const char *const *c = package_guards[_i];
    pw_advisory *a = read_report("Update", c[0]);
    ck_assert_msg(!has_package(a, c[1], c[2]), "%s: read %s %s", c[0], c[1], c[2]);
}
END_TEST

START_TEST(test_updates_told_again_are_blamed)
{
    char body[512];
    snprintf(body, sizeof body, "%s%s", RELEASE_STORY, told_again[_i][1]);
    pw_advisory *a = read_report("VPN workaround", body);
    ck_assert_msg(pw_strlist_has(&a->kb_affected, "KB5099101") && pw_strlist_has(&a->kb_affected, "KB5099102"),
                  "[%s] %s: blames %zu updates", told_again[_i][0], body, a->kb_affected.n);
}
END_TEST

START_TEST(test_updates_told_again_guards)
{
    char body[512];
    snprintf(body, sizeof body, "%s%s", RELEASE_STORY, told_again_guards[_i][1]);
    pw_advisory *a = read_report("VPN workaround", body);
    ck_assert_msg(!pw_strlist_has(&a->kb_affected, "KB5099101") && !pw_strlist_has(&a->kb_affected, "KB5099102"),
                  "[%s] %s: blames the released updates", told_again_guards[_i][0], body);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session 29 cues");
    TCase *tc = tcase_create("cues");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_tracker_item_is_no_failure, 0, sizeof cases / sizeof cases[0]);
    tcase_add_loop_test(tc, test_bug_still_a_failure_word, 0, sizeof guards / sizeof guards[0]);
    tcase_add_loop_test(tc, test_updates_told_again_are_blamed, 0, sizeof told_again / sizeof told_again[0]);
    tcase_add_loop_test(tc, test_updates_told_again_guards, 0, sizeof told_again_guards / sizeof told_again_guards[0]);
    tcase_add_loop_test(tc, test_package_forms_of_session29, 0, sizeof packages / sizeof packages[0]);
    tcase_add_test(tc, test_launchpad_fixed_in_is_the_fix);
    tcase_add_loop_test(tc, test_package_guards, 0, sizeof package_guards / sizeof package_guards[0]);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
