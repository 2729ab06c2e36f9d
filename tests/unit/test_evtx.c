/* test_evtx: the EVTX parser on hand-built byte fixtures (every token and value type, templates, optional
 * and NullType substitutions, nested BinXML, arrays, damaged chunks), on small real files from
 * tests/fixtures/evtx, and on malformed input (truncation at every offset, random byte flips), plus the
 * ingest side (checkpoints, ordered -j output). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_bus.h"
#include "core/pw_out.h"
#include "core/pw_utf8.h"
#include "ingest/evtx_ingest.h"
#include "ingest/evtx_read.h"
#include "parsers/evtx.h"
#include "pw_test.h"

/* ---- a tiny EVTX writer ------------------------------------------------------------------------------ */
#define FILE_SIZE_1 (4096 + 65536)

typedef struct bx {
    uint8_t *c;   /* current chunk */
    uint32_t pos; /* write position in the chunk */
    uint32_t rec_start, nrec;
    uint64_t first_id, next_id;
    uint32_t last_rec;
} bx;

static void put8(bx *b, uint8_t v) { b->c[b->pos++] = v; }
static void put16(bx *b, uint16_t v) { put8(b, (uint8_t)v); put8(b, (uint8_t)(v >> 8)); }
static void put32(bx *b, uint32_t v) { put16(b, (uint16_t)v); put16(b, (uint16_t)(v >> 16)); }
static void put64(bx *b, uint64_t v) { put32(b, (uint32_t)v); put32(b, (uint32_t)(v >> 32)); }
static void putb(bx *b, const void *p, size_t n)
{
    if (n) memcpy(b->c + b->pos, p, n);
    b->pos += (uint32_t)n;
}
static void set32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static void set64(uint8_t *p, uint64_t v) { set32(p, (uint32_t)v); set32(p + 4, (uint32_t)(v >> 32)); }

static void utf16(bx *b, const char *s) { for (; *s; s++) put16(b, (uint8_t)*s); }
/* A name reference with the string inline right after it (first use). */
static void name_inline(bx *b, const char *s)
{
    put32(b, b->pos + 4);
    put32(b, 0);
    put16(b, 0);
    put16(b, (uint16_t)strlen(s));
    utf16(b, s);
    put16(b, 0);
}
static void frag(bx *b) { put8(b, 0x0F); put8(b, 1); put8(b, 1); put8(b, 0); }
static uint32_t open_el(bx *b, const char *n, int attrs) /* returns the name's offset */
{
    put8(b, attrs ? 0x41 : 0x01);
    put16(b, 0xFFFF);
    put32(b, 0); /* data size, not used by readers */
    uint32_t off = b->pos + 4;
    name_inline(b, n);
    if (attrs) put32(b, 0);
    return off;
}
static void attr(bx *b, const char *n) { put8(b, 0x06); name_inline(b, n); }
static void text(bx *b, const char *s) { put8(b, 0x05); put8(b, 0x01); put16(b, (uint16_t)strlen(s)); utf16(b, s); }
static void close_start(bx *b) { put8(b, 0x02); }
static void close_empty(bx *b) { put8(b, 0x03); }
static void end_el(bx *b) { put8(b, 0x04); }
static void eof(bx *b) { put8(b, 0x00); }
static void subst(bx *b, int optional, uint16_t id, uint8_t type) { put8(b, optional ? 0x0E : 0x0D); put16(b, id); put8(b, type); }

static void chunk_begin(bx *b, uint8_t *chunk, uint64_t first_id)
{
    memset(chunk, 0, 65536);
    b->c = chunk;
    b->pos = 512;
    b->nrec = 0;
    b->first_id = b->next_id = first_id;
    b->last_rec = 512;
}
static void rec_begin(bx *b)
{
    b->rec_start = b->pos;
    put32(b, 0x00002a2a);
    put32(b, 0);
    put64(b, b->next_id++);
    put64(b, 132000000000000000ull); /* 2019-04-14 */
}
static void rec_end(bx *b)
{
    while ((b->pos + 4 - b->rec_start) % 8) put8(b, 0);
    uint32_t size = b->pos + 4 - b->rec_start;
    put32(b, size);
    set32(b->c + b->rec_start + 4, size);
    b->last_rec = b->rec_start;
    b->nrec++;
}
static void chunk_end(bx *b)
{
    uint8_t *c = b->c;
    memcpy(c, "ElfChnk", 8);
    set64(c + 8, b->first_id);
    set64(c + 16, b->next_id - 1);
    set64(c + 24, b->first_id);
    set64(c + 32, b->next_id - 1);
    set32(c + 40, 128);
    set32(c + 44, b->last_rec);
    set32(c + 48, b->pos);
    set32(c + 52, pw_evtx_crc32(0, c + 512, b->pos - 512));
    uint32_t crc = pw_evtx_crc32(0, c, 120);
    set32(c + 124, pw_evtx_crc32(crc, c + 128, 384));
}
static void file_header(uint8_t *f, uint16_t nchunks)
{
    memset(f, 0, 4096);
    memcpy(f, "ElfFile", 8);
    set32(f + 32, 128);
    f[36] = 1;
    f[38] = 3;
    f[40] = 0x00;
    f[41] = 0x10;
    f[42] = (uint8_t)nchunks;
    set32(f + 124, pw_evtx_crc32(0, f, 120));
}

/* Parses a whole in-memory file; XML of every record joined by '\n' into xml (if not NULL), events into
 * evs (up to max). Returns the record count. */
