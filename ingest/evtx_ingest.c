/* ingest/evtx_ingest: see evtx_ingest.h. */
#include "ingest/evtx_ingest.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/pw_log.h"
#include "ingest/evtx_checkpoint.h"
#include "ingest/evtx_progress.h"

typedef struct file_list {
    char **v;
    size_t n, cap;
} file_list;

static int list_add(file_list *l, const char *path, pw_error *err)
{
    if (l->n >= PW_EVTX_DIR_MAX_FILES) return pw_error_set(err, PW_ERR_LIMIT, "more than %d files", PW_EVTX_DIR_MAX_FILES);
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->v, cap * sizeof *p);
        if (!p) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        l->v = p;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(path))) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    l->n++;
    return 0;
}

static int is_evtx_name(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcasecmp(name + n - 5, ".evtx") == 0;
}

static int walk_dir(file_list *l, const char *dir, int depth, pw_error *err)
{
    if (depth > PW_EVTX_DIR_MAX_DEPTH) {
        pw_log_warn("%s: deeper than %d directories, not descending", dir, PW_EVTX_DIR_MAX_DEPTH);
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        pw_log_warn("%s: %s", dir, strerror(errno));
        return 0;
    }
    struct dirent *de;
    char path[PATH_MAX];
    int rc = 0;
    while (!rc && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path) continue;
        struct stat st;
        if (lstat(path, &st) != 0) continue; /* symlinks are not followed: no loops */
        if (S_ISDIR(st.st_mode)) rc = walk_dir(l, path, depth + 1, err);
        else if (S_ISREG(st.st_mode) && is_evtx_name(de->d_name)) rc = list_add(l, path, err);
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int pw_evtx_collect(const char *const *paths, size_t npaths, char ***files, size_t *nfiles, pw_error *err)
{
    file_list l = {0};
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            pw_error_set(err, PW_ERR_IO, "%s: %s", paths[i], strerror(errno));
            goto err;
        }
        size_t first = l.n;
        if (S_ISDIR(st.st_mode) ? walk_dir(&l, paths[i], 0, err) : list_add(&l, paths[i], err)) goto err;
        qsort(l.v + first, l.n - first, sizeof *l.v, cmp_str);
    }
    *files = l.v;
    *nfiles = l.n;
    return 0;
err:
    for (size_t i = 0; i < l.n; i++) free(l.v[i]);
    free(l.v);
    return -1;
}

int pw_evtx_ingest(const char *const *paths, size_t npaths, const pw_evtx_read_opts *o, const char *checkpoint_file,
                   pw_out *out, pw_evtx_ingest_totals *t, pw_error *err)
{
    pw_checkpoint cp;
    char **files = NULL, abs[PATH_MAX];
    size_t nfiles = 0;
    int rc = -1, first_err = 1;
    memset(t, 0, sizeof *t);
    if (pw_checkpoint_load(&cp, checkpoint_file, err)) return -1;
    if (pw_evtx_collect(paths, npaths, &files, &nfiles, err)) goto done;
    rc = 0;
    /* one progress bar over all the files: a directory of many small logs is a large input too */
    pw_progress bar;
    uint64_t total = 0;
    for (size_t i = 0; i < nfiles; i++) {
        struct stat st;
        if (stat(files[i], &st) == 0) total += (uint64_t)st.st_size;
    }
    pw_progress_begin(&bar, nfiles == 1 ? files[0] : "evtx", total, o->progress);
    for (size_t i = 0; i < nfiles; i++) {
        pw_error ferr = {0};
        pw_evtx_read_result res;
        pw_evtx_read_opts fo = *o;
        const char *key = realpath(files[i], abs) ? abs : files[i];
        fo.after_id = pw_checkpoint_get(&cp, key);
        fo.shared_progress = &bar;
        fo.progress_base = t->bytes;
        fo.progress_records_base = t->records;
        t->files++;
        if (pw_evtx_read_file(files[i], &fo, out, &res, &ferr) ||
            (checkpoint_file && (pw_checkpoint_set(&cp, key, res.last_id, &ferr) || pw_checkpoint_save(&cp, &ferr)))) {
            pw_log_error("%s", ferr.msg);
            t->files_failed++;
            if (first_err) {
                if (err) *err = ferr;
                first_err = 0;
            }
            rc = -1;
        }
        t->records += res.records;
        t->bytes += res.bytes;
        t->stats.chunks += res.stats.chunks;
        t->stats.chunks_bad += res.stats.chunks_bad;
        t->stats.chunks_empty += res.stats.chunks_empty;
        t->stats.records += res.stats.records;
        t->stats.records_bad += res.stats.records_bad;
        t->stats.bytes += res.stats.bytes;
    }
    pw_progress_end(&bar, t->bytes, t->records);
done:
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
    pw_checkpoint_free(&cp);
    return rc;
}
