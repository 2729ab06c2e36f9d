/* patchwatch sink KIND: run one sink plugin (sinks/registry.h) on a bus endpoint through the engine
 * (core/pw_stage.h). The kind options are not a second list: they are generated from the plugin's config
 * table (key `ca_file` is `--ca-file`), the same table `config docs` shows for sinks[] in a config file, with
 * the same defaults; the engine's keys (queue_dir, retries, ...) likewise. A few old spellings are kept as
 * aliases: --out for jsonl's path, --mode for http's format, --header for one entry of headers. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_config_schema.h"
#include "core/pw_log.h"
#include "sinks/registry.h"
#include "sinks/sink_loop.h"
#include "timeline/store_sink.h"

#define FLAGS_MAX 96  /* generated options: every key of every plugin, with room */
#define VALUES_MAX 64 /* option values on one command line */

static const char usage_head[] =
    "Usage: patchwatch sink KIND --in ENDPOINT [INPUT OPTIONS] [ENGINE OPTIONS] [KIND OPTIONS]\n"
    "Take records (topic + JSON) off a bus endpoint and deliver them through the sink plugin KIND. Network sinks\n"
    "(syslog, http) write every record to a durable on-disk queue first and take it out only when the receiver\n"
    "accepted it: a receiver outage, a SIGKILL or a restart loses nothing (at-least-once; each record carries a\n"
    "stable id for deduplication). Retries, back-off and the dead-letter file are the engine's (docs/sinks.md).\n"
    "Input options:\n"
    "  -i, --in ENDPOINT        tcp://HOST:PORT, ipc://PATH (required)\n"
    "  -b, --bind               bind ENDPOINT (producers connect to us) instead of connecting to it;\n"
    "                           tcp://127.0.0.1:* picks a free port (printed with -v)\n"
    "  -s, --sub                subscribe to a PUB endpoint (alerts fan-out) instead of pulling work\n"
    "  -t, --topic PREFIX       only records whose topic starts with PREFIX (event, advisory, alert)\n"
    "  -n, --count N            exit after delivering N records\n"
    "      --idle-timeout SEC   exit after SEC seconds without a record (queued ones stay queued)\n"
    "      --curve-secret FILE  CURVE: our secret key (server side with --bind; client identity otherwise)\n"
    "      --curve-server-key FILE  CURVE: the server's public key (when connecting)\n"
    "      --curve-clients FILE CURVE server: admit only the client public keys listed in FILE\n"
    "  -v, --verbose            more diagnostics (the listening endpoint, refusals); twice for debug\n"
    "  -h, --help               show this help\n";

static const char usage_tail[] =
    "Aliases: jsonl -o/--out = --path; http --mode = --format; http --header 'Name: value' adds to headers.\n"
    "SIGINT/SIGTERM stop cleanly: queued records stay in the queue for the next start.\n"
    "Exit status: 0 ok, 1 endpoint, output or queue failure, 2 usage error.\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void print_keys(FILE *out, const pw_cfg_table *t)
{
    for (const pw_cfg_key *k = t->keys; k && k->name; k++) {
        char opt[64];
        snprintf(opt, sizeof opt, "--%s", k->name);
        for (char *p = opt + 2; *p; p++)
            if (*p == '_') *p = '-';
        fprintf(out, "      %-22s %s%s%s%s%s\n", opt, k->desc, k->def ? " (default " : "", k->def ? k->def : "",
                k->def ? ")" : "", k->flags & PW_CFG_REQUIRED ? " (required)" : "");
    }
}

static void print_usage(FILE *out)
{
    fputs(usage_head, out);
    fputs("Engine options (every sink; config keys of sinks[] with _ for -):\n", out);
    print_keys(out, &pw_sink_engine_table);
    for (size_t i = 0; pw_sink_registry_at(i); i++) {
        const pw_sink_plugin *p = pw_sink_registry_at(i);
        fprintf(out, "%s: %s%s\n", p->name, p->description, p->durable ? "" : " (local: no queue)");
        if (p->config) print_keys(out, p->config);
    }
    fputs(usage_tail, out);
}

static int parse_count(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-') return -1;
    *out = v;
    return 0;
}

