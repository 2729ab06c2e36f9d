/* test_feeds_state: the poller's memory (ingest/feeds_state) and source rules (ingest/feeds_source):
 * what was announced survives a restart, a changed `updated` is news again, a damaged state file is
 * refused rather than silently starting over, the item cap evicts the oldest, and bad source rules are
 * named. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/pw_time.h"
#include "ingest/feeds.h"
#include "ingest/feeds_state.h"
#include "pw_test.h"

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/pw-feeds-state.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_state_survives_restart_and_changed_updated_is_new)
{
    char path[300];
    pw_feeds_state st;
    pw_error err = {0};
    snprintf(path, sizeof path, "%s/state.json", dir);
    ck_assert_int_eq(pw_feeds_state_open(&st, path, &err), 0);
    ck_assert_int_eq(pw_feeds_state_seen(&st, "forum", "t-1", 1000000), 0);
    ck_assert_int_eq(pw_feeds_state_mark(&st, "forum", "t-1", 1000000, pw_time_now_us()), 0);
    ck_assert_int_eq(pw_feeds_state_mark(&st, "forum", "t-2", PW_TS_NONE, pw_time_now_us()), 0);
    ck_assert_int_eq(pw_feeds_state_set_validators(&st, "forum", "https://x/feed", "\"abc\"", "Tue, 08 Jul 2025 10:00:00 GMT"), 0);
    ck_assert_int_eq(pw_feeds_state_save(&st, &err), 0);
    pw_feeds_state_close(&st);

    ck_assert_int_eq(pw_feeds_state_open(&st, path, &err), 0);
    ck_assert_int_eq(pw_feeds_state_seen(&st, "forum", "t-1", 1000000), 1);
    ck_assert_int_eq(pw_feeds_state_seen(&st, "forum", "t-2", PW_TS_NONE), 1);
    ck_assert_int_eq(pw_feeds_state_seen(&st, "forum", "t-1", 2000000), 0); /* updated changed */
    ck_assert_int_eq(pw_feeds_state_seen(&st, "other", "t-1", 1000000), 0); /* per source */
    ck_assert_str_eq(pw_feeds_state_validator(&st, "forum", "https://x/feed", "etag"), "\"abc\"");
    ck_assert_str_eq(pw_feeds_state_validator(&st, "forum", "https://x/feed", "last_modified"),
                     "Tue, 08 Jul 2025 10:00:00 GMT");
    ck_assert_ptr_null(pw_feeds_state_validator(&st, "forum", "https://x/other", "etag"));
    pw_feeds_state_close(&st);

    DIR *d = opendir(dir); /* the atomic write left no temp file behind */
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') files++;
    closedir(d);
    ck_assert_int_eq(files, 1);
}
END_TEST

START_TEST(test_state_damaged_file_is_refused_with_its_name)
{
    char path[300];
    pw_feeds_state st;
    pw_error err = {0};
    snprintf(path, sizeof path, "%s/state.json", dir);
    FILE *fp = fopen(path, "w");
    fputs("{\"version\":1,\n\"sources\":{\"forum\":", fp);
    fclose(fp);
    ck_assert_int_eq(pw_feeds_state_open(&st, path, &err), -1);
    ck_assert_msg(strstr(err.msg, path) && strstr(err.msg, "damaged"), "%s", err.msg);
    fp = fopen(path, "w");
    fputs("[1,2]", fp);
    fclose(fp);
    ck_assert_int_eq(pw_feeds_state_open(&st, path, &err), -1);
}
END_TEST

START_TEST(test_state_evicts_the_items_seen_longest_ago)
{
    pw_feeds_state st;
    pw_error err = {0};
    char id[32];
    ck_assert_int_eq(pw_feeds_state_open(&st, NULL, &err), 0);
    int64_t t0 = 1750000000LL * 1000000;
    int n = PW_FEEDS_STATE_ITEMS_MAX + PW_FEEDS_STATE_ITEMS_MAX / 10 + 1;
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "i-%d", i);
        ck_assert_int_eq(pw_feeds_state_mark(&st, "s", id, PW_TS_NONE, t0 + (int64_t)i * 1000000), 0);
    }
    ck_assert_int_eq(pw_feeds_state_seen(&st, "s", "i-0", PW_TS_NONE), 0);
    snprintf(id, sizeof id, "i-%d", n - 1);
    ck_assert_int_eq(pw_feeds_state_seen(&st, "s", id, PW_TS_NONE), 1);
    ck_assert_int_eq(pw_feeds_state_save(&st, &err), 0); /* in memory: a no-op */
    pw_feeds_state_close(&st);
}
END_TEST

START_TEST(test_source_rules_are_checked)
{
    pw_feed_source s;
    pw_error err = {0};
    json_t *r = json_pack("{s:s,s:s,s:s,s:s,s:b,s:{s:s}}", "name", "f", "url", "https://x.example/feed", "format",
                          "atom", "interval", "15m", "enabled", 0, "headers", "Authorization", "Bearer t");
    ck_assert_int_eq(pw_feed_source_from_json(&s, r, &err), 0);
    ck_assert_int_eq(s.interval_us, 15LL * 60 * 1000000);
    ck_assert(!s.enabled);
    ck_assert_str_eq(json_string_value(json_object_get(s.headers, "Authorization")), "Bearer t");
    pw_feed_source_free(&s);
    json_object_set_new(r, "url", json_string("file:///etc/passwd"));
    ck_assert_int_eq(pw_feed_source_from_json(&s, r, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "http"));
    json_object_set_new(r, "url", json_string("http://x/"));
    json_object_set_new(r, "format", json_string("gopher"));
    ck_assert_int_eq(pw_feed_source_from_json(&s, r, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "gopher"));
    json_object_set_new(r, "format", json_string("rss"));
    json_object_set_new(r, "interval", json_string("soon"));
    ck_assert_int_eq(pw_feed_source_from_json(&s, r, &err), -1);
    json_object_set_new(r, "interval", json_string("100ms")); /* raised to the floor */
    ck_assert_int_eq(pw_feed_source_from_json(&s, r, &err), 0);
    ck_assert_int_eq(s.interval_us, PW_FEEDS_MIN_INTERVAL_US);
    pw_feed_source_free(&s);
    json_object_set_new(r, "headers", json_pack("{s:s}", "X-A", "v\r\nHost: evil"));
    ck_assert_int_eq(pw_feed_source_from_json(&s, r, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "X-A"));
    json_decref(r);
    ck_assert_int_eq(pw_feeds_parse_duration("30"), 30000000);
    ck_assert_int_eq(pw_feeds_parse_duration("1h30m"), 5400LL * 1000000);
    ck_assert_int_eq(pw_feeds_parse_duration("-5s"), -1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("feeds_state");
    TCase *t = tcase_create("feeds_state");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_state_survives_restart_and_changed_updated_is_new);
    tcase_add_test(t, test_state_damaged_file_is_refused_with_its_name);
    tcase_add_test(t, test_state_evicts_the_items_seen_longest_ago);
    tcase_add_test(t, test_source_rules_are_checked);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return pw_test_run(suite()); }
