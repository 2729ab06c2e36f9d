/* winevent_xml: rendered Windows event XML (wevtutil /f:xml, Get-WinEvent ToXml, /f:RenderedXml) to pw_event.
 *
 * The stream is cut into records by scanning for "<Event" and the matching "</Event>" (Event elements never
 * nest, and a literal "</Event>" inside text is always escaped), and each record is parsed on its own with
 * libxml2's xmlReader. That is what makes it robust: wevtutil output without a root is not one well-formed
 * document, and a broken record costs only itself (it becomes a parse-error event). Since a record starts
 * at "<Event", it cannot carry a DOCTYPE, so no entity can ever be declared; the reader additionally runs
 * with XML_PARSE_NONET and without NOENT/DTDLOAD. Memory is bounded by PW_WINEVENT_MAX_RECORD per record. */
#include "parsers/winevent.h"
#include "parsers/xml_encoding.h"
#include "parsers/xml_safe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "core/pw_log.h"

#define READ_CHUNK ((size_t)64 << 10)
#define MAX_DEPTH 16     /* System/EventData/UserData leaves are at depth <= 3; deeper is skipped */
#define KEY_MAX 256      /* "winlog.event_data." + a Data Name (Windows limits names to 64 chars) */
#define ORIGINAL_MAX 65536 /* event.original of a broken record: enough to see what went wrong */

struct pw_winevent_xml {
    int fd, own_fd;
    char *name;
    const char *mem; /* open_mem: borrowed input */
    char *buf;       /* fd input window */
    size_t cap, start, end;
    int eof;
    size_t base;   /* stream offset of buf[0] (or mem[0]) */
    size_t last;   /* stream offset of the last record */
    int sniffed;            /* the encoding is known (xml_encoding: BOM, byte pattern, declaration) */
    pw_xml_conv conv;       /* to UTF-8 as it is read (UTF-16 from PowerShell's '>', Latin-1, ...) */
    unsigned char *raw;     /* fd input before conversion */
    unsigned char carry[PW_XML_SNIFF_BYTES]; /* the stream start until the encoding is known, then the
                                                bytes of an unfinished character between reads */
    size_t ncarry;
    char *owned;            /* open_mem of non-UTF-8 input: the converted copy */
};

const char *pw_winevent_level_name(long level)
{
    static const char *const names[] = {"information", "critical", "error", "warning", "information", "verbose"};
    return level >= 0 && level <= 5 ? names[level] : NULL;
}

/* ---- one record -------------------------------------------------------------------------------------- */

typedef struct rec_state {
    pw_event *ev;
    pw_buf text;
    char data_name[KEY_MAX];
    int data_has_name;
    unsigned nparam;
    char path[MAX_DEPTH][64]; /* local names from Event down */
    char has_child[MAX_DEPTH];
    pw_error xml_err;
    int failed;
} rec_state;

static void on_xml_error(void *arg, xmlErrorPtr e)
{
    rec_state *st = arg;
    if (st->failed || !e || e->level < XML_ERR_ERROR) return;
    st->failed = 1;
    const char *m = e->message ? e->message : "malformed XML";
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
    pw_error_set(&st->xml_err, PW_ERR_INVALID, "line %d: %.*s", e->line, (int)n, m);
}

static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* An untrusted name as one key segment: '.' would split it, so it becomes '_'. */
static int make_key(char *out, size_t size, const char *prefix, const char *name, size_t n)
{
    size_t p = strlen(prefix);
    if (n == 0 || p + n + 1 > size) return -1;
    memcpy(out, prefix, p);
    for (size_t i = 0; i < n; i++) out[p + i] = name[i] == '.' ? '_' : name[i];
    out[p + n] = '\0';
    return 0;
}

static int set_int_text(pw_event *ev, const char *key, const char *s, pw_error *err)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno) return pw_event_set_str_lossy(ev, key, s, strlen(s), err);
    return pw_event_set_int(ev, key, v, err);
}

