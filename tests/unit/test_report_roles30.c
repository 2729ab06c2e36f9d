/* test_report_roles30: package versions a Linux report offers as the way back, and the installs a warning may name
 * (docs/feeds.md "Session 30"). Forms written anew, none copied from a post; each case fails on 28eca68, and the
 * guards, which pass on both, hold the readings to their limits.
 * - A version pinned or installed by its exact version on the way back ("pin grub2-2.12-23.fc43", "pin systemd
 *   to 251.1-2.fc37", each bullet of "Downgrade a: sudo apt install a=1.2-1 - Downgrade b: sudo apt install
 *   b=1.2.2-1", "dnf downgrade kernel-6.11.8-300.fc41"), a version told as still working ("the previous
 *   openssh-7.7p1 still works fine", in five languages) and a Debian "+really" upload are the remedy: role "fix",
 *   never warned about. So is a later version told as released or out ("new emergency releases of kernels 6.1.67
 *   and 6.6.6", "7.0.9 is out now", "257.5 ist erschienen", "la 257.5 est sortie") where the post names an older
 *   one; a release that goes on to a failure, or that the post names alone, stays the culprit.
 * - A version told as the one that fixed it ("which was fixed in 1.9.8p1", "corregido en la 257.5", "257.1 に戻した
 *   ら直りました") is the fix; in Japanese an update that is the object of a revert ("KB1 を以前のバージョンに戻す",
 *   "xz 5.6.1を古いバージョンに戻したり") is the culprit, not the way back.
 * - The binaries of the upload a post offers as the fix ("efivar/37-2ubuntu2.2 ... libefivar1 37-2ubuntu2.2") are the
 *   fix too; an install of a "+really" upload ("5.6.1+really5.4.5-1") is not the version it is numbered.
 * - What package tools print: a Debian bug's "Package: X / Version: V" header, apt-cache policy's "X: Installed: V"
 *   (or its candidate), a dpkg.log "upgrade X:amd64 OLD NEW" line.
 * - Versions: "kernels 6.1.66 and 6.6.5" (the plural) are the kernel's, and an ellipsis ends a version
 *   ("6.6.5....possibly more").
 * - A report that blames a series ("kernel 6.1") and names the fix inside it ("fixed in 6.1.66") does not blame
 *   the hosts that installed the fix or a later version of that series (pw_advisory_blames_package). */
#include <stdio.h>

#include "core/pw_advisory.h"
#include "extract_test_util.h"

