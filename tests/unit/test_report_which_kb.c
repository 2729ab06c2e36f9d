/* test_report_which_kb: which of several updates a post blames, when the others are told in ways that clear them
 * (session 18; sentences written for this test, none copied from a post or from tests/fixtures/reports):
 *   - removing the named update mended the failure ("Removing KB1 resolved the crashes", "Si quito el KB1, todo
 *     vuelve a la normalidad", "KB1 を外すと元に戻る"): the post is a report and KB1 its culprit;
 *   - an update the writer never installed ("We never installed KB1 and went straight to KB2", "KB1 haben wir nie
 *     installiert", "No llegamos a instalar el KB1", "Nous n'avons jamais installé KB1", "KB1 hebben we nooit
 *     geïnstalleerd", "KB1 は入れずに") is not blamed beside the one installed;
 *   - an update that ran fine ("KB1 had been running for weeks with no issues", "KB1 lief einen Monat ohne
 *     Probleme", "KB1 funcionó un mes sin ningún problema", "KB1 avait tourné un mois sans problème", "KB1 draaide
 *     een maand zonder problemen", "KB1 は1か月問題なく動いていました") is not blamed beside an update the post blames,
 *     its all-clear is not the post's verdict, and going back to it ("volvemos al KB1", "on revient à KB1", "we gaan terug naar KB1", "KB1 に戻します")
 *     offers it as the remedy;
 *   - the update that superseded another ("superseded by KB2", "KB2 replaces KB1", "KB2 ersetzt KB1") and was
 *     installed before the failure is the culprit, not the fix, and the one it replaced is not blamed; in a fix
 *     story the replacement stays the fix;
 *   - a symptom told in words the vocabulary lacked: "se cae", "se corta", "se congelan", "se figent", "固まります".
 * Each case fails on 08345f9's build (checked with bench_reports --text); each guard passes there. */
#include <stdlib.h>
#include <string.h>

#include "extract_test_util.h"

#define REG PW_ADV_CLASS_REGRESSION
static const blame_case cases[] = {
    /* removing the update mended it */
    {"en", REG, "Print spooler crashes since KB5046740", "Removing KB5046740 resolved the crashes on all our print servers.",
     "KB5046740", ""},
    {"es", REG, "La cola de impresión se cae",
     "Si quito el KB5046740, todo vuelve a la normalidad. Desde el martes la cola se cae cada hora.", "KB5046740", ""},
    /* never installed, went straight to the next one */
    {"en", REG, "RDP freezes",
     "We never installed KB5044284 on the jump hosts and went straight to KB5046740. Since then RDP sessions freeze "
     "after 30 seconds.",
     "KB5046740", "KB5044284"},
    {"nl", REG, "RDP bevriest",
     "KB5044284 hebben we nooit geïnstalleerd, we zijn direct naar KB5046740 gegaan. Sindsdien bevriezen RDP-sessies "
     "na 30 seconden.",
     "KB5046740", "KB5044284"},
    {"de", REG, "RDP friert ein",
     "KB5044284 haben wir nie installiert, wir sind direkt auf KB5046740 gegangen. Seitdem frieren RDP-Sitzungen nach "
     "30 Sekunden ein.",
     "KB5046740", "KB5044284"},
    {"es", REG, "RDP se congela",
     "No llegamos a instalar el KB5044284, fuimos directamente al KB5046740. Desde entonces las sesiones RDP se "
     "congelan.",
     "KB5046740", "KB5044284"},
    {"fr", REG, "RDP se fige",
     "Nous n'avons jamais installé KB5044284, nous sommes passés directement à KB5046740. Depuis, les sessions RDP se "
     "figent.",
     "KB5046740", "KB5044284"},
    {"ja", REG, "RDP が固まる",
     "KB5044284 は入れずに KB5046740 を直接適用しました。それ以来 RDP に接続できない状態です。", "KB5046740", "KB5044284"},
    /* ran fine, then the next one broke something; going back to the good one */
    {"de", REG, "RD-Gateway langsam",
     "KB5048661 lief einen Monat ohne Probleme. Seit KB5050008 ist der UDP-Transport weg, wir gehen zurück auf "
     "KB5048661.",
     "KB5050008", "KB5048661"},
    {"es", REG, "Pasarela RD lenta",
     "KB5048661 funcionó un mes sin ningún problema. Desde KB5050008 no hay transporte UDP, volvemos al KB5048661.",
     "KB5050008", "KB5048661"},
    {"fr", REG, "Passerelle RD lente",
     "KB5048661 avait tourné un mois sans problème. Depuis KB5050008, plus de transport UDP, on revient à KB5048661.",
     "KB5050008", "KB5048661"},
    {"nl", REG, "RD-gateway traag",
     "KB5048661 draaide een maand zonder problemen. Sinds KB5050008 is het UDP-transport weg, we gaan terug naar "
     "KB5048661.",
     "KB5050008", "KB5048661"},
    {"ja", REG, "RD ゲートウェイが遅い",
     "KB5048661 は1か月問題なく動いていました。KB5050008 以降 UDP が使えなくなったので KB5048661 に戻します。", "KB5050008",
     "KB5048661"},
    {"en", REG, "VPN drops after patch night",
     "KB5048661 had been running for weeks with no issues. After KB5050008 the VPN drops every ten minutes.",
     "KB5050008", "KB5048661"},
    {"de", REG, "VPN bricht ab",
     "KB5048661 lief wochenlang ohne Auffälligkeiten. Nach KB5050008 bricht das VPN alle zehn Minuten ab.", "KB5050008",
     "KB5048661"},
    {"es", REG, "La VPN se corta",
     "KB5048661 llevaba semanas sin ningún problema. Tras KB5050008 la VPN se corta cada diez minutos.", "KB5050008",
     "KB5048661"},
    {"en", REG, "Boot loop after KB5050008", "KB5048661 ran fine, but KB5050008 sent two of our DCs into a boot loop.",
     "KB5050008", "KB5048661"},
    /* the replacement was installed and broke something: supersedence does not make it the fix */
    {"en", REG, "Outlook crashes",
     "WSUS shows KB5048661 superseded by KB5050008, so we approved KB5050008. Since KB5050008 Outlook crashes on start.",
     "KB5050008", "KB5048661"},
    {"en", REG, "PDF printing gone",
     "KB5050008 replaces KB5048661 in WSUS, so we deployed it on Friday. Since KB5050008 our print server won't print "
     "PDFs anymore.",
     "KB5050008", "KB5048661"},
    {"de", REG, "Drucken kaputt",
     "KB5050008 ersetzt KB5048661, also haben wir es verteilt. Seit KB5050008 stürzt der Druckdienst ab.", "KB5050008",
     "KB5048661"},
};

