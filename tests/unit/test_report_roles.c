/* test_report_roles: a warning never names the fix (issue 13, session 9). A KB whose role no evidence decides does
 * not go to kb_affected of a regression report; each form in the languages where it exists, on sentences
 * written for this test (none taken from tests/fixtures/reports):
 *   - a remedy sentence ("Solution: install KB2", "Lösung: KB2 installieren", "解決策: KB2 をインストール") offers
 *     the KB it names, even when an installed phrase governs it; "the solution is KB2" names it outright;
 *   - the later update of a pair ("KB1 breaks X. Microsoft has released KB2.", "KB1 broke X, Microsoft has
 *     released KB2") is undecided where another KB is blamed and it is not an item of the culprit's list, while a
 *     sibling listed with the culprit ("KB1 (Windows 10); KB2 (Windows 11)") is blamed with it;
 *   - what a KB is for is its remedy's object, not its fault: "KB2 for the printing problem", "KB2 pour le problème
 *     d'impression est disponible", "問題に対応した KB2" (a platform is no purpose: "KB1 for Windows 10 breaks");
 *   - a time phrase ("after KB2", "nach KB2", "na KB2") is an installed phrase: the KB was in place, which its
 *     clause may say fixed something ("After KB2 the problem is gone"); "with KB2" names no fault;
 *   - an install told as advice ("Install KB2, problem solved", "Installieren Sie KB2, dann ist das Problem weg")
 *     or recommended ("Microsoft recommends KB2", "recomienda instalar", "のインストールを推奨") offers its KB, while a
 *     negated one ("Do not install KB1", "Installeer KB1 niet", "no recomienda") warns about it;
 *   - of two installed updates, the one whose sentence tells no failure ("We then installed KB2 and it works") is
 *     not blamed beside the one whose sentence does;
 *   - a culprit verb's trouble noun may be singular ("introduced a significant issue", "provoca un fallo");
 *   - undoing the culprit in a remedy sentence ("Workaround: uninstall KB1", "Abhilfe: KB1 deinstallieren",
 *     "Oplossing: KB1 verwijderen") still blames it, and so does a remedy for it ("Workaround for KB1: ...").
 *   - (session 10) an installed KB whose sentence goes on to blame another KB by a failure phrase of its own
 *     ("After installing KB2, the issue with KB1 is gone", "el error de KB1 desapareció") is undecided; a failure
 *     word that a fix cue governs ("fixed the bug") tells no failure; "mitigates" offers its KB.
 *   - (session 11) a Japanese remedy noun compounded onto a failure noun ("起動エラー対策") is no outcome of an install.
 *   - (session 12) a remedy tried ("even after installing KB2", in five languages), a failure that is a fix's object
 *     ("KB2 did not fix the crashes caused by KB1", "resolves the issue that occurs after installing KB1"), a failure
 *     told as mended ("corrige el fallo de KB1 con KB2", "KB2 で不具合が解消"), a purpose ("KB2 released for ...
 *     cluster bug") and a failure told as gone ("the errors stopped") do not blame the KB that mended it.
 *   - (session 13) a fix announcement that places a culprit offers its unplaced later releases as the fix; one that
 *     places a fix and no culprit blames its unplaced earlier releases; a fix that broke something itself ("meant to
 *     fix X, but it broke Y", five languages) is blamed; a fix noun naming the update installed before a failure
 *     ("Printers crash since the emergency patch KB1", five languages; "修正プログラム KB1 を適用後、印刷できない")
 *     blames it; news of a fix names the culprit in a clause about the failure (apposition, plural passive,
 *     verb-final relative clause).
 *   - (session 14) a later release told in a sentence of its own that tells no failure is not blamed beside an
 *     earlier one ("KB1 ate our CSVs. Thankfully KB2 is out."); a regression report that places a fix and no culprit
 *     blames the earlier release; slang places a culprit ("killed our", "nuked my") and idioms a fix ("did the
 *     trick", "which solved it"); a rule of another language does not fire on an English post (Dutch "lost" in
 *     "lost access"); news of a fix read in five languages (fix_notes).
 *   - (session 16) a failure that persists beside a KB ("Installed KB2 and still broken", six languages) leaves it
 *     undecided beside a blamed one; an update labelled collateral (".NET", "SSU", "MSRT", "Defender") is not blamed
 *     beside a blamed cumulative update; a KB named only in a question that reports ("Anyone else seeing ... after
 *     KB1?") is reported, not asked about; "the cause was KB1" ("Ursache war", "la causa era", "la cause était", "de
 *     oorzaak was", "原因は") names the culprit.
 * Every mechanism case blames the fix KB on the code before its session (checked with bench_reports --text). */
#include <stdlib.h>
#include <string.h>

#include "extract_test_util.h"

/* lang, title, text, the KB that must be blamed ("" none), the KB that must not be */
typedef struct {
    const char *lang, *title, *text, *blamed, *not_blamed;
} role_case;

