/* test_advisory_record: the report-understanding fields of pw_advisory (class, class_confidence,
 * class_reasons, kb_affected, kb_fix, packages) survive the bus codec, hostile shapes are refused, and a
 * package a report names links to the patch keys correlate/patches.c makes from dpkg/apt/dnf installs. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_advisory.h"
#include "pw_test.h"

START_TEST(test_advisory_report_fields_round_trip)
{
    pw_advisory a, b;
    pw_error err = {0};
    pw_buf out = {0};
    pw_advisory_init(&a);
    pw_advisory_init(&b);
    a.id = strdup("r1");
    a.source = strdup("forum");
    a.report_class = strdup(PW_ADV_CLASS_REGRESSION);
    a.class_confidence = 0.875;
    pw_strlist_add(&a.class_reasons, "boot loop");
    pw_strlist_add(&a.kb_affected, "KB5062557");
    pw_strlist_add(&a.kb_fix, "KB5063877");
    ck_assert_int_eq(pw_advisory_add_package(&a, "openssh", "9.0p1"), 0);
    ck_assert_int_eq(pw_advisory_add_package(&a, "openssh", "9.0p1"), 0); /* duplicate: kept once */
    ck_assert_int_eq(pw_advisory_add_package(&a, "linux-image-4.18.0-14-generic", NULL), 0);
    ck_assert_int_eq(pw_advisory_to_json(&a, &out, &err), 0);
    ck_assert_msg(strstr(out.data, "\"class\":\"regression-report\"") && strstr(out.data, "\"class_confidence\":0.875") &&
                      strstr(out.data, "\"packages\":[{\"name\":\"openssh\",\"version\":\"9.0p1\"},"
                                       "{\"name\":\"linux-image-4.18.0-14-generic\"}]"),
                  "%s", out.data);
    ck_assert_int_eq(pw_advisory_from_json(&b, out.data, out.len, &err), 0);
    ck_assert_str_eq(b.report_class, "regression-report");
    ck_assert(b.class_confidence == 0.875);
    ck_assert(pw_strlist_has(&b.class_reasons, "boot loop") && pw_strlist_has(&b.kb_affected, "KB5062557") &&
              pw_strlist_has(&b.kb_fix, "KB5063877"));
    ck_assert_int_eq(json_array_size(b.packages), 2);
    pw_buf_free(&out);
    pw_advisory_free(&a);
    pw_advisory_free(&b);
}
END_TEST

START_TEST(test_advisory_unclassified_has_no_confidence_key)
{
    pw_advisory a;
    pw_error err = {0};
    pw_buf out = {0};
    pw_advisory_init(&a);
    a.id = strdup("r2");
    a.source = strdup("msrc");
    ck_assert_int_eq(pw_advisory_to_json(&a, &out, &err), 0);
    ck_assert_msg(!strstr(out.data, "\"class\"") && !strstr(out.data, "class_confidence") && !strstr(out.data, "packages"),
                  "%s", out.data);
    pw_buf_free(&out);
    pw_advisory_free(&a);
}
END_TEST

START_TEST(test_advisory_hostile_report_fields_are_refused)
{
    static const char *const bad[] = {
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":{\"name\":\"a\"}}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[\"openssh\"]}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"\"}]}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"a\",\"version\":1}]}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"a\",\"cmd\":\"rm\"}]}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"a\",\"role\":\"culprit\"}]}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"a\",\"role\":1}]}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"a\",\"through\":\"2.0\"}]}",
        "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"a\",\"version\":\"1.0\",\"through\":2}]}",
        "{\"id\":\"x\",\"source\":\"s\",\"class_confidence\":1.5,\"class\":\"informational\"}",
        "{\"id\":\"x\",\"source\":\"s\",\"kb_fix\":\"KB1\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pw_advisory a;
        pw_error err = {0};
        pw_advisory_init(&a);
        ck_assert_msg(pw_advisory_from_json(&a, bad[i], strlen(bad[i]), &err) != 0, "accepted %s", bad[i]);
        ck_assert(err.msg[0] != '\0');
        pw_advisory_free(&a);
    }
}
END_TEST