/* SystemTime as Windows writes it ("...Z"); renderers that drop the zone (python-evtx writes
 * "2017-07-12 17:16:28.214161") still mean UTC. */
static void set_system_time(pw_event *ev, const char *v)
{
    int64_t ts;
    size_t n = strlen(v);
    char z[48];
    if (pw_time_parse(v, n, &ts, NULL) == 0) {
        pw_event_set_time(ev, ts);
    } else if (n + 1 < sizeof z) {
        memcpy(z, v, n);
        z[n] = 'Z';
        if (pw_time_parse(z, n + 1, &ts, NULL) == 0) pw_event_set_time(ev, ts);
    }
}

static int attr_is(xmlTextReaderPtr r, const char *name, xmlChar **out)
{
    *out = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    return *out != NULL;
}

static int on_element(xmlTextReaderPtr r, rec_state *st, int depth, pw_error *err)
{
    const char *el = st->path[depth];
    pw_event *ev = st->ev;
    xmlChar *v = NULL;
    int rc = 0;
    if (depth == 2 && is(st->path[1], "System")) {
        if (is(el, "Provider")) {
            if (attr_is(r, "Name", &v)) rc = pw_event_set_str_lossy(ev, "event.provider", (char *)v, strlen((char *)v), err);
            xmlFree(v);
            if (!rc && attr_is(r, "Guid", &v)) rc = pw_event_set_str_lossy(ev, "winlog.provider_guid", (char *)v, strlen((char *)v), err);
        } else if (is(el, "TimeCreated")) {
            if (attr_is(r, "SystemTime", &v)) set_system_time(ev, (const char *)v);
        } else if (is(el, "Execution")) {
            if (attr_is(r, "ProcessID", &v)) rc = set_int_text(ev, "process.pid", (char *)v, err);
            xmlFree(v);
            if (!rc && attr_is(r, "ThreadID", &v)) rc = set_int_text(ev, "process.thread.id", (char *)v, err);
        } else if (is(el, "Security")) {
            if (attr_is(r, "UserID", &v)) rc = pw_event_set_str_lossy(ev, "winlog.user.identifier", (char *)v, strlen((char *)v), err);
        } else if (is(el, "Correlation")) {
            if (attr_is(r, "ActivityID", &v)) rc = pw_event_set_str_lossy(ev, "winlog.activity_id", (char *)v, strlen((char *)v), err);
        }
    } else if (depth == 2 && is(st->path[1], "EventData") && (is(el, "Data") || is(el, "Binary"))) {
        st->data_has_name = 0;
        if (is(el, "Binary")) {
            snprintf(st->data_name, sizeof st->data_name, "winlog.event_data.Binary");
            st->data_has_name = 1;
        } else if (attr_is(r, "Name", &v) && make_key(st->data_name, sizeof st->data_name, "winlog.event_data.",
                                                      (char *)v, strlen((char *)v)) == 0) {
            st->data_has_name = 1;
        } else {
            snprintf(st->data_name, sizeof st->data_name, "winlog.event_data.param%u", ++st->nparam);
            st->data_has_name = 1;
        }
    }
    xmlFree(v);
    return rc ? -1 : 0;
}

