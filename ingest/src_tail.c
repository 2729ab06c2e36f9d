/* src_tail: the `tail` and `jsonl` sources: log files and globs read line by line (ingest/tail.h, rotation
 * and checkpoints), each line parsed by `format`; `jsonl` is tail with format jsonl. follow: false reads to
 * the end and stops; true follows until the stop flag. Without a checkpoint, positions live in a temporary
 * file for as long as the source runs. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_config.h"
#include "core/pw_event.h"
#include "core/pw_time.h"
#include "ingest/sources.h"
#include "ingest/tail.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"

#define POLL_LINES 20000 /* lines per poll, then a checkpoint */

typedef struct tail_src {
    const pw_source_env *env;
    const char *glob, *checkpoint, *format;
    char tmp_ckpt[64];
    int follow, start_at_end;
    size_t max_line;
    long long interval_ms;
    pw_event ev;
    pw_syslog_parser sp;
} tail_src;

static int tail_live(const json_t *cfg) { return pw_config_get_bool(cfg, "follow", false); }
static int jsonl_live(const json_t *cfg)
{
    (void)cfg;
    return 0;
}

static int on_line(void *ud, const pw_tail_line *l, pw_error *err)
{
    tail_src *s = ud;
    int rc;
    if (strcmp(s->format, "syslog") == 0) {
        rc = pw_syslog_parser_parse(&s->sp, l->data, l->len, pw_time_now_us(), &s->ev, err);
    } else if (strcmp(s->format, "jsonl") == 0 || strcmp(s->format, "winevent-json") == 0) {
        rc = pw_winevent_json_parse_line(l->data, l->len, &s->ev, err);
    } else if (strcmp(s->format, "winevent-xml") == 0) {
        rc = pw_winevent_xml_parse_record(l->data, l->len, &s->ev, err);
    } else {
        pw_event_reset(&s->ev);
        rc = pw_event_set_str_lossy(&s->ev, "message", l->data, l->len, err);
    }
    if (rc) return -1;
    if (pw_event_set_str_lossy(&s->ev, "log.file.path", l->path, strlen(l->path), err)) return -1;
    if (l->truncated && (pw_event_set_bool(&s->ev, "patchwatch.truncated", true, err) ||
                         pw_event_set_int(&s->ev, "patchwatch.original_length", (int64_t)l->original_length, err)))
        return -1;
    return s->env->emit->event(s->env->emit->ud, &s->ev, err);
}

static int init_common(void **ctx, const json_t *cfg, const pw_source_env *env, const char *format, int follow,
                       pw_error *err)
{
    tail_src *s = calloc(1, sizeof *s);
    if (!s) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    s->env = env;
    s->glob = pw_config_get_str(cfg, "path", NULL);
    s->checkpoint = pw_config_get_str(cfg, "checkpoint", NULL);
    s->format = format;
    s->follow = follow;
    s->max_line = (size_t)pw_config_get_int(cfg, "max_line", 0);
    s->start_at_end = strcmp(pw_config_get_str(cfg, "start_at", "beginning"), "end") == 0;
    s->interval_ms = pw_config_get_duration_ms(cfg, "poll_interval", 1000);
    s->sp = (pw_syslog_parser)PW_SYSLOG_PARSER_INIT;
    s->sp.keep_original = pw_config_get_bool(cfg, "keep_original", false);
    pw_event_init(&s->ev);
    if (!s->glob) {
        free(s);
        return pw_error_set(err, PW_ERR_USAGE, "path is required");
    }
    *ctx = s;
    return 0;
}

static int tail_init(void **ctx, const json_t *cfg, const pw_source_env *env, pw_error *err)
{
    return init_common(ctx, cfg, env, pw_config_get_str(cfg, "format", "syslog"), tail_live(cfg), err);
}

static int jsonl_init(void **ctx, const json_t *cfg, const pw_source_env *env, pw_error *err)
{
    return init_common(ctx, cfg, env, "jsonl", 0, err);
}

static int tail_run(void *ctx, pw_error *err)
{
    tail_src *s = ctx;
    const char *ckpt = s->checkpoint;
    pw_tail *t = NULL;
    int rc = -1;
    if (!ckpt) { /* no checkpoint asked for: positions live only as long as this run */
        snprintf(s->tmp_ckpt, sizeof s->tmp_ckpt, "/tmp/patchwatch-tail-XXXXXX");
        int fd = mkstemp(s->tmp_ckpt);
        if (fd < 0) return pw_error_set(err, PW_ERR_IO, "cannot create a temporary checkpoint");
        close(fd);
        unlink(s->tmp_ckpt);
        ckpt = s->tmp_ckpt;
    }
    pw_tail_config tc = {.globs = &s->glob, .nglobs = 1, .checkpoint = ckpt, .max_line = s->max_line,
                         .start_at_end = s->start_at_end};
    int64_t trunc;
    if (!(t = pw_tail_open(&tc, NULL, &trunc, err))) goto out;
    for (;;) {
        long n = pw_tail_poll(t, POLL_LINES, on_line, s, err);
        if (n < 0) goto out;
        /* the bus took the batch: now the checkpoint (at least once) */
        if (n > 0 && pw_tail_commit(t, NULL, 0, err)) goto out;
        if (s->env->stop && *s->env->stop) break;
        if (n == 0 && !s->follow) break;
        if (n == 0) { /* idle: sleep in slices so a stop is seen within 100 ms */
            for (long long slept = 0; slept < s->interval_ms && !(s->env->stop && *s->env->stop); slept += 100)
                usleep((useconds_t)((s->interval_ms - slept < 100 ? s->interval_ms - slept : 100) * 1000));
        }
    }
    rc = 0;
out:
    pw_tail_close(t);
    if (ckpt == s->tmp_ckpt) unlink(s->tmp_ckpt);
    return rc;
}

static void tail_exit(void *ctx)
{
    tail_src *s = ctx;
    pw_event_free(&s->ev);
    pw_syslog_parser_free(&s->sp);
    free(s);
}

const pw_source_plugin pw_source_tail = {
    .name = "tail",
    .description = "log files and globs read line by line, with rotation and checkpoints (follow: like tail -F)",
    .config = &pw_source_cfg_tail,
    .is_live = tail_live,
    .init = tail_init,
    .run = tail_run,
    .exit = tail_exit,
};

const pw_source_plugin pw_source_jsonl = {
    .name = "jsonl",
    .description = "events as JSON lines (ECS nested or dotted keys, Winlogbeat), read to the end",
    .config = &pw_source_cfg_jsonl,
    .is_live = jsonl_live,
    .init = jsonl_init,
    .run = tail_run,
    .exit = tail_exit,
};
