/* rules: loading a rules directory (rules.h). Walks the tree, parses each YAML file with the config parser,
 * checks each rule against rule_schema, and keeps the valid ones per kind with their origin. Checking and
 * loading are the same walk; only what happens to the errors differs (printed all vs. first returned). */
#include "rules/rules.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pw_config_doc.h"
#include "core/pw_config_schema.h"
#include "rules/rule_schema.h"

typedef struct rule_ref {
    json_t *rule;
    char *file;
    int line;
} rule_ref;

struct pw_rules {
    struct {
        rule_ref *v;
        size_t n, cap;
    } kind[PW_RULE_KINDS];
    size_t files;
    char *dir; /* as given to pw_rules_load: data that is not a rule (model/) lives there too */
};

typedef struct path_list {
    char **v;
    size_t n, cap;
} path_list;

static int path_list_add(path_list *l, char *p)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = p;
    return 0;
}

static void path_list_free(path_list *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
}

static int cmp_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Collects rule files under dir into out; reports unreadable directories and the caps. */
static void walk(const char *dir, int depth, path_list *out, pw_cfg_report *rep)
{
    char msg[PW_ERROR_MSG_MAX];
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(msg, sizeof msg, "%s: cannot read directory: %s", dir, strerror(errno));
        pw_cfg_report_msg(rep, msg);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ., .., and hidden files (editor backups, .git) */
        char *path = NULL;
        struct stat st;
        if (asprintf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name) < 0) break;
        if (stat(path, &st) != 0) {
            free(path);
            continue; /* a dangling symlink is not a rule */
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth + 1 > PW_RULES_DEPTH_MAX) {
                snprintf(msg, sizeof msg, "%s: nested deeper than %d directories, skipped", path,
                         PW_RULES_DEPTH_MAX);
                pw_cfg_report_msg(rep, msg);
            } else {
                walk(path, depth + 1, out, rep);
            }
            free(path);
        } else if (S_ISREG(st.st_mode) && is_yaml(e->d_name)) {
            if (out->n >= PW_RULES_FILES_MAX) {
                snprintf(msg, sizeof msg, "%s: more than %d rule files, the rest is skipped", dir,
                         PW_RULES_FILES_MAX);
                pw_cfg_report_msg(rep, msg);
                free(path);
                break;
            }
            if (path_list_add(out, path)) free(path);
        } else {
            free(path);
        }
    }
    closedir(d);
}

static int add_rule(pw_rules *r, int k, json_t *rule, const char *file, int line)
{
    if (r->kind[k].n == r->kind[k].cap) {
        size_t cap = r->kind[k].cap ? r->kind[k].cap * 2 : 16;
        rule_ref *v = realloc(r->kind[k].v, cap * sizeof *v);
        if (!v) return -1;
        r->kind[k].v = v;
        r->kind[k].cap = cap;
    }
    char *f = strdup(file);
    if (!f) return -1;
    r->kind[k].v[r->kind[k].n++] = (rule_ref){json_incref(rule), f, line};
    return 0;
}

/* Checks one rule (the file's root, or one item of a list) and keeps it when valid. */
static void load_rule(pw_rules *r, json_t *rule, const json_t *lines, const char *prefix, const char *file,
                      const char *base_dir, pw_cfg_report *rep)
{
    pw_cfg_ctx ctx = {.file = file, .lines = lines, .base_dir = base_dir, .apply_defaults = true,
                      .report = rep};
    if (pw_cfg_validate(&pw_rule_schema, rule, prefix, &ctx)) return;
    int k = pw_rule_kind_index(json_string_value(json_object_get(rule, "kind")));
    const char *name = json_string_value(json_object_get(rule, "name"));
    int line = pw_config_lines_line(lines);
    if (k < 0 || !name) return; /* cannot happen after validation; keeps the analyser quiet */
    for (size_t i = 0; i < r->kind[k].n; i++) {
        const rule_ref *o = &r->kind[k].v[i];
        if (strcmp(json_string_value(json_object_get(o->rule, "name")), name) == 0) {
            char key[64];
            snprintf(key, sizeof key, "%s%sname", prefix, *prefix ? "." : "");
            pw_cfg_report_add(rep, file, pw_config_lines_line(pw_config_lines_key(lines, "name")), key,
                              "duplicate %s rule name '%s' (first at %s:%d)", pw_rule_kind_names[k], name,
                              o->file, o->line);
            return;
        }
    }
    if (add_rule(r, k, rule, file, line)) {
        char msg[PW_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s: out of memory", file);
        pw_cfg_report_msg(rep, msg);
    }
}

static void load_file(pw_rules *r, const char *file, pw_cfg_report *rep)
{
    pw_config_doc doc;
    pw_error err;
    if (pw_config_doc_load_file(&doc, file, &err)) {
        pw_cfg_report_msg(rep, err.msg);
        return;
    }
    r->files++;
    const char *slash = strrchr(file, '/');
    char *base = slash ? strndup(file, (size_t)(slash - file) + (slash == file)) : strdup(".");
    if (json_is_array(doc.root)) {
        size_t i;
        json_t *rule;
        json_array_foreach(doc.root, i, rule) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "[%zu]", i);
            load_rule(r, rule, pw_config_lines_index(doc.lines, i), prefix, file, base, rep);
        }
    } else if (json_is_object(doc.root)) {
        load_rule(r, doc.root, doc.lines, "", file, base, rep);
    } else {
        pw_cfg_report_add(rep, file, pw_config_lines_line(doc.lines), NULL,
                          "expected a rule (a mapping with kind: and name:) or a list of rules");
    }
    free(base);
    pw_config_doc_free(&doc);
}

