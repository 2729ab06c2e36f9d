/* rule_schema: the schema of a rule -- common keys (kind, name) plus one table per kind, each in its own
 * rules/schema_<kind>.c so the stage consuming a kind can extend its table without touching the others.
 * The mechanism (types, checks, defaults, docs) is core/pw_config_schema.h. */
#ifndef PW_RULE_SCHEMA_H
#define PW_RULE_SCHEMA_H

#include "core/pw_config_schema.h"

/* Per-kind tables (rules/schema_<kind>.c). */
extern const pw_cfg_table pw_rule_schema_source;
extern const pw_cfg_table pw_rule_schema_patch;
extern const pw_cfg_table pw_rule_schema_signature;
extern const pw_cfg_table pw_rule_schema_extract;
extern const pw_cfg_table pw_rule_schema_threshold;
extern const pw_cfg_table pw_rule_schema_scope;

/* A rule: `kind` picks one of the tables above, `name` is required for all. */
extern const pw_cfg_table pw_rule_schema;

/* Kinds in a fixed order; pw_rule_kind_index returns -1 for an unknown name. */
#define PW_RULE_KINDS 6
extern const char *const pw_rule_kind_names[PW_RULE_KINDS];
int pw_rule_kind_index(const char *kind);

#endif
