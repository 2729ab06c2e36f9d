/* sinks/syslog_send: the syslog sink's transport (udp, tcp with RFC 6587 octet counting, tls: the same framing
 * inside TLS as RFC 5425 says) and its run loop.
 *
 * Over tcp, a receiver that is down or restarting costs no messages: a failed write closes the connection and
 * the same message is sent again after reconnecting, with backoff from 100 ms up to 10 s, until it is written
 * or the sink is stopped; meanwhile the sink takes nothing off the bus, so the producers block at their
 * high-water mark. Before each write the socket is checked for a close by the receiver (syslog receivers
 * never send), so a receiver that restarted between two messages is noticed before a message is written into
 * a dead connection. What plain syslog over tcp cannot do is confirm receipt: messages already in the kernel's
 * buffers when a receiver crashes are lost without notice (RFC 6587 has no acknowledgements). */
#include "sinks/syslog.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "core/pw_tls.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 10000
/* A certificate problem does not heal by retrying: once a minute is enough to notice an operator's fix. */
#define BACKOFF_CERT_MS 60000

typedef struct syslog_conn {
    const pw_sink_syslog_opts *o;
    int tcp, tls;
    char host[256], port[16];
    int fd;
    pw_tls_ctx *tctx;
    pw_tls *t;
    int cert_problem; /* the last handshake failed on a certificate: retry slowly, said once */
    char hostname[256];
    long pid;
    pw_buf msg;
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
    int fd = -1, timeout = c->o->connect_timeout_ms > 0 ? c->o->connect_timeout_ms : 10000;
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
    if (fd < 0)
        return pw_error_set(err, PW_ERR_IO, "syslog %s: %s", c->o->to, strerror(e));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); /* writes block: back-pressure from the receiver */
    if (c->tls) {
        pw_tls_status ts;
        c->t = pw_tls_connect(c->tctx, fd, c->host, timeout, &ts, err);
        if (!c->t) {
            close(fd);
            if (ts.permanent && !c->cert_problem)
                pw_log_error("sink syslog: %s: %s; this cannot heal by itself (fix the certificate or ca_file); "
                             "messages are kept and the connection is retried every %d s",
                             c->o->to, err->msg, BACKOFF_CERT_MS / 1000);
            c->cert_problem = ts.permanent;
            return pw_error_prefix(err, "%s", c->o->to), -1;
        }
        c->cert_problem = 0;
    }
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

/* Sleeps ms in short steps so a stop request is seen; returns -1 when stopped. */
static int backoff_sleep(const pw_sink_input *in, int ms)
{
    for (int waited = 0; waited < ms; waited += 50) {
        if (in->stop && *in->stop) return -1;
        usleep(50 * 1000);
    }
    return in->stop && *in->stop ? -1 : 0;
}

static int deliver_syslog(void *ud, const pw_bus_msg *m, pw_sink_stats *st, pw_error *err)
{
    syslog_conn *c = ud;
    char pv[81];
    pw_buf_reset(&c->msg);
    if (c->tcp) pw_buf_puts(&c->msg, "0000000000 "); /* room for the octet count, filled in below */
    size_t head = c->msg.len;
    pw_error ferr;
    if (pw_syslog_format(c->o, c->hostname, c->pid, m->topic, m->body.data, m->body.len, pw_time_now_us(),
                         &c->msg, &ferr)) {
        st->invalid++;
        pw_log_warn("sink syslog: skipped a \"%s\" message: %s: %s", m->topic, ferr.msg, pw_sink_preview(m, pv));
        return 0;
    }
    const char *p = c->msg.data;
    size_t n = c->msg.len;
    if (c->tcp) { /* RFC 6587 octet counting: "LEN SP MSG" */
        char cnt[16];
        int k = snprintf(cnt, sizeof cnt, "%zu ", n - head);
        p = c->msg.data + head - (size_t)k;
        memcpy((char *)p, cnt, (size_t)k);
        n = n - head + (size_t)k;
    } else if (n > PW_SYSLOG_UDP_MAX) {
        st->invalid++;
        pw_log_warn("sink syslog: skipped a %zu-byte \"%s\" message: over the UDP limit of %d (use tcp://)", n,
                    m->topic, PW_SYSLOG_UDP_MAX);
        return 0;
    }
    for (int backoff = BACKOFF_MIN_MS;; backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2) {
        if (c->fd < 0 && conn_open(c, err) == 0) pw_log_info("sink syslog: connected to %s", c->o->to);
        if (c->fd >= 0 && c->tcp && peer_gone(c->fd)) {
            pw_log_info("sink syslog: %s closed the connection; reconnecting", c->o->to);
            conn_close(c);
            if (conn_open(c, err)) goto retry;
        }
        if (c->fd >= 0) {
            if (c->t) {
                if (pw_tls_write_all(c->t, p, n, err) == 0) return 1;
                conn_close(c);
                goto retry;
            }
            if (c->tcp && write_all(c->fd, p, n) == 0) return 1;
            if (!c->tcp) {
                /* a connected UDP socket reports an ICMP refusal of an earlier datagram on the next send, once */
                ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
                if (w < 0 && errno == ECONNREFUSED) w = send(c->fd, p, n, MSG_NOSIGNAL);
                if (w == (ssize_t)n) return 1;
            }
            pw_error_set(err, PW_ERR_IO, "syslog %s: %s", c->o->to, strerror(errno));
            conn_close(c);
        }
    retry:
        if (c->cert_problem) backoff = BACKOFF_CERT_MS;
        else pw_log_warn("sink syslog: %s; retrying in %d ms", err->msg, backoff);
        if (backoff_sleep(&c->o->input, backoff))
            return pw_error_set(err, PW_ERR_IO, "stopped while %s was unreachable; the message in hand was not "
                                "delivered", c->o->to);
    }
}

int pw_sink_syslog_run(const pw_sink_syslog_opts *o, pw_sink_stats *st, pw_error *err)
{
    syslog_conn c = {.o = o, .fd = -1, .pid = (long)getpid()};
    void *ctx = NULL;
    int rc = -1;
    memset(st, 0, sizeof *st);
    if (!o->to) {
        pw_error_set(err, PW_ERR_USAGE, "no syslog target (--to udp://HOST:PORT or tcp://HOST:PORT)");
        goto out;
    }
    if (parse_target(&c, o->to, err)) goto out;
    if (c.tls) {
        pw_tls_opts to = {.ca_file = o->ca_file, .cert_file = o->cert_file, .key_file = o->key_file};
        if (!(c.tctx = pw_tls_client_ctx_new(&to, err))) goto out;
    } else if (o->ca_file || o->cert_file || o->key_file) {
        pw_error_set(err, PW_ERR_USAGE, "CA, certificate and key files apply to tls:// targets only");
        goto out;
    }
    if (o->hostname) snprintf(c.hostname, sizeof c.hostname, "%s", o->hostname);
    else if (gethostname(c.hostname, sizeof c.hostname - 1) != 0) snprintf(c.hostname, sizeof c.hostname, "-");
    if (conn_open(&c, err) && !c.cert_problem) /* fail early on a typo; later outages are retried */
        goto out;
    if (!(ctx = pw_bus_ctx_new(err))) goto out;
    rc = pw_sink_loop(ctx, &o->input, deliver_syslog, NULL, &c, st, err);
out:
    conn_close(&c);
    pw_tls_ctx_free(c.tctx);
    pw_buf_free(&c.msg);
    if (ctx) pw_bus_ctx_destroy(ctx);
    if (rc) pw_error_prefix(err, "sink syslog");
    return rc;
}