START_TEST(test_advisory_package_links_to_install_keys)
{
    /* keys as correlate/patches.c writes them: dpkg "name=version", apt history, dnf "name=version-release.arch" */
    ck_assert(pw_advisory_package_matches("openssh", "9.2p1", "openssh-server=1:9.2p1-2+deb12u3"));
    ck_assert(pw_advisory_package_matches("openssh", "9.0p1", "openssh=9.0p1-1.el9.x86_64"));
    ck_assert(!pw_advisory_package_matches("openssh", "9.0p1", "openssh-server=1:9.0p10-1"));
    ck_assert(!pw_advisory_package_matches("openssh", "9.0p1", "openssh-server=1:8.9p1-3ubuntu0.10"));
    ck_assert(pw_advisory_package_matches("systemd", "257.4", "systemd=257.4-1ubuntu3"));
    ck_assert(pw_advisory_package_matches("systemd", "257.4", "libsystemd0=257.4-1ubuntu3"));
    ck_assert(!pw_advisory_package_matches("systemd", "257.4", "systemd=257.40-1"));
    ck_assert(pw_advisory_package_matches("glibc", "2.39", "libc6=2.39-0ubuntu8.3"));
    ck_assert(pw_advisory_package_matches("glibc", "2.39", "glibc=2.39-17.fc40.x86_64"));
    ck_assert(pw_advisory_package_matches("linux-image-4.18.0-14-generic", NULL,
                                          "linux-image-4.18.0-14-generic=4.18.0-14.15"));
    ck_assert(pw_advisory_package_matches("kernel", "6.8.0-45", "linux-image-6.8.0-45-generic=6.8.0-45.45"));
    ck_assert(pw_advisory_package_matches("openssl", "3.0.13", "libssl3=3.0.13-0ubuntu3.4"));
    ck_assert(pw_advisory_package_matches("sudo", NULL, "sudo=1.9.15p5-3"));
    ck_assert(!pw_advisory_package_matches("gc", NULL, "gcc=12.2.0-14"));
    ck_assert(!pw_advisory_package_matches("openssh", NULL, "KB5062557"));
    ck_assert(!pw_advisory_package_matches("openssh", "9.0p1", "openssh-server")); /* no version: unconfirmed */
    /* a report that keeps dpkg's epoch links to the install with that epoch, or with none; not to another epoch */
    ck_assert(pw_advisory_package_matches("openssh-server", "1:9.2p1-2+deb12u6", "openssh-server=1:9.2p1-2+deb12u6"));
    ck_assert(pw_advisory_package_matches("openssh", "1:8.7p1-38", "openssh=8.7p1-38.el9.x86_64"));
    ck_assert(!pw_advisory_package_matches("openssh-server", "2:9.2p1-2", "openssh-server=1:9.2p1-2"));
    ck_assert(!pw_advisory_package_matches("openssh-server", "1:9.2p1-2", "openssh-server=11:9.2p1-2"));
    /* Arch's kernel packages and their flavours are the kernel; its headers and firmware are not */
    ck_assert(pw_advisory_package_matches("kernel", "6.6.5", "linux=6.6.5.arch1-1"));
    ck_assert(pw_advisory_package_matches("kernel", "5.4.88", "linux-lts=5.4.88-1"));
    ck_assert(pw_advisory_package_matches("linux", "6.6.5", "linux66=6.6.5-1"));
    ck_assert(!pw_advisory_package_matches("kernel", "6.6", "linux-api-headers=6.6-1"));
    ck_assert(!pw_advisory_package_matches("kernel", NULL, "linux-firmware=20240115.9b6d0b08-1"));
    ck_assert(!pw_advisory_package_matches("kernel", "6.6.5", "linux6x=6.6.5-1"));
    pw_advisory a;
    pw_advisory_init(&a);
    ck_assert(!pw_advisory_names_package(&a, "openssh-server=1:9.2p1-2"));
    pw_advisory_add_package(&a, "openssh", "9.2p1");
    ck_assert(pw_advisory_names_package(&a, "openssh-server=1:9.2p1-2"));
    ck_assert(pw_advisory_blames_package(&a, "openssh-server=1:9.2p1-2"));
    pw_advisory_free(&a);
    /* a version offered as the fix ("role": "fix", as report understanding marks it) survives the bus codec, is
     * named, and is not blamed */
    static const char fixed[] = "{\"id\":\"x\",\"source\":\"s\",\"packages\":[{\"name\":\"openssh\","
                                "\"version\":\"9.3p1\",\"role\":\"fix\"}]}";
    pw_error err = {0};
    pw_advisory_init(&a);
    ck_assert_msg(pw_advisory_from_json(&a, fixed, strlen(fixed), &err) == 0, "%s", err.msg);
    ck_assert(pw_advisory_names_package(&a, "openssh-server=1:9.3p1-1"));
    ck_assert(!pw_advisory_blames_package(&a, "openssh-server=1:9.3p1-1"));
    pw_advisory_free(&a);
}
END_TEST

