/* syslog_server: the listeners and the poll loop of the syslog receiver (see ingest/syslog.h). One thread:
 * poll over UDP sockets, TCP listeners and connections; each ready fd gets one bounded round of work. That
 * keeps delivery in arrival order per sender and makes back-pressure a matter of not reading.
 *
 * Cost: the pollfd array is rebuilt each round, O(connections); at the 1024-connection cap that is
 * microseconds against milliseconds of work per round. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "ingest/syslog_priv.h"

void syslog_format_ip(const struct sockaddr *sa, char *out, size_t size)
{
    out[0] = '\0';
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)size);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        /* an IPv4 sender on a dual-stack socket is reported as IPv4 */
        if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
            inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out, (socklen_t)size);
        else
            inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)size);
    }
}

static void format_addr(const struct sockaddr *sa, char *out, size_t size)
{
    char ip[PW_SYSLOG_ADDR_MAX];
    syslog_format_ip(sa, ip, sizeof ip);
    unsigned port = sa->sa_family == AF_INET ? ntohs(((const struct sockaddr_in *)sa)->sin_port)
                                             : ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
    snprintf(out, size, sa->sa_family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, port);
}

/* "127.0.0.1:514", "[::1]:514", ":514" / "*:514" (all IPv4 addresses). */
static int bind_listener(syslog_listener *l, const char *spec, int udp, int tls, pw_error *err)
{
    char host[PW_SYSLOG_ADDR_MAX];
    const char *colon = strrchr(spec, ':');
    int rc = -1;
    struct addrinfo hints = {.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV};
    struct addrinfo *ai = NULL;
    l->fd = -1;
    l->is_udp = udp;
    if (!colon || colon[1] == '\0') return pw_error_set(err, PW_ERR_USAGE, "%s: expected ADDR:PORT", spec);
    size_t hl = (size_t)(colon - spec);
    if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
        spec++;
        hl -= 2;
    }
    if (hl >= sizeof host) return pw_error_set(err, PW_ERR_USAGE, "%s: address too long", spec);
    memcpy(host, spec, hl);
    host[hl] = '\0';
    const char *node = (hl == 0 || strcmp(host, "*") == 0) ? NULL : host;
    if (!node) hints.ai_family = AF_INET;
    int gai = getaddrinfo(node, colon + 1, &hints, &ai);
    if (gai) return pw_error_set(err, PW_ERR_USAGE, "%s: %s", spec, gai_strerror(gai));
    int one = 1;
    l->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l->fd < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: socket: %s", spec, strerror(errno));
        goto done;
    }
    (void)setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ai->ai_family == AF_INET6) (void)setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(l->fd, ai->ai_addr, ai->ai_addrlen) < 0) {
        pw_error_set(err, PW_ERR_IO, "%s %s: bind: %s", udp ? "udp" : "tcp", spec, strerror(errno));
        goto done;
    }
    /* A fixed receive buffer for the connections (inherited from the listening socket; set before listen so
     * the window scale fits it). Linux autotunes up to tcp_rmem's max, 6 MB by default: under a flood that is
     * ~90,000 messages per sender already acknowledged by TCP, which a stop must read and deliver before it
     * may exit. 256 KiB (the kernel doubles the value asked for) keeps loopback throughput and bounds that
     * work, so SIGTERM finishes in seconds; a sender that outruns us waits in TCP flow control instead. */
    int rcvbuf = PW_SYSLOG_TCP_RCVBUF / 2;
    if (!udp) (void)setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (!udp && listen(l->fd, 512) < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: listen: %s", spec, strerror(errno));
        goto done;
    }
    if (udp && syslog_udp_setup(l) < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: SO_RXQ_OVFL: %s", spec, strerror(errno));
        goto done;
    }
    struct sockaddr_storage bound;
    socklen_t bl = sizeof bound;
    char a[PW_SYSLOG_ADDR_MAX];
    if (getsockname(l->fd, (struct sockaddr *)&bound, &bl) == 0)
        format_addr((struct sockaddr *)&bound, a, sizeof a);
    else
        snprintf(a, sizeof a, "%s", spec);
    snprintf(l->name, sizeof l->name, "%s %s", udp ? "udp" : tls ? "tls" : "tcp", a);
    l->is_tls = tls;
    rc = 0;
