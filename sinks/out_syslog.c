/* sinks/out_syslog: the syslog sink plugin (see syslog.h): transport (udp, tcp with RFC 6587 octet counting,
 * tls: the same framing inside TLS, RFC 5425, through core/pw_tls) and flush. The engine owns retries, back-off and the durable queue; this file only connects, frames and
 * writes, and says RETRY when the receiver cannot be reached.
 *
 * A batch is framed into one buffer and written with one send: ~100 k messages/s on loopback instead of a
 * syscall each. When a write fails part-way, the receiver may have some of the batch; the whole batch comes
 * again (at-least-once), and each message carries its record id ([patchwatch@32473 id=...]) so a receiver
 * can drop the duplicates. Before each batch the socket is checked for a close by the receiver (syslog
 * receivers never send), so a receiver that restarted is noticed before data goes into a dead connection.
 * What plain syslog over tcp cannot do is confirm receipt: bytes in kernel buffers when a receiver crashes
 * are lost without notice (RFC 6587 has no acknowledgements; nor has RFC 5425). A TLS certificate problem is
 * reported as permanent_config_error: the engine says once that it cannot heal by itself and retries slowly. */
#include "sinks/syslog.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/pw_config.h"
#include "core/pw_log.h"
#include "core/pw_time.h"
#include "core/pw_tls.h"

typedef struct syslog_conn {
    pw_sink_syslog_opts o;
    char to[300], app[64];
    int tcp, tls;
    char host[256], port[16];
    int fd;
    pw_tls_ctx *tctx; /* tls: the client context (CA, client certificate) */
    pw_tls *t;        /* tls: the session on fd */
    int cert_problem; /* the last handshake failed on a certificate: an operator must act */
    char hostname[256];
    long pid;
    pw_buf msg, batch;
    int64_t down_since;
} syslog_conn;

static int parse_target(syslog_conn *c, const char *to, pw_error *err)
{
    const char *rest;
    if (strncmp(to, "udp://", 6) == 0) c->tcp = 0, rest = to + 6;
    else if (strncmp(to, "tcp://", 6) == 0) c->tcp = 1, rest = to + 6;
    else if (strncmp(to, "tls://", 6) == 0) c->tcp = c->tls = 1, rest = to + 6;
    else return pw_error_set(err, PW_ERR_USAGE, "%s: syslog target must be udp://, tcp:// or tls://HOST:PORT", to);
    const char *colon = strrchr(rest, ':');
    const char *h = rest, *hend = colon;
    if (*rest == '[') { /* [IPv6]:port */
        const char *rb = strchr(rest, ']');
        if (!rb || rb[1] != ':') return pw_error_set(err, PW_ERR_USAGE, "%s: bad [address]:port", to);
        h = rest + 1;
        hend = rb;
        colon = rb + 1;
    }
    if (!colon || hend == h || !colon[1] || strlen(colon + 1) >= sizeof c->port || (size_t)(hend - h) >= sizeof c->host)
        return pw_error_set(err, PW_ERR_USAGE, "%s: syslog target needs HOST:PORT", to);
    memcpy(c->host, h, (size_t)(hend - h));
    c->host[hend - h] = '\0';
    snprintf(c->port, sizeof c->port, "%s", colon + 1);
    return 0;
}

