/* pw_bus: ZeroMQ sockets with the framing, back-pressure and counters of pw_bus.h. */
#include "core/pw_bus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "core/pw_bus_curve.h"
#include "core/pw_bus_monitor.h"
#include "core/pw_bus_zap.h"

struct pw_bus_sock {
    void *z;
    int type;
    int drop_when_full;
    uint64_t sent, received, dropped, malformed;
    zmq_msg_t frame; /* receive frame, reused so a receive allocates nothing of ours */
    char endpoint[256];
};

void *pw_bus_ctx_new(pw_error *err)
{
    void *ctx = zmq_ctx_new();
    if (!ctx) pw_error_set(err, PW_ERR_IO, "zmq_ctx_new: %s", zmq_strerror(errno));
    return ctx;
}

void pw_bus_ctx_destroy(void *ctx)
{
    if (!ctx) return;
    pw_bus_zap_ctx_release(ctx); /* its socket would keep zmq_ctx_term waiting forever */
    pw_bus_monitor_ctx_release(ctx); /* and so would the handshake monitors' */
    /* Blocks until every socket's linger has run out, i.e. until queued messages are delivered. */
    while (zmq_ctx_term(ctx) != 0 && errno == EINTR) {
    }
}

void pw_bus_ctx_shutdown(void *ctx)
{
    if (ctx) zmq_ctx_shutdown(ctx);
}

/* Sets an int socket option or says which one failed. */
static int set_int(void *z, int opt, int val, const char *name, pw_error *err)
{
    if (zmq_setsockopt(z, opt, &val, sizeof val) != 0)
        return pw_error_set(err, PW_ERR_USAGE, "bus: %s=%d: %s", name, val, zmq_strerror(errno));
    return 0;
}

static pw_bus_sock *open_sock(void *ctx, int type, const char *endpoint, pw_bus_mode mode, const pw_bus_opts *opts,
                              pw_error *err)
{
    static const pw_bus_opts defaults = {0};
    if (!opts) opts = &defaults;
    if (!ctx || !endpoint) {
        pw_error_set(err, PW_ERR_USAGE, "bus: no context or endpoint");
        return NULL;
    }
    if (strlen(endpoint) >= sizeof ((pw_bus_sock *)0)->endpoint) {
        pw_error_set(err, PW_ERR_USAGE, "bus: endpoint longer than %zu bytes", sizeof ((pw_bus_sock *)0)->endpoint - 1);
        return NULL;
    }
    if (opts->hwm < 0) {
        pw_error_set(err, PW_ERR_USAGE, "bus: negative high-water mark %d", opts->hwm);
        return NULL;
    }
    pw_bus_sock *s = calloc(1, sizeof *s);
    if (!s) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    s->type = type;
    s->drop_when_full = opts->drop_when_full || type == ZMQ_PUB;
    zmq_msg_init(&s->frame);
    if (!(s->z = zmq_socket(ctx, type))) {
        pw_error_set(err, PW_ERR_IO, "bus: zmq_socket: %s", zmq_strerror(errno));
        goto err;
    }
    int hwm = opts->hwm > 0 ? opts->hwm : PW_BUS_HWM_DEFAULT;
    int linger = opts->linger_ms > 0 ? opts->linger_ms : opts->linger_ms == PW_BUS_LINGER_NONE ? 0 : -1;
    if (set_int(s->z, ZMQ_SNDHWM, hwm, "ZMQ_SNDHWM", err) || set_int(s->z, ZMQ_RCVHWM, hwm, "ZMQ_RCVHWM", err) ||
        set_int(s->z, ZMQ_LINGER, linger, "ZMQ_LINGER", err) ||
        (opts->send_timeout_ms > 0 && set_int(s->z, ZMQ_SNDTIMEO, opts->send_timeout_ms, "ZMQ_SNDTIMEO", err)))
        goto err;
    /* With a send timeout, queue only to peers that are connected: otherwise messages for a peer that never
     * comes would be parked without a timeout ever firing. */
    if (opts->send_timeout_ms > 0 && set_int(s->z, ZMQ_IMMEDIATE, 1, "ZMQ_IMMEDIATE", err)) goto err;
    /* A peer announcing a frame above the cap is disconnected by ZeroMQ before it allocates the frame (tcp and
     * ipc; inproc peers are this process and are checked in pw_bus_recv instead). */
    int64_t maxmsg = (int64_t)PW_BUS_MSG_MAX;
    if (zmq_setsockopt(s->z, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) != 0) {
        pw_error_set(err, PW_ERR_IO, "bus: ZMQ_MAXMSGSIZE: %s", zmq_strerror(errno));
        goto err;
    }
    /* PUB silently discards at the high-water mark; with NODROP it reports EAGAIN instead, which the
     * non-blocking send turns into the dropped counter, so a drop is never invisible. */
    if (type == ZMQ_PUB && set_int(s->z, ZMQ_XPUB_NODROP, 1, "ZMQ_XPUB_NODROP", err)) goto err;
    if ((opts->curve_secret_file || opts->curve_server_public_file) &&
        pw_bus_curve_apply(s->z, mode == PW_BUS_BIND, opts, err))
        goto err;
    if (opts->curve_clients_file) {
        if (mode != PW_BUS_BIND || !opts->curve_secret_file) {
            pw_error_set(err, PW_ERR_USAGE, "bus: a client key list is for a binding CURVE server (with its secret key)");
            goto err;
        }
        if (pw_bus_zap_restrict(ctx, s->z, opts->curve_clients_file, err)) goto err;
    }
    /* refused and failed CURVE handshakes are counted and logged (core/pw_bus_monitor.c) */
    if ((opts->curve_secret_file || opts->curve_server_public_file) && strncmp(endpoint, "inproc://", 9) != 0 &&
        pw_bus_monitor_attach(ctx, s->z, endpoint, mode == PW_BUS_BIND, err))
        goto err;
    int rc = mode == PW_BUS_BIND ? zmq_bind(s->z, endpoint) : zmq_connect(s->z, endpoint);
    if (rc != 0) {
        pw_error_set(err, PW_ERR_IO, "bus: cannot %s %s: %s", mode == PW_BUS_BIND ? "bind" : "connect", endpoint,
                     zmq_strerror(errno));
        goto err;
    }
    size_t len = sizeof s->endpoint;
    if (mode != PW_BUS_BIND || zmq_getsockopt(s->z, ZMQ_LAST_ENDPOINT, s->endpoint, &len) != 0)
        snprintf(s->endpoint, sizeof s->endpoint, "%s", endpoint);
    return s;
err:
    if (s->z) {
        int zero = 0;
        zmq_setsockopt(s->z, ZMQ_LINGER, &zero, sizeof zero);
        zmq_close(s->z);
    }
    zmq_msg_close(&s->frame);
    free(s);
    return NULL;
}

