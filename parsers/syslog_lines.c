/* syslog_lines: a bounded line reader shared by `patchwatch parse` for line formats (syslog, JSON lines).
 * One buffer of max + READ_CHUNK bytes is allocated once; lines are handed out as views into it, so reading
 * a file allocates nothing per line. A line longer than max is cut, never buffered whole: a 10 GB file
 * without a newline costs max bytes of memory, not 10 GB. The cut line is handed out once, flagged, with its
 * real length; the rest of it is read and dropped (counted), not handed out as more lines. */
#include "parsers/syslog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK ((size_t)64 << 10) /* one read(2); large enough that syscalls are not the cost */

int pw_syslog_lines_init(pw_syslog_lines *r, int fd, size_t max, pw_error *err)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->max = max ? max : PW_SYSLOG_MAX_LINE;
    r->cap = r->max + READ_CHUNK;
    if (!(r->buf = malloc(r->cap))) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    return 0;
}

/* Reads more input after the bytes kept in buf[0..keep) (compacting the buffer first); 0, or -1 on an error. */
static int fill(pw_syslog_lines *r, pw_error *err)
{
    ssize_t got;
    do got = read(r->fd, r->buf + r->end, r->cap - r->end);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return pw_error_set(err, PW_ERR_IO, "read failed at offset %llu: %s",
                            (unsigned long long)(r->offset + (r->end - r->start)), strerror(errno));
    if (got == 0) r->eof = 1;
    r->end += (size_t)got;
    return 0;
}

/* An over-long line: its first max bytes stay at buf[0..max); what follows up to its LF (or the end of the input)
 * is read through buf[max..cap) and dropped, counted, so the line becomes one event however long it is. */
static int finish_long_line(pw_syslog_lines *r, const char **line, size_t *len, int *truncated, pw_error *err)
{
    for (;;) {
        char *tail = r->buf + r->max;
        size_t tn = r->end - r->max;
        char *lf = memchr(tail, '\n', tn);
        if (lf || r->eof) {
            size_t extra = lf ? (size_t)(lf - tail) : tn;
            r->last_length = r->over_len + extra;
            r->discarded += r->last_length - r->max;
            r->offset += r->last_length + (lf ? 1 : 0);
            r->start = lf ? (size_t)(lf + 1 - r->buf) : r->end;
            r->skipping = 0;
            *line = r->buf;
            *len = r->max;
            *truncated = 1;
            return 1;
        }
        r->over_len += tn; /* dropped: only the first max bytes are kept */
        r->end = r->max;
        if (fill(r, err)) return -1;
    }
}

int pw_syslog_lines_next(pw_syslog_lines *r, const char **line, size_t *len, int *truncated, pw_error *err)
{
    r->last_length = 0;
    for (;;) {
        size_t avail = r->end - r->start;
        char *p = r->buf + r->start;
        char *lf = memchr(p, '\n', avail < r->max + 1 ? avail : r->max + 1);
        if (lf || (r->eof && avail > 0 && avail <= r->max)) {
            size_t n = lf ? (size_t)(lf - p) : avail;
            *truncated = 0;
            *line = p;
            *len = n > 0 && p[n - 1] == '\r' && lf ? n - 1 : n;
            r->start += lf ? n + 1 : n;
            r->offset += lf ? n + 1 : n;
            return 1;
        }
        if (avail > r->max) { /* no LF within max + 1 bytes: an over-long line */
            memmove(r->buf, p, avail);
            r->start = 0;
            r->end = avail;
            r->skipping = 1;
            r->over_len = r->max;
            return finish_long_line(r, line, len, truncated, err);
        }
        if (r->eof) return 0;
        if (r->start > 0) {
            memmove(r->buf, p, avail);
            r->start = 0;
            r->end = avail;
        }
        if (fill(r, err)) return -1;
    }
}

void pw_syslog_lines_free(pw_syslog_lines *r)
{
    free(r->buf);
    r->buf = NULL;
}
