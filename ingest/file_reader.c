/* ingest/file_reader: export files and feed documents to events and advisories (see file_reader.h). The
 * decoding is ingest/file_cursor.c (one record per call); this file keeps the reader's shared options, the
 * push-style loops the `files` and `feeds` sources use, and the file listing. replay drives the same cursors
 * through the event-time merge (ingest/file_merge.c), so the two cannot drift apart. */
#include "ingest/file_reader.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pw_log.h"
#include "ingest/file_cursor.h"
#include "ingest/file_reader_priv.h"

#define STOP_EVERY 4096 /* records between looks at the stop flag */

pw_file_reader *pw_file_reader_new(const pw_file_reader_opts *o, pw_error *err)
{
    pw_file_reader *r = calloc(1, sizeof *r);
    if (!r) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (o) r->o = *o;
    if (!r->o.log_prefix) r->o.log_prefix = "files";
    if (!(r->ex = pw_extractor_new(r->o.rules, err))) {
        pw_file_reader_free(r);
        return NULL;
    }
    return r;
}

void pw_file_reader_free(pw_file_reader *r)
{
    if (!r) return;
    pw_extractor_free(r->ex);
    free(r);
}

static void emit_damage(void *ud, const char *path, unsigned long long line, const char *msg)
{
    const pw_source_emit *emit = ud;
    if (emit->damage) emit->damage(emit->ud, path, line, msg);
}

/* The push loop over one cursor: every record to emit, the stop flag looked at every STOP_EVERY records. */
static int read_file(pw_file_reader *r, const char *path, bool advisories, const pw_source_emit *emit, pw_error *err)
{
    pw_file_cursor *c;
    /* one file at a time: a large buffer, few read(2) calls (the merge gives each of its files less) */
    pw_file_cursor_opts co = {.damage = emit_damage, .damage_ud = (void *)emit, .buf_size = PW_FILE_CURSOR_BUF_MAX};
    int o = pw_file_cursor_open(r, path, advisories, &co, &c, err);
    if (o <= 0) return o;
    pw_file_item it;
    int n, rc = 1;
    unsigned long long since_stop = 0;
    while ((n = pw_file_cursor_next(c, &it, err)) == 1) {
        if (it.kind == PW_FILE_ITEM_EVENT ? emit->event(emit->ud, it.ev, err) : emit->advisory(emit->ud, it.adv, err)) {
            rc = -1;
            break;
        }
        if (r->o.stop && ++since_stop >= STOP_EVERY) {
            since_stop = 0;
            if (*r->o.stop) break;
        }
    }
    if (n < 0) rc = -1;
    pw_file_cursor_close(c);
    return rc;
}

int pw_file_reader_events(pw_file_reader *r, const char *path, const pw_source_emit *emit, pw_error *err)
{
    return read_file(r, path, false, emit, err);
}

int pw_file_reader_advisories(pw_file_reader *r, const char *path, const pw_source_emit *emit, pw_error *err)
{
    return read_file(r, path, true, emit, err);
}

/* ---- listing ---- */

static int walk(const char *dir, const char *glob, bool recursive, int depth, pw_strlist *out, pw_error *err)
{
    if (depth > PW_FILE_LIST_MAX_DEPTH) return 0;
    DIR *d = opendir(dir);
    if (!d) return pw_error_set(err, PW_ERR_IO, "%s: cannot open directory: %s", dir, strerror(errno));
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path) continue;
        struct stat sb;
        if (stat(path, &sb) != 0) continue;
        if (S_ISDIR(sb.st_mode)) {
            if (recursive) rc = walk(path, glob, recursive, depth + 1, out, err);
        } else if (S_ISREG(sb.st_mode) && (!glob || fnmatch(glob, de->d_name, 0) == 0)) {
            if (out->n >= PW_FILE_LIST_MAX || pw_strlist_add(out, path))
                rc = pw_error_set(err, PW_ERR_LIMIT, "%s: too many files (at most %d)", dir, PW_FILE_LIST_MAX);
        }
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int pw_file_list(const char *path, const char *glob, bool recursive, pw_strlist *out, pw_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    size_t first = out->n;
    if (!S_ISDIR(sb.st_mode)) return pw_strlist_add(out, path) ? pw_error_set(err, PW_ERR_NOMEM, "out of memory") : 0;
    if (walk(path, glob, recursive, 0, out, err)) return -1;
    qsort(out->v + first, out->n - first, sizeof *out->v, cmp_str);
    return 0;
}
