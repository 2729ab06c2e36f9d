/* test_release_health: Microsoft Graph release-health JSON on every real file in
 * ../shared/data/feeds/graph-release-health/ (fields pinned from the files) plus a known-issues fixture. */
#include <check.h>
#include <stdio.h>

#include "feeds_test_util.h"

typedef struct {
    const char *file;
    const char *id, *title, *published, *updated, *status, *url, *product;
    const char *kb[3];
} rh_case;

static const rh_case cases[] = {
    {"sa-list-issues.json", "EX226792",
     "Limited number of users unable to send or receive email through the Exchange Online service",
     "2020-11-13T21:00:00.000000Z", "2020-11-14T18:20:24.767000Z", "resolved", NULL, "Exchange Online", {NULL}},
    {"sa-list-healthoverviews-expand-issues.json", "EX226574",
     "Admins are unable to migrate some user mailboxes from IMAP using the Exchange admin center or PowerShell",
     "2020-11-04T00:00:00.000000Z", "2020-11-20T17:56:31.390000Z", "resolved", NULL, "Exchange Online", {NULL}},
    {"sa-list-messages.json", "MC172851", "(Updated) New feature: Changes to PowerPoint and Word to open files faster",
     "2019-02-01T18:51:00.000000Z", "2021-01-08T01:10:06.843000Z", "advisory",
     "https://support.office.com/article/office-document-cache-settings-4b497318-ae4f-4a99-be42-b242b2e8b692",
     "OneDrive for Business", {NULL}},
    {"wu-getknownissuesbytimerange.json", "WI670072",
     "Microsoft received reports about an \xe2\x80\x9cUNSUPPORTED_PROCESSOR\xe2\x80\x9d error",
     "2023-08-22T17:00:00.000000Z", "2023-09-07T23:41:58.577000Z", "mitigated",
     "https://admin.microsoft.com/Adminportal/Home#/windowsreleasehealth/knownissues/:/issue/WI670072", NULL,
     {"KB5029351", NULL}},
    {"wu-findbykbnumber.json", "WI670073",
     "Microsoft received reports about an \xe2\x80\x9cUNSUPPORTED_PROCESSOR\xe2\x80\x9d error",
     "2023-08-22T17:00:00.000000Z", "2023-09-07T23:41:58.577000Z", "mitigated",
     "https://admin.microsoft.com/Adminportal/Home#/windowsreleasehealth/knownissues/:/issue/WI670073",
     "Windows 11, version 21H2", {"KB5029332", NULL}},
};

START_TEST(test_release_health_every_shared_file_gives_pinned_fields)
{
    const rh_case *c = &cases[_i];
    char rel[256];
    pw_error err = {0};
    int rc;
    snprintf(rel, sizeof rel, "feeds/graph-release-health/%s", c->file);
    json_t *arr = ft_parse_file("release-health", rel, 1, 0, &rc, &err);
    if (!arr) return;
    ck_assert_msg(rc == 1, "%s: rc %d (%s)", c->file, rc, err.msg);
    json_t *a = json_array_get(arr, 0);
    FT_STR_EQ(a, "id", c->id);
    FT_STR_EQ(a, "title", c->title);
    FT_STR_EQ(a, "published", c->published);
    FT_STR_EQ(a, "updated", c->updated);
    FT_STR_EQ(a, "status", c->status);
    if (c->url) FT_STR_EQ(a, "url", c->url);
    if (c->product) ck_assert(ft_has(a, "products", c->product));
    for (int k = 0; c->kb[k]; k++) ck_assert_msg(ft_has(a, "kb", c->kb[k]), "%s lacks %s", c->file, c->kb[k]);
    ck_assert_ptr_nonnull(ft_str(a, "text"));
    json_decref(arr);
}
END_TEST

START_TEST(test_release_health_known_issue_text_yields_kbs_and_bugcheck)
{
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_file("release-health", "feeds/graph-release-health/wu-findbykbnumber.json", 1, 1, &rc, &err);
    if (!arr) return;
    json_t *a = json_array_get(arr, 0);
    ck_assert(ft_has(a, "kb", "KB5029332") && ft_has(a, "kb", "KB5029351"));
    ck_assert(ft_has(a, "error_codes", "UNSUPPORTED_PROCESSOR"));
    ck_assert(ft_has(a, "products", "Windows 11, version 22H2") && ft_has(a, "products", "Windows 10, version 22H2"));
    FT_STR_EQ(a, "status", "mitigated"); /* the vendor's status wins over words in the text */
    json_decref(arr);
}
END_TEST

START_TEST(test_release_health_fixture_active_and_resolved_issues)
{
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_file("release-health", "feeds/known-issues.json", 0, 1, &rc, &err);
    ck_assert_msg(rc == 2, "rc %d %s", rc, err.msg);
    json_t *a = ft_find(arr, "WI100001");
    FT_STR_EQ(a, "status", "known-issue");
    FT_STR_EQ(a, "published", "2025-07-09T17:00:00.000000Z");
    ck_assert(ft_has(a, "kb", "KB5062557") && ft_has(a, "event_ids", "5120"));
    ck_assert(ft_has(a, "error_codes", "STATUS_IO_TIMEOUT") && ft_has(a, "error_codes", "0xC00000B5"));
    ck_assert(ft_has(a, "products", "Cluster Shared Volume"));
    json_t *b = ft_find(arr, "WI100002");
    FT_STR_EQ(b, "status", "resolved");
    ck_assert(ft_has(b, "kb", "KB5060531") && ft_has(b, "kb", "KB5062557")); /* originating and resolving */
    json_decref(arr);
}
END_TEST

START_TEST(test_release_health_unknown_shapes_and_bad_json)
{
    pw_error err = {0};
    int rc;
    const char *empty = "{\"value\": []}", *other = "{\"value\": [{\"service\": \"x\"}, 5, null]}",
               *bad = "{\"value\": [", *noval = "{\"error\": {\"code\": \"InvalidAuthenticationToken\"}}";
    json_t *arr = ft_parse_mem("release-health", empty, strlen(empty), 0, &rc, &err);
    ck_assert_int_eq(rc, 0);
    json_decref(arr);
    arr = ft_parse_mem("release-health", other, strlen(other), 0, &rc, &err);
    ck_assert_int_eq(rc, 0);
    json_decref(arr);
    arr = ft_parse_mem("release-health", bad, strlen(bad), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "malformed JSON"));
    json_decref(arr);
    arr = ft_parse_mem("release-health", noval, strlen(noval), 0, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no \"value\""));
    json_decref(arr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("release_health");
    TCase *t = tcase_create("release_health");
    tcase_add_loop_test(t, test_release_health_every_shared_file_gives_pinned_fields, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(t, test_release_health_known_issue_text_yields_kbs_and_bugcheck);
    tcase_add_test(t, test_release_health_fixture_active_and_resolved_issues);
    tcase_add_test(t, test_release_health_unknown_shapes_and_bad_json);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return pw_test_run(suite()); }
