/* fuzz_xml_encoding: encoding detection and conversion to UTF-8 (parsers/xml_encoding.c) on arbitrary bytes,
 * whole and in pieces of a size taken from the input (as the Windows XML reader converts read by read), then
 * the Windows XML stream reader over the same bytes. Checks: the output stays within the documented worst case,
 * is valid UTF-8 when converted, and converting in pieces gives the same bytes as converting at once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_utf8.h"
#include "parsers/winevent.h"
#include "parsers/xml_encoding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[48];
    size_t bom, left = 0;
    pw_error err;
    pw_xml_conv c;
    if (size < 1) return 0;
    size_t step = (size_t)data[0] % 64 + 1;
    data++;
    size--;
    pw_xml_detect_encoding(data, size, 1, name, sizeof name, &bom);
    if (bom > size) __builtin_trap();
    if (pw_xml_conv_open(&c, name, &err) == 0) {
        char *whole = malloc(size * PW_XML_CONV_GROWTH + 8), *parts = malloc(size * (PW_XML_CONV_GROWTH + 1) + 64);
        unsigned char carry[PW_XML_CONV_CARRY + 64];
        size_t n = pw_xml_conv_run(&c, data + bom, size - bom, whole, 1, &left);
        if (n > (size - bom) * PW_XML_CONV_GROWTH + 8 || left) __builtin_trap();
        bool nul;
        if (c.cd && !pw_utf8_valid(whole, n, &nul)) __builtin_trap();
        pw_xml_conv_close(&c);
        if (pw_xml_conv_open(&c, name, &err) != 0) __builtin_trap();
        size_t o = 0, nc = 0;
        for (size_t off = bom; off < size;) {
            size_t k = size - off < step ? size - off : step;
            memcpy(carry + nc, data + off, k);
            off += k;
            o += pw_xml_conv_run(&c, carry, nc + k, parts + o, off >= size, &left);
            if (left > PW_XML_CONV_CARRY) __builtin_trap();
            memmove(carry, carry + nc + k - left, left);
            nc = left;
        }
        /* stateful encodings may legitimately differ by pieces only in what an unfinished tail became */
        if (c.cd && (o != n || memcmp(whole, parts, n) != 0) && c.unit > 1) __builtin_trap();
        pw_xml_conv_close(&c);
        free(whole);
        free(parts);
    }
    pw_winevent_xml *r = pw_winevent_xml_open_mem((const char *)data, size, "fuzz", &err);
    if (r) {
        pw_event ev;
        pw_event_init(&ev);
        for (int i = 0; i < 10000 && pw_winevent_xml_next(r, &ev, &err) == 1; i++) {}
        pw_event_free(&ev);
        pw_winevent_xml_close(r);
    }
    return 0;
}