static int parse_all(const uint8_t *buf, size_t len, pw_buf *xml, pw_event *evs, int max, pw_evtx_stats *st)
{
    pw_error err;
    pw_evtx_file *f = pw_evtx_open_mem(buf, len, "test", &err);
    if (!f) return -1;
    pw_event ev;
    pw_buf one = PW_BUF_INIT;
    pw_event_init(&ev);
    int n = 0, r;
    while ((r = pw_evtx_next_ex(f, &ev, &one, NULL, &err)) == 1) {
        if (xml) {
            pw_buf_append(xml, one.data, one.len);
            pw_buf_putc(xml, '\n');
        }
        if (evs && n < max) pw_event_copy(&evs[n], &ev, &err);
        n++;
    }
    if (st) *st = *pw_evtx_file_stats(f);
    pw_evtx_close(f);
    pw_event_free(&ev);
    pw_buf_free(&one);
    return r < 0 ? -1 : n;
}

static const char *get(const pw_event *ev, const char *key)
{
    const char *v = pw_event_get_str(ev, key, NULL);
    return v ? v : "(absent)";
}

/* ---- value types ------------------------------------------------------------------------------------- */
static const char *vt(uint8_t type, const void *p, size_t len)
{
    static pw_buf b = PW_BUF_INIT;
    pw_buf_reset(&b);
    if (pw_evtx_value_text(&b, type, p, len)) return "(error)";
    return b.data ? b.data : "";
}

START_TEST(test_value_types_render_like_windows)
{
    const uint8_t s16[] = {'h', 0, 0xe9, 0, 0x3d, 0xd8, 0x00, 0xde, 0, 0};  /* "hé😀" + NUL */
    ck_assert_str_eq(vt(0x01, s16, sizeof s16), "h\xc3\xa9\xf0\x9f\x98\x80");
    const uint8_t lone[] = {0x00, 0xd8, 'x', 0};
    ck_assert_str_eq(vt(0x01, lone, sizeof lone), "\xef\xbf\xbdx");
    ck_assert_str_eq(vt(0x02, "abc\x80\0", 5), "abc\xe2\x82\xac"); /* Windows-1252 euro */
    const uint8_t i8 = 0xff, u16v[] = {0x34, 0x12}, i32[] = {0xfe, 0xff, 0xff, 0xff};
    ck_assert_str_eq(vt(0x03, &i8, 1), "-1");
    ck_assert_str_eq(vt(0x04, &i8, 1), "255");
    ck_assert_str_eq(vt(0x05, u16v, 2), "4660");
    ck_assert_str_eq(vt(0x06, u16v, 2), "4660");
    ck_assert_str_eq(vt(0x07, i32, 4), "-2");
    ck_assert_str_eq(vt(0x08, i32, 4), "4294967294");
    const uint8_t i64[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    ck_assert_str_eq(vt(0x09, i64, 8), "-1");
    ck_assert_str_eq(vt(0x0A, i64, 8), "18446744073709551615");
    float f = 1.5f;
    double d = 0.1;
    ck_assert_str_eq(vt(0x0B, &f, 4), "1.5");
    ck_assert_str_eq(vt(0x0C, &d, 8), "0.1");
    const uint8_t t[] = {1, 0, 0, 0}, fl[] = {0, 0, 0, 0}, odd[] = {2, 0, 0, 0};
    ck_assert_str_eq(vt(0x0D, t, 4), "true");
    ck_assert_str_eq(vt(0x0D, fl, 4), "false");
    ck_assert_str_eq(vt(0x0D, odd, 4), "true"); /* irregular bool values */
    const uint8_t bin[] = {0xde, 0xad, 0x01};
    ck_assert_str_eq(vt(0x0E, bin, 3), "DEAD01");
    const uint8_t guid[] = {0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d};
    ck_assert_str_eq(vt(0x0F, guid, 16), "{54849625-5478-4994-A5BA-3E3B0328C30D}");
    const uint8_t sz4[] = {0x4c, 0x02, 0, 0}, sz8[] = {0xe7, 0x03, 0, 0, 0, 0, 0, 0};
    ck_assert_str_eq(vt(0x10, sz4, 4), "0x24c");
    ck_assert_str_eq(vt(0x10, sz8, 8), "0x3e7");
    uint64_t ft = 131124751716816408ull; /* 2016-07-08T18:12:51.6816408Z */
    ck_assert_str_eq(vt(0x11, &ft, 8), "2016-07-08T18:12:51.6816408Z");
    const uint16_t st[8] = {2019, 3, 5, 8, 13, 45, 30, 123};
    ck_assert_str_eq(vt(0x12, st, 16), "2019-03-08T13:45:30.123Z");
    const uint8_t sid[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0};
    ck_assert_str_eq(vt(0x13, sid, sizeof sid), "S-1-5-32-544");
    ck_assert_str_eq(vt(0x14, sz4, 4), "0x24c");
    const uint8_t kw[] = {0, 0, 0, 0, 0, 0, 0x20, 0x80};
    ck_assert_str_eq(vt(0x15, kw, 8), "0x8020000000000000");
    ck_assert_str_eq(vt(0x00, NULL, 0), "");
    ck_assert_str_eq(vt(0x20, bin, 3), "DEAD01");                 /* EvtHandle: opaque bytes */
    ck_assert_str_eq(vt(0x23, s16, sizeof s16), "h\xc3\xa9\xf0\x9f\x98\x80"); /* EvtXml: UTF-16 text */
    /* arrays */
    const uint8_t sa[] = {'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0};
    ck_assert_str_eq(vt(0x81, sa, sizeof sa), "a, bc");
    const uint8_t ua[] = {1, 0, 2, 0, 3, 0};
    ck_assert_str_eq(vt(0x86, ua, sizeof ua), "1, 2, 3");
    uint8_t sids[32];
    memcpy(sids, sid, 16);
    memcpy(sids + 16, sid, 16);
    ck_assert_str_eq(vt(0x93, sids, 32), "S-1-5-32-544, S-1-5-32-544");
    /* values that do not fit their type */
    ck_assert_str_eq(vt(0x08, i32, 3), "(error)");
    ck_assert_str_eq(vt(0x0F, guid, 15), "(error)");
    ck_assert_str_eq(vt(0x13, sid, 12), "(error)");
    ck_assert_str_eq(vt(0x86, ua, 5), "(error)");
    ck_assert_str_eq(vt(0x7F, ua, 2), "(error)");
}
END_TEST

START_TEST(test_crc32_fast_path_matches_the_table)
{
    static uint8_t buf[70000];
    uint32_t seed = 99;
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)((seed = seed * 1103515245u + 12345u) >> 16);
    ck_assert_uint_eq(pw_evtx_crc32(0, "123456789", 9), 0xCBF43926u); /* the standard check value */
    for (size_t len = 0; len < 1100; len++)
        ck_assert_uint_eq(pw_evtx_crc32(0, buf + 3, len), pw_evtx_crc32_portable(0, buf + 3, len));
    for (size_t len = 65000; len < 65536; len += 13)
        ck_assert_uint_eq(pw_evtx_crc32(7, buf + 1, len), pw_evtx_crc32_portable(7, buf + 1, len));
}
END_TEST

/* The UTF-16 fast paths (8 and 4 units at a time) against a plain one-unit-at-a-time conversion. */
static void utf16_reference(pw_buf *out, const uint16_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = u[i];
        if (c == 0) break;
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            pw_utf8_put(out, 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00));
            i++;
            continue;
        }
        pw_utf8_put(out, c >= 0xD800 && c <= 0xDFFF ? 0xFFFD : c);
    }
}

