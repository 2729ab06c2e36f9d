/* patchwatch run: every stage of a configuration in one process, wired over the bus (inproc:// by default).
 *
 *   producer threads (one per source) --events/advisories--> correlate stage --alerts--> sink thread
 *
 * Sources are plugins of the registry (ingest/sources.h); run builds one thread per enabled entry of
 * `sources` from it. Sources that read a finite input (evtx files, log files with follow: false, feed
 * directories, export files) end; when all have ended and no live source (syslog listener, followed files, polled
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
#include "ingest/feeds.h"
#include "ingest/inventory_read.h"
#include "ingest/sources.h"
#include "rules/rules.h"
#include "sinks/http.h"
#include "sinks/jsonl.h"
#include "sinks/registry.h"
#include "sinks/syslog.h"
#include "timeline/store.h"
#include "incidents/incident.h"
#include "incidents/incident_table.h"
#include "incidents/notify.h"

#define MAX_SOURCES 64

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
/* SIGTERM: sources end, then the router and the correlator drain what the bus holds (at most endpoints.hwm per
 * hop) for as long as records keep moving. The bus is cut only when nothing moved for STOP_STALL_US (a stage is
 * stuck, e.g. a sink blocked on a full queue) or after STOP_MAX_US in all (below systemd's 90 s TimeoutStopSec),
 * so a slow correlator finishes its backlog instead of losing it. A second signal exits at once. */
#define STOP_STALL_US 5000000LL
#define STOP_MAX_US 60000000LL

