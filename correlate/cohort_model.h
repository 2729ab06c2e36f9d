/* cohort_model: the correlation engine's private state, shared by the files of correlate/ that implement
 * pw_corr (cohort_store.c: hosts, signatures and occurrence runs; patches.c: installs; cohort.c: decisions;
 * alerts.c; advisory_link.c; state.c). Not a public header: tests and app use correlate.h.
 *
 * Memory: time is kept in whole hours since the epoch (uint32). Per (host, signature) the occurrences are
 * runs of consecutive hours with a count, so a signature a host logs every hour costs one run, and a
 * 10,000-host month stays in tens of MB. */
#ifndef PW_COHORT_MODEL_H
#define PW_COHORT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/pw_strlist.h"
#include "correlate/correlate.h"
#include "correlate/patches.h"

#define CORR_HOUR_US INT64_C(3600000000)
#define CORR_NONE UINT32_MAX
#define CORR_MAX_HOSTS 1000000u   /* a fleet beyond a million hosts needs sharding (DESIGN.md), not one map */
#define CORR_MAX_SIGS 4000000u    /* distinct signatures kept; more means the miner is not clustering */
#define CORR_MAX_PATCHES 100000u
#define CORR_MAX_RUNS_PER_PAIR 100000u /* hourly runs of one pair: > 11 years of alternating hours */
#define CORR_SAMPLES_PER_SIG 6    /* sample events kept per signature for alert evidence */
#define CORR_TEMPLATE_MAX 240     /* bytes of template kept per signature */
#define CORR_JOINT_ALPHA 0.01     /* a patch's term in the joint model of concurrent rollouts is significant below
                                     this (over the scanned windows, Bonferroni) */

typedef struct corr_run {
    uint32_t start, end; /* hours, inclusive */
    uint32_t count;
} corr_run;

typedef struct corr_pair { /* one (host, signature) */
    uint32_t host, sig;
    corr_run *runs;
    uint32_t nruns, cap;
    uint32_t *onsets; /* hours of novel occurrences (see cohort_store.c), computed lazily */
    uint32_t nonsets;
    uint8_t dirty;
} corr_pair;

/* The treated onset hosts of one (patch, signature), kept up to date as onsets and installs change, so that
 * corr_evaluate's hourly pass reads a count per (patch, signature) instead of rescanning every patched host's
 * onsets (that scan was O(patched hosts x onsets) per hour and out of cache at 10,000 hosts).
 *
 * A host enters (patch, signature) at its first onset at or after install + grace, when that onset is at most
 * install + window: it counts at every hour H > that onset. Entries are sorted by hour, so a cursor carried
 * from one evaluated hour to the next crosses each entry once; a change below the cursor (late data, a
 * reboot that moved an onset, an earlier install) makes the next count start over (O(entries), rare). */
typedef struct corr_entry {
    uint32_t hour;      /* the host's first onset in its treated window */
    uint32_t host_pos;  /* the host's position in the patch's install order (patch->hosts) */
    uint32_t pair_pos;  /* the pair's position in the host's pairs */
} corr_entry;

typedef struct corr_psig {
    uint32_t patch, sig;
    corr_entry *ent;    /* sorted by (hour, host_pos) when sorted */
    uint32_t nent, ent_cap;
    uint32_t cur;       /* ent[0, cur) have hour < hc and are counted */
    uint32_t hc;        /* the hour counted up to (exclusive) */
    uint32_t count;     /* hosts counted */
    uint64_t min_key;   /* smallest host_pos << 32 | pair_pos counted: the order a scan would meet them in */
    bool sorted, stale; /* stale: the count must start over */
} corr_psig;

typedef struct corr_host_entry { /* one of a host's entries (its copy, to tell what changed) */
    uint32_t psig, hour, host_pos, pair_pos;
} corr_host_entry;

typedef struct corr_host_patch { /* a patch installed on a host: its index and the host's install position */
    uint32_t patch, pos;
} corr_host_patch;

typedef struct corr_treated { /* corr_treated_sigs: one signature with treated onset hosts */
    uint64_t key;       /* min_key of its (patch, signature) */
    uint32_t sig, hosts;
} corr_treated;

