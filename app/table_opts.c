/* app/table_opts: getopt options, their conversion and --help generated from config tables (see
 * table_opts.h). The cost is a linear search of a few dozen keys per option given: tables are small and a
 * command line is short; if either ever grows, a sorted index would do. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/table_opts.h"
#include "core/pw_log.h"

#define OPT_BASE 1000 /* getopt codes of generated options: OPT_BASE + index into t->opts */

void pw_topts_dashed(const char *key, char *out, size_t cap)
{
    snprintf(out, cap, "%s", key);
    for (char *p = out; *p; p++)
        if (*p == '_') *p = '-';
}

static const pw_cfg_key *table_key(const pw_cfg_table *tab, const char *name)
{
    for (const pw_cfg_key *k = tab ? tab->keys : NULL; k && k->name; k++)
        if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

bool pw_topts_has_key(const pw_cfg_table *table, const char *key) { return table_key(table, key) != NULL; }

static const pw_cfg_key *any_key(const pw_topts *t, const char *name)
{
    for (size_t i = 0; i < PW_TOPTS_TABLES && t->tables[i]; i++) {
        const pw_cfg_key *k = table_key(t->tables[i], name);
        if (k) return k;
    }
    return NULL;
}

static bool in_bar_list(const char *list, const char *name)
{
    char pat[80];
    snprintf(pat, sizeof pat, "|%s|", name);
    return list && strstr(list, pat) != NULL;
}

static int usage_err(const pw_topts *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_err(const pw_topts *t, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pw_app_usage_error(t->cmd, "%s", msg);
}

/* Adds one long option; returns its index, or -1 when the name is taken (the first table wins) or full. */
static int add_opt(pw_topts *t, const char *name, int has_arg, const char *key, const pw_topt_alias *a, bool neg)
{
    for (size_t i = 0; i < t->nopts; i++)
        if (strcmp(t->names[i], name) == 0) return -1;
    if (t->nopts >= 2 * PW_TOPTS_FLAGS) return -1;
    size_t i = t->nopts++;
    snprintf(t->names[i], sizeof t->names[i], "%s", name);
    t->optkey[i] = key;
    t->optalias[i] = a;
    t->optneg[i] = neg;
    t->opts[i] = (struct option){t->names[i], has_arg, NULL, OPT_BASE + (int)i};
    return (int)i;
}

static int arg_kind(const pw_cfg_key *k, const pw_topt_alias *a)
{
    if (a && a->value) return no_argument;
    return k && k->type == PW_CFG_BOOL ? optional_argument : required_argument;
}

static int add_value(pw_topts *t, const char *key, const char *val, const pw_topt_alias *a, bool neg)
{
    if (t->nvals >= PW_TOPTS_VALUES) return usage_err(t, "more than %d options", PW_TOPTS_VALUES);
    t->vals[t->nvals++] = (pw_topts_val){.key = key, .val = val, .alias = a, .neg = neg};
    return 0;
}

int pw_topts_parse(pw_topts *t, int argc, char **argv)
{
    char shortopts[64] = "hv";
    size_t ns = 2;
    t->nopts = t->nvals = 0;
    t->help = false;
    for (size_t ti = 0; ti < PW_TOPTS_TABLES && t->tables[ti]; ti++)
        for (const pw_cfg_key *k = t->tables[ti]->keys; k && k->name; k++) {
            char name[64], no[68];
            pw_topts_dashed(k->name, name, sizeof name);
            if (add_opt(t, name, arg_kind(k, NULL), k->name, NULL, false) >= 0 && k->type == PW_CFG_BOOL) {
                snprintf(no, sizeof no, "no-%s", name);
                add_opt(t, no, no_argument, k->name, NULL, true);
            }
        }
    for (const pw_topt_alias *a = t->aliases; a && a->key; a++) {
        const pw_cfg_key *k = any_key(t, a->key);
        if (a->name) {
            /* the key's own name with extras: its option points at the alias for values and units */
            for (size_t i = 0; i < t->nopts; i++)
                if (strcmp(t->names[i], a->name) == 0 && !t->optneg[i]) t->optalias[i] = a;
            add_opt(t, a->name, arg_kind(k, a), a->key, a, false);
        }
        if (a->short_opt && ns + 3 < sizeof shortopts) {
            shortopts[ns++] = (char)a->short_opt;
            if (arg_kind(k, a) == required_argument) shortopts[ns++] = ':';
            shortopts[ns] = '\0';
        }
    }
    size_t n = t->nopts;
    t->opts[n++] = (struct option){"help", no_argument, NULL, 'h'};
    t->opts[n++] = (struct option){"verbose", no_argument, NULL, 'v'};
    t->opts[n] = (struct option){NULL, 0, NULL, 0};
    int c;
    optind = 0; /* 0, not 1: glibc then also resets its permutation state left by the main parser */
    while ((c = getopt_long(argc, argv, shortopts, t->opts, NULL)) != -1) {
        if (c == 'h') {
            t->help = true;
        } else if (c == 'v') {
            t->verbose++;
            pw_log_set_level(pw_log_get_level() >= PW_LOG_INFO ? PW_LOG_DEBUG : PW_LOG_INFO);
        } else if (c >= OPT_BASE && (size_t)(c - OPT_BASE) < t->nopts) {
            size_t i = (size_t)(c - OPT_BASE);
            const pw_cfg_key *k = any_key(t, t->optkey[i]);
            const char *v = optarg;
            /* a bool also takes `--key true|false` as two words (the sink options always did) */
            if (!v && k && k->type == PW_CFG_BOOL && !t->optneg[i] && !(t->optalias[i] && t->optalias[i]->value) &&
                optind < argc && (strcmp(argv[optind], "true") == 0 || strcmp(argv[optind], "false") == 0))
                v = argv[optind++];
            if (add_value(t, t->optkey[i], v, t->optalias[i], t->optneg[i])) return PW_EXIT_USAGE;
        } else {
            const pw_topt_alias *a = t->aliases;
            while (a && a->key && !(c != '?' && a->short_opt == c)) a++;
            if (!a || !a->key) return pw_app_usage_error(t->cmd, "bad option (see above)");
            if (add_value(t, a->key, optarg, a, false)) return PW_EXIT_USAGE;
        }
    }
    return 0;
}

/* The value a text stands for under an alias's old spellings ("raw=plain,a=b"). */
static const char *respell(const pw_topt_alias *a, const char *v, char *buf, size_t cap)
{
    if (!a || !a->values || !v) return v;
    size_t vl = strlen(v);
    for (const char *p = a->values; *p;) {
        const char *eq = strchr(p, '='), *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        if (eq && eq < end && (size_t)(eq - p) == vl && strncmp(p, v, vl) == 0) {
            snprintf(buf, cap, "%.*s", (int)(end - eq - 1), eq + 1);
            return buf;
        }
        p = *end ? end + 1 : end;
    }
    return v;
}

static json_t *scalar(const pw_topts *t, const pw_cfg_key *k, pw_cfg_type type, const pw_topts_val *pv, const char *v)
{
    char *end, opt[64], buf[80];
    pw_topts_dashed(k->name, opt, sizeof opt);
    switch (type) {
    case PW_CFG_INT: {
        long long n = strtoll(v, &end, 10);
        if (!*v || *end) return usage_err(t, "--%s needs a whole number, not '%s'", opt, v), NULL;
        return json_integer(n);
    }
    case PW_CFG_NUMBER: {
        double d = strtod(v, &end);
        if (!*v || *end) return usage_err(t, "--%s needs a number, not '%s'", opt, v), NULL;
        return json_real(d);
    }
    case PW_CFG_BOOL:
        if (!v) return json_boolean(!pv->neg);
        if (strcmp(v, "true") && strcmp(v, "false"))
            return usage_err(t, "--%s is true or false, not '%s'", opt, v), NULL;
        return json_boolean(strcmp(v, "true") == 0 && !pv->neg);
    case PW_CFG_DURATION: {
        const char *unit = pv->alias && pv->alias->bare_unit ? pv->alias->bare_unit : t->bare_unit;
        size_t n = strspn(v, "0123456789");
        if (unit && n && !v[n] && n < 20) {
            snprintf(buf, sizeof buf, "%s%s", v, unit);
            return json_string(buf);
        }
        return json_string(v);
    }
    default: return json_string(v);
    }
}

static int put(const pw_topts *t, const pw_cfg_key *k, json_t *obj, const pw_topts_val *pv)
{
    char buf[80], opt[64];
    const char *v = pv->alias && pv->alias->value ? pv->alias->value : respell(pv->alias, pv->val, buf, sizeof buf);
    json_t *j, *cur = json_object_get(obj, k->name);
    pw_topts_dashed(k->name, opt, sizeof opt);
    if (!v && k->type != PW_CFG_BOOL) return usage_err(t, "--%s needs a value", opt);
    if (k->type == PW_CFG_MAP) { /* 'Name: value' */
        const char *colon = strchr(v, ':'), *val = colon ? colon + 1 : NULL;
        if (!colon || colon == v || colon - v > 200) return usage_err(t, "--%s wants 'Name: value', not '%s'", opt, v);
        while (*val == ' ') val++;
        if (!cur) json_object_set_new(obj, k->name, cur = json_object());
        char name[208];
        snprintf(name, sizeof name, "%.*s", (int)(colon - v), v);
        json_object_set_new(cur, name, json_string(val));
        return 0;
    }
    if (!(j = scalar(t, k, k->type == PW_CFG_LIST ? k->item : k->type, pv, v))) return PW_EXIT_USAGE;
    if (k->type == PW_CFG_LIST || (cur && in_bar_list(t->multi, k->name))) {
        if (cur && !json_is_array(cur)) { /* a repeated `multi` scalar becomes an array of its values */
            json_t *arr = json_array();
            json_array_append(arr, cur);
            json_object_set_new(obj, k->name, arr);
            cur = arr;
        }
        if (!cur) json_object_set_new(obj, k->name, cur = json_array());
        json_array_append_new(cur, j);
        return 0;
    }
    json_object_set_new(obj, k->name, j);
    return 0;
}

int pw_topts_collect(const pw_topts *t, const pw_cfg_table *const *tabs, json_t *const *objs, size_t n,
                     const char *what)
{
    for (size_t i = 0; i < t->nvals; i++) {
        const pw_topts_val *pv = &t->vals[i];
        const pw_cfg_key *k = NULL;
        size_t ti = 0;
        for (; ti < n && !(k = table_key(tabs[ti], pv->key)); ti++) {}
        if (!k) {
            char opt[64];
            pw_topts_dashed(pv->key, opt, sizeof opt);
            return usage_err(t, "--%s is not an option of %s", opt, what);
        }
        if (put(t, k, objs[ti], pv)) return PW_EXIT_USAGE;
    }
    return 0;
}

/* Prints the validator's lines ("command line: KEY: message") as the options' (patchwatch CMD: --key-name:
 * message), only those about only_key when it is set; returns how many were printed. */
static int relay(const pw_topts *t, const char *text, size_t len, const char *only_key)
{
    static const char prefix[] = "command line: ";
    int n = 0;
    for (const char *l = text, *end = text + len; l < end;) {
        const char *nl = memchr(l, '\n', (size_t)(end - l));
        size_t ll = nl ? (size_t)(nl - l) : (size_t)(end - l);
        const char *body = ll > sizeof prefix - 1 && strncmp(l, prefix, sizeof prefix - 1) == 0 ? l + sizeof prefix - 1 : l;
        size_t kl = strcspn(body, ":\n");
        char key[64], opt[64];
        snprintf(key, sizeof key, "%.*s", (int)(kl < sizeof key ? kl : sizeof key - 1), body);
        if (!only_key || strcmp(key, only_key) == 0) {
            pw_topts_dashed(key, opt, sizeof opt);
            if (body[kl] == ':' && kl > 0 && kl < sizeof key)
                fprintf(stderr, "patchwatch %s: --%s (key %s):%.*s\n", t->cmd, opt, key, (int)(ll - (size_t)(body + kl + 1 - l)),
                        body + kl + 1);
            else
                fprintf(stderr, "patchwatch %s: %.*s\n", t->cmd, (int)(ll - (size_t)(body - l)), body);
            n++;
        }
        l += ll + 1;
    }
    return n;
}

/* pw_cfg_validate, its report relayed; returns the errors relayed. */
static int check(const pw_topts *t, const pw_cfg_table *table, json_t *obj, bool defaults, const char *only_key)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) return 1;
    pw_cfg_report rep = {.out = mem};
    pw_cfg_ctx ctx = {.file = "command line", .apply_defaults = defaults, .report = &rep};
    pw_cfg_validate(table, obj, "", &ctx);
    fclose(mem);
    int n = relay(t, text, len, only_key);
    free(text);
    return only_key ? n : rep.errors;
}

