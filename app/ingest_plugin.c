/* patchwatch ingest KIND for the source kinds without a hand-written command (files, jsonl): the options
 * and --help come from the plugin's config table (ingest/sources.h, core/pw_config_tables.c), so they
 * cannot disagree with `config check` and `config docs`. Each key is `--key-name VALUE` (underscores as
 * dashes); a bool key is `--key-name` / `--no-key-name`; a list key may be repeated. PATHs on the command
 * line fill the `path` key, one run of the source per PATH, in order. Wiring only. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/table_opts.h"
#include "core/pw_config.h"
#include "core/pw_out.h"
#include "ingest/sources.h"

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* What the command line has beyond the plugin's keys. */
static const pw_cfg_key cmd_keys[] = {
    PW_TOPT_OUT_KEY,
    {.name = "host", .type = PW_CFG_STRING, .desc = "host.name for events that carry none (the common source key)"},
    {.name = NULL},
};
static const pw_cfg_table cmd_table = {.desc = "command line", .keys = cmd_keys};
static const pw_topt_alias aliases[] = {{.name = "out", .short_opt = 'o', .key = "out"}, {0}};

static void wrap(FILE *fp, const char *d) /* at about 100 columns */
{
    while (d && *d) {
        size_t n = strlen(d), cut = n;
        if (n > 100) {
            cut = 100;
            while (cut > 0 && d[cut] != ' ') cut--;
            if (cut == 0) cut = n;
        }
        fprintf(fp, "%.*s\n", (int)cut, d);
        d += cut;
        while (*d == ' ') d++;
    }
}

static void usage(const pw_topts *t, const pw_source_plugin *p, FILE *fp)
{
    const int has_path = pw_topts_has_key(p->config, "path");
    fprintf(fp, "Usage: patchwatch ingest %s [OPTIONS]%s\n%s.\n\n", p->name, has_path ? " PATH..." : "",
            p->description);
    wrap(fp, p->config->desc);
    fputc('\n', fp);
    pw_topts_help(t, fp, NULL, &cmd_table, NULL);
    pw_topts_help(t, fp, "Keys of the source (the same under `sources:` in a configuration):", p->config, "|path|");
    pw_topts_help_builtin(fp);
    fprintf(fp, "The keys go under `sources:` in a configuration (kind: %s); see docs/configuration.md.\n", p->name);
}

static int emit_event(void *ud, pw_event *ev, pw_error *err) { return pw_out_event(ud, ev, err); }
static int emit_advisory(void *ud, const pw_advisory *a, pw_error *err) { return pw_out_advisory(ud, a, err); }

int pw_ingest_plugin_main(const pw_source_plugin *p, int argc, char **argv)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "ingest %s", p->name);
    static pw_topts t; /* large (getopt tables): not on the stack */
    t = (pw_topts){.cmd = cmd, .tables = {p->config, &cmd_table}, .aliases = aliases};
    json_t *cfg = json_pack("{s:s}", "kind", p->name), *cmdo = json_object();
    const char *out_spec;
    pw_out *out = NULL;
    int rc = PW_EXIT_USAGE;
    pw_error err = {0};
    const pw_cfg_table *tabs[] = {p->config, &cmd_table};
    json_t *objs[] = {cfg, cmdo};
    if (pw_topts_parse(&t, argc, argv)) goto out;
    if (t.help) {
        usage(&t, p, stdout);
        rc = PW_EXIT_OK;
        goto out;
    }
    if (pw_topts_collect(&t, tabs, objs, 2, cmd) || pw_topts_validate(&t, &cmd_table, cmdo)) goto out;
    out_spec = pw_config_get_str(cmdo, "out", "-");
    if (json_object_get(cmdo, "host")) json_object_set(cfg, "host", json_object_get(cmdo, "host"));
    int want_path = pw_topts_has_key(p->config, "path");
    if (want_path && optind >= argc && !json_object_get(cfg, "path")) {
        rc = pw_app_usage_error("ingest", "%s: give at least one PATH", p->name);
        goto out;
    }
    if (!want_path && optind < argc) {
        rc = pw_app_usage_error("ingest", "%s: unexpected argument '%s'", p->name, argv[optind]);
        goto out;
    }
    const char *one_path[1] = {json_string_value(json_object_get(cfg, "path"))};
    const char *const *paths = (const char *const *)argv + optind;
    size_t npaths = want_path ? (size_t)(argc - optind) : 1;
    if (want_path && npaths == 0) paths = one_path, npaths = 1; /* --path P instead of an operand */
    if (!(out = pw_out_open(out_spec, &err))) {
        fprintf(stderr, "patchwatch ingest %s: %s\n", p->name, err.msg);
        rc = PW_EXIT_RUNTIME;
        goto out;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    rc = PW_EXIT_OK;
    for (size_t i = 0; i < npaths && !stop_flag && rc == PW_EXIT_OK; i++) {
        json_t *one = json_deep_copy(cfg);
        if (want_path) json_object_set_new(one, "path", json_string(paths[i]));
        json_t *list = json_pack("{s:[O]}", "sources", one);
        pw_cfg_report rep = {.out = stderr};
        pw_cfg_ctx vctx = {.file = "command line", .apply_defaults = true, .report = &rep};
        if (pw_cfg_validate(&pw_config_schema, list, "", &vctx)) {
            rc = PW_EXIT_USAGE;
        } else {
            pw_source_emit em = {.event = emit_event, .advisory = emit_advisory, .ud = out};
            pw_source_stage st;
            const json_t *src = json_array_get(json_object_get(list, "sources"), 0);
            if (pw_source_stage_init(&st, src, 0, &em, &stop_flag, NULL, &err) || pw_source_stage_run(&st, &err)) {
                fprintf(stderr, "patchwatch ingest %s: %s\n", p->name, err.msg);
                rc = PW_EXIT_RUNTIME;
            }
            pw_source_stage_exit(&st);
        }
        json_decref(list);
        json_decref(one);
    }
    if (pw_out_close(out, &err) && rc == PW_EXIT_OK) {
        fprintf(stderr, "patchwatch ingest %s: %s\n", p->name, err.msg);
        rc = PW_EXIT_RUNTIME;
    }
out:
    json_decref(cfg);
    json_decref(cmdo);
    return rc;
}
