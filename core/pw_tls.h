/* pw_tls: TLS over a connected socket (OpenSSL), for the transports that are not HTTP: syslog over TLS
 * (RFC 5425) as a sink and as a listener. HTTP goes through libcurl, which has its own TLS.
 *
 * Policy, the same everywhere: TLS 1.2 or later; a client always verifies the server's chain (a CA file, or the
 * system's store) and its name; a server presents a certificate and, when asked, verifies its clients'
 * (optional or required). A verification failure is reported as permanent (pw_tls_err.permanent): it cannot heal
 * by retrying until an operator fixes a certificate or a CA file, so callers retry slowly and say so. */
#ifndef PW_TLS_H
#define PW_TLS_H

#include <stddef.h>

#include "core/pw_error.h"

typedef struct pw_tls_ctx pw_tls_ctx;
typedef struct pw_tls pw_tls;

typedef enum {
    PW_TLS_CLIENT_CERT_NONE = 0, /* server: do not ask clients for a certificate */
    PW_TLS_CLIENT_CERT_OPTIONAL, /* ask, verify one when given, accept clients without */
    PW_TLS_CLIENT_CERT_REQUIRED  /* refuse clients without a certificate the CA file vouches for */
} pw_tls_client_cert;

typedef struct pw_tls_opts {
    const char *ca_file;   /* PEM CAs to verify the peer with; NULL: the system store (clients) */
    const char *cert_file; /* PEM certificate chain: the server's, or the client's own (optional for a client) */
    const char *key_file;  /* its private key (PEM) */
    pw_tls_client_cert client_cert; /* servers only */
} pw_tls_opts;

/* The outcome of a handshake or write that failed. */
typedef struct pw_tls_status {
    int permanent; /* 1: a certificate problem (unknown CA, name mismatch, expired, no client certificate) */
} pw_tls_status;

pw_tls_ctx *pw_tls_client_ctx_new(const pw_tls_opts *o, pw_error *err);
pw_tls_ctx *pw_tls_server_ctx_new(const pw_tls_opts *o, pw_error *err);
void pw_tls_ctx_free(pw_tls_ctx *c);

/* Handshakes on a connected, blocking socket fd within timeout_ms; host is the name the server's certificate
 * must carry (and the SNI). The fd stays the caller's: pw_tls_close does not close it. */
pw_tls *pw_tls_connect(pw_tls_ctx *c, int fd, const char *host, int timeout_ms, pw_tls_status *st, pw_error *err);
/* Server side of the handshake on an accepted, blocking socket fd. */
pw_tls *pw_tls_accept(pw_tls_ctx *c, int fd, int timeout_ms, pw_tls_status *st, pw_error *err);

/* Writes all n bytes; -1 with err on failure (the connection is then unusable). */
int pw_tls_write_all(pw_tls *t, const void *p, size_t n, pw_error *err);
/* Reads up to n bytes: >0 bytes read, 0 at the peer's close, -1 with err on error or timeout. */
long pw_tls_read(pw_tls *t, void *p, size_t n, pw_error *err);
/* 1 when decrypted bytes are already buffered (poll on the fd would not show them). */
int pw_tls_pending(pw_tls *t);
/* Sends close_notify (best effort) and frees the connection; NULL is fine. */
void pw_tls_close(pw_tls *t);

#endif