START_TEST(test_utf16_fast_paths_match_the_reference)
{
    static const uint16_t pool[] = {'a', 'Z', ' ', 0x7F, 0x80, 0xE9, 0x20AC, 0xD83D, 0xDE00, 0xDC00, 0, 0xFFFF};
    uint32_t seed = 4242;
    for (int it = 0; it < 20000; it++) {
        uint16_t u[64];
        size_t n = (seed = seed * 1103515245u + 12345u) >> 26;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            u[i] = (seed >> 16) % 5 ? (uint16_t)('a' + (seed >> 8) % 26) : pool[(seed >> 20) % (sizeof pool / 2)];
        }
        pw_buf a = PW_BUF_INIT, b = PW_BUF_INIT;
        ck_assert_int_eq(pw_evtx_value_text(&a, 0x01, (const uint8_t *)u, 2 * n), 0);
        utf16_reference(&b, u, n);
        ck_assert_uint_eq(a.len, b.len);
        if (a.len) ck_assert_int_eq(memcmp(a.data, b.data, a.len), 0);
        pw_buf_free(&a);
        pw_buf_free(&b);
    }
}
END_TEST

/* ---- tokens ------------------------------------------------------------------------------------------ */
START_TEST(test_every_plain_token_renders)
{
    uint8_t *file = calloc(1, FILE_SIZE_1);
    bx b;
    file_header(file, 1);
    chunk_begin(&b, file + 4096, 1);
    rec_begin(&b);
    frag(&b);
    open_el(&b, "Event", 1);
    attr(&b, "a");
    put8(&b, 0x45); /* value with "more" flag, then a char ref and an entity ref inside the attribute */
    put8(&b, 0x01);
    put16(&b, 2);
    utf16(&b, "x'");
    put8(&b, 0x48);
    put16(&b, 65);
    put8(&b, 0x49);
    name_inline(&b, "amp");
    close_start(&b);
    open_el(&b, "Empty", 0);
    close_empty(&b);
    open_el(&b, "T", 0);
    close_start(&b);
    text(&b, "1<2");
    put8(&b, 0x07); /* CDATA */
    put16(&b, 3);
    utf16(&b, "c&d");
    put8(&b, 0x08);
    put16(&b, 0x263a);
    end_el(&b);
    put8(&b, 0x0A); /* PI */
    name_inline(&b, "pi");
    put8(&b, 0x0B);
    put16(&b, 4);
    utf16(&b, "data");
    end_el(&b);
    eof(&b);
    rec_end(&b);
    chunk_end(&b);

    pw_buf xml = PW_BUF_INIT;
    ck_assert_int_eq(parse_all(file, FILE_SIZE_1, &xml, NULL, 0, NULL), 1);
    ck_assert_str_eq(xml.data, "<Event a='x&apos;&#65;&amp;'><Empty/><T>1&lt;2<![CDATA[c&d]]>&#9786;</T><?pi data?></Event>\n");
    pw_buf_free(&xml);
    free(file);
}
END_TEST

/* The System/EventData template used by the template tests; substitution ids:
 * 0 EventID (uint16), 1 Level (uint8), 2 Provider Name (string), 3 TimeCreated (FILETIME),
 * 4 Channel (string), 5 Computer (string), 6 ProcessID (uint32, optional), 7 UserID (SID, optional),
 * 8 Data "Param" (string), 9 Keywords (hex64), 10 Data "Arr" (string array, normal). */