done:
    if (rc && l->fd >= 0) {
        close(l->fd);
        l->fd = -1;
    }
    freeaddrinfo(ai);
    return rc;
}

pw_syslog_server *pw_syslog_server_new(const pw_syslog_config *c, pw_syslog_emit_fn emit, void *ud, pw_error *err)
{
    pw_syslog_server *s = calloc(1, sizeof *s);
    if (!s) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    pw_event_init(&s->ev);
    s->emit = emit;
    s->ud = ud;
    s->parser.keep_original = c->keep_original;
    s->max_message = c->max_message ? c->max_message : PW_SYSLOG_DEFAULT_MAX_MESSAGE;
    s->max_conns = c->max_conns ? c->max_conns : PW_SYSLOG_DEFAULT_MAX_CONNS;
    if (s->max_message > PW_SYSLOG_MAX_MESSAGE_LIMIT) {
        pw_error_set(err, PW_ERR_USAGE, "max message %zu is above the %zu limit", s->max_message,
                     PW_SYSLOG_MAX_MESSAGE_LIMIT);
        goto err;
    }
    if (c->nudp + c->ntcp + c->ntls == 0 || c->nudp > PW_SYSLOG_MAX_LISTENERS || c->ntcp > PW_SYSLOG_MAX_LISTENERS ||
        c->ntls > PW_SYSLOG_MAX_LISTENERS) {
        pw_error_set(err, PW_ERR_USAGE, "give 1..%d UDP, TCP and TLS addresses", PW_SYSLOG_MAX_LISTENERS);
        goto err;
    }
    if (c->ntls && syslog_tls_setup(s, c, err)) goto err;
    if (!(s->dgram = malloc(s->max_message + 1)) || !(s->conns = calloc(s->max_conns, sizeof *s->conns))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    for (size_t i = 0; i < c->nudp; i++, s->nlis++)
        if (bind_listener(&s->lis[s->nlis], c->udp[i], 1, 0, err)) goto err;
    for (size_t i = 0; i < c->ntcp; i++, s->nlis++)
        if (bind_listener(&s->lis[s->nlis], c->tcp[i], 0, 0, err)) goto err;
    for (size_t i = 0; i < c->ntls; i++, s->nlis++)
        if (bind_listener(&s->lis[s->nlis], c->tls[i], 0, 1, err)) goto err;
    return s;
err:
    pw_syslog_server_free(s);
    return NULL;
}

void pw_syslog_server_free(pw_syslog_server *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nlis; i++)
        if (s->lis[i].fd >= 0) close(s->lis[i].fd);
    for (size_t i = 0; i < s->nconns; i++) syslog_conn_free(s->conns[i]);
    free(s->conns);
    free(s->dgram);
    free(s->pfds);
    syslog_tls_free(s);
    pw_event_free(&s->ev);
    pw_syslog_parser_free(&s->parser);
    free(s);
}

size_t pw_syslog_server_nlisteners(const pw_syslog_server *s) { return s->nlis; }
const char *pw_syslog_server_listener(const pw_syslog_server *s, size_t i) { return i < s->nlis ? s->lis[i].name : NULL; }
void pw_syslog_server_stats(const pw_syslog_server *s, pw_syslog_stats *out) { *out = s->st; }

