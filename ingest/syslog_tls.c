/* syslog_tls: syslog over TLS (RFC 5425) for the receiver, with OpenSSL. A TLS listener accepts like a TCP one;
 * each connection gets an SSL object on its non-blocking socket, and the handshake (SSL_accept) is driven by the
 * first readable events, so the poll loop stays one thread and a slow handshake blocks nobody.
 * What comes out of SSL_read goes through the same framer as plain TCP (octet counting, RFC 5425 section 4.3;
 * LF framing is accepted too, as rsyslog can be told to send it).
 *
 * Client certificates (RFC 5425 section 5.2, "certificate path validation"): tls_verify_client none asks for
 * none; optional asks, and a certificate that is presented must chain to tls_ca; require refuses a client
 * without one. A refused handshake is logged with the peer's address and OpenSSL's reason, and counted.
 *
 * What it does not do: name-based authorisation of clients (subject/SAN matching against a list; the CA is
 * the trust anchor), session resumption, renegotiation (off in TLS 1.3, refused by OpenSSL's defaults for
 * 1.2), telling clients which CAs to use (they present what they are configured with). TLS 1.2 is the
 * minimum (RFC 5425 names 1.2 since RFC 9662). Only OpenSSL calls that main's core/pw_lazylib.c also wraps are
 * used, so the library can be loaded on first use there. A handshake flight is written from inside SSL_accept:
 * on a fresh socket the server's flight (a few KiB) always fits the send buffer, so a WANT_WRITE is
 * treated as "try again on the next readable event" rather than watched for POLLOUT. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "core/pw_log.h"
#include "ingest/syslog_priv.h"

static void ssl_error_text(unsigned long e, char *out, size_t n, const char *fallback)
{
    if (e) ERR_error_string_n(e, out, n);
    else snprintf(out, n, "%s", fallback);
    ERR_clear_error();
}

static void last_ssl_error(char *out, size_t n, const char *fallback) { ssl_error_text(ERR_get_error(), out, n, fallback); }

int syslog_tls_setup(pw_syslog_server *s, const pw_syslog_config *c, pw_error *err)
{
    char why[256];
    SSL_CTX *ctx = NULL;
    if (!c->tls_cert || !c->tls_key)
        return pw_error_set(err, PW_ERR_USAGE, "a TLS listener needs a certificate and its key (tls_cert, tls_key)");
    if (c->tls_verify_client != PW_SYSLOG_TLS_VERIFY_NONE && !c->tls_ca)
        return pw_error_set(err, PW_ERR_USAGE, "checking client certificates needs the CA that signs them (tls_ca)");
    if (!(ctx = SSL_CTX_new(TLS_server_method()))) {
        last_ssl_error(why, sizeof why, "SSL_CTX_new failed");
        return pw_error_set(err, PW_ERR_NOMEM, "TLS: %s", why);
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, c->tls_cert) != 1) {
        last_ssl_error(why, sizeof why, "unreadable");
        pw_error_set(err, PW_ERR_INVALID, "%s: TLS certificate: %s", c->tls_cert, why);
        goto err;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, c->tls_key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        last_ssl_error(why, sizeof why, "unreadable");
        pw_error_set(err, PW_ERR_INVALID, "%s: TLS key: %s", c->tls_key, why);
        goto err;
    }
    if (c->tls_ca && SSL_CTX_load_verify_locations(ctx, c->tls_ca, NULL) != 1) {
        last_ssl_error(why, sizeof why, "unreadable");
        pw_error_set(err, PW_ERR_INVALID, "%s: TLS CA: %s", c->tls_ca, why);
        goto err;
    }
    int mode = SSL_VERIFY_NONE;
    if (c->tls_verify_client == PW_SYSLOG_TLS_VERIFY_OPTIONAL) mode = SSL_VERIFY_PEER;
    if (c->tls_verify_client == PW_SYSLOG_TLS_VERIFY_REQUIRE) mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    SSL_CTX_set_verify(ctx, mode, NULL); /* chain depth: OpenSSL's default (100) */
    s->tls = ctx;
    return 0;
err:
    SSL_CTX_free(ctx);
    return -1;
}

void syslog_tls_free(pw_syslog_server *s)
{
    SSL_CTX_free(s->tls);
    s->tls = NULL;
}

int syslog_tls_conn_start(pw_syslog_server *s, syslog_conn *c, pw_error *err)
{
    SSL *ssl = SSL_new(s->tls);
    if (!ssl || SSL_set_fd(ssl, c->fd) != 1) {
        SSL_free(ssl);
        return pw_error_set(err, PW_ERR_NOMEM, "TLS: cannot set up a connection");
    }
    c->ssl = ssl;
    return 0;
}

void syslog_tls_conn_free(syslog_conn *c)
{
    if (!c->ssl) return;
    SSL_free(c->ssl);
    c->ssl = NULL;
}

int syslog_tls_pending(const syslog_conn *c) { return c->ssl && SSL_pending(c->ssl) > 0; }

ssize_t syslog_tls_read(pw_syslog_server *s, syslog_conn *c, char *p, size_t n)
{
    char why[256];
    int r;
    ERR_clear_error();
    if (!c->tls_up) {
        if ((r = SSL_accept(c->ssl)) != 1) goto failed;
        c->tls_up = 1;
        s->st.tls_sessions++;
    }
    r = SSL_read(c->ssl, p, n > INT_MAX ? INT_MAX : (int)n);
    if (r > 0) return r;
failed:;
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        errno = EAGAIN;
        return -1;
    }
    if (e == SSL_ERROR_ZERO_RETURN) return 0; /* close_notify */
    unsigned long queued = ERR_get_error();
    if (e == SSL_ERROR_SYSCALL && queued == 0) {
        if (r == 0 && c->tls_up) return 0; /* closed without close_notify after a session: end of stream */
        if (r == 0) snprintf(why, sizeof why, "connection closed during the handshake");
        else snprintf(why, sizeof why, "%s", strerror(errno));
    } else {
        ssl_error_text(queued, why, sizeof why, "protocol error");
    }
    if (!c->tls_up) {
        s->st.tls_refused++;
        long v = SSL_get_verify_result(c->ssl);
        pw_log_warn("tls %s: handshake refused: %s%s%s", c->peer, why, v != X509_V_OK ? "; certificate: " : "",
                    v != X509_V_OK ? X509_verify_cert_error_string(v) : "");
    } else {
        pw_log_warn("tls %s: connection ended: %s", c->peer, why);
    }
    errno = EPROTO;
    return -2;
}
