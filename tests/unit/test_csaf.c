/* test_csaf: CSAF 2.0 documents, ROLIE feeds and discovery documents, on every real file in
 * ../shared/data/feeds/csaf/ (fields pinned from the files) plus malformed input. */
#include <check.h>
#include <stdio.h>

#include "feeds_test_util.h"

typedef struct {
    const char *file;
    int count;
    const char *id, *title, *published, *updated, *url, *first_cve;
    size_t ncve, nproducts;
} csaf_case;

static const csaf_case cases[] = {
    {"2022-evd-uc-01-a-001.json", 1, "2022-EVD-UC-01-A-001", "Example VEX Document Use Case 1 - Affected",
     "2022-03-03T11:00:00.000000Z", "2022-03-03T11:00:00.000000Z", NULL, "CVE-2021-44228", 1, 1},
    {"2022-evd-uc-03-ms-001.json", 1, "2022-EVD-UC-03-MS-001", "Example VEX Document Use Case 3 - Multiple statuses",
     "2022-03-03T11:00:00.000000Z", "2022-03-03T11:00:00.000000Z", NULL, "CVE-2020-11896", 19, 1},
    {"bsi-2022-0001.json", 1, "BSI-2022-0001", "CVRF-CSAF-Converter: XML External Entities Vulnerability",
     "2022-03-17T13:03:42.105000Z", "2022-03-17T13:03:42.105000Z", NULL, "CVE-2022-27193", 1, 6},
    {"cisco-sa-20180328-smi2.json", 1, "cisco-sa-20180328-smi2",
     "Cisco IOS and IOS XE Software Smart Install Remote Code Execution Vulnerability", "2018-03-28T16:00:00.000000Z",
     "2018-04-17T15:08:41.000000Z",
     "https://tools.cisco.com/security/center/content/CiscoSecurityAdvisory/cisco-sa-20180328-smi2", "CVE-2018-0171",
     1, 259},
    {"rhsa-2019_1862.json", 1, "RHSA-2019:1862",
     "Red Hat Security Advisory: Red Hat OpenShift Enterprise one-month end-of-life notice",
     "2019-07-26T06:38:00.000000Z", "2019-07-26T06:38:00.000000Z", "https://access.redhat.com/errata/RHSA-2019:1862",
     NULL, 0, 1},
    {"rhsa-2021_5186.json", 1, "RHSA-2021:5186",
     "Red Hat Security Advisory: OpenShift Container Platform 4.6.52 security update", "2021-12-16T22:34:00.000000Z",
     "2021-12-16T22:34:00.000000Z", "https://access.redhat.com/errata/RHSA-2021:5186", "CVE-2021-4104", 2, 0},
    {"sec-vex-2022-0001.json", 1, "SEC-VEX-2022-0001", "Secvisogram not affected by Log4Shell",
     "2022-05-27T10:00:00.000000Z", "2022-05-27T10:00:00.000000Z", NULL, "CVE-2021-44228", 3, 1},
    {"example-01-feed-tlp-white.json", 1, "2020-ESA-001", "Example Security Advisory 001", "2021-01-01T11:00:00.000000Z",
     "2021-01-01T12:00:00.000000Z", "https://psirt.domain.tld/advisories/csaf/2020/2020-ESA-001.json", NULL, 0, 0},
    {"example-01-provider-metadata.json", 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0},
    {"example-01-aggregator.json", 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0},
    {"example-01-service.json", 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0},
    {"example-01-category.json", 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0},
};

START_TEST(test_csaf_every_shared_file_gives_pinned_fields)
{
    const csaf_case *c = &cases[_i];
    char rel[256];
    pw_error err = {0};
    int rc;
    snprintf(rel, sizeof rel, "feeds/csaf/%s", c->file);
    json_t *arr = ft_parse_file("csaf", rel, 1, 0, &rc, &err);
    if (!arr) return; /* no shared data: skipped */
    ck_assert_msg(rc == c->count, "%s: rc %d (%s)", c->file, rc, err.msg);
    ck_assert_int_eq(json_array_size(arr), (size_t)c->count);
    if (c->count) {
        json_t *a = json_array_get(arr, 0);
        FT_STR_EQ(a, "id", c->id);
        FT_STR_EQ(a, "title", c->title);
        FT_STR_EQ(a, "published", c->published);
        FT_STR_EQ(a, "updated", c->updated);
        FT_STR_EQ(a, "status", "advisory");
        FT_STR_EQ(a, "source", "test");
        if (c->url) FT_STR_EQ(a, "url", c->url);
        else ck_assert_ptr_null(json_object_get(a, "url"));
        ck_assert_int_eq(ft_count(a, "cve"), c->ncve);
        if (c->first_cve) ck_assert_str_eq(json_string_value(json_array_get(json_object_get(a, "cve"), 0)), c->first_cve);
        if (c->nproducts) ck_assert_int_eq(ft_count(a, "products"), c->nproducts);
        ck_assert_ptr_nonnull(ft_str(a, "text"));
    }
    json_decref(arr);
}
END_TEST

START_TEST(test_csaf_rhsa_extraction_adds_cves_named_in_notes_and_keeps_legal_text_out)
{
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_file("csaf", "feeds/csaf/rhsa-2021_5186.json", 1, 1, &rc, &err);
    if (!arr) return;
    json_t *a = json_array_get(arr, 0);
    ck_assert_int_eq(ft_count(a, "cve"), 4);
    ck_assert(ft_has(a, "cve", "CVE-2021-4104") && ft_has(a, "cve", "CVE-2021-4125") &&
              ft_has(a, "cve", "CVE-2021-44228") && ft_has(a, "cve", "CVE-2021-45046"));
    ck_assert_ptr_null(strstr(ft_str(a, "text"), "Copyright"));
    json_decref(arr);
}
END_TEST

