/* test_bus: the bus contract of core/pw_bus.h on real ZeroMQ sockets: no loss and per-sender order over
 * inproc, tcp (127.0.0.1) and ipc; back-pressure against a slow consumer with bounded queues and memory;
 * delivery of what was queued at shutdown; malformed messages counted; PUB/SUB topics and counted drops;
 * CURVE over tcp with key files (and nothing delivered with the wrong server key).
 *
 * PW_TEST_SCALE (a number in (0, 1], default 1) scales the message counts down for a slow machine; the full
 * counts (1,000,000 inproc, 100,000 tcp) are the acceptance figures and run in a few seconds even under ASan. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zmq.h>

#include "core/pw_bus.h"
#include "core/pw_bus_curve.h"
#include "core/pw_time.h"
#include "pw_test.h"

#define MAX_SENDERS 8

static long scaled(long n)
{
    const char *s = getenv("PW_TEST_SCALE");
    double f = s ? atof(s) : 1.0;
    if (!(f > 0 && f <= 1)) f = 1.0;
    long v = (long)((double)n * f);
    return v < 100 ? 100 : v;
}

/* VmRSS of this process in KiB (Linux), 0 when unknown. */
static long rss_kib(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    if (!fp) return 0;
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
    fclose(fp);
    return kib;
}

/* ---- many senders, one receiver ------------------------------------------------------------------------ */

/* Parses {"sender":K,"seq":N... as written here. By hand, not sscanf: this is the hot loop of the test, and
 * ASan's sscanf/snprintf interceptors would triple its run time. */
static int parse_seq(const char *body, int *sender, long *seq)
{
    static const char a[] = "{\"sender\":", b[] = ",\"seq\":";
    if (strncmp(body, a, sizeof a - 1) != 0) return -1;
    const char *p = body + sizeof a - 1;
    long k = 0, n = 0;
    if (*p < '0' || *p > '9') return -1;
    while (*p >= '0' && *p <= '9') k = k * 10 + (*p++ - '0');
    if (strncmp(p, b, sizeof b - 1) != 0) return -1;
    p += sizeof b - 1;
    if (*p < '0' || *p > '9') return -1;
    while (*p >= '0' && *p <= '9') n = n * 10 + (*p++ - '0');
    *sender = (int)k;
    *seq = n;
    return 0;
}

/* Writes {"sender":K,"seq":N} into out; returns the length. */
static int format_seq(char *out, int sender, long seq)
{
    static const char head[] = "{\"sender\":0,\"seq\":";
    char digits[24];
    int n = 0, len = sizeof head - 1;
    memcpy(out, head, sizeof head - 1);
    out[10] = (char)('0' + sender); /* senders are 0..MAX_SENDERS-1 */
    do digits[n++] = (char)('0' + seq % 10);
    while ((seq /= 10) > 0);
    while (n > 0) out[len++] = digits[--n];
    out[len++] = '}';
    out[len] = '\0';
    return len;
}

typedef struct sender_arg {
    void *ctx;
    const char *endpoint;
    int id;
    long count;
    size_t body_pad; /* extra bytes in the JSON to reach a realistic size */
    int hwm;
    uint64_t dropped;
    int failed;
    char errmsg[PW_ERROR_MSG_MAX];
} sender_arg;

static void *sender_main(void *p)
{
    sender_arg *a = p;
    pw_error err = {0};
    pw_bus_opts o = {.hwm = a->hwm};
    pw_bus_sock *s = pw_bus_push(a->ctx, a->endpoint, PW_BUS_CONNECT, &o, &err);
    char body[1024], pad[512];
    if (!s) goto fail;
    memset(pad, 'x', sizeof pad);
    pad[a->body_pad < sizeof pad ? a->body_pad : sizeof pad - 1] = '\0';
    for (long i = 0; i < a->count; i++) {
        /* without padding the body stays under ZeroMQ's 33-byte inline size: no allocation per message, which
         * keeps the million-message test quick under ASan (bench_bus measures 200-byte events) */
        int n = a->body_pad ? snprintf(body, sizeof body, "{\"sender\":%d,\"seq\":%ld,\"pad\":\"%s\"}", a->id, i, pad)
                            : format_seq(body, a->id, i);
        if (pw_bus_send(s, "event", body, (size_t)n, &err)) goto fail;
    }
    a->dropped = pw_bus_dropped(s);
    pw_bus_close(s, NULL);
    return NULL;
fail:
    a->failed = 1;
    snprintf(a->errmsg, sizeof a->errmsg, "%s", err.msg);
    if (s) pw_bus_close(s, NULL);
    return NULL;
}

/* Receives senders * per messages from s and checks each sender's sequence is 0, 1, 2, ... */
/* Receives senders * per messages from s and checks each sender's sequence is 0, 1, 2, ...
 * The per-message checks are plain ifs, not ck_assert: Check logs every passing assertion to a file for its
 * crash reports, which over a million messages costs more than the bus itself. */
