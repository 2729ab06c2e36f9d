/* Tests of the event-time merge replay reads through (ingest/file_merge.h) and of the pull cursor under it
 * (ingest/file_cursor.h): files interleave by event time, ties keep input order then file order, a file
 * going back in time is passed in its own order and counted, empty files and no inputs end cleanly, damage
 * is reported with file and line while the rest goes on, a feed document comes out in published order, and more
 * inputs than the open cap stay bounded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_advisory.h"
#include "core/pw_event.h"
#include "core/pw_time.h"
#include "ingest/file_merge.h"
#include "ingest/file_reader.h"
#include "pw_test.h"

static char dir[] = "/tmp/pw-test-merge-XXXXXX";

static void setup(void) { ck_assert_ptr_nonnull(mkdtemp(dir)); }

static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    strcpy(dir, "/tmp/pw-test-merge-XXXXXX");
}

/* Writes name under dir: one JSON event per entry of spec "host:second:tag", separated by spaces;
 * "BAD" writes a damaged line. Returns the path (static buffer rotation: up to 8 at once). */
static const char *write_events(const char *name, const char *spec)
{
    static char paths[8][512];
    static int k;
    char *path = paths[k++ % 8];
    snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    char *copy = strdup(spec), *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (strcmp(tok, "BAD") == 0) {
            fputs("{\"@timestamp\": \"2026-07-01T00:00:00Z\", broken\n", f);
            continue;
        }
        char host[64], tag[64];
        int sec;
        ck_assert_int_eq(sscanf(tok, "%63[^:]:%d:%63s", host, &sec, tag), 3);
        fprintf(f, "{\"@timestamp\":\"2026-07-01T00:%02d:%02dZ\",\"host\":{\"name\":\"%s\"},\"message\":\"%s\"}\n",
                sec / 60, sec % 60, host, tag);
    }
    free(copy);
    fclose(f);
    return path;
}

typedef struct damage_log {
    int n;
    char path[512];
    unsigned long long line;
} damage_log;

static void on_damage(void *ud, const char *path, unsigned long long line, const char *msg)
{
    damage_log *d = ud;
    (void)msg;
    if (!d->n++) {
        snprintf(d->path, sizeof d->path, "%s", path);
        d->line = line;
    }
}

/* Runs the merge to the end; the messages (or "adv:ID") joined by spaces into out. */
static void drain(pw_file_merge *m, char *out, size_t cap)
{
    pw_file_item it;
    pw_error err = {0};
    int n;
    out[0] = '\0';
    while ((n = pw_file_merge_next(m, &it, &err)) == 1) {
        const char *word = it.kind == PW_FILE_ITEM_EVENT ? pw_event_get_str(it.ev, "message", NULL) : it.adv->id;
        ck_assert_ptr_nonnull(word);
        if (out[0]) strncat(out, " ", cap - strlen(out) - 1);
        if (it.kind == PW_FILE_ITEM_ADVISORY) strncat(out, "adv:", cap - strlen(out) - 1);
        strncat(out, word, cap - strlen(out) - 1);
    }
    ck_assert_msg(n == 0, "merge failed: %s", err.msg);
}

static pw_file_reader *reader(void)
{
    pw_error err = {0};
    pw_file_reader_opts o = {.log_prefix = "test"};
    pw_file_reader *r = pw_file_reader_new(&o, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    return r;
}

START_TEST(test_merge_interleaves_files_by_event_time)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    pw_file_merge *m = pw_file_merge_new(r, 0, &err);
    /* path order would give a1 a3 a5 b2 b4 b6 */
    ck_assert_int_eq(pw_file_merge_add(m, write_events("a.jsonl", "a:1:a1 a:3:a3 a:5:a5"), false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("b.jsonl", "b:2:b2 b:4:b4 b:6:b6"), false, &err), 0);
    char out[512];
    drain(m, out, sizeof out);
    ck_assert_str_eq(out, "a1 b2 a3 b4 a5 b6");
    pw_file_merge_stats st;
    pw_file_merge_get_stats(m, &st);
    ck_assert_uint_eq(st.records, 6);
    ck_assert_uint_eq(st.read, 2);
    ck_assert_uint_eq(st.out_of_order, 0);
    ck_assert_uint_eq(st.backwards, 0);
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

START_TEST(test_merge_ties_go_to_input_order_then_file_order)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    const char *x = write_events("x.jsonl", "x:1:x1 x:1:x2 x:2:x3");
    const char *y = write_events("y.jsonl", "y:1:y1 y:2:y2");
    char out[512];
    pw_file_merge *m = pw_file_merge_new(r, 0, &err);
    ck_assert_int_eq(pw_file_merge_add(m, x, false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, y, false, &err), 0);
    drain(m, out, sizeof out);
    ck_assert_str_eq(out, "x1 x2 y1 x3 y2");
    pw_file_merge_free(m);
    /* the same files added the other way round: the tie goes the other way, each file keeps its order */
    m = pw_file_merge_new(r, 0, &err);
    ck_assert_int_eq(pw_file_merge_add(m, y, false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, x, false, &err), 0);
    drain(m, out, sizeof out);
    ck_assert_str_eq(out, "y1 x1 x2 y2 x3");
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

START_TEST(test_merge_passes_a_file_going_back_in_time_in_file_order)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    pw_file_merge *m = pw_file_merge_new(r, 0, &err);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("a.jsonl", "a:10:a10 a:20:a20 a:5:a5 a:30:a30"), false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("b.jsonl", "b:15:b15 b:25:b25"), false, &err), 0);
    char out[512];
    drain(m, out, sizeof out);
    /* a5 is not moved before a10/a20: the merge is by each file's head */
    ck_assert_str_eq(out, "a10 b15 a20 a5 b25 a30");
    pw_file_merge_stats st;
    pw_file_merge_get_stats(m, &st);
    ck_assert_uint_eq(st.backwards, 1);
    ck_assert_uint_eq(st.out_of_order, 1);
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