static const role_case cases[] = {
    /* (session 16) a failure that persists beside a KB ("Installed KB2 and still broken", six languages): a remedy
     * tried, not the culprit, when another KB is blamed */
    {"en", "Patch Tuesday megathread", "KB5062557 killed our CSVs. Installed KB5064489 and still broken.", "KB5062557",
     "KB5064489"},
    {"en", "CSV", "KB5062557 killed our CSVs. Even after KB5064489 the problem persists.", "KB5062557", "KB5064489"},
    {"de", "CSV", "KB5062557 hat unsere CSVs zerschossen. Nach KB5064489 immer noch kaputt.", "KB5062557", "KB5064489"},
    {"es", "CSV", "KB5062557 rompió nuestros CSV. Tras instalar KB5064489 sigue fallando.", "KB5062557", "KB5064489"},
    {"fr", "CSV", "KB5062557 a cassé nos CSV. Après KB5064489 toujours planté.", "KB5062557", "KB5064489"},
    {"nl", "CSV", "KB5062557 heeft onze CSV's gesloopt. Na KB5064489 nog steeds kapot.", "KB5062557", "KB5064489"},
    {"ja", "CSV", "KB5062557 でCSVが落ちた。KB5064489 を入れてもまだ落ちる。", "KB5062557", "KB5064489"},
    /* (session 16) an update labelled as collateral (".NET", "SSU", "MSRT", "Defender") listed or installed beside
     * the blamed cumulative update */
    {"en", "Cluster nodes bugchecking after July patches",
     "Three of our 2022 cluster nodes bugchecked within 12 hours of the July patches. What went on: KB5040437 (CU), "
     "KB5040525 (.NET) and MSRT KB890830.", "KB5040437", "KB5040525"},
    {"en", "WSUS clients stuck after CU",
     "Our WSUS server got KB5041160 plus KB5041948 (.NET 4.8.1) this weekend. Since then every client is stuck at 0%.",
     "KB5041160", "KB5041948"},
    {"de", "RD-Lizenzierung startet nicht",
     "Seit KB5050021 installiert wurde, startet der Dienst nicht mehr (Fehler 1067). Zusammen mit dem Update kam "
     "auch KB5050187 für .NET.", "KB5050021", "KB5050187"},
    {"es", "SQL Express no conecta",
     "Desde el KB5052006 el programa no conecta con SQL Express. Esa misma noche entraron también el SSU KB5052330 y la "
     "herramienta MSRT KB890830.", "KB5052006", "KB5052330"},
    {"nl", "Vingerafdruklezer werkt niet",
     "Na KB5055627 werkt de vingerafdruklezer niet meer. KB5054979 (.NET) en de Defender-update KB2267602 kwamen ook "
     "binnen.", "KB5055627", "KB2267602"},
    /* (session 16) "the cause was KB1" names the culprit of a fix story */
    {"en", "Blank pages solved",
     "Solved it myself. The cause was the June CU KB5039705. KB5040527 fixes it, printing works again.", "KB5039705",
     "KB5040527"},
    {"de", "Leere Seiten gelöst", "Die Ursache war das Juni-Update KB5039705. KB5040527 behebt es.", "KB5039705",
     "KB5040527"},
    {"es", "Páginas en blanco", "La causa era el parche KB5039705. KB5040527 lo corrige.", "KB5039705", "KB5040527"},
    {"fr", "Pages blanches", "La cause était la mise à jour KB5039705. KB5040527 la corrige.", "KB5039705",
     "KB5040527"},
    {"nl", "Lege pagina's", "De oorzaak was update KB5039705. KB5040527 lost het op.", "KB5039705", "KB5040527"},
    {"ja", "【解決】印刷サーバーで白紙が出る件",
     "原因は 6 月の累積更新 KB5039705 でした。KB5040527 で修正されていて、正常に印刷できるようになりました。", "KB5039705",
     "KB5040527"},
    {"en", "Horizon disconnects after KB5043076?",
     "Anyone else seeing Horizon client disconnects after KB5043076? (also got KB5042352 .NET but I doubt that's it.)",
     "KB5043076", "KB5042352"},
    {"ja", "Kerberos エラー",
     "KB5048667 を適用した後、イベント 4771 が大量に記録されています。同じ日に Defender のプラットフォーム更新 KB4052623 と"
     "定義ファイル KB2267602 も入っています。", "KB5048667", "KB4052623"},
    /* (session 14) lists of a release: an 'Affected:' label, plural verbs ('KB1 and friends break', '(KB2, KB3)
     * address the problem') */
    {"en", "BSOD when printing after March update",
     "Affected: KB5000802 (2004/20H2), KB5000808 (1909). Fixed in: KB5001567, KB5001566.", "KB5000802", "KB5001567"},
    {"en", "Printing BSOD after March patches",
     "KB5000802 and friends break printing. OOB: KB5001567, KB5001566, KB5001568.", "KB5000802", "KB5001567"},
    {"en", "Printing BSOD after March patches",
     "KB5000802 breaks printing. Patches released on March 15 (KB5001567, KB5001566, KB5001568) address the problem.", "KB5000802", "KB5001567"},
    {"de", "Bluescreens beim Drucken",
     "Betroffen: KB5000802 und KB5000808. Behoben in KB5001567.", "KB5000802", "KB5001567"},
    /* (session 14) an update said to be out or available is offered, not blamed ('KB2 ist raus'); after 'fix for
     * KB1' the fix is what is out */
    {"en", "Cluster down",
     "KB5999001 blew up our cluster. KB5999002 is now available.", "KB5999001", "KB5999002"},
    {"de", "Cluster weg",
     "KB5999001 hat den Cluster abgeschossen. KB5999002 ist raus.", "KB5999001", "KB5999002"},
    {"fr", "Le correctif pour KB5999001 est sorti",
     "KB5999001 a flingué notre cluster : KB5999002 est disponible dans le catalogue.", "KB5999001", "KB5999002"},
    /* (session 14) forum follow-ups in four languages: an installed phrase says when, not what broke ('pointed us to
     * KB2 and after installing that ...'); a German participle installs ('KB2 installiert, Problem ist weg'); a KB only
     * asked about beside one blamed in a statement ('Is KB2 veilig ...?'); 'KB2でKB1の不具合が直った' */
    {"en", "Just a heads up",
     "KB5062557 toasted the cluster service at our DR site, nodes stuck in 'Joining'. Support pointed us to KB5064489 and after installing that everything came back.", "KB5062557", "KB5064489"},
    {"de", "Cluster nach KB5062557 instabil",
     "Seit KB5062557 verlieren unsere Hyper-V-Knoten die Verbindung zum Storage. Nachtrag: KB5064489 installiert, Problem ist weg.", "KB5062557", "KB5064489"},
    {"nl", "Hier ook",
     "KB5062557 heeft ons cluster gesloopt, nodes reageerden niet meer. Is KB5064489 veilig om te installeren of geeft die andere problemen?", "KB5062557", "KB5064489"},
    {"ja", "KB5064489でKB5062557の不具合が直った",
     "KB5062557を当ててから2週間、SQLノードでランダムにフェールオーバーが発生していました。", "KB5062557", "KB5064489"},
    /* (session 14) a later release told apart from the culprit, in a sentence of its own that tells no failure, is
     * the fix as often as not, however its outcome is worded ("cured", "is out", "back to normal"); the culprit
     * here is placed by no phrase ("ate" is no failure word), so every unplaced KB used to be blamed */
    {"en", "Cluster broken by July CU", "KB5062557 ate our CSVs. Thankfully KB5064489 is out.", "KB5062557",
     "KB5064489"},
    {"en", "Cluster broken by July CU", "KB5062557 ate our CSVs. After KB5064489 everything is back to normal.",
     "KB5062557", "KB5064489"},
    {"en", "Cluster broken by July CU", "KB5062557 ate our CSVs. Went to KB5064489 and all good.", "KB5062557",
     "KB5064489"},
    /* (session 14) a regression report that places the fix and no culprit blames the earlier release */
    {"en", "Cluster broken by July CU", "KB5062557 ate our CSVs. Microsoft says KB5064489 is the fix.", "KB5062557",
     "KB5064489"},
    /* (session 14) slang that places the culprit and idioms that place the fix */
    {"en", "Cluster trouble", "KB5062557 killed our CSVs, KB5064489 did the trick.", "KB5062557", "KB5064489"},
    {"en", "Cluster trouble", "KB5062557 nuked my RDP. Microsoft pushed KB5064489 which solved it.", "KB5062557",
     "KB5064489"},
    /* (session 13) a bare time phrase places the culprit in Spanish and French too ("tras KB1", "depuis KB1", as
     * "after KB1", "nach KB1", "na KB1"), and "has the fix" / "incluye la corrección" offer the other */
    {"es", "Problemas con el clúster", "Tras KB5062557 los CSV se caen. Según Microsoft, KB5063877 incluye la corrección.",
     "KB5062557", "KB5063877"},
    /* (session 13) an update noun between an installed phrase and the KB names what was installed, no outcome */
    {"en", "Printers stopped working after the patch KB5999001.", "", "KB5999001", ""},
    {"de", "Drucker funktionieren nicht mehr nach dem Patch KB5999001.", "", "KB5999001", ""},
    {"es", "Las impresoras dejaron de funcionar tras el parche KB5999001.", "", "KB5999001", ""},
    {"fr", "Problème de cluster", "Depuis KB5062557 les nœuds du cluster plantent. Selon Microsoft, KB5063877 contient "
     "le correctif.", "KB5062557", "KB5063877"},
    /* a remedy sentence whose KB an installed phrase governs: what to do, not what broke */
    {"en", "Printing fails after KB5000001", "Solution: install KB5000002.", "KB5000001", "KB5000002"},
    {"de", "KB5000001 verursacht Druckprobleme", "Lösung: KB5000002 installieren.", "KB5000001", "KB5000002"},
    {"es", "La impresora falla tras KB5000001", "Solución: instalar KB5000002.", "KB5000001", "KB5000002"},
    {"fr", "L'imprimante plante après KB5000001", "Solution : installer KB5000002.", "KB5000001", "KB5000002"},
    {"nl", "Printer kapot na KB5000001", "Oplossing: installeer KB5000002.", "KB5000001", "KB5000002"},
    {"ja", "KB5000001 適用後に印刷できない", "解決策: KB5000002 をインストールしてください。", "KB5000001", "KB5000002"},
    /* ... with the installed phrase inside it, or Japanese 'as a workaround' */
    {"en", "Printing fails after KB5000001",
     "Workaround: after installing KB5000002 restart the spooler.",
     "KB5000001", "KB5000002"},
    {"ja", "KB5000001 適用後に印刷できない", "回避策として KB5000002 を適用します。", "KB5000001", "KB5000002"},
    /* a remedy named outright ('the solution is KB2'), the only KB of the post */
    {"en", "Printing broken since yesterday", "The solution is KB5000002.", "", "KB5000002"},
    {"de", "Seit gestern Druckprobleme", "Die Lösung ist KB5000002.", "", "KB5000002"},
    {"es", "La impresora falla desde ayer", "La solución es KB5000002.", "", "KB5000002"},
    {"fr", "L'imprimante plante depuis hier", "La solution est KB5000002.", "", "KB5000002"},
    {"nl", "Printer kapot sinds gisteren", "De oplossing is KB5000002.", "", "KB5000002"},
    {"ja", "昨日から印刷できない", "解決策は KB5000002 です。", "", "KB5000002"},
    /* the later update of a pair, in a sentence of its own, that no role phrase places */
    {"en", "Printing broken since yesterday",
     "After installing KB5000001 printing fails. Microsoft has released KB5000002.",
     "KB5000001", "KB5000002"},
    {"de", "Drucker seit gestern kaputt",
     "Nach der Installation von KB5000001 gibt es einen Bluescreen. Microsoft hat KB5000002 veröffentlicht.",
     "KB5000001", "KB5000002"},
    {"es", "La impresora falla desde ayer",
     "Tras instalar KB5000001 la impresora falla. Microsoft ha publicado KB5000002.",
     "KB5000001", "KB5000002"},
    {"fr", "L'imprimante plante depuis hier",
     "Après l'installation de KB5000001 l'imprimante plante. Microsoft a publié KB5000002.",
     "KB5000001", "KB5000002"},
    {"nl", "Printer kapot sinds gisteren",
     "Na installatie van KB5000001 crasht de printer. Microsoft heeft KB5000002 uitgebracht.",
     "KB5000001", "KB5000002"},
    {"ja", "昨日から印刷できない", "KB5000001 を適用後に印刷できない。マイクロソフトは KB5000002 を公開した。", "KB5000001", "KB5000002"},
    {"ja", "KB5000001 適用後に印刷できない", "KB5000002 は KB5000001 を置き換えます。", "KB5000001", "KB5000002"},
    /* ... or in the same sentence, as a statement of its own rather than an item of the culprit's list */
    {"en", "Printing broken", "KB5000001 broke printing, Microsoft has released KB5000002.", "KB5000001",
     "KB5000002"},
    {"de", "Drucken kaputt", "KB5000001 legt den Druck lahm, Microsoft hat inzwischen KB5000002 veröffentlicht.",
     "KB5000001", "KB5000002"},
    {"es", "Impresión rota", "KB5000001 rompió la impresión y Microsoft ya publicó KB5000002.", "KB5000001",
     "KB5000002"},
    {"fr", "Impression cassée", "KB5000001 a cassé l'impression, Microsoft a publié KB5000002.", "KB5000001",
     "KB5000002"},
    {"nl", "Afdrukken kapot", "KB5000001 brak het afdrukken, Microsoft heeft KB5000002 uitgebracht.", "KB5000001",
     "KB5000002"},
    /* of two installed updates, the one whose sentence tells no failure */
    {"en", "Printing broken since yesterday",
     "After installing KB5000001 printing fails. We then installed KB5000002 and it works.",
     "KB5000001", "KB5000002"},
    {"de", "Drucker seit gestern kaputt",
     "Nach der Installation von KB5000001 gibt es einen Bluescreen. Nach der Installation von KB5000002 druckt er.",
     "KB5000001", "KB5000002"},
    {"es", "La impresora falla desde ayer",
     "Tras instalar KB5000001 la impresora falla. Después de instalar KB5000002 imprime.",
     "KB5000001", "KB5000002"},
    {"fr", "L'imprimante plante depuis hier",
     "Après l'installation de KB5000001 l'imprimante plante. Après avoir installé KB5000002 elle imprime.",
     "KB5000001", "KB5000002"},
    {"nl", "Printer kapot sinds gisteren",
     "Na installatie van KB5000001 crasht de printer. Na het installeren van KB5000002 print hij.",
     "KB5000001", "KB5000002"},
    /* what a KB is for ("KB2 for the printing problem", "KB2 für das Druckproblem", "問題に対応した KB2") */
    {"en", "KB5000001 breaks printing", "Microsoft publishes KB5000002 for the printing problem.", "KB5000001",
     "KB5000002"},
    {"en", "Printing broken since the March update", "KB5000002 is available for the printing problem.", "",
     "KB5000002"},
    {"de", "Drucken seit dem März-Update kaputt", "KB5000002 für das Druckproblem ist verfügbar.", "", "KB5000002"},
    {"es", "Impresión rota desde la actualización de marzo",
     "KB5000002 para el problema de impresión ya está disponible.", "", "KB5000002"},
    {"fr", "Impression cassée depuis la mise à jour de mars",
     "KB5000002 pour le problème d'impression est disponible.", "", "KB5000002"},
    {"nl", "Afdrukken kapot sinds de update van maart", "KB5000002 voor het printprobleem is beschikbaar.", "",
     "KB5000002"},
    {"ja", "3月の更新以降印刷できない", "印刷の問題に対応した KB5000002 が公開されました。", "", "KB5000002"},
    /* a recommendation is advice: the KB recommended is offered */
    {"en", "Printing broken since the March update", "Microsoft recommends KB5000002.", "", "KB5000002"},
    {"de", "Drucken seit dem März-Update kaputt", "Microsoft empfiehlt KB5000002.", "", "KB5000002"},
    {"es", "Impresión rota desde la actualización de marzo", "Microsoft recomienda instalar KB5000002.", "",
     "KB5000002"},
    {"fr", "Impression cassée depuis la mise à jour de mars", "Microsoft recommande d'installer KB5000002.", "",
     "KB5000002"},
    {"nl", "Afdrukken kapot sinds de update van maart", "Microsoft raadt aan KB5000002 te installeren.", "",
     "KB5000002"},
    {"ja", "3月の更新以降印刷できない", "マイクロソフトは KB5000002 のインストールを推奨している。", "", "KB5000002"},
    /* Japanese puts advice and resolution after the KB: "KB2 をインストールしてください", "KB2 で問題が解消" */
    {"ja", "3月の更新以降印刷できない", "KB5000002 をインストールしてください。", "", "KB5000002"},
    {"ja", "3月の更新以降印刷できない", "KB5000002 で問題が解消されました。", "", "KB5000002"},
    /* a time phrase ("after KB2", "nach KB2", "na KB2") tells when, like an installed phrase: its own clause saying
     * the problem went away makes the KB the fix; "with KB2" tells no fault at all */
    {"en", "KB5000001 breaks printing", "After KB5000002 the problem is gone.", "KB5000001", "KB5000002"},
    {"de", "KB5000001 verursacht Druckprobleme", "Nach KB5000002 funktioniert der Druck wieder.", "KB5000001",
     "KB5000002"},
    {"es", "KB5000001 provoca problemas de impresión", "Después de la actualización KB5000002 vuelve a funcionar.",
     "KB5000001", "KB5000002"},
    {"fr", "KB5000001 provoque des problèmes d'impression",
     "Après la mise à jour KB5000002 tout fonctionne à nouveau.", "KB5000001", "KB5000002"},
    {"nl", "KB5000001 veroorzaakt printproblemen", "Na KB5000002 werkt alles weer.", "KB5000001", "KB5000002"},
    {"en", "KB5000001 breaks printing", "Printing works again with KB5000002.", "KB5000001", "KB5000002"},
    /* an install told as advice at the start of a clause governs its KB, whatever follows; Japanese "は ... を置き換え" */
    {"en", "Printing fails after KB5000001", "Install KB5000002, problem solved.", "KB5000001", "KB5000002"},
    {"de", "KB5000001 legt den Druck lahm", "Installieren Sie KB5000002, dann ist das Problem weg.", "KB5000001",
     "KB5000002"},
    {"ja", "昨日から印刷できない", "KB5000002 は印刷を壊した KB5000001 を置き換えます。", "", "KB5000002"},
    /* (session 12) a KB installed in the hope it helps ("even after installing KB2"), a failure that is a fix verb's
     * object ("KB2 did not fix the crashes caused by KB1"), a failure told as mended with the KB as instrument
     * ("corrige el fallo de KB1 con KB2"), "KB2 で KB1 の問題" (で is no list glue), a failure gone or stopped, "took
     * care of", a fix whose object happened after installing KB1, a clause opened by "Con KB2", a Japanese failure
     * told as solved right after the KB ("KB2 で不具合が解消"), what a KB was released for ("for ... cluster bug") and
     * "この問題" (this problem) are not the later KB's fault */
    {"en", "Cluster service crashes after KB5000001",
     "Even after installing KB5000002 the crash from KB5000001 is still there.",
     "KB5000001", "KB5000002"},
    {"de", "Clusterdienst stürzt nach KB5000001 ab",
     "Auch nach der Installation von KB5000002 stürzt der Dienst weiter ab.",
     "KB5000001", "KB5000002"},
    {"es", "El clúster falla tras KB5000001",
     "Incluso después de instalar KB5000002 el servicio sigue fallando.",
     "KB5000001", "KB5000002"},
    {"fr", "Le cluster plante après KB5000001",
     "Même après avoir installé KB5000002, le service plante encore.",
     "KB5000001", "KB5000002"},
    {"nl", "Cluster crasht na KB5000001",
     "Zelfs na het installeren van KB5000002 crasht de dienst nog steeds.",
     "KB5000001", "KB5000002"},
    {"en", "Cluster service crashes",
     "KB5000002 did not fix the crashes caused by KB5000001.",
     "KB5000001", "KB5000002"},
    {"es", "Microsoft corrige el fallo de KB5000001 con KB5000002",
     "La actualización provocaba errores en el clúster.",
     "KB5000001", "KB5000002"},
    {"fr", "Microsoft corrige le bug de KB5000001 avec KB5000002",
     "La mise à jour provoquait des plantages du cluster.",
     "KB5000001", "KB5000002"},
    {"de", "Clusterdienst stürzt nach KB5000001 ab",
     "Microsoft behebt die Cluster-Fehler mit KB5000002. "
     "Das Update KB5000001 hatte Abstürze des Clusterdienstes verursacht.",
     "KB5000001", "KB5000002"},
    {"ja", "KB5000002 で KB5000001 の問題が修正",
     "KB5000001 でクラスター サービスが停止する不具合が発生していた。",
     "KB5000001", "KB5000002"},
    {"en", "Cluster service crashes after KB5000001",
     "After installing KB5000002 the problem was gone.",
     "KB5000001", "KB5000002"},
    {"en", "Cluster service crashes after KB5000001",
     "We applied KB5000002 and the errors stopped.",
     "KB5000001", "KB5000002"},
    {"en", "Cluster service crashes after KB5000001",
     "KB5000002 took care of the problem.",
     "KB5000001", "KB5000002"},
    {"en", "Cluster service problem",
     "An optional update, KB5000002, resolves the cluster issue that occurs after installing KB5000001.",
     "KB5000001", "KB5000002"},
    {"es", "Problemas con KB5000001",
     "Con KB5000002 el error desaparece.",
     "KB5000001", "KB5000002"},
    {"ja", "KB5000001 の不具合",
     "KB5000002 で不具合が解消された。",
     "KB5000001", "KB5000002"},
    {"en", "KB5000002 released for Server 2019 cluster bug",
     "KB5000001 caused cluster crashes.",
     "KB5000001", "KB5000002"},
    {"ja", "KB5000001 で印刷時にブルースクリーン",
     "マイクロソフトは KB5000002 を配信し、この問題に対応した。",
     "KB5000001", "KB5000002"},
    {"en", "Cluster service crashes every night",
     "We resolved it by installing KB5000002.",
     "", "KB5000002"},
    {"en", "KB5000001 causes cluster failures",
     "With the release of KB5000002 this issue is resolved.",
     "KB5000001", "KB5000002"},
};

