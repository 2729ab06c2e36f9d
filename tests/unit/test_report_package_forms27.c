/* test_report_package_forms27: package forms read from session 27's study of the tuning posts' package misses
 * (bench_reports --tuning; docs/feeds.md "Session 27"), written anew here, none copied from a post. Each case,
 * each upper bound (fix 1), each range with a "through" and each guard in `guards` fails on 15761d8's build; the
 * inclusive bounds (fix 0), the ranges without one and `not_versions` hold the new readings to their limits.
 * - apt's list lines: name/suite version arch.
 * - dpkg's progress lines: "Setting up name (version)", "Unpacking name (new) over (old)".
 * - A package and version joined by a slash: "package name/version", Launchpad's "+source/name/version".
 * - RPM files of any distribution, not only el/fc/amzn; pacman's transaction list ("Packages (2) a-1-1 b-2-1", each
 *   in turn); a dnf/yum transaction row (name arch version-release repository).
 * - Words between a known name and its version: a driver ("NVIDIA driver version"), "in den Versionen", "vanaf
 *   versie", Japanese "のバージョン", a quoted version, "Linux-kernel 6.1".
 * - A kernel version before "del kernel" (Spanish).
 * - nixpkgs attribute paths with capitals: "linuxPackages.nvidiaPackages.beta: A -> B".
 * - More versions listed after a package's own: "OpenSSL 1.0.2f and 1.0.1r", "3.0.0 bis 3.0.6", in six languages
 *   (parsers/advisory_extract_versions.c); a version far from the one before it ends the list.
 * - A range ("3.0.0 through 3.0.6", "bis", "hasta", "jusqu'à", "t/m", "から ... まで") keeps its last version as
 *   "through", so every install between links (core/pw_advisory.c), and is no fix; a list ("and") and a range
 *   written backwards do not.
 * - A version the affected ones come before ("before 9.6", "prior to", "< 9.6", "vor", "antes de", "antérieures
 *   à", "vóór", "より前") is the first fixed one: role "fix", never blamed; "9.6 and earlier", "<= 9.6" and "以前"
 *   include it and leave it blamed. */
#include <strings.h>

#include "extract_test_util.h"

/* {lang, title, body, name, version}: the post names that package at that version */
static const char *const cases[][5] = {
    {"en", "Upgrade stuck", "libfoo-utils/stable 2.4.1-3 amd64 [upgradable from: 2.4.1-2]", "libfoo-utils", "2.4.1-3"},
    {"en", "Upgrade stuck", "openssh-server/noble-updates 1:9.6p1-3ubuntu13.8 amd64 [upgradable from: 1:9.6p1-3ubuntu13.5]",
     "openssh-server", "1:9.6p1-3ubuntu13.8"},
    {"en", "NFS broke", "Setting up nfs-kernel-server (1:2.6.2-4) ...\nJob for nfs-server.service failed.",
     "nfs-kernel-server", "1:2.6.2-4"},
    {"en", "PAM broke", "Unpacking libpam-modules:amd64 (1.5.3-5) over (1.5.2-6) ...", "libpam-modules", "1.5.3-5"},
    {"en", "Stable update", "bookworm-pu: package foomatic-db/20230202-1+deb12u1", "foomatic-db", "20230202-1+deb12u1"},
    {"en", "Fixed upstream", "The fix is in https://launchpad.net/ubuntu/+source/libblockdev/3.1.1-1ubuntu1 now.",
     "libblockdev", "3.1.1-1ubuntu1"},
    {"en", "Agent update", "After yum localinstall acme-agent-4.2.0-3.sles15.x86_64.rpm the host hangs.", "acme-agent",
     "4.2.0-3"},
    {"en", "Arch update", "Packages (2) linux-6.9.1.arch1-1 linux-headers-6.9.1.arch1-1\nTotal Download Size: 140 MiB",
     "linux-headers", "6.9.1.arch1-1"},
    {"en", "Arch update", "Targets (3): zstd-1.5.6-1 libfoo-2.0.1-3 pacman-6.1.0-3", "libfoo", "2.0.1-3"},
    {"en", "dnf update", " Upgrading:\n acme-agent   x86_64   4.2.0-3.el9   acme-repo   17 M\n", "acme-agent",
     "4.2.0-3.el9"},
    {"en", "Suspend broken", "NVIDIA driver version 550.90.07 broke suspend on my laptop.", "nvidia", "550.90.07"},
    {"es", "Wifi roto", "La versión 6.9 del kernel de Linux rompe el wifi de algunos portátiles.", "kernel", "6.9"},
    {"ja", "起動しない", "glibcのバージョン2.41で起動しなくなりました。", "glibc", "2.41"},
    {"en", "Login broke", "Since openssh \"9.7p1\" we cannot log in.", "openssh", "9.7p1"},
    {"de", "Lücke in OpenSSL", "Betroffen ist OpenSSL in den Versionen 3.0.0 bis 3.0.6.", "openssl", "3.0.0"},
    {"nl", "Lek in OpenSSH", "Het gaat om OpenSSH vanaf versie 8.5p1.", "openssh", "8.5p1"},
    {"nl", "Nieuwe release", "De grootste wijziging is de overstap naar Linux-kernel 6.1.", "linux", "6.1"},
    {"en", "linuxPackages.nvidiaPackages.beta: 560.28.03 -> 560.31.02", "Release highlights follow.",
     "linuxpackages.nvidiapackages.beta", "560.31.02"},
    {"en", "TLS broken", "Handshakes fail with OpenSSL 1.0.2f and 1.0.1r since the update.", "openssl", "1.0.1r"},
    {"de", "TLS kaputt", "Betroffen ist OpenSSL in den Versionen 3.0.0 bis 3.0.6.", "openssl", "3.0.6"},
    {"es", "Wifi roto", "El wifi falla con el kernel 6.1.66 y 6.6.5 tras actualizar.", "kernel", "6.6.5"},
    {"fr", "sshd plante", "OpenSSH 9.6p1 et 9.7p1 plantent après la mise à jour.", "openssh", "9.7p1"},
    {"nl", "sshd crasht", "OpenSSH 9.6p1 en 9.7p1 crashen na de update.", "openssh", "9.7p1"},
    {"ja", "起動しない", "glibc 2.38 と 2.39 で起動しない。", "glibc", "2.39"},
};

