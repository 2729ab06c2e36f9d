/* fuzz_release_health: the Microsoft Graph release-health parser (parsers/release_health.c: service
 * announcement messages, issues, Windows Update known issues) on arbitrary bytes, alone so it gets the whole
 * time budget; extraction applied as the poller does. Everything emitted must encode. */
#include <stddef.h>
#include <stdint.h>

#include "parsers/advisory_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sink(const pw_advisory *a, void *ud)
{
    (void)ud;
    pw_buf b = PW_BUF_INIT;
    if (pw_advisory_to_json(a, &b, NULL) != 0 || !a->id || !a->source) __builtin_trap();
    pw_buf_free(&b);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pw_extractor *x;
    pw_error err;
    if (!x) x = pw_extractor_new(NULL, &err);
    pw_advisory_opts o = {.name = "fuzz", .extractor = x};
    pw_advisory_parse_ex("release-health", (const char *)data, size, "fuzz", &o, sink, NULL, &err);
    return 0;
}
