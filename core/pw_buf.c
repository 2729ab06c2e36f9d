/* pw_buf: growable buffer (doubling, capped at PW_BUF_MAX) and JSON string escaping. */
#include "core/pw_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

int pw_buf_reserve(pw_buf *b, size_t extra)
{
    if (extra > PW_BUF_MAX || b->len > PW_BUF_MAX - extra - 1) return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int pw_buf_append(pw_buf *b, const void *data, size_t len)
{
    /* room already there (the usual case once warm): skip the call; same test as pw_buf_reserve's */
    if (!(b->data && len < b->cap - b->len) && pw_buf_reserve(b, len)) return -1;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int pw_buf_putc(pw_buf *b, char c)
{
    if (!(b->data && b->cap - b->len > 1) && pw_buf_reserve(b, 1)) return -1;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}

int pw_buf_puts(pw_buf *b, const char *s) { return pw_buf_append(b, s, strlen(s)); }

int pw_buf_printf(pw_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || pw_buf_reserve(b, (size_t)n)) {
        va_end(ap2);
        return -1;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return 0;
}

/* Writes the escape sequence for c (a byte < 0x20, '"' or '\\') at o; returns the end. */
static char *json_escape_byte(char *o, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *o++ = '\\';
    switch (c) {
    case '"': *o++ = '"'; break;
    case '\\': *o++ = '\\'; break;
    case '\n': *o++ = 'n'; break;
    case '\r': *o++ = 'r'; break;
    case '\t': *o++ = 't'; break;
    case '\b': *o++ = 'b'; break;
    case '\f': *o++ = 'f'; break;
    default:
        *o++ = 'u'; *o++ = '0'; *o++ = '0';
        *o++ = hex[c >> 4]; *o++ = hex[c & 15];
    }
    return o;
}

int pw_buf_json_str(pw_buf *b, const char *s, size_t len)
{
    /* worst case every byte becomes \u00XX; 16 more so a block store near the end stays in the buffer */
    if (len > (PW_BUF_MAX - 18) / 6 || pw_buf_reserve(b, len * 6 + 18)) return -1;
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = 0;
#ifdef __SSE2__
    /* 16 bytes at a time: store them all (the reserve above leaves room for 6 bytes per input byte and a
     * block), then keep only the plain prefix and escape the first special byte; text with an escape every
     * ~10 bytes (scripts, paths) costs about one block per escape instead of one branch per byte. A short
     * string or the tail is copied into a zeroed block first (never reading past s), its padding masked. */
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
    while (i < len) {
        size_t rem = len - i, step = 16;
        unsigned valid = 0xFFFF;
        __m128i v;
        if (rem >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        } else {
            char tmp[16] = {0};
            memcpy(tmp, s + i, rem);
            v = _mm_loadu_si128((const __m128i *)(const void *)tmp);
            valid = (1u << rem) - 1;
            step = rem;
        }
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
        unsigned mask = (unsigned)_mm_movemask_epi8(m) & valid;
        _mm_storeu_si128((__m128i *)(void *)o, v);
        if (!mask) {
            o += step;
            i += step;
            continue;
        }
        unsigned k = (unsigned)__builtin_ctz(mask);
        o += k;
        i += k;
        o = json_escape_byte(o, (unsigned char)s[i++]);
    }
#else
    size_t run = 0; /* copy runs of plain bytes with one memcpy */
    for (; i < len; i++) {
        /* skip 8 plain bytes at a time: no byte < 0x20, no '"', no '\\' (SWAR zero-byte tests) */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
            uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
            if ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high) break;
            i += 8;
        }
        if (i >= len) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        memcpy(o, s + run, i - run);
        o += i - run;
        run = i + 1;
        o = json_escape_byte(o, c);
    }
    memcpy(o, s + run, len - run);
    o += len - run;
#endif
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return 0;
}

void pw_buf_reset(pw_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void pw_buf_free(pw_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
