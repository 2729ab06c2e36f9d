/* xml_encoding: encoding detection and streaming conversion to UTF-8 (see xml_encoding.h). */
#include "parsers/xml_encoding.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void set_name(char *name, size_t cap, const char *s) { snprintf(name, cap, "%s", s); }

/* encoding="..." of an ASCII-compatible declaration in d[0..n); 1 found, 0 none, -1 declaration unfinished. */
static int declared(const char *d, size_t n, char *name, size_t cap)
{
    if (n < 5 || memcmp(d, "<?xml", 5) != 0) return 0;
    const char *end = memmem(d, n, "?>", 2);
    if (!end) return -1;
    const char *e = memmem(d, (size_t)(end - d), "encoding", 8);
    if (!e) return 0;
    const char *p = e + 8;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p >= end || *p++ != '=') return 0;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p >= end || (*p != '"' && *p != '\'')) return 0;
    char q = *p++, found[41];
    size_t i = 0;
    while (p < end && *p != q && i + 1 < sizeof found) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':') return 0;
        found[i++] = (char)toupper((unsigned char)*p++);
    }
    if (p >= end || *p != q || i == 0 || i + 1 > cap) return 0;
    found[i] = '\0';
    memcpy(name, found, i + 1); /* name is only touched on success: callers keep their default */
    return 1;
}

int pw_xml_detect_encoding(const unsigned char *p, size_t n, int final, char *name, size_t cap, size_t *bom)
{
    static const struct {
        unsigned char b[4];
        size_t len, bom;
        const char *name;
    } sig[] = {
        {{0x00, 0x00, 0xFE, 0xFF}, 4, 4, "UTF-32BE"}, {{0xFF, 0xFE, 0x00, 0x00}, 4, 4, "UTF-32LE"},
        {{0xEF, 0xBB, 0xBF, 0}, 3, 3, "UTF-8"},       {{0xFE, 0xFF, 0, 0}, 2, 2, "UTF-16BE"},
        {{0xFF, 0xFE, 0, 0}, 2, 2, "UTF-16LE"},       {{0x00, 0x00, 0x00, 0x3C}, 4, 0, "UTF-32BE"},
        {{0x3C, 0x00, 0x00, 0x00}, 4, 0, "UTF-32LE"}, {{0x00, 0x3C, 0x00, 0x3F}, 4, 0, "UTF-16BE"},
        {{0x3C, 0x00, 0x3F, 0x00}, 4, 0, "UTF-16LE"}, {{0x4C, 0x6F, 0xA7, 0x94}, 4, 0, "IBM037"},
    };
    *bom = 0;
    if (n < 4 && !final) return 1;
    for (size_t i = 0; i < sizeof sig / sizeof *sig; i++) {
        if (n < sig[i].len || memcmp(p, sig[i].b, sig[i].len) != 0) continue;
        *bom = sig[i].bom;
        set_name(name, cap, sig[i].name);
        if (strcmp(sig[i].name, "IBM037") != 0) return 0;
        /* EBCDIC: the declaration names the code page; read it through IBM037 (its ASCII subset is common) */
        size_t m = n < PW_XML_SNIFF_BYTES ? n : PW_XML_SNIFF_BYTES, left = 0;
        pw_xml_conv c;
        if (pw_xml_conv_open(&c, "IBM037", NULL) != 0) return 0;
        char out[PW_XML_SNIFF_BYTES * PW_XML_CONV_GROWTH + 8];
        size_t o = pw_xml_conv_run(&c, p, m, out, 1, &left);
        pw_xml_conv_close(&c);
        if (declared(out, o, name, cap) < 0 && n < PW_XML_SNIFF_BYTES && !final) return 1;
        return 0;
    }
    char decl[48];
    int d = declared((const char *)p, n, decl, sizeof decl);
    if (d < 0 && n < PW_XML_SNIFF_BYTES && !final) return 1;
    set_name(name, cap, "UTF-8");
    /* A declaration of a 16/32-bit encoding over ASCII-compatible bytes is wrong; the bytes win (libxml2 also
     * reads such files as UTF-8 when they parse at all). */
    if (d == 1 && strncmp(decl, "UTF-16", 6) != 0 && strncmp(decl, "UTF-32", 6) != 0 && strncmp(decl, "UCS", 3) != 0)
        set_name(name, cap, decl);
    return 0;
}

