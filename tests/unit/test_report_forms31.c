/* test_report_forms31: a change's own title, failures dated by an update a word points at, and a cause with a
 * negated verb of working (docs/feeds.md "Session 31"). Forms written anew, none copied from a post.
 * - A headline that is a change's title -- a package bumped to a version, a file edited, a request to a
 *   distribution's release managers, a release -- is no report, whatever failures its body says the change fixes
 *   ("systemd: update to 258.2", "Mesa: 25.0.1 -> 25.0.2", "chore(deps): bump curl from 8.5.0 to 8.6.0", "Update
 *   troubleshooting-known-issues.md", "Bug#1: unblock: sudo/1.9.16p2-1", "bookworm-pu: package ..."). A failure
 *   word in such a headline still makes it one, and "KB1: 0x80070643" is no version bump.
 * - "after last update", "after a recent Windows update", "after the upgrade of the ssh add-on", "nach aktuellem
 *   Update", "tras la última actualización", "après la dernière mise à jour", "na de laatste update" tie a story to
 *   one update (an anchor), though no number is given; "after an update" and a bare "nach dem Windows Update" do
 *   not.
 * - "causes laptops ... to not boot", "made my laptop not boot" are failures; "making sure it does not start" is not.
 * - A warning not to use a release ("warned testers not to use 6.2-rc1", "warnt davor, die Version 6.2-rc1 zu
 *   verwenden", "recomienda no usar la versión", "de ne pas utiliser la version", "raadt af om versie 6.2-rc1 te
 *   gebruiken", "RC1を使うのは避けるべき", "23.10 の使用を控えた方が良い") is a report; a release candidate is a release
 *   (on topic, and a particular one). "Don't use the Media Creation Tool" is a guide's advice. A reason cut to its
 *   64 bytes is cut at a character (it ended in U+FFFD, the half character replaced).
 * - A bare version takes the well-known package named nearest before it, as it took the kernel: "after latest mesa
 *   update ... update from 24.1.2 to 24.1.3" is mesa 24.1.3, "upgrade nvidia driver to 580.105.08" after "the 6.17
 *   kernel" is nvidia's, not the kernel's; "noyau" is still the kernel.
 * - An NVIDIA driver branch ("NVIDIA 590", "nvidia driver 535") is a version of nvidia, and blames the host's install
 *   of the branch; "PHP 8.3.10" is php's. A version waited for ("still waiting for PHP 8.3.11", "Ich warte auf
 *   257.5", "257.5 を待っています") is the fix to come, never warned about.
 * - A version told as the one before the culprit is the way back (role fix), not blamed: "a regression from 258.3",
 *   "boot with an older kernel, linux-image-5.4.0-149", "vorheriger Kernel", "la versión anterior", "Précédent
 *   kernel : linux 5.15.0.97", the version an update started from ("updating `libvirt-9.8.0_1` ... to
 *   `libvirt-10.0.0_1`"). "The previous release 2.3.1 broke ..." stays blamed, as does "regression in 258.3".
 * The change titles, the causes and the anchored headline fail on d634991, as do the anchors marked 1 except the
 * Spanish and French ones, which the anchor word lists held already. */
#include <stdio.h>

#include "core/pw_advisory.h"
#include "extract_test_util.h"

/* {title, body}: read as informational, not as a report */
static const char *const change_titles[][2] = {
    {"systemd: update to 258.2",
     "Fixes a crash in networkd on link changes, and a regression in resolved that broke DNS over TLS."},
    {"Mesa: 25.0.1 -> 25.0.2", "Fixes GPU hangs on RDNA3 cards after resume and a crash in the shader cache."},
    {"upgpkg(core/openssl): 3.4.1", "The previous build failed its test suite on armv7 with a segfault; this one passes."},
    {"chore(deps): bump curl from 8.5.0 to 8.6.0",
     "Release notes: fixes a crash with HTTP/2 and a regression in proxy handling."},
    {"Update troubleshooting-known-issues.md",
     "Adds the error 0x800f0922 that fails the install of the March update, and its workaround."},
    {"Bug#1100001: unblock: sudo/1.9.16p2-1",
     "Please unblock sudo: the new upload fixes a crash when the sudoers file is broken."},
    {"Bug#1100002: bookworm-pu: package systemd/252.36-1~deb12u1",
     "This fixes networkd failing to bring up bridges, which broke some setups."},
};

