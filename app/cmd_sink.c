/* patchwatch sink: deliver bus messages somewhere else. jsonl (sinks/jsonl.h) and syslog (sinks/syslog.h) are
 * built; http and store are not yet and say so. The input options are the same for every sink. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "sinks/http.h"
#include "sinks/jsonl.h"
#include "sinks/syslog.h"

static const char usage[] =
    "Usage: patchwatch sink jsonl  --in ENDPOINT [INPUT OPTIONS] [--out SPEC]\n"
    "       patchwatch sink syslog --in ENDPOINT [INPUT OPTIONS] --to udp|tcp|tls://HOST:PORT [--ca-file F]\n"
    "                              [--format rfc5424|cef] [--facility NAME] [--app-name NAME] [--hostname NAME]\n"
    "                              [--sd-id NAME@PEN]\n"
    "       patchwatch sink http   --in ENDPOINT [INPUT OPTIONS] --url URL [--mode webhook|es-bulk]\n"
    "                              [--header 'Name: value']... [--ca-file FILE] [--batch N] [--timeout SEC]\n"
    "Take messages (topic + JSON) off a bus endpoint and deliver each: jsonl writes one JSON object per line;\n"
    "syslog forwards RFC 5424 messages (JSON as MSG, or CEF) over UDP or TCP (RFC 6587 octet counting).\n"
    "Input options:\n"
    "  -i, --in ENDPOINT        tcp://HOST:PORT, ipc://PATH (required)\n"
    "  -b, --bind               bind ENDPOINT (producers connect to us) instead of connecting to it;\n"
    "                           tcp://127.0.0.1:* picks a free port (printed with -v)\n"
    "  -s, --sub                subscribe to a PUB endpoint (alerts fan-out) instead of pulling work\n"
    "  -t, --topic PREFIX       only messages whose topic starts with PREFIX (event, advisory, alert)\n"
    "  -n, --count N            exit after delivering N messages\n"
    "      --idle-timeout SEC   exit after SEC seconds without a message\n"
    "      --curve-secret FILE  CURVE: our secret key (server side with --bind; client identity otherwise)\n"
    "      --curve-server-key FILE  CURVE: the server's public key (when connecting)\n"
    "      --curve-clients FILE CURVE server: admit only the client public keys listed in FILE\n"
    "jsonl:\n"
    "  -o, --out SPEC           - (stdout, default), FILE or file:FILE (appended), or a bus endpoint\n"
    "syslog:\n"
    "      --to TARGET          udp://, tcp:// or tls://HOST:PORT (required; tls is RFC 5425, the receiver's\n"
    "                           certificate verified against --ca-file or the system store, and its name)\n"
    "      --cert FILE, --key FILE  tls: this sink's client certificate and key (PEM), when the receiver asks\n"
    "      --format F           rfc5424 (default: the JSON object as MSG) or cef\n"
    "      --facility F         local0 (default) .. local7, daemon, user, ... or 0..23\n"
    "      --app-name NAME      APP-NAME field (default patchwatch)\n"
    "      --hostname NAME      HOSTNAME for alerts and advisories (default: this machine; events keep theirs)\n"
    "      --sd-id NAME@PEN     SD-ID of the RFC 5424 structured data (default patchwatch@32473, the\n"
    "                           documentation number: use your organisation's Private Enterprise Number)\n"
    "http:\n"
    "      --url URL            http(s):// webhook, or the _bulk URL of Elasticsearch/OpenSearch (required)\n"
    "      --mode M             webhook (default: one POST per message), es-bulk (batched index actions),\n"
    "                           or hec (Splunk HTTP Event Collector; --header 'Authorization: Splunk TOKEN')\n"
    "      --header 'N: V'      extra request header, e.g. 'Authorization: ApiKey ...' (repeatable, 16 max)\n"
    "      --ca-file FILE       http, syslog tls: trust these CA certificates (TLS is always verified)\n"
    "      --batch N            es-bulk documents per request (default 500, max 10000)\n"
    "      --timeout SEC        per request (default 30)\n"
    "  -v, --verbose            more diagnostics (the listening endpoint, refusals); twice for debug\n"
    "  -h, --help               show this help\n"
    "Messages a sink cannot use are skipped with a warning. Over tcp the syslog sink reconnects and resends\n"
    "rather than drop, and http retries 5xx/429/timeouts. SIGINT/SIGTERM stop cleanly. The store sink is not\n"
    "implemented yet.\n"
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

int pw_cmd_sink(int argc, char **argv)
{
    enum { OPT_IDLE = 256, OPT_SECRET, OPT_SERVER, OPT_CLIENTS, OPT_TO, OPT_FORMAT, OPT_FACILITY, OPT_APP, OPT_HOST,
           OPT_SDID, OPT_CERT, OPT_KEY, OPT_URL, OPT_MODE, OPT_HEADER, OPT_CA, OPT_BATCH, OPT_TIMEOUT };
    static const struct option opts[] = {
        {"in", required_argument, NULL, 'i'},     {"bind", no_argument, NULL, 'b'},
        {"verbose", no_argument, NULL, 'v'},
        {"sub", no_argument, NULL, 's'},          {"topic", required_argument, NULL, 't'},
        {"out", required_argument, NULL, 'o'},    {"count", required_argument, NULL, 'n'},
        {"idle-timeout", required_argument, NULL, OPT_IDLE},
        {"curve-secret", required_argument, NULL, OPT_SECRET},
        {"curve-server-key", required_argument, NULL, OPT_SERVER},
        {"curve-clients", required_argument, NULL, OPT_CLIENTS},
        {"to", required_argument, NULL, OPT_TO},  {"format", required_argument, NULL, OPT_FORMAT},
        {"facility", required_argument, NULL, OPT_FACILITY},
        {"app-name", required_argument, NULL, OPT_APP},
        {"hostname", required_argument, NULL, OPT_HOST}, {"sd-id", required_argument, NULL, OPT_SDID},
        {"url", required_argument, NULL, OPT_URL}, {"mode", required_argument, NULL, OPT_MODE},
        {"header", required_argument, NULL, OPT_HEADER}, {"ca-file", required_argument, NULL, OPT_CA},
        {"cert", required_argument, NULL, OPT_CERT}, {"key", required_argument, NULL, OPT_KEY},
        {"batch", required_argument, NULL, OPT_BATCH}, {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    if (argc < 2) {
        fputs(usage, stderr);
        return PW_EXIT_USAGE;
    }
    const char *kind = argv[1][0] == '-' ? NULL : argv[1];
    pw_sink_input in = {.stop = &stop_flag};
    pw_sink_jsonl_opts jo = {.out = NULL};
    pw_sink_syslog_opts so = {.facility = -1};
    pw_sink_http_opts ho = {.mode = PW_HTTP_WEBHOOK};
    uint64_t idle = 0, num = 0;
    int http_opts = 0, format_set = 0;
    int c;
    /* options may come before or after KIND (getopt permutes); KIND is the one operand */
    while ((c = getopt_long(argc, argv, "i:bst:o:n:hv", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in.in = optarg; break;
        case 'b': in.bind = 1; break;
        case 'v': pw_log_set_level(pw_log_get_level() >= PW_LOG_INFO ? PW_LOG_DEBUG : PW_LOG_INFO); break;
        case 's': in.sub = 1; break;
        case 't': in.topic = optarg; break;
        case 'o': jo.out = optarg; break;
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
        case OPT_TO: so.to = optarg; break;
        case OPT_FORMAT:
            if (pw_syslog_fmt_parse(optarg, &so.format))
                return pw_app_usage_error("sink", "--format is rfc5424 or cef, not '%s'", optarg);
            format_set = 1;
            break;
        case OPT_FACILITY:
            if (pw_syslog_facility_parse(optarg, &so.facility))
                return pw_app_usage_error("sink", "unknown --facility '%s'", optarg);
            break;
        case OPT_APP: so.app_name = optarg; break;
        case OPT_HOST: so.hostname = optarg; break;
        case OPT_SDID:
            if (!pw_syslog_sd_id_valid(optarg))
                return pw_app_usage_error("sink", "--sd-id %s: an SD-ID is 1-32 printable characters without "
                                          "'=', ' ', ']' or '\"' (NAME@ENTERPRISE-NUMBER)", optarg);
            so.sd_id = optarg;
            break;
        case OPT_URL: ho.url = optarg; break;
        case OPT_MODE:
            if (pw_http_mode_parse(optarg, &ho.mode))
                return pw_app_usage_error("sink", "--mode is webhook, es-bulk or hec, not '%s'", optarg);
            http_opts = 1;
            break;
        case OPT_HEADER:
            if (ho.nheaders == PW_HTTP_HEADERS_MAX)
                return pw_app_usage_error("sink", "at most %d --header options", PW_HTTP_HEADERS_MAX);
            ho.headers[ho.nheaders++] = optarg;
            break;
        case OPT_CA: ho.ca_file = so.ca_file = optarg; break;
        case OPT_CERT: so.cert_file = optarg; break;
        case OPT_KEY: so.key_file = optarg; break;
        case OPT_BATCH:
            if (parse_count(optarg, &num) || num == 0 || num > PW_HTTP_BATCH_MAX)
                return pw_app_usage_error("sink", "--batch needs 1..%d, not '%s'", PW_HTTP_BATCH_MAX, optarg);
            ho.batch = (int)num;
            break;
        case OPT_TIMEOUT:
            if (parse_count(optarg, &num) || num == 0 || num > 3600)
                return pw_app_usage_error("sink", "--timeout needs seconds (1..3600), not '%s'", optarg);
            ho.timeout_ms = (int)num * 1000;
            break;
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        default: return pw_app_usage_error("sink", "bad option");
        }
    }
    if (optind < argc) kind = argv[optind++];
    if (optind != argc) return pw_app_usage_error("sink", "unexpected argument '%s'", argv[optind]);
    if (!kind) return pw_app_usage_error("sink", "which sink? (jsonl, syslog)");
    if (strcmp(kind, "store") == 0) {
        fprintf(stderr, "patchwatch sink %s: not implemented yet as a standalone process; the store is a `kind: "
                        "sqlite` sink of `patchwatch run`, or `patchwatch replay --store FILE` offline\n", kind);
        return PW_EXIT_USAGE;
    }
    int is_jsonl = strcmp(kind, "jsonl") == 0, is_syslog = strcmp(kind, "syslog") == 0,
        is_http = strcmp(kind, "http") == 0;
    if (!is_jsonl && !is_syslog && !is_http)
        return pw_app_usage_error("sink", "unknown sink '%s' (jsonl, syslog, http)", kind);
    http_opts |= ho.url || ho.nheaders || ho.batch || ho.timeout_ms;
    if (!is_http && http_opts)
        return pw_app_usage_error("sink", "--url, --mode, --header, --batch, --timeout are http options");
    if (is_http && !ho.url) return pw_app_usage_error("sink", "http needs --url");
    if (is_http && ho.batch && ho.mode != PW_HTTP_ES_BULK)
        return pw_app_usage_error("sink", "--batch applies to --mode es-bulk");
    if (!in.in) return pw_app_usage_error("sink", "%s needs --in ENDPOINT", kind);
    if (strncmp(in.in, "inproc://", 9) == 0)
        return pw_app_usage_error("sink", "inproc:// endpoints exist only inside one process; use tcp:// or ipc://");
    if (in.curve_clients_file && !(in.bind && in.curve_secret_file))
        return pw_app_usage_error("sink", "--curve-clients needs --bind and --curve-secret");
    if (in.curve_server_public_file && in.bind)
        return pw_app_usage_error("sink", "--curve-server-key is for connecting; with --bind give --curve-secret");
    if (!is_syslog && (so.to || so.app_name || so.hostname || so.sd_id || so.facility >= 0 || format_set ||
                       so.cert_file || so.key_file))
        return pw_app_usage_error("sink", "--to, --format, --facility, --app-name, --hostname, --sd-id, --cert, "
                                          "--key are syslog options");
    if (!is_http && !is_syslog && ho.ca_file) return pw_app_usage_error("sink", "--ca-file is an http or syslog option");
    if (!is_jsonl && jo.out) return pw_app_usage_error("sink", "--out is a jsonl option");
    if (is_syslog && !so.to) return pw_app_usage_error("sink", "syslog needs --to udp://, tcp:// or tls://HOST:PORT");
    if (in.bind && !in.curve_secret_file && strncmp(in.in, "tcp://", 6) == 0 && strncmp(in.in, "tcp://127.", 10) &&
        strncmp(in.in, "tcp://[::1]", 11))
        pw_log_warn("sink: %s accepts plaintext from anyone who can reach it; see docs/deployment.md (CURVE)", in.in);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed stdout or socket is a write error we report, not a silent death */
    pw_sink_stats st;
    pw_error err = {0};
    int rc;
    if (is_jsonl) {
        jo.input = in;
        if (!jo.out) jo.out = "-";
        rc = pw_sink_jsonl_run(&jo, &st, &err);
    } else if (is_syslog) {
        so.input = in;
        rc = pw_sink_syslog_run(&so, &st, &err);
    } else {
        ho.input = in;
        rc = pw_sink_http_run(&ho, &st, &err);
    }
    pw_log_info("sink %s: %llu received, %llu delivered, %llu filtered by topic, %llu invalid, %llu malformed", kind,
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
