/* sinks/out_jsonl: the jsonl sink plugin (see jsonl.h). A write error (disk full) is a RETRY: the engine keeps
 * the batch and tries again, so nothing is skipped; the file is flushed once per batch and when idle (the
 * engine calls idle about once a second), so a quiet stream is on disk within a second.
 *
 * Size rotation (max_size, keep), for files only: when the file has grown past max_size after a batch, it is
 * renamed PATH.1 (PATH.1 to PATH.2, ... up to PATH.keep, the oldest dropped) and a new PATH is opened, the way
 * logrotate's `rotate N` + `size` do it, so a reader that follows PATH by name (tail -F, Filebeat) sees a new
 * file. A batch is never split across two files. */
#include "sinks/jsonl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pw_config.h"
#include "core/pw_out.h"

#define JSONL_KEEP_MAX 100

typedef struct jsonl_sink {
    pw_out *out;
    char spec[4096];
    const char *file; /* the file's path inside spec, or NULL for stdout and bus endpoints */
    long long max_size, size;
    int keep;
} jsonl_sink;

static void jsonl_free(jsonl_sink *s)
{
    if (!s) return;
    if (s->out) pw_out_close(s->out, NULL);
    free(s);
}

static int jsonl_init(void **ctx, const json_t *cfg, pw_error *err)
{
    const char *path = json_string_value(json_object_get(cfg, "path"));
    json_t *v;
    jsonl_sink *s = calloc(1, sizeof *s);
    if (!s) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    snprintf(s->spec, sizeof s->spec, "%s", path ? path : "-");
    s->keep = 5;
    if ((v = json_object_get(cfg, "max_size")) && json_is_integer(v)) s->max_size = json_integer_value(v);
    if ((v = json_object_get(cfg, "keep")) && json_is_integer(v)) s->keep = (int)json_integer_value(v);
    if (s->keep < 1 || s->keep > JSONL_KEEP_MAX) s->keep = 5;
    if (strcmp(s->spec, "-") != 0 && !strstr(s->spec, "://"))
        s->file = strncmp(s->spec, "file:", 5) == 0 ? s->spec + 5 : s->spec;
    if (s->max_size > 0 && !s->file) {
        jsonl_free(s);
        return pw_error_set(err, PW_ERR_USAGE, "max_size rotates files; %s is not one", path ? path : "-");
    }
    struct stat st;
    if (s->file && stat(s->file, &st) == 0) s->size = (long long)st.st_size;
    if (!(s->out = pw_out_open(s->spec, err))) {
        jsonl_free(s);
        return -1;
    }
    *ctx = s;
    return 0;
}

/* PATH -> PATH.1 -> ... -> PATH.keep (dropped), then a fresh PATH. */
static int rotate(jsonl_sink *s, pw_error *err)
{
    if (pw_out_close(s->out, err)) {
        s->out = NULL;
        return -1;
    }
    s->out = NULL;
    char from[4200], to[4200];
    for (int i = s->keep; i >= 1; i--) {
        if (i == 1) snprintf(from, sizeof from, "%s", s->file);
        else snprintf(from, sizeof from, "%s.%d", s->file, i - 1);
        snprintf(to, sizeof to, "%s.%d", s->file, i);
        if (rename(from, to) != 0 && errno != ENOENT)
            return pw_error_set(err, PW_ERR_IO, "%s: rotating to %s: %s", from, to, strerror(errno));
    }
    s->size = 0;
    return (s->out = pw_out_open(s->spec, err)) ? 0 : -1;
}

static pw_flush_result jsonl_flush(void *ctx, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    jsonl_sink *s = ctx;
    pw_error e = {0};
    if (!s->out && !(s->out = pw_out_open(s->spec, &e))) { /* a rotation that could not reopen: try again */
        snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
        return PW_FLUSH_RETRY;
    }
    for (size_t i = 0; i < n; i++) {
        if (pw_out_raw(s->out, recs[i].topic, recs[i].json, recs[i].len, &e)) {
            /* lines before this one are written (a partial line cannot be taken back): those are OK */
            snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
            for (size_t k = 0; k < n; k++) rep->status[k] = k < i ? PW_FLUSH_OK : PW_FLUSH_RETRY;
            return PW_FLUSH_ERROR;
        }
        s->size += (long long)recs[i].len + 1;
    }
    if (pw_out_flush(s->out, &e)) {
        snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
        return PW_FLUSH_OK; /* the lines are in our buffer; the next flush writes them or fails */
    }
    if (s->max_size > 0 && s->size >= s->max_size && rotate(s, &e)) /* the batch is written: still OK */
        snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
    return PW_FLUSH_OK;
}

static int jsonl_idle(void *ctx, pw_error *err)
{
    jsonl_sink *s = ctx;
    return s->out ? pw_out_flush(s->out, err) : 0;
}

static void jsonl_exit(void *ctx) { jsonl_free(ctx); }

const pw_sink_plugin pw_sink_plugin_jsonl = {
    .name = "jsonl",
    .description = "JSON lines to stdout, a file (with size rotation) or a bus endpoint",
    .config = &pw_sink_cfg_jsonl,
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
    json_t *cfg = json_pack("{s:s, s:I, s:i}", "path", o->out ? o->out : "-", "max_size", (json_int_t)o->max_size,
                            "keep", o->keep ? o->keep : 5);
    rc = cfg ? jsonl_init(&ctx, cfg, err) : pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    json_decref(cfg);
    if (rc) goto out;
    rc = pw_sink_run_plugin(&o->input, &pw_sink_plugin_jsonl, ctx, st, err);
    jsonl_sink *s = ctx;
    pw_error cerr = {0};
    if (s->out && pw_out_close(s->out, &cerr) && rc == 0) {
        *err = cerr;
        rc = -1;
    }
    s->out = NULL;
    jsonl_free(s);
out:
    if (rc) pw_error_prefix(err, "sink jsonl");
    return rc;
}
