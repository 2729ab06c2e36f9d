/* fuzz_report_model: the report model file parser (parsers/advisory_model.c) on arbitrary bytes, and the
 * featurizer on arbitrary text with the model parsed. The first NUL (if any) splits the model file from the
 * post's text; the probability must be one. (The shipped model on arbitrary posts is fuzz_report_text's.) */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/advisory_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw_error err;
    const char *nul = memchr(data, '\0', size);
    size_t mlen = nul ? (size_t)(nul - (const char *)data) : size;
    pw_report_model *m = pw_report_model_parse((const char *)data, mlen, "fuzz", &err);
    if (!m) return 0;
    char *text = nul ? strndup(nul + 1, size - mlen - 1) : strdup("");
    if (text) {
        double p = pw_report_model_prob(m, text, text, NULL);
        if (!(p >= 0.0 && p <= 1.0) && p != -1.0) __builtin_trap();
    }
    free(text);
    pw_report_model_free(m);
    return 0;
}
