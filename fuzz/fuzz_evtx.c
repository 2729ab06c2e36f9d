/* fuzz_evtx: libFuzzer target for the EVTX parser. Input starting with "ElfFile" is parsed as a whole file
 * (pw_evtx_open_mem); anything else is loaded as one chunk straight into a decoder, which puts the
 * fuzzer's mutations directly on the record framing, BinXML tokens, templates and values. Both paths render
 * XML and the ECS event of every record. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_log.h"
#include "parsers/evtx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        pw_log_set_level(PW_LOG_ERROR); /* damage reports are expected here */
        quiet = 1;
    }
    pw_event ev;
    pw_buf xml = PW_BUF_INIT;
    pw_event_init(&ev);
    if (size >= 7 && memcmp(data, "ElfFile", 7) == 0) {
        pw_error err;
        pw_evtx_file *f = pw_evtx_open_mem(data, size, "fuzz", &err);
        if (f) {
            while (pw_evtx_next_ex(f, &ev, &xml, NULL, &err) == 1) {
                pw_buf json = PW_BUF_INIT;
                pw_event_to_json(&ev, &json, NULL);
                pw_buf_free(&json);
            }
            pw_evtx_close(f);
        }
    } else {
        static pw_evtx_dec *d; /* reused, as a reader thread does: caches must not leak between chunks */
        if (!d) d = pw_evtx_dec_new("fuzz", NULL);
        uint8_t *chunk = malloc(size ? size : 1); /* exact size: ASan sees any overread */
        if (d && chunk) {
            memcpy(chunk, data, size);
            if (pw_evtx_dec_load(d, chunk, size, 0) == 0) {
                uint64_t id;
                while (pw_evtx_dec_next(d, &ev, &xml, &id) == 1) pw_buf_reset(&xml);
            }
        }
        free(chunk);
    }
    pw_event_free(&ev);
    pw_buf_free(&xml);
    return 0;
}
