/* sinks/syslog_format: a bus message as an RFC 5424 syslog message, with the JSON as MSG or as CEF.
 *
 * RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG. TIMESTAMP is the object's "@timestamp"
 * (the time of the event or decision, not of forwarding), HOSTNAME the event's host.name when it has one
 * (RFC 5424: the machine that originated the message), MSGID the bus topic. Structured data: only the record
 * id, [patchwatch@32473 id="..."], when the sink engine gives one (32473 is the enterprise number RFC 5612
 * sets aside for examples; patchwatch has none of its own); every other field is in the JSON. MSG starts with the UTF-8
 * BOM, as RFC 5424 asks for UTF-8 text.
 * CEF 0: CEF:0|patchwatch|patchwatch|VERSION|CLASS|NAME|SEVERITY|rt=MS shost=HOST ... msg=JSON, with '|' and
 * '\' escaped in the header and '\', '=' and line breaks in extension values. */
#include "sinks/syslog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/pw_time.h"

#ifndef PW_VERSION
#define PW_VERSION "0"
#endif

static const char *const facilities[24] = {"kern",   "user",   "mail",   "daemon", "auth",   "syslog",
                                           "lpr",    "news",   "uucp",   "cron",   "authpriv", "ftp",
                                           "ntp",    "audit",  "alert",  "clock",  "local0", "local1",
                                           "local2", "local3", "local4", "local5", "local6", "local7"};

int pw_syslog_fmt_parse(const char *name, pw_syslog_fmt *out)
{
    if (strcasecmp(name, "rfc5424") == 0) *out = PW_SYSLOG_FMT_RFC5424;
    else if (strcasecmp(name, "cef") == 0) *out = PW_SYSLOG_FMT_CEF;
    else return -1;
    return 0;
}

int pw_syslog_facility_parse(const char *name, int *out)
{
    for (int i = 0; i < 24; i++)
        if (strcasecmp(name, facilities[i]) == 0) return *out = i, 0;
    char *end;
    long v = strtol(name, &end, 10);
    if (!*name || *end || v < 0 || v > 23) return -1;
    *out = (int)v;
    return 0;
}

/* A string at a dotted path, whether the object is nested ({"host":{"name":..}}) or dotted ("host.name"). */
static const char *get_str(json_t *root, const char *path)
{
    json_t *v = json_object_get(root, path);
    if (json_is_string(v)) return json_string_value(v);
    char seg[64];
    const char *p = path;
    v = root;
    while (v && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof seg) return NULL;
        memcpy(seg, p, n);
        seg[n] = '\0';
        v = json_object_get(v, seg);
        p += n + (dot != NULL);
    }
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Syslog severity (0 emerg .. 7 debug) of a message. */
static int severity_of(const char *topic, json_t *j)
{
    static const struct {
        const char *name;
        int sev;
    } levels[] = {{"emerg", 0},   {"alert", 1},   {"crit", 2},        {"critical", 2}, {"err", 3},
                  {"error", 3},   {"warning", 4}, {"warn", 4},        {"notice", 5},   {"info", 6},
                  {"information", 6}, {"informational", 6}, {"debug", 7}, {"verbose", 7}};
    if (strcmp(topic, "alert") == 0) {
        const char *status = get_str(j, "status"), *kind = get_str(j, "kind");
        if (status && strcmp(status, "resolved") == 0) return 6;
        if (kind && strcmp(kind, "regression") == 0) return 3;
        if (kind && strcmp(kind, "advisory-match") == 0) return 4;
        return 5;
    }
    if (strcmp(topic, "event") == 0) {
        const char *lvl = get_str(j, "log.level");
        for (size_t i = 0; lvl && i < sizeof levels / sizeof levels[0]; i++)
            if (strcasecmp(lvl, levels[i].name) == 0) return levels[i].sev;
    }
    return 6;
}

/* Copies s into out as 1..max printable US-ASCII characters (RFC 5424 header fields), or "-" when empty. */
static int put_header_field(pw_buf *out, const char *s, size_t max)
{
    size_t n = 0;
    for (; s && s[n] && n < max; n++) {
        unsigned char c = (unsigned char)s[n];
        if (pw_buf_putc(out, c > 32 && c < 127 ? (char)c : '_')) return -1;
    }
    return n ? 0 : pw_buf_putc(out, '-');
}

static int cef_escape(pw_buf *out, const char *s, int header)
{
    for (; s && *s; s++) {
        char c = *s;
        int rc;
        if (c == '\\' || (header ? c == '|' : c == '=')) {
            char e[2] = {'\\', c};
            rc = pw_buf_append(out, e, 2);
        } else if (c == '\n' || c == '\r') {
            rc = header ? pw_buf_putc(out, ' ') : pw_buf_append(out, c == '\n' ? "\\n" : "\\r", 2);
        } else {
            rc = pw_buf_putc(out, c);
        }
        if (rc) return -1;
    }
    return 0;
}

static int cef_ext(pw_buf *out, const char *key, const char *val)
{
    if (!val || !*val) return 0;
    return pw_buf_printf(out, " %s=", key) || cef_escape(out, val, 0) ? -1 : 0;
}