static void receive_in_order(pw_bus_sock *s, int senders, long per)
{
    long next[MAX_SENDERS] = {0};
    pw_bus_msg msg = {0};
    pw_error err = {0};
    long total = (long)senders * per;
    for (long got = 0; got < total; got++) {
        int rc = pw_bus_recv(s, &msg, 20000, &err);
        int k;
        long seq;
        if (rc != 1) ck_abort_msg("receive %ld of %ld: rc %d %s", got, total, rc, err.msg);
        if (strcmp(msg.topic, "event") != 0) ck_abort_msg("topic %s", msg.topic);
        if (parse_seq(msg.body.data, &k, &seq) != 0 || k < 0 || k >= senders)
            ck_abort_msg("bad body %s", msg.body.data);
        if (seq != next[k]) ck_abort_msg("sender %d: got seq %ld, expected %ld (lost or reordered)", k, seq, next[k]);
        next[k]++;
    }
    for (int k = 0; k < senders; k++) ck_assert_int_eq(next[k], per);
    /* nothing beyond what was sent */
    ck_assert_int_eq(pw_bus_recv(s, &msg, 100, &err), 0);
    ck_assert_uint_eq(pw_bus_received(s), (uint64_t)total);
    ck_assert_uint_eq(pw_bus_malformed(s), 0);
    pw_bus_msg_free(&msg);
}

static void run_many_senders(const char *bind_ep, int senders, long total, size_t pad)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    ck_assert_ptr_nonnull(ctx);
    pw_bus_sock *pull = pw_bus_pull(ctx, bind_ep, PW_BUS_BIND, NULL, &err);
    ck_assert_msg(pull != NULL, "%s", err.msg);
    pthread_t th[MAX_SENDERS];
    sender_arg args[MAX_SENDERS];
    long per = total / senders;
    int64_t t0 = pw_time_mono_us();
    for (int k = 0; k < senders; k++) {
        args[k] = (sender_arg){.ctx = ctx, .endpoint = pw_bus_endpoint(pull), .id = k, .count = per, .body_pad = pad};
        ck_assert_int_eq(pthread_create(&th[k], NULL, sender_main, &args[k]), 0);
    }
    receive_in_order(pull, senders, per);
    for (int k = 0; k < senders; k++) {
        pthread_join(th[k], NULL);
        ck_assert_msg(!args[k].failed, "sender %d: %s", k, args[k].errmsg);
        ck_assert_uint_eq(args[k].dropped, 0);
    }
    fprintf(stderr, "test_bus: %ld messages from %d senders over %s in %.2f s, none lost or reordered\n",
            per * senders, senders, bind_ep, (double)(pw_time_mono_us() - t0) / 1e6);
    ck_assert_int_eq(pw_bus_close(pull, &err), 0);
    pw_bus_ctx_destroy(ctx);
}

START_TEST(test_inproc_one_million_push_pull_no_loss_ordered_per_sender)
{
    run_many_senders("inproc://test-bus-inproc", 4, scaled(1000000), 0);
}
END_TEST

START_TEST(test_tcp_hundred_thousand_push_pull_no_loss_ordered_per_sender)
{
    /* port 0 (*): the kernel picks a free port, pw_bus_endpoint reports it */
    run_many_senders("tcp://127.0.0.1:*", 4, scaled(100000), 150);
}
END_TEST

START_TEST(test_ipc_push_pull_no_loss_ordered)
{
    char ep[128];
    snprintf(ep, sizeof ep, "ipc:///tmp/pw-test-bus-%ld.sock", (long)getpid());
    run_many_senders(ep, 2, scaled(20000), 150);
    unlink(ep + 6);
}
END_TEST

/* ---- back-pressure --------------------------------------------------------------------------------------- */

typedef struct slow_arg {
    void *ctx;
    const char *endpoint;
    int hwm;
    long count;
    size_t size;
    atomic_long sent; /* messages pw_bus_send has returned for */
    int failed;
} slow_arg;

static void *slow_producer(void *p)
{
    slow_arg *a = p;
    pw_error err = {0};
    pw_bus_opts o = {.hwm = a->hwm};
    pw_bus_sock *s = pw_bus_push(a->ctx, a->endpoint, PW_BUS_CONNECT, &o, &err);
    char *body = malloc(a->size);
    if (!s || !body) {
        a->failed = 1;
        goto out;
    }
    memset(body, 'x', a->size);
    for (long i = 0; i < a->count; i++) {
        int n = snprintf(body, 40, "{\"sender\":0,\"seq\":%ld,\"p\":\"", i);
        body[n] = 'x';
        memcpy(body + a->size - 2, "\"}", 2);
        if (pw_bus_send(s, "event", body, a->size, &err)) {
            a->failed = 1;
            break;
        }
        atomic_fetch_add(&a->sent, 1);
    }
    if (pw_bus_dropped(s) != 0) a->failed = 1;
out:
    free(body);
    if (s) pw_bus_close(s, NULL);
    return NULL;
}

/* The consumer stalls, then reads slowly: the producer must block (its count stops moving), the number of
 * messages in flight must stay under a bound given by the high-water marks (plus kernel socket buffers for
 * tcp), RSS must not follow the producer, and in the end every message arrives in order, none dropped. */
