/* test_metrics: the Prometheus text rendering (HELP/TYPE once per name, labels, gauges by callback, escaping),
 * health checks, and the /metrics + /healthz server answering a real HTTP client (libcurl) on loopback. The
 * exposition itself is checked by the real promtool in tests/integration/metrics_prometheus.sh. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_metrics.h"
#include "core/pw_metrics_http.h"
#include "core/pw_sdnotify.h"
#include "pw_test.h"

static double forty_two(void *ud)
{
    (void)ud;
    return 42.5;
}

static int failing(void *ud, char *why, size_t size)
{
    snprintf(why, size, "sink %s: queue over its cap", (const char *)ud);
    return -1;
}

START_TEST(test_metrics_render_groups_by_name_with_labels)
{
    pw_metrics_reset();
    _Atomic uint64_t *a = pw_metrics_counter("patchwatch_events_in_total", "Events taken in.", "source=\"syslog\"");
    _Atomic uint64_t *b = pw_metrics_counter("patchwatch_events_in_total", "Events taken in.", "source=\"evtx\"");
    pw_metrics_counter("patchwatch_other_total", "Other.", "");
    ck_assert_ptr_eq(pw_metrics_counter("patchwatch_events_in_total", "x", "source=\"syslog\""), a);
    pw_metrics_inc(a, 3);
    pw_metrics_inc(b, 1);
    pw_metrics_gauge_set(pw_metrics_gauge("patchwatch_queue_bytes", "Bytes queued.", "sink=\"siem\""), 1.5);
    ck_assert_int_eq(pw_metrics_gauge_fn_add("patchwatch_state_entries", "State.", "", forty_two, NULL), 0);
    pw_buf out = {0};
    pw_metrics_render(&out);
    const char *want = "# HELP patchwatch_events_in_total Events taken in.\n"
                       "# TYPE patchwatch_events_in_total counter\n"
                       "patchwatch_events_in_total{source=\"syslog\"} 3\n"
                       "patchwatch_events_in_total{source=\"evtx\"} 1\n"
                       "# HELP patchwatch_other_total Other.\n"
                       "# TYPE patchwatch_other_total counter\n"
                       "patchwatch_other_total 0\n"
                       "# HELP patchwatch_queue_bytes Bytes queued.\n"
                       "# TYPE patchwatch_queue_bytes gauge\n"
                       "patchwatch_queue_bytes{sink=\"siem\"} 1.5\n"
                       "# HELP patchwatch_state_entries State.\n"
                       "# TYPE patchwatch_state_entries gauge\n"
                       "patchwatch_state_entries 42.5\n";
    ck_assert_str_eq(out.data, want);
    pw_buf_free(&out);
}
END_TEST

START_TEST(test_metrics_label_escape)
{
    char buf[64];
    ck_assert_str_eq(pw_metrics_label_escape("a\"b\\c\nd", buf, sizeof buf), "a\\\"b\\\\c\\nd");
    ck_assert_str_eq(pw_metrics_label_escape("abcdefgh", buf, 6), "abc");
}
END_TEST

typedef struct {
    char data[8192];
    size_t len;
} body;

static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
    body *b = ud;
    size_t k = sz * n;
    if (b->len + k >= sizeof b->data) k = sizeof b->data - 1 - b->len;
    memcpy(b->data + b->len, p, k);
    b->len += k;
    b->data[b->len] = '\0';
    return sz * n;
}

static long get(int port, const char *path, body *b, char *ctype, size_t csize)
{
    char url[128];
    long code = 0;
    char *ct = NULL;
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    memset(b, 0, sizeof *b);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
    ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ctype) snprintf(ctype, csize, "%s", ct ? ct : "");
    curl_easy_cleanup(c);
    return code;
}

START_TEST(test_metrics_server_serves_metrics_and_healthz)
{
    pw_error err = {0};
    pw_metrics_reset();
    pw_metrics_inc(pw_metrics_counter("patchwatch_events_in_total", "Events taken in.", "source=\"t\""), 7);
    pw_metrics_server *s = pw_metrics_server_start("127.0.0.1:0", &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    int port = pw_metrics_server_port(s);
    ck_assert_int_gt(port, 0);
    body b;
    char ct[128];
    ck_assert_int_eq(get(port, "/metrics", &b, ct, sizeof ct), 200);
    ck_assert_ptr_nonnull(strstr(b.data, "patchwatch_events_in_total{source=\"t\"} 7\n"));
    ck_assert_ptr_nonnull(strstr(ct, "version=0.0.4"));
    ck_assert_int_eq(get(port, "/healthz", &b, NULL, 0), 200);
    ck_assert_str_eq(b.data, "ok\n");
    pw_metrics_health_add("sinks", failing, "siem");
    ck_assert_int_eq(get(port, "/healthz", &b, NULL, 0), 503);
    ck_assert_ptr_nonnull(strstr(b.data, "sinks: sink siem: queue over its cap"));
    pw_metrics_forget("siem");
    ck_assert_int_eq(get(port, "/healthz", &b, NULL, 0), 200);
    ck_assert_int_eq(get(port, "/nope", &b, NULL, 0), 404);
    pw_metrics_server_stop(s);
}
END_TEST

START_TEST(test_metrics_server_refuses_bad_address)
{
    pw_error err = {0};
    ck_assert_ptr_null(pw_metrics_server_start("nonsense", &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "bad listen address"));
}
END_TEST

START_TEST(test_sdnotify_without_manager_is_a_no_op)
{
    unsetenv("NOTIFY_SOCKET");
    ck_assert_int_eq(pw_sdnotify("READY=1"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = tcase_create("metrics");
    tcase_add_test(tc, test_metrics_render_groups_by_name_with_labels);
    tcase_add_test(tc, test_metrics_label_escape);
    tcase_add_test(tc, test_metrics_server_serves_metrics_and_healthz);
    tcase_add_test(tc, test_metrics_server_refuses_bad_address);
    tcase_add_test(tc, test_sdnotify_without_manager_is_a_no_op);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
