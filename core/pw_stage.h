/* pw_stage: the plugin interface every source and sink implements, Fluent Bit style (struct flb_input_plugin /
 * flb_output_plugin). A plugin is a row in a registry table: a name, a one-line description, a config table
 * (core/pw_config_schema.h) from which `config check`, `config docs`, the `sink`/`ingest` CLI flags and their
 * --help all come, and callbacks. The engine (core/pw_stage.c, core/pw_queue.c) owns what every stage shares:
 * taking records off the bus, the durable on-disk queue of network sinks, batching, retries with back-off,
 * counters and shutdown. A sink is then only: init from its config, flush a batch, exit.
 *
 * This header is the contract between the engine and the plugins; change it only together with both. */
#ifndef PW_STAGE_H
#define PW_STAGE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/pw_config_schema.h"
#include "core/pw_error.h"

/* What a sink's flush answers, for the whole batch and for each record. */
typedef enum {
    PW_FLUSH_OK = 0,    /* the receiver accepted it: the record leaves the queue */
    PW_FLUSH_RETRY = 1, /* a temporary failure (connection refused, timeout, 408, 429, 5xx): the engine retries the
                           same record later with back-off; nothing is lost */
    PW_FLUSH_ERROR = 2  /* a permanent refusal of this record (400 mapping error, a body that is not JSON): the
                           engine writes it to the sink's dead-letter file with the reason and moves on */
} pw_flush_result;

/* One record as the engine hands it to a sink. The strings stay valid during the flush call only. */
typedef struct pw_sink_rec {
    const char *topic;  /* "event", "advisory", "alert", "incident", ... */
    const char *json;   /* one JSON object, NUL-terminated */
    size_t len;
    const char *id;     /* stable id: 32 hex digits, a hash of the content and origin (pw_stage_record_id), the
                           same after a restart, so receivers can deduplicate (_bulk _id, HEC field, syslog SD) */
} pw_sink_rec;

/* Per-batch outcome details a sink fills in; the engine logs and counts them. */
typedef struct pw_flush_report {
    pw_flush_result *status; /* status[i] for recs[i]; set by the sink when it returns a mixed result */
    char reason[256];        /* why (HTTP status and the receiver's message, errno text): for logs and the
                                dead-letter file; never contains secrets */
    int permanent_config_error; /* 1: retrying cannot help until an operator acts (TLS verify failure, 401/403):
                                   the engine keeps the records, logs once that it cannot heal by itself, and
                                   retries slowly */
    json_t *const *obj;      /* obj[i]: recs[i].json as the engine already parsed it (JSON_REJECT_DUPLICATES),
                                borrowed, read-only, valid during the call; the array or an entry may be NULL
                                (records read back from the durable queue, tests): parse json then. Saves a sink
                                that needs fields (syslog, HEC) a second parse per record. */
} pw_flush_report;

typedef struct pw_sink_plugin {
    const char *name;              /* "jsonl", "syslog", "http", "store", ... (the config's `kind`) */
    const char *description;       /* one line, for --help and config docs */
    const pw_cfg_table *config;    /* its keys beyond the common sink keys (name, kind, topics, queue, ...) */
    int durable;                   /* 1: network sink, the engine puts a durable queue in front of it */
    size_t batch_max;              /* records per flush call the sink can take (1: one at a time) */
    /* cfg: the sink's config object, validated against `config`, defaults filled in. */
    int (*init)(void **ctx, const json_t *cfg, pw_error *err);
    /* Delivers recs[0..n). Returns PW_FLUSH_OK when all were accepted, PW_FLUSH_RETRY when none was (nothing
     * was accepted: the whole batch comes again), or a mixed result: return PW_FLUSH_ERROR and set
     * rep->status[i] for every record (OK, RETRY or ERROR each). Must not block longer than its configured
     * timeout. */
    pw_flush_result (*flush)(void *ctx, const pw_sink_rec *recs, size_t n, pw_flush_report *rep);
    /* Called about once a second when idle (flush file buffers, keep-alives); may be NULL. */
    int (*idle)(void *ctx, pw_error *err);
    void (*exit)(void *ctx);
} pw_sink_plugin;

/* ==== Sources ==========================================================================================
 * (This block is the source side; the sink side above is kept separate on purpose: the two halves change
 * independently.) A source plugin reads one kind of input (evtx files, a syslog listener, tailed files, feed
 * documents, event export files) and publishes what it reads through callbacks the engine gives it: `run`
 * hands callbacks that put records on the bus; `replay` and tests hand callbacks that take them directly,
 * so every consumer sees the same events for the same input. The registry is ingest/sources.h. */

struct pw_event;
struct pw_advisory;
struct pw_rules;

/* Where a source's records go. Each callback returns 0, or -1 with err set to stop the source. The record
 * belongs to the source and is valid during the call only; the callee may add fields to an event (replay
 * assigns a signature) but not keep it. damage may be NULL: the source then only logs. */
typedef struct pw_source_emit {
    int (*event)(void *ud, struct pw_event *ev, pw_error *err);
    int (*advisory)(void *ud, const struct pw_advisory *a, pw_error *err);
    /* A damaged record that was skipped (counted by the receiver; the source logs the first few itself). */
    void (*damage)(void *ud, const char *where, unsigned long long line, const char *msg);
    void *ud;
} pw_source_emit;

/* What the engine gives a source at init; borrowed, valid until exit. */
typedef struct pw_source_env {
    const char *name;                    /* the source's name, for logs and messages */
    const pw_source_emit *emit;
    const volatile sig_atomic_t *stop;   /* run returns within about a second once *stop != 0 */
    const struct pw_rules *rules;        /* feeds: the source and extraction rules (may be NULL elsewhere) */
} pw_source_env;