/* {lang, title, body, the way back (role fix), the culprit (blamed, no role)} */
static const char *const remedies[][5] = {
    {"en", "overrides: pin grub2-2.12-23.fc43", "The new grub2-2.12-24.fc43 makes the initramfs fail to unpack.",
     "2.12-23.fc43", "2.12-24.fc43"},
    {"en", "overrides: pin systemd to 256.1-2.fc41", "The new systemd update 256.2-1.fc41 broke the boot tests.",
     "256.1-2.fc41", "256.2-1.fc41"},
    {"en", "Containers do not start after the update",
     "No container starts since containerd.io 1.4.5-1 was installed. Workaround which works for me: - Downgrade runc: "
     "sudo apt install runc=1.1.7-0ubuntu1 - Downgrade containerd.io: sudo apt install containerd.io=1.4.2-1",
     "1.4.2-1", "1.4.5-1"},
    {"en", "Kernel 6.11.11-300 fails to boot", "The machine hangs at boot. dnf downgrade kernel-6.11.8-300.fc41 made it "
     "boot again.", "6.11.8-300.fc41", "6.11.11-300"},
    {"en", "ssh fails with a broken pipe after the upgrade",
     "Since the upgrade to openssh-7.9p1 every connection drops. The previous openssh-7.7p1 still works fine.",
     "7.7p1", "7.9p1"},
    {"de", "sshd startet nicht mehr", "Seit openssh 9.8p1 startet sshd nicht mehr. openssh 9.7p1 funktioniert noch.",
     "9.7p1", "9.8p1"},
    {"es", "sshd no arranca", "Desde openssh 9.8p1 sshd no arranca. openssh 9.7p1 sigue funcionando.", "9.7p1", "9.8p1"},
    {"fr", "sshd ne démarre plus", "Depuis openssh 9.8p1 sshd ne démarre plus. openssh 9.7p1 fonctionne toujours.",
     "9.7p1", "9.8p1"},
    {"nl", "sshd start niet meer", "Sinds openssh 9.8p1 start sshd niet meer. openssh 9.7p1 werkt nog.", "9.7p1",
     "9.8p1"},
    {"en", "intel-microcode update pulled",
     "The intel-microcode 3.20240108.0ubuntu1 update was pulled because machines failed to boot. The new version is intel-microcode "
     "3.20240108.0+really20230707ubuntu1.",
     "3.20240108.0+really20230707ubuntu1", "3.20240108.0ubuntu1"},
    {"en", "WiFi broken in kernels 6.1.66 and 6.6.5....possibly more",
     "New emergency releases of kernels 6.1.67 and 6.6.6 are out as of today.", "6.1.67", "6.6.5"},
    {"en", "Kernel regression in 7.0.4", "Boot hangs since 7.0.4. Kernel 7.0.9 is out now, so this can be closed.",
     "7.0.9", "7.0.4"},
    {"de", "systemd 257.3 bricht das Netzwerk", "Seit systemd 257.3 kommt das Netz nicht hoch. systemd 257.5 ist "
     "erschienen.", "257.5", "257.3"},
    {"fr", "systemd 257.3 casse le réseau", "Depuis systemd 257.3 le réseau ne démarre plus. La 257.5 est sortie.",
     "257.5", "257.3"},
    {"en", "sudo regression", "sudo 1.9.8 broke passing a prompt with -p, which was fixed in 1.9.8p1.", "1.9.8p1",
     "1.9.8"},
    {"es", "systemd 257.3 rompe la red", "Desde systemd 257.3 la red no arranca. Corregido en la 257.5.", "257.5", "257.3"},
    {"ja", "systemd の不具合", "systemd 257.3 で起動しなくなりました。257.1 に戻したら直りました。", "257.1", "257.3"},
};

/* {text, name, version that must stay blamed} */
static const char *const remedy_guards[][3] = {
    {"openssh 9.8p1 does not work after the upgrade; sshd fails to start.", "openssh", "9.8p1"},
    {"openssh 9.8p1 works only after a reboot; until then sshd fails to start.", "openssh", "9.8p1"},
    {"After installing containerd.io 1.4.5-1 with apt install containerd.io=1.4.5-1 no container starts.", "containerd.io",
     "1.4.5-1"},
    {"Since the update the pin code dialog of gnome-shell 46.2 crashes.", "gnome-shell", "46.2"},
    {"Kernel 6.1.65 was fine. Kernel 6.1.66 was released and broke wifi on every laptop.", "kernel", "6.1.66"},
    {"Kernel 6.1.66 is out. Since installing it, wifi drops every minute.", "kernel", "6.1.66"},
};

START_TEST(test_way_back_is_the_fix)
{
    const char *const *c = remedies[_i];
    pw_advisory *a = read_report(c[1], c[2]);
    char *got = a->packages ? json_dumps(a->packages, JSON_COMPACT) : NULL;
    const char *fix = version_role(a, c[3]), *culprit = version_role(a, c[4]);
    ck_assert_msg(fix && !strcmp(fix, "fix"), "[%s] %s: %s has role %s (got %s)", c[0], c[2], c[3], fix ? fix : "-",
                  got ? got : "none");
    ck_assert_msg(culprit && !strcmp(culprit, "none"), "[%s] %s: culprit %s has role %s (got %s)", c[0], c[2], c[4],
                  culprit ? culprit : "-", got ? got : "none");
    free(got);
}
END_TEST

START_TEST(test_way_back_guards)
{
    const char *const *c = remedy_guards[_i];
    pw_advisory *a = read_report("sshd and containers", c[0]);
    const char *r = version_role(a, c[2]);
    ck_assert_msg(r && !strcmp(r, "none"), "%s: %s %s has role %s", c[0], c[1], c[2], r ? r : "-");
}
END_TEST

