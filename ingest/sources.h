/* ingest/sources: the source registry. Every kind of input `run` can read is one row here (a
 * pw_source_plugin, core/pw_stage.h), and its config table is the one `config check` and `config docs` use
 * (core/pw_config_tables.c exports them; test_sources checks the two lists agree). A new source is one
 * src_*.c file, one table in pw_config_tables.c and one row in sources.c.
 *
 * pw_source_stage is the small engine every consumer shares: it finds the plugin for a config object,
 * stamps the common `host` key on events that carry none, and runs the plugin with the consumer's callbacks
 * (run: the bus; `ingest files`: a pw_out; tests: a counter). Three calls: init, run, exit. */
#ifndef PW_INGEST_SOURCES_H
#define PW_INGEST_SOURCES_H

#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#include "core/pw_error.h"
#include "core/pw_stage.h"

extern const pw_source_plugin pw_source_evtx, pw_source_syslog, pw_source_tail, pw_source_jsonl, pw_source_feeds,
    pw_source_files;

/* The registry, in documentation order; *n is set to its length. */
const pw_source_plugin *const *pw_sources(size_t *n);
/* The plugin of a kind, or NULL. */
const pw_source_plugin *pw_source_find(const char *kind);

typedef struct pw_source_stage {
    const pw_source_plugin *plugin;
    void *ctx;
    char name[64];
    const char *host;          /* the common `host` key, or NULL */
    pw_source_emit consumer;   /* what the caller gave */
    pw_source_emit emit;       /* what the plugin gets: host stamp, then consumer */
    pw_source_env env;
    int live;
} pw_source_stage;

/* cfg: one entry of `sources` (validated; kind, name, host as in the config); idx is its position (for
 * messages). An unnamed source is named by its kind (s->name). On failure err says why; the caller names
 * the source (run: "stage NAME failed: ..."). */
int pw_source_stage_init(pw_source_stage *s, const json_t *cfg, size_t idx, const pw_source_emit *emit,
                         const volatile sig_atomic_t *stop, const struct pw_rules *rules, pw_error *err);
int pw_source_stage_run(pw_source_stage *s, pw_error *err);
void pw_source_stage_exit(pw_source_stage *s);

#endif
