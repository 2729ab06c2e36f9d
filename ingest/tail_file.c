/* tail_file: one followed file: its identity (inode + first-line hash), reading complete lines from an
 * offset with pread (so the offset is the only state, and it is exactly what the checkpoint stores), and
 * finding a rotated file again in its directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/pw_hash.h"
#include "core/pw_log.h"
#include "ingest/tail_priv.h"

int64_t tail_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t pw_tail_head_hash(const char *data, size_t len, uint32_t *head_len)
{
    size_t n = len < PW_TAIL_HEAD_MAX ? len : PW_TAIL_HEAD_MAX;
    const char *lf = memchr(data, '\n', n);
    if (lf) n = (size_t)(lf - data) + 1;
    else if (n < PW_TAIL_HEAD_MAX) n = 0;
    *head_len = (uint32_t)n;
    return n ? pw_hash64(data, n) : 0;
}

int pw_tail_is_compressed(const char *path)
{
    static const char *const ext[] = {".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip", ".Z", ".lzma", ".tgz"};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && strcmp(path + n - e, ext[i]) == 0) return 1;
    }
    return 0;
}

tail_file *tail_file_open(const char *path, uint64_t off, int rotated, pw_error *err)
{
    tail_file *f = calloc(1, sizeof *f);
    struct stat st;
    if (!f || !(f->path = strdup(path))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(f->fd, &st) < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
        goto err;
    }
    if (!S_ISREG(st.st_mode)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: not a regular file", path);
        goto err;
    }
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->off = off;
    f->rotated = rotated;
    tail_file_learn_head(f);
    return f;
err:
    if (f && f->fd > 0) close(f->fd);
    if (f) free(f->path);
    free(f);
    return NULL;
}

void tail_file_free(tail_file *f)
{
    if (!f) return;
    if (f->fd >= 0) close(f->fd);
    free(f->path);
    free(f);
}

static uint64_t head_of_fd(int fd, uint32_t *head_len)
{
    char b[PW_TAIL_HEAD_MAX];
    ssize_t n = pread(fd, b, sizeof b, 0);
    if (n <= 0) {
        *head_len = 0;
        return 0;
    }
    return pw_tail_head_hash(b, (size_t)n, head_len);
}

void tail_file_learn_head(tail_file *f)
{
    if (f->head_len) return;
    f->head = head_of_fd(f->fd, &f->head_len);
}

static int fd_starts_with(int fd, uint64_t head, uint32_t head_len)
{
    char b[PW_TAIL_HEAD_MAX];
    if (head_len == 0) return 1;
    if (head_len > sizeof b) return 0;
    ssize_t n = pread(fd, b, head_len, 0);
    return n == (ssize_t)head_len && pw_hash64(b, head_len) == head;
}

int tail_file_head_matches(const tail_file *f, int fd) { return fd_starts_with(fd, f->head, f->head_len); }

/* The line at f->off has no LF in its first max_line + 1 bytes (which sit at t->buf[0..max_line)). Finds its end
 * by reading on through t->buf[max_line..bufcap), which it may overwrite, and remembers how far it looked
 * (f->scanned) so a line still being written is not scanned again from its start at every poll. 1 with *len
 * the line's length and *used the bytes it takes (with its LF), 0 when its end is not written yet, -1 on an
 * error. O(line length) in 64 KiB preads: a 100 MB line costs ~1,600 reads once, and max_line bytes of memory. */
static int long_line_end(pw_tail *t, tail_file *f, int final, uint64_t *len, uint64_t *used, pw_error *err)
{
    uint64_t at = f->off + t->max_line;
    if (f->scanned_for == f->off && f->scanned > at) at = f->scanned; /* off moved (rotation): start over */
    char *scan = t->buf + t->max_line;
    size_t room = t->bufcap - t->max_line;
    for (;;) {
        ssize_t got = pread(f->fd, scan, room, (off_t)at);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
            return pw_error_set(err, PW_ERR_IO, "%s: read at offset %llu: %s", f->path, (unsigned long long)at,
                                strerror(errno));
        if (got == 0) {
            f->scanned = at;
            f->scanned_for = f->off;
            if (!final) return 0;
            *len = *used = at - f->off; /* the unterminated last line of a finished file */
            return 1;
        }
        const char *lf = memchr(scan, '\n', (size_t)got);
        if (lf) {
            *len = at + (uint64_t)(lf - scan) - f->off;
            *used = *len + 1;
            if (lf > scan && lf[-1] == '\r') (*len)--;
            return 1;
        }
        at += (uint64_t)got;
    }
}