/* {title, body}: still a report */
static const char *const change_title_guards[][2] = {
    {"systemd: update to 258.2 breaks networkd", "Since the update no bridge comes up; networkd fails with an error."},
    {"KB5034441: 0x80070643", "The update fails to install on every machine with error 0x80070643."},
    {"Kernel 6.11.11 causes laptops with ipu6 cameras to not boot",
     "Reported on Fedora 41; the fix is the revert in 6.12.2."},
    {"linux-image 6.8.0-60 made my laptop not boot", ""},
};

/* The post {title, body} reads as class cls. */
static void assert_reads_as(const char *const *c, const char *cls)
{
    pw_advisory *a = read_report(c[0], c[1]);
    ck_assert_msg(a->report_class && strcmp(a->report_class, cls) == 0, "%s / %s: class %s, want %s", c[0], c[1],
                  a->report_class ? a->report_class : "(none)", cls);
}

START_TEST(test_change_title_is_no_report) { assert_reads_as(change_titles[_i], "informational"); }
END_TEST

START_TEST(test_change_title_guards) { assert_reads_as(change_title_guards[_i], "regression-report"); }
END_TEST

/* A word that points at one update anchors the story; an indefinite or bare one does not. */
START_TEST(test_update_pointed_at_anchors_a_post)
{
    static const struct {
        const char *text;
        int anchored;
    } forms[] = {
        {"Wifi gone after last update", 1},
        {"Wifi gone after a recent Windows update", 1},
        {"Wifi gone since this upgrade", 1},
        {"Login refused after the upgrade of the ssh add-on", 1},
        {"WLAN weg nach dem letzten Update", 1},
        {"Fehlermeldung nach aktuellem Update", 1},
        {"El wifi falla tras la última actualización", 1},
        {"Le wifi ne marche plus après la dernière mise à jour", 1},
        {"Le wifi ne marche plus depuis cette mise à jour", 1},
        {"Wifi valt weg na de laatste update", 1},
        {"Wifi gone after an update", 0},
        {"Wifi gone after the update", 0},
        {"WLAN weg nach dem Windows Update", 0},
        {"Le wifi ne marche plus après la mise à jour", 0},
        {"El wifi falla después de una actualización", 0},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) assert_anchored(forms[i].text, forms[i].anchored);
}
END_TEST

/* An anchored headline with one plain failure word is a report (it was a guide's scenario when unanchored). */
START_TEST(test_anchored_headline_is_a_report)
{
    pw_advisory *a = read_report("Foutmelding na de laatste update",
                                 "dkms: Deleting from /lib/modules/6.1.0-18-amd64/updates/dkms/ - No original module "
                                 "was found for this module.");
    ck_assert_str_eq(a->report_class, "regression-report");
}
END_TEST

/* "making sure ... does not start" is no cause of a failure (the plain "does not start" may still count). */
START_TEST(test_making_sure_is_no_failure)
{
    pw_advisory *a = read_report("systemd 257.4", "The unit file is changed, making sure the old service does not start.");
    for (size_t i = 0; i < a->class_reasons.n; i++)
        ck_assert_msg(strncasecmp(a->class_reasons.v[i], "making", 6) != 0, "reason %s", a->class_reasons.v[i]);
}
END_TEST

