/* pw_out: where a stage's output goes, chosen by one string so every command has the same --out option.
 *   "-"                     JSON lines on stdout (one object per line, flushed per line when a tty)
 *   "file:PATH" or a path   JSON lines appended to a file
 *   "tcp://H:P" "ipc://P"   PUSH-connect to a bus endpoint; two-frame messages (topic, JSON), blocking
 *   "inproc://NAME"         the same inside this process (needs pw_out_open_ctx with the shared context)
 * Any other "scheme://" is an error (not a file name). The bus variants apply back-pressure (sending blocks
 * when the peer is slow) and never drop; pw_out_close waits until what was queued is delivered. */
#ifndef PW_OUT_H
#define PW_OUT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pw_advisory.h"
#include "core/pw_alert.h"
#include "core/pw_bus.h"
#include "core/pw_error.h"
#include "core/pw_event.h"

typedef struct pw_out pw_out;

pw_out *pw_out_open(const char *spec, pw_error *err);
/* zmq_ctx: a ZeroMQ context shared with the receiving stage (required for inproc://), or NULL. */
pw_out *pw_out_open_ctx(const char *spec, void *zmq_ctx, pw_error *err);
/* Same, with socket options for bus specs (high-water mark, linger, CURVE key files); opts may be NULL. */
pw_out *pw_out_open_bus(const char *spec, void *zmq_ctx, const pw_bus_opts *opts, pw_error *err);
int pw_out_event(pw_out *o, const pw_event *ev, pw_error *err);
int pw_out_advisory(pw_out *o, const pw_advisory *a, pw_error *err);
int pw_out_alert(pw_out *o, const pw_alert *a, pw_error *err);
/* topic is "event", "advisory" or "alert"; json is one JSON object without newline. */
int pw_out_raw(pw_out *o, const char *topic, const char *json, size_t len, pw_error *err);
/* Pushes buffered lines to the file now (a sink calls this when it goes idle, so `tail -f` sees them);
 * no-op for the bus. */
int pw_out_flush(pw_out *o, pw_error *err);
/* Counts every record handed to o into *cell (a pw_metrics counter); NULL stops counting. */
void pw_out_count_into(pw_out *o, _Atomic uint64_t *cell);
/* Delivers what is queued (bus: linger), then frees. Returns -1 if anything could not be written. */
int pw_out_close(pw_out *o, pw_error *err);

#endif
