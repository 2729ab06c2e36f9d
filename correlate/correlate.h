/* correlate: the correlation stage's public API. Events and advisories go in, alerts come out.
 *
 *     pw_corr *c = pw_corr_new(&cfg, rules, &err);       // cfg from pw_corr_config_default (+ threshold rules)
 *     pw_corr_add_event(c, &ev, &err);                    // any order within a host; event time only
 *     pw_corr_add_advisory(c, &adv, &err);
 *     pw_corr_advance(c, now_us, on_alert, ud, &err);     // evaluate every hour of event time up to now_us
 *
 * The engine learns patch installs from the events (patch rules), keeps per-host per-signature hourly
 * occurrence runs, and at each hour of event time compares, per (patch, signature), the onsets on hosts that
 * installed the patch (from their own install time) with the onsets on hosts that had not, day by day
 * (docs/correlation.md). Decisions depend on event time only: replaying the same files gives the same alerts.
 * Nothing here reads a clock. */
#ifndef PW_CORRELATE_H
#define PW_CORRELATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/pw_advisory.h"
#include "core/pw_alert.h"
#include "core/pw_error.h"
#include "core/pw_event.h"

struct pw_rules;

typedef struct pw_corr_config {
    int min_hosts;           /* treated hosts with an onset before an alert (2) */
    double min_rate_ratio;   /* lower confidence bound on the rate ratio must reach this (2.0) */
    double confidence;       /* of that bound (0.999), split over the windows and groups tested */
    double novel_confidence; /* the same for a signature the fleet never logged before the patch (0.99) */
    double novel_min_rate_ratio; /* and its ratio threshold (1.0: any significant excess; it was absent) */
    double guard_confidence; /* the day-stratified bound must exceed 1 at this confidence (0.9): the
                                fleet-wide-incident guard */
    int window_hours;        /* an onset counts for a patch up to this long after its install (120) */
    int baseline_hours;      /* a host that showed S this long before is not an onset (72) */
    int reboot_grace_hours;  /* occurrences this soon after a reboot or install are noise (2) */
    int resolve_quiet_hours; /* no occurrence on affected hosts this long: resolved (72) */
    double linked_confidence;    /* confidence when an advisory names the patch and the symptom (0.95) */
    double linked_min_rate_ratio;/* and its ratio threshold (1.5) */
    int recurring_installs;  /* a patch installed this many times on one host is a recurring update (3) */
    int all_levels;          /* count informational events too (0: warning and worse, or no level) */
    int single_host_hours;   /* one treated host may alert for a signature the fleet never logged before the
                                patch, seen on no other host, once it has recurred on that host for this long
                                (6; 0: off, min_hosts always) -- the first ring's first casualty */
} pw_corr_config;

typedef struct pw_corr pw_corr;
typedef int (*pw_corr_alert_fn)(const pw_alert *a, void *ud);

void pw_corr_config_default(pw_corr_config *c);
/* Applies threshold rules (kind threshold, applies_to "*" or absent) over the defaults. */
int pw_corr_config_from_rules(pw_corr_config *c, const struct pw_rules *rules, pw_error *err);

/* rules may be NULL: the built-in patch rules (the same as rules/patches/) are used. */
pw_corr *pw_corr_new(const pw_corr_config *cfg, const struct pw_rules *rules, pw_error *err);
void pw_corr_free(pw_corr *c);
/* The inventory document {hosts: [{name, role, cluster, ring, pending: [KB...]}]} (as ingest/inventory_read.h
 * reads it from YAML or JSON); name is for messages (NULL: "inventory"). */
int pw_corr_set_inventory(pw_corr *c, const json_t *doc, const char *name, pw_error *err);

/* The event must have @timestamp and host.name (else it is counted as skipped and 0 is returned). If it has
 * no patchwatch.signature, a built-in one is derived (provider+code, or the message with numbers masked). */
int pw_corr_add_event(pw_corr *c, const pw_event *ev, pw_error *err);
int pw_corr_add_advisory(pw_corr *c, const pw_advisory *a, pw_error *err);
/* Whether the engine counts an event of this level as a failure (informational ones are not, unless
 * all_levels): callers skip signing events it will ignore anyway. */
bool pw_corr_counts_level(const pw_corr *c, const pw_event *ev);
/* Evaluates each hour boundary of event time up to now_us, calling fn for each new or changed alert. */
int pw_corr_advance(pw_corr *c, int64_t now_us, pw_corr_alert_fn fn, void *ud, pw_error *err);
/* Time span of the events seen (µs), PW_TS_NONE when none. */
int64_t pw_corr_first_time(const pw_corr *c);
int64_t pw_corr_last_time(const pw_corr *c);

typedef struct pw_corr_stats {
    uint64_t events, skipped, counted, installs, reboots, advisories, alerts;
    uint64_t hosts, signatures, patches, pairs, runs;
} pw_corr_stats;
void pw_corr_get_stats(const pw_corr *c, pw_corr_stats *s);

/* State (correlate/state.c): SQLite in WAL mode. save writes a full snapshot in one transaction; load
 * replaces the engine's learnt state (installs, counts, advisories, emitted alerts). */
int pw_corr_state_save(pw_corr *c, const char *path, pw_error *err);
int pw_corr_state_load(pw_corr *c, const char *path, pw_error *err);
/* Deletes a state file and its SQLite side files (--state-reset: starting over is an explicit choice). */
int pw_corr_state_remove(const char *path, pw_error *err);
/* Named text blobs saved and loaded with the state in the same transaction (replay keeps the signature
 * miner's clusters there, so a resumed replay assigns the same signatures). */
int pw_corr_state_put_blob(pw_corr *c, const char *name, const char *data, size_t len);
const char *pw_corr_state_get_blob(const pw_corr *c, const char *name);

#endif
