/* signature_state: saving and reloading the miner's clusters, so signature ids and counts survive a
 * restart. The state is one JSON document:
 *   {"format":"patchwatch-signatures","version":1,
 *    "clusters":[{"id":"16 hex","kind":..,"app":..,"code":..,"template":..,"count":N,
 *                 "first_seen":"RFC 3339"|null,"last_seen":..}, ...]}
 * clusters least recently used first, so reloading in file order rebuilds the same recency. Loading
 * inserts each template through the normal tree path (its <*> tokens route like variables) as a cluster
 * of its own, so the reloaded miner holds the same clusters and assigns the same ids as the saved one; the "id" field is checked against the template,
 * and a mismatch (a hand-edited file) is an error naming the cluster. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pw_hash.h"
#include "core/pw_log.h"
#include "core/pw_utf8.h"
#include "correlate/signature_impl.h"

#define SIG_STATE_MAX_BYTES ((size_t)2 << 30) /* 2 GiB: 10x the state of a full default miner */
#define SIG_STATE_FORMAT "patchwatch-signatures"
/* a template is at most the masked form of a PW_SIG_MAX_LINE message (SIG_MASKED_MAX, 4x); a longer
 * one is not ours */
#define SIG_STATE_TEMPLATE_MAX SIG_MASKED_MAX

static json_t *ts_json(int64_t us)
{
    char b[PW_RFC3339_MAX];
    if (us == PW_TS_NONE) return json_null();
    pw_time_format(us, b);
    return json_string(b);
}

typedef struct save_ctx {
    json_t *arr;
    size_t skipped;
} save_ctx;

static bool utf8_ok(const char *s)
{
    bool nul;
    return pw_utf8_valid(s, strlen(s), &nul);
}

static int save_one(const pw_sig_info *in, void *ud)
{
    save_ctx *sc = ud;
    json_t *arr = sc->arr;
    char hex[17];
    /* A template mined from bytes that are not UTF-8 (plain lines can be anything) cannot be written as
     * JSON without changing it, and a changed template would not have its id: such clusters are not
     * saved (counted in the log). */
    if (!utf8_ok(in->tmpl) || !utf8_ok(in->kind) || !utf8_ok(in->app) || !utf8_ok(in->code)) {
        sc->skipped++;
        return 0;
    }
    pw_hash_hex(in->id, hex);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id", hex, "kind", in->kind, "app", in->app,
                          "code", in->code, "template", in->tmpl, "count", (json_int_t)in->count, "first_seen",
                          ts_json(in->first_us), "last_seen", ts_json(in->last_us));
    if (!o || json_array_append_new(arr, o)) return -1;
    return 0;
}

int pw_sig_save(const pw_sig_miner *m, const char *path, pw_error *err)
{
    char tmp[4096];
    json_t *doc = NULL, *arr = json_array();
    if (!arr) return pw_error_set(err, PW_ERR_NOMEM, "signature state: out of memory");
    save_ctx sc = {arr, 0};
    if (pw_sig_foreach(m, save_one, &sc)) {
        pw_error_set(err, PW_ERR_NOMEM, "signature state: out of memory");
        goto err;
    }
    if (sc.skipped) pw_log_warn("%s: %zu signatures with non-UTF-8 templates not saved", path, sc.skipped);
    doc = json_pack("{s:s, s:i, s:o}", "format", SIG_STATE_FORMAT, "version", 1, "clusters", arr);
    arr = NULL;
    if (!doc) {
        pw_error_set(err, PW_ERR_NOMEM, "signature state: out of memory");
        goto err;
    }
    /* Written beside the target and renamed: a crash mid-write leaves the previous state intact. */
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
        pw_error_set(err, PW_ERR_USAGE, "signature state: path too long");
        goto err;
    }
    if (json_dump_file(doc, tmp, JSON_COMPACT) != 0) {
        pw_error_set(err, PW_ERR_IO, "%s: cannot write signature state", tmp);
        goto err;
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        pw_error_set(err, PW_ERR_IO, "%s: cannot rename state file into place", path);
        goto err;
    }
    json_decref(doc);
    return 0;
err:
    json_decref(arr);
    json_decref(doc);
    return -1;
}

static int ts_parse(const json_t *v, int64_t *out)
{
    *out = PW_TS_NONE;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return -1;
    return pw_time_parse(json_string_value(v), json_string_length(v), out, NULL);
}

