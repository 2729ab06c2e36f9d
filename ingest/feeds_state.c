/* feeds_state: load, query, update and atomically persist the poller's memory (format in feeds_state.h). */
#include "ingest/feeds_state.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_time.h"

static json_t *source_obj(pw_feeds_state *st, const char *source, int create)
{
    json_t *sources = json_object_get(st->root, "sources");
    json_t *s = json_object_get(sources, source);
    if (s || !create) return s;
    s = json_pack("{s:{},s:{}}", "urls", "items");
    if (!s || json_object_set_new(sources, source, s) != 0) return NULL;
    return s;
}

int pw_feeds_state_open(pw_feeds_state *st, const char *path, pw_error *err)
{
    struct stat sb;
    memset(st, 0, sizeof *st);
    if (path && !(st->path = strdup(path))) goto nomem;
    if (path && stat(path, &sb) == 0) {
        if ((size_t)sb.st_size > PW_FEEDS_STATE_FILE_MAX) {
            pw_error_set(err, PW_ERR_LIMIT, "%s: state file of %lld bytes is over the %zu byte cap", path,
                         (long long)sb.st_size, PW_FEEDS_STATE_FILE_MAX);
            goto fail;
        }
        json_error_t je;
        st->root = json_load_file(path, 0, &je);
        if (!st->root || !json_is_object(json_object_get(st->root, "sources"))) {
            /* a damaged state must not silently re-announce everything: refuse and let the user decide */
            pw_error_set(err, PW_ERR_INVALID, "%s:%d: feed state file is damaged (%s); move it away to start fresh",
                         path, je.line, st->root ? "no \"sources\" object" : je.text);
            goto fail;
        }
    } else if (path && errno != ENOENT) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (!st->root && !(st->root = json_pack("{s:i,s:{}}", "version", 1, "sources"))) goto nomem;
    return 0;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "feed state: out of memory");
fail:
    pw_feeds_state_close(st);
    return -1;
}

static void fmt_time(int64_t us, char out[PW_RFC3339_MAX])
{
    if (us == PW_TS_NONE) out[0] = '\0';
    else pw_time_format(us, out);
}

int pw_feeds_state_seen(pw_feeds_state *st, const char *source, const char *id, int64_t updated)
{
    json_t *s = source_obj(st, source, 0);
    json_t *it = json_object_get(json_object_get(s, "items"), id);
    if (!it) return 0;
    char u[PW_RFC3339_MAX];
    fmt_time(updated, u);
    const char *was = json_string_value(json_object_get(it, "updated"));
    return strcmp(was ? was : "", u) == 0;
}

static int cmp_seen(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return strcmp(x, y);
}

/* Forgets the items seen longest ago until the source is back under the cap. O(n log n), run only when the
 * cap is exceeded by 10%, so it is amortised over thousands of marks. */
static void evict_oldest(json_t *items)
{
    size_t n = json_object_size(items), i = 0;
    const char **seen = malloc(n * sizeof *seen);
    const char *key;
    json_t *v;
    if (!seen) return;
    json_object_foreach(items, key, v) {
        const char *s = json_string_value(json_object_get(v, "seen"));
        seen[i++] = s ? s : "";
    }
    qsort(seen, n, sizeof *seen, cmp_seen);
    char cutoff[PW_RFC3339_MAX + 1];
    snprintf(cutoff, sizeof cutoff, "%s", seen[n - PW_FEEDS_STATE_ITEMS_MAX]);
    free(seen);
    void *tmp;
    json_object_foreach_safe(items, tmp, key, v) {
        const char *s = json_string_value(json_object_get(v, "seen"));
        if (strcmp(s ? s : "", cutoff) < 0) json_object_del(items, key);
    }
}

int pw_feeds_state_mark(pw_feeds_state *st, const char *source, const char *id, int64_t updated, int64_t now_us)
{
    json_t *s = source_obj(st, source, 1);
    json_t *items = json_object_get(s, "items");
    char u[PW_RFC3339_MAX], now[PW_RFC3339_MAX];
    if (!items) return -1;
    fmt_time(updated, u);
    fmt_time(now_us, now);
    json_t *it = u[0] ? json_pack("{s:s,s:s}", "updated", u, "seen", now) : json_pack("{s:n,s:s}", "updated", "seen", now);
    if (!it || json_object_set_new(items, id, it) != 0) return -1;
    st->dirty = 1;
    if (json_object_size(items) > PW_FEEDS_STATE_ITEMS_MAX + PW_FEEDS_STATE_ITEMS_MAX / 10) evict_oldest(items);
    return 0;
}

const char *pw_feeds_state_validator(pw_feeds_state *st, const char *source, const char *url, const char *which)
{
    json_t *s = source_obj(st, source, 0);
    return json_string_value(json_object_get(json_object_get(json_object_get(s, "urls"), url), which));
}

int pw_feeds_state_set_validators(pw_feeds_state *st, const char *source, const char *url, const char *etag,
                                  const char *last_modified)
{
    json_t *s = source_obj(st, source, 1);
    json_t *urls = json_object_get(s, "urls");
    json_t *v = json_object();
    if (!urls || !v) {
        json_decref(v);
        return -1;
    }
    if (etag && *etag) json_object_set_new(v, "etag", json_string(etag));
    if (last_modified && *last_modified) json_object_set_new(v, "last_modified", json_string(last_modified));
    if (json_object_set_new(urls, url, v) != 0) return -1;
    st->dirty = 1;
    return 0;
}

int pw_feeds_state_save(pw_feeds_state *st, pw_error *err)
{
    char *tmp = NULL, *dircopy = NULL;
    int fd = -1, dfd = -1;
    if (!st->path || !st->dirty) return 0;
    size_t n = strlen(st->path) + 32;
    if (!(tmp = malloc(n))) goto nomem;
    snprintf(tmp, n, "%s.tmp.%ld", st->path, (long)getpid());
    char *text = json_dumps(st->root, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) goto nomem;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t len = strlen(text), off = 0;
    while (fd >= 0 && off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    free(text);
    if (fd < 0 || off < len || write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
        pw_error_set(err, PW_ERR_IO, "%s: cannot write feed state: %s", tmp, strerror(errno));
        goto fail;
    }
    close(fd);
    fd = -1;
    if (rename(tmp, st->path) != 0) {
        pw_error_set(err, PW_ERR_IO, "%s: cannot replace feed state: %s", st->path, strerror(errno));
        goto fail;
    }
    if ((dircopy = strdup(st->path)) && (dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(dfd); /* the rename itself must survive a power cut */
        close(dfd);
    }
    free(dircopy);
    free(tmp);
    st->dirty = 0;
    return 0;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "feed state: out of memory");
fail:
    if (fd >= 0) close(fd);
    if (tmp) unlink(tmp);
    free(tmp);
    free(dircopy);
    return -1;
}

void pw_feeds_state_close(pw_feeds_state *st)
{
    free(st->path);
    json_decref(st->root);
    memset(st, 0, sizeof *st);
}
