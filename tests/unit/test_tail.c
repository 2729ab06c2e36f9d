/* Tests of ingest/tail: resume from the checkpoint without duplicates, rotation by rename and by
 * copytruncate (live and while stopped), compressed files ignored, the exact-output protocol (a batch only
 * partly written before a crash is cut off and read again), long lines cut into pieces. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/tail.h"
#include "pw_test.h"

static char dir[256], logp[300], cpp[300];

typedef struct seen {
    int n;
    char lines[512][64];
    int trunc[512];
    unsigned long long orig[512];
} seen;

static int collect(void *ud, const pw_tail_line *l, pw_error *err)
{
    (void)err;
    seen *s = ud;
    ck_assert_int_lt(s->n, 512);
    snprintf(s->lines[s->n], 64, "%.*s", (int)(l->len < 63 ? l->len : 63), l->data);
    s->orig[s->n] = l->original_length;
    s->trunc[s->n++] = l->truncated;
    return 0;
}

static void append(const char *path, const char *text)
{
    FILE *fp = fopen(path, "a");
    ck_assert(fp);
    fputs(text, fp);
    fclose(fp);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/pw-test-tail.XXXXXX");
    ck_assert(mkdtemp(dir));
    snprintf(logp, sizeof logp, "%s/app.log", dir);
    snprintf(cpp, sizeof cpp, "%s/cp.json", dir);
}

static void teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static pw_tail *open_tail(const char *glob, size_t max_line)
{
    const char *globs[] = {glob};
    pw_tail_config c = {.globs = globs, .nglobs = 1, .checkpoint = cpp, .max_line = max_line};
    int64_t cut;
    pw_error err;
    pw_tail *t = pw_tail_open(&c, NULL, &cut, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_int_eq(cut, -1);
    return t;
}

static void poll_commit(pw_tail *t, seen *s)
{
    pw_error err;
    ck_assert_int_ge(pw_tail_poll(t, 1000, collect, s, &err), 0);
    ck_assert_int_eq(pw_tail_commit(t, NULL, 0, &err), 0);
}

START_TEST(test_tail_resumes_after_restart_without_duplicates)
{
    seen s = {0};
    append(logp, "one\ntwo\nthr");
    pw_tail *t = open_tail(logp, 0);
    poll_commit(t, &s);
    pw_tail_close(t);
    ck_assert_int_eq(s.n, 2); /* "thr" is not a complete line yet */
    append(logp, "ee\nfour\n");
    t = open_tail(logp, 0);
    poll_commit(t, &s);
    pw_tail_close(t);
    ck_assert_int_eq(s.n, 4);
    ck_assert_str_eq(s.lines[2], "three");
    ck_assert_str_eq(s.lines[3], "four");
}
END_TEST

START_TEST(test_tail_rename_rotation_live_and_while_stopped)
{
    seen s = {0};
    char rot[320], rot2[320];
    snprintf(rot, sizeof rot, "%s.1", logp);
    snprintf(rot2, sizeof rot2, "%s.2", logp);
    append(logp, "a1\n");
    pw_tail *t = open_tail(logp, 0);
    poll_commit(t, &s);
    append(logp, "a2\n"); /* written, then rotated before we looked */
    ck_assert_int_eq(rename(logp, rot), 0);
    append(logp, "b1\n");
    poll_commit(t, &s);
    ck_assert_int_eq(s.n, 3);
    ck_assert_str_eq(s.lines[1], "a2"); /* the rotated file's rest comes first */
    ck_assert_str_eq(s.lines[2], "b1");
    append(logp, "b2\n");
    pw_tail_close(t);
    /* stopped: rotate again, restart finds the old file by inode */
    ck_assert_int_eq(rename(logp, rot2), 0);
    append(logp, "c1\n");
    t = open_tail(logp, 0);
    poll_commit(t, &s);
    pw_tail_close(t);
    ck_assert_int_eq(s.n, 5);
    ck_assert_str_eq(s.lines[3], "b2");
    ck_assert_str_eq(s.lines[4], "c1");
}
END_TEST

static void copy_file(const char *from, const char *to)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_tail_copytruncate_live_and_while_stopped)
{
    seen s = {0};
    char cp1[320], cp2[320];
    snprintf(cp1, sizeof cp1, "%s.1", logp);
    snprintf(cp2, sizeof cp2, "%s.2", logp);
    append(logp, "x1\n");
    pw_tail *t = open_tail(logp, 0);
    poll_commit(t, &s);
    append(logp, "x2\n");
    copy_file(logp, cp1);
    ck_assert_int_eq(truncate(logp, 0), 0);
    append(logp, "y1 a longer first line than before\n");
    poll_commit(t, &s);
    ck_assert_int_eq(s.n, 3);
    ck_assert_str_eq(s.lines[1], "x2");
    ck_assert_str_eq(s.lines[2], "y1 a longer first line than before");
    append(logp, "y2\n");
    pw_tail_close(t);
    copy_file(logp, cp2);
    ck_assert_int_eq(truncate(logp, 0), 0);
    append(logp, "z1\n");
    t = open_tail(logp, 0);
    poll_commit(t, &s);
    pw_tail_close(t);
    ck_assert_int_eq(s.n, 5);
    ck_assert_str_eq(s.lines[3], "y2");
    ck_assert_str_eq(s.lines[4], "z1");
}
END_TEST

