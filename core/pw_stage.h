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

#endif
