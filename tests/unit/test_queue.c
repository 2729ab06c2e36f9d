/* test_queue: the durable sink queue (core/pw_queue.h): what survives a restart, a torn write and a damaged
 * record, and what the size cap does under each policy. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Appends are gathered in memory and written once per batch. What the queue promises: a record is in the file
 * after pw_queue_write_out (or a read, commit or sync), so a process killed after that loses nothing; one killed
 * before loses only what was gathered since (the sink writes out before it sends anything). */
START_TEST(test_queue_gathered_appends_reach_the_file_at_write_out_and_survive_a_kill)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        pw_queue_opts o = {.dir = dir, .fsync = PW_FSYNC_NEVER};
        pw_error err = {0};
        pw_queue *q = pw_queue_open(&o, &err);
        if (!q) _exit(2);
        for (int i = 0; i < 10; i++) {
            char b[32];
            int n = snprintf(b, sizeof b, "{\"n\":%d}", i);
            if (pw_queue_append(q, "event", b, (size_t)n, &err)) _exit(3);
        }
        if (pw_queue_write_out(q, &err)) _exit(4);
        for (int i = 10; i < 15; i++) /* gathered, never written */
            if (pw_queue_append(q, "event", "{\"n\":99}", 8, &err)) _exit(5);
        raise(SIGKILL);
        _exit(6);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child status %d", status);
    pw_queue *q = open_q(0, PW_QUEUE_DROP_OLDEST);
    pw_queue_stats st;
    pw_queue_get_stats(q, &st);
    ck_assert_uint_eq(st.pending, 10);
    for (int i = 0; i < 10; i++) ck_assert_int_eq(read_n(q), i);
    pw_queue_rec r;
    pw_error err = {0};
    ck_assert_int_eq(pw_queue_read(q, &r, &err), 0);
    /* in one process a read sees what is only gathered yet: it writes out first */
    append_n(q, 20, 23);
    for (int i = 20; i < 23; i++) ck_assert_int_eq(read_n(q), i);
    pw_queue_close(q);
}
END_TEST

/* The CRC the queue stores is CRC-32/IEEE (zlib's), whatever the record's length (the slicing-by-8 loop and its
 * byte tail): checked against the bit-by-bit definition, reading the segment file directly. */
static uint32_t crc32_bitwise(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    }
    return ~crc;
}

START_TEST(test_queue_crc_is_crc32_ieee_for_every_length)
{
    ck_assert_uint_eq(crc32_bitwise(0, (const unsigned char *)"123456789", 9), 0xcbf43926u); /* the check value */
    pw_queue *q = open_q(0, PW_QUEUE_DROP_OLDEST);
    pw_error err = {0};
    char body[64];
    for (int len = 0; len < 40; len++) {
        for (int k = 0; k < len; k++) body[k] = (char)(0x80 + k * 37 % 127);
        ck_assert_int_eq(pw_queue_append(q, len % 2 ? "e" : "event", body, (size_t)len, &err), 0);
    }
    pw_queue_close(q);
    char path[128];
    snprintf(path, sizeof path, "%s/%020d.seg", dir, 1);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    unsigned char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f), off = 0;
    fclose(f);
    int recs = 0;
    while (off < n) {
        ck_assert_int_eq(memcmp(buf + off, "PWQ1", 4), 0);
        uint32_t len = buf[off + 4] | buf[off + 5] << 8 | buf[off + 6] << 16 | (uint32_t)buf[off + 7] << 24;
        uint32_t crc = buf[off + 8] | buf[off + 9] << 8 | buf[off + 10] << 16 | (uint32_t)buf[off + 11] << 24;
        ck_assert_uint_eq(crc, crc32_bitwise(0, buf + off + 12, len));
        ck_assert_uint_eq(len - 9 - buf[off + 20], (uint32_t)recs);
        off += 12 + len;
        recs++;
    }
    ck_assert_int_eq(recs, 40);
    ck_assert_uint_eq(off, n);
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
    tcase_add_test(tc, test_queue_gathered_appends_reach_the_file_at_write_out_and_survive_a_kill);
    tcase_add_test(tc, test_queue_crc_is_crc32_ieee_for_every_length);
    tcase_add_test(tc, test_queue_cap_drop_oldest_counts_and_block_refuses);
    tcase_add_test(tc, test_queue_segments_roll_and_delivered_ones_are_deleted);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