/* {text, name, version}: what package tools print */
static const char *const tool_forms[][3] = {
    {"Package: libfoo4t64\nVersion: 4.9.9-5\nSeverity: serious\n\nThe library crashes on start.", "libfoo4t64",
     "4.9.9-5"},
    {"nvidia-driver-545:\n  Installed: (none)\n  Candidate: 545.29.06-1pop0~22.04\nThe driver fails to build.",
     "nvidia-driver-545", "545.29.06-1pop0~22.04"},
    {"linux-image-6.9.3-generic:\n  Installed: 6.9.3-76060903\nSuspend no longer works.", "linux-image-6.9.3-generic",
     "6.9.3-76060903"},
    {"2020-11-11 06:25:05 upgrade intel-microcode:amd64 3.20200609.0ubuntu0.20.04.2 3.20201110.0ubuntu0.20.04.1",
     "intel-microcode", "3.20201110.0ubuntu0.20.04.1"},
};

START_TEST(test_tool_forms)
{
    assert_package_read(tool_forms[_i][0], tool_forms[_i][1], tool_forms[_i][2]);
}
END_TEST

/* The binaries of the upload a post offers as the fix share its role: one distribution version, one upload */
START_TEST(test_binaries_of_the_fix_upload)
{
    pw_advisory *a = read_report("Installation failure for grub-efi-amd64-signed",
                                 "Seems the bug is fixed in https://launchpad.net/ubuntu/+source/efivar/37-2ubuntu2.2 "
                                 "Waiting for a new image with the updated libs:\nlibefiboot1/focal-updates,now "
                                 "37-2ubuntu2.2 amd64 [installed]\nlibefivar1/focal-updates,now 37-2ubuntu2.2 amd64");
    const char *r = version_role(a, "37-2ubuntu2.2");
    size_t i;
    const json_t *p;
    json_array_foreach(a->packages, i, p) {
        const char *v = json_string_value(json_object_get(p, "version"));
        if (v && !strcmp(v, "37-2ubuntu2.2"))
            ck_assert_msg(json_object_get(p, "role") != NULL, "%s 37-2ubuntu2.2 is not the fix",
                          json_string_value(json_object_get(p, "name")));
    }
    ck_assert_msg(r != NULL, "no package read");
    /* a bare upstream number is not one upload: glibc 2.39 fixed does not make systemd 2.39 the fix */
    a = read_report("sshd fails", "Since systemd 2.39 the daemon fails. It was fixed in glibc 2.39.");
    json_array_foreach(a->packages, i, p) {
        const char *n = json_string_value(json_object_get(p, "name"));
        if (n && !strcmp(n, "systemd")) ck_assert_msg(json_object_get(p, "role") == NULL, "systemd 2.39 read as a fix");
    }
}
END_TEST

/* An install of a "+really" upload is the older upstream: "5.6.1" does not blame "5.6.1+really5.4.5-1" */
START_TEST(test_really_upload_is_not_the_version_it_is_numbered)
{
    pw_advisory a;
    pw_advisory_init(&a);
    ck_assert_int_eq(pw_advisory_add_package(&a, "xz-utils", "5.6.1"), 0);
    ck_assert(pw_advisory_blames_package(&a, "xz-utils=5.6.1-1"));
    ck_assert(!pw_advisory_blames_package(&a, "xz-utils=5.6.1+really5.4.5-1"));
    ck_assert(pw_advisory_blames_package(&a, "xz-utils=5.6.1+dfsg-1"));
    pw_advisory_free(&a);
}
END_TEST

/* A phrase that names a version read earlier in the post makes that version the fix wherever it was read first */
START_TEST(test_fix_phrase_on_a_version_read_before)
{
    pw_advisory *a = read_report("Please upgrade the board kernel to 5.15.121 or later",
                                 "The PCIe controller vanishes at boot. This looks to be fixed in 5.15.121 upstream.");
    const char *r = version_role(a, "5.15.121");
    ck_assert_msg(r && !strcmp(r, "fix"), "5.15.121 has role %s", r ? r : "-");
}
END_TEST

/* Japanese "KB1 を以前のバージョンに戻す" (revert KB1 to an older version) blames KB1; "KB1 に戻す" (go back to KB1) is the
 * way back. */
