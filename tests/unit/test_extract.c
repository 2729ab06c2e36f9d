/* test_extract: the PCRE2 extraction of KBs, CVEs, event ids, error codes, products/components and status,
 * with the built-in defaults and with the shipped rules/extract/ files (which must agree), plus hostile
 * user patterns. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/pw_time.h"
#include "feeds_test_util.h"
#include "parsers/advisory_extract.h"
#include "rules/rules.h"

static pw_advisory *adv(const char *title, const char *text)
{
    static pw_advisory a;
    pw_advisory_free(&a);
    pw_advisory_init(&a);
    a.id = strdup("x");
    a.title = title ? strdup(title) : NULL;
    a.text = text ? strdup(text) : NULL;
    return &a;
}

static int has(const pw_strlist *l, const char *v) { return pw_strlist_has(l, v); }

START_TEST(test_extract_kb_cve_forms)
{
    pw_error err = {0};
    pw_extractor *x = pw_extractor_new(NULL, &err);
    ck_assert_ptr_nonnull(x);
    pw_advisory *a = adv("KB 5062557 and kb5060531", "see https://support.microsoft.com/help/5029332 and "
                                                     "https://support.microsoft.com/en-us/help/5063877; cve-2025-33073, CVE-2024-1234567 "
                                                     "but not KB12345 or KB123456789 or XCVE-2020-1");
    ck_assert_int_eq(pw_extractor_apply(x, a, &err), 0);
    ck_assert(has(&a->kb, "KB5062557") && has(&a->kb, "KB5060531") && has(&a->kb, "KB5029332") && has(&a->kb, "KB5063877"));
    ck_assert_int_eq(a->kb.n, 4);
    ck_assert(has(&a->cve, "CVE-2025-33073") && has(&a->cve, "CVE-2024-1234567"));
    ck_assert_int_eq(a->cve.n, 2);
    pw_extractor_free(x);
}
END_TEST

START_TEST(test_extract_event_ids_only_in_context)
{
    pw_error err = {0};
    pw_extractor *x = pw_extractor_new(NULL, &err);
    pw_advisory *a = adv("Cluster logs Event ID 5120", "event 1135 then EventID: 1069; Event IDs 1146, 1177 and 1205. "
                                                     "Version 2019, build 17763, port 5120 and event 30 seconds are not ids. "
                                                     "Event ID 05142 is 5142.");
    ck_assert_int_eq(pw_extractor_apply(x, a, &err), 0);
    ck_assert(has(&a->event_ids, "5120") && has(&a->event_ids, "1135") && has(&a->event_ids, "1069"));
    ck_assert(has(&a->event_ids, "1146") && has(&a->event_ids, "1177") && has(&a->event_ids, "1205"));
    ck_assert(has(&a->event_ids, "5142"));
    ck_assert(!has(&a->event_ids, "2019") && !has(&a->event_ids, "17763") && !has(&a->event_ids, "30"));
    pw_extractor_free(x);
}
END_TEST

START_TEST(test_extract_error_codes_canonical)
{
    pw_error err = {0};
    pw_extractor *x = pw_extractor_new(NULL, &err);
    pw_advisory *a = adv(NULL, "fails with 0x800f0922, 0XC00000B5 (STATUS_IO_TIMEOUT) and ERROR_ACCESS_DENIED; "
                               "0x1234 and 0x123456789 are not 32-bit codes; bugcheck INACCESSIBLE_BOOT_DEVICE");
    ck_assert_int_eq(pw_extractor_apply(x, a, &err), 0);
    ck_assert(has(&a->error_codes, "0x800F0922") && has(&a->error_codes, "0xC00000B5"));
    ck_assert(has(&a->error_codes, "STATUS_IO_TIMEOUT") && has(&a->error_codes, "ERROR_ACCESS_DENIED"));
    ck_assert(has(&a->error_codes, "INACCESSIBLE_BOOT_DEVICE"));
    ck_assert_int_eq(a->error_codes.n, 5);
    pw_extractor_free(x);
}
END_TEST

START_TEST(test_extract_products_builds_components)
{
    pw_error err = {0};
    pw_extractor *x = pw_extractor_new(NULL, &err);
    pw_advisory *a = adv("Windows Server 2019 and Windows Server 2012 R2", "Windows 11, version 24H2 (OS Build 26100.4351); "
                                                                         "Windows 10 version 22H2; CSV and Cluster Shared Volumes, hyper-v, BitLocker");
    ck_assert_int_eq(pw_extractor_apply(x, a, &err), 0);
    ck_assert(has(&a->products, "Windows Server 2019") && has(&a->products, "Windows Server 2012 R2"));
    ck_assert(has(&a->products, "Windows 11, version 24H2") && has(&a->products, "Windows 10 version 22H2"));
    ck_assert(has(&a->products, "build 26100.4351"));
    ck_assert(has(&a->products, "Cluster Shared Volume") && has(&a->products, "Hyper-V") && has(&a->products, "BitLocker"));
    pw_extractor_free(x);
}
END_TEST

START_TEST(test_extract_status_most_final_wins_and_vendor_status_is_kept)
{
    pw_error err = {0};
    pw_extractor *x = pw_extractor_new(NULL, &err);
    pw_advisory *a = adv("Known issue with KB5062557", "Update: this issue was resolved in KB5064489.");
    pw_extractor_apply(x, a, &err);
    ck_assert_str_eq(a->status, "resolved");
    a = adv("Known issue", "a workaround exists");
    pw_extractor_apply(x, a, &err);
    ck_assert_str_eq(a->status, "mitigated");
    a = adv("We are investigating reports", NULL);
    pw_extractor_apply(x, a, &err);
    ck_assert_str_eq(a->status, "known-issue");
    a = adv("nothing", "to see");
    pw_extractor_apply(x, a, &err);
    ck_assert_ptr_null(a->status);
    a = adv("resolved", "resolved");
    a->status = strdup("known-issue");
    pw_extractor_apply(x, a, &err);
    ck_assert_str_eq(a->status, "known-issue");
    pw_extractor_free(x);
}
END_TEST

static const char *const samples[] = {
    "KB5062557 breaks Cluster Shared Volumes on Windows Server 2019. Event ID 5120, event 1135, 0xc00000b5 "
    "STATUS_IO_TIMEOUT, OS Build 17763.7558. Known issue.",
    "Workaround: uninstall KB5060531. Installer fails with 0x800f0922 on Windows Server 2022 Hyper-V hosts.",
    "Resolved by KB5063877 on Windows 11, version 24H2. CVE-2025-48800; BitLocker recovery; Secure Boot; RDP; "
    "SMBv3; domain controllers; print spooler; WSUS; Storage Spaces Direct; failover clustering.",
};

START_TEST(test_extract_shipped_rule_files_equal_builtin_defaults)
{
    char dir[1024];
    const char *src = getenv("PW_SOURCE_DIR");
    pw_error err = {0};
    snprintf(dir, sizeof dir, "%s/rules", src ? src : ".");
    pw_rules *r = pw_rules_load(dir, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    pw_extractor *from_rules = pw_extractor_new(r, &err), *builtin = pw_extractor_new(NULL, &err);
    ck_assert_msg(from_rules != NULL, "%s", err.msg);
    ck_assert_ptr_nonnull(builtin);
    ck_assert_int_eq(pw_rules_count(r, "extract"), pw_extractor_count(builtin));
    ck_assert_int_eq(pw_extractor_count(from_rules), pw_extractor_count(builtin));
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        pw_advisory a1, a2;
        pw_advisory_init(&a1);
        pw_advisory_init(&a2);
        a1.id = strdup("x");
        a2.id = strdup("x");
        a1.text = strdup(samples[i]);
        a2.text = strdup(samples[i]);
        ck_assert_int_eq(pw_extractor_apply(from_rules, &a1, &err), 0);
        ck_assert_int_eq(pw_extractor_apply(builtin, &a2, &err), 0);
        json_t *j1 = pw_advisory_to_jansson(&a1), *j2 = pw_advisory_to_jansson(&a2);
        char *s1 = json_dumps(j1, JSON_SORT_KEYS), *s2 = json_dumps(j2, JSON_SORT_KEYS);
        ck_assert_str_eq(s1, s2);
        ck_assert(a1.kb.n + a1.products.n > 0);
        free(s1);
        free(s2);
        json_decref(j1);
        json_decref(j2);
        pw_advisory_free(&a1);
        pw_advisory_free(&a2);
    }
    pw_extractor_free(from_rules);
    pw_extractor_free(builtin);
    pw_rules_free(r);
}
END_TEST

START_TEST(test_extract_user_rule_templates_and_errors)
{
    pw_error err = {0};
    pw_extract_def defs[] = {{.name = "pkg", .field = "product", .pattern = "(?i)\\bpackage (\\w+)-(\\d+)", .value = "$1 v$2", .normalize = "lower"}};
    pw_extractor *x = pw_extractor_new_defs(defs, 1, &err);
    ck_assert_ptr_nonnull(x);
    pw_advisory *a = adv(NULL, "PACKAGE OpenSSL-3 broke");
    pw_extractor_apply(x, a, &err);
    ck_assert(has(&a->products, "openssl v3"));
    pw_extractor_free(x);
    pw_extract_def bad[] = {{.name = "broken", .field = "kb", .pattern = "KB(\\d+"}};
    ck_assert_ptr_null(pw_extractor_new_defs(bad, 1, &err));
    ck_assert_msg(strstr(err.msg, "broken") && strstr(err.msg, "offset"), "%s", err.msg);
    pw_extract_def nofield[] = {{.name = "nf", .field = "colour", .pattern = "x"}};
    ck_assert_ptr_null(pw_extractor_new_defs(nofield, 1, &err));
    pw_extract_def status_novalue[] = {{.name = "sv", .field = "status", .pattern = "x"}};
    ck_assert_ptr_null(pw_extractor_new_defs(status_novalue, 1, &err));
}
END_TEST

START_TEST(test_extract_catastrophic_user_pattern_is_bounded)
{
    pw_error err = {0};
    pw_extract_def defs[] = {{.name = "redos", .field = "product", .pattern = "^(a+)+$"}};
    pw_extractor *x = pw_extractor_new_defs(defs, 1, &err);
    char *text = malloc(40002);
    memset(text, 'a', 40000);
    text[40000] = 'b';
    text[40001] = '\0';
    pw_advisory *a = adv(NULL, text);
    int64_t t0 = pw_time_mono_us();
    ck_assert_int_eq(pw_extractor_apply(x, a, &err), 0);
    ck_assert_msg(pw_time_mono_us() - t0 < 5000000, "pattern ran unbounded");
    free(text);
    pw_extractor_free(x);
}
END_TEST

START_TEST(test_extract_lists_are_capped)
{
    pw_error err = {0};
    pw_extractor *x = pw_extractor_new(NULL, &err);
    size_t n = 3000;
    char *text = malloc(n * 16 + 1), *p = text;
    for (size_t i = 0; i < n; i++) p += sprintf(p, "KB%07zu ", 1000000 + i);
    pw_advisory *a = adv(NULL, text);
    ck_assert_int_eq(pw_extractor_apply(x, a, &err), 0);
    ck_assert_int_le(a->kb.n, PW_ADV_LIST_MAX);
    free(text);
    pw_extractor_free(x);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("extract");
    TCase *t = tcase_create("extract");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_extract_kb_cve_forms);
    tcase_add_test(t, test_extract_event_ids_only_in_context);
    tcase_add_test(t, test_extract_error_codes_canonical);
    tcase_add_test(t, test_extract_products_builds_components);
    tcase_add_test(t, test_extract_status_most_final_wins_and_vendor_status_is_kept);
    tcase_add_test(t, test_extract_shipped_rule_files_equal_builtin_defaults);
    tcase_add_test(t, test_extract_user_rule_templates_and_errors);
    tcase_add_test(t, test_extract_catastrophic_user_pattern_is_bounded);
    tcase_add_test(t, test_extract_lists_are_capped);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return pw_test_run(suite()); }
