/* bench_bus: messages per second through pw_bus (two frames: topic + a 200-byte JSON event), PUSH -> PULL,
 * one producer thread and one consumer, over inproc://, ipc:// and tcp://127.0.0.1; and, as the reference
 * in the same run, raw libzmq single-frame PUSH -> PULL of the same bytes over the same transports, so the
 * ratio shows what pw_bus's framing and checks cost. Every message is received and counted: a figure is
 * only printed when nothing was lost.
 *
 * Usage: bench_bus [--count N] [--size BYTES] [--hwm N] [--transport inproc|ipc|tcp|all] [--no-reference] */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <zmq.h>

#include "core/pw_bus.h"
#include "core/pw_time.h"

typedef struct run {
    void *ctx;
    const char *endpoint;
    long count;
    const char *body;
    size_t size;
    int hwm;
    int raw; /* reference: plain zmq_send of one frame */
    int failed;
} run;

static void *producer(void *p)
{
    run *r = p;
    if (r->raw) {
        void *z = zmq_socket(r->ctx, ZMQ_PUSH);
        zmq_setsockopt(z, ZMQ_SNDHWM, &r->hwm, sizeof r->hwm);
        if (zmq_connect(z, r->endpoint) != 0) r->failed = 1;
        for (long i = 0; !r->failed && i < r->count; i++)
            if (zmq_send(z, r->body, r->size, 0) < 0) r->failed = 1;
        zmq_close(z);
        return NULL;
    }
    pw_error err = {0};
    pw_bus_opts o = {.hwm = r->hwm};
    pw_bus_sock *s = pw_bus_push(r->ctx, r->endpoint, PW_BUS_CONNECT, &o, &err);
    if (!s) {
        fprintf(stderr, "bench_bus: %s\n", err.msg);
        r->failed = 1;
        return NULL;
    }
    for (long i = 0; i < r->count; i++) {
        if (pw_bus_send(s, "event", r->body, r->size, &err)) {
            fprintf(stderr, "bench_bus: %s\n", err.msg);
            r->failed = 1;
            break;
        }
    }
    if (pw_bus_dropped(s)) r->failed = 1;
    pw_bus_close(s, NULL);
    return NULL;
}

/* Returns messages per second, or -1 when anything went wrong (a message lost counts as wrong). */
static double measure(const char *bind_ep, long count, const char *body, size_t size, int hwm, int raw)
{
    pw_error err = {0};
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_opts o = {.hwm = hwm};
    pw_bus_sock *pull = NULL;
    void *rawz = NULL;
    char ep[256];
    double rate = -1;
    if (raw) {
        size_t len = sizeof ep;
        rawz = zmq_socket(ctx, ZMQ_PULL);
        zmq_setsockopt(rawz, ZMQ_RCVHWM, &hwm, sizeof hwm);
        if (zmq_bind(rawz, bind_ep) != 0 || zmq_getsockopt(rawz, ZMQ_LAST_ENDPOINT, ep, &len) != 0) goto out;
    } else {
        if (!(pull = pw_bus_pull(ctx, bind_ep, PW_BUS_BIND, &o, &err))) {
            fprintf(stderr, "bench_bus: %s\n", err.msg);
            goto out;
        }
        snprintf(ep, sizeof ep, "%s", pw_bus_endpoint(pull));
    }
    run r = {.ctx = ctx, .endpoint = ep, .count = count, .body = body, .size = size, .hwm = hwm, .raw = raw};
    pthread_t th;
    int64_t t0 = pw_time_mono_us();
    if (pthread_create(&th, NULL, producer, &r) != 0) goto out;
    long got = 0;
    size_t bytes = 0;
    if (raw) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        while (got < count && zmq_msg_recv(&m, rawz, 0) >= 0) {
            bytes += zmq_msg_size(&m);
            got++;
        }
        zmq_msg_close(&m);
    } else {
        pw_bus_msg msg = {0};
        while (got < count && pw_bus_recv(pull, &msg, 10000, &err) == 1) {
            bytes += msg.body.len;
            got++;
        }
        pw_bus_msg_free(&msg);
    }
    int64_t t1 = pw_time_mono_us();
    pthread_join(th, NULL);
    if (got == count && !r.failed && bytes == (size_t)count * size)
        rate = (double)count / ((double)(t1 - t0) / 1e6);
    else
        fprintf(stderr, "bench_bus: %s %s: received %ld of %ld\n", raw ? "raw" : "pw_bus", bind_ep, got, count);
