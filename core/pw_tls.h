/* pw_tls: the client side of TLS over a connected, blocking socket (OpenSSL), for senders that are not HTTP:
 * the syslog sink over TLS (RFC 5425). HTTP goes through libcurl, which has its own TLS; the syslog listener's
 * server side lives in ingest/syslog_tls.c because it handshakes inside its non-blocking poll loop.
 *
 * Policy: TLS 1.2 or later; the server's chain is always verified (a CA file, or the system's store) and so is
 * its name (or, for an address, its IP SAN); a client certificate is presented when configured. A verification
 * failure is reported as permanent (pw_tls_status.permanent): it cannot heal by retrying until an operator fixes
 * a certificate or a CA file, so callers retry slowly and say so. */
#ifndef PW_TLS_H
#define PW_TLS_H

#include <stddef.h>

#include "core/pw_error.h"

typedef struct pw_tls_ctx pw_tls_ctx;
typedef struct pw_tls pw_tls;

typedef struct pw_tls_opts {
    const char *ca_file;   /* PEM CAs to verify the server with; NULL: the system store */
    const char *cert_file; /* PEM certificate chain of this client, presented when the server asks (optional) */
    const char *key_file;  /* its private key (PEM); NULL: in cert_file */
} pw_tls_opts;

/* The outcome of a handshake or write that failed. */
typedef struct pw_tls_status {
    int permanent; /* 1: a certificate problem (unknown CA, name mismatch, expired, no client certificate) */
} pw_tls_status;

pw_tls_ctx *pw_tls_client_ctx_new(const pw_tls_opts *o, pw_error *err);
void pw_tls_ctx_free(pw_tls_ctx *c);

/* Handshakes on a connected, blocking socket fd within timeout_ms; host is the name the server's certificate
 * must carry (and the SNI). The fd stays the caller's: pw_tls_close does not close it. */
pw_tls *pw_tls_connect(pw_tls_ctx *c, int fd, const char *host, int timeout_ms, pw_tls_status *st, pw_error *err);

/* Writes all n bytes; -1 with err on failure (the connection is then unusable). */
int pw_tls_write_all(pw_tls *t, const void *p, size_t n, pw_error *err);
/* Sends close_notify (best effort) and frees the connection; NULL is fine. */
void pw_tls_close(pw_tls *t);

#endif
