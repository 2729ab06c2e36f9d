/* pw_config_schema: configuration declared as tables (name, type, default, description), Fluent Bit style.
 * One table per section drives validation, defaults and the reference docs (pw_cfg_markdown); there is no
 * second list to keep in sync. The config file (pw_config_tables.c) and every rule kind (rules/schema_*.c)
 * are tables of this form, validated by the same code against values from pw_config_doc.
 *
 * Errors are collected, not thrown: pw_cfg_validate reports every problem it finds (each as
 * "file:line: key: message") so `patchwatch config check` and `rules check` show them all at once. */
#ifndef PW_CONFIG_SCHEMA_H
#define PW_CONFIG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "core/pw_error.h"

typedef enum {
    PW_CFG_STRING,
    PW_CFG_INT,
    PW_CFG_NUMBER,   /* int or float */
    PW_CFG_BOOL,
    PW_CFG_ENUM,     /* a string out of `choices` ("a|b|c") */
    PW_CFG_DURATION, /* "500ms", "30s", "15m", "6h", "3d", "1w" (see pw_cfg_duration_parse) */
    PW_CFG_REGEX,    /* a PCRE2 pattern, compiled at check time */
    PW_CFG_PATH,     /* a file system path; relative ones are resolved against the config file's directory
                        when the loader is given a base directory ("-" means stdout/stdin, kept as is) */
    PW_CFG_OBJECT,   /* a mapping checked against `sub` */
    PW_CFG_MAP,      /* a mapping of free keys to strings (HTTP headers) */
    PW_CFG_LIST      /* a sequence of `item` values (choices/sub/range/flags apply to each item) */
} pw_cfg_type;

#define PW_CFG_REQUIRED 0x1u  /* the key must be present */
#define PW_CFG_RANGE 0x2u     /* min <= value <= max (int, number) */
#define PW_CFG_GROUP 0x4u     /* regex: must have at least one capture group (the extracted value) */
#define PW_CFG_NONEMPTY 0x8u  /* string, path, list or map must not be empty */

struct pw_cfg_table;

typedef struct pw_cfg_key {
    const char *name;
    pw_cfg_type type;
    unsigned flags;
    const char *def;     /* default as text ("1h", "true", "10000", JSON for lists); NULL = none */
    const char *desc;
    const char *choices; /* ENUM: "a|b|c" */
    double min, max;     /* with PW_CFG_RANGE */
    const struct pw_cfg_table *sub; /* OBJECT (or LIST of OBJECT) */
    pw_cfg_type item;    /* LIST: the type of each element */
    /* Extra check of a valid-typed value: returns 0, or -1 with a message in msg. NULL = none. */
    int (*check)(const json_t *v, char *msg, size_t size);
} pw_cfg_key;

typedef struct pw_cfg_variant {
    const char *value;                 /* the discriminator's value, e.g. "evtx" */
    const struct pw_cfg_table *table;  /* its own keys, in addition to the common ones */
} pw_cfg_variant;

typedef struct pw_cfg_table {
    const char *name; /* for docs: "sources[]", "stages.correlate", "source" (a rule kind) */
    const char *desc;
    const pw_cfg_key *keys;           /* terminated by a {NULL} entry */
    const char *variant_key;          /* e.g. "kind": its value picks one of variants (NULL = none) */
    const pw_cfg_variant *variants;   /* terminated by a {NULL} entry */
    const char *one_of;               /* "a|b": at least one of these keys must be present (NULL = none) */
} pw_cfg_table;

/* Where validation errors go: printed to `out` (if set) as they are found, the first one copied to `first`
 * (if set), all counted. */
typedef struct pw_cfg_report {
    FILE *out;
    pw_error *first;
    int errors;
} pw_cfg_report;

void pw_cfg_report_add(pw_cfg_report *r, const char *file, int line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Adds an already formatted "FILE:LINE: message" (a parse error from pw_config_doc). */
void pw_cfg_report_msg(pw_cfg_report *r, const char *msg);

typedef struct pw_cfg_ctx {
    const char *file;      /* for messages */
    const json_t *lines;   /* the line tree of the value being checked (pw_config_doc), or NULL */
    const char *base_dir;  /* resolve relative PATH values against it (NULL = leave them) */
    bool apply_defaults;   /* insert defaults for absent keys (and {} for absent OBJECT sections) */
    pw_cfg_report *report;
} pw_cfg_ctx;

/* Checks (and, per ctx, completes) obj against table. prefix: the key path of obj for messages ("" at the
 * top, "sources[0]" for a list item). Returns the number of errors found. */
int pw_cfg_validate(const pw_cfg_table *table, json_t *obj, const char *prefix, const pw_cfg_ctx *ctx);

/* Durations: digits followed by a unit ms, s, m, h, d or w ("90s", "15m", "1h"); a sum such as "1h30m" is
 * accepted. Result in milliseconds; -1 with a message on error. */
int pw_cfg_duration_parse(const char *s, long long *out_ms, pw_error *err);

/* The closest of n candidate names within a small edit distance of word (for "did you mean"), or NULL. */
const char *pw_cfg_suggest(const char *word, const char *const *candidates, size_t n);

/* Writes the reference of a table (and its sub-tables and variants) as Markdown tables. */
void pw_cfg_markdown(const pw_cfg_table *table, const char *title, FILE *out);

#endif
