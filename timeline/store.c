/* store: writing the timeline store (see store.h). Records are parsed with jansson only for the few columns
 * the timeline queries by (id, time, status, patch); the whole JSON is kept as received so a later reader
 * sees every field, including ones added after this code was written. Installs are recognised by the same
 * patch rules as the correlator (built-in ones), or taken from patchwatch.patch.* fields when an upstream
 * stage already set them. Evidence is sampled: the first `evidence_cap` events per signature are kept whole,
 * and every error event adds one to its (signature, host, hour) onset count, which is what the HTML draws. */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/pw_buf.h"
#include "core/pw_config_doc.h"
#include "core/pw_time.h"
#include "correlate/patches.h"
#include "timeline/store.h"

#define HOUR_US 3600000000LL

struct pw_tl_store {
    sqlite3 *db;
    char *path;
    pw_tl_store_opts o;
    pw_patch_rules *rules;
    pw_event ev;
    pw_buf buf;
    int pending; /* records in the open transaction */
    bool in_tx;
};

static int dberr(pw_tl_store *s, pw_error *err, const char *what)
{
    return pw_error_set(err, PW_ERR_IO, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

sqlite3 *pw_tl_store_db(pw_tl_store *s) { return s->db; }
const char *pw_tl_store_path(const pw_tl_store *s) { return s->path; }

pw_tl_store *pw_tl_store_open(const char *path, const pw_tl_store_opts *o, pw_error *err)
{
    pw_tl_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) goto nomem;
    if (o) s->o = *o;
    else s->o.evidence_cap = 20;
    pw_event_init(&s->ev);
    int flags = s->o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        pw_error_set(err, PW_ERR_IO, "%s: cannot open store: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    if (!s->o.read_only && sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
        dberr(s, err, "setting WAL mode");
        goto fail;
    }
    if (pw_tl_schema_prepare(s->db, path, s->o.read_only, err)) goto fail;
    if (!s->o.read_only && !(s->rules = pw_patch_rules_new(NULL, err))) goto fail;
    return s;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory");
fail:
    if (s) {
        sqlite3_close(s->db);
        s->db = NULL;
        pw_tl_store_close(s, NULL);
    }
    return NULL;
}

static int tx_begin(pw_tl_store *s, pw_error *err)
{
    if (s->in_tx) return 0;
    if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return dberr(s, err, "BEGIN");
    s->in_tx = true;
    return 0;
}

int pw_tl_store_commit(pw_tl_store *s, pw_error *err)
{
    if (!s->in_tx) return 0;
    s->in_tx = false;
    s->pending = 0;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return dberr(s, err, "COMMIT");
    return 0;
}

/* Runs one statement with text/int64 arguments described by fmt ('s' text or NULL, 'i' int64). Prepared per
 * call: a few microseconds, small next to the replay's own work per event; caching the statements is the
 * next step if a store ever shows in a profile. */
static int exec_args(pw_tl_store *s, const char *sql, const char *fmt, pw_error *err, ...)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (tx_begin(s, err)) return -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        dberr(s, err, "prepare");
        goto out;
    }
    va_list ap;
    va_start(ap, err);
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 's') {
            const char *v = va_arg(ap, const char *);
            if (v) sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
            else sqlite3_bind_null(st, i + 1);
        } else {
            int64_t v = va_arg(ap, int64_t);
            if (v == PW_TS_NONE) sqlite3_bind_null(st, i + 1);
            else sqlite3_bind_int64(st, i + 1, v);
        }
    }
    va_end(ap);
    if (sqlite3_step(st) != SQLITE_DONE) {
        dberr(s, err, "write");
        goto out;
    }
    rc = 0;
    if (++s->pending >= PW_TL_COMMIT_EVERY) rc = pw_tl_store_commit(s, err);
out:
    sqlite3_finalize(st);
    return rc;
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int64_t jtime(const json_t *o, const char *k)
{
    const char *v = jstr(o, k);
    int64_t t;
    if (!v || pw_time_parse(v, strlen(v), &t, NULL)) return PW_TS_NONE;
    return t;
}

static int put_incident(pw_tl_store *s, const json_t *o, const char *json, pw_error *err)
{
    const char *id = jstr(o, "id");
    int64_t ts = jtime(o, "@timestamp");
    json_t *v = json_object_get(o, "version");
    if (!id || ts == PW_TS_NONE || !json_is_integer(v))
        return pw_error_set(err, PW_ERR_INVALID, "incident record without id, @timestamp or version");
    return exec_args(s, "INSERT OR REPLACE INTO incidents(id,version,ts,status,patch,json) VALUES(?,?,?,?,?,?)",
                     "siisss", err, id, (int64_t)json_integer_value(v), ts, jstr(o, "status"), jstr(o, "patch"),
                     json);
}

