/* replay: the whole offline pipeline on a directory, deterministically (patchwatch replay DIR).
 *
 * The inputs come through pw_replay_input, in the order they are to be taken: app/cmd_replay.c hands in the
 * `files` source's reader merged in event-time order over every input under DIR (ingest/file_merge.h), so
 * replay and run read a file into the same events and the correlator sees the fleet's events as time went
 * by, not host after host. This library opens no input file. Events are signed (the miner) and correlated in
 * process (no JSON round trip), then event time is advanced hour by hour to the end and alerts are delivered
 * to the callback. No wall-clock time enters a decision.
 *
 * Resume (--state): a checkpoint records how many records of this run's inputs were taken (and a hash of
 * the inputs' keys); a resumed run reads the same merge again and skips that many, so it takes the same
 * records in the same order as a run that was never interrupted. Inputs read whole by a finished run are
 * recorded by key and left out of later runs. */
#ifndef PW_REPLAY_H
#define PW_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_strlist.h"
#include "correlate/correlate.h"

/* Where replay's events and advisories come from, in the order they are to be taken. */
typedef struct pw_replay_input {
    void *ctx;
    /* Lists the inputs, leaving out those that is_done(ud, key) says a finished run read whole; a key names a
     * file's content (path|size|mtime). */
    int (*open)(void *ctx, bool (*is_done)(void *ud, const char *key), void *ud, pw_error *err);
    /* After open: the keys of the inputs this run reads, in their order. */
    const pw_strlist *(*keys)(void *ctx);
    /* 1 with *ev or *adv set (the other NULL; borrowed until the next call, ev may be changed), 0 at the
     * end, -1 an error that stops the replay. */
    int (*next)(void *ctx, pw_event **ev, const pw_advisory **adv, pw_error *err);
} pw_replay_input;

typedef struct pw_replay_opts {
    const json_t *inventory;      /* the fleet inventory (ingest/inventory_read.h), borrowed, or NULL */
    const char *inventory_name;   /* its file, for messages */
    const char *state;            /* SQLite state file: resume from it and checkpoint into it; NULL = none */
    const struct pw_rules *rules; /* NULL: built-in patch rules, default thresholds */
    const pw_corr_config *cfg;    /* NULL: defaults (+ threshold rules) */
    const struct pw_replay_input *input; /* required: where the records come from (see above) */
    bool no_miner;                /* use the built-in signature instead of the signature miner */
    double checkpoint_seconds;    /* minimum wall time between state checkpoints, looked at every
                                     PW_REPLAY_CHECKPOINT_RECORDS records (0: at each of those) */
    /* Optional observers (replay --store): every event after the engine took it, every advisory. A nonzero
     * return stops the replay with the observer's error in observer_err. */
    int (*on_event)(const pw_event *ev, void *ud);
    int (*on_advisory)(const pw_advisory *a, void *ud);
    void *observer_ud;
} pw_replay_opts;

#define PW_REPLAY_CHECKPOINT_RECORDS 65536 /* a checkpoint is a full snapshot: not after every record */

typedef struct pw_replay_stats {
    uint64_t files, skipped_files, events, bad_records, advisories, alerts; /* files, skipped_files: the
                                                 caller's (the input knows them); skipped_files here counts
                                                 the inputs a finished run read whole */
    uint64_t resumed_records;                 /* taken before the checkpoint this run resumed from, skipped */
    double seconds, events_per_second;
    double ingest_seconds, evaluate_seconds; /* wall time reading files / advancing event time */
    double evaluate_cpu_seconds;             /* CPU time of this thread advancing event time: what a busy
                                                machine does not inflate as it does wall time */
    pw_corr_stats corr;
} pw_replay_stats;

int pw_replay_run(const pw_replay_opts *o, pw_corr_alert_fn fn, void *ud, pw_replay_stats *st, pw_error *err);

#endif
