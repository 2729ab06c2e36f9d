/* signature: turns log messages and Windows events into stable, named error signatures.
 *
 * Free text (syslog messages, rendered messages, plain lines) is mined online in the spirit of Drain
 * (He et al., ICWS 2017): variables are first masked by PCRE2 patterns into typed placeholders (<NUM>,
 * <IP>, <GUID>, <KB>, ...), the tokens then descend a fixed-depth prefix tree keyed by scope (source kind +
 * app + code), token count and the leading tokens, and the leaf's clusters are compared position by
 * position; the most similar one above the similarity threshold absorbs the line (differing positions
 * become <*>), otherwise a new cluster starts. Per line this is O(depth + leaf clusters x tokens), i.e.
 * O(1) amortised, and allocates nothing once warm (a new cluster costs one allocation).
 *
 * Windows events (event.provider and event.code present) whose provider/event id a `kind: signature` rule
 * names get a signature built from provider + event id + the rule's parameters (e.g. the NTSTATUS of a
 * FailoverClustering 5120), so record ids, times and other noise never split or merge them; without such a
 * rule the rendered message is mined as text inside the (provider, event id) scope.
 *
 * The signature id is pw_sig_id(kind, app, code, template) = pw_hash_fields over those four strings
 * (core/pw_hash.h: FNV-1a 64 + fmix64, 0x1f after each field). It depends only on the final template text,
 * never on insertion order or cluster numbers: every process, run and shard that reaches the same template
 * reports the same id. Memory is bounded: at most max_clusters clusters (least recently used evicted first),
 * max_leaf_clusters per leaf, max_nodes tree nodes.
 *
 * Not thread-safe: one miner per thread (ids agree across miners anyway). */
#ifndef PW_SIGNATURE_H
#define PW_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_event.h"

typedef struct pw_rules pw_rules;
typedef struct pw_sig_miner pw_sig_miner;

#define PW_SIG_MAX_MASKS 32       /* mask patterns per miner */
#define PW_SIG_MAX_LINE 65536     /* bytes of a message that are mined; the rest is ignored */
#define PW_SIG_MAX_TOKENS 256     /* tokens per message; the tail beyond is folded into the last token */
#define PW_SIG_MAX_DEPTH 16       /* tree depth limit (Drain uses 3..6) */
#define PW_SIG_MAX_CLUSTERS_LIMIT ((size_t)1 << 28) /* cluster indices are 32-bit with room to spare */

/* One masking pattern: every match of `pattern` (PCRE2 syntax) is replaced by `<name>`. */
typedef struct pw_sig_mask_def {
    const char *name;    /* upper-case letters/digits/_, 1..24 chars: "IP", "GUID", "KB" */
    const char *pattern; /* PCRE2, byte mode (\w, \d are ASCII) */
    int word_start;      /* promise: a match never starts right after a letter, digit or '_'. Lets the scan
                            skip the inside of words (most of a line) for this pattern: 3x faster masking */
    const char *needs;   /* promise: every match contains at least one of these bytes (NULL: no promise).
                            A line without any of them skips the pattern altogether */
} pw_sig_mask_def;

typedef struct pw_sig_config {
    double similarity;        /* Drain's st: share of equal token positions needed to join a cluster */
    int depth;                /* Drain's depth: root + token-count layer + (depth-2) leading-token layers */
    size_t max_clusters;      /* cap on live clusters; least recently used evicted beyond it */
    size_t max_children;      /* children per tree node; further tokens share the <*> child */
    size_t max_leaf_clusters; /* clusters compared in one leaf; least recently used evicted beyond it */
    size_t max_nodes;         /* cap on tree nodes; 0 = 8 x max_clusters (min 65536) */
    int variables_match;      /* a position where both the template and the line hold a variable-looking
                                 token (a digit or a placeholder, or the template's <*>) counts as equal */
    const pw_sig_mask_def *masks; /* NULL: the built-in masks (pw_sig_builtin_masks) */
    size_t nmasks;
} pw_sig_config;

/* Defaults: the ONE configuration used for every source (docs/signatures.md, bench/loghub). */
void pw_sig_config_default(pw_sig_config *c);
/* The stricter alternative the benchmark prints next to the default (higher similarity: more, finer
 * signatures). */
void pw_sig_config_strict(pw_sig_config *c);
/* The built-in masks, in priority order (earlier wins at the same position). */
const pw_sig_mask_def *pw_sig_builtin_masks(size_t *n);