typedef struct {
    int n;
    char url[8][256], format[8][32];
} disc;

static int on_url(const char *url, const char *format, void *ud)
{
    disc *d = ud;
    if (d->n < 8) {
        snprintf(d->url[d->n], sizeof d->url[0], "%s", url);
        snprintf(d->format[d->n], sizeof d->format[0], "%s", format);
    }
    d->n++;
    return 0;
}

static int discover_file(const char *rel, disc *d)
{
    char path[1024];
    size_t len;
    pw_error err = {0};
    if (!pw_test_shared_path(path, sizeof path, rel)) return -2;
    char *data = pw_test_read_file(path, &len);
    memset(d, 0, sizeof *d);
    int n = pw_csaf_discover(data, len, rel, on_url, d, &err);
    free(data);
    return n;
}

START_TEST(test_csaf_discovery_follows_provider_aggregator_service_and_feed)
{
    disc d;
    if (discover_file("feeds/csaf/example-01-provider-metadata.json", &d) == -2) return;
    ck_assert_int_eq(d.n, 1);
    ck_assert_str_eq(d.url[0], "https://www.example.com/.well-known/csaf/feed-tlp-white.json");
    ck_assert_str_eq(d.format[0], "rolie");
    ck_assert_int_eq(discover_file("feeds/csaf/example-01-aggregator.json", &d), 2);
    ck_assert_str_eq(d.url[0], "https://www.example.com/.well-known/csaf/provider-metadata.json");
    ck_assert_str_eq(d.url[1], "https://cert.example/advisories/csaf/provider-metadata.json");
    ck_assert_str_eq(d.format[1], "csaf-provider");
    ck_assert_int_eq(discover_file("feeds/csaf/example-01-service.json", &d), 1);
    ck_assert_str_eq(d.url[0], "https://psirt.domain.tld/advisories/csaf/feed-tlp-white.json");
    ck_assert_int_eq(discover_file("feeds/csaf/example-01-feed-tlp-white.json", &d), 1);
    ck_assert_str_eq(d.url[0], "https://psirt.domain.tld/advisories/csaf/2020/2020-ESA-001.json");
    ck_assert_str_eq(d.format[0], "csaf");
    ck_assert_int_eq(discover_file("feeds/csaf/bsi-2022-0001.json", &d), 0);
}
END_TEST

START_TEST(test_csaf_discovery_ignores_non_http_urls)
{
    const char *doc = "{\"distributions\":[{\"rolie\":{\"feeds\":[{\"url\":\"file:///etc/passwd\"},"
                      "{\"url\":\"ftp://x/y\"},{\"url\":\"https://ok.example/feed.json\"}]}}]}";
    disc d = {0};
    pw_error err = {0};
    ck_assert_int_eq(pw_csaf_discover(doc, strlen(doc), "t", on_url, &d, &err), 1);
    ck_assert_str_eq(d.url[0], "https://ok.example/feed.json");
}
END_TEST

START_TEST(test_csaf_truncated_json_names_line_and_column)
{
    const char *doc = "{\"document\": {\"tracking\": {\"id\": \"X-1\",\n \"current_release_date\": \"2024";
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_mem("csaf", doc, strlen(doc), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(json_array_size(arr), 0);
    ck_assert_msg(strstr(err.msg, "test:2:") != NULL, "%s", err.msg);
    ck_assert_ptr_nonnull(strstr(err.msg, "malformed JSON"));
    json_decref(arr);
}
END_TEST

START_TEST(test_csaf_document_without_tracking_id_is_an_error)
{
    const char *doc = "{\"document\": {\"title\": \"no id\"}}";
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_mem("csaf", doc, strlen(doc), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "tracking.id"));
    json_decref(arr);
    doc = "[1,2,3]";
    arr = ft_parse_mem("csaf", doc, strlen(doc), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    json_decref(arr);
}
END_TEST

START_TEST(test_csaf_microsoft_style_vendor_fix_gives_kb)
{
    const char *doc = "{\"document\":{\"title\":\"t\",\"tracking\":{\"id\":\"CVE-2025-1\"}},"
                      "\"vulnerabilities\":[{\"cve\":\"CVE-2025-1\",\"remediations\":["
                      "{\"category\":\"vendor_fix\",\"details\":\"5062557\",\"url\":\"https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB5062557\"},"
                      "{\"category\":\"vendor_fix\",\"details\":\"Security Update\",\"url\":\"https://support.microsoft.com/help/5062560\"}]}]}";
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_mem("csaf", doc, strlen(doc), 0, &rc, &err);
    ck_assert_int_eq(rc, 1);
    json_t *a = json_array_get(arr, 0);
    ck_assert(ft_has(a, "kb", "KB5062557"));
    ck_assert_int_eq(ft_count(a, "kb"), 1);
    json_decref(arr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("csaf");
    TCase *t = tcase_create("csaf");
    tcase_add_loop_test(t, test_csaf_every_shared_file_gives_pinned_fields, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(t, test_csaf_rhsa_extraction_adds_cves_named_in_notes_and_keeps_legal_text_out);
    tcase_add_test(t, test_csaf_discovery_follows_provider_aggregator_service_and_feed);
    tcase_add_test(t, test_csaf_discovery_ignores_non_http_urls);
    tcase_add_test(t, test_csaf_truncated_json_names_line_and_column);
    tcase_add_test(t, test_csaf_document_without_tracking_id_is_an_error);
    tcase_add_test(t, test_csaf_microsoft_style_vendor_fix_gives_kb);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return pw_test_run(suite()); }