static void emit_template_def(bx *b)
{
    put32(b, 0);                 /* next template */
    for (int i = 0; i < 16; i++) put8(b, (uint8_t)i); /* GUID */
    uint32_t size_at = b->pos;
    put32(b, 0);
    uint32_t body = b->pos;
    frag(b);
    open_el(b, "Event", 1);
    attr(b, "xmlns");
    text(b, "http://schemas.microsoft.com/win/2004/08/events/event");
    close_start(b);
    open_el(b, "System", 0);
    close_start(b);
    open_el(b, "Provider", 1);
    attr(b, "Name");
    subst(b, 0, 2, 0x01);
    close_empty(b);
    open_el(b, "EventID", 0);
    close_start(b);
    subst(b, 0, 0, 0x06);
    end_el(b);
    open_el(b, "Level", 0);
    close_start(b);
    subst(b, 0, 1, 0x04);
    end_el(b);
    open_el(b, "Keywords", 0);
    close_start(b);
    subst(b, 0, 9, 0x15);
    end_el(b);
    open_el(b, "TimeCreated", 1);
    attr(b, "SystemTime");
    subst(b, 0, 3, 0x11);
    close_empty(b);
    open_el(b, "Execution", 1);
    attr(b, "ProcessID");
    subst(b, 1, 6, 0x08);
    close_empty(b);
    open_el(b, "Channel", 0);
    close_start(b);
    subst(b, 0, 4, 0x01);
    end_el(b);
    open_el(b, "Computer", 0);
    close_start(b);
    subst(b, 0, 5, 0x01);
    end_el(b);
    open_el(b, "Security", 1);
    attr(b, "UserID");
    subst(b, 1, 7, 0x13);
    close_empty(b);
    end_el(b); /* System */
    open_el(b, "EventData", 0);
    close_start(b);
    open_el(b, "Data", 1);
    attr(b, "Name");
    text(b, "Param");
    close_start(b);
    subst(b, 1, 8, 0x01);
    end_el(b);
    open_el(b, "Data", 1);
    attr(b, "Name");
    text(b, "Arr");
    close_start(b);
    subst(b, 0, 10, 0x81);
    end_el(b);
    end_el(b); /* EventData */
    end_el(b); /* Event */
    eof(b);
    set32(b->c + size_at, b->pos - body);
}

typedef struct val {
    uint8_t type;
    const void *p;
    uint16_t len;
} val;

static void emit_values(bx *b, const val *v, int n)
{
    put32(b, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        put16(b, v[i].len);
        put8(b, v[i].type);
        put8(b, 0);
    }
    for (int i = 0; i < n; i++) putb(b, v[i].p, v[i].len);
}

static uint8_t *u16s(const char *s, uint16_t *len) /* static UTF-16 copy */
{
    static uint8_t pool[8][256];
    static int k;
    uint8_t *p = pool[k++ & 7];
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        p[2 * i] = (uint8_t)s[i];
        p[2 * i + 1] = 0;
    }
    *len = (uint16_t)(2 * n);
    return p;
}

/* Builds a file with two records instantiating one template (inline, then by offset). */
static uint8_t *build_template_file(void)
{
    uint8_t *file = calloc(1, FILE_SIZE_1);
    bx b;
    file_header(file, 1);
    chunk_begin(&b, file + 4096, 100);
    uint16_t eid = 4624, l1, l2, l3, l4, l5;
    uint8_t level = 2;
    uint64_t ft = 131124751716816408ull, kw = 0x8020000000000000ull;
    uint32_t pid = 456;
    const uint8_t sid[] = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};
    const uint8_t arr[] = {'a', 0, 0, 0, 'b', 0, 0, 0};
    uint8_t *prov = u16s("Microsoft-Windows-Security-Auditing", &l1), *chan = u16s("Security", &l2),
            *comp = u16s("host1.example", &l3), *param = u16s("value & more", &l4);
    (void)l5;
    val v1[] = {{0x06, &eid, 2},   {0x04, &level, 1}, {0x01, prov, l1},  {0x11, &ft, 8},
                {0x01, chan, l2},  {0x01, comp, l3},  {0x08, &pid, 4},   {0x13, sid, sizeof sid},
                {0x01, param, l4}, {0x15, &kw, 8},    {0x81, arr, sizeof arr}};
    rec_begin(&b);
    frag(&b);
    put8(&b, 0x0C);
    put8(&b, 1);
    put32(&b, 0x1234);
    uint32_t def = b.pos + 4;
    put32(&b, def);
    emit_template_def(&b);
    emit_values(&b, v1, 11);
    eof(&b);
    rec_end(&b);
    /* second record: same template by reference; NullType for the optional pid, SID and param */
    val v2[] = {{0x06, &eid, 2},  {0x04, &level, 1}, {0x01, prov, l1}, {0x11, &ft, 8},
                {0x01, chan, l2}, {0x01, comp, l3},  {0x00, NULL, 0},  {0x00, NULL, 0},
                {0x00, NULL, 0},  {0x15, &kw, 8},    {0x00, NULL, 0}};
    rec_begin(&b);
    frag(&b);
    put8(&b, 0x0C);
    put8(&b, 1);
    put32(&b, 0x1234);
    put32(&b, def);
    emit_values(&b, v2, 11);
    eof(&b);
    rec_end(&b);
    chunk_end(&b);
    return file;
}

