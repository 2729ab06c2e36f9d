/* pw_config: loading and checking the configuration file, and typed reads of the result (pw_config.h).
 * Parsing is pw_config_yaml.c, the rules of each key pw_config_tables.c, their checking pw_config_schema.c;
 * this file wires them and adds the few checks a table cannot express (unique source/sink names). */
#include "core/pw_config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Gives unnamed sources/sinks the name "KIND-INDEX" and reports duplicate names in a list section. */
static void name_entries(json_t *cfg, const char *section, const pw_cfg_ctx *ctx)
{
    json_t *list = json_object_get(cfg, section), *e;
    size_t i;
    json_array_foreach(list, i, e) {
        if (!json_is_object(e)) continue;
        const json_t *kind = json_object_get(e, "kind");
        if (!json_object_get(e, "name") && json_is_string(kind)) {
            char name[128];
            snprintf(name, sizeof name, "%s-%zu", json_string_value(kind), i);
            json_object_set_new(e, "name", json_string(name));
        }
        const char *name = json_string_value(json_object_get(e, "name"));
        for (size_t j = 0; name && j < i; j++) {
            const char *other = json_string_value(json_object_get(json_array_get(list, j), "name"));
            if (other && strcmp(name, other) == 0) {
                char key[128];
                snprintf(key, sizeof key, "%s[%zu].name", section, i);
                const json_t *l = pw_config_lines_index(pw_config_lines_key(ctx->lines, section), i);
                pw_cfg_report_add(ctx->report, ctx->file, pw_config_lines_line(l), key,
                                  "duplicate name '%s' (also %s[%zu])", name, section, j);
                break;
            }
        }
    }
}

/* Validates doc->root in place; returns the number of errors. */
static int validate_doc(pw_config_doc *doc, const char *base_dir, bool defaults, pw_cfg_report *rep)
{
    pw_cfg_ctx ctx = {.file = doc->name, .lines = doc->lines, .base_dir = base_dir,
                      .apply_defaults = defaults, .report = rep};
    int before = rep->errors;
    if (json_is_null(doc->root)) {
        pw_cfg_report_add(rep, doc->name, 1, NULL, "empty configuration (expected a mapping of sections)");
        return 1;
    }
    pw_cfg_validate(&pw_config_schema, doc->root, "", &ctx);
    if (json_is_object(doc->root)) {
        name_entries(doc->root, "sources", &ctx);
        name_entries(doc->root, "sinks", &ctx);
    }
    return rep->errors - before;
}

static json_t *finish(pw_config_doc *doc, const char *base_dir, pw_error *err)
{
    pw_cfg_report rep = {.first = err};
    json_t *cfg = NULL;
    int n = validate_doc(doc, base_dir, true, &rep);
    if (n > 1) {
        char first[PW_ERROR_MSG_MAX];
        memcpy(first, err->msg, sizeof first);
        pw_error_set(err, PW_ERR_INVALID, "%.400s (and %d more error%s)", first, n - 1, n > 2 ? "s" : "");
    }
    if (n == 0) cfg = json_incref(doc->root);
    pw_config_doc_free(doc);
    return cfg;
}

json_t *pw_config_load_mem(const char *data, size_t len, const char *name, const char *base_dir, pw_error *err)
{
    pw_config_doc doc;
    pw_error local;
    if (!err) err = &local;
    if (pw_config_doc_load_mem(&doc, data, len, name, err)) return NULL;
    return finish(&doc, base_dir, err);
}

json_t *pw_config_load_file(const char *path, pw_error *err)
{
    pw_config_doc doc;
    pw_error local;
    char *copy = NULL, *base = NULL;
    json_t *cfg = NULL;
    if (!err) err = &local;
    if (pw_config_doc_load_file(&doc, path, err)) return NULL;
    /* relative paths in the file mean "next to this file", whatever the working directory */
    const char *slash = strrchr(path, '/');
    if (!(copy = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup("."))) {
        pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", path);
        pw_config_doc_free(&doc);
        goto out;
    }
    base = realpath(copy, NULL);
    cfg = finish(&doc, base ? base : copy, err);
out:
    free(base);
    free(copy);
    return cfg;
}

int pw_config_check(const char *path, FILE *report)
{
    pw_config_doc doc;
    pw_error err;
    pw_cfg_report rep = {.out = report};
    if (pw_config_doc_load_file(&doc, path, &err)) {
        if (report) fprintf(report, "%s\n", err.msg);
        return 1;
    }
    int n = validate_doc(&doc, NULL, false, &rep);
    pw_config_doc_free(&doc);
    return n;
}

/* ---- typed reads ---- */

const json_t *pw_config_get(const json_t *obj, const char *key)
{
    if (!obj || !key) return NULL;
    const json_t *v = json_object_get(obj, key);
    if (v || !strchr(key, '.')) return v;
    char part[256];
    const char *p = key;
    while (*p && obj) {
        size_t n = strcspn(p, ".");
        if (n >= sizeof part) return NULL;
        memcpy(part, p, n);
        part[n] = '\0';
        obj = json_object_get(obj, part);
        p += n;
        if (*p == '.') p++;
    }
    return obj;
}

const char *pw_config_get_str(const json_t *obj, const char *key, const char *def)
{
    const json_t *v = pw_config_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : def;
}

long long pw_config_get_int(const json_t *obj, const char *key, long long def)
{
    const json_t *v = pw_config_get(obj, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

double pw_config_get_num(const json_t *obj, const char *key, double def)
{
    const json_t *v = pw_config_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : def;
}

bool pw_config_get_bool(const json_t *obj, const char *key, bool def)
{
    const json_t *v = pw_config_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : def;
}

long long pw_config_get_duration_ms(const json_t *obj, const char *key, long long def_ms)
{
    long long ms;
    const char *s = pw_config_get_str(obj, key, NULL);
    if (!s || pw_cfg_duration_parse(s, &ms, NULL)) return def_ms;
    return ms;
}
