/* sinks/registry: the sink plugins as rows of one table (Fluent Bit's output plugin list). The rows built into
 * this library are jsonl, syslog and http; plugins that live in other stage libraries (store in timeline/,
 * slack/teams/smtp in incidents/) are added by the program at start with pw_sink_registry_add, since a stage
 * library does not link another. A new sink is one file with a pw_sink_plugin and one row or one add call. */
#ifndef PW_SINK_REGISTRY_H
#define PW_SINK_REGISTRY_H

#include "core/pw_stage.h"

#define PW_SINK_REGISTRY_MAX 32

/* Adds a plugin (kept by pointer; a static). Call before any thread looks plugins up. Returns 0, or -1 when the
 * name is taken or the table is full. */
int pw_sink_registry_add(const pw_sink_plugin *p);
/* The plugin named name, or NULL. */
const pw_sink_plugin *pw_sink_registry_find(const char *name);
/* The i-th plugin (0..), or NULL past the end: for --help and config docs. */
const pw_sink_plugin *pw_sink_registry_at(size_t i);

/* The keys every sink has beyond its plugin's: the engine's (queue_dir, fsync, queue_max, queue_full,
 * retries, dead_letter, name). */
extern const pw_cfg_table pw_sink_engine_table;
/* Fills in's engine fields from a sink's config object (strings borrowed from cfg). */
void pw_sink_input_from_cfg(const json_t *cfg, pw_stage_input *in);

#endif
