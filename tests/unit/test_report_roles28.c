/* test_report_roles28: which update a post blames and which it offers as the fix, in the forms session 28 found
 * misread in its study material (posts naming a bad update and its fix; docs/feeds.md "Session 28"), written anew here,
 * none copied from a post. Each case fails on 9847a6f; the guards, which pass on both, hold the new readings to
 * their limits.
 * - "update to" / "upgrade to" place only their own object: "upgrade to 24H2 (KB1)" says nothing of KB1.
 * - An install told as the means ("by installing KB2", "durch die Installation von KB2", "instalando KB2", "en
 *   installant KB2", "door KB2 te installeren", "KB2 を適用することで"): what its sentence says happened decides.
 * - A prerequisite named as such is neither culprit nor fix by being listed or installed.
 * - A warning to block an update or not to install it ("rät davon ab, ... zu installieren", "recomienda bloquear la
 *   actualización"), a bug confirmed ("bestätigte den Fehler"), a headline's "ya tiene una solución", "and optionally
 *   KB2" in a list.
 * - A fix only meant ("was expected to fix", "était attendue pour corriger"), a vulnerability closed ("das vier
 *   Sicherheitslücken behebt") or one the next sentence blames ("These patches also caused Access to crash") is no fix.
 * - A dependency ("they won't install without this Servicing Stack") is no failure.
 * - A bug fix named as such before its KB: "Fehlerkorrektur KB2", "不具合修正(KB2)".
 * - "Remove KB1, the fix is KB2" tells where the fix is, not what undoing KB1 did.
 * - An update said not to be the cause ("KB1 is not the cause", "is KB1 niet de oorzaak", "KB1 n'est pas la cause").
 * - A vendor's denial ("have denied these allegations", "no tiene pruebas", "weist die Vorwürfe zurück", "démenti",
 *   "ontkent", "関連はない") clears the update, like "no link found". */
#include "extract_test_util.h"

