/* sinks/jsonl: the JSON-lines sink (plugin "jsonl"): each record as one line to a pw_out destination (stdout,
 * a file, or another bus endpoint). The engine (core/pw_stage.c) has already refused bodies that are not one
 * JSON object and re-written pretty-printed ones compact, so a downstream SIEM can trust every line. Local:
 * no durable queue (the file is the buffer). */
#ifndef PW_SINK_JSONL_H
#define PW_SINK_JSONL_H

#include "core/pw_error.h"
#include "core/pw_stage.h"
#include "sinks/sink_loop.h"

extern const pw_sink_plugin pw_sink_plugin_jsonl;

typedef struct pw_sink_jsonl_opts {
    pw_sink_input input; /* where messages come from, topic filter, when to stop */
    const char *out;     /* pw_out spec: "-" (default), a file path, file:PATH, or a bus endpoint */
    long long max_size;  /* rotate a file past this many bytes (0: never) */
    int keep;            /* rotated files kept (default 5) */
} pw_sink_jsonl_opts;

/* Runs until stopped (input.max_messages, input.idle_timeout_ms, *input.stop) and flushes. Returns 0, or -1
 * with err when the endpoint or the output fails. Bad messages are not errors: they are counted in st. */
int pw_sink_jsonl_run(const pw_sink_jsonl_opts *o, pw_sink_stats *st, pw_error *err);

#endif