static void run_slow_consumer(const char *bind_ep, long max_in_flight_extra)
{
    enum { HWM = 100 };
    const size_t size = 16384;
    const long count = 3000; /* 48 MB if it were all queued */
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.hwm = HWM};
    pw_bus_sock *pull = pw_bus_pull(ctx, bind_ep, PW_BUS_BIND, &o, &err);
    ck_assert_msg(pull != NULL, "%s", err.msg);
    slow_arg a = {.ctx = ctx, .endpoint = pw_bus_endpoint(pull), .hwm = HWM, .count = count, .size = size};
    atomic_init(&a.sent, 0);
    long rss0 = rss_kib();
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, slow_producer, &a), 0);

    /* nobody reads: the producer must come to a stop (tcp takes a moment while the kernel grows its buffers) */
    long s1 = -1, s2 = atomic_load(&a.sent);
    for (int i = 0; i < 40 && s1 != s2; i++) {
        usleep(250 * 1000);
        s1 = s2;
        s2 = atomic_load(&a.sent);
    }
    long bound = 2 * HWM + max_in_flight_extra;
    ck_assert_msg(s1 == s2, "producer still advancing after 10 s with nobody reading (%ld -> %ld)", s1, s2);
    ck_assert_msg(s2 <= bound, "%ld messages accepted with nobody reading; bound %ld", s2, bound);
    ck_assert_msg(s2 < count, "producer never blocked");

    pw_bus_msg msg = {0};
    long got = 0, max_in_flight = s2, max_rss = rss_kib();
    while (got < count) {
        int rc = pw_bus_recv(pull, &msg, 20000, &err);
        int k;
        long seq;
        if (rc != 1) ck_abort_msg("rc %d after %ld: %s", rc, got, err.msg);
        if (parse_seq(msg.body.data, &k, &seq) != 0 || seq != got || msg.body.len != size)
            ck_abort_msg("message %ld: wrong sequence or size", got);
        got++;
        if (got % 100 == 0) {
            usleep(2000); /* slow: far below what the producer could do */
            long in_flight = atomic_load(&a.sent) - got;
            if (in_flight > max_in_flight) max_in_flight = in_flight;
            long r = rss_kib();
            if (r > max_rss) max_rss = r;
        }
    }
    pthread_join(th, NULL);
    ck_assert(!a.failed);
    ck_assert_msg(max_in_flight <= bound, "in flight reached %ld, bound %ld", max_in_flight, bound);
#ifndef __SANITIZE_ADDRESS__ /* ASan's quarantine keeps freed blocks resident: RSS says nothing there */
    /* unbounded queueing would hold ~48 MB; the high-water marks allow ~3 MB plus kernel buffers */
    ck_assert_msg(max_rss - rss0 < 24 * 1024, "RSS grew by %ld KiB", max_rss - rss0);
#else
    (void)rss0;
#endif
    ck_assert_int_eq(pw_bus_recv(pull, &msg, 50, &err), 0);
    fprintf(stderr, "test_bus: slow consumer on %s: producer stopped at %ld, at most %ld in flight (bound %ld), "
            "RSS +%ld KiB, none dropped\n", bind_ep, s2, max_in_flight, bound, max_rss - rss0);
    pw_bus_msg_free(&msg);
    pw_bus_close(pull, NULL);
    pw_bus_ctx_destroy(ctx);
}

START_TEST(test_slow_consumer_inproc_blocks_producer_bounded_queue_no_drop)
{
    run_slow_consumer("inproc://test-bus-slow", 8);
}
END_TEST

START_TEST(test_slow_consumer_tcp_blocks_producer_bounded_queue_no_drop)
{
    /* loopback socket buffers hold up to a few MB on Linux (tcp_wmem/tcp_rmem max); allow 16 MB of them */
    run_slow_consumer("tcp://127.0.0.1:*", (16L << 20) / 16384);
}
END_TEST

/* ---- shutdown -------------------------------------------------------------------------------------------- */

typedef struct linger_arg {
    const char *endpoint;
    long count;
    int linger_ms;
    int failed;
} linger_arg;

/* Own context, sends as fast as it can, closes and destroys the context, i.e. what a process does on exit. */
static void *linger_producer(void *p)
{
    linger_arg *a = p;
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.linger_ms = a->linger_ms};
    pw_bus_sock *s = ctx ? pw_bus_push(ctx, a->endpoint, PW_BUS_CONNECT, &o, &err) : NULL;
    char body[256];
    if (!s) a->failed = 1;
    for (long i = 0; s && i < a->count; i++) {
        int n = snprintf(body, sizeof body, "{\"sender\":0,\"seq\":%ld,\"pad\":\"%0150d\"}", i, 0);
        if (pw_bus_send(s, "event", body, (size_t)n, &err)) {
            a->failed = 1;
            break;
        }
    }
    if (s) pw_bus_close(s, NULL);
    pw_bus_ctx_destroy(ctx); /* returns once everything queued is delivered */
    return NULL;
}

