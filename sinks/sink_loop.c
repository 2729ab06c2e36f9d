/* sinks/sink_loop: the receive loop shared by every sink (see sink_loop.h). */
#include "sinks/sink_loop.h"

#include <string.h>

#include "core/pw_log.h"
#include "core/pw_time.h"

#define POLL_MS 200      /* how often a quiet sink looks at the stop flag and flushes */
#define DRAIN_POLL_MS 50 /* once stopped: a queue quiet this long is empty (in-process and local peers) */

const char *pw_sink_preview(const pw_bus_msg *m, char out[81])
{
    size_t n = m->body.len < 80 ? m->body.len : 80;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)m->body.data[i];
        out[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    out[n] = '\0';
    return out;
}

int pw_sink_loop(void *ctx, const pw_sink_input *in, pw_sink_deliver_fn deliver, pw_sink_idle_fn idle, void *ud,
                 pw_sink_stats *st, pw_error *err)
{
    pw_bus_sock *s = NULL;
    pw_bus_msg msg = {0};
    pw_error local;
    int rc = -1;
    if (!err) err = &local; /* the sinks read err->code and err->msg */
    const char *topic = in->topic ? in->topic : "";
    size_t tlen = strlen(topic);
    memset(st, 0, sizeof *st);
    if (!in->in) return pw_error_set(err, PW_ERR_USAGE, "no input endpoint");
    pw_bus_opts bo = {.curve_secret_file = in->curve_secret_file,
                      .curve_server_public_file = in->curve_server_public_file,
                      .curve_clients_file = in->curve_clients_file};
    pw_bus_mode mode = in->bind ? PW_BUS_BIND : PW_BUS_CONNECT;
    s = in->sub ? pw_bus_sub(ctx, in->in, mode, &bo, topic, err) : pw_bus_pull(ctx, in->in, mode, &bo, err);
    if (!s) goto out;
    if (in->bind) pw_log_info("sink: listening on %s", pw_bus_endpoint(s));
    int64_t last = pw_time_mono_us();
    int stopping = 0;
    while (!(in->max_messages && st->written >= in->max_messages)) {
        /* stopped: what is already queued on our socket is still delivered, then we leave */
        if (!stopping && in->stop && *in->stop) stopping = 1;
        int r = pw_bus_recv(s, &msg, stopping ? DRAIN_POLL_MS : POLL_MS, err);
        if (r == 0 && stopping) break;
        if (r == 0) {
            if (idle && idle(ud, err)) goto out;
            if (in->idle_timeout_ms > 0 && pw_time_mono_us() - last >= (int64_t)in->idle_timeout_ms * 1000) break;
            continue;
        }
        if (r < 0 && err && err->code == PW_ERR_INVALID) { /* bad framing from some peer: skip, keep going */
            st->malformed++;
            pw_log_warn("sink: %s", err->msg);
            continue;
        }
        if (r < 0) {
            if (in->stop && *in->stop) break; /* interrupted by the signal that stops us */
            goto out;
        }
        last = pw_time_mono_us();
        st->received++;
        if (strncmp(msg.topic, topic, tlen) != 0) { /* PULL has no subscription filter: apply it here */
            st->filtered++;
            continue;
        }
        int d = deliver(ud, &msg, st, err);
        if (d < 0) goto out;
        if (d > 0) st->written++;
    }
    rc = idle ? idle(ud, err) : 0;
out:
    if (s) pw_bus_close(s, NULL);
    pw_bus_msg_free(&msg);
    return rc;
}