/* Connects with a timeout (tcp) or sets the default destination (udp). */
static int conn_open(syslog_conn *c, pw_error *err)
{
    struct addrinfo hints = {.ai_socktype = c->tcp ? SOCK_STREAM : SOCK_DGRAM}, *res = NULL, *ai;
    int gai = getaddrinfo(c->host, c->port, &hints, &res);
    if (gai) return pw_error_set(err, PW_ERR_IO, "syslog %s:%s: %s", c->host, c->port, gai_strerror(gai));
    int fd = -1, timeout = c->o.connect_timeout_ms > 0 ? c->o.connect_timeout_ms : 10000;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        if (errno == EINPROGRESS) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            int soerr = 0;
            socklen_t sl = sizeof soerr;
            if (poll(&p, 1, timeout) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
                break;
            errno = soerr ? soerr : ETIMEDOUT;
        }
        int e = errno;
        close(fd);
        fd = -1;
        errno = e;
    }
    int e = errno;
    freeaddrinfo(res);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "syslog %s: %s", c->to, strerror(e));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); /* writes block: back-pressure from the receiver */
    struct timeval tv = {.tv_sec = timeout / 1000, .tv_usec = (timeout % 1000) * 1000};
    if (c->tls) {
        pw_tls_status ts = {0};
        c->t = pw_tls_connect(c->tctx, fd, c->host, timeout, &ts, err);
        c->cert_problem = !c->t && ts.permanent;
        if (!c->t) {
            close(fd);
            return pw_error_prefix(err, "syslog %s", c->to), -1;
        }
    }
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv); /* a stuck receiver does not stall us forever */
    c->fd = fd;
    return 0;
}

static void conn_close(syslog_conn *c)
{
    pw_tls_close(c->t);
    c->t = NULL;
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
}

/* True when the receiver has closed or reset the connection (it never sends anything otherwise). */
static int peer_gone(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLRDHUP};
    if (poll(&p, 1, 0) != 1) return 0;
    if (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) return 1;
    char b;
    return recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* RFC 6587 octet-counting prefix "LEN SP" (decimal, no leading zeros) into out; returns its length. A loop
 * instead of printf: it runs once per message. */
static size_t frame_len(size_t len, char out[24])
{
    char tmp[24];
    size_t n = 0;
    do tmp[n++] = (char)('0' + len % 10), len /= 10;
    while (len);
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = ' ';
    return n + 1;
}

static void conn_free(syslog_conn *c)
{
    if (!c) return;
    conn_close(c);
    pw_tls_ctx_free(c->tctx);
    pw_buf_free(&c->msg);
    pw_buf_free(&c->batch);
    free(c);
}

/* Sets up a connection from options (the strings are copied); does not connect: a receiver that is down at
 * start is retried like one that goes down later. */
static syslog_conn *conn_new(const pw_sink_syslog_opts *o, pw_error *err)
{
    syslog_conn *c = calloc(1, sizeof *c);
    if (!c) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    c->o = *o;
    c->fd = -1;
    c->pid = (long)getpid();
    if (!o->to) {
        pw_error_set(err, PW_ERR_USAGE, "no syslog target (--to udp://, tcp:// or tls://HOST:PORT)");
        goto err;
    }
    snprintf(c->to, sizeof c->to, "%s", o->to);
    c->o.to = c->to;
    snprintf(c->app, sizeof c->app, "%s", o->app_name ? o->app_name : "patchwatch");
    c->o.app_name = c->app;
    if (o->hostname) snprintf(c->hostname, sizeof c->hostname, "%s", o->hostname);
    else if (gethostname(c->hostname, sizeof c->hostname - 1) != 0) snprintf(c->hostname, sizeof c->hostname, "-");
    c->o.hostname = NULL;
    if (parse_target(c, c->to, err)) goto err;
    if (o->sd_id && !pw_syslog_sd_id_valid(o->sd_id)) {
        pw_error_set(err, PW_ERR_USAGE, "sd_id %.40s: an SD-ID is 1-32 printable characters without '=', ' ', ']' "
                     "or '\"' (NAME@ENTERPRISE-NUMBER)", o->sd_id);
        goto err;
    }
    if (c->tls) {
        pw_tls_opts to = {.ca_file = o->ca_file, .cert_file = o->cert_file, .key_file = o->key_file};
        if (!(c->tctx = pw_tls_client_ctx_new(&to, err))) goto err;
    } else if (o->ca_file || o->cert_file || o->key_file) {
        pw_error_set(err, PW_ERR_USAGE, "CA, certificate and key files apply to tls:// targets only");
        goto err;
    }
    /* a name that does not resolve is a typo, not an outage: say so now */
    struct addrinfo hints = {.ai_socktype = c->tcp ? SOCK_STREAM : SOCK_DGRAM}, *res = NULL;
    int gai = getaddrinfo(c->host, c->port, &hints, &res);
    if (gai == EAI_NONAME || gai == EAI_SERVICE) {
        pw_error_set(err, PW_ERR_USAGE, "syslog %s: %s", c->to, gai_strerror(gai));
        goto err;
    }
    if (res) freeaddrinfo(res);
    if (conn_open(c, err) == 0) pw_log_info("sink syslog: connected to %s", c->to);
    else pw_log_warn("sink syslog: %s; records are queued until it answers", err->msg);
    return c;
err:
    conn_free(c);
    return NULL;
}

