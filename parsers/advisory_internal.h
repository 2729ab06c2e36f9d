/* advisory_internal: what the feed parsers (csaf.c, cvrf_*.c, rss_atom.c, release_health.c, html_select.c)
 * share inside parsers/: the emit context and string/date helpers. Not a public header. */
#ifndef PW_ADVISORY_INTERNAL_H
#define PW_ADVISORY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/pw_advisory.h"
#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "parsers/advisory_parse.h"

typedef struct pw_adv_ctx {
    const char *source;
    const char *name; /* document name for errors */
    const pw_advisory_opts *opts;
    pw_advisory_cb cb;
    void *ud;
    int count;
    int stopped; /* cb returned non-zero */
} pw_adv_ctx;

/* Stamps source, delivers a to the callback, frees a (and re-inits it). -1 when cb asked to stop. */
int pw_adv_emit(pw_adv_ctx *c, pw_advisory *a, pw_error *err);
/* Replaces *dst with s[0..n) made valid UTF-8, whitespace-collapsed, trimmed and cut at cap bytes. An empty
 * result leaves *dst NULL. -1 on allocation failure. */
int pw_adv_set(char **dst, const char *s, size_t n, size_t cap);
int pw_adv_set_str(char **dst, const char *s); /* PW_ADV_FIELD_MAX, s may be NULL */
/* Adds s (trimmed, valid UTF-8, <= PW_ADV_FIELD_MAX) to l unless present or l is full (PW_ADV_LIST_MAX). */
int pw_adv_list_add(pw_strlist *l, const char *s, size_t n);
/* Appends plain text with a separating newline, up to PW_ADV_TEXT_MAX. html != 0: s is HTML. */
int pw_adv_text_add(pw_buf *text, const char *s, size_t n, int html);
/* Moves the collected text into a->text. */
int pw_adv_text_finish(pw_advisory *a, pw_buf *text);
/* Dates as feeds write them: RFC 3339 (with or without zone: no zone = UTC), RFC 822/1123 ("Sat, 21 Mar
 * 2020 06:29:51 -0400", "GMT", "-0000", named US zones), or a bare date. PW_TS_NONE when unparseable. */
int64_t pw_adv_parse_date(const char *s, size_t n);

/* jansson helpers: string member or NULL; nested get by "a.b.c" path. */
const char *pw_adv_jstr(const json_t *obj, const char *key);
const json_t *pw_adv_jpath(const json_t *obj, const char *path);
/* Parses JSON with a size cap; errors name line/column. */
json_t *pw_adv_json_load(const char *data, size_t len, const char *name, pw_error *err);

/* Per-format entry points (data is the whole document). Return count or -1. */
int pw_adv_parse_csaf(pw_adv_ctx *c, const char *data, size_t len, pw_error *err);
int pw_adv_parse_cvrf(pw_adv_ctx *c, const char *data, size_t len, pw_error *err);
int pw_adv_parse_cvrf_json(pw_adv_ctx *c, const json_t *root, pw_error *err);
int pw_adv_parse_cvrf_xml(pw_adv_ctx *c, const char *data, size_t len, pw_error *err);
int pw_adv_parse_feed(pw_adv_ctx *c, const char *data, size_t len, pw_error *err); /* rss + atom */
int pw_adv_parse_release_health(pw_adv_ctx *c, const char *data, size_t len, pw_error *err);
int pw_adv_parse_html(pw_adv_ctx *c, const char *data, size_t len, pw_error *err);

/* cvrf.c: ProductID -> product name table shared by the XML and JSON CVRF readers. */
typedef struct pw_cvrf_products pw_cvrf_products;
pw_cvrf_products *pw_cvrf_products_new(void);
int pw_cvrf_products_add(pw_cvrf_products *p, const char *id, const char *name); /* copies; -1 nomem */
int pw_cvrf_products_sort(pw_cvrf_products *p);
const char *pw_cvrf_products_find(const pw_cvrf_products *p, const char *id);
void pw_cvrf_products_free(pw_cvrf_products *p);
/* cvrf_updates.c: true for MSRC's updates list ({"value": [{"ID", "CvrfUrl", ...}]}). */
int pw_cvrf_is_updates_list(const json_t *root);
/* "5060842" (a Vendor Fix description) -> adds "KB5060842" to a->kb; anything else is ignored. */
int pw_cvrf_add_kb(pw_advisory *a, const char *desc);

#endif