static int put_alert(pw_tl_store *s, const json_t *o, const char *json, pw_error *err)
{
    const char *id = jstr(o, "id"), *status = jstr(o, "status");
    int64_t ts = jtime(o, "@timestamp");
    if (!id || !status || ts == PW_TS_NONE)
        return pw_error_set(err, PW_ERR_INVALID, "alert record without id, @timestamp or status");
    return exec_args(s,
                     "INSERT OR REPLACE INTO alerts(id,ts,status,kind,patch,signature,first_seen,json) "
                     "VALUES(?,?,?,?,?,?,?,?)",
                     "sissssis", err, id, ts, status, jstr(o, "kind"), jstr(o, "patch"), jstr(o, "signature"),
                     jtime(o, "first_seen"), json);
}

static int put_advisory(pw_tl_store *s, const json_t *o, const char *json, pw_error *err)
{
    const char *id = jstr(o, "id");
    if (!id) return pw_error_set(err, PW_ERR_INVALID, "advisory record without id");
    /* kbs as " KB1 KB2 " so that a LIKE '% KB1 %' finds one without a join table */
    char kbs[1024] = " ";
    size_t used = 1, i;
    json_t *k;
    json_array_foreach(json_object_get(o, "kb"), i, k)
    {
        const char *v = json_string_value(k);
        size_t n = v ? strlen(v) : 0;
        if (!n || used + n + 2 >= sizeof kbs) continue;
        memcpy(kbs + used, v, n);
        used += n;
        kbs[used++] = ' ';
        kbs[used] = 0;
    }
    return exec_args(s,
                     "INSERT OR REPLACE INTO advisories(id,published,source,title,url,status,kbs,json) "
                     "VALUES(?,?,?,?,?,?,?,?)",
                     "sissssss", err, id, jtime(o, "published"), jstr(o, "source"), jstr(o, "title"), jstr(o, "url"),
                     jstr(o, "status"), kbs, json);
}

static int put_notification(pw_tl_store *s, const json_t *o, const char *json, pw_error *err)
{
    const char *id = jstr(o, "id");
    int64_t ts = jtime(o, "@timestamp");
    if (!id || ts == PW_TS_NONE) return pw_error_set(err, PW_ERR_INVALID, "notification record without id or @timestamp");
    return exec_args(s,
                     "INSERT OR REPLACE INTO notifications(id,ts,kind,incident,patch,title,json) VALUES(?,?,?,?,?,?,?)",
                     "sisssss", err, id, ts, jstr(o, "kind"), jstr(o, "incident"), jstr(o, "patch"), jstr(o, "title"),
                     json);
}

static int put_action_json(pw_tl_store *s, const json_t *o, pw_error *err)
{
    const char *inc = jstr(o, "incident"), *action = jstr(o, "action"), *outcome = jstr(o, "outcome");
    int64_t ts = jtime(o, "@timestamp");
    if (!inc || !action || !outcome || ts == PW_TS_NONE)
        return pw_error_set(err, PW_ERR_INVALID, "action record without incident, action, outcome or @timestamp");
    return pw_tl_store_put_action(s, inc, ts, action, outcome, jstr(o, "detail"), err);
}

int pw_tl_store_put_action(pw_tl_store *s, const char *incident, int64_t ts_us, const char *action,
                           const char *outcome, const char *detail, pw_error *err)
{
    int rc = exec_args(s, "INSERT INTO actions(incident,ts,action,outcome,detail) VALUES(?,?,?,?,?)", "sisss", err,
                       incident, ts_us, action, outcome, detail);
    /* an action is rare and a person may look at once: make it durable now */
    return rc ? rc : pw_tl_store_commit(s, err);
}

int pw_tl_store_put_host(pw_tl_store *s, const char *host, const char *ring, pw_error *err)
{
    return exec_args(s, "INSERT OR REPLACE INTO hosts(name,ring) VALUES(?,?)", "ss", err, host, ring);
}

int pw_tl_store_load_inventory(pw_tl_store *s, const char *path, pw_error *err)
{
    pw_config_doc doc = {0};
    int rc = -1;
    if (pw_config_doc_load_file(&doc, path, err)) goto out;
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(doc.root, "hosts"), i, h)
    {
        const char *name = jstr(h, "name");
        json_t *r = json_object_get(h, "ring");
        char ring[64];
        if (!name) continue;
        if (json_is_integer(r)) snprintf(ring, sizeof ring, "ring-%lld", (long long)json_integer_value(r));
        else if (json_is_string(r)) snprintf(ring, sizeof ring, "%s", json_string_value(r));
        else snprintf(ring, sizeof ring, "unassigned");
        if (pw_tl_store_put_host(s, name, ring, err)) goto out;
    }
    rc = 0;
out:
    pw_config_doc_free(&doc);
    return rc;
}

static const char *event_host(const pw_event *ev)
{
    const char *h = pw_event_get_str(ev, "host.name", NULL);
    if (!h) h = pw_event_get_str(ev, "winlog.computer_name", NULL);
    if (!h) h = pw_event_get_str(ev, "log.syslog.hostname", NULL);
    return h;
}