START_TEST(test_merge_empty_files_and_no_inputs_end_cleanly)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    pw_file_merge *m = pw_file_merge_new(r, 0, &err);
    pw_file_item it;
    ck_assert_int_eq(pw_file_merge_next(m, &it, &err), 0);
    ck_assert_int_eq(pw_file_merge_next(m, &it, &err), 0);
    pw_file_merge_free(m);

    m = pw_file_merge_new(r, 0, &err);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("empty1.jsonl", ""), false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("a.jsonl", "a:1:a1 a:2:a2"), false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("empty2.jsonl", ""), false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("notes.md", "a:0:never"), false, &err), 0);
    char out[512];
    drain(m, out, sizeof out);
    ck_assert_str_eq(out, "a1 a2");
    pw_file_merge_stats st;
    pw_file_merge_get_stats(m, &st);
    ck_assert_uint_eq(st.inputs, 4);
    ck_assert_uint_eq(st.read, 3);
    ck_assert_uint_eq(st.skipped, 1);
    ck_assert_uint_eq(st.failed, 0);
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

START_TEST(test_merge_reports_damage_with_file_and_line_and_goes_on)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    pw_file_merge *m = pw_file_merge_new(r, 0, &err);
    damage_log d = {0};
    pw_file_merge_on_damage(m, on_damage, &d);
    const char *bad = write_events("bad.jsonl", "a:1:a1 BAD a:3:a3");
    ck_assert_int_eq(pw_file_merge_add(m, bad, false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("b.jsonl", "b:2:b2 b:4:b4"), false, &err), 0);
    char out[512];
    drain(m, out, sizeof out);
    ck_assert_str_eq(out, "a1 b2 a3 b4");
    ck_assert_int_eq(d.n, 1);
    ck_assert_str_eq(d.path, bad);
    ck_assert_uint_eq(d.line, 2);
    pw_file_merge_stats st;
    pw_file_merge_get_stats(m, &st);
    ck_assert_uint_eq(st.damaged, 1);
    pw_file_merge_free(m);

    /* a file that is not what its name says (EVTX without its header), one that is gone: reported by name,
     * the others read */
    char evtx[512], gone[512];
    snprintf(evtx, sizeof evtx, "%s/damaged.evtx", dir);
    snprintf(gone, sizeof gone, "%s/gone.jsonl", dir);
    FILE *f = fopen(evtx, "w");
    ck_assert_ptr_nonnull(f);
    fputs("this is not an EVTX file", f);
    fclose(f);
    m = pw_file_merge_new(r, 0, &err);
    memset(&d, 0, sizeof d);
    pw_file_merge_on_damage(m, on_damage, &d);
    ck_assert_int_eq(pw_file_merge_add(m, evtx, false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, gone, false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("c.jsonl", "c:1:c1 c:2:c2"), false, &err), 0);
    drain(m, out, sizeof out);
    ck_assert_str_eq(out, "c1 c2");
    pw_file_merge_get_stats(m, &st);
    ck_assert_uint_eq(st.failed, 2);
    ck_assert_int_eq(d.n, 2);
    ck_assert_str_eq(d.path, evtx);
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

