/* test_report_version_roles: which update or package version a post offers as the way out, in forms the reader
 * missed (session 20; sentences written for this test, none copied from a post or from tests/fixtures/reports):
 *   - an RPM name-version-release is one version, not also its prefix ("glibc-2.34-100.el9_4.3." is not
 *     "2.34-100.el9_4" too, which would match the downgrade target "2.34-100.el9_4.2");
 *   - "Workaround for now: boot kernel 6.9.12" offers that kernel ("for now" says when, not what for);
 *   - "regression between kernel 6.4.15 and 6.5.1": the first is the last good one (and, since session 27's
 *     lists, the second is read and blamed);
 *   - one version in two spellings ("4.4.0-109", "4.4.0.109") is one package, with one role;
 *   - an update put out in haste or re-released is the fix ("quickly released KB2", "hat rasch KB2 nachgeschoben",
 *     "a rapidement publié KB2", "ha publicado rápidamente la versión 5.19.13", "re-released KB2");
 *   - a version told as where the failure came in, without its package ("a regression introduced in 1.25.4", "kam
 *     tatsächlich mit 6.8.0-49", "sinds 2.4.60", "256.4 で混入した"), with or without its epoch ("1:9.6p1-...");
 *     "KB1 で混入した不具合を修正" fixes KB1's bug, so KB1 is the culprit, not the fix;
 *   - any package's name with its version, as the subject of a failure verb ("pip 9.0.2 breaks") or the object of
 *     an upgrade ("upgrading to libarrow-dev 20.0.0-2"), but not a distribution's release ("Ubuntu 22.04");
 *   - an upgrade "from version A to B" past a parenthesis with a dot ("(Ubuntu 22.04)"), a downgrade "to the default
 *     Ubuntu repo (V)", and "repo (V)" is no package named "repo".
 * Each case fails on 2a0428e's build (checked with bench_reports --text); each guard passes there. */
#include <string.h>

#include "extract_test_util.h"

/* title, text; the versions read, in order, each with its role ("" blamed, "fix", "?" either); at most three */
typedef struct {
    const char *title, *text;
    const char *version[3], *role[3];
} package_case;

static const package_case packages[] = {
    {"Service segfaults after glibc update",
     "It started segfaulting right after dnf pulled glibc-2.34-100.el9_4.3. Downgraded to glibc-2.34-100.el9_4.2 and "
     "it has been stable since.",
     {"2.34-100.el9_4.3", "2.34-100.el9_4.2"},
     {"", "fix"}},
    {"akmod fails to build",
     "After updating to kernel 6.10.3-200.fc40 the akmod fails to build. Workaround for now: boot kernel "
     "6.9.12-200.fc40 from the GRUB menu.",
     {"6.10.3-200.fc40", "6.9.12-200.fc40"},
     {"", "fix"}},
    {"Touchpad regression between kernel 6.4.15 and 6.5.1", "The touchpad is not detected any more on the new install.",
     {"6.4.15", "6.5.1"},
     {"fix", ""}},
    {"Ubuntu ne démarre plus",
     "Après la mise à jour du noyau vers la version 4.4.0-108, le système ne démarre plus. Le problème est résolu avec "
     "la version 4.4.0.109 du noyau. Les systèmes démarrent correctement après la mise à jour vers la version 4.4.0-109.",
     {"4.4.0-108", "4.4.0.109"},
     {"", "fix"}},
    {"Pantalla rota",
     "El fallo del controlador gráfico en la versión 5.19.12 de Linux rompe pantallas. Los desarrolladores han "
     "publicado rápidamente la versión 5.19.13 de Linux, que revierte los parches defectuosos.",
     {"5.19.12", "5.19.13"},
     {"", "fix"}},
    {"nginx 1.25.5 released", "nginx 1.25.5 is out. It fixes the 502 errors, a regression introduced in 1.25.4.",
     {"1.25.5", "1.25.4"},
     {"?", ""}},
    {"ZFS-Pool wieder da mit linux-image-6.8.0-50-generic",
     "Der Pool wird wieder importiert. Der Fehler kam tatsächlich mit 6.8.0-49.",
     {"6.8.0-50", "6.8.0-49"},
     {"?", ""}},
    {"openssh 1:9.6p1-3ubuntu13.6",
     "This bug was fixed in openssh 1:9.6p1-3ubuntu13.6. The change that caused the regression in "
     "1:9.6p1-3ubuntu13.5 has been reverted.",
     {"9.6p1-3ubuntu13.6", "9.6p1-3ubuntu13.5"},
     {"fix", ""}},
    {"httpd 2.4.62 uitgebracht", "Deze versie van httpd 2.4.62 lost de regressie op waarbij URL's sinds 2.4.60 werden "
     "geweigerd.",
     {"2.4.62", "2.4.60"},
     {"fix", ""}},
    {"systemd 256.5 リリース", "systemd 256.5 を公開。256.4 で混入した不具合を修正。",
     {"256.5", "256.4"},
     {"?", ""}},
    /* any package's name, where the sentence makes it an update; a distribution's release is no package */
    {"pip breaks installs", "pip 9.0.2 breaks compatibility for Python 3.", {"9.0.2"}, {""}},
    {"Build fails", "After upgrading to libarrow-dev 20.0.0-2 the build fails. Ubuntu 22.04 here.", {"20.0.0-2"}, {""}},
    {"Black screen with new Mesa version",
     "Today I updated Mesa from the Kisak PPA (Ubuntu 22.04) from version 23.0.3~kisak1 to 23.1.0~kisak1. Downgrading "
     "to the default Ubuntu repo (22.2.5-0ubuntu0.1~22.04.1) worked as a temporary fix.",
     {"23.1.0~kisak1", "23.0.3~kisak1", "22.2.5-0ubuntu0.1~22.04.1"}, /* 23.0.3: where the update started (session 31) */
     {"", "fix", "fix"}},
};

