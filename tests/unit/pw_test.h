/* pw_test: shared helpers for the Check suites: locating ../shared/data and fixtures, and the runner. */
#ifndef PW_TEST_H
#define PW_TEST_H

#include <check.h>

#define PW_TEST_SKIP 77 /* ctest SKIP_RETURN_CODE */

/* ../shared/data (from PW_SHARED_DATA), or NULL when this clone has none. */
const char *pw_test_shared_data(void);
/* Path under ../shared/data into buf; NULL (and a "skipped: ..." line on stderr) when absent. */
const char *pw_test_shared_path(char *buf, size_t size, const char *rel);
/* Path under tests/fixtures into buf. */
const char *pw_test_fixture(char *buf, size_t size, const char *rel);
/* Reads a whole file (test data only); returns malloc'd bytes or NULL; sets *len. */
char *pw_test_read_file(const char *path, size_t *len);
/* Runs the suite; returns the process exit status (0 when every test passed). */
int pw_test_run(Suite *s);

#endif
