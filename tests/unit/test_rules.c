/* Tests of the rules loader (rules/rules.h): every kind validates against its table, `rules check` reports
 * every error of a broken tree with file:line, and loaded rules come back per kind with their origin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pw_test.h"
#include "rules/rules.h"

static char dir[64];

static void put(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0700);
    *slash = '/';
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/pw_rules_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* runs pw_rules_check and returns its report with the temp dir prefix removed */
static int check(char *out, size_t size)
{
    memset(out, 0, size);
    FILE *rep = fmemopen(out, size, "w");
    int n = pw_rules_check(dir, rep);
    fclose(rep);
    size_t plen = strlen(dir) + 1;
    char *p;
    while ((p = strstr(out, dir))) memmove(p, p + plen, strlen(p + plen) + 1);
    return n;
}

static const char good_rules[] =
    "# two rules in one file\n"
    "- kind: signature\n"
    "  name: cluster-csv-paused\n"
    "  provider: Microsoft-Windows-FailoverClustering\n"
    "  event_ids: [5120, 5142]\n"
    "  params: [VolumeName]\n"
    "  message_regex: 'Cluster Shared Volume .* is no longer available'\n"
    "- kind: extract\n"
    "  name: kb\n"
    "  field: kb\n"
    "  pattern: '\\b(KB\\d{6,8})\\b'\n"
    "  normalize: upper\n";

