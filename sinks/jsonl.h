/* sinks/jsonl: the JSON-lines sink. Takes two-frame messages (topic, JSON) off a bus endpoint (PULL, or SUB
 * for a PUB fan-out) and writes each JSON object as one line to a pw_out destination (stdout, a file, or
 * another bus endpoint). Bodies that are not one JSON object are counted and skipped with a warning, never
 * written: a downstream SIEM must be able to trust every line. Pretty-printed objects are re-written compact
 * so one object stays one line. */
#ifndef PW_SINK_JSONL_H
#define PW_SINK_JSONL_H

#include <signal.h>
#include <stdint.h>

#include "core/pw_error.h"

typedef struct pw_sink_jsonl_opts {
    const char *in;    /* bus endpoint to read from, e.g. tcp://127.0.0.1:5557, ipc:///run/pw.sock */
    int bind;          /* bind the endpoint (the producers connect) instead of connecting to it */
    int sub;           /* SUB instead of PULL (read a PUB fan-out) */
    const char *topic; /* only messages whose topic starts with this ("" or NULL: all) */
    const char *out;   /* pw_out spec: "-" (default), a file path, file:PATH, or a bus endpoint */
    uint64_t max_messages;  /* stop after writing this many (0: no limit) */
    int idle_timeout_ms;    /* stop after this long without a message (0: never) */
    const char *curve_secret_file;        /* CURVE (see core/pw_bus.h): server side when bind */
    const char *curve_server_public_file; /* client side when connecting */
    const char *curve_clients_file;       /* server side: only these client keys may connect */
    volatile sig_atomic_t *stop;          /* set (by a signal handler) to stop cleanly; may be NULL */
} pw_sink_jsonl_opts;

typedef struct pw_sink_stats {
    uint64_t received;  /* well-formed bus messages taken off the endpoint */
    uint64_t written;   /* lines written */
    uint64_t filtered;  /* topic did not match */
    uint64_t invalid;   /* body was not one JSON object: skipped */
    uint64_t malformed; /* bus messages with the wrong framing: skipped */
} pw_sink_stats;

/* Runs until stopped (max_messages, idle_timeout_ms, *stop) and flushes. Returns 0, or -1 with err when the
 * endpoint or the output fails. Bad messages are not errors: they are counted in st and logged. */
int pw_sink_jsonl_run(const pw_sink_jsonl_opts *o, pw_sink_stats *st, pw_error *err);

#endif
