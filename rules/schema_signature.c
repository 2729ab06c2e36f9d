/* schema_signature: rules of kind `signature` -- known failure signatures worth naming (Failover Clustering
 * 5120/1135, Hyper-V, BitLocker...) (rules/signatures/). Owned with the signatures stage. */
#include "rules/rule_schema.h"

static const pw_cfg_key signature_keys[] = {
    {.name = "provider", .type = PW_CFG_STRING, .desc = "event.provider"},
    {.name = "event_ids", .type = PW_CFG_LIST, .item = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 65535,
     .desc = "event ids of the failure"},
    {.name = "params", .type = PW_CFG_LIST, .item = PW_CFG_STRING,
     .desc = "winlog.event_data names that identify the failure (part of the signature)"},
    {.name = "component", .type = PW_CFG_STRING, .desc = "affected component, for alerts"},
    {.name = "description", .type = PW_CFG_STRING, .desc = "free text"},
    {.name = "message_regex", .type = PW_CFG_REGEX, .desc = "the message must match"},
    {.name = NULL},
};

const pw_cfg_table pw_rule_schema_signature = {.desc = "A named failure signature (rules/signatures/).",
                                               .keys = signature_keys};
