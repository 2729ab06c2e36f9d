/* Tests of the inventory reader (ingest/inventory_read.h) and the correlator taking its document
 * (pw_corr_set_inventory): the correlator opens no file, the reader names the file and line of a YAML error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "correlate/correlate.h"
#include "ingest/inventory_read.h"
#include "pw_test.h"

static const char *write_tmp(char *path, size_t cap, const char *text)
{
    snprintf(path, cap, "/tmp/pw-test-inventory-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(test_inventory_read_gives_the_document_the_correlator_takes)
{
    char path[64];
    pw_error err = {0};
    write_tmp(path, sizeof path,
              "hosts:\n  - {name: hv01, role: hyperv, cluster: clu1, ring: 1, pending: [KB5062557]}\n"
              "  - name: hv02\n    ring: 2\n");
    json_t *doc = pw_inventory_read(path, &err);
    unlink(path);
    ck_assert_msg(doc != NULL, "%s", err.msg);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "hosts")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(doc, "hosts"), 1), "ring")), "2");
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    pw_corr *c = pw_corr_new(&cfg, NULL, &err);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(pw_corr_set_inventory(c, doc, path, &err), 0);
    /* a document without a host list is refused, named */
    json_t *bad = json_pack("{s:[]}", "machines");
    ck_assert_int_eq(pw_corr_set_inventory(c, bad, "inv.yaml", &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "inv.yaml"));
    json_decref(bad);
    pw_corr_free(c);
    json_decref(doc);
}
END_TEST

START_TEST(test_inventory_read_names_file_and_line_of_a_yaml_error)
{
    char path[64];
    pw_error err = {0};
    write_tmp(path, sizeof path, "hosts:\n  - {name: hv01\n  - name: [unclosed\n");
    json_t *doc = pw_inventory_read(path, &err);
    unlink(path);
    ck_assert_ptr_null(doc);
    char want[80];
    snprintf(want, sizeof want, "%s:", path);
    ck_assert_msg(strstr(err.msg, want) != NULL, "%s", err.msg);
    ck_assert_ptr_null(pw_inventory_read("/nonexistent/inventory.yaml", &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/inventory.yaml"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("inventory_read");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_inventory_read_gives_the_document_the_correlator_takes);
    tcase_add_test(tc, test_inventory_read_names_file_and_line_of_a_yaml_error);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