typedef struct source {
    const json_t *cfg;
    size_t idx; /* position in `sources` */
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

/* ---- sources ------------------------------------------------------------------------------------------ */

/* Each source is a plugin of the registry (ingest/sources.h) run on its own thread; what it reads goes on
 * the bus through these two callbacks. */
static int emit_event(void *ud, pw_event *ev, pw_error *err) { return pw_out_event(ud, ev, err); }
static int emit_advisory(void *ud, const pw_advisory *a, pw_error *err) { return pw_out_advisory(ud, a, err); }

static void *source_main(void *arg)
{
    source *s = arg;
    const pw_source_plugin *p = pw_source_find(s->kind);
    const char *ep = p && p->advisories ? s->advisories_ep : s->events_ep;
    pw_out *out = pw_out_open_bus(ep, s->zctx, s->bus_opts, &s->err);
    int rc = -1;
    if (out) {
        pw_out_count_into(out, s->records);
        pw_source_emit em = {.event = emit_event, .advisory = emit_advisory, .ud = out};
        pw_source_stage st;
        if (pw_source_stage_init(&st, s->cfg, s->idx, &em, &stop_flag, s->rules, &s->err) == 0) {
            rc = pw_source_stage_run(&st, &s->err);
            pw_source_stage_exit(&st);
        }
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
enum { TOPIC_EVENT = 1, TOPIC_ADVISORY = 2, TOPIC_ALERT = 4, TOPIC_INCIDENT = 8, TOPIC_NOTIFICATION = 16 };

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
    pw_sink_jsonl_opts jsonl; /* a jsonl file with size rotation runs on the engine like the network sinks */
    char endpoint[256];
    char to[300];
    char auth[1200];
    char hdr[PW_HTTP_HEADERS_MAX][512];
    pw_sink_stats st;
    int rc;
    pw_error err;
    const pw_sink_plugin *plugin; /* kinds slack, teams, smtp: a plugin on the sink engine, like http */
    void *pctx;
    pw_sink_input pin;
    char qname[64];
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
    pw_incident_engine *inc; /* alerts -> incidents -> notifications, in the sink thread */
    pw_notify_policy *pol;
    int table_rows;
} sink_thread;

static unsigned topic_bit(const char *t)
{
    return strcmp(t, "event") == 0 ? TOPIC_EVENT : strcmp(t, "advisory") == 0 ? TOPIC_ADVISORY
         : strcmp(t, "alert") == 0 ? TOPIC_ALERT : strcmp(t, "incident") == 0 ? TOPIC_INCIDENT
         : strcmp(t, "notification") == 0 ? TOPIC_NOTIFICATION : 0;
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

static void dispatch(sink_thread *k, const char *topic, unsigned bit, const char *json, size_t len);

/* Incidents and notifications made in this thread go to the sinks like bus messages. */
static int dispatch_json(sink_thread *k, const char *topic, const json_t *rec)
{
    char *s = json_dumps(rec, JSON_COMPACT);
    if (!s) return -1;
    dispatch(k, topic, topic_bit(topic), s, strlen(s));
    free(s);
    return 0;
}

static int run_on_notification(const json_t *n, void *ud) { return dispatch_json(ud, "notification", n); }

static int run_on_incident(const json_t *inc, void *ud)
{
    sink_thread *k = ud;
    pw_error e = {0};
    if (dispatch_json(k, "incident", inc)) return -1;
    if (k->pol && pw_notify_on_incident(k->pol, inc, &e)) pw_log_warn("run: notification policy: %s", e.msg);
    return 0;
}

/* Alerts and advisories feed the incident engine; a bad record is logged, never fatal. */
static void feed_incidents(sink_thread *k, unsigned bit, const char *json, size_t len)
{
    pw_error e = {0};
    if (!k->inc) return;
    if (bit == TOPIC_ALERT) {
        pw_alert a;
        pw_alert_init(&a);
        if (pw_alert_from_json(&a, json, len, &e) == 0 &&
            (pw_notify_advance(k->pol, a.ts, &e) || pw_incident_advance(k->inc, a.ts, &e) ||
             pw_notify_on_alert(k->pol, &a, &e) || pw_incident_on_alert(k->inc, &a, &e)) == 0)
            e.msg[0] = 0;
        pw_alert_free(&a);
    } else if (bit == TOPIC_ADVISORY) {
        pw_advisory a;
        pw_advisory_init(&a);
        if (pw_advisory_from_json(&a, json, len, &e) == 0 && pw_incident_on_advisory(k->inc, &a, &e) == 0) e.msg[0] = 0;
        pw_advisory_free(&a);
    }
    if (e.msg[0]) pw_log_warn("run: incidents: %s", e.msg);
}

static void dispatch(sink_thread *k, const char *topic, unsigned bit, const char *json, size_t len)
{
    for (size_t i = 0; i < k->nouts; i++) {
        sink_out *o = &k->outs[i];
        if (!(o->topics & bit)) continue;
        if (o->human && bit == TOPIC_ALERT) {
            print_alert_line(json, len);
            continue;
        }
        if (o->human && (bit == TOPIC_INCIDENT || bit == TOPIC_NOTIFICATION)) { /* the incident table */
            json_t *r = json_loadb(json, len, 0, NULL);
            char row[400];
            if (bit == TOPIC_INCIDENT) {
                if (!k->table_rows++) printf("%s\n", pw_incident_table_header());
                pw_incident_table_row(r, row, sizeof row);
                printf("%s\n", row);
            } else {
                printf("  -> notification %-13s %s\n", json_string_value(json_object_get(r, "kind")),
                       json_string_value(json_object_get(r, "title")));
            }
            fflush(stdout);
            json_decref(r);
            continue;
        }
        if (o->store) { /* a record the store refuses is logged and skipped; the others go on */
            pw_error serr = {0};
            if (pw_tl_store_put(o->store, topic, json, len, &serr)) pw_log_warn("run: sink %s: %s", o->name, serr.msg);
            continue;
        }
        if (pw_out_raw(o->out, topic, json, len, &k->err)) k->failed = 1;
        /* alerts are rare and someone may be watching the file: each is flushed */
        if (bit != TOPIC_EVENT && pw_out_flush(o->out, &k->err)) k->failed = 1;
    }
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
        if (bit == TOPIC_INCIDENT || bit == TOPIC_NOTIFICATION) continue; /* made here, not taken from peers */
        dispatch(k, msg.topic, bit, msg.body.data, msg.body.len);
        feed_incidents(k, bit, msg.body.data, msg.body.len);
        k->delivered++;
    }
    if (k->pol) { /* what quiet hours held: told now rather than lost */
        pw_error e = {0};
        if (pw_notify_advance(k->pol, PW_TS_NONE, &e)) pw_log_warn("run: notification policy: %s", e.msg);
    }
    pw_bus_msg_free(&msg);
    return NULL;
}

static volatile sig_atomic_t external_stop; /* set once the sink thread has handed everything over */

static void *external_main(void *arg)
{
    sink_out *o = arg;
    o->rc = o->plugin     ? pw_sink_run_plugin(&o->pin, o->plugin, o->pctx, &o->st, &o->err)
            : o->syslog.to ? pw_sink_syslog_run(&o->syslog, &o->st, &o->err)
            : o->jsonl.out ? pw_sink_jsonl_run(&o->jsonl, &o->st, &o->err)
                           : pw_sink_http_run(&o->http, &o->st, &o->err);
    if (o->rc) pw_log_error("run: sink %s: %s", o->name, o->err.msg);
    return NULL;
}

/* Sets up one sink of the configuration; external kinds get an ipc:// endpoint under dir. */
static int sink_setup(sink_out *o, const json_t *sk, size_t idx, const char *dir, pw_error *err)
{
    const char *kind = pw_config_get_str(sk, "kind", "");
    snprintf(o->name, sizeof o->name, "%s", pw_config_get_str(sk, "name", kind));
    const json_t *topics = pw_config_get(sk, "topics");
    for (size_t t = 0; t < json_array_size(topics); t++) o->topics |= topic_bit(json_string_value(json_array_get(topics, t)));
    if (!topics) o->topics = TOPIC_ALERT;
    if (strcmp(kind, "sqlite") == 0) { /* the timeline store wants installs, reports, alerts and incidents alike */
        o->topics = TOPIC_EVENT | TOPIC_ADVISORY | TOPIC_ALERT | TOPIC_INCIDENT | TOPIC_NOTIFICATION;
        pw_tl_store_opts so = {.evidence_cap = (int)pw_config_get_int(sk, "evidence_cap", 20)};
        if (!(o->store = pw_tl_store_open(pw_config_get_str(sk, "path", NULL), &so, err))) return -1;
        const char *inv = pw_config_get_str(sk, "inventory", NULL);
        return inv && pw_tl_store_load_inventory(o->store, inv, err) ? -1 : 0;
    }
    if (strcmp(kind, "jsonl") == 0) {
        const char *path = pw_config_get_str(sk, "path", "-");
        o->human = strcmp(path, "-") == 0 && isatty(1) && !force_json;
        if (o->human) o->topics |= TOPIC_INCIDENT | TOPIC_NOTIFICATION;
        if (pw_config_get_int(sk, "max_size", 0) <= 0) return (o->out = pw_out_open(path, err)) ? 0 : -1;
    }
    static const pw_sink_plugin *const notifiers[] = {&pw_sink_plugin_slack, &pw_sink_plugin_teams, &pw_sink_plugin_smtp};
    for (size_t i = 0; i < sizeof notifiers / sizeof notifiers[0] && !o->plugin; i++)
        if (strcmp(kind, notifiers[i]->name) == 0) o->plugin = notifiers[i];
    if (o->plugin) {
        /* a durable network sink on the engine: the URL (a secret when it comes from url_file) goes in as `url` */
        o->topics = TOPIC_NOTIFICATION;
        json_t *c = json_deep_copy(sk);
        const char *uf = pw_config_get_str(sk, "url_file", NULL);
        char url[2048];
        int r = !c || (uf && pw_sink_read_secret(uf, url, sizeof url, err)) ? -1 : 0;
        if (r == 0 && uf) json_object_set_new(c, "url", json_string(url));
        if (r == 0) r = o->plugin->init(&o->pctx, c, err);
        if (r == 0) pw_sink_default_name(kind, pw_config_get_str(c, "url", ""), o->qname, sizeof o->qname);
        json_decref(c);
        if (r) return pw_error_prefix(err, "sink %s", o->name), -1;
    }
    snprintf(o->endpoint, sizeof o->endpoint, "ipc://%s/sink-%zu.sock", dir, idx);
    pw_sink_input in = {.in = o->endpoint, .bind = 1, .stop = &external_stop}; /* name: KIND-HASH(target) */
    pw_sink_input_from_cfg(sk, &in); /* queue_dir, fsync, queue_max, queue_full, retries, dead_letter, batch */
    if (strcmp(kind, "jsonl") == 0) {
        o->jsonl = (pw_sink_jsonl_opts){.input = in, .out = pw_config_get_str(sk, "path", "-"),
                                        .max_size = pw_config_get_int(sk, "max_size", 0),
                                        .keep = (int)pw_config_get_int(sk, "keep", 5)};
    } else if (strcmp(kind, "syslog") == 0) {
        const char *to = pw_config_get_str(sk, "to", NULL);
        if (to) snprintf(o->to, sizeof o->to, "%s", to);
        else snprintf(o->to, sizeof o->to, "%s://%s", pw_config_get_str(sk, "transport", "udp"),
                      pw_config_get_str(sk, "address", ""));
        o->syslog = (pw_sink_syslog_opts){.input = in, .to = o->to, .facility = -1,
                                          .app_name = pw_config_get_str(sk, "app_name", NULL),
                                          .hostname = pw_config_get_str(sk, "hostname", NULL),
                                          .connect_timeout_ms = (int)pw_config_get_duration_ms(sk, "connect_timeout",
                                                                                             10000),
                                          .sd_id = pw_config_get_str(sk, "sd_id", NULL),
                                          .ca_file = pw_config_get_str(sk, "ca_file", NULL),
                                          .cert_file = pw_config_get_str(sk, "tls_cert", NULL),
                                          .key_file = pw_config_get_str(sk, "tls_key", NULL)};
        if (pw_syslog_fmt_parse(pw_config_get_str(sk, "format", "rfc5424"), &o->syslog.format))
            return pw_error_set(err, PW_ERR_USAGE, "sink %s: bad format", o->name);
        if (pw_syslog_facility_parse(pw_config_get_str(sk, "facility", "local0"), &o->syslog.facility))
            return pw_error_set(err, PW_ERR_USAGE, "sink %s: unknown facility", o->name);
    } else if (strcmp(kind, "http") == 0) {
        o->http = (pw_sink_http_opts){.input = in, .url = pw_config_get_str(sk, "url", NULL),
                                      .ca_file = pw_config_get_str(sk, "ca_file", NULL),
                                      .timeout_ms = (int)pw_config_get_duration_ms(sk, "timeout", 30000),
                                      .batch = (int)pw_config_get_int(sk, "batch", 0),
                                      .index = pw_config_get_str(sk, "index", NULL),
                                      .host = pw_config_get_str(sk, "host", NULL),
                                      .source = pw_config_get_str(sk, "source", NULL),
                                      .sourcetype = pw_config_get_str(sk, "sourcetype", NULL),
                                      .token = pw_config_get_str(sk, "token", NULL),
                                      .gzip = pw_config_get_bool(sk, "gzip", false)};
        if (!o->http.token && !pw_config_get_str(sk, "token_file", NULL))
            o->http.token = getenv(pw_config_get_str(sk, "token_env", PW_HTTP_TOKEN_ENV));
        if (pw_http_mode_parse(pw_config_get_str(sk, "format", "webhook"), &o->http.mode))
            return pw_error_set(err, PW_ERR_USAGE, "sink %s: bad format", o->name);
        const char *token_file = pw_config_get_str(sk, "token_file", NULL);
        if (token_file) {
            char token[1024];
            if (pw_sink_read_secret(token_file, token, sizeof token, err)) return -1;
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
    } else if (o->plugin) {
        if (!in.name) in.name = o->qname; /* the queue directory's name: kind and a hash of the URL */
        o->pin = in;
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

/* Records moved so far by the router, the correlators and the sink thread: while a stop drains the bus, a sum
 * that changes says the drain is making progress. A correlator evaluating its last hours (its input ended) moves
 * no records but is working: then the sum is UINT64_MAX, "still moving". Read without a lock, like the metrics
 * below (a count may be one update old, which only delays the verdict by one look). */
static uint64_t progress(const router_thread *rt, const corr_thread *ct, size_t nct, const sink_thread *sk)
{
    uint64_t n = rt->st.events + rt->st.advisories + sk->delivered + sk->ignored;
    for (size_t k = 0; k < nct; k++) {
        if (ct[k].started && ct[k].st.deciding && !ct[k].done) return UINT64_MAX;
        n += ct[k].st.events + ct[k].st.advisories + ct[k].st.bad_messages;
    }
    return n;
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
                     "'%s' --out '%s/fleet' --seed 7 --hosts 24 --days 24 --bad csv --report before >/dev/null", gen,
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
    json_t *cfg = NULL, *inventory = NULL; /* the correlator's (stages.correlate.inventory) */
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
        if (o->human) o->topics = wanted = TOPIC_ALERT | TOPIC_INCIDENT | TOPIC_NOTIFICATION;
        if (!(o->out = pw_out_open("-", &err))) goto fail;
    }
    if (want_sinks && (wanted & (TOPIC_INCIDENT | TOPIC_NOTIFICATION))) { /* alerts -> incidents -> notifications */
        pw_notify_opts no;
        pw_notify_opts_default(&no);
        if (pw_notify_opts_from_json(&no, pw_config_get(cfg, "notify"), &err) ||
            !(sink.pol = pw_notify_new(&no, run_on_notification, &sink, &err)) ||
            !(sink.inc = pw_incident_new(NULL, run_on_incident, &sink, &err)))
            goto fail;
        const char *inv = pw_config_get_str(cfg, "stages.correlate.inventory", NULL);
        if (inv && pw_incident_load_inventory(sink.inc, inv, &err)) goto fail;
        wanted |= TOPIC_ALERT | TOPIC_ADVISORY; /* what the engine reads */
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
        const pw_source_plugin *plugin = pw_source_find(kind);
        if (!plugin) { /* config check refuses it first; a config built in memory might not have been checked */
            pw_error_set(&err, PW_ERR_USAGE, "source %s: unknown kind '%s'", name, kind);
            goto fail;
        }
        int live = plugin->is_live ? plugin->is_live(sc) : 0;
        any_live |= live;
        if (!sel.all && !(sel.source && strcmp(sel.source, name) == 0)) continue;
        if (nsrc == MAX_SOURCES) {
            pw_error_set(&err, PW_ERR_LIMIT, "more than %d sources", MAX_SOURCES);
            goto fail;
        }
        source *s = &srcs[nsrc++];
        memset(s, 0, sizeof *s);
        s->cfg = sc;
        s->idx = i;
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
    const char *inv_path = pw_config_get_str(cfg, "stages.correlate.inventory", NULL);
    if (inv_path && nshards > 0 && !(inventory = pw_inventory_read(inv_path, &err))) goto fail;
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
                                     .inventory = inventory,
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
     * holds, then the correlator shards drain while records keep moving (STOP_STALL_US, STOP_MAX_US). */
    int64_t stop_since = 0, grace = 0, moved_at = 0;
    uint64_t moved = 0;
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
            grace = STOP_MAX_US;
            stop_since = moved_at = pw_time_mono_us();
            pw_log_info("run: stopping: sources first, then the correlator drains");
        }
        int sources_over = ended == started && (stop_flag || (sel.all ? !any_live : nsrc > 0 && !srcs[0].live));
        if (sources_over) router_stop_flag = 1;
        int router_over = !rt.started || rt.done;
        /* a correlator started alone runs until told (its producers are other processes) */
        if (sources_over && router_over && (sel.all || stop_flag)) corr_stop = 1;
        if (sources_over && router_over && corr_done == nct && (!sel.sinks || stop_flag)) break;
        if (grace && !failed_stage) { /* draining after a signal: is anything still moving? */
            uint64_t now_moved = progress(&rt, ct, nct, &sink);
            if (now_moved != moved || now_moved == UINT64_MAX) moved = now_moved, moved_at = pw_time_mono_us();
        }
        int64_t now = pw_time_mono_us();
        if (grace && !forced && (now - stop_since > grace || (!failed_stage && now - moved_at > STOP_STALL_US))) {
            pw_log_warn("run: stages still blocked %lld s after stopping (%lld s without a record moving): cutting "
                        "the bus", (long long)((now - stop_since) / 1000000), (long long)((now - moved_at) / 1000000));
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
    pw_incident_free(sink.inc);
    pw_notify_free(sink.pol);
    sink.inc = NULL;
    sink.pol = NULL;
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
    for (size_t i = 0; i < sink.nouts; i++)
        if (sink.outs[i].plugin) sink.outs[i].plugin->exit(sink.outs[i].pctx);
    if (!forced) pw_bus_ctx_destroy(zctx); /* after a cut, queued messages would keep zmq_ctx_term waiting */
    if (have_tmpdir) {
        for (size_t i = 0; i < sink.nouts; i++)
            if (sink.outs[i].endpoint[0]) unlink(sink.outs[i].endpoint + strlen("ipc://"));
        rmdir(tmpdir);
    }
    pw_rules_free(rules);
    json_decref(inventory);
    json_decref(cfg);
    return rc;
}
