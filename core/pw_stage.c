/* pw_stage: the sink engine (see pw_stage.h). Written once so that no sink has its own retry loop, buffer or
 * counters: a sink plugin only formats and sends a batch and says what happened to each record.
 *
 * One thread per sink: receive, queue, flush, wait. A durable sink keeps receiving into its queue while the
 * receiver is down (the bus does not back up into the sources); a local sink (jsonl, store) stops receiving
 * while its batch waits for a retry, so the bus's high-water mark pushes back instead. Each record is copied
 * once into a slot of the in-flight batch; slots are reused, so the steady state allocates nothing but
 * jansson's parse of the body (the check that it is one JSON object, which a SIEM relies on). That parse is
 * kept in the slot and lent to the plugin (pw_flush_report.obj): parsing once instead of twice was a quarter
 * of the syslog sink's time. */
#include "core/pw_stage.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_buf.h"
#include "core/pw_bus.h"
#include "core/pw_hash.h"
#include "core/pw_log.h"
#include "core/pw_metrics.h"
#include "core/pw_queue.h"
#include "core/pw_time.h"

#define POLL_MS 200      /* how often a quiet sink looks at the stop flag */
#define DRAIN_POLL_MS 50 /* once stopped: an input quiet this long is empty */
#define IDLE_US 1000000  /* the plugin's idle callback and the queue's interval fsync run about this often */
#define OBJ_BYTES ((size_t)1 << 20) /* parsed bodies kept for the plugin while the batch holds less JSON than
                                       this: a parse takes several times its text in memory, and big batches of
                                       big records gain little from skipping a second parse */

typedef struct slot {
    pw_buf data;   /* topic NUL json NUL */
    size_t tlen, jlen;
    char id[33];
    json_t *obj;   /* the parsed body when it came off the bus (owned), NULL when read back from the queue or
                      past OBJ_BYTES; released when the slot is filled again, not when its batch settles: freed
                      one by one between parses, the trees reuse malloc's per-thread caches (releasing a whole
                      batch at once cost 1 µs per record) */
    int64_t enq_us;
    int attempts;
    int done;
} slot;

typedef struct engine {
    const pw_stage_input *in;
    const pw_sink_plugin *p;
    void *pctx;
    pw_stage_stats *st;
    char name[64];
    pw_queue *q;
    slot *slots;
    size_t cap, n;        /* batch size, records in flight */
    size_t bytes;         /* JSON bytes in the batch: a batch is also full at PW_STAGE_BATCH_BYTES */
    pw_sink_rec *recs;
    pw_flush_result *status;
    json_t **objs;        /* objs[i]: the parsed body of recs[i] (borrowed from the slot) or NULL */
    size_t *map;          /* recs[i] is slots[map[i]] */
    int retrying;         /* some records of the batch wait for next_try_us */
    int64_t next_try_us, first_us;
    int backoff_step;
    int cannot_heal_logged;
    unsigned rnd;
    FILE *dlq;
    char dlq_path[1100];
    _Atomic uint64_t *m_in, *m_out, *m_retries, *m_dead, *m_dropped, *g_bytes, *g_age;
} engine;

/* a = pw_hash_fields({topic, json}), b = FNV-1a of "patchwatch-record-id/2" json topic (a second, independent
 * hash). The two passes over json run in one loop: FNV-1a is a chain of dependent multiplies, and two chains
 * side by side take the time of one. The result is the same as two calls of pw_hash_update (pinned by
 * test_record_id_is_stable_and_depends_on_topic_and_body): ids must not change between versions, receivers
 * deduplicate on them. */
void pw_stage_record_id(const char *topic, const char *json, size_t len, char out[33])
{
    static const unsigned char sep = 0x1f;
    const uint64_t prime = UINT64_C(0x100000001b3);
    size_t tl = strlen(topic);
    uint64_t a = pw_hash_update(pw_hash_update(PW_HASH_INIT, topic, tl), &sep, 1);
    uint64_t b = pw_hash_update(PW_HASH_INIT, "patchwatch-record-id/2", 22);
    const unsigned char *p = (const unsigned char *)json;
    for (size_t i = 0; i < len; i++) {
        a = (a ^ p[i]) * prime;
        b = (b ^ p[i]) * prime;
    }
    a = pw_hash_final(pw_hash_update(a, &sep, 1));
    b = pw_hash_final(pw_hash_update(b, topic, tl));
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[i] = hex[(a >> (60 - 4 * i)) & 0xf];
        out[16 + i] = hex[(b >> (60 - 4 * i)) & 0xf];
    }
    out[32] = '\0';
}

