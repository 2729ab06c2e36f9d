/* replay: takes the records its input gives (in event-time order, see replay.h) into the correlation engine,
 * then advances event time to the end. A state file makes a killed replay resume at its last checkpoint
 * with the same alerts: the checkpoint holds the engine, the miner and how far into this run's inputs it
 * was ("replay-position": a hash of the inputs' keys and the number of records taken). */
#include "correlate/replay.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/pw_hash.h"
#include "core/pw_log.h"
#include "core/pw_time.h"
#include "correlate/cohort_model.h"
#include "correlate/replay_inputs.h"

#define POSITION_BLOB "replay-position"

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool key_done(void *ud, const char *key)
{
    const pw_corr *c = ud;
    return pw_strlist_has(&c->done_files, key);
}

static uint64_t keys_hash(const pw_strlist *keys)
{
    uint64_t h = pw_hash64("replay-inputs", 13);
    for (size_t i = 0; keys && i < keys->n; i++) h = pw_hash_update(h, keys->v[i], strlen(keys->v[i]) + 1);
    return pw_hash_final(h);
}

/* How many records of these inputs a checkpoint says were taken (0: none, or no position saved). */
static int saved_position(const pw_corr *c, uint64_t hash, uint64_t *taken, pw_error *err)
{
    *taken = 0;
    const char *blob = pw_corr_state_get_blob(c, POSITION_BLOB);
    if (!blob || !*blob) return 0;
    uint64_t h, n;
    if (sscanf(blob, "%" SCNx64 " %" SCNu64, &h, &n) != 2)
        return pw_error_set(err, PW_ERR_INVALID, "state: damaged replay position '%.40s'", blob);
    if (h != hash)
        return pw_error_set(err, PW_ERR_INVALID,
                            "state: it holds an interrupted replay of other inputs (%" PRIu64 " records taken); "
                            "replay the same files to resume, or start over with --state-reset", n);
    *taken = n;
    return 0;
}

static int checkpoint(pw_corr *c, replay_reader *rd, const char *state, uint64_t hash, uint64_t taken, pw_error *err)
{
    char pos[64];
    int n = snprintf(pos, sizeof pos, "%016" PRIx64 " %" PRIu64, hash, taken);
    if (pw_corr_state_put_blob(c, POSITION_BLOB, pos, (size_t)n)) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    return replay_reader_stash_miner(rd, err) || pw_corr_state_save(c, state, err) ? -1 : 0;
}

int pw_replay_run(const pw_replay_opts *o, pw_corr_alert_fn fn, void *ud, pw_replay_stats *st, pw_error *err)
{
    pw_corr *c = NULL;
    replay_reader *rd = NULL;
    int rc = -1;
    double t0 = wall(), last_ckpt = t0;
    memset(st, 0, sizeof *st);
    const pw_replay_input *in = o->input;
    if (!in || !in->open || !in->next || !in->keys)
        return pw_error_set(err, PW_ERR_USAGE, "replay: no input given (pw_replay_opts.input)");
    pw_corr_config cfg;
    if (o->cfg) cfg = *o->cfg;
    else {
        pw_corr_config_default(&cfg);
        if (pw_corr_config_from_rules(&cfg, o->rules, err)) return -1;
    }
    if (!(c = pw_corr_new(&cfg, o->rules, err))) goto out;
    if (o->state) {
        struct stat sb;
        if (stat(o->state, &sb) == 0 && sb.st_size > 0 && pw_corr_state_load(c, o->state, err)) goto out;
    }
    if (o->inventory && pw_corr_set_inventory(c, o->inventory, o->inventory_name, err)) goto out;
    if (!(rd = replay_reader_new(c, o->rules, !o->no_miner, err))) goto out;
    replay_reader_set_observers(rd, o->on_event, o->on_advisory, o->observer_ud);
    if (replay_reader_restore_miner(rd, err)) goto out;
    if (in->open(in->ctx, key_done, c, err)) goto out;
    const pw_strlist *keys = in->keys(in->ctx);
    uint64_t hash = keys_hash(keys), skip = 0, taken = 0;
    if (o->state && saved_position(c, hash, &skip, err)) goto out;
    st->resumed_records = skip;

    for (;;) {
        pw_event *ev = NULL;
        const pw_advisory *adv = NULL;
        int n = in->next(in->ctx, &ev, &adv, err);
        if (n < 0) goto out;
        if (n == 0) break;
        if (++taken <= skip) continue; /* taken before the checkpoint this run resumes from */
        if (ev ? replay_take_event(rd, ev, err) : replay_take_advisory(rd, adv, err)) goto out;
        if (o->state && taken % PW_REPLAY_CHECKPOINT_RECORDS == 0 && wall() - last_ckpt >= o->checkpoint_seconds) {
            if (checkpoint(c, rd, o->state, hash, taken, err)) goto out;
            last_ckpt = wall();
        }
    }
    if (taken < skip)
        pw_log_warn("replay: the checkpoint said %" PRIu64 " records were taken, the inputs gave %" PRIu64, skip, taken);
    /* every input of this run was read whole: later runs leave them out */
    for (size_t i = 0; keys && i < keys->n; i++)
        if (pw_strlist_add(&c->done_files, keys->v[i])) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto out;
        }
    if (pw_corr_state_put_blob(c, POSITION_BLOB, "", 0)) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    replay_reader_counts(rd, &st->events, &st->bad_records, &st->advisories);
    st->ingest_seconds = wall() - t0;
    if (o->state && (replay_reader_stash_miner(rd, err) || pw_corr_state_save(c, o->state, err))) goto out;
    /* one hour past the last event, plus the quiet period so that resolutions can show */
    int64_t end = pw_corr_last_time(c);
    if (end != PW_TS_NONE) {
        end += CORR_HOUR_US;
        double te = wall(), ce = thread_cpu();
        if (pw_corr_advance(c, end, fn, ud, err)) goto out;
        st->evaluate_seconds = wall() - te;
        st->evaluate_cpu_seconds = thread_cpu() - ce;
    }
    if (o->state && pw_corr_state_save(c, o->state, err)) goto out;
    pw_corr_get_stats(c, &st->corr);
    st->alerts = st->corr.alerts;
    rc = 0;
out:
    st->seconds = wall() - t0;
    st->events_per_second = st->seconds > 0 ? (double)st->events / st->seconds : 0;
    replay_reader_free(rd);
    pw_corr_free(c);
    return rc;
}
