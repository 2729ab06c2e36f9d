/* patchwatch sink KIND: run one sink plugin (sinks/registry.h) on a bus endpoint through the engine
 * (core/pw_stage.h). The kind options are not a second list: they are generated from the plugin's config
 * table (key `ca_file` is `--ca-file`; app/table_opts.h), the same table `config docs` shows for sinks[] in a
 * config file, with the same defaults; the engine's keys (queue_dir, retries, ...) and the input's (in, bind,
 * ...) likewise. A few old spellings are kept as aliases: -o/--out for jsonl's path, --mode for http's format,
 * --header for one entry of headers; --help lists each with the key it sets. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/table_opts.h"
#include "core/pw_config.h"
#include "core/pw_config_schema.h"
#include "core/pw_log.h"
#include "sinks/registry.h"
#include "sinks/sink_loop.h"
#include "timeline/store_sink.h"

/* The input side of the command (a configuration's sinks take these from `run`'s wiring). */
static const pw_cfg_key input_keys[] = {
    {.name = "in", .type = PW_CFG_STRING, .desc = "tcp://HOST:PORT, ipc://PATH (required)"},
    {.name = "bind", .type = PW_CFG_BOOL, .def = "false",
     .desc = "bind the endpoint (producers connect to us) instead of connecting to it; tcp://127.0.0.1:* picks a "
             "free port (printed with -v)"},
    {.name = "sub", .type = PW_CFG_BOOL, .def = "false",
     .desc = "subscribe to a PUB endpoint (alerts fan-out) instead of pulling work"},
    {.name = "topic", .type = PW_CFG_STRING, .desc = "only records whose topic starts with this (event, advisory, alert)"},
    {.name = "count", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 1e15,
     .desc = "exit after delivering this many records"},
    {.name = "idle_timeout", .type = PW_CFG_DURATION,
     .desc = "exit after this long without a record (a bare number is seconds; up to 1d; queued records stay queued)"},
    {.name = "curve_secret", .type = PW_CFG_PATH,
     .desc = "CURVE: our secret key (server side with --bind; client identity otherwise)"},
    {.name = "curve_server_key", .type = PW_CFG_PATH, .desc = "CURVE: the server's public key (when connecting)"},
    {.name = "curve_clients", .type = PW_CFG_PATH,
     .desc = "CURVE server: admit only the client public keys listed in this file"},
    {.name = NULL},
};
static const pw_cfg_table input_table = {.desc = "sink input", .keys = input_keys};

/* short letters, and the spellings kept from before the options came from the tables */
static const pw_topt_alias aliases[] = {
    {.name = "in", .short_opt = 'i', .key = "in"},
    {.name = "bind", .short_opt = 'b', .key = "bind"},
    {.name = "sub", .short_opt = 's', .key = "sub"},
    {.name = "topic", .short_opt = 't', .key = "topic"},
    {.name = "count", .short_opt = 'n', .key = "count"},
    {.name = "out", .short_opt = 'o', .key = "path"},
    {.name = "mode", .key = "format"},
    {.name = "header", .key = "headers"},
    {0},
};

static const char usage_head[] =
    "Usage: patchwatch sink KIND --in ENDPOINT [INPUT OPTIONS] [ENGINE OPTIONS] [KIND OPTIONS]\n"
    "Take records (topic + JSON) off a bus endpoint and deliver them through the sink plugin KIND. Network sinks\n"
    "(syslog, http) write every record to a durable on-disk queue first and take it out only when the receiver\n"
    "accepted it: a receiver outage, a SIGKILL or a restart loses nothing (at-least-once; each record carries a\n"
    "stable id for deduplication). Retries, back-off and the dead-letter file are the engine's (docs/sinks.md).\n"
    "Every option below is a config key (some_key is --some-key; `patchwatch config docs`), with its default.\n"
    "A bare number for a duration is seconds. `patchwatch sink KIND --help` shows only that kind's options.\n";