static void metrics_init(engine *e)
{
    char v[128], labels[160];
    snprintf(labels, sizeof labels, "sink=\"%s\"", pw_metrics_label_escape(e->name, v, sizeof v));
    e->m_in = pw_metrics_counter("patchwatch_sink_records_in_total", "Records a sink took off the bus.", labels);
    e->m_out = pw_metrics_counter("patchwatch_sink_records_out_total", "Records the receiver accepted.", labels);
    e->m_retries = pw_metrics_counter("patchwatch_sink_retries_total", "Flushes answered with retry.", labels);
    e->m_dead = pw_metrics_counter("patchwatch_sink_dead_letters_total",
                                   "Records refused for good (written to the dead-letter file).", labels);
    e->m_dropped = pw_metrics_counter("patchwatch_sink_queue_dropped_total",
                                      "Records the durable queue dropped at its size cap.", labels);
    e->g_bytes = pw_metrics_gauge("patchwatch_sink_queue_bytes", "Undelivered bytes in the durable queue.", labels);
    e->g_age = pw_metrics_gauge("patchwatch_sink_oldest_record_age_seconds",
                                "Age of the oldest record not yet delivered.", labels);
}

static void gauges_update(engine *e)
{
    int64_t oldest = 0;
    for (size_t i = 0; i < e->n; i++)
        if (!e->slots[i].done && (!oldest || e->slots[i].enq_us < oldest)) oldest = e->slots[i].enq_us;
    pw_metrics_gauge_set(e->g_age, oldest ? (double)(pw_time_now_us() - oldest) / 1e6 : 0.0);
    if (e->q) {
        pw_queue_stats qs;
        pw_queue_get_stats(e->q, &qs);
        pw_metrics_gauge_set(e->g_bytes, (double)qs.bytes);
        if (qs.dropped > e->st->dropped) {
            pw_metrics_inc(e->m_dropped, qs.dropped - e->st->dropped);
            e->st->dropped = qs.dropped;
        }
    }
}

/* obj: the parsed body or NULL; the slot takes a reference. */
static int slot_fill(slot *s, const char *topic, const char *json, size_t len, json_t *obj, int64_t enq_us,
                     pw_error *err)
{
    size_t tl = strlen(topic);
    json_decref(s->obj);
    s->obj = obj ? json_incref(obj) : NULL;
    pw_buf_reset(&s->data);
    if (pw_buf_append(&s->data, topic, tl + 1) || pw_buf_append(&s->data, json, len) || pw_buf_putc(&s->data, '\0'))
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    s->tlen = tl;
    s->jlen = len;
    s->enq_us = enq_us;
    s->attempts = 0;
    s->done = 0;
    pw_stage_record_id(topic, json, len, s->id);
    return 0;
}

/* Writes a refused record to the dead-letter file (JSON lines: time, sink, id, topic, reason, record). */
static void dead_letter(engine *e, slot *s, const char *reason)
{
    e->st->dead_letters++;
    e->st->invalid++;
    pw_metrics_inc(e->m_dead, 1);
    if (!e->dlq && e->dlq_path[0] && !(e->dlq = fopen(e->dlq_path, "a"))) {
        pw_log_error("sink %s: dead-letter file %s: %s", e->name, e->dlq_path, strerror(errno));
        e->dlq_path[0] = '\0';
    }
    if (!e->dlq) {
        pw_log_warn("sink %s: record %s refused for good: %s", e->name, s->id, reason);
        return;
    }
    char ts[PW_RFC3339_MAX];
    pw_time_format(pw_time_now_us(), ts);
    pw_buf line = {0};
    pw_buf_printf(&line, "{\"@timestamp\":\"%s\",\"sink\":", ts);
    pw_buf_json_str(&line, e->name, strlen(e->name));
    pw_buf_printf(&line, ",\"id\":\"%s\",\"topic\":", s->id);
    pw_buf_json_str(&line, s->data.data, s->tlen);
    pw_buf_puts(&line, ",\"reason\":");
    pw_buf_json_str(&line, reason, strlen(reason));
    pw_buf_puts(&line, ",\"record\":");
    pw_buf_append(&line, s->data.data + s->tlen + 1, s->jlen);
    pw_buf_puts(&line, "}\n");
    if (!line.data || fwrite(line.data, 1, line.len, e->dlq) != line.len || fflush(e->dlq))
        pw_log_error("sink %s: dead-letter file %s: write failed; record %s: %s", e->name, e->dlq_path, s->id,
                     reason);
    pw_buf_free(&line);
}

