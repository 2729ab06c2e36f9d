/* test_html: HTML pages cut into advisories by XPath selectors (as a source rule gives them), the
 * defaults (<article>, else the whole page), and hostile pages. */
#include <check.h>
#include <stdio.h>

#include "feeds_test_util.h"

static json_t *parse_with(const char *rel, json_t *selectors, int *rc, pw_error *err)
{
    char path[1024];
    size_t len;
    pw_test_fixture(path, sizeof path, rel);
    char *data = pw_test_read_file(path, &len);
    ck_assert_ptr_nonnull(data);
    json_t *arr = json_array();
    pw_extractor *x = pw_extractor_new(NULL, err);
    pw_advisory_opts o = {.name = rel, .selectors = selectors, .base_url = "https://forum.example.com/", .extractor = x};
    *rc = pw_advisory_parse_ex("html", data, len, "forum", &o, ft_collect, arr, err);
    pw_extractor_free(x);
    free(data);
    return arr;
}

START_TEST(test_html_selectors_from_a_source_rule_cut_topics)
{
    json_t *sel = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "item", "//div[@class='topic']", "title", ".//a[@class='title']",
                            "link", ".//a[@class='title']/@href", "published", ".//time/@datetime", "text",
                            ".//p[@class='excerpt']", "id", "string(@data-id)");
    pw_error err = {0};
    int rc;
    json_t *arr = parse_with("feeds/forum.html", sel, &rc, &err);
    ck_assert_msg(rc == 2, "rc %d %s", rc, err.msg); /* the <div> inside <script> is not a topic */
    json_t *a = ft_find(arr, "t-201");
    ck_assert_ptr_nonnull(a);
    FT_STR_EQ(a, "title", "Servers stuck at 'Working on updates' after KB5062557");
    FT_STR_EQ(a, "url", "https://forum.example.com/t/201");
    FT_STR_EQ(a, "published", "2025-07-09T09:00:00.000000Z");
    FT_STR_EQ(a, "source", "forum");
    ck_assert(ft_has(a, "kb", "KB5062557") && ft_has(a, "event_ids", "20") && ft_has(a, "error_codes", "0x800F0922"));
    json_t *b = ft_find(arr, "t-202");
    FT_STR_EQ(b, "title", "Print spooler crashes & restarts");
    FT_STR_EQ(b, "published", "2025-07-10T09:30:00.000000Z");
    FT_STR_EQ(b, "status", "resolved");
    ck_assert(ft_has(b, "kb", "KB5064489"));
    json_decref(arr);
    json_decref(sel);
}
END_TEST

START_TEST(test_html_without_articles_is_one_page_advisory)
{
    pw_error err = {0};
    int rc;
    json_t *arr = parse_with("feeds/forum.html", NULL, &rc, &err);
    ck_assert_int_eq(rc, 1);
    json_t *a = json_array_get(arr, 0);
    FT_STR_EQ(a, "title", "Windows updates - Example forum");
    FT_STR_EQ(a, "url", "https://forum.example.com/");
    ck_assert_ptr_null(strstr(ft_str(a, "text"), "var x")); /* script bodies are not text */
    json_decref(arr);
}
END_TEST

START_TEST(test_html_articles_by_default)
{
    const char *page = "<html><body><article><h2>KB5062557 issue</h2><a href='/t/1'>x</a>"
                       "<time datetime='2025-07-01T00:00:00Z'></time><p>Event ID 1069 on cluster</p></article>"
                       "<article><h3>Second</h3></article></body></html>";
    pw_error err = {0};
    int rc;
    json_t *arr = ft_parse_mem("html", page, strlen(page), 1, &rc, &err);
    ck_assert_int_eq(rc, 2);
    json_t *a = json_array_get(arr, 0);
    FT_STR_EQ(a, "title", "KB5062557 issue");
    FT_STR_EQ(a, "url", "/t/1");
    FT_STR_EQ(a, "id", "/t/1");
    ck_assert(ft_has(a, "event_ids", "1069"));
    FT_STR_EQ(json_array_get(arr, 1), "id", "Second"); /* no link: the title identifies it */
    json_decref(arr);
    /* with the page's URL, relative links become absolute */
    arr = json_array();
    pw_advisory_opts o = {.name = "t", .base_url = "https://forum.example.com/c/updates"};
    ck_assert_int_eq(pw_advisory_parse_ex("html", page, strlen(page), "f", &o, ft_collect, arr, &err), 2);
    FT_STR_EQ(json_array_get(arr, 0), "url", "https://forum.example.com/t/1");
    json_decref(arr);
}
END_TEST

START_TEST(test_html_bad_selector_is_a_clear_error)
{
    json_t *sel = json_pack("{s:s}", "item", "//div[");
    pw_error err = {0};
    int rc;
    json_t *arr = parse_with("feeds/forum.html", sel, &rc, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(err.msg, "//div[") != NULL, "%s", err.msg);
    json_decref(arr);
    json_decref(sel);
}
END_TEST

START_TEST(test_html_garbage_and_entities_do_not_crash)
{
    const char *pages[] = {"", "<", "<<<<>>>>&&&&;;;", "<html><body><article>&lol;&#xFFFFFFFF;&#0;</article>",
                           "<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><html><body>&x;</body></html>"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        pw_error err = {0};
        int rc;
        json_t *arr = ft_parse_mem("html", pages[i], strlen(pages[i]), 1, &rc, &err);
        size_t k;
        json_t *a;
        json_array_foreach(arr, k, a) {
            const char *t = ft_str(a, "text");
            ck_assert(!t || !strstr(t, "root:"));
        }
        json_decref(arr);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("html");
    TCase *t = tcase_create("html");
    tcase_add_test(t, test_html_selectors_from_a_source_rule_cut_topics);
    tcase_add_test(t, test_html_without_articles_is_one_page_advisory);
    tcase_add_test(t, test_html_articles_by_default);
    tcase_add_test(t, test_html_bad_selector_is_a_clear_error);
    tcase_add_test(t, test_html_garbage_and_entities_do_not_crash);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return pw_test_run(suite()); }
