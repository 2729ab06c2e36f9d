/* pw_config_yaml: YAML (and JSON, as YAML flow style) to jansson values plus a line tree, with libyaml's
 * event API. See pw_config_doc.h for the rules it enforces. The parser recurses once per nesting level;
 * PW_CONFIG_DEPTH_MAX bounds that recursion, PW_CONFIG_NODES_MAX the memory, PW_CONFIG_FILE_MAX the input. */
#include "core/pw_config_doc.h"
#include "core/pw_file.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/pw_buf.h"

typedef struct yctx {
    yaml_parser_t parser;
    const char *name;
    pw_error *err;
    size_t nodes;
    pw_buf path; /* key path of the node being parsed, for messages: "sources[0].path" */
} yctx;

/* "NAME:LINE: path: message" (path omitted at the top level); always returns -1. */
static int yerr(yctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int yerr(yctx *c, int line, const char *fmt, ...)
{
    char msg[PW_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->path.len)
        return pw_error_set(c->err, PW_ERR_INVALID, "%s:%d: %s: %s", c->name, line, c->path.data, msg);
    return pw_error_set(c->err, PW_ERR_INVALID, "%s:%d: %s", c->name, line, msg);
}

static int mark_line(const yaml_mark_t *m)
{
    return m->line >= (size_t)INT32_MAX ? INT32_MAX : (int)m->line + 1;
}

static int next_event(yctx *c, yaml_event_t *ev)
{
    if (yaml_parser_parse(&c->parser, ev)) return 0;
    const yaml_parser_t *p = &c->parser;
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_READER_ERROR)
        return pw_error_set(c->err, PW_ERR_INVALID, "%s: byte offset %zu: %s", c->name, p->problem_offset,
                            problem);
    if (p->context)
        return pw_error_set(c->err, PW_ERR_INVALID, "%s:%d: syntax error: %s %s (line %d)", c->name,
                            mark_line(&p->problem_mark), problem, p->context, mark_line(&p->context_mark));
    return pw_error_set(c->err, PW_ERR_INVALID, "%s:%d: syntax error: %s", c->name, mark_line(&p->problem_mark),
                        problem);
}

static json_t *line_node(int line, json_t *kids)
{
    json_t *n = json_array();
    if (!n || json_array_append_new(n, json_integer(line))) goto err;
    if (kids && json_array_append_new(n, kids)) {
        kids = NULL;
        goto err;
    }
    return n;
err:
    json_decref(kids);
    json_decref(n);
    return NULL;
}

static bool all_digits(const char *s, size_t n, const char *set)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr(set, s[i]) || s[i] == '\0') return false;
    return true;
}

/* [-+]? ( .digits | digits ( . digits? )? ) ( [eE] [-+]? digits )? -- the YAML 1.2 core float, minus inf/nan */
static bool looks_float(const char *s, size_t n)
{
    size_t i = 0, d = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, d++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, d++;
    }
    if (d == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+')) i++;
        size_t e = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, e++;
        if (e == 0) return false;
    }
    return i == n;
}

/* s[0..n) is one of the words of a NULL-terminated list */
static bool is_word(const char *s, size_t n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n && memcmp(s, *words, n) == 0) return true;
    return false;
}

static const char *const null_words[] = {"~", "null", "Null", "NULL", NULL};
static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};

/* A plain scalar's value under the YAML 1.2 core schema; quoted/tagged ones are strings. */
static json_t *scalar_value(yctx *c, const yaml_event_t *ev, int line)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *tag = (const char *)ev->data.scalar.tag;
    if (memchr(s, '\0', n)) {
        yerr(c, line, "string contains a NUL byte");
        return NULL;
    }
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (tag) {
        if (strcmp(tag, "!") != 0 && strcmp(tag, YAML_STR_TAG) != 0) {
            yerr(c, line, "unsupported tag '%s' (only !!str is accepted; quote the value instead)", tag);
            return NULL;
        }
        plain = false;
    }
    if (plain) {
        if (n == 0 || is_word(s, n, null_words)) return json_null();
        if (is_word(s, n, true_words)) return json_true();
        if (is_word(s, n, false_words)) return json_false();
        size_t sign = (s[0] == '-' || s[0] == '+') ? 1 : 0;
        int base = 0;
        size_t skip = 0;
        if (all_digits(s + sign, n - sign, "0123456789")) base = 10;
        else if (n > 2 && s[0] == '0' && s[1] == 'x' && all_digits(s + 2, n - 2, "0123456789abcdefABCDEF"))
            base = 16, skip = 2;
        else if (n > 2 && s[0] == '0' && s[1] == 'o' && all_digits(s + 2, n - 2, "01234567")) base = 8, skip = 2;
        if (base) {
            char buf[80];
            if (n - skip >= sizeof buf) {
                yerr(c, line, "integer out of range: %.40s...", s);
                return NULL;
            }
            memcpy(buf, s + skip, n - skip);
            buf[n - skip] = '\0';
            errno = 0;
            long long v = strtoll(buf, NULL, base);
            if (errno == ERANGE) {
                yerr(c, line, "integer out of range: %s", buf);
                return NULL;
            }
            return json_integer(v);
        }
        if (looks_float(s, n)) {
            double v = strtod(s, NULL); /* libyaml NUL-terminates scalar values */
            if (!isfinite(v)) {
                yerr(c, line, "number out of range: %.40s", s);
                return NULL;
            }
            return json_real(v);
        }
    }
    json_t *v = json_stringn(s, n);
    if (!v) yerr(c, line, "invalid UTF-8 in string");
    return v;
}

