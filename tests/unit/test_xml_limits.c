/* test_xml_limits: the per-document limits of parsers/xml_safe: the size cap and the parse time budget refuse a
 * document with a message naming the limit, and a document within them still parses. (The attribute and depth
 * limits are pinned end to end by it_xml_limits.) */
#include <stdlib.h>
#include <string.h>

#include "pw_test.h"
#include "core/pw_buf.h"
#include "parsers/xml_safe.h"

static char *many_elements(size_t n, const char *open, const char *item, const char *close, size_t *len)
{
    pw_buf b = PW_BUF_INIT;
    ck_assert_int_eq(pw_buf_puts(&b, open), 0);
    for (size_t i = 0; i < n; i++) ck_assert_int_eq(pw_buf_puts(&b, item), 0);
    ck_assert_int_eq(pw_buf_puts(&b, close), 0);
    *len = b.len;
    return b.data;
}

START_TEST(test_xml_document_over_the_size_cap_is_refused_naming_the_limit)
{
    size_t len = PW_XML_MAX_BYTES + 1;
    char *big = calloc(1, len); /* zero pages: never touched, the cap is checked first */
    ck_assert_ptr_nonnull(big);
    pw_error err;
    pw_error_clear(&err);
    ck_assert_ptr_null(pw_xml_parse(big, len, "https://feed.example/big.xml", 0, NULL, &err));
    ck_assert_msg(strstr(err.msg, "https://feed.example/big.xml") && strstr(err.msg, "PW_XML_MAX_BYTES"), "%s", err.msg);
    pw_error_clear(&err);
    ck_assert_ptr_null(pw_html_parse(big, len, "page.html", &err));
    ck_assert_msg(strstr(err.msg, "PW_XML_MAX_BYTES"), "%s", err.msg);
    free(big);
}
END_TEST

START_TEST(test_xml_parse_over_the_time_budget_is_refused_naming_the_limit)
{
    size_t len, hlen;
    char *doc = many_elements(300000, "<rss><channel>", "<item><title>t</title></item>", "</channel></rss>", &len);
    char *html = many_elements(300000, "<html><body>", "<div><p>x</p></div>", "</body></html>", &hlen);
    pw_error err;
    pw_xml_set_parse_budget_ms(1); /* 900,000 elements take far more than 1 ms of CPU */
    pw_error_clear(&err);
    ck_assert_ptr_null(pw_xml_parse(doc, len, "slow.rss", 1, NULL, &err));
    ck_assert_msg(strstr(err.msg, "slow.rss") && strstr(err.msg, "PW_XML_PARSE_BUDGET_MS"), "%s", err.msg);
    pw_error_clear(&err);
    ck_assert_ptr_null(pw_html_parse(html, hlen, "slow.html", &err));
    ck_assert_msg(strstr(err.msg, "slow.html") && strstr(err.msg, "PW_XML_PARSE_BUDGET_MS"), "%s", err.msg);
    /* a generous budget: the same documents parse, so the refusals above were the budget's. (Not the 2 s
     * default: under ASan on a loaded CI machine the 300,000 divs once took more than 2 s of CPU.) */
    pw_xml_set_parse_budget_ms(60000);
    xmlDocPtr d = pw_xml_parse(doc, len, "slow.rss", 0, NULL, &err);
    ck_assert_msg(d != NULL, "%s", err.msg);
    xmlFreeDoc(d);
    d = pw_html_parse(html, hlen, "slow.html", &err);
    ck_assert_msg(d != NULL, "%s", err.msg);
    xmlFreeDoc(d);
    pw_xml_set_parse_budget_ms(0); /* back to the default */
    free(doc);
    free(html);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xml_limits");
    TCase *tc = tcase_create("xml_limits");
    tcase_add_test(tc, test_xml_document_over_the_size_cap_is_refused_naming_the_limit);
    tcase_add_test(tc, test_xml_parse_over_the_time_budget_is_refused_naming_the_limit);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