static int backoff_ms(engine *e, int permanent)
{
    if (permanent) return PW_STAGE_SLOW_RETRY_MS;
    int lo = e->in->retry_min_ms > 0 ? e->in->retry_min_ms : 250;
    int hi = e->in->retry_max_ms > 0 ? e->in->retry_max_ms : 30000;
    int64_t ms = lo;
    for (int i = 0; i < e->backoff_step && ms < hi; i++) ms *= 2;
    if (ms > hi) ms = hi;
    e->backoff_step++;
    /* jitter: a wait between half and all of it */
    return (int)(ms / 2 + rand_r(&e->rnd) % (ms / 2 + 1));
}

/* Hands the undone records of the batch to the plugin once and settles each. Returns 0, -1 on a queue error. */
static int flush_batch(engine *e, pw_error *err)
{
    size_t k = 0;
    for (size_t i = 0; i < e->n; i++) {
        slot *s = &e->slots[i];
        if (s->done) continue;
        e->recs[k] = (pw_sink_rec){.topic = s->data.data, .json = s->data.data + s->tlen + 1, .len = s->jlen,
                                   .id = s->id};
        e->objs[k] = s->obj;
        e->status[k] = PW_FLUSH_ERROR; /* a mixed answer that forgets a record refuses it: never silently OK */
        e->map[k++] = i;
    }
    if (!k) goto settled;
    /* every record reaches the queue file before it goes out: a SIGKILL after a send then cannot lose it */
    if (e->q && pw_queue_write_out(e->q, err)) return -1;
    pw_flush_report rep = {.status = e->status, .obj = e->objs};
    pw_flush_result r = e->p->flush(e->pctx, e->recs, k, &rep);
    size_t ok = 0, retry = 0, bad = 0;
    for (size_t j = 0; j < k; j++) {
        pw_flush_result sr = r == PW_FLUSH_ERROR ? e->status[j] : r;
        slot *s = &e->slots[e->map[j]];
        if (sr == PW_FLUSH_RETRY && e->in->retries > 0 && s->attempts >= e->in->retries) {
            char why[320];
            snprintf(why, sizeof why, "gave up after %d retries: %s", e->in->retries, rep.reason);
            dead_letter(e, s, why);
            sr = PW_FLUSH_ERROR;
            s->done = 1;
            bad++;
            continue;
        }
        if (sr == PW_FLUSH_OK) ok++, s->done = 1;
        else if (sr == PW_FLUSH_RETRY) retry++, s->attempts++;
        else bad++, s->done = 1, dead_letter(e, s, rep.reason[0] ? rep.reason : "refused by the receiver");
    }
    e->st->written += ok + bad;
    pw_metrics_inc(e->m_out, ok);
    if (bad)
        pw_log_warn("sink %s: %zu record(s) refused for good%s%s: %s", e->name, bad, e->dlq ? ", written to " : "",
                    e->dlq ? e->dlq_path : "", rep.reason[0] ? rep.reason : "refused by the receiver");
    if (retry) {
        e->st->retries++;
        pw_metrics_inc(e->m_retries, 1);
        int wait = backoff_ms(e, rep.permanent_config_error);
        if (rep.permanent_config_error && !e->cannot_heal_logged) {
            pw_log_error("sink %s: %s: this cannot heal by itself (an operator must fix the certificate, CA file, "
                         "name or credentials); %zu record(s) kept%s, retrying every %d s",
                         e->name, rep.reason, retry, e->q ? " in the queue" : "", PW_STAGE_SLOW_RETRY_MS / 1000);
            e->cannot_heal_logged = 1;
        } else if (!rep.permanent_config_error) {
            pw_log_warn("sink %s: %s; %zu record(s) retried in %d ms", e->name, rep.reason[0] ? rep.reason : "retry",
                        retry, wait);
        }
        e->retrying = 1;
        e->next_try_us = pw_time_mono_us() + (int64_t)wait * 1000;
        return 0;
    }
    if (ok && e->cannot_heal_logged) pw_log_info("sink %s: delivering again", e->name);
    e->cannot_heal_logged = 0;
settled:
    e->retrying = 0;
    e->backoff_step = 0;
    e->n = 0;
    e->bytes = 0;
    if (e->q && pw_queue_commit(e->q, err)) return -1;
    return 0;
}

