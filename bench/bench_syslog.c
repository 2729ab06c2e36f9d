/* bench_syslog: syslog throughput.
 *   1. parse-only: the loghub Linux and OpenSSH samples, read in place and repeated until >= 1 GB of lines
 *      has been parsed, one pw_event and one parser reused (the hot path allocates nothing per line);
 *      against a reference run that only splits the same bytes into lines (the floor any parser pays) and
 *      against the goal of 1,000,000 lines/s per core;
 *   2. parse + JSON encode, the work per line before it goes on the bus;
 *   3. TCP ingest end to end: a local sender writes octet-counted RFC 5424 lines over loopback TCP to the
 *      receiver (ingest/syslog), which parses and PUSHes each event on the bus (inproc), where a PULL
 *      consumer counts them; lines/s from the first byte sent to the last event received, against the goal
 *      of 300,000 lines/s.
 * Usage: bench_syslog [LOGHUB_DIR] [GB] [TCP_LINES]   (defaults ../shared/data/loghub, 1, 2000000) */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/pw_bus.h"
#include "core/pw_out.h"
#include "core/pw_time.h"
#include "ingest/syslog.h"
#include "parsers/syslog.h"

typedef struct lines {
    char *buf;
    size_t len;
    const char **p;
    size_t *n;
    size_t count, cap;
} lines;

static int load(lines *l, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "bench_syslog: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fseek(fp, 0, SEEK_END);
    long sz = ftell(fp);
    rewind(fp);
    char *b = malloc((size_t)sz + 1);
    if (!b || fread(b, 1, (size_t)sz, fp) != (size_t)sz) {
        fclose(fp);
        free(b);
        return -1;
    }
    fclose(fp);
    for (char *s = b, *e = b + sz; s < e;) {
        char *lf = memchr(s, '\n', (size_t)(e - s));
        size_t n = lf ? (size_t)(lf - s) : (size_t)(e - s);
        if (l->count == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 4096;
            l->p = realloc(l->p, l->cap * sizeof *l->p);
            l->n = realloc(l->n, l->cap * sizeof *l->n);
        }
        l->p[l->count] = s;
        l->n[l->count++] = n;
        l->len += n + 1;
        s += n + 1;
    }
    return 0;
}

static double secs(int64_t us) { return (double)us / 1e6; }

/* CPU time of this thread: on a shared machine the wall clock also counts other people's work, the CPU
 * time is what one core spends on ours ("per core"). */
static int64_t cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- TCP end to end ---- */
typedef struct tcp_bench {
    int port;
    size_t nlines;
    volatile sig_atomic_t stop;
    pw_syslog_server *srv;
    int64_t t_start;
    int64_t server_cpu_us; /* CPU time of the receiver thread (read, frame, parse, encode, push) */
} tcp_bench;

static int emit(const pw_event *ev, void *ud, pw_error *err) { return pw_out_event(ud, ev, err); }

static void *server_thread(void *arg)
{
    tcp_bench *b = arg;
    pw_error err;
    pthread_setname_np(pthread_self(), "pw-receiver"); /* for perf --comm */
    if (pw_syslog_server_run(b->srv, &b->stop, &err)) fprintf(stderr, "bench_syslog: server: %s\n", err.msg);
    b->server_cpu_us = cpu_us();
    return NULL;
}

static void *sender_thread(void *arg)
{
    tcp_bench *b = arg;
    /* one block of framed messages, written over and over */
    enum { PER_BLOCK = 1000 };
    static char block[PER_BLOCK * 200];
    size_t bl = 0;
    for (int i = 0; i < PER_BLOCK; i++) {
        char m[160];
        int n = snprintf(m, sizeof m, "<38>1 2025-07-08T12:34:56.%06dZ web%02d sshd 4242 - - Accepted publickey for "
                                      "user%d from 10.0.%d.%d port 22 ssh2", i, i % 50, i, i % 250, i % 200);
        bl += (size_t)sprintf(block + bl, "%d %s", n, m);
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)b->port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        perror("bench_syslog: connect");
        return NULL;
    }
    b->t_start = pw_time_mono_us();
    for (size_t sent = 0; sent < b->nlines; sent += PER_BLOCK) {
        for (size_t off = 0; off < bl;) {
            ssize_t w = write(fd, block + off, bl - off);
            if (w <= 0) {
                perror("bench_syslog: write");
                close(fd);
                return NULL;
            }
            off += (size_t)w;
        }
    }
    close(fd);
    return NULL;
}

