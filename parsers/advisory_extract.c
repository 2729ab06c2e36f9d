/* advisory_extract: fills an advisory's kb/cve/event_ids/error_codes/products/packages/status from its title
 * and text with PCRE2 patterns, and collects the hits that classify it (advisory_extract_class.c). Patterns
 * come from `kind: extract` rules when a rules set is given and has any, else from the built-in defaults (the
 * shipped rules/extract/ files, embedded). Every pattern runs with a match limit, so a user's catastrophic
 * regex costs bounded time per advisory instead of hanging the poller.
 *
 * A `words` rule is a list of literal phrases compiled into one alternation, each branch marked with
 * (*MARK:i) so the phrase that matched is known without a second pass: the class reasons are the phrases as
 * the rule file writes them. Cost: one scan of title+text per rule; about 60 rules and 64 KiB of text is a
 * few milliseconds with the JIT -- fine for advisories, which arrive by the dozen, not by the million. */
#include "parsers/advisory_extract_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/advisory_internal.h"
#include "rules/rules.h"

/* Backtracking budget per pattern per advisory: real patterns need a few thousand steps on 64 KiB of text;
 * 10 million bounds a pathological one to well under a second. */
#define EXTRACT_MATCH_LIMIT 10000000u
#define EXTRACT_DEPTH_LIMIT 10000u
/* Matches taken per pattern per advisory (a CVRF summary lists ~100 CVEs; lists cap at PW_ADV_LIST_MAX). */
#define EXTRACT_MATCHES_MAX 1024
#define EXTRACT_VALUE_MAX 256 /* one extracted value (an id, a code, a product name) */
#define EXTRACT_WORDS_MAX 4096 /* phrases in one words rule: more is a word list pasted by mistake */

static const struct {
    const char *name;
    ex_field f;
} field_names[] = {
    {"kb", F_KB},
    {"cve", F_CVE},
    {"event_id", F_EVENT_ID},
    {"error_code", F_ERROR_CODE},
    {"product", F_PRODUCT},
    {"component", F_COMPONENT},
    {"status", F_STATUS},
    {"package", F_PACKAGE},
    {"regression", F_REGRESSION},
    {"fix", F_FIX},
    {"informational", F_INFO},
    {"negation", F_NEG},
    {"negation_before", F_NEG_BEFORE},
    {"negation_after", F_NEG_AFTER},
    {"kb_fix_before", F_KB_FIX_BEFORE},
    {"kb_fix_after", F_KB_FIX_AFTER},
    {"kb_affected_before", F_KB_AFF_BEFORE},
    {"kb_affected_after", F_KB_AFF_AFTER},
    {"anchor", F_ANCHOR},
    {"hypothetical", F_HYPO},
    {"hypothetical_after", F_HYPO_AFTER},
    {"kb_installed_before", F_KB_INST_BEFORE},
    {"kb_installed_after", F_KB_INST_AFTER},
    {"undo", F_UNDO},
    {"culprit_verb", F_CULPRIT_VERB},
    {"question_start", F_QUESTION_START},
    {"negation_stop", F_NEG_STOP},
    {"narrative", F_NARRATIVE},
    {"kb_remedy", F_KB_REMEDY},
    {"reader", F_READER},
    {"cleared", F_CLEARED},
    {"kb_withdrawn", F_KB_WITHDRAWN},
    {"problem_clause", F_PROBLEM_CLAUSE},
    {"report_question", F_REPORT_QUESTION},
    {"security", F_SECURITY},
    {"dated", F_DATED},
    {"persist", F_PERSIST},
    {"kb_collateral", F_KB_COLLATERAL},
    {"kb_cleared", F_KB_CLEARED},
    {"package_version", F_PACKAGE_VERSION},
    {"package_name", F_PACKAGE_NAME},
    {"topic", F_TOPIC},
};

static int parse_field(const char *s, ex_field *f)
{
    for (size_t i = 0; s && i < sizeof field_names / sizeof field_names[0]; i++)
        if (strcmp(s, field_names[i].name) == 0) {
            *f = field_names[i].f;
            return 0;
        }
    return -1;
}

static int is_hit_field(ex_field f) { return f >= F_REGRESSION && f < F_COUNT; }

