/* fuzz_config_yaml: the YAML/JSON loader (pw_config_doc) and the schema validator on arbitrary bytes, as the
 * config file and as a rule -- both are hand-edited files, so any byte sequence must give an error, never a
 * crash, a leak or a hang. */
#include <stddef.h>
#include <stdint.h>

#include "core/pw_config.h"
#include "rules/rule_schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw_config_doc doc;
    pw_error err;
    if (pw_config_doc_load_mem(&doc, (const char *)data, size, "fuzz.yaml", &err) == 0) {
        pw_cfg_report rep = {0};
        pw_cfg_ctx ctx = {.file = doc.name, .lines = doc.lines, .base_dir = "/base", .apply_defaults = true,
                          .report = &rep};
        json_t *copy = json_deep_copy(doc.root);
        pw_cfg_validate(&pw_config_schema, doc.root, "", &ctx);
        if (copy) pw_cfg_validate(&pw_rule_schema, copy, "", &ctx);
        json_decref(copy);
        pw_config_doc_free(&doc);
    }
    json_t *cfg = pw_config_load_mem((const char *)data, size, "fuzz.yaml", NULL, &err);
    json_decref(cfg);
    return 0;
}