int syslog_deliver(pw_syslog_server *s, const char *msg, size_t len, int truncated, uint64_t real_len, const char *peer,
                   const char *transport, pw_error *err)
{
    pw_event *ev = &s->ev;
    s->st.bytes += len;
    if (truncated && real_len > len) s->st.discarded += real_len - len;
    if (pw_syslog_parser_parse(&s->parser, msg, len, s->now_us, ev, err)) {
        if (err && err->code == PW_ERR_NOMEM) return -1;
        /* cannot happen within PW_SYSLOG_MAX_MESSAGE_LIMIT; if it does, one message is lost, not the server */
        pw_log_warn("%s %s: message of %zu bytes not kept: %s", transport, peer, len, err ? err->msg : "");
        s->st.parse_errors++;
        return 0;
    }
    if (ev->ts_us == PW_TS_NONE) pw_event_set_time(ev, s->now_us);
    if (pw_event_find(ev, "patchwatch.parse_error")) s->st.parse_errors++;
    int tls = strcmp(transport, "tls") == 0; /* ECS: network.transport is the IANA name, tcp; tls.* says the rest */
    if ((peer[0] && pw_event_set_cstr(ev, "source.ip", peer, err)) ||
        pw_event_set_cstr(ev, "network.transport", tls ? "tcp" : transport, err) ||
        (tls && pw_event_set_bool(ev, "tls.established", true, err)) ||
        (truncated && (pw_event_set_bool(ev, "patchwatch.truncated", true, err) ||
                       pw_event_set_int(ev, "patchwatch.original_length", (int64_t)real_len, err))))
        return -1;
    s->st.messages++;
    return s->emit(ev, s->ud, err);
}

static void drop_conn(pw_syslog_server *s, size_t i)
{
    syslog_conn_free(s->conns[i]);
    s->conns[i] = s->conns[--s->nconns];
    s->st.tcp_open = s->nconns;
}

int pw_syslog_server_poll(pw_syslog_server *s, int timeout_ms, pw_error *err)
{
    size_t n = s->nlis + s->nconns;
    if (n > s->pfds_cap) {
        struct pollfd *p = realloc(s->pfds, n * sizeof *p);
        if (!p) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        s->pfds = p;
        s->pfds_cap = n;
    }
    for (size_t i = 0; i < s->nlis; i++) s->pfds[i] = (struct pollfd){s->lis[i].fd, POLLIN, 0};
    for (size_t i = 0; i < s->nconns; i++) s->pfds[s->nlis + i] = (struct pollfd){s->conns[i]->fd, POLLIN, 0};
    int r = poll(s->pfds, n, timeout_ms);
    if (r < 0) return errno == EINTR ? 0 : pw_error_set(err, PW_ERR_IO, "poll: %s", strerror(errno));
    if (r == 0) return 0;
    s->now_us = pw_time_now_us();
    /* connections first, from the end, so drop_conn's swap does not skip one; then new work */
    for (size_t k = s->nconns; k-- > 0;) {
        short re = s->pfds[s->nlis + k].revents;
        if (!re) continue;
        int rc = syslog_conn_read(s, s->conns[k], err);
        if (rc < 0) return -1;
        if (rc == 1) drop_conn(s, k);
    }
    for (size_t i = 0; i < s->nlis; i++) {
        if (!s->pfds[i].revents) continue;
        if (s->lis[i].is_udp ? syslog_udp_read(s, &s->lis[i], err) : syslog_conn_accept(s, &s->lis[i], err)) return -1;
    }
    return 1;
}

#define STOP_DRAIN_US 1000000 /* after stop: what is already in our sockets is read for at most this long */

int pw_syslog_server_run(pw_syslog_server *s, const volatile sig_atomic_t *stop, pw_error *err)
{
    while (!*stop)
        if (pw_syslog_server_poll(s, 200, err) < 0) return -1;
    /* Stopped: take what the kernel already holds for us (connections waiting in the backlog, bytes in
     * receive buffers, queued datagrams) until nothing is ready, so a message a sender handed over before the
     * stop is not dropped with the socket. Bounded: a sender that never pauses gets one more second. */
    int64_t until = pw_time_mono_us() + STOP_DRAIN_US;
    int r;
    while ((r = pw_syslog_server_poll(s, 0, err)) > 0 && pw_time_mono_us() < until) {
    }
    return r < 0 ? -1 : 0;
}
