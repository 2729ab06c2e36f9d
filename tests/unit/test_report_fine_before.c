/* test_report_fine_before: failures told by when they began or by being thrown off, and security fixes told in
 * German (session 20; sentences written for this test, none copied from a post or from tests/fixtures/reports):
 *   - fine before an update that is not named by number, in each language ("no issues prior to that update",
 *     "lief bis zum letzten Update problemlos", "funcionaba bien antes de la actualización", "Avant la mise à jour,
 *     tout marchait", "werkte prima voor de update", "アップデート前は問題なかった"): the all-clear inside it no
 *     longer counts;
 *   - "locked up"; a warning off an update told as advice to others ("warning customers not to install KB1",
 *     "déconseille d'installer KB1");
 *   - an error met while updating ("I get a failure error when trying to update", "Fehlermeldung beim
 *     Aktualisieren"); "my regression tests are ok" tells no regression;
 *   - thrown off a system, in the passive ("users are quite frequently disconnected", "werde ich ständig getrennt",
 *     "je suis déconnecté");
 *   - a failure "when applying certain hotfix updates": the hotfix installed is what broke ("does not start" is a
 *     failure word too);
 *   - a kind of fix defined ("Known Issue Rollback is a feature ...", "An out-of-band update is a patch released ...",
 *     "Ein außerplanmäßiges Update ist ein Patch ...") or a headline asking what it is ("what they are"): no fix came;
 *   - "behebt Sicherheitsanfälligkeiten", "ein Sicherheitsloch beseitigen": a security fix, not a fix for a regression.
 * Each case fails on 2a0428e's build (checked with bench_reports --text); each guard passes there. */
#include "extract_test_util.h"

#define REG PW_ADV_CLASS_REGRESSION
#define INFO PW_ADV_CLASS_INFO
static const blame_case cases[] = {
    /* fine before the update */
    {"en", REG, "RDP drops after KB5071546", "We have not had any issues prior to that update.", "KB5071546", ""},
    {"en", REG, "Outlook and KB5071546", "Everything worked fine before the last update, KB5071546.", "KB5071546", ""},
    {"de", REG, "KB5071546 und Outlook",
     "Outlook lief bis zum letzten Update problemlos, KB5071546 ist seit Dienstag drauf.", "KB5071546", ""},
    {"es", REG, "KB5071546 y Outlook", "Outlook funcionaba bien antes de la actualización KB5071546.", "KB5071546", ""},
    {"fr", REG, "KB5071546 et Outlook", "Avant la mise à jour KB5071546, tout marchait.", "KB5071546", ""},
    {"nl", REG, "KB5071546 en Outlook", "Outlook werkte prima voor de update KB5071546.", "KB5071546", ""},
    {"ja", REG, "KB5071546 と Outlook", "KB5071546 のアップデート前は問題なかった。", "KB5071546", ""},
    {"en", REG, "Wifi gone", "The wifi worked on Ubuntu 18.04 alpha until an update on Thursday, kernel 4.15.0-10 since.",
     "", ""},
    /* words the vocabulary lacked: "locked up", a warning off an update told as advice to others */
    {"en", REG, "Domain controllers", "KB5071546 locked up half of our Windows Server 2019 machines.", "KB5071546", ""},
    {"en", REG, "KB5071546", "Microsoft is warning customers not to install KB5071546 on domain controllers.",
     "KB5071546", ""},
    {"fr", REG, "KB5071546", "Microsoft déconseille d'installer KB5071546 sur les contrôleurs de domaine.", "KB5071546",
     ""},
    /* an error met while updating; a regression test is a test */
    {"en", REG, "openssh 9.8p1", "I get a failure error when trying to update to openssh 9.8p1 from the PPA.", "", ""},
    {"de", REG, "KB5071546", "Ich bekomme eine Fehlermeldung beim Aktualisieren auf KB5071546.", "KB5071546", ""},
    {"en", INFO, "Kernel upgrade from 6.1.10 to 6.1.12", "Routine upgrade. My regression tests are ok, merging.", "", ""},
    /* a hotfix as the condition of a failure, in a support article's words */
    {"en", REG, "SQL Server does not start when applying certain hotfix updates",
     "When you install certain hotfixes on an instance with a Utility Control Point, SQL Server does not start.", "",
     ""},
    /* a kind of fix defined, or a headline asking what it is: no fix came */
    {"en", INFO, "Windows servicing",
     "Known Issue Rollback is a feature that can revert a single fix if a regression is found.", "", ""},
    {"en", INFO, "Patch cycles",
     "An out-of-band update is a patch released outside the monthly cycle, usually to fix urgent problems.", "", ""},
    {"de", INFO, "Patchzyklen",
     "Ein außerplanmäßiges Update ist ein Patch, den Microsoft außerhalb des Patchdays verteilt, um Fehler zu beheben.",
     "", ""},
    {"en", INFO, "Emergency patches: what they are", "Microsoft ships them when something cannot wait a month.", "", ""},
    /* security fixes told in German */
    {"de", INFO, "MS16-055", "Dieses Sicherheitsupdate behebt Sicherheitsanfälligkeiten in Microsoft Windows.", "", ""},
    {"de", INFO, "Outlook Express",
     "Microsoft hat nun ein Patch veröffentlicht, welches ein Sicherheitsloch beseitigen soll.", "", ""},
};

/* thrown off, told in the passive: each counts as a failure of its own beside the dating (the reasons show it) */
static const struct {
    const char *lang, *title, *text, *reason;
} thrown_off[] = {
    {"en", "RDP after KB5071546",
     "Since KB5071546, users are quite frequently disconnected and their sessions completely lost.",
     "are quite frequently disconnected"},
    {"de", "RDP nach KB5071546", "Seit KB5071546 werde ich ständig getrennt.", "werde ich ständig getrennt"},
    {"fr", "RDP après KB5071546", "Depuis KB5071546, je suis déconnecté toutes les cinq minutes.", "je suis déconnecté"},
};

static const blame_case guards[] = {
    {"en", INFO, "Update KB5071546", "KB5071546 installed fine, no issues before or after the update.", "", ""},
    {"en", PW_ADV_CLASS_FIX, "Printing fixed", "KB5099999 fixes the printing bug that KB5088888 introduced.",
     "KB5088888", "KB5099999"},
    {"en", PW_ADV_CLASS_FIX, "Printing fixed",
     "Microsoft released an out-of-band update, KB5012345, to fix the printing bug caused by KB5011111.", "KB5011111",
     "KB5012345"},
};

START_TEST(test_fine_before_the_update_dates_a_failure)
{
    assert_blame_case(&cases[_i]);
}
END_TEST

START_TEST(test_thrown_off_is_a_failure)
{
    pw_advisory *a = read_report(thrown_off[_i].title, thrown_off[_i].text);
    ck_assert_msg(a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_REGRESSION), "[%s] %s: class %s",
                  thrown_off[_i].lang, thrown_off[_i].text, a->report_class ? a->report_class : "(none)");
    ck_assert_msg(pw_strlist_has(&a->class_reasons, thrown_off[_i].reason), "[%s] %s: no reason '%s'",
                  thrown_off[_i].lang, thrown_off[_i].text, thrown_off[_i].reason);
}
END_TEST

START_TEST(test_all_clears_and_fixes_keep_their_meaning)
{
    assert_blame_case(&guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_fine_before");
    TCase *tc = tcase_create("session 20");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_fine_before_the_update_dates_a_failure, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_thrown_off_is_a_failure, 0, (int)(sizeof thrown_off / sizeof thrown_off[0]));
    tcase_add_loop_test(tc, test_all_clears_and_fixes_keep_their_meaning, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
