/* advisory_extract: the rule shape the extractor compiles (from `kind: extract` rules or the built-in
 * defaults) - shared by advisory_extract.c, its defaults table, and tests. */
#ifndef PW_ADVISORY_EXTRACT_H
#define PW_ADVISORY_EXTRACT_H

#include <stddef.h>

#include "parsers/advisory_parse.h"

typedef struct pw_extract_def {
    const char *name;
    const char *field;     /* kb | cve | event_id | error_code | product | component | status */
    const char *pattern;   /* PCRE2 */
    const char *value;     /* template: "$0" whole match, "$1".."$9" groups, else literal; NULL = group 1 or $0 */
    const char *normalize; /* upper | lower | none: applied to each group before substitution */
} pw_extract_def;

extern const pw_extract_def pw_extract_defaults[];
extern const size_t pw_extract_ndefaults;

/* Builds an extractor from an explicit table (tests, and rules after validation). */
pw_extractor *pw_extractor_new_defs(const pw_extract_def *defs, size_t n, pw_error *err);

#endif
