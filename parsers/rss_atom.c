/* rss_atom: RSS 2.0 (and RSS 1.0/RDF), and Atom 1.0 feeds, one advisory per item/entry. Which one a document
 * is comes from its root element, not from --as (sites mislabel their feeds). Item descriptions are HTML
 * (escaped or CDATA) and become plain text. A feed truncated part way delivers the items before the damage
 * and then reports the damage with its line. */
#include <string.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"
#include "parsers/xml_safe.h"

typedef struct {
    pw_adv_ctx *c;
    pw_buf tmp;
} feed_x;

static const char *text_of(feed_x *x, const xmlNode *n, size_t cap)
{
    pw_buf_reset(&x->tmp);
    if (pw_buf_reserve(&x->tmp, 1) != 0) return NULL;
    x->tmp.data[0] = '\0';
    if (n && pw_xml_node_text(n, &x->tmp, cap) != 0) return NULL;
    return x->tmp.data;
}

/* Atom text constructs: type="html" is escaped HTML, "xhtml" is inline markup, "text" (default) is text. */
static int atom_text(feed_x *x, const xmlNode *n, pw_buf *text)
{
    if (!n) return 0;
    const char *type = pw_xml_attr(n, "type");
    if (!text_of(x, n, PW_ADV_TEXT_MAX)) return -1;
    return pw_adv_text_add(text, x->tmp.data, x->tmp.len, type && strcmp(type, "html") == 0);
}

static int set_title(feed_x *x, pw_advisory *a, const xmlNode *n, int html)
{
    if (!n) return 0;
    if (!text_of(x, n, PW_ADV_FIELD_MAX)) return -1;
    if (!html) return pw_adv_set(&a->title, x->tmp.data, x->tmp.len, PW_ADV_FIELD_MAX);
    pw_buf plain = PW_BUF_INIT;
    int rc = pw_xml_html_to_text(x->tmp.data, x->tmp.len, &plain, PW_ADV_FIELD_MAX);
    if (rc == 0) rc = pw_adv_set(&a->title, plain.data, plain.len, PW_ADV_FIELD_MAX);
    pw_buf_free(&plain);
    return rc;
}

static int64_t date_of(feed_x *x, const xmlNode *n)
{
    const char *s = n ? text_of(x, n, 128) : NULL;
    return s ? pw_adv_parse_date(s, strlen(s)) : PW_TS_NONE;
}

static int rss_item(feed_x *x, const xmlNode *item, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    const char *s;
    pw_advisory_init(&a);
    if (set_title(x, &a, pw_xml_child(item, "title"), 0) != 0) goto nomem;
    if (!(s = text_of(x, pw_xml_child(item, "link"), PW_ADV_FIELD_MAX)) || pw_adv_set_str(&a.url, s) != 0) goto nomem;
    if (!a.url) { /* RSS 1.0 puts it in rdf:about */
        const char *about = pw_xml_attr(item, "about");
        if (pw_adv_set_str(&a.url, about) != 0) goto nomem;
    }
    if (!(s = text_of(x, pw_xml_child(item, "guid"), PW_ADV_FIELD_MAX)) || pw_adv_set_str(&a.id, s) != 0) goto nomem;
    const xmlNode *d = pw_xml_child(item, "pubDate");
    if (!d) d = pw_xml_child(item, "date"); /* dc:date */
    a.published = date_of(x, d);
    const xmlNode *u = pw_xml_child(item, "updated"); /* atom:updated inside RSS */
    a.updated = u ? date_of(x, u) : a.published;
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    const xmlNode *desc = pw_xml_child(item, "description");
    if (desc && (!text_of(x, desc, PW_ADV_TEXT_MAX) || pw_adv_text_add(&text, x->tmp.data, x->tmp.len, 1) != 0))
        goto nomem;
    const xmlNode *enc = pw_xml_child(item, "encoded"); /* content:encoded */
    if (enc && (!text_of(x, enc, PW_ADV_TEXT_MAX) || pw_adv_text_add(&text, x->tmp.data, x->tmp.len, 1) != 0))
        goto nomem;
    pw_adv_text_finish(&a, &text);
    return pw_adv_emit(x->c, &a, err);
nomem:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", x->c->name);
}

static int atom_entry(feed_x *x, const xmlNode *e, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    const char *s;
    pw_advisory_init(&a);
    const xmlNode *t = pw_xml_child(e, "title");
    const char *ttype = t ? pw_xml_attr(t, "type") : NULL;
    if (set_title(x, &a, t, ttype && strcmp(ttype, "html") == 0) != 0) goto nomem;
    if (!(s = text_of(x, pw_xml_child(e, "id"), PW_ADV_FIELD_MAX)) || pw_adv_set_str(&a.id, s) != 0) goto nomem;
    const char *href = NULL;
    for (const xmlNode *l = pw_xml_child(e, "link"); l; l = pw_xml_next(l, "link")) {
        const char *rel = pw_xml_attr(l, "rel");
        if (!rel || strcmp(rel, "alternate") == 0) {
            href = pw_xml_attr(l, "href");
            break;
        }
        if (!href && strcmp(rel, "enclosure") != 0) href = pw_xml_attr(l, "href");
    }
    if (pw_adv_set_str(&a.url, href) != 0) goto nomem;
    a.published = date_of(x, pw_xml_child(e, "published"));
    a.updated = date_of(x, pw_xml_child(e, "updated"));
    if (a.published == PW_TS_NONE) a.published = a.updated;
    if (a.updated == PW_TS_NONE) a.updated = a.published;
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    if (atom_text(x, pw_xml_child(e, "summary"), &text) != 0) goto nomem;
    if (atom_text(x, pw_xml_child(e, "content"), &text) != 0) goto nomem;
    pw_adv_text_finish(&a, &text);
    return pw_adv_emit(x->c, &a, err);
nomem:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", x->c->name);
}

int pw_adv_parse_feed(pw_adv_ctx *c, const char *data, size_t len, pw_error *err)
{
    feed_x x = {.c = c, .tmp = PW_BUF_INIT};
    int recovered = 0, rc = -1;
    pw_error perr = {0};
    xmlDocPtr doc = pw_xml_parse(data, len, c->name, 1, &recovered, &perr);
    if (!doc) {
        if (err) *err = perr;
        return -1;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    const char *rn = (const char *)root->name;
    if (strcmp(rn, "rss") == 0) {
        const xmlNode *ch = pw_xml_child(root, "channel");
        for (const xmlNode *i = pw_xml_child(ch, "item"); i; i = pw_xml_next(i, "item"))
            if (rss_item(&x, i, err) != 0) goto out;
    } else if (strcmp(rn, "RDF") == 0) {
        for (const xmlNode *i = pw_xml_child(root, "item"); i; i = pw_xml_next(i, "item"))
            if (rss_item(&x, i, err) != 0) goto out;
    } else if (strcmp(rn, "feed") == 0) {
        for (const xmlNode *e = pw_xml_child(root, "entry"); e; e = pw_xml_next(e, "entry"))
            if (atom_entry(&x, e, err) != 0) goto out;
    } else {
        pw_error_set(err, PW_ERR_INVALID, "%s: not an RSS or Atom feed (root element <%s>)", c->name, rn);
        goto out;
    }
    if (recovered) {
        if (err) *err = perr;
        goto out;
    }
    rc = 0;
out:
    pw_buf_free(&x.tmp);
    xmlFreeDoc(doc);
    return rc;
}