static const pw_cfg_key *find_key(const pw_cfg_table *t, const char *name)
{
    for (const pw_cfg_key *k = t ? t->keys : NULL; k && k->name; k++)
        if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

/* One option value as the JSON its key's type wants. Returns 0, or a usage error. */
static int put_value(json_t *obj, const pw_cfg_key *k, const char *v)
{
    char *end;
    json_t *j = NULL;
    switch (k->type) {
    case PW_CFG_INT: {
        long long n = strtoll(v, &end, 10);
        if (!*v || *end) return pw_app_usage_error("sink", "--%s needs a whole number, not '%s'", k->name, v);
        j = json_integer(n);
        break;
    }
    case PW_CFG_NUMBER: {
        double d = strtod(v, &end);
        if (!*v || *end) return pw_app_usage_error("sink", "--%s needs a number, not '%s'", k->name, v);
        j = json_real(d);
        break;
    }
    case PW_CFG_BOOL:
        if (strcmp(v, "true") && strcmp(v, "false"))
            return pw_app_usage_error("sink", "--%s is true or false, not '%s'", k->name, v);
        j = json_boolean(strcmp(v, "true") == 0);
        break;
    case PW_CFG_DURATION: { /* a bare number is seconds, as the options always took */
        char buf[64];
        size_t n = strspn(v, "0123456789");
        if (n && !v[n] && n < 20) {
            snprintf(buf, sizeof buf, "%ss", v);
            j = json_string(buf);
        } else {
            j = json_string(v);
        }
        break;
    }
    case PW_CFG_MAP: { /* --header 'Name: value' */
        const char *colon = strchr(v, ':');
        if (!colon || colon == v) return pw_app_usage_error("sink", "--%s wants 'Name: value', not '%s'", k->name, v);
        json_t *m = json_object_get(obj, k->name);
        if (!m) json_object_set_new(obj, k->name, m = json_object());
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(colon - v), v);
        const char *val = colon + 1;
        while (*val == ' ') val++;
        json_object_set_new(m, name, json_string(val));
        return 0;
    }
    default:
        j = json_string(v);
    }
    json_object_set_new(obj, k->name, j);
    return 0;
}