pw_sig_miner *pw_sig_miner_new(const pw_sig_config *c, const pw_rules *rules /* may be NULL */, pw_error *err);
void pw_sig_miner_free(pw_sig_miner *m);

/* Sets patchwatch.signature (16 hex) and patchwatch.template on the event. Windows events (event.provider
 * + event.code) use the matching signature rule if any; syslog/text events mine `message`. An event with
 * no message and no code gets the signature of the empty template of its scope. */
int pw_sig_assign_event(pw_sig_miner *m, pw_event *ev, pw_error *err);
/* Mines one plain message (kind "text", no app, no code). *tmpl stays valid until the next call on m. */
int pw_sig_assign_text(pw_sig_miner *m, const char *msg, size_t len, uint64_t *id, const char **tmpl, pw_error *err);

/* ---- additions beyond the agreed contract ---- */

/* pw_sig_assign_event plus, when the signature is a mined cluster, a handle on it (see pw_sig_ref);
 * rule-named Windows signatures (fixed templates) leave ref->slot = UINT32_MAX. */
typedef struct pw_sig_ref pw_sig_ref;
int pw_sig_assign_event_ref(pw_sig_miner *m, pw_event *ev, pw_sig_ref *ref, pw_error *err);

/* A handle on the cluster a line joined, to read its FINAL template later (the template of a cluster can
 * still generalise after the line joined it). */
typedef struct pw_sig_ref {
    uint32_t slot, gen;
} pw_sig_ref;

/* Mines msg in scope (kind, app, code); any of those may be NULL (= ""), each is cut at 256 bytes (names,
 * not payloads; the id is computed from the cut value). ts_us (or PW_TS_NONE) updates the cluster's
 * first/last seen. id/tmpl/ref may be NULL. */
int pw_sig_mine(pw_sig_miner *m, const char *kind, const char *app, const char *code, const char *msg,
                size_t len, int64_t ts_us, uint64_t *id, const char **tmpl, pw_sig_ref *ref, pw_error *err);
/* The current id/template of a cluster; 0, or -1 when it was evicted since. */
int pw_sig_ref_get(const pw_sig_miner *m, pw_sig_ref ref, uint64_t *id, const char **tmpl);
/* Like pw_sig_mine but never changes the miner: 1 and the best cluster when one matches, 0 when none. */
int pw_sig_match(pw_sig_miner *m, const char *kind, const char *app, const char *code, const char *msg,
                 size_t len, uint64_t *id, const char **tmpl, pw_error *err);

/* Adds a Windows signature rule by hand (the same as a `kind: signature` rule file): events of provider
 * (case-insensitive; "" = any) with one of the event ids (none = any) get the template
 * "<provider> <event id>: <Param>=<value> ..." over the named parameters. */
int pw_sig_add_rule(pw_sig_miner *m, const char *name, const char *provider, const int64_t *event_ids,
                    size_t nids, const char *const *params, size_t nparams, pw_error *err);

/* The documented id: pw_hash_fields(kind, app, code, template) with NULL read as "". */
uint64_t pw_sig_id(const char *kind, const char *app, const char *code, const char *tmpl);

/* Masks msg into out (NUL-terminated, at most outsz-1 bytes, truncated beyond); returns the length.
 * Exposed for tests and tools. */
size_t pw_sig_mask_text(pw_sig_miner *m, const char *msg, size_t len, char *out, size_t outsz);

/* One cluster as reported by pw_sig_foreach. Pointers valid during the callback only. */
typedef struct pw_sig_info {
    uint64_t id;
    const char *kind, *app, *code, *tmpl;
    uint64_t count;
    int64_t first_us, last_us; /* PW_TS_NONE when no timestamp was seen */
} pw_sig_info;

/* The cluster behind ref as pw_sig_info (pointers valid until the next change to m); -1 when evicted. */
int pw_sig_ref_info(const pw_sig_miner *m, pw_sig_ref ref, pw_sig_info *info);

size_t pw_sig_cluster_count(const pw_sig_miner *m);
/* Calls cb for every live cluster, least recently used first; stops when cb returns non-zero. */
int pw_sig_foreach(const pw_sig_miner *m, int (*cb)(const pw_sig_info *info, void *ud), void *ud);

/* State: every live cluster with its template, counts and times, as one JSON document; load replaces the
 * miner's clusters (the configuration stays the miner's own). */
int pw_sig_save(const pw_sig_miner *m, const char *path, pw_error *err);
int pw_sig_load(pw_sig_miner *m, const char *path, pw_error *err);

#endif
