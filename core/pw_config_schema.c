/* pw_config_schema: validation of jansson values against pw_cfg_table declarations (see pw_config_schema.h).
 * Walks the value and its line tree together so each error names file:line:key; never stops at the first
 * error. Regexes are compiled with PCRE2 here, at check time, so a bad pattern is a config error with its
 * offset rather than a failure when the first event arrives. */
#include "core/pw_config_schema.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/pw_buf.h"
#include "core/pw_config_doc.h"

/* Keys of one mapping considered for "did you mean": tables are small, this is far above any of them. */
#define CFG_CANDIDATES_MAX 128
/* A key path shown in messages ("sources[3].selectors.title"); longer ones are truncated, which only
 * affects the message. */
#define CFG_PATH_MAX 512

void pw_cfg_report_add(pw_cfg_report *r, const char *file, int line, const char *key, const char *fmt, ...)
{
    char msg[PW_ERROR_MSG_MAX], where[PW_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0) snprintf(where, sizeof where, "%s:%d", file ? file : "<config>", line);
    else snprintf(where, sizeof where, "%s", file ? file : "<config>");
    if (r->out) {
        if (key && *key) fprintf(r->out, "%s: %s: %s\n", where, key, msg);
        else fprintf(r->out, "%s: %s\n", where, msg);
    }
    if (r->errors == 0 && r->first) {
        if (key && *key) pw_error_set(r->first, PW_ERR_INVALID, "%s: %s: %s", where, key, msg);
        else pw_error_set(r->first, PW_ERR_INVALID, "%s: %s", where, msg);
    }
    r->errors++;
}

void pw_cfg_report_msg(pw_cfg_report *r, const char *msg)
{
    if (r->out) fprintf(r->out, "%s\n", msg);
    if (r->errors == 0 && r->first) pw_error_set(r->first, PW_ERR_INVALID, "%s", msg);
    r->errors++;
}

/* ---- "did you mean" ---- */

/* Edit distance with adjacent transpositions ("optimal string alignment": 'paht' is one typo from 'path'),
 * case-insensitive; names longer than 63 bytes are never suggested. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63) return (size_t)-1;
    size_t d[64][64];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            char x = (char)(a[i - 1] | 0x20), y = (char)(b[j - 1] | 0x20);
            size_t best = d[i - 1][j - 1] + (x == y ? 0 : 1);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && x == (b[j - 2] | 0x20) && (a[i - 2] | 0x20) == y && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

const char *pw_cfg_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, len = strlen(word);
    /* one typo in a short word, two in a longer one; more would suggest unrelated names */
    size_t limit = len <= 4 ? 1 : 2;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d <= limit && d < best_d) best = candidates[i], best_d = d;
    }
    return best;
}

/* ---- durations ---- */

int pw_cfg_duration_parse(const char *s, long long *out_ms, pw_error *err)
{
    /* 100 years: any longer duration is a typo, and the cap keeps the sum far from overflow */
    const long long max_ms = 100LL * 366 * 86400 * 1000;
    long long total = 0;
    const char *p = s;
    if (!s || !*s) return pw_error_set(err, PW_ERR_INVALID, "empty duration");
    while (*p) {
        if (*p < '0' || *p > '9')
            return pw_error_set(err, PW_ERR_INVALID, "bad duration '%s' (expected e.g. 30s, 15m, 6h, 3d)", s);
        long long v = 0;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (*p++ - '0');
            if (v > max_ms) return pw_error_set(err, PW_ERR_INVALID, "duration '%s' is too long", s);
        }
        long long unit;
        if (p[0] == 'm' && p[1] == 's') unit = 1, p += 2;
        else if (*p == 's') unit = 1000, p++;
        else if (*p == 'm') unit = 60LL * 1000, p++;
        else if (*p == 'h') unit = 3600LL * 1000, p++;
        else if (*p == 'd') unit = 86400LL * 1000, p++;
        else if (*p == 'w') unit = 7 * 86400LL * 1000, p++;
        else
            return pw_error_set(err, PW_ERR_INVALID,
                                "bad duration '%s' (a number needs a unit: ms, s, m, h, d or w)", s);
        if (v > max_ms / unit || total + v * unit > max_ms)
            return pw_error_set(err, PW_ERR_INVALID, "duration '%s' is too long", s);
        total += v * unit;
    }
    *out_ms = total;
    return 0;
}

