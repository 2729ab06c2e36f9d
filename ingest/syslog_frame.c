/* syslog_frame: cuts a TCP byte stream into syslog messages (RFC 6587). Each message is either
 * octet-counted ("LEN SP MSG", starts with a digit) or LF-terminated (starts with '<' or anything else);
 * the choice is made per message, since a relay may mix them after a reconnect and the grammar makes them
 * unambiguous for real syslog (a message starts with '<').
 *
 * The buffer holds at most max_msg + READ_CHUNK + header bytes: a frame larger than max_msg is handed out
 * once, cut at max_msg (truncated = 1, counted in oversize, its real length in last_length) and the rest is
 * discarded as it streams by, so a sender cannot make us buffer more than that: a 100 MB line is one event.
 * An LF-framed one is handed out when its LF arrives (or the peer closes), since only then is its length known.
 * Nothing is allocated per message. */
#include <stdlib.h>
#include <string.h>

#include "ingest/syslog.h"

#define READ_CHUNK ((size_t)64 << 10)
#define LEN_DIGITS_MAX 10 /* MSG-LEN fits in 10 digits; more is not octet counting */
#define INITIAL_CAP ((size_t)16 << 10)

int pw_syslog_framer_init(pw_syslog_framer *f, size_t max_msg, pw_error *err)
{
    memset(f, 0, sizeof *f);
    f->max_msg = max_msg ? max_msg : PW_SYSLOG_DEFAULT_MAX_MESSAGE;
    f->cap_max = f->max_msg + LEN_DIGITS_MAX + 2 + READ_CHUNK;
    f->cap = INITIAL_CAP < f->cap_max ? INITIAL_CAP : f->cap_max;
    if (!(f->buf = malloc(f->cap))) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    return 0;
}

void pw_syslog_framer_free(pw_syslog_framer *f)
{
    free(f->buf);
    f->buf = NULL;
}

