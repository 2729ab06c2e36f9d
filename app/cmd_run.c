/* patchwatch run: every stage of a configuration in one process, wired over the bus (inproc:// by default).
 *
 *   producer threads (one per source) --events/advisories--> correlate stage --alerts--> sink thread
 *
 * Sources that read a finite input (evtx files, log files with follow: false, feed directories) end with a
 * "control" eos message; when all have ended and no live source (syslog listener, followed files, polled
 * feeds) exists, the correlator advances event time past the last event and everything shuts down cleanly.
 * With live sources, run continues until SIGINT/SIGTERM.
 *
 * With stages.correlate.shards = N > 1 a shard router (correlate/shard.h) sits between the sources and N
 * correlator threads, each sending its alerts to the sink thread. With --stage NAME only one part runs: a
 * source (with its own router, connecting to every shard's tcp:// endpoint), one correlator shard (binding its
 * endpoint, connecting to endpoints.alerts), or the sinks (binding endpoints.alerts); docs/deployment.md. */
#include <dirent.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/pw_config.h"
#include "core/pw_bus_monitor.h"
#include "core/pw_log.h"
#include "core/pw_metrics.h"
#include "core/pw_metrics_http.h"
#include "core/pw_out.h"
#include "core/pw_sdnotify.h"
#include "core/pw_time.h"
#include "correlate/corr_stage.h"
#include "correlate/shard.h"
#include "ingest/evtx_ingest.h"
#include "ingest/feeds.h"
#include "ingest/syslog.h"
#include "ingest/tail.h"
#include "parsers/advisory_extract.h"
#include "parsers/advisory_parse.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"
#include "rules/rules.h"
#include "sinks/http.h"
#include "sinks/syslog.h"
#include "timeline/store.h"

#define MAX_SOURCES 64
#define FEED_FILE_MAX ((size_t)64 << 20) /* a downloaded feed document larger than this is refused */

/* stop_flag: sources stop reading (a signal, or a stage failed). corr_stop: the correlator takes what is queued
 * and finishes (set once every source has ended). A second signal exits at once. */
static volatile sig_atomic_t stop_flag, corr_stop, signals_seen, hup_flag;
static void on_hup(int sig)
{
    (void)sig;
    hup_flag = 1;
}
static void on_signal(int sig)
{
    (void)sig;
    if (signals_seen++) {
        static const char msg[] = "patchwatch run: second signal: exiting now\n";
        if (write(2, msg, sizeof msg - 1) < 0) _exit(PW_EXIT_RUNTIME);
        _exit(PW_EXIT_RUNTIME);
    }
    stop_flag = 1;
}

#define FAIL_GRACE_US 2000000LL /* a failed stage: the others get this long to end before the bus is cut */
#define STOP_GRACE_US 7000000LL /* SIGTERM: sources end and the correlator drains within this, or the bus is cut */

typedef struct source {
    const json_t *cfg;
    char name[64];
    const char *kind;
    int live;
    void *zctx;
    const char *events_ep, *advisories_ep;
    const pw_bus_opts *bus_opts; /* CURVE client settings for a tcp:// endpoint; NULL in process */
    const pw_rules *rules;
    pthread_t thread;
    int failed;
    _Atomic int done;
    _Atomic uint64_t *records; /* metrics: records passed on */
    pw_error err;
} source;

/* ---- producers --------------------------------------------------------------------------------------- */

static int run_evtx(source *s, pw_out *out)
{
    const char *path = pw_config_get_str(s->cfg, "path", NULL);
    pw_evtx_read_opts ro = {.jobs = 1};
    pw_evtx_ingest_totals tot = {0};
    int rc = pw_evtx_ingest(&path, 1, &ro, pw_config_get_str(s->cfg, "checkpoint", NULL), out, &tot, &s->err);
    pw_log_info("run: %s: %zu files, %llu records", s->name, tot.files, (unsigned long long)tot.records);
    return rc;
}

typedef struct line_ctx {
    source *s;
    pw_out *out;
    pw_event ev;
    pw_syslog_parser sp;
    const char *format;
    const char *host;
} line_ctx;

static int on_line(void *ud, const pw_tail_line *l, pw_error *err)
{
    line_ctx *c = ud;
    int rc;
    if (strcmp(c->format, "syslog") == 0) {
        rc = pw_syslog_parser_parse(&c->sp, l->data, l->len, pw_time_now_us(), &c->ev, err);
    } else if (strcmp(c->format, "jsonl") == 0 || strcmp(c->format, "winevent-json") == 0) {
        rc = pw_winevent_json_parse_line(l->data, l->len, &c->ev, err);
    } else if (strcmp(c->format, "winevent-xml") == 0) {
        rc = pw_winevent_xml_parse_record(l->data, l->len, &c->ev, err);
    } else {
        pw_event_reset(&c->ev);
        rc = pw_event_set_str_lossy(&c->ev, "message", l->data, l->len, err);
    }
    if (rc) return -1;
    if (c->host && !pw_event_get_str(&c->ev, "host.name", NULL) &&
        pw_event_set_cstr(&c->ev, "host.name", c->host, err))
        return -1;
    if (pw_event_set_str_lossy(&c->ev, "log.file.path", l->path, strlen(l->path), err)) return -1;
    return pw_out_event(c->out, &c->ev, err);
}

/* tail and jsonl sources: read to the end and stop (follow: false), or follow until stopped. */
static int run_tail(source *s, pw_out *out)
{
    const char *glob = pw_config_get_str(s->cfg, "path", NULL);
    const char *ckpt = pw_config_get_str(s->cfg, "checkpoint", NULL);
    char tmp_ckpt[] = "/tmp/patchwatch-run-XXXXXX";
    line_ctx c = {.s = s, .out = out, .sp = PW_SYSLOG_PARSER_INIT,
                  .format = strcmp(s->kind, "jsonl") == 0 ? "jsonl" : pw_config_get_str(s->cfg, "format", "syslog"),
                  .host = pw_config_get_str(s->cfg, "host", NULL)};
    pw_event_init(&c.ev);
    pw_tail *t = NULL;
    int rc = -1;
    if (!ckpt) { /* no checkpoint asked for: positions live only as long as this run */
        int fd = mkstemp(tmp_ckpt);
        if (fd < 0) {
            pw_error_set(&s->err, PW_ERR_IO, "%s: cannot create a temporary checkpoint", s->name);
            goto out;
        }
        close(fd);
        unlink(tmp_ckpt);
        ckpt = tmp_ckpt;
    }
    pw_tail_config tc = {.globs = &glob, .nglobs = 1, .checkpoint = ckpt,
                         .max_line = (size_t)pw_config_get_int(s->cfg, "max_line", 0)};
    int64_t trunc;
    if (!(t = pw_tail_open(&tc, NULL, &trunc, &s->err))) goto out;
    long long interval_ms = pw_config_get_duration_ms(s->cfg, "poll_interval", 1000);
    for (;;) {
        long n = pw_tail_poll(t, 20000, on_line, &c, &s->err);
        if (n < 0) goto out;
        if (n > 0 && pw_tail_commit(t, NULL, 0, &s->err)) goto out;
        if (n == 0 && (!s->live || stop_flag)) break;
        if (n == 0) usleep((useconds_t)(interval_ms * 1000));
    }
    rc = 0;
out:
    pw_tail_close(t);
    if (ckpt == tmp_ckpt) unlink(tmp_ckpt);
    pw_event_free(&c.ev);
    pw_syslog_parser_free(&c.sp);
    return rc;
}

static int emit_syslog(const pw_event *ev, void *ud, pw_error *err) { return pw_out_event(ud, ev, err); }