static int syslog_init(void **ctx, const json_t *cfg, pw_error *err)
{
    pw_sink_syslog_opts o = {.facility = 16};
    char to[300];
    const char *t = json_string_value(json_object_get(cfg, "to"));
    const char *addr = json_string_value(json_object_get(cfg, "address"));
    const char *tr = json_string_value(json_object_get(cfg, "transport"));
    if (!t && addr) {
        snprintf(to, sizeof to, "%s://%s", tr ? tr : "udp", addr);
        t = to;
    }
    o.to = t;
    const char *f = json_string_value(json_object_get(cfg, "format"));
    if (f && pw_syslog_fmt_parse(f, &o.format)) return pw_error_set(err, PW_ERR_USAGE, "format is rfc5424 or cef");
    const char *fac = json_string_value(json_object_get(cfg, "facility"));
    if (fac && pw_syslog_facility_parse(fac, &o.facility))
        return pw_error_set(err, PW_ERR_USAGE, "unknown facility '%.40s'", fac);
    o.app_name = json_string_value(json_object_get(cfg, "app_name"));
    o.hostname = json_string_value(json_object_get(cfg, "hostname"));
    o.sd_id = json_string_value(json_object_get(cfg, "sd_id"));
    o.ca_file = json_string_value(json_object_get(cfg, "ca_file"));
    o.cert_file = json_string_value(json_object_get(cfg, "tls_cert"));
    o.key_file = json_string_value(json_object_get(cfg, "tls_key"));
    const char *ct = json_string_value(json_object_get(cfg, "connect_timeout"));
    long long ms;
    if (ct && pw_cfg_duration_parse(ct, &ms, err) == 0) o.connect_timeout_ms = ms > 600000 ? 600000 : (int)ms;
    syslog_conn *c = conn_new(&o, err);
    if (!c) return -1;
    *ctx = c;
    return 0;
}

