/* timeline: the store's records for one incident, patch or host as ordered moments (see timeline.h).
 * Alerts are re-emitted as `updated` almost every hour; a person reads status changes, so only the first
 * version and each change of status become a moment (the store still has every version). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/pw_time.h"
#include "timeline/timeline.h"

static int add(pw_tl *t, int64_t ts, const char *kind, const char *host, const char *ring, const char *ref,
               const char *text, pw_error *err)
{
    if (ts == PW_TS_NONE) return 0;
    if (t->n >= PW_TL_ENTRIES_MAX) {
        t->truncated = 1;
        return 0;
    }
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        pw_tl_entry *nv = realloc(t->v, nc * sizeof *nv);
        if (!nv) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        t->v = nv;
        t->cap = nc;
    }
    pw_tl_entry *e = &t->v[t->n];
    memset(e, 0, sizeof *e);
    e->ts = ts;
    e->kind = strdup(kind);
    e->host = host ? strdup(host) : NULL;
    e->ring = ring ? strdup(ring) : NULL;
    e->ref = ref ? strdup(ref) : NULL;
    e->text = strdup(text ? text : "");
    t->n++;
    if (!e->kind || !e->text || (host && !e->host) || (ring && !e->ring) || (ref && !e->ref))
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    return 0;
}

static void set_str(char **dst, const char *v)
{
    if (!v) return;
    free(*dst);
    *dst = strdup(v);
}

static const char *col(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

static int64_t col_ts(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? PW_TS_NONE : sqlite3_column_int64(st, i);
}

static int prep(pw_tl_store *s, sqlite3_stmt **st, const char *sql, const char *a, const char *b, pw_error *err)
{
    sqlite3 *db = pw_tl_store_db(s);
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return pw_error_set(err, PW_ERR_IO, "%s: %s", pw_tl_store_path(s), sqlite3_errmsg(db));
    if (a) sqlite3_bind_text(*st, 1, a, -1, SQLITE_TRANSIENT);
    if (b) sqlite3_bind_text(*st, 2, b, -1, SQLITE_TRANSIENT);
    return 0;
}

static int step_done(pw_tl_store *s, int r, pw_error *err)
{
    if (r == SQLITE_DONE) return 0;
    return pw_error_set(err, PW_ERR_IO, "%s: %s", pw_tl_store_path(s), sqlite3_errmsg(pw_tl_store_db(s)));
}

/* installs of a patch (all hosts) or of a host (all patches) */
static int q_installs(pw_tl_store *s, pw_tl *t, const char *patch, const char *host, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    int r, rc = -1;
    if (prep(s, &st,
             patch ? "SELECT i.host, i.patch, i.ts, h.ring FROM installs i LEFT JOIN hosts h ON h.name=i.host WHERE "
                     "i.patch=?1 AND (?2 IS NULL OR i.host=?2)"
                   : "SELECT i.host, i.patch, i.ts, h.ring FROM installs i LEFT JOIN hosts h ON h.name=i.host WHERE "
                     "i.host=?2",
             patch, host, err))
        return -1;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        char text[512];
        snprintf(text, sizeof text, "%s installed on %s%s%s", col(st, 1), col(st, 0), col(st, 3) ? " in " : "",
                 col(st, 3) ? col(st, 3) : "");
        if (add(t, col_ts(st, 2), "install", col(st, 0), col(st, 3), col(st, 1), text, err)) goto out;
    }
    rc = step_done(s, r, err);
out:
    sqlite3_finalize(st);
    return rc;
}

static int q_reports(pw_tl_store *s, pw_tl *t, const char *patch, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    int r, rc = -1;
    /* instr, not LIKE: a patch id with % or _ must not act as a pattern */
    if (prep(s, &st, "SELECT id, published, source, title, status FROM advisories WHERE instr(kbs, ' ' || ?1 || ' ') > 0",
             patch, NULL, err))
        return -1;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        char text[768];
        snprintf(text, sizeof text, "%s (%s): %s", col(st, 2) ? col(st, 2) : "feed", col(st, 4) ? col(st, 4) : "report",
                 col(st, 3) ? col(st, 3) : "");
        if (add(t, col_ts(st, 1), "report", NULL, NULL, col(st, 0), text, err)) goto out;
    }
    rc = step_done(s, r, err);
