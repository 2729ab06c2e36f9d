/* schema_patch: rules of kind `patch` -- how to recognise that a host installed (or removed, or is about to
 * install) an update, from its events (rules/patches/). Owned with the correlation stage. */
#include "rules/rule_schema.h"

static const pw_cfg_key match_keys[] = {
    {.name = "provider", .type = PW_CFG_STRING, .desc = "event.provider, e.g. Microsoft-Windows-WindowsUpdateClient"},
    {.name = "channel", .type = PW_CFG_STRING, .desc = "winlog.channel, e.g. System"},
    {.name = "event_ids", .type = PW_CFG_LIST, .item = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 65535,
     .desc = "event ids that mean the action happened"},
    {.name = "program", .type = PW_CFG_STRING, .desc = "syslog APP-NAME / program, e.g. dpkg, dnf"},
    {.name = "message_regex", .type = PW_CFG_REGEX, .desc = "the message must match"},
    {.name = "source", .type = PW_CFG_ENUM, .choices = "evtx|syslog|file", .desc = "where the event came from"},
    {.name = NULL},
};
static const pw_cfg_table match_table = {.desc = "All given conditions must hold.", .keys = match_keys};

static const pw_cfg_key extract_keys[] = {
    {.name = "kb", .type = PW_CFG_REGEX, .flags = PW_CFG_GROUP, .desc = "captures the KB number"},
    {.name = "package", .type = PW_CFG_REGEX, .desc = "captures the package name"},
    {.name = "version", .type = PW_CFG_REGEX, .desc = "captures the package version"},
    {.name = "field", .type = PW_CFG_STRING, .desc = "event field to apply the regexes to (default: message)"},
    {.name = NULL},
};
static const pw_cfg_table extract_table = {.desc = "How to get the update's id out of a matching event.",
                                           .keys = extract_keys};

static const pw_cfg_key patch_keys[] = {
    {.name = "platform", .type = PW_CFG_ENUM, .flags = PW_CFG_REQUIRED, .choices = "windows|linux",
     .desc = "operating system family"},
    {.name = "description", .type = PW_CFG_STRING, .desc = "free text"},
    {.name = "action", .type = PW_CFG_ENUM, .choices = "install|uninstall|pending", .def = "install",
     .desc = "what a matching event means"},
    {.name = "match", .type = PW_CFG_OBJECT, .sub = &match_table, .desc = "which events"},
    {.name = "extract", .type = PW_CFG_OBJECT, .sub = &extract_table, .desc = "which update"},
    {.name = NULL},
};

const pw_cfg_table pw_rule_schema_patch = {.desc = "Recognising a patch install from events (rules/patches/).",
                                           .keys = patch_keys};
