/* test_report_told_failures: failures told in the words real posts use that the reader missed (session 19;
 * sentences written for this test, none copied from a post or from tests/fixtures/reports):
 *   - Windows Update's own failure screens, quoted in each language ("We couldn't complete the updates. Undoing
 *     changes", "Die Updates konnten nicht abgeschlossen werden", "更新を完了できませんでした");
 *   - a warning off an update already named ("surtout ne l'installez pas", "installiert es nicht");
 *   - failure words the vocabulary lacked (bloqueó, rencontrer des difficultés, en brique) and a build that breaks;
 *   - "bug fixes" as an update's contents, which announce no fix;
 *   - a weak fix word that is a noun ("the resource manager patch") does not make the KB installed before it the fix;
 *   - advice to take "the update" off, or a driver named with its build number, ties the story to one update;
 *   - a packaging commit's subject names its package ("alsa-lib: update to 1.2.5").
 * Each case fails on 4b1c55a's build (checked with bench_reports --text); each guard passes there. */
#include "extract_test_util.h"

#define REG PW_ADV_CLASS_REGRESSION
#define INFO PW_ADV_CLASS_INFO
static const blame_case cases[] = {
    /* Windows Update's failure screens */
    {"en", REG, "KB5071546", "At 92% it says We couldn't complete the updates. Undoing changes.", "KB5071546", ""},
    {"de", REG, "KB5071546", "Bei 92 % kommt: Die Updates konnten nicht abgeschlossen werden.", "KB5071546", ""},
    {"es", REG, "KB5071546 se queda en 92 %",
     "KB5071546 se queda en el 92 % y luego sale: No pudimos completar las actualizaciones. Deshaciendo cambios.",
     "KB5071546", ""},
    {"fr", REG, "KB5071546", "À 92 % : Nous n'avons pas pu terminer les mises à jour. Annulation des modifications.",
     "KB5071546", ""},
    {"ja", REG, "KB5071546 が 92% で止まる", "KB5071546 が 92% で止まり、更新を完了できませんでした と表示されます。", "KB5071546",
     ""},
    /* a warning off an update already named */
    {"fr", REG, "KB5099999", "La mise à jour KB5099999 vérifie votre licence... surtout ne l'installez pas !",
     "KB5099999", ""},
    /* words the vocabulary lacked */
    {"es", REG, "WinRE", "Un parche de seguridad de Microsoft bloqueó la única manera de recuperar un equipo averiado.",
     "", ""},
    {"fr", REG, "KB5062553", "Avec KB5062553, plusieurs applications peuvent rencontrer des difficultés.", "KB5062553",
     ""},
    {"fr", REG, "Mise à jour du firmware",
     "Une simple mise à jour du firmware transforme la machine en brique : écran noir au démarrage.", "", ""},
    {"en", REG, "[NOMERGE] alsa-lib: update to 1.2.5", "Doesn't even build on musl yet.", "", ""},
    /* "bug fixes" as contents */
    {"en", REG, "Wrong Exchange update",
     "Microsoft pulled Update Rollup 4 - a collection of bug fixes - and warned that it could cause problems.", "",
     ""},
    /* a weak fix word that is a noun */
    {"en", REG, "Crash caused by KB5032190",
     "After updating this patch (KB5032190), the resource manager patch keeps crashing.", "KB5032190", ""},
    /* the update taken off, a driver's build */
    {"en", REG, "Printing from iframes",
     "Microsoft have broken printing from iframes in IE11; their advice is to uninstall the security update.", "",
     ""},
    {"de", REG, "Ryzen",
     "Fehlerhaft ist das Windows-Update bei einigen Ryzen-Systemen mit dem Treiber SCSIAdapter 9.3.0.221.", "", ""},
    {"en", INFO, "Release 2.4", "Release 2.4 brings various bug fixes and performance improvements.", "", ""},
};

static const blame_case guards[] = {
    {"en", PW_ADV_CLASS_FIX, "Printing fixed", "KB5099999 fixes the printing bug that KB5088888 introduced.",
     "KB5088888", "KB5099999"},
    {"en", REG, "KB5099999", "Do not install KB5099999 on print servers.", "KB5099999", ""},
    {"en", INFO, "Blocked IP", "The firewall blocked 10.0.0.1 and 10.0.0.2 this morning.", "", ""},
};

START_TEST(test_a_failure_told_so_is_a_report)
{
    assert_blame_case(&cases[_i]);
}
END_TEST

START_TEST(test_the_same_words_keep_their_meaning)
{
    assert_blame_case(&guards[_i]);
}
END_TEST

/* A packaging commit's subject names its package at the version it goes to; a note's colon does not. */
START_TEST(test_a_commit_subject_names_its_package)
{
    pw_advisory *a = read_report("[NOMERGE] alsa-lib: update to 1.2.5.", "Doesn't even build on musl yet.");
    ck_assert_msg(a->packages && json_array_size(a->packages) == 1, "packages: %zu",
                  a->packages ? json_array_size(a->packages) : 0);
    json_t *p = json_array_get(a->packages, 0);
    ck_assert_str_eq(json_string_value(json_object_get(p, "name")), "alsa-lib");
    ck_assert_str_eq(json_string_value(json_object_get(p, "version")), "1.2.5");
    a = read_report("foo: 1.2.3 -> 1.2.4", "");
    ck_assert_msg(a->packages && json_array_size(a->packages) == 1, "nixpkgs form");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a->packages, 0), "version")), "1.2.4");
    a = read_report("Note: update to 2.0 soon", "");
    ck_assert_msg(!a->packages || json_array_size(a->packages) == 0, "a note is no package");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_told_failures");
    TCase *tc = tcase_create("session 19");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_a_failure_told_so_is_a_report, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_the_same_words_keep_their_meaning, 0, (int)(sizeof guards / sizeof guards[0]));
    tcase_add_test(tc, test_a_commit_subject_names_its_package);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
