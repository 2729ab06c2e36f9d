/* ingest/file_reader: export files and feed documents to events and advisories (see file_reader.h). This
 * was replay's own reader (correlate/replay_inputs.c); it moved here so that the `files` source of `run`
 * and `replay` are one code path.
 *
 * Line reading uses a 4 MiB buffer and memchr; a line longer than PW_FILE_READER_MAX_LINE is skipped to its
 * end and counted as damage. .json files go through the streaming splitter (parsers/winevent_json_split.c),
 * so a JSON array of events (Winlogbeat, Get-WinEvent | ConvertTo-Json) reads like NDJSON; .jsonl/.ndjson
 * stay on the line path, which is the hot one (tens of millions of lines in bench/detect --big). */
#include "ingest/file_reader.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_buf.h"
#include "core/pw_event.h"
#include "core/pw_log.h"
#include "core/pw_time.h"
#include "parsers/advisory_extract.h"
#include "parsers/advisory_parse.h"
#include "parsers/event_fastjson.h"
#include "parsers/evtx.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"

#define READ_BUF ((size_t)4 << 20)
#define STOP_EVERY 4096 /* records between looks at the stop flag */

struct pw_file_reader {
    pw_file_reader_opts o;
    const pw_source_emit *emit; /* of the call in progress */
    pw_event ev;
    pw_buf scratch;
    char *buf;
    int warned;
    unsigned long long since_stop_check;
    pw_syslog_parser sp;
    pw_extractor *ex;
    const char *dir_host; /* of the file in progress, or NULL */
};

pw_file_reader *pw_file_reader_new(const pw_file_reader_opts *o, pw_error *err)
{
    pw_file_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->buf = malloc(READ_BUF))) {
        free(r);
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (o) r->o = *o;
    if (!r->o.log_prefix) r->o.log_prefix = "files";
    pw_event_init(&r->ev);
    r->sp = (pw_syslog_parser)PW_SYSLOG_PARSER_INIT;
    r->sp.keep_original = r->o.keep_original;
    if (!(r->ex = pw_extractor_new(r->o.rules, err))) {
        pw_file_reader_free(r);
        return NULL;
    }
    return r;
}

void pw_file_reader_free(pw_file_reader *r)
{
    if (!r) return;
    pw_event_free(&r->ev);
    pw_buf_free(&r->scratch);
    free(r->buf);
    pw_syslog_parser_free(&r->sp);
    pw_extractor_free(r->ex);
    free(r);
}

static void damage(pw_file_reader *r, const char *path, unsigned long long line, const char *msg)
{
    if (r->warned++ < PW_FILE_READER_WARN_MAX) pw_log_warn("%s: %s:%llu: %s (skipped)", r->o.log_prefix, path, line, msg);
    if (r->emit->damage) r->emit->damage(r->emit->ud, path, line, msg);
}

static bool stopped(pw_file_reader *r)
{
    if (!r->o.stop || ++r->since_stop_check < STOP_EVERY) return false;
    r->since_stop_check = 0;
    return *r->o.stop != 0;
}

/* Host fallback, then the consumer. */
static int deliver(pw_file_reader *r, pw_error *err)
{
    pw_event *ev = &r->ev;
    if (r->dir_host && !pw_event_get_str(ev, "host.name", NULL) && !pw_event_get_str(ev, "winlog.computer_name", NULL) &&
        !pw_event_get_str(ev, "log.syslog.hostname", NULL) && pw_event_set_cstr(ev, "host.name", r->dir_host, err))
        return -1;
    return r->emit->event(r->emit->ud, ev, err);
}

