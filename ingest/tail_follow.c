/* tail_follow: the follow loop of ingest/tail (see tail.h for the model): expanding globs, noticing
 * rotation by rename (the path names another inode) and by copytruncate (the same inode shrank or its first
 * line changed), reading rotated files to their end before forgetting them, and finding every file again
 * after a restart from the checkpoint (by inode, else by first line, in the file's directory).
 *
 * Polling, not inotify: a stat per file per round is cheap next to reading, works on every filesystem
 * (NFS, overlay) and is simple to reason about under rotation races. The caller picks the round interval. */
#include <errno.h>
#include <glob.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "ingest/tail_priv.h"

#define READ_CHUNK ((size_t)256 << 10)

static int tracked(const pw_tail *t, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < t->nfiles; i++)
        if (t->files[i]->dev == dev && t->files[i]->ino == ino) return 1;
    return 0;
}

static int add_file(pw_tail *t, tail_file *f)
{
    if (t->nfiles >= PW_TAIL_MAX_FILES) {
        pw_log_warn("tail: more than %d files, not following %s", PW_TAIL_MAX_FILES, f->path);
        tail_file_free(f);
        return 0;
    }
    t->files[t->nfiles++] = f;
    return 0;
}

static void remove_file(pw_tail *t, size_t i)
{
    tail_file *f = t->files[i];
    tail_done *d = &t->done[t->ndone < TAIL_DONE_MAX ? t->ndone++ : (size_t)(f->ino % TAIL_DONE_MAX)];
    *d = (tail_done){f->dev, f->ino, f->head, f->head_len};
    tail_file_free(f);
    memmove(&t->files[i], &t->files[i + 1], (t->nfiles - i - 1) * sizeof t->files[0]);
    t->nfiles--;
}

static int is_done(const pw_tail *t, dev_t dev, ino_t ino, int fd)
{
    for (size_t i = 0; i < t->ndone; i++) {
        const tail_done *d = &t->done[i];
        if (d->dev != dev || d->ino != ino) continue;
        tail_file probe = {.head = d->head, .head_len = d->head_len};
        if (d->head_len > 0 && tail_file_head_matches(&probe, fd)) return 1;
    }
    return 0;
}

static int scan_globs(pw_tail *t, pw_error *err)
{
    for (size_t g = 0; g < t->nglobs; g++) {
        glob_t gl;
        int r = glob(t->globs[g], GLOB_NOSORT, NULL, &gl);
        if (r == GLOB_NOMATCH) continue;
        if (r != 0) return pw_error_set(err, PW_ERR_IO, "%s: glob failed", t->globs[g]);
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            const char *p = gl.gl_pathv[i];
            struct stat st;
            if (pw_tail_is_compressed(p) || stat(p, &st) < 0 || !S_ISREG(st.st_mode) || tracked(t, st.st_dev, st.st_ino))
                continue;
            pw_error e2;
            /* start_at end: only files present at open that the checkpoint did not know (set just for that scan) */
            tail_file *f = tail_file_open(p, t->start_at_end ? (uint64_t)st.st_size : 0, 0, &e2);
            if (!f) {
                pw_log_warn("tail: %s", e2.msg);
                continue;
            }
            if (is_done(t, f->dev, f->ino, f->fd)) {
                tail_file_free(f);
                continue;
            }
            add_file(t, f);
        }
        globfree(&gl);
    }
    return 0;
}

/* A checkpoint entry: find the file again (at its path, else by inode or first line in its directory). */
static void resolve_entry(pw_tail *t, const json_t *e)
{
    const char *path = json_string_value(json_object_get(e, "path"));
    const char *hex = json_string_value(json_object_get(e, "head"));
    json_int_t dev = json_integer_value(json_object_get(e, "dev")), ino = json_integer_value(json_object_get(e, "ino")),
               off = json_integer_value(json_object_get(e, "off")),
               head_len = json_integer_value(json_object_get(e, "head_len"));
    if (!path || !hex || off < 0 || head_len < 0 || head_len > PW_TAIL_HEAD_MAX) {
        pw_log_warn("tail: %s: a file entry is malformed, skipped", t->checkpoint);
        return;
    }
    uint64_t head = strtoull(hex, NULL, 16);
    tail_file want = {.head = head, .head_len = (uint32_t)head_len};
    struct stat st;
    pw_error err;
    tail_file *f = NULL;
    if (stat(path, &st) == 0 && (json_int_t)st.st_dev == dev && (json_int_t)st.st_ino == ino &&
        (uint64_t)st.st_size >= (uint64_t)off && !tracked(t, st.st_dev, st.st_ino)) {
        f = tail_file_open(path, (uint64_t)off, 0, &err);
        if (f && !tail_file_head_matches(&want, f->fd)) {
            tail_file_free(f);
            f = NULL;
        }
    }
    if (!f) {
        char *p = tail_find_elsewhere(path, (dev_t)dev, (ino_t)ino, (ino_t)ino, head, (uint32_t)head_len, (uint64_t)off);
        if (p) {
            if (stat(p, &st) == 0 && !tracked(t, st.st_dev, st.st_ino)) f = tail_file_open(p, (uint64_t)off, 1, &err);
            free(p);
        }
    }
    if (!f) {
        pw_log_warn("tail: %s (inode %lld) is gone; lines after offset %lld were not read", path, (long long)ino,
                    (long long)off);
        return;
    }
    if (head_len > 0) {
        f->head = head;
        f->head_len = (uint32_t)head_len;
    }
    add_file(t, f);
}

