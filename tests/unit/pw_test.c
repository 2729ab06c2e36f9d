/* pw_test: helpers shared by the Check suites (see pw_test.h). */
#include "pw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

const char *pw_test_shared_data(void)
{
    const char *d = getenv("PW_SHARED_DATA");
    struct stat st;
    if (!d || stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    return d;
}

const char *pw_test_shared_path(char *buf, size_t size, const char *rel)
{
    const char *d = pw_test_shared_data();
    struct stat st;
    if (!d) {
        fprintf(stderr, "skipped: ../shared/data is not present (a user's clone has none)\n");
        return NULL;
    }
    snprintf(buf, size, "%s/%s", d, rel);
    if (stat(buf, &st) != 0) {
        fprintf(stderr, "skipped: %s is not present\n", buf);
        return NULL;
    }
    return buf;
}

const char *pw_test_fixture(char *buf, size_t size, const char *rel)
{
    const char *src = getenv("PW_SOURCE_DIR");
    snprintf(buf, size, "%s/tests/fixtures/%s", src ? src : ".", rel);
    return buf;
}

char *pw_test_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p && fread(p, 1, (size_t)n, fp) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(fp);
    if (p) {
        p[n] = '\0';
        *len = (size_t)n;
    }
    return p;
}

int pw_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