out:
    sqlite3_finalize(st);
    return rc;
}

/* alerts: first version and status changes; the earliest first_seen of a symptom alert is the first symptom */
static int q_alerts(pw_tl_store *s, pw_tl *t, const char *patch, const char *host, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    int r, rc = -1;
    /* a host's alerts: its name as a JSON string in the record (the hosts list); instr, not LIKE, so that
     * % and _ in a name are not patterns. A full scan of alerts: they are few (one per patch and signature,
     * times their hourly updates). */
    if (prep(s, &st,
             patch ? "SELECT id, ts, status, kind, signature, first_seen, json FROM alerts WHERE patch=?1 ORDER BY id, ts"
                   : "SELECT id, ts, status, kind, signature, first_seen, json FROM alerts WHERE "
                     "instr(json, '\"' || ?2 || '\"') > 0 ORDER BY id, ts",
             patch, host, err))
        return -1;
    char last_id[128] = "", last_status[32] = "";
    int64_t first_symptom = PW_TS_NONE, rec_ts = INT64_MIN;
    char symptom_text[768] = "";
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = col(st, 0), *status = col(st, 2), *kind = col(st, 3);
        json_t *o = json_loads(col(st, 6), 0, NULL);
        const char *tmpl = json_string_value(json_object_get(o, "template"));
        const char *rec = json_string_value(json_object_get(o, "recommendation"));
        int64_t fs = col_ts(st, 5);
        if (col(st, 4) && fs != PW_TS_NONE && (first_symptom == PW_TS_NONE || fs < first_symptom)) {
            first_symptom = fs;
            snprintf(symptom_text, sizeof symptom_text, "first onset of %s", tmpl ? tmpl : col(st, 4));
        }
        bool is_new = strcmp(id, last_id) != 0;
        /* "updated" is the same open alert with new counts: not a moment of its own */
        const char *norm = strcmp(status, "updated") == 0 ? "open" : status;
        if (is_new || strcmp(norm, last_status) != 0) {
            char text[1024];
            int resolved = strcmp(status, "resolved") == 0;
            long long pa = json_integer_value(json_object_get(o, "patched_affected")),
                      pt = json_integer_value(json_object_get(o, "patched_total"));
            const char *why = json_string_value(json_object_get(o, "reason"));
            if (kind && strcmp(kind, "early-warning") == 0 && strcmp(status, "withdrawn") == 0) {
                snprintf(text, sizeof text, "early-warning %s withdrawn: %s", id, why ? why : "no longer blamed");
            } else if (kind && strcmp(kind, "early-warning") == 0) { /* a report, not fleet evidence: no affected count */
                int n = snprintf(text, sizeof text, "early-warning %s %s: a report names this update", id, status);
                if (pt > 0 && n > 0 && (size_t)n < sizeof text)
                    snprintf(text + n, sizeof text - (size_t)n, "; %lld host%s installed it", pt, pt == 1 ? "" : "s");
            } else
                snprintf(text, sizeof text, "%s %s %s: %lld/%lld patched hosts affected%s%s", kind ? kind : "alert",
                         id, status, pa, pt, tmpl ? " - " : "", tmpl ? tmpl : "");
            if (add(t, col_ts(st, 1), resolved ? "resolution" : "alert", NULL, NULL, id, text, err)) {
                json_decref(o);
                goto out;
            }
        }
        if (strcmp(status, "resolved") != 0 && rec && col_ts(st, 1) >= rec_ts) {
            set_str(&t->recommendation, rec);
            rec_ts = col_ts(st, 1);
        }
        snprintf(last_id, sizeof last_id, "%s", id);
        snprintf(last_status, sizeof last_status, "%s", norm);
        json_decref(o);
    }
    if (r != SQLITE_DONE) {
        step_done(s, r, err);
        goto out;
    }
    if (first_symptom != PW_TS_NONE && add(t, first_symptom, "symptom", NULL, NULL, NULL, symptom_text, err)) goto out;
    rc = 0;
out:
    sqlite3_finalize(st);
    return rc;
}