/* Latin letters and digits: a phrase that starts or ends with one must not continue a longer word there.
 * CJK text has no spaces, so a Japanese phrase gets no such edge. */
static int latin_word_char(const unsigned char *p)
{
    if (isalnum(*p) || *p == '_') return 1;
    return *p == 0xC3 || *p == 0xC4 || *p == 0xC5; /* U+00C0..U+017F: accented Latin letters */
}

#define EDGE_BEFORE "(?<![A-Za-z0-9_\\x{C0}-\\x{24F}])"
#define EDGE_AFTER "(?![A-Za-z0-9_\\x{C0}-\\x{24F}])"

/* The edges a phrase needs: 1 = must not continue a word before it, 2 = nor after it. */
static int phrase_edges(const char *w)
{
    size_t n = strlen(w), last;
    int e = 0;
    if (w[0] != '*' && latin_word_char((const unsigned char *)w)) e |= 1;
    if (n > 1 && w[n - 1] == '*') return e;
    /* the last byte of a multi-byte character is a continuation byte: find the character's lead byte */
    for (last = n - 1; last > 0 && ((unsigned char)w[last] & 0xC0) == 0x80; last--) {}
    if (latin_word_char((const unsigned char *)w + last)) e |= 2;
    return e;
}

/* One phrase as a regex branch (edges are added per group of branches): metacharacters escaped, a space
 * matches whitespace, a hyphen or nothing, an apostrophe either quote, a trailing '*' the rest of the word, a
 * leading '*' the start of a compound ("*probleme": Druckprobleme). */
static int phrase_regex(pw_buf *b, const char *w)
{
    size_t n = strlen(w), i = 0;
    int stem = n > 1 && w[n - 1] == '*';
    if (stem) n--;
    if (n > 1 && w[0] == '*') { /* at least one letter before: "*probleme" is Druckprobleme, not Probleme */
        if (pw_buf_puts(b, "[\\p{L}\\p{N}]+")) return -1;
        i = 1;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        int rc;
        if (c == ' ') {
            while (i + 1 < n && w[i + 1] == ' ') i++;
            rc = pw_buf_puts(b, "[\\s\\-]*");
        } else if (c == '\'') {
            /* optional inside a phrase ("didn't"/"didnt"), required at its end: French "n'" is no edge of
             * its own, so an optional quote would let it negate every word starting with n ("Normal") */
            rc = pw_buf_puts(b, i + 1 == n ? "['\\x{2019}]" : "['\\x{2019}]?");
        } else if (c < 0x80 && !isalnum(c) && c != '_' && c != '-') {
            rc = pw_buf_printf(b, "\\x{%02x}", c);
        } else {
            rc = pw_buf_putc(b, (char)c);
        }
        if (rc) return -1;
    }
    return stem ? pw_buf_puts(b, "[\\p{L}\\p{N}]*") : 0;
}

static size_t *words_by_length(const char *const *words, size_t n)
{
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order) return NULL;
    for (size_t i = 0; i < n; i++) order[i] = i;
    /* longest first, so "boot loop" wins over "boot" at the same place (insertion sort: lists are short) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strlen(words[order[j]]) > strlen(words[order[j - 1]]); j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return order;
}

/* (?i)(?:EDGE(?:both-edged phrases)EDGE|EDGE(?:...)|(?:...)EDGE|(?:...)): the edges once per group keep the
 * compiled pattern small (PCRE2's default link size caps it at 64 KiB). Within a group, longer phrases first;
 * across groups the leftmost match still wins, and at one place a longer phrase of another group loses only
 * when both end-edges fit, which the tally's containment rule then settles. */