static int on_end(rec_state *st, int depth, pw_error *err)
{
    pw_event *ev = st->ev;
    const char *el = st->path[depth];
    const char *t = st->text.data ? st->text.data : "";
    size_t n = st->text.len;
    char key[KEY_MAX];
    if (depth == 2 && is(st->path[1], "System")) {
        if (is(el, "EventID"))
            return pw_event_set_str_lossy(ev, "event.code", t, n, err) || pw_event_set_str_lossy(ev, "winlog.event_id", t, n, err) ? -1 : 0;
        if (is(el, "Level")) {
            char *end;
            long lv = strtol(t, &end, 10);
            const char *name = end != t && !*end ? pw_winevent_level_name(lv) : NULL;
            return name ? pw_event_set_cstr(ev, "log.level", name, err) : 0;
        }
        /* Task and Opcode stay text, as the EVTX parser keeps them */
        if (is(el, "Task")) return pw_event_set_str_lossy(ev, "winlog.task", t, n, err);
        if (is(el, "Opcode")) return pw_event_set_str_lossy(ev, "winlog.opcode", t, n, err);
        /* empty elements are kept as empty strings, as the EVTX parser keeps them */
        if (is(el, "Keywords")) return pw_event_set_str_lossy(ev, "winlog.keywords", t, n, err);
        if (is(el, "EventRecordID")) return n ? set_int_text(ev, "winlog.record_id", t, err) : 0;
        if (is(el, "Channel")) return pw_event_set_str_lossy(ev, "winlog.channel", t, n, err);
        if (is(el, "Computer"))
            return pw_event_set_str_lossy(ev, "host.name", t, n, err) ||
                   pw_event_set_str_lossy(ev, "winlog.computer_name", t, n, err) ? -1 : 0;
        return 0;
    }
    if (depth == 2 && is(st->path[1], "EventData")) {
        if (st->data_has_name) {
            st->data_has_name = 0;
            return pw_event_set_str_lossy(ev, st->data_name, t, n, err);
        }
        /* other leaves of EventData (some providers write their own element names) */
        if (!st->has_child[depth] && make_key(key, sizeof key, "winlog.event_data.", el, strlen(el)) == 0)
            return pw_event_set_str_lossy(ev, key, t, n, err);
        return 0;
    }
    if (depth >= 3 && is(st->path[1], "UserData") && !st->has_child[depth]) {
        /* UserData/<root>/<leaf> -> winlog.user_data.<leaf>; deeper leaves joined with '.' */
        size_t k = (size_t)snprintf(key, sizeof key, "winlog.user_data");
        for (int i = 3; i <= depth; i++) {
            size_t nl = strlen(st->path[i]);
            if (nl == 0 || k + 1 + nl >= sizeof key) return 0;
            key[k++] = '.';
            for (size_t j = 0; j < nl; j++) key[k++] = st->path[i][j] == '.' ? '_' : st->path[i][j];
        }
        key[k] = '\0';
        return pw_event_set_str_lossy(ev, key, t, n, err);
    }
    if (depth == 2 && is(st->path[1], "RenderingInfo") && is(el, "Message"))
        return pw_event_set_str_lossy(ev, "message", t, n, err);
    return 0;
}

int pw_winevent_xml_parse_record(const char *xml, size_t len, pw_event *ev, pw_error *err)
{
    rec_state st = {.ev = ev};
    int rc = -1, r;
    xmlTextReaderPtr rd = NULL;
    pw_event_reset(ev);
    if (len > PW_WINEVENT_MAX_RECORD || len > INT32_MAX)
        return pw_error_set(err, PW_ERR_LIMIT, "record of %zu bytes exceeds the %zu-byte limit (PW_WINEVENT_MAX_RECORD)", len,
                            PW_WINEVENT_MAX_RECORD);
    if (pw_xml_prescan(xml, len, "record", 1, err)) return -1; /* libxml2 is quadratic in attributes */
    if (pw_event_set_cstr(ev, "event.module", "winevent", err)) return -1;
    /* NONET; no NOENT, DTDLOAD or DTDATTR: entities stay unexpanded and no DTD is ever read. */
    rd = xmlReaderForMemory(xml, (int)len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!rd) {
        pw_error_set(err, PW_ERR_NOMEM, "cannot create XML reader");
        goto done;
    }
    xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, &st);
    int seen_event = 0;
    while ((r = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        int depth = xmlTextReaderDepth(rd);
        if (depth < 0 || depth >= MAX_DEPTH) continue;
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            /* a record never carries a DTD; one that does is refused before any entity can be declared */
            pw_error_set(err, PW_ERR_INVALID, "DOCTYPE in an event record refused");
            goto done;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *local = (const char *)xmlTextReaderConstLocalName(rd);
            if (!local) continue;
            if (depth == 0) {
                if (!is(local, "Event")) {
                    pw_error_set(err, PW_ERR_INVALID, "root element is <%s>, not <Event>", local);
                    goto done;
                }
                seen_event = 1;
            }
            snprintf(st.path[depth], sizeof st.path[depth], "%s", local);
            st.has_child[depth] = 0;
            if (depth > 0) st.has_child[depth - 1] = 1;
            pw_buf_reset(&st.text);
            if (on_element(rd, &st, depth, err)) goto done;
            if (xmlTextReaderIsEmptyElement(rd) && on_end(&st, depth, err)) goto done;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (on_end(&st, depth, err)) goto done;
            pw_buf_reset(&st.text);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            if (v && depth >= 2 && pw_buf_puts(&st.text, v)) {
                pw_error_set(err, PW_ERR_NOMEM, "out of memory");
                goto done;
            }
        }
    }
    if (r < 0 || st.failed) {
        if (st.failed)
            pw_error_set(err, PW_ERR_INVALID, "%s", st.xml_err.msg);
        else
            pw_error_set(err, PW_ERR_INVALID, "malformed XML");
        goto done;
    }
    if (!seen_event) {
        pw_error_set(err, PW_ERR_INVALID, "no <Event> element");
        goto done;
    }
    if (pw_event_set_cstr(ev, "event.kind", "event", err)) goto done;
    rc = 0;