START_TEST(test_clean_shutdown_delivers_everything_queued)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.hwm = 20000};
    pw_bus_sock *pull = pw_bus_pull(ctx, "tcp://127.0.0.1:*", PW_BUS_BIND, &o, &err);
    ck_assert_msg(pull != NULL, "%s", err.msg);
    linger_arg a = {.endpoint = pw_bus_endpoint(pull), .count = 5000};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, linger_producer, &a), 0);
    /* the producer's context is gone before we read a single message: all 5000 must already be here */
    pthread_join(th, NULL);
    ck_assert(!a.failed);
    pw_bus_msg msg = {0};
    for (long i = 0; i < a.count; i++) {
        int k;
        long seq;
        if (pw_bus_recv(pull, &msg, 5000, &err) != 1) ck_abort_msg("message %ld of %ld missing", i, a.count);
        if (parse_seq(msg.body.data, &k, &seq) != 0 || seq != i) ck_abort_msg("message %ld out of order", i);
    }
    ck_assert_int_eq(pw_bus_recv(pull, &msg, 50, &err), 0);
    pw_bus_msg_free(&msg);
    pw_bus_close(pull, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

START_TEST(test_bounded_linger_gives_up_when_nobody_listens)
{
    /* a peer that never exists: a bounded linger must not hang the process */
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.linger_ms = 200};
    pw_bus_sock *s = pw_bus_push(ctx, "tcp://127.0.0.1:1", PW_BUS_CONNECT, &o, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_bus_send(s, "event", "{}", 2, &err), 0);
    int64_t t0 = pw_time_mono_us();
    pw_bus_close(s, NULL);
    pw_bus_ctx_destroy(ctx);
    ck_assert_int_lt(pw_time_mono_us() - t0, 5 * 1000000);
}
END_TEST

