/* xml_safe: hardened libxml2 entry points and small tree/text helpers (see xml_safe.h for the rules). */
#include "parsers/xml_safe.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "core/pw_utf8.h"
#include "parsers/xml_encoding.h"

/* Parser flags: never NOENT/DTDLOAD/DTDATTR/DTDVALID/HUGE/XINCLUDE. NOCDATA merges CDATA into text nodes. */
#define XML_SAFE_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define HTML_SAFE_OPTS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER)

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static _Atomic long budget_ms = PW_XML_PARSE_BUDGET_MS;

void pw_xml_set_parse_budget_ms(long ms) { budget_ms = ms > 0 ? ms : PW_XML_PARSE_BUDGET_MS; }

/* Per-parse state, in ctxt->_private: what the SAX hooks below found. */
typedef struct parse_guard {
    int refused_entities; /* an entity declaration was seen (the parser was stopped) */
    int over_budget;      /* the time budget ran out (the parser was stopped) */
    long budget;          /* ms */
    struct timespec deadline;
    unsigned ticks;
    startElementSAXFunc start;     /* HTML (SAX1-style) start of element, wrapped */
    startElementNsSAX2Func start_ns; /* XML start of element, wrapped */
} parse_guard;

static void guard_arm(parse_guard *g)
{
    g->budget = budget_ms;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &g->deadline);
    g->deadline.tv_sec += g->budget / 1000;
    g->deadline.tv_nsec += (g->budget % 1000) * 1000000L;
    if (g->deadline.tv_nsec >= 1000000000L) {
        g->deadline.tv_sec++;
        g->deadline.tv_nsec -= 1000000000L;
    }
}

/* Every 64 elements: past the deadline, stop the parser (a clock read per 64 elements costs nothing). */
static void guard_tick(xmlParserCtxtPtr ctxt)
{
    parse_guard *g = ctxt->_private;
    if (!g || g->over_budget || (++g->ticks & 63) != 0) return;
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    if (now.tv_sec > g->deadline.tv_sec || (now.tv_sec == g->deadline.tv_sec && now.tv_nsec > g->deadline.tv_nsec)) {
        g->over_budget = 1;
        xmlStopParser(ctxt);
    }
}

static void guarded_start_ns(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                             int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                             const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_guard *g = ctxt->_private;
    g->start_ns(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
    guard_tick(ctxt);
}

static void guarded_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_guard *g = ctxt->_private;
    g->start(ctx, name, atts);
    guard_tick(ctxt);
}

/* Nothing is ever loaded from outside the document: not file://, not http://, not a catalog. */
static xmlParserInputPtr refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void silent_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void xml_safe_init(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_external);
    xmlSetGenericErrorFunc(NULL, silent_error);
}

/* SAX hook: the first entity declaration stops the parser before anything can reference it. */
static void refuse_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                               const xmlChar *system_id, xmlChar *content)
{
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    xmlParserCtxtPtr ctxt = ctx;
    ((parse_guard *)ctxt->_private)->refused_entities = 1; /* read back below */
    xmlStopParser(ctxt);
}

static void set_parse_error(pw_error *err, const char *name, xmlParserCtxtPtr ctxt, const char *fallback)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    if (e && e->message) {
        size_t n = strlen(e->message);
        while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' ')) n--;
        pw_error_set(err, PW_ERR_INVALID, "%s:%d: malformed XML: %.*s", name, e->line, (int)n, e->message);
    } else {
        pw_error_set(err, PW_ERR_INVALID, "%s: %s", name, fallback);
    }
}

/* Skips from p (at '<') past the end of a construct that is not an element; returns the new position. */
static const char *skip_special(const char *p, const char *end)
{
    static const struct {
        const char *open, *close;
    } sp[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};
    for (size_t i = 0; i < sizeof sp / sizeof *sp; i++) {
        size_t ol = strlen(sp[i].open);
        if ((size_t)(end - p) >= ol && memcmp(p, sp[i].open, ol) == 0) {
            const char *q = memmem(p + ol, (size_t)(end - p - (ptrdiff_t)ol), sp[i].close, strlen(sp[i].close));
            return q ? q + strlen(sp[i].close) : end;
        }
    }
    if (end - p >= 2 && p[1] == '!') { /* <!DOCTYPE ...>, with an internal subset in [...] */
        int bracket = 0;
        for (const char *q = p + 2; q < end; q++) {
            if (*q == '[') bracket++;
            else if (*q == ']' && bracket) bracket--;
            else if (*q == '>' && !bracket) return q + 1;
        }
        return end;
    }
    return NULL;
}