/* The directory holding the file, as a host name for events that carry none. */
static void dir_host_of(const char *path, char *out, size_t cap)
{
    out[0] = '\0';
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return;
    const char *start = slash - 1;
    while (start > path && start[-1] != '/') start--;
    size_t n = (size_t)(slash - start);
    if (n == 0 || n >= cap) return;
    memcpy(out, start, n);
    out[n] = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

typedef int (*line_fn)(pw_file_reader *r, const char *path, unsigned long long lineno, char *line, size_t len,
                       void *ud, pw_error *err);

/* Calls fn for each line (without the newline, NUL-terminated in place). */
static int for_each_line(pw_file_reader *r, const char *path, line_fn fn, void *ud, pw_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: cannot open", path);
    size_t have = 0;
    unsigned long long lineno = 0;
    bool skipping = false;
    int rc = 0;
    for (;;) {
        size_t got = fread(r->buf + have, 1, READ_BUF - have - 1, f);
        have += got;
        if (have == 0) break;
        size_t pos = 0;
        for (;;) {
            char *nl = memchr(r->buf + pos, '\n', have - pos);
            if (!nl) break;
            size_t len = (size_t)(nl - (r->buf + pos));
            *nl = '\0';
            lineno++;
            if (!skipping && len > 0 && fn(r, path, lineno, r->buf + pos, len, ud, err)) {
                rc = -1;
                goto out;
            }
            if (stopped(r)) goto out;
            skipping = false;
            pos += len + 1;
        }
        if (got == 0) { /* last line without newline */
            if (pos < have && !skipping) {
                r->buf[have] = '\0';
                lineno++;
                if (fn(r, path, lineno, r->buf + pos, have - pos, ud, err)) rc = -1;
            }
            break;
        }
        memmove(r->buf, r->buf + pos, have - pos);
        have -= pos;
        if (have >= READ_BUF - 1) { /* a line longer than the buffer: damage, skip to its end */
            damage(r, path, lineno + 1, "line longer than the reader's limit");
            skipping = true;
            have = 0;
        }
    }
out:
    if (ferror(f)) rc = pw_error_set(err, PW_ERR_IO, "%s: read error", path);
    fclose(f);
    return rc;
}

/* One JSON event: the fast decoder for the common ECS shape, the full Windows/ECS decoder otherwise. */
static int json_event(pw_file_reader *r, const char *path, unsigned long long lineno, const char *text, size_t len,
                      pw_error *err)
{
    pw_error e2 = {0};
    int fr = pw_fastjson_event(&r->ev, &r->scratch, text, len, &e2);
    if (fr == 0) { /* not the simple shape: the full decoders */
        if (pw_winevent_json_parse_line(text, len, &r->ev, &e2)) fr = -1;
        else fr = pw_event_find(&r->ev, "patchwatch.parse_error") ? -1 : 1;
    }
    if (fr < 0) {
        damage(r, path, lineno, e2.msg[0] ? e2.msg : "invalid JSON event");
        return 0;
    }
    return deliver(r, err);
}

static int json_event_line(pw_file_reader *r, const char *path, unsigned long long lineno, char *line, size_t len,
                           void *ud, pw_error *err)
{
    (void)ud;
    return json_event(r, path, lineno, line, len, err);
}

/* .json: NDJSON, objects over several lines or a JSON array of objects, cut by the streaming splitter. */
static int read_json_doc(pw_file_reader *r, const char *path, pw_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    pw_winevent_json_split sp;
    pw_winevent_json_split_init(&sp, fd);
    const char *val;
    size_t len;
    int n, rc = 0;
    pw_error e2 = {0};
    while ((n = pw_winevent_json_split_next(&sp, &val, &len, &e2)) == 1) {
        if (json_event(r, path, sp.val_line, val, len, err)) {
            rc = -1;
            break;
        }
        if (stopped(r)) break;
    }
    if (n < 0) damage(r, path, sp.line, e2.msg); /* broken structure: what came before it was read */
    pw_winevent_json_split_free(&sp);
    close(fd);
    return rc;
}

/* "2025-07-08 10:00:01" or "2025-07-08T10:00:01..." at the start of a line (dpkg.log, apt history
 * "Start-Date: 2025-07-08  10:00:01", CBS.log "2025-07-08 10:00:01, Info ..."). */
static int leading_time(const char *s, size_t len, int64_t *ts, size_t *skip)
{
    size_t off = 0;
    if (len > 12 && strncmp(s, "Start-Date: ", 12) == 0) off = 12;
    if (len < off + 19) return -1;
    const char *p = s + off;
    for (int i = 0; i < 19; i++) {
        char ch = p[i];
        bool ok = (i == 4 || i == 7) ? ch == '-' : (i == 13 || i == 16) ? ch == ':' : i == 10 ? (ch == ' ' || ch == 'T') : isdigit((unsigned char)ch);
        if (!ok) return -1;
    }
    char tmp[32];
    memcpy(tmp, p, 19);
    tmp[10] = 'T';
    memcpy(tmp + 19, "Z", 2);
    if (pw_time_parse(tmp, 20, ts, NULL)) return -1;
    size_t k = off + 19;
    while (k < len && (s[k] == ' ' || s[k] == ',' || isdigit((unsigned char)s[k]) || s[k] == '.')) k++;
    *skip = off ? 0 : k;
    return 0;
}

typedef struct log_ctx {
    int64_t last_ts, now;
} log_ctx;

static int log_line(pw_file_reader *r, const char *path, unsigned long long lineno, char *line, size_t len, void *ud,
                    pw_error *err)
{
    log_ctx *lc = ud;
    int64_t ts;
    size_t skip = 0;
    if (leading_time(line, len, &ts, &skip) == 0) {
        /* a plain timestamped log line (dpkg.log, CBS.log, apt history) */
        lc->last_ts = ts;
        pw_event_reset(&r->ev);
        pw_event_set_time(&r->ev, ts);
        if (pw_event_set_str_lossy(&r->ev, "message", line + skip, len - skip, err) ||
            pw_event_set_cstr(&r->ev, "log.file.path", path, err) ||
            (r->o.keep_original && pw_event_set_str_lossy(&r->ev, "event.original", line, len, err)))
            return -1;
        return deliver(r, err);
    }
    if (line[0] == '<' || (len > 3 && isupper((unsigned char)line[0]) && line[3] == ' ')) {
        if (pw_syslog_parser_parse(&r->sp, line, len, lc->now, &r->ev, err)) return -1;
        if (!pw_event_find(&r->ev, "patchwatch.parse_error")) {
            if (pw_event_set_cstr(&r->ev, "log.file.path", path, err)) return -1;
            lc->last_ts = r->ev.ts_us;
            return deliver(r, err);
        }
    }
    if (lc->last_ts == PW_TS_NONE) {
        damage(r, path, lineno, "log line without a timestamp");
        return 0;
    }
    /* a continuation line (apt history "Upgrade: ..."): the time of the record it belongs to */
    pw_event_reset(&r->ev);
    pw_event_set_time(&r->ev, lc->last_ts);
    if (pw_event_set_str_lossy(&r->ev, "message", line, len, err) ||
        pw_event_set_cstr(&r->ev, "log.file.path", path, err) ||
        (r->o.keep_original && pw_event_set_str_lossy(&r->ev, "event.original", line, len, err)))
        return -1;
    return deliver(r, err);
}

int pw_file_reader_events(pw_file_reader *r, const char *path, const pw_source_emit *emit, pw_error *err)
{
    char dir_host[256];
    dir_host_of(path, dir_host, sizeof dir_host);
    r->dir_host = dir_host[0] ? dir_host : NULL;
    r->emit = emit;
    r->warned = 0;
    int rc = 0;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) {
        rc = for_each_line(r, path, json_event_line, NULL, err) ? -1 : 1;
    } else if (ends_with(path, ".json")) {
        rc = read_json_doc(r, path, err) ? -1 : 1;
    } else if (ends_with(path, ".log")) {
        struct stat sb;
        log_ctx lc = {PW_TS_NONE, 0};
        /* RFC 3164 lines have no year: the file's time stands in for "now" (stable across runs) */
        if (stat(path, &sb) == 0) lc.now = (int64_t)sb.st_mtime * 1000000;
        rc = for_each_line(r, path, log_line, &lc, err) ? -1 : 1;
    } else if (ends_with(path, ".evtx")) {
        pw_evtx_file *f = pw_evtx_open(path, err);
        if (!f) {
            rc = -1;
            goto out;
        }
        int n;
        while ((n = pw_evtx_next(f, &r->ev, err)) == 1)
            if (deliver(r, err) || stopped(r)) break;
        pw_evtx_close(f);
        rc = n < 0 || (n == 1 && !(r->o.stop && *r->o.stop)) ? -1 : 1;
    } else if (ends_with(path, ".xml")) {
        pw_winevent_xml *x = pw_winevent_xml_open(path, err);
        if (!x) {
            rc = -1;
            goto out;
        }
        int n;
        while ((n = pw_winevent_xml_next(x, &r->ev, err)) == 1) {
            if (pw_event_find(&r->ev, "patchwatch.parse_error")) {
                damage(r, path, 0, "damaged <Event> record");
                continue;
            }
            if (deliver(r, err) || stopped(r)) break;
        }
        pw_winevent_xml_close(x);
        rc = n < 0 || (n == 1 && !(r->o.stop && *r->o.stop)) ? -1 : 1;
    }
out:
    r->dir_host = NULL;
    return rc;
}