static const blame_case guards[] = {
    /* skipped because of the failure: the failure is why, and the KB is the culprit */
    {"en", REG, "We skipped KB5048661 because it breaks printing",
     "We skipped KB5048661 because it breaks printing on our HP fleet.", "KB5048661", ""},
    {"en", REG, "Printing broken", "We didn't deploy KB5048661 because it breaks printing. Is KB5050008 safe?",
     "KB5048661", "KB5050008"},
    /* an update that did not install failed */
    {"en", REG, "Skipped", "KB5048661 didn't install on three servers, it fails with 0x800f0922.", "KB5048661", ""},
    /* an all-clear about both updates is the post's */
    {"en", PW_ADV_CLASS_INFO, "Patch night",
     "KB5048661 and KB5050008 installed without problems on 200 servers. Only the SQL box had a hiccup, unrelated.", "",
     ""},
    /* ran fine and going back to it: right before as well */
    {"en", REG, "RD gateway slow",
     "KB5048661 ran for a month without any problem. Since KB5050008 the UDP transport is gone and users complain, so "
     "we are going back to KB5048661.",
     "KB5050008", "KB5048661"},
    /* removal in other languages */
    {"de", REG, "Spooler stürzt ab",
     "Nach der Deinstallation von KB5046740 läuft alles wieder. Seit Dienstag stürzt der Spooler stündlich ab.",
     "KB5046740", ""},
    /* an all-clear of some hosts before the failure of others, told with a pronoun: the update still did it */
    {"en", REG, "LSASS crashes on DCs",
     "KB5048661 ran without problems on the test ring. On the domain controllers it crashed LSASS twice, and the .NET "
     "update KB5048685 went on the same night.",
     "KB5048661", "KB5048685"},
    /* in a fix story the replacement is the fix, and the update it replaced the culprit */
    {"en", PW_ADV_CLASS_FIX, "Printing fixed", "KB5050008 replaces KB5048661, which broke printing on many HP printers.",
     "KB5048661", "KB5050008"},
    {"fr", PW_ADV_CLASS_FIX, "Impression corrigée",
     "KB5050008 remplace KB5048661, qui a cassé l'impression sur de nombreuses imprimantes HP.", "KB5048661", "KB5050008"},
    {"en", PW_ADV_CLASS_FIX, "Cluster problems",
     "KB5064489 supersedes KB5062557 and fixes the cluster service crash it introduced.", "KB5062557", "KB5064489"},
    {"fr", REG, "Le spouleur plante",
     "En désinstallant KB5046740, tout refonctionne. Depuis mardi le spouleur plante toutes les heures.", "KB5046740",
     ""},
};

START_TEST(test_the_update_that_broke_it_is_blamed)
{
    assert_blame_case(&cases[_i]);
}
END_TEST

START_TEST(test_the_same_words_keep_their_meaning)
{
    assert_blame_case(&guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_which_kb");
    TCase *tc = tcase_create("session 18");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_the_update_that_broke_it_is_blamed, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_the_same_words_keep_their_meaning, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
