/* ingest/file_cursor: one export file or feed document, one record per call (see file_cursor.h). The format
 * is chosen by the file name, as pw_source_cfg_files documents it.
 *
 * Lines are read with read(2) into the cursor's own buffer and cut with memchr; a line longer than
 * PW_FILE_READER_MAX_LINE is skipped to its end and reported as damage. .json files go through the
 * streaming splitter (parsers/winevent_json_split.c), so a JSON array of events reads like NDJSON;
 * .jsonl/.ndjson stay on the line path, the hot one (tens of millions of lines in bench/detect --big). Each
 * cursor owns its pw_event (reused: no allocation per record once warm), because a merge holds one decoded
 * record per open file. */
#include "ingest/file_cursor.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_buf.h"
#include "core/pw_log.h"
#include "core/pw_strlist.h"
#include "core/pw_time.h"
#include "ingest/file_reader_priv.h"
#include "parsers/advisory_parse.h"
#include "parsers/event_fastjson.h"
#include "parsers/evtx.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"

typedef enum { F_JSONL, F_JSON, F_LOG, F_EVTX, F_XML, F_ADV_LINES, F_ADV_DOC } file_fmt;

struct pw_file_cursor {
    pw_file_reader *r;
    char *path;
    file_fmt fmt;
    pw_file_damage_fn damage_fn;
    void *damage_ud;
    int warned;
    char dir_host[256]; /* the directory holding the file: host name of events that carry none */
    pw_event ev;
    pw_advisory adv;
    bool adv_live; /* adv holds a record to free */
    pw_buf scratch;
    /* line formats */
    int fd;
    char *buf;
    size_t cap, pos, have;
    bool eof, skipping;
    unsigned long long lineno;
    /* .log */
    pw_syslog_parser sp;
    int64_t last_ts, now;
    /* .json */
    pw_winevent_json_split *split;
    /* .evtx, .xml */
    pw_evtx_file *evtx;
    pw_winevent_xml *xml;
    /* feed documents: the advisories, encoded, taken in time order */
    pw_strlist docs;
    size_t doc_next;
    int64_t *doc_ts; /* docs.v[i]'s published (else updated) time, while the document is parsed */
    size_t doc_ts_cap;
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void damage(pw_file_cursor *c, unsigned long long line, const char *msg)
{
    if (c->warned++ < PW_FILE_READER_WARN_MAX)
        pw_log_warn("%s: %s:%llu: %s (skipped)", c->r->o.log_prefix, c->path, line, msg);
    if (c->damage_fn) c->damage_fn(c->damage_ud, c->path, line, msg);
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

static int doc_cb(const pw_advisory *a, void *ud)
{
    pw_file_cursor *c = ud;
    c->scratch.len = 0;
    pw_error e = {0};
    if (pw_advisory_to_json(a, &c->scratch, &e) || pw_buf_putc(&c->scratch, '\0')) return -1;
    if (c->docs.n == c->doc_ts_cap) {
        size_t cap = c->doc_ts_cap ? c->doc_ts_cap * 2 : 64;
        int64_t *t = realloc(c->doc_ts, cap * sizeof *t);
        if (!t) return -1;
        c->doc_ts = t;
        c->doc_ts_cap = cap;
    }
    c->doc_ts[c->docs.n] = a->published != PW_TS_NONE ? a->published : a->updated;
    return pw_strlist_add(&c->docs, c->scratch.data);
}

typedef struct {
    int64_t ts;
    size_t i;
    char *text;
} doc_slot;

static int cmp_doc_slot(const void *a, const void *b)
{
    const doc_slot *x = a, *y = b;
    if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* A feed lists its items newest first (RSS, Atom, release health) as often as oldest first; replay merges
 * inputs by time, so a document is given out in published order (undated items, PW_TS_NONE, first, as read).
 * Given newest first, every older item would come out late, at the newest one's time. */
static int sort_docs(pw_file_cursor *c)
{
    if (c->docs.n < 2) return 0;
    doc_slot *s = malloc(c->docs.n * sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < c->docs.n; i++) s[i] = (doc_slot){c->doc_ts[i], i, c->docs.v[i]};
    qsort(s, c->docs.n, sizeof *s, cmp_doc_slot);
    for (size_t i = 0; i < c->docs.n; i++) c->docs.v[i] = s[i].text;
    free(s);
    return 0;
}

/* A whole feed document, parsed now; its advisories wait in c->docs. */
static int open_doc(pw_file_cursor *c, pw_error *err)
{
    int rc = -1;
    char *data = NULL;
    FILE *f = fopen(c->path, "rb");
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: cannot open: %s", c->path, strerror(errno));
    /* sized by the file (a feed is kilobytes; the cap is 64 MiB), one byte more than it should hold: reading
     * that byte means the document is over the cap or grew while read, and is refused whole */
    struct stat sb;
    size_t want = fstat(fileno(f), &sb) == 0 && sb.st_size >= 0 && (uint64_t)sb.st_size < PW_FILE_READER_MAX_DOC
                      ? (size_t)sb.st_size + 1
                      : PW_FILE_READER_MAX_DOC + 1;
    data = malloc(want);
    size_t len = data ? fread(data, 1, want, f) : 0;
    if (!data || len == want) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: feed document missing, over %zu bytes or growing while read", c->path,
                     PW_FILE_READER_MAX_DOC);
        goto out;
    }
    const char *fmt = feed_format(c->path, data, len);
    const char *base = strrchr(c->path, '/');
    pw_advisory_opts ao = {.name = c->path, .extractor = c->r->ex};
    if (pw_advisory_parse_ex(fmt, data, len, base ? base + 1 : c->path, &ao, doc_cb, c, err) < 0) goto out;
    if (sort_docs(c)) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    rc = 0;
out:
    free(data);
    fclose(f);
    return rc;
}

int pw_file_cursor_open(pw_file_reader *r, const char *path, bool advisories, const pw_file_cursor_opts *co,
                        pw_file_cursor **out, pw_error *err)
{
    size_t bufsz = co && co->buf_size ? co->buf_size : PW_FILE_CURSOR_BUF;
    if (bufsz > PW_FILE_CURSOR_BUF_MAX) bufsz = PW_FILE_CURSOR_BUF_MAX;
    if (bufsz < 4096) bufsz = 4096;
    *out = NULL;
    file_fmt fmt;
    bool lines = ends_with(path, ".jsonl") || ends_with(path, ".ndjson");
    if (advisories) {
        if (lines) fmt = F_ADV_LINES;
        else if (feed_format(path, "", 0)) fmt = F_ADV_DOC;
        else return 0;
    } else if (lines) fmt = F_JSONL;
    else if (ends_with(path, ".json")) fmt = F_JSON;
    else if (ends_with(path, ".log")) fmt = F_LOG;
    else if (ends_with(path, ".evtx")) fmt = F_EVTX;
    else if (ends_with(path, ".xml")) fmt = F_XML;
    else return 0;

    pw_file_cursor *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path))) {
        free(c);
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    }
    c->r = r;
    c->fmt = fmt;
    c->fd = -1;
    c->damage_fn = co ? co->damage : NULL;
    c->damage_ud = co ? co->damage_ud : NULL;
    c->last_ts = PW_TS_NONE;
    c->sp = (pw_syslog_parser)PW_SYSLOG_PARSER_INIT;
    c->sp.keep_original = r->o.keep_original;
    pw_event_init(&c->ev);
    pw_advisory_init(&c->adv);
    dir_host_of(path, c->dir_host, sizeof c->dir_host);
    switch (fmt) {
    case F_LOG: {
        struct stat sb;
        /* RFC 3164 lines have no year: the file's time stands in for "now" (stable across runs) */
        if (stat(path, &sb) == 0) c->now = (int64_t)sb.st_mtime * 1000000;
    } /* fall through */
    case F_JSONL:
    case F_ADV_LINES:
        if ((c->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            pw_error_set(err, PW_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
            goto err;
        }
        if (!(c->buf = malloc(bufsz))) goto nomem;
        c->cap = bufsz;
        break;
    case F_JSON:
        if ((c->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            pw_error_set(err, PW_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
            goto err;
        }
        if (!(c->split = malloc(sizeof *c->split))) goto nomem;
        pw_winevent_json_split_init(c->split, c->fd);
        break;
    case F_EVTX:
        if (!(c->evtx = pw_evtx_open(path, err))) goto err;
        break;
    case F_XML:
        if (!(c->xml = pw_winevent_xml_open(path, err))) goto err;
        break;
    case F_ADV_DOC:
        if (open_doc(c, err)) goto err;
        break;
    }
    *out = c;
    return 1;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory");
err:
    pw_file_cursor_close(c);
    return -1;
}

void pw_file_cursor_close(pw_file_cursor *c)
{
    if (!c) return;
    if (c->split) {
        pw_winevent_json_split_free(c->split);
        free(c->split);
    }
    if (c->fd >= 0) close(c->fd);
    if (c->evtx) pw_evtx_close(c->evtx);
    if (c->xml) pw_winevent_xml_close(c->xml);
    pw_event_free(&c->ev);
    pw_advisory_free(&c->adv);
    pw_buf_free(&c->scratch);
    pw_syslog_parser_free(&c->sp);
    pw_strlist_free(&c->docs);
    free(c->doc_ts);
    free(c->buf);
    free(c->path);
    free(c);
}

const char *pw_file_cursor_path(const pw_file_cursor *c) { return c->path; }

/* The next non-empty line (NUL-terminated in place, without its newline): 1, 0 at the end, -1 read error. */
static int next_line(pw_file_cursor *c, char **line, size_t *len, pw_error *err)
{
    for (;;) {
        char *nl = memchr(c->buf + c->pos, '\n', c->have - c->pos);
        if (nl) {
            size_t n = (size_t)(nl - (c->buf + c->pos));
            char *s = c->buf + c->pos;
            *nl = '\0';
            c->lineno++;
            c->pos += n + 1;
            if (c->skipping) {
                c->skipping = false;
                continue;
            }
            if (n == 0) continue;
            *line = s;
            *len = n;
            return 1;
        }
        if (c->eof) { /* the last line without a newline */
            if (c->pos < c->have && !c->skipping) {
                c->buf[c->have] = '\0';
                c->lineno++;
                *line = c->buf + c->pos;
                *len = c->have - c->pos;
                c->pos = c->have;
                return 1;
            }
            return 0;
        }
        memmove(c->buf, c->buf + c->pos, c->have - c->pos);
        c->have -= c->pos;
        c->pos = 0;
        if (c->have >= c->cap - 1) {
            if (c->cap < PW_FILE_READER_MAX_LINE) { /* one long line: grow, up to the limit */
                size_t ncap = c->cap * 4 < PW_FILE_READER_MAX_LINE ? c->cap * 4 : PW_FILE_READER_MAX_LINE;
                char *nb = realloc(c->buf, ncap);
                if (!nb) return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->path);
                c->buf = nb;
                c->cap = ncap;
            } else { /* a line longer than the limit: damage, skip to its end */
                damage(c, c->lineno + 1, "line longer than the reader's limit");
                c->skipping = true;
                c->have = 0;
            }
        }
        ssize_t got;
        do got = read(c->fd, c->buf + c->have, c->cap - c->have - 1);
        while (got < 0 && errno == EINTR);
        if (got < 0) return pw_error_set(err, PW_ERR_IO, "%s: read error after line %llu: %s", c->path, c->lineno, strerror(errno));
        if (got == 0) c->eof = true;
        c->have += (size_t)got;
    }
}

/* Host fallback: events without a host name take the directory's name. */
static int host_fallback(pw_file_cursor *c, pw_error *err)
{
    pw_event *ev = &c->ev;
    if (c->dir_host[0] && !pw_event_get_str(ev, "host.name", NULL) && !pw_event_get_str(ev, "winlog.computer_name", NULL) &&
        !pw_event_get_str(ev, "log.syslog.hostname", NULL) && pw_event_set_cstr(ev, "host.name", c->dir_host, err))
        return -1;
    return 0;
}

/* One JSON event: the fast decoder for the common ECS shape, the full Windows/ECS decoder otherwise.
 * 1 decoded, 0 damaged (reported), -1 error. */
static int json_event(pw_file_cursor *c, unsigned long long lineno, const char *text, size_t len)
{
    pw_error e2 = {0};
    int fr = pw_fastjson_event(&c->ev, &c->scratch, text, len, &e2);
    if (fr == 0) { /* not the simple shape: the full decoders */
        if (pw_winevent_json_parse_line(text, len, &c->ev, &e2)) fr = -1;
        else fr = pw_event_find(&c->ev, "patchwatch.parse_error") ? -1 : 1;
    }
    if (fr < 0) {
        damage(c, lineno, e2.msg[0] ? e2.msg : "invalid JSON event");
        return 0;
    }
    return 1;
}

/* The first n characters of p have the shape of "2025-07-08 10:00:01" ('T' or a space between date and time). */
static bool datetime_shape(const char *p, int n)
{
    for (int i = 0; i < n; i++) {
        char ch = p[i];
        bool ok = (i == 4 || i == 7) ? ch == '-' : (i == 13 || i == 16) ? ch == ':' : i == 10 ? (ch == ' ' || ch == 'T') : isdigit((unsigned char)ch);
        if (!ok) return false;
    }
    return true;
}

/* "2025-07-08 10:00:01" or "2025-07-08T10:00:01..." at the start of a line (dpkg.log, apt history
 * "Start-Date: 2025-07-08  10:00:01", CBS.log "2025-07-08 10:00:01, Info ..."). */
static int leading_time(const char *s, size_t len, int64_t *ts, size_t *skip)
{
    size_t off = 0;
    if (len > 12 && strncmp(s, "Start-Date: ", 12) == 0) off = 12;
    if (len < off + 19) return -1;
    const char *p = s + off;
    if (!datetime_shape(p, 19)) return -1;
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

/* pacman.log's bracketed time: "[2024-01-10T10:00:00+0100] [ALPM] upgraded ..." (pacman 5.2 and later: local time
 * with its offset, written without a colon) or "[2018-05-01 10:00] [ALPM] ..." (older: local minutes without a
 * zone, taken as UTC like dpkg.log's). */
static int bracket_time(const char *s, size_t len, int64_t *ts, size_t *skip)
{
    char tmp[32];
    size_t n, k;
    if (len < 18 || s[0] != '[') return -1;
    const char *p = s + 1;
    if (!datetime_shape(p, 16)) return -1;
    if (p[16] == ']') { /* "[2018-05-01 10:00]" */
        memcpy(tmp, p, 16);
        memcpy(tmp + 16, ":00Z", 5);
        n = 20;
        k = 18;
    } else if (len >= 26 && p[16] == ':' && isdigit((unsigned char)p[17]) && isdigit((unsigned char)p[18]) &&
               (p[19] == '+' || p[19] == '-') && p[24] == ']') { /* "[...T10:00:00+0100]" */
        for (int i = 20; i < 24; i++)
            if (!isdigit((unsigned char)p[i])) return -1;
        memcpy(tmp, p, 22); /* up to "+01" */
        tmp[22] = ':';
        memcpy(tmp + 23, p + 22, 2);
        n = 25;
        k = 26;
    } else {
        return -1;
    }
    tmp[10] = 'T';
    if (pw_time_parse(tmp, n, ts, NULL)) return -1;
    while (k < len && s[k] == ' ') k++;
    *skip = k;
    return 0;
}

/* A plain line with the given time: message (from skip on), path, and the original when asked. */
static int plain_log_event(pw_file_cursor *c, const char *line, size_t len, size_t skip, int64_t ts, pw_error *err)
{
    pw_event_reset(&c->ev);
    pw_event_set_time(&c->ev, ts);
    if (pw_event_set_str_lossy(&c->ev, "message", line + skip, len - skip, err) ||
        pw_event_set_cstr(&c->ev, "log.file.path", c->path, err) ||
        (c->r->o.keep_original && pw_event_set_str_lossy(&c->ev, "event.original", line, len, err)))
        return -1;
    return 1;
}

/* One .log line: 1 an event, 0 damaged (reported), -1 error. */
static int log_line(pw_file_cursor *c, char *line, size_t len, pw_error *err)
{
    int64_t ts;
    size_t skip = 0;
    if (leading_time(line, len, &ts, &skip) == 0 || bracket_time(line, len, &ts, &skip) == 0) {
        /* a plain timestamped line (dpkg.log, CBS.log, apt history, pacman.log) */
        c->last_ts = ts;
        return plain_log_event(c, line, len, skip, ts, err);
    }
    if (line[0] == '<' || (len > 3 && isupper((unsigned char)line[0]) && line[3] == ' ')) {
        if (pw_syslog_parser_parse(&c->sp, line, len, c->now, &c->ev, err)) return -1;
        if (!pw_event_find(&c->ev, "patchwatch.parse_error")) {
            if (pw_event_set_cstr(&c->ev, "log.file.path", c->path, err)) return -1;
            c->last_ts = c->ev.ts_us;
            return 1;
        }
    }
    if (c->last_ts == PW_TS_NONE) {
        damage(c, c->lineno, "log line without a timestamp");
        return 0;
    }
    /* a continuation line (apt history "Upgrade: ..."): the time of the record it belongs to */
    return plain_log_event(c, line, len, 0, c->last_ts, err);
}

static int next_event(pw_file_cursor *c, pw_file_item *it, pw_error *err)
{
    char *line;
    size_t len;
    int n;
    for (;;) {
        switch (c->fmt) {
        case F_JSONL:
            if ((n = next_line(c, &line, &len, err)) <= 0) return n;
            n = json_event(c, c->lineno, line, len);
            it->line = c->lineno;
            break;
        case F_LOG:
            if ((n = next_line(c, &line, &len, err)) <= 0) return n;
            n = log_line(c, line, len, err);
            it->line = c->lineno;
            break;
        case F_JSON: {
            const char *val;
            pw_error e2 = {0};
            n = pw_winevent_json_split_next(c->split, &val, &len, &e2);
            if (n < 0) { /* broken structure: what came before it was read */
                damage(c, c->split->line, e2.msg);
                return 0;
            }
            if (n == 0) return 0;
            n = json_event(c, c->split->val_line, val, len);
            it->line = c->split->val_line;
            break;
        }
        case F_EVTX:
            if ((n = pw_evtx_next(c->evtx, &c->ev, err)) <= 0) return n;
            it->line = 0;
            break;
        case F_XML:
            if ((n = pw_winevent_xml_next(c->xml, &c->ev, err)) <= 0) return n;
            if (pw_event_find(&c->ev, "patchwatch.parse_error")) {
                damage(c, 0, "damaged <Event> record");
                n = 0;
            }
            it->line = 0;
            break;
        default: return 0;
        }
        if (n < 0) return -1;
        if (n == 0) continue; /* damaged, reported: the next record */
        if (host_fallback(c, err)) return -1;
        it->kind = PW_FILE_ITEM_EVENT;
        it->ev = &c->ev;
        it->adv = NULL;
        it->ts = c->ev.ts_us;
        return 1;
    }
}

static int next_advisory(pw_file_cursor *c, pw_file_item *it, pw_error *err)
{
    for (;;) {
        if (c->adv_live) {
            pw_advisory_free(&c->adv);
            pw_advisory_init(&c->adv);
            c->adv_live = false;
        }
        const char *text;
        size_t len;
        unsigned long long lineno;
        if (c->fmt == F_ADV_LINES) {
            char *line;
            int n = next_line(c, &line, &len, err);
            if (n <= 0) return n;
            text = line;
            lineno = c->lineno;
        } else {
            if (c->doc_next >= c->docs.n) return 0;
            text = c->docs.v[c->doc_next++];
            len = strlen(text);
            lineno = 0;
        }
        pw_error e2 = {0};
        c->adv_live = true;
        if (pw_advisory_from_json(&c->adv, text, len, &e2)) {
            damage(c, lineno, e2.msg);
            continue;
        }
        /* documents had the extractor applied by their parser; advisory lines get it here */
        if (c->fmt == F_ADV_LINES && c->r->ex && pw_extractor_apply(c->r->ex, &c->adv, &e2)) damage(c, lineno, e2.msg);
        it->kind = PW_FILE_ITEM_ADVISORY;
        it->ev = NULL;
        it->adv = &c->adv;
        it->ts = c->adv.published != PW_TS_NONE ? c->adv.published : c->adv.updated;
        it->line = lineno;
        return 1;
    }
}

int pw_file_cursor_next(pw_file_cursor *c, pw_file_item *it, pw_error *err)
{
    return c->fmt == F_ADV_LINES || c->fmt == F_ADV_DOC ? next_advisory(c, it, err) : next_event(c, it, err);
}
