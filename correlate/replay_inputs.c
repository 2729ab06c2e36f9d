/* replay_inputs: one file at a time into the engine. Event lines are decoded into one reused pw_event (no
 * allocation per record once warm), given a signature (the miner, when built and wanted) and handed to
 * pw_corr_add_event. A damaged line or record is counted, reported once with file:line, and skipped; the
 * rest of the file is read.
 *
 * Line reading uses a 4 MiB buffer and memchr; a line longer than REPLAY_MAX_LINE is skipped to its end. */
#include "correlate/replay_inputs.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "correlate/replay_fastjson.h"

#include "correlate/signature.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"
#include "parsers/evtx.h"
#include "parsers/advisory_parse.h"

#define REPLAY_BUF ((size_t)4 << 20)      /* read buffer */
#define REPLAY_MAX_LINE ((size_t)4 << 20) /* one JSON event or log line; longer is damage */
#define REPLAY_MAX_DOC ((size_t)64 << 20) /* one feed document */
#define REPLAY_WARN_MAX 5                 /* damage messages per file before going quiet */

struct replay_reader {
    int (*on_event)(const pw_event *, void *);
    int (*on_advisory)(const pw_advisory *, void *);
    void *obs_ud;
    pw_corr *c;
    pw_event ev;
    pw_buf scratch;
    char *buf;
    uint64_t events, bad, advisories;
    int warned;
    pw_sig_miner *miner;
    pw_syslog_parser sp;
    pw_extractor *ex;
};

replay_reader *replay_reader_new(pw_corr *c, const struct pw_rules *rules, bool use_miner, pw_error *err)
{
    replay_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->buf = malloc(REPLAY_BUF))) {
        free(r);
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->c = c;
    pw_event_init(&r->ev);
    if (use_miner) {
        pw_sig_config sc;
        pw_sig_config_default(&sc);
        r->miner = pw_sig_miner_new(&sc, (const pw_rules *)rules, err);
        if (!r->miner) goto err;
    }
    r->ex = pw_extractor_new((const pw_rules *)rules, err);
    if (!r->ex) goto err;
    return r;
err:
    replay_reader_free(r);
    return NULL;
}

void replay_reader_free(replay_reader *r)
{
    if (!r) return;
    pw_event_free(&r->ev);
    pw_buf_free(&r->scratch);
    free(r->buf);
    pw_sig_miner_free(r->miner);
    pw_syslog_parser_free(&r->sp);
    pw_extractor_free(r->ex);
    free(r);
}

void replay_reader_counts(const replay_reader *r, uint64_t *events, uint64_t *bad, uint64_t *advisories)
{
    *events = r->events;
    *bad = r->bad;
    *advisories = r->advisories;
}

static void damage(replay_reader *r, const char *path, uint64_t line, const char *msg)
{
    r->bad++;
    if (r->warned++ < REPLAY_WARN_MAX) pw_log_warn("replay: %s:%llu: %s (skipped)", path, (unsigned long long)line, msg);
}

void replay_reader_set_observers(replay_reader *r, int (*on_event)(const pw_event *, void *),
                                 int (*on_advisory)(const pw_advisory *, void *), void *ud)
{
    r->on_event = on_event;
    r->on_advisory = on_advisory;
    r->obs_ud = ud;
}

