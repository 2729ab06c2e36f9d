/* test_state: the SQLite state. An engine restored from a snapshot taken half way through the events, fed
 * the rest, makes exactly the decisions of an engine that never stopped; emissions already made before the
 * snapshot are not made again. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "correlate/correlate.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL

typedef struct rec {
    char *v[256];
    int n;
} rec;

static int collect(const pw_alert *a, void *ud)
{
    rec *r = ud;
    ck_assert_int_lt(r->n, 256);
    pw_buf b = PW_BUF_INIT;
    ck_assert_int_eq(pw_alert_to_json(a, &b, NULL), 0);
    r->v[r->n++] = strdup(b.data);
    pw_buf_free(&b);
    return 0;
}

static void rec_free(rec *r)
{
    for (int i = 0; i < r->n; i++) free(r->v[i]);
    r->n = 0;
}

static void add(pw_corr *c, int host, int64_t ts, const char *provider, const char *code, const char *level,
                const char *title)
{
    pw_event ev;
    pw_event_init(&ev);
    char name[16];
    snprintf(name, sizeof name, "node%02d", host);
    pw_event_set_time(&ev, ts);
    pw_event_set_cstr(&ev, "host.name", name, NULL);
    pw_event_set_cstr(&ev, "event.provider", provider, NULL);
    pw_event_set_cstr(&ev, "event.code", code, NULL);
    pw_event_set_cstr(&ev, "log.level", level, NULL);
    pw_event_set_cstr(&ev, "winlog.channel", "System", NULL);
    pw_event_set_cstr(&ev, "message", "m", NULL);
    if (title) pw_event_set_cstr(&ev, "winlog.event_data.updateTitle", title, NULL);
    ck_assert_int_eq(pw_corr_add_event(c, &ev, NULL), 0);
    pw_event_free(&ev);
}

/* hosts [from, to) of the 16-host fleet: hourly warning, install in one of two rings, symptom on 3 hosts */
static void hosts(pw_corr *c, int from, int to)
{
    for (int h = from; h < to; h++) {
        int64_t inst = T0 + (h < 6 ? 8 : 12) * 24 * H_US + 3 * H_US;
        for (int64_t t = T0; t < T0 + 16 * 24 * H_US; t += H_US) add(c, h, t + h, "disk", "153", "warning", NULL);
        add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Update (KB5888888)");
        if (h == 1 || h == 2 || h == 3 || h == 9)
            for (int64_t t = inst + 5 * H_US; t < T0 + 16 * 24 * H_US; t += 3 * H_US)
                add(c, h, t, "Microsoft-Windows-Hyper-V-VMMS", "18590", "error", NULL);
    }
}

START_TEST(test_restored_engine_decides_like_one_that_never_stopped)
{
    char path[] = "/tmp/pw-test-state-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    rec whole = {0}, resumed = {0};
    pw_error err = {0};

    pw_corr *a = pw_corr_new(&cfg, NULL, &err);
    hosts(a, 0, 16);
    ck_assert_int_eq(pw_corr_advance(a, T0 + 16 * 24 * H_US, collect, &whole, &err), 0);
    ck_assert_int_ge(whole.n, 1);
    pw_corr_free(a);

    /* first half of the hosts, snapshot, kill */
    pw_corr *b = pw_corr_new(&cfg, NULL, &err);
    hosts(b, 0, 8);
    ck_assert_msg(pw_corr_state_save(b, path, &err) == 0, "%s", err.msg);
    pw_corr_free(b);
    /* restart from the snapshot with the rest */
    pw_corr *r = pw_corr_new(&cfg, NULL, &err);
    ck_assert_msg(pw_corr_state_load(r, path, &err) == 0, "%s", err.msg);
    hosts(r, 8, 16);
    ck_assert_int_eq(pw_corr_advance(r, T0 + 16 * 24 * H_US, collect, &resumed, &err), 0);
    ck_assert_int_eq(resumed.n, whole.n);
    for (int i = 0; i < whole.n; i++) ck_assert_str_eq(resumed.v[i], whole.v[i]);
    /* its emissions are now in the state: a second restart says nothing new */
    ck_assert_msg(pw_corr_state_save(r, path, &err) == 0, "%s", err.msg);
    pw_corr_free(r);
    rec again = {0};
    pw_corr *q = pw_corr_new(&cfg, NULL, &err);
    ck_assert_msg(pw_corr_state_load(q, path, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(pw_corr_advance(q, T0 + 16 * 24 * H_US, collect, &again, &err), 0);
    ck_assert_int_eq(again.n, 0);
    pw_corr_free(q);
    rec_free(&whole);
    rec_free(&resumed);
    unlink(path);
    char side[sizeof path + 8];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}
END_TEST

START_TEST(test_load_refuses_a_non_state_file_with_a_message)
{
    char path[] = "/tmp/pw-test-state-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "not a database, just text that is long enough to be a header......\n", 68), 68);
    close(fd);
    pw_error err = {0};
    pw_corr *c = pw_corr_new(NULL, NULL, &err);
    ck_assert_int_eq(pw_corr_state_load(c, path, &err), -1);
    ck_assert(strlen(err.msg) > 0);
    pw_corr_free(c);
    unlink(path);
}
END_TEST

/* A real state file with bytes of its second page overwritten: quick_check fails, the load is refused with
 * the file and SQLite's finding, never "out of memory", with nothing but printable ASCII in the message; and
 * pw_corr_state_remove (--state-reset) lets the next run start over. */
START_TEST(test_load_refuses_a_damaged_state_and_reset_starts_over)
{
    char path[] = "/tmp/pw-test-state-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    pw_error err = {0};
    pw_corr *a = pw_corr_new(&cfg, NULL, &err);
    hosts(a, 0, 16);
    ck_assert_msg(pw_corr_state_save(a, path, &err) == 0, "%s", err.msg);
    pw_corr_free(a);
    /* checkpoint the WAL into the file so the damage lands in the database itself */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "python3 -c \"import sqlite3; sqlite3.connect('%s').execute('PRAGMA wal_checkpoint(TRUNCATE)')\"",
             path);
    ck_assert_int_eq(system(cmd), 0);
    fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    unsigned char junk[24];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(i * 7 + 0x80);
    for (off_t page = 1; page <= 3; page++) /* the b-tree page headers of pages 2-4 */
        ck_assert_int_eq(pwrite(fd, junk, sizeof junk, page * 4096), (ssize_t)sizeof junk);
    close(fd);
    pw_corr *b = pw_corr_new(&cfg, NULL, &err);
    ck_assert_int_eq(pw_corr_state_load(b, path, &err), -1);
    pw_corr_free(b);
    ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "out of memory") == NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "damaged") || strstr(err.msg, "not a patchwatch state"), "%s", err.msg);
    for (const char *p = err.msg; *p; p++) ck_assert_msg(*p >= 0x20 && *p < 0x7f, "raw byte in: %s", err.msg);
    ck_assert_int_eq(pw_corr_state_remove(path, &err), 0);
    ck_assert_int_eq(access(path, F_OK), -1);
    pw_corr *c = pw_corr_new(&cfg, NULL, &err);
    hosts(c, 0, 4);
    ck_assert_msg(pw_corr_state_save(c, path, &err) == 0, "%s", err.msg);
    pw_corr_free(c);
    ck_assert_int_eq(pw_corr_state_remove(path, &err), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("state");
    TCase *tc = tcase_create("state");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_restored_engine_decides_like_one_that_never_stopped);
    tcase_add_test(tc, test_load_refuses_a_non_state_file_with_a_message);
    tcase_add_test(tc, test_load_refuses_a_damaged_state_and_reset_starts_over);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
