/* feeds_test_util: helpers for the feed parser suites (test_csaf, test_cvrf, test_rss, test_release_health,
 * test_html, test_extract): parse a file into a JSON array of advisories and look fields up. */
#ifndef PW_FEEDS_TEST_UTIL_H
#define PW_FEEDS_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parsers/advisory_parse.h"
#include "pw_test.h"

static inline int ft_collect(const pw_advisory *a, void *ud)
{
    json_array_append_new((json_t *)ud, pw_advisory_to_jansson(a));
    return 0;
}

/* Parses data; returns the advisories (array, never NULL); *rc gets the parser's return value. */
static inline json_t *ft_parse_mem(const char *format, const char *data, size_t len, int extract, int *rc, pw_error *err)
{
    json_t *arr = json_array();
    pw_extractor *x = extract ? pw_extractor_new(NULL, err) : NULL;
    pw_advisory_opts o = {.name = "test", .extractor = x};
    *rc = pw_advisory_parse_ex(format, data, len, "test", &o, ft_collect, arr, err);
    pw_extractor_free(x);
    return arr;
}

/* Parses a file under ../shared/data (shared != 0) or tests/fixtures; NULL when the file is absent. */
static inline json_t *ft_parse_file(const char *format, const char *rel, int shared, int extract, int *rc, pw_error *err)
{
    char path[1024];
    size_t len;
    if (shared ? !pw_test_shared_path(path, sizeof path, rel) : !pw_test_fixture(path, sizeof path, rel)) return NULL;
    char *data = pw_test_read_file(path, &len);
    ck_assert_msg(data != NULL, "cannot read %s", path);
    json_t *arr = ft_parse_mem(format, data, len, extract, rc, err);
    free(data);
    return arr;
}

static inline json_t *ft_find(const json_t *arr, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(json_object_get(v, "id"));
        if (s && strcmp(s, id) == 0) return v;
    }
    return NULL;
}

static inline const char *ft_str(const json_t *adv, const char *key)
{
    return json_string_value(json_object_get(adv, key));
}

static inline int ft_has(const json_t *adv, const char *list, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(adv, list), i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), value) == 0) return 1;
    return 0;
}

static inline size_t ft_count(const json_t *adv, const char *list) { return json_array_size(json_object_get(adv, list)); }

#define FT_STR_EQ(adv, key, want) ck_assert_str_eq(ft_str((adv), (key)) ? ft_str((adv), (key)) : "(null)", (want))

#endif
