/* syslog_rfc3164: BSD syslog as it is really written, which RFC 3164 only describes after the fact:
 *   [<PRI>][SEQ: ][*|.]TIMESTAMP[ TZ][:] [HOSTNAME ][TAG[\[PID\]]:] MSG
 * where TIMESTAMP is "Mmm dd hh:mm:ss[.frac]" (day space- or zero-padded, optional year after the day, as
 * Cisco writes it) or an RFC 3339 timestamp in the same place (rsyslog's file format); SEQ is a Cisco
 * sequence number, '*' / '.' mark a router clock that is not synchronised. Hostname and tag may each be
 * absent: a first token ending in ':' (or shaped "name[pid]") is a tag, not a host. /var/log files have no
 * PRI at all. Application log files with "YYYY-MM-DD HH:MM:SS" in front (dpkg.log, Python logging) are
 * taken too: timestamp (UTC) and message, nothing else. A line with neither a PRI nor a timestamp is not
 * syslog (returns 0). */
#include "parsers/syslog.h"

#include <string.h>

#define TAG_MAX 128      /* RFC 3164 says 32; systemd units and Java apps write longer tags */
#define HOSTNAME_MAX 255 /* DNS limit */
#define DAY_US INT64_C(86400000000)

static int digit(char c) { return c >= '0' && c <= '9'; }

static int month_index(const char *s)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char m[3];
    for (int k = 0; k < 3; k++) m[k] = (char)(s[k] | 0x20);
    for (int k = 0; k < 12; k++)
        if (memcmp(months + 3 * k, m, 3) == 0) return k + 1;
    return 0;
}

/* Inverse of pw_time_days_from_civil (proleptic Gregorian, era arithmetic). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

/* "Mmm dd[ yyyy] hh:mm:ss[.frac]" at s[i..). Returns the index after it, 0 when absent. */
static size_t bsd_timestamp(const char *s, size_t len, size_t i, int64_t now_us, int64_t *ts)
{
    unsigned mon, day = 0, h, mi, se, frac = 0;
    int64_t year = -1;
    if (len - i < 14 || !(mon = (unsigned)month_index(s + i)) || s[i + 3] != ' ') return 0;
    i += 4;
    if (s[i] == ' ') i++; /* "Jun  4" */
    if (!digit(s[i])) return 0;
    day = (unsigned)(s[i++] - '0');
    if (i < len && digit(s[i])) day = day * 10 + (unsigned)(s[i++] - '0');
    if (day < 1 || day > 31 || i >= len || s[i] != ' ') return 0;
    i++;
    if (len - i >= 5 && digit(s[i]) && digit(s[i + 1]) && digit(s[i + 2]) && digit(s[i + 3]) && s[i + 4] == ' ') {
        year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
        i += 5;
    }
    if (len - i < 8 || !digit(s[i]) || !digit(s[i + 1]) || s[i + 2] != ':' || !digit(s[i + 3]) || !digit(s[i + 4]) ||
        s[i + 5] != ':' || !digit(s[i + 6]) || !digit(s[i + 7]))
        return 0;
    h = (unsigned)((s[i] - '0') * 10 + (s[i + 1] - '0'));
    mi = (unsigned)((s[i + 3] - '0') * 10 + (s[i + 4] - '0'));
    se = (unsigned)((s[i + 6] - '0') * 10 + (s[i + 7] - '0'));
    if (h > 23 || mi > 59 || se > 60) return 0;
    i += 8;
    if (i + 1 < len && s[i] == '.' && digit(s[i + 1])) {
        int nd = 0;
        i++;
        while (i < len && digit(s[i])) {
            if (nd < 6) frac = frac * 10 + (unsigned)(s[i] - '0');
            nd++;
            i++;
        }
        for (; nd < 6; nd++) frac *= 10;
    }
    if (se == 60) se = 59;
    int64_t tod = ((int64_t)h * 3600 + mi * 60 + se) * 1000000 + frac;
    if (year >= 0) {
        *ts = pw_time_days_from_civil(year, mon, day) * DAY_US + tod;
    } else if (now_us == PW_TS_NONE) {
        *ts = PW_TS_NONE;
    } else {
        int64_t y;
        unsigned m;
        civil_from_days(floor_div(now_us, DAY_US), &y, &m);
        int64_t t = pw_time_days_from_civil(y, mon, day) * DAY_US + tod;
        /* A line is never far in the future of the reference: one dated later than a month ahead was
         * written last year (December lines read in January). */
        if (t > now_us + 31 * DAY_US) t = pw_time_days_from_civil(y - 1, mon, day) * DAY_US + tod;
        *ts = t;
    }
    return i;
}

