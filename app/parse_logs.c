/* patchwatch parse for line and rendered-event formats: syslog, winevent-xml, winevent-json (NDJSON, objects
 * over several lines or arrays: the streaming splitter of parsers/winevent_json_split.c). Reads FILE (or
 * stdin for "-"), writes one JSON event per record through pw_out. Year-less syslog timestamps are dated
 * against the file's modification time (a log's lines were written before it was last modified), which
 * keeps the output of the same file the same on every run; stdin uses the current time. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "core/pw_time.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"

static int parse_lines(const pw_parse_opts *o, int fd, int64_t ref_us, pw_out *out, pw_error *err)
{
    pw_syslog_lines lr;
    pw_syslog_parser sp = PW_SYSLOG_PARSER_INIT;
    pw_event ev;
    int rc = -1;
    const char *line;
    size_t len;
    int trunc, r;
    unsigned long long lineno = 0;
    pw_event_init(&ev);
    if (pw_syslog_lines_init(&lr, fd, 0, err)) goto err;
    while ((r = pw_syslog_lines_next(&lr, &line, &len, &trunc, err)) == 1) {
        lineno++;
        if (pw_syslog_parser_parse(&sp, line, len, ref_us, &ev, err)) {
            pw_error_prefix(err, "%s:%llu", o->path, lineno);
            goto err;
        }
        if (trunc && (pw_event_set_bool(&ev, "patchwatch.truncated", true, err) ||
                      pw_event_set_int(&ev, "patchwatch.original_length", (int64_t)lr.last_length, err)))
            goto err;
        if (pw_out_event(out, &ev, err)) goto err;
    }
    if (r < 0) {
        pw_error_prefix(err, "%s", o->path);
        goto err;
    }
    if (lr.discarded)
        pw_log_warn("%s: over-long lines were cut at %zu bytes (flagged patchwatch.truncated); %llu bytes beyond "
                    "the cut were dropped", o->path, lr.max, (unsigned long long)lr.discarded);
    rc = 0;
err:
    pw_syslog_lines_free(&lr);
    pw_syslog_parser_free(&sp);
    pw_event_free(&ev);
    return rc;
}

/* Windows JSON: NDJSON, objects over several lines or arrays, cut by the streaming splitter. */
static int parse_json(const pw_parse_opts *o, int fd, pw_out *out, pw_error *err)
{
    pw_winevent_json_split sp;
    pw_event ev;
    int rc = -1, r;
    const char *val;
    size_t len;
    pw_event_init(&ev);
    pw_winevent_json_split_init(&sp, fd);
    while ((r = pw_winevent_json_split_next(&sp, &val, &len, err)) == 1) {
        if (pw_winevent_json_parse_line(val, len, &ev, err)) {
            pw_error_prefix(err, "%s: byte %llu (line %llu)", o->path, sp.val_off, sp.val_line);
            goto err;
        }
        if (pw_out_event(out, &ev, err)) goto err;
    }
    if (r < 0) {
        pw_error_prefix(err, "%s", o->path);
        goto err;
    }
    rc = 0;
err:
    pw_winevent_json_split_free(&sp);
    pw_event_free(&ev);
    return rc;
}

static int parse_xml(const pw_parse_opts *o, pw_out *out, pw_error *err)
{
    pw_event ev;
    int rc = -1, r;
    pw_event_init(&ev);
    pw_winevent_xml *x = pw_winevent_xml_open(o->path, err);
    if (!x) goto err;
    while ((r = pw_winevent_xml_next(x, &ev, err)) == 1) {
        /* read through the Windows Event Log API (wevtutil, Get-WinEvent): Winlogbeat's "wineventlog" */
        if (!pw_event_find(&ev, "patchwatch.parse_error") && pw_winevent_winlogbeat_fields(&ev, "wineventlog", err))
            goto err;
        if (pw_out_event(out, &ev, err)) goto err;
    }
    if (r < 0) goto err;
    rc = 0;
err:
    pw_winevent_xml_close(x);
    pw_event_free(&ev);
    return rc;
}

int pw_parse_logs_main(const pw_parse_opts *o)
{
    pw_error err;
    pw_error_clear(&err);
    int fd = -1, rc = -1;
    pw_out *out = pw_out_open(o->out, &err);
    if (!out) goto err;
    if (strcmp(o->format, "winevent-xml") == 0) {
        rc = parse_xml(o, out, &err);
    } else {
        int64_t ref = pw_time_now_us();
        struct stat st;
        if (strcmp(o->path, "-") == 0) {
            fd = STDIN_FILENO;
        } else if ((fd = open(o->path, O_RDONLY | O_CLOEXEC)) < 0) {
            pw_error_set(&err, PW_ERR_IO, "%s: %s", o->path, strerror(errno));
            goto err;
        } else if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            ref = (int64_t)st.st_mtim.tv_sec * 1000000 + st.st_mtim.tv_nsec / 1000;
        }
        rc = strcmp(o->format, "winevent-json") == 0 ? parse_json(o, fd, out, &err)
                                                     : parse_lines(o, fd, ref, out, &err);
    }
err:
    if (fd > STDIN_FILENO) close(fd);
    if (out && pw_out_close(out, rc ? NULL : &err)) rc = -1;
    if (rc) {
        fprintf(stderr, "patchwatch parse: %s\n", err.msg);
        return PW_EXIT_RUNTIME;
    }
    return PW_EXIT_OK;
}