/* {lang, title, body, a name that must not be read} */
static const char *const guards[][4] = {
    {"en", "PAM broke", "Unpacking libpam-modules:amd64 (1.5.3-5ubuntu5.1) over (1.5.3-5ubuntu5) ...", "over"},
    {"en", "Check libc", "dpkg -l libc6 # should be 2.36-9+deb12u9 or higher", "be"},
    {"en", "Driver out", "NVIDIA 555.58 Linux Driver released with fixes.", "linux"},
    {"en", "Yum broke", "CentOS Linux release 7.9.2009 (Core): yum update stopped halfway.", "linux"},
    {"en", "New release", "Rocky Linux 9.4 was released this week.", "linux"},
    {"en", "Kernel hang", "The new kernel after the update is 6.8.12 but it hangs.", "is"},
};

/* {lang, body, version, 1 if it is the fix (an upper bound), 0 if blamed}: the package is openssh */
static const struct {
    const char *lang, *text, *version;
    int fix;
} bounds[] = {
    {"en", "sshd crashes after the upgrade. OpenSSH before 9.6 is affected.", "9.6", 1},
    {"en", "sshd crashes after the upgrade; it affects openssh versions prior to 9.6.", "9.6", 1},
    {"en", "sshd crashes after the upgrade: openssh < 9.6p1.", "9.6p1", 1},
    {"de", "sshd stürzt nach dem Update ab. Betroffen sind OpenSSH-Versionen vor 9.6.", "9.6", 1},
    {"es", "sshd falla tras la actualización: afecta a openssh antes de la 9.6.", "9.6", 1},
    {"fr", "sshd plante après la mise à jour : openssh versions antérieures à 9.6.", "9.6", 1},
    {"nl", "sshd crasht na de update: openssh-versies vóór 9.6 zijn getroffen.", "9.6", 1},
    {"ja", "アップデート後に sshd が落ちる。openssh 9.6 より前のバージョンが影響を受ける。", "9.6", 1},
    {"en", "sshd crashes after the upgrade: openssh 9.6 and earlier are affected.", "9.6", 0},
    {"en", "sshd crashes after the upgrade: openssh <= 9.6.", "9.6", 0},
    {"ja", "アップデート後に sshd が落ちる。openssh 9.6 以前が影響を受ける。", "9.6", 0},
};

/* {lang, body, name, version that must not be read as its}: a list ends where a version is far from the one before */
static const char *const not_versions[][4] = {
    {"en", "Boot fails with kernel 6.8 and 24.04 since the upgrade.", "kernel", "24.04"},
    {"en", "Since glibc 2.39, 10.5% of our hosts fail to boot.", "glibc", "10.5"},
    {"en", "I run kernel 6.8 x86_64 1.2-3 here.", "6.8", "1.2-3"},
};