/* Signature (miner) + host fallback + engine. */
static int deliver(replay_reader *r, const char *path, const char *dir_host, pw_error *err)
{
    pw_event *ev = &r->ev;
    if (dir_host && !pw_event_get_str(ev, "host.name", NULL) && !pw_event_get_str(ev, "winlog.computer_name", NULL) &&
        !pw_event_get_str(ev, "log.syslog.hostname", NULL) && pw_event_set_cstr(ev, "host.name", dir_host, err))
        return -1;
    /* informational events are not failures: the engine ignores them, so they are not mined either */
    if (r->miner && pw_corr_counts_level(r->c, ev) && !pw_event_find(ev, "patchwatch.signature")) {
        pw_error e2 = {0};
        if (pw_sig_assign_event(r->miner, ev, &e2)) damage(r, path, 0, e2.msg);
    }
    r->events++;
    if (pw_corr_add_event(r->c, ev, err)) return -1;
    if (r->on_event && r->on_event(ev, r->obs_ud))
        return pw_error_set(err, PW_ERR_IO, "%s: the event observer failed", path);
    return 0;
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

typedef int (*line_fn)(replay_reader *r, const char *path, uint64_t lineno, char *line, size_t len, void *ud,
                       pw_error *err);

/* Calls fn for each line (without the newline, NUL-terminated in place). */
static int for_each_line(replay_reader *r, const char *path, line_fn fn, void *ud, pw_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: cannot open", path);
    size_t have = 0;
    uint64_t lineno = 0;
    bool skipping = false;
    int rc = 0;
    for (;;) {
        size_t got = fread(r->buf + have, 1, REPLAY_BUF - have - 1, f);
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
        if (have >= REPLAY_BUF - 1) { /* a line longer than the buffer: damage, skip to its end */
            damage(r, path, lineno + 1, "line longer than the replay limit");
            skipping = true;
            have = 0;
        }
    }
out:
    if (ferror(f)) rc = pw_error_set(err, PW_ERR_IO, "%s: read error", path);
    fclose(f);
    return rc;
}

static int json_event_line(replay_reader *r, const char *path, uint64_t lineno, char *line, size_t len, void *ud,
                           pw_error *err)
{
    const char *dir_host = ud;
    pw_error e2 = {0};
    int fr = pw_fastjson_event(&r->ev, &r->scratch, line, len, &e2);
    if (fr == 0) { /* not the simple shape: the full decoders */
        if (pw_winevent_json_parse_line(line, len, &r->ev, &e2)) fr = -1;
        else fr = pw_event_find(&r->ev, "patchwatch.parse_error") ? -1 : 1;
    }
    if (fr < 0) {
        damage(r, path, lineno, e2.msg[0] ? e2.msg : "invalid JSON event");
        return 0;
    }
    return deliver(r, path, dir_host, err);
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
    const char *dir_host;
    int64_t last_ts, now;
} log_ctx;

static int log_line(replay_reader *r, const char *path, uint64_t lineno, char *line, size_t len, void *ud,
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
            pw_event_set_cstr(&r->ev, "log.file.path", path, err))
            return -1;
        return deliver(r, path, lc->dir_host, err);
    }
    if (line[0] == '<' || (len > 3 && isupper((unsigned char)line[0]) && line[3] == ' ')) {
        if (pw_syslog_parser_parse(&r->sp, line, len, lc->now, &r->ev, err)) return -1;
        if (!pw_event_find(&r->ev, "patchwatch.parse_error")) {
            if (pw_event_set_cstr(&r->ev, "log.file.path", path, err)) return -1;
            lc->last_ts = r->ev.ts_us;
            return deliver(r, path, lc->dir_host, err);
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
        pw_event_set_cstr(&r->ev, "log.file.path", path, err))
        return -1;
    return deliver(r, path, lc->dir_host, err);
}

int replay_read_events(replay_reader *r, const char *path, pw_error *err)
{
    char dir_host[256];
    dir_host_of(path, dir_host, sizeof dir_host);
    r->warned = 0;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".json")) {
        if (for_each_line(r, path, json_event_line, dir_host[0] ? dir_host : NULL, err)) return -1;
        return 1;
    }
    if (ends_with(path, ".log")) {
        struct stat sb;
        log_ctx lc = {dir_host[0] ? dir_host : NULL, PW_TS_NONE, 0};
        /* RFC 3164 lines have no year: the file's time stands in for "now" (stable across runs) */
        if (stat(path, &sb) == 0) lc.now = (int64_t)sb.st_mtime * 1000000;
        if (for_each_line(r, path, log_line, &lc, err)) return -1;
        return 1;
    }
    if (ends_with(path, ".evtx")) {
        pw_evtx_file *f = pw_evtx_open(path, err);
        if (!f) return -1;
        int n;
        while ((n = pw_evtx_next(f, &r->ev, err)) == 1)
            if (deliver(r, path, dir_host[0] ? dir_host : NULL, err)) break;
        pw_evtx_close(f);
        return n < 0 ? -1 : 1;
    }
    if (ends_with(path, ".xml")) {
        pw_winevent_xml *x = pw_winevent_xml_open(path, err);
        if (!x) return -1;
        int n;
        while ((n = pw_winevent_xml_next(x, &r->ev, err)) == 1) {
            if (pw_event_find(&r->ev, "patchwatch.parse_error")) {
                damage(r, path, 0, "damaged <Event> record");
                continue;
            }
            if (deliver(r, path, dir_host[0] ? dir_host : NULL, err)) break;
        }
        pw_winevent_xml_close(x);
        return n < 0 ? -1 : 1;
    }
    return 0;
}

