/* src_files: the `files` source: event export files read once (ingest/file_reader.h), one after another in
 * path order. `replay` reads the same files through the same cursors (ingest/file_cursor.h), merged in
 * event-time order (ingest/file_merge.h), so a file gives the same events through either. */
#include <stdlib.h>

#include "core/pw_config.h"
#include "core/pw_log.h"
#include "ingest/file_reader.h"
#include "ingest/sources.h"

typedef struct files_src {
    const pw_source_env *env;
    const char *path, *glob;
    bool recursive;
    pw_file_reader *r;
} files_src;

static int files_live(const json_t *cfg)
{
    (void)cfg;
    return 0;
}

static int files_init(void **ctx, const json_t *cfg, const pw_source_env *env, pw_error *err)
{
    files_src *f = calloc(1, sizeof *f);
    if (!f) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    f->env = env;
    f->path = pw_config_get_str(cfg, "path", NULL);
    f->glob = pw_config_get_str(cfg, "glob", "*");
    f->recursive = pw_config_get_bool(cfg, "recursive", true);
    pw_file_reader_opts o = {.rules = env->rules, .keep_original = pw_config_get_bool(cfg, "keep_original", false),
                             .log_prefix = env->name, .stop = env->stop};
    if (!f->path) {
        free(f);
        return pw_error_set(err, PW_ERR_USAGE, "path is required");
    }
    if (!(f->r = pw_file_reader_new(&o, err))) {
        free(f);
        return -1;
    }
    *ctx = f;
    return 0;
}

static int files_run(void *ctx, pw_error *err)
{
    files_src *f = ctx;
    pw_strlist files = {0};
    int rc = -1;
    size_t read = 0;
    if (pw_file_list(f->path, f->glob, f->recursive, &files, err)) goto out;
    for (size_t i = 0; i < files.n && !(f->env->stop && *f->env->stop); i++) {
        int r = pw_file_reader_events(f->r, files.v[i], f->env->emit, err);
        if (r < 0) goto out;
        if (r == 0) pw_log_info("%s: %s: not an event file by its name, skipped", f->env->name, files.v[i]);
        read += (size_t)r;
    }
    pw_log_info("%s: %zu of %zu files read", f->env->name, read, files.n);
    rc = 0;
out:
    pw_strlist_free(&files);
    return rc;
}

static void files_exit(void *ctx)
{
    files_src *f = ctx;
    pw_file_reader_free(f->r);
    free(f);
}

const pw_source_plugin pw_source_files = {
    .name = "files",
    .description = "event export files read once (.evtx, .json arrays, .jsonl, .xml, .log), as replay reads them",
    .config = &pw_source_cfg_files,
    .is_live = files_live,
    .init = files_init,
    .run = files_run,
    .exit = files_exit,
};