static int format_cef(pw_buf *out, const char *topic, json_t *j, const char *compact, int sev, int64_t ts_us)
{
    static const int cef_sev[8] = {10, 10, 9, 8, 6, 4, 3, 1};
    const char *cls = topic, *name = NULL;
    char namebuf[256];
    int rc = 0;
    if (strcmp(topic, "alert") == 0) {
        const char *kind = get_str(j, "kind"), *patch = get_str(j, "patch"), *tmpl = get_str(j, "template");
        cls = kind ? kind : "alert";
        snprintf(namebuf, sizeof namebuf, "patchwatch %s%s%s%s%s", kind ? kind : "alert", patch ? " " : "",
                 patch ? patch : "", tmpl ? ": " : "", tmpl ? tmpl : "");
        name = namebuf;
    } else if (strcmp(topic, "event") == 0) {
        const char *code = get_str(j, "event.code");
        cls = code ? code : "event";
        name = get_str(j, "message");
    } else if (strcmp(topic, "advisory") == 0) {
        name = get_str(j, "title");
    }
    rc |= pw_buf_puts(out, "CEF:0|patchwatch|patchwatch|" PW_VERSION "|");
    rc |= cef_escape(out, cls, 1);
    rc |= pw_buf_putc(out, '|');
    char nm[513]; /* CEF's Name is at most 512 characters */
    snprintf(nm, sizeof nm, "%s", name ? name : topic);
    rc |= cef_escape(out, nm, 1);
    rc |= pw_buf_printf(out, "|%d|rt=%lld", cef_sev[sev], (long long)(ts_us / 1000));
    rc |= cef_ext(out, "shost", get_str(j, "host.name"));
    if (strcmp(topic, "alert") == 0) {
        rc |= cef_ext(out, "cs1Label", "patch");
        rc |= cef_ext(out, "cs1", get_str(j, "patch"));
        rc |= cef_ext(out, "cs2Label", "signature");
        rc |= cef_ext(out, "cs2", get_str(j, "signature"));
        rc |= cef_ext(out, "cs3Label", "status");
        rc |= cef_ext(out, "cs3", get_str(j, "status"));
        rc |= cef_ext(out, "externalId", get_str(j, "id"));
    }
    rc |= cef_ext(out, "msg", compact);
    return rc ? -1 : 0;
}

int pw_syslog_format(const pw_sink_syslog_opts *o, const char *hostname, long pid, const char *topic,
                     const char *json, size_t len, int64_t now_us, pw_buf *out, pw_error *err)
{
    return pw_syslog_format_id(o, hostname, pid, topic, NULL, json, len, now_us, out, err);
}

int pw_syslog_format_id(const pw_sink_syslog_opts *o, const char *hostname, long pid, const char *topic,
                        const char *id, const char *json, size_t len, int64_t now_us, pw_buf *out, pw_error *err)
{
    json_error_t jerr;
    json_t *j = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    char *compact = NULL;
    int rc = -1;
    if (!j || !json_is_object(j)) {
        pw_error_set(err, PW_ERR_INVALID, "not one JSON object (%s)", j ? "another JSON value" : jerr.text);
        goto out;
    }
    if (!(compact = json_dumps(j, JSON_COMPACT))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    int64_t ts = now_us;
    const char *t = get_str(j, "@timestamp");
    if (t && pw_time_parse(t, strlen(t), &ts, NULL) != 0) ts = now_us;
    int sev = severity_of(topic, j), fac = o->facility >= 0 && o->facility <= 23 ? o->facility : 16;
    char tsbuf[PW_RFC3339_MAX], pidbuf[24];
    pw_time_format(ts, tsbuf);
    snprintf(pidbuf, sizeof pidbuf, "%ld", pid);
    const char *host = strcmp(topic, "event") == 0 ? get_str(j, "host.name") : NULL;
    int bad = pw_buf_printf(out, "<%d>1 %s ", fac * 8 + sev, tsbuf);
    bad |= put_header_field(out, host && *host ? host : hostname, 255);
    bad |= pw_buf_putc(out, ' ');
    bad |= put_header_field(out, o->app_name ? o->app_name : "patchwatch", 48);
    bad |= pw_buf_putc(out, ' ');
    bad |= put_header_field(out, pidbuf, 128);
    bad |= pw_buf_putc(out, ' ');
    bad |= put_header_field(out, topic, 32);
    /* the record id (32 hex digits: nothing to escape) lets a receiver drop a resent duplicate */
    if (id) bad |= pw_buf_printf(out, " [" PW_SYSLOG_SDID " id=\"%.32s\"] ", id);
    else bad |= pw_buf_puts(out, " - ");
    if (o->format == PW_SYSLOG_FMT_CEF) bad |= format_cef(out, topic, j, compact, sev, ts);
    else bad |= pw_buf_puts(out, "\xef\xbb\xbf") || pw_buf_puts(out, compact);
    if (bad) {
        pw_error_set(err, PW_ERR_NOMEM, "message too large to format");
        goto out;
    }
    rc = 0;
out:
    free(compact);
    json_decref(j);
    return rc;
}