START_TEST(test_template_instances_map_to_ecs_and_xml)
{
    uint8_t *file = build_template_file();
    pw_buf xml = PW_BUF_INIT;
    pw_event evs[2];
    pw_event_init(&evs[0]);
    pw_event_init(&evs[1]);
    ck_assert_int_eq(parse_all(file, FILE_SIZE_1, &xml, evs, 2, NULL), 2);
    const char *want1 =
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        "<Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4624</EventID><Level>2</Level>"
        "<Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2016-07-08T18:12:51.6816408Z'/>"
        "<Execution ProcessID='456'/><Channel>Security</Channel><Computer>host1.example</Computer>"
        "<Security UserID='S-1-5-18'/></System><EventData><Data Name='Param'>value &amp; more</Data>"
        "<Data Name='Arr'>a</Data><Data Name='Arr'>b</Data></EventData></Event>\n";
    ck_assert_msg(strncmp(xml.data, want1, strlen(want1)) == 0, "got %s", xml.data);
    const char *want2 = /* optional NULLs drop their attributes; NullType never stops the record */
        "<Execution/><Channel>Security</Channel><Computer>host1.example</Computer><Security/></System>"
        "<EventData><Data Name='Param'></Data><Data Name='Arr'></Data></EventData></Event>\n";
    ck_assert_ptr_nonnull(strstr(xml.data + strlen(want1), want2));

    pw_event *e = &evs[0];
    ck_assert_str_eq(get(e, "event.code"), "4624");
    ck_assert_str_eq(get(e, "event.provider"), "Microsoft-Windows-Security-Auditing");
    ck_assert_str_eq(get(e, "winlog.channel"), "Security");
    ck_assert_str_eq(get(e, "host.name"), "host1.example");
    ck_assert_str_eq(get(e, "winlog.computer_name"), "host1.example");
    ck_assert_str_eq(get(e, "log.level"), "error");
    ck_assert_str_eq(get(e, "patchwatch.winlog.keywords_raw"), "0x8020000000000000");
    ck_assert_str_eq(get(e, "winlog.provider_name"), "Microsoft-Windows-Security-Auditing");
    ck_assert_str_eq(get(e, "winlog.api"), "evtx-file");
    ck_assert_str_eq(get(e, "winlog.user.identifier"), "S-1-5-18");
    ck_assert_str_eq(get(e, "winlog.event_data.Param"), "value & more");
    ck_assert_str_eq(get(e, "event.module"), "evtx");
    int64_t i;
    ck_assert_int_eq(pw_event_get_int(e, "process.pid", &i), 0);
    ck_assert_int_eq(i, 456);
    ck_assert_int_eq(pw_event_get_int(e, "winlog.process.pid", &i), 0);
    ck_assert_int_eq(i, 456);
    { /* keywords as Winlogbeat names them, the 4624 category from the table */
        pw_buf js = {0};
        ck_assert_int_eq(pw_event_to_json(e, &js, NULL), 0);
        ck_assert_msg(strstr(js.data, "\"keywords\":[\"Audit Success\"]"), "got %s", js.data);
        ck_assert_msg(strstr(js.data, "\"category\":[\"authentication\"]"), "got %s", js.data);
        ck_assert_msg(strstr(js.data, "\"type\":[\"start\"]"), "got %s", js.data);
        pw_buf_free(&js);
    }
    ck_assert_int_eq(pw_event_get_int(e, "winlog.record_id", &i), 0);
    ck_assert_int_eq(i, 100);
    ck_assert_int_eq(e->ts_us, 1468001571681640);
    ck_assert_ptr_null(pw_event_find(&evs[1], "process.pid"));
    ck_assert_str_eq(get(&evs[1], "winlog.event_data.Param"), "");
    pw_event_free(&evs[0]);
    pw_event_free(&evs[1]);
    pw_buf_free(&xml);
    free(file);
}
END_TEST

START_TEST(test_nested_binxml_substitution_becomes_user_data)
{
    uint8_t *file = calloc(1, FILE_SIZE_1);
    bx b;
    file_header(file, 1);
    chunk_begin(&b, file + 4096, 7);
    rec_begin(&b);
    frag(&b);
    put8(&b, 0x0C);
    put8(&b, 1);
    put32(&b, 1);
    put32(&b, b.pos + 4);
    put32(&b, 0);
    for (int k = 0; k < 16; k++) put8(&b, 0);
    uint32_t size_at = b.pos;
    put32(&b, 0);
    uint32_t body = b.pos;
    frag(&b);
    open_el(&b, "Event", 0);
    close_start(&b);
    open_el(&b, "UserData", 0);
    close_start(&b);
    subst(&b, 0, 0, 0x21);
    end_el(&b);
    end_el(&b);
    eof(&b);
    set32(b.c + size_at, b.pos - body);
    /* one value: a BinXML fragment <Op xmlns='x'><Kb>KB5062557</Kb></Op>, written in place */
    put32(&b, 1);
    uint32_t desc = b.pos;
    put32(&b, 0);
    uint32_t start = b.pos;
    frag(&b);
    open_el(&b, "Op", 1);
    attr(&b, "xmlns");
    text(&b, "x");
    close_start(&b);
    open_el(&b, "Kb", 0);
    close_start(&b);
    text(&b, "KB5062557");
    end_el(&b);
    end_el(&b);
    eof(&b);
    b.c[desc] = (uint8_t)(b.pos - start);
    b.c[desc + 1] = (uint8_t)((b.pos - start) >> 8);
    b.c[desc + 2] = 0x21;
    eof(&b);
    rec_end(&b);
    chunk_end(&b);
    pw_buf xml = PW_BUF_INIT;
    pw_event ev;
    pw_event_init(&ev);
    ck_assert_int_eq(parse_all(file, FILE_SIZE_1, &xml, &ev, 1, NULL), 1);
    ck_assert_str_eq(xml.data, "<Event><UserData><Op xmlns='x'><Kb>KB5062557</Kb></Op></UserData></Event>\n");
    ck_assert_str_eq(get(&ev, "winlog.user_data.Kb"), "KB5062557");
    pw_event_free(&ev);
    pw_buf_free(&xml);
    free(file);
}
END_TEST

