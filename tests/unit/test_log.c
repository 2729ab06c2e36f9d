/* test_log: log lines cannot be forged or turned into terminal escapes by what they quote (control bytes and
 * invalid UTF-8 become \xNN, valid UTF-8 stays), and --log-format json writes one parseable object per line. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "pw_test.h"

START_TEST(test_log_escape_text)
{
    char out[256];
    pw_log_escape(out, sizeof out, "bad\nline\x1b[31mred \xff caf\xc3\xa9 \xed\xa0\x80", 0);
    ck_assert_str_eq(out, "bad\\x0Aline\\x1B[31mred \\xFF caf\xc3\xa9 \\xED\\xA0\\x80");
    pw_log_escape(out, 8, "abcdefghij", 0);
    ck_assert_str_eq(out, "abcdefg");
    pw_log_escape(out, 6, "ab\xc3\xa9\xc3\xa9", 0); /* cut at a character boundary */
    ck_assert_str_eq(out, "ab\xc3\xa9");
}
END_TEST

/* Runs pw_log with stderr sent to a file and returns what was written (malloc'd). */
static char *capture(pw_log_format f, const char *msg)
{
    char path[] = "/tmp/pw-test-log-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    int saved = dup(2);
    dup2(fd, 2);
    pw_log_set_format(f);
    pw_log_set_level(PW_LOG_INFO);
    pw_log_warn("quoted: %s", msg);
    dup2(saved, 2);
    close(saved);
    size_t n;
    char *text = pw_test_read_file(path, &n);
    close(fd);
    unlink(path);
    return text;
}

START_TEST(test_log_json_lines_parse)
{
    char *text = capture(PW_LOG_JSON, "a \"title\" with \\ and\nnewline \xff");
    ck_assert_int_eq((int)(strchr(text, '\n') - text), (int)strlen(text) - 1); /* one line */
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    ck_assert_msg(j != NULL, "not JSON: %s (%s)", text, je.text);
    ck_assert_str_eq(json_string_value(json_object_get(j, "level")), "warn");
    ck_assert_str_eq(json_string_value(json_object_get(j, "msg")), "quoted: a \"title\" with \\ and\nnewline \\xFF");
    ck_assert_int_eq((int)strlen(json_string_value(json_object_get(j, "ts"))), 27);
    json_decref(j);
    free(text);
    text = capture(PW_LOG_TEXT, "x\ny");
    ck_assert_str_eq(text, "patchwatch: warn: quoted: x\\x0Ay\n");
    free(text);
}
END_TEST

START_TEST(test_log_format_parse)
{
    pw_log_format f;
    ck_assert_int_eq(pw_log_format_parse("json", &f), 0);
    ck_assert_int_eq(f, PW_LOG_JSON);
    ck_assert_int_eq(pw_log_format_parse("xml", &f), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("log");
    tcase_add_test(tc, test_log_escape_text);
    tcase_add_test(tc, test_log_json_lines_parse);
    tcase_add_test(tc, test_log_format_parse);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