typedef struct corr_host {
    char *name;
    char *role, *cluster; /* from the inventory, NULL when unknown */
    int ring;             /* -1 unknown */
    uint8_t platform;     /* PW_PATCH_WINDOWS | PW_PATCH_LINUX bits seen in its events, 0 unknown */
    pw_strlist pending;   /* updates the inventory says are pending */
    uint32_t first_hour, last_hour;
    uint32_t *reboots;    /* sorted hours of reboots and installs */
    uint32_t nreboots, reboots_cap;
    uint32_t *pairs;      /* indices of this host's pairs */
    uint32_t npairs, pairs_cap;
    corr_host_patch *inst; /* patches installed on it, in the order they first were */
    uint32_t ninst, inst_cap;
    corr_host_entry *ent; /* its entries into (patch, signature) treated sets, sorted by psig */
    uint32_t nent, ent_cap;
    bool onsets_dirty;
} corr_host;

typedef struct corr_onset_ref { /* one onset of a signature: the hour, the pair, its index in the pair */
    uint32_t hour, pair, k, pos; /* pos: the pair's position in the signature's pairs (ties in order) */
} corr_onset_ref;

typedef struct corr_sig {
    uint64_t id;
    char *tmpl, *provider, *code;
    uint64_t family;      /* hash of (provider, code), 0 without both: the single-host path's family test is
                             then an integer compare (corr_sig_set_family) */
    json_t *samples;      /* array of {host, event} */
    uint32_t *pairs;
    uint32_t npairs, pairs_cap;
    uint32_t first_hour;  /* earliest hour any host logged it (CORR_NONE: never): novelty in O(1) */
    corr_onset_ref *ons;  /* all its onsets in time order (cohort.c), rebuilt when a pair's onsets change */
    uint32_t nons, ons_cap;
    uint64_t ons_gen;     /* bumped at each rebuild */
    bool ons_dirty;
} corr_sig;

typedef struct corr_patch {
    char *id;             /* "KB5062557" or "package=version" */
    char *title;
    int scope;            /* its narrow kind (corr_scope_index of the title), -1 none */
    int platform;         /* of the rule that recognised it */
    int64_t *host_ts;     /* first install per host (µs), INT64_MAX when not installed; sized nhosts_cap */
    uint16_t *host_count; /* installs per host (recurring updates install again and again) */
    uint32_t *hosts;      /* hosts in install order */
    uint32_t nhosts, hosts_cap;
    uint32_t recurring;   /* hosts on which it installed >= recurring_installs times */
    int64_t first_ts, last_ts;
    uint32_t *psigs;      /* its (patch, signature) treated sets (indices into pw_corr.psigs) */
    uint32_t npsigs, psigs_cap;
    uint64_t t_gen;       /* corr_treated_sigs: 1 + c->treated_gen when its sets were last brought to t_from, */
    uint32_t t_from, t_next; /* and t_next the first hour any of them crosses an entry again */
} corr_patch;

enum { CORR_ST_NONE = 0, CORR_ST_OPEN, CORR_ST_UPDATED, CORR_ST_RESOLVED, CORR_ST_WITHDRAWN };

typedef struct corr_alert {
    char id[17];
    int early;            /* early-warning (patch only) */
    uint32_t patch, sig;
    int status;
    int64_t first_seen;
    int64_t last_affected, last_total; /* what was last emitted, to emit only changes */
    size_t last_nadv;
    int last_status;
    char *last_kind;
    pw_strlist advisories;
    uint64_t emitted_hash; /* hash of the last emitted JSON (state: suppress re-emission after resume) */
    char *last_json;       /* the last emitted version (kept in the state's alerts table for other tools) */
} corr_alert;

typedef struct corr_adv {
    pw_advisory a;
    int64_t ts;           /* when it becomes visible: updated, else published */
    bool issue, resolved;
} corr_adv;

typedef struct corr_map { /* open addressing uint64 -> uint32 */
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n;
} corr_map;

