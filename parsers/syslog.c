/* syslog: picks the grammar for a line (RFC 5424 when it starts "<PRI>1 ", RFC 3164 otherwise), and turns
 * what neither grammar accepts into a parse-error event so no line is ever lost. Also the PRI and the
 * facility/severity tables both grammars share. */
#include "parsers/syslog.h"

#include <stdio.h>
#include <string.h>

static const char *const facility_names[24] = {
    "kern",   "user",   "mail",   "daemon", "auth",   "syslog", "lpr",    "news",
    "uucp",   "cron",   "authpriv", "ftp",  "ntp",    "security", "console", "solaris-cron",
    "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};
static const char *const severity_names[8] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

const char *pw_syslog_facility_name(unsigned code) { return code < 24 ? facility_names[code] : NULL; }
const char *pw_syslog_severity_name(unsigned code) { return code < 8 ? severity_names[code] : NULL; }

size_t pw_syslog_parse_pri(const char *line, size_t len, unsigned *pri)
{
    /* "<" 1*3DIGIT ">", value 0..191; RFC 5424 forbids leading zeros except "<0>", real senders do not
     * care, so "<013>" is accepted as 13. */
    if (len < 3 || line[0] != '<') return 0;
    unsigned v = 0;
    size_t i = 1;
    while (i < len && i <= 3 && line[i] >= '0' && line[i] <= '9') v = v * 10 + (unsigned)(line[i++] - '0');
    if (i == 1 || i >= len || line[i] != '>' || v > 191) return 0;
    *pri = v;
    return i + 1;
}

int pw_syslog_set_pri(pw_event *ev, unsigned pri, pw_error *err)
{
    unsigned fac = pri >> 3, sev = pri & 7;
    if (pw_event_set_int(ev, "log.syslog.priority", pri, err) ||
        pw_event_set_int(ev, "log.syslog.facility.code", fac, err) ||
        pw_event_set_cstr(ev, "log.syslog.facility.name", facility_names[fac], err) ||
        pw_event_set_int(ev, "log.syslog.severity.code", sev, err) ||
        pw_event_set_cstr(ev, "log.syslog.severity.name", severity_names[sev], err) ||
        pw_event_set_cstr(ev, "log.level", severity_names[sev], err))
        return -1;
    return 0;
}

/* The line as it came, flagged: the one fallback both grammars share. */
static int set_unparsed(pw_event *ev, const char *line, size_t len, pw_error *err)
{
    pw_event_reset(ev);
    if (pw_event_set_cstr(ev, "event.module", "syslog", err) ||
        pw_event_set_str_lossy(ev, "message", line, len, err) ||
        pw_event_set_str_lossy(ev, "event.original", line, len, err) ||
        pw_event_set_bool(ev, "patchwatch.parse_error", true, err))
        return -1;
    return 0;
}

int pw_syslog_parser_parse(pw_syslog_parser *p, const char *line, size_t len, int64_t now_us, pw_event *ev,
                           pw_error *err)
{
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    unsigned pri;
    size_t n = pw_syslog_parse_pri(line, len, &pri);
    int rc;
    /* VERSION is "1" for every RFC 5424 sender; a digit then a space after PRI is never a BSD timestamp. */
    if (n > 0 && n + 1 < len && line[n] >= '1' && line[n] <= '9' && line[n + 1] == ' ')
        rc = pw_syslog_parse_5424(p, line, len, ev, err);
    else
        rc = pw_syslog_parse_3164(line, len, now_us, ev, err);
    if (rc < 0) {
        /* A field too big for the event: keep the line as an unparsed event (it may still not fit, then the
         * caller gets the error). */
        if (err && err->code != PW_ERR_NOMEM && err->code != PW_ERR_LIMIT) return set_unparsed(ev, line, len, err);
        return -1;
    }
    if (rc == 0) return set_unparsed(ev, line, len, err);
    if (pw_syslog_vendor_fields(p, line, len, ev, err)) return -1;
    /* not "clean": nothing but the PRI (a bare "<13>"): the line is kept as message and event.original */
    size_t rest = len;
    while (rest > n && (line[rest - 1] == ' ' || line[rest - 1] == '\t')) rest--;
    int unclean = n > 0 && rest == n;
    if (unclean && pw_event_set_str_lossy(ev, "message", line, len, err)) return -1;
    if ((unclean || p->keep_original) && pw_event_set_str_lossy(ev, "event.original", line, len, err)) return -1;
    return 0;
}

int pw_syslog_parse(const char *line, size_t len, int64_t now_us, pw_event *ev, pw_error *err)
{
    pw_syslog_parser p = PW_SYSLOG_PARSER_INIT;
    int rc = pw_syslog_parser_parse(&p, line, len, now_us, ev, err);
    pw_syslog_parser_free(&p);
    return rc;
}

void pw_syslog_parser_free(pw_syslog_parser *p)
{
    pw_buf_free(&p->scratch);
    pw_buf_free(&p->vendor);
}
