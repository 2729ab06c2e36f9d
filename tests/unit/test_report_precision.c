/* test_report_precision: mechanisms of session 9 (issue 13) that make a regression report need evidence a guide
 * does not have, each in the languages where it exists, on sentences written for this test (none taken from
 * tests/fixtures/reports):
 *   - a failure told of the reader's system with no particular update named in its sentence ("your server no
 *     longer boots after updates", "votre serveur ne démarre plus", "zeigt Ihr PC einen Bluescreen",
 *     "あなたのサーバーが起動しない") is the scenario a guide is written for: its cues count a quarter, while a
 *     first-hand report that thanks or asks the reader ("thank you", "Weet u raad?") stays a report, and so does a
 *     vendor's known issue about one update ("After installing this update, your device might fail to start") and
 *     a headline's "your" over a body that does not address the reader (a news hook);
 *   - a symptom in quotation marks (“...”, „...“, «...», 「...」) that says more than the cue, with no update named
 *     in its sentence, is a complaint or a message mentioned, as guides open with them, not a case seen: a quarter
 *     of its weight (a quoted term, “blue screen of death”, is no complaint);
 *   - a symptom told as a habit ("typically", "normalerweise", "généralement", "meestal", "通常") is a
 *     generalization, weighed like a condition ("in some cases" is left out: it scopes a case seen);
 *   - a thread's verdict is its last word: a clearing stated in the body ("false alarm", "Fehlalarm", "falsa
 *     alarma", "fausse alerte", "vals alarm", "誤報") after every failure told makes the post informational, while
 *     one asked about, followed by a failure told again, or scoped to the writer's software ("not a bug in our
 *     code", "kein Bug in unserer Software") does not.
 * Each mechanism case reads as a regression report on the code before this session. */
#include <stdlib.h>
#include <string.h>

#include "extract_test_util.h"