int pw_topts_validate(const pw_topts *t, const pw_cfg_table *table, json_t *obj)
{
    int errors = 0;
    json_t *multi = json_object(), *v, *mv;
    const char *key, *mk;
    /* repeated scalars: the first value is checked in place, each other one in a copy of the object (only what
     * is said about that key: the rest is said once, below) */
    json_object_foreach(obj, key, v) {
        const pw_cfg_key *k = table_key(table, key);
        if (k && k->type != PW_CFG_LIST && json_is_array(v) && json_array_size(v) > 0) json_object_set(multi, key, v);
    }
    json_object_foreach(multi, mk, mv) json_object_set(obj, mk, json_array_get(mv, 0));
    json_object_foreach(multi, mk, mv) {
        for (size_t i = 1; i < json_array_size(mv); i++) {
            json_t *copy = json_deep_copy(obj);
            if (!copy) continue;
            json_object_set(copy, mk, json_array_get(mv, i));
            errors += check(t, table, copy, false, mk);
            json_decref(copy);
        }
    }
    /* a command's own defaults: typed by the key, as if given on the command line */
    for (const char *o = t->overrides ? strchr(t->overrides, '|') : NULL; o && o[1]; o = strchr(o + 1, '|')) {
        char kv[80], *eq;
        snprintf(kv, sizeof kv, "%.*s", (int)strcspn(o + 1, "|"), o + 1);
        const pw_cfg_key *k = (eq = strchr(kv, '=')) ? (*eq = '\0', table_key(table, kv)) : NULL;
        if (k && !json_object_get(obj, k->name)) {
            pw_topts_val pv = {.key = k->name, .val = eq + 1};
            if (put(t, k, obj, &pv)) errors++;
        }
    }
    errors += check(t, table, obj, true, NULL);
    json_object_foreach(multi, mk, mv) json_object_set(obj, mk, mv);
    json_decref(multi);
    if (errors) return usage_err(t, "%d bad option%s", errors, errors == 1 ? "" : "s");
    return 0;
}

