/* fuzz_html_select: the HTML advisory parser (parsers/html_select.c) on arbitrary bytes, alone so it gets the
 * whole time budget: without selectors (articles, else the page) and with the XPath selectors a forum source
 * rule gives (item, title, link, published, id), the first input byte choosing which. Everything emitted must
 * encode as JSON with an id and a source. */
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

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
    static json_t *sel[2];
    pw_error err;
    if (size < 1) return 0;
    if (!x) x = pw_extractor_new(NULL, &err);
    if (!sel[0]) {
        sel[0] = json_pack("{s:s,s:s,s:s,s:s,s:s}", "item", "//div[@class='topic'] | //article", "title", ".//a[1]",
                           "link", ".//a/@href", "published", ".//time/@datetime", "id", "string(@data-id)");
        sel[1] = json_pack("{s:s,s:s,s:s}", "item", "//li", "title", "normalize-space(.)", "text", "concat(., '!')");
    }
    pw_advisory_opts o = {.name = "fuzz", .extractor = x, .base_url = "https://forum.example/t/"};
    if (data[0] % 3) o.selectors = sel[data[0] % 3 - 1];
    pw_advisory_parse_ex("html", (const char *)data + 1, size - 1, "fuzz", &o, sink, NULL, &err);
    return 0;
}
