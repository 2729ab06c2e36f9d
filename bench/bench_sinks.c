/* bench_sinks: records per second through the sink engine (core/pw_stage.c) and its plugins, producer ->
 * ipc:// bus -> sink -> receiver, all on this machine: jsonl to a file; syslog over tcp (RFC 6587) to a
 * counting receiver; http in hec and es-bulk modes (batches of 500) to a minimal keep-alive HTTP/1.1 receiver in
 * this program, which answers HEC's Success and _bulk's per-item 201. The network sinks run with their durable
 * queue on (fsync interval, the default), so every record is written to disk before it is sent. A figure is
 * printed only when the receiver counted every record.
 *
 * The machine is shared, so each line also gives the CPU time the sink's own thread used per record
 * (CLOCK_THREAD_CPUTIME_ID): wall-clock records/s move with the load, CPU per record much less; records/s per
 * core (1e6 / that) is what the sink does on a core of its own. With --runs N each sink runs N times and the
 * best and median are printed; the load average is printed before and after.
 *
 * Usage: bench_sinks [--count N] [--runs N] [--sink jsonl|syslog|hec|es-bulk|all] */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "sinks/http.h"
#include "sinks/jsonl.h"
#include "sinks/syslog.h"

static char dir[64];
static _Atomic long counted;

/* ---- receivers ---- */

static int listen_any(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4) ||
        getsockname(fd, (struct sockaddr *)&a, &l))
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

static void *syslog_receiver(void *arg)
{
    int lfd = (int)(intptr_t)arg, fd = accept(lfd, NULL, NULL);
    static char buf[1 << 16];
    long need = -1, len = 0; /* need: bytes of the current message left; -1 while reading its length */
    ssize_t n;
    while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n;) {
            if (need < 0) {
                if (buf[i] == ' ') need = len, len = 0;
                else len = len * 10 + (buf[i] - '0');
                i++;
            } else {
                long take = n - i < need ? n - i : need;
                need -= take, i += take;
                if (need == 0) need = -1, atomic_fetch_add(&counted, 1);
            }
        }
    }
    if (fd >= 0) close(fd);
    return NULL;
}

/* One keep-alive connection at a time (the sink has one): read a request, count its records, answer. */
static void *http_receiver(void *arg)
{
    int lfd = (int)(intptr_t)arg;
    size_t cap = 64 << 20;
    char *buf = malloc(cap);
    char *resp = malloc(cap / 4);
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) break;
        size_t have = 0;
        for (;;) {
            char *end;
            while (!(end = memmem(buf, have, "\r\n\r\n", 4))) {
                ssize_t n = read(fd, buf + have, cap - have);
                if (n <= 0) goto next;
                have += (size_t)n;
            }
            size_t hlen = (size_t)(end + 4 - buf);
            char *cl = memmem(buf, hlen, "Content-Length: ", 16);
            size_t blen = cl ? strtoul(cl + 16, NULL, 10) : 0;
            while (have < hlen + blen) {
                ssize_t n = read(fd, buf + have, cap - have);
                if (n <= 0) goto next;
                have += (size_t)n;
            }
            char *body = buf + hlen;
            int bulk = memmem(buf, hlen, "/_bulk", 6) != NULL;
            long recs = 0;
            if (bulk) {
                for (size_t i = 0; i < blen; i++) recs += body[i] == '\n';
                recs /= 2;
            } else {
                for (char *p = body; (p = memmem(p, blen - (size_t)(p - body), "{\"time\":", 8)); p += 8) recs++;
            }
            atomic_fetch_add(&counted, recs);
            size_t rl = 0;
            if (bulk) {
                rl += (size_t)sprintf(resp, "{\"took\":1,\"errors\":false,\"items\":[");
                for (long i = 0; i < recs; i++) rl += (size_t)sprintf(resp + rl, "%s{\"index\":{\"status\":201}}", i ? "," : "");
                rl += (size_t)sprintf(resp + rl, "]}");
            } else {
                rl = (size_t)sprintf(resp, "{\"text\":\"Success\",\"code\":0}");
            }
            /* head and body in one write: two small writes meet Nagle and the client's delayed ACK (40 ms) */
            char head[160];
            int hl = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                 "Content-Length: %zu\r\n\r\n", rl);
            struct iovec iov[2] = {{head, (size_t)hl}, {resp, rl}};
            if (writev(fd, iov, 2) != (ssize_t)(hl + rl)) goto next;
            memmove(buf, buf + hlen + blen, have - hlen - blen);
            have -= hlen + blen;
        }
    next:
        close(fd);
    }
    free(buf);
    free(resp);
    return NULL;
}