static const struct {
    const char *lang, *cls, *title, *text, *affected;
} cases[] = {
    /* the reader's system, no particular update named there: a guide's scenario */
    {"en", PW_ADV_CLASS_INFO, "Your server no longer boots after updates", "Here is what you should check.", ""},
    {"de", PW_ADV_CLASS_INFO, "Nach Updates zeigt Ihr PC einen Bluescreen", "Das sollten Sie prüfen.", ""},
    {"es", PW_ADV_CLASS_INFO, "Tu servidor ya no arranca tras las actualizaciones",
     "Esto es lo que usted debe revisar.",
     ""},
    {"fr", PW_ADV_CLASS_INFO, "Votre serveur ne démarre plus après des mises à jour",
     "Voici ce que vous devez vérifier.",
     ""},
    {"nl", PW_ADV_CLASS_INFO, "Uw server start niet meer na updates", "Dit moet u controleren.", ""},
    {"ja", PW_ADV_CLASS_INFO, "あなたのサーバーが更新後に起動しない", "あなたが確認すべき点はこちら。", ""},
    /* a symptom quoted, with no update named in its sentence: a complaint or message mentioned */
    {"en", PW_ADV_CLASS_INFO, "Weekly mailbag",
     "\u201cThe server no longer boots after updates\u201d is a message we hear every week.", ""},
    {"de", PW_ADV_CLASS_INFO, "Leserpost",
     "\u201eNach dem Update stürzt der Server ab, Bluescreen\u201c hören wir jede Woche.", ""},
    {"es", PW_ADV_CLASS_INFO, "Correo de lectores",
     "«El servidor ya no arranca tras las actualizaciones» es algo que oímos cada semana.", ""},
    {"fr", PW_ADV_CLASS_INFO, "Courrier des lecteurs",
     "« Le serveur ne démarre plus après des mises à jour » : on l'entend chaque semaine.", ""},
    {"nl", PW_ADV_CLASS_INFO, "Lezerspost",
     "\u201cNa updates crasht de server met een blauw scherm\u201d horen we elke week.", ""},
    {"ja", PW_ADV_CLASS_INFO, "読者の声", "「更新後にサーバーが起動しない」という声を毎週聞きます。", ""},
    /* the thread's verdict clears the update */
    {"en", PW_ADV_CLASS_INFO, "KB5000001 breaks printing", "Update: false alarm, a driver setting was the cause.",
     "KB5000001"},
    {"de", PW_ADV_CLASS_INFO, "KB5000001 verursacht Druckprobleme",
     "Nachtrag: Fehlalarm, es lag an einer Treibereinstellung.", "KB5000001"},
    {"es", PW_ADV_CLASS_INFO, "KB5000001 provoca problemas de impresión",
     "Actualización: falsa alarma, la causa era un ajuste del controlador.", "KB5000001"},
    {"fr", PW_ADV_CLASS_INFO, "KB5000001 provoque des problèmes d'impression",
     "Mise à jour : fausse alerte, un réglage du pilote en était la cause.", "KB5000001"},
    {"nl", PW_ADV_CLASS_INFO, "KB5000001 veroorzaakt printproblemen",
     "Update: vals alarm, een driverinstelling was de oorzaak.", "KB5000001"},
    {"ja", PW_ADV_CLASS_INFO, "KB5000001 で印刷できない", "追記：誤報でした。プリンターの設定を直しました。", "KB5000001"},
    /* (session 16) "it wasn't the update" in each language */
    {"en", PW_ADV_CLASS_INFO, "KB5000001 breaks printing",
     "Update: it wasn't the update after all, a driver setting was the cause.", "KB5000001"},
    {"de", PW_ADV_CLASS_INFO, "KB5000001 verursacht Druckprobleme",
     "Nachtrag: lag nicht am Update, sondern an einer Treibereinstellung.", "KB5000001"},
    {"es", PW_ADV_CLASS_INFO, "KB5000001 provoca problemas de impresión",
     "Actualización: no era la actualización, la causa era un ajuste del controlador.", "KB5000001"},
    {"fr", PW_ADV_CLASS_INFO, "KB5000001 provoque des problèmes d'impression",
     "Mise à jour : ce n'était pas la mise à jour, un réglage du pilote en était la cause.", "KB5000001"},
    {"nl", PW_ADV_CLASS_INFO, "KB5000001 veroorzaakt printproblemen",
     "Update: lag niet aan de update, een driverinstelling was de oorzaak.", "KB5000001"},
    {"ja", PW_ADV_CLASS_INFO, "KB5000001 で印刷できない",
     "追記：更新プログラムのせいではなかったです。プリンターの設定を直しました。", "KB5000001"},
};

/* What the mechanisms must leave alone: first-hand reports that address the reader elsewhere. */
static const struct {
    const char *lang, *cls, *title, *text, *affected;
} guards[] = {
    {"en", PW_ADV_CLASS_REGRESSION, "My server no longer boots after the March update",
     "Thank you for any help, you guys are great.", ""},
    {"de", PW_ADV_CLASS_REGRESSION, "Mein Server startet nach dem März-Update nicht mehr", "Können Sie helfen?", ""},
    {"es", PW_ADV_CLASS_REGRESSION, "Mi servidor ya no arranca tras la actualización de marzo", "¿Usted sabe algo?",
     ""},
    {"fr", PW_ADV_CLASS_REGRESSION, "Mon serveur ne démarre plus après la mise à jour de mars", "Vous avez une idée ?",
     ""},
    {"nl", PW_ADV_CLASS_REGRESSION, "Mijn server start niet meer na de update van maart", "Weet u raad?", ""},
    {"ja", PW_ADV_CLASS_REGRESSION, "弊社のサーバーが3月の更新後に起動しない", "あなたの環境ではどうですか？", ""},
    /* a headline's "your" over a story told in the third person is a news hook */
    {"en", PW_ADV_CLASS_REGRESSION, "Windows 11 update breaks your Start menu",
     "The latest Windows 11 update breaks the Start menu for many users.", ""},
    /* a vendor's known issue addresses the reader about one particular update */
    {"en", PW_ADV_CLASS_REGRESSION, "Windows 11 KB5000001",
     "After installing this update, your device might fail to start.", "KB5000001"},
    {"en", PW_ADV_CLASS_REGRESSION, "Your server no longer boots after the March update", "Here is what to check.",
     ""},
    /* a quotation that is the cue alone names a thing, it quotes no complaint */
    {"en", PW_ADV_CLASS_REGRESSION, "Crashes",
     "Many users report the infamous \u201c" "blue screen of death\u201d after installing updates.", ""},
    /* a message quoted in a sentence that names the update is the report's evidence */
    {"en", PW_ADV_CLASS_REGRESSION, "Weekly mailbag",
     "After the March update KB5000001 the log shows \u201cthe server no longer boots\u201d.", "KB5000001"},
    {"ja", PW_ADV_CLASS_REGRESSION, "読者の声", "KB5000001 を適用後、「サーバーが起動しない」というエラーが出ます。",
     "KB5000001"},
    /* a clearing scoped to the writer's software blames the update: no verdict */
    {"en", PW_ADV_CLASS_REGRESSION, "Crash after glibc 2.39 update",
     "The glibc 2.39 update broke our binaries; this is not a bug in our code.", ""},
    {"de", PW_ADV_CLASS_REGRESSION, "Absturz nach dem Update",
     "Seit dem März-Update stürzt der Dienst ab. Kein Bug in unserer Software, sondern im Update.", ""},
    /* a clearing asked about, or followed by the failure told again, is no verdict */
    {"en", PW_ADV_CLASS_REGRESSION, "KB5000001 breaks printing", "Could this be a false alarm?", "KB5000001"},
    {"de", PW_ADV_CLASS_REGRESSION, "KB5000001 verursacht Druckprobleme", "Ist das ein Fehlalarm?", "KB5000001"},
    {"en", PW_ADV_CLASS_REGRESSION, "KB5000001 breaks printing",
     "False alarm on the first server. On the second one the spooler crashes after every reboot.", "KB5000001"},
};

