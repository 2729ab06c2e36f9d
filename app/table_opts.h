/* app/table_opts: command-line options generated from config tables (core/pw_config_schema.h), for every
 * `ingest KIND` and `sink KIND`. A plugin's table is the one `config check` and `config docs` use, so the
 * flags, their defaults and --help cannot disagree with a configuration file. Options that are no config key
 * (`--out`, `--jobs`, `--in`, ...) are declared the same way, in a small command-only table next to the
 * command, so they get the same parsing, validation and help.
 *
 * Each key `some_key` is `--some-key VALUE`; a bool key is `--some-key` / `--no-some-key` (also
 * `--some-key true|false`); a list or map key may be repeated. Old spellings stay as aliases (a short
 * letter, another long name, a value spelled differently), listed beside the command and shown in --help
 * with the key they set. -h/--help and -v/--verbose are built in.
 *
 * Three steps: pw_topts_parse (argv -> raw key/value pairs), pw_topts_collect (pairs -> one JSON object per
 * table, typed), pw_topts_validate (defaults filled in, checked by the table). Nothing here allocates per
 * option beyond the JSON; the limits below are far above any table. */
#ifndef PW_APP_TABLE_OPTS_H
#define PW_APP_TABLE_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/pw_config_schema.h"

#define PW_TOPTS_TABLES 12  /* tables one command draws options from (sink: engine, input and every plugin) */
#define PW_TOPTS_FLAGS 192  /* generated long options */
#define PW_TOPTS_VALUES 128 /* option values on one command line */

/* An old or short spelling of a key. name NULL: only the short letter. */
/* The `out` option every ingest command has, one row of its command-line table. */
#define PW_TOPT_OUT_KEY                                                                                            \
    {.name = "out", .type = PW_CFG_STRING, .def = "-",                                                          \
     .desc = "'-' (stdout JSON lines), a file, or a bus endpoint (tcp://, ipc://)"}

typedef struct pw_topt_alias {
    const char *name;   /* long option without "--"; may equal the key's own dashed name (then it only adds
                           short, value or bare_unit to it) */
    int short_opt;      /* e.g. 'o'; 0: none */
    const char *key;    /* the config key it sets */
    const char *value;  /* a flag without argument that sets the key to this ("--once" -> follow "false");
                           NULL: takes the key's argument */
    const char *values; /* old value spellings: "raw=plain,..." (NULL: none) */
    const char *bare_unit; /* DURATION keys: a bare number means this unit ("ms"); overrides pw_topts' */
} pw_topt_alias;

typedef struct pw_topts_val {
    const char *key, *val; /* val NULL: a bool flag (neg says which) */
    const pw_topt_alias *alias;
    bool neg;
} pw_topts_val;

typedef struct pw_topts {
    /* set by the command */
    const char *cmd;                           /* "ingest syslog": for messages */
    const pw_cfg_table *tables[PW_TOPTS_TABLES]; /* every table whose keys are options, NULL-terminated */
    const pw_topt_alias *aliases;              /* terminated by {0}; may be NULL */
    const char *bare_unit;                     /* DURATION: a bare number means this unit (NULL: refused) */
    const char *multi;                         /* "|a|b|": scalar keys that may be repeated (an array) */
    /* "|key=value|": where a command's purpose differs from a configuration's (`ingest tail` follows like
     * tail -F; a tail source in a configuration reads to the end unless `follow: true`). --help shows both
     * defaults. Keep this list to what the command's name promises. */
    const char *overrides;
    /* filled by pw_topts_parse */
    pw_topts_val vals[PW_TOPTS_VALUES];
    size_t nvals;
    bool help;
    int verbose;
    /* getopt's tables */
    struct option opts[2 * PW_TOPTS_FLAGS + 4];
    char names[2 * PW_TOPTS_FLAGS][64];
    const char *optkey[2 * PW_TOPTS_FLAGS];
    const pw_topt_alias *optalias[2 * PW_TOPTS_FLAGS];
    bool optneg[2 * PW_TOPTS_FLAGS];
    size_t nopts;
} pw_topts;

/* Parses argv from argv[1] (argv[0] is the command's name). Operands are left in argv[optind..argc) (getopt
 * permutes, so options may follow them). Returns 0, or PW_EXIT_USAGE after printing why. -v raises the log
 * level (pw_log) at once. */
int pw_topts_parse(pw_topts *t, int argc, char **argv);

/* Puts every parsed value into objs[i] for the first of tabs[0..n) that has its key, converted to the key's
 * type. A value whose key none of tabs has is a usage error naming `what` ("sink jsonl"). */
int pw_topts_collect(const pw_topts *t, const pw_cfg_table *const *tabs, json_t *const *objs, size_t n,
                     const char *what);

/* Fills in the defaults of table into obj and checks it; repeated `multi` keys are checked one value at a
 * time. Returns 0, or PW_EXIT_USAGE after printing every problem. */
int pw_topts_validate(const pw_topts *t, const pw_cfg_table *table, json_t *obj);

/* One help block: a heading (may be NULL) and a line per key of table: flags and aliases, type, description,
 * choices, range and default, all from the table. skip: "|path|" keys not shown (given as operands). */
void pw_topts_help(const pw_topts *t, FILE *fp, const char *heading, const pw_cfg_table *table, const char *skip);
/* The built-in -v and -h lines. */
void pw_topts_help_builtin(FILE *fp);

/* Whether table declares key. */
bool pw_topts_has_key(const pw_cfg_table *table, const char *key);
/* "some_key" -> "some-key". */
void pw_topts_dashed(const char *key, char *out, size_t cap);

#endif