/* ---- the producer ---- */

typedef struct prod {
    const char *ep;
    long count;
} prod;

static void *producer(void *arg)
{
    prod *p = arg;
    void *z = zmq_ctx_new(), *s = zmq_socket(z, ZMQ_PUSH);
    zmq_connect(s, p->ep);
    char body[256];
    for (long i = 0; i < p->count; i++) {
        int n = snprintf(body, sizeof body,
                         "{\"@timestamp\":\"2025-07-09T08:00:00.000000Z\",\"host\":{\"name\":\"node%03ld\"},"
                         "\"event\":{\"code\":\"5120\",\"provider\":\"Microsoft-Windows-FailoverClustering\"},"
                         "\"message\":\"Cluster Shared Volume is no longer available on this node\",\"n\":%ld}",
                         i % 500, i);
        zmq_send(s, "event", 5, ZMQ_SNDMORE);
        zmq_send(s, body, (size_t)n, 0);
    }
    zmq_close(s);
    zmq_ctx_term(z);
    return NULL;
}

static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *loadavg(char *buf, size_t size)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double a = 0, b = 0, c = 0;
    if (!f || fscanf(f, "%lf %lf %lf", &a, &b, &c) != 3) snprintf(buf, size, "?");
    else snprintf(buf, size, "%.2f %.2f %.2f", a, b, c);
    if (f) fclose(f);
    return buf;
}

/* Runs one sink over count records; *rate: records/s (wall), *cpu_us: the sink thread's CPU µs per record. */
static int bench_one(const char *kind, long count, double *rate, double *cpu_us)
{
    char ep[128], target[128], qdir[128], out[128];
    static int seq;
    snprintf(ep, sizeof ep, "ipc://%s/in-%d.sock", dir, seq);
    snprintf(qdir, sizeof qdir, "%s/queue-%d", dir, seq);
    snprintf(out, sizeof out, "%s/out-%d.jsonl", dir, seq++);
    pw_sink_input in = {.in = ep, .bind = 1, .max_messages = (uint64_t)count, .queue_dir = qdir, .name = kind};
    pthread_t rt, pt;
    int port = 0, lfd = -1;
    atomic_store(&counted, 0);
    if (strcmp(kind, "jsonl") != 0) {
        lfd = listen_any(&port);
        pthread_create(&rt, NULL, strcmp(kind, "syslog") == 0 ? syslog_receiver : http_receiver, (void *)(intptr_t)lfd);
        pthread_detach(rt);
    }
    prod p = {.ep = ep, .count = count};
    pw_sink_stats st;
    pw_error err = {0};
    int64_t t0 = pw_time_mono_us();
    double c0 = thread_cpu_s(); /* the sink runs on this thread */
    pthread_create(&pt, NULL, producer, &p);
    int rc;
    if (strcmp(kind, "jsonl") == 0) {
        pw_sink_jsonl_opts o = {.input = in, .out = out};
        rc = pw_sink_jsonl_run(&o, &st, &err);
        atomic_store(&counted, (long)st.written);
    } else if (strcmp(kind, "syslog") == 0) {
        snprintf(target, sizeof target, "tcp://127.0.0.1:%d", port);
        pw_sink_syslog_opts o = {.input = in, .to = target, .facility = -1};
        rc = pw_sink_syslog_run(&o, &st, &err);
    } else {
        snprintf(target, sizeof target, "http://127.0.0.1:%d", port);
        pw_sink_http_opts o = {.input = in, .url = target, .batch = 500, .token = "bench",
                               .mode = strcmp(kind, "hec") == 0 ? PW_HTTP_HEC : PW_HTTP_ES_BULK};
        rc = pw_sink_http_run(&o, &st, &err);
    }
    double cpu = thread_cpu_s() - c0;
    pthread_join(pt, NULL);
    for (int i = 0; i < 200 && atomic_load(&counted) < count; i++) usleep(10000); /* the last bytes in flight */
    double secs = (double)(pw_time_mono_us() - t0) / 1e6;
    if (rc || atomic_load(&counted) != count) {
        fprintf(stderr, "bench_sinks: %s: %s (receiver counted %ld of %ld)\n", kind, rc ? err.msg : "lost records",
                atomic_load(&counted), count);
        return -1;
    }
    *rate = (double)count / secs;
    *cpu_us = cpu * 1e6 / (double)count;
    printf("%-8s %9ld records  %6.2f s  %10.0f records/s  sink thread %5.2f us/record = %7.0f/s per core%s\n",
           kind, count, secs, *rate, *cpu_us, 1e6 / *cpu_us,
           strcmp(kind, "jsonl") == 0 ? "  (file, no queue)" : "  (durable queue, fsync interval)");
    fflush(stdout);
    if (lfd >= 0) shutdown(lfd, SHUT_RDWR);
    return 0;
}

