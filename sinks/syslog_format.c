/* sinks/syslog_format: a bus message as an RFC 5424 syslog message, with the JSON as MSG or as CEF.
 *
 * RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG. TIMESTAMP is the object's "@timestamp"
 * (the time of the event or decision, not of forwarding), HOSTNAME the event's host.name when it has one
 * (RFC 5424: the machine that originated the message), MSGID the bus topic. STRUCTURED-DATA carries the
 * record's stable id from the sink engine (id="32 hex", so a receiver can drop a resent duplicate) and the few
 * fields a SIEM filters on (the alert's or incident's own id, patch, status, counts, host, event code) under one
 * SD-ID, so a receiver can route without parsing MSG; the SD-ID is configurable (`sd_id`) because RFC 5424 wants NAME@ENTERPRISE-NUMBER
 * and the default uses 32473, the number RFC 5612 reserves for documentation: a site with its own Private
 * Enterprise Number should set it. MSG starts with the UTF-8 BOM, as RFC 5424 asks for UTF-8 text, and holds
 * the whole JSON object.
 * CEF 0: CEF:0|patchwatch|patchwatch|VERSION|CLASS|NAME|SEVERITY|rt=MS dvchost=.. shost=.. dhost=.. ... msg=TEXT,
 * with '|' and '\' escaped in the header and '\', '=' and line breaks in extension values. CEF caps msg at
 * 1023 characters, so it carries the sentence a person reads (the alert's recommendation, the event's message),
 * not the JSON; the fields a SIEM correlates on are extension keys. */
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

/* The value at a dotted path, whether the object is nested ({"host":{"name":..}}) or dotted ("host.name"). */
static json_t *get_val(json_t *root, const char *path)
{
    json_t *v = json_object_get(root, path);
    if (v) return v;
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
    return v;
}

static const char *get_str(json_t *root, const char *path)
{
    json_t *v = get_val(root, path);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The first string of a list at path (an alert's first affected host), or the string itself. */
static const char *get_first(json_t *root, const char *path)
{
    json_t *v = get_val(root, path);
    if (json_is_array(v)) v = json_array_get(v, 0);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Length of the longest prefix of s, at most max bytes, that does not cut a UTF-8 sequence. */
static size_t utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return max;
}

/* RFC 5424 STRUCTURED-DATA: per topic, SD-PARAM name and the JSON path it comes from. */
typedef struct {
    const char *param, *path;
} sd_field;
static const sd_field sd_alert[] = {{"alertId", "id"},      {"kind", "kind"},
                                    {"status", "status"},   {"patch", "patch"},
                                    {"signature", "signature"}, {"hostsAffected", "patched_affected"},
                                    {"hostsPatched", "patched_total"}, {"hostsAtRisk", "hosts_at_risk"},
                                    {NULL, NULL}};
static const sd_field sd_event[] = {{"host", "host.name"},       {"code", "event.code"},
                                    {"provider", "event.provider"}, {"recordId", "winlog.record_id"},
                                    {"signature", "patchwatch.signature"}, {NULL, NULL}};
static const sd_field sd_incident[] = {{"incidentId", "id"}, {"status", "status"},
                                       {"patch", "patch"},   {"hostsAffected", "hosts_affected"},
                                       {"ringToHold", "ring_to_hold"}, {NULL, NULL}};
static const sd_field sd_advisory[] = {{"advisoryId", "id"}, {"class", "class"}, {"url", "url"}, {NULL, NULL}};
static const sd_field sd_notification[] = {{"notificationId", "id"}, {"kind", "kind"}, {"incident", "incident"},
                                           {"patch", "patch"}, {NULL, NULL}};

#define SD_VALUE_MAX 255 /* bytes per SD-PARAM value: enough for ids, KBs and urls; MSG has the full text */

/* Writes "[SD-ID id="RECORD-ID" name="value" ...]" for the record id (when the engine gave one) and the fields
 * present, or "-" when there is nothing. RFC 5424 6.3.3: '"', '\\' and ']' are escaped with a backslash inside
 * PARAM-VALUE (the record id is 32 hex digits: nothing to escape). */
static int format_sd(pw_buf *out, const char *sd_id, const char *rec_id, const char *topic, json_t *j)
{
    const sd_field *f = strcmp(topic, "alert") == 0 ? sd_alert
                        : strcmp(topic, "event") == 0 ? sd_event
                        : strcmp(topic, "incident") == 0 ? sd_incident
                        : strcmp(topic, "advisory") == 0 ? sd_advisory
                        : strcmp(topic, "notification") == 0 ? sd_notification : NULL;
    int rc = 0, any = 0;
    /* puts and appends, not printf: this runs for every message and printf was a tenth of the sink's time */
    if (rec_id && *rec_id) {
        rc |= pw_buf_putc(out, '[') || pw_buf_puts(out, sd_id) || pw_buf_puts(out, " id=\"") ||
              pw_buf_append(out, rec_id, strnlen(rec_id, 32)) || pw_buf_putc(out, '"');
        any = 1;
    }
    for (; f && f->param; f++) {
        json_t *v = get_val(j, f->path);
        char num[32];
        const char *s = NULL;
        if (json_is_string(v)) s = json_string_value(v);
        else if (json_is_integer(v)) snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v)), s = num;
        if (!s || !*s) continue;
        if (!any) rc |= pw_buf_putc(out, '[') || pw_buf_puts(out, sd_id);
        rc |= pw_buf_putc(out, ' ') || pw_buf_puts(out, f->param) || pw_buf_puts(out, "=\"");
        any = 1;
        size_t n = utf8_prefix(s, SD_VALUE_MAX), from = 0;
        for (size_t i = 0; i < n; i++) { /* runs without an escape are appended whole */
            if (s[i] != '"' && s[i] != '\\' && s[i] != ']') continue;
            rc |= pw_buf_append(out, s + from, i - from) || pw_buf_putc(out, '\\');
            from = i;
        }
        rc |= pw_buf_append(out, s + from, n - from) || pw_buf_putc(out, '"');
    }
    rc |= any ? pw_buf_putc(out, ']') : pw_buf_putc(out, '-');
    return rc ? -1 : 0;
}