done:
    if (rd) xmlFreeTextReader(rd);
    pw_buf_free(&st.text);
    return rc;
}

/* ---- the stream ------------------------------------------------------------------------------------- */

static pw_winevent_xml *reader_new(const char *name, pw_error *err)
{
    pw_winevent_xml *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->fd = -1;
    return r;
}

pw_winevent_xml *pw_winevent_xml_open(const char *path, pw_error *err)
{
    pw_winevent_xml *r = reader_new(path, err);
    if (!r) return NULL;
    if (strcmp(path, "-") == 0) {
        r->fd = STDIN_FILENO;
    } else if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
        goto err;
    } else {
        r->own_fd = 1;
    }
    r->cap = PW_WINEVENT_MAX_RECORD + (PW_XML_CONV_GROWTH + 1) * READ_CHUNK;
    if (!(r->buf = malloc(r->cap)) || !(r->raw = malloc(READ_CHUNK + sizeof r->carry))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    return r;
err:
    pw_winevent_xml_close(r);
    return NULL;
}

pw_winevent_xml *pw_winevent_xml_open_mem(const char *buf, size_t len, const char *name, pw_error *err)
{
    pw_winevent_xml *r = reader_new(name ? name : "(memory)", err);
    if (!r) return NULL;
    r->mem = buf;
    r->end = len;
    r->eof = 1;
    int owned = 0;
    if (pw_xml_to_utf8(buf, len, r->name, &r->mem, &r->end, &owned, err) != 0) {
        pw_winevent_xml_close(r);
        return NULL;
    }
    if (owned) r->owned = (char *)(uintptr_t)r->mem;
    return r;
}

void pw_winevent_xml_close(pw_winevent_xml *r)
{
    if (!r) return;
    if (r->own_fd) close(r->fd);
    free(r->buf);
    free(r->raw);
    free(r->owned);
    pw_xml_conv_close(&r->conv);
    free(r->name);
    free(r);
}

size_t pw_winevent_xml_offset(const pw_winevent_xml *r) { return r->last; }

static const char *data(const pw_winevent_xml *r) { return r->mem ? r->mem : r->buf; }

