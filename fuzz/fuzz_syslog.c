/* libFuzzer target: syslog lines (RFC 5424 / 3164) and the TCP framer. Every input must parse into an
 * event that encodes to JSON, and the framer must hand out frames within max_msg whatever the bytes. */
#include <stdint.h>
#include <string.h>

#include "ingest/syslog.h"
#include "parsers/syslog.h"

static int on_frame(void *ud, const char *msg, size_t len, int truncated, pw_error *err)
{
    (void)truncated;
    (void)err;
    pw_event *ev = ud;
    if (len > 64) __builtin_trap(); /* the framer's max_msg below */
    pw_error e;
    if (pw_syslog_parse(msg, len, INT64_C(1764028800000000), ev, &e)) __builtin_trap();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pw_event ev;
    static pw_syslog_parser p;
    static pw_buf js;
    pw_error err;
    if (pw_syslog_parser_parse(&p, (const char *)data, size, INT64_C(1764028800000000), &ev, &err) != 0)
        __builtin_trap(); /* never fails on input below the event limits */
    pw_buf_reset(&js);
    if (pw_event_to_json(&ev, &js, &err) != 0) __builtin_trap();
    if (!pw_event_find(&ev, "event.module")) __builtin_trap();

    pw_syslog_framer f;
    if (pw_syslog_framer_init(&f, 64, &err)) return 0;
    size_t cut = size ? data[0] % (size + 1) : 0;
    pw_syslog_framer_feed(&f, (const char *)data, cut, on_frame, &ev, &err);
    pw_syslog_framer_feed(&f, (const char *)data + cut, size - cut, on_frame, &ev, &err);
    pw_syslog_framer_finish(&f, on_frame, &ev, &err);
    pw_syslog_framer_free(&f);
    return 0;
}
