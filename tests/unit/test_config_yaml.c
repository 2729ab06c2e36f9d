/* Tests of the YAML/JSON -> jansson loader (core/pw_config_doc.h): scalar typing, line tracking, and that
 * malformed or hostile input gives an error naming file:line, never a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "core/pw_config_doc.h"
#include "core/pw_file.h"
#include "pw_test.h"

static pw_config_doc doc;
static pw_error err;

static int load(const char *text)
{
    pw_config_doc_free(&doc);
    memset(&err, 0, sizeof err);
    return pw_config_doc_load_mem(&doc, text, strlen(text), "t.yaml", &err);
}

static void teardown(void)
{
    pw_config_doc_free(&doc);
}

START_TEST(test_plain_scalars_become_numbers_bools_and_null_quoted_stay_strings)
{
    ck_assert_int_eq(load("i: 42\nneg: -7\nhex: 0x1f\noct: 0o17\nf: 2.5\ne: 1e3\nt: true\nF: False\nn: ~\n"
                          "empty:\nqi: \"42\"\nqt: 'true'\ns: hello world\nver: 1.2.3\ntagged: !!str 12\n"),
                     0);
    json_t *r = doc.root;
    ck_assert(json_is_integer(json_object_get(r, "i")));
    ck_assert_int_eq(json_integer_value(json_object_get(r, "i")), 42);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "neg")), -7);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "hex")), 31);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "oct")), 15);
    ck_assert(json_is_real(json_object_get(r, "f")));
    ck_assert(json_real_value(json_object_get(r, "e")) == 1000.0);
    ck_assert(json_is_true(json_object_get(r, "t")));
    ck_assert(json_is_false(json_object_get(r, "F")));
    ck_assert(json_is_null(json_object_get(r, "n")));
    ck_assert(json_is_null(json_object_get(r, "empty")));
    ck_assert_str_eq(json_string_value(json_object_get(r, "qi")), "42");
    ck_assert_str_eq(json_string_value(json_object_get(r, "qt")), "true");
    ck_assert_str_eq(json_string_value(json_object_get(r, "s")), "hello world");
    ck_assert_str_eq(json_string_value(json_object_get(r, "ver")), "1.2.3");
    ck_assert_str_eq(json_string_value(json_object_get(r, "tagged")), "12");
}
END_TEST

START_TEST(test_yaml_1_1_words_like_yes_and_on_stay_strings)
{
    ck_assert_int_eq(load("a: yes\nb: on\nc: NO\n"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(doc.root, "a")), "yes");
    ck_assert_str_eq(json_string_value(json_object_get(doc.root, "b")), "on");
    ck_assert_str_eq(json_string_value(json_object_get(doc.root, "c")), "NO");
}
END_TEST

START_TEST(test_nested_sections_and_lists_keep_their_lines)
{
    ck_assert_int_eq(load("# comment\nsources:\n  - kind: evtx\n    path: x\n\n  - kind: tail\n    path: y\n"
                          "stages:\n  correlate:\n    shards: 2\n"),
                     0);
    ck_assert_int_eq(pw_config_doc_line(&doc, "sources"), 2);
    ck_assert_int_eq(pw_config_doc_line(&doc, "sources[0]"), 3);
    ck_assert_int_eq(pw_config_doc_line(&doc, "sources[0].path"), 4);
    ck_assert_int_eq(pw_config_doc_line(&doc, "sources[1].kind"), 6);
    ck_assert_int_eq(pw_config_doc_line(&doc, "stages.correlate.shards"), 10);
    /* a missing key falls back to its nearest ancestor: that is where it should have been */
    ck_assert_int_eq(pw_config_doc_line(&doc, "sources[1].checkpoint"), 6);
    ck_assert_int_eq(pw_config_doc_line(&doc, "stages.correlate.nope"), 9);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_object_get(doc.root, "stages"),
                                                                        "correlate"),
                                                        "shards")),
                     2);
}
END_TEST