START_TEST(test_valid_rules_load_per_kind_with_origin_and_defaults)
{
    put("signatures/a.yaml", good_rules);
    put("sources/msrc.yaml", "kind: source\nname: msrc\nurl: https://example.invalid/feed\nformat: cvrf\n"
                             "headers: {Accept: application/json}\nselectors: {item: article}\n");
    put("patches/wu.yml", "kind: patch\nname: wu-installed\nplatform: windows\n"
                          "match:\n  provider: Microsoft-Windows-WindowsUpdateClient\n  event_ids: [19]\n"
                          "extract:\n  kb: '(KB\\d+)'\n");
    put("thresholds/t.yaml", "kind: threshold\nname: default\nmin_hosts: 3\nconfidence: 0.95\n");
    put("notes.txt", "not a rule: ignored\n");
    put(".hidden.yaml", "kind: nonsense\n");
    pw_error err;
    pw_rules *r = pw_rules_load(dir, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_uint_eq(pw_rules_files(r), 4);
    ck_assert_uint_eq(pw_rules_count(r, "signature"), 1);
    ck_assert_uint_eq(pw_rules_count(r, "extract"), 1);
    ck_assert_uint_eq(pw_rules_count(r, "source"), 1);
    ck_assert_uint_eq(pw_rules_count(r, "patch"), 1);
    ck_assert_uint_eq(pw_rules_count(r, "threshold"), 1);
    ck_assert_uint_eq(pw_rules_count(r, "bogus"), 0);
    ck_assert_ptr_null(pw_rules_get(r, "signature", 1));
    const json_t *sig = pw_rules_get(r, "signature", 0);
    ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(sig, "event_ids"), 1)), 5142);
    int line = 0;
    const char *file = pw_rules_origin(r, "extract", 0, &line);
    ck_assert_ptr_nonnull(strstr(file, "signatures/a.yaml"));
    ck_assert_int_eq(line, 8);
    ck_assert_str_eq(json_string_value(json_object_get(pw_rules_find(r, "source", "msrc"), "interval")), "1h");
    ck_assert_str_eq(json_string_value(json_object_get(pw_rules_find(r, "source", "msrc"), "format")), "cvrf");
    ck_assert_str_eq(json_string_value(json_object_get(pw_rules_find(r, "patch", "wu-installed"), "action")),
                     "install");
    ck_assert_ptr_null(pw_rules_find(r, "patch", "nope"));
    pw_rules_free(r);
    char out[4096];
    ck_assert_int_eq(check(out, sizeof out), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_broken_tree_reports_every_error_with_file_and_line)
{
    put("a.yaml", good_rules);
    put("b/typo.yaml", "kind: signature\nname: s2\nprovder: X\nevent_ids: [5120, x]\n");
    put("b/regex.yaml", "- kind: extract\n  name: bad-regex\n  field: kb\n  pattern: '(KB\\d+'\n"
                        "- kind: patch\n  name: no-group\n  platform: windows\n  extract:\n    kb: 'KB\\d+'\n");
    put("c.yml", "kind: threshold\nname: t\nmin_hosts: [\n");
    put("d.yaml", "kind: signatur\nname: x\n");
    put("e.yaml", "kind: signature\nname: cluster-csv-paused\n");
    put("f.yaml", "kind: threshold\nname: t2\nconfidence: 1.5\nwindow_hours: 12h\n");
    put("g.yaml", "kind: source\nurl: ftp://x\nformat: rss2\ninterval: 90\n");
    put("h.yaml", "just a string\n");
    char out[8192];
    int n = check(out, sizeof out);
    const char *expect[] = {
        "b/regex.yaml:4: [0].pattern: bad regex at offset 6: missing closing parenthesis",
        "b/regex.yaml:9: [1].extract.kb: regex needs a capture group",
        "b/typo.yaml:3: provder: unknown key 'provder' (did you mean 'provider'?)",
        "b/typo.yaml:4: event_ids[1]: expected an integer, got string 'x'",
        "c.yml:4: syntax error",
        ("d.yaml:1: kind: bad value 'signatur' (expected one of: source, patch, signature, extract, threshold, "
         "scope; did you mean 'signature'?)"),
        "e.yaml:2: name: duplicate signature rule name 'cluster-csv-paused' (first at ",
        "f.yaml:3: confidence: must be between 0 and 1, got 1.5",
        "f.yaml:4: window_hours: expected an integer, got string '12h'",
        "g.yaml:1: name: missing required key 'name'",
        "g.yaml:2: url: bad URL 'ftp://x'",
        "g.yaml:3: format: bad value 'rss2'",
        "g.yaml:4: interval: expected a duration",
        "h.yaml:1: expected a rule",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        ck_assert_msg(strstr(out, expect[i]), "missing \"%s\" in:\n%s", expect[i], out);
    ck_assert_int_eq(n, (int)(sizeof expect / sizeof expect[0]));
    /* the good rules of a.yaml do not hide the errors elsewhere, and load refuses the tree */
    pw_error err;
    ck_assert_ptr_null(pw_rules_load(dir, &err));
    ck_assert_msg(strstr(err.msg, "b/regex.yaml:4: [0].pattern: bad regex") && strstr(err.msg, "(and 13 more errors)"),
                  "%s", err.msg);
}
END_TEST

START_TEST(test_missing_directory_is_one_error)
{
    char out[1024];
    FILE *rep = fmemopen(out, sizeof out, "w");
    ck_assert_int_eq(pw_rules_check("/nonexistent/rules", rep), 1);
    fclose(rep);
    ck_assert_msg(strstr(out, "/nonexistent/rules: No such file or directory"), "%s", out);
    pw_error err;
    ck_assert_ptr_null(pw_rules_load("/nonexistent/rules", &err));
    ck_assert_ptr_null(pw_rules_load(NULL, &err));
}
END_TEST

START_TEST(test_empty_directory_loads_no_rules)
{
    pw_error err;
    pw_rules *r = pw_rules_load(dir, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(pw_rules_count(r, "patch"), 0);
    ck_assert_uint_eq(pw_rules_files(r), 0);
    pw_rules_free(r);
}
END_TEST

START_TEST(test_shipped_rules_directory_is_valid)
{
    char path[4096];
    const char *src = getenv("PW_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/rules", src ? src : ".");
    ck_assert_int_eq(pw_rules_check(path, stderr), 0);
    pw_error err;
    pw_rules *r = pw_rules_load(path, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_ptr_nonnull(pw_rules_find(r, "threshold", "default"));
    pw_rules_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_valid_rules_load_per_kind_with_origin_and_defaults);
    tcase_add_test(tc, test_broken_tree_reports_every_error_with_file_and_line);
    tcase_add_test(tc, test_missing_directory_is_one_error);
    tcase_add_test(tc, test_empty_directory_loads_no_rules);
    tcase_add_test(tc, test_shipped_rules_directory_is_valid);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