/* What the conservative reading must not lose: the culprit of a remedy sentence and the culprit's siblings. */
static const role_case guards[] = {
    /* (session 16) a persisting failure blames the only KB named; a collateral update blamed alone stays blamed */
    {"en", "Cluster", "KB5062557 is still causing crashes on our cluster.", "KB5062557", ""},
    {"de", "Cluster", "Nach KB5062557 stürzt der Cluster immer noch ab.", "KB5062557", ""},
    {"en", "LOB app", "KB5041968 (.NET) broke our line-of-business app after install.", "KB5041968", ""},
    {"en", "LOB app", "After installing the .NET update KB5041968 our ASP.NET sites return 500 errors.", "KB5041968", ""},
    /* (session 14) a later release whose own sentence tells its failure is still blamed, and so is a sibling */
    {"en", "Cluster broken by July CU", "KB5062557 ate our CSVs. KB5064489 crashes the spooler too.", "KB5064489",
     ""},
    {"en", "Cluster broken by July CU", "KB5062557 ate our CSVs. Same on Server 2022 with KB5062553.", "KB5062553",
     ""},
    /* (session 11) a Japanese remedy noun right after a failure noun is a guide's measures against that failure, not
     * the installed KB's outcome: "KB1 適用後のサービス起動エラー対策" */
    {"ja", "KB5000001 適用後のサービス起動エラー対策", "KB5000001 を適用した後、一部のサービスが起動できない。", "KB5000001",
     ""},
    /* undoing the culprit stays its blame, in a remedy sentence too; the remedy's object is the culprit */
    {"en", "Printing broken since yesterday", "Workaround: uninstall KB5000001.", "KB5000001", ""},
    {"en", "Printing broken since yesterday", "Workaround for KB5000001: restart the spooler.", "KB5000001", ""},
    {"en", "Printing broken since yesterday after KB5000001",
     "No workaround yet, after installing KB5000001 the spooler crashes.",
     "KB5000001", ""},
    {"de", "Drucker seit gestern kaputt", "Abhilfe: KB5000001 deinstallieren.", "KB5000001", ""},
    {"es", "La impresora falla desde ayer", "Solución: desinstalar KB5000001.", "KB5000001", ""},
    {"fr", "L'imprimante plante depuis hier", "Solution : désinstaller KB5000001.", "KB5000001", ""},
    {"nl", "Printer kapot sinds gisteren", "Oplossing: KB5000001 verwijderen.", "KB5000001", ""},
    {"ja", "昨日から印刷できない", "回避策: KB5000001 をアンインストールしてください。", "KB5000001", ""},
    {"en", "Printing broken since yesterday",
     "The updates KB5000001 (Windows 10) and KB5000002 (Windows 11) break printing.",
     "KB5000001", ""},
    /* a time phrase with a failure after it still blames its KB */
    {"en", "Printing broken", "After KB5000001 the spooler crashes.", "KB5000001", ""},
    {"de", "Drucken kaputt", "Seit KB5000001 stürzt der Spooler ab, Bluescreen.", "KB5000001", ""},
    {"nl", "Afdrukken kapot", "Na KB5000001 crasht de spooler.", "KB5000001", ""},
    {"ja", "KB5000001 で印刷できない", "KB5000002 の適用後、正常に動作するようになりました。", "KB5000001", "KB5000002"},
    /* an affected phrase between an installed KB and a remedy word keeps the KB the culprit */
    {"en", "Crash", "After installing KB5000001 the server crashes, the solution is a registry key.", "KB5000001",
     ""},
    /* a platform after "for" is no purpose */
    {"en", "Printing", "KB5000001 for Windows 10 breaks printing.", "KB5000001", ""},
    {"de", "Drucken", "Das Update KB5000001 für Windows 11 verursacht Druckprobleme.", "KB5000001", ""},
    /* a fix asked about in the headline places no fix: the culprit the body tells stays blamed */
    {"en", "KB5000001 fixed by KB5000002? No",
     "KB5000001 broke our print server. KB5000002 was supposed to fix it but the spooler still crashes.", "KB5000001",
     "KB5000002"},
    /* a negated recommendation warns about the culprit */
    {"en", "Printing broken since the March update", "Microsoft does not recommend installing KB5000001.",
     "KB5000001", ""},
    {"de", "Drucken seit dem März-Update kaputt", "Microsoft empfiehlt, KB5000001 nicht zu installieren.",
     "KB5000001", ""},
    {"es", "Impresión rota desde la actualización de marzo", "Microsoft no recomienda instalar KB5000001.",
     "KB5000001", ""},
    /* a negated install is a warning about the culprit */
    {"ja", "3月の更新以降印刷できない", "KB5000001 をインストールしないでください。", "KB5000001", ""},
    {"en", "Printing broken since the March update", "Do not install KB5000001, it breaks printing.", "KB5000001",
     ""},
    {"de", "Drucken seit dem März-Update kaputt", "Installieren Sie KB5000001 nicht, es legt den Druck lahm.",
     "KB5000001", ""},
    {"es", "La impresora falla desde la actualización de marzo", "No instale KB5000001, rompe la impresión.",
     "KB5000001", ""},
    {"fr", "L'imprimante plante depuis la mise à jour de mars", "N'installez pas KB5000001, il casse l'impression.",
     "KB5000001", ""},
    {"nl", "Printer kapot sinds de update van maart", "Installeer KB5000001 niet, het breekt het afdrukken.",
     "KB5000001", ""},
    /* a culprit verb with a singular trouble noun blames its subject's KB, beside the fix of a later sentence */
    {"en", "Printing",
     "The February update (KB5000001) introduced a significant issue: printing stops. Microsoft released "
     "KB5000002 to address it.",
     "KB5000001", "KB5000002"},
    {"es", "Impresión",
     "La actualización de febrero (KB5000001) provoca un fallo grave al imprimir. Microsoft publicó KB5000002 para "
     "corregirlo.",
     "KB5000001", "KB5000002"},
    {"fr", "Impression",
     "La mise à jour de février (KB5000001) provoque une panne grave de l'impression. Microsoft a publié "
     "KB5000002 pour la corriger.",
     "KB5000001", "KB5000002"},
    /* session 10: installed, and later in its sentence another KB is blamed by a failure phrase of its own: the
     * installed one is the step taken ("After installing KB2 the issue with KB1 is gone"), whatever word tells
     * the outcome; possessive failure phrases ("el error de KB1", "le bug de KB1", "de fout van KB1") place KB1 */
    {"en", "Printing broken since yesterday",
     "Printing fails since KB5000001. After installing KB5000002, the issue with KB5000001 is gone.", "KB5000001",
     "KB5000002"},
    {"de", "Drucker seit gestern kaputt",
     "Seit KB5000001 druckt nichts mehr. Nach der Installation von KB5000002 ist der Fehler von KB5000001 weg.",
     "KB5000001", "KB5000002"},
    {"es", "La impresora falla desde ayer",
     "La impresora falla desde KB5000001. Después de instalar KB5000002 el error de KB5000001 desapareció.",
     "KB5000001", "KB5000002"},
    {"fr", "L'imprimante plante depuis hier",
     "L'imprimante plante depuis KB5000001. Après l'installation de KB5000002 le bug de KB5000001 a disparu.",
     "KB5000001", "KB5000002"},
    {"nl", "Printer kapot sinds gisteren",
     "De printer werkt niet meer sinds KB5000001. Na installatie van KB5000002 is de fout van KB5000001 verdwenen.",
     "KB5000001", "KB5000002"},
    {"ja", "昨日から印刷できない", "KB5000001 以降、印刷できない。KB5000002 をインストールした後、KB5000001 の不具合は消えた。",
     "KB5000001", "KB5000002"},
    /* a failure told as mended ("fixed the bug") is no failure of the KB installed in its sentence; a mitigation
     * offers its KB */
    {"en", "Printing broken since yesterday",
     "KB5000001 breaks printing. Microsoft has fixed the bug, and we installed KB5000002 this morning.", "KB5000001",
     "KB5000002"},
    {"en", "Printing broken since yesterday",
     "KB5000001 is causing BSODs. Microsoft says KB5000002 mitigates the issue.", "KB5000001", "KB5000002"},
    /* siblings of the culprit listed with it, a semicolon list and parenthesized labels included */
    {"en", "Printing broken since yesterday",
     "Known problematic updates, such as: KB5000001 (Windows 10); KB5000002 (Windows 11).",
     "KB5000002", ""},
    /* (session 12) a mended failure blames its KB where no other KB is blamed; the install that was the means fixed
     * it; a Japanese list joined by または is one list */
    {"en", "Cluster service keeps crashing",
     "Our nodes crash every night. Hopefully Microsoft fixes the issue with KB5000001 soon.",
     "KB5000001", ""},
    {"en", "Cluster service crashes after KB5000001",
     "We resolved the issue by installing KB5000002.",
     "KB5000001", "KB5000002"},
    {"ja", "KB5000001 の不具合",
     "KB5000001またはKB5000002をインストールした後に Windows の起動に失敗する可能性がある。",
     "KB5000002", ""},
    {"de", "Probleme mit KB5000001",
     "Das Update KB5000001 verursacht Abstürze.",
     "KB5000001", ""},
};

