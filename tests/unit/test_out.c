/* test_out: pw_out, the one --out option of every command: stdout, files (appending), bus endpoints (tcp,
 * ipc, inproc with a shared context) with delivery at close, and clear errors for specs that cannot work. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_bus.h"
#include "core/pw_out.h"
#include "pw_test.h"

static char tmpdir[128];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/pw-test-out-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static void sample_event(pw_event *ev, int n)
{
    pw_error err = {0};
    pw_event_init(ev);
    pw_event_set_time(ev, 1751977696123456 + n);
    ck_assert_int_eq(pw_event_set_cstr(ev, "host.name", "web1", &err), 0);
    ck_assert_int_eq(pw_event_set_int(ev, "winlog.record_id", n, &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "message", "caf\xc3\xa9 \"quoted\"\nsecond line", &err), 0);
}

static const char sample_line0[] = "{\"@timestamp\":\"2025-07-08T12:28:16.123456Z\",\"host\":{\"name\":\"web1\"},"
                                   "\"message\":\"caf\xc3\xa9 \\\"quoted\\\"\\nsecond line\",\"winlog\":{"
                                   "\"record_id\":0}}\n";

START_TEST(test_file_spec_writes_json_lines_and_appends)
{
    char path[256], spec[300];
    snprintf(path, sizeof path, "%s/out.jsonl", tmpdir);
    snprintf(spec, sizeof spec, "file:%s", path);
    pw_error err = {0};
    pw_event ev;
    sample_event(&ev, 0);
    for (int round = 0; round < 2; round++) { /* "file:PATH", then the bare path appends to it */
        pw_out *o = pw_out_open(round ? path : spec, &err);
        ck_assert_msg(o != NULL, "%s", err.msg);
        ck_assert_int_eq(pw_out_event(o, &ev, &err), 0);
        ck_assert_int_eq(pw_out_close(o, &err), 0);
    }
    size_t len;
    char *text = pw_test_read_file(path, &len);
    ck_assert_ptr_nonnull(text);
    char want[1024];
    snprintf(want, sizeof want, "%s%s", sample_line0, sample_line0);
    ck_assert_str_eq(text, want);
    free(text);
    pw_event_free(&ev);
}
END_TEST

START_TEST(test_stdout_spec_writes_one_object_per_line)
{
    char path[256];
    snprintf(path, sizeof path, "%s/stdout.jsonl", tmpdir);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    pw_error err = {0};
    pw_event ev;
    sample_event(&ev, 0);
    pw_out *o = pw_out_open("-", &err);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(pw_out_event(o, &ev, &err), 0);
    ck_assert_int_eq(pw_out_raw(o, "alert", "{\"id\":\"a1\"}", 11, &err), 0);
    ck_assert_int_eq(pw_out_close(o, &err), 0); /* flushes, does not close stdout */
    ck_assert_int_eq(pw_out_close(pw_out_open(NULL, &err), &err), 0); /* NULL spec is stdout too */
    dup2(saved, STDOUT_FILENO);
    close(saved);
    size_t len;
    char *text = pw_test_read_file(path, &len);
    char want[1024];
    snprintf(want, sizeof want, "%s{\"id\":\"a1\"}\n", sample_line0);
    ck_assert_str_eq(text, want);
    free(text);
    pw_event_free(&ev);
}
END_TEST

START_TEST(test_json_with_a_newline_is_refused_for_line_output)
{
    char path[256];
    snprintf(path, sizeof path, "%s/x.jsonl", tmpdir);
    pw_error err = {0};
    pw_out *o = pw_out_open(path, &err);
    ck_assert_int_eq(pw_out_raw(o, "event", "{\"a\":\n1}", 8, &err), -1);
    ck_assert_msg(strstr(err.msg, "newline") != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_out_close(o, &err), 0);
}
END_TEST

/* Opens spec (own context unless ctx), writes n events + 1 advisory + 1 alert, closes; the PULL side then finds
 * every message, in order, with its topic. */