START_TEST(test_json_goes_through_the_same_parser_with_lines)
{
    ck_assert_int_eq(load("{\n\t\"a\":1,\n\t\"b\": {\"c\":[1, 2.5, \"x\", true, null]},\n\t\"u\": \"caf\\u00e9\"\n}\n"),
                     0);
    ck_assert_int_eq(json_integer_value(json_object_get(doc.root, "a")), 1);
    json_t *c = json_object_get(json_object_get(doc.root, "b"), "c");
    ck_assert_int_eq(json_array_size(c), 5);
    ck_assert(json_is_integer(json_array_get(c, 0)));
    ck_assert(json_is_real(json_array_get(c, 1)));
    ck_assert(json_is_string(json_array_get(c, 2)));
    ck_assert(json_is_true(json_array_get(c, 3)));
    ck_assert(json_is_null(json_array_get(c, 4)));
    ck_assert_str_eq(json_string_value(json_object_get(doc.root, "u")), "caf\xc3\xa9");
    ck_assert_int_eq(pw_config_doc_line(&doc, "b.c"), 3);
    ck_assert_int_eq(pw_config_doc_line(&doc, "u"), 4);
}
END_TEST

START_TEST(test_duplicate_key_names_both_lines)
{
    ck_assert_int_eq(load("sinks:\n  - kind: jsonl\n    path: a\n    path: b\n"), -1);
    ck_assert_str_eq(err.msg, "t.yaml:4: sinks[0].path: duplicate key 'path' (first at line 3)");
}
END_TEST

START_TEST(test_malformed_yaml_names_the_line)
{
    ck_assert_int_eq(load("a: 1\nb:\n  - x\n   c: 2\n"), -1);
    ck_assert_msg(strncmp(err.msg, "t.yaml:4: syntax error", 22) == 0, "%s", err.msg);
    ck_assert_int_eq(load("a: [1, 2\nb: 3\n"), -1);
    ck_assert_msg(strstr(err.msg, "t.yaml:") && strstr(err.msg, "syntax error"), "%s", err.msg);
    ck_assert_int_eq(load("a: \"unterminated\n"), -1);
    ck_assert_msg(strncmp(err.msg, "t.yaml:", 7) == 0, "%s", err.msg);
}
END_TEST

START_TEST(test_aliases_are_refused)
{
    /* the start of a billion-laughs document: refused at the first alias */
    ck_assert_int_eq(load("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n"), -1);
    ck_assert_str_eq(err.msg, "t.yaml:2: b[0]: aliases (*name) are not supported");
}
END_TEST

START_TEST(test_unsupported_tags_and_complex_keys_are_errors)
{
    ck_assert_int_eq(load("a: !!python/object foo\n"), -1);
    ck_assert_msg(strstr(err.msg, "t.yaml:1: a: unsupported tag"), "%s", err.msg);
    ck_assert_int_eq(load("? [a, b]\n: 1\n"), -1);
    ck_assert_msg(strstr(err.msg, "t.yaml:1: only plain keys"), "%s", err.msg);
}
END_TEST

START_TEST(test_more_than_one_document_is_an_error)
{
    ck_assert_int_eq(load("a: 1\n---\nb: 2\n"), -1);
    ck_assert_str_eq(err.msg, "t.yaml:2: more than one YAML document (--- separator); use one document per file");
}
END_TEST

START_TEST(test_integer_overflow_and_nul_are_errors)
{
    ck_assert_int_eq(load("big: 99999999999999999999\n"), -1);
    ck_assert_str_eq(err.msg, "t.yaml:1: big: integer out of range: 99999999999999999999");
    ck_assert_int_eq(load("f: 1e999\n"), -1);
    ck_assert_msg(strstr(err.msg, "t.yaml:1: f: number out of range"), "%s", err.msg);
    ck_assert_int_eq(load("s: \"a\\0b\"\n"), -1);
    ck_assert_str_eq(err.msg, "t.yaml:1: s: string contains a NUL byte");
}
END_TEST

START_TEST(test_nesting_deeper_than_the_cap_is_refused)
{
    char buf[4 * (PW_CONFIG_DEPTH_MAX + 10)];
    size_t n = 0;
    for (int i = 0; i < PW_CONFIG_DEPTH_MAX + 5; i++) buf[n++] = '[';
    for (int i = 0; i < PW_CONFIG_DEPTH_MAX + 5; i++) buf[n++] = ']';
    buf[n] = '\0';
    ck_assert_int_eq(load(buf), -1);
    ck_assert_msg(strstr(err.msg, "nested deeper than"), "%s", err.msg);
    ck_assert_int_eq(err.code, PW_ERR_LIMIT);
    /* just under the cap is fine */
    n = 0;
    for (int i = 0; i < PW_CONFIG_DEPTH_MAX; i++) buf[n++] = '[';
    for (int i = 0; i < PW_CONFIG_DEPTH_MAX; i++) buf[n++] = ']';
    buf[n] = '\0';
    ck_assert_int_eq(load(buf), 0);
}
END_TEST

