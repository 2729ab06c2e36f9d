/* fuzz_timeline_store: the timeline store's record intake (pw_tl_store_put) on arbitrary bytes, as the store
 * sink and `timeline --import` get them from the bus or from files, then a timeline built over whatever was
 * stored and printed (text and JSON). First byte picks the topic, the rest is the record. An in-memory store
 * is reopened every 2000 inputs so it does not grow without bound. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_time.h"
#include "timeline/timeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pw_tl_store *s;
    static unsigned runs;
    static FILE *devnull;
    static const char *topics[] = {"incident", "alert", "advisory", "notification", "event", "action"};
    if (size < 1) return 0;
    if (!devnull) devnull = fopen("/dev/null", "w");
    if (!s || ++runs % 2000 == 0) {
        pw_tl_store_close(s, NULL);
        pw_tl_store_opts o = {.evidence_cap = 3};
        s = pw_tl_store_open(":memory:", &o, NULL);
        if (!s) abort();
    }
    pw_error err = {0};
    const char *topic = topics[data[0] % 6];
    if (pw_tl_store_put(s, topic, (const char *)data + 1, size - 1, &err) == 0) {
        pw_tl t;
        pw_tl_query q = {.patch = "KB5062557", .from = PW_TS_NONE, .to = PW_TS_NONE};
        if (pw_tl_build(s, &q, &t, &err) == 0) {
            pw_tl_print_text(&t, devnull);
            pw_tl_print_json(&t, devnull);
        }
        pw_tl_free(&t);
    }
    return 0;
}