static int words_pattern(pw_buf *b, const char *const *words, size_t n)
{
    size_t *order = words_by_length(words, n);
    int rc = -1, first_group = 1;
    if (!order || pw_buf_puts(b, "(?i)(?:")) goto out;
    for (int edges = 3; edges >= 0; edges--) {
        int any = 0;
        for (size_t k = 0; k < n; k++) {
            if (phrase_edges(words[order[k]]) != edges) continue;
            if (!any) {
                if ((!first_group && pw_buf_putc(b, '|')) || ((edges & 1) && pw_buf_puts(b, EDGE_BEFORE)) ||
                    pw_buf_puts(b, "(?:"))
                    goto out;
                any = 1;
                first_group = 0;
            } else if (pw_buf_putc(b, '|')) {
                goto out;
            }
            if (phrase_regex(b, words[order[k]]) || pw_buf_printf(b, "(*MARK:%zu)", order[k])) goto out;
        }
        if (any && (pw_buf_putc(b, ')') || ((edges & 2) && pw_buf_puts(b, EDGE_AFTER)))) goto out;
    }
    rc = pw_buf_putc(b, ')');
out:
    free(order);
    return rc;
}

static void rule_free(ex_rule *r)
{
    free(r->name);
    free(r->value);
    free(r->version);
    for (size_t i = 0; i < r->nwords; i++) free(r->words[i]);
    free(r->words);
    pcre2_code_free(r->re);
    memset(r, 0, sizeof *r);
}

static int add_rule(pw_extractor *x, const pw_extract_def *d, pw_error *err)
{
    ex_rule *r = &x->rules[x->n];
    pw_buf pat = {0};
    int ec, rc = -1;
    PCRE2_SIZE eo;
    const char *name = d->name ? d->name : "?";
    memset(r, 0, sizeof *r);
    if (parse_field(d->field, &r->field) != 0) {
        pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': unknown field '%s'", name, d->field ? d->field : "(none)");
        goto out;
    }
    r->norm = !d->normalize || !strcmp(d->normalize, "none") ? N_NONE : !strcmp(d->normalize, "upper") ? N_UPPER : N_LOWER;
    r->weight = d->weight > 0 ? d->weight : 1.0;
    r->scope = !d->scope || !strcmp(d->scope, "any") ? S_ANY : !strcmp(d->scope, "title") ? S_TITLE : S_BODY;
    if (d->lang && strlen(d->lang) < sizeof r->lang) memcpy(r->lang, d->lang, strlen(d->lang) + 1);
    if (r->field == F_STATUS && !d->value) {
        pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': a status rule needs a fixed value", name);
        goto out;
    }
    if (d->nwords > EXTRACT_WORDS_MAX || (d->nwords && d->pattern) || (!d->nwords && !d->pattern)) {
        pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': needs a pattern or words (up to %d), not both", name,
                     EXTRACT_WORDS_MAX);
        goto out;
    }
    if (d->nwords && !is_hit_field(r->field)) {
        pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': words are for cue, negation and KB-role fields; "
                     "field '%s' needs a pattern", name, d->field);
        goto out;
    }
    if (d->nwords) {
        if (!(r->words = calloc(d->nwords, sizeof *r->words))) goto nomem;
        for (size_t i = 0; i < d->nwords; i++, r->nwords++)
            if (!d->words[i] || !*d->words[i] || !(r->words[i] = strdup(d->words[i]))) {
                if (d->words[i] && *d->words[i]) goto nomem;
                pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': word %zu is empty", name, i + 1);
                goto out;
            }
        if (words_pattern(&pat, d->words, d->nwords)) goto nomem;
    } else if (pw_buf_puts(&pat, d->pattern)) {
        goto nomem;
    }
    r->re = pcre2_compile((PCRE2_SPTR)pat.data, pat.len, PCRE2_UTF, &ec, &eo, NULL);
    if (!r->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        pw_error_set(err, PW_ERR_INVALID, "extract rule '%s': pattern error at offset %zu: %s", name, (size_t)eo,
                     (const char *)msg);
        goto out;
    }
    pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* best effort: the interpreter works too */
    r->name = strdup(name);
    r->value = d->value ? strdup(d->value) : NULL;
    r->version = d->version ? strdup(d->version) : NULL;
    if (!r->name || (d->value && !r->value) || (d->version && !r->version)) goto nomem;
    x->n++;
    rc = 0;
    goto out;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
out:
    if (rc) rule_free(r);
    pw_buf_free(&pat);
    return rc;
}

