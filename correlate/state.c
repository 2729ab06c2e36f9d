/* state: the correlator's learnt state in SQLite (WAL), so a restart resumes with the same decisions.
 *
 * What is kept: hosts (with inventory facts and reboot hours), signatures (template, samples), per (host,
 * signature) hourly occurrence runs, installs, advisories, the hashes of every alert emission, and for
 * replay the input files already read. A save is one transaction that replaces the snapshot, so a kill -9
 * at any moment leaves the previous complete snapshot (WAL makes the commit atomic and cheap). Decisions are
 * not stored: they are recomputed from the facts, deterministically, and emissions already made (same
 * content hash) are not repeated after a resume.
 *
 * Cost: a snapshot is O(state), ~1 s per million runs; replay saves after a file at most every few seconds. */
#include <sqlite3.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_hash.h"
#include "correlate/cohort_model.h"
#include "correlate/correlate.h"

#define STATE_SCHEMA_VERSION "1"

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS hosts(id INTEGER PRIMARY KEY, name TEXT, role TEXT, cluster TEXT, ring INTEGER,"
    " first_hour INTEGER, last_hour INTEGER, pending TEXT, platform INTEGER);"
    "CREATE TABLE IF NOT EXISTS reboots(host INTEGER, hour INTEGER);"
    "CREATE TABLE IF NOT EXISTS sigs(id INTEGER PRIMARY KEY, sig TEXT, tmpl TEXT, provider TEXT, code TEXT,"
    " samples TEXT);"
    "CREATE TABLE IF NOT EXISTS runs(host INTEGER, sig INTEGER, start INTEGER, end INTEGER, count INTEGER);"
    "CREATE TABLE IF NOT EXISTS installs(patch TEXT, title TEXT, host INTEGER, ts INTEGER, count INTEGER,"
    " platform INTEGER);"
    "CREATE TABLE IF NOT EXISTS advisories(seq INTEGER PRIMARY KEY, json TEXT);"
    "CREATE TABLE IF NOT EXISTS emitted(hash TEXT);"
    "CREATE TABLE IF NOT EXISTS files(key TEXT);"
    /* the last emitted version of each alert, for tools that read the state (not used to decide) */
    "CREATE TABLE IF NOT EXISTS alerts(id TEXT PRIMARY KEY, status TEXT, json TEXT);";

static const char *printable(const char *s, char *out, size_t size);

static int db_open(const char *path, sqlite3 **db, pw_error *err)
{
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, *db ? sqlite3_errmsg(*db) : "cannot open");
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    sqlite3_busy_timeout(*db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(*db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        char why[200];
        pw_error_set(err, PW_ERR_INVALID, "%s: not a patchwatch state, or a damaged one (%s)", path,
                     printable(msg ? msg : "schema", why, sizeof why));
        sqlite3_free(msg);
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    return 0;
}

static int exec(sqlite3 *db, const char *sql, pw_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
    pw_error_set(err, PW_ERR_IO, "state: %s: %s", sql, msg ? msg : "?");
    sqlite3_free(msg);
    return -1;
}

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, pw_error *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK) return 0;
    return pw_error_set(err, PW_ERR_IO, "state: %s: %s", sql, sqlite3_errmsg(db));
}

static int step_reset(sqlite3 *db, sqlite3_stmt *st, pw_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_DONE) return 0;
    return pw_error_set(err, PW_ERR_IO, "state: %s", sqlite3_errmsg(db));
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