static int run_syslog(source *s, pw_out *out)
{
    pw_syslog_config sc = {.max_message = (size_t)pw_config_get_int(s->cfg, "max_message", 0),
                           .max_conns = (size_t)pw_config_get_int(s->cfg, "max_connections", 0)};
    if ((sc.udp[0] = pw_config_get_str(s->cfg, "listen_udp", NULL))) sc.nudp = 1;
    if ((sc.tcp[0] = pw_config_get_str(s->cfg, "listen_tcp", NULL))) sc.ntcp = 1;
    pw_syslog_server *srv = pw_syslog_server_new(&sc, emit_syslog, out, &s->err);
    if (!srv) return -1;
    for (size_t i = 0; i < pw_syslog_server_nlisteners(srv); i++)
        pw_log_info("run: %s: listening on %s", s->name, pw_syslog_server_listener(srv, i));
    int rc = pw_syslog_server_run(srv, &stop_flag, &s->err);
    pw_syslog_stats st;
    pw_syslog_server_stats(srv, &st);
    pw_log_info("run: %s: %llu messages received and passed on (%llu parse errors, %llu oversize, %llu udp dropped)",
                s->name, (unsigned long long)st.messages, (unsigned long long)st.parse_errors,
                (unsigned long long)st.oversize, (unsigned long long)st.udp_dropped);
    pw_syslog_server_free(srv);
    return rc;
}

typedef struct feed_ctx {
    pw_out *out;
    pw_extractor *x;
    pw_error err;
} feed_ctx;

static int announce(const pw_advisory *a, void *ud)
{
    feed_ctx *f = ud;
    pw_advisory copy;
    pw_advisory_init(&copy);
    json_t *j = pw_advisory_to_jansson(a);
    int rc = !j || pw_advisory_from_jansson(&copy, j, &f->err) || (f->x && pw_extractor_apply(f->x, &copy, &f->err)) ||
             pw_out_advisory(f->out, &copy, &f->err);
    json_decref(j);
    pw_advisory_free(&copy);
    return rc ? -1 : 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void read_advisory_lines(source *s, const char *path, feed_ctx *fc)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        pw_log_warn("run: %s: %s: cannot open", s->name, path);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    pw_advisory a;
    pw_advisory_init(&a);
    while ((n = getline(&line, &cap, fp)) > 0) {
        lineno++;
        pw_error e2 = {0};
        if (n <= 1) continue;
        if (pw_advisory_from_json(&a, line, (size_t)n, &e2) || announce(&a, fc))
            pw_log_warn("run: %s: %s:%lu: %s", s->name, path, lineno, e2.msg[0] ? e2.msg : fc->err.msg);
    }
    pw_advisory_free(&a);
    free(line);
    fclose(fp);
}

/* A directory of downloaded documents (or *.jsonl of advisories), read once in name order. */
static int read_feed_dir(source *s, const char *dir, feed_ctx *fc)
{
    DIR *d = opendir(dir);
    if (!d) return pw_error_set(&s->err, PW_ERR_IO, "%s: %s: cannot open directory", s->name, dir);
    pw_strlist names = {0};
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') pw_strlist_add(&names, de->d_name);
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names.v[i]);
        size_t plen = strlen(path);
        if (plen > 6 && strcmp(path + plen - 6, ".jsonl") == 0) { /* advisories as JSON lines (pw_advisory) */
            read_advisory_lines(s, path, fc);
            continue;
        }
        const char *fmt = pw_app_detect_format(path);
        if (!fmt || !pw_advisory_format_known(fmt)) {
            pw_log_info("run: %s: %s: not a feed document, skipped", s->name, path);
            continue;
        }
        FILE *fp = fopen(path, "rb");
        char *data = fp ? malloc(FEED_FILE_MAX) : NULL;
        size_t n = data ? fread(data, 1, FEED_FILE_MAX, fp) : 0;
        if (fp) fclose(fp);
        pw_error e2 = {0};
        if (!data || n == FEED_FILE_MAX)
            pw_log_warn("run: %s: %s: unreadable or larger than %zu bytes, skipped", s->name, path, FEED_FILE_MAX);
        else if (pw_advisory_parse(fmt, data, n, s->name, announce, fc, &e2) < 0)
            pw_log_warn("run: %s: %s: %s", s->name, path, e2.msg[0] ? e2.msg : fc->err.msg);
        free(data);
    }
    pw_strlist_free(&names);
    return 0;
}

static int run_feeds(source *s, pw_out *out)
{
    feed_ctx fc = {.out = out};
    pw_feeds *f = NULL;
    int rc = -1;
    if (!(fc.x = pw_extractor_new(s->rules, &s->err))) goto out;
    const char *dir = pw_config_get_str(s->cfg, "dir", NULL);
    if (dir && read_feed_dir(s, dir, &fc)) goto out;
    if (pw_config_get_bool(s->cfg, "poll", false)) {
        pw_feeds_opts fo = {.state_path = pw_config_get_str(s->cfg, "state", NULL),
                            .ca_file = pw_config_get_str(s->cfg, "ca_file", NULL),
                            .timeout_ms = (long)pw_config_get_duration_ms(s->cfg, "timeout", 120000),
                            .max_bytes = (size_t)pw_config_get_int(s->cfg, "max_bytes", 0),
                            .extractor = fc.x, .announce = announce, .ud = &fc};
        fo.extractor = NULL; /* announce() applies it to its copy */
        if (!(f = pw_feeds_new(&fo, &s->err))) goto out;
        const json_t *only = pw_config_get(s->cfg, "only");
        for (size_t i = 0; i < pw_rules_count(s->rules, "source"); i++) {
            const json_t *rule = pw_rules_get(s->rules, "source", i);
            const char *name = json_string_value(json_object_get(rule, "name"));
            int wanted = !only;
            for (size_t k = 0; only && k < json_array_size(only); k++)
                wanted |= name && strcmp(json_string_value(json_array_get(only, k)), name) == 0;
            if (!wanted) continue;
            pw_feed_source fs;
            memset(&fs, 0, sizeof fs);
            int bad = pw_feed_source_from_json(&fs, rule, &s->err) || pw_feeds_add_source(f, &fs, &s->err);
            pw_feed_source_free(&fs);
            if (bad) goto out;
        }
        if (pw_feeds_run(f, &stop_flag, &s->err)) goto out;
    }
    rc = 0;
out:
    pw_feeds_free(f);
    pw_extractor_free(fc.x);
    return rc;
}

static void *source_main(void *arg)
{
    source *s = arg;
    const char *ep = strcmp(s->kind, "feeds") == 0 ? s->advisories_ep : s->events_ep;
    pw_out *out = pw_out_open_bus(ep, s->zctx, s->bus_opts, &s->err);
    int rc = -1;
    if (out) {
        pw_out_count_into(out, s->records);
        if (strcmp(s->kind, "evtx") == 0) rc = run_evtx(s, out);
        else if (strcmp(s->kind, "syslog") == 0) rc = run_syslog(s, out);
        else if (strcmp(s->kind, "feeds") == 0) rc = run_feeds(s, out);
        else rc = run_tail(s, out);
        pw_error e2 = {0};
        pw_out_close(out, &e2); /* the end of this source is seen by the supervisor (done), not sent on the bus */
    }
    if (rc) {
        s->failed = 1;
        if (!stop_flag) pw_log_error("run: source %s: %s", s->name, s->err.msg);
    }
    s->done = 1;
    return NULL;
}

/* ---- sink -------------------------------------------------------------------------------------------- */

#define RUN_SINKS_MAX 16
enum { TOPIC_EVENT = 1, TOPIC_ADVISORY = 2, TOPIC_ALERT = 4 };