/* Offset of a "<![CDATA[" without its "]]>" (outside comments), or -1. Only asked after a well-formedness error:
 * libxml2 then reports the end of the document, while the cause, and where the loss began, is here. O(len). */
static long unclosed_cdata(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        size_t left = (size_t)(end - p);
        if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *q = memmem(p + 4, left - 4, "-->", 3);
            if (!q) return -1;
            p = q + 3;
        } else if (left >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
            const char *q = memmem(p + 9, left - 9, "]]>", 3);
            if (!q) return (long)(p - data);
            p = q + 3;
        } else {
            p++;
        }
    }
    return -1;
}

int pw_xml_prescan(const char *data, size_t len, const char *name, int check_depth, pw_error *err)
{
    const char *p = data, *end = data + len;
    long depth = 0;
    if (!name) name = "<xml>";
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        const char *tag = p, *after = skip_special(p, end);
        if (after) {
            p = after;
            continue;
        }
        int closing = p + 1 < end && p[1] == '/';
        size_t attrs = 0;
        char quote = 0;
        for (p++; p < end; p++) { /* to the '>' that ends this tag, outside attribute values */
            if (quote) {
                if (*p == quote) quote = 0;
            } else if (*p == '"' || *p == '\'') {
                quote = *p;
            } else if (*p == '=') {
                if (++attrs > PW_XML_MAX_ATTRS)
                    return pw_error_set(err, PW_ERR_LIMIT,
                                        "%s: offset %zu: an element with more than %d attributes; refused (limit "
                                        "PW_XML_MAX_ATTRS)", name, (size_t)(tag - data), PW_XML_MAX_ATTRS);
            } else if (*p == '>') {
                break;
            }
        }
        if (p >= end) break;
        if (closing) depth--;
        else if (p[-1] != '/') depth++;
        if (check_depth && depth > PW_XML_MAX_DEPTH)
            return pw_error_set(err, PW_ERR_LIMIT, "%s: offset %zu: elements nested more than %d deep; refused (limit "
                                "PW_XML_MAX_DEPTH)", name, (size_t)(tag - data), PW_XML_MAX_DEPTH);
        p++;
    }
    return 0;
}

xmlDocPtr pw_xml_parse(const char *data, size_t len, const char *name, int recover, int *recovered,
                       pw_error *err)
{
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    const char *in = NULL;
    size_t in_len = 0;
    int owned = 0;
    parse_guard guard = {0};
    if (recovered) *recovered = 0;
    if (!name) name = "<xml>";
    pthread_once(&init_once, xml_safe_init);
    if (len > PW_XML_MAX_BYTES || len > INT_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: XML document of %zu bytes exceeds the %zu byte cap; refused (limit "
                     "PW_XML_MAX_BYTES)", name, len, PW_XML_MAX_BYTES);
        goto err;
    }
    /* UTF-16/32, EBCDIC, ...: to UTF-8 first, so the byte-level pre-scan sees the real '<', '=' and '>' (it
     * costs one copy of the document; UTF-8 and ASCII documents, nearly all feeds, are not copied) */
    if (pw_xml_to_utf8(data, len, name, &in, &in_len, &owned, err) != 0) goto err;
    if (in_len > INT_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: XML document of %zu bytes in UTF-8 is too large", name, in_len);
        goto err;
    }
    if (pw_xml_prescan(in, in_len, name, 1, err)) goto err;
    ctxt = xmlNewParserCtxt();
    if (!ctxt || !ctxt->sax) {
        pw_error_set(err, PW_ERR_NOMEM, "%s: cannot allocate an XML parser", name);
        goto err;
    }
    ctxt->sax->entityDecl = refuse_entity_decl;
    /* the context's own handlers are libxml2's SAX2 tree builders; wrapped, not replaced */
    if ((guard.start_ns = ctxt->sax->startElementNs)) ctxt->sax->startElementNs = guarded_start_ns;
    guard_arm(&guard);
    ctxt->_private = &guard;
    doc = xmlCtxtReadMemory(ctxt, in, (int)in_len, name, owned ? "UTF-8" : NULL,
                            XML_SAFE_OPTS | (recover ? XML_PARSE_RECOVER : 0));
    if (guard.over_budget) {
        pw_error_set(err, PW_ERR_LIMIT, "%s:%d: parsing took more than %ld ms; refused (limit "
                     "PW_XML_PARSE_BUDGET_MS)", name, xmlSAX2GetLineNumber(ctxt), guard.budget);
        goto err;
    }
    if (guard.refused_entities) {
        pw_error_set(err, PW_ERR_INVALID,
                     "%s:%d: XML declares entities in its DTD; refused (entity expansion is never done)", name,
                     xmlSAX2GetLineNumber(ctxt));
        goto err;
    }
    if (doc && doc->intSubset && (doc->intSubset->entities || doc->intSubset->pentities)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: XML declares entities in its DTD; refused", name);
        goto err;
    }
    if (!ctxt->wellFormed) {
        set_parse_error(err, name, ctxt, "malformed XML");
        long cd = unclosed_cdata(in, in_len);
        if (cd >= 0)
            pw_error_set(err, PW_ERR_INVALID, "%s: offset %ld: <![CDATA[ is never closed; what follows it in the "
                         "document is lost (malformed XML)", name, cd);
        if (!doc || !recover || !xmlDocGetRootElement(doc)) goto err;
        if (recovered) *recovered = 1;
    }
    if (!doc || !xmlDocGetRootElement(doc)) {
        set_parse_error(err, name, ctxt, "empty XML document");
        goto err;
    }
    xmlFreeParserCtxt(ctxt);
    if (owned) free((void *)(uintptr_t)in);
    return doc;
err:
    if (doc) xmlFreeDoc(doc);
    if (ctxt) xmlFreeParserCtxt(ctxt);
    if (owned) free((void *)(uintptr_t)in);
    return NULL;
}

