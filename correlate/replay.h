/* replay: the whole offline pipeline on a directory, deterministically (patchwatch replay DIR).
 *
 * Inputs, found recursively and read in path order by the `files` source's reader (given as opts.files, so
 * replay and run read a file into the same events): *.jsonl / *.ndjson (ECS or Winlogbeat JSON lines),
 * *.json (lines or a JSON array of events), *.evtx, *.xml (Windows event XML), *.log (syslog lines, or
 * timestamped log lines such as dpkg.log and apt history), feeds/ (advisories: *.jsonl of pw_advisory objects, or raw documents *.json (CSAF or release
 * health), *.xml (CVRF/RSS/Atom), *.html when the feeds parser is built), and an optional inventory.yaml.
 * Events without a host name take the name of the directory holding the file. Everything is parsed,
 * signed and correlated in process (no JSON round trip), then event time is advanced hour by hour and
 * alerts are delivered to the callback. No wall-clock time enters a decision. */
#ifndef PW_REPLAY_H
#define PW_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_stage.h"
#include "correlate/correlate.h"

typedef struct pw_replay_opts {
    const char *dir;
    const char *inventory;        /* NULL: DIR/inventory.yaml (or .yml/.json) when present */
    const char *state;            /* SQLite state file: resume from it and checkpoint into it; NULL = none */
    const struct pw_rules *rules; /* NULL: built-in patch rules, default thresholds */
    const pw_corr_config *cfg;    /* NULL: defaults (+ threshold rules) */
    /* The file reader (required): the `files` source's (ingest/file_reader.h, pw_file_reader_api), so replay
     * and run read the same files into the same events. This library reads no event file itself. */
    const pw_source_files_api *files;
    bool no_miner;                /* use the built-in signature instead of the signature miner */
    double checkpoint_seconds;    /* minimum wall time between state checkpoints (0: after every file) */
    /* Optional observers (replay --store): every event after the engine took it, every advisory. A nonzero
     * return stops the replay with the observer's error in observer_err. */
    int (*on_event)(const pw_event *ev, void *ud);
    int (*on_advisory)(const pw_advisory *a, void *ud);
    void *observer_ud;
} pw_replay_opts;

typedef struct pw_replay_stats {
    uint64_t files, skipped_files, events, bad_records, advisories, alerts;
    double seconds, events_per_second;
    double ingest_seconds, evaluate_seconds; /* wall time reading files / advancing event time */
    pw_corr_stats corr;
} pw_replay_stats;

int pw_replay_run(const pw_replay_opts *o, pw_corr_alert_fn fn, void *ud, pw_replay_stats *st, pw_error *err);

#endif
