/* shard: routing events and advisories to correlator shards (see shard.h for what goes where and why).
 *
 * The router parses each event once (to find its key, its host and whether the patch rules call it an
 * install) and forwards the original JSON unchanged, so a shard decodes exactly what the source wrote. The
 * per-host memory is an open-addressing table of 64-bit host-name hashes (a collision between two host names
 * only costs a missed announcement if their spans differ, at odds of about n^2 / 2^64). */
#include "correlate/shard.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <zmq.h>

#include "core/pw_hash.h"
#include "core/pw_log.h"
#include "core/pw_time.h"
#include "correlate/patches.h"
#include "parsers/event_fastjson.h"

#define HOUR_US INT64_C(3600000000)
#define WARN_MAX 20
#define PLAT_WINDOWS 1u
#define PLAT_LINUX 2u

typedef struct host_slot {
    uint64_t key; /* 0: empty */
    char *name;
    int64_t first_ts, last_ts;         /* the host's earliest and latest event seen here */
    int64_t ann_first_ts, ann_last_ts; /* what the shards have been told (PW_TS_NONE: nothing) */
    uint8_t platform, ann_platform;
    uint8_t dirty;
} host_slot;

struct pw_shard_router {
    unsigned nshards;
    pw_patch_rules *rules;
    host_slot *slots;
    size_t cap, used;
    uint64_t *dirty; /* keys of hosts with news for the shards */
    size_t ndirty, dirty_cap;
    int64_t max_hour; /* latest hour of event time seen: when it moves, news is flushed first */
};

/* Must agree with the scope pw_sig_assign_event_ref mines in (correlate/signature.c): Windows events with a
 * provider and an event id are mined per (provider, id), everything else per (kind, program). A signature id
 * hashes its scope in (pw_sig_id), so events that arrive signed are routed by the same scope: a signed event
 * and an unsigned one of the same signature meet in one shard. */
uint64_t pw_shard_key(const pw_event *ev)
{
    size_t plen = 0, clen = 0, alen = 0;
    const char *prov = pw_event_get_str(ev, "event.provider", &plen);
    const char *code = pw_event_get_str(ev, "event.code", &clen);
    char codebuf[24];
    int64_t icode;
    if (!code && pw_event_get_int(ev, "event.code", &icode) == 0) {
        clen = (size_t)snprintf(codebuf, sizeof codebuf, "%lld", (long long)icode);
        code = codebuf;
    }
    if (prov && code && plen && clen) {
        const char *f[3] = {"windows", prov, code};
        size_t l[3] = {7, plen, clen};
        return pw_hash_fields(f, l, 3);
    }
    const char *app = pw_event_get_str(ev, "log.syslog.appname", &alen);
    const char *kind = app || pw_event_find(ev, "log.syslog.severity.code") || pw_event_find(ev, "log.syslog.facility.code")
                           ? "syslog" : "text";
    if (!app) app = pw_event_get_str(ev, "event.provider", &alen);
    const char *f[2] = {kind, app ? app : ""};
    size_t l[2] = {strlen(kind), app ? alen : 0};
    return pw_hash_fields(f, l, 2);
}

pw_shard_router *pw_shard_router_new(unsigned nshards, const struct pw_rules *rules, pw_error *err)
{
    if (nshards < 1 || nshards > PW_SHARD_MAX) {
        pw_error_set(err, PW_ERR_USAGE, "shards: between 1 and %d", PW_SHARD_MAX);
        return NULL;
    }
    pw_shard_router *r = calloc(1, sizeof *r);
    if (!r) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->nshards = nshards;
    r->cap = 1024;
    r->max_hour = -1;
    if (!(r->slots = calloc(r->cap, sizeof *r->slots)) || !(r->rules = pw_patch_rules_new(rules, err))) {
        if (!r->slots) pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        pw_shard_router_free(r);
        return NULL;
    }
    return r;
}

void pw_shard_router_free(pw_shard_router *r)
{
    if (!r) return;
    pw_patch_rules_free(r->rules);
    for (size_t i = 0; r->slots && i < r->cap; i++) free(r->slots[i].name);
    free(r->slots);
    free(r->dirty);
    free(r);
}

