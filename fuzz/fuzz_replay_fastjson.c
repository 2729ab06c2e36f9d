/* fuzz_replay_fastjson: the replay's fast ECS line decoder against the full decoder. Whenever the fast path
 * accepts a line that pw_event_from_json also accepts, both must give the same event; the fast path must
 * never crash, read out of bounds or accept what it cannot represent. */
#include <stdint.h>
#include <stdlib.h>

#include "core/pw_event.h"
#include "parsers/event_fastjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pw_event fast, full;
    static pw_buf scratch = PW_BUF_INIT;
    static int init;
    if (!init) {
        pw_event_init(&fast);
        pw_event_init(&full);
        init = 1;
    }
    pw_error err = {0};
    int r = pw_fastjson_event(&fast, &scratch, (const char *)data, size, &err);
    if (r == 1 && pw_event_from_json(&full, (const char *)data, size, &err) == 0 && !pw_event_equal(&fast, &full))
        abort();
    return 0;
}
