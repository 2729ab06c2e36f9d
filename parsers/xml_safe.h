/* xml_safe: the one place patchwatch opens libxml2, so every XML/HTML document from the outside world is
 * parsed with the same hardening:
 *   - network access off (XML_PARSE_NONET) and an external-entity loader that refuses everything, so neither
 *     file:// nor http:// SYSTEM ids are ever read;
 *   - no entity substitution (no XML_PARSE_NOENT) and no DTD loading (no XML_PARSE_DTDLOAD/DTDATTR/DTDVALID);
 *     a document whose internal subset declares entities is refused outright ("billion laughs" and XXE never
 *     get to expand), and text helpers below skip entity-reference nodes;
 *   - a size cap on the input and libxml2's default depth/size limits (XML_PARSE_HUGE is never set);
 *   - errors come back as a pw_error with the document name, line and libxml2's message, nothing on stderr.
 * It is generic on purpose: feeds (RSS/Atom/CVRF/HTML) and the logs engineer's winevent XML reader share it.
 * Callers include "parsers/xml_safe.h" and free documents with xmlFreeDoc. */
#ifndef PW_XML_SAFE_H
#define PW_XML_SAFE_H

#include <stddef.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"

/* 64 MiB: the largest real feed document seen (MSRC CVRF for a month) is ~3 MiB; a tree for 64 MiB of XML
 * already costs several hundred MiB of RAM, so anything larger is refused before parsing. */
#define PW_XML_MAX_BYTES ((size_t)64 << 20)

/* Limits checked by a linear pre-scan of the raw bytes before libxml2 sees them (pw_xml_prescan), because
 * libxml2's own cost is quadratic in the attributes of one element (each is checked against the others for
 * duplicates: 200k attributes did not finish in 120 s). Real documents are far below both: a Windows event
 * element has < 10 attributes, RSS/Atom/CVRF < 20, HTML pages < 50; nesting stays under 40. */
#define PW_XML_MAX_ATTRS 512  /* attributes in one element */
/* 2 s of parsing per document (XML or HTML), in CPU time of the parsing thread (so a busy machine does not
 * refuse a good document): the largest real feed (~3 MiB of MSRC CVRF) parses in well under 100 ms, and 20 MB
 * of RSS in about 0.3 s; the feed poller is one thread, so a document that needs longer than this is refused
 * (checked every 64 elements) rather than allowed to starve the other sources. The pre-scan removes the known
 * quadratic case; this is the backstop for the unknown ones. */
#define PW_XML_PARSE_BUDGET_MS 2000
#define PW_XML_MAX_DEPTH 256  /* open elements at once (libxml2's own default limit is 256 as well) */

/* 0, or -1 with err naming the limit, the element's byte offset and the document when a start tag has more than
 * PW_XML_MAX_ATTRS attributes or (check_depth) elements nest deeper than PW_XML_MAX_DEPTH. O(len), no
 * allocation. Comments, CDATA sections, processing instructions and the DOCTYPE are skipped. */
int pw_xml_prescan(const char *data, size_t len, const char *name, int check_depth, pw_error *err);

/* Tests only: the budget in ms for documents parsed from now on (0 restores PW_XML_PARSE_BUDGET_MS). */
void pw_xml_set_parse_budget_ms(long ms);

/* Parses an XML document from memory. name (a path or URL) only labels errors. recover != 0 keeps what was
 * parsed before a well-formedness error (truncated feeds): a document is still returned, but *recovered is
 * set and err holds the first error. Returns NULL with err set when nothing usable was parsed or when the
 * document is refused (entity declarations, too large). */
xmlDocPtr pw_xml_parse(const char *data, size_t len, const char *name, int recover, int *recovered,
                       pw_error *err);
/* Parses an HTML page (forums, web pages) with the libxml2 HTML parser under the same rules. */
xmlDocPtr pw_html_parse(const char *data, size_t len, const char *name, pw_error *err);

/* Appends the text of node and its descendants (text and CDATA only; entity references are skipped) to out,
 * stopping at cap bytes in total in out. Returns 0, or -1 on allocation failure. */
int pw_xml_node_text(const xmlNode *node, pw_buf *out, size_t cap);
/* Converts an HTML fragment (escaped HTML inside a feed field) to plain text: tags dropped, block elements
 * become line breaks, runs of whitespace collapse. Appends to out up to cap bytes. Never fails on bad HTML
 * (it is best effort); -1 only on allocation failure. */
int pw_xml_html_to_text(const char *html, size_t len, pw_buf *out, size_t cap);

/* Child element of parent with the given local name (namespace ignored), or NULL. */
xmlNode *pw_xml_child(const xmlNode *parent, const char *local);
/* Next sibling element after node with the given local name, or NULL. */
xmlNode *pw_xml_next(const xmlNode *node, const char *local);
/* Attribute value (borrowed from the tree) or NULL. */
const char *pw_xml_attr(const xmlNode *node, const char *name);

#endif
