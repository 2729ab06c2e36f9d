/* cvrf_json: the JSON flavour of MSRC CVRF (api.msrc.microsoft.com/cvrf/v3.0/cvrf/{id} with Accept:
 * application/json). Same mapping as cvrf_xml.c; text values are wrapped as {"Value": "..."} and enum types
 * are numbers (Remediation Type 2 = Vendor Fix), which this reader accepts alongside the XML names. */
#include <string.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"

/* {"Value": "x"} or "x" -> "x" */
static const char *value_of(const json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    return pw_adv_jstr(v, "Value");
}

static int64_t date_of(const json_t *v)
{
    const char *s = value_of(v);
    return s ? pw_adv_parse_date(s, strlen(s)) : PW_TS_NONE;
}

static int collect_products(pw_cvrf_products *p, const json_t *node, int depth)
{
    size_t i;
    const json_t *e;
    if (depth > 32) return 0;
    json_array_foreach(json_object_get(node, "FullProductName"), i, e)
        if (pw_cvrf_products_add(p, pw_adv_jstr(e, "ProductID"), pw_adv_jstr(e, "Value")) != 0) return -1;
    /* Branch entries hold "Items": either further branches or products ({ProductID, Value}) */
    const json_t *branches = json_object_get(node, "Branch");
    if (!branches) branches = json_object_get(node, "Items");
    json_array_foreach(branches, i, e) {
        if (pw_adv_jstr(e, "ProductID")) {
            if (pw_cvrf_products_add(p, pw_adv_jstr(e, "ProductID"), pw_adv_jstr(e, "Value")) != 0) return -1;
        } else if (collect_products(p, e, depth + 1) != 0) {
            return -1;
        }
    }
    return 0;
}

static int add_notes(pw_buf *text, const json_t *notes)
{
    size_t i;
    const json_t *n;
    json_array_foreach(notes, i, n) {
        const char *title = pw_adv_jstr(n, "Title"), *v = value_of(n);
        if (title && strcmp(title, "Legal Disclaimer") == 0) continue;
        if (v && text->len && memmem(text->data, text->len, v, strlen(v))) continue; /* repeated notes */
        if (v && pw_adv_text_add(text, v, strlen(v), 1) != 0) return -1;
    }
    return 0;
}

static int is_vendor_fix(const json_t *type)
{
    if (json_is_integer(type)) return json_integer_value(type) == 2;
    return json_is_string(type) && strcmp(json_string_value(type), "Vendor Fix") == 0;
}

static int parse_vuln(pw_adv_ctx *c, const pw_cvrf_products *prods, const json_t *v, const char *doc_id,
                      size_t ordinal, int64_t pub, int64_t upd, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    size_t i, j;
    const json_t *e, *p;
    pw_advisory_init(&a);
    const char *cve = value_of(json_object_get(v, "CVE"));
    if (cve && *cve) {
        char url[256];
        if (pw_adv_set_str(&a.id, cve) != 0) goto nomem;
        if (strncmp(cve, "CVE-", 4) == 0 && pw_adv_list_add(&a.cve, cve, strlen(cve)) != 0) goto nomem;
        if (a.id && strlen(a.id) < 64) {
            snprintf(url, sizeof url, "https://msrc.microsoft.com/update-guide/vulnerability/%s", a.id);
            if (pw_adv_set_str(&a.url, url) != 0) goto nomem;
        }
    } else {
        char id[PW_ADV_FIELD_MAX];
        snprintf(id, sizeof id, "%s/%zu", doc_id, ordinal);
        if (pw_adv_set_str(&a.id, id) != 0) goto nomem;
    }
    const char *title = value_of(json_object_get(v, "Title"));
    if (pw_adv_set_str(&a.title, title && *title ? title : a.id) != 0 || pw_adv_set_str(&a.status, "advisory") != 0)
        goto nomem;
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    a.published = pub;
    a.updated = upd;
    int first = 1;
    json_array_foreach(json_object_get(v, "RevisionHistory"), i, e) {
        int64_t d = date_of(json_object_get(e, "Date"));
        if (d == PW_TS_NONE) continue;
        if (first || d < a.published) a.published = d;
        if (first || d > a.updated) a.updated = d;
        first = 0;
    }
    if (add_notes(&text, json_object_get(v, "Notes")) != 0) goto nomem;
    json_array_foreach(json_object_get(v, "ProductStatuses"), i, e) {
        json_array_foreach(json_object_get(e, "ProductID"), j, p) {
            const char *name = pw_cvrf_products_find(prods, json_string_value(p));
            if (name && pw_adv_list_add(&a.products, name, strlen(name)) != 0) goto nomem;
        }
    }
    json_array_foreach(json_object_get(v, "Remediations"), i, e) {
        if (is_vendor_fix(json_object_get(e, "Type")) &&
            pw_cvrf_add_kb(&a, value_of(json_object_get(e, "Description"))) != 0)
            goto nomem;
    }
    pw_adv_text_finish(&a, &text);
    return pw_adv_emit(c, &a, err);
nomem:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
}

int pw_adv_parse_cvrf_json(pw_adv_ctx *c, const json_t *root, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    pw_cvrf_products *prods = NULL;
    int rc = -1;
    size_t i;
    const json_t *v;
    pw_advisory_init(&a);
    const json_t *tracking = json_object_get(root, "DocumentTracking");
    const char *id = value_of(pw_adv_jpath(tracking, "Identification.ID"));
    if (!json_is_object(root) || !id || !*id) {
        pw_error_set(err, PW_ERR_INVALID, "%s: not a CVRF JSON document (no DocumentTracking.Identification.ID)",
                     c->name);
        goto out;
    }
    if (!(prods = pw_cvrf_products_new())) goto nomem;
    if (pw_adv_set_str(&a.id, id) != 0 || !a.id) goto nomem;
    char *doc_id = strdup(a.id);
    if (!doc_id) goto nomem;
    a.published = date_of(json_object_get(tracking, "InitialReleaseDate"));
    a.updated = date_of(json_object_get(tracking, "CurrentReleaseDate"));
    int64_t pub = a.published, upd = a.updated;
    if (pw_adv_set_str(&a.title, value_of(json_object_get(root, "DocumentTitle"))) != 0 ||
        pw_adv_set_str(&a.status, "advisory") != 0 ||
        (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) ||
        add_notes(&text, json_object_get(root, "DocumentNotes")) != 0 ||
        collect_products(prods, json_object_get(root, "ProductTree"), 0) != 0) {
        free(doc_id);
        goto nomem;
    }
    pw_adv_text_finish(&a, &text);
    pw_cvrf_products_sort(prods);
    if (pw_adv_emit(c, &a, err) != 0) {
        free(doc_id);
        goto out;
    }
    json_array_foreach(json_object_get(root, "Vulnerability"), i, v) {
        if (parse_vuln(c, prods, v, doc_id, i + 1, pub, upd, err) != 0) {
            free(doc_id);
            goto out;
        }
    }
    free(doc_id);
    rc = 0;
    goto out;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
out:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    pw_cvrf_products_free(prods);
    return rc;
}
