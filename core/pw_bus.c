/* pw_bus: ZeroMQ sockets with the framing, back-pressure and counters of pw_bus.h. */
#include "core/pw_bus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "core/pw_bus_curve.h"

struct pw_bus_sock {
    void *z;
    int type;
    int drop_when_full;
    uint64_t sent, received, dropped, malformed;
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
    if (ctx) zmq_ctx_term(ctx);
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
    pw_bus_sock *s = calloc(1, sizeof *s);
    if (!s) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    s->type = type;
    s->drop_when_full = opts->drop_when_full;
    if (!(s->z = zmq_socket(ctx, type))) {
        pw_error_set(err, PW_ERR_IO, "bus: zmq_socket: %s", zmq_strerror(errno));
        goto err;
    }
    int hwm = opts->hwm > 0 ? opts->hwm : 10000;
    int linger = opts->linger_ms ? opts->linger_ms : -1;
    zmq_setsockopt(s->z, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s->z, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s->z, ZMQ_LINGER, &linger, sizeof linger);
    if ((opts->curve_secret_file || opts->curve_server_public_file) &&
        pw_bus_curve_apply(s->z, mode == PW_BUS_BIND, opts, err))
        goto err;
    int rc = mode == PW_BUS_BIND ? zmq_bind(s->z, endpoint) : zmq_connect(s->z, endpoint);
    if (rc != 0) {
        pw_error_set(err, PW_ERR_IO, "bus: cannot %s %s: %s", mode == PW_BUS_BIND ? "bind" : "connect", endpoint,
                     zmq_strerror(errno));
        goto err;
    }
    size_t len = sizeof s->endpoint;
    if (mode != PW_BUS_BIND || zmq_getsockopt(s->z, ZMQ_LAST_ENDPOINT, s->endpoint, &len) != 0) {
        strncpy(s->endpoint, endpoint, sizeof s->endpoint - 1);
    }
    return s;
err:
    if (s->z) {
        int zero = 0;
        zmq_setsockopt(s->z, ZMQ_LINGER, &zero, sizeof zero);
        zmq_close(s->z);
    }
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
    pw_bus_sock *s = open_sock(ctx, ZMQ_PUB, ep, mode, o, err);
    if (s) s->drop_when_full = 1; /* PUB never blocks in ZeroMQ: say so in the counter instead */
    return s;
}

pw_bus_sock *pw_bus_sub(void *ctx, const char *ep, pw_bus_mode mode, const pw_bus_opts *o, const char *prefix,
                        pw_error *err)
{
    pw_bus_sock *s = open_sock(ctx, ZMQ_SUB, ep, mode, o, err);
    if (s) zmq_setsockopt(s->z, ZMQ_SUBSCRIBE, prefix ? prefix : "", prefix ? strlen(prefix) : 0);
    return s;
}

int pw_bus_send(pw_bus_sock *s, const char *topic, const char *json, size_t len, pw_error *err)
{
    size_t tlen = strlen(topic);
    if (tlen > PW_BUS_TOPIC_MAX || len > PW_BUS_MSG_MAX)
        return pw_error_set(err, PW_ERR_LIMIT, "bus: message too large (topic %zu, body %zu bytes)", tlen, len);
    int flags = s->drop_when_full ? ZMQ_DONTWAIT : 0;
    for (;;) {
        if (zmq_send(s->z, topic, tlen, flags | ZMQ_SNDMORE) >= 0) break;
        if (errno == EINTR) continue;
        if (errno == EAGAIN && s->drop_when_full) {
            s->dropped++;
            return 0;
        }
        return pw_error_set(err, PW_ERR_IO, "bus: send: %s", zmq_strerror(errno));
    }
    /* once the first frame is queued the second always is (ZeroMQ queues multipart messages atomically) */
    while (zmq_send(s->z, json, len, flags) < 0) {
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

int pw_bus_recv(pw_bus_sock *s, pw_bus_msg *msg, int timeout_ms, pw_error *err)
{
    if (timeout_ms >= 0) {
        zmq_pollitem_t it = {s->z, 0, ZMQ_POLLIN, 0};
        int n;
        while ((n = zmq_poll(&it, 1, timeout_ms)) < 0 && errno == EINTR) {
        }
        if (n < 0) return pw_error_set(err, PW_ERR_IO, "bus: poll: %s", zmq_strerror(errno));
        if (n == 0) return 0;
    }
    zmq_msg_t m;
    zmq_msg_init(&m);
    int rc;
    while ((rc = zmq_msg_recv(&m, s->z, 0)) < 0 && errno == EINTR) {
    }
    if (rc < 0) {
        zmq_msg_close(&m);
        return pw_error_set(err, PW_ERR_IO, "bus: recv: %s", zmq_strerror(errno));
    }
    size_t tlen = zmq_msg_size(&m);
    if (tlen > PW_BUS_TOPIC_MAX || !zmq_msg_more(&m)) {
        zmq_msg_close(&m);
        drain(s->z);
        s->malformed++;
        return pw_error_set(err, PW_ERR_INVALID, "bus: malformed message (topic frame of %zu bytes%s)", tlen,
                            tlen > PW_BUS_TOPIC_MAX ? "" : ", no body frame");
    }
    memcpy(msg->topic, zmq_msg_data(&m), tlen);
    msg->topic[tlen] = '\0';
    while ((rc = zmq_msg_recv(&m, s->z, 0)) < 0 && errno == EINTR) {
    }
    if (rc < 0) {
        zmq_msg_close(&m);
        return pw_error_set(err, PW_ERR_IO, "bus: recv: %s", zmq_strerror(errno));
    }
    size_t blen = zmq_msg_size(&m);
    int extra = zmq_msg_more(&m);
    if (blen > PW_BUS_MSG_MAX || extra) {
        zmq_msg_close(&m);
        if (extra) drain(s->z);
        s->malformed++;
        return pw_error_set(err, PW_ERR_INVALID, "bus: malformed message (%s)",
                            extra ? "more than two frames" : "body over the size cap");
    }
    pw_buf_reset(&msg->body);
    rc = pw_buf_append(&msg->body, zmq_msg_data(&m), blen);
    zmq_msg_close(&m);
    if (rc) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
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
    (void)err;
    if (!s) return 0;
    zmq_close(s->z); /* with the linger set at open, zmq_ctx_term waits for delivery */
    free(s);
    return 0;
}