/* ---- validation ---- */

typedef struct vstate {
    const pw_cfg_ctx *ctx;
    int errors;
} vstate;

static void verr(vstate *st, const json_t *lines, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void verr(vstate *st, const json_t *lines, const char *key, const char *fmt, ...)
{
    char msg[PW_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pw_cfg_report *r = st->ctx->report;
    pw_cfg_report dummy = {0};
    pw_cfg_report_add(r ? r : &dummy, st->ctx->file, pw_config_lines_line(lines), key, "%s", msg);
    st->errors++;
}

static const char *type_name(pw_cfg_type t)
{
    switch (t) {
    case PW_CFG_STRING: return "a string";
    case PW_CFG_INT: return "an integer";
    case PW_CFG_NUMBER: return "a number";
    case PW_CFG_BOOL: return "true or false";
    case PW_CFG_ENUM: return "a string";
    case PW_CFG_DURATION: return "a duration such as 30s, 15m, 6h or 3d";
    case PW_CFG_REGEX: return "a regular expression (string)";
    case PW_CFG_PATH: return "a path (string)";
    case PW_CFG_OBJECT: return "a mapping";
    case PW_CFG_MAP: return "a mapping of names to strings";
    case PW_CFG_LIST: return "a list";
    }
    return "?";
}

/* "string 'abc'", "integer 5", "a list": what the file actually holds, for messages. */
static void describe(const json_t *v, char *out, size_t size)
{
    switch (json_typeof(v)) {
    case JSON_STRING: snprintf(out, size, "string '%.60s'", json_string_value(v)); break;
    case JSON_INTEGER: snprintf(out, size, "integer %lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: snprintf(out, size, "number %g", json_real_value(v)); break;
    case JSON_TRUE: snprintf(out, size, "true"); break;
    case JSON_FALSE: snprintf(out, size, "false"); break;
    case JSON_NULL: snprintf(out, size, "an empty value"); break;
    case JSON_OBJECT: snprintf(out, size, "a mapping"); break;
    case JSON_ARRAY: snprintf(out, size, "a list"); break;
    }
}

/* choices "a|b|c": is s one of them? */
static bool choice_ok(const char *choices, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = choices; p && *p;) {
        size_t m = strcspn(p, "|");
        if (m == n && memcmp(p, s, n) == 0) return true;
        p += m;
        if (*p == '|') p++;
    }
    return false;
}

static void enum_error(vstate *st, const json_t *lines, const char *path, const char *s, const char *choices)
{
    char buf[512], pretty[512];
    const char *cands[CFG_CANDIDATES_MAX];
    size_t n = 0, o = 0;
    snprintf(buf, sizeof buf, "%s", choices);
    for (char *save = NULL, *t = strtok_r(buf, "|", &save); t && n < CFG_CANDIDATES_MAX;
         t = strtok_r(NULL, "|", &save)) {
        cands[n++] = t;
        int w = snprintf(pretty + o, sizeof pretty - o, "%s%s", o ? ", " : "", t);
        if (w > 0 && (size_t)w < sizeof pretty - o) o += (size_t)w;
    }
    pretty[o] = '\0';
    const char *best = pw_cfg_suggest(s, cands, n);
    if (best)
        verr(st, lines, path, "bad value '%.60s' (expected one of: %s; did you mean '%s'?)", s, pretty, best);
    else
        verr(st, lines, path, "bad value '%.60s' (expected one of: %s)", s, pretty);
}

static int validate_object(vstate *st, const pw_cfg_table *t, json_t *obj, const char *path, const json_t *lines);

static json_t *default_value(const pw_cfg_key *k)
{
    switch (k->type) {
    case PW_CFG_STRING:
    case PW_CFG_ENUM:
    case PW_CFG_DURATION:
    case PW_CFG_REGEX:
    case PW_CFG_PATH: return json_string(k->def);
    default: return json_loads(k->def, JSON_DECODE_ANY, NULL);
    }
}

/* Collapses "//", "/./" and "dir/../" in an absolute path, in place (lexically: the base directory comes
 * from realpath, and what follows is the user's text, so this only tidies what is shown and opened). */
static void normalize_path(char *p)
{
    char *out = p, *in = p;
    while (*in) {
        if (in[0] == '/' && in[1] == '/') {
            in++;
        } else if (in[0] == '/' && in[1] == '.' && (in[2] == '/' || in[2] == '\0')) {
            in += 2;
        } else if (in[0] == '/' && in[1] == '.' && in[2] == '.' && (in[3] == '/' || in[3] == '\0') && out > p) {
            in += 3;
            while (out > p && *--out != '/') {}
        } else {
            *out++ = *in++;
        }
    }
    if (out == p) *out++ = '/';
    *out = '\0';
}

static void resolve_path(vstate *st, json_t *v)
{
    const char *s = json_string_value(v), *base = st->ctx->base_dir;
    if (!base || !s || !*s || s[0] == '/' || strcmp(s, "-") == 0) return;
    char *joined = NULL;
    if (asprintf(&joined, "%s/%s", base, s) < 0) return; /* left relative: still a usable path */
    if (joined[0] == '/') normalize_path(joined);
    json_string_set(v, joined);
    free(joined);
}

static void check_regex(vstate *st, const pw_cfg_key *k, const json_t *v, const char *path, const json_t *lines)
{
    int code;
    PCRE2_SIZE off;
    const char *s = json_string_value(v);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)s, json_string_length(v), PCRE2_UTF, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        verr(st, lines, path, "bad regex at offset %zu: %s", (size_t)off, (const char *)msg);
        return;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
    pcre2_code_free(re);
    if ((k->flags & PW_CFG_GROUP) && groups < 1)
        verr(st, lines, path, "regex needs a capture group ( ... ) around the value to extract");
}

/* Checks one value of type t (k's type, or k->item for list elements). */
static void check_value(vstate *st, const pw_cfg_key *k, pw_cfg_type t, json_t *v, const char *path,
                        const json_t *lines)
{
    char got[128];
    bool ok;
    switch (t) {
    case PW_CFG_STRING:
    case PW_CFG_ENUM:
    case PW_CFG_DURATION:
    case PW_CFG_REGEX:
    case PW_CFG_PATH: ok = json_is_string(v); break;
    case PW_CFG_INT: ok = json_is_integer(v); break;
    case PW_CFG_NUMBER: ok = json_is_number(v); break;
    case PW_CFG_BOOL: ok = json_is_boolean(v); break;
    case PW_CFG_OBJECT:
    case PW_CFG_MAP: ok = json_is_object(v); break;
    case PW_CFG_LIST: ok = json_is_array(v); break;
    default: ok = false;
    }
    if (!ok) {
        describe(v, got, sizeof got);
        if (t == PW_CFG_ENUM && k->choices) {
            char pretty[256];
            snprintf(pretty, sizeof pretty, "%s", k->choices);
            for (char *p = pretty; *p; p++)
                if (*p == '|') *p = '/';
            verr(st, lines, path, "expected one of %s, got %s", pretty, got);
        } else {
            verr(st, lines, path, "expected %s, got %s", type_name(t), got);
        }
        return;
    }
    if ((k->flags & PW_CFG_NONEMPTY) &&
        ((json_is_string(v) && json_string_length(v) == 0) || (json_is_array(v) && json_array_size(v) == 0) ||
         (json_is_object(v) && json_object_size(v) == 0))) {
        verr(st, lines, path, "must not be empty");
        return;
    }
    switch (t) {
    case PW_CFG_ENUM:
        if (k->choices && !choice_ok(k->choices, json_string_value(v)))
            enum_error(st, lines, path, json_string_value(v), k->choices);
        break;
    case PW_CFG_DURATION: {
        long long ms;
        pw_error e;
        if (pw_cfg_duration_parse(json_string_value(v), &ms, &e)) verr(st, lines, path, "%s", e.msg);
        break;
    }
    case PW_CFG_REGEX: check_regex(st, k, v, path, lines); break;
    case PW_CFG_PATH:
        if (json_string_length(v) == 0) verr(st, lines, path, "empty path");
        else resolve_path(st, v);
        break;
    case PW_CFG_INT:
    case PW_CFG_NUMBER:
        if (k->flags & PW_CFG_RANGE) {
            double d = json_number_value(v);
            if (d < k->min || d > k->max)
                verr(st, lines, path, "must be between %g and %g, got %g", k->min, k->max, d);
        }
        break;
    case PW_CFG_OBJECT:
        if (k->sub) validate_object(st, k->sub, v, path, lines);
        break;
    case PW_CFG_MAP: {
        const char *mk;
        json_t *mv;
        json_object_foreach(v, mk, mv) {
            if (!json_is_string(mv)) {
                char sub[CFG_PATH_MAX];
                snprintf(sub, sizeof sub, "%s.%s", path, mk);
                describe(mv, got, sizeof got);
                verr(st, pw_config_lines_key(lines, mk), sub, "expected a string, got %s", got);
            }
        }
        break;
    }
    case PW_CFG_LIST: {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            char sub[CFG_PATH_MAX];
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            const json_t *il = pw_config_lines_index(lines, i);
            check_value(st, k, k->item, item, sub, il ? il : lines);
        }
        break;
    }
    default: break;
    }
    if (k->check) {
        char msg[256] = "";
        if (k->check(v, msg, sizeof msg)) verr(st, lines, path, "%s", msg);
    }
}