START_TEST(test_tail_ignores_compressed_files)
{
    char gz[320], glob[320];
    snprintf(gz, sizeof gz, "%s/old.log.gz", dir);
    snprintf(glob, sizeof glob, "%s/*.log*", dir);
    append(gz, "\x1f\x8b not text\n");
    append(logp, "plain\n");
    seen s = {0};
    pw_tail *t = open_tail(glob, 0);
    poll_commit(t, &s);
    ck_assert_int_eq((int)pw_tail_nfiles(t), 1);
    pw_tail_close(t);
    ck_assert_int_eq(s.n, 1);
    ck_assert(pw_tail_is_compressed("a.gz") && pw_tail_is_compressed("b.log.1.zst") && !pw_tail_is_compressed("c.log"));
}
END_TEST

START_TEST(test_tail_partly_written_batch_is_cut_and_read_again)
{
    char outp[320];
    snprintf(outp, sizeof outp, "%s/out.jsonl", dir);
    append(logp, "l1\nl2\n");
    append(outp, "previous output\n");
    struct stat st;
    ck_assert_int_eq(stat(outp, &st), 0);
    pw_tail_out_file of = {st.st_dev, st.st_ino, st.st_size};
    const char *globs[] = {logp};
    pw_tail_config c = {.globs = globs, .nglobs = 1, .checkpoint = cpp};
    int64_t cut;
    pw_error err;
    seen s = {0};
    pw_tail *t = pw_tail_open(&c, &of, &cut, &err);
    ck_assert_int_eq(pw_tail_poll(t, 100, collect, &s, &err), 2);
    ck_assert_int_eq(pw_tail_commit(t, &of, 6, &err), 0); /* announces 6 bytes at size 16 */
    pw_tail_close(t);
    append(outp, "l1\n"); /* "crash" after half of the batch */
    ck_assert_int_eq(stat(outp, &st), 0);
    of.size = st.st_size;
    t = pw_tail_open(&c, &of, &cut, &err);
    ck_assert_int_eq(cut, 16);
    ck_assert_int_eq(pw_tail_poll(t, 100, collect, &s, &err), 2); /* both lines again */
    pw_tail_close(t);
    /* the whole batch made it: no repeat */
    of.size = 22;
    t = pw_tail_open(&c, &of, &cut, &err);
    ck_assert_int_eq(cut, -1);
    ck_assert_int_eq(pw_tail_poll(t, 100, collect, &s, &err), 0);
    pw_tail_close(t);
}
END_TEST

START_TEST(test_tail_long_line_is_one_truncated_line_with_its_length)
{
    append(logp, "0123456789abcdefXYZ\nshort\n");
    seen s = {0};
    pw_tail *t = open_tail(logp, 8);
    poll_commit(t, &s);
    ck_assert_int_eq(s.n, 2);
    ck_assert_str_eq(s.lines[0], "01234567");
    ck_assert_int_eq(s.trunc[0], 1);
    ck_assert_int_eq(s.orig[0], 19);
    ck_assert_str_eq(s.lines[1], "short");
    ck_assert_int_eq(s.trunc[1], 0);
    ck_assert_int_eq(pw_tail_discarded(t), 11);
    /* a long line still being written: nothing until its LF, then one line */
    append(logp, "ABCDEFGHIJKLMNOP");
    poll_commit(t, &s);
    ck_assert_int_eq(s.n, 2);
    append(logp, "QRSTUVWXYZ\nend\n");
    poll_commit(t, &s);
    pw_tail_close(t);
    ck_assert_int_eq(s.n, 4);
    ck_assert_str_eq(s.lines[2], "ABCDEFGH");
    ck_assert_int_eq(s.orig[2], 26);
    ck_assert_str_eq(s.lines[3], "end");
}
END_TEST

START_TEST(test_tail_head_hash)
{
    uint32_t n;
    uint64_t h1 = pw_tail_head_hash("abc\ndef", 7, &n);
    ck_assert_int_eq(n, 4);
    ck_assert(h1 == pw_tail_head_hash("abc\nxyz", 7, &n));
    pw_tail_head_hash("abc", 3, &n);
    ck_assert_int_eq(n, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tail");
    TCase *tc = tcase_create("tail");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_tail_resumes_after_restart_without_duplicates);
    tcase_add_test(tc, test_tail_rename_rotation_live_and_while_stopped);
    tcase_add_test(tc, test_tail_copytruncate_live_and_while_stopped);
    tcase_add_test(tc, test_tail_ignores_compressed_files);
    tcase_add_test(tc, test_tail_partly_written_batch_is_cut_and_read_again);
    tcase_add_test(tc, test_tail_long_line_is_one_truncated_line_with_its_length);
    tcase_add_test(tc, test_tail_head_hash);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
