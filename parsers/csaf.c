/* csaf: CSAF 2.0 documents (OASIS Common Security Advisory Framework, JSON) and the ROLIE feeds of a CSAF
 * provider, as pw_advisory. One CSAF document is one advisory: its tracking id, title, dates, the CVEs of its
 * vulnerabilities, its product names, and the notes as text (legal disclaimers left out). A ROLIE feed gives
 * one advisory per entry from the feed alone (id, title, dates, summary, link to the document), so a provider
 * can be followed without fetching every document. Discovery documents (provider-metadata.json,
 * aggregator.json, ROLIE service/category) carry no advisories: see csaf_discovery.c. */
#include <ctype.h>
#include <string.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"

/* Product trees nest branches (vendor > family > name > version); real ones are 4-6 deep. 32 is generous and
 * bounds recursion on hostile input. */
#define CSAF_BRANCH_DEPTH_MAX 32

static int add_branch_products(pw_advisory *a, const json_t *branches, int depth)
{
    size_t i;
    const json_t *b;
    if (!json_is_array(branches) || depth > CSAF_BRANCH_DEPTH_MAX) return 0;
    json_array_foreach(branches, i, b) {
        const char *name = pw_adv_jstr(json_object_get(b, "product"), "name");
        if (name && pw_adv_list_add(&a->products, name, strlen(name)) != 0) return -1;
        if (add_branch_products(a, json_object_get(b, "branches"), depth + 1) != 0) return -1;
    }
    return 0;
}

/* "KB5060842" inside a remediation URL, or details that are only the KB number (Microsoft's CSAF). */
static int add_kb_from(pw_advisory *a, const char *s, int bare_digits)
{
    if (!s) return 0;
    size_t n = strlen(s);
    if (bare_digits) {
        size_t d = 0;
        while (d < n && isdigit((unsigned char)s[d])) d++;
        if (d == n && n >= 6 && n <= 8) {
            char kb[16];
            snprintf(kb, sizeof kb, "KB%s", s);
            return pw_adv_list_add(&a->kb, kb, strlen(kb));
        }
        return 0;
    }
    for (const char *p = s; (p = strstr(p, "KB")) != NULL; p += 2) {
        size_t d = 0;
        while (isdigit((unsigned char)p[2 + d]) && d < 9) d++;
        if (d >= 6 && d <= 8 && !isdigit((unsigned char)p[2 + d])) {
            if (pw_adv_list_add(&a->kb, p, d + 2) != 0) return -1;
        }
    }
    return 0;
}

static int add_notes(pw_buf *text, const json_t *notes)
{
    size_t i;
    const json_t *n;
    json_array_foreach(notes, i, n) {
        const char *cat = pw_adv_jstr(n, "category");
        const char *t = pw_adv_jstr(n, "text");
        if (cat && strcmp(cat, "legal_disclaimer") == 0) continue;
        if (t && pw_adv_text_add(text, t, strlen(t), 0) != 0) return -1;
    }
    return 0;
}

static int parse_csaf_document(pw_adv_ctx *c, const json_t *root, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    size_t i, j;
    const json_t *v, *r;
    const json_t *doc = json_object_get(root, "document");
    const json_t *tracking = json_object_get(doc, "tracking");
    pw_advisory_init(&a);
    const char *id = pw_adv_jstr(tracking, "id");
    if (!id) {
        pw_error_set(err, PW_ERR_INVALID, "%s: CSAF document without document.tracking.id", c->name);
        goto err;
    }
    const char *s;
    if (pw_adv_set_str(&a.id, id) != 0 || pw_adv_set_str(&a.title, pw_adv_jstr(doc, "title")) != 0) goto nomem;
    if ((s = pw_adv_jstr(tracking, "initial_release_date"))) a.published = pw_adv_parse_date(s, strlen(s));
    if ((s = pw_adv_jstr(tracking, "current_release_date"))) a.updated = pw_adv_parse_date(s, strlen(s));
    if (pw_adv_set_str(&a.status, "advisory") != 0) goto nomem;
    const json_t *refs = json_object_get(doc, "references");
    json_array_foreach(refs, i, r) {
        const char *cat = pw_adv_jstr(r, "category");
        if (cat && strcmp(cat, "self") == 0 && pw_adv_jstr(r, "url")) {
            if (pw_adv_set_str(&a.url, pw_adv_jstr(r, "url")) != 0) goto nomem;
            break;
        }
    }
    /* no "self" reference: a reference naming the document id is the advisory's page (Cisco does this) */
    json_array_foreach(refs, i, r) {
        const char *u = pw_adv_jstr(r, "url");
        if (a.url || !u || !strstr(u, id)) continue;
        if (pw_adv_set_str(&a.url, u) != 0) goto nomem;
    }
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    if (add_notes(&text, json_object_get(doc, "notes")) != 0) goto nomem;

    const json_t *tree = json_object_get(root, "product_tree");
    json_array_foreach(json_object_get(tree, "full_product_names"), i, v) {
        const char *name = pw_adv_jstr(v, "name");
        if (name && pw_adv_list_add(&a.products, name, strlen(name)) != 0) goto nomem;
    }
    if (add_branch_products(&a, json_object_get(tree, "branches"), 0) != 0) goto nomem;

    json_array_foreach(json_object_get(root, "vulnerabilities"), i, v) {
        const char *cve = pw_adv_jstr(v, "cve"), *title = pw_adv_jstr(v, "title");
        if (cve && pw_adv_list_add(&a.cve, cve, strlen(cve)) != 0) goto nomem;
        if (title && pw_adv_text_add(&text, title, strlen(title), 0) != 0) goto nomem;
        if (add_notes(&text, json_object_get(v, "notes")) != 0) goto nomem;
        json_array_foreach(json_object_get(v, "remediations"), j, r) {
            const char *cat = pw_adv_jstr(r, "category");
            if (add_kb_from(&a, pw_adv_jstr(r, "url"), 0) != 0) goto nomem;
            if (cat && strcmp(cat, "vendor_fix") == 0 && add_kb_from(&a, pw_adv_jstr(r, "details"), 1) != 0)
                goto nomem;
        }
    }
    if (pw_adv_text_finish(&a, &text) != 0) goto nomem;
    return pw_adv_emit(c, &a, err);
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
err:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return -1;
}

