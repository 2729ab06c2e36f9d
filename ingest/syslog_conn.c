/* syslog_conn: one TCP sender. Reads what the socket has (one read per poll round, so many senders are
 * served fairly), frames it (syslog_frame.c) and delivers each message. Back-pressure is implicit: while
 * delivery blocks we do not read, the socket buffers fill and the sender's TCP stack makes it wait. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "ingest/syslog_priv.h"

#define READS_PER_ROUND 8

void syslog_conn_free(syslog_conn *c)
{
    if (!c) return;
    syslog_tls_conn_free(c);
    if (c->fd >= 0) close(c->fd);
    pw_syslog_framer_free(&c->framer);
    free(c);
}

int syslog_conn_accept(pw_syslog_server *s, syslog_listener *l, pw_error *err)
{
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    int fd = accept4(l->fd, (struct sockaddr *)&from, &fl, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED) return 0;
        if (errno == EMFILE || errno == ENFILE) {
            pw_log_warn("%s: accept: %s", l->name, strerror(errno));
            return 0;
        }
        return pw_error_set(err, PW_ERR_IO, "%s: accept: %s", l->name, strerror(errno));
    }
    if (s->nconns >= s->max_conns) {
        s->st.tcp_refused++;
        close(fd);
        return 0;
    }
    syslog_conn *c = calloc(1, sizeof *c);
    if (!c) {
        close(fd);
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    }
    c->fd = fd;
    syslog_format_ip((struct sockaddr *)&from, c->peer, sizeof c->peer);
    if (pw_syslog_framer_init(&c->framer, s->max_message, err) || (l->is_tls && syslog_tls_conn_start(s, c, err))) {
        syslog_conn_free(c);
        return -1;
    }
    s->conns[s->nconns++] = c;
    s->st.tcp_accepted++;
    s->st.tcp_open = s->nconns;
    return 0;
}

typedef struct frame_ctx {
    pw_syslog_server *s;
    syslog_conn *c;
} frame_ctx;

static int on_frame(void *ud, const char *msg, size_t len, int truncated, pw_error *err)
{
    frame_ctx *x = ud;
    if (truncated) x->s->st.oversize++;
    return syslog_deliver(x->s, msg, len, truncated, x->c->framer.last_length, x->c->peer, x->c->ssl ? "tls" : "tcp",
                          err);
}

int syslog_conn_read(pw_syslog_server *s, syslog_conn *c, pw_error *err)
{
    frame_ctx x = {s, c};
    char *p;
    size_t room;
    ssize_t n;
    /* a busy sender gets a few reads per round (fewer polls), a bounded number so others get their turn */
    /* TLS: bytes OpenSSL already decrypted are invisible to poll, so they are read before giving up the turn */
    for (int round = 0; round < READS_PER_ROUND || syslog_tls_pending(c); round++) {
        if (pw_syslog_framer_space(&c->framer, &p, &room, err)) return -1;
        n = c->ssl ? syslog_tls_read(s, c, p, room) : read(c->fd, p, room);
        if (n == -2) return 1; /* refused handshake or broken TLS: logged and counted; the connection goes */
        if (n <= 0) break;
        if (pw_syslog_framer_push(&c->framer, (size_t)n, on_frame, &x, err)) return -1;
        if ((size_t)n < room && !c->ssl) return 0; /* drained for now */
    }
    if (n > 0) return 0;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return 0;
    if (n < 0) pw_log_info("tcp %s: read: %s", c->peer, strerror(errno));
    if (pw_syslog_framer_finish(&c->framer, on_frame, &x, err)) return -1;
    return 1;
}
