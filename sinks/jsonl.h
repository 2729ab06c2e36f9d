/* sinks/jsonl: the JSON-lines sink. Takes two-frame messages (topic, JSON) off a bus endpoint (PULL, or SUB
 * for a PUB fan-out) and writes each JSON object as one line to a pw_out destination (stdout, a file, or
 * another bus endpoint). Bodies that are not one JSON object are counted and skipped with a warning, never
 * written: a downstream SIEM must be able to trust every line. Pretty-printed objects are re-written compact
 * so one object stays one line. */
#ifndef PW_SINK_JSONL_H
#define PW_SINK_JSONL_H

#include "core/pw_error.h"
#include "sinks/sink_loop.h"

typedef struct pw_sink_jsonl_opts {
    pw_sink_input input; /* where messages come from, topic filter, when to stop */
    const char *out;     /* pw_out spec: "-" (default), a file path, file:PATH, or a bus endpoint */
} pw_sink_jsonl_opts;

/* Runs until stopped (input.max_messages, input.idle_timeout_ms, *input.stop) and flushes. Returns 0, or -1
 * with err when the endpoint or the output fails. Bad messages are not errors: they are counted in st. */
int pw_sink_jsonl_run(const pw_sink_jsonl_opts *o, pw_sink_stats *st, pw_error *err);

#endif
