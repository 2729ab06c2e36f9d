/* extract_test_util: the fixture of the report-understanding suites (test_report_understanding,
 * test_report_vocabulary, test_report_grammar): one extractor with the shipped vocabulary, a post read through
 * it, and the check of one table case. */
#ifndef PW_EXTRACT_TEST_UTIL_H
#define PW_EXTRACT_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/advisory_extract.h"
#include "parsers/advisory_parse.h"
#include "pw_test.h"

static pw_extractor *x;

static inline void setup(void)
{
    pw_error err = {0};
    x = pw_extractor_new(NULL, &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
}

static inline void teardown(void) { pw_extractor_free(x); }

/* The post as a community feed delivers it (title and text); the advisory lives until the next call. */
static inline pw_advisory *read_report(const char *title, const char *text)
{
    static pw_advisory a;
    pw_advisory_free(&a);
    pw_advisory_init(&a);
    a.id = strdup("t");
    a.title = strdup(title);
    a.text = strdup(text);
    pw_error err = {0};
    ck_assert_msg(pw_extractor_apply(x, &a, &err) == 0, "%s", err.msg);
    return &a;
}

/* The post names package `name` (any case) at `version` (NULL: at any version). */
static inline int has_package(const pw_advisory *a, const char *name, const char *version)
{
    size_t i;
    const json_t *p;
    json_array_foreach(a->packages, i, p) {
        const char *n = json_string_value(json_object_get(p, "name"));
        const char *v = json_string_value(json_object_get(p, "version"));
        if (n && strcasecmp(n, name) == 0 && (!version || (v && strcmp(v, version) == 0))) return 1;
    }
    return 0;
}

/* A post of `text` alone (title "Update") reads package `name` at `version`; the failure prints what was read. */
static inline void assert_package_read(const char *text, const char *name, const char *version)
{
    pw_advisory *a = read_report("Update", text);
    char *got = a->packages ? json_dumps(a->packages, JSON_COMPACT) : NULL;
    ck_assert_msg(has_package(a, name, version), "%s: no %s %s (got %s)", text, name, version, got ? got : "none");
    free(got);
}

/* The role of the post's package entry at `version`: "fix", "none" when it has no role, NULL when the version was not
 * read. */
static inline const char *version_role(const pw_advisory *a, const char *version)
{
    size_t i;
    const json_t *p;
    json_array_foreach(a->packages, i, p) {
        const char *v = json_string_value(json_object_get(p, "version"));
        if (v && !strcmp(v, version)) return json_object_get(p, "role") ? json_string_value(json_object_get(p, "role"))
                                                                         : "none";
    }
    return NULL;
}

/* A headline alone (no body) ties its story to a particular update (the classifier's `anchored` feature) iff want. */
static inline void assert_anchored(const char *headline, int want)
{
    read_report(headline, "");
    const double *f = pw_extractor_features(x);
    ck_assert_msg((f[PW_FEAT_ANCHORED] != 0) == want, "%s: anchored %g, want %d", headline, f[PW_FEAT_ANCHORED], want);
}

/* One table case: the post reads as class cls and blames exactly `affected` ("" or NULL: no update). */
static inline void assert_report_case(const char *lang, const char *cls, const char *title, const char *text,
                                      const char *affected)
{
    pw_advisory *a = read_report(title, text);
    ck_assert_msg(a->report_class && strcmp(a->report_class, cls) == 0, "[%s] %s / %s: class %s, want %s", lang,
                  title, text, a->report_class ? a->report_class : "(none)", cls);
    if (affected && *affected)
        ck_assert_msg(pw_strlist_has(&a->kb_affected, affected) && a->kb_affected.n == 1,
                      "[%s] %s: kb_affected lacks %s", lang, title, affected);
    else
        ck_assert_msg(a->kb_affected.n == 0, "[%s] %s: blames %zu updates", lang, title, a->kb_affected.n);
}

/* The post blames `blamed` (unless "") and does not blame `not_blamed` (unless ""). */
static inline void assert_blame(const pw_advisory *a, const char *lang, const char *title, const char *text,
                                const char *blamed, const char *not_blamed)
{
    if (*blamed)
        ck_assert_msg(pw_strlist_has(&a->kb_affected, blamed), "[%s] %s / %s: %s not blamed", lang, title, text, blamed);
    if (*not_blamed)
        ck_assert_msg(!pw_strlist_has(&a->kb_affected, not_blamed), "[%s] %s / %s: blames %s", lang, title, text,
                      not_blamed);
}

/* One case of the blame tables: the post reads as class cls, blames `blamed` and not `not_blamed` ("" for none). */
typedef struct {
    const char *lang, *cls, *title, *text, *blamed, *not_blamed;
} blame_case;

static inline void assert_blame_case(const blame_case *c)
{
    pw_advisory *a = read_report(c->title, c->text);
    ck_assert_msg(a->report_class && strcmp(a->report_class, c->cls) == 0, "[%s] %s / %s: class %s, want %s", c->lang,
                  c->title, c->text, a->report_class ? a->report_class : "(none)", c->cls);
    assert_blame(a, c->lang, c->title, c->text, c->blamed, c->not_blamed);
}

/* One row of a session's table, {lang, title, body, class, the KB blamed ("" none), a KB never blamed ("" none)}: the
 * post reads as that class, blames and spares as said, and never reads the KB it blames as the fix. */
static inline void assert_row(const char *const c[6])
{
    pw_advisory *a = read_report(c[1], c[2]);
    ck_assert_msg(a->report_class && !strcmp(a->report_class, c[3]), "[%s] %s / %s: class %s, want %s", c[0], c[1],
                  c[2], a->report_class ? a->report_class : "(none)", c[3]);
    assert_blame(a, c[0], c[1], c[2], c[4], c[5]);
    if (*c[4]) ck_assert_msg(!pw_strlist_has(&a->kb_fix, c[4]), "[%s] %s: %s read as the fix", c[0], c[2], c[4]);
}

#endif
