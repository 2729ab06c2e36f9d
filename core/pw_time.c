/* pw_time: RFC 3339 formatting/parsing and clocks without the C library's locale and TZ state. */
#include "core/pw_time.h"

#include <time.h>

int64_t pw_time_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t pw_time_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Howard Hinnant's days_from_civil / civil_from_days: exact for every year of int64 range we accept. */
int64_t pw_time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static void put_digits(char *p, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* RFC 3339 has four year digits: 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z */
#define TS_MIN_US (INT64_C(-62167219200) * 1000000)
#define TS_MAX_US (INT64_C(253402300800) * 1000000 - 1)

size_t pw_time_format(int64_t us, char out[PW_RFC3339_MAX])
{
    if (us < TS_MIN_US) us = TS_MIN_US; /* clamp whole timestamps, so the text is always a real instant */
    if (us > TS_MAX_US) us = TS_MAX_US;
    int64_t secs = us / 1000000 - (us % 1000000 < 0); /* floor division, no negation that could overflow */
    unsigned frac = (unsigned)(us - secs * 1000000);
    int64_t days = secs / 86400 - (secs % 86400 < 0);
    unsigned sod = (unsigned)(secs - days * 86400);
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    char *p = out;
    put_digits(p, (unsigned)y, 4); p[4] = '-';
    put_digits(p + 5, m, 2); p[7] = '-';
    put_digits(p + 8, d, 2); p[10] = 'T';
    put_digits(p + 11, sod / 3600, 2); p[13] = ':';
    put_digits(p + 14, sod / 60 % 60, 2); p[16] = ':';
    put_digits(p + 17, sod % 60, 2); p[19] = '.';
    put_digits(p + 20, frac, 6); p[26] = 'Z'; p[27] = '\0';
    return 27;
}

static int digits(const char *s, size_t len, size_t at, int n, unsigned *out)
{
    unsigned v = 0;
    if (at + (size_t)n > len) return -1;
    for (int i = 0; i < n; i++) {
        char c = s[at + (size_t)i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (unsigned)(c - '0');
    }
    *out = v;
    return 0;
}

int pw_time_parse(const char *s, size_t len, int64_t *out_us, pw_error *err)
{
    unsigned y, mo, d, h, mi, se, oh = 0, om = 0;
    static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (digits(s, len, 0, 4, &y) || len < 19 || s[4] != '-' || digits(s, len, 5, 2, &mo) || s[7] != '-' ||
        digits(s, len, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        digits(s, len, 11, 2, &h) || s[13] != ':' || digits(s, len, 14, 2, &mi) || s[16] != ':' ||
        digits(s, len, 17, 2, &se))
        goto bad;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60) goto bad;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) goto bad;
    size_t i = 19;
    unsigned frac = 0;
    if (i < len && s[i] == '.') {
        int nd = 0;
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (nd < 6) frac = frac * 10 + (unsigned)(s[i] - '0');
            nd++;
            i++;
        }
        if (nd == 0 || nd > 9) goto bad;
        for (int k = nd; k < 6; k++) frac *= 10;
    }
    int sign = 0;
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        sign = s[i] == '+' ? 1 : -1;
        if (digits(s, len, i + 1, 2, &oh) || i + 3 >= len || s[i + 3] != ':' || digits(s, len, i + 4, 2, &om) ||
            oh > 23 || om > 59)
            goto bad;
        i += 6;
    } else {
        goto bad;
    }
    if (i != len) goto bad;
    if (se == 60) se = 59; /* a leap second maps onto the last ordinary second rather than the next minute */
    int64_t secs = pw_time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    secs -= sign * (int64_t)(oh * 3600 + om * 60);
    int64_t us = secs * 1000000 + frac;
    if (us < TS_MIN_US || us > TS_MAX_US) goto bad; /* an offset pushed it outside what can be written back */
    *out_us = us;
    return 0;
bad:
    return pw_error_set(err, PW_ERR_INVALID, "invalid RFC 3339 timestamp \"%.*s\"", (int)(len > 64 ? 64 : len), s);
}

int64_t pw_time_from_filetime(uint64_t ft)
{
    /* 11644473600 s between 1601-01-01 and 1970-01-01 */
    return (int64_t)(ft / 10) - INT64_C(11644473600000000);
}