static pw_flush_result syslog_flush(void *ctx, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    syslog_conn *c = ctx;
    pw_buf_reset(&c->batch);
    int64_t now = pw_time_now_us();
    int mixed = 0;
    for (size_t i = 0; i < n; i++) {
        pw_error ferr = {0};
        pw_buf_reset(&c->msg);
        rep->status[i] = PW_FLUSH_OK;
        if (pw_syslog_format_rec(&c->o, c->hostname, c->pid, &recs[i], rep->obj ? rep->obj[i] : NULL, now, &c->msg,
                                 &ferr)) {
            rep->status[i] = PW_FLUSH_ERROR;
            snprintf(rep->reason, sizeof rep->reason, "cannot format: %.200s", ferr.msg);
            mixed = 1;
            continue;
        }
        if (!c->tcp && c->msg.len > PW_SYSLOG_UDP_MAX) {
            rep->status[i] = PW_FLUSH_ERROR;
            snprintf(rep->reason, sizeof rep->reason, "%zu bytes: over the UDP limit of %d (use tcp://)", c->msg.len,
                     PW_SYSLOG_UDP_MAX);
            mixed = 1;
            continue;
        }
        if (c->tcp) { /* RFC 6587 octet counting: "LEN SP MSG" */
            char lenbuf[24];
            size_t ll = frame_len(c->msg.len, lenbuf);
            if (pw_buf_append(&c->batch, lenbuf, ll) || pw_buf_append(&c->batch, c->msg.data, c->msg.len))
                goto retry_nomem;
        }
    }
    if (c->fd >= 0 && c->tcp && peer_gone(c->fd)) {
        pw_log_info("sink syslog: %s closed the connection; reconnecting", c->to);
        conn_close(c);
    }
    pw_error err = {0};
    if (c->fd < 0) {
        if (conn_open(c, &err)) goto retry;
        pw_log_info("sink syslog: connected to %s", c->to);
    }
    if (c->t) {
        if (c->batch.len && pw_tls_write_all(c->t, c->batch.data, c->batch.len, &err)) {
            pw_error_prefix(&err, "syslog %s", c->to);
            conn_close(c);
            goto retry;
        }
    } else if (c->tcp) {
        if (c->batch.len && write_all(c->fd, c->batch.data, c->batch.len)) {
            pw_error_set(&err, PW_ERR_IO, "syslog %s: %s", c->to, strerror(errno));
            conn_close(c);
            goto retry;
        }
    } else {
        for (size_t i = 0; i < n; i++) { /* one datagram per message */
            if (rep->status[i] != PW_FLUSH_OK) continue;
            pw_error ferr = {0};
            pw_buf_reset(&c->msg);
            pw_syslog_format_rec(&c->o, c->hostname, c->pid, &recs[i], rep->obj ? rep->obj[i] : NULL, now, &c->msg,
                                 &ferr);
            /* a connected UDP socket reports an ICMP refusal of an earlier datagram on the next send, once */
            ssize_t w = send(c->fd, c->msg.data, c->msg.len, MSG_NOSIGNAL);
            if (w < 0 && errno == ECONNREFUSED) w = send(c->fd, c->msg.data, c->msg.len, MSG_NOSIGNAL);
            if (w != (ssize_t)c->msg.len) {
                pw_error_set(&err, PW_ERR_IO, "syslog %s: %s", c->to, strerror(errno));
                for (size_t k = i; k < n; k++)
                    if (rep->status[k] == PW_FLUSH_OK) rep->status[k] = PW_FLUSH_RETRY;
                snprintf(rep->reason, sizeof rep->reason, "%.250s", err.msg);
                conn_close(c);
                return PW_FLUSH_ERROR;
            }
        }
    }
    return mixed ? PW_FLUSH_ERROR : PW_FLUSH_OK;
retry_nomem:
    pw_error_set(&err, PW_ERR_NOMEM, "out of memory framing a batch");
retry:
    snprintf(rep->reason, sizeof rep->reason, "%.250s", err.msg);
    rep->permanent_config_error = c->cert_problem;
    if (!mixed) return PW_FLUSH_RETRY;
    for (size_t k = 0; k < n; k++)
        if (rep->status[k] == PW_FLUSH_OK) rep->status[k] = PW_FLUSH_RETRY;
    return PW_FLUSH_ERROR;
}

static void syslog_exit(void *ctx) { conn_free(ctx); }

const pw_sink_plugin pw_sink_plugin_syslog = {
    .name = "syslog",
    .description = "RFC 5424 or CEF over udp, tcp (RFC 6587 octet counting) or tls (RFC 5425), with a durable queue",
    .config = &pw_sink_cfg_syslog,
    .durable = 1,
    .batch_max = 512,
    .init = syslog_init,
    .flush = syslog_flush,
    .idle = NULL,
    .exit = syslog_exit,
};

int pw_sink_syslog_run(const pw_sink_syslog_opts *o, pw_sink_stats *st, pw_error *err)
{
    int rc = -1;
    char name[64];
    memset(st, 0, sizeof *st);
    pw_sink_input in = o->input;
    syslog_conn *c = conn_new(o, err);
    if (!c) goto out;
    if (!in.name) {
        pw_sink_default_name("syslog", o->to, name, sizeof name);
        in.name = name;
    }
    rc = pw_sink_run_plugin(&in, &pw_sink_plugin_syslog, c, st, err);
out:
    conn_free(c);
    if (rc) pw_error_prefix(err, "sink syslog");
    return rc;
}