typedef struct corr_result {
    double rr_lower, rr_mh, rr_strat, threshold, confidence;
    int64_t a, c;                 /* treated / control hosts with an onset */
    int64_t treated_total, control_total, at_risk;
    uint32_t first_onset;         /* hour of the first treated onset */
    int next_ring;                /* lowest inventory ring with unpatched hosts in the group, -1 unknown */
    char group[64];               /* "" = whole fleet, else the inventory role */
    uint32_t window;              /* treated window (hours) of the best test */
    bool pass, linked;
    bool single;                  /* passed on the casualties' recurrence (cohort.c, single-host path) */
    int64_t inc_a, inc_c;         /* treated / control onsets in incident strata (cohort.c): hours in which
                                     unpatched hosts showed the signature far above their own rate */
    double t1, t0;                /* treated / control host-time of the window tested */
    bool corroborated;            /* passed on a report naming the patch and the symptom plus casualties that
                                     kept failing (cohort.c, corroborated_test) */
    uint32_t corr_hosts, corr_hours; /* those casualties and their occurrence hours (capped at 10) */
    int32_t corr_adv;             /* the corroborating report (index into c->advs), -1 none */
    bool corr_foretold;           /* ... published before the casualties' onsets (corroborated_test) */
} corr_result;

typedef struct corr_cand { /* one (patch, signature) pair under watch */
    uint32_t patch, sig;
    uint32_t last_a, last_eval;
    uint32_t last_onsets;  /* an alerted candidate's: the signature's onsets before last_eval, any host */
    uint32_t alerted_hour; /* when its alert was last (re)opened */
    bool passing, alerted;
    bool withdrawn;               /* an alert of it was withdrawn for a better explanation (alerts.c) */
    corr_result res;
    double joint_p;               /* adjusted p-value of its term in the last joint model (1 when none) */
    double joint_gain;            /* its log-likelihood gain as the only cause (cohort.c, blame; -inf: no excess) */
    void *inc;                    /* cohort.c: incremental counts per (window, group) */
    uint32_t ninc, inc_cap;
    int64_t link_ts;              /* corr_cand_linked: the earliest visibility time of an advisory naming the patch
                                     and the signature among c->advs[0, link_nadvs) (INT64_MAX: none) */
    uint32_t link_nadvs;
    uint32_t inc_strata[32];      /* incident strata its last all-hosts tests found (cohort.c; absolute stratum */
    uint32_t ninc_strata;         /* numbers): the joint model of concurrent rollouts leaves them out (blame) */
} corr_cand;

/* cohort.c eval_window: the incident strata the last all-hosts test of (patch, sig, w) at hour H found (absolute
 * stratum numbers, at most 32), for the same test within a role group. */
typedef struct corr_incident_strata {
    uint32_t patch, sig, w, H, n;
    uint32_t strata[32];
} corr_incident_strata;