pw_extractor *pw_extractor_new_defs(const pw_extract_def *defs, size_t n, pw_error *err)
{
    pw_extractor *x = calloc(1, sizeof *x);
    if (!x || !(x->rules = calloc(n ? n : 1, sizeof *x->rules))) goto nomem;
    if (n > UINT16_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "extractor: %zu rules, at most %d", n, UINT16_MAX);
        goto err;
    }
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

pw_extractor *pw_extractor_new_json(const json_t *const *rules, size_t n,
                                    const char *(*origin)(const void *ud, size_t i, int *line), const void *ud,
                                    pw_error *err)
{
    pw_extract_def *defs = calloc(n ? n : 1, sizeof *defs);
    const char **words = NULL;
    size_t nwords = 0, w = 0;
    pw_extractor *x = NULL;
    for (size_t i = 0; i < n; i++) nwords += json_array_size(json_object_get(rules[i], "words"));
    if (!defs || !(words = calloc(nwords ? nwords : 1, sizeof *words))) {
        pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *r = rules[i], *wl = json_object_get(r, "words"), *weight = json_object_get(r, "weight");
        defs[i].name = json_string_value(json_object_get(r, "name"));
        defs[i].field = json_string_value(json_object_get(r, "field"));
        defs[i].pattern = json_string_value(json_object_get(r, "pattern"));
        defs[i].value = json_string_value(json_object_get(r, "value"));
        defs[i].version = json_string_value(json_object_get(r, "version"));
        defs[i].normalize = json_string_value(json_object_get(r, "normalize"));
        defs[i].scope = json_string_value(json_object_get(r, "scope"));
        defs[i].lang = json_string_value(json_object_get(r, "lang"));
        defs[i].weight = json_is_number(weight) ? json_number_value(weight) : 1.0;
        if (json_array_size(wl)) {
            defs[i].words = words + w;
            for (size_t k = 0; k < json_array_size(wl); k++) {
                const char *s = json_string_value(json_array_get(wl, k));
                words[w++] = s ? s : "";
            }
            defs[i].nwords = json_array_size(wl);
        } else if (!defs[i].pattern) {
            defs[i].pattern = "(?!)";
        }
    }
    x = pw_extractor_new_defs(defs, n, err);
    if (!x && origin) {
        const char *file = NULL;
        int line = 0;
        for (size_t i = 0; i < n && !file; i++) /* name the file of the failing rule */
            if (defs[i].name && err && strstr(err->msg, defs[i].name)) file = origin(ud, i, &line);
        if (file) pw_error_prefix(err, "%s:%d", file, line);
    }
out:
    free(words);
    free(defs);
    return x;
}

static const char *rules_origin(const void *ud, size_t i, int *line)
{
    return pw_rules_origin((const pw_rules *)ud, "extract", i, line);
}

static pw_extractor *rules_extractor(const pw_rules *rules, pw_error *err)
{
    size_t n = rules ? pw_rules_count(rules, "extract") : 0;
    pw_extractor *x = NULL;
    if (n > 0) {
        const json_t **objs = calloc(n, sizeof *objs);
        if (!objs) {
            pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
            return NULL;
        }
        for (size_t i = 0; i < n; i++) objs[i] = pw_rules_get(rules, "extract", i);
        x = pw_extractor_new_json(objs, n, rules_origin, rules, err);
        free(objs);
        return x;
    }
    json_t *builtin = pw_extract_builtin_rules(err);
    if (!builtin) return NULL;
    n = json_array_size(builtin);
    const json_t **objs = calloc(n ? n : 1, sizeof *objs);
    if (objs) {
        for (size_t i = 0; i < n; i++) objs[i] = json_array_get(builtin, i);
        x = pw_extractor_new_json(objs, n, NULL, NULL, err);
    } else {
        pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
    }
    free(objs);
    json_decref(builtin);
    return x;
}

pw_extractor *pw_extractor_new(const pw_rules *rules, pw_error *err)
{
    pw_extractor *x = rules_extractor(rules, err);
    if (x && !(x->model = pw_report_model_for_rules(pw_rules_dir(rules), err))) {
        pw_extractor_free(x);
        return NULL;
    }
    return x;
}

void pw_extractor_set_model(pw_extractor *x, pw_report_model *m)
{
    if (x->model != m) pw_report_model_free(x->model);
    x->model = m;
}

