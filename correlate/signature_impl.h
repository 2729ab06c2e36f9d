/* signature_impl: the miner's private structures, shared by the signature_*.c files only (no other stage
 * includes this). signature_mask.c masks, signature_tree.c owns the prefix tree and the clusters,
 * signature_windows.c the rule table for Windows events, signature_state.c save/load. */
#ifndef PW_SIGNATURE_IMPL_H
#define PW_SIGNATURE_IMPL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "correlate/signature.h"

#define SIG_NIL UINT32_MAX
#define SIG_WILDCARD "<*>"
#define SIG_WILD_HASH UINT64_C(0x2a2a2a2a2a2a2a2a) /* token hash reserved for <*> (hashes of text avoid it) */
#define SIG_MASK_NAME_MAX 24
#define SIG_SCOPE_STR_MAX 256 /* kind/app/code longer than this are cut: names, not payloads */
#define SIG_MASKED_MAX ((size_t)PW_SIG_MAX_LINE * 4) /* masked message kept for mining (see prepare()) */

/* ---- masking (signature_mask.c) ---- */
#define SIG_MASK_VARIANTS_MAX 64 /* compiled subsets of the masks (see signature_mask.c) */

typedef struct sig_mask_variant {
    uint32_t set;                     /* which masks this regex holds (bit i = mask i) */
    pcre2_code *re;
    int jit;                          /* JIT-compiled: matched with pcre2_jit_match */
    uint32_t group[PW_SIG_MAX_MASKS]; /* capture group of each alternative */
    uint8_t type[PW_SIG_MAX_MASKS];   /* mask index of each alternative */
    size_t nalt;
} sig_mask_variant;

typedef struct sig_masker {
    size_t ntypes;
    char *pattern[PW_SIG_MAX_MASKS];
    int word_start[PW_SIG_MAX_MASKS];
    uint32_t always;                  /* masks without `needs`: considered for every line */
    uint32_t by_byte[256];            /* masks that need this byte */
    sig_mask_variant var[SIG_MASK_VARIANTS_MAX];
    size_t nvar;                      /* var[0] holds every mask */
    pcre2_match_data *md;             /* reused for every line: no per-line allocation */
    pcre2_match_context *mctx;
    char repl[PW_SIG_MAX_MASKS][SIG_MASK_NAME_MAX + 3];
    uint32_t repl_len[PW_SIG_MAX_MASKS];
} sig_masker;

int sig_masker_init(sig_masker *mk, const pw_sig_mask_def *defs, size_t n, pw_error *err);
/* Writes the masked text into out (reset first); returns 0 or -1 (allocation). */
int sig_masker_apply(sig_masker *mk, const char *in, size_t len, pw_buf *out);
void sig_masker_free(sig_masker *mk);

/* ---- tree and clusters (signature_tree.c) ---- */
typedef struct sig_token {
    uint32_t off, len; /* into the masked line */
    uint32_t last, end; /* the last word of a collapsed list (see sig_tokenize) */
    uint64_t hash;
    uint64_t shape;    /* variables only: hash of what is left without digits, signs and placeholders */
    bool var;          /* has a digit or is a mask placeholder: routed to the <*> child (Drain) */
    bool key;          /* may select a tree child: not var and shaped like a word (see sig_tokenize) */
    bool qual;         /* a qualified name (com.foo.Bar, pkg/.Main): a run of them is one variable */
} sig_token;

typedef struct sig_cluster {
    uint64_t id;
    uint64_t scope;
    uint64_t count;
    int64_t first_us, last_us;
    uint32_t ntok;
    uint32_t gen;            /* bumped when the slot is freed, so stale pw_sig_ref are detected */
    uint32_t leaf;           /* node holding it, SIG_NIL when the slot is free */
    uint32_t leaf_prev, leaf_next;
    uint32_t lru_prev, lru_next; /* global recency list; free slots chain through lru_next */
    uint32_t nwild;
    uint64_t *tokh;          /* ntok token hashes, SIG_WILD_HASH for <*> */
    uint32_t *shape;         /* ntok shape hashes (sig_token.shape, low 32 bits: only compared for
                              * equality, and 4 bytes a token kept peak RSS 8 MiB lower per 100k signatures),
                              * right after tokh */
    char *tmpl;              /* "tok tok tok", capacity fixed at creation (see cluster_new) */
    const char *kind, *app, *code; /* inside the same allocation as tokh/tmpl */
    void *blob;
} sig_cluster;

typedef struct sig_node {
    uint32_t wild;       /* the <*> child or SIG_NIL */
    uint32_t nchildren;
    uint32_t leaf_head, leaf_tail; /* clusters, most recently used first */
    uint32_t leaf_count;
} sig_node;

typedef struct sig_edge {
    uint64_t key;   /* token hash (or scope/length key at the first layer); 0 = empty slot */
    uint32_t parent, child;
} sig_edge;

typedef struct sig_tree {
    sig_node *nodes;
    size_t nnodes, nodes_cap, max_nodes;
    sig_edge *edges;     /* open addressing over (parent, key) */
    size_t nedges, edges_cap;
    sig_cluster *cl;
    size_t ncl_slots, cl_cap, nlive;
    uint32_t free_head;
    uint32_t lru_head, lru_tail;
} sig_tree;

/* ---- Windows signature rules (signature_windows.c) ---- */
typedef struct sig_rule {
    char *name;
    char *provider;      /* lower-cased */
    uint64_t provider_hash;
    char *component;
    int64_t *event_ids;
    size_t nevent_ids;
    char **params;
    size_t nparams;
    pcre2_code *message_re; /* optional: the rule applies only when the message matches */
} sig_rule;

typedef struct sig_rules {
    sig_rule *v;
    size_t n;
} sig_rules;

struct pw_sig_miner {
    pw_sig_config cfg;
    sig_masker mask;
    sig_tree tree;
    sig_rules rules;
    pw_buf line;     /* masked message */
    pw_buf scratch;  /* Windows template; template rebuilds */
    pw_buf evtext;   /* event data as text, for Windows events without a message */
    sig_token tok[PW_SIG_MAX_TOKENS];
    size_t ntok;
};

int sig_tree_init(sig_tree *t, const pw_sig_config *c, pw_error *err);
void sig_tree_free(sig_tree *t);
void sig_tree_clear(sig_tree *t);
/* Tokenises m->line into m->tok. */
void sig_tokenize(pw_sig_miner *m);
/* Finds or creates the cluster for m->tok in scope; update=false never changes anything (returns SIG_NIL
 * when nothing matches). */
uint32_t sig_tree_mine(pw_sig_miner *m, const char *kind, const char *app, const char *code, uint64_t scope,
                       int64_t ts_us, bool update, pw_error *err);
/* force_new: a new cluster whatever matches (reloading saved clusters, which must stay as they were). */
uint32_t sig_tree_mine_ex(pw_sig_miner *m, const char *kind, const char *app, const char *code, uint64_t scope,
                          int64_t ts_us, bool update, bool force_new, pw_error *err);
uint64_t sig_scope_hash(const char *kind, const char *app, const char *code);
uint64_t sig_token_hash(const char *s, size_t len);

int sig_rules_init(sig_rules *r, const pw_rules *rules, pw_error *err);
void sig_rules_free(sig_rules *r);
const sig_rule *sig_rules_find(const sig_rules *r, const char *provider, int64_t code, const char *msg,
                               size_t msglen, pcre2_match_data *md);
int sig_windows_template(const sig_rule *r, const pw_event *ev, const char *provider, const char *code, pw_buf *b);

#endif