static host_slot *slot_find(host_slot *slots, size_t cap, uint64_t key)
{
    size_t i = (size_t)(key & (cap - 1));
    while (slots[i].key && slots[i].key != key) i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* The host's slot, created if needed; NULL when the table is at its cap (or out of memory). */
static host_slot *host_get(pw_shard_router *r, uint64_t key, const char *name, size_t nlen)
{
    if (!key) key = 1;
    host_slot *s = slot_find(r->slots, r->cap, key);
    if (s->key) return s;
    if (r->used >= PW_SHARD_HOSTS_MAX) return NULL;
    if ((r->used + 1) * 2 > r->cap) { /* keep the load under 1/2: probes stay short */
        size_t ncap = r->cap * 2;
        host_slot *ns = calloc(ncap, sizeof *ns);
        if (!ns) return NULL;
        for (size_t i = 0; i < r->cap; i++)
            if (r->slots[i].key) *slot_find(ns, ncap, r->slots[i].key) = r->slots[i];
        free(r->slots);
        r->slots = ns;
        r->cap = ncap;
        s = slot_find(r->slots, r->cap, key);
    }
    if (!(s->name = strndup(name, nlen > 255 ? 255 : nlen))) return NULL;
    s->key = key;
    s->first_ts = s->last_ts = s->ann_first_ts = s->ann_last_ts = PW_TS_NONE;
    r->used++;
    return s;
}

/* The record every shard feeds its engine: host, time and the fields from which the engine infers the
 * platform; informational, so no shard counts it as a failure. */
static int hostseen_json(pw_buf *out, const char *host, size_t hlen, int64_t ts, unsigned plat, pw_error *err)
{
    pw_event ev;
    pw_event_init(&ev);
    pw_event_set_time(&ev, ts);
    pw_buf_reset(out);
    int rc = pw_event_set_str_lossy(&ev, "host.name", host, hlen, err) ||
             pw_event_set_cstr(&ev, "log.level", "information", err) ||
             pw_event_set_cstr(&ev, "event.kind", "patchwatch-hostseen", err) ||
             ((plat & PLAT_WINDOWS) && pw_event_set_cstr(&ev, "winlog.channel", "patchwatch-hostseen", err)) ||
             ((plat & PLAT_LINUX) && pw_event_set_cstr(&ev, "log.syslog.appname", "patchwatch-hostseen", err)) ||
             pw_event_to_json(&ev, out, err)
                 ? -1
                 : 0;
    pw_event_free(&ev);
    return rc;
}

int pw_shard_route(pw_shard_router *r, const pw_event *ev, unsigned *owner, int *broadcast, int *flush,
                   pw_buf *hostseen, pw_error *err)
{
    pw_buf_reset(hostseen);
    *owner = (unsigned)(pw_shard_key(ev) % r->nshards);
    *broadcast = *flush = 0;
    pw_patch_hit hits[PW_PATCH_MAX_HITS];
    int n = pw_patch_rules_match(r->rules, ev, hits, PW_PATCH_MAX_HITS, err);
    if (n < 0) return -1;
    *broadcast = n > 0 || pw_patch_is_reboot(ev);
    if (r->nshards == 1) return 0;

    /* the host fields and the platform hints exactly as the engine reads them (cohort_engine.c) */
    size_t hlen = 0;
    const char *host = pw_event_get_str(ev, "host.name", &hlen);
    if (!host) host = pw_event_get_str(ev, "winlog.computer_name", &hlen);
    if (!host) host = pw_event_get_str(ev, "log.syslog.hostname", &hlen);
    if (!host || !hlen || ev->ts_us == PW_TS_NONE || ev->ts_us < 0 || *broadcast) return 0; /* broadcast: all see it */
    unsigned plat = 0;
    if (pw_event_find(ev, "winlog.channel") || pw_event_find(ev, "winlog.event_id")) plat |= PLAT_WINDOWS;
    const char *fp = pw_event_get_str(ev, "log.file.path", NULL);
    if (pw_event_find(ev, "log.syslog.appname") || (fp && fp[0] == '/')) plat |= PLAT_LINUX;
    int64_t hour = ev->ts_us / HOUR_US;
    if (hour > r->max_hour) { /* event time moves on: the shards hear of what came before first */
        *flush = r->max_hour >= 0 && r->ndirty > 0;
        r->max_hour = hour;
    }
    host_slot *s = host_get(r, pw_hash64(host, hlen), host, hlen);
    if (!s) return hostseen_json(hostseen, host, hlen, ev->ts_us, plat, err); /* untracked: say it now */
    int news = 0;
    if (s->first_ts == PW_TS_NONE || ev->ts_us / HOUR_US < s->first_ts / HOUR_US) s->first_ts = ev->ts_us, news = 1;
    if (s->last_ts == PW_TS_NONE || ev->ts_us / HOUR_US > s->last_ts / HOUR_US) s->last_ts = ev->ts_us, news = 1;
    if ((s->platform | plat) != s->platform) s->platform |= (uint8_t)plat, news = 1;
    if (news && !s->dirty) {
        if (r->ndirty == r->dirty_cap) {
            size_t nc = r->dirty_cap ? r->dirty_cap * 2 : 256;
            uint64_t *nd = realloc(r->dirty, nc * sizeof *nd);
            if (!nd) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            r->dirty = nd;
            r->dirty_cap = nc;
        }
        r->dirty[r->ndirty++] = s->key;
        s->dirty = 1;
    }
    return 0;
}

int pw_shard_router_flush(pw_shard_router *r, pw_shard_hostseen_fn fn, void *ud, pw_error *err)
{
    pw_buf b = {0};
    int rc = -1;
    for (size_t i = 0; i < r->ndirty; i++) {
        host_slot *s = slot_find(r->slots, r->cap, r->dirty[i]);
        if (!s->key) continue;
        int plat_news = s->platform != s->ann_platform;
        if (s->first_ts != s->ann_first_ts || plat_news) {
            if (hostseen_json(&b, s->name, strlen(s->name), s->first_ts, s->platform, err) || fn(ud, b.data, b.len, err))
                goto out;
        }
        if (s->last_ts != s->ann_last_ts && s->last_ts / HOUR_US != s->first_ts / HOUR_US) {
            if (hostseen_json(&b, s->name, strlen(s->name), s->last_ts, s->platform, err) || fn(ud, b.data, b.len, err))
                goto out;
        }
        s->ann_first_ts = s->first_ts;
        s->ann_last_ts = s->last_ts;
        s->ann_platform = s->platform;
        s->dirty = 0;
    }
    r->ndirty = 0;
    rc = 0;
out:
    pw_buf_free(&b);
    return rc;
}

/* ---- the router stage ---------------------------------------------------------------------------------- */

static void bad_message(pw_shard_stage_stats *st, const char *what, const char *msg)
{
    if (st->bad_messages++ < WARN_MAX) pw_log_warn("shard router: %s skipped: %s", what, msg);
}

static int send_all(pw_bus_sock **out, size_t n, unsigned owner, const char *topic, const char *copy_topic,
                    const char *body, size_t len, pw_error *err)
{
    for (size_t k = 0; k < n; k++)
        if (pw_bus_send(out[k], k == owner ? topic : copy_topic, body, len, err)) return -1;
    return 0;
}

typedef struct hostseen_ctx {
    pw_bus_sock **out;
    size_t n;
    pw_shard_stage_stats *st;
} hostseen_ctx;

static int send_hostseen(void *ud, const char *json, size_t len, pw_error *err)
{
    hostseen_ctx *h = ud;
    h->st->hostseen++;
    return send_all(h->out, h->n, (unsigned)-1, "hostseen", "hostseen", json, len, err);
}

int pw_shard_stage_run(pw_shard_stage_opts *o, pw_shard_stage_stats *st, pw_error *err)
{
    memset(st, 0, sizeof *st);
    pw_bus_sock *in = NULL, *out[PW_SHARD_MAX] = {0};
    pw_shard_router *r = NULL;
    pw_bus_msg msg = {0};
    pw_buf seen = {0}, scratch = {0};
    pw_event ev;
    pw_event_init(&ev);
    int rc = -1;
    if (o->ninputs == 0 || o->ninputs > PW_SHARD_MAX_INPUTS || o->nshards == 0 || o->nshards > PW_SHARD_MAX) {
        pw_error_set(err, PW_ERR_USAGE, "shard router: 1..%d inputs and 1..%d shards", PW_SHARD_MAX_INPUTS,
                     PW_SHARD_MAX);
        goto out;
    }
    if (!(r = pw_shard_router_new((unsigned)o->nshards, o->rules, err))) goto out;
    hostseen_ctx hs = {.out = out, .n = o->nshards, .st = st};
    for (size_t k = 0; k < o->nshards; k++)
        if (!(out[k] = pw_bus_push(o->zmq_ctx, o->shards[k], PW_BUS_CONNECT, o->out_opts, err))) goto out;
    pw_bus_mode mode = o->bind ? PW_BUS_BIND : PW_BUS_CONNECT;
    if (!(in = pw_bus_pull(o->zmq_ctx, o->inputs[0], mode, o->in_opts, err))) goto out;
    for (size_t i = 1; i < o->ninputs; i++) { /* one PULL socket for all inputs (fair-queued), as corr_stage */
        void *z = pw_bus_zmq_socket(in);
        if ((o->bind ? zmq_bind(z, o->inputs[i]) : zmq_connect(z, o->inputs[i])) != 0) {
            pw_error_set(err, PW_ERR_IO, "shard router: cannot %s %s: %s", o->bind ? "bind" : "connect",
                         o->inputs[i], zmq_strerror(zmq_errno()));
            goto out;
        }
    }
    o->ready = 1;
    int64_t stop_at = 0;
    for (;;) {
        if (o->stop && *o->stop && !stop_at) stop_at = pw_time_mono_us();
        if (stop_at && pw_time_mono_us() - stop_at > (int64_t)(o->drain_ms ? o->drain_ms : 2000) * 1000) break;
        pw_error e2 = {0};
        int got = pw_bus_recv(in, &msg, stop_at ? 50 : 200, &e2);
        if (got == 0 && stop_at) break;
        if (got == 0) continue;
        if (got < 0) {
            if (e2.code != PW_ERR_INVALID) {
                *err = e2;
                goto out;
            }
            bad_message(st, "message", e2.msg);
            continue;
        }
        if (strcmp(msg.topic, "event") == 0) {
            /* the common ECS shape decodes fast (as replay does); anything else through the full decoder */
            if (pw_fastjson_event(&ev, &scratch, msg.body.data, msg.body.len, &e2) != 1 &&
                pw_event_from_json(&ev, msg.body.data, msg.body.len, &e2)) {
                bad_message(st, "event", e2.msg);
                continue;
            }
            unsigned owner;
            int bc, flush;
            if (pw_shard_route(r, &ev, &owner, &bc, &flush, &seen, err)) goto out;
            if (flush && pw_shard_router_flush(r, send_hostseen, &hs, err)) goto out;
            if (seen.len && send_hostseen(&hs, seen.data, seen.len, err)) goto out;
            if (bc) {
                if (send_all(out, o->nshards, owner, "event", "event-copy", msg.body.data, msg.body.len, err)) goto out;
                st->broadcast++;
            } else if (pw_bus_send(out[owner], "event", msg.body.data, msg.body.len, err)) {
                goto out;
            }
            st->per_shard[owner]++;
            st->events++;
        } else if (strcmp(msg.topic, "advisory") == 0) {
            if (send_all(out, o->nshards, 0, "advisory", "advisory-copy", msg.body.data, msg.body.len, err)) goto out;
            st->advisories++;
        } else {
            bad_message(st, "message", "topic is not event or advisory");
        }
    }
    if (pw_shard_router_flush(r, send_hostseen, &hs, err)) goto out; /* before the shards are told to end */
    rc = 0;
out:
    o->ready = 1;
    pw_bus_msg_free(&msg);
    pw_buf_free(&seen);
    pw_buf_free(&scratch);
    pw_event_free(&ev);
    pw_bus_close(in, NULL);
    for (size_t k = 0; k < PW_SHARD_MAX; k++) pw_bus_close(out[k], NULL);
    pw_shard_router_free(r);
    return rc;
}
