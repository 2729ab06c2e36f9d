/* html_select: generic HTML pages (community forums, release-health web pages) cut into advisories by XPath
 * selectors from the source rule: `item` picks the item nodes, and title, link, id, published, updated, text
 * are evaluated relative to each item (an XPath that returns a node uses the node's text; attributes like
 * a/@href work; string()/concat() results are used as is). Without selectors each <article> is an item, and
 * a page without <article> is one advisory (its <title> and body text). The page goes through xml_safe's
 * HTML parser (no network, no entities beyond HTML's built-in ones). */
#include <string.h>

#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"
#include "parsers/xml_safe.h"

/* A forum index page lists 20-100 topics; 2000 items bounds the work a hostile page can cause. */
#define HTML_ITEMS_MAX 2000

static const char *selector(const pw_adv_ctx *c, const char *key, const char *dflt)
{
    const json_t *sel = c->opts->selectors;
    const char *s = sel ? pw_adv_jstr(sel, key) : NULL;
    return s ? s : dflt;
}

/* Evaluates expr relative to node; appends its text (first node, or the string value) to out. */
static int eval_text(xmlXPathContextPtr xp, xmlNodePtr node, const char *expr, pw_buf *out, size_t cap,
                     const char *name, pw_error *err)
{
    pw_buf_reset(out);
    if (pw_buf_reserve(out, 1) != 0) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    out->data[0] = '\0';
    if (!expr || !*expr) return 0;
    xp->node = node;
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, xp);
    if (!r) return pw_error_set(err, PW_ERR_INVALID, "%s: selector '%s' is not a valid XPath", name, expr);
    int rc = 0;
    if (r->type == XPATH_NODESET) {
        if (r->nodesetval && r->nodesetval->nodeNr > 0) rc = pw_xml_node_text(r->nodesetval->nodeTab[0], out, cap);
    } else {
        xmlChar *s = xmlXPathCastToString(r);
        if (s) {
            size_t n = strlen((const char *)s);
            rc = pw_buf_append(out, s, n < cap ? n : cap);
            xmlFree(s);
        }
    }
    xmlXPathFreeObject(r);
    return rc == 0 ? 0 : pw_error_set(err, PW_ERR_NOMEM, "out of memory");
}

static int html_item(pw_adv_ctx *c, xmlXPathContextPtr xp, xmlNodePtr item, int whole_page, pw_buf *tmp,
                     pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    pw_advisory_init(&a);
    const char *tsel = selector(c, "title", whole_page ? "//title" : "(.//h1|.//h2|.//h3)[1]");
    const char *lsel = selector(c, "link", whole_page ? NULL : "(.//a/@href)[1]");
    if (eval_text(xp, item, tsel, tmp, PW_ADV_FIELD_MAX, c->name, err) != 0) goto err;
    if (pw_adv_set(&a.title, tmp->data, tmp->len, PW_ADV_FIELD_MAX) != 0) goto nomem;
    if (eval_text(xp, item, lsel, tmp, PW_ADV_FIELD_MAX, c->name, err) != 0) goto err;
    if (tmp->len && c->opts->base_url && !strstr(tmp->data, "://")) { /* "/t/201" -> absolute */
        xmlChar *abs = xmlBuildURI((const xmlChar *)tmp->data, (const xmlChar *)c->opts->base_url);
        if (abs) {
            pw_buf_reset(tmp);
            int rc = pw_buf_puts(tmp, (const char *)abs);
            xmlFree(abs);
            if (rc != 0) goto nomem;
        }
    }
    if (pw_adv_set(&a.url, tmp->data, tmp->len, PW_ADV_FIELD_MAX) != 0) goto nomem;
    if (!a.url && whole_page && c->opts->base_url && pw_adv_set_str(&a.url, c->opts->base_url) != 0) goto nomem;
    if (eval_text(xp, item, selector(c, "id", NULL), tmp, PW_ADV_FIELD_MAX, c->name, err) != 0) goto err;
    if (pw_adv_set(&a.id, tmp->data, tmp->len, PW_ADV_FIELD_MAX) != 0) goto nomem;
    if (eval_text(xp, item, selector(c, "published", ".//time/@datetime"), tmp, 128, c->name, err) != 0) goto err;
    a.published = pw_adv_parse_date(tmp->data, tmp->len);
    if (eval_text(xp, item, selector(c, "updated", NULL), tmp, 128, c->name, err) != 0) goto err;
    a.updated = tmp->len ? pw_adv_parse_date(tmp->data, tmp->len) : a.published;
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    if (eval_text(xp, item, selector(c, "text", whole_page ? "//body" : "."), tmp, PW_ADV_TEXT_MAX, c->name, err) != 0)
        goto err;
    if (pw_adv_text_add(&text, tmp->data, tmp->len, 0) != 0) goto nomem;
    pw_adv_text_finish(&a, &text);
    return pw_adv_emit(c, &a, err);
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
err:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return -1;
}

int pw_adv_parse_html(pw_adv_ctx *c, const char *data, size_t len, pw_error *err)
{
    xmlXPathContextPtr xp = NULL;
    xmlXPathObjectPtr items = NULL;
    pw_buf tmp = PW_BUF_INIT;
    int rc = -1;
    xmlDocPtr doc = pw_html_parse(data, len, c->name, err);
    if (!doc) return -1;
    if (!(xp = xmlXPathNewContext(doc))) {
        pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
        goto out;
    }
    const char *isel = selector(c, "item", "//article");
    items = xmlXPathEvalExpression((const xmlChar *)isel, xp);
    if (!items || items->type != XPATH_NODESET) {
        pw_error_set(err, PW_ERR_INVALID, "%s: item selector '%s' is not an XPath that selects nodes", c->name, isel);
        goto out;
    }
    int n = items->nodesetval ? items->nodesetval->nodeNr : 0;
    if (n == 0 && !(c->opts->selectors && pw_adv_jstr(c->opts->selectors, "item"))) {
        if (html_item(c, xp, xmlDocGetRootElement(doc), 1, &tmp, err) != 0) goto out;
    }
    for (int i = 0; i < n && i < HTML_ITEMS_MAX; i++)
        if (html_item(c, xp, items->nodesetval->nodeTab[i], 0, &tmp, err) != 0) goto out;
    rc = 0;
out:
    pw_buf_free(&tmp);
    if (items) xmlXPathFreeObject(items);
    if (xp) xmlXPathFreeContext(xp);
    xmlFreeDoc(doc);
    return rc;
}