/* {lang, title, body, class, blamed ("" none), not blamed ("" none), the fix ("" none; "!KB1": KB1 is not it)} */
static const char *const cases[][7] = {
    /* "update to" / "upgrade to" */
    {"en", "May block the upgrade to 24H2 (KB5099001)", "KB5099001 keeps failing with 0x800f0922 on our laptops.",
     "regression-report", "KB5099001", "", ""},
    {"en", "Preview pulled after blue screens",
     "Microsoft has pulled the preview after it caused blue screens. In it Microsoft shipped an update to the "
     "Windows 11 servicing stack (KB5099002).",
     "regression-report", "KB5099002", "", ""},
    /* the install as the means: a fix ... */
    {"en", "Printing broke", "Printing broke after KB5099010. I was able to resolve the issue by installing KB5099011.",
     "regression-report", "KB5099010", "KB5099011", "KB5099011"},
    {"de", "Drucken geht nicht mehr",
     "Nach KB5099010 druckt nichts mehr. Das Problem konnte ich durch die Installation von KB5099011 beheben.",
     "regression-report", "KB5099010", "KB5099011", "KB5099011"},
    {"es", "No imprime", "Tras instalar KB5099010 no imprime nada. Lo solucioné instalando KB5099011.",
     "regression-report", "KB5099010", "KB5099011", "KB5099011"},
    {"fr", "Impression impossible",
     "Depuis KB5099010, le spouleur plante sur tous nos serveurs. J'ai contourné le problème en installant KB5099011.",
     "regression-report", "KB5099010", "KB5099011", "KB5099011"},
    /* ... or the culprit */
    {"ja", "Windows 11 の更新で不具合",
     "月例アップデート「KB5099005」を適用することで、SSD のデータが消失するという致命的な不具合が報告されています。",
     "regression-report", "KB5099005", "", ""},
    /* a warning to block or not install it, a bug confirmed, six languages */
    {"de", ".NET 4.8 und Exchange",
     "Das Exchange-Team rät davon ab, das .NET Framework 4.8 auf Exchange-Servern zu installieren. Wer KB5099070 schon "
     "eingespielt hat, sollte es deinstallieren.",
     "regression-report", "KB5099070", "", ""},
    {"es", "Exchange y .NET 4.8",
     "El equipo de Exchange recomienda bloquear la actualización KB5099073 en los servidores Exchange.",
     "regression-report", "KB5099073", "", ""},
    {"fr", "Exchange et .NET 4.8",
     "L'équipe Exchange recommande de bloquer la mise à jour KB5099074 sur les serveurs Exchange.",
     "regression-report", "KB5099074", "", ""},
    {"nl", "Exchange en .NET 4.8", "Het Exchange-team raadt aan de update KB5099075 te blokkeren op Exchange-servers.",
     "regression-report", "KB5099075", "", ""},
    {"de", "Update mit Fehler",
     "Das Update KB5099076 kann deine SSD außer Gefecht setzen. Der Hersteller bestätigte den Fehler inzwischen.",
     "regression-report", "KB5099076", "", ""},
    /* "Update auf .NET Framework 4.8 gemäß KB1": the KB labels the product, it is no fix */
    {"de", "Exchange und .NET",
     "Microsoft empfiehlt sogar, das Update auf .NET Framework 4.8 gemäß KB5099071 auf Exchange-Servern zu "
     "blockieren.",
     "regression-report", "", "", "!KB5099071"},
    /* the bug that now has a fix, as a headline tells it */
    {"es", "El fallo de impresión de Windows 11 ya tiene una solución",
     "Durante semanas la impresión fallaba en muchos equipos con la actualización KB5099041.", "fix-announcement", "",
     "", ""},
    {"en", "The printing bug finally has a fix", "For weeks printing failed on many PCs with the update KB5099041.",
     "fix-announcement", "", "", ""},
    /* "and optionally" joins a list */
    {"en", "Blue screens after the August updates",
     "Blue screens everywhere. Remove KB5099050 and optionally KB5099051 from the affected servers.",
     "regression-report", "KB5099051", "", ""},
    /* an update said not to be the cause, beside the one that is */
    {"en", "Outlook crashes",
     "Contrary to some reports, KB5099080 is not the cause of this issue. Outlook crashes after KB5099081.",
     "regression-report", "KB5099081", "KB5099080", ""},
    {"de", "Outlook stürzt ab",
     "Entgegen anderslautenden Meldungen ist KB5099080 nicht die Ursache des Problems. Outlook stürzt nach KB5099081 "
     "ab.",
     "regression-report", "KB5099081", "KB5099080", ""},
    {"es", "Outlook se bloquea", "KB5099080 no es la causa: desde KB5099081 Outlook se bloquea.", "regression-report",
     "KB5099081", "KB5099080", ""},
    {"fr", "Outlook plante", "KB5099080 n'est pas la cause : depuis KB5099081, Outlook plante.", "regression-report",
     "KB5099081", "KB5099080", ""},
    {"nl", "Outlook crasht",
     "In tegenstelling tot sommige meldingen, is KB5099080 niet de oorzaak van deze issue. Outlook crasht na "
     "KB5099081.",
     "regression-report", "KB5099081", "KB5099080", ""},
    /* an update removed because the fix is another one: no report of what undoing did */
    {"en", "Update the symbol list", "Also remove KB5099090 from the list, as the actual fix is KB5099091.",
     "informational", "", "", ""},
    /* a bug fix named as such before its KB */
    {"de", "Drucken kaputt", "Nach KB5099100 druckt nichts mehr. Die Fehlerkorrektur KB5099101 kommt nächste Woche.",
     "regression-report", "KB5099100", "KB5099101", "KB5099101"},
    {"ja", "L2TP がつながらない",
     "KB5099100 の適用後に L2TP で接続できなくなった。過去の不具合修正(KB5099101)も確認してください。",
     "regression-report", "KB5099100", "KB5099101", "KB5099101"},
    /* a fix only meant, a vulnerability closed, a failure told of the same updates in the next sentence */
    {"en", "Strange folder after the April update",
     "The April update KB5099110 was expected to fix a long-standing Explorer bug. Ironically it introduced a new "
     "anomaly: a strange folder on every PC.",
     "regression-report", "", "", "!KB5099110"},
    {"fr", "Un dossier bizarre après la mise à jour d'avril",
     "Cette même mise à jour KB5099110 était pourtant attendue pour corriger certains problèmes. Ironie du sort, elle "
     "introduit une nouvelle anomalie sur tous les PC.",
     "regression-report", "", "", "!KB5099110"},
    {"de", "Outlook 2010 startet nicht mehr",
     "Am 13. November erschien das Sicherheitsupdate KB5099111, das vier Sicherheitslücken behebt. Seitdem startet "
     "Outlook 2010 auf vielen PCs nicht mehr.",
     "regression-report", "KB5099111", "", ""},
    {"en", "Access crashes",
     "On 6 November Microsoft released updates KB5099112 and KB5099113, which fixed the calendar. These patches also "
     "caused Access to crash.",
     "regression-report", "KB5099113", "", "!KB5099112"},
    /* what an update needs first is no failure */
    {"en", "Servicing Stack dependency",
     "Before installing ESUs, make sure you install KB5099120. They won't install without this Servicing Stack "
     "already present.",
     "informational", "", "", ""},
    /* a vendor's denial */
    {"en", "Did the August update kill SSDs?",
     "Reports blamed KB5099030 for failing SSDs. Microsoft and the controller maker have denied these "
     "allegations after their own investigation.",
     "informational", "", "", ""},
    {"en", "Microsoft denies its update caused SSDs to crash", "Microsoft looked into the reports about KB5099030.",
     "informational", "", "", ""},
    {"es", "¿La actualización rompe los SSD?",
     "Usuarios culpan a KB5099030 de fallos en sus SSD. Microsoft afirma que no tiene pruebas del fallo.",
     "informational", "", "", ""},
    {"de", "Zerstört das Update SSDs?",
     "Nutzer machen KB5099030 für defekte SSDs verantwortlich. Microsoft weist die Vorwürfe zurück.",
     "informational", "", "", ""},
    {"fr", "La mise à jour grille-t-elle les SSD ?",
     "Des utilisateurs accusent KB5099030 de pannes de SSD. Selon l'enquête, ce ne sont pas les mises à jour de "
     "Microsoft qui grillent les SSD.",
     "informational", "", "", ""},
    {"nl", "Maakt de update SSD's kapot?",
     "Gebruikers geven KB5099030 de schuld van kapotte SSD's. Microsoft ontkent dat de update de schijven beschadigt.",
     "informational", "", "", ""},
    {"ja", "SSD 故障と更新プログラム",
     "KB5099030 の適用後に SSD が故障したという報告があった。マイクロソフトは調査の結果、更新プログラムとの関連はないと発表した。",
     "informational", "", "", ""},
};

