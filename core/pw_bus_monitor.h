/* pw_bus_monitor: counts and logs CURVE handshakes that fail, on both sides (ZeroMQ socket monitors).
 * Internal to core/pw_bus*.c, except the counters for /metrics. */
#ifndef PW_BUS_MONITOR_H
#define PW_BUS_MONITOR_H

#include <stdint.h>

#include "core/pw_error.h"

typedef enum {
    PW_BUS_REFUSED_PLAINTEXT = 0, /* server: a peer without CURVE (NULL mechanism), or that hung up mid-greeting */
    PW_BUS_REFUSED_WRONG_KEY,     /* server: a client whose server key is not ours (its HELLO does not decrypt) */
    PW_BUS_REFUSED_OTHER,         /* server: another handshake error */
    PW_BUS_CLIENT_FAILED,         /* client: a CURVE server ended our handshake (wrong server key, our key not
                                     in its list, or it does not speak CURVE) */
    PW_BUS_REFUSAL_KINDS
} pw_bus_refusal;

/* Watches the handshakes of zsock (a CURVE socket of ctx, tcp:// or ipc://) from a per-context thread. Call
 * before bind/connect. */
int pw_bus_monitor_attach(void *ctx, void *zsock, const char *endpoint, int is_server, pw_error *err);
/* Stops the context's monitor thread and closes its sockets; call before zmq_ctx_term. */
void pw_bus_monitor_ctx_release(void *ctx);
uint64_t pw_bus_refused(pw_bus_refusal kind);
/* Registers patchwatch_bus_curve_refused_total{reason=...} (these and the ZAP handler's unknown client keys)
 * and patchwatch_bus_curve_client_failures_total in pw_metrics. */
void pw_bus_refusal_metrics_register(void);

#endif