static void assert_roles(const role_case *c)
{
    pw_advisory *a = read_report(c->title, c->text);
    /* a report, or (session 15) where the case names a second update, the story of the fix, which retells its bug:
     * "Microsoft corrige el fallo de KB1 con KB2", "KB2 で不具合が解消された" -- the roles hold in both */
    int report = a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_REGRESSION);
    int fix_story = a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_FIX) && *c->not_blamed;
    ck_assert_msg(report || fix_story, "[%s] %s / %s: read as %s", c->lang, c->title, c->text,
                  a->report_class ? a->report_class : "(none)");
    assert_blame(a, c->lang, c->title, c->text, c->blamed, c->not_blamed);
}

/* (session 12) Release notes and release-health entries name the culprit beside the fix: the culprit is never
 * read as a fix (a fix feeds resolution), and the fix, where the case names one, is. title, text, culprit, fix,
 * "blamed" where the culprit must also be blamed. */
static const char *const fix_notes[][5] = {
    /* (session 14) headlines and megathread comments: a colon introduces, it lists nothing ('the issue from KB1: KB2');
     * a fix that introduces a new bug is blamed; 'the fix for the KB1 bug' names what is fixed; another update named
     * before a fix cue is what fixes ('KB2, la actualización que arregla X tras KB1') */
    {"Patch Tuesday Megathread",
     "OOB is out for the WinRE USB input issue from KB5066835: KB5070773. Fixed it on our test laptops.", "KB5066835", "KB5070773", "blamed"},
    {"Microsoft's emergency fix KB5070773 introduces new USB input bug in recovery environment",
     "", "KB5070773", "", "blamed"},
    {"Here's the fix for the KB5066835 localhost bug: install KB5070773",
     "", "KB5066835", "", "blamed"},
    {"Ya está disponible KB5078127, la actualización de emergencia que arregla el escritorio remoto tras KB5074109",
     "", "KB5074109", "KB5078127", "blamed"},
    /* (session 14) vendor notes: a fix cue that names another KB ('after installing KB1 is resolved by ... KB2'), and
     * an install told inside a description of the problem ('the problem that occurs after', 'das Problem, das nach',
     * 'les déconnexions apparues après', 'het probleem waarbij ... na KB1') */
    {"Fix available",
     "The loss of network connectivity on ProLiant servers after installing KB5058385 is resolved by cumulative update KB5060526.", "KB5058385", "KB5060526", "blamed"},
    {"Behoben",
     "Das Problem, dass Geräte nach der Installation von KB5040442 mit dem BitLocker-Wiederherstellungsbildschirm starten, ist in KB5042099 behoben.", "KB5040442", "KB5042099", "blamed"},
    {"Out-of-Band-Update veröffentlicht",
     "Wir haben KB5042421 veröffentlicht, um das Problem mit dem Dienst zu beheben, das nach der Installation von KB5040437 auftritt.", "KB5040437", "KB5042421", "blamed"},
    {"Mise à jour hors bande",
     "Nous avons publié KB5058922, qui corrige les déconnexions apparues après l'installation de KB5055523.", "KB5055523", "KB5058922", "blamed"},
    {"Volgende stappen",
     "Installeer KB5062560. Daarmee is het probleem opgelost waarbij virtuele machines na KB5060531 hun netwerkverbinding verliezen.", "KB5060531", "", "blamed"},
    {"次の手順", "KB5042099 以降の更新プログラムをインストールしてください。", "", "KB5042099", ""},
    /* (session 14) news of a fix in five languages: what a KB hit ('touchées par'), failures told in the imperfect
     * ('no arrancaban', 'できなくなっていた', '以降に発生していた'), a fix told as restored use ('vuelve a permitir', 'kunnen ... weer
     * inloggen') and 'has since shipped KB2 to deal with it' */
    {"Parche fuera de banda para los equipos que no arrancaban tras KB5063709",
     "Microsoft ha distribuido KB5066791, que soluciona la pantalla negra al inicio.", "KB5063709", "KB5066791", "blamed"},
    {"Microsoft publie un correctif d'urgence pour les imprimantes touchées par KB5050094",
     "La mise à jour hors bande KB5051781 corrige le bug d'impression.", "KB5050094", "KB5051781", "blamed"},
    {"Windows Helloの不具合、KIRで解消へ",
     "Microsoftは、「KB5055627」の適用後にサインインできなくなっていた問題を、KIRを通じて自動的に修正すると発表した。", "KB5055627", "", "blamed"},
    {"RDPの切断問題を修正する「KB5053886」が公開",
     "1月の「KB5050009」以降に発生していた切断問題が、今回の更新で解消された。", "KB5050009", "KB5053886", "blamed"},
    {"RDP sessions freeze after January patch",
     "Sessions lock up after a few minutes with KB5050021. Microsoft confirmed the bug and has since shipped KB5052093 to deal with it.", "KB5050021", "KB5052093", "blamed"},
    {"Oplossing voor Windows Hello-bug nu beschikbaar",
     "Met de update KB5058405 kunnen gebruikers weer inloggen, nadat KB5055528 dat onmogelijk had gemaakt.", "KB5055528", "KB5058405", "blamed"},
    {"Ya hay solución para el fallo de VPN de KB5044273",
     "Microsoft ha publicado la actualización KB5046714, que vuelve a permitir las conexiones VPN que había roto el parche de octubre.", "KB5044273", "KB5046714", "blamed"},
    /* (session 14) a word of another language is not read in an English post: Dutch "lost" (solves) in "lost access"
     * made the culprit the fix; in a Dutch post it still offers its KB */
    {"Hyper-V hosts down after the July CU",
     "KB5062557 went on Wednesday and two of our hosts lost access to the CSVs within an hour.", "KB5062557", "",
     "blamed"},
    {"Printproblemen na KB5062557", "KB5064489 lost het printprobleem van KB5062557 op onze servers op.", "KB5062557",
     "KB5064489", ""},
    {"KB5000001 (fixed by KB5000002)", "Cluster Shared Volumes go offline after the July update.", "KB5000001",
     "KB5000002", "blamed"},
    {"Cluster Shared Volumes may fail",
     "Originating update: KB5000001 (OS Build 17763.7558). Resolved: KB5000002 (OS Build 17763.7614). "
     "Status: Resolved.",
     "KB5000001", "KB5000002", "blamed"},
    {"KB5000002", "Addresses an issue that causes the Cluster service to stop after you install KB5000001.",
     "KB5000001", "", "blamed"},
    {"KB5000002 release notes", "[Cluster] Fixed: CSV offline after KB5000001.", "KB5000001", "", "blamed"},
    {"Problème connu de KB5000001", "Le service de cluster peut s'arrêter. Résolu : KB5000002.", "KB5000001",
     "KB5000002", "blamed"},
    /* the fix cue before the install, whose clause goes on to blame it; the object of another KB's verb; a fix
     * phrase with the failure it mends between it and the KB; a Japanese failure a clause describes */
    {"Out-of-band update KB5000002 fixes Cluster Service failures",
     "Microsoft has released an emergency update after KB5000001 caused cluster service crashes.", "KB5000001",
     "KB5000002", "blamed"},
    {"Cluster problems", "KB5000002 supersedes KB5000001 and fixes the cluster service crash it introduced.",
     "KB5000001", "KB5000002", ""},
    {"KB5000002 available", "This update includes the fix for the CSV issue in KB5000001 and quality improvements.",
     "KB5000001", "", ""},
    {"定例外アップデート KB5000002 公開", "KB5000001 適用後にクラスターが停止する問題を修正。", "KB5000001", "KB5000002",
     "blamed"},
};

