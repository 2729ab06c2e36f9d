/* fuzz_rss: the XML and HTML advisory parsers on arbitrary bytes - RSS/Atom, MSRC CVRF XML and HTML pages
 * with selectors - through xml_safe (entity declarations refused, no network), with extraction applied. */
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "parsers/advisory_parse.h"

static pw_extractor *x;
static json_t *selectors;

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
    pw_error err;
    if (!x) x = pw_extractor_new(NULL, &err);
    if (!selectors)
        selectors = json_pack("{s:s,s:s,s:s,s:s,s:s}", "item", "//div[@class='topic'] | //article", "title",
                              ".//a[1]", "link", ".//a/@href", "published", ".//time/@datetime", "id", "string(@data-id)");
    const char *d = (const char *)data;
    pw_advisory_opts o = {.name = "fuzz", .extractor = x};
    pw_advisory_parse_ex("rss", d, size, "fuzz", &o, sink, NULL, &err);
    pw_advisory_parse_ex("cvrf", d, size, "fuzz", &o, sink, NULL, &err);
    pw_advisory_parse_ex("html", d, size, "fuzz", &o, sink, NULL, &err);
    o.selectors = selectors;
    pw_advisory_parse_ex("html", d, size, "fuzz", &o, sink, NULL, &err);
    return 0;
}
