/* cvrf_xml: the XML flavour of MSRC CVRF (cvrf:cvrfdoc, CVRF 1.1 namespaces) via xml_safe. Element names are
 * matched by local name, so the namespace prefixes MSRC uses (cvrf:, vuln:, prod:) do not matter. */
#include <string.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"
#include "parsers/xml_safe.h"

typedef struct {
    pw_adv_ctx *c;
    pw_cvrf_products *products;
    pw_buf tmp; /* reused for every small text */
    int64_t doc_published, doc_updated;
} cvrf_x;

/* Text of a node into x->tmp (bounded); returns x->tmp.data ("" when empty) or NULL on allocation failure. */
static const char *text_of(cvrf_x *x, const xmlNode *n)
{
    pw_buf_reset(&x->tmp);
    if (pw_buf_reserve(&x->tmp, 1) != 0) return NULL;
    x->tmp.data[0] = '\0';
    if (n && pw_xml_node_text(n, &x->tmp, PW_ADV_FIELD_MAX) != 0) return NULL;
    return x->tmp.data;
}

static int64_t date_of(cvrf_x *x, const xmlNode *n)
{
    const char *s = n ? text_of(x, n) : NULL;
    return s ? pw_adv_parse_date(s, strlen(s)) : PW_TS_NONE;
}

static int collect_products(cvrf_x *x, const xmlNode *parent, int depth)
{
    if (depth > 32) return 0; /* product branches are 2-3 deep; bounds recursion */
    for (const xmlNode *n = parent ? parent->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (strcmp((const char *)n->name, "FullProductName") == 0) {
            const char *name = text_of(x, n);
            if (!name || pw_cvrf_products_add(x->products, pw_xml_attr(n, "ProductID"), name) != 0) return -1;
        } else if (strcmp((const char *)n->name, "Branch") == 0) {
            if (collect_products(x, n, depth + 1) != 0) return -1;
        }
    }
    return 0;
}

/* Notes: HTML inside text; legal boilerplate is not worth extracting from. */
static int add_notes(cvrf_x *x, pw_buf *text, const xmlNode *notes)
{
    for (const xmlNode *n = pw_xml_child(notes, "Note"); n; n = pw_xml_next(n, "Note")) {
        const char *type = pw_xml_attr(n, "Type"), *title = pw_xml_attr(n, "Title");
        if ((type && strcmp(type, "Legal Disclaimer") == 0) || (title && strcmp(title, "Legal Disclaimer") == 0))
            continue;
        pw_buf_reset(&x->tmp);
        if (pw_xml_node_text(n, &x->tmp, PW_ADV_TEXT_MAX) != 0) return -1;
        /* MSRC repeats identical notes (one "NIST NVD Details" per product): keep the first */
        if (x->tmp.len && text->len && memmem(text->data, text->len, x->tmp.data, x->tmp.len)) continue;
        if (x->tmp.len && pw_adv_text_add(text, x->tmp.data, x->tmp.len, 1) != 0) return -1;
    }
    return 0;
}