/* (session 12) A withdrawn update is blamed and never read as the fix, even where the post tells it was meant as one
 * ("stops KB2 rollout ... KB2, the out-of-band patch to fix ..."), in English, German and Spanish; "pulled it and
 * shipped KB2 instead" withdraws no KB2. title, text, withdrawn KB ("" none), a KB that is the fix ("" none). */
static const char *const withdrawals[][4] = {
    {"Microsoft stops KB5000002 rollout",
     "KB5000002, the out-of-band patch to fix the printing crashes of KB5000001, makes some servers reboot.",
     "KB5000002", ""},
    {"Printing broken", "The emergency fix KB5000002 has been pulled after reports of reboots.", "KB5000002", ""},
    {"Impresión rota", "Microsoft retira KB5000002, el parche de emergencia para corregir la impresión.",
     "KB5000002", ""},
    {"Printing broken", "Microsoft pulled it and shipped KB5000002 instead.", "", "KB5000002"},
};

/* (session 13) A fix announcement that places a culprit offers an update it leaves unplaced, released well after the
 * culprit (a KB numbered 1,000 or more above it), as the fix: the download list of an out-of-band release. One
 * numbered close to the culprit is a sibling of its release and is no fix. title, text, culprit, the fix ("" none),
 * a KB that must not be the fix ("" none). */
