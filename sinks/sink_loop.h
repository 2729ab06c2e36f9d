/* sinks/sink_loop: what every sink shares is now the engine in core/pw_stage.c (receive, queue, batch, retry,
 * dead letters, counters); this header keeps the names the sinks' run functions have always taken. */
#ifndef PW_SINK_LOOP_H
#define PW_SINK_LOOP_H

#include "core/pw_stage.h"

typedef pw_stage_input pw_sink_input;
typedef pw_stage_stats pw_sink_stats;

/* Runs an initialised plugin on in with a fresh bus context: pw_stage_sink_run plus the default queue
 * directory (pw_sink_default_queue_dir) for durable plugins when in->queue_dir is NULL, and exit(). */
int pw_sink_run_plugin(const pw_sink_input *in, const pw_sink_plugin *p, void *pctx, pw_sink_stats *st,
                       pw_error *err);

/* Where a sink keeps its queue when none is configured: $STATE_DIRECTORY (systemd), $XDG_STATE_HOME/patchwatch
 * or ~/.local/state/patchwatch, then /queue/NAME. Returns 0, or -1 when there is no home to put it in. */
int pw_sink_default_queue_dir(const char *name, char *out, size_t size, pw_error *err);

/* A name for a sink from its kind and target ("http-3f9a02c1"): two sinks to different places never share a
 * queue, and the same command run again finds its queue. */
void pw_sink_default_name(const char *kind, const char *target, char *out, size_t size);

#endif
