/* test_report_kb_forms26: KB forms read from session 26's study of the tuning posts' misses (tune KB recall 0.956
 * -> 0.978, precision 1.000 before and after; docs/feeds.md "Session 26"), written anew here, none copied from a
 * post. Each case fails on the build before the forms were added (9416e02's rules/extract/kb.yaml); the guards
 * pass on both.
 * - A support page's header: "KB ID: 5073381", "KB-ID: 5079373".
 * - The old hotfix link: KBHotfix.aspx?kbnum=2203330.
 * - A bare number set off by a comma after its update: "the March security update, 4483452, ...".
 * - A Japanese support page's document number: "文書番号: 939160".
 * - A list that names the KB once: "KB 4088875/4088878".
 * - Numbered security advisories carry their KB's number, in six languages.
 * - An old KB article's title ending in its number: "... by using QChain.exe (823103)". */
#include "extract_test_util.h"

/* {lang, title, body, the KBs read, space-separated ("" none)} */
static const char *const cases[][4] = {
    {"en", "How to manage the new certificate rollout", "Applies to: Windows Server 2022. KB ID: 5073381. Read this before you deploy.", "KB5073381"},
    {"de", "Zertifikate für den sicheren Start", "Ursprüngliches Veröffentlichungsdatum: 10. Februar 2026 KB-ID: 5079373", "KB5079373"},
    {"ja", "証明書の更新ガイダンス", "発行日: 2026 年 2 月 10 日 KB ID: 5062713 この記事では手順を説明します。", "KB5062713"},
    {"en", "Hotfix for the print spooler", "Download it from http://support.microsoft.com/hotfix/KBHotfix.aspx?kbnum=2203330&kbln=en-us today.", "KB2203330"},
    {"en", "Reports on the March rollup", "Some servers stopped booting after the March security update, 4483452, was installed.", "KB4483452"},
    {"ja", "ファイルのバージョンが戻る", "文書番号: 939160 - 対象製品 Windows Server 2003", "KB939160"},
    {"en", "Rollup trouble", "The March Monthly Rollup (KB 4088875/4088878) broke networking on some VMs.", "KB4088875 KB4088878"},
    {"en", "Patch pulled", "Microsoft has pulled the update described in its Security Advisory 2949927 after reports of failures.", "KB2949927"},
    {"ja", "更新の提供を中止", "セキュリティアドバイザリ2949927で説明されていた更新プログラムの提供を中止しました。", "KB2949927"},
    {"ja", "Microsoft セキュリティ アドバイザリ 4022345", "Microsoft ではこのセキュリティ更新プログラムを公開しました。", "KB4022345"},
    {"de", "Neue Sicherheitsempfehlung", "Microsoft hat die Sicherheitsempfehlung 2718704 veröffentlicht.", "KB2718704"},
    {"fr", "Nouvel avis", "Microsoft publie l'avis de sécurité 2718704 pour tous les clients.", "KB2718704"},
    {"es", "Nuevo aviso", "Microsoft publica el aviso de seguridad 2718704 para todos los clientes.", "KB2718704"},
    {"nl", "Nieuw advies", "Microsoft heeft beveiligingsadvies 2718704 gepubliceerd.", "KB2718704"},
    {"en", "Setup fails when you install the patch by using QChain.exe (823103)", "When you use QChain.exe, one file is not replaced.", "KB823103"},
};

/* what the forms must not read */
static const char *const guards[][4] = {
    {"en", "Fix crash on start (#123456)", "The app crashed on start; this pull request fixes it.", ""},
    {"en", "Order status", "Order (1234567) shipped today with the new updates, 2026 edition.", ""},
    {"en", "Slash in a path", "KB5040442 is installed; see /var/log/1234567/2345678 for the trace.", "KB5040442"},
    {"en", "Advisory without a number", "Microsoft published security advisory ADV180002 about speculative execution.", ""},
};

static void assert_kbs(const char *const c[4])
{
    pw_advisory *a = read_report(c[1], c[2]);
    char want[256];
    size_t n = 0;
    snprintf(want, sizeof want, "%s", c[3]);
    for (char *save = NULL, *kb = strtok_r(want, " ", &save); kb; kb = strtok_r(NULL, " ", &save), n++)
        ck_assert_msg(pw_strlist_has(&a->kb, kb), "[%s] %s / %s: %s not read", c[0], c[1], c[2], kb);
    ck_assert_msg(a->kb.n == n, "[%s] %s / %s: %zu KBs read, want %zu (first %s)", c[0], c[1], c[2], a->kb.n, n,
                  a->kb.n ? a->kb.v[0] : "-");
}

START_TEST(test_kb_forms_of_session26)
{
    assert_kbs(cases[_i]);
}
END_TEST

START_TEST(test_what_they_must_not_read)
{
    assert_kbs(guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session 26 KB forms");
    TCase *tc = tcase_create("forms");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_kb_forms_of_session26, 0, sizeof cases / sizeof cases[0]);
    tcase_add_loop_test(tc, test_what_they_must_not_read, 0, sizeof guards / sizeof guards[0]);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