/* One thread takes everything the correlator passes on (alerts, and events/advisories when a sink asked for
 * them) and hands each message to the sinks whose `topics` include it. jsonl sinks are written here; other
 * kinds run their own delivery loop (sinks/) in a thread of theirs, fed over a private ipc:// socket. The
 * thread ends when main says so (done) and its queue is empty: no bus peer can end it with a message. */
typedef struct sink_out {
    char name[64];
    unsigned topics;
    pw_out *out;          /* jsonl: the file; other kinds: the ipc:// socket to their loop */
    int human;            /* stdout on a terminal: alerts as one readable line each (--json: JSON anyway) */
    pw_tl_store *store;   /* kind sqlite: the timeline store, written by the sink thread */
    int external;         /* 1: a syslog/http loop thread reads `out`'s other end */
    pthread_t thread;
    int thread_started;
    pw_sink_syslog_opts syslog;
    pw_sink_http_opts http;
    char endpoint[256];
    char to[300];
    char auth[1200];
    char hdr[PW_HTTP_HEADERS_MAX][512];
    pw_sink_stats st;
    int rc;
    pw_error err;
} sink_out;

typedef struct sink_thread {
    sink_out outs[RUN_SINKS_MAX];
    size_t nouts;
    pw_bus_sock *in;
    pthread_t thread;
    uint64_t delivered, ignored;
    _Atomic int done;
    pw_error err;
    int failed;
} sink_thread;

static unsigned topic_bit(const char *t)
{
    return strcmp(t, "event") == 0 ? TOPIC_EVENT : strcmp(t, "advisory") == 0 ? TOPIC_ADVISORY
         : strcmp(t, "alert") == 0 ? TOPIC_ALERT : 0;
}

static int force_json; /* --json */

/* One alert as a person reads it on a terminal: when, status, kind, patch, then the recommendation (which names
 * the hosts, the symptom and the comparison). The JSON goes to files and pipes unchanged. */
static void print_alert_line(const char *json, size_t len)
{
    json_t *a = json_loadb(json, len, 0, NULL);
    const char *ts = json_string_value(json_object_get(a, "@timestamp"));
    char when[17] = "";
    if (ts && strlen(ts) >= 16) {
        memcpy(when, ts, 16);
        when[10] = ' ';
    }
    const char *status = json_string_value(json_object_get(a, "status"));
    const char *kind = json_string_value(json_object_get(a, "kind"));
    const char *patch = json_string_value(json_object_get(a, "patch"));
    const char *rec = json_string_value(json_object_get(a, "recommendation"));
    if (a) {
        int tty_bold = status && strcmp(status, "open") == 0;
        printf("%s%-16s  %-8s %-15s %-10s%s  %s\n", tty_bold ? "\033[1m" : "", when, status ? status : "?",
               kind ? kind : "?", patch ? patch : "-", tty_bold ? "\033[0m" : "", rec ? rec : "");
        fflush(stdout);
    }
    json_decref(a);
}

static void *sink_main(void *arg)
{
    sink_thread *k = arg;
    pw_bus_msg msg = {0};
    for (;;) {
        int r = pw_bus_recv(k->in, &msg, 100, &k->err);
        if (r == 0 && k->done) break;
        if (r == 0) {
            for (size_t i = 0; i < k->nouts; i++) {
                if (k->outs[i].out) pw_out_flush(k->outs[i].out, NULL);
                if (k->outs[i].store) pw_tl_store_commit(k->outs[i].store, NULL);
            }
            continue;
        }
        if (r < 0 && k->err.code == PW_ERR_INVALID) continue; /* bad framing from some peer: skipped, counted */
        if (r < 0) {
            k->failed = 1;
            break;
        }
        unsigned bit = topic_bit(msg.topic);
        if (!bit) { /* "control" or anything else: not from us, and never an order to stop */
            if (!k->ignored++) pw_log_warn("run: sink input: message with topic '%.32s' ignored", msg.topic);
            continue;
        }
        for (size_t i = 0; i < k->nouts; i++) {
            sink_out *o = &k->outs[i];
            if (!(o->topics & bit)) continue;
            if (o->human && bit == TOPIC_ALERT) {
                print_alert_line(msg.body.data, msg.body.len);
                continue;
            }
            if (o->store) { /* a record the store refuses is logged and skipped; the others go on */
                pw_error serr = {0};
                if (pw_tl_store_put(o->store, msg.topic, msg.body.data, msg.body.len, &serr))
                    pw_log_warn("run: sink %s: %s", o->name, serr.msg);
                continue;
            }
            if (pw_out_raw(o->out, msg.topic, msg.body.data, msg.body.len, &k->err)) k->failed = 1;
            /* alerts are rare and someone may be watching the file: each is flushed */
            if (bit == TOPIC_ALERT && pw_out_flush(o->out, &k->err)) k->failed = 1;
        }
        k->delivered++;
    }
    pw_bus_msg_free(&msg);
    return NULL;
}

static volatile sig_atomic_t external_stop; /* set once the sink thread has handed everything over */

static void *external_main(void *arg)
{
    sink_out *o = arg;
    o->rc = o->syslog.to ? pw_sink_syslog_run(&o->syslog, &o->st, &o->err) : pw_sink_http_run(&o->http, &o->st, &o->err);
    if (o->rc) pw_log_error("run: sink %s: %s", o->name, o->err.msg);
    return NULL;
}

/* Reads a whole small secret file (a token), without its trailing newline. */
static int read_token(const char *path, char *out, size_t size, pw_error *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp) return pw_error_set(err, PW_ERR_IO, "%s: cannot open the token file", path);
    size_t n = fread(out, 1, size - 1, fp);
    fclose(fp);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ')) n--;
    out[n] = '\0';
    if (!n) return pw_error_set(err, PW_ERR_INVALID, "%s: the token file is empty", path);
    return 0;
}