int pw_syslog_sd_id_valid(const char *sd_id)
{
    size_t n = 0;
    for (; sd_id[n]; n++) {
        unsigned char c = (unsigned char)sd_id[n];
        if (c <= 32 || c >= 127 || c == '=' || c == ']' || c == '"') return 0;
    }
    return n > 0 && n <= 32;
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

#define CEF_MSG_MAX 1023 /* characters; ArcSight's limit for msg */

/* msg=: the sentence a person reads, cut at CEF_MSG_MAX characters (not bytes) on a character boundary. */
static int cef_msg(pw_buf *out, const char *text)
{
    if (!text || !*text) return 0;
    size_t i = 0, chars = 0;
    while (text[i] && chars < CEF_MSG_MAX) {
        i++;
        while (((unsigned char)text[i] & 0xC0) == 0x80) i++;
        chars++;
    }
    char *cut = strndup(text, i);
    if (!cut) return -1;
    int rc = cef_ext(out, "msg", cut);
    free(cut);
    return rc;
}

static int format_cef(pw_buf *out, const char *topic, json_t *j, const char *devhost, int sev, int64_t ts_us)
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
    const char *text = NULL;
    if (strcmp(topic, "event") == 0) {
        /* The event's host logged it and is what it is about (dvchost, dhost); a remote peer, when the event
         * names one (a logon's source), is shost. */
        const char *src = get_str(j, "source.domain");
        rc |= cef_ext(out, "dvchost", get_str(j, "host.name"));
        rc |= cef_ext(out, "dhost", get_str(j, "host.name"));
        rc |= cef_ext(out, "shost", src ? src : get_str(j, "source.ip"));
        rc |= cef_ext(out, "externalId", get_str(j, "event.id"));
        text = get_str(j, "message");
    } else {
        /* patchwatch decided it on devhost; an alert or incident is about its affected hosts (the first as
         * dhost, the count in cn1) */
        const char *first = get_first(j, "hosts");
        json_t *cnt = get_val(j, strcmp(topic, "alert") == 0 ? "patched_affected" : "hosts_affected");
        rc |= cef_ext(out, "dvchost", devhost);
        rc |= cef_ext(out, "shost", devhost);
        rc |= cef_ext(out, "dhost", first);
        if (json_is_integer(cnt))
            rc |= pw_buf_printf(out, " cn1Label=hostsAffected cn1=%lld", (long long)json_integer_value(cnt));
        rc |= cef_ext(out, "cs1Label", "patch");
        rc |= cef_ext(out, "cs1", get_str(j, "patch"));
        rc |= cef_ext(out, "cs2Label", "signature");
        rc |= cef_ext(out, "cs2", get_str(j, "signature"));
        rc |= cef_ext(out, "cs3Label", "status");
        rc |= cef_ext(out, "cs3", get_str(j, "status"));
        rc |= cef_ext(out, "externalId", get_str(j, "id"));
        rc |= cef_ext(out, "request", get_str(j, "url"));
        text = get_str(j, "recommendation");
        if (!text) text = get_str(j, "summary");
        if (!text) text = get_str(j, "text");
        if (!text) text = get_str(j, "title");
    }
    rc |= cef_msg(out, text);
    return rc ? -1 : 0;
}

