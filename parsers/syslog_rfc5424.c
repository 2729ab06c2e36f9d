/* syslog_rfc5424: the RFC 5424 grammar, strictly, because its senders (rsyslog, logger --rfc5424, systemd
 * forwarders) follow it: VERSION, an RFC 3339 TIMESTAMP with fraction and offset, NILVALUE ("-") for any
 * header field, STRUCTURED-DATA with \" \\ \] escapes, and a MSG that may start with a UTF-8 BOM.
 * Anything outside the grammar returns 0 and the caller keeps the line as a parse-error event. */
#include "parsers/syslog.h"

#include <string.h>

#include "core/pw_utf8.h"

/* RFC 5424 section 6: field length limits. */
#define HOSTNAME_MAX 255
#define APPNAME_MAX 48
#define PROCID_MAX 128
#define MSGID_MAX 32
#define SDNAME_MAX 32
#define TIMESTAMP_MAX 40 /* "2003-10-11T22:14:15.003000+00:00" with 9 fraction digits fits */

typedef struct cursor {
    const char *s;
    size_t len, i;
} cursor;

/* A header token: 1..max PRINTUSASCII up to the next SP. Returns its length, 0 when malformed. */
static size_t header_token(cursor *c, size_t max, const char **tok)
{
    size_t start = c->i;
    while (c->i < c->len && c->s[c->i] != ' ') {
        unsigned char ch = (unsigned char)c->s[c->i];
        if (ch < 33 || ch > 126 || c->i - start >= max) return 0;
        c->i++;
    }
    size_t n = c->i - start;
    if (n == 0 || c->i >= c->len) return 0; /* every header field is followed by SP */
    c->i++;
    *tok = c->s + start;
    return n;
}

static int is_nil(const char *t, size_t n) { return n == 1 && t[0] == '-'; }

/* SD-NAME: 1..32 PRINTUSASCII except '=', SP, ']', '"'. */
static size_t sd_name(cursor *c)
{
    size_t start = c->i;
    while (c->i < c->len) {
        unsigned char ch = (unsigned char)c->s[c->i];
        if (ch < 33 || ch > 126 || ch == '=' || ch == ']' || ch == '"') break;
        if (c->i - start >= SDNAME_MAX) return 0;
        c->i++;
    }
    return c->i - start;
}

/* Appends a PARAM-VALUE (RFC escapes resolved) as a JSON string. v is valid UTF-8 without NUL. */
static int put_value_json(pw_buf *out, const char *v, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (pw_buf_putc(out, '"')) return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch == '\\' && i + 1 < n && (v[i + 1] == '"' || v[i + 1] == '\\' || v[i + 1] == ']')) ch = (unsigned char)v[++i];
        if (ch == '"' || ch == '\\') {
            char e[2] = {'\\', (char)ch};
            if (pw_buf_append(out, e, 2)) return -1;
        } else if (ch < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            if (pw_buf_append(out, e, 6)) return -1;
        } else if (pw_buf_putc(out, (char)ch)) {
            return -1;
        }
    }
    return pw_buf_putc(out, '"');
}

/* PARAM-VALUE after the opening quote: up to the first '"' not escaped. Returns 0 on a missing end quote. */
static int sd_value(cursor *c, const char **v, size_t *n)
{
    size_t start = c->i;
    while (c->i < c->len && c->s[c->i] != '"') c->i += (c->s[c->i] == '\\' && c->i + 1 < c->len) ? 2 : 1;
    if (c->i >= c->len) return 0;
    *v = c->s + start;
    *n = c->i - start;
    c->i++;
    return 1;
}