/* Sets up one sink of the configuration; external kinds get an ipc:// endpoint under dir. */
static int sink_setup(sink_out *o, const json_t *sk, size_t idx, const char *dir, pw_error *err)
{
    const char *kind = pw_config_get_str(sk, "kind", "");
    snprintf(o->name, sizeof o->name, "%s", pw_config_get_str(sk, "name", kind));
    const json_t *topics = pw_config_get(sk, "topics");
    for (size_t t = 0; t < json_array_size(topics); t++) o->topics |= topic_bit(json_string_value(json_array_get(topics, t)));
    if (!topics) o->topics = TOPIC_ALERT;
    if (strcmp(kind, "sqlite") == 0) { /* the timeline store wants installs, reports and alerts alike */
        o->topics = TOPIC_EVENT | TOPIC_ADVISORY | TOPIC_ALERT;
        pw_tl_store_opts so = {.evidence_cap = 20};
        if (!(o->store = pw_tl_store_open(pw_config_get_str(sk, "path", NULL), &so, err))) return -1;
        const char *inv = pw_config_get_str(sk, "inventory", NULL);
        return inv && pw_tl_store_load_inventory(o->store, inv, err) ? -1 : 0;
    }
    if (strcmp(kind, "jsonl") == 0) {
        const char *path = pw_config_get_str(sk, "path", "-");
        o->human = strcmp(path, "-") == 0 && isatty(1) && !force_json;
        return (o->out = pw_out_open(path, err)) ? 0 : -1;
    }
    snprintf(o->endpoint, sizeof o->endpoint, "ipc://%s/sink-%zu.sock", dir, idx);
    pw_sink_input in = {.in = o->endpoint, .bind = 1, .stop = &external_stop};
    if (strcmp(kind, "syslog") == 0) {
        snprintf(o->to, sizeof o->to, "%s://%s", pw_config_get_str(sk, "transport", "udp"),
                 pw_config_get_str(sk, "address", ""));
        o->syslog = (pw_sink_syslog_opts){.input = in, .to = o->to, .facility = -1,
                                          .app_name = pw_config_get_str(sk, "app_name", NULL)};
        if (pw_syslog_fmt_parse(pw_config_get_str(sk, "format", "rfc5424"), &o->syslog.format))
            return pw_error_set(err, PW_ERR_USAGE, "sink %s: bad format", o->name);
    } else if (strcmp(kind, "http") == 0) {
        o->http = (pw_sink_http_opts){.input = in, .url = pw_config_get_str(sk, "url", NULL),
                                      .ca_file = pw_config_get_str(sk, "ca_file", NULL),
                                      .timeout_ms = (int)pw_config_get_duration_ms(sk, "timeout", 10000),
                                      .batch = (int)pw_config_get_int(sk, "batch", 0)};
        if (pw_http_mode_parse(pw_config_get_str(sk, "format", "webhook"), &o->http.mode))
            return pw_error_set(err, PW_ERR_USAGE, "sink %s: bad format", o->name);
        const char *token_file = pw_config_get_str(sk, "token_file", NULL);
        if (token_file) {
            char token[1024];
            if (read_token(token_file, token, sizeof token, err)) return -1;
            snprintf(o->auth, sizeof o->auth, "Authorization: %s %s", o->http.mode == PW_HTTP_HEC ? "Splunk" : "Bearer",
                     token);
            o->http.headers[o->http.nheaders++] = o->auth;
        }
        const json_t *hdrs = pw_config_get(sk, "headers");
        const char *hk;
        const json_t *hv;
        json_object_foreach((json_t *)hdrs, hk, hv) {
            if (o->http.nheaders == PW_HTTP_HEADERS_MAX) break;
            snprintf(o->hdr[o->http.nheaders], sizeof o->hdr[0], "%s: %s", hk, json_string_value(hv));
            o->http.headers[o->http.nheaders] = o->hdr[o->http.nheaders];
            o->http.nheaders++;
        }
    } else {
        return pw_error_set(err, PW_ERR_USAGE, "sink %s: kind '%s' is not supported by run yet", o->name, kind);
    }
    o->external = 1;
    if (pthread_create(&o->thread, NULL, external_main, o))
        return pw_error_set(err, PW_ERR_INTERNAL, "sink %s: cannot start a thread", o->name);
    o->thread_started = 1;
    return (o->out = pw_out_open(o->endpoint, err)) ? 0 : -1;
}

/* ---- wiring ------------------------------------------------------------------------------------------ */

/* ---- correlator ---------------------------------------------------------------------------------------- */

typedef struct corr_thread {
    pw_corr_stage_opts so;
    pw_corr_stage_stats st;
    pw_out *alerts;       /* this shard's own connection to the sinks (pw_out is one thread's) */
    char state[4200];     /* sharded: the shard's own state file */
    pthread_t thread;
    int started;
    int rc;
    _Atomic int done;
    pw_error err;
} corr_thread;

static void *corr_main(void *arg)
{
    corr_thread *t = arg;
    t->rc = pw_corr_stage_run(&t->so, &t->st, &t->err);
    t->done = 1;
    return NULL;
}

/* The shard router (correlate/shard.h): between the sources and the shards when shards > 1, and in a source
 * process started with --stage. */
typedef struct router_thread {
    pw_shard_stage_opts so;
    pw_shard_stage_stats st;
    pthread_t thread;
    int started, rc;
    _Atomic int done;
    pw_error err;
} router_thread;

static void *router_main(void *arg)
{
    router_thread *t = arg;
    t->rc = pw_shard_stage_run(&t->so, &t->st, &t->err);
    t->done = 1;
    return NULL;
}

/* ---- metrics and health ---------------------------------------------------------------------------- */

/* Values read at scrape time from the stages' own statistics. The threads write them without a lock: a scrape
 * may read a count one update old, never a torn one (aligned 64-bit words on the platforms we build for). */
static double m_corr_events(void *ud) { return (double)((corr_thread *)ud)->st.events; }
static double m_corr_advisories(void *ud) { return (double)((corr_thread *)ud)->st.advisories; }
static double m_corr_bad(void *ud) { return (double)((corr_thread *)ud)->st.bad_messages; }
static double m_corr_alerts(void *ud) { return (double)((corr_thread *)ud)->st.alerts; }
static double m_corr_control(void *ud) { return (double)((corr_thread *)ud)->st.control_ignored; }
static double m_one(void *ud) { return ud ? 1 : 1; }
static double m_redirects_refused(void *ud)
{
    (void)ud;
    return (double)pw_feeds_redirects_refused();
}

typedef struct health_ctx {
    source *srcs;
    size_t nsrc;
    corr_thread *ct;
    size_t nct;
} health_ctx;

static int health_stages(void *ud, char *why, size_t size)
{
    health_ctx *h = ud;
    for (size_t i = 0; i < h->nsrc; i++)
        if (h->srcs[i].done && h->srcs[i].failed) {
            snprintf(why, size, "source %s failed: %.200s", h->srcs[i].name, h->srcs[i].err.msg);
            return -1;
        }
    for (size_t k = 0; k < h->nct; k++)
        if (h->ct[k].started && h->ct[k].done && !corr_stop) {
            snprintf(why, size, "the correlator (shard %zu) stopped: %.200s", k,
                     h->ct[k].rc ? h->ct[k].err.msg : "before its sources");
            return -1;
        }
    return 0;
}

static void metrics_register(source *srcs, size_t nsrc, corr_thread *ct, size_t nct, sink_thread *sk)
{
    char labels[256], v1[96], v2[96];
    snprintf(labels, sizeof labels, "version=\"%s\"", PW_VERSION);
    pw_metrics_gauge_fn_add("patchwatch_build_info", "patchwatch's version (always 1).", labels, m_one, NULL);
    pw_metrics_gauge_set(pw_metrics_gauge("patchwatch_start_time_seconds", "When this process started (Unix time).", ""),
                         (double)pw_time_now_us() / 1e6);
    for (size_t i = 0; i < nsrc; i++) {
        snprintf(labels, sizeof labels, "source=\"%s\",kind=\"%s\"",
                 pw_metrics_label_escape(srcs[i].name, v1, sizeof v1), pw_metrics_label_escape(srcs[i].kind, v2, sizeof v2));
        srcs[i].records = pw_metrics_counter("patchwatch_source_records_total",
                                             "Events or advisories a source passed on to the correlator.", labels);
    }
    for (size_t k = 0; k < nct; k++) {
        if (!ct[k].started) continue;
        corr_thread *t = &ct[k];
        if (nct > 1) snprintf(labels, sizeof labels, "shard=\"%zu\"", k);
        else labels[0] = '\0';
        pw_metrics_counter_fn_add("patchwatch_correlate_events_total", "Events the correlator took in.", labels,
                                  m_corr_events, t);
        pw_metrics_counter_fn_add("patchwatch_correlate_advisories_total", "Advisories the correlator took in.", labels,
                                  m_corr_advisories, t);
        pw_metrics_counter_fn_add("patchwatch_correlate_bad_messages_total",
                                  "Bus messages the correlator could not use (skipped).", labels, m_corr_bad, t);
        pw_metrics_counter_fn_add("patchwatch_alert_emissions_total", "Alerts emitted (every new version counts).",
                                  labels, m_corr_alerts, t);
        pw_metrics_counter_fn_add("patchwatch_bus_control_ignored_total",
                                  "Control messages refused from unauthenticated tcp peers.", labels, m_corr_control, t);
    }
    pw_bus_refusal_metrics_register();
    pw_metrics_counter_fn_add("patchwatch_feeds_redirects_refused_total",
                              "Feed redirects refused (another origin, an internal address).", "",
                              m_redirects_refused, NULL);
    for (size_t i = 0; i < sk->nouts; i++) {
        snprintf(labels, sizeof labels, "sink=\"%s\"", pw_metrics_label_escape(sk->outs[i].name, v1, sizeof v1));
        if (sk->outs[i].out)
            pw_out_count_into(sk->outs[i].out,
                              pw_metrics_counter("patchwatch_sink_records_total", "Records handed to a sink.", labels));
    }
}