START_TEST(test_bad_chunk_header_crc_still_returns_records)
{
    uint8_t *file = build_template_file();
    file[4096 + 124] ^= 0xff; /* header CRC */
    pw_evtx_stats st;
    ck_assert_int_eq(parse_all(file, FILE_SIZE_1, NULL, NULL, 0, &st), 2);
    ck_assert_int_eq(st.chunks_bad, 1);
    file[4096] = 'X'; /* and the magic: records still recovered by their own framing */
    ck_assert_int_eq(parse_all(file, FILE_SIZE_1, NULL, NULL, 0, &st), 2);
    ck_assert_int_eq(st.chunks_bad, 1);
    free(file);
}
END_TEST

START_TEST(test_broken_record_is_skipped_and_the_next_returned)
{
    uint8_t *file = build_template_file();
    /* break the first record's trailing size copy: it is still recovered from its BinXML; break its BinXML
     * too and it is skipped, while the second (which uses the template the first defined) is returned: the
     * definition lives in the chunk and is found by offset */
    uint32_t size = file[4096 + 512 + 4] | (file[4096 + 512 + 5] << 8);
    file[4096 + 512 + size - 4] ^= 0x55;
    pw_evtx_stats st0;
    ck_assert_int_eq(parse_all(file, FILE_SIZE_1, NULL, NULL, 0, &st0), 2); /* only the tail: recovered */
    file[4096 + 512 + 24] = 0xFF; /* and an unknown token: now it cannot be walked */
    pw_evtx_stats st;
    pw_event ev;
    pw_event_init(&ev);
    ck_assert_int_eq(parse_all(file, FILE_SIZE_1, NULL, &ev, 1, &st), 1);
    ck_assert_int_eq(st.records_bad, 1);
    ck_assert_str_eq(get(&ev, "event.code"), "4624");
    pw_event_free(&ev);
    free(file);
}
END_TEST

/* Template amplification: tiny records instantiating a template that instantiates another one 20 times.
 * The per-record and per-chunk node caps bound the work; records past the cap are skipped and counted. */
START_TEST(test_template_amplification_is_capped)
{
    uint8_t *file = calloc(1, FILE_SIZE_1);
    bx b;
    file_header(file, 1);
    chunk_begin(&b, file + 4096, 1);
    /* record 1: template T1 = 3000 empty elements sharing one name */
    rec_begin(&b);
    frag(&b);
    put8(&b, 0x0C);
    put8(&b, 1);
    put32(&b, 1);
    uint32_t t1 = b.pos + 4;
    put32(&b, t1);
    put32(&b, 0);
    for (int k = 0; k < 16; k++) put8(&b, 0);
    uint32_t size_at = b.pos;
    put32(&b, 0);
    uint32_t body = b.pos;
    frag(&b);
    uint32_t name = open_el(&b, "E", 0);
    close_empty(&b);
    for (int k = 1; k < 3000; k++) {
        put8(&b, 0x01);
        put16(&b, 0xFFFF);
        put32(&b, 0);
        put32(&b, name);
        close_empty(&b);
    }
    eof(&b);
    set32(b.c + size_at, b.pos - body);
    put32(&b, 0);
    eof(&b);
    rec_end(&b);
    /* record 2: template T2 = 20 instances of T1 */
    rec_begin(&b);
    frag(&b);
    put8(&b, 0x0C);
    put8(&b, 1);
    put32(&b, 2);
    uint32_t t2 = b.pos + 4;
    put32(&b, t2);
    put32(&b, 0);
    for (int k = 0; k < 16; k++) put8(&b, 0);
    size_at = b.pos;
    put32(&b, 0);
    body = b.pos;
    frag(&b);
    for (int k = 0; k < 20; k++) {
        put8(&b, 0x0C);
        put8(&b, 1);
        put32(&b, 1);
        put32(&b, t1);
        put32(&b, 0);
    }
    eof(&b);
    set32(b.c + size_at, b.pos - body);
    put32(&b, 0);
    eof(&b);
    rec_end(&b);
    /* then as many tiny records instantiating T2 as fit */
    while (b.pos + 64 < 65536) {
        rec_begin(&b);
        frag(&b);
        put8(&b, 0x0C);
        put8(&b, 1);
        put32(&b, 2);
        put32(&b, t2);
        put32(&b, 0);
        eof(&b);
        rec_end(&b);
    }
    chunk_end(&b);
    pw_evtx_stats st;
    int n = parse_all(file, FILE_SIZE_1, NULL, NULL, 0, &st);
    ck_assert_int_ge(n, 2);
    ck_assert_int_gt(st.records_bad, 0);
    ck_assert_int_eq((uint64_t)n + st.records_bad, b.nrec);
    free(file);
}
END_TEST

/* ---- real files -------------------------------------------------------------------------------------- */
static uint8_t *fixture(const char *name, size_t *len)
{
    char path[1024];
    pw_test_fixture(path, sizeof path, name);
    uint8_t *p = (uint8_t *)pw_test_read_file(path, len);
    ck_assert_msg(p != NULL, "fixture %s", path);
    return p;
}