/* dpkg's version order, and a range a report gives ("3.0.0 bis 3.0.6") matching the installs between, both ends
 * included, and none outside; a range survives the bus codec. */
START_TEST(test_advisory_package_range_links_to_the_installs_between)
{
    ck_assert_int_lt(pw_advisory_version_cmp("1.0~rc1", "1.0"), 0);
    ck_assert_int_lt(pw_advisory_version_cmp("9.6p1", "9.7p1"), 0);
    ck_assert_int_gt(pw_advisory_version_cmp("3.0.10", "3.0.9"), 0);
    ck_assert_int_gt(pw_advisory_version_cmp("1.0a", "1.0"), 0);
    ck_assert_int_eq(pw_advisory_version_cmp("3.0.06", "3.0.6"), 0);
    static const char doc[] = "{\"id\":\"r\",\"source\":\"s\",\"packages\":[{\"name\":\"openssl\",\"version\":"
                              "\"3.0.0\",\"through\":\"3.0.6\"}]}";
    pw_advisory a;
    pw_error err = {0};
    pw_advisory_init(&a);
    ck_assert_msg(pw_advisory_from_json(&a, doc, strlen(doc), &err) == 0, "%s", err.msg);
    ck_assert(pw_advisory_names_package(&a, "libssl3=3.0.4-0ubuntu1"));
    ck_assert(pw_advisory_names_package(&a, "openssl=1:3.0.0-1"));
    ck_assert(pw_advisory_names_package(&a, "openssl=3.0.6-1"));
    ck_assert(pw_advisory_blames_package(&a, "openssl=3.0.5-27.el9.x86_64"));
    ck_assert(!pw_advisory_names_package(&a, "openssl=3.0.7-1"));
    ck_assert(!pw_advisory_names_package(&a, "openssl=3.0.10-1"));
    ck_assert(!pw_advisory_names_package(&a, "openssl=2.9.9-1"));
    ck_assert(!pw_advisory_names_package(&a, "gnutls=3.0.4-1"));
    char line[256];
    pw_advisory_explain(&a, line, sizeof line);
    ck_assert_msg(strstr(line, "openssl 3.0.0 through 3.0.6") != NULL, "%s", line);
    pw_advisory_free(&a);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("advisory_record");
    TCase *t = tcase_create("advisory_record");
    tcase_add_test(t, test_advisory_report_fields_round_trip);
    tcase_add_test(t, test_advisory_unclassified_has_no_confidence_key);
    tcase_add_test(t, test_advisory_hostile_report_fields_are_refused);
    tcase_add_test(t, test_advisory_package_links_to_install_keys);
    tcase_add_test(t, test_advisory_package_range_links_to_the_installs_between);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return pw_test_run(suite()); }