/* The walk shared by load and check: always returns what could be loaded (NULL only out of memory). */
static pw_rules *load_all(const char *dir, pw_cfg_report *rep)
{
    pw_rules *r = calloc(1, sizeof *r);
    path_list files = {0};
    struct stat st;
    if (!r) return NULL;
    if (dir && !(r->dir = strdup(dir))) {
        free(r);
        return NULL;
    }
    int rc = dir ? stat(dir, &st) : (errno = EINVAL, -1);
    if (rc != 0 || !S_ISDIR(st.st_mode)) {
        char msg[PW_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s: %s", dir ? dir : "(null)", rc != 0 ? strerror(errno) : "not a directory");
        pw_cfg_report_msg(rep, msg);
        return r;
    }
    walk(dir, 0, &files, rep);
    if (files.n) qsort(files.v, files.n, sizeof files.v[0], cmp_paths);
    for (size_t i = 0; i < files.n; i++) load_file(r, files.v[i], rep);
    path_list_free(&files);
    return r;
}

pw_rules *pw_rules_load(const char *dir, pw_error *err)
{
    pw_error local;
    if (!err) err = &local;
    pw_cfg_report rep = {.first = err};
    pw_rules *r = load_all(dir, &rep);
    if (!r) {
        pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", dir);
        return NULL;
    }
    if (rep.errors) {
        if (rep.errors > 1) {
            char first[PW_ERROR_MSG_MAX];
            memcpy(first, err->msg, sizeof first);
            pw_error_set(err, PW_ERR_INVALID, "%.400s (and %d more error%s)", first, rep.errors - 1,
                         rep.errors > 2 ? "s" : "");
        }
        pw_rules_free(r);
        return NULL;
    }
    return r;
}

int pw_rules_check(const char *dir, FILE *report)
{
    pw_cfg_report rep = {.out = report};
    pw_rules *r = load_all(dir, &rep);
    if (!r) {
        if (report) fprintf(report, "%s: out of memory\n", dir);
        return rep.errors + 1;
    }
    pw_rules_free(r);
    return rep.errors;
}

size_t pw_rules_count(const pw_rules *r, const char *kind)
{
    int k = pw_rule_kind_index(kind);
    return r && k >= 0 ? r->kind[k].n : 0;
}

const json_t *pw_rules_get(const pw_rules *r, const char *kind, size_t i)
{
    int k = pw_rule_kind_index(kind);
    return r && k >= 0 && i < r->kind[k].n ? r->kind[k].v[i].rule : NULL;
}

const json_t *pw_rules_find(const pw_rules *r, const char *kind, const char *name)
{
    int k = pw_rule_kind_index(kind);
    for (size_t i = 0; r && k >= 0 && name && i < r->kind[k].n; i++)
        if (strcmp(json_string_value(json_object_get(r->kind[k].v[i].rule, "name")), name) == 0)
            return r->kind[k].v[i].rule;
    return NULL;
}

const char *pw_rules_origin(const pw_rules *r, const char *kind, size_t i, int *line)
{
    int k = pw_rule_kind_index(kind);
    if (!r || k < 0 || i >= r->kind[k].n) return NULL;
    if (line) *line = r->kind[k].v[i].line;
    return r->kind[k].v[i].file;
}

size_t pw_rules_files(const pw_rules *r)
{
    return r ? r->files : 0;
}

void pw_rules_free(pw_rules *r)
{
    if (!r) return;
    for (int k = 0; k < PW_RULE_KINDS; k++) {
        for (size_t i = 0; i < r->kind[k].n; i++) {
            json_decref(r->kind[k].v[i].rule);
            free(r->kind[k].v[i].file);
        }
        free(r->kind[k].v);
    }
    free(r->dir);
    free(r);
}

const char *pw_rules_dir(const pw_rules *r) { return r ? r->dir : NULL; }
