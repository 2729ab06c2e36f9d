/* test_report_session22: two forms from the study pool of session 22, written anew here, none copied from a post.
 * 1. A guide's headline that names the update it is about ("How to roll back KB1", "So beheben
 * Sie die Druckprobleme nach KB1", "KB1 で印刷できない問題の対処法") over a body that tells that update's failure is
 * a report; the same headline over a guide to no particular update, or a how-to that tells no failure, stays
 * informational. Five collections of the pool; five languages here. Spanish is not among the cases: "Cómo solucionar
 * ..." counts three genre words against the body and still reads as a guide (docs/feeds.md, session 22).
 * 2. An update that addresses a problem ("Microsoft addresses the printing glitch", "releases to address the
 * regression") is a fix story; "IP address issues after KB1" and "addresses 57 vulnerabilities" are not. English.
 * Each case fails on dbf472d's build (checked with bench_reports --text); each guard passes there and here. */
#include "extract_test_util.h"

#define REG PW_ADV_CLASS_REGRESSION
#define FIX PW_ADV_CLASS_FIX
#define INFO PW_ADV_CLASS_INFO
static const blame_case cases[] = {
    {"en", REG, "How to roll back KB5099001 (and why you want to now)",
     "KB5099001 is breaking the Start menu on many Windows 11 machines right now: after sign-in it no longer opens, and the taskbar freezes. Uninstalling the update brings both back.", "KB5099001", ""},
    {"de", REG, "So beheben Sie die Druckprobleme nach KB5099001",
     "Seit KB5099001 drucken viele Büros nur noch leere Seiten, und der Druckspooler stürzt nach jedem Auftrag ab. Nach der Deinstallation des Updates funktioniert wieder alles.", "KB5099001", ""},
    {"fr", REG, "Comment réparer le Wi-Fi cassé par KB5099001",
     "Depuis l'installation de KB5099001, de nombreux portables perdent le Wi-Fi au réveil et l'adaptateur plante. Désinstaller la mise à jour règle le problème.", "KB5099001", ""},
    {"nl", REG, "Zo los je de problemen met KB5099001 op",
     "Sinds KB5099001 crasht de Verkenner op veel pc's bij het openen van netwerkmappen, en het startmenu loopt vast. Na het verwijderen van de update werkt alles weer.", "KB5099001", ""},
    {"ja", REG, "KB5099001 で印刷できない問題の対処法",
     "KB5099001 を適用した後、多くの環境で印刷ができなくなり、スプーラーが停止する不具合が発生しています。更新プログラムをアンインストールすると復旧します。", "KB5099001", ""},
    {"en", FIX, "Microsoft addresses the printing glitch in a new update",
     "Microsoft has released KB5099002 to address the printing problem that the June update KB5099001 caused on some systems.", "KB5099001", "KB5099002"},
    {"en", FIX, "New releases",
     "These are new releases to address the regression in the network driver that came with 4.2.0.", "", ""},
};

static const blame_case guards[] = {
    {"en", INFO, "How to roll back a Windows update",
     "If an update breaks your Start menu, you can remove it from Settings > Windows Update > Update history > Uninstall updates, then pause updates for a week.", "", ""},
    {"en", INFO, "How to install KB5099001 offline",
     "Download the package from the Microsoft Update Catalog, copy it to the server and run wusa.exe with the /quiet switch. A restart completes the installation.", "", ""},
    {"de", INFO, "So beheben Sie Druckprobleme unter Windows",
     "Wenn der Drucker nach einem Update nur leere Seiten druckt, starten Sie zuerst den Spooler neu und installieren Sie den Treiber erneut.", "", ""},
    {"en", REG, "IP address issues after KB5099001",
     "Since KB5099001 several servers lose their static IP address and DHCP issues appear on every reboot.", "KB5099001", ""},
    {"en", INFO, "Patch Tuesday: update addresses 57 vulnerabilities",
     "Microsoft's monthly update addresses 57 vulnerabilities, six of them zero-days already exploited.", "", ""},
};

START_TEST(test_a_guide_to_a_named_update_that_tells_its_failure)
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
    tcase_add_loop_test(tc, test_a_guide_to_a_named_update_that_tells_its_failure, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_what_it_must_not_change, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