/* Offset of the first "<!DOCTYPE" whose internal subset ('[' before its '>') is present, or -1. libxml2's HTML
 * parser does not read internal subsets: it ends the DOCTYPE at the first '>', so the declarations become page
 * text or swallow markup, and the page silently gives nothing. HTML has no use for them; they are refused. */
static long html_internal_subset(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        if (end - p >= 9 && strncasecmp(p, "<!DOCTYPE", 9) == 0) {
            for (const char *q = p + 9; q < end && *q != '>'; q++)
                if (*q == '[') return (long)(p - data);
        }
        p++;
    }
    return -1;
}

xmlDocPtr pw_html_parse(const char *data, size_t len, const char *name, pw_error *err)
{
    htmlParserCtxtPtr ctxt = NULL;
    htmlDocPtr doc = NULL;
    parse_guard guard = {0};
    const char *in = NULL;
    size_t in_len = 0;
    int owned = 0;
    if (!name) name = "<html>";
    pthread_once(&init_once, xml_safe_init);
    if (len > PW_XML_MAX_BYTES || len > INT_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: HTML page of %zu bytes exceeds the %zu byte cap; refused (limit "
                     "PW_XML_MAX_BYTES)", name, len, PW_XML_MAX_BYTES);
        goto err;
    }
    /* a UTF-16/32 page (BOM) is converted first, as for XML, or the byte-level pre-scan would not see it */
    if (pw_xml_to_utf8(data, len, name, &in, &in_len, &owned, err) != 0) goto err;
    if (in_len > INT_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: HTML page of %zu bytes in UTF-8 is too large", name, in_len);
        goto err;
    }
    if (pw_xml_prescan(in, in_len, name, 0, err)) goto err; /* HTML leaves tags open: attributes only */
    long subset = html_internal_subset(in, in_len);
    if (subset >= 0) {
        pw_error_set(err, PW_ERR_INVALID,
                     "%s: offset %ld: HTML with an internal DTD subset (<!DOCTYPE ... [ ]>); refused (entities are "
                     "never expanded and HTML has no use for declarations)", name, subset);
        goto err;
    }
    ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        pw_error_set(err, PW_ERR_NOMEM, "%s: cannot allocate an HTML parser", name);
        goto err;
    }
    if (ctxt->sax && (guard.start = ctxt->sax->startElement)) ctxt->sax->startElement = guarded_start;
    guard_arm(&guard);
    ctxt->_private = &guard;
    doc = htmlCtxtReadMemory(ctxt, in, (int)in_len, name, owned ? "UTF-8" : NULL, HTML_SAFE_OPTS);
    if (guard.over_budget) {
        pw_error_set(err, PW_ERR_LIMIT, "%s:%d: parsing took more than %ld ms; refused (limit PW_XML_PARSE_BUDGET_MS)",
                     name, xmlSAX2GetLineNumber(ctxt), guard.budget);
        goto err;
    }
    if (!doc || !xmlDocGetRootElement(doc)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: no HTML content", name);
        goto err;
    }
    htmlFreeParserCtxt(ctxt);
    if (owned) free((void *)(uintptr_t)in);
    return doc;