/* ---- advisories ---- */

static int adv_cb(const pw_advisory *a, void *ud)
{
    pw_file_reader *r = ud;
    pw_error e = {0};
    return r->emit->advisory(r->emit->ud, a, &e);
}

static int adv_line(pw_file_reader *r, const char *path, unsigned long long lineno, char *line, size_t len, void *ud,
                    pw_error *err)
{
    (void)ud;
    pw_advisory a;
    pw_advisory_init(&a);
    pw_error e2 = {0};
    if (pw_advisory_from_json(&a, line, len, &e2)) {
        damage(r, path, lineno, e2.msg);
        pw_advisory_free(&a);
        return 0;
    }
    if (r->ex && pw_extractor_apply(r->ex, &a, &e2)) damage(r, path, lineno, e2.msg);
    int rc = r->emit->advisory(r->emit->ud, &a, err);
    pw_advisory_free(&a);
    return rc;
}

static const char *feed_format(const char *path, const char *data, size_t len)
{
    if (ends_with(path, ".html") || ends_with(path, ".htm")) return "html";
    if (ends_with(path, ".json")) {
        if (memmem(data, len, "\"document\"", 10) && memmem(data, len, "csaf", 4)) return "csaf";
        return "release-health";
    }
    if (ends_with(path, ".xml") || ends_with(path, ".rss") || ends_with(path, ".atom")) {
        if (memmem(data, len, "cvrfdoc", 7)) return "cvrf";
        if (memmem(data, len, "<feed", 5)) return "atom";
        return "rss";
    }
    return NULL;
}

