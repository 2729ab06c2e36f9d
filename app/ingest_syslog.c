/* patchwatch ingest syslog: listen on UDP/TCP, parse, write events through pw_out. Wiring only: the
 * receiver is ingest/syslog. Prints the bound listeners on stderr at start ("listening on udp
 * 127.0.0.1:40123", useful with port 0) and a summary with the loss counters at exit. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "core/pw_time.h"
#include "ingest/syslog.h"

#define LOSS_REPORT_US INT64_C(10000000) /* at most one loss warning per 10 s */

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest syslog [--udp ADDR:PORT]... [--tcp ADDR:PORT]... [OPTIONS]\n"
                "Receive syslog (RFC 5424 and RFC 3164) and write one JSON event per message.\n\n"
                "  -u, --udp ADDR:PORT     listen for datagrams (127.0.0.1:514, [::1]:514, :514; port 0 picks one)\n"
                "  -t, --tcp ADDR:PORT     listen for TCP (octet-counted or LF-framed, RFC 6587)\n"
                "  -T, --tls ADDR:PORT     listen for syslog over TLS (RFC 5425; 6514 is its port)\n"
                "      --tls-cert FILE     TLS: the server's certificate (chain), PEM\n"
                "      --tls-key FILE      TLS: its private key, PEM\n"
                "      --tls-ca FILE       TLS: CA certificates that client certificates must chain to\n"
                "      --tls-verify-client none|optional|require\n"
                "                          TLS: ask for no client certificate (default), check one when\n"
                "                          given, or refuse clients without one\n"
                "  -m, --max-message N     cut longer messages at N bytes (default %zu, counted as oversize)\n"
                "  -c, --max-conns N       TCP connections open at once (default %d)\n"
                "  -o, --out SPEC          '-' (stdout, default), a file, or a bus endpoint (tcp://, ipc://)\n"
                "      --keep-original     event.original on every message (default: only on those that do not\n"
                "                          parse cleanly; the config key is keep_original)\n"
                "  -h, --help              show this help\n"
                "Stops on SIGINT/SIGTERM and prints counters (messages, parse errors, oversize, UDP dropped).\n",
            PW_SYSLOG_DEFAULT_MAX_MESSAGE, PW_SYSLOG_DEFAULT_MAX_CONNS);
}

static int emit(const pw_event *ev, void *ud, pw_error *err) { return pw_out_event(ud, ev, err); }

static int parse_size(const char *s, size_t max, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || end == s || v == 0 || v > max) return -1;
    *out = (size_t)v;
    return 0;
}

