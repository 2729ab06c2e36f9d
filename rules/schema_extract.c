/* schema_extract: rules of kind `extract` -- how to pull KB numbers, CVEs, event ids, error codes, products
 * and status out of advisory text (rules/extract/). Owned with the feeds stage. */
#include "rules/rule_schema.h"

static const pw_cfg_key extract_keys[] = {
    {.name = "field", .type = PW_CFG_ENUM, .flags = PW_CFG_REQUIRED,
     .choices = "kb|cve|event_id|error_code|product|component|status", .desc = "advisory field to fill"},
    {.name = "pattern", .type = PW_CFG_REGEX, .flags = PW_CFG_REQUIRED,
     .desc = "PCRE2 pattern; the first capture group (or the whole match) is the value"},
    {.name = "value", .type = PW_CFG_STRING, .desc = "a fixed value to set on a match (e.g. status resolved)"},
    {.name = "normalize", .type = PW_CFG_ENUM, .choices = "upper|lower|none", .def = "none",
     .desc = "case folding of the value"},
    {.name = "description", .type = PW_CFG_STRING, .desc = "free text"},
    {.name = NULL},
};

const pw_cfg_table pw_rule_schema_extract = {.desc = "Extraction from advisory text (rules/extract/).",
                                             .keys = extract_keys};