long tail_file_read(pw_tail *t, tail_file *f, size_t budget, int final, pw_tail_line_fn fn, void *ud, pw_error *err)
{
    long lines = 0;
    int reread = 0;
    while ((size_t)lines < budget) {
        reread = 0;
        ssize_t got = pread(f->fd, t->buf, t->bufcap, (off_t)f->off);
        if (got < 0) {
            if (errno == EINTR) continue;
            return pw_error_set(err, PW_ERR_IO, "%s: read at offset %llu: %s", f->path,
                                (unsigned long long)f->off, strerror(errno));
        }
        if (got == 0) break;
        size_t pos = 0, n = (size_t)got;
        while (pos < n && (size_t)lines < budget) {
            const char *p = t->buf + pos;
            size_t avail = n - pos, scan = avail < t->max_line + 1 ? avail : t->max_line + 1;
            const char *lf = memchr(p, '\n', scan);
            pw_tail_line l = {.path = f->path, .data = p, .offset = f->off};
            size_t used;
            if (lf) {
                l.len = (size_t)(lf - p);
                used = l.len + 1;
                if (l.len > 0 && p[l.len - 1] == '\r') l.len--;
            } else if (avail >= t->max_line) {
                if (pos > 0) break; /* read again with the long line at buf[0] */
                uint64_t total = 0, take = 0;
                int r = long_line_end(t, f, final, &total, &take, err);
                if (r < 0) return -1;
                if (r == 0) break; /* its end is not written yet */
                l.len = t->max_line;
                l.truncated = 1;
                l.original_length = total;
                if (fn(ud, &l, err)) return -1;
                t->discarded += total - t->max_line;
                f->off += take;
                lines++;
                reread = 1;
                break; /* the buffer was used for scanning: read again from the new offset */
            } else if (final && (size_t)got < t->bufcap) {
                l.len = used = avail; /* the unterminated last line of a finished file */
            } else {
                break; /* a partial line: wait for the rest */
            }
            if (fn(ud, &l, err)) return -1;
            pos += used;
            f->off += used;
            lines++;
        }
        if (pos == 0 && !reread) break; /* only a partial line left */
    }
    return lines;
}

char *tail_find_elsewhere(const char *path, dev_t dev, ino_t want_ino, ino_t exclude_ino, uint64_t head,
                          uint32_t head_len, uint64_t min_size)
{
    char *copy = strdup(path), *found = NULL, *by_head = NULL;
    if (!copy) return NULL;
    const char *dir = dirname(copy);
    DIR *d = opendir(dir);
    if (!d) goto done;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2]))) continue;
        if (pw_tail_is_compressed(de->d_name)) continue;
        size_t need = strlen(dir) + strlen(de->d_name) + 2;
        char *p = malloc(need);
        if (!p) break;
        snprintf(p, need, "%s/%s", dir, de->d_name);
        struct stat st;
        int fd = -1;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == dev && (uint64_t)st.st_size >= min_size &&
            (fd = open(p, O_RDONLY | O_CLOEXEC)) >= 0 && fd_starts_with(fd, head, head_len)) {
            if (st.st_ino == want_ino) {
                close(fd);
                found = p;
                break;
            }
            if (st.st_ino != exclude_ino && head_len > 0 && !by_head) {
                by_head = p;
                p = NULL;
            }
        }
        if (fd >= 0) close(fd);
        free(p);
    }
    closedir(d);
done:
    free(copy);
    if (found) {
        free(by_head);
        return found;
    }
    return by_head;
}