int pw_corr_state_save(pw_corr *c, const char *path, pw_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *txt = NULL;
    int rc = -1;
    if (db_open(path, &db, err)) return -1;
    if (exec(db, "BEGIN IMMEDIATE;DELETE FROM meta;DELETE FROM hosts;DELETE FROM reboots;DELETE FROM sigs;"
                 "DELETE FROM runs;DELETE FROM installs;DELETE FROM advisories;DELETE FROM emitted;"
                 "DELETE FROM files;", err))
        goto out;
    if (prep(db, "INSERT INTO meta VALUES(?,?)", &st, err)) goto rollback;
    char buf[64];
    bind_text(st, 1, "version");
    bind_text(st, 2, STATE_SCHEMA_VERSION);
    if (step_reset(db, st, err)) goto rollback;
    snprintf(buf, sizeof buf, "%lld", (long long)c->first_us);
    bind_text(st, 1, "first_us");
    bind_text(st, 2, buf);
    if (step_reset(db, st, err)) goto rollback;
    snprintf(buf, sizeof buf, "%lld", (long long)c->last_us);
    bind_text(st, 1, "last_us");
    bind_text(st, 2, buf);
    if (step_reset(db, st, err)) goto rollback;
    const char *bk;
    json_t *bv;
    json_object_foreach(c->blobs, bk, bv)
    {
        char key[300];
        snprintf(key, sizeof key, "blob:%s", bk);
        bind_text(st, 1, key);
        bind_text(st, 2, json_string_value(bv));
        if (step_reset(db, st, err)) goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;

    if (prep(db, "INSERT INTO hosts VALUES(?,?,?,?,?,?,?,?,?)", &st, err)) goto rollback;
    for (uint32_t i = 0; i < c->nhosts; i++) {
        const corr_host *h = &c->hosts[i];
        json_t *pend = pw_strlist_to_json(&h->pending);
        txt = pend ? json_dumps(pend, JSON_COMPACT) : NULL;
        json_decref(pend);
        sqlite3_bind_int64(st, 1, i);
        bind_text(st, 2, h->name);
        bind_text(st, 3, h->role);
        bind_text(st, 4, h->cluster);
        sqlite3_bind_int(st, 5, h->ring);
        sqlite3_bind_int64(st, 6, h->first_hour);
        sqlite3_bind_int64(st, 7, h->last_hour);
        bind_text(st, 8, txt);
        sqlite3_bind_int(st, 9, h->platform);
        free(txt);
        txt = NULL;
        if (step_reset(db, st, err)) goto rollback;
    }
    sqlite3_finalize(st);
    if (prep(db, "INSERT INTO reboots VALUES(?,?)", &st, err)) goto rollback;
    for (uint32_t i = 0; i < c->nhosts; i++)
        for (uint32_t k = 0; k < c->hosts[i].nreboots; k++) {
            sqlite3_bind_int64(st, 1, i);
            sqlite3_bind_int64(st, 2, c->hosts[i].reboots[k]);
            if (step_reset(db, st, err)) goto rollback;
        }
    sqlite3_finalize(st);
    if (prep(db, "INSERT INTO sigs VALUES(?,?,?,?,?,?)", &st, err)) goto rollback;
    for (uint32_t i = 0; i < c->nsigs; i++) {
        const corr_sig *s = &c->sigs[i];
        char hex[17];
        pw_hash_hex(s->id, hex);
        txt = s->samples ? json_dumps(s->samples, JSON_COMPACT) : NULL;
        sqlite3_bind_int64(st, 1, i);
        bind_text(st, 2, hex);
        bind_text(st, 3, s->tmpl);
        bind_text(st, 4, s->provider);
        bind_text(st, 5, s->code);
        bind_text(st, 6, txt);
        free(txt);
        txt = NULL;
        if (step_reset(db, st, err)) goto rollback;
    }
    sqlite3_finalize(st);
    if (prep(db, "INSERT INTO runs VALUES(?,?,?,?,?)", &st, err)) goto rollback;
    for (uint32_t i = 0; i < c->npairs; i++) {
        const corr_pair *p = &c->pairs[i];
        for (uint32_t k = 0; k < p->nruns; k++) {
            sqlite3_bind_int64(st, 1, p->host);
            sqlite3_bind_int64(st, 2, p->sig);
            sqlite3_bind_int64(st, 3, p->runs[k].start);
            sqlite3_bind_int64(st, 4, p->runs[k].end);
            sqlite3_bind_int64(st, 5, p->runs[k].count);
            if (step_reset(db, st, err)) goto rollback;
        }
    }
    sqlite3_finalize(st);
    if (prep(db, "INSERT INTO installs VALUES(?,?,?,?,?,?)", &st, err)) goto rollback;
    for (uint32_t i = 0; i < c->npatches; i++) {
        const corr_patch *p = &c->patches[i];
        for (uint32_t k = 0; k < p->nhosts; k++) {
            uint32_t h = p->hosts[k];
            bind_text(st, 1, p->id);
            bind_text(st, 2, p->title);
            sqlite3_bind_int64(st, 3, h);
            sqlite3_bind_int64(st, 4, p->host_ts[h]);
            sqlite3_bind_int64(st, 5, p->host_count[h]);
            sqlite3_bind_int(st, 6, p->platform);
            if (step_reset(db, st, err)) goto rollback;
        }
    }
    sqlite3_finalize(st);
    if (prep(db, "INSERT INTO advisories(json) VALUES(?)", &st, err)) goto rollback;
    for (size_t i = 0; i < c->nadvs; i++) {
        pw_buf b = PW_BUF_INIT;
        if (pw_advisory_to_json(&c->advs[i].a, &b, err)) {
            pw_buf_free(&b);
            goto rollback;
        }
        bind_text(st, 1, b.data);
        pw_buf_free(&b);
        if (step_reset(db, st, err)) goto rollback;
    }
    sqlite3_finalize(st);
    if (prep(db, "INSERT INTO emitted VALUES(?)", &st, err)) goto rollback;
    for (size_t i = 0; i < c->nemitted; i++) {
        char hex[17];
        pw_hash_hex(c->emitted[i], hex);
        bind_text(st, 1, hex);
        if (step_reset(db, st, err)) goto rollback;
    }
    for (size_t i = 0; i < c->suppress.cap; i++) { /* emissions of earlier runs stay recorded */
        if (c->suppress.vals[i] == CORR_NONE) continue;
        char hex[17];
        pw_hash_hex(c->suppress.keys[i], hex);
        bind_text(st, 1, hex);
        if (step_reset(db, st, err)) goto rollback;
    }
    sqlite3_finalize(st);
    if (prep(db, "INSERT OR REPLACE INTO alerts VALUES(?,?,?)", &st, err)) goto rollback;
    for (size_t i = 0; i < c->nalerts; i++) {
        const corr_alert *al = &c->alerts[i];
        if (!al->last_json) continue;
        static const char *const names[] = {"none", "open", "updated", "resolved", "withdrawn"};
        bind_text(st, 1, al->id);
        bind_text(st, 2, names[al->status >= 0 && al->status <= CORR_ST_WITHDRAWN ? al->status : 0]);
        bind_text(st, 3, al->last_json);
        if (step_reset(db, st, err)) goto rollback;
    }
    sqlite3_finalize(st);
    if (prep(db, "INSERT INTO files VALUES(?)", &st, err)) goto rollback;
    for (size_t i = 0; i < c->done_files.n; i++) {
        bind_text(st, 1, c->done_files.v[i]);
        if (step_reset(db, st, err)) goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (exec(db, "COMMIT", err)) goto rollback;
    rc = 0;
    goto out;
rollback:
    sqlite3_finalize(st);
    st = NULL;
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

static uint64_t parse_hex(const char *s)
{
    uint64_t v = 0;
    for (int i = 0; s && s[i] && i < 16; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : 0;
        v = v << 4 | (uint64_t)d;
    }
    return v;
}

static const char *col_text(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Copies SQLite's text into out with anything but printable ASCII as '?': messages about a damaged file can
 * quote its bytes (a corrupt schema), and those must not reach a terminal or a log line raw. */
static const char *printable(const char *s, char *out, size_t size)
{
    size_t o = 0;
    for (; s && *s && o + 1 < size; s++) out[o++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
    out[o] = '\0';
    return out;
}

/* PRAGMA quick_check (O(N) in the file, without the index cross-checks of integrity_check): a state that fails
 * it is refused with SQLite's first finding, instead of being half-loaded into wrong decisions. */
static int state_quick_check(sqlite3 *db, const char *path, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    char why[200] = "";
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && strcmp(col_text(st, 0) ? col_text(st, 0) : "", "ok") == 0) rc = SQLITE_OK;
    else if (rc == SQLITE_ROW) printable(col_text(st, 0), why, sizeof why);
    else printable(sqlite3_errmsg(db), why, sizeof why);
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) return 0;
    return pw_error_set(err, PW_ERR_INVALID,
                        "%s: damaged state, refused (SQLite quick_check: %s); move it away or start over with "
                        "--state-reset",
                        path, why[0] ? why : "failed");
}

int pw_corr_state_load(pw_corr *c, const char *path, pw_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (c->nhosts || c->nsigs)
        return pw_error_set(err, PW_ERR_USAGE, "state: load into an engine that has already seen events");
    if (db_open(path, &db, err)) return -1;
    if (state_quick_check(db, path, err)) goto out;
    if (prep(db, "SELECT key, value FROM meta", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *k = col_text(st, 0), *v = col_text(st, 1);
        if (!k || !v) continue;
        if (strncmp(k, "blob:", 5) == 0 && pw_corr_state_put_blob(c, k + 5, v, strlen(v))) goto nomem;
        if (strcmp(k, "first_us") == 0) c->first_us = strtoll(v, NULL, 10);
        if (strcmp(k, "last_us") == 0) c->last_us = strtoll(v, NULL, 10);
        if (strcmp(k, "version") == 0 && strcmp(v, STATE_SCHEMA_VERSION) != 0) {
            pw_error_set(err, PW_ERR_INVALID, "%s: state version %s, expected %s", path, v, STATE_SCHEMA_VERSION);
            goto out;
        }
    }
    sqlite3_finalize(st);
    if (prep(db, "SELECT name, role, cluster, ring, first_hour, last_hour, pending, platform FROM hosts ORDER BY id", &st,
             err))
        goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = col_text(st, 0);
        uint32_t hi;
        if (!name || corr_host_intern(c, name, strlen(name), &hi)) goto nomem;
        corr_host *h = &c->hosts[hi];
        h->role = dup_or_null(col_text(st, 1));
        h->cluster = dup_or_null(col_text(st, 2));
        h->ring = sqlite3_column_int(st, 3);
        h->first_hour = (uint32_t)sqlite3_column_int64(st, 4);
        h->last_hour = (uint32_t)sqlite3_column_int64(st, 5);
        h->platform = (uint8_t)sqlite3_column_int(st, 7);
        const char *pend = col_text(st, 6);
        json_t *pj = pend ? json_loads(pend, 0, NULL) : NULL;
        if (pj) pw_strlist_from_json(&h->pending, pj);
        json_decref(pj);
    }
    sqlite3_finalize(st);
    if (prep(db, "SELECT host, hour FROM reboots", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        uint32_t h = (uint32_t)sqlite3_column_int64(st, 0);
        if (h < c->nhosts && corr_host_add_reboot(c, h, (uint32_t)sqlite3_column_int64(st, 1))) goto nomem;
    }
    sqlite3_finalize(st);
    if (prep(db, "SELECT sig, tmpl, provider, code, samples FROM sigs ORDER BY id", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        uint32_t si;
        bool created;
        if (corr_sig_intern(c, parse_hex(col_text(st, 0)), &si, &created)) goto nomem;
        corr_sig *s = &c->sigs[si];
        s->tmpl = dup_or_null(col_text(st, 1));
        s->provider = dup_or_null(col_text(st, 2));
        s->code = dup_or_null(col_text(st, 3));
        corr_sig_set_family(s);
        const char *sm = col_text(st, 4);
        s->samples = sm ? json_loads(sm, 0, NULL) : NULL;
    }
    sqlite3_finalize(st);
    if (prep(db, "SELECT host, sig, start, end, count FROM runs", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        uint32_t h = (uint32_t)sqlite3_column_int64(st, 0), s = (uint32_t)sqlite3_column_int64(st, 1);
        uint32_t start = (uint32_t)sqlite3_column_int64(st, 2), end = (uint32_t)sqlite3_column_int64(st, 3);
        if (h >= c->nhosts || s >= c->nsigs || end < start) continue;
        if (corr_pair_add(c, h, s, start, (uint32_t)sqlite3_column_int64(st, 4))) goto nomem;
        uint32_t pi;
        if (corr_map_get(&c->pair_map, (uint64_t)h << 32 | s, &pi)) {
            corr_pair *p = &c->pairs[pi];
            if (p->nruns && p->runs[p->nruns - 1].start == start) p->runs[p->nruns - 1].end = end;
        }
    }
    sqlite3_finalize(st);
    if (prep(db, "SELECT patch, title, host, ts, count, platform FROM installs", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = col_text(st, 0);
        uint32_t h = (uint32_t)sqlite3_column_int64(st, 2);
        int64_t n = sqlite3_column_int64(st, 4);
        if (!id || h >= c->nhosts) continue;
        for (int64_t k = 0; k < (n < 1 ? 1 : n > 1000 ? 1000 : n); k++)
            if (corr_patch_record(c, h, id, strlen(id), col_text(st, 1), sqlite3_column_int(st, 5),
                                  sqlite3_column_int64(st, 3)))
                goto nomem;
    }
    sqlite3_finalize(st);
    if (prep(db, "SELECT json FROM advisories ORDER BY seq", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *j = col_text(st, 0);
        pw_advisory a;
        pw_advisory_init(&a);
        int bad = !j || pw_advisory_from_json(&a, j, strlen(j), err) || pw_corr_add_advisory(c, &a, err);
        pw_advisory_free(&a);
        if (bad) goto out;
    }
    sqlite3_finalize(st);
    if (prep(db, "SELECT hash FROM emitted", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW)
        if (corr_map_put(&c->suppress, parse_hex(col_text(st, 0)), 1)) goto nomem;
    sqlite3_finalize(st);
    if (prep(db, "SELECT key FROM files", &st, err)) goto out;
    while (sqlite3_step(st) == SQLITE_ROW)
        if (col_text(st, 0) && pw_strlist_add(&c->done_files, col_text(st, 0))) goto nomem;
    rc = 0;
    goto out;
nomem:
    /* the engine refused a value: out of memory, or (far more likely after quick_check passed) values no
     * engine of this version writes */
    pw_error_set(err, PW_ERR_INVALID, "%s: the state holds values this version cannot load (or memory ran out); "
                                      "move it away or start over with --state-reset", path);
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

int pw_corr_state_put_blob(pw_corr *c, const char *name, const char *data, size_t len)
{
    if (!c->blobs && !(c->blobs = json_object())) return -1;
    return json_object_set_new(c->blobs, name, json_stringn(data, len));
}

const char *pw_corr_state_get_blob(const pw_corr *c, const char *name)
{
    return json_string_value(json_object_get(c->blobs, name));
}

int pw_corr_state_remove(const char *path, pw_error *err)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[4200];
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        if (unlink(p) != 0 && errno != ENOENT)
            return pw_error_set(err, PW_ERR_IO, "%s: cannot remove: %s", p, strerror(errno));
    }
    return 0;
}
