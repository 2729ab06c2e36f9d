/* pw_utf8: a strict UTF-8 decoder step (Unicode 15, table 3-7) shared by validation and repair. */
#include "core/pw_utf8.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Length of the well-formed sequence at s (1..4), or 0 when ill-formed. */
static size_t seq_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2 || c > 0xF4) return 0;
    size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (avail < n) return 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

bool pw_utf8_valid(const char *s, size_t len, bool *has_nul)
{
    const unsigned char *p = (const unsigned char *)s;
    bool nul = false;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        /* fast path: 16 ASCII bytes at a time (most event text), noting a NUL among them */
        while (i + 16 <= len) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            if (_mm_movemask_epi8(v)) break;
            nul |= _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) != 0;
            i += 16;
        }
#endif
        /* then 8 at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            nul |= ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0;
            i += 8;
        }
        if (i >= len) break;
        if (p[i] < 0x80) {
            nul |= p[i] == 0;
            i++;
            continue;
        }
        size_t n = seq_len(p + i, len - i);
        if (!n) {
            if (has_nul) *has_nul = nul;
            return false;
        }
        i += n;
    }
    if (has_nul) *has_nul = nul;
    return true;
}

int pw_utf8_put(pw_buf *out, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        b[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return pw_buf_append(out, b, n);
}

int pw_utf8_sanitize(pw_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < len) {
        size_t n = p[i] == 0 ? 0 : seq_len(p + i, len - i);
        if (n) {
            i += n;
            continue;
        }
        if (pw_buf_append(out, s + run, i - run) || pw_utf8_put(out, 0xFFFD)) return -1;
        i++;
        run = i;
    }
    return pw_buf_append(out, s + run, len - run);
}