static int q_incidents(pw_tl_store *s, pw_tl *t, const char *patch, const char *incident, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    int r, rc = -1;
    if (prep(s, &st,
             incident ? "SELECT id, version, ts, status, json FROM incidents WHERE id=?1 ORDER BY version"
                      : "SELECT id, version, ts, status, json FROM incidents WHERE patch=?2 ORDER BY id, version",
             incident, patch, err))
        return -1;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_loads(col(st, 4), 0, NULL);
        const char *status = col(st, 3) ? col(st, 3) : "?";
        const char *reason = json_string_value(json_object_get(json_object_get(o, "transition"), "reason"));
        const char *title = json_string_value(json_object_get(o, "title"));
        char text[1024];
        snprintf(text, sizeof text, "incident %s v%d %s%s%s%s%s", col(st, 0), sqlite3_column_int(st, 1), status,
                 reason ? " (" : "", reason ? reason : "", reason ? ")" : "", title ? "" : "");
        if (title && sqlite3_column_int(st, 1) == 1) {
            size_t l = strlen(text);
            snprintf(text + l, sizeof text - l, ": %s", title);
        }
        int err_add = add(t, col_ts(st, 2), strcmp(status, "resolved") == 0 ? "resolution" : "incident", NULL, NULL,
                          col(st, 0), text, err);
        set_str(&t->recommendation, json_string_value(json_object_get(o, "recommendation")));
        const char *hr = json_string_value(json_object_get(o, "ring_to_hold"));
        if (hr) set_str(&t->hold_ring, hr);
        json_decref(o);
        if (err_add) goto out;
    }
    rc = step_done(s, r, err);
out:
    sqlite3_finalize(st);
    return rc;
}

static int q_notifications(pw_tl_store *s, pw_tl *t, const char *patch, const char *incident, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    int r, rc = -1;
    if (prep(s, &st,
             incident ? "SELECT id, ts, kind, title FROM notifications WHERE incident=?1"
                      : "SELECT id, ts, kind, title FROM notifications WHERE patch=?2",
             incident, patch, err))
        return -1;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        char text[768];
        snprintf(text, sizeof text, "notification (%s): %s", col(st, 2) ? col(st, 2) : "?", col(st, 3) ? col(st, 3) : "");
        if (add(t, col_ts(st, 1), "notification", NULL, NULL, col(st, 0), text, err)) goto out;
    }
    rc = step_done(s, r, err);
out:
    sqlite3_finalize(st);
    return rc;
}

static int q_actions(pw_tl_store *s, pw_tl *t, const char *patch, const char *incident, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    int r, rc = -1;
    if (prep(s, &st,
             "SELECT incident, ts, action, outcome, detail FROM actions WHERE incident=?1 OR incident IN "
             "(SELECT id FROM incidents WHERE patch=?2) OR (?2 IS NOT NULL AND incident=?2) ORDER BY seq",
             incident, patch, err))
        return -1;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        char text[768];
        snprintf(text, sizeof text, "%s %s: %s", col(st, 2), col(st, 3), col(st, 4) ? col(st, 4) : "");
        if (add(t, col_ts(st, 1), "action", NULL, NULL, col(st, 0), text, err)) goto out;
    }
    rc = step_done(s, r, err);
out:
    sqlite3_finalize(st);
    return rc;
}

static int kind_rank(const char *k)
{
    static const char *order[] = {"install", "report", "symptom", "alert", "incident", "notification", "action",
                                  "resolution"};
    for (int i = 0; i < 8; i++)
        if (strcmp(k, order[i]) == 0) return i;
    return 8;
}

static int cmp_entry(const void *a, const void *b)
{
    const pw_tl_entry *x = a, *y = b;
    if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
    int d = kind_rank(x->kind) - kind_rank(y->kind);
    if (d) return d;
    return strcmp(x->text, y->text);
}