static int parse_node(yctx *c, yaml_event_t *ev, int depth, int line, json_t **val, json_t **lines);

static int parse_mapping(yctx *c, int depth, json_t *obj, json_t *kids)
{
    yaml_event_t ev;
    for (;;) {
        if (next_event(c, &ev)) return -1;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        int kline = mark_line(&ev.start_mark);
        if (ev.type != YAML_SCALAR_EVENT) {
            yaml_event_delete(&ev);
            return yerr(c, kline, ev.type == YAML_ALIAS_EVENT ? "aliases (*name) are not supported"
                                                              : "only plain keys are supported (not a mapping or "
                                                                "sequence as a key)");
        }
        size_t saved = c->path.len;
        const char *k = (const char *)ev.data.scalar.value;
        size_t klen = ev.data.scalar.length;
        int rc = -1;
        char *key = NULL;
        if (memchr(k, '\0', klen)) {
            yerr(c, kline, "key contains a NUL byte");
            goto key_done;
        }
        key = strndup(k, klen);
        if (!key || (c->path.len && pw_buf_putc(&c->path, '.')) || pw_buf_append(&c->path, k, klen)) {
            pw_error_set(c->err, PW_ERR_NOMEM, "%s: out of memory", c->name);
            goto key_done;
        }
        if (json_object_get(obj, key)) {
            yerr(c, kline, "duplicate key '%s' (first at line %d)", key,
                 pw_config_lines_line(json_object_get(kids, key)));
            goto key_done;
        }
        yaml_event_t vev;
        if (next_event(c, &vev)) goto key_done;
        json_t *v = NULL, *l = NULL;
        if (parse_node(c, &vev, depth + 1, kline, &v, &l)) goto key_done;
        if (json_object_set_new(obj, key, v) || json_object_set_new(kids, key, l)) {
            pw_error_set(c->err, PW_ERR_NOMEM, "%s: out of memory", c->name);
            goto key_done;
        }
        rc = 0;
    key_done:
        free(key);
        yaml_event_delete(&ev);
        c->path.len = saved;
        if (c->path.data) c->path.data[saved] = '\0';
        if (rc) return -1;
    }
}

static int parse_sequence(yctx *c, int depth, json_t *arr, json_t *kids)
{
    for (size_t i = 0;; i++) {
        yaml_event_t ev;
        if (next_event(c, &ev)) return -1;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        size_t saved = c->path.len;
        json_t *v = NULL, *l = NULL;
        int rc = -1;
        if (pw_buf_printf(&c->path, "[%zu]", i)) {
            yaml_event_delete(&ev);
            pw_error_set(c->err, PW_ERR_NOMEM, "%s: out of memory", c->name);
        } else if (parse_node(c, &ev, depth + 1, 0, &v, &l) == 0) {
            if (json_array_append_new(arr, v) || json_array_append_new(kids, l))
                pw_error_set(c->err, PW_ERR_NOMEM, "%s: out of memory", c->name);
            else
                rc = 0;
        }
        c->path.len = saved;
        if (c->path.data) c->path.data[saved] = '\0';
        if (rc) return -1;
    }
}

static bool collection_tag_ok(const yaml_char_t *tag, const char *std)
{
    return !tag || strcmp((const char *)tag, "!") == 0 || strcmp((const char *)tag, std) == 0;
}

/* Consumes ev (always deleted). line: the line to record (the key's line for a mapping value), 0 = ev's own. */
static int parse_node(yctx *c, yaml_event_t *ev, int depth, int line, json_t **val, json_t **lines)
{
    int rc = -1;
    json_t *v = NULL, *kids = NULL;
    int own = mark_line(&ev->start_mark);
    if (!line) line = own;
    if (++c->nodes > PW_CONFIG_NODES_MAX) {
        pw_error_set(c->err, PW_ERR_LIMIT, "%s:%d: more than %d nodes in one document", c->name, own,
                     PW_CONFIG_NODES_MAX);
        goto out;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (!(v = scalar_value(c, ev, own))) goto out;
        break;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT: {
        bool map = ev->type == YAML_MAPPING_START_EVENT;
        if (depth >= PW_CONFIG_DEPTH_MAX) {
            pw_error_set(c->err, PW_ERR_LIMIT, "%s:%d: nested deeper than %d levels", c->name, own,
                         PW_CONFIG_DEPTH_MAX);
            goto out;
        }
        if (!collection_tag_ok(map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag,
                               map ? YAML_MAP_TAG : YAML_SEQ_TAG)) {
            yerr(c, own, "unsupported tag '%s'",
                 (const char *)(map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag));
            goto out;
        }
        v = map ? json_object() : json_array();
        kids = map ? json_object() : json_array();
        if (!v || !kids) {
            pw_error_set(c->err, PW_ERR_NOMEM, "%s: out of memory", c->name);
            goto out;
        }
        if (map ? parse_mapping(c, depth, v, kids) : parse_sequence(c, depth, v, kids)) goto out;
        break;
    }
    case YAML_ALIAS_EVENT: yerr(c, own, "aliases (*name) are not supported"); goto out;
    default: yerr(c, own, "unexpected YAML event"); goto out;
    }
    if (!(*lines = line_node(line, kids))) {
        kids = NULL;
        pw_error_set(c->err, PW_ERR_NOMEM, "%s: out of memory", c->name);
        goto out;
    }
    kids = NULL;
    *val = v;
    v = NULL;
    rc = 0;
out:
    yaml_event_delete(ev);
    json_decref(v);
    json_decref(kids);
    return rc;
}

