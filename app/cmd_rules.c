/* patchwatch rules: validate a rules directory (every error, each with FILE:LINE), list what it holds, or
 * print the reference of every rule kind generated from the schema tables (docs/rules.md embeds it). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "rules/rule_schema.h"
#include "rules/rules.h"

static const char usage[] =
    "Usage: patchwatch rules check [-q] DIR   validate every rule file under DIR\n"
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
    if (n) {
        fprintf(stderr, "%s: %d error%s\n", dir, n, n == 1 ? "" : "s");
        return PW_EXIT_RUNTIME;
    }
    if (quiet) return PW_EXIT_OK;
    pw_rules *r = pw_rules_load(dir, NULL);
    size_t total = 0;
    for (int k = 0; k < PW_RULE_KINDS; k++) total += pw_rules_count(r, pw_rule_kind_names[k]);
    printf("%s: ok, %zu rule%s in %zu file%s (", dir, total, total == 1 ? "" : "s", pw_rules_files(r),
           pw_rules_files(r) == 1 ? "" : "s");
    for (int k = 0; k < PW_RULE_KINDS; k++)
        printf("%s%s %zu", k ? ", " : "", pw_rule_kind_names[k], pw_rules_count(r, pw_rule_kind_names[k]));
    printf(")\n");
    pw_rules_free(r);
    return PW_EXIT_OK;
}

int pw_cmd_rules(int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'}, {"quiet", no_argument, NULL, 'q'}, {NULL, 0, NULL, 0}};
    int c, quiet = 0;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        case 'q': quiet = 1; break;
        default: return pw_app_usage_error("rules", "bad option");
        }
    }
    if (optind >= argc) return pw_app_usage_error("rules", "missing action (check, list or docs)");
    const char *action = argv[optind];
    int nargs = argc - optind - 1;
    if (strcmp(action, "docs") == 0) {
        if (nargs != 0) return pw_app_usage_error("rules", "docs takes no argument");
        pw_cfg_markdown(&pw_rule_schema, "rule", stdout);
        return PW_EXIT_OK;
    }
    if (strcmp(action, "check") != 0 && strcmp(action, "list") != 0)
        return pw_app_usage_error("rules", "unknown action '%s' (check, list or docs)", action);
    if (nargs != 1) return pw_app_usage_error("rules", "%s needs exactly one DIR", action);
    if (strcmp(action, "check") == 0) return rules_check(argv[optind + 1], quiet);
    return rules_list(argv[optind + 1]);
}