pw_bus_sock *pw_bus_push(void *ctx, const char *ep, pw_bus_mode mode, const pw_bus_opts *o, pw_error *err)
{
    return open_sock(ctx, ZMQ_PUSH, ep, mode, o, err);
}

pw_bus_sock *pw_bus_pull(void *ctx, const char *ep, pw_bus_mode mode, const pw_bus_opts *o, pw_error *err)
{
    return open_sock(ctx, ZMQ_PULL, ep, mode, o, err);
}

pw_bus_sock *pw_bus_pub(void *ctx, const char *ep, pw_bus_mode mode, const pw_bus_opts *o, pw_error *err)
{
    return open_sock(ctx, ZMQ_PUB, ep, mode, o, err); /* never blocks: drops are counted (see open_sock) */
}

pw_bus_sock *pw_bus_sub(void *ctx, const char *ep, pw_bus_mode mode, const pw_bus_opts *o, const char *prefix,
                        pw_error *err)
{
    pw_bus_sock *s = open_sock(ctx, ZMQ_SUB, ep, mode, o, err);
    if (s && zmq_setsockopt(s->z, ZMQ_SUBSCRIBE, prefix ? prefix : "", prefix ? strlen(prefix) : 0) != 0) {
        pw_error_set(err, PW_ERR_IO, "bus: subscribe: %s", zmq_strerror(errno));
        pw_bus_close(s, NULL);
        return NULL;
    }
    return s;
}

/* A topic is a short printable ASCII word; anything else on the wire is a foreign or broken sender. */
static int topic_ok(const char *t, size_t len)
{
    if (len == 0 || len > PW_BUS_TOPIC_MAX) return 0;
    for (size_t i = 0; i < len; i++)
        if (t[i] <= 0x20 || t[i] >= 0x7f) return 0;
    return 1;
}

int pw_bus_send(pw_bus_sock *s, const char *topic, const char *json, size_t len, pw_error *err)
{
    size_t tlen = strlen(topic);
    if (!topic_ok(topic, tlen))
        return pw_error_set(err, PW_ERR_USAGE, "bus: bad topic \"%.*s\" (1..%d printable ASCII characters)",
                            (int)(tlen > 64 ? 64 : tlen), topic, PW_BUS_TOPIC_MAX);
    if (len > PW_BUS_MSG_MAX)
        return pw_error_set(err, PW_ERR_LIMIT, "bus: message of %zu bytes is over the %zu-byte cap", len,
                            PW_BUS_MSG_MAX);
    int flags = s->drop_when_full ? ZMQ_DONTWAIT : 0;
    for (;;) {
        if (zmq_send(s->z, topic, tlen, flags | ZMQ_SNDMORE) >= 0) break;
        if (errno == EINTR) continue;
        if (errno == EAGAIN && s->drop_when_full) {
            s->dropped++;
            return 0;
        }
        if (errno == EAGAIN) /* ZMQ_SNDTIMEO ran out: the caller decides, nothing was queued */
            return pw_error_set(err, PW_ERR_AGAIN, "bus: %s is not taking messages (send timed out)", s->endpoint);
        return pw_error_set(err, PW_ERR_IO, "bus: send: %s", zmq_strerror(errno));
    }
    /* Once the first frame is admitted the rest of the message is too (the high-water mark counts whole
     * messages), so the body is sent blocking: it never waits, and a multipart message is never cut. */
    while (zmq_send(s->z, json, len, 0) < 0) {
        if (errno != EINTR) return pw_error_set(err, PW_ERR_IO, "bus: send: %s", zmq_strerror(errno));
    }
    s->sent++;
    return 0;
}