pw_tail *pw_tail_open(const pw_tail_config *c, const pw_tail_out_file *out, int64_t *truncate_to, pw_error *err)
{
    pw_tail *t = calloc(1, sizeof *t);
    json_t *doc = NULL;
    *truncate_to = -1;
    if (!t) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!c->checkpoint || c->nglobs == 0) {
        pw_error_set(err, PW_ERR_USAGE, "tail needs files and a checkpoint path");
        goto err;
    }
    t->max_line = c->max_line ? c->max_line : PW_TAIL_DEFAULT_MAX_LINE;
    t->bufcap = t->max_line + READ_CHUNK;
    if (!(t->checkpoint = strdup(c->checkpoint)) || !(t->globs = calloc(c->nglobs, sizeof *t->globs)) ||
        !(t->buf = malloc(t->bufcap))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    for (; t->nglobs < c->nglobs; t->nglobs++)
        if (!(t->globs[t->nglobs] = strdup(c->globs[t->nglobs]))) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto err;
        }
    pw_error e2;
    doc = tail_checkpoint_read(t->checkpoint, &e2);
    if (!doc && e2.code != PW_ERR_NOTFOUND) {
        *err = e2;
        goto err;
    }
    if (doc) {
        const char *which = "next";
        json_t *o = json_object_get(doc, "out");
        if (o && out) {
            json_int_t s = json_integer_value(json_object_get(o, "size")), l = json_integer_value(json_object_get(o, "len"));
            if (json_integer_value(json_object_get(o, "dev")) == (json_int_t)out->dev &&
                json_integer_value(json_object_get(o, "ino")) == (json_int_t)out->ino) {
                if (out->size >= s + l) {
                    which = "next";
                } else if (out->size >= s) {
                    which = "prev"; /* the batch did not make it (whole): positions before it, cut what did */
                    *truncate_to = s;
                } else {
                    pw_log_warn("tail: the output is shorter than the checkpoint says (%lld < %lld): was it rotated? "
                                "resuming after the last batch",
                                (long long)out->size, (long long)s);
                }
            }
        }
        json_t *files = json_object_get(doc, which);
        size_t i;
        json_t *e;
        json_array_foreach(files, i, e) resolve_entry(t, e);
        json_array_foreach(json_object_get(doc, "done"), i, e)
        {
            if (t->ndone >= TAIL_DONE_MAX) break;
            const char *hex = json_string_value(json_object_get(e, "head"));
            t->done[t->ndone++] = (tail_done){(dev_t)json_integer_value(json_object_get(e, "dev")),
                                              (ino_t)json_integer_value(json_object_get(e, "ino")),
                                              hex ? strtoull(hex, NULL, 16) : 0,
                                              (uint32_t)json_integer_value(json_object_get(e, "head_len"))};
        }
    }
    t->start_at_end = c->start_at_end;
    int scanned = scan_globs(t, err);
    t->start_at_end = 0;
    if (scanned) goto err;
    t->last_scan_ms = tail_now_ms();
    if (!(t->committed = tail_state_json(t))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    json_decref(doc);
    return t;
err:
    json_decref(doc);
    pw_tail_close(t);
    return NULL;
}

/* The file at f's path shrank or starts differently: it was copied and truncated. The copy holds what we
 * had not read yet; follow it from our offset, and the truncated file from its start. */
