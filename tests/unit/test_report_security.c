/* test_report_security: a vulnerability told is not a regression (session 15, issue 13), in six languages, on
 * sentences written for this test (none taken from tests/fixtures/reports or the probe sets): a failure told in the
 * clause of a `security` word, or before it in its sentence ("a bug that let code in a guest crash the host;
 * attackers could ...", "un fallo ... permite a un atacante", "脆弱性") is the hole a security update closes, and
 * counts a quarter -- unless a contrast word or a comma after the security word starts the update's own clause
 * ("KB1, which fixes an exploited zero-day, is causing blue screens"), or the sentence tells an install ("After installing the security update KB1, which fixes a remote code execution vulnerability,
 * Outlook crashes"), or the security word is only what an update fixes, in another clause than the failure
 * ("update fixes security flaws, breaks mail flow"). Each mechanism case reads as a regression report on the code
 * before this session; each counter case reads as one before and after. */
#include <stdlib.h>
#include <string.h>

#include "extract_test_util.h"

static const struct {
    const char *lang, *cls, *title, *text, *affected;
} cases[] = {
    {"en", PW_ADV_CLASS_INFO, "Hyper-V escape earns record bounty",
     "A researcher found a bug that let code in a guest VM crash the host and run arbitrary code on it; attackers "
     "could have used it to take over whole clusters.",
     ""},
    {"de", PW_ADV_CLASS_INFO, "Schwachstelle im RDP-Dienst: Server stürzt ab",
     "Ein Fehler im Remotedesktopdienst bringt den Server zum Absturz; Angreifer können darüber Schadcode ausführen. "
     "Das Update KB5055523 vom März schließt die Lücke.",
     ""},
    {"es", PW_ADV_CLASS_INFO, "Vulnerabilidad en Escritorio remoto: el servidor se bloquea",
     "Un fallo en el servicio de Escritorio remoto provoca un bloqueo del sistema y permite a un atacante la "
     "ejecución remota de código. La actualización KB5055523 de marzo cierra el agujero.",
     ""},
    {"fr", PW_ADV_CLASS_INFO, "Faille dans le pilote réseau : le serveur plante",
     "Un paquet malformé provoque un plantage du pilote et permet à un attaquant l'exécution de code à distance. La "
     "mise à jour KB5055523 de mars comble la faille.",
     ""},
    {"nl", PW_ADV_CLASS_INFO, "Lek in Exchange Server: server loopt vast",
     "Door een fout in Exchange Server kan een kwaadwillende de server laten vastlopen en willekeurige code "
     "uitvoeren. De update KB5055523 van maart dicht het lek.",
     ""},
    {"ja", PW_ADV_CLASS_INFO, "リモートデスクトップの脆弱性",
     "リモートデスクトップ サービスの不具合により、攻撃者がサーバーをクラッシュさせたり任意のコードを実行したりできる。", ""},
};

static const struct {
    const char *lang, *cls, *title, *text, *affected;
} guards[] = {
    /* the install is told: the failure is the update's */
    {"en", PW_ADV_CLASS_REGRESSION, "Outlook crashes on launch",
     "After installing the security update KB5002637, which fixes a remote code execution vulnerability, Outlook "
     "crashes on launch on all our PCs.",
     "KB5002637"},
    /* the failure is the update's, in a clause after the one that tells what it fixes (these read as informational
     * when the whole sentence counted as the vulnerability's) */
    {"en", PW_ADV_CLASS_REGRESSION, "Re: June update",
     "Microsoft's June security update, which patches an actively exploited zero-day, is causing blue screens on some "
     "PCs.",
     ""},
    {"de", PW_ADV_CLASS_REGRESSION, "Re: June update",
     "Das Update KB5063878 schließt eine aktiv ausgenutzte Zero-Day-Lücke, legt aber bei vielen Admins die "
     "Druckserver lahm.",
     "KB5063878"},
    {"es", PW_ADV_CLASS_REGRESSION, "Re: June update",
     "La actualización KB5063878, que corrige una vulnerabilidad explotada por atacantes, está provocando pantallazos "
     "azules.",
     "KB5063878"},
    {"fr", PW_ADV_CLASS_REGRESSION, "Re: June update",
     "La mise à jour KB5063878, qui corrige une faille exploitée par des attaquants, provoque des écrans bleus chez de "
     "nombreux utilisateurs.",
     "KB5063878"},
    /* the security word is what the update fixes, the failure is another clause's */
    {"en", PW_ADV_CLASS_REGRESSION, "Exchange update fixes security flaws, breaks mail flow",
     "Our transport queues stopped after the update.", ""},
};

START_TEST(test_session15_a_vulnerability_told_is_no_regression)
{
    assert_report_case(cases[_i].lang, cases[_i].cls, cases[_i].title, cases[_i].text, cases[_i].affected);
}
END_TEST

START_TEST(test_session15_security_counter_cases)
{
    assert_report_case(guards[_i].lang, guards[_i].cls, guards[_i].title, guards[_i].text, guards[_i].affected);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_security");
    TCase *tc = tcase_create("session 15");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_session15_a_vulnerability_told_is_no_regression, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_session15_security_counter_cases, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
