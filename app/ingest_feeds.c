/* patchwatch ingest feeds: poll the advisory sources defined in a rules directory (kind: source) and write
 * each new or changed advisory once, through pw_out. Wiring only: the poller is ingest/feeds, the parsers
 * and extraction are parsers/advisory_parse. Failures are logged per source on stderr and retried; a summary
 * line goes to stderr at exit. The options are the keys of the feeds source's table (app/table_opts.h) and a
 * few of the command's own; --dir is read by the feeds source itself. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/table_opts.h"
#include "core/pw_config.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "ingest/feeds.h"
#include "ingest/sources.h"
#include "parsers/advisory_parse.h"
#include "rules/rules.h"

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

/* What only the command has: the rules directory (a configuration's top-level `rules`) and the poller's
 * retry tuning, which a configuration leaves at the poller's defaults. */
static const pw_cfg_key cmd_keys[] = {
    {.name = "rules", .type = PW_CFG_PATH, .flags = PW_CFG_REQUIRED,
     .desc = "rules directory (sources from kind: source, patterns from kind: extract)"},
    PW_TOPT_OUT_KEY,
    {.name = "once", .type = PW_CFG_BOOL, .def = "false", .desc = "fetch every source once (with retries), then exit"},
    {.name = "connect_timeout", .type = PW_CFG_DURATION, .def = "10s", .desc = "connect timeout"},
    {.name = "retry_base", .type = PW_CFG_DURATION, .def = "30s",
     .desc = "first retry delay after a failure, doubling"},
    {.name = "max_retries", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 100, .def = "3",
     .desc = "with --once: retries per source (0: none)"},
    {.name = NULL},
};
static const pw_cfg_table cmd_table = {.desc = "command line", .keys = cmd_keys};
/* the spellings this command had before its options came from the table */
static const pw_topt_alias aliases[] = {
    {.name = "rules", .short_opt = 'r', .key = "rules"},
    {.name = "state", .short_opt = 'S', .key = "state"},
    {.name = "once", .short_opt = '1', .key = "once"},
    {.name = "out", .short_opt = 'o', .key = "out"},
    {.name = "source", .key = "only"},
    {0},
};

static void usage(const pw_topts *t, FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest feeds --rules DIR [--dir DIR] [OPTIONS]\n"
                "Poll the advisory feeds defined as `kind: source` rules and write each new advisory as JSON; with\n"
                "--dir, first read the downloaded documents of DIR (then poll only with --poll). Without --dir the\n"
                "command polls (--poll is implied).\n\n");
    pw_topts_help(t, fp, NULL, &cmd_table, NULL);
    pw_topts_help(t, fp, "Keys of the feeds source (the same under `sources:` in a configuration):",
                  &pw_source_cfg_feeds, NULL);
    pw_topts_help_builtin(fp);
    fputs("Proxies come from http_proxy/https_proxy/no_proxy. Exit status with --once: 0 all fetched,\n"
          "1 when some source failed every attempt. Set PW_LOG=info (or -v) to see every fetch.\n", fp);
}

static int announce(const pw_advisory *a, void *ud)
{
    pw_error err;
    /* advisories are rare: flush each, so a file being watched (or a restart) sees it at once */
    if (pw_out_advisory(ud, a, &err) != 0 || pw_out_flush(ud, &err) != 0) {
        pw_log_error("ingest feeds: %s", err.msg);
        return -1;
    }
    return 0;
}

static int emit_advisory(void *ud, const pw_advisory *a, pw_error *err) { return pw_out_advisory(ud, a, err); }

/* --dir: the documents of a directory, read by the feeds source itself (the reader replay and run use). */
static int read_dir(const json_t *src, const pw_rules *rules, pw_out *out, pw_error *err)
{
    json_t *one = json_pack("{s:s,s:s,s:O,s:b}", "kind", "feeds", "name", "feeds", "dir", json_object_get(src, "dir"),
                            "poll", 0);
    pw_source_emit em = {.advisory = emit_advisory, .ud = out};
    pw_source_stage st;
    memset(&st, 0, sizeof st);
    int rc = !one || pw_source_stage_init(&st, one, 0, &em, &stop_flag, rules, err) || pw_source_stage_run(&st, err);
    pw_source_stage_exit(&st);
    json_decref(one);
    return rc ? -1 : 0;
}