/* Durable: fills an empty batch from the queue (replayed records first, in order). */
static int fill_from_queue(engine *e, pw_error *err)
{
    pw_queue_rec r;
    while (e->n < e->cap && e->bytes < PW_STAGE_BATCH_BYTES) {
        int g = pw_queue_read(e->q, &r, err);
        if (g < 0) return -1;
        if (g == 0) break;
        if (slot_fill(&e->slots[e->n], r.topic, r.json, r.len, NULL, r.enq_us, err)) return -1;
        e->n++;
        e->bytes += r.len;
    }
    return 0;
}

/* One message off the bus: checked, then queued (durable) or put in the batch. Returns 0 taken, 1 the queue is
 * full (block policy: keep the message and stop receiving), 2 skipped (not one JSON object), -1 on error. */
static int take(engine *e, const pw_bus_msg *m, pw_error *err)
{
    json_error_t jerr;
    json_t *j = json_loadb(m->body.data, m->body.len, JSON_REJECT_DUPLICATES, &jerr);
    int rc = 0;
    char *compact = NULL;
    if (!j || !json_is_object(j)) {
        char pv[81];
        size_t n = m->body.len < 80 ? m->body.len : 80;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)m->body.data[i];
            pv[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
        }
        pv[n] = '\0';
        e->st->invalid++;
        pw_log_warn("sink %s: skipped a \"%s\" message that is not one JSON object (%s): %s", e->name, m->topic,
                    j ? "not an object" : jerr.text, pv);
        rc = 2;
        goto out;
    }
    const char *body = m->body.data;
    size_t len = m->body.len;
    if (memchr(body, '\n', len) || memchr(body, '\r', len)) { /* one record stays one line everywhere */
        if (!(compact = json_dumps(j, JSON_COMPACT))) {
            rc = pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto out;
        }
        body = compact;
        len = strlen(compact);
    }
    if (e->q) {
        rc = pw_queue_append(e->q, m->topic, body, len, err);
        /* in the steady state the record goes straight into the batch too: no read back from disk */
        if (rc == 0 && !e->retrying && e->n < e->cap && e->bytes < PW_STAGE_BATCH_BYTES &&
            pw_queue_take_last(e->q)) {
            if (e->n == 0) e->first_us = pw_time_mono_us();
            if (slot_fill(&e->slots[e->n], m->topic, body, len, e->bytes + len <= OBJ_BYTES ? j : NULL,
                          pw_time_now_us(), err))
                rc = -1;
            else e->n++, e->bytes += len;
        }
    } else {
        if (e->n == 0) e->first_us = pw_time_mono_us();
        rc = slot_fill(&e->slots[e->n], m->topic, body, len, e->bytes + len <= OBJ_BYTES ? j : NULL,
                       pw_time_now_us(), err);
        if (rc == 0) e->n++, e->bytes += len;
    }
    if (rc == 0) pw_metrics_inc(e->m_in, 1);
out:
    free(compact);
    json_decref(j);
    return rc;
}

