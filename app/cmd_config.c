/* patchwatch config: check a configuration file, show it with defaults filled in, or print the reference
 * generated from the schema table (docs/configuration.md embeds that output). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_config.h"

static const char usage[] =
    "Usage: patchwatch config check [-q] FILE   validate a configuration file (YAML or JSON)\n"
    "       patchwatch config show FILE         print it as JSON with defaults and absolute paths\n"
    "       patchwatch config docs              print the reference of every key (Markdown)\n"
    "Errors are printed as FILE:LINE: KEY: message, all of them, on stderr.\n"
    "Options:\n"
    "  -q, --quiet   print nothing when the file is valid\n"
    "  -h, --help    show this help\n"
    "Exit status: 0 valid, 1 errors found (or the file cannot be read), 2 usage error.\n";

int pw_cmd_config(int argc, char **argv)
{
    static const char *const actions[3] = {"check", "show", "docs"};
    int action, quiet;
    const char *path;
    int rc = pw_app_action_args("config", usage, actions, "FILE", argc, argv, &action, &path, &quiet);
    if (rc >= 0) return rc;
    if (action == 2) {
        pw_cfg_markdown(&pw_config_schema, "", stdout);
        return PW_EXIT_OK;
    }
    if (action == 0) {
        int n = pw_config_check(path, stderr);
        if (n) {
            fprintf(stderr, "%s: %d error%s\n", path, n, n == 1 ? "" : "s");
            return PW_EXIT_RUNTIME;
        }
        if (!quiet) printf("%s: ok\n", path);
        return PW_EXIT_OK;
    }
    pw_error err;
    json_t *cfg = pw_config_load_file(path, &err);
    if (!cfg) {
        fprintf(stderr, "%s\n", err.msg);
        return PW_EXIT_RUNTIME;
    }
    json_dumpf(cfg, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(cfg);
    return PW_EXIT_OK;
}