typedef struct pw_source_plugin {
    const char *name;           /* the config's `kind`: "evtx", "syslog", "tail", "jsonl", "feeds", "files" */
    const char *description;    /* one line, for --help and config docs */
    const pw_cfg_table *config; /* its keys beyond the common source keys (kind, name, enabled, host) */
    int advisories;             /* 1: publishes advisories (feeds), 0: events */
    /* 1 when this configuration runs until stopped (a listener, followed files, polled feeds); 0 when it
     * reads a finite input and returns. */
    int (*is_live)(const json_t *cfg);
    /* cfg: validated against `config`, defaults filled in where the config loader fills them. */
    int (*init)(void **ctx, const json_t *cfg, const pw_source_env *env, pw_error *err);
    /* Reads and publishes until the input ends (finite sources) or *env->stop is set. 0, or -1 with err. */
    int (*run)(void *ctx, pw_error *err);
    void (*exit)(void *ctx);
} pw_source_plugin;

/* ---- the sink engine (core/pw_stage.c) ------------------------------------------------------------------
 * pw_stage_sink_run takes records off a bus endpoint, filters them by topic, gives each its stable id, writes
 * it to the durable queue (plugins with durable = 1) before anything else happens to it, and hands batches of
 * up to batch_max records to the plugin's flush. RETRY comes again after an exponential back-off with jitter
 * (retry_min_ms doubling up to retry_max_ms, each wait drawn between half and all of it, so many sinks that
 * failed together do not retry together); a permanent_config_error is retried every PW_STAGE_SLOW_RETRY_MS
 * and logged once as one that cannot heal by itself; ERROR records go to the dead-letter file with the
 * reason. A batch leaves the queue only when every record in it was accepted or dead-lettered. */

#define PW_STAGE_SLOW_RETRY_MS 60000 /* retry period for errors an operator must fix (TLS, 401/403) */
#define PW_STAGE_BATCH_BYTES ((size_t)8 << 20) /* a batch is full at this many JSON bytes too: receivers
                                                  refuse large bodies (Elasticsearch: 100 MB by default) */
#define PW_STAGE_LINGER_US 50000     /* a partial batch waits at most this long for more records: one request
                                        instead of many while records trickle in, at 50 ms of latency */

typedef struct pw_stage_input {
    const char *in;    /* bus endpoint to read from, e.g. tcp://127.0.0.1:5557, ipc:///run/pw.sock */
    int bind;          /* bind the endpoint (the producers connect) instead of connecting to it */
    int sub;           /* SUB instead of PULL (read a PUB fan-out) */
    const char *topic; /* only messages whose topic starts with this ("" or NULL: all) */
    uint64_t max_messages; /* stop after delivering this many (0: no limit) */
    int idle_timeout_ms;   /* stop after this long without a message (0: never) */
    const char *curve_secret_file;        /* CURVE (see core/pw_bus.h): server side when bind */
    const char *curve_server_public_file; /* client side when connecting */
    const char *curve_clients_file;       /* server side: only these client keys may connect */
    volatile sig_atomic_t *stop;          /* set (by a signal handler) to stop cleanly; may be NULL */
    /* engine settings (common sink keys: queue_dir, fsync, queue_max, queue_full, retries, dead_letter) */
    const char *name;        /* the sink's name in logs and metrics (default: the plugin's) */
    const char *queue_dir;   /* durable queue directory; required for durable plugins */
    const char *fsync;       /* always | interval (default) | never */
    uint64_t queue_max;      /* bytes (0: 1 GiB) */
    const char *queue_full;  /* drop_oldest (default) | block */
    int retries;             /* retries of a record before it is dead-lettered; 0: forever (default) */
    const char *dead_letter; /* file (JSON lines) for refused records; default QUEUE_DIR/dead-letter.jsonl,
                                none for local sinks (then they are only logged and counted) */
    size_t batch;            /* records per flush (0: the plugin's batch_max; never more than that) */
    int retry_min_ms, retry_max_ms; /* back-off bounds (0: 250 ms, 30 s) */
} pw_stage_input;

typedef struct pw_stage_stats {
    uint64_t received;  /* well-formed bus messages taken off the endpoint */
    uint64_t written;   /* records the plugin accepted or refused for good (--count counts these) */
    uint64_t filtered;  /* topic did not match */
    uint64_t invalid;   /* body not one JSON object, or refused by the receiver (dead-lettered) */
    uint64_t malformed; /* bus messages with the wrong framing: skipped */
    uint64_t retries;   /* flush calls that answered RETRY for some record */
    uint64_t dead_letters; /* records written to the dead-letter file (or logged, without one) */
    uint64_t dropped;   /* records the queue dropped at its cap (drop_oldest) */
    uint64_t queued;    /* records still in the durable queue at the end */
} pw_stage_stats;

/* The record id: 32 lowercase hex digits (two independent 64-bit hashes of topic and body) into out[33]. */
void pw_stage_record_id(const char *topic, const char *json, size_t len, char out[33]);

/* Runs plugin p (already initialised: pctx) on the input until stopped. Returns 0, or -1 with err when the
 * endpoint, the queue or the plugin fails for good. *st is zeroed first. */
int pw_stage_sink_run(void *zctx, const pw_stage_input *in, const pw_sink_plugin *p, void *pctx,
                      pw_stage_stats *st, pw_error *err);

#endif