START_TEST(test_send_timeout_reports_a_stuck_peer_without_dropping)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.hwm = 10, .send_timeout_ms = 200, .linger_ms = PW_BUS_LINGER_NONE};
    pw_bus_sock *s = pw_bus_push(ctx, "inproc://test-bus-nobody-reads", PW_BUS_CONNECT, &o, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    int i, rc = 0;
    int64_t t0 = pw_time_mono_us();
    for (i = 0; i < 1000 && (rc = pw_bus_send(s, "event", "{}", 2, &err)) == 0; i++) {
    }
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(err.code, PW_ERR_AGAIN);
    ck_assert_int_lt(i, 1000); /* at most a high-water mark's worth went in first */
    ck_assert_int_ge(pw_time_mono_us() - t0, 150000);
    ck_assert_uint_eq(pw_bus_sent(s), (uint64_t)i);
    ck_assert_uint_eq(pw_bus_dropped(s), 0);
    pw_bus_close(s, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

/* ---- malformed input and bad arguments --------------------------------------------------------------------- */

static void raw_send(void *z, const char *const *frames, const size_t *lens, int n)
{
    for (int i = 0; i < n; i++) ck_assert_int_ge(zmq_send(z, frames[i], lens[i], i + 1 < n ? ZMQ_SNDMORE : 0), 0);
}

START_TEST(test_malformed_messages_are_counted_reported_and_skipped)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_sock *pull = pw_bus_pull(ctx, "inproc://test-bus-malformed", PW_BUS_BIND, NULL, &err);
    ck_assert_ptr_nonnull(pull);
    void *raw = zmq_socket(ctx, ZMQ_PUSH); /* a foreign sender that does not use pw_bus */
    ck_assert_int_eq(zmq_connect(raw, "inproc://test-bus-malformed"), 0);

    static const char long_topic[] = "a-topic-name-that-is-longer-than-32-bytes";
    const char *one[] = {"event"};
    const char *three[] = {"event", "{}", "{}"};
    const char *longt[] = {long_topic, "{}"};
    const char *nult[] = {"ev\0nt", "{}"};
    const char *empty[] = {"", "{}"};
    const char *space[] = {"ev nt", "{}"};
    const char *good[] = {"alert", "{\"ok\":true}"};
    raw_send(raw, one, (size_t[]){5}, 1);
    raw_send(raw, three, (size_t[]){5, 2, 2}, 3);
    raw_send(raw, longt, (size_t[]){sizeof long_topic - 1, 2}, 2);
    raw_send(raw, nult, (size_t[]){5, 2}, 2);
    raw_send(raw, empty, (size_t[]){0, 2}, 2);
    raw_send(raw, space, (size_t[]){5, 2}, 2);
    /* a body over PW_BUS_MSG_MAX (inproc has no ZMQ_MAXMSGSIZE check, so pw_bus_recv must catch it) */
    size_t big = PW_BUS_MSG_MAX + 1;
    char *bigbody = malloc(big);
    ck_assert_ptr_nonnull(bigbody);
    memset(bigbody, ' ', big);
    const char *bigm[] = {"event", bigbody};
    raw_send(raw, bigm, (size_t[]){5, big}, 2);
    free(bigbody);
    raw_send(raw, good, (size_t[]){5, 11}, 2);

    pw_bus_msg msg = {0};
    for (int i = 0; i < 7; i++) {
        pw_error_clear(&err);
        ck_assert_int_eq(pw_bus_recv(pull, &msg, 5000, &err), -1);
        ck_assert_int_eq(err.code, PW_ERR_INVALID);
        ck_assert_msg(strstr(err.msg, "malformed") != NULL, "%s", err.msg);
        ck_assert_uint_eq(pw_bus_malformed(pull), (uint64_t)i + 1);
    }
    ck_assert_int_eq(pw_bus_recv(pull, &msg, 5000, &err), 1); /* the stream goes on after bad messages */
    ck_assert_str_eq(msg.topic, "alert");
    ck_assert_str_eq(msg.body.data, "{\"ok\":true}");
    ck_assert_uint_eq(pw_bus_received(pull), 1);
    pw_bus_msg_free(&msg);
    zmq_close(raw);
    pw_bus_close(pull, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

START_TEST(test_send_refuses_bad_topics_and_oversized_bodies)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.linger_ms = PW_BUS_LINGER_NONE};
    pw_bus_sock *s = pw_bus_push(ctx, "inproc://test-bus-refuse", PW_BUS_BIND, &o, &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(pw_bus_send(s, "", "{}", 2, &err), -1);
    ck_assert_int_eq(pw_bus_send(s, "has space", "{}", 2, &err), -1);
    ck_assert_int_eq(pw_bus_send(s, "a-topic-name-that-is-longer-than-32-bytes", "{}", 2, &err), -1);
    ck_assert_int_eq(pw_bus_send(s, "event", "{}", PW_BUS_MSG_MAX + 1, &err), -1); /* checked before reading */
    ck_assert_int_eq(err.code, PW_ERR_LIMIT);
    ck_assert_uint_eq(pw_bus_sent(s), 0);
    pw_bus_close(s, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

START_TEST(test_open_errors_name_the_endpoint)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    ck_assert_ptr_null(pw_bus_pull(ctx, "nonsense://x", PW_BUS_BIND, NULL, &err));
    ck_assert_msg(strstr(err.msg, "nonsense://x") != NULL, "%s", err.msg);
    ck_assert_ptr_null(pw_bus_pull(ctx, "tcp://127.0.0.1:notaport", PW_BUS_BIND, NULL, &err));
    pw_bus_sock *a = pw_bus_pull(ctx, "inproc://test-bus-twice", PW_BUS_BIND, NULL, &err);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(pw_bus_pull(ctx, "inproc://test-bus-twice", PW_BUS_BIND, NULL, &err)); /* in use */
    pw_bus_opts neg = {.hwm = -1};
    ck_assert_ptr_null(pw_bus_pull(ctx, "inproc://x", PW_BUS_BIND, &neg, &err));
    ck_assert_ptr_null(pw_bus_pull(NULL, "inproc://x", PW_BUS_BIND, NULL, &err));
    pw_bus_close(a, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

START_TEST(test_recv_timeout_returns_zero)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_sock *s = pw_bus_pull(ctx, "inproc://test-bus-timeout", PW_BUS_BIND, NULL, &err);
    pw_bus_msg msg = {0};
    int64_t t0 = pw_time_mono_us();
    ck_assert_int_eq(pw_bus_recv(s, &msg, 100, &err), 0);
    ck_assert_int_ge(pw_time_mono_us() - t0, 90000);
    pw_bus_close(s, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

/* ---- PUB/SUB ---------------------------------------------------------------------------------------------- */

START_TEST(test_pub_sub_filters_by_topic_prefix)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_sock *pub = pw_bus_pub(ctx, "inproc://test-bus-pub", PW_BUS_BIND, NULL, &err);
    pw_bus_sock *sub = pw_bus_sub(ctx, "inproc://test-bus-pub", PW_BUS_CONNECT, NULL, "alert", &err);
    ck_assert_ptr_nonnull(pub);
    ck_assert_ptr_nonnull(sub);
    pw_bus_msg msg = {0};
    /* a subscription reaches the publisher asynchronously: probe until one arrives */
    int joined = 0;
    for (int i = 0; i < 200 && !joined; i++) {
        ck_assert_int_eq(pw_bus_send(pub, "alert", "{\"probe\":1}", 11, &err), 0);
        joined = pw_bus_recv(sub, &msg, 10, &err) == 1;
    }
    ck_assert(joined);
    while (pw_bus_recv(sub, &msg, 50, &err) == 1) {
    }
    for (int i = 0; i < 100; i++) {
        char body[64];
        int n = snprintf(body, sizeof body, "{\"n\":%d}", i);
        ck_assert_int_eq(pw_bus_send(pub, i % 2 ? "alert" : "event", body, (size_t)n, &err), 0);
    }
    for (int i = 1; i < 100; i += 2) {
        char want[64];
        snprintf(want, sizeof want, "{\"n\":%d}", i);
        ck_assert_int_eq(pw_bus_recv(sub, &msg, 2000, &err), 1);
        ck_assert_str_eq(msg.topic, "alert");
        ck_assert_str_eq(msg.body.data, want);
    }
    ck_assert_int_eq(pw_bus_recv(sub, &msg, 50, &err), 0); /* no "event" got through */
    ck_assert_uint_eq(pw_bus_dropped(pub), 0);
    pw_bus_msg_free(&msg);
    pw_bus_close(sub, NULL);
    pw_bus_close(pub, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

START_TEST(test_pub_never_blocks_and_counts_what_a_slow_subscriber_misses)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.hwm = 10};
    pw_bus_sock *pub = pw_bus_pub(ctx, "inproc://test-bus-drop", PW_BUS_BIND, &o, &err);
    pw_bus_sock *sub = pw_bus_sub(ctx, "inproc://test-bus-drop", PW_BUS_CONNECT, &o, "", &err);
    pw_bus_msg msg = {0};
    int joined = 0;
    for (int i = 0; i < 200 && !joined; i++) {
        pw_bus_send(pub, "alert", "{}", 2, &err);
        joined = pw_bus_recv(sub, &msg, 10, &err) == 1;
    }
    ck_assert(joined);
    while (pw_bus_recv(sub, &msg, 50, &err) == 1) {
    }
    uint64_t sent0 = pw_bus_sent(pub), dropped0 = pw_bus_dropped(pub);
    for (int i = 0; i < 1000; i++) ck_assert_int_eq(pw_bus_send(pub, "alert", "{}", 2, &err), 0);
    uint64_t sent = pw_bus_sent(pub) - sent0, dropped = pw_bus_dropped(pub) - dropped0;
    ck_assert_uint_eq(sent + dropped, 1000);
    ck_assert_uint_gt(dropped, 0);
    uint64_t got = 0;
    while (pw_bus_recv(sub, &msg, 50, &err) == 1) got++;
    ck_assert_uint_eq(got, sent); /* what was not counted as dropped arrived */
    pw_bus_msg_free(&msg);
    pw_bus_close(sub, NULL);
    pw_bus_close(pub, NULL);
    pw_bus_ctx_destroy(ctx);
}
END_TEST

/* ---- CURVE -------------------------------------------------------------------------------------------------- */

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/pw-test-curve-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_tmpdir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *tpath(char *buf, const char *name)
{
    snprintf(buf, 512, "%s/%s", tmpdir, name);
    return buf;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    chmod(path, mode);
}

/* Sends n messages from a CURVE client and returns how many the server received within timeout_ms. */
static int curve_exchange(void *ctx, pw_bus_sock *server, const char *server_pub, const char *client_key, int n,
                          int timeout_ms)
{
    pw_error err = {0};
    pw_bus_opts o = {.curve_server_public_file = server_pub, .curve_secret_file = client_key,
                     .linger_ms = PW_BUS_LINGER_NONE};
    pw_bus_sock *c = pw_bus_push(ctx, pw_bus_endpoint(server), PW_BUS_CONNECT, &o, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    for (int i = 0; i < n; i++) ck_assert_int_eq(pw_bus_send(c, "event", "{\"secret\":1}", 12, &err), 0);
    pw_bus_msg msg = {0};
    int got = 0;
    while (got < n && pw_bus_recv(server, &msg, timeout_ms, &err) == 1) {
        ck_assert_str_eq(msg.body.data, "{\"secret\":1}");
        got++;
    }
    pw_bus_msg_free(&msg);
    pw_bus_close(c, NULL);
    return got;
}

START_TEST(test_curve_tcp_right_key_delivers_wrong_key_gets_nothing)
{
    char p1[512], p2[512], p3[512], p4[512], p5[512];
    pw_error err = {0};
    make_tmpdir();
    char prefix[512];
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(prefix, "server"), &err), 0);
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(prefix, "client"), &err), 0);
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(prefix, "other"), &err), 0);
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts so = {.curve_secret_file = tpath(p1, "server.key")};
    pw_bus_sock *server = pw_bus_pull(ctx, "tcp://127.0.0.1:*", PW_BUS_BIND, &so, &err);
    ck_assert_msg(server != NULL, "%s", err.msg);

    /* right server key, client with its own key file, then with an ephemeral key */
    ck_assert_int_eq(curve_exchange(ctx, server, tpath(p2, "server.pub"), tpath(p3, "client.key"), 100, 5000), 100);
    ck_assert_int_eq(curve_exchange(ctx, server, tpath(p2, "server.pub"), NULL, 10, 5000), 10);
    /* wrong server key: the handshake fails, nothing arrives */
    ck_assert_int_eq(curve_exchange(ctx, server, tpath(p4, "other.pub"), tpath(p3, "client.key"), 10, 1500), 0);
    /* plaintext client against a CURVE server: nothing either */
    pw_bus_opts plain = {.linger_ms = PW_BUS_LINGER_NONE};
    pw_bus_sock *c = pw_bus_push(ctx, pw_bus_endpoint(server), PW_BUS_CONNECT, &plain, &err);
    ck_assert_int_eq(pw_bus_send(c, "event", "{}", 2, &err), 0);
    pw_bus_msg msg = {0};
    ck_assert_int_eq(pw_bus_recv(server, &msg, 1000, &err), 0);
    pw_bus_close(c, NULL);
    /* and the right key still works afterwards */
    ck_assert_int_eq(curve_exchange(ctx, server, tpath(p2, "server.pub"), tpath(p5, "client.key"), 5, 5000), 5);
    ck_assert_uint_eq(pw_bus_received(server), 115);
    pw_bus_msg_free(&msg);
    pw_bus_close(server, NULL);
    pw_bus_ctx_destroy(ctx);
    rm_tmpdir();
}
END_TEST

