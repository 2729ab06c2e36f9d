/* test_report_fix_stories: mechanisms of session 15 (issue 13) that read a fix story as one, each in the languages
 * where it exists, on sentences written for this test (none taken from tests/fixtures/reports or the probe sets):
 *   - a failure told in the sentence of a fix announced, with no contrast word between ("KB2 resolves the issue where
 *     KB1 crashed the audio service", "das Problem, das KB1 verursacht hat, wurde mit KB2 behoben", "KB1 によって発生
 *     した問題は…解決されました") is what the fix mended, not a case seen; when every failure of the body is told so,
 *     the headline's failure is the same one;
 *   - a passive culprit verb ("triggered by KB1") after a fix says nothing of the fix; a named fix or the vendor as the
 *     subject of a fix verb ("KB2 fixed it for us", "Microsoft patches ...") and "règle le souci" announce a fix;
 *   - a fix followed in its sentence by a contrast word and a failure ("KB2 fixes the VPN bug but breaks printing")
 *     is what broke something, and a failure in a sentence of its own stays a failure;
 *   - Known Issue Rollback by its localized names, and a headline's "there is a fix now" ("Ya hay solución");
 *   - a vendor walks back a change ("reverts the change", "da marcha atrás", "fait machine arrière", "macht ...
 *     rückgängig", "draait wijziging ... terug", "変更を元に戻す"), Dutch "lost ... op" solves, "trekt ... in" withdraws.
 * Each mechanism case reads as a regression report on the code before this session; each counter case reads as
 * one before and after. Session 16 adds a fix that fell short ("didn't help", "still fails"). */
#include <stdlib.h>
#include <string.h>

#include "extract_test_util.h"

static const struct {
    const char *lang, *cls, *title, *text, *affected;
} cases[] = {
    {"en", PW_ADV_CLASS_FIX, "Windows 10 audio update",
     "According to its release notes, optional update KB5052077 resolves the issue where KB5049981 crashed the audio "
     "service and caused blue screens on some PCs.",
     "KB5049981"},
    {"de", PW_ADV_CLASS_FIX, "Neues Update für Windows Server",
     "Das Problem mit abstürzenden Hyper-V-VMs, das KB5021249 verursacht hat, wurde mit KB5023538 behoben.",
     "KB5021249"},
    {"es", PW_ADV_CLASS_FIX, "Novedades de Windows Server",
     "El fallo de arranque y los pantallazos azules introducidos por KB5068861 se han resuelto en KB5070001.",
     "KB5068861"},
    {"fr", PW_ADV_CLASS_FIX, "Récupération BitLocker au démarrage",
     "Le problème de récupération BitLocker provoqué par KB5062554 est corrigé dans KB5066791.", "KB5062554"},
    {"nl", PW_ADV_CLASS_FIX, "Nieuwe update voor Windows 11",
     "De crashes en het printprobleem die werden veroorzaakt door KB5073457 zijn opgelost in KB5075999.",
     "KB5073457"},
    {"ja", PW_ADV_CLASS_FIX, "イベント ビューアー",
     "KB5068861 によって発生したイベント ビューアーの問題は、既知の問題のロールバック (KIR) を使用して解決されました。",
     "KB5068861"},
    /* the headline's failure, when the body retells every failure it tells */
    {"en", PW_ADV_CLASS_FIX, "BitLocker recovery prompt after Windows update",
     "The BitLocker recovery prompt seen on some laptops after installing KB5061977 is addressed by update "
     "KB5063709.",
     "KB5061977"},
    /* Known Issue Rollback by its localized name; "there is a fix now" in a headline */
    {"es", PW_ADV_CLASS_FIX, "Reversión de problemas conocidos: el Visor de eventos podría cerrarse",
     "Los dispositivos no administrados la reciben en 24 horas.", ""},
    {"es", PW_ADV_CLASS_FIX, "Ya hay solución para el fallo de VPN de KB5044273",
     "Microsoft ha publicado la actualización KB5046714, que vuelve a permitir las conexiones VPN L2TP que había roto "
     "el parche de octubre.",
     "KB5044273"},
    /* a vendor walks back a change (not the update: that is a withdrawal); Dutch separable "lost ... op" */
    {"en", PW_ADV_CLASS_FIX, "Microsoft rolls back the Start menu change that froze search", "", ""},
    {"es", PW_ADV_CLASS_FIX, "Microsoft da marcha atrás con el cambio que bloqueaba el inicio de sesión", "", ""},
    {"fr", PW_ADV_CLASS_FIX, "Windows 11 : Microsoft fait machine arrière sur le changement qui bloquait l'impression",
     "", ""},
    {"de", PW_ADV_CLASS_FIX, "Microsoft macht die Änderung an der Anmeldung rückgängig, die Abstürze verursachte", "",
     ""},
    {"nl", PW_ADV_CLASS_FIX, "Microsoft draait wijziging in Outlook terug na klachten over crashes", "", ""},
    {"ja", PW_ADV_CLASS_FIX, "マイクロソフト、印刷できない不具合を受けて変更を元に戻す", "", ""},
    {"nl", PW_ADV_CLASS_FIX, "Nieuwe update voor de clusters", "KB5070001 lost het probleem met de vastlopende clusters op.",
     ""},
    /* a passive culprit verb says nothing of the fix before it ("to repair prompts triggered by KB1"); a named fix or
     * the vendor as the subject of a fix verb; a fix's own word for the failure ("règle le souci") */
    {"en", PW_ADV_CLASS_FIX, "Microsoft ships KB5058499 to repair BitLocker prompts triggered by KB5055523", "",
     "KB5055523"},
    {"en", PW_ADV_CLASS_FIX, "Microsoft patches audio stutter introduced by last month's update", "", ""},
    {"en", PW_ADV_CLASS_FIX, "Re: Citrix VDAs not registering after KB5060842",
     "KB5062553 fixed it for us. VDAs registered right after the reboot.", "KB5060842"},
    {"fr", PW_ADV_CLASS_FIX, "Re: plantages LSASS",
     "Pour les plantages LSASS, la mise à jour KB5063945 publiée hier règle le souci chez nous.", ""},
    /* Dutch separable "trekt ... in" withdraws the update: a report */
    {"nl", PW_ADV_CLASS_REGRESSION, "Microsoft trekt Windows 11-update KB5070001 in", "", "KB5070001"},
};