/* An RFC 3339 timestamp token in the BSD timestamp's place. Returns the index after it, 0 when absent. */
static size_t iso_timestamp(const char *s, size_t len, size_t i, int64_t *ts)
{
    if (len - i < 20 || !digit(s[i]) || !digit(s[i + 3]) || s[i + 4] != '-') return 0;
    size_t e = i;
    while (e < len && s[e] != ' ' && e - i < 40) e++;
    if (pw_time_parse(s + i, e - i, ts, NULL)) return 0;
    return e;
}

/* "YYYY-MM-DD HH:MM:SS[.,]frac" without a zone, as dpkg.log, Python logging and many daemons write their own
 * files: not syslog, but the timestamp is what matters (install times). Taken as UTC. Returns the index
 * after it, 0 when absent. */
static size_t plain_datetime(const char *s, size_t len, size_t i, int64_t *ts)
{
    char buf[27];
    if (len - i < 19 || s[i + 10] != ' ' || s[i + 4] != '-' || s[i + 13] != ':') return 0;
    memcpy(buf, s + i, 19);
    size_t n = 19, e = i + 19;
    if (e + 1 < len && (s[e] == '.' || s[e] == ',') && digit(s[e + 1])) {
        buf[n++] = '.';
        e++;
        while (e < len && digit(s[e])) {
            if (n < 25) buf[n++] = s[e];
            e++;
        }
    }
    buf[n++] = 'Z';
    if (e < len && s[e] != ' ') return 0;
    if (pw_time_parse(buf, n, ts, NULL)) return 0;
    return e;
}

static int is_host_char(unsigned char c) { return c > 32 && c < 127; }

/* The token at s[i..e) is a tag when it ends in ':' or looks like "name[pid]". */
static int tag_shape(const char *s, size_t i, size_t e)
{
    if (e - i < 2 || e - i > TAG_MAX + 1) return 0;
    if (s[e - 1] == ':') return 1;
    return s[e - 1] == ']' && memchr(s + i, '[', e - i) != NULL;
}

static int set_tag(pw_event *ev, const char *s, size_t i, size_t e, pw_error *err)
{
    if (s[e - 1] == ':') e--;
    size_t app_end = e;
    if (e > i && s[e - 1] == ']') {
        const char *lb = memchr(s + i, '[', e - i);
        if (lb) {
            size_t p = (size_t)(lb - s) + 1, pe = e - 1;
            app_end = (size_t)(lb - s);
            if (pe > p) {
                if (pw_event_set_str_lossy(ev, "log.syslog.procid", s + p, pe - p, err)) return -1;
                int64_t pid = 0;
                size_t k = p;
                while (k < pe && digit(s[k]) && pid <= INT32_MAX) pid = pid * 10 + (s[k++] - '0');
                if (k == pe && pid <= INT32_MAX && pw_event_set_int(ev, "process.pid", pid, err)) return -1;
            }
        }
    }
    if (app_end > i && (pw_event_set_str_lossy(ev, "log.syslog.appname", s + i, app_end - i, err) ||
                        pw_event_set_str_lossy(ev, "process.name", s + i, app_end - i, err)))
        return -1;
    return 0;
}

static size_t token_end(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != ' ') i++;
    return i;
}

