/* test_report_versions: a Linux package version told without the package's name beside it, and the versions a post
 * offers as the way back (session 18; sentences written for this test, none copied from a post or from
 * tests/fixtures/reports):
 *   - a bare version takes the package named nearest before it: "NetworkManager 1.22.2 ... Downgrading to 1.18",
 *     "Er zit een bug in de Linux kernel ... versie 2.4.20", "カーネルをバージョン 6.5.1 に更新", a template's
 *     "Mesa Version: 20.0.6"; another product's version stays its own ("Python version 3.12");
 *   - a kernel version before the word ("the 6.8.0-49 kernel", "la versión 3.6.2 de Linux") and the French "noyau",
 *     which is the package "kernel";
 *   - apt's history.log ("Upgrade: cloud-init:amd64 (old, new)") names the package at the new version, the old
 *     one the way back; so does an upgrade written with an arrow or "from ... to" in markdown ("_NetworkManager-1.0.6_");
 *   - the version a downgrade went to ("downgraded glibc (2.36-1 -> 2.35-6)", "reverted mesa ... to `23.2.1`") and
 *     the last version that worked ("works with the 6.8.0-45 kernel", "fine with kernel 6.4.15") are never blamed;
 *   - a report told as "caused by upgrade", "Probleme beim Update", or under a bug template's "Actual behavior"
 *     heading; "all good things come to an end" is no all-clear;
 *   - a regression notice ("The update introduced a regression ... This update fixes the problem", "Dieses Update
 *     behebt das Problem", "Esta actualización corrige el problema") announces the fix: the failure is the one
 *     the update names again; a step taken ("Hitting restart resolved the issue") is no such fix.
 * Each case fails on d866790's build (checked with bench_reports --text); each guard passes there. */
#include <stdlib.h>
#include <string.h>

#include "extract_test_util.h"

/* title, text, the version that must be blamed ("" none), the version that must be read and never blamed ("" none) */
typedef struct {
    const char *title, *text, *blamed, *remedy;
} version_case;

static const version_case cases[] = {
    {"NetworkManager 1.22.2: no IPv4 on wifi",
     "Upgraded this morning, no IPv4 address on wifi any more. Downgrading to 1.18 fixed it.", "1.22.2", "1.18"},
    {"cloud-init fails after unattended upgrade",
     "Start-Date: 2024-05-02 06:03:19\nUpgrade: cloud-init:amd64 (23.3.3-0ubuntu0~22.04.1, 24.1.3-0ubuntu1~22.04.1)\n"
     "Since then cloud-init fails to start.",
     "24.1.3-0ubuntu1~22.04.1", "23.3.3-0ubuntu0~22.04.1"},
    {"Wifi gone after kernel update", "Everything works with the 6.8.0-45 kernel, but the 6.8.0-49 kernel panics on boot.",
     "6.8.0-49", "6.8.0-45"},
    {"Linux-bug veroorzaakt gegevensverlies",
     "Er zit een bug in de Linux kernel die tot gegevensverlies leidt. De fout zit in versie 2.4.20.", "2.4.20", ""},
    {"Ubuntu ne démarre plus", "Après la mise à jour du noyau vers la version 4.4.0-108, le système ne démarre plus.",
     "4.4.0-108", ""},
    {"GLIBC update broke games", "I downgraded for now and everything works again.\n[ALPM] downgraded glibc (2.36-1 -> 2.35-6)",
     "2.36-1", "2.35-6"},
    {"Graphical glitches", "Games show heavy corruption since the last update.\nOS: Manjaro\nMesa Version: 20.0.6", "20.0.6",
     ""},
    {"Problems with new NetworkManager",
     "After an update from _NetworkManager-1.0.6_ to _NetworkManager-1.0.10_ the driver stopped working.", "1.0.10",
     "1.0.6"},
    {"Wi-Fi が使えない", "カーネルをバージョン 6.5.1 に更新したら Wi-Fi が使えなくなった。", "6.5.1", ""},
    {"mesa 23.3.0 crashes the desktop", "I reverted mesa and all related packages to `23.2.1`. All fixed.", "23.3.0",
     "23.2.1"},
    {"Wifi missing", "Wifi missing with kernel version 6.5.1, fine with kernel 6.4.15.", "6.5.1", "6.4.15"},
};

/* read, never blamed: nothing here is a package version */
static const version_case guards[] = {
    {"Kernel on Ubuntu", "The Ubuntu 20.04 kernel is the HWE one now.", "", ""},
    {"Requirements", "Python version 3.12 is required for this tool.", "", ""},
    {"SSH broken", "openssh 9.8p1 broke our logins. Python version 3.12 is unrelated.", "9.8p1", ""},
    {"Bug en Linux", "La versión 3.6.2 de Linux corrompe sistemas de archivos ext4.", "3.6.2", ""},
};

/* How a Linux report is told: a cause that is the upgrade, a failed update in German, a bug template's "Actual
 * behavior" heading; and an idiom that is no all-clear. title, text, class. */