/* STRUCTURED-DATA into out as a JSON object. Returns 1 parsed, 0 malformed, -1 out of memory. */
static int parse_sd(cursor *c, pw_buf *out)
{
    pw_buf fixed = PW_BUF_INIT; /* only for values with broken UTF-8 */
    int rc = -1, first_elem = 1;
    if (pw_buf_putc(out, '{')) goto err;
    while (c->i < c->len && c->s[c->i] == '[') {
        c->i++;
        const char *id = c->s + c->i;
        size_t idn = sd_name(c);
        if (idn == 0) goto bad;
        if ((!first_elem && pw_buf_putc(out, ',')) || pw_buf_json_str(out, id, idn) || pw_buf_puts(out, ":{"))
            goto err;
        first_elem = 0;
        int first_param = 1;
        while (c->i < c->len && c->s[c->i] == ' ') {
            c->i++;
            const char *name = c->s + c->i;
            size_t nn = sd_name(c);
            if (nn == 0 || c->i + 1 >= c->len || c->s[c->i] != '=' || c->s[c->i + 1] != '"') goto bad;
            c->i += 2;
            const char *v;
            size_t vn;
            if (!sd_value(c, &v, &vn)) goto bad;
            bool nul;
            if (!pw_utf8_valid(v, vn, &nul) || nul) {
                pw_buf_reset(&fixed);
                if (pw_utf8_sanitize(&fixed, v, vn)) goto err;
                v = fixed.data;
                vn = fixed.len;
            }
            if ((!first_param && pw_buf_putc(out, ',')) || pw_buf_json_str(out, name, nn) || pw_buf_putc(out, ':') ||
                put_value_json(out, v, vn))
                goto err;
            first_param = 0;
        }
        if (c->i >= c->len || c->s[c->i] != ']') goto bad;
        c->i++;
        if (pw_buf_putc(out, '}')) goto err;
    }
    if (first_elem || pw_buf_putc(out, '}')) goto bad;
    rc = 1;
    goto err;
bad:
    rc = 0;
err:
    pw_buf_free(&fixed);
    return rc;
}

static int set_ascii(pw_event *ev, const char *key, const char *t, size_t n, pw_error *err)
{
    return is_nil(t, n) ? 0 : pw_event_set_str(ev, key, t, n, err);
}

int pw_syslog_parse_5424(pw_syslog_parser *p, const char *line, size_t len, pw_event *ev, pw_error *err)
{
    cursor c = {line, len, 0};
    unsigned pri, version = 0;
    const char *t;
    size_t n;
    pw_event_reset(ev);
    if ((c.i = pw_syslog_parse_pri(line, len, &pri)) == 0) return 0;
    size_t vstart = c.i;
    while (c.i < len && c.s[c.i] >= '0' && c.s[c.i] <= '9' && version < 100) version = version * 10 + (unsigned)(c.s[c.i++] - '0');
    if (version == 0 || version > 99 || c.i >= len || c.s[c.i] != ' ') return 0;
    c.i++;
    if (pw_event_set_cstr(ev, "event.module", "syslog", err) || pw_syslog_set_pri(ev, pri, err) ||
        pw_event_set_str(ev, "log.syslog.version", line + vstart, c.i - 1 - vstart, err)) /* ECS: keyword */
        return -1;

    if ((n = header_token(&c, TIMESTAMP_MAX, &t)) == 0) return 0;
    if (!is_nil(t, n)) {
        int64_t ts;
        if (pw_time_parse(t, n, &ts, NULL)) return 0;
        pw_event_set_time(ev, ts);
    }
    if ((n = header_token(&c, HOSTNAME_MAX, &t)) == 0) return 0;
    if (set_ascii(ev, "log.syslog.hostname", t, n, err) || set_ascii(ev, "host.name", t, n, err)) return -1;
    if ((n = header_token(&c, APPNAME_MAX, &t)) == 0) return 0;
    if (set_ascii(ev, "log.syslog.appname", t, n, err) || set_ascii(ev, "process.name", t, n, err)) return -1;
    if ((n = header_token(&c, PROCID_MAX, &t)) == 0) return 0;
    if (set_ascii(ev, "log.syslog.procid", t, n, err)) return -1;
    if (n <= 10) {
        int64_t pid = 0;
        size_t k = 0;
        while (k < n && t[k] >= '0' && t[k] <= '9') pid = pid * 10 + (t[k++] - '0');
        if (k == n && pid <= INT32_MAX && pw_event_set_int(ev, "process.pid", pid, err)) return -1;
    }
    if ((n = header_token(&c, MSGID_MAX, &t)) == 0) return 0;
    if (set_ascii(ev, "log.syslog.msgid", t, n, err)) return -1;

    if (c.i < len && c.s[c.i] == '-') {
        c.i++;
    } else {
        pw_buf_reset(&p->scratch);
        int rc = parse_sd(&c, &p->scratch);
        if (rc < 0) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        if (rc == 0) return 0;
        if (pw_event_set_json(ev, "log.syslog.structured_data", p->scratch.data, p->scratch.len, err)) return -1;
    }
    if (c.i < len) {
        if (c.s[c.i] != ' ') return 0;
        c.i++;
        if (len - c.i >= 3 && memcmp(line + c.i, "\xEF\xBB\xBF", 3) == 0) c.i += 3;
        if (pw_event_set_str_lossy(ev, "message", line + c.i, len - c.i, err)) return -1;
    }
    return 1;
}