static int more_frames(void *z)
{
    int more = 0;
    size_t sz = sizeof more;
    zmq_getsockopt(z, ZMQ_RCVMORE, &more, &sz);
    return more;
}

static void drain(void *z)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    while (more_frames(z) && zmq_msg_recv(&m, z, 0) >= 0) {
    }
    zmq_msg_close(&m);
}

static int recv_frame(pw_bus_sock *s, int flags, pw_error *err)
{
    int rc;
    while ((rc = zmq_msg_recv(&s->frame, s->z, flags)) < 0 && errno == EINTR) {
    }
    if (rc >= 0) return 0;
    int again = errno == EAGAIN;
    pw_error_set(err, again ? PW_ERR_AGAIN : PW_ERR_IO, "bus: recv: %s", zmq_strerror(errno));
    return again ? 1 : -1;
}

int pw_bus_recv(pw_bus_sock *s, pw_bus_msg *msg, int timeout_ms, pw_error *err)
{
    /* Try first, poll only when nothing is waiting: under load a message is usually there, and a zmq_poll per
     * message would cost a system call each. */
    int rc = recv_frame(s, timeout_ms >= 0 ? ZMQ_DONTWAIT : 0, err);
    if (rc < 0) return -1;
    if (rc > 0) {
        zmq_pollitem_t it = {s->z, 0, ZMQ_POLLIN, 0};
        int n;
        while ((n = zmq_poll(&it, 1, timeout_ms)) < 0 && errno == EINTR) {
        }
        if (n < 0) return pw_error_set(err, PW_ERR_IO, "bus: poll: %s", zmq_strerror(errno));
        if (n == 0) return 0;
        if (recv_frame(s, 0, err)) return -1;
    }
    size_t tlen = zmq_msg_size(&s->frame);
    const char *topic = zmq_msg_data(&s->frame);
    if (!topic_ok(topic, tlen) || !zmq_msg_more(&s->frame)) {
        int more = zmq_msg_more(&s->frame);
        if (more) drain(s->z);
        s->malformed++;
        return pw_error_set(err, PW_ERR_INVALID, "bus: malformed message discarded (%s)",
                            !more ? "one frame, no body" : tlen > PW_BUS_TOPIC_MAX ? "topic frame too long"
                                                                                   : "topic is not a printable word");
    }
    memcpy(msg->topic, topic, tlen);
    msg->topic[tlen] = '\0';
    if (recv_frame(s, 0, err)) return -1; /* the rest of a multipart message is already here */
    size_t blen = zmq_msg_size(&s->frame);
    int extra = zmq_msg_more(&s->frame);
    if (blen > PW_BUS_MSG_MAX || extra) {
        if (extra) drain(s->z);
        s->malformed++;
        return pw_error_set(err, PW_ERR_INVALID, "bus: malformed message discarded (%s, topic \"%s\")",
                            extra ? "more than two frames" : "body over the size cap", msg->topic);
    }
    pw_buf_reset(&msg->body);
    if (pw_buf_append(&msg->body, zmq_msg_data(&s->frame), blen))
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    s->received++;
    return 1;
}

void pw_bus_msg_free(pw_bus_msg *msg) { pw_buf_free(&msg->body); }

uint64_t pw_bus_sent(const pw_bus_sock *s) { return s->sent; }
uint64_t pw_bus_received(const pw_bus_sock *s) { return s->received; }
uint64_t pw_bus_dropped(const pw_bus_sock *s) { return s->dropped; }
uint64_t pw_bus_malformed(const pw_bus_sock *s) { return s->malformed; }
const char *pw_bus_endpoint(const pw_bus_sock *s) { return s->endpoint; }
void *pw_bus_zmq_socket(pw_bus_sock *s) { return s->z; }

int pw_bus_close(pw_bus_sock *s, pw_error *err)
{
    if (!s) return 0;
    /* Returns at once; with the linger set at open, zmq_ctx_term (pw_bus_ctx_destroy) waits for delivery. */
    int rc = zmq_close(s->z) == 0 ? 0 : pw_error_set(err, PW_ERR_IO, "bus: close: %s", zmq_strerror(errno));
    zmq_msg_close(&s->frame);
    free(s);
    return rc;
}