static void bus_round_trip(const char *bind_ep, void *ctx, int n)
{
    pw_error err = {0};
    void *rctx = ctx ? ctx : pw_bus_ctx_new(&err);
    pw_bus_sock *pull = pw_bus_pull(rctx, bind_ep, PW_BUS_BIND, NULL, &err);
    ck_assert_msg(pull != NULL, "%s", err.msg);
    pw_out *o = pw_out_open_ctx(pw_bus_endpoint(pull), ctx, &err);
    ck_assert_msg(o != NULL, "%s", err.msg);
    pw_event ev;
    for (int i = 0; i < n; i++) {
        sample_event(&ev, i);
        ck_assert_int_eq(pw_out_event(o, &ev, &err), 0);
        pw_event_free(&ev);
    }
    pw_advisory adv;
    pw_advisory_init(&adv);
    adv.id = strdup("ADV-1");
    adv.source = strdup("test");
    ck_assert_int_eq(pw_out_advisory(o, &adv, &err), 0);
    pw_advisory_free(&adv);
    pw_alert al;
    pw_alert_init(&al);
    al.id = strdup("alert-1");
    al.kind = strdup("regression");
    ck_assert_int_eq(pw_out_alert(o, &al, &err), 0);
    pw_alert_free(&al);
    ck_assert_int_eq(pw_out_close(o, &err), 0); /* own context: returns after delivery */

    pw_bus_msg msg = {0};
    pw_event got;
    pw_event_init(&got);
    for (int i = 0; i < n; i++) {
        if (pw_bus_recv(pull, &msg, 5000, &err) != 1) ck_abort_msg("event %d of %d missing: %s", i, n, err.msg);
        int64_t rid;
        if (strcmp(msg.topic, "event") != 0 || pw_event_from_json(&got, msg.body.data, msg.body.len, &err) ||
            pw_event_get_int(&got, "winlog.record_id", &rid) || rid != i)
            ck_abort_msg("event %d: wrong message %s %s", i, msg.topic, msg.body.data);
    }
    ck_assert_int_eq(pw_bus_recv(pull, &msg, 5000, &err), 1);
    ck_assert_str_eq(msg.topic, "advisory");
    ck_assert_msg(strstr(msg.body.data, "\"ADV-1\"") != NULL, "%s", msg.body.data);
    ck_assert_int_eq(pw_bus_recv(pull, &msg, 5000, &err), 1);
    ck_assert_str_eq(msg.topic, "alert");
    ck_assert_msg(strstr(msg.body.data, "\"alert-1\"") != NULL, "%s", msg.body.data);
    ck_assert_int_eq(pw_bus_recv(pull, &msg, 50, &err), 0);
    pw_event_free(&got);
    pw_bus_msg_free(&msg);
    pw_bus_close(pull, NULL);
    if (!ctx) pw_bus_ctx_destroy(rctx);
}

START_TEST(test_tcp_spec_delivers_everything_by_close)
{
    bus_round_trip("tcp://127.0.0.1:*", NULL, 5000);
}
END_TEST

START_TEST(test_ipc_spec_delivers)
{
    char ep[300];
    snprintf(ep, sizeof ep, "ipc://%s/bus.sock", tmpdir);
    bus_round_trip(ep, NULL, 100);
}
END_TEST

START_TEST(test_inproc_spec_needs_the_shared_context)
{
    pw_error err = {0};
    ck_assert_ptr_null(pw_out_open("inproc://x", &err));
    ck_assert_msg(strstr(err.msg, "inside one process") != NULL, "%s", err.msg);
    void *ctx = pw_bus_ctx_new(&err);
    bus_round_trip("inproc://test-out", ctx, 100);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

START_TEST(test_bad_specs_are_errors_that_say_why)
{
    static const struct {
        const char *spec;
        const char *needle;
    } bad[] = {
        {"", "empty output"},
        {"udp://127.0.0.1:514", "unknown output scheme \"udp\""},
        {"http://example.invalid/x", "unknown output scheme \"http\""},
        {"file:", "needs a path"},
        {"/nonexistent-dir-pw/out.jsonl", "/nonexistent-dir-pw/out.jsonl"},
        {"file:/nonexistent-dir-pw/out.jsonl", "No such file"},
        {"/tmp", "Is a directory"},
        {"tcp://no-port-here", "tcp://no-port-here"},
        {"ipc://", "ipc://"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pw_error err = {0};
        pw_out *o = pw_out_open(bad[i].spec, &err);
        if (o) pw_out_close(o, NULL);
        ck_assert_msg(o == NULL, "\"%s\" was accepted", bad[i].spec);
        ck_assert_msg(strstr(err.msg, bad[i].needle) != NULL, "\"%s\": \"%s\" lacks \"%s\"", bad[i].spec, err.msg,
                      bad[i].needle);
    }
    /* "://" inside a path is not a scheme */
    char path[300];
    snprintf(path, sizeof path, "%s/a://b", tmpdir);
    pw_error err = {0};
    pw_out *o = pw_out_open(path, &err);
    ck_assert_ptr_null(o); /* directory "a:" does not exist: a file error, not a scheme error */
    ck_assert_msg(strstr(err.msg, "scheme") == NULL, "%s", err.msg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("out");
    TCase *tc = tcase_create("out");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_file_spec_writes_json_lines_and_appends);
    tcase_add_test(tc, test_stdout_spec_writes_one_object_per_line);
    tcase_add_test(tc, test_json_with_a_newline_is_refused_for_line_output);
    tcase_add_test(tc, test_tcp_spec_delivers_everything_by_close);
    tcase_add_test(tc, test_ipc_spec_delivers);
    tcase_add_test(tc, test_inproc_spec_needs_the_shared_context);
    tcase_add_test(tc, test_bad_specs_are_errors_that_say_why);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
