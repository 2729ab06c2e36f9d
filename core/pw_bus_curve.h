/* pw_bus_curve: CURVE key files for tcp:// bus endpoints (server and client sides).
 *
 * Key file format (written by `patchwatch bus keygen PREFIX`, documented in docs/deployment.md): text lines,
 * '#' comments and blank lines ignored, and
 *     public-key = "<40 Z85 characters>"
 *     secret-key = "<40 Z85 characters>"
 * (quotes optional). PREFIX.key holds both and must not be readable by group or others (mode 0600);
 * PREFIX.pub holds only the public key and is what you copy to the other side. A file holding just one bare
 * 40-character key on a line is accepted too (what other ZeroMQ tools print). */
#ifndef PW_BUS_CURVE_H
#define PW_BUS_CURVE_H

#include "core/pw_bus.h"
#include "core/pw_error.h"

#define PW_BUS_CURVE_KEY_LEN 40 /* Z85 text of a 32-byte key */

/* Reads the key named which ("public-key" or "secret-key") from path into out (40 chars + NUL). A secret key
 * is refused when the file is readable by group or others. When which is "public-key" and the file has only a
 * secret key, the public key is derived from it. */
int pw_bus_curve_read_key(const char *path, const char *which, char out[41], pw_error *err);
/* Configures CURVE on a ZeroMQ socket before bind/connect. Server (is_server): opts->curve_secret_file.
 * Client: opts->curve_server_public_file, and opts->curve_secret_file for its own identity (an ephemeral key
 * pair is generated when NULL). */
int pw_bus_curve_apply(void *zsock, int is_server, const pw_bus_opts *opts, pw_error *err);
/* Writes a new key pair: PREFIX.key (secret + public, mode 0600) and PREFIX.pub (public only, mode 0644).
 * Refuses to overwrite existing files. */
int pw_bus_curve_keygen(const char *prefix, pw_error *err);

#endif