static const char *const later_releases[][5] = {
    {"Emergency update for the cluster crash",
     "KB5062557 caused Cluster service crashes on Windows Server 2019. Microsoft shipped an out-of-band update on "
     "August 12 that fixes it. Download: Windows Server 2019 → KB5063877.",
     "KB5062557", "KB5063877", ""},
    {"Notfall-Update behebt Druckerproblem",
     "Das Update KB5000001 verursachte Abstürze beim Drucken. Microsoft hat ein außerplanmäßiges Update "
     "veröffentlicht, das den Fehler behebt. Windows 10 22H2: KB5002500.",
     "KB5000001", "KB5002500", ""},
    {"Correctif d'urgence pour les écrans bleus",
     "La mise à jour KB5000001 a provoqué des écrans bleus. Microsoft publie un correctif d'urgence. Windows 11 : "
     "KB5002500.",
     "KB5000001", "KB5002500", ""},
    {"Microsoft fixes the printing crash",
     "KB5000001 caused printing crashes on Windows 10. Microsoft has fixed the issue in an out-of-band release. Also "
     "affected, Windows 11: KB5000300.",
     "KB5000001", "", "KB5000300"},
};

/* ... and one that places a fix and no culprit blames an update it leaves unplaced, released well before the fix: the
 * update the fix mends. One numbered close to the fix (a sibling of the fix's release) is not blamed. title, text,
 * fix, the culprit ("" none), a KB that must not be blamed ("" none). */
