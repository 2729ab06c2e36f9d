/* corr_stage: the correlation stage on the bus (see corr_stage.h). One thread, one PULL socket bound or
 * connected to every input endpoint, so events from all producers meet in one engine. */
#include "correlate/corr_stage.h"

#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "correlate/signature.h"

#define HOUR_US INT64_C(3600000000)
#define LIVE_ADVANCE_US INT64_C(1000000) /* live mode: evaluate at most once a second of wall time */
#define WARN_MAX 20                      /* bad messages reported one by one; the rest only counted */

typedef struct stage_ctx {
    pw_out *out;
    uint64_t alerts, left;
    int not_first_shard;
    pw_error err;
} stage_ctx;

static int emit_alert(const pw_alert *a, void *ud)
{
    stage_ctx *s = ud;
    if (s->not_first_shard && (!a->signature || !a->signature[0])) { /* every shard decides it alike: one says it */
        s->left++;
        return 0;
    }
    s->alerts++;
    return pw_out_alert(s->out, a, &s->err);
}

static void bad_message(pw_corr_stage_stats *st, const char *what, const char *msg)
{
    if (st->bad_messages++ < WARN_MAX) pw_log_warn("correlate: %s skipped: %s", what, msg);
}

int pw_corr_stage_run(pw_corr_stage_opts *o, pw_corr_stage_stats *st, pw_error *err)
{
    memset(st, 0, sizeof *st);
    pw_bus_sock *in = NULL;
    pw_corr *c = NULL;
    pw_sig_miner *miner = NULL;
    pw_bus_msg msg = {0};
    pw_event ev;
    pw_advisory adv;
    pw_event_init(&ev);
    pw_advisory_init(&adv);
    stage_ctx sc = {.out = o->alerts, .not_first_shard = o->nshards > 1 && o->shard > 0};
    int rc = -1;

    if (o->ninputs == 0 || o->ninputs > PW_CORR_STAGE_MAX_INPUTS) {
        pw_error_set(err, PW_ERR_USAGE, "correlate: between 1 and %d input endpoints", PW_CORR_STAGE_MAX_INPUTS);
        goto out;
    }
    pw_bus_mode mode = o->bind ? PW_BUS_BIND : PW_BUS_CONNECT;
    if (!(in = pw_bus_pull(o->zmq_ctx, o->inputs[0], mode, o->bus_opts, err))) goto out;
    for (size_t i = 1; i < o->ninputs; i++) {
        void *z = pw_bus_zmq_socket(in);
        if ((o->bind ? zmq_bind(z, o->inputs[i]) : zmq_connect(z, o->inputs[i])) != 0) {
            pw_error_set(err, PW_ERR_IO, "correlate: cannot %s %s: %s", o->bind ? "bind" : "connect", o->inputs[i],
                         zmq_strerror(zmq_errno()));
            goto out;
        }
    }
    int control_trusted = 1;
    for (size_t i = 0; i < o->ninputs; i++)
        if (strncmp(o->inputs[i], "inproc://", 9) != 0 && strncmp(o->inputs[i], "ipc://", 6) != 0 &&
            !(o->bus_opts && o->bus_opts->curve_secret_file))
            control_trusted = 0;
    o->ready = 1;

    pw_corr_config cfg;
    if (o->cfg) {
        cfg = *o->cfg;
    } else {
        pw_corr_config_default(&cfg);
        if (o->rules && pw_corr_config_from_rules(&cfg, o->rules, err)) goto out;
    }
    if (o->nshards > 1 && cfg.all_levels) { /* hostseen records are informational: they would be counted */
        pw_error_set(err, PW_ERR_USAGE, "correlate: shards cannot count informational events (all_levels)");
        goto out;
    }
    if (!(c = pw_corr_new(&cfg, o->rules, err))) goto out;
    if (o->inventory && pw_corr_set_inventory(c, o->inventory, NULL, err)) goto out;
    if (o->state && access(o->state, F_OK) == 0 && pw_corr_state_load(c, o->state, err)) goto out;
    pw_sig_config sigc;
    pw_sig_config_default(&sigc);
    if (!(miner = pw_sig_miner_new(&sigc, o->rules, err))) goto out;

    int eos = 0;
    int64_t max_ts = PW_TS_NONE, last_advance = pw_time_mono_us(), stop_at = 0;
    for (;;) {
        if (o->stop && *o->stop && !stop_at) stop_at = pw_time_mono_us();
        if (stop_at && pw_time_mono_us() - stop_at > (int64_t)(o->drain_ms ? o->drain_ms : PW_CORR_STAGE_DRAIN_MS) * 1000)
            break;
        if (!o->live && o->finite_producers && eos >= o->finite_producers) break;
        pw_error e2 = {0};
        int r = pw_bus_recv(in, &msg, stop_at ? 50 : 200, &e2);
        if (r == 0 && stop_at) break; /* stopped and nothing more queued */
        if (r < 0) {
            if (e2.code != PW_ERR_INVALID) {
                *err = e2;
                goto out;
            }
            bad_message(st, "message", e2.msg);
            continue;
        }
        int copy = 0, seen = 0;
        if (r == 1 && o->nshards > 1) {
            copy = strcmp(msg.topic, "event-copy") == 0 || strcmp(msg.topic, "advisory-copy") == 0;
            seen = strcmp(msg.topic, "hostseen") == 0;
        }
        if (r == 1 && (strcmp(msg.topic, "event") == 0 || seen || (copy && msg.topic[0] == 'e'))) {
            if (pw_event_from_json(&ev, msg.body.data, msg.body.len, &e2)) {
                bad_message(st, "event", e2.msg);
                continue;
            }
            /* events the engine ignores are not signed: the same rule as replay, so both decide alike. Copies
             * are installs and reboots owned (and signed) by another shard; the engine does not sign them. */
            if (!copy && !seen && pw_corr_counts_level(c, &ev) && !pw_event_find(&ev, "patchwatch.signature") &&
                pw_sig_assign_event(miner, &ev, &e2))
                bad_message(st, "signature", e2.msg);
            if (pw_corr_add_event(c, &ev, err)) goto out;
            if (copy) st->copies++;
            else if (seen) st->hostseen++;
            else st->events++;
            if (!copy && !seen && o->forward && o->forward_events && pw_out_event(o->forward, &ev, err)) goto out;
            if (ev.ts_us != PW_TS_NONE && (max_ts == PW_TS_NONE || ev.ts_us > max_ts)) max_ts = ev.ts_us;
        } else if (r == 1 && (strcmp(msg.topic, "advisory") == 0 || copy)) {
            if (pw_advisory_from_json(&adv, msg.body.data, msg.body.len, &e2)) {
                bad_message(st, "advisory", e2.msg);
                continue;
            }
            if (pw_corr_add_advisory(c, &adv, err)) goto out;
            if (copy) st->copies++;
            else st->advisories++;
            if (!copy && o->forward && o->forward_advisories && pw_out_advisory(o->forward, &adv, err)) goto out;
        } else if (r == 1 && strcmp(msg.topic, "control") == 0) {
            if (!control_trusted) {
                if (!st->control_ignored++)
                    pw_log_warn("correlate: control message on an unauthenticated tcp input ignored (only in-process, "
                                "ipc:// or CURVE peers may end this stage)");
                continue;
            }
            if (strstr(msg.body.data, "\"eos\"")) eos++;
        } else if (r == 1) {
            bad_message(st, "message", "unknown topic");
        }
        /* live producers never end: decide as event time moves, an hour behind the newest event so that
         * sources running a little late still land in hours not yet evaluated */
        if (o->live && max_ts != PW_TS_NONE && pw_time_mono_us() - last_advance >= LIVE_ADVANCE_US) {
            if (pw_corr_advance(c, max_ts - HOUR_US, emit_alert, &sc, err)) goto out;
            last_advance = pw_time_mono_us();
        }
        if (sc.err.code) {
            *err = sc.err;
            goto out;
        }
    }
    st->deciding = 1;
    int64_t end = pw_corr_last_time(c);
    if (end != PW_TS_NONE && pw_corr_advance(c, end + HOUR_US, emit_alert, &sc, err)) goto out;
    if (sc.err.code) {
        *err = sc.err;
        goto out;
    }
    if (o->state && pw_corr_state_save(c, o->state, err)) goto out;
    rc = 0;
out:
    if (c) pw_corr_get_stats(c, &st->corr);
    st->alerts = sc.alerts;
    st->alerts_left_to_shard0 = sc.left;
    o->ready = 1; /* also on failure, so a waiting caller never hangs */
    pw_sig_miner_free(miner);
    pw_corr_free(c);
    pw_bus_msg_free(&msg);
    pw_event_free(&ev);
    pw_advisory_free(&adv);
    pw_bus_close(in, NULL);
    return rc;
}