int pw_ingest_feeds_main(int argc, char **argv)
{
    static pw_topts t; /* large (getopt tables): not on the stack */
    t = (pw_topts){.cmd = "ingest feeds", .tables = {&pw_source_cfg_feeds, &cmd_table}, .aliases = aliases};
    json_t *src = json_object(), *cmd = json_object();
    const pw_cfg_table *tabs[] = {&pw_source_cfg_feeds, &cmd_table};
    json_t *objs[] = {src, cmd};
    pw_feeds_opts fo = {0};
    int rc = PW_EXIT_USAGE;
    if (pw_topts_parse(&t, argc, argv)) goto early;
    if (t.help) {
        usage(&t, stdout);
        rc = PW_EXIT_OK;
        goto early;
    }
    if (optind != argc) {
        pw_app_usage_error("ingest feeds", "unexpected argument '%s'", argv[optind]);
        goto early;
    }
    if (pw_topts_collect(&t, tabs, objs, 2, "ingest feeds")) goto early;
    if (!json_object_get(cmd, "rules")) {
        pw_app_usage_error("ingest feeds", "--rules DIR is required");
        goto early;
    }
    if (!json_object_get(src, "dir") && !json_object_get(src, "poll")) json_object_set_new(src, "poll", json_true());
    if (pw_topts_validate(&t, &pw_source_cfg_feeds, src) || pw_topts_validate(&t, &cmd_table, cmd)) goto early;
    const char *rules_dir = pw_config_get_str(cmd, "rules", NULL), *out_spec = pw_config_get_str(cmd, "out", "-");
    const json_t *only = json_object_get(src, "only");
    size_t nonly = json_array_size(only);
    bool poll = pw_config_get_bool(src, "poll", false);
    fo.state_path = pw_config_get_str(src, "state", NULL);
    fo.once = pw_config_get_bool(cmd, "once", false);
    fo.ca_file = pw_config_get_str(src, "ca_file", NULL);
    fo.timeout_ms = (long)pw_config_get_duration_ms(src, "timeout", 120000);
    fo.connect_timeout_ms = (long)pw_config_get_duration_ms(cmd, "connect_timeout", 10000);
    fo.retry_base_us = pw_config_get_duration_ms(cmd, "retry_base", 30000) * 1000;
    long long mr = pw_config_get_int(cmd, "max_retries", 3);
    fo.max_retries = mr == 0 ? -1 : (int)mr;
    fo.max_bytes = (size_t)pw_config_get_int(src, "max_bytes", 0);
    rc = PW_EXIT_RUNTIME;

    pw_error err = {0};
    pw_rules *rules = NULL;
    pw_extractor *x = NULL;
    pw_out *out = NULL;
    pw_feeds *feeds = NULL;
    size_t added = 0;
    if (!(rules = pw_rules_load(rules_dir, &err))) goto out;
    if (!(x = pw_extractor_new(rules, &err))) goto out;
    if (!(out = pw_out_open(out_spec, &err))) goto out;
    if (json_object_get(src, "dir") && read_dir(src, rules, out, &err)) goto out;
    if (!poll) {
        rc = PW_EXIT_OK;
        goto out;
    }
    fo.extractor = x;
    fo.announce = announce;
    fo.ud = out;
    if (!(feeds = pw_feeds_new(&fo, &err))) goto out;
    for (size_t i = 0; i < pw_rules_count(rules, "source"); i++) {
        pw_feed_source s;
        const json_t *r = pw_rules_get(rules, "source", i);
        if (pw_feed_source_from_json(&s, r, &err) != 0) {
            int line = 0;
            const char *file = pw_rules_origin(rules, "source", i, &line);
            pw_error_prefix(&err, "%s:%d", file ? file : rules_dir, line);
            goto out;
        }
        int want = nonly == 0;
        for (size_t k = 0; k < nonly; k++) want |= strcmp(json_string_value(json_array_get(only, k)), s.name) == 0;
        int arc = want ? pw_feeds_add_source(feeds, &s, &err) : 0;
        added += want && s.enabled;
        pw_feed_source_free(&s);
        if (arc != 0) goto out;
    }
    if (added == 0) {
        pw_error_set(&err, PW_ERR_INVALID, "%s: no enabled source to poll%s", rules_dir, nonly ? " (check --source)" : "");
        goto out;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    pw_log_info("ingest feeds: polling %zu source(s)%s", added, fo.once ? " once" : "");
    int r = pw_feeds_run(feeds, &stop_flag, &err);
    pw_feeds_stats st;
    pw_feeds_get_stats(feeds, &st);
    fprintf(stderr,
            "patchwatch ingest feeds: %llu fetches, %llu ok, %llu not modified, %llu failures, %llu gave up, "
            "%llu new advisories, %llu already seen\n",
            (unsigned long long)st.fetches, (unsigned long long)st.ok, (unsigned long long)st.not_modified,
            (unsigned long long)st.failures, (unsigned long long)st.gave_up, (unsigned long long)st.announced,
            (unsigned long long)st.skipped_seen);
    if (r < 0) goto out;
    rc = r == 0 ? PW_EXIT_OK : PW_EXIT_RUNTIME;
    err.msg[0] = '\0';
out:
    if (rc != PW_EXIT_OK && err.msg[0]) fprintf(stderr, "patchwatch ingest feeds: %s\n", err.msg);
    pw_feeds_free(feeds);
    if (out && pw_out_close(out, &err) != 0 && rc == PW_EXIT_OK) {
        fprintf(stderr, "patchwatch ingest feeds: %s\n", err.msg);
        rc = PW_EXIT_RUNTIME;
    }
    pw_extractor_free(x);
    pw_rules_free(rules);
early:
    json_decref(src);
    json_decref(cmd);
    return rc;
}
