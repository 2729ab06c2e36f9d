/* fuzz_report_text: report understanding (classification, negation, KB roles, packages, KB/event-id forms)
 * on arbitrary title and text bytes, straight into the extractor: the part of a community post no feed
 * format constrains. The first NUL (if any) splits title from text. Checks the invariants the correlator
 * relies on: a KB in kb_fix is never in kb_affected, both are subsets of kb, and the explain line fits. */
#include <stddef.h>
#include <stdint.h>
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
out:
    pw_advisory_free(&a);
    return 0;
}
