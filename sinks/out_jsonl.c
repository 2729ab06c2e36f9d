/* sinks/out_jsonl: the jsonl sink plugin (see jsonl.h). A write error (disk full) is a RETRY: the engine keeps
 * the batch and tries again, so nothing is skipped; the file is flushed once per batch and when idle. */
#include "sinks/jsonl.h"

#include <stdio.h>
#include <string.h>

#include "core/pw_out.h"

static const pw_cfg_key jsonl_keys[] = {
    {"path", PW_CFG_PATH, 0, "-", "file to append JSON lines to (`-`: stdout; file:PATH; or a bus endpoint); "
     "CLI: --out", NULL, 0, 0, NULL, 0, NULL},
    {NULL, 0, 0, NULL, NULL, NULL, 0, 0, NULL, 0, NULL},
};
static const pw_cfg_table jsonl_table = {"sinks[].jsonl", "JSON lines, one object per line.", jsonl_keys, NULL,
                                         NULL, NULL};

static int jsonl_init(void **ctx, const json_t *cfg, pw_error *err)
{
    const char *path = json_string_value(json_object_get(cfg, "path"));
    pw_out *o = pw_out_open(path ? path : "-", err);
    if (!o) return -1;
    *ctx = o;
    return 0;
}

static pw_flush_result jsonl_flush(void *ctx, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    pw_error e = {0};
    for (size_t i = 0; i < n; i++) {
        if (pw_out_raw(ctx, recs[i].topic, recs[i].json, recs[i].len, &e)) {
            /* lines before this one are written (a partial line cannot be taken back): those are OK */
            snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
            for (size_t k = 0; k < n; k++) rep->status[k] = k < i ? PW_FLUSH_OK : PW_FLUSH_RETRY;
            return PW_FLUSH_ERROR;
        }
    }
    if (pw_out_flush(ctx, &e)) {
        snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
        return PW_FLUSH_OK; /* the lines are in our buffer; the next flush writes them or fails */
    }
    return PW_FLUSH_OK;
}

static int jsonl_idle(void *ctx, pw_error *err) { return pw_out_flush(ctx, err); }

static void jsonl_exit(void *ctx)
{
    if (ctx) pw_out_close(ctx, NULL);
}

const pw_sink_plugin pw_sink_plugin_jsonl = {
    .name = "jsonl",
    .description = "JSON lines to stdout, a file or a bus endpoint",
    .config = &jsonl_table,
    .durable = 0,
    .batch_max = 512,
    .init = jsonl_init,
    .flush = jsonl_flush,
    .idle = jsonl_idle,
    .exit = jsonl_exit,
};

int pw_sink_jsonl_run(const pw_sink_jsonl_opts *o, pw_sink_stats *st, pw_error *err)
{
    void *ctx = NULL;
    int rc = -1;
    memset(st, 0, sizeof *st);
    if (!o->input.in) {
        pw_error_set(err, PW_ERR_USAGE, "no input endpoint");
        goto out;
    }
    json_t *cfg = json_pack("{s:s}", "path", o->out ? o->out : "-");
    rc = cfg ? jsonl_init(&ctx, cfg, err) : pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    json_decref(cfg);
    if (rc) goto out;
    rc = pw_sink_run_plugin(&o->input, &pw_sink_plugin_jsonl, ctx, st, err);
    pw_error cerr = {0};
    if (pw_out_close(ctx, &cerr) && rc == 0) {
        *err = cerr;
        rc = -1;
    }
out:
    if (rc) pw_error_prefix(err, "sink jsonl");
    return rc;
}