struct pw_corr {
    pw_corr_config cfg;
    pw_patch_rules *rules;
    struct corr_scopes *scopes; /* what narrow kinds of update can break (patch_scope.c) */
    corr_host *hosts;
    uint32_t nhosts, hosts_cap;
    corr_map host_map;    /* hash(name) -> host */
    corr_sig *sigs;
    uint32_t nsigs, sigs_cap;
    corr_map sig_map;     /* signature id -> sig */
    corr_pair *pairs;
    uint32_t npairs, pairs_cap;
    corr_map pair_map;    /* host << 32 | sig -> pair */
    corr_patch *patches;
    uint32_t npatches, patches_cap;
    corr_map patch_map;   /* hash(id) -> patch */
    corr_adv *advs;
    size_t nadvs, advs_cap;
    corr_alert *alerts;
    size_t nalerts, alerts_cap;
    corr_map alert_map;   /* hash(id) -> alert */
    corr_cand *cands;
    uint32_t ncands, cands_cap;
    corr_map cand_map;    /* patch << 32 | sig -> cand */
    corr_psig *psigs;     /* treated onset hosts per (patch, signature), see corr_psig */
    uint32_t npsigs, psigs_cap;
    corr_map psig_map;    /* patch << 32 | sig -> psig */
    uint32_t *dirty_pairs; /* pairs whose onsets must be recomputed (pair.dirty set), in the order they became so */
    uint32_t ndirty_pairs, dirty_pairs_cap;
    uint32_t *dirty_hosts; /* hosts whose entries must be recomputed (host.onsets_dirty set) */
    uint32_t ndirty_hosts, dirty_hosts_cap;
    corr_host_entry *scratch_ent; /* corr_refresh_onsets: one host's new entries */
    uint32_t scratch_ent_cap;
    corr_treated *treated; /* corr_treated_sigs' answer */
    uint32_t treated_cap;
    double *days1, *days0;  /* scratch: exposure per day */
    int64_t *days_a, *days_c;
    uint32_t days_cap;
    void *expo;           /* cohort.c: exposure cache per (patch, window, group), recomputed each hour */
    void *jexpo;          /* cohort.c: exposure of the joint model's cells per (competing patches, window) */
    size_t njexpo, jexpo_cap;
    size_t nexpo, expo_cap;
    struct pw_stratum *strata;
    uint32_t strata_cap;
    uint32_t *scratch_hosts;
    uint32_t scratch_cap;
    corr_map suppress;    /* hashes of emissions recorded in the state resumed from: not emitted again */
    uint64_t *emitted;    /* hashes of every emission of this run (saved with the state) */
    size_t nemitted, emitted_cap;
    json_t *blobs;        /* name -> string, saved with the state */
    pw_strlist done_files; /* "path|size|mtime" of input files fully read (replay resume) */
    int64_t first_us, last_us;
    uint32_t next_eval_hour; /* CORR_NONE before the first advance */
    bool debug, fullscan; /* PW_CORR_DEBUG / PW_CORR_FULLSCAN, read once at pw_corr_new (getenv per test was
                             about 4 % of a 100-host fleet's evaluation) */
    corr_incident_strata incident_all[3]; /* per treated window (24 h, 72 h, the configured one) */
    corr_map family_incidents; /* cohort.c: (event family, stratum) -> stratum, for strata an all-hosts test called
                                  incidents (capped at CORR_FAMILY_INCIDENTS_MAX entries) */
    bool skip_incident_p; /* cohort.c: the candidate being evaluated has no alert to withdraw, so a failing
                             test's incident p-value (only ever the reason of such a withdrawal) is not needed */
    uint64_t treated_gen; /* bumped whenever a host's treated-set entries are recomputed (corr_refresh_onsets) */
    uint64_t expo_gen;    /* bumped when an install, a host's logged span or platform, or the inventory changes:
                             the exposure sweeps (cohort.c) rebuild their boundaries */
    bool have_inventory;
    pw_corr_stats st;
};

/* corr_map */
int corr_map_get(const corr_map *m, uint64_t key, uint32_t *val);
int corr_map_put(corr_map *m, uint64_t key, uint32_t val);
void corr_map_free(corr_map *m);

/* cohort_store.c */
int corr_host_intern(pw_corr *c, const char *name, size_t len, uint32_t *out);
int corr_sig_intern(pw_corr *c, uint64_t id, uint32_t *out, bool *created);
/* Sets s->family from s->provider and s->code (after either is set). */
void corr_sig_set_family(corr_sig *s);
int corr_pair_add(pw_corr *c, uint32_t host, uint32_t sig, uint32_t hour, uint32_t count);
int corr_host_add_reboot(pw_corr *c, uint32_t host, uint32_t hour);
void corr_host_touch(corr_host *h, uint32_t hour);
/* Marks a host's onsets and entries for recomputing (at the next corr_refresh_onsets). */
int corr_host_mark(pw_corr *c, uint32_t host);
/* Recomputes the onsets of changed pairs (in the order of the pairs array, the one memory is laid out in)
 * and the treated-set entries of changed hosts: O(what changed), no scan of hosts or pairs. */
int corr_refresh_onsets(pw_corr *c);
/* Records that host was first installed with patch (its position in patch->hosts is pos). */
int corr_host_add_install(pw_corr *c, uint32_t host, uint32_t patch, uint32_t pos);
/* The signatures with treated onset hosts of patch before hour H (after corr_refresh_onsets): into
 * c->treated[0, *n), with the number of hosts each, in the order a scan of the patch's hosts in install order,
 * and of each host's pairs, would first meet them. O(the patch's signatures + entries crossed since the last
 * hour asked), not a scan of hosts. */