int pw_file_reader_advisories(pw_file_reader *r, const char *path, const pw_source_emit *emit, pw_error *err)
{
    r->emit = emit;
    r->warned = 0;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
        return for_each_line(r, path, adv_line, NULL, err) ? -1 : 1;
    if (!feed_format(path, "", 0) && !ends_with(path, ".json")) return 0; /* not a feed document by its name */
    FILE *f = fopen(path, "rb");
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: cannot open", path);
    char *data = malloc(PW_FILE_READER_MAX_DOC + 1);
    size_t len = data ? fread(data, 1, PW_FILE_READER_MAX_DOC + 1, f) : 0;
    fclose(f);
    if (!data || len > PW_FILE_READER_MAX_DOC) {
        free(data);
        return pw_error_set(err, PW_ERR_LIMIT, "%s: feed document missing or over %zu bytes", path,
                            PW_FILE_READER_MAX_DOC);
    }
    const char *fmt = feed_format(path, data, len);
    const char *base = strrchr(path, '/');
    pw_advisory_opts ao = {.name = path, .extractor = r->ex};
    int rc = pw_advisory_parse_ex(fmt, data, len, base ? base + 1 : path, &ao, adv_cb, r, err) < 0 ? -1 : 1;
    free(data);
    return rc;
}

static int api_events(void *ctx, const char *path, const pw_source_emit *emit, pw_error *err)
{
    return pw_file_reader_events(ctx, path, emit, err);
}

static int api_advisories(void *ctx, const char *path, const pw_source_emit *emit, pw_error *err)
{
    return pw_file_reader_advisories(ctx, path, emit, err);
}

pw_source_files_api pw_file_reader_api(pw_file_reader *r)
{
    return (pw_source_files_api){.ctx = r, .read_events = api_events, .read_advisories = api_advisories};
}

/* ---- listing ---- */

static int walk(const char *dir, const char *glob, bool recursive, int depth, pw_strlist *out, pw_error *err)
{
    if (depth > PW_FILE_LIST_MAX_DEPTH) return 0;
    DIR *d = opendir(dir);
    if (!d) return pw_error_set(err, PW_ERR_IO, "%s: cannot open directory: %s", dir, strerror(errno));
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path) continue;
        struct stat sb;
        if (stat(path, &sb) != 0) continue;
        if (S_ISDIR(sb.st_mode)) {
            if (recursive) rc = walk(path, glob, recursive, depth + 1, out, err);
        } else if (S_ISREG(sb.st_mode) && (!glob || fnmatch(glob, de->d_name, 0) == 0)) {
            if (out->n >= PW_FILE_LIST_MAX || pw_strlist_add(out, path))
                rc = pw_error_set(err, PW_ERR_LIMIT, "%s: too many files (at most %d)", dir, PW_FILE_LIST_MAX);
        }
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int pw_file_list(const char *path, const char *glob, bool recursive, pw_strlist *out, pw_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    size_t first = out->n;
    if (!S_ISDIR(sb.st_mode)) return pw_strlist_add(out, path) ? pw_error_set(err, PW_ERR_NOMEM, "out of memory") : 0;
    if (walk(path, glob, recursive, 0, out, err)) return -1;
    qsort(out->v + first, out->n - first, sizeof *out->v, cmp_str);
    return 0;
}
