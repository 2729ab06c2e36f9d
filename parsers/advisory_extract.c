/* advisory_extract: fills an advisory's kb/cve/event_ids/error_codes/products/status from its title and text
 * with PCRE2 patterns. Patterns come from `kind: extract` rules when a rules set is given and has any, else
 * from the built-in defaults (advisory_extract_defaults.c). Every pattern runs with a match limit, so a
 * user's catastrophic regex costs bounded time per advisory instead of hanging the poller. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "parsers/advisory_extract.h"

#include <ctype.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_buf.h"
#include "parsers/advisory_internal.h"

#include "rules/rules.h"

/* Backtracking budget per pattern per advisory: real patterns need a few thousand steps on 64 KiB of text;
 * 10 million bounds a pathological one to well under a second. */
#define EXTRACT_MATCH_LIMIT 10000000u
#define EXTRACT_DEPTH_LIMIT 10000u
/* Matches taken per pattern per advisory (a CVRF summary lists ~100 CVEs; lists cap at PW_ADV_LIST_MAX). */
#define EXTRACT_MATCHES_MAX 1024
#define EXTRACT_VALUE_MAX 256 /* one extracted value (an id, a code, a product name) */

typedef enum { F_KB, F_CVE, F_EVENT_ID, F_ERROR_CODE, F_PRODUCT, F_COMPONENT, F_STATUS } ex_field;
typedef enum { N_NONE, N_UPPER, N_LOWER } ex_norm;

typedef struct {
    char *name;
    ex_field field;
    pcre2_code *re;
    char *value; /* template or NULL */
    ex_norm norm;
} ex_rule;

struct pw_extractor {
    ex_rule *rules;
    size_t n;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pw_buf subject;
    pw_buf value;
};

static int parse_field(const char *s, ex_field *f)
{
    static const struct {
        const char *name;
        ex_field f;
    } t[] = {{"kb", F_KB},           {"cve", F_CVE},         {"event_id", F_EVENT_ID}, {"error_code", F_ERROR_CODE},
             {"product", F_PRODUCT}, {"component", F_COMPONENT}, {"status", F_STATUS}};
    for (size_t i = 0; s && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(s, t[i].name) == 0) {
            *f = t[i].f;
            return 0;
        }
    return -1;
}

static int add_rule(pw_extractor *x, const pw_extract_def *d, pw_error *err)
{
    ex_rule *r = &x->rules[x->n];
    int ec;
    PCRE2_SIZE eo;
    memset(r, 0, sizeof *r);
    if (parse_field(d->field, &r->field) != 0)
        return pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': unknown field '%s'", d->name ? d->name : "?",
                            d->field ? d->field : "(none)");
    r->norm = !d->normalize || !strcmp(d->normalize, "none") ? N_NONE : !strcmp(d->normalize, "upper") ? N_UPPER : N_LOWER;
    if (r->field == F_STATUS && !d->value)
        return pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': a status rule needs a fixed value", d->name);
    r->re = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
    if (!r->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': pattern error at offset %zu: %s", d->name,
                            (size_t)eo, (const char *)msg);
    }
    pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* best effort: the interpreter works too */
    r->name = strdup(d->name ? d->name : "");
    r->value = d->value ? strdup(d->value) : NULL;
    if (!r->name || (d->value && !r->value)) {
        free(r->name);
        free(r->value);
        pcre2_code_free(r->re);
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    }
    x->n++;
    return 0;
}

pw_extractor *pw_extractor_new_defs(const pw_extract_def *defs, size_t n, pw_error *err)
{
    pw_extractor *x = calloc(1, sizeof *x);
    if (!x || !(x->rules = calloc(n ? n : 1, sizeof *x->rules))) goto nomem;
    x->md = pcre2_match_data_create(10, NULL);
    x->mctx = pcre2_match_context_create(NULL);
    if (!x->md || !x->mctx) goto nomem;
    pcre2_set_match_limit(x->mctx, EXTRACT_MATCH_LIMIT);
    pcre2_set_depth_limit(x->mctx, EXTRACT_DEPTH_LIMIT);
    for (size_t i = 0; i < n; i++)
        if (add_rule(x, &defs[i], err) != 0) goto err;
    return x;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
err:
    pw_extractor_free(x);
    return NULL;
}

pw_extractor *pw_extractor_new(const pw_rules *rules, pw_error *err)
{
    size_t n = rules ? pw_rules_count(rules, "extract") : 0;
    if (n > 0) {
        pw_extract_def *defs = calloc(n, sizeof *defs);
        if (!defs) {
            pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
            return NULL;
        }
        for (size_t i = 0; i < n; i++) {
            const json_t *r = pw_rules_get(rules, "extract", i);
            defs[i].name = json_string_value(json_object_get(r, "name"));
            defs[i].field = json_string_value(json_object_get(r, "field"));
            defs[i].pattern = json_string_value(json_object_get(r, "pattern"));
            defs[i].value = json_string_value(json_object_get(r, "value"));
            defs[i].normalize = json_string_value(json_object_get(r, "normalize"));
            if (!defs[i].pattern) defs[i].pattern = "(?!)";
        }
        pw_extractor *x = pw_extractor_new_defs(defs, n, err);
        if (!x) {
            int line = 0;
            const char *origin = NULL;
            for (size_t i = 0; i < n && !origin; i++) /* name the file of the failing rule */
                if (defs[i].name && err && strstr(err->msg, defs[i].name))
                    origin = pw_rules_origin(rules, "extract", i, &line);
            if (origin) pw_error_prefix(err, "%s:%d", origin, line);
        }
        free(defs);
        return x;
    }
    return pw_extractor_new_defs(pw_extract_defaults, pw_extract_ndefaults, err);
}