static const char usage[] =
    "Usage: patchwatch run [-c CONFIG] [--stage NAME]\n"
    "Run every stage the configuration declares in one process: sources -> correlate -> sinks, over the\n"
    "bus endpoints it names (inproc:// by default). Without -c, examples/patchwatch.yaml (in the current\n"
    "directory, else PREFIX/share/patchwatch/examples/ of an installed copy, else in the source tree\n"
    "patchwatch was built from) is used: it reads the example inputs under examples/ and prints alerts on\n"
    "stdout.\n"
    "Finite sources (evtx files, log files with follow: false, feed directories) end the run when read;\n"
    "live ones (syslog, followed files, polled feeds) run until SIGINT or SIGTERM (a second one exits at once).\n"
    "SIGHUP re-reads the configuration and rules: valid ones restart the pipeline with them, broken ones are\n"
    "refused with file:line and the running pipeline goes on.\n\n"
    "  -c, --config FILE   configuration (YAML or JSON; see docs/configuration.md)\n"
    "      --stage NAME    start only this part of the configuration, as its own process, meeting the others\n"
    "                      over its tcp:// or ipc:// endpoints (CURVE when keys are configured): a source's\n"
    "                      name (with the shard router), `correlate` or `correlate.K` (shard K of\n"
    "                      stages.correlate.shards, bound at stages.correlate.endpoints[K]), or `sinks`.\n"
    "                      Correlator and sink stages run until SIGTERM (docs/deployment.md)\n"
    "      --metrics ADDR  serve /metrics and /healthz on ADDR (HOST:PORT; overrides metrics.listen)\n"
    "      --state-reset   delete stages.correlate.state first and start over (e.g. a damaged one)\n"
    "      --json          alerts on stdout as JSON lines even on a terminal (default there: one readable\n"
    "                      line each; pipes and files always get JSON)\n"
    "  -h, --help          show this help\n";

/* The embedded default: ./examples/, else the installed copy next to the binary (PREFIX/bin/patchwatch ->
 * PREFIX/share/patchwatch/examples, so a relocated or packaged install finds its own), else the source tree
 * this binary was built from. */
static const char *default_config(char *buf, size_t n)
{
    char exe[2048];
    if (access("examples/patchwatch.yaml", R_OK) == 0) return "examples/patchwatch.yaml";
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        int k = snprintf(buf, n, "%s/../share/patchwatch/examples/patchwatch.yaml", exe);
        if (k > 0 && (size_t)k < n && access(buf, R_OK) == 0) return buf;
    }
    snprintf(buf, n, "%s/examples/patchwatch.yaml", PW_SOURCE_DIR);
    return buf;
}

/* The embedded default reads a simulated fleet (examples/fleet/) that is generated, not committed. In a source
 * tree where nobody ran `make demo`, generate it with the bench_fleetsim built beside this binary (the same
 * seeded command as `make demo`, ~0.1 s); otherwise say how. Installed copies ship it. */
static int ensure_demo_fleet(const char *config)
{
    char dir[4096], inv[4200], exe[2048], gen[2200], cmd[8400];
    snprintf(dir, sizeof dir, "%s", config);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    else snprintf(dir, sizeof dir, ".");
    snprintf(inv, sizeof inv, "%s/fleet/inventory.yaml", dir);
    if (access(inv, R_OK) == 0) return 0;
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        if ((slash = strrchr(exe, '/'))) *slash = '\0';
        snprintf(gen, sizeof gen, "%s/bench/bench_fleetsim", exe);
        if (access(gen, X_OK) == 0 && !strchr(dir, '\'') && !strchr(gen, '\'')) {
            fprintf(stderr, "patchwatch run: first run: generating the demo fleet in %s/fleet (as make demo does)\n", dir);
            snprintf(cmd, sizeof cmd,
                     "'%s' --out '%s/fleet' --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null", gen,
                     dir);
            if (system(cmd) == 0 && access(inv, R_OK) == 0) return 0;
        }
    }
    fprintf(stderr, "patchwatch run: the demo fleet %s/fleet is missing and cannot be generated here: run `make demo` "
                    "in the source tree, or give a configuration with -c\n", dir);
    return -1;
}

static int run_once(const char *path, const char *metrics_listen, int *reload);
static const char *only_stage; /* --stage NAME, or NULL: every stage */

/* --state-reset: the configured correlation state is deleted, as the operator asked. */
static int reset_state(const char *path)
{
    pw_error err = {0};
    json_t *cfg = pw_config_load_file(path, &err);
    const char *state = cfg ? pw_config_get_str(cfg, "stages.correlate.state", NULL) : NULL;
    int rc = cfg ? 0 : -1;
    if (state && pw_corr_state_remove(state, &err)) rc = -1;
    long n = cfg ? pw_config_get_int(cfg, "stages.correlate.shards", 1) : 1;
    for (long k = 0; state && !rc && n > 1 && k < n && k < PW_SHARD_MAX; k++) { /* the shards' own files */
        char p[4200];
        snprintf(p, sizeof p, "%s.shard-%ld-of-%ld", state, k, n);
        if (pw_corr_state_remove(p, &err)) rc = -1;
    }
    if (rc) fprintf(stderr, "patchwatch run: %s\n", err.msg);
    else if (state) fprintf(stderr, "patchwatch run: --state-reset: %s removed, starting over\n", state);
    json_decref(cfg);
    return rc;
}

int pw_cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"metrics", required_argument, NULL, 'm'},
        {"state-reset", no_argument, NULL, 'R'},   {"json", no_argument, NULL, 'j'},
        {"stage", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    char defbuf[4096];
    const char *path = NULL, *metrics_listen = NULL;
    int c, state_reset = 0;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        if (c == 'c') path = optarg;
        else if (c == 'm') metrics_listen = optarg;
        else if (c == 'R') state_reset = 1;
        else if (c == 'j') force_json = 1;
        else if (c == 'S') only_stage = optarg;
        else if (c == 'h') return fputs(usage, stdout), PW_EXIT_OK;
        else return pw_app_usage_error("run", "unknown option");
    }
    if (optind != argc) return pw_app_usage_error("run", "unexpected argument '%s'", argv[optind]);
    if (!path) {
        path = default_config(defbuf, sizeof defbuf);
        if (ensure_demo_fleet(path)) return PW_EXIT_RUNTIME;
    }
    /* SIGHUP: a configuration and rules that pass their checks replace the running ones (the pipeline is
     * stopped as by SIGTERM, then started again from the new files, in the same process); broken ones are
     * refused with file:line and the running pipeline goes on untouched. */
    if (state_reset && reset_state(path)) return PW_EXIT_RUNTIME;
    for (;;) {
        int reload = 0;
        int rc = run_once(path, metrics_listen, &reload);
        if (!reload) return rc;
        pw_sdnotify("RELOADING=1");
        pw_log_warn("run: reloading %s", path);
    }
}

/* Checks the configuration and its rules directory as they are on disk now; 0 when both load. */
static int reload_check(const char *path, pw_error *err)
{
    json_t *cfg = pw_config_load_file(path, err);
    if (!cfg) return -1;
    pw_rules *rules = pw_rules_load(pw_config_get_str(cfg, "rules", "rules"), err);
    int rc = rules ? 0 : -1;
    pw_rules_free(rules);
    json_decref(cfg);
    return rc;
}