err:
    if (doc) xmlFreeDoc(doc);
    if (ctxt) htmlFreeParserCtxt(ctxt);
    if (owned) free((void *)(uintptr_t)in);
    return NULL;
}

/* Appends at most what fits under cap, cutting on a UTF-8 character boundary. */
static int append_capped(pw_buf *out, const char *s, size_t n, size_t cap)
{
    if (out->len >= cap) return 0;
    if (n > cap - out->len) {
        n = cap - out->len;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    return pw_buf_append(out, s, n);
}

static int is_block_tag(const char *t, size_t n);

static int node_text_rec(const xmlNode *n, pw_buf *out, size_t cap, int depth)
{
    /* Depth is bounded by libxml2's own nesting limit (256 by default without XML_PARSE_HUGE). */
    for (; n && out->len < cap; n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            if (append_capped(out, (const char *)n->content, strlen((const char *)n->content), cap) != 0)
                return -1;
        } else if (n->type == XML_ELEMENT_NODE && depth < 512) {
            /* HTML script/style bodies are code, not text */
            if (n->name && (!strcmp((const char *)n->name, "script") || !strcmp((const char *)n->name, "style")))
                continue;
            /* block elements (HTML p, div, td, ...) are separated by a line break so that words from
             * neighbouring blocks do not run together ("x" + "Event ID" must not become "xEvent ID") */
            int block = n->name && is_block_tag((const char *)n->name, strlen((const char *)n->name));
            if (block && out->len && out->data[out->len - 1] != '\n' && append_capped(out, "\n", 1, cap) != 0)
                return -1;
            if (node_text_rec(n->children, out, cap, depth + 1) != 0) return -1;
            if (block && out->len && out->data[out->len - 1] != '\n' && append_capped(out, "\n", 1, cap) != 0)
                return -1;
        }
        /* XML_ENTITY_REF_NODE and everything else: skipped, never expanded. */
    }
    return 0;
}

int pw_xml_node_text(const xmlNode *node, pw_buf *out, size_t cap)
{
    if (!node) return 0;
    if (pw_buf_reserve(out, 0) != 0) return -1;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        return node->content ? append_capped(out, (const char *)node->content,
                                             strlen((const char *)node->content), cap)
                             : 0;
    if (node->type == XML_ATTRIBUTE_NODE) return node_text_rec(node->children, out, cap, 0);
    return node_text_rec(node->children, out, cap, 0);
}

/* Block-level tags become line breaks so sentences from different paragraphs or table cells do not run
 * together (extraction patterns like "Event ID 5120" must not match across cells). */
static int is_block_tag(const char *t, size_t n)
{
    static const char *const blocks[] = {"p", "br", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4",
                                         "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr",
                                         "section", "article", "dt", "dd"};
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
        if (strlen(blocks[i]) == n && strncasecmp(blocks[i], t, n) == 0) return 1;
    return 0;
}

/* Whitespace state machine shared by the stripper: pending 0 none, 1 space, 2 newline. */
typedef struct {
    pw_buf *out;
    size_t cap;
    size_t start;
    int pending;
} text_sink;

static int sink_put(text_sink *k, const char *s, size_t n)
{
    if (k->pending && k->out->len > k->start) {
        if (append_capped(k->out, k->pending == 2 ? "\n" : " ", 1, k->cap) != 0) return -1;
    }
    k->pending = 0;
    return append_capped(k->out, s, n, k->cap);
}