int pw_syslog_parse_3164(const char *s, size_t len, int64_t now_us, pw_event *ev, pw_error *err)
{
    unsigned pri;
    size_t i = pw_syslog_parse_pri(s, len, &pri);
    int have_pri = i > 0;
    int64_t ts = PW_TS_NONE;
    pw_event_reset(ev);
    if (pw_event_set_cstr(ev, "event.module", "syslog", err)) return -1;
    if (have_pri && pw_syslog_set_pri(ev, pri, err)) return -1;

    /* Cisco "000123: " sequence number */
    size_t k = i;
    int64_t seq = 0;
    while (k < len && digit(s[k]) && k - i < 18) seq = seq * 10 + (s[k++] - '0');
    if (k > i && k + 1 < len && s[k] == ':' && s[k + 1] == ' ') {
        if (pw_event_set_int(ev, "event.sequence", seq, err)) return -1;
        i = k + 2;
    }
    if (i < len && (s[i] == '*' || s[i] == '.')) i++;

    size_t e = bsd_timestamp(s, len, i, now_us, &ts);
    if (!e) e = iso_timestamp(s, len, i, &ts);
    if (!e && (e = plain_datetime(s, len, i, &ts)) != 0) {
        /* an application's own log line: what follows is its text, no hostname or tag to look for */
        pw_event_set_time(ev, ts);
        if (e < len) e++;
        return pw_event_set_str_lossy(ev, "message", s + e, len - e, err) ? -1 : 1;
    }
    if (!e) {
        /* RFC 3164 4.3.2: without a valid timestamp the whole rest is the message. Without a PRI either,
         * nothing says this is syslog at all. */
        if (!have_pri) return 0;
        return pw_event_set_str_lossy(ev, "message", s + i, len - i, err) ? -1 : 1;
    }
    i = e;
    /* Cisco: " UTC:" zone abbreviation, then a ':' closing the timestamp */
    if (i + 1 < len && s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
        size_t z = i + 1;
        while (z < len && z - i <= 5 && s[z] >= 'A' && s[z] <= 'Z') z++;
        if (z < len && s[z] == ':' && z - i >= 3) i = z;
    }
    if (i < len && s[i] == ':') i++;
    if (ts != PW_TS_NONE) pw_event_set_time(ev, ts);
    if (i < len && s[i] == ' ') i++;

    /* hostname, unless the first token is already the tag */
    e = token_end(s, len, i);
    if (e > i && !tag_shape(s, i, e) && e - i <= HOSTNAME_MAX) {
        size_t h = i;
        while (h < e && is_host_char((unsigned char)s[h])) h++;
        if (h == e && e < len) {
            if (pw_event_set_str(ev, "log.syslog.hostname", s + i, e - i, err) ||
                pw_event_set_str(ev, "host.name", s + i, e - i, err))
                return -1;
            i = e + 1;
            while (i < len && s[i] == ' ') i++;
            e = token_end(s, len, i);
        } else if (h == e && e == len) { /* "Jun 14 15:16:01 host" and nothing else */
            if (pw_event_set_str(ev, "log.syslog.hostname", s + i, e - i, err) ||
                pw_event_set_str(ev, "host.name", s + i, e - i, err))
                return -1;
            return 1;
        }
    }
    /* two-word tags seen in the wild: "syslogd 1.4.1: restart.", "-- root[2421]: ROOT LOGIN" (login) */
    if (e > i && e + 1 < len && !tag_shape(s, i, e) && ((e - i == 2 && s[i] == '-' && s[i + 1] == '-') || digit(s[e + 1]))) {
        size_t e2 = token_end(s, len, e + 1);
        if (tag_shape(s, e + 1, e2) && e2 - i <= TAG_MAX + 1) e = e2;
    }
    if (e > i && (tag_shape(s, i, e) || (e < len && s[e - 1] == ':'))) {
        if (set_tag(ev, s, i, e, err)) return -1;
        i = e;
        if (i < len && s[i] == ' ') i++;
    }
    if (pw_event_set_str_lossy(ev, "message", s + i, len - i, err)) return -1;
    return 1;
}