/* CURVE settings only where they mean something: not on inproc:// (one process trusts itself). */
static const pw_bus_opts *opts_for(const char *ep, const pw_bus_opts *o)
{
    return ep && strncmp(ep, "inproc://", 9) == 0 ? NULL : o;
}

/* What --stage selects. */
typedef struct stage_sel {
    int all;          /* no --stage: everything in this process */
    const char *source; /* a source's name */
    int shard;        /* >= 0: that correlator shard */
    int sinks;
} stage_sel;

static int parse_stage(const char *name, const json_t *cfg, long nshards, stage_sel *sel, pw_error *err)
{
    *sel = (stage_sel){.shard = -1};
    if (!name) {
        sel->all = 1;
        return 0;
    }
    if (strcmp(name, "sinks") == 0) {
        sel->sinks = 1;
        return 0;
    }
    if (strcmp(name, "correlate") == 0 && nshards == 1) {
        sel->shard = 0;
        return 0;
    }
    if (strncmp(name, "correlate.", 10) == 0) {
        char *end;
        long k = strtol(name + 10, &end, 10);
        if (*end || end == name + 10 || k < 0 || k >= nshards)
            return pw_error_set(err, PW_ERR_USAGE, "--stage %s: the configuration has shards correlate.0 .. correlate.%ld",
                                name, nshards - 1);
        sel->shard = (int)k;
        return 0;
    }
    const json_t *sources = pw_config_get(cfg, "sources");
    for (size_t i = 0; i < json_array_size(sources); i++) {
        const json_t *sc = json_array_get(sources, i);
        const char *n = pw_config_get_str(sc, "name", pw_config_get_str(sc, "kind", ""));
        if (strcmp(n, name) == 0) {
            sel->source = n;
            return 0;
        }
    }
    return pw_error_set(err, PW_ERR_USAGE,
                        "--stage %s: no such stage (a source name, %s, or sinks)", name,
                        nshards == 1 ? "correlate" : "correlate.K");
}