/* a prerequisite named as such beside a fix: {lang, title, body}; the fix is KB5099022, KB4099021 is neither */
static const char *const prerequisites[][3] = {
    {"en", "Fix for the black wallpaper bug",
     "Microsoft has released the out-of-band update KB5099022 to fix the black wallpaper bug. Before "
     "installing it you must install the prerequisite KB4099021."},
    {"de", "Korrektur für den schwarzen Desktop",
     "Microsoft hat das Notfall-Update KB5099022 veröffentlicht, das den Fehler mit dem schwarzen Desktop "
     "behebt. Vorher muss das SHA-2-Update (mindestens KB4099021) installiert werden."},
    {"es", "Corrección del fondo negro",
     "Microsoft ha publicado la actualización de emergencia KB5099022 que corrige el fallo del fondo negro. "
     "Antes hay que instalar el requisito previo KB4099021."},
    {"fr", "Correctif pour le fond d'écran noir",
     "Microsoft a publié la mise à jour d'urgence KB5099022 qui corrige le bug du fond d'écran noir. Il faut "
     "d'abord installer le prérequis KB4099021."},
    {"nl", "Oplossing voor de zwarte achtergrond",
     "Microsoft heeft de noodupdate KB5099022 uitgebracht die de bug met de zwarte achtergrond verhelpt. De "
     "vereiste update KB4099021 moet eerst geïnstalleerd zijn."},
    {"ja", "黒い壁紙の不具合を修正",
     "マイクロソフトは黒い壁紙の不具合を修正した定例外の更新プログラム KB5099022 を公開した。前提条件 KB4099021 を先に適用する必要がある。"},
};

