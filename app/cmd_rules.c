/* patchwatch rules: validate a rules directory (every error, each with FILE:LINE), list what it holds, or
 * print the reference of every rule kind generated from the schema tables (docs/rules.md embeds it). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "parsers/advisory_model.h"
#include "rules/rule_schema.h"
#include "rules/rules.h"

static const char usage[] =
    "Usage: patchwatch rules check [-q] DIR   validate every rule file under DIR (and DIR/model/report_regression.tsv)\n"
    "       patchwatch rules list DIR         print kind, name and origin of every rule\n"
    "       patchwatch rules docs             print the reference of every rule kind (Markdown)\n"
    "Errors are printed as FILE:LINE: KEY: message, all of them, on stderr.\n"
    "Options:\n"
    "  -q, --quiet   print nothing when the rules are valid\n"
    "  -h, --help    show this help\n"
    "Exit status: 0 valid, 1 errors found, 2 usage error.\n";

static int rules_list(const char *dir)
{
    pw_error err;
    pw_rules *r = pw_rules_load(dir, &err);
    if (!r) {
        fprintf(stderr, "%s\n", err.msg);
        return PW_EXIT_RUNTIME;
    }
    for (int k = 0; k < PW_RULE_KINDS; k++) {
        const char *kind = pw_rule_kind_names[k];
        for (size_t i = 0; i < pw_rules_count(r, kind); i++) {
            int line = 0;
            const char *file = pw_rules_origin(r, kind, i, &line);
            printf("%-10s %-40s %s:%d\n", kind, json_string_value(json_object_get(pw_rules_get(r, kind, i), "name")),
                   file, line);
        }
    }
    pw_rules_free(r);
    return PW_EXIT_OK;
}

static int rules_check(const char *dir, int quiet)
{
    int n = pw_rules_check(dir, stderr);
    pw_error err = {0};
    pw_report_model *model = pw_report_model_for_rules(dir, &err);
    if (!model) {
        fprintf(stderr, "%s\n", err.msg);
        n++;
    }
    if (n) {
        fprintf(stderr, "%s: %d error%s\n", dir, n, n == 1 ? "" : "s");
        pw_report_model_free(model);
        return PW_EXIT_RUNTIME;
    }
    if (quiet) {
        pw_report_model_free(model);
        return PW_EXIT_OK;
    }
    pw_rules *r = pw_rules_load(dir, NULL);
    size_t total = 0;
    for (int k = 0; k < PW_RULE_KINDS; k++) total += pw_rules_count(r, pw_rule_kind_names[k]);
    printf("%s: ok, %zu rule%s in %zu file%s (", dir, total, total == 1 ? "" : "s", pw_rules_files(r),
           pw_rules_files(r) == 1 ? "" : "s");
    for (int k = 0; k < PW_RULE_KINDS; k++)
        printf("%s%s %zu", k ? ", " : "", pw_rule_kind_names[k], pw_rules_count(r, pw_rule_kind_names[k]));
    printf("); report model: %zu n-grams%s\n", pw_report_model_size(model),
           pw_report_model_high(model) >= 1.0 ? ", turned off (high >= 1)" : "");
    pw_rules_free(r);
    pw_report_model_free(model);
    return PW_EXIT_OK;
}

int pw_cmd_rules(int argc, char **argv)
{
    static const char *const actions[3] = {"check", "list", "docs"};
    int action, quiet;
    const char *dir;
    int rc = pw_app_action_args("rules", usage, actions, "DIR", argc, argv, &action, &dir, &quiet);
    if (rc >= 0) return rc;
    if (action == 2) {
        pw_cfg_markdown(&pw_rule_schema, "rule", stdout);
        return PW_EXIT_OK;
    }
    if (action == 0) return rules_check(dir, quiet);
    return rules_list(dir);
}
