/* advisory_extract_defaults: the built-in extraction rules are the shipped rules/extract/ YAML files, embedded at
 * build time (parsers/advisory_extract_embed.cmake) and parsed here with the same YAML reader and rule schema
 * as a rules directory. So a user who has no rules directory gets exactly the shipped vocabulary, and one who
 * edits or deletes a rule file changes behaviour. Parsing ~100 KiB of YAML costs a few milliseconds, once per
 * extractor. */
#include <stdio.h>
#include <string.h>

#include "core/pw_config_doc.h"
#include "core/pw_config_schema.h"
#include "parsers/advisory_extract.h"
#include "rules/rule_schema.h"

extern const unsigned char *const pw_extract_builtin_data[];
extern const size_t pw_extract_builtin_sizes[];

static int add_rule(json_t *out, json_t *rule, const json_t *lines, const char *file, pw_error *err)
{
    pw_cfg_report rep = {.first = err};
    pw_cfg_ctx ctx = {.file = file, .lines = lines, .apply_defaults = true, .report = &rep};
    if (pw_cfg_validate(&pw_rule_schema, rule, "", &ctx) != 0) return -1;
    const char *kind = json_string_value(json_object_get(rule, "kind"));
    if (!kind || strcmp(kind, "extract") != 0) return 0; /* only extract rules live there; others are ignored */
    return json_array_append(out, rule) ? pw_error_set(err, PW_ERR_NOMEM, "out of memory") : 0;
}

json_t *pw_extract_builtin_rules(pw_error *err)
{
    json_t *out = json_array();
    if (!out) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t f = 0; f < pw_extract_builtin_count; f++) {
        pw_config_doc doc = {0};
        char name[128];
        snprintf(name, sizeof name, "(built-in) rules/extract/%s", pw_extract_builtin_names[f]);
        int rc = pw_config_doc_load_mem(&doc, (const char *)pw_extract_builtin_data[f], pw_extract_builtin_sizes[f],
                                        name, err);
        if (rc == 0 && json_is_array(doc.root)) {
            size_t i;
            json_t *r;
            json_array_foreach(doc.root, i, r) {
                if ((rc = add_rule(out, r, pw_config_lines_index(doc.lines, i), name, err)) != 0) break;
            }
        } else if (rc == 0 && json_is_object(doc.root)) {
            rc = add_rule(out, doc.root, doc.lines, name, err);
        }
        pw_config_doc_free(&doc);
        if (rc != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}
