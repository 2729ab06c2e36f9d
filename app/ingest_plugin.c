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
#include "core/pw_config.h"
#include "core/pw_out.h"
#include "ingest/sources.h"

#define OPT_MAX 64 /* keys of one source table, and room for the fixed options */

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static const pw_cfg_key *find_key(const pw_cfg_table *t, const char *name)
{
    for (const pw_cfg_key *k = t->keys; k->name; k++)
        if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

static void dashed(const char *key, char *out, size_t cap)
{
    snprintf(out, cap, "%s", key);
    for (char *p = out; *p; p++)
        if (*p == '_') *p = '-';
}

static const char *type_word(const pw_cfg_key *k)
{
    switch (k->type) {
    case PW_CFG_INT: return "N";
    case PW_CFG_NUMBER: return "X";
    case PW_CFG_DURATION: return "DURATION";
    case PW_CFG_PATH: return "PATH";
    case PW_CFG_ENUM: return "WORD";
    default: return "VALUE";
    }
}

static void usage(const pw_source_plugin *p, FILE *fp)
{
    const int has_path = find_key(p->config, "path") != NULL;
    fprintf(fp, "Usage: patchwatch ingest %s [OPTIONS]%s\n%s.\n\n", p->name, has_path ? " PATH..." : "",
            p->description);
    if (p->config->desc) { /* wrapped at about 100 columns */
        const char *d = p->config->desc;
        while (*d) {
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
        fputc('\n', fp);
    }
    fprintf(fp, "  -o, --out SPEC           '-' (stdout JSON lines, default), a file, or a bus endpoint (tcp://, ipc://)\n"
                "      --host NAME          host.name for events that carry none\n");
    for (const pw_cfg_key *k = p->config->keys; k->name; k++) {
        char opt[48], left[112];
        dashed(k->name, opt, sizeof opt);
        if (strcmp(k->name, "path") == 0) continue;
        if (k->type == PW_CFG_BOOL) snprintf(left, sizeof left, "--%s, --no-%s", opt, opt);
        else snprintf(left, sizeof left, "--%s %s", opt, type_word(k));
        if (strlen(left) <= 20) fprintf(fp, "      %-20s %s", left, k->desc);
        else fprintf(fp, "      %s\n%27s%s", left, "", k->desc);
        if (k->choices) fprintf(fp, " (%s)", k->choices);
        if (k->def) fprintf(fp, " [default %s]", k->def);
        fputc('\n', fp);
    }
    fprintf(fp, "  -h, --help               show this help\n"
                "The same keys go under `sources:` in a configuration (kind: %s); see docs/configuration.md.\n",
            p->name);
}

/* A command-line value as the JSON the table expects. */
static json_t *value_of(const pw_cfg_key *k, const char *s)
{
    char *end;
    switch (k->type) {
    case PW_CFG_INT: {
        long long v = strtoll(s, &end, 10);
        return *s && !*end ? json_integer(v) : json_string(s); /* a string: validation names the key */
    }
    case PW_CFG_NUMBER: {
        double v = strtod(s, &end);
        return *s && !*end ? json_real(v) : json_string(s);
    }
    default: return json_string(s);
    }
}

static int emit_event(void *ud, pw_event *ev, pw_error *err) { return pw_out_event(ud, ev, err); }
static int emit_advisory(void *ud, const pw_advisory *a, pw_error *err) { return pw_out_advisory(ud, a, err); }

int pw_ingest_plugin_main(const pw_source_plugin *p, int argc, char **argv)
{
    struct option opts[2 * OPT_MAX + 4];
    char names[OPT_MAX][2][64];
    const pw_cfg_key *keys[OPT_MAX];
    size_t nopt = 0, nkeys = 0;
    const char *out_spec = "-";
    json_t *cfg = json_pack("{s:s}", "kind", p->name);
    pw_out *out = NULL;
    int rc = PW_EXIT_USAGE, c;
    pw_error err = {0};
    for (const pw_cfg_key *k = p->config->keys; k->name && nkeys < OPT_MAX; k++, nkeys++) {
        keys[nkeys] = k;
        dashed(k->name, names[nkeys][0], sizeof names[nkeys][0]);
        memcpy(names[nkeys][1], "no-", 3);
        memcpy(names[nkeys][1] + 3, names[nkeys][0], sizeof names[nkeys][0] - 3); /* cut at 60: no key is that long */
        names[nkeys][1][sizeof names[nkeys][1] - 1] = '\0';
        int bool_key = k->type == PW_CFG_BOOL;
        opts[nopt++] = (struct option){names[nkeys][0], bool_key ? no_argument : required_argument, NULL,
                                       (int)(1000 + 2 * nkeys)};
        if (bool_key) opts[nopt++] = (struct option){names[nkeys][1], no_argument, NULL, (int)(1001 + 2 * nkeys)};
    }
    opts[nopt++] = (struct option){"out", required_argument, NULL, 'o'};
    opts[nopt++] = (struct option){"host", required_argument, NULL, 'H'};
    opts[nopt++] = (struct option){"help", no_argument, NULL, 'h'};
    opts[nopt] = (struct option){NULL, 0, NULL, 0};
    /* optind stays 0 from main.c: a full reset, so options may follow the paths (getopt permutes) */
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(p, stdout);
            rc = PW_EXIT_OK;
            goto out;
        } else if (c == 'o') {
            out_spec = optarg;
        } else if (c == 'H') {
            json_object_set_new(cfg, "host", json_string(optarg));
        } else if (c >= 1000 && (size_t)(c - 1000) / 2 < nkeys) {
            const pw_cfg_key *k = keys[(c - 1000) / 2];
            if (k->type == PW_CFG_BOOL) {
                json_object_set_new(cfg, k->name, json_boolean(((c - 1000) & 1) == 0));
            } else if (k->type == PW_CFG_LIST) {
                json_t *l = json_object_get(cfg, k->name);
                if (!l) json_object_set_new(cfg, k->name, l = json_array());
                json_array_append_new(l, json_string(optarg));
            } else {
                json_object_set_new(cfg, k->name, value_of(k, optarg));
            }
        } else { /* getopt said what was wrong */
            fprintf(stderr, "Try 'patchwatch ingest %s --help'.\n", p->name);
            goto out;
        }
    }
    int want_path = find_key(p->config, "path") != NULL;
    if (want_path && optind >= argc) {
        rc = pw_app_usage_error("ingest", "%s: give at least one PATH", p->name);
        goto out;
    }
    if (!want_path && optind < argc) {
        rc = pw_app_usage_error("ingest", "%s: unexpected argument '%s'", p->name, argv[optind]);
        goto out;
    }
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
    for (int i = optind; i < (want_path ? argc : optind + 1) && !stop_flag && rc == PW_EXIT_OK; i++) {
        json_t *one = json_deep_copy(cfg);
        if (want_path) json_object_set_new(one, "path", json_string(argv[i]));
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
    return rc;
}
