/* schema_scope: rules of kind `scope` -- what a narrow kind of update can break, read from its title
 * (rules/scopes/). Where the fleet's data cannot tell two updates of the same hosts apart, an update whose title
 * names such a kind is not blamed for a symptom outside what it can touch beside one that can (correlate/
 * patch_scope.c). Owned with the correlation stage. */
#include "rules/rule_schema.h"

static const pw_cfg_key scope_keys[] = {
    {.name = "what", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED | PW_CFG_NONEMPTY,
     .desc = "the kind of update in words, for alerts (e.g. \".NET Framework update\")"},
    {.name = "titles", .type = PW_CFG_LIST, .item = PW_CFG_STRING, .flags = PW_CFG_REQUIRED,
     .desc = "an update whose title holds any of these (case-insensitive) is of this kind"},
    {.name = "affects", .type = PW_CFG_LIST, .item = PW_CFG_STRING,
     .desc = "it can explain a symptom whose event provider or program holds one of these (case-insensitive); "
             "any other symptom it cannot"},
    {.name = "description", .type = PW_CFG_STRING, .desc = "free text"},
    {.name = NULL},
};

const pw_cfg_table pw_rule_schema_scope = {.desc = "What a narrow kind of update can break (rules/scopes/).",
                                           .keys = scope_keys};