static int run_once(const char *path, const char *metrics_listen, int *reload)
{
    pw_error err = {0};
    int rc = PW_EXIT_RUNTIME, forced = 0;
    json_t *cfg = NULL;
    pw_rules *rules = NULL;
    void *zctx = NULL;
    source srcs[MAX_SOURCES];
    size_t nsrc = 0, started = 0, nct = 0;
    static sink_thread sink; /* large (per-sink buffers); one run per process */
    int sink_started = 0, want_sinks = 0;
    static corr_thread ct[PW_SHARD_MAX]; /* read by the metrics thread: outlives nothing it points to */
    static router_thread rt;
    static char shard_ep[PW_SHARD_MAX][64];
    pw_metrics_server *msrv = NULL;
    health_ctx hc = {0};
    char tmpdir[] = "/tmp/patchwatch-run-XXXXXX";
    int have_tmpdir = 0;
    memset(&sink, 0, sizeof sink);
    memset(ct, 0, sizeof ct);
    memset(&rt, 0, sizeof rt);
    stop_flag = corr_stop = signals_seen = hup_flag = 0;
    external_stop = 0;
    static volatile sig_atomic_t router_stop_flag; /* the router passes on what it holds, then the shards drain */
    router_stop_flag = 0;

    if (!(cfg = pw_config_load_file(path, &err))) goto fail;
    const char *lvl = pw_config_get_str(cfg, "log_level", NULL);
    pw_log_level l;
    if (lvl && pw_log_get_level() == PW_LOG_WARN && pw_log_level_parse(lvl, &l) == 0) pw_log_set_level(l);
    if (!(rules = pw_rules_load(pw_config_get_str(cfg, "rules", "rules"), &err))) goto fail;

    const char *events_ep = pw_config_get_str(cfg, "endpoints.events", "inproc://events");
    const char *adv_ep = pw_config_get_str(cfg, "endpoints.advisories", "inproc://advisories");
    const char *alerts_ep = pw_config_get_str(cfg, "endpoints.alerts", "inproc://alerts");
    int hwm = (int)pw_config_get_int(cfg, "endpoints.hwm", 0);
    const char *secret = pw_config_get_str(cfg, "endpoints.curve_secret_file", NULL);
    const char *server_pub = pw_config_get_str(cfg, "endpoints.curve_server_public_file", NULL);
    /* Binding stages are CURVE servers (their key pair, the client list); connecting ones clients (the server's
     * public key, and this process's key pair as its client key when it has one). */
    pw_bus_opts srv = {.hwm = hwm, .curve_secret_file = secret,
                       .curve_clients_file = secret ? pw_config_get_str(cfg, "endpoints.curve_clients_file", NULL) : NULL};
    pw_bus_opts cli = {.hwm = hwm, .curve_server_public_file = server_pub,
                       .curve_secret_file = server_pub ? secret : NULL};
    long nshards = pw_config_get_int(cfg, "stages.correlate.shards", 1);
    if (nshards < 1 || nshards > PW_SHARD_MAX) {
        fprintf(stderr, "patchwatch run: stages.correlate.shards must be 1..%d\n", PW_SHARD_MAX);
        rc = PW_EXIT_USAGE;
        goto out;
    }
    stage_sel sel;
    if (parse_stage(only_stage, cfg, nshards, &sel, &err)) {
        fprintf(stderr, "patchwatch run: %s\n", err.msg);
        rc = PW_EXIT_USAGE;
        goto out;
    }
    /* the shards' inputs: configured, else in-process names; one unsharded correlator takes the events endpoint */
    const json_t *eps = pw_config_get(cfg, "stages.correlate.endpoints");
    if (eps && json_array_size(eps) != (size_t)nshards) {
        fprintf(stderr, "patchwatch run: stages.correlate.endpoints has %zu entries for %ld shards\n",
                json_array_size(eps), nshards);
        rc = PW_EXIT_USAGE;
        goto out;
    }
    for (long k = 0; k < nshards; k++) {
        const char *e = json_string_value(json_array_get(eps, (size_t)k));
        if (!e && nshards == 1) e = events_ep;
        if (!e && !sel.all) {
            fprintf(stderr, "patchwatch run: --stage with %ld shards needs stages.correlate.endpoints (one each)\n",
                    nshards);
            rc = PW_EXIT_USAGE;
            goto out;
        }
        snprintf(shard_ep[k], sizeof shard_ep[k], "%s", e ? e : "");
        if (!e) snprintf(shard_ep[k], sizeof shard_ep[k], "inproc://shard-%ld", k);
        else if (strlen(e) >= sizeof shard_ep[k]) {
            fprintf(stderr, "patchwatch run: endpoint %s is too long\n", e);
            rc = PW_EXIT_USAGE;
            goto out;
        }
    }
    int use_router = (sel.all && nshards > 1) || sel.source;
    if (!sel.all && (strncmp(alerts_ep, "inproc://", 9) == 0 ||
                     (use_router && strncmp(shard_ep[0], "inproc://", 9) == 0))) {
        fprintf(stderr, "patchwatch run: --stage: the endpoints that join processes must be tcp:// or ipc:// "
                        "(endpoints.alerts, stages.correlate.endpoints)\n");
        rc = PW_EXIT_USAGE;
        goto out;
    }
    signal(SIGPIPE, SIG_IGN);
    if (!(zctx = pw_bus_ctx_new(&err))) goto fail;
    if (!mkdtemp(tmpdir)) {
        pw_error_set(&err, PW_ERR_IO, "cannot create a directory under /tmp for the sinks' sockets");
        goto fail;
    }
    have_tmpdir = 1;

    /* sinks: each gets the topics it asked for (default: alerts) */
    const json_t *sinks = pw_config_get(cfg, "sinks");
    unsigned wanted = 0;
    want_sinks = sel.all || sel.sinks;
    for (size_t i = 0; i < json_array_size(sinks); i++) {
        const json_t *sk = json_array_get(sinks, i);
        if (!pw_config_get_bool(sk, "enabled", true)) continue;
        const json_t *topics = pw_config_get(sk, "topics");
        for (size_t t = 0; t < json_array_size(topics); t++)
            wanted |= topic_bit(json_string_value(json_array_get(topics, t)));
        if (!want_sinks) continue;
        if (sink.nouts == RUN_SINKS_MAX) {
            pw_error_set(&err, PW_ERR_LIMIT, "more than %d sinks", RUN_SINKS_MAX);
            goto fail;
        }
        sink_out *o = &sink.outs[sink.nouts++];
        if (sink_setup(o, sk, i, tmpdir, &err)) {
            pw_error_prefix(&err, "sink %s: ", o->name[0] ? o->name : "?");
            goto fail;
        }
        wanted |= o->topics;
    }
    if (want_sinks && sink.nouts == 0) {
        sink_out *o = &sink.outs[sink.nouts++];
        snprintf(o->name, sizeof o->name, "stdout");
        o->topics = wanted = TOPIC_ALERT;
        o->human = isatty(1) && !force_json;
        if (!(o->out = pw_out_open("-", &err))) goto fail;
    }
    if (want_sinks && !(sink.in = pw_bus_pull(zctx, alerts_ep, PW_BUS_BIND, opts_for(alerts_ep, &srv), &err)))
        goto fail;

    int any_live = 0;
    const json_t *sources = pw_config_get(cfg, "sources");
    for (size_t i = 0; i < json_array_size(sources); i++) {
        const json_t *sc = json_array_get(sources, i);
        if (!pw_config_get_bool(sc, "enabled", true)) continue;
        const char *kind = pw_config_get_str(sc, "kind", "");
        const char *name = pw_config_get_str(sc, "name", kind);
        int live = strcmp(kind, "syslog") == 0 || pw_config_get_bool(sc, "follow", false) ||
                   pw_config_get_bool(sc, "poll", false);
        any_live |= live;
        if (!sel.all && !(sel.source && strcmp(sel.source, name) == 0)) continue;
        if (nsrc == MAX_SOURCES) {
            pw_error_set(&err, PW_ERR_LIMIT, "more than %d sources", MAX_SOURCES);
            goto fail;
        }
        source *s = &srcs[nsrc++];
        memset(s, 0, sizeof *s);
        s->cfg = sc;
        s->kind = kind;
        snprintf(s->name, sizeof s->name, "%s", name);
        s->live = live;
        s->zctx = zctx;
        /* behind a router the sources write to it in process; otherwise straight to the correlator */
        s->events_ep = sel.source ? "inproc://pw-route-events" : events_ep;
        s->advisories_ep = sel.source ? "inproc://pw-route-advisories" : adv_ep;
        s->bus_opts = opts_for(s->events_ep, &cli);
        s->rules = rules;
    }
    if (sel.all && nsrc == 0) {
        fprintf(stderr, "patchwatch run: %s declares no enabled source: nothing to do\n", path);
        rc = PW_EXIT_USAGE;
        goto out;
    }

    /* correlator shards: this process runs all of them (no --stage) or the one it was started as */
    for (long k = 0; k < nshards; k++) {
        if (!sel.all && sel.shard != k) continue;
        corr_thread *t = &ct[k];
        if (!(t->alerts = pw_out_open_bus(alerts_ep, zctx, opts_for(alerts_ep, &cli), &err))) goto fail;
        const char *state = pw_config_get_str(cfg, "stages.correlate.state", NULL);
        if (state && nshards > 1) { /* each shard learns a part: each keeps its own state */
            snprintf(t->state, sizeof t->state, "%s.shard-%ld-of-%ld", state, k, nshards);
            state = t->state;
        }
        t->so = (pw_corr_stage_opts){.zmq_ctx = zctx, .bind = 1, .alerts = t->alerts, .rules = rules,
                                     .stop = &corr_stop, .forward = t->alerts,
                                     .forward_events = !!(wanted & TOPIC_EVENT),
                                     .forward_advisories = !!(wanted & TOPIC_ADVISORY), .state = state,
                                     .inventory = pw_config_get_str(cfg, "stages.correlate.inventory", NULL),
                                     .live = any_live, .finite_producers = 0,
                                     .shard = (unsigned)k, .nshards = (unsigned)nshards};
        /* the correlator runs until told: when every source has ended, or after a signal once they have */
        t->so.drain_ms = sel.all ? 60000 : PW_CORR_STAGE_DRAIN_MS * 5;
        if (nshards == 1 && sel.all) {
            t->so.inputs[0] = events_ep;
            t->so.inputs[1] = adv_ep;
            t->so.ninputs = 2;
            t->so.bus_opts = opts_for(events_ep, &srv);
        } else {
            t->so.inputs[0] = shard_ep[k];
            t->so.ninputs = 1;
            t->so.bus_opts = opts_for(shard_ep[k], &srv);
        }
        t->started = 1;
        nct = (size_t)k + 1;
    }
    if (use_router) {
        rt.so = (pw_shard_stage_opts){.zmq_ctx = zctx, .bind = 1, .rules = rules, .nshards = (size_t)nshards,
                                      .out_opts = opts_for(shard_ep[0], &cli), .drain_ms = 60000,
                                      .stop = &router_stop_flag};
        rt.so.inputs[0] = sel.all ? events_ep : "inproc://pw-route-events";
        rt.so.inputs[1] = sel.all ? adv_ep : "inproc://pw-route-advisories";
        rt.so.ninputs = 2;
        rt.so.in_opts = opts_for(rt.so.inputs[0], &srv);
        for (long k = 0; k < nshards; k++) rt.so.shards[k] = shard_ep[k];
    }

    if (!metrics_listen) metrics_listen = pw_config_get_str(cfg, "metrics.listen", NULL);
    if (metrics_listen) {
        metrics_register(srcs, nsrc, ct, nct, &sink);
        hc = (health_ctx){.srcs = srcs, .nsrc = nsrc, .ct = ct, .nct = nct};
        pw_metrics_health_add("stages", health_stages, &hc);
        if (!(msrv = pw_metrics_server_start(metrics_listen, &err))) goto fail;
        pw_log_info("run: metrics on http://127.0.0.1:%d/metrics and /healthz", pw_metrics_server_port(msrv));
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    struct sigaction sh = {.sa_handler = on_hup};
    sigemptyset(&sh.sa_mask);
    sigaction(SIGHUP, &sh, NULL);

    if (want_sinks) {
        if (pthread_create(&sink.thread, NULL, sink_main, &sink)) goto fail_threads;
        sink_started = 1;
    }
    for (size_t k = 0; k < nct; k++) {
        if (!ct[k].started) continue;
        if (pthread_create(&ct[k].thread, NULL, corr_main, &ct[k])) {
            ct[k].started = 0;
            goto fail_threads;
        }
    }
    if (use_router) {
        if (pthread_create(&rt.thread, NULL, router_main, &rt)) goto fail_threads;
        rt.started = 1;
    }
    for (; started < nsrc; started++)
        if (pthread_create(&srcs[started].thread, NULL, source_main, &srcs[started])) goto fail_threads;
    if (only_stage) pw_log_info("run: stage %s started", only_stage);

    pw_sdnotify("READY=1\nSTATUS=running");
    /* Supervise: a failed stage stops the others; a signal stops the sources, then the router passes on what it
     * holds, then the correlator shards drain. Whatever still blocks after its grace time is cut loose. */
    int64_t stop_since = 0, grace = 0;
    const char *failed_stage = NULL;
    char failed_buf[64];
    for (;;) {
        size_t ended = 0;
        for (size_t i = 0; i < started; i++) {
            ended += srcs[i].done;
            if (srcs[i].done && srcs[i].failed && !failed_stage && !signals_seen) failed_stage = srcs[i].name;
        }
        size_t corr_done = 0;
        for (size_t k = 0; k < nct; k++) {
            if (!ct[k].started) {
                corr_done++;
                continue;
            }
            corr_done += ct[k].done;
            if (ct[k].done && ct[k].rc && !failed_stage) {
                snprintf(failed_buf, sizeof failed_buf, nshards > 1 ? "correlate.%zu" : "correlate", k);
                failed_stage = failed_buf;
            }
        }
        if (rt.started && rt.done && rt.rc && !failed_stage) failed_stage = "router";
        if (hup_flag && !stop_flag) {
            hup_flag = 0;
            pw_error herr = {0};
            if (reload_check(path, &herr)) {
                pw_log_error("run: reload refused, the running configuration and rules stay: %s", herr.msg);
            } else {
                pw_log_warn("run: %s and its rules check out: restarting the pipeline with them", path);
                *reload = 1;
                stop_flag = 1;
            }
        }
        if (failed_stage && !grace) {
            stop_flag = corr_stop = router_stop_flag = 1;
            grace = FAIL_GRACE_US;
            stop_since = pw_time_mono_us();
        } else if (stop_flag && !grace) {
            pw_sdnotify("STOPPING=1");
            /* a correlator started alone decides everything it still holds now: give it longer */
            grace = sel.shard >= 0 && !sel.all ? 10 * STOP_GRACE_US : STOP_GRACE_US;
            stop_since = pw_time_mono_us();
            pw_log_info("run: stopping: sources first, then the correlator drains");
        }
        int sources_over = ended == started && (stop_flag || (sel.all ? !any_live : nsrc > 0 && !srcs[0].live));
        if (sources_over) router_stop_flag = 1;
        int router_over = !rt.started || rt.done;
        /* a correlator started alone runs until told (its producers are other processes) */
        if (sources_over && router_over && (sel.all || stop_flag)) corr_stop = 1;
        if (sources_over && router_over && corr_done == nct && (!sel.sinks || stop_flag)) break;
        if (grace && !forced && pw_time_mono_us() - stop_since > grace) {
            pw_log_warn("run: stages still blocked %lld s after stopping: cutting the bus", (long long)(grace / 1000000));
            forced = 1;
            pw_bus_ctx_shutdown(zctx);
        }
        usleep(20000);
    }
    for (size_t i = 0; i < started; i++) pthread_join(srcs[i].thread, NULL);
    if (rt.started) pthread_join(rt.thread, NULL);
    rt.started = 0;
    pw_corr_stage_stats sum = {0};
    for (size_t k = 0; k < nct; k++) {
        if (!ct[k].started) continue;
        pthread_join(ct[k].thread, NULL);
        ct[k].started = 0;
        pw_out_close(ct[k].alerts, NULL); /* the correlator's last alerts are queued for the sink thread */
        ct[k].alerts = NULL;
        sum.events += ct[k].st.events;
        sum.advisories += ct[k].st.advisories;
        sum.alerts += ct[k].st.alerts;
        sum.bad_messages += ct[k].st.bad_messages;
    }
    sink.done = 1;
    if (sink_started) pthread_join(sink.thread, NULL);
    sink_started = 0;
    if (nct)
        pw_log_info("run: %llu events, %llu advisories, %llu alerts, %llu bad messages",
                    (unsigned long long)sum.events, (unsigned long long)sum.advisories, (unsigned long long)sum.alerts,
                    (unsigned long long)sum.bad_messages);
    if (use_router)
        pw_log_info("run: router: %llu events (%llu to every shard), %llu host announcements, %llu advisories",
                    (unsigned long long)rt.st.events, (unsigned long long)rt.st.broadcast,
                    (unsigned long long)rt.st.hostseen, (unsigned long long)rt.st.advisories);
    if (failed_stage) {
        const char *why = "stopped";
        for (size_t i = 0; i < started; i++)
            if (strcmp(srcs[i].name, failed_stage) == 0) why = srcs[i].err.msg;
        for (size_t k = 0; k < nct; k++)
            if (failed_stage == failed_buf && ct[k].rc && ct[k].done) why = ct[k].err.msg;
        if (strcmp(failed_stage, "router") == 0) why = rt.err.msg;
        fprintf(stderr, "patchwatch run: stage %s failed: %s\n", failed_stage, why);
        rc = PW_EXIT_RUNTIME;
        goto out;
    }
    rc = forced ? PW_EXIT_RUNTIME : PW_EXIT_OK;
    for (size_t i = 0; i < nsrc; i++)
        if (srcs[i].failed && !signals_seen) rc = PW_EXIT_RUNTIME;
    if (sink.failed && !forced) {
        fprintf(stderr, "patchwatch run: sink: %s\n", sink.err.msg);
        rc = PW_EXIT_RUNTIME;
    }
    goto out;
fail_threads:
    pw_error_set(&err, PW_ERR_INTERNAL, "cannot start a thread");
    stop_flag = corr_stop = router_stop_flag = 1;
    for (size_t i = 0; i < started; i++) pthread_join(srcs[i].thread, NULL);
fail:
    fprintf(stderr, "patchwatch run: %s\n", err.msg);
    rc = PW_EXIT_RUNTIME;
out:
    pw_metrics_server_stop(msrv);
    pw_metrics_forget(&hc);
    for (size_t k = 0; k < PW_SHARD_MAX; k++) pw_metrics_forget(&ct[k]);
    corr_stop = router_stop_flag = 1;
    if (rt.started) pthread_join(rt.thread, NULL);
    for (size_t k = 0; k < PW_SHARD_MAX; k++) {
        if (ct[k].started) pthread_join(ct[k].thread, NULL);
        if (ct[k].alerts) pw_out_close(ct[k].alerts, NULL);
        ct[k].started = 0;
        ct[k].alerts = NULL;
    }
    sink.done = 1;
    if (sink_started) pthread_join(sink.thread, NULL);
    pw_bus_close(sink.in, NULL);
    for (size_t i = 0; i < sink.nouts; i++) {
        if (sink.outs[i].out) pw_out_close(sink.outs[i].out, NULL);
        pw_error cerr = {0};
        if (sink.outs[i].store && pw_tl_store_close(sink.outs[i].store, &cerr)) {
            fprintf(stderr, "patchwatch run: sink %s: %s\n", sink.outs[i].name, cerr.msg);
            if (rc == PW_EXIT_OK) rc = PW_EXIT_RUNTIME;
        }
    }
    external_stop = 1; /* the external sinks drain their sockets, then stop */
    for (size_t i = 0; i < sink.nouts; i++) {
        if (!sink.outs[i].thread_started) continue;
        pthread_join(sink.outs[i].thread, NULL);
        if (sink.outs[i].rc && rc == PW_EXIT_OK) rc = PW_EXIT_RUNTIME;
    }
    if (!forced) pw_bus_ctx_destroy(zctx); /* after a cut, queued messages would keep zmq_ctx_term waiting */
    if (have_tmpdir) {
        for (size_t i = 0; i < sink.nouts; i++)
            if (sink.outs[i].endpoint[0]) unlink(sink.outs[i].endpoint + strlen("ipc://"));
        rmdir(tmpdir);
    }
    pw_rules_free(rules);
    json_decref(cfg);
    return rc;
}