int pw_syslog_format(const pw_sink_syslog_opts *o, const char *hostname, long pid, const char *topic,
                     const char *json, size_t len, int64_t now_us, pw_buf *out, pw_error *err)
{
    return pw_syslog_format_id(o, hostname, pid, topic, NULL, json, len, now_us, out, err);
}

/* Formats with j, the parsed json (borrowed), or parses json itself when j is NULL. */
static int format_rec(const pw_sink_syslog_opts *o, const char *hostname, long pid, const char *topic, const char *id,
                      const char *json, size_t len, json_t *given, int64_t now_us, pw_buf *out, pw_error *err)
{
    json_error_t jerr;
    json_t *j = given ? json_incref(given) : json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    char *compact = NULL;
    int rc = -1;
    if (!j || !json_is_object(j)) {
        pw_error_set(err, PW_ERR_INVALID, "not one JSON object (%s)", j ? "another JSON value" : jerr.text);
        goto out;
    }
    /* MSG is the object as it came when it is already one line (what patchwatch stages send): re-encoding it
     * cost a third of the sink's time; a multi-line or padded body is re-encoded compact */
    while (len && (json[len - 1] == ' ' || json[len - 1] == '\t')) len--;
    while (len && (*json == ' ' || *json == '\t')) json++, len--;
    const char *msg = json;
    size_t msg_len = len;
    if (o->format != PW_SYSLOG_FMT_CEF && (memchr(json, '\n', len) || memchr(json, '\r', len))) {
        if (!(compact = json_dumps(j, JSON_COMPACT))) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto out;
        }
        msg = compact;
        msg_len = strlen(compact);
    }
    int64_t ts = now_us;
    json_t *tv = json_object_get(j, "@timestamp");
    if (!json_is_string(tv) || pw_time_parse(json_string_value(tv), json_string_length(tv), &ts, NULL) != 0)
        ts = now_us;
    int sev = severity_of(topic, j), fac = o->facility >= 0 && o->facility <= 23 ? o->facility : 16;
    char tsbuf[PW_RFC3339_MAX], pidbuf[24];
    pw_time_format(ts, tsbuf);
    snprintf(pidbuf, sizeof pidbuf, "%ld", pid);
    const char *host = strcmp(topic, "event") == 0 ? get_str(j, "host.name") : NULL;
    char pri[8];
    snprintf(pri, sizeof pri, "<%d>1 ", fac * 8 + sev);
    int bad = pw_buf_puts(out, pri) || pw_buf_puts(out, tsbuf) || pw_buf_putc(out, ' ');
    bad |= put_header_field(out, host && *host ? host : hostname, 255);
    bad |= pw_buf_putc(out, ' ');
    bad |= put_header_field(out, o->app_name ? o->app_name : "patchwatch", 48);
    bad |= pw_buf_putc(out, ' ');
    bad |= put_header_field(out, pidbuf, 128);
    bad |= pw_buf_putc(out, ' ');
    bad |= put_header_field(out, topic, 32);
    bad |= pw_buf_putc(out, ' ');
    bad |= format_sd(out, o->sd_id && *o->sd_id ? o->sd_id : PW_SYSLOG_SD_ID, id, topic, j);
    bad |= pw_buf_putc(out, ' ');
    if (o->format == PW_SYSLOG_FMT_CEF) bad |= format_cef(out, topic, j, hostname, sev, ts);
    else bad |= pw_buf_puts(out, "\xef\xbb\xbf") || pw_buf_append(out, msg, msg_len);
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

int pw_syslog_format_id(const pw_sink_syslog_opts *o, const char *hostname, long pid, const char *topic,
                        const char *id, const char *json, size_t len, int64_t now_us, pw_buf *out, pw_error *err)
{
    return format_rec(o, hostname, pid, topic, id, json, len, NULL, now_us, out, err);
}

int pw_syslog_format_rec(const pw_sink_syslog_opts *o, const char *hostname, long pid, const pw_sink_rec *r,
                         json_t *obj, int64_t now_us, pw_buf *out, pw_error *err)
{
    return format_rec(o, hostname, pid, r->topic, r->id, r->json, r->len, obj, now_us, out, err);
}