static int parse_stream(yctx *c, pw_config_doc *doc)
{
    yaml_event_t ev;
    if (next_event(c, &ev)) return -1;
    yaml_event_delete(&ev); /* STREAM-START */
    if (next_event(c, &ev)) return -1;
    if (ev.type == YAML_STREAM_END_EVENT) { /* empty file: a null document */
        yaml_event_delete(&ev);
        doc->root = json_null();
        doc->lines = line_node(1, NULL);
        return doc->lines ? 0 : pw_error_set(c->err, PW_ERR_NOMEM, "%s: out of memory", c->name);
    }
    yaml_event_delete(&ev); /* DOCUMENT-START */
    if (next_event(c, &ev)) return -1;
    if (parse_node(c, &ev, 0, 0, &doc->root, &doc->lines)) return -1;
    if (next_event(c, &ev)) return -1;
    yaml_event_delete(&ev); /* DOCUMENT-END */
    if (next_event(c, &ev)) return -1;
    int line = mark_line(&ev.start_mark);
    bool end = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
    if (!end) return yerr(c, line, "more than one YAML document (--- separator); use one document per file");
    return 0;
}

int pw_config_doc_load_mem(pw_config_doc *doc, const char *data, size_t len, const char *name, pw_error *err)
{
    memset(doc, 0, sizeof *doc);
    if (!name) name = "<config>";
    if (len > PW_CONFIG_FILE_MAX)
        return pw_error_set(err, PW_ERR_LIMIT, "%s: larger than %zu bytes", name, PW_CONFIG_FILE_MAX);
    if (!(doc->name = strdup(name))) return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", name);
    yctx c = {.name = doc->name, .err = err, .path = PW_BUF_INIT};
    if (!yaml_parser_initialize(&c.parser)) {
        pw_config_doc_free(doc);
        return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", name);
    }
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)data, len);
    int rc = parse_stream(&c, doc);
    yaml_parser_delete(&c.parser);
    pw_buf_free(&c.path);
    if (rc) {
        /* keep the name out of the way of the caller: the doc is empty on failure */
        pw_config_doc_free(doc);
        return -1;
    }
    return 0;
}

int pw_config_doc_load_file(pw_config_doc *doc, const char *path, pw_error *err)
{
    memset(doc, 0, sizeof *doc);
    size_t len = 0;
    char *buf = pw_file_read(path, PW_CONFIG_FILE_MAX, &len, err);
    if (!buf) return -1;
    int rc = pw_config_doc_load_mem(doc, buf, len, path, err);
    free(buf);
    return rc;
}

void pw_config_doc_free(pw_config_doc *doc)
{
    if (!doc) return;
    free(doc->name);
    json_decref(doc->root);
    json_decref(doc->lines);
    memset(doc, 0, sizeof *doc);
}

int pw_config_lines_line(const json_t *node)
{
    return (int)json_integer_value(json_array_get(node, 0));
}

const json_t *pw_config_lines_key(const json_t *node, const char *key)
{
    return json_object_get(json_array_get(node, 1), key);
}

const json_t *pw_config_lines_index(const json_t *node, size_t i)
{
    return json_array_get(json_array_get(node, 1), i);
}

int pw_config_doc_line(const pw_config_doc *doc, const char *path)
{
    const json_t *node = doc ? doc->lines : NULL;
    int line = pw_config_lines_line(node);
    char key[256];
    const char *p = path ? path : "";
    while (*p && node) {
        const json_t *next;
        if (*p == '[') {
            char *end;
            unsigned long i = strtoul(p + 1, &end, 10);
            if (*end != ']') break;
            next = pw_config_lines_index(node, i);
            p = end + 1;
        } else {
            size_t n = strcspn(p, ".[");
            if (n >= sizeof key) break;
            memcpy(key, p, n);
            key[n] = '\0';
            next = pw_config_lines_key(node, key);
            p += n;
        }
        if (*p == '.') p++;
        if (!next) break;
        node = next;
        line = pw_config_lines_line(node);
    }
    return line;
}
