/* pw_bus: the thin ZeroMQ layer stages talk over (DESIGN.md "The bus").
 *
 * Every message is two frames: a topic ("event", "advisory", "alert") and one JSON object. PUSH/PULL carries
 * work with back-pressure: pw_bus_send blocks while the high-water marks are full instead of dropping, so the
 * dropped counter stays 0 unless a socket was opened with drop_when_full. PUB/SUB fans out (alerts). Endpoints
 * are inproc:// (one process, shared context), ipc:// or tcp:// (optionally with CURVE). Closing a socket
 * lingers until what was queued is delivered (bounded by linger_ms). */
#ifndef PW_BUS_H
#define PW_BUS_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"

#define PW_BUS_TOPIC_MAX 32
#define PW_BUS_MSG_MAX ((size_t)64 << 20) /* one JSON object over 64 MiB is refused, not buffered */

#define PW_BUS_HWM_DEFAULT 10000 /* messages per socket direction: ~2 MB of 200-byte events, enough to ride
                                    out a consumer's hiccup, small enough that memory stays bounded */
#define PW_BUS_LINGER_NONE (-2)  /* linger_ms value: discard what is queued at close */

typedef enum { PW_BUS_CONNECT = 0, PW_BUS_BIND = 1 } pw_bus_mode;

typedef struct pw_bus_opts {
    int hwm;            /* messages queued per socket before send blocks (0 = PW_BUS_HWM_DEFAULT) */
    int linger_ms;      /* how long close waits to deliver: 0 or -1 = until delivered (default), > 0 = at most
                           that many ms, PW_BUS_LINGER_NONE = discard */
    int drop_when_full; /* PUB semantics: never block, count drops instead (default 0) */
    int send_timeout_ms; /* > 0: pw_bus_send gives up after blocking this long and returns -1 with PW_ERR_AGAIN
                            (the message was not queued, nothing is counted as dropped); messages are then only
                            queued to connected peers (ZMQ_IMMEDIATE). 0 = block forever (default) */
    /* CURVE for tcp://, key files as written by `patchwatch bus keygen` (Z85 text, see docs/deployment.md).
     * A binding server sets curve_secret_file (its own secret key; public derived). A connecting client sets
     * curve_server_public_file and optionally curve_secret_file (its own; an ephemeral pair when NULL).
     * Both NULL = plaintext. See core/pw_bus_curve.h for the file format. */
    const char *curve_secret_file;
    const char *curve_server_public_file;
    /* CURVE server only: a file of client public keys ("public-key = ..." lines or bare keys, e.g. several .pub
     * files concatenated); only those clients may connect. NULL = any client that knows the server key. */
    const char *curve_clients_file;
} pw_bus_opts;

typedef struct pw_bus_sock pw_bus_sock;

typedef struct pw_bus_msg {
    char topic[PW_BUS_TOPIC_MAX + 1];
    pw_buf body; /* the JSON, NUL-terminated; reused across receives */
} pw_bus_msg;

void *pw_bus_ctx_new(pw_error *err);
void pw_bus_ctx_destroy(void *ctx);
/* Makes every blocking send/receive on the context's sockets fail at once (zmq_ctx_shutdown): the way out when a
 * peer is gone for good and threads wait on it. Sockets must still be closed; queued messages are lost. */
void pw_bus_ctx_shutdown(void *ctx);

pw_bus_sock *pw_bus_push(void *ctx, const char *endpoint, pw_bus_mode mode, const pw_bus_opts *opts, pw_error *err);
pw_bus_sock *pw_bus_pull(void *ctx, const char *endpoint, pw_bus_mode mode, const pw_bus_opts *opts, pw_error *err);
/* PUB fans out to every subscriber; it never blocks, so a slow subscriber loses messages (counted). */
pw_bus_sock *pw_bus_pub(void *ctx, const char *endpoint, pw_bus_mode mode, const pw_bus_opts *opts, pw_error *err);
/* topic_prefix: "" for everything. */
pw_bus_sock *pw_bus_sub(void *ctx, const char *endpoint, pw_bus_mode mode, const pw_bus_opts *opts,
                        const char *topic_prefix, pw_error *err);

/* Blocks until queued (back-pressure). Returns 0, or -1 with err (context terminated, bad topic, too big).
 * PUB sockets and drop_when_full never block: a message that does not fit is counted in pw_bus_dropped. */
int pw_bus_send(pw_bus_sock *s, const char *topic, const char *json, size_t len, pw_error *err);
/* Waits up to timeout_ms (-1 = forever). Returns 1 with msg filled, 0 on timeout, -1 on error. A malformed
 * message (wrong frame count, topic not 1..PW_BUS_TOPIC_MAX printable ASCII bytes, body over the cap) is
 * discarded whole, counted (pw_bus_malformed) and reported as -1 with PW_ERR_INVALID: the caller logs it and
 * goes on receiving. Any other -1 (context terminated) means stop. */
int pw_bus_recv(pw_bus_sock *s, pw_bus_msg *msg, int timeout_ms, pw_error *err);
void pw_bus_msg_free(pw_bus_msg *msg);

uint64_t pw_bus_sent(const pw_bus_sock *s);
uint64_t pw_bus_received(const pw_bus_sock *s);
uint64_t pw_bus_dropped(const pw_bus_sock *s);
uint64_t pw_bus_malformed(const pw_bus_sock *s);
/* The endpoint actually bound (resolves tcp://127.0.0.1:* to the chosen port). */
const char *pw_bus_endpoint(const pw_bus_sock *s);
void *pw_bus_zmq_socket(pw_bus_sock *s); /* for zmq_poll */

/* Closes at once; what is queued is delivered in the background until pw_bus_ctx_destroy, which waits for it
 * (bounded by linger_ms). */
int pw_bus_close(pw_bus_sock *s, pw_error *err);

#endif
