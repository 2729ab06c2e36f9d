/* test_patches: recognising installs and reboots in events, with the built-in rules and with the shipped
 * rules/patches/ files (which must say the same). */
#include <stdlib.h>
#include <string.h>

#include "correlate/patches.h"
#include "pw_test.h"
#include "rules/rules.h"

static pw_event ev;

static void event_of(const char *provider, const char *code, const char *msg)
{
    pw_event_reset(&ev);
    pw_event_set_time(&ev, 1782864000000000LL);
    pw_event_set_cstr(&ev, "host.name", "h1", NULL);
    if (provider) pw_event_set_cstr(&ev, "event.provider", provider, NULL);
    if (code) pw_event_set_cstr(&ev, "event.code", code, NULL);
    if (msg) pw_event_set_cstr(&ev, "message", msg, NULL);
}

static int match(pw_patch_rules *r, pw_patch_hit *hits)
{
    pw_error err = {0};
    int n = pw_patch_rules_match(r, &ev, hits, PW_PATCH_MAX_HITS, &err);
    ck_assert_msg(n >= 0, "%s", err.msg);
    return n;
}

static void check_rules(pw_patch_rules *r)
{
    pw_patch_hit h[PW_PATCH_MAX_HITS];
    /* WindowsUpdateClient 19, KB in updateTitle */
    event_of("Microsoft-Windows-WindowsUpdateClient", "19", "Installation Successful: Windows successfully installed the following update: x");
    pw_event_set_cstr(&ev, "winlog.event_data.updateTitle", "2025-07 Cumulative Update for Windows Server 2022 for x64-based Systems (KB5062557)", NULL);
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "KB5062557");
    ck_assert_int_eq(h[0].action, PW_PATCH_INSTALL);
    ck_assert_int_eq(h[0].platform, PW_PATCH_WINDOWS);
    /* 43 = started: pending, not installed */
    event_of("Microsoft-Windows-WindowsUpdateClient", "43", "Installation Started: Windows has started installing the following update: Security Update (kb5062557)");
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "KB5062557");
    ck_assert_int_eq(h[0].action, PW_PATCH_PENDING);
    /* another provider with the same id and KB text is not an install */
    event_of("Microsoft-Windows-Something", "19", "Installation Successful: KB5062557");
    ck_assert_int_eq(match(r, h), 0);
    /* Servicing 2 */
    event_of("Microsoft-Windows-Servicing", "2", "Package KB5040437 was successfully changed to the Installed state.");
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "KB5040437");
    event_of("Microsoft-Windows-Servicing", "2", "Package KB5040437 was successfully changed to the Staged state.");
    ck_assert_int_eq(match(r, h), 0);
    /* dpkg.log line read from a file */
    event_of(NULL, NULL, "2026-07-10 03:00:00 status installed openssl:amd64 3.0.17-1~deb12u2");
    pw_event_set_cstr(&ev, "log.file.path", "/var/log/dpkg.log", NULL);
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "openssl=3.0.17-1~deb12u2");
    ck_assert_int_eq(h[0].platform, PW_PATCH_LINUX);
    event_of(NULL, NULL, "2026-07-10 03:00:00 status half-configured openssl:amd64 3.0.17-1~deb12u2");
    pw_event_set_cstr(&ev, "log.file.path", "/var/log/dpkg.log", NULL);
    ck_assert_int_eq(match(r, h), 0);
    /* apt history: several packages on one line, new version after the comma */
    event_of(NULL, NULL, "Upgrade: openssl:amd64 (3.0.16-1, 3.0.17-1), libssl3:amd64 (3.0.16-1, 3.0.17-1)");
    pw_event_set_cstr(&ev, "log.file.path", "/var/log/apt/history.log", NULL);
    ck_assert_int_eq(match(r, h), 2);
    ck_assert_str_eq(h[0].id, "openssl=3.0.17-1");
    ck_assert_str_eq(h[1].id, "libssl3=3.0.17-1");
    /* unattended-upgrades through syslog */
    event_of(NULL, NULL, "Packages that will be upgraded: openssl libssl3");
    pw_event_set_cstr(&ev, "log.syslog.appname", "unattended-upgrade", NULL);
    ck_assert_int_eq(match(r, h), 2);
    ck_assert_str_eq(h[1].id, "libssl3");
    /* dnf */
    event_of(NULL, NULL, "Upgraded: openssl-1:3.0.7-27.el9.x86_64");
    pw_event_set_cstr(&ev, "log.syslog.appname", "dnf", NULL);
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "openssl=1:3.0.7-27.el9.x86_64");
    /* pacman.log (the reader drops the bracketed time): upgraded, installed; a removal is no install */
    event_of(NULL, NULL, "[ALPM] upgraded linux (6.6.4.arch1-1 -> 6.6.5.arch1-1)");
    pw_event_set_cstr(&ev, "log.file.path", "/var/log/pacman.log", NULL);
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "linux=6.6.5.arch1-1");
    event_of(NULL, NULL, "[ALPM] installed libfoo (2.0.1-3)");
    pw_event_set_cstr(&ev, "log.file.path", "/var/log/pacman.log", NULL);
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "libfoo=2.0.1-3");
    event_of(NULL, NULL, "[ALPM] removed libfoo (2.0.1-3)");
    pw_event_set_cstr(&ev, "log.file.path", "/var/log/pacman.log", NULL);
    ck_assert_int_eq(match(r, h), 0);
    /* zypper's history, as a shipper sends it (time still in the message) and as the reader reads a zypp.log */
    event_of(NULL, NULL, "2026-07-10 03:00:00|install|openssl-3|3.0.8-150500.5.3.1|x86_64|root@h1|repo-update|");
    pw_event_set_cstr(&ev, "log.file.path", "/var/log/zypp/history", NULL);
    ck_assert_int_eq(match(r, h), 1);
    ck_assert_str_eq(h[0].id, "openssl-3=3.0.8-150500.5.3.1");
    event_of(NULL, NULL, "|remove |openssl-3|3.0.8-150500.5.3.1|x86_64|root@h1|");
    pw_event_set_cstr(&ev, "log.file.path", "/srv/fleet/h1/zypp.log", NULL);
    ck_assert_int_eq(match(r, h), 0);
    /* background noise is never an install */
    event_of("Service Control Manager", "7036", "The Windows Update service entered the running state.");
    ck_assert_int_eq(match(r, h), 0);
}