size_t pw_extractor_count(const pw_extractor *x) { return x ? x->n : 0; }

void pw_extractor_free(pw_extractor *x)
{
    if (!x) return;
    for (size_t i = 0; i < x->n; i++) rule_free(&x->rules[i]);
    free(x->rules);
    pcre2_match_data_free(x->md);
    pcre2_match_context_free(x->mctx);
    pw_buf_free(&x->subject);
    pw_buf_free(&x->value);
    pw_buf_free(&x->version);
    pw_report_model_free(x->model);
    free(x);
}

static int put_group(pw_extractor *x, pw_buf *out, const ex_rule *r, const char *subj, int g, int ngroups)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    if (g >= ngroups || ov[2 * g] == PCRE2_UNSET) return 0;
    size_t a = ov[2 * g], b = ov[2 * g + 1];
    for (size_t i = a; i < b && out->len < EXTRACT_VALUE_MAX; i++) {
        char c = subj[i];
        if (r->norm == N_UPPER) c = (char)toupper((unsigned char)c);
        else if (r->norm == N_LOWER) c = (char)tolower((unsigned char)c);
        if (pw_buf_putc(out, c) != 0) return -1;
    }
    return 0;
}

/* Renders a value template (NULL: group def_group, else $0) for the current match into out. */
static int render(pw_extractor *x, pw_buf *out, const ex_rule *r, const char *tmpl, int def_group, const char *subj,
                  int ngroups)
{
    pw_buf_reset(out);
    if (pw_buf_reserve(out, 16) != 0) return -1;
    out->data[0] = '\0';
    if (!tmpl) return put_group(x, out, r, subj, ngroups > def_group ? def_group : 0, ngroups);
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
            if (put_group(x, out, r, subj, p[1] - '0', ngroups) != 0) return -1;
            p++;
        } else if (pw_buf_putc(out, *p) != 0) {
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
    pw_buf_reset(v);
    return pw_buf_printf(v, "%lu", n);
}

static void note_mention(pw_extractor *x, const pw_advisory *a, size_t start, size_t end)
{
    if (x->nmentions >= EX_MENTIONS_MAX) return;
    for (size_t k = 0; k < a->kb.n && k < UINT16_MAX; k++)
        if (strcmp(a->kb.v[k], x->value.data) == 0) {
            x->mentions[x->nmentions++] = (ex_mention){(uint32_t)start, (uint32_t)end, (uint16_t)k};
            return;
        }
}

/* Where the package just added (name and version in x->value, x->version) sits in the advisory's list. */
static void note_package_mention(pw_extractor *x, const pw_advisory *a, size_t start, size_t end)
{
    size_t i;
    const json_t *it;
    if (x->npmentions >= EX_MENTIONS_MAX) return;
    json_array_foreach(a->packages, i, it) {
        const char *n = json_string_value(json_object_get(it, "name"));
        const char *v = json_string_value(json_object_get(it, "version"));
        if (i < UINT16_MAX && n && !strcmp(n, x->value.data) &&
            ((!v && !x->version.len) || (v && x->version.len && !strcmp(v, x->version.data)))) {
            x->pmentions[x->npmentions++] = (ex_mention){(uint32_t)start, (uint32_t)end, (uint16_t)i};
            return;
        }
    }
}

static int add_package(pw_extractor *x, pw_advisory *a, const ex_rule *r, const char *subj, int rc, size_t start,
                       size_t end)
{
    if (render(x, &x->value, r, r->value, 1, subj, rc) || render(x, &x->version, r, r->version ? r->version : "$2", 2, subj, rc))
        return -1;
    if (!x->value.len) return 0;
    /* a version ends a sentence as often as not ("seen with: 255-1."): no version ends in a dot */
    while (x->version.len && x->version.data[x->version.len - 1] == '.') x->version.data[--x->version.len] = '\0';
    for (size_t i = 0; i < x->value.len; i++) x->value.data[i] = (char)tolower((unsigned char)x->value.data[i]);
    const char *name = ex_package_name(x->value.data);
    if (name != x->value.data) {
        pw_buf_reset(&x->value);
        if (pw_buf_append(&x->value, name, strlen(name))) return -1;
    }
    if (x->version.len && a->packages) { /* one version, however spelt, is one package: its roles are shared */
        const char *v = ex_version_spelling(a, x->value.data, x->version.data);
        if (v != x->version.data) {
            pw_buf_reset(&x->version);
            if (pw_buf_append(&x->version, v, strlen(v))) return -1;
        }
    }
    if (pw_advisory_add_package(a, x->value.data, x->version.len ? x->version.data : NULL)) return -1;
    if (a->packages) note_package_mention(x, a, start, end);
    return pw_adv_list_add(&a->products, x->value.data, x->value.len); /* the correlator links products today */
}