START_TEST(test_real_fixtures_read_completely)
{
    size_t len;
    uint8_t *p = fixture("evtx/Security_short_selected.evtx", &len);
    pw_event evs[7];
    for (int i = 0; i < 7; i++) pw_event_init(&evs[i]);
    ck_assert_int_eq(parse_all(p, len, NULL, evs, 7, NULL), 7);
    ck_assert_str_eq(get(&evs[0], "winlog.channel"), "Security");
    for (int i = 0; i < 7; i++) pw_event_free(&evs[i]);
    free(p);
    /* forwarded event written without a template (no dependency ids), where evtxexport and python-evtx fail */
    p = fixture("evtx/MSExchange_Management_wec.evtx", &len);
    pw_event ev;
    pw_event_init(&ev);
    ck_assert_int_eq(parse_all(p, len, NULL, &ev, 1, NULL), 1);
    ck_assert_str_eq(get(&ev, "event.provider"), "MSExchange CmdletLogs");
    pw_event_free(&ev);
    free(p);
    p = fixture("evtx/Application_no_crc32.evtx", &len);
    pw_evtx_stats st;
    ck_assert_int_eq(parse_all(p, len, NULL, NULL, 0, &st), 17);
    ck_assert_int_eq(st.chunks_bad, 1);
    free(p);
}
END_TEST

START_TEST(test_truncated_at_every_offset_never_crashes)
{
    size_t len;
    uint8_t *p = fixture("evtx/Security_short_selected.evtx", &len);
    int last = -1;
    for (size_t cut = 0; cut <= len; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1); /* exact size: ASan catches any read past the end */
        memcpy(copy, p, cut);
        int n = parse_all(copy, cut, NULL, NULL, 0, NULL);
        if (cut >= 4096 + 512) ck_assert_int_ge(n, 0);
        if (n >= 0) {
            ck_assert_int_ge(n, last < 0 ? 0 : last); /* more bytes never lose records */
            last = n;
        }
        free(copy);
    }
    ck_assert_int_eq(last, 7);
    free(p);
}
END_TEST

START_TEST(test_random_byte_flips_never_crash)
{
    size_t len;
    uint8_t *p = fixture("evtx/Security_short_selected.evtx", &len);
    uint8_t *copy = malloc(len);
    uint32_t seed = 12345;
    for (int iter = 0; iter < 3000; iter++) {
        memcpy(copy, p, len);
        int flips = 1 + iter % 16;
        for (int k = 0; k < flips; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = 4096 + (seed >> 8) % (len - 4096);
            seed = seed * 1103515245u + 12345u;
            copy[at] ^= (uint8_t)(1u << ((seed >> 16) & 7));
        }
        pw_buf xml = PW_BUF_INIT;
        parse_all(copy, len, &xml, NULL, 0, NULL);
        pw_buf_free(&xml);
    }
    free(copy);
    free(p);
}
END_TEST

/* ---- ingest ------------------------------------------------------------------------------------------ */
static char *slurp(const char *path, size_t *len)
{
    char *p = pw_test_read_file(path, len);
    ck_assert_ptr_nonnull(p);
    return p;
}

static void write_file(const char *path, const uint8_t *p, size_t len)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(p, 1, len, fp), len);
    fclose(fp);
}

/* A file of nchunks chunks, each with recs records of the template kind, ids from 1. */
static uint8_t *build_multi_chunk(int nchunks, int recs, size_t *len)
{
    *len = 4096 + (size_t)nchunks * 65536;
    uint8_t *file = calloc(1, *len);
    file_header(file, (uint16_t)nchunks);
    uint64_t id = 1;
    for (int c = 0; c < nchunks; c++) {
        bx b;
        chunk_begin(&b, file + 4096 + (size_t)c * 65536, id);
        uint16_t eid = (uint16_t)(1000 + c), l1, l2;
        uint8_t level = 4;
        uint64_t ft = 131124751716816408ull, kw = 0;
        uint8_t *prov = u16s("P", &l1), *chan = u16s("C", &l2);
        val v[] = {{0x06, &eid, 2}, {0x04, &level, 1}, {0x01, prov, l1}, {0x11, &ft, 8}, {0x01, chan, l2},
                   {0x01, chan, l2}, {0x00, NULL, 0}, {0x00, NULL, 0}, {0x00, NULL, 0}, {0x15, &kw, 8},
                   {0x00, NULL, 0}};
        uint32_t def = 0;
        for (int r = 0; r < recs; r++) {
            rec_begin(&b);
            frag(&b);
            put8(&b, 0x0C);
            put8(&b, 1);
            put32(&b, 1);
            if (r == 0) {
                def = b.pos + 4;
                put32(&b, def);
                emit_template_def(&b);
            } else {
                put32(&b, def);
            }
            emit_values(&b, v, 11);
            eof(&b);
            rec_end(&b);
        }
        chunk_end(&b);
        id = b.next_id;
    }
    return file;
}