START_TEST(test_curve_client_allow_list_admits_listed_keys_only)
{
    char p1[512], p2[512], p3[512], p4[512], p5[512], text[512];
    pw_error err = {0};
    make_tmpdir();
    char prefix[512];
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(prefix, "server"), &err), 0);
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(prefix, "alice"), &err), 0);
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(prefix, "bob"), &err), 0);
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(prefix, "mallory"), &err), 0);
    /* the allow list: alice's and bob's .pub files concatenated */
    char *a = pw_test_read_file(tpath(p1, "alice.pub"), &(size_t){0}), *b = pw_test_read_file(tpath(p2, "bob.pub"),
                                                                                                &(size_t){0});
    snprintf(text, sizeof text, "%s\n%s", a, b);
    free(a);
    free(b);
    write_file(tpath(p3, "clients"), text, 0644);
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts so = {.curve_secret_file = tpath(p1, "server.key"), .curve_clients_file = p3};
    pw_bus_sock *server = pw_bus_pull(ctx, "tcp://127.0.0.1:*", PW_BUS_BIND, &so, &err);
    ck_assert_msg(server != NULL, "%s", err.msg);
    /* a second CURVE server in the same context without a list still admits anyone with its key */
    pw_bus_opts so2 = {.curve_secret_file = p1};
    pw_bus_sock *open_server = pw_bus_pull(ctx, "tcp://127.0.0.1:*", PW_BUS_BIND, &so2, &err);
    ck_assert_msg(open_server != NULL, "%s", err.msg);
    tpath(p2, "server.pub");
    ck_assert_int_eq(curve_exchange(ctx, server, p2, tpath(p4, "alice.key"), 10, 5000), 10);
    ck_assert_int_eq(curve_exchange(ctx, server, p2, tpath(p4, "bob.key"), 10, 5000), 10);
    ck_assert_int_eq(curve_exchange(ctx, server, p2, tpath(p4, "mallory.key"), 10, 1500), 0);
    ck_assert_int_eq(curve_exchange(ctx, server, p2, NULL, 10, 1000), 0); /* ephemeral: not listed */
    ck_assert_int_eq(curve_exchange(ctx, open_server, p2, tpath(p4, "mallory.key"), 10, 5000), 10);
    ck_assert_int_eq(curve_exchange(ctx, server, p2, tpath(p4, "alice.key"), 5, 5000), 5);
    /* list errors: a secret key in the list, an empty list, a list on a client */
    pw_bus_opts bad = {.curve_secret_file = p1, .curve_clients_file = tpath(p5, "alice.key")};
    ck_assert_ptr_null(pw_bus_pull(ctx, "tcp://127.0.0.1:*", PW_BUS_BIND, &bad, &err));
    ck_assert_msg(strstr(err.msg, "secret key does not belong") != NULL, "%s", err.msg);
    write_file(tpath(p5, "empty"), "# nobody\n", 0644);
    bad.curve_clients_file = p5;
    ck_assert_ptr_null(pw_bus_pull(ctx, "tcp://127.0.0.1:*", PW_BUS_BIND, &bad, &err));
    ck_assert_msg(strstr(err.msg, "no client public keys") != NULL, "%s", err.msg);
    pw_bus_opts client_list = {.curve_server_public_file = p2, .curve_clients_file = p3};
    ck_assert_ptr_null(pw_bus_push(ctx, "tcp://127.0.0.1:5", PW_BUS_CONNECT, &client_list, &err));
    pw_bus_close(open_server, NULL);
    pw_bus_close(server, NULL);
    pw_bus_ctx_destroy(ctx); /* stops the ZAP handler; must not hang */
    rm_tmpdir();
}
END_TEST

