/* test_sink_jsonl: the JSON-lines sink writes exactly the valid JSON objects it receives, one per line, in
 * order; compacts pretty-printed ones; skips and counts invalid bodies, bad framing and other topics; stops on
 * its count, its idle timeout or the stop flag. A foreign raw ZeroMQ sender plays the producer. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "core/pw_time.h"
#include "pw_test.h"
#include "sinks/jsonl.h"

static char tmpdir[128], ep[256], outpath[256];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/pw-test-sink-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(ep, sizeof ep, "ipc://%s/sink.sock", tmpdir);
    snprintf(outpath, sizeof outpath, "%s/out.jsonl", tmpdir);
}

static void teardown(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpdir);
}

typedef struct sink_run {
    pw_sink_jsonl_opts o;
    pw_sink_stats st;
    pw_error err;
    int rc;
} sink_run;

static void *sink_main(void *p)
{
    sink_run *r = p;
    r->rc = pw_sink_jsonl_run(&r->o, &r->st, &r->err);
    return NULL;
}

static void send2(void *z, const char *topic, const char *body)
{
    ck_assert_int_ge(zmq_send(z, topic, strlen(topic), ZMQ_SNDMORE), 0);
    ck_assert_int_ge(zmq_send(z, body, strlen(body), 0), 0);
}

START_TEST(test_sink_writes_valid_objects_and_skips_the_rest)
{
    sink_run r = {.o = {.input = {.in = ep, .bind = 1, .topic = "alert", .max_messages = 3}, .out = outpath}};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, sink_main, &r), 0);
    void *ctx = zmq_ctx_new();
    void *z = zmq_socket(ctx, ZMQ_PUSH);
    ck_assert_int_eq(zmq_connect(z, ep), 0); /* reconnects until the sink has bound */
    send2(z, "alert", "{\"id\":\"a1\",\"n\":1}");
    send2(z, "event", "{\"id\":\"e1\"}");                            /* other topic */
    send2(z, "alert", "{\"id\":\"a2\",");                           /* truncated */
    send2(z, "alert", "[\"not\",\"an\",\"object\"]");               /* not an object */
    send2(z, "alert", "{\"a\":1,\"a\":2}");                         /* duplicate key */
    ck_assert_int_ge(zmq_send(z, "alert", 5, 0), 0);                /* one frame: malformed */
    send2(z, "alert", "{\n  \"id\": \"a2\",\n  \"m\": \"x\\ny\"\n}"); /* pretty: compacted */
    send2(z, "alerts-v2", "{\"id\":\"a3\"}");                       /* prefix match, like SUB */
    send2(z, "alert", "{\"id\":\"after-count\"}");                  /* not written: count reached */
    pthread_join(th, NULL);
    ck_assert_msg(r.rc == 0, "%s", r.err.msg);
    ck_assert_uint_eq(r.st.written, 3);
    ck_assert_uint_eq(r.st.filtered, 1);
    ck_assert_uint_eq(r.st.invalid, 3);
    ck_assert_uint_eq(r.st.malformed, 1);
    size_t len;
    char *text = pw_test_read_file(outpath, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(text, "{\"id\":\"a1\",\"n\":1}\n{\"id\":\"a2\",\"m\":\"x\\ny\"}\n{\"id\":\"a3\"}\n");
    free(text);
    int zero = 0;
    zmq_setsockopt(z, ZMQ_LINGER, &zero, sizeof zero);
    zmq_close(z);
    zmq_ctx_term(ctx);
}
END_TEST

START_TEST(test_sink_stops_on_idle_timeout_and_on_the_stop_flag)
{
    sink_run r = {.o = {.input = {.in = ep, .bind = 1, .idle_timeout_ms = 300}, .out = outpath}};
    pthread_t th;
    int64_t t0 = pw_time_mono_us();
    ck_assert_int_eq(pthread_create(&th, NULL, sink_main, &r), 0);
    pthread_join(th, NULL);
    ck_assert_msg(r.rc == 0, "%s", r.err.msg);
    int64_t took = pw_time_mono_us() - t0;
    ck_assert_int_ge(took, 250000);
    ck_assert_int_lt(took, 5000000);

    volatile sig_atomic_t stop = 0;
    sink_run r2 = {.o = {.input = {.in = ep, .bind = 1, .stop = &stop}, .out = outpath}};
    ck_assert_int_eq(pthread_create(&th, NULL, sink_main, &r2), 0);
    usleep(100000);
    stop = 1;
    pthread_join(th, NULL);
    ck_assert_int_eq(r2.rc, 0);
    ck_assert_uint_eq(r2.st.written, 0);
}
END_TEST

START_TEST(test_sink_reports_endpoint_and_output_errors)
{
    pw_sink_stats st;
    pw_error err = {0};
    pw_sink_jsonl_opts o = {.input = {.in = "nonsense://x", .bind = 1}, .out = outpath};
    ck_assert_int_eq(pw_sink_jsonl_run(&o, &st, &err), -1);
    ck_assert_msg(strstr(err.msg, "nonsense://x") != NULL, "%s", err.msg);
    pw_sink_jsonl_opts o2 = {.input = {.in = ep, .bind = 1}, .out = "/nonexistent-dir-pw/out.jsonl"};
    ck_assert_int_eq(pw_sink_jsonl_run(&o2, &st, &err), -1);
    ck_assert_msg(strstr(err.msg, "/nonexistent-dir-pw/out.jsonl") != NULL, "%s", err.msg);
    pw_sink_jsonl_opts o3 = {.input = {.in = NULL}};
    ck_assert_int_eq(pw_sink_jsonl_run(&o3, &st, &err), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sink_jsonl");
    TCase *tc = tcase_create("sink");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sink_writes_valid_objects_and_skips_the_rest);
    tcase_add_test(tc, test_sink_stops_on_idle_timeout_and_on_the_stop_flag);
    tcase_add_test(tc, test_sink_reports_endpoint_and_output_errors);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
