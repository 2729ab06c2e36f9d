/* patchwatch sink: deliver bus messages somewhere else. `sink jsonl` is built (sinks/jsonl.h); the syslog,
 * http and store sinks are not yet and say so. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "sinks/jsonl.h"

static const char usage[] =
    "Usage: patchwatch sink jsonl --in ENDPOINT [OPTIONS]\n"
    "Take messages (topic + JSON) off a bus endpoint and write each JSON object as one line.\n"
    "  -i, --in ENDPOINT        tcp://HOST:PORT, ipc://PATH (required)\n"
    "  -b, --bind               bind ENDPOINT (producers connect to us) instead of connecting to it;\n"
    "                           tcp://127.0.0.1:* picks a free port (printed with -v)\n"
    "  -s, --sub                subscribe to a PUB endpoint (alerts fan-out) instead of pulling work\n"
    "  -t, --topic PREFIX       only messages whose topic starts with PREFIX (event, advisory, alert)\n"
    "  -o, --out SPEC           - (stdout, default), FILE or file:FILE (appended), or a bus endpoint\n"
    "  -n, --count N            exit after writing N lines\n"
    "      --idle-timeout SEC   exit after SEC seconds without a message\n"
    "      --curve-secret FILE  CURVE: our secret key (server side with --bind; client identity otherwise)\n"
    "      --curve-server-key FILE  CURVE: the server's public key (when connecting)\n"
    "      --curve-clients FILE CURVE server: admit only the client public keys listed in FILE\n"
    "  -h, --help               show this help\n"
    "Messages that are not one JSON object are skipped with a warning. SIGINT/SIGTERM stop cleanly.\n"
    "Other sinks (syslog, http, store) are not implemented yet.\n"
    "Exit status: 0 ok, 1 endpoint or output failure, 2 usage error.\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static int parse_count(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-') return -1;
    *out = v;
    return 0;
}

static int sink_jsonl(int argc, char **argv)
{
    enum { OPT_IDLE = 256, OPT_SECRET, OPT_SERVER, OPT_CLIENTS };
    static const struct option opts[] = {
        {"in", required_argument, NULL, 'i'},     {"bind", no_argument, NULL, 'b'},
        {"sub", no_argument, NULL, 's'},          {"topic", required_argument, NULL, 't'},
        {"out", required_argument, NULL, 'o'},    {"count", required_argument, NULL, 'n'},
        {"idle-timeout", required_argument, NULL, OPT_IDLE},
        {"curve-secret", required_argument, NULL, OPT_SECRET},
        {"curve-server-key", required_argument, NULL, OPT_SERVER},
        {"curve-clients", required_argument, NULL, OPT_CLIENTS},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    pw_sink_jsonl_opts o = {.out = "-", .stop = &stop_flag};
    uint64_t idle = 0;
    int c;
    while ((c = getopt_long(argc, argv, "i:bst:o:n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': o.in = optarg; break;
        case 'b': o.bind = 1; break;
        case 's': o.sub = 1; break;
        case 't': o.topic = optarg; break;
        case 'o': o.out = optarg; break;
        case 'n':
            if (parse_count(optarg, &o.max_messages) || o.max_messages == 0)
                return pw_app_usage_error("sink", "--count needs a positive number, not '%s'", optarg);
            break;
        case OPT_IDLE:
            if (parse_count(optarg, &idle) || idle == 0 || idle > 86400)
                return pw_app_usage_error("sink", "--idle-timeout needs seconds (1..86400), not '%s'", optarg);
            o.idle_timeout_ms = (int)idle * 1000;
            break;
        case OPT_SECRET: o.curve_secret_file = optarg; break;
        case OPT_SERVER: o.curve_server_public_file = optarg; break;
        case OPT_CLIENTS: o.curve_clients_file = optarg; break;
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        default: return pw_app_usage_error("sink", "bad option");
        }
    }
    if (optind != argc) return pw_app_usage_error("sink", "unexpected argument '%s'", argv[optind]);
    if (!o.in) return pw_app_usage_error("sink", "jsonl needs --in ENDPOINT");
    if (strncmp(o.in, "inproc://", 9) == 0)
        return pw_app_usage_error("sink", "inproc:// endpoints exist only inside one process; use tcp:// or ipc://");
    if (o.curve_clients_file && !(o.bind && o.curve_secret_file))
        return pw_app_usage_error("sink", "--curve-clients needs --bind and --curve-secret");
    if (o.curve_server_public_file && o.bind)
        return pw_app_usage_error("sink", "--curve-server-key is for connecting; with --bind give --curve-secret");
    if (o.bind && o.curve_secret_file == NULL && o.curve_server_public_file == NULL &&
        strncmp(o.in, "tcp://", 6) == 0 && strncmp(o.in, "tcp://127.", 10) != 0 && strncmp(o.in, "tcp://[::1]", 11))
        pw_log_warn("sink jsonl: %s accepts plaintext from anyone who can reach it; see docs/deployment.md (CURVE)",
                    o.in);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed stdout is a write error we report, not a silent death */
    pw_sink_stats st;
    pw_error err = {0};
    int rc = pw_sink_jsonl_run(&o, &st, &err);
    pw_log_info("sink jsonl: %llu received, %llu written, %llu filtered by topic, %llu invalid, %llu malformed",
                (unsigned long long)st.received, (unsigned long long)st.written, (unsigned long long)st.filtered,
                (unsigned long long)st.invalid, (unsigned long long)st.malformed);
    if (rc) {
        fprintf(stderr, "patchwatch sink: %s\n", err.msg);
        return PW_EXIT_RUNTIME;
    }
    if (st.invalid || st.malformed)
        fprintf(stderr, "patchwatch sink: skipped %llu invalid and %llu malformed messages\n",
                (unsigned long long)st.invalid, (unsigned long long)st.malformed);
    return PW_EXIT_OK;
}

int pw_cmd_sink(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? PW_EXIT_USAGE : PW_EXIT_OK;
    }
    if (strcmp(argv[1], "jsonl") == 0) return sink_jsonl(argc - 1, argv + 1);
    if (strcmp(argv[1], "syslog") == 0 || strcmp(argv[1], "http") == 0 || strcmp(argv[1], "store") == 0) {
        fprintf(stderr, "patchwatch sink %s: not implemented yet\n", argv[1]);
        return PW_EXIT_USAGE;
    }
    return pw_app_usage_error("sink", "unknown sink '%s' (jsonl)", argv[1]);
}