static const char *const earlier_releases[][5] = {
    {"Notfall-Patch für Windows 11",
     "Microsoft veröffentlicht das Notfall-Update KB5078127, das die Probleme behebt. Ausgangspunkt war das "
     "Sicherheits-Update KB5074109 vom 13. Januar.",
     "KB5078127", "KB5074109", ""},
    {"Out-of-band update fixes sign-in failures",
     "Microsoft released KB5078127 to fix the sign-in failures. The trouble began with the January security update, "
     "KB5074109.",
     "KB5078127", "KB5074109", ""},
    {"Parche de emergencia para Windows 11",
     "Microsoft ha lanzado KB5078127 para corregir los fallos de inicio de sesión. Todo empezó con la actualización "
     "de enero, KB5074109.",
     "KB5078127", "KB5074109", ""},
    {"Out-of-band update fixes sign-in failures",
     "Microsoft released KB5078127 to fix the sign-in failures. It also includes the changes of KB5078100.",
     "KB5078127", "", "KB5078100"},
};

/* (session 13) An update meant as a fix that broke something itself is blamed, not offered as the fix: a contrast word
 * and then a culprit verb in its sentence. title, text, the KB, "blamed" or "fix". */
static const char *const broken_fixes[][4] = {
    {"Printing broken", "KB5070773 was released to fix the VPN bug, but it broke printing on our servers.", "KB5070773",
     "blamed"},
    {"Drucker stürzen ab", "KB5070773 soll den VPN-Fehler beheben, verursacht aber Abstürze beim Drucken.", "KB5070773",
     "blamed"},
    {"Impresoras", "KB5070773 corrige el fallo de la VPN, pero provoca pantallas azules al imprimir.", "KB5070773",
     "blamed"},
    {"Imprimantes", "KB5070773 corrige le bug du VPN, mais provoque des écrans bleus.", "KB5070773", "blamed"},
    {"Printers", "KB5070773 verhelpt de VPN-fout, maar veroorzaakt crashes bij het printen.", "KB5070773", "blamed"},
    /* guards: a contrast with no failure of its own, and a culprit verb in the next sentence */
    {"VPN fixed", "KB5070773 fixes the VPN bug, but the update takes long to install.", "KB5070773", "fix"},
    {"VPN fixed", "KB5070773 fixes the VPN bug. But the January update caused other trouble.", "KB5070773", "fix"},
    /* (vocabulary) an update released "as" the fix, or that "has" it, is the fix */
    {"CSV offline after July CU",
     "Our cluster lost its CSVs after the July CU (KB5062557). The August CU KB5063877 has the fix, per the release "
     "notes.",
     "KB5063877", "fix"},
    {"Printing broken after the March update",
     "Printing stopped working after last week's update. Microsoft has now released KB5070773 as an emergency fix.",
     "KB5070773", "fix"},
    {"Drucker streiken", "Nach dem Update stürzt der Druckdienst ab. Microsoft liefert KB5070773 als Notfall-Update aus.",
     "KB5070773", "fix"},
    {"Problemas al imprimir",
     "Tras la actualización de marzo la impresora falla. Microsoft publicó KB5070773 como parche de emergencia.",
     "KB5070773", "fix"},
};

