/* store_schema: the timeline store's tables, versioned with PRAGMA user_version. A file written by a newer
 * patchwatch is refused (we cannot know what its tables mean); an older one would be migrated here step by
 * step (there is only version 1 so far). PRAGMA quick_check runs on every open: it is O(file size) but the
 * store is small (capped evidence), and a damaged file found on open beats a wrong timeline. */
#include <sqlite3.h>
#include <string.h>

#include "timeline/store.h"

static const char schema_v1[] =
    "CREATE TABLE IF NOT EXISTS incidents(id TEXT NOT NULL, version INTEGER NOT NULL, ts INTEGER NOT NULL,"
    " status TEXT, patch TEXT, json TEXT NOT NULL, PRIMARY KEY(id, version));"
    "CREATE INDEX IF NOT EXISTS incidents_patch ON incidents(patch, ts);"
    "CREATE TABLE IF NOT EXISTS alerts(id TEXT NOT NULL, ts INTEGER NOT NULL, status TEXT NOT NULL, kind TEXT,"
    " patch TEXT, signature TEXT, first_seen INTEGER, json TEXT NOT NULL, PRIMARY KEY(id, ts, status));"
    "CREATE INDEX IF NOT EXISTS alerts_patch ON alerts(patch, ts);"
    "CREATE TABLE IF NOT EXISTS advisories(id TEXT PRIMARY KEY, published INTEGER, source TEXT, title TEXT,"
    " url TEXT, status TEXT, kbs TEXT, json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS notifications(id TEXT PRIMARY KEY, ts INTEGER NOT NULL, kind TEXT,"
    " incident TEXT, patch TEXT, title TEXT, json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS hosts(name TEXT PRIMARY KEY, ring TEXT);"
    "CREATE TABLE IF NOT EXISTS installs(host TEXT NOT NULL, patch TEXT NOT NULL, ts INTEGER NOT NULL,"
    " PRIMARY KEY(host, patch));"
    "CREATE TABLE IF NOT EXISTS onsets(signature TEXT NOT NULL, host TEXT NOT NULL, hour INTEGER NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY(signature, host, hour));"
    "CREATE TABLE IF NOT EXISTS evidence(seq INTEGER PRIMARY KEY, signature TEXT NOT NULL, ts INTEGER NOT NULL,"
    " host TEXT, json TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS evidence_sig ON evidence(signature, ts);"
    "CREATE TABLE IF NOT EXISTS actions(seq INTEGER PRIMARY KEY, incident TEXT NOT NULL, ts INTEGER NOT NULL,"
    " action TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT);";

int pw_tl_schema_prepare(sqlite3 *db, const char *path, bool read_only, pw_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = -1, ver = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) goto dberr;
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) goto dberr;
    const char *res = (const char *)sqlite3_column_text(st, 0);
    if (!res || strcmp(res, "ok") != 0) {
        pw_error_set(err, PW_ERR_INVALID, "%s: damaged store (quick_check: %s)", path, res ? res : "?");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        goto dberr;
    ver = sqlite3_column_int(st, 0);
    if (ver > PW_TL_SCHEMA_VERSION) {
        pw_error_set(err, PW_ERR_INVALID, "%s: store schema version %d is newer than this patchwatch (%d)", path,
                     ver, PW_TL_SCHEMA_VERSION);
        goto out;
    }
    if (ver == 0 && read_only) {
        pw_error_set(err, PW_ERR_INVALID, "%s: not a patchwatch timeline store (user_version 0)", path);
        goto out;
    }
    if (ver == 0) {
        char *msg = NULL;
        if (sqlite3_exec(db, schema_v1, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db, "PRAGMA user_version=1", NULL, NULL, &msg) != SQLITE_OK) {
            pw_error_set(err, PW_ERR_IO, "%s: creating the schema: %s", path, msg ? msg : sqlite3_errmsg(db));
            sqlite3_free(msg);
            goto out;
        }
    }
    rc = 0;
    goto out;
dberr:
    pw_error_set(err, PW_ERR_IO, "%s: %s", path, sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    return rc;
}
