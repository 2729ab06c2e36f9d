/* cvrf: MSRC CVRF documents (the Security Update Guide's v3 API, JSON or XML). One advisory for the monthly
 * document itself (its title, dates and release notes, which is where MSRC lists known issues) and one per
 * vulnerability: id = the CVE, its KBs (the "Vendor Fix" remediations, whose description is the KB number),
 * the names of the affected products, its notes as text. This file holds what both readers share. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/advisory_internal.h"

/* A monthly document lists ~200-1000 products; 100000 bounds memory for a hostile one (~10 MiB). */
#define CVRF_PRODUCTS_MAX 100000

typedef struct {
    char *id, *name;
} cvrf_product;

struct pw_cvrf_products {
    cvrf_product *v;
    size_t n, cap;
};

pw_cvrf_products *pw_cvrf_products_new(void) { return calloc(1, sizeof(pw_cvrf_products)); }

int pw_cvrf_products_add(pw_cvrf_products *p, const char *id, const char *name)
{
    if (!id || !name || p->n >= CVRF_PRODUCTS_MAX) return 0;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        cvrf_product *v = realloc(p->v, cap * sizeof *v);
        if (!v) return -1;
        p->v = v;
        p->cap = cap;
    }
    char *i = strndup(id, PW_ADV_FIELD_MAX), *n = strndup(name, PW_ADV_FIELD_MAX);
    if (!i || !n) {
        free(i);
        free(n);
        return -1;
    }
    p->v[p->n].id = i;
    p->v[p->n].name = n;
    p->n++;
    return 0;
}

static int cmp_product(const void *a, const void *b)
{
    return strcmp(((const cvrf_product *)a)->id, ((const cvrf_product *)b)->id);
}

int pw_cvrf_products_sort(pw_cvrf_products *p)
{
    if (p->n > 1) qsort(p->v, p->n, sizeof *p->v, cmp_product);
    return 0;
}

const char *pw_cvrf_products_find(const pw_cvrf_products *p, const char *id)
{
    if (!id || !p->n) return NULL;
    cvrf_product key = {(char *)id, NULL};
    const cvrf_product *f = bsearch(&key, p->v, p->n, sizeof *p->v, cmp_product);
    return f ? f->name : NULL;
}

void pw_cvrf_products_free(pw_cvrf_products *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].id);
        free(p->v[i].name);
    }
    free(p->v);
    free(p);
}

int pw_cvrf_add_kb(pw_advisory *a, const char *desc)
{
    if (!desc) return 0;
    while (isspace((unsigned char)*desc)) desc++;
    if ((desc[0] == 'K' || desc[0] == 'k') && (desc[1] == 'B' || desc[1] == 'b')) desc += 2;
    size_t n = 0;
    while (isdigit((unsigned char)desc[n])) n++;
    size_t m = n;
    while (isspace((unsigned char)desc[m])) m++;
    if (desc[m] != '\0' || n < 6 || n > 8) return 0;
    char kb[16];
    snprintf(kb, sizeof kb, "KB%.*s", (int)n, desc);
    return pw_adv_list_add(&a->kb, kb, strlen(kb));
}

int pw_adv_parse_cvrf(pw_adv_ctx *c, const char *data, size_t len, pw_error *err)
{
    size_t i = 0;
    /* UTF-8 BOM and leading whitespace do not decide the flavour; the first real byte does */
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
        i = 3;
    while (i < len && isspace((unsigned char)data[i])) i++;
    if (i < len && data[i] == '{') {
        json_t *root = pw_adv_json_load(data, len, c->name, err);
        if (!root) return -1;
        /* the updates list only points to documents (pw_cvrf_discover): no advisories of its own */
        int rc = pw_cvrf_is_updates_list(root) ? 0 : pw_adv_parse_cvrf_json(c, root, err);
        json_decref(root);
        return rc;
    }
    return pw_adv_parse_cvrf_xml(c, data, len, err);
}