/* A rule of another language than the post's: its words mean something else here (Dutch "lost" is "solves", not
 * "lost access"). English rules apply everywhere, since posts in every language quote English ("Bug", "crash",
 * "BSOD"); with no sure guess of the post's language every rule applies. */
static int foreign(const pw_extractor *x, const ex_rule *r)
{
    return x->lang && r->lang[0] && strcmp(r->lang, "en") && strcmp(r->lang, x->lang);
}

/* One rule over the subject: list values, packages, or hits kept for classification. */
static int run_rule(pw_extractor *x, pw_advisory *a, size_t ri)
{
    const ex_rule *r = &x->rules[ri];
    const char *subj = x->subject.data;
    size_t len = x->subject.len;
    pw_strlist *list = list_for(a, r->field);
    PCRE2_SIZE off = 0;
    for (int m = 0; m < EXTRACT_MATCHES_MAX && off <= len; m++) {
        int rc = pcre2_match(r->re, (PCRE2_SPTR)subj, len, off, 0, x->md, x->mctx);
        if (rc < 0) break; /* no match, or match/depth limit hit or bad UTF: this pattern is done here */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
        if (is_hit_field(r->field)) {
            if (x->nhits >= EX_HITS_MAX || foreign(x, r)) break;
            const char *mark = (const char *)pcre2_get_mark(x->md);
            unsigned long w = mark ? strtoul(mark, NULL, 10) : EX_WORD_NONE;
            x->hits[x->nhits++] = (ex_hit){(uint32_t)ov[0], (uint32_t)ov[1], (uint16_t)ri,
                                           (uint16_t)(w < r->nwords ? w : EX_WORD_NONE)};
        } else if (r->field == F_PACKAGE) {
            if (add_package(x, a, r, subj, rc, ov[0], ov[1])) return -1;
        } else if (list) {
            if (render(x, &x->value, r, r->value, 1, subj, rc) != 0) return -1;
            if (x->value.len && (r->field != F_EVENT_ID || canonical_event_id(&x->value) == 0)) {
                if (pw_adv_list_add(list, x->value.data, x->value.len) != 0) return -1;
                if (r->field == F_KB) note_mention(x, a, ov[0], ov[1]);
            }
        }
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (off < len && ((unsigned char)subj[off] & 0xC0) == 0x80) off++; /* stay on a UTF-8 boundary */
    }
    return 0;
}

/* Status from the text: the first status rule with a match that no negation cancels ("cannot be fixed in
 * time" is not "fixed in") decides. */
static int run_status(pw_extractor *x, pw_advisory *a)
{
    const char *subj = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->n; i++) {
        const ex_rule *r = &x->rules[i];
        if (r->field != F_STATUS) continue;
        PCRE2_SIZE off = 0;
        for (int m = 0; m < EXTRACT_MATCHES_MAX && off <= len; m++) {
            int rc = pcre2_match(r->re, (PCRE2_SPTR)subj, len, off, 0, x->md, x->mctx);
            if (rc < 0) break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
            if (!ex_negated(x, (uint32_t)ov[0], (uint32_t)ov[1])) {
                if (render(x, &x->value, r, r->value, 1, subj, rc) != 0) return -1;
                if (!x->value.len) break;
                return pw_adv_set(&a->status, x->value.data, x->value.len, PW_ADV_FIELD_MAX);
            }
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            while (off < len && ((unsigned char)subj[off] & 0xC0) == 0x80) off++;
        }
    }
    return 0;
}

