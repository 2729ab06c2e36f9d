/* xml_encoding: which character encoding an XML byte stream is in, and a streaming converter to UTF-8.
 *
 * Why it exists: the Windows XML stream reader cuts records out of the raw bytes by searching for "<Event",
 * and xml_safe's linear pre-scan counts attributes by looking for '<', '=' and '>' bytes. Both only work on
 * ASCII-compatible bytes, so UTF-16 (either byte order), UTF-32, EBCDIC and the other encodings libxml2 reads
 * through iconv are converted to UTF-8 first. glibc's iconv knows every encoding libxml2 can use (libxml2
 * itself goes through iconv for all but UTF-8/16, Latin-1 and ASCII), so "every encoding libxml2 supports" is
 * what iconv_open accepts; anything else is refused by name, never read as garbage.
 *
 * Detection follows the XML 1.0 appendix F order: a byte-order mark, else the byte pattern of "<?xml" in
 * 16/32-bit units, else the encoding="..." of an ASCII-compatible declaration, else UTF-8. */
#ifndef PW_XML_ENCODING_H
#define PW_XML_ENCODING_H

#include <stddef.h>

#include "core/pw_error.h"

/* Bytes of the stream start that detection looks at: the XML declaration is short ("<?xml version='1.0'
 * encoding='...' standalone='yes'?>" is < 100 bytes); 512 leaves room for odd spacing. */
#define PW_XML_SNIFF_BYTES 512
/* Worst-case UTF-8 bytes per input byte (a single-byte charset mapping to U+0800..U+FFFF). */
#define PW_XML_CONV_GROWTH 3
/* Bytes of an unfinished multi-byte sequence that may be left over between two reads. */
#define PW_XML_CONV_CARRY 16

typedef struct pw_xml_conv {
    void *cd;          /* iconv_t, NULL for UTF-8 input (pass-through) */
    char name[48];     /* the encoding, as detected */
    size_t unit;       /* bytes skipped on an invalid sequence: 2 for UTF-16, 4 for UTF-32, else 1 */
    unsigned long long replaced; /* invalid sequences replaced by U+FFFD */
} pw_xml_conv;

/* Detects the encoding of p[0..n) (the start of a document). Returns 1 when more bytes are needed to decide
 * (n < PW_XML_SNIFF_BYTES, not final, and the declaration is not complete yet), else 0 with the name in
 * name[cap] and the length of the byte-order mark (to skip) in *bom. */
int pw_xml_detect_encoding(const unsigned char *p, size_t n, int final, char *name, size_t cap, size_t *bom);

/* Prepares c for name. 0 (UTF-8 and US-ASCII need no conversion: c->cd stays NULL), or -1 with err saying the
 * encoding is not supported; what names it in messages is the caller's (file:offset or url). */
int pw_xml_conv_open(pw_xml_conv *c, const char *name, pw_error *err);
/* Converts in[0..n) to UTF-8 into out, which must hold PW_XML_CONV_GROWTH * n + 8 bytes. Unless final, an
 * unfinished sequence at the end is not consumed: *left is its length (<= PW_XML_CONV_CARRY), to be passed
 * again in front of the next bytes. Invalid sequences become U+FFFD. Returns the bytes written. */
size_t pw_xml_conv_run(pw_xml_conv *c, const unsigned char *in, size_t n, char *out, int final, size_t *left);
void pw_xml_conv_close(pw_xml_conv *c);

/* Whole document: *out is data itself (no conversion needed) or a malloc'd UTF-8 copy the caller frees
 * (*owned = 1). -1 with err "<name>: encoding ... not supported" or on allocation failure. */
int pw_xml_to_utf8(const char *data, size_t len, const char *name, const char **out, size_t *out_len, int *owned,
                   pw_error *err);

#endif
