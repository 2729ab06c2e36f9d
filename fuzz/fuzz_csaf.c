/* fuzz_csaf: the JSON advisory parsers on arbitrary bytes - CSAF documents and ROLIE feeds, CSAF discovery,
 * MSRC CVRF JSON and Graph release health - with extraction applied to every advisory, as the poller does. */
#include <stddef.h>
#include <stdint.h>

#include "parsers/advisory_parse.h"

static pw_extractor *x;

static int sink(const pw_advisory *a, void *ud)
{
    (void)ud;
    pw_buf b = PW_BUF_INIT;
    if (pw_advisory_to_json(a, &b, NULL) != 0 || !a->id || !a->source) __builtin_trap(); /* everything emitted must encode */
    pw_buf_free(&b);
    return 0;
}

static int url_sink(const char *url, const char *format, void *ud)
{
    (void)url;
    (void)format;
    (void)ud;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw_error err;
    if (!x) x = pw_extractor_new(NULL, &err);
    pw_advisory_opts o = {.name = "fuzz", .extractor = x};
    const char *d = (const char *)data;
    pw_advisory_parse_ex("csaf", d, size, "fuzz", &o, sink, NULL, &err);
    pw_advisory_parse_ex("cvrf", d, size, "fuzz", &o, sink, NULL, &err);
    pw_advisory_parse_ex("release-health", d, size, "fuzz", &o, sink, NULL, &err);
    pw_csaf_discover(d, size, "fuzz", url_sink, NULL, &err);
    return 0;
}