/* PW_EXTRACT_TRACE=1: every hit and KB mention on stderr (rule, offsets, words), to see why a post was read as it
 * was. A developer's aid, like PW_CORR_DEBUG; costs one getenv per advisory when unset. */
static void trace_hits(const pw_extractor *x)
{
    const char *s = x->subject.data;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        fprintf(stderr, "hit %-34s %4u-%-4u %.*s\n", x->rules[h->rule].name, h->start, h->end, (int)(h->end - h->start),
                s + h->start);
    }
    for (size_t i = 0; i < x->nmentions; i++)
        fprintf(stderr, "kb  %4u-%-4u %.*s\n", x->mentions[i].start, x->mentions[i].end,
                (int)(x->mentions[i].end - x->mentions[i].start), s + x->mentions[i].start);
}

/* Appends s to the subject with web typography folded to what the rules spell: the hyphens a CMS puts in
 * "out\u2011of\u2011band" (U+2010, U+2011) become '-', no-break and thin spaces (U+00A0, U+2007, U+2009,
 * U+202F, French "KB1\u202f:") become ' ', and invisible soft hyphens, zero-width spaces and joiners and BOMs
 * go. Rules are ASCII-spelled ("out-of-band", [^\S\n]+), so without this a pasted news item misses them.
 * Reasons are quoted from the folded copy; the advisory's own text is not changed. */
static int put_folded(pw_buf *b, const char *s)
{
    static const struct {
        const char *from;
        char to; /* 0: dropped */
    } folds[] = {{"\xC2\xA0", ' '},     {"\xE2\x80\x87", ' '}, {"\xE2\x80\x89", ' '}, {"\xE2\x80\xAF", ' '},
                 {"\xE2\x80\x90", '-'}, {"\xE2\x80\x91", '-'}, {"\xC2\xAD", 0},         {"\xE2\x80\x8B", 0},
                 {"\xE2\x80\x8C", 0},   {"\xE2\x80\x8D", 0},   {"\xEF\xBB\xBF", 0}};
    while (*s) {
        size_t run = strcspn(s, "\xC2\xE2\xEF"); /* the lead bytes of every fold */
        if (pw_buf_append(b, s, run) != 0) return -1;
        s += run;
        if (!*s) break;
        size_t i = 0, n = 0;
        while (i < sizeof folds / sizeof folds[0] && strncmp(s, folds[i].from, n = strlen(folds[i].from)) != 0) i++;
        if (i == sizeof folds / sizeof folds[0]) { /* another character with that lead byte: kept as it is */
            if (pw_buf_putc(b, *s++) != 0) return -1;
        } else {
            if (folds[i].to && pw_buf_putc(b, folds[i].to) != 0) return -1;
            s += n;
        }
    }
    return 0;
}

int pw_extractor_apply(pw_extractor *x, pw_advisory *a, pw_error *err)
{
    pw_buf_reset(&x->subject);
    x->nhits = x->nmentions = x->npmentions = 0;
    x->title_len = 0;
    memset(x->feat, 0, sizeof x->feat); /* no stale evidence when this advisory is not classified */
    if (a->title && (put_folded(&x->subject, a->title) != 0 || pw_buf_putc(&x->subject, '\n') != 0)) goto nomem;
    x->title_len = x->subject.len;
    if (a->text && put_folded(&x->subject, a->text) != 0) goto nomem;
    if (!x->subject.len || x->subject.len > UINT32_MAX) return 0;
    x->lang = ex_guess_lang(x->subject.data, x->subject.len);
    for (size_t i = 0; i < x->n; i++)
        if (x->rules[i].field != F_STATUS && run_rule(x, a, i) != 0) goto nomem;
    if (ex_attach_versions(x, a) != 0 || ex_attach_list_versions(x, a) != 0) goto nomem;
    const char *feed_status = a->status;
    if (!feed_status && run_status(x, a) != 0) goto nomem;
    /* re-applying (replay of an advisory already on the bus) keeps the class it has, like a vendor status */
    if (!a->report_class && ex_classify(x, a, feed_status) != 0) goto nomem;
    if (getenv("PW_EXTRACT_TRACE")) trace_hits(x);
    return 0;
nomem:
    return pw_error_set(err, PW_ERR_NOMEM, "extractor: out of memory");
}