int pw_ingest_syslog_main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"udp", required_argument, NULL, 'u'},       {"tcp", required_argument, NULL, 't'},
        {"max-message", required_argument, NULL, 'm'}, {"max-conns", required_argument, NULL, 'c'},
        {"out", required_argument, NULL, 'o'},       {"help", no_argument, NULL, 'h'},
        {"tls", required_argument, NULL, 'T'},       {"tls-cert", required_argument, NULL, 1},
        {"tls-key", required_argument, NULL, 2},     {"tls-ca", required_argument, NULL, 3},
        {"tls-verify-client", required_argument, NULL, 4},
        {"keep-original", no_argument, NULL, 'K'},   {NULL, 0, NULL, 0},
    };
    pw_syslog_config cfg = {0};
    const char *out_spec = "-";
    int c;
    optind = 0; /* 0, not 1: glibc then also resets its permutation state left by the main parser */
    while ((c = getopt_long(argc, argv, "u:t:T:m:c:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'T':
            if (cfg.ntls >= PW_SYSLOG_MAX_LISTENERS)
                return pw_app_usage_error("ingest syslog", "at most %d --tls addresses", PW_SYSLOG_MAX_LISTENERS);
            cfg.tls[cfg.ntls++] = optarg;
            break;
        case 1: cfg.tls_cert = optarg; break;
        case 2: cfg.tls_key = optarg; break;
        case 3: cfg.tls_ca = optarg; break;
        case 4:
            if (strcmp(optarg, "none") == 0) cfg.tls_verify_client = PW_SYSLOG_TLS_VERIFY_NONE;
            else if (strcmp(optarg, "optional") == 0) cfg.tls_verify_client = PW_SYSLOG_TLS_VERIFY_OPTIONAL;
            else if (strcmp(optarg, "require") == 0) cfg.tls_verify_client = PW_SYSLOG_TLS_VERIFY_REQUIRE;
            else return pw_app_usage_error("ingest syslog", "--tls-verify-client is none, optional or require, not '%s'", optarg);
            break;
        case 'u':
        case 't':
            if ((c == 'u' ? cfg.nudp : cfg.ntcp) >= PW_SYSLOG_MAX_LISTENERS)
                return pw_app_usage_error("ingest syslog", "at most %d --%s addresses", PW_SYSLOG_MAX_LISTENERS,
                                          c == 'u' ? "udp" : "tcp");
            if (c == 'u') cfg.udp[cfg.nudp++] = optarg;
            else cfg.tcp[cfg.ntcp++] = optarg;
            break;
        case 'm':
            if (parse_size(optarg, PW_SYSLOG_MAX_MESSAGE_LIMIT, &cfg.max_message))
                return pw_app_usage_error("ingest syslog", "--max-message wants 1..%zu, not '%s'",
                                          PW_SYSLOG_MAX_MESSAGE_LIMIT, optarg);
            break;
        case 'c':
            if (parse_size(optarg, 65536, &cfg.max_conns))
                return pw_app_usage_error("ingest syslog", "--max-conns wants 1..65536, not '%s'", optarg);
            break;
        case 'o': out_spec = optarg; break;
        case 'K': cfg.keep_original = 1; break;
        case 'h': usage(stdout); return PW_EXIT_OK;
        default: usage(stderr); return PW_EXIT_USAGE;
        }
    }
    if (optind != argc) return pw_app_usage_error("ingest syslog", "unexpected argument '%s'", argv[optind]);
    if (cfg.nudp + cfg.ntcp + cfg.ntls == 0)
        return pw_app_usage_error("ingest syslog", "give at least one --udp, --tcp or --tls");
    if (cfg.ntls && (!cfg.tls_cert || !cfg.tls_key))
        return pw_app_usage_error("ingest syslog", "--tls needs --tls-cert and --tls-key");

    pw_error err;
    pw_error_clear(&err);
    int rc = PW_EXIT_RUNTIME, r;
    pw_syslog_server *s = NULL;
    pw_out *out = pw_out_open(out_spec, &err);
    if (!out) goto done;
    if (!(s = pw_syslog_server_new(&cfg, emit, out, &err))) goto done;
    for (size_t i = 0; i < pw_syslog_server_nlisteners(s); i++)
        fprintf(stderr, "patchwatch ingest syslog: listening on %s\n", pw_syslog_server_listener(s, i));
    fflush(stderr);
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    pw_syslog_stats last = {0};
    int64_t last_report = pw_time_mono_us(), last_flush = last_report;
    while (!stop_flag) {
        if ((r = pw_syslog_server_poll(s, 100, &err)) < 0) goto done;
        int64_t now = pw_time_mono_us();
        /* a reader of the file (or pipe) sees what came within a second: at once when the stream goes quiet,
         * at least every second under a steady trickle; the block buffer still batches writes under load */
        if (r == 0 || now - last_flush >= 1000000) {
            if (pw_out_flush(out, &err)) goto done;
            last_flush = now;
        }
        if (now - last_report >= LOSS_REPORT_US) {
            /* losses are said when they happen, not only at exit */
            pw_syslog_stats st;
            pw_syslog_server_stats(s, &st);
            if (st.udp_dropped > last.udp_dropped || st.oversize > last.oversize || st.tcp_refused > last.tcp_refused)
                pw_log_warn("ingest syslog: in the last %d s: %llu udp datagrams dropped, %llu oversize messages cut, "
                            "%llu tcp connections refused",
                            (int)(LOSS_REPORT_US / 1000000), (unsigned long long)(st.udp_dropped - last.udp_dropped),
                            (unsigned long long)(st.oversize - last.oversize),
                            (unsigned long long)(st.tcp_refused - last.tcp_refused));
            last = st;
            last_report = now;
        }
    }
    rc = PW_EXIT_OK;
done:
    if (s) {
        pw_syslog_stats st;
        pw_syslog_server_stats(s, &st);
        fprintf(stderr,
                "patchwatch ingest syslog: %llu messages (%llu bytes), %llu parse errors, %llu oversize, "
                "%llu udp dropped, %llu tcp connections (%llu refused), %llu bytes beyond the maximum discarded, "
                "%llu tls sessions (%llu refused)\n",
                (unsigned long long)st.messages, (unsigned long long)st.bytes, (unsigned long long)st.parse_errors,
                (unsigned long long)st.oversize, (unsigned long long)st.udp_dropped,
                (unsigned long long)st.tcp_accepted, (unsigned long long)st.tcp_refused,
                (unsigned long long)st.discarded, (unsigned long long)st.tls_sessions,
                (unsigned long long)st.tls_refused);
        pw_syslog_server_free(s);
    }
    if (out && pw_out_close(out, rc == PW_EXIT_OK ? &err : NULL)) rc = PW_EXIT_RUNTIME;
    if (rc != PW_EXIT_OK) fprintf(stderr, "patchwatch ingest syslog: %s\n", err.msg);
    return rc;
}