/* the new readings' limits: what they must leave as it was */
static const char *const guards[][7] = {
    /* older readings the new ones must keep: "Upgrade to KB2 to fix", a fix told after the means, a failure after it */
    {"en", "Spooler crashes after KB5099004", "KB5099004 crashes the spooler. Upgrade to KB5099003 to fix the crash.",
     "regression-report", "KB5099004", "KB5099003", "KB5099003"},
    {"nl", "Printen werkt niet meer",
     "Na KB5099010 print er niets meer. Ik heb het probleem verholpen door KB5099011 te installeren.",
     "regression-report", "KB5099010", "KB5099011", "KB5099011"},
    {"ja", "印刷できない問題",
     "KB5099007 を適用後、印刷できなくなりました。KB5099006 を適用することで、この問題は解消します。",
     "regression-report", "KB5099007", "KB5099006", "KB5099006"},
    {"en", "Spooler down", "By installing KB5099012 the print spooler crashes on every server.", "regression-report",
     "KB5099012", "", ""},
    {"de", "Drucken kaputt", "Durch die Installation von KB5099012 funktioniert das Drucken nicht mehr.",
     "regression-report", "KB5099012", "", ""},
    {"fr", "Le PC plante", "En installant KB5099012, le PC plante au démarrage.", "regression-report", "KB5099012", "",
     ""},
    /* a prerequisite that fails itself is blamed */
    {"en", "Prerequisite fails", "The prerequisite KB5099021 fails to install with 0x80070643 on every server.",
     "regression-report", "KB5099021", "", ""},
    /* a denial told first, then the failure confirmed: a report */
    {"en", "Printing broken",
     "Microsoft first denied the reports, but has now confirmed that KB5099031 breaks printing on Server 2022.",
     "regression-report", "KB5099031", "", ""},
    /* a warning to block one KB, read before */
    {"en", "Exchange and .NET 4.8",
     "The Exchange team recommends blocking the update KB5099072 on all Exchange servers.",
     "regression-report", "KB5099072", "", ""},
    /* "は原因ではない" beside a culprit placed by its own phrase, read before */
    {"ja", "Outlook がクラッシュ", "報道とは異なり、KB5099080 は原因ではない。Outlook は KB5099081 の適用後にクラッシュする。",
     "regression-report", "KB5099081", "KB5099080", ""},
    /* undoing an update that fixed it is still a report */
    {"en", "Update the symbol list", "Uninstalling KB5099090 fixed it for us.", "regression-report", "KB5099090", "",
     ""},
    /* a fix whose next sentence tells where the failure came from, or where the fix is */
    {"en", "Printing fixed", "Microsoft released KB5099114 to fix the printing bug. It was caused by KB5099115.",
     "fix-announcement", "KB5099115", "KB5099114", "KB5099114"},
    {"en", "Printing fixed",
     "Microsoft released KB5099114, which fixes the printing bug. It is available in the Update Catalog.",
     "fix-announcement", "", "KB5099114", "KB5099114"},
    {"en", "Outlook 2010 no longer starts",
     "On 13 November Microsoft released a security update, KB5099111, which fixed four security vulnerabilities. "
     "Since then Outlook 2010 no longer starts on many PCs.",
     "regression-report", "KB5099111", "", ""},
    /* an update that does not install is still a report */
    {"en", "Update fails", "KB5099121 won't install on any of our servers, it fails with 0x800f0922.",
     "regression-report", "KB5099121", "", ""},
    /* "access denied" is no denial */
    {"en", "Access denied after KB5099032", "After installing KB5099032 every share says access denied.",
     "regression-report", "KB5099032", "", ""},
};

static void assert_case(const char *const c[7])
{
    pw_advisory *a = read_report(c[1], c[2]);
    ck_assert_msg(a->report_class && !strcmp(a->report_class, c[3]), "[%s] %s / %s: class %s, want %s", c[0], c[1],
                  c[2], a->report_class ? a->report_class : "(none)", c[3]);
    if (!strcmp(c[3], "informational")) return; /* an informational post warns about nothing */
    assert_blame(a, c[0], c[1], c[2], c[4], c[5]);
    if (*c[4]) ck_assert_msg(!pw_strlist_has(&a->kb_fix, c[4]), "[%s] %s: %s read as the fix", c[0], c[2], c[4]);
    if (*c[6] == '!') /* "!KB1": KB1 is not the fix */
        ck_assert_msg(!pw_strlist_has(&a->kb_fix, c[6] + 1), "[%s] %s: %s read as the fix", c[0], c[2], c[6] + 1);
    else if (*c[6])
        ck_assert_msg(pw_strlist_has(&a->kb_fix, c[6]), "[%s] %s: %s not read as the fix", c[0], c[2], c[6]);
}

START_TEST(test_roles_of_session28)
{
    assert_case(cases[_i]);
}
END_TEST

START_TEST(test_prerequisite_is_neither)
{
    const char *const *c = prerequisites[_i];
    pw_advisory *a = read_report(c[1], c[2]);
    ck_assert_msg(a->report_class && !strcmp(a->report_class, "fix-announcement"), "[%s] %s: class %s", c[0], c[2],
                  a->report_class ? a->report_class : "(none)");
    ck_assert_msg(pw_strlist_has(&a->kb_fix, "KB5099022"), "[%s] %s: the fix not read", c[0], c[2]);
    ck_assert_msg(!pw_strlist_has(&a->kb_affected, "KB4099021") && !pw_strlist_has(&a->kb_fix, "KB4099021"),
                  "[%s] %s: the prerequisite given a role", c[0], c[2]);
}
END_TEST

START_TEST(test_what_they_must_leave)
{
    assert_case(guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session 28 KB roles");
    TCase *tc = tcase_create("roles");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_roles_of_session28, 0, sizeof cases / sizeof cases[0]);
    tcase_add_loop_test(tc, test_prerequisite_is_neither, 0, sizeof prerequisites / sizeof prerequisites[0]);
    tcase_add_loop_test(tc, test_what_they_must_leave, 0, sizeof guards / sizeof guards[0]);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
