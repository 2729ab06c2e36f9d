/* test_report_session21: forms met in a collection cut and labelled the way the corpus is (session 21: real22, its
 * studied half), written anew for this test in six languages, none copied from a post:
 * - an investigation that found no fault clears the update ("could not reproduce the reported issue", "found no link
 *   between the update and the failures", "keinen Zusammenhang", "ningún vínculo", "aucun lien", "geen verband",
 *   "関連性を否定"), and the failures it names are the verdict's object, not told anew;
 * - "none of the ... steps resolved it": the fix word is what failed;
 * - "weeks since last update" is an age, not a symptom dated by an update;
 * - a patch for a vulnerability that tells no failure is security news, not a fix announcement.
 * Each case fails on 95acfb7's build (checked with bench_reports --text); each guard passes there and here. */
#include "extract_test_util.h"

#define REG PW_ADV_CLASS_REGRESSION
#define FIX PW_ADV_CLASS_FIX
#define INFO PW_ADV_CLASS_INFO
static const blame_case cases[] = {
    {"en", INFO, "SSD failures and the August update",
     "Reports that KB5063878 broke SSDs spread last week. Microsoft and the controller maker could not reproduce the reported issue and found no link between the update and the failures.", "", ""},
    {"de", INFO, "SSD-Ausfälle und das August-Update",
     "Berichte, dass KB5063878 SSDs zerstört, machten die Runde. Microsoft sieht nach eigener Prüfung keinen Zusammenhang zwischen dem Update und den Ausfällen.", "", ""},
    {"es", INFO, "Fallos de SSD y la actualización de agosto",
     "Circularon informes de que KB5063878 dañaba discos SSD. Tras investigarlo, Microsoft no encontró ningún vínculo entre la actualización y los fallos.", "", ""},
    {"fr", INFO, "Pannes de SSD et la mise à jour d'août",
     "Des rapports accusaient KB5063878 de casser des SSD. Après enquête, Microsoft n'a trouvé aucun lien entre la mise à jour et les pannes.", "", ""},
    {"nl", INFO, "SSD-storingen en de update van augustus",
     "Er gingen berichten rond dat KB5063878 SSD's kapotmaakte. Na onderzoek ziet Microsoft geen verband tussen de update en de storingen.", "", ""},
    {"ja", INFO, "8月の更新とSSDの故障",
     "KB5063878 で SSD が壊れるという報告が広まったが、Microsoft は報告された問題を再現できなかったとし、更新との関連性を否定した。", "", ""},
    {"en", REG, "May prevent upgrade to 23H2 (KB5031354)",
     "KB5031354 keeps failing for me with `0x800f0922` No other updates have failed before this one and none of the various troubleshooting/repair steps advised on various sites resolved it. SFC and DISM come back clean.", "", ""},
    {"en", INFO, "CR-2026-05-02: Debian System Upgrade",
     "Change Summary Field Value Change ID CR-2026-05-02-DEB-UPGRADE System web-01 (Debian) Current State Outdated packages (weeks since last update) Target State Fully updated system", "", ""},
    {"en", INFO, "Microsoft ships emergency patch for Windows",
     "Microsoft has released an out-of-band patch that closes an exploit which could allow remote code execution when a user opens a crafted document. Run Windows Update now to get it.", "", ""},
    {"de", INFO, "Microsoft veröffentlicht Notfall-Patch für Windows",
     "Microsoft hat ein außerplanmäßiges Update veröffentlicht, das eine Sicherheitslücke schließt, über die Angreifer Code ausführen können. Nutzer sollten Windows Update sofort starten.", "", ""},
};

static const blame_case guards[] = {
    {"en", REG, "KB5031354 will not install",
     "KB5031354 keeps failing on two of our servers with 0x800f0922. None of the usual repair steps from the forums resolved it, and DISM comes back clean.", "", ""},
    {"de", REG, "KB5031354 lässt sich nicht installieren",
     "KB5031354 bricht auf zwei Servern mit 0x800f0922 ab. Keine der üblichen Reparaturanleitungen aus den Foren hat geholfen.", "", ""},
    {"es", REG, "KB5031354 no se instala",
     "KB5031354 falla en dos servidores con el error 0x800f0922. Ninguna de las soluciones de los foros lo resolvió.", "", ""},
    {"fr", REG, "KB5031354 refuse de s'installer",
     "KB5031354 échoue sur deux serveurs avec l'erreur 0x800f0922. Aucune des solutions des forums n'a résolu le problème.", "", ""},
    {"nl", REG, "KB5031354 wil niet installeren",
     "KB5031354 mislukt op twee servers met fout 0x800f0922. Geen van de oplossingen op de fora hielp.", "", ""},
    {"en", INFO, "Change request: server patching",
     "Current state: outdated packages, six weeks since last update. Target state: fully updated system after the maintenance window.", "", ""},
    {"en", FIX, "Out-of-band update fixes boot loop",
     "Microsoft released KB5031355 to fix the boot loop that the October security update KB5031354 caused on Hyper-V hosts. The October update also patched CVE-2023-36563, which attackers exploited.", "", "KB5031355"},
    {"en", REG, "SSD failures after the August update",
     "Users report that KB5063878 broke SSDs under heavy writes. The controller maker confirmed a link between the update and the failures.", "KB5063878", ""},
};

START_TEST(test_forms_of_the_corpus_cut_collection)
{
    assert_blame_case(&cases[_i]);
}
END_TEST

START_TEST(test_what_they_must_not_change)
{
    assert_blame_case(&guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_session21");
    TCase *tc = tcase_create("session 21");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_forms_of_the_corpus_cut_collection, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_what_they_must_not_change, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