static int parse_vuln(cvrf_x *x, const xmlNode *v, const char *doc_id, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    const char *s;
    pw_advisory_init(&a);
    if (!(s = text_of(x, pw_xml_child(v, "CVE")))) goto nomem;
    if (*s) {
        char url[256];
        if (pw_adv_set_str(&a.id, s) != 0) goto nomem;
        /* MSRC also files advisories (ADV160008) under <CVE>: an id, not a CVE */
        if (strncmp(s, "CVE-", 4) == 0 && pw_adv_list_add(&a.cve, a.id, strlen(a.id)) != 0) goto nomem;
        if (a.id && strlen(a.id) < 64) {
            snprintf(url, sizeof url, "https://msrc.microsoft.com/update-guide/vulnerability/%s", a.id);
            if (pw_adv_set_str(&a.url, url) != 0) goto nomem;
        }
    } else {
        char id[PW_ADV_FIELD_MAX];
        const char *ord = pw_xml_attr(v, "Ordinal");
        snprintf(id, sizeof id, "%s/%s", doc_id, ord ? ord : "?");
        if (pw_adv_set_str(&a.id, id) != 0) goto nomem;
    }
    if (!(s = text_of(x, pw_xml_child(v, "Title")))) goto nomem;
    if (pw_adv_set_str(&a.title, *s ? s : a.id) != 0 || pw_adv_set_str(&a.status, "advisory") != 0) goto nomem;
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    a.published = x->doc_published;
    a.updated = x->doc_updated;
    const xmlNode *rh = pw_xml_child(v, "RevisionHistory");
    int first = 1;
    for (const xmlNode *r = pw_xml_child(rh, "Revision"); r; r = pw_xml_next(r, "Revision")) {
        int64_t d = date_of(x, pw_xml_child(r, "Date"));
        if (d == PW_TS_NONE) continue;
        if (first || d < a.published) a.published = d;
        if (first || d > a.updated) a.updated = d;
        first = 0;
    }
    if (add_notes(x, &text, pw_xml_child(v, "Notes")) != 0) goto nomem;
    const xmlNode *cwe = pw_xml_child(v, "CWE");
    if (cwe && (s = text_of(x, cwe)) && *s && pw_adv_text_add(&text, s, strlen(s), 0) != 0) goto nomem;
    const xmlNode *st = pw_xml_child(v, "ProductStatuses");
    for (const xmlNode *g = pw_xml_child(st, "Status"); g; g = pw_xml_next(g, "Status")) {
        for (const xmlNode *p = pw_xml_child(g, "ProductID"); p; p = pw_xml_next(p, "ProductID")) {
            if (!(s = text_of(x, p))) goto nomem;
            const char *name = pw_cvrf_products_find(x->products, s);
            if (name && pw_adv_list_add(&a.products, name, strlen(name)) != 0) goto nomem;
        }
    }
    const xmlNode *rem = pw_xml_child(v, "Remediations");
    for (const xmlNode *r = pw_xml_child(rem, "Remediation"); r; r = pw_xml_next(r, "Remediation")) {
        const char *type = pw_xml_attr(r, "Type");
        if (!type || strcmp(type, "Vendor Fix") != 0) continue;
        if (!(s = text_of(x, pw_xml_child(r, "Description")))) goto nomem;
        if (pw_cvrf_add_kb(&a, s) != 0) goto nomem;
    }
    pw_adv_text_finish(&a, &text);
    return pw_adv_emit(x->c, &a, err);
nomem:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", x->c->name);
}

int pw_adv_parse_cvrf_xml(pw_adv_ctx *c, const char *data, size_t len, pw_error *err)
{
    cvrf_x x = {.c = c, .tmp = PW_BUF_INIT, .doc_published = PW_TS_NONE, .doc_updated = PW_TS_NONE};
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    char *doc_id = NULL;
    int recovered = 0, rc = -1;
    pw_error perr = {0};
    const char *s;
    pw_advisory_init(&a);
    xmlDocPtr doc = pw_xml_parse(data, len, c->name, 1, &recovered, &perr);
    if (!doc) {
        if (err) *err = perr;
        goto out;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (strcmp((const char *)root->name, "cvrfdoc") != 0) {
        pw_error_set(err, PW_ERR_INVALID, "%s: not a CVRF document (root element <%s>)", c->name, root->name);
        goto out;
    }
    if (!(x.products = pw_cvrf_products_new())) goto nomem;
    const xmlNode *tracking = pw_xml_child(root, "DocumentTracking");
    if (!(s = text_of(&x, pw_xml_child(pw_xml_child(tracking, "Identification"), "ID")))) goto nomem;
    if (!*s) {
        pw_error_set(err, PW_ERR_INVALID, "%s: CVRF document without DocumentTracking/Identification/ID", c->name);
        goto out;
    }
    if (pw_adv_set_str(&doc_id, s) != 0 || !doc_id || pw_adv_set_str(&a.id, s) != 0) goto nomem;
    x.doc_published = date_of(&x, pw_xml_child(tracking, "InitialReleaseDate"));
    x.doc_updated = date_of(&x, pw_xml_child(tracking, "CurrentReleaseDate"));
    a.published = x.doc_published;
    a.updated = x.doc_updated;
    if (!(s = text_of(&x, pw_xml_child(root, "DocumentTitle")))) goto nomem;
    if (pw_adv_set_str(&a.title, s) != 0 || pw_adv_set_str(&a.status, "advisory") != 0) goto nomem;
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    if (add_notes(&x, &text, pw_xml_child(root, "DocumentNotes")) != 0) goto nomem;
    pw_adv_text_finish(&a, &text);
    if (collect_products(&x, pw_xml_child(root, "ProductTree"), 0) != 0) goto nomem;
    pw_cvrf_products_sort(x.products);
    if (pw_adv_emit(c, &a, err) != 0) goto out;
    for (const xmlNode *v = pw_xml_child(root, "Vulnerability"); v; v = pw_xml_next(v, "Vulnerability"))
        if (parse_vuln(&x, v, doc_id, err) != 0) goto out;
    if (recovered) { /* what was readable went out; now say the document is damaged */
        if (err) *err = perr;
        goto out;
    }
    rc = 0;
    goto out;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
out:
    pw_buf_free(&text);
    pw_buf_free(&x.tmp);
    pw_advisory_free(&a);
    pw_cvrf_products_free(x.products);
    free(doc_id);
    if (doc) xmlFreeDoc(doc);
    return rc;
}
