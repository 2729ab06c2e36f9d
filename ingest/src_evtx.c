/* src_evtx: the `evtx` source: .evtx files or directories of them, resuming each file after the record id
 * its checkpoint holds (ingest/evtx_checkpoint.h). Records come from the same decoder (pw_evtx_next) as the
 * `files` source and replay, so the events are the same. The checkpoint is written after each file: a
 * crash repeats at most that file's new records (at least once), never loses them. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_config.h"
#include "core/pw_event.h"
#include "core/pw_log.h"
#include "ingest/evtx_checkpoint.h"
#include "ingest/file_reader.h"
#include "ingest/sources.h"
#include "parsers/evtx.h"

#define STOP_EVERY 4096 /* records between looks at the stop flag */

typedef struct evtx_src {
    const pw_source_env *env;
    const char *path, *glob, *checkpoint;
    bool recursive;
    pw_event ev;
} evtx_src;

static int evtx_live(const json_t *cfg)
{
    (void)cfg;
    return 0;
}

static int evtx_init(void **ctx, const json_t *cfg, const pw_source_env *env, pw_error *err)
{
    evtx_src *s = calloc(1, sizeof *s);
    if (!s) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    s->env = env;
    s->path = pw_config_get_str(cfg, "path", NULL);
    s->glob = pw_config_get_str(cfg, "glob", "*.evtx");
    s->recursive = pw_config_get_bool(cfg, "recursive", true);
    s->checkpoint = pw_config_get_str(cfg, "checkpoint", NULL);
    if (!s->path) {
        free(s);
        return pw_error_set(err, PW_ERR_USAGE, "path is required");
    }
    pw_event_init(&s->ev);
    *ctx = s;
    return 0;
}

/* One file from after_id on; *last_id the highest id passed on (or after_id). */
static int evtx_file(evtx_src *s, const char *path, uint64_t after_id, uint64_t *last_id, uint64_t *records,
                     pw_error *err)
{
    pw_evtx_file *f = pw_evtx_open(path, err);
    if (!f) return -1;
    int n, rc = 0;
    uint64_t id = 0, seen = 0;
    *last_id = after_id;
    while ((n = pw_evtx_next_ex(f, &s->ev, NULL, &id, err)) == 1) {
        if (id <= after_id && after_id) continue;
        if (s->env->emit->event(s->env->emit->ud, &s->ev, err)) {
            rc = -1;
            break;
        }
        if (id > *last_id) *last_id = id;
        (*records)++;
        if (++seen % STOP_EVERY == 0 && s->env->stop && *s->env->stop) break;
    }
    if (n < 0) rc = -1;
    pw_evtx_close(f);
    return rc;
}

static int evtx_run(void *ctx, pw_error *err)
{
    evtx_src *s = ctx;
    pw_strlist files = {0};
    pw_checkpoint cp;
    int rc = -1, failed = 0;
    uint64_t records = 0;
    if (pw_checkpoint_load(&cp, s->checkpoint, err)) return -1;
    if (pw_file_list(s->path, s->glob, s->recursive, &files, err)) goto out;
    for (size_t i = 0; i < files.n && !(s->env->stop && *s->env->stop); i++) {
        char abs[PATH_MAX];
        const char *key = realpath(files.v[i], abs) ? abs : files.v[i];
        uint64_t last = 0;
        pw_error ferr = {0};
        if (evtx_file(s, files.v[i], pw_checkpoint_get(&cp, key), &last, &records, &ferr) ||
            (s->checkpoint && (pw_checkpoint_set(&cp, key, last, &ferr) || pw_checkpoint_save(&cp, &ferr)))) {
            /* one unreadable file does not stop the others; the source reports failure at the end */
            pw_log_error("%s: %s", s->env->name, ferr.msg);
            if (!failed++) *err = ferr;
        }
    }
    pw_log_info("%s: %zu files, %llu records", s->env->name, files.n, (unsigned long long)records);
    rc = failed ? -1 : 0;
out:
    pw_strlist_free(&files);
    pw_checkpoint_free(&cp);
    return rc;
}

static void evtx_exit(void *ctx)
{
    evtx_src *s = ctx;
    pw_event_free(&s->ev);
    free(s);
}

const pw_source_plugin pw_source_evtx = {
    .name = "evtx",
    .description = "Windows event log files (.evtx), parsed natively, with per-file checkpoints",
    .config = &pw_source_cfg_evtx,
    .is_live = evtx_live,
    .init = evtx_init,
    .run = evtx_run,
    .exit = evtx_exit,
};
