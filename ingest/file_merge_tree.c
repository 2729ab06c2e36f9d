/* ingest/file_merge_tree: which files under a replay directory are inputs, and of which kind (see
 * pw_file_merge_add_tree in file_merge.h). This was correlate/replay.c's directory walk; it lives beside
 * the reader so that the correlator opens no input. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/file_merge.h"
#include "ingest/file_reader.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *base_name(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

/* What a file's content is known by across runs: its path, size and modification time. */
static void file_key(const char *path, char *out, size_t cap)
{
    struct stat sb;
    if (stat(path, &sb) != 0) memset(&sb, 0, sizeof sb);
    snprintf(out, cap, "%s|%lld|%lld", path, (long long)sb.st_size, (long long)sb.st_mtime);
}

int pw_file_merge_add_tree(pw_file_merge *m, const char *dir, const char *skip_path,
                           bool (*is_done)(void *ud, const char *key), void *ud, pw_strlist *keys, uint64_t *done,
                           pw_error *err)
{
    pw_strlist files = {0};
    int rc = -1;
    if (pw_file_list(dir, NULL, true, &files, err)) goto out;
    size_t dirlen = strlen(dir);
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.v[i], *base = base_name(path);
        const char *rel = strncmp(path, dir, dirlen) == 0 ? path + dirlen + (path[dirlen] == '/') : path;
        if (strcmp(base, "truth.json") == 0 || (skip_path && strcmp(path, skip_path) == 0) ||
            strncmp(base, "inventory.", 10) == 0 || ends_with(base, ".md") || ends_with(base, ".txt"))
            continue;
        char key[4200];
        file_key(path, key, sizeof key);
        if (is_done && is_done(ud, key)) {
            if (done) (*done)++;
            continue;
        }
        bool feed = strncmp(rel, "feeds/", 6) == 0 || strstr(rel, "/feeds/") != NULL;
        if (pw_file_merge_add(m, path, feed, err)) goto out;
        if (keys && pw_strlist_add(keys, key)) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto out;
        }
    }
    rc = 0;
out:
    pw_strlist_free(&files);
    return rc;
}