int corr_treated_sigs(pw_corr *c, uint32_t patch, uint32_t H, uint32_t *n);
/* Sorts n elements of elem bytes by hour(element), stably, in O(n + the hours' span); -1 out of memory. */
int corr_sort_by_hour(void *v, size_t n, size_t elem, uint32_t (*hour)(const void *));
/* Last occurrence hour <= limit of the pair, CORR_NONE when none. */
uint32_t corr_pair_last_before(const corr_pair *p, uint32_t limit);
/* Whether an advisory visible at hour names cd's patch and its symptom: corr_linked_advisories(c, patch, sig,
 * hour, NULL) > 0, remembered per candidate as the earliest such advisory (advisories are only ever appended
 * and neither they nor a signature's template, code and provider change once stored, so only the new ones are
 * read). A test asked this for every window and group: string searches through every advisory's text, a tenth
 * of a small fleet's evaluation. */
bool corr_cand_linked(const pw_corr *c, corr_cand *cd, uint32_t hour);
/* The first index i of the ascending v[0..n) with v[i] >= key; n when there is none. */
static inline uint32_t corr_lower_bound(const uint32_t *v, uint32_t n, uint32_t key)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* patch_scope.c: the narrow kinds of update (rules of kind `scope`, or the built-in ones when rules is NULL or has
 * none); the kind a title names when it is a narrow one (".NET Framework update", ...), else NULL; and whether
 * such an update cannot touch a signature of this provider or program. */
typedef struct corr_scopes corr_scopes;
struct pw_rules;
corr_scopes *corr_scopes_new(const struct pw_rules *rules, pw_error *err);
void corr_scopes_free(corr_scopes *s);
const char *corr_scopes_builtin(void);
const char *corr_scope_of(const corr_scopes *s, const char *title);
bool corr_scope_excludes(const corr_scopes *s, const char *title, const char *provider);
/* The same by the kind's index (corr_patch.scope, looked up once when the patch is first seen: the title scan
 * was a fifth of evaluation at 10,000 hosts when done per test); -1: no narrow kind. */
int corr_scope_index(const corr_scopes *s, const char *title);
const char *corr_scope_what(const corr_scopes *s, int ix);
bool corr_scope_ix_excludes(const corr_scopes *s, int ix, const char *provider);

/* patches.c (engine side) */
int corr_patch_record(pw_corr *c, uint32_t host, const char *id, size_t idlen, const char *title, int platform,
                      int64_t ts);
int corr_patch_find(const pw_corr *c, const char *id, uint32_t *out);

/* cohort.c */
/* The best of the scanned treated windows for (patch, sig) at hour, in the fleet (role NULL) or one role;
 * ngroups: how many groups are tested in all (the confidence is split over them). */
int corr_eval_pair(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour, const char *role, size_t ngroups,
                   corr_result *r);
/* Hosts with a treated onset for (patch, sig) before hour, in host order, into c->scratch_hosts. */
int corr_affected_hosts(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour, const char *role, uint32_t *n);
void corr_expo_free(pw_corr *c);
void corr_cands_free(pw_corr *c);
void corr_jexpo_free(pw_corr *c);
int corr_evaluate(pw_corr *c, uint32_t hour, pw_corr_alert_fn fn, void *ud, pw_error *err);

/* advisory_link.c */
bool corr_adv_names_patch(const pw_advisory *a, const char *patch_id);
bool corr_adv_names_symptom(const pw_advisory *a, const corr_sig *s);
bool corr_adv_is_issue(const pw_advisory *a);
bool corr_adv_is_resolved(const pw_advisory *a);
bool corr_adv_is_fix(const pw_advisory *a);
bool corr_adv_warns_kb(const pw_advisory *a, const char *kb);
bool corr_adv_fixes_patch(const pw_advisory *a, const char *patch_id);
const corr_adv *corr_adv_fix_elsewhere(const pw_corr *c, const corr_adv *ad, const char *kb, int64_t limit,
                                       const char **culprit);
/* ad says the patch is fixed: a fix announcement naming it broken (kb_affected), or the vendor's "resolved". */
bool corr_adv_tells_fixed(const corr_adv *ad, const char *patch_id);
#define CORR_FIX_KBS_MAX 8
/* What the advisories visible by `limit` say about fixing a patch, and whether the fleet has the fix: an
 * announced fix update resolves the patch's alerts only once every host with the patch (installed or pending)
 * has one of the fixes installed; until then it is something to install, not a problem gone. */