/* A symptom told as a habit ("typically", "normalerweise", "normalmente", "généralement", "meestal", "通常") is read
 * as a generalization, like a condition; the same symptom told as an event is not. */
START_TEST(test_a_symptom_told_as_a_habit_is_a_generalization)
{
    static const struct {
        const char *lang, *habit, *event;
    } forms[] = {
        {"en", "After the March update the spooler typically crashes.",
         "After the March update the spooler crashes every morning."},
        {"de", "Nach dem März-Update zeigt der Server normalerweise einen Bluescreen.",
         "Nach dem März-Update zeigt der Server einen Bluescreen."},
        {"es", "Tras la actualización de marzo el servidor normalmente muestra una pantalla azul.",
         "Tras la actualización de marzo el servidor muestra una pantalla azul."},
        {"fr", "Après la mise à jour de mars, le serveur plante généralement avec un écran bleu.",
         "Après la mise à jour de mars, le serveur plante avec un écran bleu."},
        {"nl", "Na de update van maart crasht de server meestal met een blauw scherm.",
         "Na de update van maart crasht de server met een blauw scherm."},
        {"ja", "3月の更新後、通常はサーバーがクラッシュする。", "3月の更新後、サーバーがクラッシュした。"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        read_report("Print spooler", forms[i].habit);
        ck_assert_msg(pw_extractor_features(x)[PW_FEAT_HYPO] > 0, "[%s] %s: read as an event", forms[i].lang,
                      forms[i].habit);
        read_report("Print spooler", forms[i].event);
        ck_assert_msg(pw_extractor_features(x)[PW_FEAT_HYPO] == 0, "[%s] %s: read as a generalization",
                      forms[i].lang, forms[i].event);
    }
}
END_TEST

START_TEST(test_session9_precision_mechanisms_in_each_language)
{
    assert_report_case(cases[_i].lang, cases[_i].cls, cases[_i].title, cases[_i].text, cases[_i].affected);
}
END_TEST

START_TEST(test_session9_precision_counter_cases)
{
    assert_report_case(guards[_i].lang, guards[_i].cls, guards[_i].title, guards[_i].text, guards[_i].affected);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_precision");
    TCase *tc = tcase_create("session 9");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_session9_precision_mechanisms_in_each_language, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_session9_precision_counter_cases, 0, (int)(sizeof guards / sizeof guards[0]));
    tcase_add_test(tc, test_a_symptom_told_as_a_habit_is_a_generalization);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
