/* libFuzzer target: rendered Windows event XML, as a stream (record cutting, damaged records) and as one
 * record; also the Winlogbeat JSON path. Nothing may crash, leak or hang, and every event must encode. */
#include <stdint.h>
#include <string.h>

#include "core/pw_log.h"
#include "parsers/winevent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pw_event ev;
    static pw_buf js;
    pw_error err;
    pw_log_set_level(PW_LOG_ERROR); /* damaged records are warned about; that is the normal case here */
    pw_winevent_xml *r = pw_winevent_xml_open_mem((const char *)data, size, "fuzz", &err);
    if (!r) return 0;
    int rc, n = 0;
    while ((rc = pw_winevent_xml_next(r, &ev, &err)) == 1) {
        pw_buf_reset(&js);
        if (pw_event_to_json(&ev, &js, &err) != 0) __builtin_trap();
        if (++n > 100000) __builtin_trap(); /* more records than bytes/6 means a loop */
    }
    pw_winevent_xml_close(r);
    (void)pw_winevent_xml_parse_record((const char *)data, size, &ev, &err);
    if (pw_winevent_json_parse_line((const char *)data, size, &ev, &err) == 0) {
        pw_buf_reset(&js);
        if (pw_event_to_json(&ev, &js, &err) != 0) __builtin_trap();
    }
    return 0;
}
