/* fuzz_report_text: report understanding (classification, negation, KB roles, packages, KB/event-id forms)
 * on arbitrary title and text bytes, straight into the extractor: the part of a community post no feed
 * format constrains. The first NUL (if any) splits title from text. Checks the invariants the correlator
 * relies on: a KB in kb_fix is never in kb_affected, both are subsets of kb, the explain line fits, and a version
 * read is blamed only where it is named (pw_advisory_blames_package, with the fix inside a blamed series). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/advisory_parse.h"

static pw_extractor *x;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw_error err;
    if (!x) x = pw_extractor_new(NULL, &err);
    if (!x) __builtin_trap();
    const char *nul = memchr(data, '\0', size);
    size_t tlen = nul ? (size_t)(nul - (const char *)data) : 0;
    pw_advisory a;
    pw_advisory_init(&a);
    a.id = strdup("fuzz");
    a.title = strndup((const char *)data, tlen);
    a.text = nul ? strndup(nul + 1, size - tlen - 1) : strndup((const char *)data, size);
    if (!a.id || !a.title || !a.text) goto out;
    if (pw_extractor_apply(x, &a, &err) != 0) goto out;
    for (size_t i = 0; i < a.kb_fix.n; i++)
        if (pw_strlist_has(&a.kb_affected, a.kb_fix.v[i]) || !pw_strlist_has(&a.kb, a.kb_fix.v[i])) __builtin_trap();
    for (size_t i = 0; i < a.kb_affected.n; i++)
        if (!pw_strlist_has(&a.kb, a.kb_affected.v[i])) __builtin_trap();
    if (a.report_class && (a.class_confidence < 0.0 || a.class_confidence > 1.0)) __builtin_trap();
    char line[256];
    if (pw_advisory_explain(&a, line, sizeof line) >= sizeof line) __builtin_trap();
    size_t i;
    const json_t *p;
    json_array_foreach(a.packages, i, p) { /* every version read, as a host's install: the blame and fix tests */
        const char *n = json_string_value(json_object_get(p, "name"));
        const char *v = json_string_value(json_object_get(p, "version"));
        snprintf(line, sizeof line, "%s=%s-1", n ? n : "x", v ? v : "");
        if (pw_advisory_blames_package(&a, line) && !pw_advisory_names_package(&a, line)) __builtin_trap();
        (void)pw_advisory_offers_package(&a, line);
    }
out:
    pw_advisory_free(&a);
    return 0;
}