static int is_utf8(const char *name)
{
    return !strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8") || !strcasecmp(name, "US-ASCII") ||
           !strcasecmp(name, "ASCII");
}

int pw_xml_conv_open(pw_xml_conv *c, const char *name, pw_error *err)
{
    memset(c, 0, sizeof *c);
    set_name(c->name, sizeof c->name, name);
    c->unit = 1;
    if (is_utf8(name)) return 0;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return pw_error_set(err, PW_ERR_INVALID, "encoding \"%s\" is not supported (no converter to UTF-8)", c->name);
    c->cd = cd;
    if (!strncasecmp(name, "UTF-16", 6) || !strncasecmp(name, "UCS-2", 5)) c->unit = 2;
    else if (!strncasecmp(name, "UTF-32", 6) || !strncasecmp(name, "UCS-4", 5)) c->unit = 4;
    return 0;
}

size_t pw_xml_conv_run(pw_xml_conv *c, const unsigned char *in, size_t n, char *out, int final, size_t *left)
{
    *left = 0;
    if (!c->cd) {
        memcpy(out, in, n);
        return n;
    }
    char *ip = (char *)(uintptr_t)in, *op = out;
    size_t il = n, ol = n * PW_XML_CONV_GROWTH + 8;
    /* Each round either converts everything, stops at an unfinished tail, or skips >= 1 byte: bounded by n. */
    while (il > 0) {
        if (iconv((iconv_t)c->cd, &ip, &il, &op, &ol) != (size_t)-1) break;
        if (errno == EINVAL && !final && il <= PW_XML_CONV_CARRY) {
            *left = il;
            break;
        }
        if (errno != EINVAL && errno != EILSEQ) break; /* E2BIG cannot happen with the documented room */
        size_t skip = il < c->unit ? il : c->unit;
        if (ol >= 3) {
            memcpy(op, "\xEF\xBF\xBD", 3);
            op += 3;
            ol -= 3;
        }
        ip += skip;
        il -= skip;
        c->replaced++;
    }
    if (final) iconv((iconv_t)c->cd, NULL, NULL, &op, &ol); /* end a stateful encoding's shift sequence */
    return (size_t)(op - out);
}

void pw_xml_conv_close(pw_xml_conv *c)
{
    if (c && c->cd) iconv_close((iconv_t)c->cd);
    if (c) c->cd = NULL;
}

int pw_xml_to_utf8(const char *data, size_t len, const char *name, const char **out, size_t *out_len, int *owned,
                   pw_error *err)
{
    char enc[48];
    size_t bom, left;
    pw_xml_conv c;
    pw_error why;
    *out = data;
    *out_len = len;
    *owned = 0;
    pw_xml_detect_encoding((const unsigned char *)data, len, 1, enc, sizeof enc, &bom);
    if (pw_xml_conv_open(&c, enc, &why) != 0)
        return pw_error_set(err, PW_ERR_INVALID, "%s: offset 0: %s; refused", name ? name : "<xml>", why.msg);
    if (!c.cd) return 0;
    char *buf = len <= (SIZE_MAX - 8) / PW_XML_CONV_GROWTH ? malloc(len * PW_XML_CONV_GROWTH + 8) : NULL;
    if (!buf) {
        pw_xml_conv_close(&c);
        return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory converting from %s", name ? name : "<xml>", enc);
    }
    *out_len = pw_xml_conv_run(&c, (const unsigned char *)data + bom, len - bom, buf, 1, &left);
    *out = buf;
    *owned = 1;
    pw_xml_conv_close(&c);
    return 0;
}
