/* pw_bus_zap: which CURVE clients a bus server accepts (ZeroMQ's ZAP, RFC 27), from a file of client public
 * keys. Internal to core/pw_bus*.c. */
#ifndef PW_BUS_ZAP_H
#define PW_BUS_ZAP_H

#include <stdint.h>

#include "core/pw_error.h"

#define PW_BUS_ZAP_MAX_KEYS 100000 /* allowed client keys per server socket; a fleet, not a phone book */

/* Loads the allowed client keys from path (lines "public-key = KEY" or bare Z85 keys, '#' comments; several
 * .pub files concatenated work) and restricts the CURVE server socket zsock of context ctx to them. Starts
 * the context's ZAP handler on first use. Must be called before bind. */
int pw_bus_zap_restrict(void *ctx, void *zsock, const char *path, pw_error *err);
/* Stops the context's ZAP handler, if any, and frees its key lists; call before zmq_ctx_term. */
void pw_bus_zap_ctx_release(void *ctx);
/* CURVE clients refused so far in this process (unlisted keys), for /metrics. Each refusal is also logged, once
 * per peer address per minute. */
uint64_t pw_bus_zap_refused(void);

#endif