int pw_tl_build(pw_tl_store *s, const pw_tl_query *q, pw_tl *t, pw_error *err)
{
    memset(t, 0, sizeof *t);
    int rc = -1;
    const char *patch = q->patch;
    if (q->incident) {
        sqlite3_stmt *st = NULL;
        if (prep(s, &st, "SELECT patch FROM incidents WHERE id=?1 ORDER BY version DESC LIMIT 1", q->incident, NULL,
                 err))
            goto out;
        if (sqlite3_step(st) == SQLITE_ROW && col(st, 0)) set_str(&t->patch, col(st, 0));
        sqlite3_finalize(st);
        if (!t->patch) {
            pw_error_set(err, PW_ERR_NOTFOUND, "%s: no incident %s", pw_tl_store_path(s), q->incident);
            goto out;
        }
        patch = t->patch;
    } else if (patch) {
        set_str(&t->patch, patch);
    }
    if (patch) {
        if (q_installs(s, t, patch, NULL, err) || q_reports(s, t, patch, err) || q_alerts(s, t, patch, NULL, err) ||
            q_incidents(s, t, q->incident ? NULL : patch, q->incident, err) ||
            q_notifications(s, t, q->incident ? NULL : patch, q->incident, err) ||
            q_actions(s, t, q->incident ? NULL : patch, q->incident, err))
            goto out;
    } else if (q->host) {
        if (q_installs(s, t, NULL, q->host, err) || q_alerts(s, t, NULL, q->host, err)) goto out;
    } else {
        pw_error_set(err, PW_ERR_USAGE, "timeline: give an incident, a patch or a host");
        goto out;
    }
    /* the window */
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++) {
        pw_tl_entry *e = &t->v[i];
        bool keep = (q->from == PW_TS_NONE || e->ts >= q->from) && (q->to == PW_TS_NONE || e->ts <= q->to);
        if (keep) t->v[k++] = *e;
        else {
            free(e->kind), free(e->host), free(e->ring), free(e->ref), free(e->text);
        }
    }
    t->n = k;
    if (t->n > 1) qsort(t->v, t->n, sizeof *t->v, cmp_entry); /* qsort(NULL, 0) is undefined */
    rc = 0;
out:
    return rc;
}

void pw_tl_free(pw_tl *t)
{
    for (size_t i = 0; i < t->n; i++) {
        pw_tl_entry *e = &t->v[i];
        free(e->kind), free(e->host), free(e->ring), free(e->ref), free(e->text);
    }
    free(t->v);
    free(t->patch);
    free(t->recommendation);
    free(t->hold_ring);
    memset(t, 0, sizeof *t);
}

int pw_tl_print_text(const pw_tl *t, FILE *f)
{
    fprintf(f, "%-20s  %-12s  %-10s  %s\n", "TIME (UTC)", "WHAT", "RING", "DETAIL");
    for (size_t i = 0; i < t->n; i++) {
        const pw_tl_entry *e = &t->v[i];
        char ts[PW_RFC3339_MAX];
        pw_time_format(e->ts, ts);
        ts[19] = 0; /* to the second: a table, not a log */
        ts[10] = ' ';
        fprintf(f, "%-20s  %-12s  %-10s  ", ts, e->kind, e->ring ? e->ring : "-");
        /* control characters from feeds would rewrite the terminal: shown as '?' */
        for (const char *p = e->text; *p; p++) fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, f);
        fputc('\n', f);
    }
    if (t->truncated) fprintf(f, "(cut at %d moments)\n", PW_TL_ENTRIES_MAX);
    if (t->recommendation) fprintf(f, "recommendation: %s\n", t->recommendation);
    return ferror(f) ? -1 : 0;
}

int pw_tl_print_json(const pw_tl *t, FILE *f)
{
    for (size_t i = 0; i < t->n; i++) {
        const pw_tl_entry *e = &t->v[i];
        char ts[PW_RFC3339_MAX];
        pw_time_format(e->ts, ts);
        json_t *o = json_pack("{s:s, s:s, s:s}", "@timestamp", ts, "kind", e->kind, "text", e->text);
        if (!o) return -1;
        if (e->host) json_object_set_new(o, "host", json_string(e->host));
        if (e->ring) json_object_set_new(o, "ring", json_string(e->ring));
        if (e->ref) json_object_set_new(o, "ref", json_string(e->ref));
        if (t->patch) json_object_set_new(o, "patch", json_string(t->patch));
        char *txt = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        if (!txt) return -1;
        fprintf(f, "%s\n", txt);
        free(txt);
    }
    return ferror(f) ? -1 : 0;
}