int main(int argc, char **argv)
{
    long count = 500000;
    int runs = 1;
    const char *which = "all";
    static const struct option opts[] = {{"count", required_argument, NULL, 'n'},
                                         {"sink", required_argument, NULL, 's'},
                                         {"runs", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "n:s:r:", opts, NULL)) != -1) {
        if (c == 'n') count = atol(optarg);
        else if (c == 's') which = optarg;
        else if (c == 'r') runs = atoi(optarg);
        else return 2;
    }
    if (count < 1 || runs < 1 || runs > 50) {
        fprintf(stderr, "usage: bench_sinks [--count N] [--runs 1..50] [--sink jsonl|syslog|hec|es-bulk|all]\n");
        return 2;
    }
    pw_log_set_level(PW_LOG_ERROR);
    snprintf(dir, sizeof dir, "/tmp/pw-bench-sinks-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    char la[64], ts[32];
    time_t now = time(NULL);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    printf("bench_sinks: %ld records of ~250 bytes per sink, producer -> ipc bus -> sink -> 127.0.0.1\n", count);
    printf("%s, %ld cores, load average %s (before)\n", ts, ncpu, loadavg(la, sizeof la));
    const char *kinds[] = {"jsonl", "syslog", "hec", "es-bulk"};
    double rates[4][50], cpus[4][50];
    int done[4] = {0}, rc = 0;
    for (int r = 0; r < runs; r++) /* interleaved: every sink sees the same background load */
        for (size_t i = 0; i < 4; i++)
            if (strcmp(which, "all") == 0 || strcmp(which, kinds[i]) == 0) {
                if (bench_one(kinds[i], count, &rates[i][done[i]], &cpus[i][done[i]])) rc = 1;
                else done[i]++;
            }
    if (runs > 1) {
        printf("best and median of %d runs:\n", runs);
        for (size_t i = 0; i < 4; i++) {
            if (!done[i]) continue;
            int n = done[i];
            for (int a = 0; a < n; a++) /* sort: rates descending, cpu ascending (n <= 50) */
                for (int b = a + 1; b < n; b++) {
                    if (rates[i][b] > rates[i][a]) {
                        double t = rates[i][a];
                        rates[i][a] = rates[i][b], rates[i][b] = t;
                    }
                    if (cpus[i][b] < cpus[i][a]) {
                        double t = cpus[i][a];
                        cpus[i][a] = cpus[i][b], cpus[i][b] = t;
                    }
                }
            printf("%-8s best %8.0f records/s  median %8.0f records/s  sink thread best %5.2f median %5.2f "
                   "us/record\n", kinds[i], rates[i][0], rates[i][n / 2], cpus[i][0], cpus[i][n / 2]);
        }
    }
    printf("load average %s (after)\n", loadavg(la, sizeof la));
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "bench_sinks: cannot remove %s\n", dir);
    printf("goals (issue 11): jsonl >= 200000/s, syslog tcp >= 100000/s, es-bulk >= 50000/s\n");
    return rc ? 1 : 0;
}