int pw_stage_sink_run(void *zctx, const pw_stage_input *in, const pw_sink_plugin *p, void *pctx,
                      pw_stage_stats *st, pw_error *err)
{
    engine e = {.in = in, .p = p, .pctx = pctx, .st = st};
    pw_bus_sock *s = NULL;
    pw_bus_msg msg = {0};
    pw_error local;
    int rc = -1, held = 0, stopping = 0;
    if (!err) err = &local;
    memset(st, 0, sizeof *st);
    snprintf(e.name, sizeof e.name, "%s", in->name && *in->name ? in->name : p->name);
    const char *topic = in->topic ? in->topic : "";
    size_t tlen = strlen(topic);
    e.cap = p->batch_max ? p->batch_max : 1;
    if (in->batch && in->batch < e.cap) e.cap = in->batch;
    e.rnd = (unsigned)pw_time_now_us() ^ (unsigned)getpid();
    metrics_init(&e);
    if (!in->in) {
        pw_error_set(err, PW_ERR_USAGE, "no input endpoint");
        goto out;
    }
    e.slots = calloc(e.cap, sizeof *e.slots);
    e.recs = calloc(e.cap, sizeof *e.recs);
    e.status = calloc(e.cap, sizeof *e.status);
    e.map = calloc(e.cap, sizeof *e.map);
    e.objs = calloc(e.cap, sizeof *e.objs);
    if (!e.slots || !e.recs || !e.status || !e.map || !e.objs) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (in->dead_letter) snprintf(e.dlq_path, sizeof e.dlq_path, "%s", in->dead_letter);
    if (p->durable) {
        pw_queue_opts qo = {.dir = in->queue_dir, .max_bytes = in->queue_max};
        if (pw_queue_policy_parse(in->fsync, in->queue_full, &qo.fsync, &qo.full)) {
            pw_error_set(err, PW_ERR_USAGE, "fsync is always|interval|never and queue_full drop_oldest|block");
            goto out;
        }
        if (!in->queue_dir) {
            pw_error_set(err, PW_ERR_USAGE, "a %s sink needs a queue directory", p->name);
            goto out;
        }
        if (!(e.q = pw_queue_open(&qo, err))) goto out;
        if (!in->dead_letter) snprintf(e.dlq_path, sizeof e.dlq_path, "%s/dead-letter.jsonl", in->queue_dir);
    }
    pw_bus_opts bo = {.curve_secret_file = in->curve_secret_file,
                      .curve_server_public_file = in->curve_server_public_file,
                      .curve_clients_file = in->curve_clients_file};
    pw_bus_mode mode = in->bind ? PW_BUS_BIND : PW_BUS_CONNECT;
    s = in->sub ? pw_bus_sub(zctx, in->in, mode, &bo, topic, err) : pw_bus_pull(zctx, in->in, mode, &bo, err);
    if (!s) goto out;
    if (in->bind) pw_log_info("sink %s: listening on %s", e.name, pw_bus_endpoint(s));
    int64_t last_msg = pw_time_mono_us(), last_idle = last_msg;
    uint64_t taken = 0;
    int queue_empty = 0;
    for (;;) {
        int64_t now = pw_time_mono_us();
        if (!stopping && in->stop && *in->stop) stopping = 1;
        if (in->max_messages && st->written >= in->max_messages && e.n == 0) break;
        /* at the top of the loop, not only when the bus is quiet: under a steady flow the interval fsync (what
         * bounds a power loss to the last second) and the plugin's idle work must still run */
        if (now - last_idle >= IDLE_US) {
            last_idle = now;
            if (p->idle && p->idle(pctx, err)) goto out;
            if (e.q && pw_queue_sync(e.q, 0, err)) goto out;
            gauges_update(&e);
        }
        /* a batch not yet handed over is topped up from the queue (replayed records first, in order) */
        if (e.q && !e.retrying && e.n < e.cap && e.bytes < PW_STAGE_BATCH_BYTES) {
            size_t before = e.n;
            if (fill_from_queue(&e, err)) goto out;
            queue_empty = e.n < e.cap && e.bytes < PW_STAGE_BATCH_BYTES;
            if (before == 0 && e.n) e.first_us = now;
        }
        int due = e.retrying ? now >= e.next_try_us
                             : e.n > 0 && (e.n >= e.cap || e.bytes >= PW_STAGE_BATCH_BYTES || stopping ||
                                           now - e.first_us >= PW_STAGE_LINGER_US);
        if (due) {
            if (flush_batch(&e, err)) goto out;
            continue;
        }
        if (stopping && (e.n == 0 || e.retrying) && (!e.q || queue_empty || e.retrying) && !held) {
            /* stopped: drain what the socket still holds, then leave (a durable sink leaves the rest queued) */
            int r = pw_bus_recv(s, &msg, DRAIN_POLL_MS, err);
            if (r == 0 || (r < 0 && err->code != PW_ERR_INVALID)) break;
            if (r > 0 && strncmp(msg.topic, topic, tlen) == 0) {
                st->received++;
                int t = take(&e, &msg, err);
                if (t < 0) goto out;
                if (t == 1) break;
                if (t == 0) taken++;
            }
            continue;
        }
        int can_recv = !held && !(in->max_messages && taken >= in->max_messages) &&
                       (e.q ? 1 : !e.retrying && e.n < e.cap && e.bytes < PW_STAGE_BATCH_BYTES);
        int64_t wait_us = (int64_t)(stopping ? DRAIN_POLL_MS : POLL_MS) * 1000;
        if (e.retrying && e.next_try_us - now < wait_us) wait_us = e.next_try_us - now;
        if (!e.retrying && e.n > 0 && e.first_us + PW_STAGE_LINGER_US - now < wait_us)
            wait_us = e.first_us + PW_STAGE_LINGER_US - now;
        if (wait_us < 0) wait_us = 0;
        int r = 0;
        if (can_recv) {
            r = pw_bus_recv(s, &msg, (int)((wait_us + 999) / 1000), err);
        } else {
            if (wait_us) usleep((useconds_t)(wait_us > 50000 ? 50000 : wait_us));
            if (held) { /* the queue was full (block): try the held message again */
                int a = pw_queue_append(e.q, msg.topic, msg.body.data, msg.body.len, err);
                if (a < 0) goto out;
                if (a == 0) held = 0, taken++, pw_metrics_inc(e.m_in, 1);
            }
        }
        if (r < 0 && err->code == PW_ERR_INVALID) { /* bad framing from some peer: skip, keep going */
            st->malformed++;
            pw_log_warn("sink %s: %s", e.name, err->msg);
            continue;
        }
        if (r < 0) {
            if (in->stop && *in->stop) {
                stopping = 1;
                continue;
            }
            goto out;
        }
        if (r > 0) {
            last_msg = pw_time_mono_us();
            st->received++;
            if (strncmp(msg.topic, topic, tlen) != 0) { /* PULL has no subscription filter: apply it here */
                st->filtered++;
                continue;
            }
            int t = take(&e, &msg, err);
            if (t < 0) goto out;
            if (t == 1) held = 1;
            else if (t == 0) taken++;
            continue;
        }
        /* the bus had nothing within the wait: what was gathered for the queue goes to its file now */
        if (e.q && pw_queue_write_out(e.q, err)) goto out;
        now = pw_time_mono_us();
        if (stopping && held) {
            pw_log_error("sink %s: stopped while the queue was full: one record was not queued", e.name);
            break;
        }
        if (in->idle_timeout_ms > 0 && now - last_msg >= (int64_t)in->idle_timeout_ms * 1000 &&
            (e.n == 0 || e.q))
            break;
    }
    rc = p->idle ? p->idle(pctx, err) : 0;
out:
    if (e.q) {
        pw_queue_stats qs;
        pw_queue_get_stats(e.q, &qs);
        st->dropped = qs.dropped;
        st->queued = qs.pending;
        if (qs.pending)
            pw_log_info("sink %s: %" PRIu64 " undelivered record(s) kept in the queue %s for the next start", e.name,
                        qs.pending, in->queue_dir);
        pw_error qerr = {0};
        if (pw_queue_sync(e.q, 1, &qerr)) pw_log_warn("sink %s: %s", e.name, qerr.msg);
        pw_queue_close(e.q);
        e.q = NULL;
    } else if (e.n && rc == 0) {
        size_t left = 0;
        for (size_t i = 0; i < e.n; i++) left += !e.slots[i].done;
        if (left) rc = pw_error_set(err, PW_ERR_IO, "stopped with %zu record(s) not delivered", left);
    }
    gauges_update(&e);
    if (e.dlq) fclose(e.dlq);
    if (s) pw_bus_close(s, NULL);
    pw_bus_msg_free(&msg);
    for (size_t i = 0; e.slots && i < e.cap; i++) pw_buf_free(&e.slots[i].data), json_decref(e.slots[i].obj);
    free(e.slots);
    free(e.recs);
    free(e.status);
    free(e.map);
    free(e.objs);
    return rc;
}