/* Reads more input into the window; 0 at EOF, -1 on error. */
static int fill(pw_winevent_xml *r, pw_error *err)
{
    if (r->eof) return 0;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->base += r->start;
        r->end -= r->start;
        r->start = 0;
    }
    /* room for the worst case of the conversion (PW_XML_CONV_GROWTH UTF-8 bytes per input byte) */
    size_t room = r->cap - r->end, avail = room < 8 ? 0 : (room - 8) / PW_XML_CONV_GROWTH;
    if (avail <= r->ncarry) return 1; /* full: the caller treats the record as too large */
    size_t want = avail - r->ncarry;
    if (want > READ_CHUNK) want = READ_CHUNK;
    memcpy(r->raw, r->carry, r->ncarry);
    ssize_t n;
    do n = read(r->fd, r->raw + r->ncarry, want);
    while (n < 0 && errno == EINTR);
    if (n < 0) return pw_error_set(err, PW_ERR_IO, "%s: read: %s", r->name, strerror(errno));
    if (n == 0) r->eof = 1;
    size_t have = r->ncarry + (size_t)n, skip = 0, left = 0;
    r->ncarry = 0;
    if (!r->sniffed) {
        char enc[48];
        pw_error why;
        if (pw_xml_detect_encoding(r->raw, have, r->eof, enc, sizeof enc, &skip) == 1) {
            memcpy(r->carry, r->raw, have); /* < PW_XML_SNIFF_BYTES: decide with more */
            r->ncarry = have;
            return 1;
        }
        r->sniffed = 1;
        if (pw_xml_conv_open(&r->conv, enc, &why) != 0)
            return pw_error_set(err, PW_ERR_INVALID, "%s: offset 0: %s; refused", r->name, why.msg);
        if (!r->conv.cd) r->base += skip; /* offsets stay file offsets for UTF-8 after a BOM */
    }
    /* Offsets in messages count converted (UTF-8) bytes when the input was in another encoding. */
    r->end += pw_xml_conv_run(&r->conv, r->raw + skip, have - skip, r->buf + r->end, r->eof, &left);
    memcpy(r->carry, r->raw + have - left, left);
    r->ncarry = left;
    return 1;
}

/* Finds "<Event" followed by whitespace, '>' or '/' (not "<Events") in d[from..to), stepping over comments
 * between records. *resume is where a later search must start again (an unfinished comment or tag). */