int pw_sig_load(pw_sig_miner *m, const char *path, pw_error *err)
{
    struct stat st;
    json_error_t je;
    json_t *doc = NULL, *v;
    size_t i;

    if (stat(path, &st) != 0) return pw_error_set(err, PW_ERR_IO, "%s: cannot open signature state", path);
    if ((size_t)st.st_size > SIG_STATE_MAX_BYTES)
        return pw_error_set(err, PW_ERR_LIMIT, "%s: signature state larger than %zu bytes", path, SIG_STATE_MAX_BYTES);
    doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!doc) return pw_error_set(err, PW_ERR_INVALID, "%s:%d: %s", path, je.line, je.text);
    const char *fmt = json_string_value(json_object_get(doc, "format"));
    json_t *arr = json_object_get(doc, "clusters");
    if (!fmt || strcmp(fmt, SIG_STATE_FORMAT) != 0 || json_integer_value(json_object_get(doc, "version")) != 1 ||
        !json_is_array(arr)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: not a patchwatch signature state (version 1)", path);
        goto err;
    }
    /* Everything is checked before the miner is touched: a bad file leaves the current state as it was. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) sig_tree_clear(&m->tree);
        json_array_foreach(arr, i, v) {
            const char *kind = json_string_value(json_object_get(v, "kind"));
            const char *app = json_string_value(json_object_get(v, "app"));
            const char *code = json_string_value(json_object_get(v, "code"));
            const char *tmpl = json_string_value(json_object_get(v, "template"));
            const char *hex = json_string_value(json_object_get(v, "id"));
            json_t *cnt = json_object_get(v, "count");
            int64_t first, last;
            if (!kind || !app || !code || !tmpl || !hex || !json_is_integer(cnt) || json_integer_value(cnt) < 0 ||
                ts_parse(json_object_get(v, "first_seen"), &first) || ts_parse(json_object_get(v, "last_seen"), &last)) {
                pw_error_set(err, PW_ERR_INVALID, "%s: cluster %zu: missing or bad field", path, i);
                goto err;
            }
            size_t tlen = strlen(tmpl);
            if (tlen > SIG_STATE_TEMPLATE_MAX) {
                pw_error_set(err, PW_ERR_LIMIT, "%s: cluster %zu: template longer than %zu bytes", path, i,
                             SIG_STATE_TEMPLATE_MAX);
                goto err;
            }
            /* The template is inserted as it is (masking it again could rewrite a kept token), tokenised
             * like a line; it must come out as the same text, or the cluster would not have the saved id. */
            if (pw_buf_reserve(&m->line, tlen + 1)) {
                pw_error_set(err, PW_ERR_NOMEM, "signature state: out of memory");
                goto err;
            }
            pw_buf_reset(&m->line);
            (void)pw_buf_append(&m->line, tmpl, tlen);
            sig_tokenize(m);
            if (pass == 0) {
                char want[17];
                pw_hash_hex(pw_sig_id(kind, app, code, tmpl), want);
                if (strcmp(want, hex) != 0) {
                    pw_error_set(err, PW_ERR_INVALID, "%s: cluster %zu: id %s does not match its template (expected %s)",
                                 path, i, hex, want);
                    goto err;
                }
                size_t at = 0, k;
                for (k = 0; k < m->ntok; k++) {
                    const sig_token *t = &m->tok[k];
                    if ((k && tmpl[at++] != ' ') || at + t->len > tlen || memcmp(tmpl + at, m->line.data + t->off, t->len))
                        break;
                    at += t->len;
                }
                if (k < m->ntok || at != tlen) {
                    pw_error_set(err, PW_ERR_INVALID, "%s: cluster %zu: template is not in canonical form (tokens "
                                 "separated by single spaces)", path, i);
                    goto err;
                }
                continue;
            }
            /* Always a cluster of its own: matching it against the ones loaded before could merge two
             * clusters the saving miner kept apart, and change their ids. */
            uint32_t c = sig_tree_mine_ex(m, kind, app, code, sig_scope_hash(kind, app, code), first, true, true, err);
            if (c == SIG_NIL) goto err;
            sig_cluster *cl = &m->tree.cl[c];
            cl->count = (uint64_t)json_integer_value(cnt);
            if (last != PW_TS_NONE && (cl->last_us == PW_TS_NONE || last > cl->last_us)) cl->last_us = last;
        }
    }
    json_decref(doc);
    return 0;
err:
    json_decref(doc);
    return -1;
}
