/* signature: the miner's public entry points (signature.h): configuration, life cycle, mining a message
 * or an event, reading clusters back. The work is in signature_mask.c (masking), signature_tree.c (prefix
 * tree and clusters), signature_windows.c (rule-named Windows signatures), signature_state.c (save/load). */
#include <stdlib.h>
#include <string.h>

#include "core/pw_hash.h"
#include "correlate/signature_impl.h"

void pw_sig_config_default(pw_sig_config *c)
{
    memset(c, 0, sizeof *c);
    /* Chosen on the Loghub 2k benchmark as ONE setting for all sources (bench/loghub, docs/signatures.md):
     * every similarity in 0.72..0.80 meets the accuracy goal with variables_match on; 0.78 sits on the
     * best plateau (a line may differ from its template in about one token in five). */
    c->similarity = 0.78;
    c->depth = 4;
    c->variables_match = 1;
    c->max_clusters = 100000;
    c->max_children = 100;
    c->max_leaf_clusters = 64;
    c->max_nodes = 0;
    c->masks = NULL;
    c->nmasks = 0;
}

void pw_sig_config_strict(pw_sig_config *c)
{
    pw_sig_config_default(c);
    c->similarity = 0.85;
}

uint64_t pw_sig_id(const char *kind, const char *app, const char *code, const char *tmpl)
{
    const char *f[4] = {kind ? kind : "", app ? app : "", code ? code : "", tmpl ? tmpl : ""};
    size_t l[4];
    for (int i = 0; i < 4; i++) l[i] = strlen(f[i]);
    return pw_hash_fields(f, l, 4);
}

pw_sig_miner *pw_sig_miner_new(const pw_sig_config *c, const pw_rules *rules, pw_error *err)
{
    pw_sig_miner *m = calloc(1, sizeof *m);
    const pw_sig_mask_def *masks;
    size_t nmasks;
    if (!m) {
        pw_error_set(err, PW_ERR_NOMEM, "signature miner: out of memory");
        return NULL;
    }
    if (c) m->cfg = *c;
    else pw_sig_config_default(&m->cfg);
    pw_sig_config *k = &m->cfg;
    if (!(k->similarity >= 0.0 && k->similarity <= 1.0)) {
        pw_error_set(err, PW_ERR_USAGE, "signature similarity %g: must be within 0..1", k->similarity);
        goto err;
    }
    if (k->depth < 3 || k->depth > PW_SIG_MAX_DEPTH) {
        pw_error_set(err, PW_ERR_USAGE, "signature depth %d: must be within 3..%d", k->depth, PW_SIG_MAX_DEPTH);
        goto err;
    }
    if (k->max_clusters < 1 || k->max_clusters > PW_SIG_MAX_CLUSTERS_LIMIT || k->max_children < 2 ||
        k->max_leaf_clusters < 1) {
        pw_error_set(err, PW_ERR_USAGE, "signature limits: max_clusters 1..%zu, max_children >= 2, "
                     "max_leaf_clusters >= 1", PW_SIG_MAX_CLUSTERS_LIMIT);
        goto err;
    }
    if (k->max_nodes == 0) k->max_nodes = k->max_clusters * 8 < 65536 ? 65536 : k->max_clusters * 8;
    if (k->max_nodes > PW_SIG_MAX_CLUSTERS_LIMIT * 8) k->max_nodes = PW_SIG_MAX_CLUSTERS_LIMIT * 8;
    masks = k->masks;
    nmasks = k->nmasks;
    if (!masks) masks = pw_sig_builtin_masks(&nmasks);
    k->masks = NULL; /* not kept: the caller's table need not outlive the miner */
    k->nmasks = 0;
    if (sig_masker_init(&m->mask, masks, nmasks, err)) goto err;
    if (sig_tree_init(&m->tree, k, err)) goto err;
    if (sig_rules_init(&m->rules, rules, err)) goto err;
    if (pw_buf_reserve(&m->line, 4096) || pw_buf_reserve(&m->scratch, 4096)) {
        pw_error_set(err, PW_ERR_NOMEM, "signature miner: out of memory");
        goto err;
    }
    return m;
err:
    pw_sig_miner_free(m);
    return NULL;
}

