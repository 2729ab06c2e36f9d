/* test_report_topic: a post must speak of an update to be a regression report (session 19; sentences written for
 * this test, none copied from a post or from tests/fixtures/reports). A cloud service's outage, a printer that jams,
 * a guide to an error message: their failure words are real, but no update is named or even spoken of, so no
 * warning can follow from them. The guards keep what speaks of one in the fewest words: a "CU", a patch night, a
 * fix that broke something, a vendor's fix headline (the fix itself is an update).
 * Each case fails on 4b1c55a's build (checked with bench_reports --text); each guard passes there. */
#include "extract_test_util.h"

#define REG PW_ADV_CLASS_REGRESSION
#define INFO PW_ADV_CLASS_INFO
static const blame_case cases[] = {
    {"en", INFO, "Teams outage locks out thousands",
     "Teams crashed for thousands of users on Monday morning and calls failed across Europe for three hours.", "",
     ""},
    {"de", INFO, "Exchange Online: Störung überwunden",
     "Die Störung von Exchange Online ist vorbei. Seit Montag kam es zu Ausfällen beim Versand, Tausende Postfächer "
     "waren betroffen.",
     "", ""},
    {"es", INFO, "Caída de Outlook",
     "Outlook se cae para miles de usuarios en España desde esta mañana; el servicio de correo falla al enviar.", "",
     ""},
    {"fr", INFO, "Panne géante d'Outlook",
     "Outlook plante chez des milliers d'utilisateurs depuis ce matin et l'envoi de courriels échoue.", "", ""},
    {"nl", INFO, "Storing bij Outlook",
     "Outlook crasht bij duizenden gebruikers sinds vanochtend en het verzenden van mail mislukt.", "", ""},
    {"ja", INFO, "Outlook で大規模障害",
     "今朝から Outlook がクラッシュし、多くのユーザーでメールの送信に失敗しています。", "", ""},
};

static const blame_case guards[] = {
    {"en", REG, "Jan CU borked our RDS farm", "Since last night users cannot log on to the RDS farm.", "", ""},
    {"en", REG, "OpenSSL fix breaks SSH uploads", "", "", ""},
    {"en", REG, "Latest security fix turns out to be a headache", "", "", ""},
    {"de", REG, "Drucker streiken seit dem Patchday",
     "Seit dem Patchday am Dienstag drucken unsere HP-Drucker nicht mehr.", "", ""},
    {"es", REG, "La actualización de ayer rompe la VPN",
     "Desde la actualización de ayer la VPN se corta cada diez minutos en todos los portátiles.", "", ""},
    {"fr", REG, "La mise à jour de mardi casse l'impression",
     "Depuis la mise à jour de mardi, l'impression plante sur tous nos serveurs.", "", ""},
    {"nl", REG, "Printer werkt niet meer na update",
     "Sinds de update van dinsdag werkt printen niet meer op onze servers.", "", ""},
    {"ja", REG, "更新後に印刷できない", "昨日の更新プログラムを適用後、すべてのサーバーで印刷できなくなりました。", "", ""},
};

START_TEST(test_a_failure_of_no_update_is_no_report)
{
    assert_blame_case(&cases[_i]);
}
END_TEST

START_TEST(test_an_update_named_in_few_words_still_counts)
{
    assert_blame_case(&guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_topic");
    TCase *tc = tcase_create("session 19");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_a_failure_of_no_update_is_no_report, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_an_update_named_in_few_words_still_counts, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