START_TEST(test_ja_reverted_object_is_the_culprit)
{
    pw_advisory *a = read_report("KB5099202 の不具合", "KB5099202 で印刷できなくなりました。KB5099202を以前のバージョンに戻したら直りました。");
    ck_assert_msg(pw_strlist_has(&a->kb_affected, "KB5099202") && !pw_strlist_has(&a->kb_fix, "KB5099202"),
                  "KB5099202 is not blamed (%zu blamed, %zu fixes)", a->kb_affected.n, a->kb_fix.n);
    a = read_report("xz の問題", "問題が発見されたバージョン xz 5.6.0/5.6.1を古いバージョンに戻したり、対策が行われています。");
    const char *r = version_role(a, "5.6.1");
    ck_assert_msg(r && !strcmp(r, "none"), "xz 5.6.1 has role %s", r ? r : "-");
    a = read_report("KB5099201 の不具合", "KB5099202 で印刷できなくなりました。KB5099201 に戻したら直りました。");
    ck_assert_msg(pw_strlist_has(&a->kb_fix, "KB5099201"), "going back to KB5099201 is no longer the way back");
}
END_TEST

/* The advisory of "kernel 6.1 corrupts ext4 ... fixed in 6.1.66" as the extractor leaves it */
static void series_with_fix(pw_advisory *a, const char *blamed, const char *fix)
{
    pw_advisory_init(a);
    ck_assert_int_eq(pw_advisory_add_package(a, "kernel", blamed), 0);
    ck_assert_int_eq(pw_advisory_add_package(a, "kernel", fix), 0);
    json_object_set_new(json_array_get(a->packages, 1), "role", json_string("fix"));
}

START_TEST(test_fix_in_the_blamed_series_is_not_blamed)
{
    pw_advisory a;
    series_with_fix(&a, "6.1", "6.1.66");
    ck_assert(pw_advisory_blames_package(&a, "linux-image-6.1.0-13-amd64=6.1.55-1"));
    ck_assert(pw_advisory_blames_package(&a, "linux-image-6.1.0-14-amd64=6.1.65-1"));
    ck_assert(!pw_advisory_blames_package(&a, "linux-image-6.1.0-15-amd64=6.1.66-1"));
    ck_assert(!pw_advisory_blames_package(&a, "linux-image-6.1.0-16-amd64=6.1.67-1"));
    ck_assert(!pw_advisory_blames_package(&a, "kernel=6.1.66-300.fc39.x86_64"));
    pw_advisory_free(&a);
    series_with_fix(&a, "6.14", "6.14.4");
    ck_assert(pw_advisory_blames_package(&a, "linux-image-6.14.2-generic=6.14.2-1"));
    ck_assert(!pw_advisory_blames_package(&a, "linux-image-6.14.4-generic=6.14.4-1"));
    pw_advisory_free(&a);
}
END_TEST

/* A specific culprit inside a series the text offers as fixed elsewhere stays blamed; so does another series. */
START_TEST(test_fix_in_the_series_guards)
{
    pw_advisory a;
    series_with_fix(&a, "6.12.43", "6.12");
    ck_assert(pw_advisory_blames_package(&a, "linux-image-6.12.43-amd64=6.12.43-1"));
    pw_advisory_free(&a);
    series_with_fix(&a, "6.1", "6.6.5");
    ck_assert(pw_advisory_blames_package(&a, "linux-image-6.1.0-16-amd64=6.1.67-1"));
    pw_advisory_free(&a);
    pw_advisory_init(&a);
    ck_assert_int_eq(pw_advisory_add_package(&a, "systemd", "257"), 0);
    ck_assert_int_eq(pw_advisory_add_package(&a, "systemd", "257.5"), 0);
    ck_assert(pw_advisory_blames_package(&a, "systemd=257.5-1"));
    pw_advisory_free(&a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session 30 package roles");
    TCase *tc = tcase_create("roles");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_way_back_is_the_fix, 0, sizeof remedies / sizeof remedies[0]);
    tcase_add_loop_test(tc, test_way_back_guards, 0, sizeof remedy_guards / sizeof remedy_guards[0]);
    tcase_add_loop_test(tc, test_tool_forms, 0, sizeof tool_forms / sizeof tool_forms[0]);
    tcase_add_test(tc, test_fix_phrase_on_a_version_read_before);
    tcase_add_test(tc, test_binaries_of_the_fix_upload);
    tcase_add_test(tc, test_really_upload_is_not_the_version_it_is_numbered);
    tcase_add_test(tc, test_ja_reverted_object_is_the_culprit);
    tcase_add_test(tc, test_fix_in_the_blamed_series_is_not_blamed);
    tcase_add_test(tc, test_fix_in_the_series_guards);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