START_TEST(test_node_count_and_size_caps)
{
    /* "[0,0,0,...]" with more nodes than allowed, still well under the size cap */
    size_t count = PW_CONFIG_NODES_MAX + 10, n = 0;
    char *buf = malloc(count * 2 + 4);
    ck_assert_ptr_nonnull(buf);
    buf[n++] = '[';
    for (size_t i = 0; i < count; i++) {
        buf[n++] = '0';
        buf[n++] = ',';
    }
    buf[n - 1] = ']';
    buf[n] = '\0';
    ck_assert_int_eq(load(buf), -1);
    ck_assert_msg(strstr(err.msg, "nodes in one document"), "%s", err.msg);
    free(buf);
    /* over the size cap: refused before parsing */
    pw_config_doc_free(&doc);
    ck_assert_int_eq(pw_config_doc_load_mem(&doc, "a", PW_CONFIG_FILE_MAX + 1, "big.yaml", &err), -1);
    ck_assert_int_eq(err.code, PW_ERR_LIMIT);
}
END_TEST

START_TEST(test_files_missing_directories_and_devices)
{
    ck_assert_int_eq(pw_config_doc_load_file(&doc, "/nonexistent/x.yaml", &err), -1);
    ck_assert_int_eq(err.code, PW_ERR_IO);
    ck_assert_int_eq(pw_config_doc_load_file(&doc, "/tmp", &err), -1);
    ck_assert_msg(strstr(err.msg, "not a regular file"), "%s", err.msg);
    ck_assert_int_eq(pw_config_doc_load_file(&doc, "/dev/zero", &err), -1);
}
END_TEST

/* pw_file_read, which reads configuration and model files: exactly the cap is read, one byte more is refused */
START_TEST(test_whole_files_are_read_up_to_their_cap)
{
    char path[] = "/tmp/pw-file-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "0123456789", 10), 10);
    close(fd);
    size_t len = 0;
    char *buf = pw_file_read(path, 10, &len, &err);
    ck_assert_msg(buf != NULL, "%s", err.msg);
    ck_assert_uint_eq(len, 10);
    ck_assert_str_eq(buf, "0123456789");
    free(buf);
    ck_assert_ptr_null(pw_file_read(path, 9, &len, &err));
    ck_assert_int_eq(err.code, PW_ERR_LIMIT);
    ck_assert_msg(strstr(err.msg, "larger than 9 bytes"), "%s", err.msg);
    unlink(path);
}
END_TEST

START_TEST(test_empty_document_is_null_and_invalid_utf8_is_an_error)
{
    ck_assert_int_eq(load(""), 0);
    ck_assert(json_is_null(doc.root));
    ck_assert_int_eq(load("# only a comment\n"), 0);
    ck_assert(json_is_null(doc.root));
    ck_assert_int_eq(load("a: \xff\xfe\n"), -1);
    ck_assert_msg(strstr(err.msg, "t.yaml"), "%s", err.msg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config_yaml");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_plain_scalars_become_numbers_bools_and_null_quoted_stay_strings);
    tcase_add_test(tc, test_yaml_1_1_words_like_yes_and_on_stay_strings);
    tcase_add_test(tc, test_nested_sections_and_lists_keep_their_lines);
    tcase_add_test(tc, test_json_goes_through_the_same_parser_with_lines);
    tcase_add_test(tc, test_duplicate_key_names_both_lines);
    tcase_add_test(tc, test_malformed_yaml_names_the_line);
    tcase_add_test(tc, test_aliases_are_refused);
    tcase_add_test(tc, test_unsupported_tags_and_complex_keys_are_errors);
    tcase_add_test(tc, test_more_than_one_document_is_an_error);
    tcase_add_test(tc, test_integer_overflow_and_nul_are_errors);
    tcase_add_test(tc, test_nesting_deeper_than_the_cap_is_refused);
    tcase_add_test(tc, test_node_count_and_size_caps);
    tcase_add_test(tc, test_files_missing_directories_and_devices);
    tcase_add_test(tc, test_whole_files_are_read_up_to_their_cap);
    tcase_add_test(tc, test_empty_document_is_null_and_invalid_utf8_is_an_error);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
