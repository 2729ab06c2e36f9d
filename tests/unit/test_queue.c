/* test_queue: the durable sink queue (core/pw_queue.h): what survives a restart, a torn write and a damaged
 * record, and what the size cap does under each policy. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_queue.h"
#include "pw_test.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/pw-test-queue-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
}

static pw_queue *open_q(uint64_t max, pw_queue_full_policy full)
{
    pw_queue_opts o = {.dir = dir, .max_bytes = max, .full = full, .fsync = PW_FSYNC_NEVER};
    pw_error err = {0};
    pw_queue *q = pw_queue_open(&o, &err);
    ck_assert_msg(q != NULL, "%s", err.msg);
    return q;
}

static void append_n(pw_queue *q, int from, int to)
{
    pw_error err = {0};
    for (int i = from; i < to; i++) {
        char b[64];
        int n = snprintf(b, sizeof b, "{\"n\":%d}", i);
        ck_assert_int_eq(pw_queue_append(q, "event", b, (size_t)n, &err), 0);
    }
}

static int read_n(pw_queue *q)
{
    pw_queue_rec r;
    pw_error err = {0};
    ck_assert_int_eq(pw_queue_read(q, &r, &err), 1);
    ck_assert_str_eq(r.topic, "event");
    int n = -1;
    ck_assert_int_eq(sscanf(r.json, "{\"n\":%d}", &n), 1);
    ck_assert_uint_eq(r.len, strlen(r.json));
    return n;
}

START_TEST(test_queue_replays_uncommitted_records_in_order_after_a_restart)
{
    pw_queue *q = open_q(0, PW_QUEUE_DROP_OLDEST);
    pw_error err = {0};
    append_n(q, 0, 10);
    for (int i = 0; i < 4; i++) ck_assert_int_eq(read_n(q), i);
    ck_assert_int_eq(pw_queue_commit(q, &err), 0); /* 0..3 delivered */
    ck_assert_int_eq(read_n(q), 4);                /* read, not committed: comes again */
    pw_queue_close(q);                             /* what a SIGKILL leaves: files only */
    q = open_q(0, PW_QUEUE_DROP_OLDEST);
    pw_queue_stats st;
    pw_queue_get_stats(q, &st);
    ck_assert_uint_eq(st.pending, 6);
    for (int i = 4; i < 10; i++) ck_assert_int_eq(read_n(q), i);
    pw_queue_rec r;
    ck_assert_int_eq(pw_queue_read(q, &r, &err), 0);
    ck_assert_int_eq(pw_queue_commit(q, &err), 0);
    pw_queue_get_stats(q, &st);
    ck_assert_uint_eq(st.pending, 0);
    ck_assert_uint_eq(st.bytes, 0);
    pw_queue_close(q);
}
END_TEST

START_TEST(test_queue_cuts_a_torn_tail_and_keeps_the_records_before_it)
{
    pw_queue *q = open_q(0, PW_QUEUE_DROP_OLDEST);
    append_n(q, 0, 3);
    pw_queue_close(q);
    char path[128];
    snprintf(path, sizeof path, "%s/%020d.seg", dir, 1);
    int fd = open(path, O_WRONLY | O_APPEND);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "PWQ1\x40\0\0\0garbage", 15), 15); /* half a record, as a crash leaves it */
    close(fd);
    q = open_q(0, PW_QUEUE_DROP_OLDEST);
    for (int i = 0; i < 3; i++) ck_assert_int_eq(read_n(q), i);
    pw_queue_rec r;
    pw_error err = {0};
    ck_assert_int_eq(pw_queue_read(q, &r, &err), 0);
    append_n(q, 3, 4); /* appends go after the cut, not after the garbage */
    ck_assert_int_eq(read_n(q), 3);
    pw_queue_close(q);
}
END_TEST

START_TEST(test_queue_detects_a_flipped_byte_by_crc)
{
    pw_queue *q = open_q(0, PW_QUEUE_DROP_OLDEST);
    append_n(q, 0, 2);
    pw_queue_close(q);
    char path[128];
    snprintf(path, sizeof path, "%s/%020d.seg", dir, 1);
    int fd = open(path, O_RDWR);
    char c;
    ck_assert_int_eq(pread(fd, &c, 1, 30), 1);
    c ^= 0x20;
    ck_assert_int_eq(pwrite(fd, &c, 1, 30), 1); /* inside the first record's body */
    close(fd);
    q = open_q(0, PW_QUEUE_DROP_OLDEST);
    pw_queue_rec r;
    pw_error err = {0};
    ck_assert_int_eq(pw_queue_read(q, &r, &err), 0); /* the last segment is cut at the damaged record */
    pw_queue_close(q);
}
END_TEST

START_TEST(test_queue_cap_drop_oldest_counts_and_block_refuses)
{
    pw_queue *q = open_q(65536, PW_QUEUE_DROP_OLDEST);
    append_n(q, 0, 5000); /* ~30 bytes each: well over 64 KiB */
    pw_queue_stats st;
    pw_queue_get_stats(q, &st);
    ck_assert_uint_gt(st.dropped, 0);
    ck_assert_uint_le(st.bytes, 65536);
    ck_assert_uint_eq(st.pending + st.dropped, 5000);
    int first = read_n(q);
    ck_assert_int_eq(first, (int)st.dropped); /* the oldest went, the rest is in order */
    pw_queue_close(q);
    teardown();
    setup();
    q = open_q(65536, PW_QUEUE_BLOCK);
    pw_error err = {0};
    int i = 0, rc = 0;
    char b[64];
    for (; i < 5000 && rc == 0; i++) rc = pw_queue_append(q, "event", b, (size_t)snprintf(b, sizeof b, "{\"n\":%d}", i), &err);
    ck_assert_int_eq(rc, 1); /* full: refused, nothing dropped */
    pw_queue_get_stats(q, &st);
    ck_assert_uint_eq(st.dropped, 0);
    ck_assert_int_eq(read_n(q), 0);
    pw_queue_close(q);
}
END_TEST

START_TEST(test_queue_segments_roll_and_delivered_ones_are_deleted)
{
    pw_queue *q = open_q(65536, PW_QUEUE_BLOCK); /* 16 KiB segments */
    pw_error err = {0};
    append_n(q, 0, 1500);
    int segs = 0;
    char path[128];
    for (int s = 1; s < 20; s++) {
        snprintf(path, sizeof path, "%s/%020d.seg", dir, s);
        segs += access(path, F_OK) == 0;
    }
    ck_assert_int_gt(segs, 1);
    for (int i = 0; i < 1500; i++) ck_assert_int_eq(read_n(q), i);
    ck_assert_int_eq(pw_queue_commit(q, &err), 0);
    int left = 0;
    for (int s = 1; s < 20; s++) {
        snprintf(path, sizeof path, "%s/%020d.seg", dir, s);
        left += access(path, F_OK) == 0;
    }
    ck_assert_int_eq(left, 1); /* only the one being written */
    pw_queue_close(q);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("queue");
    TCase *tc = tcase_create("queue");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_queue_replays_uncommitted_records_in_order_after_a_restart);
    tcase_add_test(tc, test_queue_cuts_a_torn_tail_and_keeps_the_records_before_it);
    tcase_add_test(tc, test_queue_detects_a_flipped_byte_by_crc);
    tcase_add_test(tc, test_queue_cap_drop_oldest_counts_and_block_refuses);
    tcase_add_test(tc, test_queue_segments_roll_and_delivered_ones_are_deleted);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