START_TEST(test_parallel_output_is_in_record_order)
{
    char dir[] = "/tmp/pw_test_evtx_XXXXXX", path[256], o1[300], o4[300];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/multi.evtx", dir);
    size_t len;
    uint8_t *file = build_multi_chunk(9, 25, &len);
    write_file(path, file, len);
    const int jobs[2] = {1, 4};
    char *outs[2] = {o1, o4};
    for (int k = 0; k < 2; k++) {
        snprintf(outs[k], 300, "%s/out%d.jsonl", dir, jobs[k]);
        pw_error err;
        pw_out *out = pw_out_open(outs[k], &err);
        ck_assert_ptr_nonnull(out);
        pw_evtx_read_opts o = {.jobs = jobs[k]};
        pw_evtx_read_result res;
        ck_assert_int_eq(pw_evtx_read_file(path, &o, out, &res, &err), 0);
        ck_assert_int_eq(pw_out_close(out, &err), 0);
        ck_assert_int_eq(res.records, 9 * 25);
        ck_assert_int_eq(res.last_id, 9 * 25);
    }
    size_t a, bl;
    char *x = slurp(o1, &a), *y = slurp(o4, &bl);
    ck_assert_uint_eq(a, bl);
    ck_assert_int_eq(memcmp(x, y, a), 0);
    ck_assert_ptr_nonnull(strstr(x, "\"code\":\"1008\""));
    free(x);
    free(y);
    free(file);
    unlink(o1);
    unlink(o4);
    unlink(path);
    rmdir(dir);
}
END_TEST

static uint64_t ingest_count(const char *path, const char *cp, const char *outfile)
{
    pw_error err;
    unlink(outfile);
    pw_out *out = pw_out_open(outfile, &err);
    ck_assert_ptr_nonnull(out);
    pw_evtx_read_opts o = {.jobs = 2};
    pw_evtx_ingest_totals t;
    const char *paths[1] = {path};
    ck_assert_int_eq(pw_evtx_ingest(paths, 1, &o, cp, out, &t, &err), 0);
    ck_assert_int_eq(pw_out_close(out, &err), 0);
    return t.records;
}

START_TEST(test_checkpoint_pushes_only_new_records_of_a_grown_directory)
{
    char dir[] = "/tmp/pw_test_evtx_XXXXXX", sub[64], path[128], cp[128], outf[128];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/host1", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/System.EVTX", sub);
    snprintf(cp, sizeof cp, "%s/checkpoint.tsv", dir);
    snprintf(outf, sizeof outf, "%s/out.jsonl", dir);
    size_t len;
    uint8_t *small = build_multi_chunk(2, 10, &len);
    write_file(path, small, len);
    ck_assert_uint_eq(ingest_count(dir, cp, outf), 20);
    ck_assert_uint_eq(ingest_count(dir, cp, outf), 0);
    free(small);
    uint8_t *grown = build_multi_chunk(3, 10, &len); /* same first 20 records, 10 more */
    write_file(path, grown, len);
    ck_assert_uint_eq(ingest_count(dir, cp, outf), 10);
    size_t n;
    char *out = slurp(outf, &n);
    ck_assert_ptr_nonnull(strstr(out, "\"record_id\":21}"));
    ck_assert_ptr_null(strstr(out, "\"record_id\":20}"));
    free(out);
    free(grown);
    unlink(outf);
    unlink(cp);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
}
END_TEST

START_TEST(test_ingest_pushes_events_onto_the_bus)
{
    pw_error err;
    void *ctx = pw_bus_ctx_new(&err);
    ck_assert_ptr_nonnull(ctx);
    pw_bus_sock *pull = pw_bus_pull(ctx, "inproc://evtx-ingest-test", PW_BUS_BIND, NULL, &err);
    ck_assert_ptr_nonnull(pull);
    pw_out *out = pw_out_open_ctx("inproc://evtx-ingest-test", ctx, &err);
    ck_assert_ptr_nonnull(out);
    char path[1024];
    pw_test_fixture(path, sizeof path, "evtx/Security_short_selected.evtx");
    const char *paths[1] = {path};
    pw_evtx_read_opts o = {.jobs = 2};
    pw_evtx_ingest_totals t;
    ck_assert_int_eq(pw_evtx_ingest(paths, 1, &o, NULL, out, &t, &err), 0);
    ck_assert_int_eq(t.records, 7);
    ck_assert_int_eq(pw_out_close(out, &err), 0);
    pw_bus_msg msg = {0};
    pw_event ev;
    pw_event_init(&ev);
    for (int i = 0; i < 7; i++) {
        ck_assert_int_eq(pw_bus_recv(pull, &msg, 5000, &err), 1);
        ck_assert_str_eq(msg.topic, "event");
        ck_assert_int_eq(pw_event_from_json(&ev, msg.body.data, msg.body.len, &err), 0);
        ck_assert_str_eq(get(&ev, "winlog.channel"), "Security");
        ck_assert_str_eq(get(&ev, "event.module"), "evtx");
    }
    pw_event_free(&ev);
    pw_bus_msg_free(&msg);
    pw_bus_close(pull, &err);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("evtx");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_value_types_render_like_windows);
    tcase_add_test(tc, test_crc32_fast_path_matches_the_table);
    tcase_add_test(tc, test_utf16_fast_paths_match_the_reference);
    tcase_add_test(tc, test_every_plain_token_renders);
    tcase_add_test(tc, test_template_instances_map_to_ecs_and_xml);
    tcase_add_test(tc, test_nested_binxml_substitution_becomes_user_data);
    tcase_add_test(tc, test_bad_chunk_header_crc_still_returns_records);
    tcase_add_test(tc, test_broken_record_is_skipped_and_the_next_returned);
    tcase_add_test(tc, test_template_amplification_is_capped);
    tcase_add_test(tc, test_real_fixtures_read_completely);
    tcase_add_test(tc, test_truncated_at_every_offset_never_crashes);
    tcase_add_test(tc, test_random_byte_flips_never_crash);
    tcase_add_test(tc, test_parallel_output_is_in_record_order);
    tcase_add_test(tc, test_checkpoint_pushes_only_new_records_of_a_grown_directory);
    tcase_add_test(tc, test_ingest_pushes_events_onto_the_bus);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return pw_test_run(suite()); }
