/* rule_schema: the table every rule is checked against -- `kind` selects the kind's table (see rule_schema.h);
 * `name` is common to all kinds. */
#include "rules/rule_schema.h"

#include <string.h>

static const pw_cfg_key rule_keys[] = {
    {.name = "kind", .type = PW_CFG_ENUM, .flags = PW_CFG_REQUIRED, .desc = "the kind of rule"},
    {.name = "name", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED | PW_CFG_NONEMPTY,
     .desc = "unique among the rules of its kind; referenced from alerts and logs"},
    {.name = NULL},
};

static const pw_cfg_variant rule_variants[] = {
    {"source", &pw_rule_schema_source},       {"patch", &pw_rule_schema_patch},
    {"signature", &pw_rule_schema_signature}, {"extract", &pw_rule_schema_extract},
    {"threshold", &pw_rule_schema_threshold}, {"scope", &pw_rule_schema_scope},
    {NULL, NULL},
};

const pw_cfg_table pw_rule_schema = {
    .desc = "Every rule has these keys; `kind` selects the rest.",
    .keys = rule_keys, .variant_key = "kind", .variants = rule_variants};

const char *const pw_rule_kind_names[PW_RULE_KINDS] = {"source", "patch", "signature", "extract", "threshold",
                                                           "scope"};

int pw_rule_kind_index(const char *kind)
{
    for (int i = 0; kind && i < PW_RULE_KINDS; i++)
        if (strcmp(pw_rule_kind_names[i], kind) == 0) return i;
    return -1;
}
