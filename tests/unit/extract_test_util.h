/* extract_test_util: the fixture of the report-understanding suites (test_report_understanding,
 * test_report_vocabulary): one extractor with the shipped vocabulary, and a post read through it. */
#ifndef PW_EXTRACT_TEST_UTIL_H
#define PW_EXTRACT_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

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

#endif