/* {title, body}: a warning not to use a release, in six languages */
static const char *const use_warnings[][2] = {
    {"Torvalds: skip 6.2-rc1", "Linus Torvalds warned testers not to use 6.2-rc1 because of a nasty swap corruption bug."},
    {"Torvalds warnt vor 6.2-rc1", "Linus Torvalds warnt ausdrücklich davor, die Version 6.2-rc1 zu verwenden."},
    {"Torvalds y la 6.2-rc1", "Linus Torvalds recomienda no usar la versión 6.2-rc1 por un fallo en el swap."},
    {"Torvalds et la 6.2-rc1", "Linus Torvalds demande aux développeurs de ne pas utiliser la version 6.2-rc1."},
    {"Torvalds en 6.2-rc1", "Linus Torvalds raadt ontwikkelaars af om versie 6.2-rc1 te gebruiken."},
    {"Linux 6.2-rc1 について", "Torvalds氏は、Linuxカーネル6.2のRC1を使うのは避けるべきだと警告した。"},
    {"Ubuntu 23.10 について", "私の PC は Ubuntu 23.10 へバージョンアップしたが、23.10 の使用を控えた方が良いとの呼びかけがあった。"},
};

START_TEST(test_warning_not_to_use_a_release) { assert_reads_as(use_warnings[_i], "regression-report"); }
END_TEST

START_TEST(test_use_warning_guards)
{
    pw_advisory *a = read_report("How to create install media",
                                 "Don't use the Media Creation Tool on a metered connection; download the ISO instead.");
    ck_assert_str_eq(a->report_class, "informational");
    a = read_report(use_warnings[6][0], use_warnings[6][1]); /* its reason is the phrase, longer than 64 bytes */
    for (size_t i = 0; i < a->class_reasons.n; i++)
        ck_assert_msg(!strstr(a->class_reasons.v[i], "\xEF\xBF\xBD"), "reason %s cut inside a character",
                      a->class_reasons.v[i]);
}
END_TEST

/* {title, body, the version before (role fix), the culprit (no role)} */
static const char *const versions_before[][4] = {
    {"systemd 259.1 causes boot failure (regression from 258.3)", "Since 259.1 the machine hangs at the firmware screen.",
     "258.3", "259.1"},
    {"Kernel 5.4.0-150 does not boot", "Users managed to boot with an older kernel, linux-image-5.4.0-149.", "5.4.0-149",
     "5.4.0-150"},
    {"Kernel 6.1.0-20 bootet nicht", "Mit dem vorherigen Kernel 6.1.0-18 startet das System.", "6.1.0-18", "6.1.0-20"},
    {"El kernel 6.8.0-52 no arranca", "La versión anterior 6.8.0-51 arranca sin problemas.", "6.8.0-51", "6.8.0-52"},
    {"Écran noir après une mise à jour", "Dernier kernel : linux 5.15.0.101 Précédent kernel : linux 5.15.0.97",
     "5.15.0.97", "5.15.0.101"},
    {"virtqemud fails after the update",
     "After updating `libvirt-9.8.0_1` & `libvirt-python3-9.8.0_1` to `libvirt-10.0.0_1` no VM starts.", "9.8.0_1",
     "10.0.0_1"},
};

