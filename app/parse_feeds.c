/* patchwatch parse --as csaf|cvrf|rss|atom|release-health|html: one advisory document to JSON lines, with the
 * built-in extraction applied (KBs, CVEs, event ids, error codes, products, status, and report understanding:
 * class, confidence, the deciding words, kb_affected / kb_fix, packages). On a terminal each JSON line is
 * followed (on stderr) by one readable line saying what report understanding decided and why. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/pw_out.h"
#include "parsers/advisory_parse.h"

typedef struct {
    pw_out *out;
    pw_extractor *x;
    pw_error err;
    int failed;
    int explain; /* stdout is a terminal: a person reads it */
} parse_ctx;

static int on_advisory(const pw_advisory *a, void *ud)
{
    parse_ctx *c = ud;
    int rc = pw_out_advisory(c->out, a, &c->err);
    if (rc != 0) c->failed = 1;
    if (rc == 0 && c->explain) {
        char line[1024];
        pw_advisory_explain(a, line, sizeof line);
        fflush(stdout);
        fprintf(stderr, "  %s: %s\n", a->id ? a->id : "advisory", line);
    }
    return rc;
}

/* Discovery documents (CSAF provider metadata, aggregator, ROLIE, MSRC updates list) carry no advisories;
 * say where they point instead of printing nothing. */
static int print_link(const char *url, const char *format, void *ud)
{
    fprintf(stderr, "  %s (%s)\n", url, format);
    (*(int *)ud)++;
    return 0;
}

static void describe_discovery(const pw_parse_opts *o, const char *data, size_t len)
{
    int n = 0;
    pw_error err;
    if (!strcmp(o->format, "csaf")) {
        fprintf(stderr, "patchwatch parse: %s holds no advisory; it points to:\n", o->path);
        pw_csaf_discover(data, len, o->path, print_link, &n, &err);
    } else if (!strcmp(o->format, "cvrf")) {
        fprintf(stderr, "patchwatch parse: %s holds no advisory; the most recent documents it lists:\n", o->path);
        pw_cvrf_discover(data, len, o->path, 3, print_link, &n, &err);
    }
    if (n == 0 && (!strcmp(o->format, "csaf") || !strcmp(o->format, "cvrf"))) fprintf(stderr, "  (nothing)\n");
}

static char *read_all(const char *path, size_t *len, pw_error *err)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!fp) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= PW_ADV_DOC_MAX) {
                pw_error_set(err, PW_ERR_LIMIT, "%s: larger than the %zu byte document cap", path, PW_ADV_DOC_MAX);
                goto err;
            }
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, cap + 1);
            if (!p) {
                pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", path);
                goto err;
            }
            buf = p;
        }
        size_t r = fread(buf + n, 1, cap - n, fp);
        n += r;
        if (r == 0) break;
    }
    if (ferror(fp)) {
        pw_error_set(err, PW_ERR_IO, "%s: read error", path);
        goto err;
    }
    if (fp != stdin) fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
err:
    if (fp != stdin) fclose(fp);
    free(buf);
    return NULL;
}

int pw_parse_feeds_main(const pw_parse_opts *o)
{
    parse_ctx c = {0};
    pw_error err = {0};
    size_t len = 0;
    char *data = NULL;
    int rc = PW_EXIT_RUNTIME, n;
    if (!(data = read_all(o->path, &len, &err))) goto out;
    if (!(c.x = pw_extractor_new(NULL, &err))) goto out;
    if (!(c.out = pw_out_open(o->out, &err))) goto out;
    c.explain = (!o->out || strcmp(o->out, "-") == 0) && isatty(STDOUT_FILENO);
    pw_advisory_opts po = {.name = o->path, .extractor = c.x};
    n = pw_advisory_parse_ex(o->format, data, len, o->source ? o->source : "file", &po, on_advisory, &c, &err);
    if (n < 0) {
        if (c.failed) err = c.err;
        goto out;
    }
    if (n == 0) describe_discovery(o, data, len);
    rc = PW_EXIT_OK;
out:
    if (rc != PW_EXIT_OK) fprintf(stderr, "patchwatch parse: %s\n", err.msg);
    if (c.out && pw_out_close(c.out, &err) != 0 && rc == PW_EXIT_OK) {
        fprintf(stderr, "patchwatch parse: %s\n", err.msg);
        rc = PW_EXIT_RUNTIME;
    }
    pw_extractor_free(c.x);
    free(data);
    return rc;
}
