/* test_report_session22: a form from the study pool of session 22 (1,811 labelled posts), written anew here, none
 * copied from a post: an update that addresses a problem ("Microsoft addresses the printing glitch", "releases to
 * address the regression") is a fix story; "IP address issues after KB1" and "addresses 57 vulnerabilities" are not.
 * English. Each case fails on dbf472d's build (checked with bench_reports --text); each guard passes there and here.
 * The last guard keeps a decision: a guide's headline that names a KB ("How to roll back KB1") stays a guide even
 * over a body that tells that KB's failure. Reading it as a report gained 5 posts in the pool and 3 on held-out
 * halves, but one of them made a warning name a fix there, so it was reverted (docs/feeds.md, session 22).
 * Second form: the problem mended in an update ("Microsoft has addressed this issue in KB2", "hat das Problem in KB2
 * behoben", "ha corregido el problema en KB2", "a corrigé le problème dans KB2", "heeft het probleem in KB2 opgelost")
 * makes KB2 the fix, although "issue in" / "Problem in" alone blames the KB after it. On dbf472d the English and German
 * posts blamed KB2 and the others left it unplaced. */
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

/* {lang, body, culprit, fix}: the culprit blamed, the fix in kb_fix and never blamed */
static const char *const mended_in[][4] = {
    {"en", "After installing KB5041160 the VDAs fail to register. Resolution: Microsoft has addressed this issue in KB5042881.", "KB5041160", "KB5042881"},
    {"de", "Nach der Installation von KB5041160 registrieren sich die VDAs nicht mehr. Microsoft hat das Problem in KB5042881 behoben.", "KB5041160", "KB5042881"},
    {"es", "Tras instalar KB5041160 los VDA no se registran. Microsoft ha corregido el problema en KB5042881.", "KB5041160", "KB5042881"},
    {"fr", "Après l'installation de KB5041160, les VDA ne s'enregistrent plus. Microsoft a corrigé le problème dans KB5042881.", "KB5041160", "KB5042881"},
    {"nl", "Na installatie van KB5041160 registreren de VDA's niet meer. Microsoft heeft het probleem in KB5042881 opgelost.", "KB5041160", "KB5042881"},
};

START_TEST(test_the_problem_mended_in_an_update)
{
    const char *const *c = mended_in[_i];
    pw_advisory *a = read_report("", c[1]);
    ck_assert_msg(pw_strlist_has(&a->kb_affected, c[2]), "[%s] %s: %s not blamed", c[0], c[1], c[2]);
    ck_assert_msg(pw_strlist_has(&a->kb_fix, c[3]) && !pw_strlist_has(&a->kb_affected, c[3]), "[%s] %s: %s not the fix",
                  c[0], c[1], c[3]);
}
END_TEST

START_TEST(test_a_problem_confirmed_in_an_update_is_its_own)
{
    pw_advisory *a = read_report("", "Microsoft hat das Problem in KB5041160 bestätigt: nach der Installation registrieren "
                                     "sich die VDAs nicht mehr.");
    ck_assert(pw_strlist_has(&a->kb_affected, "KB5041160") && a->kb_fix.n == 0);
}
END_TEST

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
    tcase_add_loop_test(tc, test_the_problem_mended_in_an_update, 0, (int)(sizeof mended_in / sizeof mended_in[0]));
    tcase_add_test(tc, test_a_problem_confirmed_in_an_update_is_its_own);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