/* A link array ([{rel, href}]) entry with the given rel, else NULL. */
static const char *rolie_link(const json_t *links, const char *rel)
{
    size_t i;
    const json_t *l;
    json_array_foreach(links, i, l) {
        const char *r = pw_adv_jstr(l, "rel");
        if (r && strcmp(r, rel) == 0) return pw_adv_jstr(l, "href");
    }
    return NULL;
}

static int parse_rolie_feed(pw_adv_ctx *c, const json_t *feed, pw_error *err)
{
    size_t i;
    const json_t *e;
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    pw_advisory_init(&a);
    json_array_foreach(json_object_get(feed, "entry"), i, e) {
        const char *s;
        if (pw_adv_set_str(&a.id, pw_adv_jstr(e, "id")) != 0 || pw_adv_set_str(&a.title, pw_adv_jstr(e, "title")) != 0)
            goto nomem;
        s = pw_adv_jstr(json_object_get(e, "content"), "src");
        if (!s) s = rolie_link(json_object_get(e, "link"), "self");
        if (pw_adv_set_str(&a.url, s) != 0 || pw_adv_set_str(&a.status, "advisory") != 0) goto nomem;
        if ((s = pw_adv_jstr(e, "published"))) a.published = pw_adv_parse_date(s, strlen(s));
        if ((s = pw_adv_jstr(e, "updated"))) a.updated = pw_adv_parse_date(s, strlen(s));
        if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
        s = pw_adv_jstr(json_object_get(e, "summary"), "content");
        if (s && pw_adv_text_add(&text, s, strlen(s), 0) != 0) goto nomem;
        if (pw_adv_text_finish(&a, &text) != 0) goto nomem;
        if (pw_adv_emit(c, &a, err) != 0) goto err;
    }
    return 0;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
err:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return -1;
}

int pw_adv_parse_csaf(pw_adv_ctx *c, const char *data, size_t len, pw_error *err)
{
    json_t *root = pw_adv_json_load(data, len, c->name, err);
    int rc = 0;
    if (!root) return -1;
    if (!json_is_object(root)) {
        rc = pw_error_set(err, PW_ERR_INVALID, "%s: CSAF: top level is not a JSON object", c->name);
    } else if (json_is_object(json_object_get(root, "document"))) {
        rc = parse_csaf_document(c, root, err);
    } else if (json_is_object(json_object_get(root, "feed"))) {
        rc = parse_rolie_feed(c, json_object_get(root, "feed"), err);
    } else if (json_object_get(root, "distributions") || json_object_get(root, "aggregator") ||
               json_object_get(root, "service") || json_object_get(root, "categories") ||
               json_object_get(root, "canonical_url")) {
        rc = 0; /* discovery document: no advisories of its own (pw_csaf_discover follows it) */
    } else {
        rc = pw_error_set(err, PW_ERR_INVALID,
                          "%s: not a CSAF document (no \"document\"), ROLIE feed or provider metadata", c->name);
    }
    json_decref(root);
    return rc;
}
