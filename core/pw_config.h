/* pw_config: the patchwatch configuration file (YAML or JSON) -- load, validate, read typed values.
 *
 *   json_t *cfg = pw_config_load_file("patchwatch.yaml", &err);   // parsed, checked, defaults applied
 *   long long shards = pw_config_get_int(cfg, "stages.correlate.shards", 1);
 *
 * The schema is one table (pw_config_tables.c); docs/configuration.md is generated from it. Every error
 * names file:line:key, e.g. "patchwatch.yaml:7: sources[0].pth: unknown key 'pth' (did you mean 'path'?)".
 * The parser and schema mechanism (pw_config_doc.h, pw_config_schema.h) also serve the rules loader. */
#ifndef PW_CONFIG_H
#define PW_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "core/pw_config_doc.h"
#include "core/pw_config_schema.h"
#include "core/pw_error.h"

extern const pw_cfg_table pw_config_schema;
/* Each sink kind's keys: the plugins (sinks/out_*.c, incidents/notify_sink.c) point at these, so `config check`,
 * `sink KIND --help` and its flags read one table. */
extern const pw_cfg_table pw_sink_cfg_jsonl, pw_sink_cfg_syslog, pw_sink_cfg_http, pw_sink_cfg_sqlite;
extern const pw_cfg_table pw_sink_cfg_slack, pw_sink_cfg_teams, pw_sink_cfg_smtp;
/* The `sources[]` table and each source kind's keys (the rows of ingest/sources.c point at these). */
extern const pw_cfg_table pw_source_cfg_table, pw_source_cfg_evtx, pw_source_cfg_syslog, pw_source_cfg_tail,
    pw_source_cfg_feeds, pw_source_cfg_jsonl, pw_source_cfg_files;

/* Parses and validates a configuration file, fills in defaults, and resolves relative paths against the
 * file's directory (made absolute). Returns a new reference, or NULL with the first error in err
 * ("FILE:LINE: KEY: message", followed by "(and N more errors)" when there are several). */
json_t *pw_config_load_file(const char *path, pw_error *err);
/* The same from memory (an embedded default); relative paths are resolved against base_dir when not NULL. */
json_t *pw_config_load_mem(const char *data, size_t len, const char *name, const char *base_dir, pw_error *err);
/* Validates a configuration file and prints every error as "FILE:LINE: KEY: message" to report (may be
 * NULL). Returns the number of errors; a file that cannot be read or parsed counts as one. */
int pw_config_check(const char *path, FILE *report);

/* Typed reads with defaults, for stages reading their section of a validated config. key is a dotted path
 * ("stages.correlate.shards"); a missing key, or a value of another type, gives def. */
const json_t *pw_config_get(const json_t *obj, const char *key);
const char *pw_config_get_str(const json_t *obj, const char *key, const char *def);
long long pw_config_get_int(const json_t *obj, const char *key, long long def);
double pw_config_get_num(const json_t *obj, const char *key, double def); /* ints read as numbers too */
bool pw_config_get_bool(const json_t *obj, const char *key, bool def);
/* A duration string ("15m") in milliseconds; def_ms when missing or malformed. */
long long pw_config_get_duration_ms(const json_t *obj, const char *key, long long def_ms);

#endif
