/* schema_source: rules of kind `source` -- an advisory feed to poll (rules/sources/). Owned with the feeds
 * stage, which may add keys here. */
#include <stdio.h>
#include <string.h>

#include "rules/rule_schema.h"

static int check_url(const json_t *v, char *msg, size_t size)
{
    const char *s = json_string_value(v);
    if (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) return 0;
    snprintf(msg, size, "bad URL '%.80s' (expected http:// or https://)", s);
    return -1;
}

static const pw_cfg_key selector_keys[] = {
    {.name = "item", .type = PW_CFG_STRING, .desc = "selector of one entry"},
    {.name = "title", .type = PW_CFG_STRING, .desc = "selector of the title inside an entry"},
    {.name = "link", .type = PW_CFG_STRING, .desc = "selector of the link"},
    {.name = "published", .type = PW_CFG_STRING, .desc = "selector of the publication date"},
    {.name = "updated", .type = PW_CFG_STRING, .desc = "selector of the update date"},
    {.name = "text", .type = PW_CFG_STRING, .desc = "selector of the body text"},
    {.name = "id", .type = PW_CFG_STRING, .desc = "selector of a stable id"},
    {.name = NULL},
};
static const pw_cfg_table selector_table = {.desc = "Where the fields of an entry are in an HTML page.",
                                            .keys = selector_keys};

static const pw_cfg_key source_keys[] = {
    {.name = "url", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED, .check = check_url,
     .desc = "the feed's URL (https:// is verified)"},
    {.name = "format", .type = PW_CFG_ENUM, .flags = PW_CFG_REQUIRED,
     .choices = "csaf|csaf-provider|rolie|cvrf|rss|atom|release-health|html", .desc = "document format"},
    {.name = "interval", .type = PW_CFG_DURATION, .def = "1h", .desc = "how often to poll"},
    {.name = "enabled", .type = PW_CFG_BOOL, .def = "true", .desc = "false skips the source"},
    {.name = "ca_file", .type = PW_CFG_PATH, .desc = "CA bundle for this source (default: system)"},
    {.name = "max_bytes", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1024, .max = 268435456,
     .desc = "largest document accepted (default: the feeds source's max_bytes)"},
    {.name = "headers", .type = PW_CFG_MAP, .desc = "extra HTTP headers"},
    {.name = "redirect_allow", .type = PW_CFG_LIST, .item = PW_CFG_STRING,
     .desc = "host names a redirect may lead to besides the URL's own origin (default: none)"},
    {.name = "selectors", .type = PW_CFG_OBJECT, .sub = &selector_table, .desc = "for format html"},
    {.name = "description", .type = PW_CFG_STRING, .desc = "free text"},
    {.name = NULL},
};

const pw_cfg_table pw_rule_schema_source = {.desc = "An advisory feed to poll (rules/sources/).",
                                            .keys = source_keys};