typedef struct corr_fix {
    const corr_adv *by;        /* the first advisory that tells the patch is fixed (NULL: none) */
    const corr_adv *announced; /* the first of them naming a fix update (kb_fix) */
    const corr_adv *done;      /* what resolves it now: one with nothing to install (a server-side fix, the
                                  vendor's "resolved"), or `announced` once the fix covers every host; NULL: not */
    pw_strlist kbs;            /* the fix updates announced */
    uint32_t fix_patches[CORR_FIX_KBS_MAX], nfix_patches; /* those the fleet has installed anywhere */
    int64_t with, lacking;     /* hosts with the patch (installed or pending); those with no fix installed */
} corr_fix;
int corr_fix_state(const pw_corr *c, const char *pid, int64_t limit, corr_fix *f);
void corr_fix_free(corr_fix *f);
/* The host has one of the announced fix updates installed before limit. */
bool corr_fix_covers(const pw_corr *c, const corr_fix *f, uint32_t host, int64_t limit);
/* "KB2", "KB2 or KB3": the fixes for a message; returns the length written. */
size_t corr_fix_list(const corr_fix *f, char *out, size_t cap);
bool corr_patch_reported(const pw_corr *c, uint32_t patch, uint32_t hour);
/* An advisory published by hour blames the patch (issue report, or fix announcement naming it broken) and
 * names the signature's symptom. */
bool corr_patch_blamed_for(const pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour);
/* The first issue report visible by `hour` that blames this update (kb_affected or the package it names, never
 * as the fix) and names this symptom by event id or error code (not only its component word), or -1. */
int32_t corr_patch_corroborated_by(const pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour);

/* alerts.c */
int corr_alert_regression(pw_corr *c, corr_cand *cd, uint32_t hour, pw_corr_alert_fn fn, void *ud, pw_error *err);
/* Withdraws the open alert of cd (if any): by names the patch whose term explains the signature instead, p_self
 * and p_by are the two adjusted p-values of the joint model. */
int corr_alert_withdraw(pw_corr *c, corr_cand *cd, const char *by, double p_self, double p_by, uint32_t hour,
                        pw_corr_alert_fn fn, void *ud, pw_error *err);
/* Why blame() explained a candidate by another (corr_evaluate picks the withdrawal's reason from it). */
enum { CORR_WHY_JOINT = 0, CORR_WHY_REPORT = 1, CORR_WHY_LIKELIHOOD = 2, CORR_WHY_SCOPE = 3 };
/* Withdraws cd's open alert because `by` alone explains the onsets better by a likelihood ratio of
 * exp(g_by - g_self) while neither is significant given the other (statistic "joint_likelihood_ratio"). */
int corr_alert_withdraw_likelihood(pw_corr *c, corr_cand *cd, const char *by, double g_self, double g_by,
                                   uint32_t hour, pw_corr_alert_fn fn, void *ud, pw_error *err);
/* Withdraws cd's open alert because an issue report blames `by` (with this symptom or not) while the fleet's
 * data cannot tell the two apart (branch delay): statistic "advisory_match", value cd's joint p-value. */
/* ... for another update of the same sessions, this one being of a kind that cannot touch the symptom
 * (patch_scope.c) */
int corr_alert_withdraw_scope(pw_corr *c, corr_cand *cd, const char *by, uint32_t hour, pw_corr_alert_fn fn, void *ud,
                              pw_error *err);
int corr_alert_withdraw_report(pw_corr *c, corr_cand *cd, const char *by, double p_self, double p_by, uint32_t hour,
                               pw_corr_alert_fn fn, void *ud, pw_error *err);
/* Withdraws the open alert of cd (if any) because a fleet-wide incident explains its evidence: most of its
 * patched hosts' onsets fell in hours when unpatched hosts showed the signature too (r: the failed test). */
int corr_alert_withdraw_incident(pw_corr *c, corr_cand *cd, const corr_result *r, uint32_t hour,
                                 pw_corr_alert_fn fn, void *ud, pw_error *err);
int corr_alert_early(pw_corr *c, uint32_t hour, pw_corr_alert_fn fn, void *ud, pw_error *err);
int corr_alert_resolve_pass(pw_corr *c, uint32_t hour, pw_corr_alert_fn fn, void *ud, pw_error *err);
/* Advisories visible at hour that name the patch (and, when sig != CORR_NONE, the symptom). */
size_t corr_linked_advisories(const pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour, pw_strlist *out);

#endif
