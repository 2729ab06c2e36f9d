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
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "core/pw_time.h"
#include "ingest/tail.h"
#include "parsers/syslog.h"

#define BATCH_LINES 20000 /* lines per checkpoint: ~1 checkpoint write per 2-5 MB of output */
#define MAX_GLOBS 256

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest tail GLOB... --checkpoint FILE [OPTIONS]\n"
                "Follow log files like tail -F (rotation by rename and copytruncate, compressed files ignored)\n"
                "and write one JSON event per line; a restart resumes where the checkpoint says.\n\n"
                "  -k, --checkpoint FILE  where positions are kept (written atomically)\n"
                "  -o, --out SPEC         '-' (stdout, default), a file, or a bus endpoint (tcp://, ipc://)\n"
                "  -f, --format FMT       syslog (default: parse each line as syslog) or raw (message = line)\n"
                "  -i, --interval MS      how often to look for new lines when idle (default 100)\n"
                "  -1, --once             read what is there now, then exit\n"
                "      --keep-original    syslog: event.original on every line (default: only on lines that do\n"
                "                         not parse cleanly; the config key is keep_original)\n"
                "  -h, --help             show this help\n"
                "Exactly once across crashes when the output is a regular file; at least once otherwise.\n");
}

typedef struct ctx {
    pw_event ev;
    pw_syslog_parser sp;
    int raw;
    int64_t now_us;
    pw_buf batch; /* exact mode: the rendered batch */
    pw_out *out;  /* stream mode */
} ctx;

static int on_line(void *ud, const pw_tail_line *l, pw_error *err)
{
    ctx *c = ud;
    pw_event *ev = &c->ev;
    if (c->raw) {
        pw_event_reset(ev);
        if (pw_event_set_str_lossy(ev, "message", l->data, l->len, err)) return -1;
    } else if (pw_syslog_parser_parse(&c->sp, l->data, l->len, c->now_us, ev, err)) {
        return -1;
    }
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
    static const struct option opts[] = {
        {"checkpoint", required_argument, NULL, 'k'}, {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},     {"interval", required_argument, NULL, 'i'},
        {"once", no_argument, NULL, '1'},             {"help", no_argument, NULL, 'h'},
        {"keep-original", no_argument, NULL, 'K'},    {NULL, 0, NULL, 0},
    };
    const char *checkpoint = NULL, *out_spec = "-";
    int once = 0, c;
    long interval_ms = 100;
    ctx cx = {.batch = PW_BUF_INIT};
    optind = 0; /* 0, not 1: glibc then also resets its permutation state left by the main parser */
    while ((c = getopt_long(argc, argv, "k:o:f:i:1h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': checkpoint = optarg; break;
        case 'o': out_spec = optarg; break;
        case 'f':
            if (strcmp(optarg, "raw") == 0) cx.raw = 1;
            else if (strcmp(optarg, "syslog") != 0)
                return pw_app_usage_error("ingest tail", "--format is syslog or raw, not '%s'", optarg);
            break;
        case 'i': {
            char *end;
            interval_ms = strtol(optarg, &end, 10);
            if (*end || interval_ms < 1 || interval_ms > 60000)
                return pw_app_usage_error("ingest tail", "--interval wants 1..60000 ms, not '%s'", optarg);
            break;
        }
        case '1': once = 1; break;
        case 'K': cx.sp.keep_original = 1; break;
        case 'h': usage(stdout); return PW_EXIT_OK;
        default: usage(stderr); return PW_EXIT_USAGE;
        }
    }
    if (!checkpoint) return pw_app_usage_error("ingest tail", "--checkpoint FILE is required");
    if (optind >= argc) return pw_app_usage_error("ingest tail", "give at least one file or glob");
    if (argc - optind > MAX_GLOBS) return pw_app_usage_error("ingest tail", "at most %d globs", MAX_GLOBS);

    pw_error err;
    pw_error_clear(&err);
    int rc = PW_EXIT_RUNTIME, fd = -1, own_fd = 0;
    pw_tail *t = NULL;
    pw_tail_out_file of, *ofp = NULL;
    pw_event_init(&cx.ev);
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
    pw_tail_config cfg = {.globs = (const char *const *)argv + optind, .nglobs = (size_t)(argc - optind),
                          .checkpoint = checkpoint};
    int64_t cut;
    if (!(t = pw_tail_open(&cfg, ofp, &cut, &err))) goto done;
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
        long n = pw_tail_poll(t, BATCH_LINES, on_line, &cx, &err);
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
            if (pw_tail_commit(t, ofp, (int64_t)cx.batch.len, &err) || write_all(fd, cx.batch.data, cx.batch.len, &err))
                goto done;
        } else if (n > 0) {
            if (strcmp(out_spec, "-") == 0 && fflush(stdout) != 0) {
                pw_error_set(&err, PW_ERR_IO, "stdout: %s", strerror(errno));
                goto done;
            }
            if (pw_tail_commit(t, NULL, 0, &err)) goto done;
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
    if (t && pw_tail_discarded(t))
        pw_log_warn("ingest tail: over-long lines were cut (flagged patchwatch.truncated); %llu bytes beyond the "
                    "maximum line length discarded", (unsigned long long)pw_tail_discarded(t));
    pw_tail_close(t);
    if (own_fd) close(fd);
    pw_event_free(&cx.ev);
    pw_syslog_parser_free(&cx.sp);
    pw_buf_free(&cx.batch);
    if (rc != PW_EXIT_OK) fprintf(stderr, "patchwatch ingest tail: %s\n", err.msg);
    return rc;
}
