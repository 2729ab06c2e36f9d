/* advisory_parse: format dispatch for the feed parsers and the helpers they share (emit, bounded strings,
 * plain text collection, jansson access). Each format lives in its own file. */
#include "parsers/advisory_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/pw_time.h"
#include "core/pw_utf8.h"
#include "parsers/xml_safe.h"

static const char *const known_formats[] = {"csaf", "csaf-provider", "rolie", "cvrf", "rss", "atom",
                                            "release-health", "html"};

int pw_advisory_format_known(const char *format)
{
    if (!format) return 0;
    for (size_t i = 0; i < sizeof known_formats / sizeof known_formats[0]; i++)
        if (strcmp(format, known_formats[i]) == 0) return 1;
    return 0;
}

int pw_advisory_parse(const char *format, const char *data, size_t len, const char *source,
                      int (*cb)(const pw_advisory *a, void *ud), void *ud, pw_error *err)
{
    return pw_advisory_parse_ex(format, data, len, source, NULL, cb, ud, err);
}

int pw_advisory_parse_ex(const char *format, const char *data, size_t len, const char *source,
                         const pw_advisory_opts *opts, pw_advisory_cb cb, void *ud, pw_error *err)
{
    static const pw_advisory_opts no_opts = {0};
    pw_adv_ctx c = {.source = source ? source : "", .opts = opts ? opts : &no_opts, .cb = cb, .ud = ud};
    c.name = c.opts->name ? c.opts->name : "<input>";
    if (!format || !cb || (!data && len)) return pw_error_set(err, PW_ERR_USAGE, "advisory parse: bad arguments");
    if (len > PW_ADV_DOC_MAX)
        return pw_error_set(err, PW_ERR_LIMIT, "%s: document of %zu bytes exceeds the %zu byte cap", c.name, len,
                            PW_ADV_DOC_MAX);
    int rc;
    if (!strcmp(format, "csaf") || !strcmp(format, "csaf-provider") || !strcmp(format, "rolie"))
        rc = pw_adv_parse_csaf(&c, data, len, err);
    else if (!strcmp(format, "cvrf"))
        rc = pw_adv_parse_cvrf(&c, data, len, err);
    else if (!strcmp(format, "rss") || !strcmp(format, "atom"))
        rc = pw_adv_parse_feed(&c, data, len, err);
    else if (!strcmp(format, "release-health"))
        rc = pw_adv_parse_release_health(&c, data, len, err);
    else if (!strcmp(format, "html"))
        rc = pw_adv_parse_html(&c, data, len, err);
    else
        return pw_error_set(err, PW_ERR_USAGE,
                            "unknown advisory format '%s' (csaf, cvrf, rss, atom, release-health, html)", format);
    return rc < 0 ? -1 : c.count;
}

int pw_adv_emit(pw_adv_ctx *c, pw_advisory *a, pw_error *err)
{
    int rc = 0;
    if (!a->id) { /* every advisory needs a stable id: fall back to the URL, then the title */
        const char *alt = a->url ? a->url : a->title;
        if (!alt) {
            pw_advisory_free(a);
            pw_advisory_init(a);
            return 0; /* nothing identifies it: not an advisory worth announcing */
        }
        if (pw_adv_set_str(&a->id, alt) != 0) goto nomem;
    }
    free(a->source);
    a->source = strdup(c->source);
    if (!a->source) goto nomem;
    if (c->opts->extractor && pw_extractor_apply(c->opts->extractor, a, err) != 0) {
        pw_advisory_free(a);
        pw_advisory_init(a);
        return -1;
    }
    if (c->cb(a, c->ud) != 0) {
        c->stopped = 1;
        rc = pw_error_set(err, PW_ERR_INTERNAL, "%s: stopped by the consumer after %d advisories", c->name,
                          c->count);
    } else {
        c->count++;
    }
    pw_advisory_free(a);
    pw_advisory_init(a);
    return rc;
nomem:
    pw_advisory_free(a);
    pw_advisory_init(a);
    return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
}

