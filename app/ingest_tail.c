/* patchwatch ingest tail: follow files and globs (ingest/tail), one JSON event per line. Wiring only.
 *
 * Output and checkpoint agree exactly when the output is a regular file (--out FILE, or stdout redirected
 * to a file): each batch is announced in the checkpoint before it is written, and a restart cuts off a
 * batch that was only partly written (see ingest/tail.h). To a pipe or a bus the batch is written first and
 * the checkpoint after it: after a crash the last batch may come again, but nothing is lost. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/table_opts.h"
#include "core/pw_config.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "core/pw_time.h"
#include "ingest/tail.h"
#include "ingest/sources.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"

#define BATCH_LINES 20000 /* lines per checkpoint: ~1 checkpoint write per 2-5 MB of output */
#define MAX_GLOBS 256

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static const pw_cfg_key cmd_keys[] = {
    PW_TOPT_OUT_KEY,
    {.name = NULL},
};
static const pw_cfg_table cmd_table = {.desc = "command line", .keys = cmd_keys};
/* the spellings this command had before its options came from the table */
static const pw_topt_alias aliases[] = {
    {.name = "out", .short_opt = 'o', .key = "out"},
    {.name = "checkpoint", .short_opt = 'k', .key = "checkpoint"},
    {.name = "format", .short_opt = 'f', .key = "format", .values = "raw=plain"},
    {.name = "interval", .short_opt = 'i', .key = "poll_interval", .bare_unit = "ms"},
    {.name = "once", .short_opt = '1', .key = "follow", .value = "false"},
    {0},
};
/* `ingest tail` is tail -F: it follows unless --once (--no-follow); a tail source in a configuration reads to
 * the end unless `follow: true` (replay, one-shot runs) */
#define OVERRIDES "|follow=true|"

static void usage(const pw_topts *t, FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest tail GLOB... --checkpoint FILE [OPTIONS]\n"
                "Follow log files like tail -F (rotation by rename and copytruncate, compressed files ignored)\n"
                "and write one JSON event per line; a restart resumes where the checkpoint says. --checkpoint is\n"
                "required here (exactly once across crashes when the output is a regular file; at least once\n"
                "otherwise).\n\n");
    pw_topts_help(t, fp, NULL, &cmd_table, NULL);
    pw_topts_help(t, fp, "Keys of the tail source (the same under `sources:` in a configuration):",
                  &pw_source_cfg_tail, "|path|");
    pw_topts_help_builtin(fp);
}

typedef struct ctx {
    pw_event ev;
    pw_syslog_parser sp;
    const char *format; /* syslog, winevent-json, winevent-xml, jsonl, plain: as the tail source */
    int64_t now_us;
    pw_buf batch; /* exact mode: the rendered batch */
    pw_out *out;  /* stream mode */
} ctx;

static int on_line(void *ud, const pw_tail_line *l, pw_error *err)
{
    ctx *c = ud;
    pw_event *ev = &c->ev;
    int rc;
    if (strcmp(c->format, "syslog") == 0) {
        rc = pw_syslog_parser_parse(&c->sp, l->data, l->len, c->now_us, ev, err);
    } else if (strcmp(c->format, "jsonl") == 0 || strcmp(c->format, "winevent-json") == 0) {
        rc = pw_winevent_json_parse_line(l->data, l->len, ev, err);
    } else if (strcmp(c->format, "winevent-xml") == 0) {
        rc = pw_winevent_xml_parse_record(l->data, l->len, ev, err);
    } else {
        pw_event_reset(ev);
        rc = pw_event_set_str_lossy(ev, "message", l->data, l->len, err);
    }
    if (rc) return -1;
    if (pw_event_set_cstr(ev, "log.file.path", l->path, err) || pw_event_set_int(ev, "log.offset", (int64_t)l->offset, err) ||
        (l->truncated && (pw_event_set_bool(ev, "patchwatch.truncated", true, err) ||
                          pw_event_set_int(ev, "patchwatch.original_length", (int64_t)l->original_length, err))))
        return -1;
    if (c->out) return pw_out_event(c->out, ev, err);
    if (pw_event_to_json(ev, &c->batch, err) || pw_buf_putc(&c->batch, '\n'))
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    return 0;
}

static int write_all(int fd, const char *p, size_t n, pw_error *err)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return pw_error_set(err, PW_ERR_IO, "write: %s", strerror(errno));
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int is_bus(const char *s) { return strstr(s, "://") != NULL; }