static const struct {
    const char *lang, *cls, *title, *text, *affected;
} guards[] = {
    /* a contrast word: what the fix broke besides is the news */
    {"en", PW_ADV_CLASS_REGRESSION, "KB5063709 is out",
     "KB5063709 fixes the VPN bug but breaks printing on our print servers.", ""},
    {"de", PW_ADV_CLASS_REGRESSION, "Erfahrungen mit KB5063709",
     "KB5063709 behebt den VPN-Fehler, verursacht aber Abstürze des Druckspoolers auf unseren Servern.", ""},
    /* an active culprit verb after a fix names what the fix broke */
    {"en", PW_ADV_CLASS_REGRESSION, "Patch for the VPN bug causes blue screens", "", ""},
    /* the fix's own word for the failure ("le souci") does not retell the headline's failure */
    {"fr", PW_ADV_CLASS_REGRESSION, "Plus de son après la mise à jour KB5046633",
     "Nos périphériques audio ne sont plus reconnus depuis le correctif de novembre. Selon Microsoft, la mise à jour "
     "KB5048685 règle le souci.",
     "KB5046633"},
    /* a failure in a sentence of its own is no fix's object */
    {"en", PW_ADV_CLASS_REGRESSION, "KB5061977 broke printing",
     "Printing has been broken on all our print servers since Tuesday. The VPN bug from last month is fixed in "
     "KB5063709.",
     "KB5061977"},
};

/* (session 16) a fix that fell short: a fix announced or named, then "didn't help" or "still" with a failure in
 * this sentence or the next, is a report of the failure that stayed; the fix a fix noun names is never blamed.
 * Each reads as a fix announcement on the code before (checked with bench_reports --text). */
static const struct {
    const char *lang, *title, *text;
} fell_short[] = {
    {"en", "Out-of-band update installed, cluster still broken",
     "We installed the out-of-band update KB5041162 on all four nodes last night. Didn't help. Live migration still "
     "fails."},
    {"de", "Notfall-Update auf den DCs",
     "Wir haben das außerplanmäßige Update KB5037425 auf allen DCs installiert. Hilft nicht, LSASS stürzt weiterhin "
     "ab."},
    {"es", "Parche de emergencia",
     "Instalamos el parche de emergencia KB5053886. No ayudó, el servidor sigue fallando."},
    {"fr", "Correctif hors bande",
     "Correctif hors bande KB5053886 installé hier. Rien à faire, le partage plante toujours."},
    {"nl", "Noodpatch op de cluster", "Noodpatch KB5041162 geïnstalleerd. Helpt niet: de cluster faalt nog steeds."},
    {"ja", "定例外の更新", "定例外の更新 KB5037425 を適用しましたが、改善しませんでした。"},
};

START_TEST(test_session16_a_fix_that_fell_short_is_a_report)
{
    assert_report_case(fell_short[_i].lang, PW_ADV_CLASS_REGRESSION, fell_short[_i].title, fell_short[_i].text, "");
}
END_TEST

START_TEST(test_session16_a_fix_that_helped_stays_a_fix)
{
    /* "still" with no failure in its sentence, or in a condition, says nothing of the fix */
    assert_report_case("en", PW_ADV_CLASS_FIX, "KB5064489 released",
                       "The out-of-band update KB5064489 fixes the CSV issue. It is still available from the Catalog "
                       "only.", "");
    assert_report_case("en", PW_ADV_CLASS_FIX, "KB5064489 released",
                       "The out-of-band update KB5064489 fixes the CSV issue. If the problem still persists, contact "
                       "support.", "");
}
END_TEST

START_TEST(test_session15_fix_stories_in_each_language)
{
    assert_report_case(cases[_i].lang, cases[_i].cls, cases[_i].title, cases[_i].text, cases[_i].affected);
}
END_TEST

START_TEST(test_session15_fix_story_counter_cases)
{
    assert_report_case(guards[_i].lang, guards[_i].cls, guards[_i].title, guards[_i].text, guards[_i].affected);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_fix_stories");
    TCase *tc = tcase_create("session 15");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_session15_fix_stories_in_each_language, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_session15_fix_story_counter_cases, 0, (int)(sizeof guards / sizeof guards[0]));
    tcase_add_loop_test(tc, test_session16_a_fix_that_fell_short_is_a_report, 0,
                        (int)(sizeof fell_short / sizeof fell_short[0]));
    tcase_add_test(tc, test_session16_a_fix_that_helped_stays_a_fix);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