static int decode_entity(text_sink *k, const char *s, size_t len, size_t *used)
{
    /* s points at '&'. Entities longer than 32 bytes are not entities; emit '&' literally. */
    size_t i = 1;
    while (i < len && i < 34 && s[i] != ';' && s[i] != '&' && s[i] != '<' && s[i] != ' ') i++;
    if (i >= len || s[i] != ';' || i == 1) {
        *used = 1;
        return sink_put(k, "&", 1);
    }
    *used = i + 1;
    unsigned cp = 0;
    if (s[1] == '#') {
        int hex = i > 2 && (s[2] == 'x' || s[2] == 'X');
        size_t j = hex ? 3 : 2;
        if (j >= i) return 0;
        for (; j < i; j++) {
            char c = s[j];
            unsigned d;
            if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
            else if (hex && c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
            else return 0;
            cp = cp * (hex ? 16u : 10u) + d;
            if (cp > 0x10FFFF) return 0;
        }
    } else {
        char name[40];
        memcpy(name, s + 1, i - 1);
        name[i - 1] = '\0';
        const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
        if (!e) return 0;
        cp = e->value;
    }
    if (cp == 0) return 0;
    if (cp == 0xA0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
        if (!k->pending) k->pending = 1;
        return 0;
    }
    pw_buf tmp = PW_BUF_INIT;
    char small[8];
    if (pw_utf8_put(&tmp, cp) != 0) return -1;
    size_t n = tmp.len < sizeof small ? tmp.len : sizeof small;
    memcpy(small, tmp.data, n);
    pw_buf_free(&tmp);
    return sink_put(k, small, n);
}

int pw_xml_html_to_text(const char *html, size_t len, pw_buf *out, size_t cap)
{
    text_sink k = {out, cap, out->len, 0};
    size_t i = 0;
    if (pw_buf_reserve(out, 0) != 0) return -1;
    while (i < len && out->len < cap) {
        char c = html[i];
        if (c == '<') {
            if (len - i >= 4 && memcmp(html + i, "<!--", 4) == 0) {
                const char *end = memmem(html + i + 4, len - i - 4, "-->", 3);
                i = end ? (size_t)(end - html) + 3 : len;
                continue;
            }
            size_t j = i + 1;
            int closing = j < len && html[j] == '/';
            if (closing) j++;
            size_t t0 = j;
            while (j < len && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
                               (html[j] >= '0' && html[j] <= '9')))
                j++;
            size_t tn = j - t0;
            if (tn == 0 && !(j < len && (html[j] == '!' || html[j] == '?'))) { /* a lone '<' is text */
                if (sink_put(&k, "<", 1) != 0) return -1;
                i++;
                continue;
            }
            const char *gt = memchr(html + j, '>', len - j);
            size_t after = gt ? (size_t)(gt - html) + 1 : len;
            if (!closing && ((tn == 6 && strncasecmp(html + t0, "script", 6) == 0) ||
                             (tn == 5 && strncasecmp(html + t0, "style", 5) == 0))) {
                const char *end = memmem(html + after, len - after, "</", 2);
                while (end && strncasecmp(end + 2, html + t0, tn) != 0)
                    end = memmem(end + 2, len - (size_t)(end + 2 - html), "</", 2);
                if (!end) after = len;
                else {
                    const char *g = memchr(end, '>', len - (size_t)(end - html));
                    after = g ? (size_t)(g - html) + 1 : len;
                }
            }
            if (is_block_tag(html + t0, tn)) k.pending = 2;
            i = after;
        } else if (c == '&') {
            size_t used;
            if (decode_entity(&k, html + i, len - i, &used) != 0) return -1;
            i += used;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            if (k.pending == 0) k.pending = 1;
            i++;
        } else {
            size_t j = i + 1;
            while (j < len && html[j] != '<' && html[j] != '&' && html[j] != ' ' && html[j] != '\t' &&
                   html[j] != '\r' && html[j] != '\n' && html[j] != '\f' && html[j] != '\v')
                j++;
            if (sink_put(&k, html + i, j - i) != 0) return -1;
            i = j;
        }
    }
    return 0;
}

static int local_is(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, local) == 0;
}

xmlNode *pw_xml_child(const xmlNode *parent, const char *local)
{
    if (!parent) return NULL;
    for (xmlNode *c = parent->children; c; c = c->next)
        if (local_is(c, local)) return c;
    return NULL;
}

xmlNode *pw_xml_next(const xmlNode *node, const char *local)
{
    if (!node) return NULL;
    for (xmlNode *c = node->next; c; c = c->next)
        if (local_is(c, local)) return c;
    return NULL;
}

const char *pw_xml_attr(const xmlNode *node, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE) return NULL;
    for (xmlAttr *a = node->properties; a; a = a->next)
        if (a->name && strcmp((const char *)a->name, name) == 0 && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}