START_TEST(test_builtin_rules_recognise_windows_and_linux_installs)
{
    pw_error err = {0};
    pw_patch_rules *r = pw_patch_rules_new(NULL, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_uint_eq(pw_patch_rules_count(r), 10);
    check_rules(r);
    pw_patch_rules_free(r);
}
END_TEST

START_TEST(test_shipped_rule_files_say_the_same_as_the_builtins)
{
    char dir[4096];
    const char *src = getenv("PW_SOURCE_DIR");
    ck_assert(src != NULL);
    snprintf(dir, sizeof dir, "%s/rules/patches", src);
    pw_error err = {0};
    pw_rules *rules = pw_rules_load(dir, &err);
    ck_assert_msg(rules != NULL, "%s", err.msg);
    pw_patch_rules *r = pw_patch_rules_new(rules, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_uint_eq(pw_patch_rules_count(r), 10);
    check_rules(r);
    pw_patch_rules_free(r);
    pw_rules_free(rules);
}
END_TEST

START_TEST(test_bad_rules_are_refused_with_the_rule_name)
{
    pw_error err = {0};
    json_t *arr = json_loads("[{\"name\":\"empty\",\"extract\":{\"kb\":\"(KB\\\\d+)\"}}]", 0, NULL);
    ck_assert_ptr_null(pw_patch_rules_from_json(arr, &err));
    ck_assert(strstr(err.msg, "empty") != NULL);
    json_decref(arr);
    arr = json_loads("[{\"name\":\"badre\",\"match\":{\"provider\":\"x\"},\"extract\":{\"kb\":\"(KB\"}}]", 0, NULL);
    ck_assert_ptr_null(pw_patch_rules_from_json(arr, &err));
    ck_assert(strstr(err.msg, "badre") != NULL);
    json_decref(arr);
}
END_TEST

START_TEST(test_reboot_markers)
{
    event_of("EventLog", "6005", "The Event log service was started.");
    ck_assert(pw_patch_is_reboot(&ev));
    event_of("Microsoft-Windows-Kernel-General", "12", "The operating system started");
    ck_assert(pw_patch_is_reboot(&ev));
    event_of("EventLog", "6013", "The system uptime is 1234 seconds.");
    ck_assert(!pw_patch_is_reboot(&ev));
    event_of(NULL, NULL, "Linux version 6.1.0-23-amd64 (debian-kernel@lists.debian.org)");
    pw_event_set_cstr(&ev, "log.syslog.appname", "kernel", NULL);
    ck_assert(pw_patch_is_reboot(&ev));
    event_of(NULL, NULL, "EXT4-fs (sda1): mounted filesystem");
    pw_event_set_cstr(&ev, "log.syslog.appname", "kernel", NULL);
    ck_assert(!pw_patch_is_reboot(&ev));
}
END_TEST

int main(void)
{
    pw_event_init(&ev);
    Suite *s = suite_create("patches");
    TCase *tc = tcase_create("patches");
    tcase_add_test(tc, test_builtin_rules_recognise_windows_and_linux_installs);
    tcase_add_test(tc, test_shipped_rule_files_say_the_same_as_the_builtins);
    tcase_add_test(tc, test_bad_rules_are_refused_with_the_rule_name);
    tcase_add_test(tc, test_reboot_markers);
    suite_add_tcase(s, tc);
    int rc = pw_test_run(s);
    pw_event_free(&ev);
    return rc;
}