/* lang, title, text, the culprit, the fix */
static const struct {
    const char *lang, *title, *text, *culprit, *fix;
} kbs[] = {
    {"en", "Printing broken", "KB5011111 broke printing, and Microsoft quickly released KB5012345.", "KB5011111",
     "KB5012345"},
    {"de", "Druckprobleme", "KB5011111 legte den Druck lahm, Microsoft hat rasch KB5012345 nachgeschoben.", "KB5011111",
     "KB5012345"},
    {"fr", "Impression", "KB5011111 a cassé l'impression ; Microsoft a rapidement publié KB5012345.", "KB5011111",
     "KB5012345"},
    {"en", "Transport rules", "KB5044062 broke transport rules and was pulled. Microsoft re-released KB5049233.",
     "KB5044062", "KB5049233"},
};

/* the culprit stays blamed: the remedy's object ("workaround for" a KB's problem), a release quick to break, the
 * update a bug came in with (a case that fails on 2a0428e's build) */
static const struct {
    const char *title, *text, *culprit;
} guards[] = {
    {"Workaround", "Workaround for the KB5011111 printing bug: use the v3 driver.", "KB5011111"},
    {"Broken fast", "Microsoft released KB5011111 on Tuesday and by Wednesday it had broken printing.", "KB5011111"},
    {"不具合修正", "KB5062000 を公開。KB5061111 で混入した不具合を修正。", "KB5061111"},
};

START_TEST(test_packages_take_their_roles)
{
    const package_case *c = &packages[_i];
    pw_advisory *a = read_report(c->title, c->text);
    size_t want = 0;
    while (want < 3 && c->version[want]) want++;
    size_t got = a->packages ? json_array_size(a->packages) : 0;
    ck_assert_msg(got == want, "%s / %s: %zu packages, want %zu", c->title, c->text, got, want);
    for (size_t k = 0; k < want; k++) {
        const json_t *p = json_array_get(a->packages, k);
        const char *v = json_string_value(json_object_get(p, "version"));
        const char *role = json_string_value(json_object_get(p, "role"));
        ck_assert_msg(v && !strcmp(v, c->version[k]), "%s: package %zu is %s, want %s", c->title, k, v ? v : "-",
                      c->version[k]);
        ck_assert_msg(!strcmp(c->role[k], "?") || !strcmp(role ? role : "", c->role[k]), "%s: %s has role '%s', want '%s'", c->title, v,
                      role ? role : "", c->role[k]);
    }
}
END_TEST

START_TEST(test_updates_put_out_in_haste_are_the_fix)
{
    pw_advisory *a = read_report(kbs[_i].title, kbs[_i].text);
    assert_blame(a, kbs[_i].lang, kbs[_i].title, kbs[_i].text, kbs[_i].culprit, kbs[_i].fix);
    ck_assert_msg(pw_strlist_has(&a->kb_fix, kbs[_i].fix), "[%s] %s: %s not read as the fix", kbs[_i].lang,
                  kbs[_i].text, kbs[_i].fix);
}
END_TEST

START_TEST(test_remedy_objects_and_plain_releases_stay_blamed)
{
    pw_advisory *a = read_report(guards[_i].title, guards[_i].text);
    assert_blame(a, "en", guards[_i].title, guards[_i].text, guards[_i].culprit, "");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_version_roles");
    TCase *tc = tcase_create("session 20");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_packages_take_their_roles, 0, (int)(sizeof packages / sizeof packages[0]));
    tcase_add_loop_test(tc, test_updates_put_out_in_haste_are_the_fix, 0, (int)(sizeof kbs / sizeof kbs[0]));
    tcase_add_loop_test(tc, test_remedy_objects_and_plain_releases_stay_blamed, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