/* The command's own default of key (overrides), or NULL. */
static const char *override_of(const pw_topts *t, const char *key)
{
    static char val[64];
    char pat[72];
    snprintf(pat, sizeof pat, "|%s=", key);
    const char *o = t->overrides ? strstr(t->overrides, pat) : NULL;
    if (!o) return NULL;
    snprintf(val, sizeof val, "%.*s", (int)strcspn(o + strlen(pat), "|"), o + strlen(pat));
    return val;
}

static const char *type_word(pw_cfg_type type)
{
    switch (type) {
    case PW_CFG_INT: return "N";
    case PW_CFG_NUMBER: return "X";
    case PW_CFG_DURATION: return "DUR";
    case PW_CFG_PATH: return "PATH";
    case PW_CFG_ENUM: return "WORD";
    case PW_CFG_REGEX: return "REGEX";
    case PW_CFG_MAP: return "'NAME: VALUE'";
    default: return "TEXT";
    }
}

static void help_line(FILE *fp, const char *left, const char *right)
{
    const char *ind = strncmp(left, "--", 2) == 0 ? "    " : ""; /* long-only options line up after "-x, " */
    if (strlen(left) + strlen(ind) <= 30) fprintf(fp, "  %s%-*s %s\n", ind, 30 - (int)strlen(ind), left, right);
    else fprintf(fp, "  %s%s\n  %-30s %s\n", ind, left, "", right);
}