static const char *find_event_start(const char *d, size_t from, size_t to, size_t *resume)
{
    *resume = from;
    while (from < to) {
        const char *p = memchr(d + from, '<', to - from);
        if (!p) {
            *resume = to;
            return NULL;
        }
        size_t at = (size_t)(p - d), left = to - at;
        *resume = at;
        if (left < 7) return NULL;
        if (memcmp(p, "<!--", 4) == 0) {
            const char *e = memmem(p + 4, left - 4, "-->", 3);
            if (!e) return NULL;
            from = (size_t)(e - d) + 3;
            continue;
        }
        char c = p[6];
        if (memcmp(p, "<Event", 6) == 0 && (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\r' || c == '\n'))
            return p;
        from = at + 1;
    }
    *resume = to;
    return NULL;
}

/* A "</Event>" at p that is followed (after whitespace) by the next "<Event": a record boundary. */
static int is_boundary(const char *p, const char *end)
{
    const char *q = p + 8;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')) q++;
    if (end - q < 7 || memcmp(q, "<Event", 6) != 0) return 0;
    return q[6] == ' ' || q[6] == '>' || q[6] == '/' || q[6] == '\t' || q[6] == '\r' || q[6] == '\n';
}

/* The "</Event>" that ends the record starting at s, in s..end. CDATA sections are stepped over, since one may
 * hold a literal "</Event>" (a message quoting XML). A CDATA section counts as unterminated when its "]]>" is
 * missing, or comes only after a record boundary ("</Event>" then "<Event"): then *open_cdata points at it and
 * the record ends at the first "</Event>" after it, so the broken record costs only itself and the records after
 * it are still read. The cost of that rule: a CDATA section that really contains "</Event>\n<Event " is cut
 * there (it would be a record quoting two records; Windows never writes one). NULL: not in the window yet (or,
 * when final, nowhere). O(record length). */
static const char *find_event_end(const char *s, const char *end, int final, const char **open_cdata)
{
    const char *p = s;
    *open_cdata = NULL;
    for (;;) {
        const char *e = memmem(p, (size_t)(end - p), "</Event>", 8);
        const char *c = memmem(p, (size_t)((e ? e : end) - p), "<![CDATA[", 9);
        if (!c) return e;
        const char *close = memmem(c + 9, (size_t)(end - c - 9), "]]>", 3);
        const char *b = NULL;
        for (const char *q = c; (q = memmem(q, (size_t)(end - q), "</Event>", 8)) && (!close || q < close); q += 8)
            if (is_boundary(q, end)) {
                b = q;
                break;
            }
        if (close && !b) {
            p = close + 3;
            continue;
        }
        if (!close && !b && !final) return NULL; /* the rest of the record has not been read yet */
        *open_cdata = c;
        return memmem(c, (size_t)(end - c), "</Event>", 8);
    }
}

static int broken_record(pw_winevent_xml *r, const char *p, size_t n, const pw_error *why, pw_event *ev,
                         pw_error *err)
{
    pw_log_warn("%s: record at offset %zu: %s (kept as a parse-error event)", r->name, r->last, why->msg);
    pw_event_reset(ev);
    if (pw_event_set_cstr(ev, "event.module", "winevent", err) ||
        pw_event_set_str_lossy(ev, "event.original", p, n < ORIGINAL_MAX ? n : ORIGINAL_MAX, err) ||
        pw_event_set_cstr(ev, "message", why->msg, err) || pw_event_set_bool(ev, "patchwatch.parse_error", true, err))
        return -1;
    return 1;
}

int pw_winevent_xml_next(pw_winevent_xml *r, pw_event *ev, pw_error *err)
{
    for (;;) {
        const char *d = data(r);
        size_t resume;
        const char *s = find_event_start(d, r->start, r->end, &resume);
        if (!s) {
            /* keep what may still become a record start (a partial "<Event" or an open comment) */
            if (r->eof) return 0;
            r->start = resume;
            if (r->end - r->start >= PW_WINEVENT_MAX_RECORD) r->start = r->end; /* an endless comment */
            if (fill(r, err) < 0) return -1;
            continue;
        }
        size_t so = (size_t)(s - d);
        /* self-closing <Event/>: nothing in it, skip */
        const char *gt = memchr(s, '>', r->end - so);
        if (gt && gt[-1] == '/') {
            r->start = (size_t)(gt - d) + 1;
            continue;
        }
        const char *cdata;
        int final = r->eof || r->end - so >= PW_WINEVENT_MAX_RECORD;
        const char *e = find_event_end(s, d + r->end, final, &cdata);
        if (!e) {
            if (!r->eof && r->end - so < PW_WINEVENT_MAX_RECORD) {
                r->start = so;
                if (fill(r, err) < 0) return -1;
                continue;
            }
            pw_error why;
            r->last = r->base + so;
            size_t n = r->end - so;
            pw_error_set(&why, PW_ERR_INVALID, r->eof ? "record without </Event> at the end of the input"
                                                      : "record larger than the limit (PW_WINEVENT_MAX_RECORD)");
            /* resume after this "<Event" so a later good record is still found */
            r->start = so + 6;
            return broken_record(r, s, n, &why, ev, err);
        }
        size_t n = (size_t)(e - s) + 8;
        r->last = r->base + so;
        r->start = so + n;
        pw_error why;
        pw_error_clear(&why);
        if (cdata) {
            pw_error_set(&why, PW_ERR_INVALID, "<![CDATA[ at offset %zu is not closed before this record's </Event>",
                         r->base + (size_t)(cdata - d));
            return broken_record(r, s, n, &why, ev, err);
        }
        if (pw_winevent_xml_parse_record(s, n, ev, &why) == 0) return 1;
        if (why.code == PW_ERR_NOMEM) {
            if (err) *err = why;
            return -1;
        }
        return broken_record(r, s, n, &why, ev, err);
    }
}
