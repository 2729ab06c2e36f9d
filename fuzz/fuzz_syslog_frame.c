/* fuzz_syslog_frame: the TCP framer alone (ingest/syslog_frame.c, RFC 6587 octet counting and LF framing), with
 * a maximum message size and read sizes taken from the input, so frames cross reads at every place. Checks
 * what the server relies on: no frame longer than max_msg; an uncut frame's length is its real length; a cut
 * one's real length is larger or equal; the framer never hands out more bytes than it was given. */
#include <stdint.h>
#include <string.h>

#include "ingest/syslog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    pw_syslog_framer *f;
    size_t max, total;
} seen;

static int on_frame(void *ud, const char *msg, size_t len, int truncated, pw_error *err)
{
    (void)msg;
    (void)err;
    seen *s = ud;
    if (len > s->max) __builtin_trap();
    if (!truncated && s->f->last_length != len) __builtin_trap();
    if (truncated && s->f->last_length < len) __builtin_trap();
    s->total += len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    pw_syslog_framer f;
    pw_error err;
    seen s = {&f, (size_t)data[0] + 1, 0};
    size_t step = (size_t)data[1] % 32 + 1;
    data += 2;
    size -= 2;
    if (pw_syslog_framer_init(&f, s.max, &err)) return 0;
    for (size_t off = 0; off < size; off += step) {
        size_t n = size - off < step ? size - off : step;
        if (pw_syslog_framer_feed(&f, (const char *)data + off, n, on_frame, &s, &err)) __builtin_trap();
    }
    if (pw_syslog_framer_finish(&f, on_frame, &s, &err)) __builtin_trap();
    if (s.total > size) __builtin_trap();
    pw_syslog_framer_free(&f);
    return 0;
}