int pw_syslog_framer_space(pw_syslog_framer *f, char **p, size_t *n, pw_error *err)
{
    if (f->start > 0 && (f->start == f->end || f->cap - f->end < READ_CHUNK / 4)) {
        memmove(f->buf, f->buf + f->start, f->end - f->start);
        f->end -= f->start;
        f->start = 0;
    }
    if (f->cap - f->end < READ_CHUNK / 4 && f->cap < f->cap_max) {
        size_t nc = f->cap * 2 < f->cap_max ? f->cap * 2 : f->cap_max;
        char *nb = realloc(f->buf, nc);
        if (!nb) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        f->buf = nb;
        f->cap = nc;
    }
    *p = f->buf + f->end;
    *n = f->cap - f->end;
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int deliver(pw_syslog_framer *f, const char *m, size_t n, int truncated, uint64_t real_len,
                   pw_syslog_frame_fn fn, void *ud, pw_error *err)
{
    if (truncated) f->oversize++;
    f->last_length = truncated ? real_len : n;
    return fn(ud, m, n, truncated, err);
}

/* Extracts complete frames. at_eof: the peer closed, hand out a last unterminated line. */
static int extract(pw_syslog_framer *f, int at_eof, pw_syslog_frame_fn fn, void *ud, pw_error *err)
{
    while (f->start < f->end) {
        char *b = f->buf;
        size_t avail = f->end - f->start;
        if (f->skip) {
            size_t d = avail < f->skip ? avail : (size_t)f->skip;
            f->start += d;
            f->skip -= d;
            continue;
        }
        if (f->hold) { /* buf[start..start+max_msg) is kept; what follows is counted and dropped up to the LF */
            size_t from = f->start + f->max_msg;
            char *lf = memchr(b + from, '\n', f->end - from);
            if (lf || at_eof) {
                uint64_t real = f->over_len + (uint64_t)((lf ? lf : b + f->end) - (b + from));
                if (lf && lf > b + from && lf[-1] == '\r') real--;
                f->hold = 0;
                if (deliver(f, b + f->start, f->max_msg, 1, real, fn, ud, err)) return -1;
                f->start = lf ? (size_t)(lf - b) + 1 : f->end;
                continue;
            }
            f->over_len += f->end - from;
            f->end = from;
            break;
        }
        char c = b[f->start];
        if (c == '\n' || c == '\r' || c == '\0') { /* stray separators between frames */
            f->start++;
            continue;
        }
        if (is_digit(c)) {
            size_t i = f->start;
            uint64_t len = 0;
            while (i < f->end && is_digit(b[i]) && i - f->start < LEN_DIGITS_MAX) len = len * 10 + (uint64_t)(b[i++] - '0');
            if (i == f->end && i - f->start < LEN_DIGITS_MAX && !at_eof) break; /* length not complete yet */
            if (i < f->end && b[i] == ' ' && len > 0) {
                size_t body = i + 1, have = f->end - body;
                if (len > f->max_msg) {
                    if (have < f->max_msg && !at_eof) break;
                    size_t n = have < f->max_msg ? have : f->max_msg;
                    if (deliver(f, b + body, n, 1, len, fn, ud, err)) return -1;
                    f->start = body + n;
                    f->skip = len - n;
                    continue;
                }
                if (have >= len) {
                    if (deliver(f, b + body, (size_t)len, 0, len, fn, ud, err)) return -1;
                    f->start = body + (size_t)len;
                    continue;
                }
                if (!at_eof) break;
                if (deliver(f, b + body, have, 1, len, fn, ud, err)) return -1; /* peer closed mid-frame */
                f->start = f->end;
                break;
            }
            /* not "LEN SP": an LF-framed message that happens to start with a digit */
        }
        char *lf = memchr(b + f->start, '\n', avail);
        if (lf) {
            size_t n = (size_t)(lf - (b + f->start));
            size_t keep = n > 0 && b[f->start + n - 1] == '\r' ? n - 1 : n;
            int cut = keep > f->max_msg;
            if (deliver(f, b + f->start, cut ? f->max_msg : keep, cut, keep, fn, ud, err)) return -1;
            f->start += n + 1;
            continue;
        }
        if (avail > f->max_msg) {
            f->hold = 1;
            f->over_len = f->max_msg;
            continue;
        }
        if (at_eof) {
            if (deliver(f, b + f->start, avail, 0, avail, fn, ud, err)) return -1;
            f->start = f->end;
        }
        break;
    }
    if (f->start == f->end) f->start = f->end = 0;
    return 0;
}

int pw_syslog_framer_push(pw_syslog_framer *f, size_t n, pw_syslog_frame_fn fn, void *ud, pw_error *err)
{
    if (n > f->cap - f->end) return pw_error_set(err, PW_ERR_INTERNAL, "framer: push beyond the buffer");
    f->end += n;
    return extract(f, 0, fn, ud, err);
}

int pw_syslog_framer_finish(pw_syslog_framer *f, pw_syslog_frame_fn fn, void *ud, pw_error *err)
{
    int rc = extract(f, 1, fn, ud, err);
    f->start = f->end = 0;
    f->skip = 0;
    f->hold = 0;
    return rc;
}

int pw_syslog_framer_feed(pw_syslog_framer *f, const char *data, size_t len, pw_syslog_frame_fn fn, void *ud,
                          pw_error *err)
{
    while (len > 0) {
        char *p = NULL; /* set by framer_space; initialised for gcc -O2's maybe-uninitialized */
        size_t room = 0;
        if (pw_syslog_framer_space(f, &p, &room, err)) return -1;
        if (room == 0) return pw_error_set(err, PW_ERR_INTERNAL, "framer: no room");
        size_t n = len < room ? len : room;
        memcpy(p, data, n);
        if (pw_syslog_framer_push(f, n, fn, ud, err)) return -1;
        data += n;
        len -= n;
    }
    return 0;
}