int pw_cmd_sink(int argc, char **argv)
{
    enum { OPT_IDLE = 256, OPT_SECRET, OPT_SERVER, OPT_CLIENTS, OPT_KEY = 1000 };
    static const struct option fixed[] = {
        {"in", required_argument, NULL, 'i'},     {"bind", no_argument, NULL, 'b'},
        {"verbose", no_argument, NULL, 'v'},      {"sub", no_argument, NULL, 's'},
        {"topic", required_argument, NULL, 't'},  {"count", required_argument, NULL, 'n'},
        {"idle-timeout", required_argument, NULL, OPT_IDLE},
        {"curve-secret", required_argument, NULL, OPT_SECRET},
        {"curve-server-key", required_argument, NULL, OPT_SERVER},
        {"curve-clients", required_argument, NULL, OPT_CLIENTS},
        {"help", no_argument, NULL, 'h'},
    };
    static char optnames[FLAGS_MAX][48];
    static const char *optkeys[FLAGS_MAX];
    struct option opts[FLAGS_MAX + 16];
    size_t nopt = 0, nflag = 0;
    pw_sink_registry_add(&pw_sink_plugin_store); /* a row from the timeline library */
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) opts[nopt++] = fixed[i];
    /* every key of the engine and of every plugin becomes --key-name (the kind is checked after parsing) */
    static const char *const aliases[][2] = {{"out", "path"}, {"mode", "format"}, {"header", "headers"}};
    for (size_t a = 0; a < 3; a++) {
        snprintf(optnames[nflag], sizeof optnames[0], "%s", aliases[a][0]);
        optkeys[nflag] = aliases[a][1];
        opts[nopt++] = (struct option){optnames[nflag], required_argument, NULL, OPT_KEY + (int)nflag};
        nflag++;
    }
    for (size_t t = 0;; t++) {
        const pw_cfg_table *tab = t == 0 ? &pw_sink_engine_table
                                : pw_sink_registry_at(t - 1) ? pw_sink_registry_at(t - 1)->config : NULL;
        if (t > 0 && !pw_sink_registry_at(t - 1)) break;
        for (const pw_cfg_key *k = tab ? tab->keys : NULL; k && k->name && nflag < FLAGS_MAX; k++) {
            char name[48];
            snprintf(name, sizeof name, "%s", k->name);
            for (char *p = name; *p; p++)
                if (*p == '_') *p = '-';
            int dup = 0;
            for (size_t f = 0; f < nflag; f++) dup |= strcmp(optnames[f], name) == 0;
            if (dup) continue;
            snprintf(optnames[nflag], sizeof optnames[0], "%s", name);
            optkeys[nflag] = k->name;
            opts[nopt++] = (struct option){optnames[nflag], required_argument, NULL, OPT_KEY + (int)nflag};
            nflag++;
        }
    }
    opts[nopt] = (struct option){NULL, 0, NULL, 0};
    if (argc < 2) {
        print_usage(stderr);
        return PW_EXIT_USAGE;
    }
    pw_sink_input in = {.stop = &stop_flag};
    const char *vkey[VALUES_MAX], *vval[VALUES_MAX];
    size_t nval = 0;
    uint64_t idle = 0;
    int c;
    /* options may come before or after KIND (getopt permutes); KIND is the one operand */
    optind = 0;
    while ((c = getopt_long(argc, argv, "i:bst:o:n:hv", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in.in = optarg; break;
        case 'b': in.bind = 1; break;
        case 'v': pw_log_set_level(pw_log_get_level() >= PW_LOG_INFO ? PW_LOG_DEBUG : PW_LOG_INFO); break;
        case 's': in.sub = 1; break;
        case 't': in.topic = optarg; break;
        case 'o':
            if (nval == VALUES_MAX) return pw_app_usage_error("sink", "too many options");
            vkey[nval] = "path", vval[nval++] = optarg;
            break;
        case 'n':
            if (parse_count(optarg, &in.max_messages) || in.max_messages == 0)
                return pw_app_usage_error("sink", "--count needs a positive number, not '%s'", optarg);
            break;
        case OPT_IDLE:
            if (parse_count(optarg, &idle) || idle == 0 || idle > 86400)
                return pw_app_usage_error("sink", "--idle-timeout needs seconds (1..86400), not '%s'", optarg);
            in.idle_timeout_ms = (int)idle * 1000;
            break;
        case OPT_SECRET: in.curve_secret_file = optarg; break;
        case OPT_SERVER: in.curve_server_public_file = optarg; break;
        case OPT_CLIENTS: in.curve_clients_file = optarg; break;
        case 'h': print_usage(stdout); return PW_EXIT_OK;
        default:
            if (c >= OPT_KEY && c < OPT_KEY + (int)nflag) {
                if (nval == VALUES_MAX) return pw_app_usage_error("sink", "too many options");
                vkey[nval] = optkeys[c - OPT_KEY], vval[nval++] = optarg;
                break;
            }
            return pw_app_usage_error("sink", "bad option");
        }
    }
    const char *kind = optind < argc ? argv[optind++] : NULL;
    if (optind != argc) return pw_app_usage_error("sink", "unexpected argument '%s'", argv[optind]);
    if (!kind) return pw_app_usage_error("sink", "which sink? (jsonl, syslog, http, store)");
    const pw_sink_plugin *p = pw_sink_registry_find(kind);
    if (!p) return pw_app_usage_error("sink", "unknown sink '%s' (jsonl, syslog, http, store)", kind);
    /* the options as config objects: the plugin's keys and the engine's */
    json_t *pcfg = json_object(), *ecfg = json_object();
    int rc = PW_EXIT_USAGE;
    void *pctx = NULL;
    for (size_t i = 0; i < nval; i++) {
        const pw_cfg_key *k = find_key(p->config, vkey[i]);
        json_t *dst = pcfg;
        if (!k && (k = find_key(&pw_sink_engine_table, vkey[i]))) dst = ecfg;
        if (!k) {
            char opt[48];
            snprintf(opt, sizeof opt, "%s", vkey[i]);
            for (char *q = opt; *q; q++)
                if (*q == '_') *q = '-';
            pw_app_usage_error("sink", "--%s is not an option of sink %s", opt, kind);
            goto out;
        }
        if (put_value(dst, k, vval[i])) goto out;
    }
    pw_cfg_report rep = {.out = stderr};
    pw_cfg_ctx cctx = {.file = "command line", .apply_defaults = true, .report = &rep};
    if ((p->config && pw_cfg_validate(p->config, pcfg, "", &cctx)) ||
        pw_cfg_validate(&pw_sink_engine_table, ecfg, "", &cctx)) {
        pw_app_usage_error("sink", "bad options for sink %s (see above)", kind);
        goto out;
    }
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
    return rc;
}