static int adv_cb(const pw_advisory *a, void *ud)
{
    replay_reader *r = ud;
    pw_error e = {0};
    if (pw_corr_add_advisory(r->c, a, &e)) return -1;
    if (r->on_advisory && r->on_advisory(a, r->obs_ud)) return -1;
    r->advisories++;
    return 0;
}

static int adv_line(replay_reader *r, const char *path, uint64_t lineno, char *line, size_t len, void *ud,
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
    int rc = pw_corr_add_advisory(r->c, &a, err);
    if (!rc && r->on_advisory && r->on_advisory(&a, r->obs_ud))
        rc = pw_error_set(err, PW_ERR_IO, "%s:%llu: the advisory observer failed", path, (unsigned long long)lineno);
    if (!rc) r->advisories++;
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

int replay_read_feed(replay_reader *r, const char *path, pw_error *err)
{
    r->warned = 0;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) {
        if (for_each_line(r, path, adv_line, NULL, err)) return -1;
        return 1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: cannot open", path);
    char *data = malloc(REPLAY_MAX_DOC + 1);
    size_t len = data ? fread(data, 1, REPLAY_MAX_DOC + 1, f) : 0;
    fclose(f);
    if (!data || len > REPLAY_MAX_DOC) {
        free(data);
        return pw_error_set(err, PW_ERR_LIMIT, "%s: feed document missing or over %zu bytes", path, REPLAY_MAX_DOC);
    }
    const char *fmt = feed_format(path, data, len);
    int rc = 0;
    if (fmt) {
        const char *base = strrchr(path, '/');
        pw_advisory_opts ao = {.name = path, .extractor = r->ex};
        rc = pw_advisory_parse_ex(fmt, data, len, base ? base + 1 : path, &ao, adv_cb, r, err) < 0 ? -1 : 1;
    }
    free(data);
    return rc;
}

/* The miner saves to a file; the state wants text: a private temporary file carries it across. */
int replay_reader_stash_miner(replay_reader *r, pw_error *err)
{
    if (!r->miner) return 0;
    char path[] = "/tmp/pw-replay-miner-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "cannot create a temporary file for the miner state");
    close(fd);
    int rc = -1;
    char *data = NULL;
    if (pw_sig_save(r->miner, path, err)) goto out;
    FILE *f = fopen(path, "rb");
    if (!f) goto out;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    if (n >= 0 && (size_t)n <= REPLAY_MAX_DOC && (data = malloc((size_t)n + 1)) && fread(data, 1, (size_t)n, f) == (size_t)n)
        rc = pw_corr_state_put_blob(r->c, "signature-miner", data, (size_t)n);
    fclose(f);
    if (rc) pw_error_set(err, PW_ERR_IO, "cannot keep the miner state");
out:
    free(data);
    unlink(path);
    return rc;
}

int replay_reader_restore_miner(replay_reader *r, pw_error *err)
{
    const char *blob = pw_corr_state_get_blob(r->c, "signature-miner");
    if (!r->miner || !blob) return 0;
    char path[] = "/tmp/pw-replay-miner-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "cannot create a temporary file for the miner state");
    size_t len = strlen(blob);
    int rc = write(fd, blob, len) == (ssize_t)len ? 0 : -1;
    close(fd);
    if (rc) pw_error_set(err, PW_ERR_IO, "cannot write the miner state");
    else rc = pw_sig_load(r->miner, path, err);
    unlink(path);
    return rc;
}
