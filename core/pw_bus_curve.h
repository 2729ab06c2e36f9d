/* pw_bus_curve: CURVE key files for tcp:// bus endpoints (server and client sides). */
#ifndef PW_BUS_CURVE_H
#define PW_BUS_CURVE_H

#include "core/pw_bus.h"
#include "core/pw_error.h"

/* Reads a Z85 key (40 characters) from the first line of a file of the form "public-key = ..." or
 * "secret-key = ..." (or a bare key). */
int pw_bus_curve_read_key(const char *path, const char *which, char out[41], pw_error *err);
int pw_bus_curve_apply(void *zsock, int is_server, const pw_bus_opts *opts, pw_error *err);
/* Writes a new key pair: PREFIX.key (secret + public) and PREFIX.pub (public only), mode 0600/0644. */
int pw_bus_curve_keygen(const char *prefix, pw_error *err);

#endif
