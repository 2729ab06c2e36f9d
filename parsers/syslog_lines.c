/* syslog_lines: a bounded line reader shared by `patchwatch parse` for line formats (syslog, JSON lines).
 * One buffer of max + READ_CHUNK bytes is allocated once; lines are handed out as views into it, so reading
 * a file allocates nothing per line. A line longer than max is cut, never buffered whole: a 10 GB file
 * without a newline costs max bytes of memory, not 10 GB. */
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

int pw_syslog_lines_next(pw_syslog_lines *r, const char **line, size_t *len, int *truncated, pw_error *err)
{
    for (;;) {
        size_t avail = r->end - r->start;
        char *p = r->buf + r->start;
        char *lf = memchr(p, '\n', avail < r->max + 1 ? avail : r->max + 1);
        if (lf || avail >= r->max || (r->eof && avail > 0)) {
            size_t n = lf ? (size_t)(lf - p) : (avail < r->max ? avail : r->max);
            size_t used = lf ? n + 1 : n;
            *truncated = !lf && n == r->max;
            *line = p;
            *len = n > 0 && p[n - 1] == '\r' && lf ? n - 1 : n;
            r->start += used;
            r->offset += used;
            return 1;
        }
        if (r->eof) return 0;
        if (r->start > 0) {
            memmove(r->buf, p, avail);
            r->start = 0;
            r->end = avail;
        }
        ssize_t got;
        do got = read(r->fd, r->buf + r->end, r->cap - r->end);
        while (got < 0 && errno == EINTR);
        if (got < 0) return pw_error_set(err, PW_ERR_IO, "read failed at offset %llu: %s",
                                         (unsigned long long)(r->offset + avail), strerror(errno));
        if (got == 0) r->eof = 1;
        r->end += (size_t)got;
    }
}

void pw_syslog_lines_free(pw_syslog_lines *r)
{
    free(r->buf);
    r->buf = NULL;
}