static const struct {
    const char *title, *text, *cls;
} told[] = {
    {"netopeer2-cli and the server", "The problem is caused by upgrade libssh to version 0.9.3.", PW_ADV_CLASS_REGRESSION},
    {"Probleme beim Update von raspberrypi-kernel (1.20200902-1)", "Beim Update geht es nicht weiter, dpkg bleibt stehen.",
     PW_ADV_CLASS_REGRESSION},
    {"NetworkManager 1.22.2 no ipv4 address",
     "### Expected behavior\nWifi gets an IPv4 address by DHCP\n### Actual behavior\nNo IPv4 address on the wifi "
     "interface\n### Steps to reproduce\nInstall the latest version.",
     PW_ADV_CLASS_REGRESSION},
    /* a distribution's regression notice: the update named again as the problem it fixes */
    {"USN-5000-2: openssh regression",
     "USN-5000-1 fixed vulnerabilities in OpenSSH. The update introduced a regression that could prevent sshd from "
     "starting. This update fixes the problem.",
     PW_ADV_CLASS_FIX},
    {"openssh: Regression",
     "Das Update 1:9.6p1-3ubuntu13.5 hat eine Regression verursacht, sshd startet nicht mehr. Dieses Update behebt das "
     "Problem.",
     PW_ADV_CLASS_FIX},
    {"openssh: regresión",
     "La actualización anterior provocó una regresión: sshd no arranca. Esta actualización corrige el problema.",
     PW_ADV_CLASS_FIX},
    {"openssh : régression",
     "La mise à jour précédente a provoqué une régression : sshd ne démarre plus. Cette mise à jour corrige le problème.",
     PW_ADV_CLASS_FIX},
    {"openssh: regressie",
     "De vorige update veroorzaakte een regressie: sshd start niet meer. Deze update verhelpt het probleem.",
     PW_ADV_CLASS_FIX},
    /* guards: a step taken that resolved it is no fix story; an all-clear stays one, and the idiom says nothing */
    {"OpenSSH down after updates",
     "After doing the updates this morning the openssh service did not work. Hitting restart resolved the issue.",
     PW_ADV_CLASS_REGRESSION},
    {"All good", "Patched all 40 servers last night, all good.", PW_ADV_CLASS_INFO},
    {"Sunday", "All good things come to an end, says the release manager, as version 3 ships.", PW_ADV_CLASS_INFO},
};

/* The package at `version`, or NULL. */
static const json_t *package_at(const pw_advisory *a, const char *version)
{
    size_t i;
    const json_t *it;
    json_array_foreach(a->packages, i, it) {
        const char *v = json_string_value(json_object_get(it, "version"));
        if (v && !strcmp(v, version)) return it;
    }
    return NULL;
}

static void assert_case(const version_case *c, int guard)
{
    pw_advisory *a = read_report(c->title, c->text);
    if (*c->blamed) {
        const json_t *p = package_at(a, c->blamed);
        ck_assert_msg(p != NULL, "%s / %s: %s not read", c->title, c->text, c->blamed);
        ck_assert_msg(!json_object_get(p, "role"), "%s: %s read as the fix", c->title, c->blamed);
    }
    if (*c->remedy) {
        const json_t *p = package_at(a, c->remedy);
        ck_assert_msg(p != NULL, "%s / %s: %s not read", c->title, c->text, c->remedy);
        const char *role = json_string_value(json_object_get(p, "role"));
        ck_assert_msg(role && !strcmp(role, "fix"), "%s: %s would be warned about", c->title, c->remedy);
    }
    if (guard) { /* nothing else was read as a version */
        size_t want = (*c->blamed != 0) + (*c->remedy != 0);
        ck_assert_msg((a->packages ? json_array_size(a->packages) : 0) == want, "%s / %s: %zu packages, want %zu",
                      c->title, c->text, a->packages ? json_array_size(a->packages) : 0, want);
    }
}

START_TEST(test_linux_reports_told_in_other_ways)
{
    pw_advisory *a = read_report(told[_i].title, told[_i].text);
    ck_assert_msg(a->report_class && !strcmp(a->report_class, told[_i].cls), "%s / %s: class %s, want %s", told[_i].title,
                  told[_i].text, a->report_class ? a->report_class : "(none)", told[_i].cls);
}
END_TEST

START_TEST(test_bare_versions_find_their_package)
{
    assert_case(&cases[_i], 0);
}
END_TEST

START_TEST(test_other_versions_are_not_packages)
{
    assert_case(&guards[_i], 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_versions");
    TCase *tc = tcase_create("session 18");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_bare_versions_find_their_package, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_other_versions_are_not_packages, 0, (int)(sizeof guards / sizeof guards[0]));
    tcase_add_loop_test(tc, test_linux_reports_told_in_other_ways, 0, (int)(sizeof told / sizeof told[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
