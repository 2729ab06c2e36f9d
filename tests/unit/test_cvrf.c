/* test_cvrf: MSRC CVRF on every real file in ../shared/data/feeds/msrc-cvrf/ (XML; fields pinned from the
 * files), the JSON flavour (fixture), and damaged documents. */
#include <check.h>
#include <stdio.h>

#include "feeds_test_util.h"

START_TEST(test_cvrf_2017_may_b_document_only_with_release_notes_text)
{
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_file("cvrf", "feeds/msrc-cvrf/cvrfDocument-2017-May-B.xml", 1, 0, &rc, &err);
    if (!arr) return;
    ck_assert_msg(rc == 1, "rc %d: %s", rc, err.msg);
    json_t *a = json_array_get(arr, 0);
    FT_STR_EQ(a, "id", "2017-May-B");
    FT_STR_EQ(a, "title", "May 8 2017 Security Updates");
    FT_STR_EQ(a, "published", "2017-05-08T07:00:00.000000Z");
    FT_STR_EQ(a, "updated", "2017-05-08T07:00:00.000000Z");
    FT_STR_EQ(a, "status", "advisory");
    const char *text = ft_str(a, "text");
    ck_assert_ptr_nonnull(strstr(text, "Windows Defender"));
    ck_assert_ptr_nonnull(strstr(text, "Known Issues"));
    ck_assert_ptr_null(strstr(text, "<p>"));           /* HTML notes became text */
    ck_assert_ptr_null(strstr(text, "without warranty")); /* legal disclaimer left out */
    json_decref(arr);
}
END_TEST

START_TEST(test_cvrf_oct_oob_advisory_has_kb_and_product_names)
{
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_file("cvrf", "feeds/msrc-cvrf/cvrfDocument-Oct-OOB.xml", 1, 0, &rc, &err);
    if (!arr) return;
    ck_assert_msg(rc == 2, "rc %d: %s", rc, err.msg);
    json_t *d = ft_find(arr, "Oct-OOB");
    ck_assert_ptr_nonnull(d);
    FT_STR_EQ(d, "title", "October 27, 2016 Security Update");
    FT_STR_EQ(d, "published", "2016-10-27T07:00:00.000000Z");
    json_t *v = ft_find(arr, "ADV160008");
    ck_assert_ptr_nonnull(v);
    FT_STR_EQ(v, "title", "Adobe Flash OOB");
    ck_assert_int_eq(ft_count(v, "kb"), 1);
    ck_assert(ft_has(v, "kb", "KB3201860"));
    ck_assert_int_eq(ft_count(v, "cve"), 0); /* an ADV id is not a CVE */
    ck_assert_int_eq(ft_count(v, "products"), 11);
    ck_assert(ft_has(v, "products", "Adobe Flash Player on Windows Server 2012 R2"));
    json_decref(arr);
    /* with extraction the CVE named in the notes is added */
    arr = ft_parse_file("cvrf", "feeds/msrc-cvrf/cvrfDocument-Oct-OOB.xml", 1, 1, &rc, &err);
    ck_assert(ft_has(ft_find(arr, "ADV160008"), "cve", "CVE-2016-7855"));
    json_decref(arr);
}
END_TEST

START_TEST(test_cvrf_2025_jun_every_vulnerability_with_kbs_products_and_dates)
{
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_file("cvrf", "feeds/msrc-cvrf/cvrfDocument-2025-Jun.xml", 1, 0, &rc, &err);
    if (!arr) return;
    ck_assert_msg(rc == 138, "rc %d: %s", rc, err.msg); /* the document + 137 vulnerabilities */
    json_t *d = json_array_get(arr, 0);
    FT_STR_EQ(d, "id", "2025-Jun");
    FT_STR_EQ(d, "title", "June 2025 Security Updates");
    FT_STR_EQ(d, "published", "2025-06-10T07:00:00.000000Z");
    FT_STR_EQ(d, "updated", "2025-06-23T00:00:00.000000Z");
    json_t *v = ft_find(arr, "CVE-2025-33073");
    ck_assert_ptr_nonnull(v);
    FT_STR_EQ(v, "title", "Windows SMB Client Elevation of Privilege Vulnerability");
    FT_STR_EQ(v, "url", "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2025-33073");
    FT_STR_EQ(v, "published", "2025-06-10T07:00:00.000000Z");
    FT_STR_EQ(v, "updated", "2025-06-11T07:00:00.000000Z");
    ck_assert_int_eq(ft_count(v, "kb"), 16);
    ck_assert(ft_has(v, "kb", "KB5060531") && ft_has(v, "kb", "KB5060842"));
    ck_assert(ft_has(v, "cve", "CVE-2025-33073"));
    ck_assert(ft_has(v, "products", "Windows Server 2019"));
    ck_assert_int_eq(ft_count(v, "products"), 37);
    json_t *m = ft_find(arr, "CVE-2023-40549"); /* Mariner: no title, package fixes (no KB) */
    FT_STR_EQ(m, "title", "CVE-2023-40549");
    ck_assert_int_eq(ft_count(m, "kb"), 0);
    ck_assert(ft_has(m, "products", "Azure Linux 3.0 ARM"));
    /* repeated NVD notes are kept once */
    const char *t = ft_str(m, "text");
    const char *first = strstr(t, "https://nvd.nist.gov/vuln/detail/CVE-2023-40549");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(strstr(first + 1, "https://nvd.nist.gov/vuln/detail/CVE-2023-40549"));
    size_t i, with_kb = 0;
    json_t *a;
    json_array_foreach(arr, i, a) with_kb += ft_count(a, "kb") > 0;
    ck_assert_int_eq(with_kb, 57);
    json_decref(arr);
}
END_TEST