void pw_sig_miner_free(pw_sig_miner *m)
{
    if (!m) return;
    sig_masker_free(&m->mask);
    sig_tree_free(&m->tree);
    sig_rules_free(&m->rules);
    pw_buf_free(&m->line);
    pw_buf_free(&m->scratch);
    pw_buf_free(&m->evtext);
    free(m);
}

/* A cut at most n bytes long (s is longer) that does not split a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n)
{
    size_t k = n;
    while (k > 0 && k > n - 4 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    return ((unsigned char)s[k] & 0xC0) == 0x80 ? n : k;
}

/* Masks and tokenises msg into m->line / m->tok. */
static int prepare(pw_sig_miner *m, const char *msg, size_t len, pw_error *err)
{
    if (!msg) len = 0;
    if (len > PW_SIG_MAX_LINE) len = utf8_cut(msg, PW_SIG_MAX_LINE);
    if (sig_masker_apply(&m->mask, msg ? msg : "", len, &m->line))
        return pw_error_set(err, PW_ERR_NOMEM, "signature: out of memory masking a message");
    /* placeholders can be longer than what they replace; a template never exceeds this */
    if (m->line.len > SIG_MASKED_MAX) {
        m->line.len = utf8_cut(m->line.data, SIG_MASKED_MAX);
        m->line.data[m->line.len] = '\0';
    }
    sig_tokenize(m);
    return 0;
}

