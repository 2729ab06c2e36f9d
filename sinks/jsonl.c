/* sinks/jsonl: bus endpoint -> JSON lines (see jsonl.h).
 *
 * Each body is parsed with jansson before it is written. That costs an allocation per message, which this
 * stage accepts: it is the edge where patchwatch hands data to other tools, and a line that is not valid JSON
 * would break every consumer after it. Received bodies from pw_bus producers are already compact and are
 * written byte for byte; only bodies with raw line breaks are re-encoded. */
#include "sinks/jsonl.h"

#include <string.h>

#include <jansson.h>

#include "core/pw_bus.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "core/pw_time.h"

#define POLL_MS 200 /* how often a quiet sink looks at the stop flag and flushes */

/* The first bytes of a body for a log line, with control characters replaced so a hostile body cannot forge
 * log lines or drive a terminal. */
static const char *preview(const pw_bus_msg *m, char out[81])
{
    size_t n = m->body.len < 80 ? m->body.len : 80;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)m->body.data[i];
        out[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    out[n] = '\0';
    return out;
}

/* Writes one body, or counts it as invalid. Returns -1 only when the output fails. */
static int write_body(pw_out *out, const pw_bus_msg *m, pw_sink_stats *st, pw_error *err)
{
    json_error_t jerr;
    json_t *j = json_loadb(m->body.data, m->body.len, JSON_REJECT_DUPLICATES, &jerr);
    int rc = 0;
    char pv[81];
    if (!j || !json_is_object(j)) {
        st->invalid++;
        pw_log_warn("sink jsonl: skipped a \"%s\" message that is not one JSON object (%s): %s", m->topic,
                    j ? "not an object" : jerr.text, preview(m, pv));
        goto out;
    }
    if (!memchr(m->body.data, '\n', m->body.len) && !memchr(m->body.data, '\r', m->body.len)) {
        rc = pw_out_raw(out, m->topic, m->body.data, m->body.len, err);
    } else {
        char *compact = json_dumps(j, JSON_COMPACT);
        rc = compact ? pw_out_raw(out, m->topic, compact, strlen(compact), err)
                     : pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        free(compact);
    }
    if (rc == 0) st->written++;
out:
    json_decref(j);
    return rc;
}

int pw_sink_jsonl_run(const pw_sink_jsonl_opts *o, pw_sink_stats *st, pw_error *err)
{
    void *ctx = NULL;
    pw_bus_sock *in = NULL;
    pw_out *out = NULL;
    pw_bus_msg msg = {0};
    int rc = -1;
    const char *topic = o->topic ? o->topic : "";
    size_t tlen = strlen(topic);
    memset(st, 0, sizeof *st);
    if (!o->in) return pw_error_set(err, PW_ERR_USAGE, "sink jsonl: no input endpoint");
    if (!(ctx = pw_bus_ctx_new(err))) goto err;
    pw_bus_opts bo = {.curve_secret_file = o->curve_secret_file,
                      .curve_server_public_file = o->curve_server_public_file,
                      .curve_clients_file = o->curve_clients_file};
    pw_bus_mode mode = o->bind ? PW_BUS_BIND : PW_BUS_CONNECT;
    in = o->sub ? pw_bus_sub(ctx, o->in, mode, &bo, topic, err) : pw_bus_pull(ctx, o->in, mode, &bo, err);
    if (!in) goto err;
    if (o->bind) pw_log_info("sink jsonl: listening on %s", pw_bus_endpoint(in));
    if (!(out = pw_out_open_ctx(o->out ? o->out : "-", ctx, err))) goto err;
    int64_t last = pw_time_mono_us();
    while (!(o->stop && *o->stop) && !(o->max_messages && st->written >= o->max_messages)) {
        int r = pw_bus_recv(in, &msg, POLL_MS, err);
        if (r == 0) {
            if (pw_out_flush(out, err)) goto err;
            if (o->idle_timeout_ms > 0 && pw_time_mono_us() - last >= (int64_t)o->idle_timeout_ms * 1000) break;
            continue;
        }
        if (r < 0 && err && err->code == PW_ERR_INVALID) { /* bad framing from some peer: skip, keep going */
            st->malformed++;
            pw_log_warn("sink jsonl: %s", err->msg);
            continue;
        }
        if (r < 0) {
            if (o->stop && *o->stop) break; /* interrupted by the signal that stops us */
            goto err;
        }
        last = pw_time_mono_us();
        st->received++;
        if (strncmp(msg.topic, topic, tlen) != 0) { /* PULL has no subscription filter: apply it here */
            st->filtered++;
            continue;
        }
        if (write_body(out, &msg, st, err)) goto err;
    }
    rc = 0;
err:
    if (out && pw_out_close(out, rc ? NULL : err)) rc = -1;
    if (in) pw_bus_close(in, NULL);
    pw_bus_msg_free(&msg);
    if (ctx) pw_bus_ctx_destroy(ctx);
    if (rc) pw_error_prefix(err, "sink jsonl");
    return rc;
}