START_TEST(test_version_before_is_the_way_back)
{
    const char *const *c = versions_before[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    const char *before = version_role(a, c[2]), *culprit = version_role(a, c[3]);
    ck_assert_msg(before && strcmp(before, "fix") == 0, "%s: %s has role %s", c[0], c[2], before ? before : "(not read)");
    ck_assert_msg(culprit && !strcmp(culprit, "none"), "%s: culprit %s has role %s", c[0], c[3],
                  culprit ? culprit : "(not read)");
}
END_TEST

START_TEST(test_version_before_guards)
{
    pw_advisory *a = read_report("Login broken", "The previous release 2.3.1 broke the login of sudo; sudo 2.3.2 fixes it.");
    const char *r = version_role(a, "2.3.1");
    ck_assert_msg(r && !strcmp(r, "none"), "2.3.1 has role %s", r ? r : "(not read)");
    a = read_report("systemd boot failure", "There is a regression in systemd 258.3: the machine hangs at boot.");
    r = version_role(a, "258.3");
    ck_assert_msg(r && !strcmp(r, "none"), "258.3 has role %s", r ? r : "(not read)");
}
END_TEST

/* {title, body, package, version} the post must read */
static const char *const named_before[][4] = {
    {"after latest mesa update rendering is software only",
     "update from 24.1.2 to 24.1.3 leads to llvmpipe only rendering and no hardware acceleration", "mesa", "24.1.3"},
    {"SPEC/nvidia: upgrade nvidia driver", "This change fixes the driver build with the 6.17 kernel. It upgrades the "
     "NVIDIA driver to 580.105.08.", "nvidia", "580.105.08"},
    {"Le noyau ne démarre plus", "Depuis la version 6.8.0-52 du noyau, la machine reste bloquée.", "kernel", "6.8.0-52"},
};

START_TEST(test_bare_version_takes_the_package_named_before)
{
    const char *const *c = named_before[_i];
    pw_advisory *a = read_report(c[0], c[1]);
    char *got = a->packages ? json_dumps(a->packages, JSON_COMPACT) : NULL;
    ck_assert_msg(has_package(a, c[2], c[3]), "%s: no %s %s (got %s)", c[0], c[2], c[3], got ? got : "none");
    free(got);
    ck_assert_msg(!has_package(a, "kernel", "580.105.08"), "580.105.08 read as the kernel's");
}
END_TEST

START_TEST(test_driver_branch_and_awaited_versions)
{
    pw_advisory *a = read_report("Black screen with NVIDIA 590", "After the upgrade to the nvidia driver 590 the screen "
                                                                 "stays black.");
    ck_assert(has_package(a, "nvidia", "590"));
    ck_assert(pw_advisory_blames_package(a, "nvidia-driver-590=590.44.01-0ubuntu0.24.04.1"));
    static const char *const awaited[][3] = {
        {"php-smbclient broken for PHP 8.3.10", "I'm still waiting for PHP 8.3.11 for Debian...", "8.3.11"},
        {"systemd 257.3 kaputt", "Seit systemd 257.3 startet nichts. Ich warte auf 257.5.", "257.5"},
        {"systemd 257.3 の不具合", "systemd 257.3 で起動しない。257.5 を待っています。", "257.5"},
    };
    for (size_t i = 0; i < sizeof awaited / sizeof awaited[0]; i++) {
        a = read_report(awaited[i][0], awaited[i][1]);
        const char *r = version_role(a, awaited[i][2]);
        ck_assert_msg(r && !strcmp(r, "fix"), "%s: %s has role %s", awaited[i][1], awaited[i][2], r ? r : "(not read)");
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session 31 report forms");
    TCase *tc = tcase_create("forms");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_change_title_is_no_report, 0, sizeof change_titles / sizeof change_titles[0]);
    tcase_add_loop_test(tc, test_change_title_guards, 0, sizeof change_title_guards / sizeof change_title_guards[0]);
    tcase_add_test(tc, test_update_pointed_at_anchors_a_post);
    tcase_add_test(tc, test_anchored_headline_is_a_report);
    tcase_add_test(tc, test_making_sure_is_no_failure);
    tcase_add_loop_test(tc, test_warning_not_to_use_a_release, 0, sizeof use_warnings / sizeof use_warnings[0]);
    tcase_add_test(tc, test_use_warning_guards);
    tcase_add_loop_test(tc, test_bare_version_takes_the_package_named_before, 0,
                        sizeof named_before / sizeof named_before[0]);
    tcase_add_loop_test(tc, test_version_before_is_the_way_back, 0, sizeof versions_before / sizeof versions_before[0]);
    tcase_add_test(tc, test_version_before_guards);
    tcase_add_test(tc, test_driver_branch_and_awaited_versions);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
