/* winevent_json_split: cuts a stream of Windows JSON into top-level objects, whatever the layout the exporter
 * chose: NDJSON (Winlogbeat's file output, one object per line), one object spread over many lines, or a
 * JSON array of objects, compact or pretty-printed (`Get-WinEvent | ConvertTo-Json`, a stored Winlogbeat
 * golden file). It only tracks string/escape state and bracket depth, byte by byte, so it is O(n) and holds
 * at most one object (<= PW_WINEVENT_MAX_RECORD) plus a 64 KiB read buffer: a multi-GB array streams.
 *
 * What it does not do: validate JSON (the object goes to pw_winevent_json_parse_line, which turns bad JSON
 * into a parse-error event). Structure it cannot cut is an error with the byte offset and line: something
 * other than an object inside a top-level array, an object or array still open at the end of the input, an
 * object over the limit. A top-level line that does not start an object or array stays what NDJSON readers
 * have always made of it: one line, handed on as it is (and becoming a parse-error event). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "parsers/winevent.h"

static int fill(pw_winevent_json_split *s, pw_error *err)
{
    if (s->eof) return 0;
    ssize_t n;
    do n = read(s->fd, s->rd, sizeof s->rd);
    while (n < 0 && errno == EINTR);
    if (n < 0) return pw_error_set(err, PW_ERR_IO, "read: %s", strerror(errno));
    s->rpos = 0;
    s->rlen = (size_t)n;
    if (n == 0) s->eof = 1;
    return n > 0;
}

void pw_winevent_json_split_init(pw_winevent_json_split *s, int fd)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->line = 1;
}

void pw_winevent_json_split_free(pw_winevent_json_split *s) { pw_buf_free(&s->val); }

static int broken(pw_winevent_json_split *s, pw_error *err, const char *what)
{
    return pw_error_set(err, PW_ERR_INVALID, "byte %llu (line %llu): %s", (unsigned long long)s->off,
                        (unsigned long long)s->line, what);
}

int pw_winevent_json_split_next(pw_winevent_json_split *s, const char **val, size_t *len, pw_error *err)
{
    /* mode: 0 between top-level values, 1 between array elements, 2 inside an object, 3 a bare line */
    int mode = s->in_array ? 1 : 0, depth = 0, in_str = 0, esc = 0;
    pw_buf_reset(&s->val);
    for (;;) {
        if (s->rpos == s->rlen) {
            int r = fill(s, err);
            if (r < 0) return -1;
            if (r == 0) break;
        }
        char ch = s->rd[s->rpos];
        if (mode == 0 || mode == 1) {
            if (ch == '\n') s->line++;
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || (unsigned char)ch == 0xEF ||
                (unsigned char)ch == 0xBB || (unsigned char)ch == 0xBF || (mode == 1 && ch == ',')) {
                /* whitespace, a UTF-8 BOM (PowerShell 5 writes one), commas between elements */
            } else if (ch == '{') {
                s->val_off = s->off;
                s->val_line = s->line;
                mode = 2;
                depth = 1;
                if (pw_buf_putc(&s->val, ch)) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            } else if (mode == 0 && ch == '[') {
                s->in_array = 1;
                mode = 1;
            } else if (mode == 1 && ch == ']') {
                s->in_array = 0;
                mode = 0;
            } else if (mode == 1) {
                return broken(s, err, "expected an object, ',' or ']' in the array");
            } else {
                s->val_off = s->off;
                s->val_line = s->line;
                mode = 3;
                if (pw_buf_putc(&s->val, ch)) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            }
            s->rpos++;
            s->off++;
            continue;
        }
        /* inside a value: copy the run up to the next byte that matters */
        size_t i = s->rpos;
        int done = 0;
        for (; i < s->rlen && !done; i++) {
            char c = s->rd[i];
            if (c == '\n') {
                s->line++;
                if (mode == 3) {
                    done = 1;
                    break;
                }
            }
            if (mode == 3) continue;
            if (in_str) {
                if (esc) esc = 0;
                else if (c == '\\') esc = 1;
                else if (c == '"') in_str = 0;
            } else if (c == '"') {
                in_str = 1;
            } else if (c == '{' || c == '[') {
                if (++depth > 512) return broken(s, err, "nesting deeper than 512");
            } else if (c == '}' || c == ']') {
                if (--depth == 0) done = 1;
            }
        }
        size_t n = i - s->rpos;
        if (s->val.len + n > PW_WINEVENT_MAX_RECORD)
            return pw_error_set(err, PW_ERR_LIMIT, "byte %llu (line %llu): object larger than %zu bytes",
                                (unsigned long long)s->val_off, (unsigned long long)s->val_line,
                                PW_WINEVENT_MAX_RECORD);
        if (pw_buf_append(&s->val, s->rd + s->rpos, n)) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        s->rpos = i;
        s->off += n;
        if (done) {
            if (mode == 3 && s->rpos < s->rlen) { /* the newline ends the bare line */
                s->rpos++;
                s->off++;
            }
            break;
        }
    }
    if (mode == 2 && depth > 0) return broken(s, err, "input ends inside an object");
    if (mode < 2) {
        if (s->in_array) return broken(s, err, "input ends inside an array (no ']')");
        return 0;
    }
    *val = s->val.data;
    *len = s->val.len;
    return 1;
}