size_t pw_extractor_count(const pw_extractor *x) { return x ? x->n : 0; }

void pw_extractor_free(pw_extractor *x)
{
    if (!x) return;
    for (size_t i = 0; i < x->n; i++) {
        free(x->rules[i].name);
        free(x->rules[i].value);
        pcre2_code_free(x->rules[i].re);
    }
    free(x->rules);
    pcre2_match_data_free(x->md);
    pcre2_match_context_free(x->mctx);
    pw_buf_free(&x->subject);
    pw_buf_free(&x->value);
    free(x);
}

static int put_group(pw_extractor *x, const ex_rule *r, const char *subj, int g, int ngroups)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    if (g >= ngroups || ov[2 * g] == PCRE2_UNSET) return 0;
    size_t a = ov[2 * g], b = ov[2 * g + 1];
    for (size_t i = a; i < b && x->value.len < EXTRACT_VALUE_MAX; i++) {
        char c = subj[i];
        if (r->norm == N_UPPER) c = (char)toupper((unsigned char)c);
        else if (r->norm == N_LOWER) c = (char)tolower((unsigned char)c);
        if (pw_buf_putc(&x->value, c) != 0) return -1;
    }
    return 0;
}

/* Renders the rule's value template for the current match into x->value. */
static int render(pw_extractor *x, const ex_rule *r, const char *subj, int ngroups)
{
    pw_buf_reset(&x->value);
    if (pw_buf_reserve(&x->value, 16) != 0) return -1;
    x->value.data[0] = '\0';
    if (!r->value) return put_group(x, r, subj, ngroups > 1 ? 1 : 0, ngroups);
    for (const char *p = r->value; *p; p++) {
        if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
            if (put_group(x, r, subj, p[1] - '0', ngroups) != 0) return -1;
            p++;
        } else if (pw_buf_putc(&x->value, *p) != 0) {
            return -1;
        }
    }
    return 0;
}

static pw_strlist *list_for(pw_advisory *a, ex_field f)
{
    switch (f) {
    case F_KB: return &a->kb;
    case F_CVE: return &a->cve;
    case F_EVENT_ID: return &a->event_ids;
    case F_ERROR_CODE: return &a->error_codes;
    case F_PRODUCT:
    case F_COMPONENT: return &a->products;
    default: return NULL;
    }
}

/* Event ids are 0..65535 in decimal without leading zeros, so "Event ID 05120" and "5120" are one id. */
static int canonical_event_id(pw_buf *v)
{
    unsigned long n = 0;
    size_t i = 0;
    while (i < v->len && isdigit((unsigned char)v->data[i]) && n <= 65535) n = n * 10 + (unsigned)(v->data[i++] - '0');
    if (i == 0 || i != v->len || n > 65535) return -1;
    pw_buf_reset(&v[0]);
    return pw_buf_printf(v, "%lu", n);
}

int pw_extractor_apply(pw_extractor *x, pw_advisory *a, pw_error *err)
{
    pw_buf_reset(&x->subject);
    if (a->title && (pw_buf_puts(&x->subject, a->title) != 0 || pw_buf_putc(&x->subject, '\n') != 0)) goto nomem;
    if (a->text && pw_buf_puts(&x->subject, a->text) != 0) goto nomem;
    if (!x->subject.len) return 0;
    const char *subj = x->subject.data;
    size_t len = x->subject.len;
    int status_set = a->status != NULL;
    for (size_t i = 0; i < x->n; i++) {
        const ex_rule *r = &x->rules[i];
        if (r->field == F_STATUS && status_set) continue;
        pw_strlist *list = list_for(a, r->field);
        PCRE2_SIZE off = 0;
        for (int m = 0; m < EXTRACT_MATCHES_MAX && off <= len; m++) {
            int rc = pcre2_match(r->re, (PCRE2_SPTR)subj, len, off, 0, x->md, x->mctx);
            if (rc == PCRE2_ERROR_NOMATCH) break;
            if (rc < 0) break; /* match/depth limit hit or bad UTF: this pattern is done for this advisory */
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
            if (render(x, r, subj, rc) != 0) goto nomem;
            if (r->field == F_STATUS) {
                if (x->value.len && pw_adv_set(&a->status, x->value.data, x->value.len, PW_ADV_FIELD_MAX) != 0)
                    goto nomem;
                status_set = 1;
                break;
            }
            if (r->field != F_EVENT_ID || canonical_event_id(&x->value) == 0) {
                if (x->value.len && pw_adv_list_add(list, x->value.data, x->value.len) != 0) goto nomem;
            }
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            while (off < len && ((unsigned char)subj[off] & 0xC0) == 0x80) off++; /* stay on a UTF-8 boundary */
        }
    }
    return 0;
nomem:
    return pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
}