static const char usage_tail[] =
    "SIGINT/SIGTERM stop cleanly: queued records stay in the queue for the next start.\n"
    "Exit status: 0 ok, 1 endpoint, output or queue failure, 2 usage error.\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void print_usage(const pw_topts *t, FILE *out, const pw_sink_plugin *only)
{
    fputs(usage_head, out);
    pw_topts_help(t, out, "Input options:", &input_table, NULL);
    pw_topts_help_builtin(out);
    pw_topts_help(t, out, "Engine options (every sink; keys of sinks[] in a configuration):", &pw_sink_engine_table,
                  NULL);
    for (size_t i = 0; pw_sink_registry_at(i); i++) {
        const pw_sink_plugin *p = pw_sink_registry_at(i);
        if (only && p != only) continue;
        char head[256];
        snprintf(head, sizeof head, "%s: %s%s (kind %s)", p->name, p->description, p->durable ? "" : " (local: no queue)",
                 p->name);
        pw_topts_help(t, out, head, p->config, NULL);
    }
    fputs(usage_tail, out);
}

int pw_cmd_sink(int argc, char **argv)
{
    static pw_topts t; /* large (getopt tables): not on the stack */
    t = (pw_topts){.cmd = "sink", .tables = {&input_table, &pw_sink_engine_table}, .aliases = aliases,
                   .bare_unit = "s"};
    pw_sink_registry_add(&pw_sink_plugin_store); /* a row from the timeline library */
    /* every key of the input, the engine and every plugin becomes --key-name (the kind is checked after parsing) */
    for (size_t i = 0, n = 2; pw_sink_registry_at(i) && n < PW_TOPTS_TABLES - 1; i++)
        if (pw_sink_registry_at(i)->config) t.tables[n++] = pw_sink_registry_at(i)->config;
    if (argc < 2) {
        print_usage(&t, stderr, NULL);
        return PW_EXIT_USAGE;
    }
    pw_sink_input in = {.stop = &stop_flag};
    /* options may come before or after KIND (getopt permutes); KIND is the one operand */
    if (pw_topts_parse(&t, argc, argv)) return PW_EXIT_USAGE;
    if (t.help) {
        const pw_sink_plugin *only = optind < argc ? pw_sink_registry_find(argv[optind]) : NULL;
        print_usage(&t, stdout, only);
        return PW_EXIT_OK;
    }
    const char *kind = optind < argc ? argv[optind++] : NULL;
    if (optind != argc) return pw_app_usage_error("sink", "unexpected argument '%s'", argv[optind]);
    if (!kind) return pw_app_usage_error("sink", "which sink? (jsonl, syslog, http, store)");
    const pw_sink_plugin *p = pw_sink_registry_find(kind);
    if (!p) return pw_app_usage_error("sink", "unknown sink '%s' (jsonl, syslog, http, store)", kind);
    /* the options as config objects: the plugin's keys, the engine's and the input's */
    json_t *pcfg = json_object(), *ecfg = json_object(), *icfg = json_object();
    int rc = PW_EXIT_USAGE;
    void *pctx = NULL;
    char what[64];
    snprintf(what, sizeof what, "sink %s", kind);
    const pw_cfg_table *tabs[] = {p->config, &pw_sink_engine_table, &input_table};
    json_t *objs[] = {pcfg, ecfg, icfg};
    /* each step says what was wrong */
    if (pw_topts_collect(&t, tabs, objs, 3, what) || (p->config && pw_topts_validate(&t, p->config, pcfg)) ||
        pw_topts_validate(&t, &pw_sink_engine_table, ecfg) || pw_topts_validate(&t, &input_table, icfg))
        goto out;
    in.in = pw_config_get_str(icfg, "in", NULL);
    in.bind = pw_config_get_bool(icfg, "bind", false);
    in.sub = pw_config_get_bool(icfg, "sub", false);
    in.topic = pw_config_get_str(icfg, "topic", NULL);
    in.max_messages = (uint64_t)pw_config_get_int(icfg, "count", 0);
    in.curve_secret_file = pw_config_get_str(icfg, "curve_secret", NULL);
    in.curve_server_public_file = pw_config_get_str(icfg, "curve_server_key", NULL);
    in.curve_clients_file = pw_config_get_str(icfg, "curve_clients", NULL);
    long long idle_ms = pw_config_get_duration_ms(icfg, "idle_timeout", 0);
    if (idle_ms < 0 || idle_ms > 86400000LL || (json_object_get(icfg, "idle_timeout") && idle_ms < 1)) {
        pw_app_usage_error("sink", "--idle-timeout is 1ms..1d");
        goto out;
    }
    in.idle_timeout_ms = (int)idle_ms;
    if (!in.in) {
        pw_app_usage_error("sink", "%s needs --in ENDPOINT", kind);
        goto out;
    }
    if (strncmp(in.in, "inproc://", 9) == 0) {
        pw_app_usage_error("sink", "inproc:// endpoints exist only inside one process; use tcp:// or ipc://");
        goto out;
    }
    if (in.curve_clients_file && !(in.bind && in.curve_secret_file)) {
        pw_app_usage_error("sink", "--curve-clients needs --bind and --curve-secret");
        goto out;
    }
    if (in.curve_server_public_file && in.bind) {
        pw_app_usage_error("sink", "--curve-server-key is for connecting; with --bind give --curve-secret");
        goto out;
    }
    if (strcmp(kind, "syslog") == 0 && !json_object_get(pcfg, "to") && !json_object_get(pcfg, "address")) {
        pw_app_usage_error("sink", "syslog needs --to udp://HOST:PORT or tcp://HOST:PORT");
        goto out;
    }
    if (in.bind && !in.curve_secret_file && strncmp(in.in, "tcp://", 6) == 0 && strncmp(in.in, "tcp://127.", 10) &&
        strncmp(in.in, "tcp://[::1]", 11))
        pw_log_warn("sink: %s accepts plaintext from anyone who can reach it; see docs/deployment.md (CURVE)", in.in);
    pw_sink_input_from_cfg(ecfg, &in);
    json_t *b = json_object_get(pcfg, "batch");
    if (json_is_integer(b)) in.batch = (size_t)json_integer_value(b);
    const char *fmt = json_string_value(json_object_get(pcfg, "format"));
    if (strcmp(kind, "http") == 0 && (!fmt || strcmp(fmt, "webhook") == 0)) in.batch = 1; /* one POST each */
    char name[64];
    if (!in.name) {
        const char *target = json_string_value(json_object_get(pcfg, "url"));
        if (!target) target = json_string_value(json_object_get(pcfg, "to"));
        if (!target) target = json_string_value(json_object_get(pcfg, "address"));
        if (!target) target = json_string_value(json_object_get(pcfg, "path"));
        pw_sink_default_name(kind, target, name, sizeof name);
        in.name = name;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed stdout or socket is a write error we report, not a silent death */
    pw_sink_stats st = {0};
    pw_error err = {0};
    rc = PW_EXIT_RUNTIME;
    if (p->init(&pctx, pcfg, &err)) {
        fprintf(stderr, "patchwatch sink %s: %s\n", kind, err.msg);
        pctx = NULL;
        goto out;
    }
    int r = pw_sink_run_plugin(&in, p, pctx, &st, &err);
    pw_log_info("sink %s: %llu received, %llu delivered, %llu filtered by topic, %llu invalid, %llu malformed, "
                "%llu retries, %llu dead letters, %llu dropped at the queue cap, %llu still queued",
                in.name, (unsigned long long)st.received, (unsigned long long)st.written,
                (unsigned long long)st.filtered, (unsigned long long)st.invalid, (unsigned long long)st.malformed,
                (unsigned long long)st.retries, (unsigned long long)st.dead_letters, (unsigned long long)st.dropped,
                (unsigned long long)st.queued);
    if (r) {
        fprintf(stderr, "patchwatch sink: sink %s: %s\n", kind, err.msg);
        goto out;
    }
    if (st.invalid || st.malformed)
        fprintf(stderr, "patchwatch sink: skipped %llu invalid and %llu malformed messages\n",
                (unsigned long long)st.invalid, (unsigned long long)st.malformed);
    rc = PW_EXIT_OK;
out:
    if (pctx) p->exit(pctx);
    json_decref(pcfg);
    json_decref(ecfg);
    json_decref(icfg);
    return rc;
}