START_TEST(test_curve_key_files_are_checked)
{
    char p[512], q[512], out[41];
    pw_error err = {0};
    make_tmpdir();
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(p, "k"), &err), 0);
    struct stat st;
    ck_assert_int_eq(stat(tpath(p, "k.key"), &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(stat(tpath(p, "k.pub"), &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    /* never overwrites */
    ck_assert_int_eq(pw_bus_curve_keygen(tpath(p, "k"), &err), -1);
    ck_assert_msg(strstr(err.msg, "k.key") != NULL, "%s", err.msg);

    /* the public key read from the .pub, from the .key, and derived from the secret all agree */
    char pub[41], pub2[41], sec[41], derived[41];
    ck_assert_int_eq(pw_bus_curve_read_key(tpath(p, "k.pub"), "public-key", pub, &err), 0);
    ck_assert_int_eq(pw_bus_curve_read_key(tpath(p, "k.key"), "public-key", pub2, &err), 0);
    ck_assert_int_eq(pw_bus_curve_read_key(tpath(p, "k.key"), "secret-key", sec, &err), 0);
    ck_assert_int_eq(zmq_curve_public(derived, sec), 0);
    ck_assert_str_eq(pub, pub2);
    ck_assert_str_eq(pub, derived);
    ck_assert_uint_eq(strlen(pub), 40);

    /* a .pub has no secret */
    ck_assert_int_eq(pw_bus_curve_read_key(tpath(p, "k.pub"), "secret-key", out, &err), -1);
    ck_assert_msg(strstr(err.msg, "no secret-key") != NULL, "%s", err.msg);
    /* a secret readable by others is refused, naming the fix */
    chmod(tpath(p, "k.key"), 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(tpath(p, "k.key"), "secret-key", out, &err), -1);
    ck_assert_msg(strstr(err.msg, "chmod 600") != NULL, "%s", err.msg);
    chmod(tpath(p, "k.key"), 0600);
    /* missing file */
    ck_assert_int_eq(pw_bus_curve_read_key(tpath(p, "absent.pub"), "public-key", out, &err), -1);
    ck_assert_int_eq(err.code, PW_ERR_IO);
    /* garbage, wrong length, unknown name, duplicates, mismatched pair */
    write_file(tpath(q, "bad1"), "public-key = \"not a key\"\n", 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "public-key", out, &err), -1);
    ck_assert_msg(strstr(err.msg, "line 1") != NULL, "%s", err.msg);
    write_file(tpath(q, "bad2"), "# c\n\npublik-key = \"0123456789012345678901234567890123456789\"\n", 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "public-key", out, &err), -1);
    ck_assert_msg(strstr(err.msg, "line 3") != NULL && strstr(err.msg, "publik-key"), "%s", err.msg);
    char text[256];
    snprintf(text, sizeof text, "public-key = %s\npublic-key = %s\n", pub, pub);
    write_file(tpath(q, "bad3"), text, 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "public-key", out, &err), -1);
    char opub[41], osec[41];
    ck_assert_int_eq(zmq_curve_keypair(opub, osec), 0);
    snprintf(text, sizeof text, "public-key = \"%s\"\nsecret-key = \"%s\"\n", opub, sec);
    write_file(tpath(q, "bad4"), text, 0600);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "secret-key", out, &err), -1);
    ck_assert_msg(strstr(err.msg, "does not match") != NULL, "%s", err.msg);
    write_file(tpath(q, "empty"), "", 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "public-key", out, &err), -1);
    /* a bare key (as other ZeroMQ tools print it), also one that starts with '#' and holds '=' (Z85 has both) */
    snprintf(text, sizeof text, "%s\n", opub);
    write_file(tpath(q, "bare.pub"), text, 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "public-key", out, &err), 0);
    ck_assert_str_eq(out, opub);
    char odd[41], osec2[41];
    do /* a real key holding '=' (about one in three) */
        ck_assert_int_eq(zmq_curve_keypair(odd, osec2), 0);
    while (!strchr(odd, '='));
    snprintf(text, sizeof text, "# comment\n%s\n", odd);
    write_file(tpath(q, "odd.pub"), text, 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "public-key", out, &err), 0);
    ck_assert_str_eq(out, odd);
    snprintf(text, sizeof text, "public-key = \"%s\"\n", odd);
    write_file(tpath(q, "odd2.pub"), text, 0644);
    ck_assert_int_eq(pw_bus_curve_read_key(q, "public-key", out, &err), 0);
    ck_assert_str_eq(out, odd);

    /* a bus socket with a broken key file does not open (no silent plaintext) */
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts so = {.curve_secret_file = tpath(q, "k.pub")};
    ck_assert_ptr_null(pw_bus_pull(ctx, "tcp://127.0.0.1:*", PW_BUS_BIND, &so, &err));
    ck_assert_msg(strstr(err.msg, "no secret-key") != NULL, "%s", err.msg);
    pw_bus_opts co = {.curve_secret_file = tpath(p, "k.key")}; /* client without the server key */
    ck_assert_ptr_null(pw_bus_push(ctx, "tcp://127.0.0.1:5", PW_BUS_CONNECT, &co, &err));
    ck_assert_msg(strstr(err.msg, "server's public key") != NULL, "%s", err.msg);
    pw_bus_ctx_destroy(ctx);
    rm_tmpdir();
}
END_TEST

