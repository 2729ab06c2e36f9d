/* patchwatch ingest syslog: listen on UDP/TCP, parse, write events through pw_out. Wiring only: the
 * receiver is ingest/syslog. Prints the bound listeners on stderr at start ("listening on udp
 * 127.0.0.1:40123", useful with port 0) and a summary with the loss counters at exit. The options are the
 * keys of the syslog source's table (app/table_opts.h), with the old short names (--udp, --tcp, ...) as
 * aliases; a listener option may be repeated. */
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
#include "core/pw_time.h"
#include "ingest/sources.h"
#include "ingest/syslog.h"

#define LOSS_REPORT_US INT64_C(10000000) /* at most one loss warning per 10 s */

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static const pw_cfg_key cmd_keys[] = {
    PW_TOPT_OUT_KEY,
    {.name = NULL},
};
static const pw_cfg_table cmd_table = {.desc = "command line", .keys = cmd_keys};
/* the spellings this command had before its options came from the table */
static const pw_topt_alias aliases[] = {
    {.name = "udp", .short_opt = 'u', .key = "listen_udp"},
    {.name = "tcp", .short_opt = 't', .key = "listen_tcp"},
    {.name = "tls", .short_opt = 'T', .key = "listen_tls"},
    {.name = "max-message", .short_opt = 'm', .key = "max_message"},
    {.name = "max-conns", .short_opt = 'c', .key = "max_connections"},
    {.name = "out", .short_opt = 'o', .key = "out"},
    {0},
};
#define MULTI "|listen_udp|listen_tcp|listen_tls|"

static void usage(const pw_topts *t, FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest syslog [--udp ADDR:PORT]... [--tcp ADDR:PORT]... [--tls ADDR:PORT]... [OPTIONS]\n"
                "Receive syslog (RFC 5424 and RFC 3164) and write one JSON event per message. Addresses: 127.0.0.1:514,\n"
                "[::1]:514, :514 (every address); port 0 picks a free one (printed: \"listening on ...\").\n\n");
    pw_topts_help(t, fp, NULL, &cmd_table, NULL);
    pw_topts_help(t, fp, "Keys of the syslog source (the same under `sources:` in a configuration):",
                  &pw_source_cfg_syslog, NULL);
    pw_topts_help_builtin(fp);
    fputs("Stops on SIGINT/SIGTERM and prints counters (messages, parse errors, oversize, UDP dropped).\n", fp);
}

static int emit(const pw_event *ev, void *ud, pw_error *err) { return pw_out_event(ud, ev, err); }

/* A listener key: one address, or several when repeated on the command line. */
static int listeners(const json_t *src, const char *key, const char **dst, size_t *n)
{
    const json_t *v = json_object_get(src, key);
    size_t count = json_is_array(v) ? json_array_size(v) : v ? 1 : 0;
    if (count > PW_SYSLOG_MAX_LISTENERS) {
        char opt[32];
        pw_topts_dashed(key, opt, sizeof opt);
        return pw_app_usage_error("ingest syslog", "at most %d --%s addresses", PW_SYSLOG_MAX_LISTENERS, opt);
    }
    for (size_t i = 0; i < count; i++) dst[i] = json_string_value(json_is_array(v) ? json_array_get(v, i) : v);
    *n = count;
    return 0;
}

int pw_ingest_syslog_main(int argc, char **argv)
{
    static pw_topts t; /* large (getopt tables): not on the stack */
    t = (pw_topts){.cmd = "ingest syslog", .tables = {&pw_source_cfg_syslog, &cmd_table}, .aliases = aliases,
                   .multi = MULTI};
    json_t *src = json_object(), *cmd = json_object();
    const pw_cfg_table *tabs[] = {&pw_source_cfg_syslog, &cmd_table};
    json_t *objs[] = {src, cmd};
    pw_syslog_config cfg = {0};
    const char *out_spec = "-";
    int rc = PW_EXIT_USAGE, r;
    pw_error err;
    pw_error_clear(&err);
    pw_syslog_server *s = NULL;
    pw_out *out = NULL;
    if (pw_topts_parse(&t, argc, argv)) goto done;
    if (t.help) {
        usage(&t, stdout);
        rc = PW_EXIT_OK;
        goto done;
    }
    if (optind != argc) {
        pw_app_usage_error("ingest syslog", "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    if (pw_topts_collect(&t, tabs, objs, 2, "ingest syslog")) goto done;
    if (!json_object_get(src, "listen_udp") && !json_object_get(src, "listen_tcp") && !json_object_get(src, "listen_tls")) {
        pw_app_usage_error("ingest syslog", "give at least one --udp, --tcp or --tls");
        goto done;
    }
    if (pw_topts_validate(&t, &pw_source_cfg_syslog, src) || pw_topts_validate(&t, &cmd_table, cmd)) goto done;
    if (listeners(src, "listen_udp", cfg.udp, &cfg.nudp) || listeners(src, "listen_tcp", cfg.tcp, &cfg.ntcp) ||
        listeners(src, "listen_tls", cfg.tls, &cfg.ntls))
        goto done;
    cfg.tls_cert = pw_config_get_str(src, "tls_cert", NULL);
    cfg.tls_key = pw_config_get_str(src, "tls_key", NULL);
    cfg.tls_ca = pw_config_get_str(src, "tls_ca", NULL);
    const char *verify = pw_config_get_str(src, "tls_verify_client", "none");
    cfg.tls_verify_client = strcmp(verify, "require") == 0    ? PW_SYSLOG_TLS_VERIFY_REQUIRE
                            : strcmp(verify, "optional") == 0 ? PW_SYSLOG_TLS_VERIFY_OPTIONAL
                                                              : PW_SYSLOG_TLS_VERIFY_NONE;
    cfg.max_message = (size_t)pw_config_get_int(src, "max_message", 0);
    cfg.max_conns = (size_t)pw_config_get_int(src, "max_connections", 0);
    cfg.keep_original = pw_config_get_bool(src, "keep_original", false);
    out_spec = pw_config_get_str(cmd, "out", "-");
    if (cfg.ntls && (!cfg.tls_cert || !cfg.tls_key)) {
        pw_app_usage_error("ingest syslog", "--tls needs --tls-cert and --tls-key");
        goto done;
    }
    rc = PW_EXIT_RUNTIME;

    if (!(out = pw_out_open(out_spec, &err))) goto done;
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
    if (rc == PW_EXIT_RUNTIME) fprintf(stderr, "patchwatch ingest syslog: %s\n", err.msg);
    json_decref(src);
    json_decref(cmd);
    return rc;
}