static int bench_tcp(size_t nlines)
{
    pw_error err;
    void *ctx = pw_bus_ctx_new(&err);
    const char *ep = getenv("PW_BENCH_BUS") ? getenv("PW_BENCH_BUS") : "inproc://bench-syslog";
    pw_bus_sock *pull = ctx ? pw_bus_pull(ctx, ep, PW_BUS_BIND, NULL, &err) : NULL;
    pw_out *out = pull ? pw_out_open_ctx(pw_bus_endpoint(pull), ctx, &err) : NULL;
    tcp_bench b = {.nlines = (nlines + 999) / 1000 * 1000};
    pw_syslog_config cfg = {.tcp = {"127.0.0.1:0"}, .ntcp = 1};
    if (!out || !(b.srv = pw_syslog_server_new(&cfg, emit, out, &err))) {
        fprintf(stderr, "bench_syslog: %s\n", err.msg);
        return -1;
    }
    b.port = atoi(strrchr(pw_syslog_server_listener(b.srv, 0), ':') + 1);
    pthread_t st, tt;
    pthread_create(&st, NULL, server_thread, &b);
    pthread_create(&tt, NULL, sender_thread, &b);
    struct timespec pc0, pc1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &pc0);
    pw_bus_msg msg = {.body = PW_BUF_INIT};
    size_t got = 0;
    while (got < b.nlines) {
        int r = pw_bus_recv(pull, &msg, 10000, &err);
        if (r <= 0) {
            fprintf(stderr, "bench_syslog: only %zu of %zu events arrived\n", got, b.nlines);
            break;
        }
        got++;
    }
    int64_t t = pw_time_mono_us() - b.t_start;
    pthread_join(tt, NULL);
    b.stop = 1;
    pthread_join(st, NULL);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &pc1);
    double cpu = (double)(pc1.tv_sec - pc0.tv_sec) + (double)(pc1.tv_nsec - pc0.tv_nsec) / 1e9;
    pw_syslog_stats s;
    pw_syslog_server_stats(b.srv, &s);
    double rate = (double)got / secs(t);
    printf("tcp ingest -> bus (%s)\n", ep);
    printf("tcp ingest -> bus       %9zu lines in %6.2f s wall  %10.0f lines/s  %.2fx the 300,000 goal  (sender, receiver "
           "and consumer together used %.2f s CPU; %llu parse errors)\n",
           got, secs(t), rate, rate / 300000.0, cpu, (unsigned long long)s.parse_errors);
    printf("  receiver thread: %.2f s CPU, %.2f us per line (a receiver alone could do %.0f lines/s per core)\n",
           secs(b.server_cpu_us), (double)b.server_cpu_us / (double)(got ? got : 1),
           (double)got / secs(b.server_cpu_us ? b.server_cpu_us : 1));
    pw_syslog_server_free(b.srv);
    pw_out_close(out, NULL);
    pw_bus_msg_free(&msg);
    pw_bus_close(pull, NULL);
    pw_bus_ctx_destroy(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data/loghub";
    double gb = argc > 2 ? atof(argv[2]) : 1.0;
    size_t tcp_lines = argc > 3 ? (size_t)atoll(argv[3]) : 2000000;
    char p1[4096], p2[4096];
    snprintf(p1, sizeof p1, "%s/Linux/Linux_2k.log", dir);
    snprintf(p2, sizeof p2, "%s/OpenSSH/OpenSSH_2k.log", dir);
    lines l = {0};
    if (load(&l, p1) || load(&l, p2)) return 1;
    uint64_t target = (uint64_t)(gb * 1e9);
    size_t reps = (size_t)(target / l.len) + 1;
    printf("input: %zu lines, %zu bytes (loghub Linux + OpenSSH), repeated %zu times = %.2f GB\n", l.count, l.len,
           reps, (double)reps * (double)l.len / 1e9);

    /* reference: the least any line parser must do, the whole line as the message of a reused event (UTF-8
     * check and copy); the ratio below is what the syslog grammar costs on top of that */
    pw_event ev;
    pw_event_init(&ev);
    pw_syslog_parser sp = PW_SYSLOG_PARSER_INIT;
    pw_error err;
    double n_total = (double)reps * (double)l.count;
    size_t reps_ref = reps / 4 ? reps / 4 : 1;
    int64_t t0 = cpu_us();
    for (size_t r = 0; r < reps_ref; r++)
        for (size_t i = 0; i < l.count; i++) {
            pw_event_reset(&ev);
            if (pw_event_set_str_lossy(&ev, "message", l.p[i], l.n[i], &err)) return 1;
        }
    int64_t t_ref = cpu_us() - t0;
    double n_ref = (double)reps_ref * (double)l.count, rate_ref = n_ref / secs(t_ref);
    int64_t now = INT64_C(1764028800000000);
    size_t errors = 0;
    t0 = pw_time_mono_us();
    int64_t c0 = cpu_us();
    for (size_t r = 0; r < reps; r++)
        for (size_t i = 0; i < l.count; i++) {
            if (pw_syslog_parser_parse(&sp, l.p[i], l.n[i], now, &ev, &err)) return 1;
            errors += pw_event_find(&ev, "patchwatch.parse_error") != NULL;
        }
    int64_t t_parse = pw_time_mono_us() - t0, c_parse = cpu_us() - c0;
    double rate = n_total / secs(c_parse);
    printf("reference: message only %9.0f lines in %6.2f s CPU  %10.0f lines/s per core\n", n_ref, secs(t_ref), rate_ref);
    printf("parse only              %9.0f lines in %6.2f s CPU (%.2f s wall)  %10.0f lines/s per core  %6.1f MB/s  "
           "%.2fx the 1,000,000 goal, %.2fx the reference rate  (%zu parse errors)\n",
           n_total, secs(c_parse), secs(t_parse), rate, (double)reps * (double)l.len / 1e6 / secs(c_parse), rate / 1e6,
           rate / rate_ref, errors);

    pw_buf js = PW_BUF_INIT;
    size_t reps2 = reps / 4 ? reps / 4 : 1;
    c0 = cpu_us();
    for (size_t r = 0; r < reps2; r++)
        for (size_t i = 0; i < l.count; i++) {
            pw_syslog_parser_parse(&sp, l.p[i], l.n[i], now, &ev, &err);
            pw_buf_reset(&js);
            pw_event_to_json(&ev, &js, &err);
        }
    int64_t t_json = cpu_us() - c0;
    double nj = (double)reps2 * (double)l.count;
    printf("parse + JSON encode     %9.0f lines in %6.2f s CPU  %10.0f lines/s per core\n", nj, secs(t_json), nj / secs(t_json));
    pw_buf_free(&js);
    pw_event_free(&ev);
    pw_syslog_parser_free(&sp);
    free(l.p);
    free(l.n);
    if (tcp_lines) return bench_tcp(tcp_lines) ? 1 : 0;
    return 0;
}