static int is_space(unsigned char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

int pw_adv_set(char **dst, const char *s, size_t n, size_t cap)
{
    pw_buf clean = PW_BUF_INIT, out = PW_BUF_INIT;
    if (!s) n = 0;
    if (pw_utf8_sanitize(&clean, s ? s : "", n) != 0) goto err;
    if (pw_buf_reserve(&out, clean.len < cap ? clean.len : cap) != 0) goto err;
    int space = 0;
    for (size_t i = 0; i < clean.len && out.len < cap; i++) {
        unsigned char ch = (unsigned char)clean.data[i];
        if (is_space(ch)) {
            space = 1;
            continue;
        }
        if (space && out.len) {
            if (pw_buf_putc(&out, ' ') != 0) goto err;
        }
        space = 0;
        if (pw_buf_putc(&out, (char)ch) != 0) goto err;
    }
    /* a cut may have split a character: back up to a boundary */
    while (out.len && ((unsigned char)out.data[out.len - 1] & 0x80)) {
        size_t k = out.len - 1;
        while (k > 0 && ((unsigned char)out.data[k] & 0xC0) == 0x80) k--;
        bool nul;
        if (pw_utf8_valid(out.data + k, out.len - k, &nul)) break;
        out.len = k;
        out.data[k] = '\0';
    }
    free(*dst);
    *dst = NULL;
    if (out.len) {
        *dst = out.data;
        out.data = NULL;
    }
    pw_buf_free(&clean);
    pw_buf_free(&out);
    return 0;
err:
    pw_buf_free(&clean);
    pw_buf_free(&out);
    return -1;
}

int pw_adv_set_str(char **dst, const char *s) { return pw_adv_set(dst, s, s ? strlen(s) : 0, PW_ADV_FIELD_MAX); }

int pw_adv_list_add(pw_strlist *l, const char *s, size_t n)
{
    char *v = NULL;
    if (l->n >= PW_ADV_LIST_MAX) return 0;
    if (pw_adv_set(&v, s, n, PW_ADV_FIELD_MAX) != 0) return -1;
    if (!v) return 0;
    int rc = pw_strlist_add_unique(l, v);
    free(v);
    return rc;
}

int pw_adv_text_add(pw_buf *text, const char *s, size_t n, int html)
{
    if (!s || !n || text->len >= PW_ADV_TEXT_MAX) return 0;
    pw_buf tmp = PW_BUF_INIT;
    int rc = -1;
    if (html) {
        if (pw_xml_html_to_text(s, n, &tmp, PW_ADV_TEXT_MAX) != 0) goto out;
    } else {
        if (pw_utf8_sanitize(&tmp, s, n) != 0) goto out;
    }
    /* trim */
    size_t a = 0, b = tmp.len;
    while (a < b && is_space((unsigned char)tmp.data[a])) a++;
    while (b > a && is_space((unsigned char)tmp.data[b - 1])) b--;
    if (a == b) {
        rc = 0;
        goto out;
    }
    if (text->len && pw_buf_putc(text, '\n') != 0) goto out;
    size_t room = PW_ADV_TEXT_MAX > text->len ? PW_ADV_TEXT_MAX - text->len : 0;
    size_t m = b - a < room ? b - a : room;
    while (m > 0 && m < b - a && ((unsigned char)tmp.data[a + m] & 0xC0) == 0x80) m--;
    rc = pw_buf_append(text, tmp.data + a, m);
out:
    pw_buf_free(&tmp);
    return rc;
}

int pw_adv_text_finish(pw_advisory *a, pw_buf *text)
{
    free(a->text);
    a->text = NULL;
    if (text->len) {
        a->text = text->data;
        text->data = NULL;
        text->len = text->cap = 0;
    }
    pw_buf_free(text);
    return 0;
}

const char *pw_adv_jstr(const json_t *obj, const char *key)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

const json_t *pw_adv_jpath(const json_t *obj, const char *path)
{
    char key[128];
    const char *p = path;
    while (obj && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof key || !json_is_object(obj)) return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        obj = json_object_get(obj, key);
        p += n + (dot ? 1 : 0);
    }
    return obj;
}

json_t *pw_adv_json_load(const char *data, size_t len, const char *name, pw_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(data, len, 0, &je);
    if (!root)
        pw_error_set(err, PW_ERR_INVALID, "%s:%d:%d: malformed JSON: %s", name, je.line, je.column, je.text);
    return root;
}
