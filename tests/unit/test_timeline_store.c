/* test_timeline_store: the timeline store keeps every incident version, alert status changes, installs per
 * ring, advisories, notifications and a capped evidence sample; the timeline comes back in time order; a
 * damaged or newer file is refused with its name; the HTML escapes hostile feed strings; the sink plugin
 * stores what it is handed; the hold dry run is logged on the incident's timeline. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/pw_stage.h"
#include "core/pw_time.h"
#include "pw_test.h"
#include "timeline/hold.h"
#include "timeline/store_sink.h"
#include "timeline/timeline.h"

static char tmpdir[128], dbpath[256];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/pw-test-tl-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/store.db", tmpdir);
}

static void teardown(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/* Puts every fixture record; returns how many. */
static int load_fixture(pw_tl_store *s)
{
    char path[512];
    pw_test_fixture(path, sizeof path, "timeline/records.jsonl");
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[16384];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        json_t *o = json_loads(line, 0, NULL);
        ck_assert_ptr_nonnull(o);
        char *rec = json_dumps(json_object_get(o, "record"), JSON_COMPACT);
        pw_error err = {0};
        int rc = pw_tl_store_put(s, json_string_value(json_object_get(o, "topic")), rec, strlen(rec), &err);
        ck_assert_msg(rc == 0, "%s", err.msg);
        free(rec);
        json_decref(o);
        n++;
    }
    fclose(f);
    return n;
}

static pw_tl_store *open_filled(int cap)
{
    pw_error err = {0};
    pw_tl_store_opts o = {.evidence_cap = cap};
    pw_tl_store *s = pw_tl_store_open(dbpath, &o, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_tl_store_put_host(s, "node1", "ring-0", &err), 0);
    ck_assert_int_eq(pw_tl_store_put_host(s, "node2", "ring-0", &err), 0);
    ck_assert_int_eq(pw_tl_store_put_host(s, "node3", "ring-1", &err), 0);
    ck_assert_int_eq(load_fixture(s), 17);
    return s;
}