void pw_topts_help(const pw_topts *t, FILE *fp, const char *heading, const pw_cfg_table *table, const char *skip)
{
    if (heading) fprintf(fp, "%s\n", heading);
    for (const pw_cfg_key *k = table ? table->keys : NULL; k && k->name; k++) {
        if (in_bar_list(skip, k->name)) continue;
        char name[64], left[200], right[1400];
        pw_topts_dashed(k->name, name, sizeof name);
        int shrt = 0;
        for (const pw_topt_alias *a = t->aliases; a && a->key; a++)
            if (strcmp(a->key, k->name) == 0 && a->short_opt && !a->value && (!a->name || strcmp(a->name, name) == 0))
                shrt = a->short_opt;
        const char *tw = type_word(k->type == PW_CFG_LIST ? k->item : k->type);
        if (k->type == PW_CFG_BOOL) snprintf(left, sizeof left, "%s%c%s--%s, --no-%s", shrt ? "-" : "", shrt ? shrt : ' ',
                                             shrt ? ", " : "", name, name);
        else snprintf(left, sizeof left, "%s%c%s--%s %s", shrt ? "-" : "", shrt ? shrt : ' ', shrt ? ", " : "", name, tw);
        if (!shrt) memmove(left, left + 1, strlen(left)); /* no short letter: drop the placeholder */
        int n = snprintf(right, sizeof right, "%s", k->desc ? k->desc : "");
#define ADD(...) do { if (n >= 0 && n < (int)sizeof right) n += snprintf(right + n, sizeof right - (size_t)n, __VA_ARGS__); } while (0)
        if (k->choices) ADD(" (%s)", k->choices);
        if (k->flags & PW_CFG_RANGE) ADD(" (%.15g..%.15g)", k->min, k->max);
        if (k->type == PW_CFG_LIST || k->type == PW_CFG_MAP || in_bar_list(t->multi, k->name)) ADD(" (repeatable)");
        if (k->flags & PW_CFG_REQUIRED) ADD(" (required)");
        const char *here = override_of(t, k->name);
        if (here) ADD(" [default %s here; %s in a configuration]", here, k->def ? k->def : "none");
        else if (k->def) ADD(" [default %s]", k->def);
        for (const pw_topt_alias *a = t->aliases; a && a->key; a++)
            if (strcmp(a->key, k->name) == 0 && a->values) ADD(" (old spellings: %s)", a->values);
#undef ADD
        help_line(fp, left, right);
        /* the other spellings, each saying which key it sets */
        for (const pw_topt_alias *a = t->aliases; a && a->key; a++) {
            if (strcmp(a->key, k->name) || (a->name && strcmp(a->name, name) == 0 && !a->value)) continue;
            if (!a->name && a->short_opt == shrt) continue;
            char al[120], ar[200];
            int m = 0;
            if (a->short_opt && a->short_opt != shrt) m += snprintf(al + m, sizeof al - (size_t)m, "-%c%s", a->short_opt, a->name ? ", " : "");
            if (a->name) snprintf(al + m, sizeof al - (size_t)m, "--%s", a->name);
            if (a->value) snprintf(ar, sizeof ar, "sets %s to %s (--%s%s)", k->name, a->value,
                                   k->type == PW_CFG_BOOL && strcmp(a->value, "false") == 0 ? "no-" : "", name);
            else snprintf(ar, sizeof ar, "the same as --%s (key %s)%s%s", name, k->name,
                          a->bare_unit ? "; a bare number is in " : "", a->bare_unit ? a->bare_unit : "");
            if (!a->value && k->type != PW_CFG_BOOL) {
                size_t l = strlen(al);
                snprintf(al + l, sizeof al - l, " %s", tw);
            }
            help_line(fp, al, ar);
        }
    }
}

void pw_topts_help_builtin(FILE *fp)
{
    help_line(fp, "-v, --verbose", "more diagnostics on stderr (twice: debug)");
    help_line(fp, "-h, --help", "show this help");
}