/* kind/app/code cut at SIG_SCOPE_STR_MAX, so that the scope key and the cluster's strings agree */
static const char *scope_str(const char *s, char *buf)
{
    if (!s || strlen(s) <= SIG_SCOPE_STR_MAX) return s;
    size_t n = SIG_SCOPE_STR_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* never cut a UTF-8 sequence */
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

int pw_sig_mine(pw_sig_miner *m, const char *kind, const char *app, const char *code, const char *msg,
                size_t len, int64_t ts_us, uint64_t *id, const char **tmpl, pw_sig_ref *ref, pw_error *err)
{
    char kb[SIG_SCOPE_STR_MAX + 1], ab[SIG_SCOPE_STR_MAX + 1], cb[SIG_SCOPE_STR_MAX + 1];
    kind = scope_str(kind, kb);
    app = scope_str(app, ab);
    code = scope_str(code, cb);
    if (prepare(m, msg, len, err)) return -1;
    uint64_t scope = sig_scope_hash(kind, app, code);
    uint32_t i = sig_tree_mine(m, kind, app, code, scope, ts_us, true, err);
    if (i == SIG_NIL) return -1;
    const sig_cluster *c = &m->tree.cl[i];
    if (id) *id = c->id;
    if (tmpl) *tmpl = c->tmpl;
    if (ref) {
        ref->slot = i;
        ref->gen = c->gen;
    }
    return 0;
}

int pw_sig_match(pw_sig_miner *m, const char *kind, const char *app, const char *code, const char *msg,
                 size_t len, uint64_t *id, const char **tmpl, pw_error *err)
{
    char kb[SIG_SCOPE_STR_MAX + 1], ab[SIG_SCOPE_STR_MAX + 1], cb[SIG_SCOPE_STR_MAX + 1];
    kind = scope_str(kind, kb);
    app = scope_str(app, ab);
    code = scope_str(code, cb);
    if (prepare(m, msg, len, err)) return -1;
    uint64_t scope = sig_scope_hash(kind, app, code);
    uint32_t i = sig_tree_mine(m, kind, app, code, scope, PW_TS_NONE, false, err);
    if (i == SIG_NIL) return 0;
    if (id) *id = m->tree.cl[i].id;
    if (tmpl) *tmpl = m->tree.cl[i].tmpl;
    return 1;
}

int pw_sig_assign_text(pw_sig_miner *m, const char *msg, size_t len, uint64_t *id, const char **tmpl, pw_error *err)
{
    return pw_sig_mine(m, "text", NULL, NULL, msg, len, PW_TS_NONE, id, tmpl, NULL, err);
}

int pw_sig_ref_get(const pw_sig_miner *m, pw_sig_ref ref, uint64_t *id, const char **tmpl)
{
    if (ref.slot >= m->tree.ncl_slots) return -1;
    const sig_cluster *c = &m->tree.cl[ref.slot];
    if (c->gen != ref.gen || c->leaf == SIG_NIL) return -1;
    if (id) *id = c->id;
    if (tmpl) *tmpl = c->tmpl;
    return 0;
}

int pw_sig_ref_info(const pw_sig_miner *m, pw_sig_ref ref, pw_sig_info *info)
{
    if (ref.slot >= m->tree.ncl_slots) return -1;
    const sig_cluster *c = &m->tree.cl[ref.slot];
    if (c->gen != ref.gen || c->leaf == SIG_NIL) return -1;
    *info = (pw_sig_info){c->id, c->kind, c->app, c->code, c->tmpl, c->count, c->first_us, c->last_us};
    return 0;
}

size_t pw_sig_mask_text(pw_sig_miner *m, const char *msg, size_t len, char *out, size_t outsz)
{
    if (outsz == 0) return 0;
    if (len > PW_SIG_MAX_LINE) len = PW_SIG_MAX_LINE;
    size_t n = 0;
    if (sig_masker_apply(&m->mask, msg, len, &m->line) == 0) {
        n = m->line.len < outsz - 1 ? m->line.len : outsz - 1;
        memcpy(out, m->line.data, n);
    }
    out[n] = '\0';
    return n;
}

size_t pw_sig_cluster_count(const pw_sig_miner *m) { return m->tree.nlive; }

int pw_sig_foreach(const pw_sig_miner *m, int (*cb)(const pw_sig_info *info, void *ud), void *ud)
{
    const sig_tree *t = &m->tree;
    for (uint32_t i = t->lru_tail; i != SIG_NIL; i = t->cl[i].lru_prev) {
        const sig_cluster *c = &t->cl[i];
        pw_sig_info info = {c->id, c->kind, c->app, c->code, c->tmpl, c->count, c->first_us, c->last_us};
        int rc = cb(&info, ud);
        if (rc) return rc;
    }
    return 0;
}

/* ---- events ---- */

static int set_result(pw_event *ev, uint64_t id, const char *tmpl, size_t tlen, pw_error *err)
{
    char hex[17];
    pw_hash_hex(id, hex);
    if (pw_event_set_str(ev, "patchwatch.signature", hex, 16, err)) return -1;
    return pw_event_set_str_lossy(ev, "patchwatch.template", tmpl, tlen, err);
}

/* Text to mine for a Windows event without a rendered message: its event data as "Name=value" pairs in
 * the event's field order (evtx records carry no rendered text). Variable values are masked and
 * generalised like any other token. */
static int event_data_text(const pw_event *ev, pw_buf *b)
{
    static const char prefix[] = "winlog.event_data.";
    pw_buf_reset(b);
    for (size_t i = 0; i < ev->nfields && b->len < PW_SIG_MAX_LINE; i++) {
        const pw_field *f = &ev->fields[i];
        const char *key = pw_field_key(ev, f);
        if (strncmp(key, prefix, sizeof prefix - 1) != 0) continue;
        if (b->len && pw_buf_putc(b, ' ')) return -1;
        if (pw_buf_puts(b, key + sizeof prefix - 1) || pw_buf_putc(b, '=')) return -1;
        switch (f->type) {
        case PW_VAL_STR:
        case PW_VAL_JSON:
            if (pw_buf_append(b, pw_field_str(ev, f), f->val_len)) return -1;
            break;
        case PW_VAL_INT:
            if (pw_buf_printf(b, "%lld", (long long)f->num.i)) return -1;
            break;
        case PW_VAL_DBL:
            if (pw_buf_printf(b, "%g", f->num.d)) return -1;
            break;
        case PW_VAL_BOOL:
            if (pw_buf_puts(b, f->num.b ? "true" : "false")) return -1;
            break;
        }
    }
    return 0;
}

int pw_sig_assign_event_ref(pw_sig_miner *m, pw_event *ev, pw_sig_ref *ref, pw_error *err)
{
    size_t msglen = 0, plen = 0, clen = 0;
    const char *msg = pw_event_get_str(ev, "message", &msglen);
    const char *provider = pw_event_get_str(ev, "event.provider", &plen);
    const char *code = pw_event_get_str(ev, "event.code", &clen);
    char codebuf[24];
    int64_t icode = 0;
    const char *tmpl;
    uint64_t id;

    if (ref) ref->slot = ref->gen = UINT32_MAX;
    if (!code && pw_event_get_int(ev, "event.code", &icode) == 0) {
        snprintf(codebuf, sizeof codebuf, "%lld", (long long)icode);
        code = codebuf;
    }
    if (provider && code && *provider && *code) {
        /* Copies: the getters' pointers die when the event changes, and the event changes below. */
        char pbuf[257], cbuf[24];
        snprintf(pbuf, sizeof pbuf, "%s", provider);
        snprintf(cbuf, sizeof cbuf, "%s", code);
        if (pw_event_get_int(ev, "event.code", &icode) != 0) icode = -1;
        const sig_rule *r = sig_rules_find(&m->rules, pbuf, icode, msg, msglen, m->mask.md);
        if (r && pw_event_set_str_lossy(ev, "patchwatch.signature_name", r->name, strlen(r->name), err)) return -1;
        if (r && r->nparams) {
            int found = sig_windows_template(r, ev, pbuf, cbuf, &m->scratch);
            if (found < 0) return pw_error_set(err, PW_ERR_NOMEM, "signature: out of memory");
            if (found > 0) {
                id = pw_sig_id("windows", pbuf, cbuf, m->scratch.data);
                return set_result(ev, id, m->scratch.data, m->scratch.len, err);
            }
            /* none of the rule's parameters is in this event: fall through to mining */
        }
        msg = pw_event_get_str(ev, "message", &msglen); /* the event changed: fetch again */
        if (!msg) {
            if (event_data_text(ev, &m->evtext)) return pw_error_set(err, PW_ERR_NOMEM, "signature: out of memory");
            msg = m->evtext.data;
            msglen = m->evtext.len;
        }
        if (pw_sig_mine(m, "windows", pbuf, cbuf, msg, msglen, ev->ts_us, &id, &tmpl, ref, err)) return -1;
        return set_result(ev, id, tmpl, strlen(tmpl), err);
    }
    const char *kind = "text";
    const char *app = pw_event_get_str(ev, "log.syslog.appname", NULL);
    if (app || pw_event_find(ev, "log.syslog.severity.code") || pw_event_find(ev, "log.syslog.facility.code"))
        kind = "syslog";
    if (!app) app = provider;
    char abuf[257];
    snprintf(abuf, sizeof abuf, "%s", app ? app : "");
    if (pw_sig_mine(m, kind, abuf, NULL, msg, msglen, ev->ts_us, &id, &tmpl, ref, err)) return -1;
    return set_result(ev, id, tmpl, strlen(tmpl), err);
}

int pw_sig_assign_event(pw_sig_miner *m, pw_event *ev, pw_error *err)
{
    return pw_sig_assign_event_ref(m, ev, NULL, err);
}