static long long count(pw_tl_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(pw_tl_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

START_TEST(test_store_is_wal_schema_v1_and_keeps_every_incident_version)
{
    pw_tl_store *s = open_filled(20);
    pw_error err = {0};
    ck_assert_int_eq(pw_tl_store_commit(s, &err), 0);
    ck_assert_int_eq(count(s, "PRAGMA user_version"), PW_TL_SCHEMA_VERSION);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM incidents WHERE id='inc-00000000000000a1'"), 3);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM alerts"), 3);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM notifications"), 3);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM installs WHERE patch='KB5099999'"), 3);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM advisories"), 1);
    ck_assert_int_eq(pw_tl_store_close(s, &err), 0);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_timeline_orders_installs_symptom_report_alert_notifications_resolution)
{
    pw_tl_store *s = open_filled(20);
    pw_error err = {0};
    pw_tl t;
    pw_tl_query q = {.incident = "inc-00000000000000a1", .from = PW_TS_NONE, .to = PW_TS_NONE};
    ck_assert_msg(pw_tl_build(s, &q, &t, &err) == 0, "%s", err.msg);
    ck_assert_str_eq(t.patch, "KB5099999");
    static const char *want[] = {"install", "install", "symptom", "report", "alert", "incident", "notification",
                                 "install", "incident", "notification", "resolution", "resolution", "notification"};
    size_t nw = sizeof want / sizeof *want;
    ck_assert_uint_eq(t.n, nw);
    for (size_t i = 0; i < t.n; i++) {
        ck_assert_msg(strcmp(t.v[i].kind, want[i]) == 0, "moment %zu: %s, want %s (%s)", i, t.v[i].kind, want[i],
                      t.v[i].text);
        if (i) ck_assert(t.v[i - 1].ts <= t.v[i].ts);
    }
    ck_assert_str_eq(t.v[0].ring, "ring-0");
    ck_assert_str_eq(t.v[7].ring, "ring-1");
    ck_assert_ptr_nonnull(strstr(t.v[8].text, "a new ring affected: ring-1"));
    ck_assert_str_eq(t.hold_ring, "ring-2");
    ck_assert_ptr_nonnull(strstr(t.recommendation, "Hold KB5099999 for ring-2"));
    pw_tl_free(&t);
    /* a window keeps only its moments */
    pw_tl_query w = {.patch = "KB5099999"};
    ck_assert_int_eq(pw_time_parse("2026-07-03T00:00:00Z", 20, &w.from, NULL), 0);
    ck_assert_int_eq(pw_time_parse("2026-07-04T00:00:00Z", 20, &w.to, NULL), 0);
    ck_assert_msg(pw_tl_build(s, &w, &t, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(t.n, 3); /* alert, incident v1, notification open */
    pw_tl_free(&t);
    /* a host's timeline: its install and the alert naming it */
    pw_tl_query h = {.host = "node1", .from = PW_TS_NONE, .to = PW_TS_NONE};
    ck_assert_msg(pw_tl_build(s, &h, &t, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(t.n, 4); /* install, symptom, alert open, resolution */
    ck_assert_str_eq(t.v[0].kind, "install");
    pw_tl_free(&t);
    pw_tl_query none = {.incident = "inc-nope", .from = PW_TS_NONE, .to = PW_TS_NONE};
    ck_assert_int_eq(pw_tl_build(s, &none, &t, &err), -1);
    ck_assert_int_eq(err.code, PW_ERR_NOTFOUND);
    pw_tl_free(&t);
    pw_tl_store_close(s, NULL);
}
END_TEST

START_TEST(test_store_samples_evidence_but_counts_every_onset)
{
    pw_tl_store *s = open_filled(3);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM evidence"), 3);
    ck_assert_int_eq(count(s, "SELECT sum(n) FROM onsets"), 4);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM evidence WHERE json LIKE '%Volume1%'"), 3);
    pw_tl_store_close(s, NULL);
}
END_TEST

START_TEST(test_store_refuses_bad_records_damaged_and_newer_files)
{
    pw_error err = {0};
    pw_tl_store *s = pw_tl_store_open(dbpath, NULL, &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(pw_tl_store_put(s, "incident", "{\"id\":", 6, &err), -1);
    ck_assert_int_eq(err.code, PW_ERR_INVALID);
    const char *nov = "{\"id\":\"inc-1\",\"@timestamp\":\"2026-07-01T00:00:00Z\"}";
    ck_assert_int_eq(pw_tl_store_put(s, "incident", nov, strlen(nov), &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "version"));
    ck_assert_int_eq(pw_tl_store_put(s, "metrics", "{}", 2, &err), 0); /* not drawn: ignored */
    ck_assert_int_eq(pw_tl_store_close(s, &err), 0);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_ptr_null(pw_tl_store_open(dbpath, NULL, &err));
    ck_assert_msg(strstr(err.msg, dbpath) && strstr(err.msg, "newer"), "%s", err.msg);
    char junk[256];
    snprintf(junk, sizeof junk, "%s/junk.db", tmpdir);
    FILE *f = fopen(junk, "w");
    for (int i = 0; i < 200; i++) fputs("this is not a database file at all. ", f);
    fclose(f);
    ck_assert_ptr_null(pw_tl_store_open(junk, NULL, &err));
    ck_assert_msg(strstr(err.msg, junk) && strstr(err.msg, "not a database"), "%s", err.msg);
    pw_tl_store_opts ro = {.read_only = true};
    char missing[256];
    snprintf(missing, sizeof missing, "%s/missing.db", tmpdir);
    ck_assert_ptr_null(pw_tl_store_open(missing, &ro, &err));
    ck_assert_msg(strstr(err.msg, missing) != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_html_is_self_contained_and_escapes_hostile_feed_strings)
{
    pw_tl_store *s = open_filled(20);
    pw_error err = {0};
    pw_tl t;
    pw_tl_query q = {.patch = "KB5099999", .from = PW_TS_NONE, .to = PW_TS_NONE};
    ck_assert_int_eq(pw_tl_build(s, &q, &t, &err), 0);
    char html[256];
    snprintf(html, sizeof html, "%s/t.html", tmpdir);
    ck_assert_msg(pw_tl_write_html(s, &t, html, &err) == 0, "%s", err.msg);
    size_t len;
    char *page = pw_test_read_file(html, &len);
    ck_assert_ptr_nonnull(page);
    ck_assert_ptr_null(strstr(page, "<script"));
    ck_assert_ptr_null(strstr(page, "src="));
    ck_assert_ptr_null(strstr(page, "<link"));
    ck_assert_ptr_nonnull(strstr(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(page, "<svg"));
    ck_assert_ptr_nonnull(strstr(page, "data-ring=\"ring-0\""));
    ck_assert_ptr_nonnull(strstr(page, "data-ring=\"ring-1\""));
    ck_assert_ptr_nonnull(strstr(page, "class=\"onset-patched\""));
    ck_assert_ptr_nonnull(strstr(page, "alert 2026-07-03 09:00"));
    ck_assert_ptr_nonnull(strstr(page, "Hold recommendation (ring-2)"));
    ck_assert_ptr_nonnull(strstr(page, "class=\"moment notification\""));
    ck_assert_ptr_nonnull(strstr(page, "notification 2026-07-05 09:00"));
    ck_assert_ptr_nonnull(strstr(page, "class=\"moment resolution\""));
    ck_assert_ptr_nonnull(strstr(page, "class=\"report\""));
    free(page);
    pw_tl_free(&t);
    pw_tl_store_close(s, NULL);
}
END_TEST

START_TEST(test_sink_plugin_stores_records_and_refuses_bad_ones_for_good)
{
    const pw_sink_plugin *p = &pw_sink_plugin_store;
    ck_assert_str_eq(p->name, "store");
    json_t *cfg = json_pack("{s:s, s:i}", "path", dbpath, "evidence_cap", 5);
    void *ctx = NULL;
    pw_error err = {0};
    ck_assert_msg(p->init(&ctx, cfg, &err) == 0, "%s", err.msg);
    json_decref(cfg);
    const char *ok = "{\"id\":\"ntf-1\",\"@timestamp\":\"2026-07-01T00:00:00Z\",\"kind\":\"open\",\"incident\":\"inc-1\"}";
    pw_sink_rec recs[2] = {{"notification", ok, strlen(ok), "0"}, {"notification", "[1]", 3, "1"}};
    pw_flush_result status[2];
    pw_flush_report rep = {.status = status};
    ck_assert_int_eq(p->flush(ctx, recs, 2, &rep), PW_FLUSH_ERROR);
    ck_assert_int_eq(status[0], PW_FLUSH_OK);
    ck_assert_int_eq(status[1], PW_FLUSH_ERROR);
    ck_assert_ptr_nonnull(strstr(rep.reason, "not a JSON object"));
    ck_assert_int_eq(p->flush(ctx, recs, 1, &rep), PW_FLUSH_OK);
    p->exit(ctx);
    pw_tl_store *s = pw_tl_store_open(dbpath, NULL, &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(count(s, "SELECT count(*) FROM notifications"), 1);
    pw_tl_store_close(s, NULL);
}
END_TEST

START_TEST(test_hold_dry_run_is_logged_on_the_incident_timeline)
{
    pw_tl_store *s = open_filled(20);
    pw_error err = {0};
    pw_tl_hold_opts o = {.incident = "inc-00000000000000a1", .patch = "KB5099999", .deployment = "dep-1",
                         .graph_url = "http://127.0.0.1:9/"};
    ck_assert_msg(pw_tl_hold(s, &o, &err) == 0, "%s", err.msg);
    pw_tl_hold_opts bad = {.incident = "inc-00000000000000a1", .deployment = "../x"};
    ck_assert_int_eq(pw_tl_hold(s, &bad, &err), -1);
    pw_tl t;
    pw_tl_query q = {.incident = "inc-00000000000000a1", .from = PW_TS_NONE, .to = PW_TS_NONE};
    ck_assert_int_eq(pw_tl_build(s, &q, &t, &err), 0);
    const pw_tl_entry *last = &t.v[t.n - 1]; /* logged now: after the 2026-07 moments */
    ck_assert_str_eq(last->kind, "action");
    ck_assert_ptr_nonnull(strstr(last->text, "hold dry-run: dry run: would PATCH "
                                             "http://127.0.0.1:9/admin/windows/updates/deployments/dep-1"));
    ck_assert_ptr_nonnull(strstr(last->text, "\"requestedValue\":\"paused\""));
    pw_tl_free(&t);
    pw_tl_store_close(s, NULL);
}
END_TEST

/* An early warning is a report, not fleet evidence: its moments say so instead of "0/0 patched hosts affected". */
START_TEST(test_early_warning_moment_names_the_report_not_a_host_count)
{
    pw_error err = {0};
    pw_tl_store_opts o = {.evidence_cap = 20};
    pw_tl_store *s = pw_tl_store_open(dbpath, &o, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    static const char *recs[] = {
        "{\"id\":\"e1\",\"@timestamp\":\"2026-07-09T03:00:00Z\",\"kind\":\"early-warning\",\"patch\":\"KB5099998\","
        "\"patched_affected\":0,\"patched_total\":2,\"advisories\":[\"post-1\"],\"status\":\"open\"}",
        "{\"id\":\"e1\",\"@timestamp\":\"2026-07-21T01:00:00Z\",\"kind\":\"early-warning\",\"patch\":\"KB5099998\","
        "\"patched_affected\":0,\"patched_total\":0,\"advisories\":[\"post-1\"],\"status\":\"resolved\"}"};
    for (size_t i = 0; i < 2; i++) ck_assert_msg(pw_tl_store_put(s, "alert", recs[i], strlen(recs[i]), &err) == 0, "%s", err.msg);
    pw_tl t;
    pw_tl_query q = {.patch = "KB5099998", .from = PW_TS_NONE, .to = PW_TS_NONE};
    ck_assert_msg(pw_tl_build(s, &q, &t, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.v[0].text, "early-warning e1 open: a report names this update; 2 hosts installed it");
    ck_assert_str_eq(t.v[1].text, "early-warning e1 resolved: a report names this update");
    pw_tl_free(&t);
    /* withdrawn (it named the fix of another update): the moment says why */
    static const char *w =
        "{\"id\":\"e2\",\"@timestamp\":\"2026-07-22T01:00:00Z\",\"kind\":\"early-warning\",\"patch\":\"KB5099997\","
        "\"patched_affected\":0,\"patched_total\":0,\"advisories\":[\"post-2\"],\"status\":\"withdrawn\","
        "\"reason\":\"KB5099997 is the fix for KB5099996 (community: x), not a culprit\"}";
    ck_assert_msg(pw_tl_store_put(s, "alert", w, strlen(w), &err) == 0, "%s", err.msg);
    pw_tl_query q2 = {.patch = "KB5099997", .from = PW_TS_NONE, .to = PW_TS_NONE};
    ck_assert_msg(pw_tl_build(s, &q2, &t, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(t.n, 1);
    ck_assert_str_eq(t.v[0].text, "early-warning e2 withdrawn: KB5099997 is the fix for KB5099996 (community: x), not a culprit");
    pw_tl_free(&t);
    pw_tl_store_close(s, NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("timeline_store");
    TCase *tc = tcase_create("store");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_store_is_wal_schema_v1_and_keeps_every_incident_version);
    tcase_add_test(tc, test_timeline_orders_installs_symptom_report_alert_notifications_resolution);
    tcase_add_test(tc, test_store_samples_evidence_but_counts_every_onset);
    tcase_add_test(tc, test_store_refuses_bad_records_damaged_and_newer_files);
    tcase_add_test(tc, test_html_is_self_contained_and_escapes_hostile_feed_strings);
    tcase_add_test(tc, test_sink_plugin_stores_records_and_refuses_bad_ones_for_good);
    tcase_add_test(tc, test_hold_dry_run_is_logged_on_the_incident_timeline);
    tcase_add_test(tc, test_early_warning_moment_names_the_report_not_a_host_count);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