static bool is_failure_level(const pw_event *ev)
{
    const char *l = pw_event_get_str(ev, "log.level", NULL);
    if (!l) return true;
    return strcasecmp(l, "information") != 0 && strcasecmp(l, "info") != 0 && strcasecmp(l, "informational") != 0 &&
           strcasecmp(l, "verbose") != 0 && strcasecmp(l, "debug") != 0 && strcasecmp(l, "notice") != 0;
}

static int put_install(pw_tl_store *s, const char *host, const char *patch, int64_t ts, pw_error *err)
{
    /* the first install of a patch on a host counts (files may be read out of order) */
    return exec_args(s,
                     "INSERT INTO installs(host,patch,ts) VALUES(?,?,?) ON CONFLICT(host,patch) DO UPDATE SET "
                     "ts=min(ts,excluded.ts)",
                     "ssi", err, host, patch, ts);
}

int pw_tl_store_put_event(pw_tl_store *s, const pw_event *ev, pw_error *err)
{
    const char *host = event_host(ev);
    if (!host || ev->ts_us == PW_TS_NONE) return 0;
    const char *pid = pw_event_get_str(ev, "patchwatch.patch.id", NULL);
    if (pid) {
        const char *act = pw_event_get_str(ev, "patchwatch.patch.action", NULL);
        return (!act || strcmp(act, "install") == 0) ? put_install(s, host, pid, ev->ts_us, err) : 0;
    }
    if (s->rules) {
        pw_patch_hit hits[8];
        int n = pw_patch_rules_match(s->rules, ev, hits, 8, err);
        if (n < 0) return -1;
        for (int i = 0; i < n; i++)
            if (hits[i].action == PW_PATCH_INSTALL && put_install(s, host, hits[i].id, ev->ts_us, err)) return -1;
        if (n > 0) return 0;
    }
    const char *sig = pw_event_get_str(ev, "patchwatch.signature", NULL);
    if (!sig || !is_failure_level(ev)) return 0;
    int64_t hour = ev->ts_us / HOUR_US;
    if (exec_args(s,
                  "INSERT INTO onsets(signature,host,hour,n) VALUES(?,?,?,1) ON CONFLICT(signature,host,hour) DO "
                  "UPDATE SET n=n+1",
                  "ssi", err, sig, host, hour))
        return -1;
    if (s->o.evidence_cap <= 0) return 0;
    /* the sample: the first N per signature (the onset is what a person wants to read) */
    sqlite3_stmt *st = NULL;
    int have = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM evidence WHERE signature=?", -1, &st, NULL) != SQLITE_OK)
        return dberr(s, err, "prepare");
    sqlite3_bind_text(st, 1, sig, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) have = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (have >= s->o.evidence_cap) return 0;
    pw_buf_reset(&s->buf);
    if (pw_event_to_json(ev, &s->buf, err)) return -1;
    return exec_args(s, "INSERT INTO evidence(signature,ts,host,json) VALUES(?,?,?,?)", "siss", err, sig, ev->ts_us,
                     host, s->buf.data);
}

int pw_tl_store_put(pw_tl_store *s, const char *topic, const char *json, size_t len, pw_error *err)
{
    if (len > PW_TL_RECORD_MAX)
        return pw_error_set(err, PW_ERR_LIMIT, "%s record of %zu bytes (limit %zu)", topic, len, PW_TL_RECORD_MAX);
    if (strcmp(topic, "event") == 0) {
        pw_event_reset(&s->ev);
        if (pw_event_from_json(&s->ev, json, len, err)) return -1;
        return pw_tl_store_put_event(s, &s->ev, err);
    }
    json_error_t je;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return pw_error_set(err, PW_ERR_INVALID, "%s record: not a JSON object (%s at %d)", topic, je.text,
                            je.position);
    }
    /* the stored text is exactly what was received, NUL-terminated for SQLite */
    char *text = strndup(json, len);
    int rc = -1;
    if (!text) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (strcmp(topic, "incident") == 0) rc = put_incident(s, o, text, err);
    else if (strcmp(topic, "alert") == 0) rc = put_alert(s, o, text, err);
    else if (strcmp(topic, "advisory") == 0) rc = put_advisory(s, o, text, err);
    else if (strcmp(topic, "notification") == 0) rc = put_notification(s, o, text, err);
    else if (strcmp(topic, "action") == 0) rc = put_action_json(s, o, err);
    else rc = 0; /* a topic the timeline does not draw */
out:
    free(text);
    json_decref(o);
    return rc;
}

int pw_tl_store_close(pw_tl_store *s, pw_error *err)
{
    if (!s) return 0;
    int rc = 0;
    if (s->db) {
        rc = pw_tl_store_commit(s, err);
        sqlite3_close(s->db);
    }
    pw_patch_rules_free(s->rules);
    pw_event_free(&s->ev);
    pw_buf_free(&s->buf);
    free(s->path);
    free(s);
    return rc;
}
