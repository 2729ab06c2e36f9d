/* pw_tls: OpenSSL behind the small interface of pw_tls.h (see there for the policy). Handshakes run on blocking
 * sockets with SO_RCVTIMEO/SO_SNDTIMEO as the timeout, which keeps this file free of an event loop: the callers
 * (one connection per thread or a sink's single connection) block anyway. */
#include "core/pw_tls.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

struct pw_tls_ctx {
    SSL_CTX *ssl;
};
struct pw_tls {
    SSL *ssl;
};

/* OpenSSL's error queue (and, after a handshake, the verification result) as one line. */
static void describe(SSL *s, int ret, const char *what, pw_tls_status *st, pw_error *err)
{
    char buf[256] = "";
    long vr = s ? SSL_get_verify_result(s) : X509_V_OK;
    unsigned long e = ERR_get_error();
    if (s && vr != X509_V_OK) {
        if (st) st->permanent = 1;
        pw_error_set(err, PW_ERR_IO, "%s: certificate verification failed: %s", what,
                     X509_verify_cert_error_string(vr));
    } else if (e) {
        ERR_error_string_n(e, buf, sizeof buf);
        int reason = ERR_GET_REASON(e);
        if (st && (reason == SSL_R_CERTIFICATE_VERIFY_FAILED || reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE ||
                   reason == SSL_R_TLSV1_ALERT_UNKNOWN_CA || reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE ||
                   reason == SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED || reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED))
            st->permanent = 1;
        pw_error_set(err, PW_ERR_IO, "%s: %s", what, buf);
    } else {
        int code = s ? SSL_get_error(s, ret) : 0;
        pw_error_set(err, PW_ERR_IO, "%s: %s", what,
                     code == SSL_ERROR_ZERO_RETURN ? "closed by the peer"
                     : code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE ? "timed out"
                                                                                    : "connection lost");
    }
    ERR_clear_error();
}

pw_tls_ctx *pw_tls_client_ctx_new(const pw_tls_opts *o, pw_error *err)
{
    pw_tls_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    const char *what = "TLS setup";
    if (!(c->ssl = SSL_CTX_new(TLS_client_method()))) goto fail;
    SSL_CTX_set_min_proto_version(c->ssl, TLS1_2_VERSION);
    if (o->ca_file) {
        what = o->ca_file;
        if (SSL_CTX_load_verify_locations(c->ssl, o->ca_file, NULL) != 1) goto fail;
    } else if (SSL_CTX_set_default_verify_paths(c->ssl) != 1) {
        goto fail;
    }
    if (o->cert_file) {
        what = o->cert_file;
        if (SSL_CTX_use_certificate_chain_file(c->ssl, o->cert_file) != 1) goto fail;
        what = o->key_file ? o->key_file : o->cert_file;
        if (SSL_CTX_use_PrivateKey_file(c->ssl, what, SSL_FILETYPE_PEM) != 1) goto fail;
        if (SSL_CTX_check_private_key(c->ssl) != 1) goto fail;
    }
    SSL_CTX_set_verify(c->ssl, SSL_VERIFY_PEER, NULL);
    return c;
fail:
    describe(NULL, 0, what, NULL, err);
    pw_tls_ctx_free(c);
    return NULL;
}


void pw_tls_ctx_free(pw_tls_ctx *c)
{
    if (!c) return;
    SSL_CTX_free(c->ssl);
    free(c);
}

static void set_timeouts(int fd, int timeout_ms)
{
    struct timeval tv = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

pw_tls *pw_tls_connect(pw_tls_ctx *c, int fd, const char *host, int timeout_ms, pw_tls_status *st, pw_error *err)
{
    pw_tls *t = calloc(1, sizeof *t);
    if (st) st->permanent = 0;
    if (!t || !(t->ssl = SSL_new(c->ssl))) {
        free(t);
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    set_timeouts(fd, timeout_ms > 0 ? timeout_ms : 10000);
    SSL_set_fd(t->ssl, fd);
    /* an address is checked against the certificate's IP SANs, a name against its DNS names (and sent as SNI,
         * which RFC 6066 allows for names only) */
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(t->ssl), host) != 1) {
        SSL_set_tlsext_host_name(t->ssl, host);
        SSL_set1_host(t->ssl, host);
    }
    int ret = SSL_connect(t->ssl);
    if (ret != 1) {
        describe(t->ssl, ret, "TLS handshake", st, err);
        SSL_free(t->ssl);
        free(t);
        return NULL;
    }
    set_timeouts(fd, 0); /* reads and writes block as on a plain socket from here on */
    return t;
}

int pw_tls_write_all(pw_tls *t, const void *p, size_t n, pw_error *err)
{
    const char *b = p;
    while (n) {
        int chunk = n > (1u << 30) ? 1 << 30 : (int)n, w = SSL_write(t->ssl, b, chunk);
        if (w <= 0) {
            describe(t->ssl, w, "TLS write", NULL, err);
            return -1;
        }
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

void pw_tls_close(pw_tls *t)
{
    if (!t) return;
    SSL_shutdown(t->ssl);
    SSL_free(t->ssl);
    free(t);
}
