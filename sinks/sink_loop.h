/* sinks/sink_loop: what every sink shares: take two-frame messages off a bus endpoint (PULL, or SUB for a PUB
 * fan-out), filter by topic, hand each to the sink's deliver function, and stop on a count, an idle timeout or
 * a stop flag. A sink is then only its deliver function (sinks/jsonl.c, sinks/syslog.c). */
#ifndef PW_SINK_LOOP_H
#define PW_SINK_LOOP_H

#include <signal.h>
#include <stdint.h>

#include "core/pw_bus.h"
#include "core/pw_error.h"

typedef struct pw_sink_input {
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
} pw_sink_input;

typedef struct pw_sink_stats {
    uint64_t received;  /* well-formed bus messages taken off the endpoint */
    uint64_t written;   /* messages handed to the destination (--count counts these); a destination that
                           refuses one (HTTP 4xx, a _bulk item error) makes it count in invalid too */
    uint64_t filtered;  /* topic did not match */
    uint64_t invalid;   /* body the sink could not use, or the destination refused: skipped */
    uint64_t malformed; /* bus messages with the wrong framing: skipped */
} pw_sink_stats;

/* Delivers one message: 1 handed over, 0 skipped (the sink counts st->invalid and logs why), -1 fatal. */
typedef int (*pw_sink_deliver_fn)(void *ud, const pw_bus_msg *m, pw_sink_stats *st, pw_error *err);
/* Called when no message came for a while (flush buffers); may be NULL. */
typedef int (*pw_sink_idle_fn)(void *ud, pw_error *err);

/* Opens the input on ctx and runs until stopped. Returns 0, or -1 with err when the endpoint or the sink fails.
 * *st is zeroed first. */
int pw_sink_loop(void *ctx, const pw_sink_input *in, pw_sink_deliver_fn deliver, pw_sink_idle_fn idle, void *ud,
                 pw_sink_stats *st, pw_error *err);

/* The first bytes of a body for a log line, control characters replaced (a hostile body cannot forge log
 * lines or drive a terminal). */
const char *pw_sink_preview(const pw_bus_msg *m, char out[81]);

#endif