static void copytruncate(pw_tail *t, tail_file *f)
{
    char *p = f->head_len ? tail_find_elsewhere(f->path, f->dev, (ino_t)-1, f->ino, f->head, f->head_len, f->off) : NULL;
    struct stat st;
    pw_error err;
    if (p && stat(p, &st) == 0 && !tracked(t, st.st_dev, st.st_ino)) {
        tail_file *c = tail_file_open(p, f->off, 1, &err);
        if (c) {
            c->head = f->head;
            c->head_len = f->head_len;
            add_file(t, c);
        }
    } else if (f->off > 0) {
        pw_log_warn("tail: %s was truncated at offset %llu and no copy was found: lines written after our last "
                    "read and before the truncation are lost",
                    f->path, (unsigned long long)f->off);
    }
    free(p);
    f->off = 0;
    f->head_len = 0;
    tail_file_learn_head(f);
}

uint64_t pw_tail_discarded(const pw_tail *t) { return t->discarded; }

long pw_tail_poll(pw_tail *t, size_t max_lines, pw_tail_line_fn fn, void *ud, pw_error *err)
{
    int64_t now = tail_now_ms();
    size_t nlive = t->nfiles;
    for (size_t i = 0; i < nlive; i++) {
        tail_file *f = t->files[i];
        if (f->rotated) continue;
        struct stat st, fst;
        if (stat(f->path, &st) < 0 || st.st_dev != f->dev || st.st_ino != f->ino) {
            f->rotated = 1; /* renamed away (or deleted): read what is left through the open fd */
            f->idle_since_ms = 0;
            t->need_scan = 1;
        } else if (fstat(f->fd, &fst) == 0 && ((uint64_t)fst.st_size < f->off || !tail_file_head_matches(f, f->fd))) {
            copytruncate(t, f);
        }
    }
    if (t->need_scan || now - t->last_scan_ms >= PW_TAIL_RESCAN_MS) {
        if (scan_globs(t, err)) return -1;
        t->last_scan_ms = now;
        t->need_scan = 0;
    }
    long lines = 0;
    /* rotated files first: their lines are older than the ones in the file now at the path */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < t->nfiles && (size_t)lines < max_lines; i++) {
            tail_file *f = t->files[i];
            if (f->rotated != (pass == 0)) continue;
            long n = tail_file_read(t, f, max_lines - (size_t)lines, 0, fn, ud, err);
            if (n < 0) return -1;
            lines += n;
            tail_file_learn_head(f);
            if (!f->rotated) continue;
            if (n > 0) {
                f->idle_since_ms = 0;
            } else if (f->idle_since_ms == 0) {
                f->idle_since_ms = now;
            } else if (now - f->idle_since_ms >= PW_TAIL_ROTATED_GRACE_MS) {
                long m = tail_file_read(t, f, (size_t)-1, 1, fn, ud, err); /* its unterminated last line */
                if (m < 0) return -1;
                lines += m;
                remove_file(t, i--);
            }
        }
    }
    return lines;
}

int pw_tail_commit(pw_tail *t, const pw_tail_out_file *out, int64_t batch_len, pw_error *err)
{
    json_t *next = tail_state_json(t), *done = json_array(), *doc = NULL;
    int rc = -1;
    if (!next || !done) goto nomem;
    for (size_t i = 0; i < t->ndone; i++) {
        char hex[17];
        snprintf(hex, sizeof hex, "%016" PRIx64, t->done[i].head);
        if (json_array_append_new(done, json_pack("{s:I,s:I,s:s,s:i}", "dev", (json_int_t)t->done[i].dev, "ino",
                                                  (json_int_t)t->done[i].ino, "head", hex, "head_len",
                                                  (int)t->done[i].head_len)))
            goto nomem;
    }
    if (!(doc = json_pack("{s:i,s:O,s:O,s:O}", "version", 1, "prev", t->committed, "next", next, "done", done)))
        goto nomem;
    if (out && json_object_set_new(doc, "out", json_pack("{s:I,s:I,s:I,s:I}", "dev", (json_int_t)out->dev, "ino",
                                                         (json_int_t)out->ino, "size", (json_int_t)out->size, "len",
                                                         (json_int_t)batch_len)))
        goto nomem;
    if (tail_checkpoint_write(t->checkpoint, doc, err)) goto done;
    json_decref(t->committed);
    t->committed = next;
    next = NULL;
    rc = 0;
    goto done;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory");
done:
    json_decref(next);
    json_decref(done);
    json_decref(doc);
    return rc;
}

size_t pw_tail_nfiles(const pw_tail *t) { return t->nfiles; }

void pw_tail_close(pw_tail *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nfiles; i++) tail_file_free(t->files[i]);
    for (size_t i = 0; i < t->nglobs; i++) free(t->globs[i]);
    free(t->globs);
    free(t->checkpoint);
    free(t->buf);
    json_decref(t->committed);
    free(t);
}