int pw_ingest_tail_main(int argc, char **argv)
{
    static pw_topts t; /* large (getopt tables): not on the stack */
    t = (pw_topts){.cmd = "ingest tail", .tables = {&pw_source_cfg_tail, &cmd_table}, .aliases = aliases,
                   .overrides = OVERRIDES};
    json_t *src = json_object(), *cmd = json_object();
    const pw_cfg_table *tabs[] = {&pw_source_cfg_tail, &cmd_table};
    json_t *objs[] = {src, cmd};
    ctx cx = {.batch = PW_BUF_INIT};
    int rc = PW_EXIT_USAGE, fd = -1, own_fd = 0;
    pw_error err;
    pw_error_clear(&err);
    pw_tail *t_ = NULL;
    pw_tail_out_file of, *ofp = NULL;
    pw_event_init(&cx.ev);
    if (pw_topts_parse(&t, argc, argv)) goto done;
    if (t.help) {
        usage(&t, stdout);
        rc = PW_EXIT_OK;
        goto done;
    }
    if (pw_topts_collect(&t, tabs, objs, 2, "ingest tail")) goto done;
    const char *given = json_string_value(json_object_get(src, "path"));
    if (optind >= argc && !given) {
        pw_app_usage_error("ingest tail", "give at least one file or glob");
        goto done;
    }
    if (!given) json_object_set_new(src, "path", json_string(argv[optind]));
    if (pw_topts_validate(&t, &pw_source_cfg_tail, src) || pw_topts_validate(&t, &cmd_table, cmd)) goto done;
    const char *checkpoint = pw_config_get_str(src, "checkpoint", NULL), *out_spec = pw_config_get_str(cmd, "out", "-");
    const char *globs[MAX_GLOBS];
    size_t nglobs = 0;
    if (given) globs[nglobs++] = given;
    for (int i = optind; i < argc && nglobs < MAX_GLOBS; i++) globs[nglobs++] = argv[i];
    if (!checkpoint) {
        pw_app_usage_error("ingest tail", "--checkpoint FILE is required");
        goto done;
    }
    if ((size_t)(argc - optind) + (given != NULL) > MAX_GLOBS) {
        pw_app_usage_error("ingest tail", "at most %d globs", MAX_GLOBS);
        goto done;
    }
    int once = !pw_config_get_bool(src, "follow", true);
    long long interval_ms = pw_config_get_duration_ms(src, "poll_interval", 1000);
    cx.format = pw_config_get_str(src, "format", "syslog");
    cx.sp.keep_original = pw_config_get_bool(src, "keep_original", false);
    rc = PW_EXIT_RUNTIME;

    /* exact mode when the output is a regular file */
    if (strcmp(out_spec, "-") == 0) {
        struct stat st;
        if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode)) fd = STDOUT_FILENO;
    } else if (!is_bus(out_spec)) {
        const char *path = strncmp(out_spec, "file:", 5) == 0 ? out_spec + 5 : out_spec;
        if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0) {
            pw_error_set(&err, PW_ERR_IO, "%s: %s", path, strerror(errno));
            goto done;
        }
        own_fd = 1;
    }
    if (fd >= 0) {
        struct stat st;
        if (fstat(fd, &st) < 0) {
            pw_error_set(&err, PW_ERR_IO, "output: %s", strerror(errno));
            goto done;
        }
        of = (pw_tail_out_file){st.st_dev, st.st_ino, (int64_t)st.st_size};
        ofp = &of;
    } else if (!(cx.out = pw_out_open(out_spec, &err))) {
        goto done;
    }
    pw_tail_config cfg = {.globs = globs, .nglobs = nglobs, .checkpoint = checkpoint,
                          .max_line = (size_t)pw_config_get_int(src, "max_line", 0),
                          .start_at_end = strcmp(pw_config_get_str(src, "start_at", "beginning"), "end") == 0};
    int64_t cut;
    if (!(t_ = pw_tail_open(&cfg, ofp, &cut, &err))) goto done;
    if (cut >= 0 && ftruncate(fd, cut) < 0) {
        pw_error_set(&err, PW_ERR_IO, "cutting the partly written batch off the output: %s", strerror(errno));
        goto done;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    while (!stop_flag) {
        cx.now_us = pw_time_now_us();
        pw_buf_reset(&cx.batch);
        long n = pw_tail_poll(t_, BATCH_LINES, on_line, &cx, &err);
        if (n < 0) goto done;
        if (n > 0 && ofp) {
            struct stat st;
            if (fstat(fd, &st) < 0) {
                pw_error_set(&err, PW_ERR_IO, "output: %s", strerror(errno));
                goto done;
            }
            of.size = (int64_t)st.st_size;
            /* stdout opened with '>' has no O_APPEND: write at the end all the same, where the checkpoint says */
            (void)lseek(fd, 0, SEEK_END);
            /* announce, then write: see ingest/tail.h */
            if (pw_tail_commit(t_, ofp, (int64_t)cx.batch.len, &err) || write_all(fd, cx.batch.data, cx.batch.len, &err))
                goto done;
        } else if (n > 0) {
            if (strcmp(out_spec, "-") == 0 && fflush(stdout) != 0) {
                pw_error_set(&err, PW_ERR_IO, "stdout: %s", strerror(errno));
                goto done;
            }
            if (pw_tail_commit(t_, NULL, 0, &err)) goto done;
        }
        if (n < BATCH_LINES) {
            if (once && n == 0) break;
            struct timespec ts = {interval_ms / 1000, (interval_ms % 1000) * 1000000};
            if (n == 0) nanosleep(&ts, NULL);
        }
    }
    rc = PW_EXIT_OK;
done:
    if (cx.out && pw_out_close(cx.out, rc == PW_EXIT_OK ? &err : NULL)) rc = PW_EXIT_RUNTIME;
    if (t_ && pw_tail_discarded(t_))
        pw_log_warn("ingest tail: over-long lines were cut (flagged patchwatch.truncated); %llu bytes beyond the "
                    "maximum line length discarded", (unsigned long long)pw_tail_discarded(t_));
    pw_tail_close(t_);
    if (own_fd) close(fd);
    pw_event_free(&cx.ev);
    pw_syslog_parser_free(&cx.sp);
    pw_buf_free(&cx.batch);
    if (rc == PW_EXIT_RUNTIME) fprintf(stderr, "patchwatch ingest tail: %s\n", err.msg);
    json_decref(src);
    json_decref(cmd);
    return rc;
}