static const pw_cfg_key *find_key(const pw_cfg_key *keys, const char *name)
{
    for (const pw_cfg_key *k = keys; k && k->name; k++)
        if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

static bool table_needs_input(const pw_cfg_table *t)
{
    if (t->variant_key || t->one_of) return true;
    for (const pw_cfg_key *k = t->keys; k && k->name; k++)
        if (k->flags & PW_CFG_REQUIRED) return true;
    return false;
}

static void join_path(char *out, size_t size, const char *prefix, const char *key)
{
    if (prefix && *prefix) snprintf(out, size, "%s.%s", prefix, key);
    else snprintf(out, size, "%s", key);
}

/* The discriminator: checks obj[variant_key] and returns the variant's table, or NULL. */
static const pw_cfg_table *pick_variant(vstate *st, const pw_cfg_table *t, json_t *obj, const char *path,
                                        const json_t *lines)
{
    char kpath[CFG_PATH_MAX], got[128], choices[512];
    const json_t *v = json_object_get(obj, t->variant_key);
    const json_t *vl = pw_config_lines_key(lines, t->variant_key);
    join_path(kpath, sizeof kpath, path, t->variant_key);
    size_t o = 0;
    choices[0] = '\0';
    for (const pw_cfg_variant *var = t->variants; var && var->value; var++) {
        if (v && json_is_string(v) && strcmp(json_string_value(v), var->value) == 0) return var->table;
        int w = snprintf(choices + o, sizeof choices - o, "%s%s", o ? "|" : "", var->value);
        if (w > 0 && (size_t)w < sizeof choices - o) o += (size_t)w;
    }
    if (!v) {
        verr(st, lines, kpath, "missing required key '%s'", t->variant_key);
    } else if (!json_is_string(v)) {
        describe(v, got, sizeof got);
        verr(st, vl ? vl : lines, kpath, "expected a string, got %s", got);
    } else {
        enum_error(st, vl ? vl : lines, kpath, json_string_value(v), choices);
    }
    return NULL;
}

/* one_of "a|b": at least one of the keys is present */
static void check_one_of(vstate *st, const char *one_of, const json_t *obj, const char *path, const json_t *lines)
{
    char buf[256];
    if (!one_of) return;
    snprintf(buf, sizeof buf, "%s", one_of);
    for (char *save = NULL, *n = strtok_r(buf, "|", &save); n; n = strtok_r(NULL, "|", &save))
        if (json_object_get(obj, n)) return;
    snprintf(buf, sizeof buf, "%s", one_of);
    for (char *p = buf; *p; p++)
        if (*p == '|') *p = ',';
    verr(st, lines, path, "needs at least one of: %s", buf);
}

static int validate_object(vstate *st, const pw_cfg_table *t, json_t *obj, const char *path, const json_t *lines)
{
    int before = st->errors;
    char kpath[CFG_PATH_MAX], got[128];
    if (!json_is_object(obj)) {
        describe(obj, got, sizeof got);
        verr(st, lines, path, "expected a mapping, got %s", got);
        return st->errors - before;
    }
    const pw_cfg_table *var = NULL;
    bool variant_unknown = false;
    if (t->variant_key) {
        var = pick_variant(st, t, obj, path, lines);
        variant_unknown = var == NULL;
    }
    /* every key present must be declared */
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        const json_t *kl = pw_config_lines_key(lines, key);
        join_path(kpath, sizeof kpath, path, key);
        if (t->variant_key && strcmp(key, t->variant_key) == 0) continue;
        const pw_cfg_key *k = find_key(t->keys, key);
        if (!k && var) k = find_key(var->keys, key);
        if (!k) {
            if (variant_unknown) continue; /* cannot tell which keys belong; the kind error says enough */
            const char *cands[CFG_CANDIDATES_MAX];
            size_t n = 0;
            if (t->variant_key) cands[n++] = t->variant_key;
            for (const pw_cfg_key *c = t->keys; c && c->name && n < CFG_CANDIDATES_MAX; c++) cands[n++] = c->name;
            for (const pw_cfg_key *c = var ? var->keys : NULL; c && c->name && n < CFG_CANDIDATES_MAX; c++)
                cands[n++] = c->name;
            const char *best = pw_cfg_suggest(key, cands, n);
            if (best) verr(st, kl ? kl : lines, kpath, "unknown key '%s' (did you mean '%s'?)", key, best);
            else verr(st, kl ? kl : lines, kpath, "unknown key '%s'", key);
            continue;
        }
        check_value(st, k, k->type, v, kpath, kl ? kl : lines);
    }
    /* required keys and defaults, common keys first, then the variant's */
    for (int pass = 0; pass < 2; pass++) {
        const pw_cfg_table *src = pass == 0 ? t : var;
        for (const pw_cfg_key *k = src ? src->keys : NULL; k && k->name; k++) {
            if ((t->variant_key && strcmp(k->name, t->variant_key) == 0) || json_object_get(obj, k->name))
                continue;
            join_path(kpath, sizeof kpath, path, k->name);
            if (k->flags & PW_CFG_REQUIRED) {
                verr(st, lines, kpath, "missing required key '%s'", k->name);
                continue;
            }
            if (!st->ctx->apply_defaults) continue;
            json_t *d = NULL;
            if (k->def) d = default_value(k);
            else if (k->type == PW_CFG_OBJECT && k->sub && !table_needs_input(k->sub)) d = json_object();
            if (!d) continue;
            if (json_object_set_new(obj, k->name, d)) continue;
            /* defaults go through the same checks (paths get resolved, sections get their defaults) */
            check_value(st, k, k->type, json_object_get(obj, k->name), kpath, lines);
        }
    }
    if (!variant_unknown) check_one_of(st, t->one_of, obj, path, lines);
    if (var) check_one_of(st, var->one_of, obj, path, lines);
    return st->errors - before;
}

int pw_cfg_validate(const pw_cfg_table *table, json_t *obj, const char *prefix, const pw_cfg_ctx *ctx)
{
    vstate st = {.ctx = ctx, .errors = 0};
    validate_object(&st, table, obj, prefix ? prefix : "", ctx->lines);
    return st.errors;
}
