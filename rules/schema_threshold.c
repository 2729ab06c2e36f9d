/* schema_threshold: rules of kind `threshold` -- when a patch/signature difference becomes an alert
 * (rules/thresholds/). Owned with the correlation stage, whose built-in defaults apply to absent keys. */
#include "rules/rule_schema.h"

static const pw_cfg_key threshold_keys[] = {
    {.name = "min_hosts", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 1000000,
     .desc = "patched hosts showing the signature before an alert"},
    {.name = "min_rate_ratio", .type = PW_CFG_NUMBER, .flags = PW_CFG_RANGE, .min = 1, .max = 1e6,
     .desc = "lower confidence bound of the patched/unpatched rate ratio that must be exceeded"},
    {.name = "confidence", .type = PW_CFG_NUMBER, .flags = PW_CFG_RANGE, .min = 0, .max = 1,
     .desc = "confidence level of that bound"},
    {.name = "window_hours", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 8760,
     .desc = "hours after the install in which the signature counts"},
    {.name = "baseline_hours", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 8760,
     .desc = "hours before the install that form the host's baseline"},
    {.name = "reboot_grace_hours", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 168,
     .desc = "hours after the install whose events are ignored (install reboot noise)"},
    {.name = "single_host_hours", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 8760,
     .desc = "one patched host may alert for a signature new to the fleet that recurred on it this long (0: off)"},
    {.name = "applies_to", .type = PW_CFG_STRING, .desc = "glob on the patch id, e.g. KB50*"},
    {.name = "description", .type = PW_CFG_STRING, .desc = "free text"},
    {.name = NULL},
};

const pw_cfg_table pw_rule_schema_threshold = {.desc = "Alert thresholds (rules/thresholds/).",
                                               .keys = threshold_keys};
