/* advisory_extract: the rule shape the extractor compiles (from `kind: extract` rules or the built-in
 * defaults, which are the shipped rules/extract/ files embedded at build time) - shared by
 * advisory_extract.c, advisory_extract_class.c, the defaults loader, and tests. */
#ifndef PW_ADVISORY_EXTRACT_H
#define PW_ADVISORY_EXTRACT_H

#include <stddef.h>

#include <jansson.h>

#include "parsers/advisory_parse.h"

typedef struct pw_extract_def {
    const char *name;
    const char *field;     /* kb | cve | event_id | error_code | product | component | status | package |
                              regression | fix | informational | negation | negation_before | negation_after |
                              kb_fix_before | kb_fix_after | kb_affected_before | kb_affected_after | anchor */
    const char *pattern;   /* PCRE2; NULL when words are given */
    const char *value;     /* template: "$0" whole match, "$1".."$9" groups, else literal; NULL = group 1 or $0 */
    const char *normalize; /* upper | lower | none: applied to each group before substitution */
    const char *const *words; /* literal phrases (NULL = none): compiled into one pattern */
    size_t nwords;
    double weight;         /* class cues; 0 = 1 */
    const char *version;   /* package: version template; NULL = "$2" */
    const char *scope;     /* class cues: title | body | any (NULL = any): where a phrase counts */
    const char *lang;      /* ISO 639-1 of the words, or NULL: a cue, role or negation word of a language other than
                              English does not fire on a post plainly written in another language */
} pw_extract_def;

/* Builds an extractor from an explicit table (tests, and rules after validation). */
pw_extractor *pw_extractor_new_defs(const pw_extract_def *defs, size_t n, pw_error *err);
/* Builds one from validated rule objects (kind: extract), as pw_rules or the built-in defaults hold them.
 * origin(i, &line) names the file of rule i for errors (may be NULL). */
pw_extractor *pw_extractor_new_json(const json_t *const *rules, size_t n,
                                    const char *(*origin)(const void *ud, size_t i, int *line), const void *ud,
                                    pw_error *err);

/* The built-in defaults: the shipped rules/extract/ YAML files, embedded at build time, parsed and validated
 * against the rule schema. A JSON array of rule objects (new reference), or NULL with err. */
json_t *pw_extract_builtin_rules(pw_error *err);
/* The classifier's evidence for the last advisory pw_extractor_apply classified, before it decided: a fixed
 * vector (PW_EXTRACT_NFEAT entries, named by pw_extract_feature_names), for bench_reports --features and for
 * fitting weights outside the program (bench/reports_fit.py). Zeros before any advisory was classified. */
enum {
    PW_FEAT_REG, PW_FEAT_FIX, PW_FEAT_INFO,            /* summed cue weight per class (title doubled) */
    PW_FEAT_HEAD_REG, PW_FEAT_HEAD_FIX, PW_FEAT_HEAD_INFO, /* ... of strong cues in the headline */
    PW_FEAT_STRONG_REG, PW_FEAT_STRONG_FIX,            /* a cue of weight >= 1 was seen (0/1) */
    PW_FEAT_ANCHORED,                                  /* KB, package, vendor status or anchor phrase (0/1) */
    PW_FEAT_FIX_ASKED,                                 /* fix cue weight in questions */
    PW_FEAT_NEGATED, PW_FEAT_QUESTION, PW_FEAT_HYPO,   /* cue hits cancelled / asked / conditional */
    PW_FEAT_UNDO,                                      /* fix cues turned round by an undo word */
    PW_FEAT_KB, PW_FEAT_EVENT, PW_FEAT_PACKAGE, PW_FEAT_ERRCODE, /* counts, capped at 5 */
    PW_FEAT_TITLE,                                     /* the advisory has a title (0/1) */
    PW_EXTRACT_NFEAT
};
extern const char *const pw_extract_feature_names[PW_EXTRACT_NFEAT];
const double *pw_extractor_features(const pw_extractor *x);

/* Names of the embedded files, for tests ("class_regression.yaml", ...), and how many there are. */
extern const char *const pw_extract_builtin_names[];
extern const size_t pw_extract_builtin_count;

#endif
