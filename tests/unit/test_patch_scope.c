/* test_patch_scope: what a narrow kind of update can break is data (rules of kind `scope`, rules/scopes/). The
 * shipped files say what the built-in table says; a rules directory with a scope rule of the user's own replaces
 * the built-in ones, reaches the correlator through pw_corr_new, and is matched by case-insensitive substrings of
 * the title and of the symptom's provider; a bad scope rule is refused with its file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "correlate/cohort_model.h"
#include "corr_test_util.h"
#include "pw_test.h"
#include "rules/rules.h"

static const char *const titles[] = {
    "2026-07 Cumulative Update for .NET Framework 3.5 and 4.8 for Windows Server 2019 (KB5000002)",
    "2026-07 Servicing Stack Update for Windows Server 2019 (KB5000003)",
    "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.431.12.0)",
    "2026-07 Cumulative Update for Windows Server 2019 (KB5000001)",
    "Windows Malicious Software Removal Tool x64 - v5.130 (KB890830)",
    NULL,
};
static const char *const providers[] = {
    "Microsoft-Windows-Hyper-V-VMMS", "Microsoft-Windows-FailoverClustering", ".NET Runtime", "Application Error",
    "Microsoft-Windows-WindowsUpdateClient", "Microsoft-Windows-Windows Defender", "nginx", "",
};

START_TEST(test_shipped_rule_files_say_the_same_as_the_builtins)
{
    char dir[4096];
    const char *src = getenv("PW_SOURCE_DIR");
    ck_assert(src != NULL);
    snprintf(dir, sizeof dir, "%s/rules/scopes", src);
    pw_error err = {0};
    pw_rules *rules = pw_rules_load(dir, &err);
    ck_assert_msg(rules != NULL, "%s", err.msg);
    ck_assert_uint_eq(pw_rules_count(rules, "scope"), 3);
    corr_scopes *shipped = corr_scopes_new(rules, &err), *builtin = corr_scopes_new(NULL, &err);
    ck_assert_msg(shipped && builtin, "%s", err.msg);
    int narrow = 0, excluded = 0;
    for (size_t t = 0; titles[t]; t++) {
        const char *a = corr_scope_of(shipped, titles[t]), *b = corr_scope_of(builtin, titles[t]);
        ck_assert_msg((!a && !b) || (a && b && !strcmp(a, b)), "%s: %s vs %s", titles[t], a, b);
        narrow += a != NULL;
        for (size_t p = 0; p < sizeof providers / sizeof providers[0]; p++) {
            bool x = corr_scope_excludes(shipped, titles[t], providers[p]);
            ck_assert_int_eq(x, corr_scope_excludes(builtin, titles[t], providers[p]));
            excluded += x;
        }
    }
    ck_assert_int_eq(narrow, 4); /* all but the cumulative update */
    /* .NET: Hyper-V, cluster, WU client, Defender, nginx; SSU: Hyper-V, cluster, .NET, App Error, Defender, nginx;
     * Defender x2: Hyper-V, cluster, .NET, App Error, WU client, nginx */
    ck_assert_int_eq(excluded, 5 + 6 + 6 + 6);
    ck_assert(corr_scope_excludes(builtin, titles[0], "Microsoft-Windows-Hyper-V-VMMS"));
    ck_assert(!corr_scope_excludes(builtin, titles[0], ".NET Runtime"));
    ck_assert(!corr_scope_excludes(builtin, titles[3], "Microsoft-Windows-Hyper-V-VMMS"));
    corr_scopes_free(shipped);
    corr_scopes_free(builtin);
    pw_rules_free(rules);
}
END_TEST

static void write_rule(char *dir, size_t cap, const char *text)
{
    snprintf(dir, cap, "/tmp/pw-scope-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[4200];
    snprintf(path, sizeof path, "%s/office.yaml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void remove_rule(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/office.yaml", dir);
    unlink(path);
    rmdir(dir);
}

START_TEST(test_a_users_scope_rule_replaces_the_builtins_in_the_engine)
{
    char dir[64];
    write_rule(dir, sizeof dir,
               "- kind: scope\n"
               "  name: office\n"
               "  what: Office update\n"
               "  titles: [\"Microsoft Office\", \"Microsoft 365 Apps\"]\n"
               "  affects: [Outlook, Excel, Word]\n");
    pw_error err = {0};
    pw_rules *rules = pw_rules_load(dir, &err);
    ck_assert_msg(rules != NULL, "%s", err.msg);
    pw_corr *c = pw_corr_new(NULL, rules, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    const char *office = "Security Update for MICROSOFT OFFICE 2016 (KB5002700) 64-Bit Edition";
    ck_assert_str_eq(corr_scope_of(c->scopes, office), "Office update");
    ck_assert(corr_scope_excludes(c->scopes, office, "Microsoft-Windows-Hyper-V-VMMS"));
    ck_assert(!corr_scope_excludes(c->scopes, office, "Microsoft Office 16 Alerts (outlook)"));
    /* the built-in kinds are replaced, not added to */
    ck_assert_ptr_null(corr_scope_of(c->scopes, titles[0]));
    pw_corr_free(c);
    /* without scope rules the engine has the built-in ones */
    c = pw_corr_new(NULL, NULL, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_ptr_null(corr_scope_of(c->scopes, office));
    ck_assert_str_eq(corr_scope_of(c->scopes, titles[0]), ".NET Framework update");
    pw_corr_free(c);
    pw_rules_free(rules);
    remove_rule(dir);
}
END_TEST

START_TEST(test_a_scope_rule_without_titles_is_refused_with_its_line)
{
    char dir[64];
    write_rule(dir, sizeof dir,
               "- kind: scope\n"
               "  name: office\n"
               "  what: Office update\n"
               "  affects: [Outlook]\n");
    pw_error err = {0};
    pw_rules *rules = pw_rules_load(dir, &err);
    ck_assert_ptr_null(rules);
    ck_assert_msg(strstr(err.msg, "office.yaml:") && strstr(err.msg, "titles"), "%s", err.msg);
    remove_rule(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("patch_scope");
    TCase *tc = tcase_create("scope");
    tcase_add_test(tc, test_shipped_rule_files_say_the_same_as_the_builtins);
    tcase_add_test(tc, test_a_users_scope_rule_replaces_the_builtins_in_the_engine);
    tcase_add_test(tc, test_a_scope_rule_without_titles_is_refused_with_its_line);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