/* {lang, body, first version, its "through" ("" none)}: the package is openssl */
static const char *const ranges[][4] = {
    {"en", "TLS handshakes fail with OpenSSL 3.0.0 through 3.0.6 since the update.", "3.0.0", "3.0.6"},
    {"de", "Betroffen ist OpenSSL in den Versionen 3.0.0 bis 3.0.6.", "3.0.0", "3.0.6"},
    {"es", "Afecta a OpenSSL 3.0.0 hasta 3.0.6 tras la actualización.", "3.0.0", "3.0.6"},
    {"fr", "OpenSSL 3.0.0 jusqu'à 3.0.6 plante après la mise à jour.", "3.0.0", "3.0.6"},
    {"nl", "OpenSSL 3.0.0 t/m 3.0.6 crasht na de update.", "3.0.0", "3.0.6"},
    {"ja", "OpenSSL 3.0.0 から 3.0.6 まで がアップデート後に落ちる。", "3.0.0", "3.0.6"},
    {"en", "Handshakes fail with OpenSSL 3.0.0 and 3.0.6 since the update.", "3.0.0", ""},
    {"en", "Handshakes fail with OpenSSL 3.0.6 through 3.0.0, oddly.", "3.0.6", ""},
};

START_TEST(test_package_forms_of_session27)
{
    const char *const *c = cases[_i];
    pw_advisory *a = read_report(c[1], c[2]);
    char *got = a->packages ? json_dumps(a->packages, JSON_COMPACT) : NULL;
    ck_assert_msg(has_package(a, c[3], c[4]), "[%s] %s / %s: no %s %s (got %s)", c[0], c[1], c[2], c[3], c[4],
                  got ? got : "none");
    free(got);
}
END_TEST

START_TEST(test_what_they_must_not_read)
{
    const char *const *c = guards[_i];
    pw_advisory *a = read_report(c[1], c[2]);
    ck_assert_msg(!has_package(a, c[3], NULL), "[%s] %s / %s: read a package named %s", c[0], c[1], c[2], c[3]);
}
END_TEST

START_TEST(test_a_list_ends_at_a_distant_version)
{
    const char *const *c = not_versions[_i];
    pw_advisory *a = read_report("t", c[1]);
    ck_assert_msg(!has_package(a, c[2], c[3]), "[%s] %s: read %s %s", c[0], c[1], c[2], c[3]);
}
END_TEST

START_TEST(test_a_range_keeps_its_last_version)
{
    const char *const *c = ranges[_i];
    pw_advisory *a = read_report("TLS", c[1]);
    size_t i;
    const json_t *p;
    int seen = 0;
    json_array_foreach(a->packages, i, p) {
        if (strcmp(json_string_value(json_object_get(p, "version")), c[2])) continue;
        seen = 1;
        const char *t = json_string_value(json_object_get(p, "through"));
        ck_assert_msg(!strcmp(t ? t : "", c[3]), "[%s] %s: through %s, want %s", c[0], c[1], t ? t : "none",
                      c[3][0] ? c[3] : "none");
        ck_assert_msg(!c[3][0] || !json_object_get(p, "role"), "[%s] %s: the range read as the fix", c[0], c[1]);
    }
    ck_assert_msg(seen, "[%s] %s: no openssl %s", c[0], c[1], c[2]);
}
END_TEST

START_TEST(test_an_upper_bound_is_the_fix)
{
    pw_advisory *a = read_report("sshd crash", bounds[_i].text);
    size_t i;
    const json_t *p;
    int seen = 0;
    json_array_foreach(a->packages, i, p) {
        if (strcmp(json_string_value(json_object_get(p, "version")), bounds[_i].version)) continue;
        seen = 1;
        ck_assert_msg((json_object_get(p, "role") != NULL) == bounds[_i].fix, "[%s] %s: %s %s", bounds[_i].lang,
                      bounds[_i].text, bounds[_i].version, bounds[_i].fix ? "not the fix" : "read as the fix");
    }
    ck_assert_msg(seen, "[%s] %s: no openssh %s", bounds[_i].lang, bounds[_i].text, bounds[_i].version);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session 27 package forms");
    TCase *tc = tcase_create("forms");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_package_forms_of_session27, 0, sizeof cases / sizeof cases[0]);
    tcase_add_loop_test(tc, test_what_they_must_not_read, 0, sizeof guards / sizeof guards[0]);
    tcase_add_loop_test(tc, test_an_upper_bound_is_the_fix, 0, sizeof bounds / sizeof bounds[0]);
    tcase_add_loop_test(tc, test_a_range_keeps_its_last_version, 0, sizeof ranges / sizeof ranges[0]);
    tcase_add_loop_test(tc, test_a_list_ends_at_a_distant_version, 0, sizeof not_versions / sizeof not_versions[0]);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