START_TEST(test_merge_takes_advisories_by_published_time)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    char feed[512];
    snprintf(feed, sizeof feed, "%s/advisories.jsonl", dir);
    FILE *f = fopen(feed, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\":\"late\",\"source\":\"t\",\"title\":\"late\",\"published\":\"2026-07-01T00:00:05Z\"}\n", f);
    fputs("{\"id\":\"early\",\"source\":\"t\",\"title\":\"early\",\"published\":\"2026-07-01T00:00:02Z\"}\n", f);
    fclose(f);
    pw_file_merge *m = pw_file_merge_new(r, 0, &err);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("a.jsonl", "a:1:a1 a:3:a3 a:6:a6"), false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, feed, true, &err), 0);
    char out[512];
    drain(m, out, sizeof out);
    /* the feed file is out of order itself: merged by its head, passed in its order */
    ck_assert_str_eq(out, "a1 a3 adv:late adv:early a6");
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

/* An RSS snapshot lists its newest item first; taken in that order, the older items would all come out at the
 * newest one's time (a community post read days late). A feed document is given out in published order. */
START_TEST(test_merge_takes_a_newest_first_feed_document_in_published_order)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    char feed[512];
    snprintf(feed, sizeof feed, "%s/community.xml", dir);
    FILE *f = fopen(feed, "w");
    ck_assert_ptr_nonnull(f);
    fputs("<?xml version='1.0'?><rss version='2.0'><channel><title>forum</title><link>https://forum.example.org/</link>"
          "<description>forum</description>"
          "<item><title>late</title><link>https://forum.example.org/t/late</link><guid>late</guid>"
          "<pubDate>Wed, 01 Jul 2026 00:00:05 +0000</pubDate><description>late</description></item>"
          "<item><title>early</title><link>https://forum.example.org/t/early</link><guid>early</guid>"
          "<pubDate>Wed, 01 Jul 2026 00:00:02 +0000</pubDate><description>early</description></item>"
          "</channel></rss>\n", f);
    fclose(f);
    pw_file_merge *m = pw_file_merge_new(r, 0, &err);
    ck_assert_int_eq(pw_file_merge_add(m, write_events("a.jsonl", "a:1:a1 a:3:a3 a:6:a6"), false, &err), 0);
    ck_assert_int_eq(pw_file_merge_add(m, feed, true, &err), 0);
    char out[512];
    drain(m, out, sizeof out);
    ck_assert_msg(strstr(out, "a1 adv:") && strstr(out, "early a3 adv:") && strstr(out, "late a6"), "order: %s", out);
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

START_TEST(test_merge_over_the_open_cap_stays_bounded_and_in_order)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    /* 12 files, added in an order unrelated to their time; each covers its own stretch of time */
    pw_file_merge *m = pw_file_merge_new(r, 3, &err);
    for (int i = 0; i < 12; i++) {
        int k = (i * 5) % 12; /* a permutation of 0..11 */
        char name[32], spec[128];
        snprintf(name, sizeof name, "h%02d.jsonl", i);
        snprintf(spec, sizeof spec, "h%d:%d:e%02d0 h%d:%d:e%02d1 h%d:%d:e%02d2", k, k * 10, k, k, k * 10 + 1, k, k,
                 k * 10 + 2, k);
        ck_assert_int_eq(pw_file_merge_add(m, write_events(name, spec), false, &err), 0);
    }
    char out[1024], want[1024] = "";
    drain(m, out, sizeof out);
    for (int k = 0; k < 12; k++)
        for (int j = 0; j < 3; j++) {
            char w[16];
            snprintf(w, sizeof w, "%se%02d%d", k || j ? " " : "", k, j);
            strcat(want, w);
        }
    ck_assert_str_eq(out, want);
    pw_file_merge_stats st;
    pw_file_merge_get_stats(m, &st);
    ck_assert(st.lazy);
    ck_assert_uint_le(st.max_open, 3);
    ck_assert_uint_eq(st.out_of_order, 0);
    pw_file_merge_free(m);

    /* more files overlap in time than may be open: every record still comes, some late (counted) */
    m = pw_file_merge_new(r, 2, &err);
    for (int i = 0; i < 5; i++) {
        char name[32], spec[128];
        snprintf(name, sizeof name, "o%d.jsonl", i);
        snprintf(spec, sizeof spec, "o:%d:o%da o:%d:o%db o:%d:o%dc", i, i, 20 + i, i, 40 + i, i);
        ck_assert_int_eq(pw_file_merge_add(m, write_events(name, spec), false, &err), 0);
    }
    drain(m, out, sizeof out);
    int words = 1;
    for (const char *p = out; *p; p++) words += *p == ' ';
    ck_assert_int_eq(words, 15);
    pw_file_merge_get_stats(m, &st);
    ck_assert_uint_le(st.max_open, 2);
    ck_assert_uint_gt(st.out_of_order, 0);
    ck_assert_uint_eq(st.records, 15);
    pw_file_merge_free(m);
    pw_file_reader_free(r);
}
END_TEST

