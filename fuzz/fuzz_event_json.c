/* fuzz_event_json: pw_event's JSON decoder on arbitrary bytes (events arrive from the bus and from Winlogbeat
 * files, i.e. from anyone). Beyond "no crash": whatever decodes must encode to text that decodes to an equal
 * event and is a fixed point of encode(decode(.)) -- the round-trip contract of pw_event.h. The same bytes go
 * through pw_time_parse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_event.h"
#include "core/pw_time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pw_event ev, ev2;
    static pw_buf out, out2;
    static int ready;
    if (!ready) {
        pw_event_init(&ev);
        pw_event_init(&ev2);
        ready = 1;
    }
    int64_t us;
    char ts[PW_RFC3339_MAX];
    if (pw_time_parse((const char *)data, size, &us, NULL) == 0) {
        size_t n = pw_time_format(us, ts);
        int64_t back;
        if (pw_time_parse(ts, n, &back, NULL) != 0 || back != us) abort();
    }
    if (pw_event_from_json(&ev, (const char *)data, size, NULL) != 0) return 0;
    pw_buf_reset(&out);
    pw_buf_reset(&out2);
    if (pw_event_to_json(&ev, &out, NULL) != 0) abort();
    if (pw_event_from_json(&ev2, out.data, out.len, NULL) != 0) abort();
    if (!pw_event_equal(&ev, &ev2)) abort();
    if (pw_event_to_json(&ev2, &out2, NULL) != 0) abort();
    if (out.len != out2.len || memcmp(out.data, out2.data, out.len) != 0) abort();
    return 0;
}