static int64_t case_t0;
static void timer_start(void) { case_t0 = pw_time_mono_us(); }
static void timer_stop(void) { fprintf(stderr, "test_bus:   (%.2f s)\n", (double)(pw_time_mono_us() - case_t0) / 1e6); }

int main(void)
{
    Suite *s = suite_create("bus");
    TCase *load = tcase_create("load");
    tcase_set_timeout(load, 300);
    tcase_add_checked_fixture(load, timer_start, timer_stop);
    tcase_add_test(load, test_inproc_one_million_push_pull_no_loss_ordered_per_sender);
    tcase_add_test(load, test_tcp_hundred_thousand_push_pull_no_loss_ordered_per_sender);
    tcase_add_test(load, test_ipc_push_pull_no_loss_ordered);
    tcase_add_test(load, test_slow_consumer_inproc_blocks_producer_bounded_queue_no_drop);
    tcase_add_test(load, test_slow_consumer_tcp_blocks_producer_bounded_queue_no_drop);
    tcase_add_test(load, test_clean_shutdown_delivers_everything_queued);
    tcase_add_test(load, test_bounded_linger_gives_up_when_nobody_listens);
    tcase_add_test(load, test_send_timeout_reports_a_stuck_peer_without_dropping);
    suite_add_tcase(s, load);
    TCase *edge = tcase_create("edge");
    tcase_set_timeout(edge, 120);
    tcase_add_test(edge, test_malformed_messages_are_counted_reported_and_skipped);
    tcase_add_test(edge, test_send_refuses_bad_topics_and_oversized_bodies);
    tcase_add_test(edge, test_open_errors_name_the_endpoint);
    tcase_add_test(edge, test_recv_timeout_returns_zero);
    tcase_add_test(edge, test_pub_sub_filters_by_topic_prefix);
    tcase_add_test(edge, test_pub_never_blocks_and_counts_what_a_slow_subscriber_misses);
    tcase_add_test(edge, test_curve_tcp_right_key_delivers_wrong_key_gets_nothing);
    tcase_add_test(edge, test_curve_client_allow_list_admits_listed_keys_only);
    tcase_add_test(edge, test_curve_key_files_are_checked);
    suite_add_tcase(s, edge);
    return pw_test_run(s);
}