START_TEST(test_cursor_reads_a_line_longer_than_its_first_buffer)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    char path[512];
    snprintf(path, sizeof path, "%s/long.jsonl", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    size_t n = PW_FILE_CURSOR_BUF * 3;
    fputs("{\"@timestamp\":\"2026-07-01T00:00:01Z\",\"host\":{\"name\":\"a\"},\"message\":\"", f);
    for (size_t i = 0; i < n; i++) fputc('x', f);
    fputs("\"}\n{\"@timestamp\":\"2026-07-01T00:00:02Z\",\"host\":{\"name\":\"a\"},\"message\":\"short\"}\n", f);
    fclose(f);
    pw_file_cursor *c;
    ck_assert_int_eq(pw_file_cursor_open(r, path, false, NULL, &c, &err), 1);
    pw_file_item it;
    ck_assert_int_eq(pw_file_cursor_next(c, &it, &err), 1);
    size_t len = 0;
    ck_assert_ptr_nonnull(pw_event_get_str(it.ev, "message", &len));
    ck_assert_uint_eq(len, n);
    ck_assert_uint_eq(it.line, 1);
    ck_assert_int_eq(pw_file_cursor_next(c, &it, &err), 1);
    ck_assert_str_eq(pw_event_get_str(it.ev, "message", NULL), "short");
    ck_assert_uint_eq(it.line, 2);
    ck_assert_int_eq(pw_file_cursor_next(c, &it, &err), 0);
    pw_file_cursor_close(c);
    pw_file_reader_free(r);
}
END_TEST

/* pacman.log's bracketed times, with the offset pacman 5.2 writes and the older minutes: the event's time, and the
 * message from "[ALPM]" on (what the install rule reads). */
START_TEST(test_cursor_reads_pacman_log_times)
{
    pw_error err = {0};
    pw_file_reader *r = reader();
    char path[512];
    snprintf(path, sizeof path, "%s/pacman.log", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("[2026-07-10T10:00:00+0200] [ALPM] upgraded linux (6.9.1.arch1-1 -> 6.9.2.arch1-1)\n"
          "[2018-05-01 10:00] [ALPM] installed libfoo (2.0.1-3)\n", f);
    fclose(f);
    pw_file_cursor *c;
    ck_assert_int_eq(pw_file_cursor_open(r, path, false, NULL, &c, &err), 1);
    pw_file_item it;
    int64_t want;
    ck_assert_int_eq(pw_file_cursor_next(c, &it, &err), 1);
    ck_assert_int_eq(pw_time_parse("2026-07-10T08:00:00Z", 20, &want, NULL), 0);
    ck_assert_int_eq(it.ev->ts_us, want);
    ck_assert_str_eq(pw_event_get_str(it.ev, "message", NULL), "[ALPM] upgraded linux (6.9.1.arch1-1 -> 6.9.2.arch1-1)");
    ck_assert_int_eq(pw_file_cursor_next(c, &it, &err), 1);
    ck_assert_int_eq(pw_time_parse("2018-05-01T10:00:00Z", 20, &want, NULL), 0);
    ck_assert_int_eq(it.ev->ts_us, want);
    ck_assert_str_eq(pw_event_get_str(it.ev, "message", NULL), "[ALPM] installed libfoo (2.0.1-3)");
    ck_assert_int_eq(pw_file_cursor_next(c, &it, &err), 0);
    pw_file_cursor_close(c);
    pw_file_reader_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("file_merge");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_merge_interleaves_files_by_event_time);
    tcase_add_test(tc, test_merge_ties_go_to_input_order_then_file_order);
    tcase_add_test(tc, test_merge_passes_a_file_going_back_in_time_in_file_order);
    tcase_add_test(tc, test_merge_empty_files_and_no_inputs_end_cleanly);
    tcase_add_test(tc, test_merge_reports_damage_with_file_and_line_and_goes_on);
    tcase_add_test(tc, test_merge_takes_advisories_by_published_time);
    tcase_add_test(tc, test_merge_takes_a_newest_first_feed_document_in_published_order);
    tcase_add_test(tc, test_merge_over_the_open_cap_stays_bounded_and_in_order);
    tcase_add_test(tc, test_cursor_reads_a_line_longer_than_its_first_buffer);
    tcase_add_test(tc, test_cursor_reads_pacman_log_times);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
