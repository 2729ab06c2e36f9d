/* rules: the declarative knowledge of patchwatch (YAML files under rules/<kind>s/), loaded and validated at start.
 *
 * A rule file holds one rule (a mapping) or a list of rules; each rule has `kind:` (source, patch, signature,
 * extract, threshold) and `name:`, and is checked against its kind's table (rules/schema_<kind>.c) by the
 * config schema mechanism, so errors name file:line:key exactly like config errors. Regex keys are compiled
 * with PCRE2 when loading. Rule names are unique within a kind.
 *
 *   pw_rules *r = pw_rules_load("rules", &err);
 *   for (size_t i = 0; i < pw_rules_count(r, "patch"); i++) use(pw_rules_get(r, "patch", i));
 *   pw_rules_free(r); */
#ifndef PW_RULES_H
#define PW_RULES_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "core/pw_error.h"

/* Rule files in one directory tree; a runaway tree (or a symlink loop) is refused rather than walked. */
#define PW_RULES_FILES_MAX 10000
/* Directory nesting below the rules directory (rules/<kind>s/<vendor>/... needs 2-3). */
#define PW_RULES_DEPTH_MAX 8

typedef struct pw_rules pw_rules;

/* Loads and validates every *.yaml / *.yml file under dir (recursively, in sorted order; hidden files and
 * directories are skipped). Defaults are filled in. NULL on error, with the first error ("FILE:LINE: KEY:
 * message", plus "(and N more errors)") in err. */
pw_rules *pw_rules_load(const char *dir, pw_error *err);
/* Validates all files and prints every error as "FILE:LINE: KEY: message" to report (may be NULL); never
 * stops at the first. Returns the number of errors (an unreadable directory counts as one). */
int pw_rules_check(const char *dir, FILE *report);
/* Number of rules of a kind ("source", "patch", "signature", "extract", "threshold"); 0 for other names. */
size_t pw_rules_count(const pw_rules *r, const char *kind);
/* The i-th validated rule object of a kind (borrowed; lives as long as r), or NULL. */
const json_t *pw_rules_get(const pw_rules *r, const char *kind, size_t i);
/* The rule named name of a kind, or NULL. */
const json_t *pw_rules_find(const pw_rules *r, const char *kind, const char *name);
/* The file the rule came from (borrowed) and, if line is not NULL, its line. NULL if out of range. */
const char *pw_rules_origin(const pw_rules *r, const char *kind, size_t i, int *line);
/* Number of files read. */
size_t pw_rules_files(const pw_rules *r);
/* The directory the rules were loaded from (borrowed), or NULL. */
const char *pw_rules_dir(const pw_rules *r);
void pw_rules_free(pw_rules *r);

#endif
