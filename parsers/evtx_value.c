/* evtx_value: the text of one BinXML value, as Windows renders it in event XML (decimal integers, "0x" +
 * lower-case hex for HexInt32/64 and size_t without padding, upper-case GUIDs in braces, SIDs as S-1-..,
 * FILETIME as RFC 3339 with 7 fraction digits, binary as upper-case hex). Arrays (type | 0x80) render their
 * elements separated by ", ". Every length is checked against the type: a value that does not fit its
 * type yields -1 and the caller renders it empty. Formatting is hand-rolled (no printf) on the hot path. */
#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <string.h>

#include "core/pw_time.h"
#include "core/pw_utf8.h"
#include "parsers/evtx_priv.h"

int evtx_utf16_to_utf8(pw_buf *out, const uint8_t *p, size_t nbytes)
{
    size_t n = nbytes / 2;
    if (pw_buf_reserve(out, n * 3 + 1)) return -1;
    char *o = out->data + out->len;
    for (size_t i = 0; i < n; i++) {
        /* fast paths: ASCII (non-NUL) code units, 8 at a time with SSE2, then 4 with 64-bit words;
         * Windows event text is mostly ASCII */
#ifdef __SSE2__
        /* 16 units per step: packus saturates a unit >= 0x80 to a byte >= 0x80 and maps a unit >= 0x8000 to
         * 0, so one sign-bit test and one zero test on the packed bytes find a non-ASCII unit or a NUL */
        while (i + 16 <= n) {
            __m128i a = _mm_loadu_si128((const __m128i *)(p + 2 * i));
            __m128i b = _mm_loadu_si128((const __m128i *)(p + 2 * i + 16));
            __m128i pk = _mm_packus_epi16(a, b);
            if (_mm_movemask_epi8(pk) | _mm_movemask_epi8(_mm_cmpeq_epi8(pk, _mm_setzero_si128()))) break;
            _mm_storeu_si128((__m128i *)o, pk);
            o += 16;
            i += 16;
        }
        while (i + 8 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(p + 2 * i));
            __m128i hi = _mm_and_si128(v, _mm_set1_epi16((short)0xFF80));
            __m128i zero = _mm_cmpeq_epi16(v, _mm_setzero_si128());
            if (_mm_movemask_epi8(_mm_or_si128(_mm_xor_si128(_mm_cmpeq_epi16(hi, _mm_setzero_si128()),
                                                             _mm_set1_epi16(-1)),
                                               zero)))
                break; /* a non-ASCII unit or a NUL among the eight */
            _mm_storel_epi64((__m128i *)o, _mm_packus_epi16(v, v));
            o += 8;
            i += 8;
        }
#endif
        while (i + 4 <= n) {
            uint64_t w;
            memcpy(&w, p + 2 * i, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            w = __builtin_bswap64(w);
#endif
            if (w & 0xFF80FF80FF80FF80ull) break;
            if (((w - 0x0001000100010001ull) & ~w & 0x8000800080008000ull)) break; /* a NUL unit */
            o[0] = (char)w;
            o[1] = (char)(w >> 16);
            o[2] = (char)(w >> 32);
            o[3] = (char)(w >> 48);
            o += 4;
            i += 4;
        }
        if (i >= n) break;
        unsigned c = evtx_u16(p + 2 * i);
        if (c < 0x80) {
            if (c == 0) break;
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
                unsigned lo = evtx_u16(p + 2 * i + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    unsigned cp = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                    *o++ = (char)(0xF0 | (cp >> 18));
                    *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                    *o++ = (char)(0x80 | (cp & 0x3F));
                    i++;
                    continue;
                }
            }
            if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD; /* lone surrogate */
            *o++ = (char)(0xE0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return 0;
}

/* Windows-1252 upper half (0x80..0x9F differ from Latin-1); 0 = undefined -> U+FFFD. */
static const uint16_t cp1252_hi[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                       0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static int ansi_text(pw_buf *out, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len && p[i]; i++) {
        unsigned c = p[i];
        if (c >= 0x80 && c < 0xA0) c = cp1252_hi[c - 0x80] ? cp1252_hi[c - 0x80] : 0xFFFD;
        if (c < 0x80 ? pw_buf_putc(out, (char)c) : pw_utf8_put(out, c)) return -1;
    }
    return 0;
}

static int put_u64(pw_buf *out, uint64_t v)
{
    char tmp[24];
    int i = 24;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return pw_buf_append(out, tmp + i, (size_t)(24 - i));
}

static int put_i64(pw_buf *out, int64_t v)
{
    if (v < 0) {
        if (pw_buf_putc(out, '-')) return -1;
        return put_u64(out, (uint64_t)0 - (uint64_t)v);
    }
    return put_u64(out, (uint64_t)v);
}

static const char hexl[] = "0123456789abcdef", hexu[] = "0123456789ABCDEF";

static int put_hex(pw_buf *out, uint64_t v) /* 0x + lower-case, no padding (Windows) */
{
    char tmp[18];
    int i = 18;
    do {
        tmp[--i] = hexl[v & 15];
        v >>= 4;
    } while (v);
    tmp[--i] = 'x';
    tmp[--i] = '0';
    return pw_buf_append(out, tmp + i, (size_t)(18 - i));
}

static int put_hexw(pw_buf *out, uint64_t v, int digits) /* fixed width, upper case */
{
    char tmp[16];
    for (int i = digits - 1; i >= 0; i--, v >>= 4) tmp[i] = hexu[v & 15];
    return pw_buf_append(out, tmp, (size_t)digits);
}

static int put_double(pw_buf *out, double d)
{
    char num[40];
    int n = 0;
    if (!isfinite(d)) return pw_buf_puts(out, isnan(d) ? "NaN" : d < 0 ? "-INF" : "INF");
    for (int prec = 15; prec <= 17; prec++) { /* shortest that reads back exactly */
        n = snprintf(num, sizeof num, "%.*g", prec, d);
        if (strtod(num, NULL) == d) break;
    }
    return pw_buf_append(out, num, (size_t)n);
}

static int put_filetime(pw_buf *out, uint64_t ft)
{
    /* 100 ns ticks since 1601; render as Windows does: YYYY-MM-DDTHH:MM:SS.fffffffZ */
    uint64_t secs = ft / 10000000u, frac = ft % 10000000u;
    int64_t days = (int64_t)(secs / 86400u) - 134774; /* days 1601-01-01 .. 1970-01-01 */
    uint64_t sod = secs % 86400u;
    /* civil from days (Howard Hinnant's algorithm) */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153, dd = doy - (153 * mp + 2) / 5 + 1, mm = mp < 10 ? mp + 3 : mp - 9;
    y += mm <= 2;
    char b[40];
    int n = snprintf(b, sizeof b, "%04lld-%02u-%02uT%02u:%02u:%02u.%07uZ", (long long)y, mm, dd,
                     (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60), (unsigned)(sod % 60), (unsigned)frac);
    return pw_buf_append(out, b, (size_t)n);
}

static int put_systemtime(pw_buf *out, const uint8_t *p)
{
    char b[48];
    int n = snprintf(b, sizeof b, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", evtx_u16(p), evtx_u16(p + 2),
                     evtx_u16(p + 6), evtx_u16(p + 8), evtx_u16(p + 10), evtx_u16(p + 12), evtx_u16(p + 14));
    return pw_buf_append(out, b, (size_t)n);
}

static int put_guid(pw_buf *out, const uint8_t *p)
{
    int rc = pw_buf_putc(out, '{');
    rc |= put_hexw(out, evtx_u32(p), 8);
    rc |= pw_buf_putc(out, '-');
    rc |= put_hexw(out, evtx_u16(p + 4), 4);
    rc |= pw_buf_putc(out, '-');
    rc |= put_hexw(out, evtx_u16(p + 6), 4);
    rc |= pw_buf_putc(out, '-');
    rc |= put_hexw(out, ((unsigned)p[8] << 8) | p[9], 4);
    rc |= pw_buf_putc(out, '-');
    for (int i = 10; i < 16; i++) rc |= put_hexw(out, p[i], 2);
    rc |= pw_buf_putc(out, '}');
    return rc;
}

/* Returns the SID's byte length, or 0 when it does not fit. */
static size_t sid_len(const uint8_t *p, size_t len)
{
    if (len < 8) return 0;
    size_t need = 8 + 4 * (size_t)p[1];
    return need <= len ? need : 0;
}

static int put_sid(pw_buf *out, const uint8_t *p)
{
    uint64_t auth = 0;
    for (int i = 2; i < 8; i++) auth = (auth << 8) | p[i];
    int rc = pw_buf_puts(out, "S-");
    rc |= put_u64(out, p[0]);
    rc |= pw_buf_putc(out, '-');
    rc |= auth >> 32 ? put_hex(out, auth) : put_u64(out, auth);
    for (unsigned i = 0; i < p[1]; i++) {
        rc |= pw_buf_putc(out, '-');
        rc |= put_u64(out, evtx_u32(p + 8 + 4 * i));
    }
    return rc;
}

/* Fixed element size of a type, 0 for variable-size ones. */
static size_t fixed_size(uint8_t t)
{
    switch (t) {
    case 0x03: case 0x04: return 1;
    case 0x05: case 0x06: return 2;
    case 0x07: case 0x08: case 0x0B: case 0x0D: case 0x14: return 4;
    case 0x09: case 0x0A: case 0x0C: case 0x11: case 0x15: return 8;
    case 0x0F: case 0x12: return 16;
    default: return 0;
    }
}

static int scalar_text(pw_buf *out, uint8_t t, const uint8_t *p, size_t len)
{
    switch (t) {
    case 0x00: return 0; /* NullType: empty */
    case 0x01: case 0x23: return evtx_utf16_to_utf8(out, p, len);
    case 0x02: return ansi_text(out, p, len);
    case 0x03: return len >= 1 ? put_i64(out, (int8_t)p[0]) : -1;
    case 0x04: return len >= 1 ? put_u64(out, p[0]) : -1;
    case 0x05: return len >= 2 ? put_i64(out, (int16_t)evtx_u16(p)) : -1;
    case 0x06: return len >= 2 ? put_u64(out, evtx_u16(p)) : -1;
    case 0x07: return len >= 4 ? put_i64(out, (int32_t)evtx_u32(p)) : -1;
    case 0x08: return len >= 4 ? put_u64(out, evtx_u32(p)) : -1;
    case 0x09: return len >= 8 ? put_i64(out, (int64_t)evtx_u64(p)) : -1;
    case 0x0A: return len >= 8 ? put_u64(out, evtx_u64(p)) : -1;
    case 0x0B: {
        if (len < 4) return -1;
        float f;
        uint32_t u = evtx_u32(p);
        memcpy(&f, &u, 4);
        return put_double(out, f);
    }
    case 0x0C: {
        if (len < 8) return -1;
        double d;
        uint64_t u = evtx_u64(p);
        memcpy(&d, &u, 8);
        return put_double(out, d);
    }
    case 0x0D: { /* bool: 4 bytes normally; any non-zero is true (some writers store other values) */
        if (len == 0) return -1;
        uint64_t v = 0;
        for (size_t i = 0; i < len && i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
        return pw_buf_puts(out, v ? "true" : "false");
    }
    case 0x0E: case 0x20: { /* binary, EvtHandle */
        if (pw_buf_reserve(out, len * 2)) return -1;
        char *o = out->data + out->len;
        for (size_t i = 0; i < len; i++) {
            *o++ = hexu[p[i] >> 4];
            *o++ = hexu[p[i] & 15];
        }
        out->len += len * 2;
        out->data[out->len] = '\0';
        return 0;
    }
    case 0x0F: return len >= 16 ? put_guid(out, p) : -1;
    case 0x10: /* size_t: 4 or 8 bytes by the writer's word size */
        if (len >= 8) return put_hex(out, evtx_u64(p));
        if (len >= 4) return put_hex(out, evtx_u32(p));
        return -1;
    case 0x11: return len >= 8 ? put_filetime(out, evtx_u64(p)) : -1;
    case 0x12: return len >= 16 ? put_systemtime(out, p) : -1;
    case 0x13: return sid_len(p, len) ? put_sid(out, p) : -1;
    case 0x14: return len >= 4 ? put_hex(out, evtx_u32(p)) : -1;
    case 0x15: return len >= 8 ? put_hex(out, evtx_u64(p)) : -1;
    default: return -1; /* 0x21 BinXml is walked, not rendered; unknown types render empty */
    }
}

int pw_evtx_value_text(pw_buf *out, uint8_t type, const uint8_t *p, size_t len)
{
    size_t start = out->len;
    if (!(type & 0x80)) {
        if (scalar_text(out, type, p, len) == 0) return 0;
        goto err;
    }
    uint8_t t = type & 0x7F;
    size_t es = fixed_size(t), i = 0, n = 0;
    while (i < len) {
        size_t el;
        if (es) {
            if (len - i < es) goto err;
            el = es;
        } else if (t == 0x01) { /* NUL-separated UTF-16 strings */
            el = 0;
            while (i + el + 1 < len && (p[i + el] | p[i + el + 1])) el += 2;
            if (n++ && pw_buf_append(out, ", ", 2)) goto err;
            if (evtx_utf16_to_utf8(out, p + i, el)) goto err;
            i += el + 2;
            continue;
        } else if (t == 0x02) {
            el = 0;
            while (i + el < len && p[i + el]) el++;
            if (n++ && pw_buf_append(out, ", ", 2)) goto err;
            if (ansi_text(out, p + i, el)) goto err;
            i += el + 1;
            continue;
        } else if (t == 0x13) {
            if (!(el = sid_len(p + i, len - i))) goto err;
        } else {
            goto err;
        }
        if (n++ && pw_buf_append(out, ", ", 2)) goto err;
        if (scalar_text(out, t, p + i, el)) goto err;
        i += el;
    }
    return 0;
err:
    out->len = start;
    if (out->data) out->data[start] = '\0';
    return -1;
}
