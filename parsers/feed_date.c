/* feed_date: the date formats advisory feeds actually write. RSS uses RFC 822 ("Sat, 21 Mar 2020 06:29:51
 * -0400", two-digit years and named zones included); Atom, CSAF and Graph use RFC 3339 (Graph with 7
 * fraction digits); MSRC CVRF writes local-less "2017-05-08T07:00:00", which MSRC means as UTC. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"

static int parse_uint(const char *s, size_t n, size_t *i, int maxdigits, int *out)
{
    int v = 0, d = 0;
    while (*i < n && isdigit((unsigned char)s[*i]) && d < maxdigits) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        d++;
    }
    if (!d) return -1;
    *out = v;
    return 0;
}

static void skip_ws(const char *s, size_t n, size_t *i)
{
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == ',')) (*i)++;
}

/* RFC 822 / 1123 with the common sloppiness (missing weekday, missing seconds, two-digit years). */
static int64_t parse_rfc822(const char *s, size_t n)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    static const struct {
        const char *name;
        int minutes;
    } zones[] = {{"GMT", 0},       {"UT", 0},        {"UTC", 0},       {"Z", 0},         {"EST", -300},
                 {"EDT", -240},    {"CST", -360},    {"CDT", -300},    {"MST", -420},    {"MDT", -360},
                 {"PST", -480},    {"PDT", -420}};
    size_t i = 0;
    int day, year, hh, mm, ss = 0, mon = -1;
    skip_ws(s, n, &i);
    if (i < n && isalpha((unsigned char)s[i])) { /* weekday */
        while (i < n && isalpha((unsigned char)s[i])) i++;
        skip_ws(s, n, &i);
    }
    if (parse_uint(s, n, &i, 2, &day) != 0) return PW_TS_NONE;
    skip_ws(s, n, &i);
    if (n - i < 3) return PW_TS_NONE;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(s + i, months[m], 3) == 0) mon = m + 1;
    if (mon < 0) return PW_TS_NONE;
    while (i < n && isalpha((unsigned char)s[i])) i++;
    skip_ws(s, n, &i);
    size_t y0 = i;
    if (parse_uint(s, n, &i, 4, &year) != 0) return PW_TS_NONE;
    if (i - y0 == 2) year += year < 50 ? 2000 : 1900;
    skip_ws(s, n, &i);
    if (parse_uint(s, n, &i, 2, &hh) != 0 || i >= n || s[i++] != ':' || parse_uint(s, n, &i, 2, &mm) != 0)
        return PW_TS_NONE;
    if (i < n && s[i] == ':') {
        i++;
        if (parse_uint(s, n, &i, 2, &ss) != 0) return PW_TS_NONE;
    }
    skip_ws(s, n, &i);
    int off = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1, hhmm;
        size_t z0 = ++i;
        if (parse_uint(s, n, &i, 4, &hhmm) != 0 || i - z0 != 4) return PW_TS_NONE;
        off = sign * ((hhmm / 100) * 60 + hhmm % 100);
    } else if (i < n) {
        size_t z0 = i;
        while (i < n && isalpha((unsigned char)s[i])) i++;
        int found = 0;
        for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++)
            if (strlen(zones[z].name) == i - z0 && strncasecmp(s + z0, zones[z].name, i - z0) == 0) {
                off = zones[z].minutes;
                found = 1;
            }
        if (!found && i > z0) return PW_TS_NONE;
    }
    skip_ws(s, n, &i);
    if (i != n) return PW_TS_NONE;
    if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1970 || year > 9999) return PW_TS_NONE;
    int64_t days = pw_time_days_from_civil(year, (unsigned)mon, (unsigned)day);
    int64_t secs = days * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)off * 60;
    return secs * 1000000;
}

int64_t pw_adv_parse_date(const char *s, size_t n)
{
    char buf[64];
    int64_t us;
    if (!s) return PW_TS_NONE;
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n == 0 || n >= sizeof buf - 2) return PW_TS_NONE;
    if (n >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-') {
        memcpy(buf, s, n);
        buf[n] = '\0';
        if (n == 10) { /* bare date */
            memcpy(buf + 10, "T00:00:00Z", 11);
            n = 20;
        } else {
            /* no zone designator after the time: MSRC CVRF's convention is UTC */
            const char *t = strpbrk(buf + 10, "Zz+-");
            if (!t) {
                buf[n++] = 'Z';
                buf[n] = '\0';
            }
        }
        if (pw_time_parse(buf, n, &us, NULL) == 0 && us != PW_TS_NONE) {
            /* 0001-01-01 placeholders (CVRF FileLastModified) are "unknown", not a date */
            if (us < 0) return PW_TS_NONE;
            return us;
        }
        return PW_TS_NONE;
    }
    return parse_rfc822(s, n);
}