out:
    if (rawz) zmq_close(rawz);
    if (pull) pw_bus_close(pull, NULL);
    pw_bus_ctx_destroy(ctx);
    return rate;
}

/* A 200-byte ECS event like the ones the parsers put on the bus. */
static char *make_event(size_t size)
{
    static const char head[] = "{\"@timestamp\":\"2025-07-09T08:00:01.250000Z\",\"event\":{\"code\":\"5120\","
                               "\"provider\":\"Microsoft-Windows-FailoverClustering\"},\"host\":{\"name\":\"node1\"},"
                               "\"message\":\"";
    char *b = malloc(size + 1);
    if (!b || size < sizeof head + 2) {
        free(b);
        return NULL;
    }
    memcpy(b, head, sizeof head - 1);
    memset(b + sizeof head - 1, 'x', size - (sizeof head - 1) - 2);
    memcpy(b + size - 2, "\"}", 3);
    return b;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"count", required_argument, NULL, 'n'}, {"size", required_argument, NULL, 's'},
        {"hwm", required_argument, NULL, 'w'},   {"transport", required_argument, NULL, 't'},
        {"no-reference", no_argument, NULL, 'R'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long count = 2000000;
    size_t size = 200;
    int hwm = PW_BUS_HWM_DEFAULT, reference = 1, c;
    const char *transport = "all";
    while ((c = getopt_long(argc, argv, "n:s:w:t:Rh", opts, NULL)) != -1) {
        switch (c) {
        case 'n': count = atol(optarg); break;
        case 's': size = (size_t)atol(optarg); break;
        case 'w': hwm = atoi(optarg); break;
        case 't': transport = optarg; break;
        case 'R': reference = 0; break;
        default:
            printf("usage: bench_bus [--count N] [--size BYTES] [--hwm N] [--transport inproc|ipc|tcp|all] "
                   "[--no-reference]\n");
            return c == 'h' ? 0 : 2;
        }
    }
    char *body = make_event(size);
    if (count <= 0 || hwm <= 0 || !body) {
        fprintf(stderr, "bench_bus: need --count > 0, --hwm > 0, --size >= 160\n");
        return 2;
    }
    char ipc[128];
    snprintf(ipc, sizeof ipc, "ipc:///tmp/pw-bench-bus-%ld.sock", (long)getpid());
    const struct {
        const char *name, *ep;
    } tr[] = {{"inproc", "inproc://bench-bus"}, {"ipc", ipc}, {"tcp", "tcp://127.0.0.1:*"}};
    double rates[3] = {0}, refs[3] = {0};
    int bad = 0;
    printf("bench_bus: %ld messages of %zu-byte JSON (+ 5-byte topic frame), 1 producer -> 1 consumer, hwm %d, "
           "%ld CPUs\n", count, size, hwm, sysconf(_SC_NPROCESSORS_ONLN));
    for (int i = 0; i < 3; i++) {
        if (strcmp(transport, "all") != 0 && strcmp(transport, tr[i].name) != 0) continue;
        rates[i] = measure(tr[i].ep, count, body, size, hwm, 0);
        if (reference) refs[i] = measure(tr[i].ep, count, body, size, hwm, 1);
        if (rates[i] < 0 || refs[i] < 0) {
            bad = 1;
            continue;
        }
        printf("  %-7s pw_bus %10.0f msg/s  %7.1f MB/s", tr[i].name, rates[i], rates[i] * (double)size / 1e6);
        if (reference)
            printf("   raw libzmq %10.0f msg/s   pw_bus/raw %.2f", refs[i], rates[i] / refs[i]);
        printf("\n");
    }
    unlink(ipc + 6);
    if (rates[0] > 0 && rates[2] > 0) printf("  tcp/inproc ratio %.2f\n", rates[2] / rates[0]);
    if (rates[0] > 0) printf("  goal inproc >= 1,000,000 msg/s: %s\n", rates[0] >= 1e6 ? "met" : "NOT met");
    if (rates[2] > 0) printf("  goal tcp    >=   300,000 msg/s: %s\n", rates[2] >= 3e5 ? "met" : "NOT met");
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  max RSS %ld KiB\n", ru.ru_maxrss);
    free(body);
    return bad ? 1 : 0;
}