START_TEST(test_a_fix_that_broke_something_itself_is_blamed)
{
    const char *const *c = broken_fixes[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    int blamed = !strcmp(c[3], "blamed");
    ck_assert_msg(pw_strlist_has(&a->kb_affected, c[2]) == blamed, "%s: %s %sblamed", c[1], c[2], blamed ? "not " : "");
    ck_assert_msg(pw_strlist_has(&a->kb_fix, c[2]) == !blamed, "%s: %s %sthe fix", c[1], c[2], blamed ? "" : "not ");
}
END_TEST

/* (session 13) A fix noun that names the update installed before a failure is the culprit's name, not a fix: the
 * failure, a time phrase, the noun phrase ("since the emergency patch", "seit dem Notfall-Patch", "tras el parche
 * fuera de banda", "après le patch de sécurité", "sinds de hotfix"), the KB. Such a post is a regression report that
 * blames the KB; a fix the same phrase names after the failure is mended stays the fix. title, text, KB, "blamed" or
 * "fix". */
static const char *const named_installed[][4] = {
    {"Printers crash since the emergency patch KB5999001.", "", "KB5999001", "blamed"},
    {"Drucker stürzen ab seit dem Notfall-Patch KB5999001.", "", "KB5999001", "blamed"},
    {"Las impresoras fallan tras el parche fuera de banda KB5999001.", "", "KB5999001", "blamed"},
    {"Les imprimantes plantent après le patch de sécurité KB5999001.", "", "KB5999001", "blamed"},
    {"Printers crashen sinds de hotfix KB5999001.", "", "KB5999001", "blamed"},
    /* a KB in the next sentence is no item of the culprit's list; a German verb split around its subject fails */
    {"Printing fails after installing KB5999001", "Printing fails after installing KB5999001. KB5999002 is now available.",
     "KB5999002", "not blamed"},
    {"Drucken schlägt fehl", "Nach der Installation von KB5999001 schlägt das Drucken fehl. KB5999002 ist jetzt verfügbar.",
     "KB5999002", "not blamed"},
    {"修正プログラム KB5999001 を適用後、印刷できない。", "", "KB5999001", "blamed"},
    {"緊急パッチ KB5999001 の適用後にプリンターがクラッシュする。", "", "KB5999001", "blamed"},
    {"修正プログラム KB5999002 を適用後、問題は解消した。", "", "KB5999002", "fix"},
    {"Printing", "KB5999001 broke printing. After the hotfix KB5999002 printing works again.", "KB5999002", "fix"},
    {"Printing", "KB5999001 rompió la impresión. Tras el parche de emergencia KB5999002 el problema está resuelto.",
     "KB5999002", "fix"},
};

START_TEST(test_a_fix_noun_naming_the_installed_update_blames_it)
{
    const char *const *c = named_installed[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    if (!strcmp(c[3], "not blamed")) {
        ck_assert_msg(!pw_strlist_has(&a->kb_affected, c[2]), "%s: %s blamed", c[1], c[2]);
        ck_assert_msg(pw_strlist_has(&a->kb_affected, "KB5999001"), "%s: KB5999001 not blamed", c[1]);
    } else if (!strcmp(c[3], "blamed")) {
        ck_assert_msg(a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_REGRESSION), "%s: class %s", c[0],
                      a->report_class ? a->report_class : "(none)");
        ck_assert_msg(pw_strlist_has(&a->kb_affected, c[2]) && !pw_strlist_has(&a->kb_fix, c[2]), "%s: %s not blamed",
                      c[0], c[2]);
    } else {
        ck_assert_msg(pw_strlist_has(&a->kb_fix, c[2]) && !pw_strlist_has(&a->kb_affected, c[2]), "%s%s: %s not the fix",
                      c[0], c[1], c[2]);
    }
}
END_TEST

/* (session 13) News of a fix names the culprit in a clause about the failure: an apposition ("KB2, an out-of-band
 * update that fixes the crashes users saw after installing KB1"), a passive in the plural ("causados por KB1",
 * "provoqués par KB1", "introduit par KB1") and a German or Dutch relative clause with its verb last ("das die
 * Druckprobleme nach KB1 behebt", "die de printproblemen na KB1 verhelpt"). title, text: KB5999001 is blamed and
 * never the fix, KB5999002 (the fix) is never blamed. */
static const char *const fix_news[][2] = {
    {"Microsoft fixes printing crashes with emergency update",
     "Microsoft has released KB5999002, an out-of-band update that fixes the printing crashes some users saw after "
     "installing KB5999001."},
    {"Microsoft soluciona los problemas de impresión",
     "Microsoft ha lanzado KB5999002, una actualización fuera de banda que corrige los fallos de impresión causados por "
     "KB5999001."},
    {"Microsoft corrige les plantages d'impression",
     "Microsoft a publié KB5999002, une mise à jour hors bande qui corrige les plantages d'impression provoqués par "
     "KB5999001."},
    {"Mise à jour d'urgence KB5999002",
     "Cette mise à jour résout le problème introduit par KB5999001 qui faisait planter le spouleur."},
    {"Microsoft behebt Druckprobleme mit Notfall-Update",
     "Microsoft hat mit KB5999002 ein außerplanmäßiges Update veröffentlicht, das die Druckprobleme nach KB5999001 "
     "behebt."},
    {"Microsoft verhelpt printproblemen met noodupdate",
     "Microsoft heeft KB5999002 uitgebracht, een update die de printproblemen na KB5999001 verhelpt."},
};

START_TEST(test_fix_news_names_the_culprit_in_a_clause_about_the_failure)
{
    const char *const *c = fix_news[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    ck_assert_msg(pw_strlist_has(&a->kb_affected, "KB5999001") && !pw_strlist_has(&a->kb_fix, "KB5999001"),
                  "%s: KB5999001 not the culprit", c[1]);
    ck_assert_msg(!pw_strlist_has(&a->kb_affected, "KB5999002"), "%s: KB5999002 blamed", c[1]);
}
END_TEST

START_TEST(test_a_fix_story_blames_an_earlier_release_it_fixes)
{
    const char *const *c = earlier_releases[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    ck_assert_msg(a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_FIX), "%s: class %s", c[0],
                  a->report_class ? a->report_class : "(none)");
    ck_assert_msg(pw_strlist_has(&a->kb_fix, c[2]) && !pw_strlist_has(&a->kb_affected, c[2]), "%s: %s not the fix",
                  c[0], c[2]);
    if (*c[3]) ck_assert_msg(pw_strlist_has(&a->kb_affected, c[3]), "%s: %s not blamed", c[0], c[3]);
    if (*c[4]) ck_assert_msg(!pw_strlist_has(&a->kb_affected, c[4]), "%s: %s blamed", c[0], c[4]);
}
END_TEST

START_TEST(test_a_fix_story_offers_a_later_release_as_the_fix)
{
    const char *const *c = later_releases[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    ck_assert_msg(a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_FIX), "%s: class %s", c[0],
                  a->report_class ? a->report_class : "(none)");
    ck_assert_msg(pw_strlist_has(&a->kb_affected, c[2]) && !pw_strlist_has(&a->kb_fix, c[2]), "%s: %s not the culprit",
                  c[0], c[2]);
    if (*c[3]) ck_assert_msg(pw_strlist_has(&a->kb_fix, c[3]), "%s: %s not the fix", c[0], c[3]);
    if (*c[4]) ck_assert_msg(!pw_strlist_has(&a->kb_fix, c[4]), "%s: %s read as the fix", c[0], c[4]);
}
END_TEST

START_TEST(test_a_withdrawn_update_is_never_the_fix)
{
    const char *const *c = withdrawals[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    if (*c[2]) {
        ck_assert_msg(!pw_strlist_has(&a->kb_fix, c[2]), "%s / %s: %s read as a fix", c[0], c[1], c[2]);
        ck_assert_msg(pw_strlist_has(&a->kb_affected, c[2]), "%s / %s: %s not blamed", c[0], c[1], c[2]);
    }
    if (*c[3]) ck_assert_msg(pw_strlist_has(&a->kb_fix, c[3]), "%s / %s: %s not the fix", c[0], c[1], c[3]);
}
END_TEST

/* (session 12) Linux package versions: the one offered as the fix is marked "role": "fix", the culprit is not.
 * title, text, culprit name, culprit version, fix name, fix version. */
static const char *const package_roles[][6] = {
    {"openssh 9.7p1 breaks sshd", "After the update to openssh 9.7p1 sshd fails to start. openssh 9.8p1 should fix it.",
     "openssh", "9.7p1", "openssh", "9.8p1"},
    {"openssl 3.0.14 breaks nginx",
     "nginx does not start after upgrading to openssl 3.0.14. Pinned openssl 3.0.13 for now.", "openssl", "3.0.14",
     "openssl", "3.0.13"},
    {"sudo 1.9.16 breaks LDAP",
     "sudo 1.9.16 broke our LDAP sudoers. Rolled back to sudo 1.9.15p5 and everything works.", "sudo", "1.9.16",
     "sudo", "1.9.15p5"},
    {"systemd 257.4 Bootproblem",
     "Nach dem Update auf systemd 257.4 hängt der Server beim Booten. systemd 257.5 behebt den Fehler.", "systemd",
     "257.4", "systemd", "257.5"},
    {"systemd 257.4 problema de arranque",
     "Tras actualizar a systemd 257.4 el servidor se cuelga. systemd 257.5 corrige el fallo.", "systemd", "257.4",
     "systemd", "257.5"},
};

/* The role of package name/version in a, or NULL; *found: the package is there at all. */
static const char *package_role(const pw_advisory *a, const char *name, const char *version, int *found)
{
    size_t i;
    const json_t *it;
    *found = 0;
    json_array_foreach(a->packages, i, it) {
        const char *n = json_string_value(json_object_get(it, "name"));
        const char *v = json_string_value(json_object_get(it, "version"));
        if (n && v && !strcmp(n, name) && !strcmp(v, version)) {
            *found = 1;
            return json_string_value(json_object_get(it, "role"));
        }
    }
    return NULL;
}

START_TEST(test_a_package_version_offered_as_the_fix_is_marked)
{
    const char *const *c = package_roles[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    int found;
    const char *r = package_role(a, c[2], c[3], &found);
    ck_assert_msg(found && !r, "%s: %s %s missing or marked %s", c[1], c[2], c[3], r ? r : "-");
    r = package_role(a, c[4], c[5], &found);
    ck_assert_msg(found && r && !strcmp(r, "fix"), "%s: %s %s not marked the fix", c[1], c[4], c[5]);
}
END_TEST

START_TEST(test_the_culprit_is_never_read_as_the_fix)
{
    const char *const *c = fix_notes[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    ck_assert_msg(!pw_strlist_has(&a->kb_fix, c[2]), "%s / %s: %s read as a fix", c[0], c[1], c[2]);
    if (*c[4]) ck_assert_msg(pw_strlist_has(&a->kb_affected, c[2]), "%s / %s: %s not blamed", c[0], c[1], c[2]);
    if (*c[3]) ck_assert_msg(pw_strlist_has(&a->kb_fix, c[3]), "%s / %s: %s not the fix", c[0], c[1], c[3]);
}
END_TEST

START_TEST(test_a_kb_whose_role_is_undecided_is_never_blamed)
{
    assert_roles(&cases[_i]);
}
END_TEST

START_TEST(test_the_culprit_and_its_siblings_stay_blamed)
{
    assert_roles(&guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_roles");
    TCase *tc = tcase_create("session 9");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_a_kb_whose_role_is_undecided_is_never_blamed, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_the_culprit_and_its_siblings_stay_blamed, 0, (int)(sizeof guards / sizeof guards[0]));
    tcase_add_loop_test(tc, test_the_culprit_is_never_read_as_the_fix, 0,
                        (int)(sizeof fix_notes / sizeof fix_notes[0]));
    tcase_add_loop_test(tc, test_a_withdrawn_update_is_never_the_fix, 0,
                        (int)(sizeof withdrawals / sizeof withdrawals[0]));
    tcase_add_loop_test(tc, test_a_fix_story_offers_a_later_release_as_the_fix, 0,
                        (int)(sizeof later_releases / sizeof later_releases[0]));
    tcase_add_loop_test(tc, test_a_fix_story_blames_an_earlier_release_it_fixes, 0,
                        (int)(sizeof earlier_releases / sizeof earlier_releases[0]));
    tcase_add_loop_test(tc, test_a_fix_that_broke_something_itself_is_blamed, 0,
                        (int)(sizeof broken_fixes / sizeof broken_fixes[0]));
    tcase_add_loop_test(tc, test_fix_news_names_the_culprit_in_a_clause_about_the_failure, 0,
                        (int)(sizeof fix_news / sizeof fix_news[0]));
    tcase_add_loop_test(tc, test_a_fix_noun_naming_the_installed_update_blames_it, 0,
                        (int)(sizeof named_installed / sizeof named_installed[0]));
    tcase_add_loop_test(tc, test_a_package_version_offered_as_the_fix_is_marked, 0,
                        (int)(sizeof package_roles / sizeof package_roles[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