START_TEST(test_cvrf_json_flavour_maps_like_xml)
{
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_file("cvrf", "feeds/cvrf-sample.json", 0, 0, &rc, &err);
    ck_assert_msg(rc == 2, "rc %d: %s", rc, err.msg);
    json_t *d = ft_find(arr, "2025-Jul");
    FT_STR_EQ(d, "title", "July 2025 Security Updates");
    FT_STR_EQ(d, "published", "2025-07-08T07:00:00.000000Z");
    FT_STR_EQ(d, "updated", "2025-07-09T00:00:00.000000Z");
    ck_assert_ptr_null(strstr(ft_str(d, "text"), "information provided"));
    json_t *v = ft_find(arr, "CVE-2025-47981");
    FT_STR_EQ(v, "title", "Windows Failover Cluster Information Disclosure Vulnerability");
    ck_assert_int_eq(ft_count(v, "kb"), 1);
    ck_assert(ft_has(v, "kb", "KB5062557"));
    ck_assert(ft_has(v, "products", "Windows Server 2019 (Server Core installation)"));
    json_decref(arr);
}
END_TEST

START_TEST(test_cvrf_truncated_xml_keeps_what_came_before_and_names_the_line)
{
    char path[1024];
    size_t len;
    if (!pw_test_shared_path(path, sizeof path, "feeds/msrc-cvrf/cvrfDocument-Oct-OOB.xml")) return;
    char *data = pw_test_read_file(path, &len);
    const char *vuln = strstr(data, "<vuln:Vulnerability");
    ck_assert_ptr_nonnull(vuln);
    size_t cut = (size_t)(vuln - data) + 200;
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_mem("cvrf", data, cut, 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(ft_find(arr, "Oct-OOB")); /* the document advisory was delivered */
    ck_assert_msg(strstr(err.msg, "test:") && strstr(err.msg, "malformed XML"), "%s", err.msg);
    json_decref(arr);
    free(data);
}
END_TEST

START_TEST(test_cvrf_wrong_root_and_missing_id_are_errors)
{
    pw_error err = {0};
    int rc;
    const char *rss = "<rss version='2.0'><channel/></rss>";
    json_t *arr = ft_parse_mem("cvrf", rss, strlen(rss), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a CVRF document"));
    json_decref(arr);
    const char *noid = "<cvrfdoc><DocumentTitle>x</DocumentTitle></cvrfdoc>";
    arr = ft_parse_mem("cvrf", noid, strlen(noid), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "Identification/ID"));
    json_decref(arr);
    const char *json = "{\"DocumentTitle\": {\"Value\": \"x\"}}";
    arr = ft_parse_mem("cvrf", json, strlen(json), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    json_decref(arr);
}
END_TEST

static int on_url(const char *url, const char *format, void *ud)
{
    char *out = ud;
    ck_assert_str_eq(format, "cvrf");
    strcat(out, url);
    strcat(out, " ");
    return 0;
}

START_TEST(test_cvrf_updates_list_gives_the_most_recent_documents)
{
    const char *list = "{\"value\": ["
                       "{\"ID\": \"2025-May\", \"CurrentReleaseDate\": \"2025-05-13T07:00:00Z\", \"CvrfUrl\": \"https://m/May\"},"
                       "{\"ID\": \"2025-Jul\", \"CurrentReleaseDate\": \"2025-07-09T00:00:00Z\", \"CvrfUrl\": \"https://m/Jul\"},"
                       "{\"ID\": \"2016-Oct\", \"CurrentReleaseDate\": \"2016-10-27T07:00:00Z\", \"CvrfUrl\": \"file:///x\"},"
                       "{\"ID\": \"2025-Jan\", \"CurrentReleaseDate\": \"2025-01-14T08:00:00Z\", \"CvrfUrl\": \"https://m/Jan\"}]}";
    char got[256] = "";
    pw_error err = {0};
    ck_assert_int_eq(pw_cvrf_discover(list, strlen(list), "t", 2, on_url, got, &err), 2);
    ck_assert_str_eq(got, "https://m/Jul https://m/May ");
    int rc;
    json_t *arr = ft_parse_mem("cvrf", list, strlen(list), 0, &rc, &err);
    ck_assert_int_eq(rc, 0); /* the list itself is not an advisory */
    json_decref(arr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cvrf");
    TCase *t = tcase_create("cvrf");
    tcase_add_test(t, test_cvrf_2017_may_b_document_only_with_release_notes_text);
    tcase_add_test(t, test_cvrf_oct_oob_advisory_has_kb_and_product_names);
    tcase_add_test(t, test_cvrf_2025_jun_every_vulnerability_with_kbs_products_and_dates);
    tcase_add_test(t, test_cvrf_json_flavour_maps_like_xml);
    tcase_add_test(t, test_cvrf_truncated_xml_keeps_what_came_before_and_names_the_line);
    tcase_add_test(t, test_cvrf_wrong_root_and_missing_id_are_errors);
    tcase_add_test(t, test_cvrf_updates_list_gives_the_most_recent_documents);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return pw_test_run(suite()); }
