/* Tests of ingest/syslog: RFC 6587 framing (octet counting, LF, mixed, split at every byte, oversize cut
 * and counted) and the server end to end over loopback sockets (UDP, TCP, IPv6, many senders, source.ip). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ingest/syslog.h"
#include "pw_test.h"

typedef struct frames {
    char msg[64][256];
    int trunc[64];
    int n;
} frames;

static int collect(void *ud, const char *m, size_t len, int truncated, pw_error *err)
{
    (void)err;
    frames *f = ud;
    ck_assert_int_lt(f->n, 64);
    snprintf(f->msg[f->n], sizeof f->msg[0], "%.*s", (int)len, m);
    f->trunc[f->n++] = truncated;
    return 0;
}

static const char stream[] = "14 <13>1 - - - -\n"       /* octet-counted, payload has its own LF */
                             "<14>Jun 14 15:16:01 h a: lf one\r\n"
                             "5 <1>ab"
                             "\n\n<15>lf two\n"
                             "2024-01-01T00:00:00Z h x: digit start, LF framed\n"
                             "7 last:-)";

static void check_stream(const frames *f)
{
    ck_assert_int_eq(f->n, 6);
    ck_assert_str_eq(f->msg[0], "<13>1 - - - -\n");
    ck_assert_str_eq(f->msg[1], "<14>Jun 14 15:16:01 h a: lf one");
    ck_assert_str_eq(f->msg[2], "<1>ab");
    ck_assert_str_eq(f->msg[3], "<15>lf two");
    ck_assert_str_eq(f->msg[4], "2024-01-01T00:00:00Z h x: digit start, LF framed");
    ck_assert_str_eq(f->msg[5], "last:-)");
}

START_TEST(test_framing_octet_counted_and_lf_mixed)
{
    pw_syslog_framer fr;
    frames f = {0};
    pw_error err;
    ck_assert_int_eq(pw_syslog_framer_init(&fr, 1024, &err), 0);
    ck_assert_int_eq(pw_syslog_framer_feed(&fr, stream, sizeof stream - 1, collect, &f, &err), 0);
    ck_assert_int_eq(pw_syslog_framer_finish(&fr, collect, &f, &err), 0);
    check_stream(&f);
    pw_syslog_framer_free(&fr);
}
END_TEST

START_TEST(test_framing_survives_every_split_point)
{
    for (size_t cut = 1; cut < sizeof stream - 1; cut++) {
        pw_syslog_framer fr;
        frames f = {0};
        pw_error err;
        ck_assert_int_eq(pw_syslog_framer_init(&fr, 1024, &err), 0);
        ck_assert_int_eq(pw_syslog_framer_feed(&fr, stream, cut, collect, &f, &err), 0);
        ck_assert_int_eq(pw_syslog_framer_feed(&fr, stream + cut, sizeof stream - 1 - cut, collect, &f, &err), 0);
        ck_assert_int_eq(pw_syslog_framer_finish(&fr, collect, &f, &err), 0);
        check_stream(&f);
        pw_syslog_framer_free(&fr);
    }
}
END_TEST

START_TEST(test_framing_oversize_is_cut_counted_and_stream_continues)
{
    pw_syslog_framer fr;
    frames f = {0};
    pw_error err;
    ck_assert_int_eq(pw_syslog_framer_init(&fr, 16, &err), 0);
    size_t big = 200000;
    char *b = malloc(big + 100000 + 64);
    int n = sprintf(b, "%zu ", big);
    memset(b + n, 'x', big);
    n += (int)big;
    n += sprintf(b + n, "3 <1>");                 /* next octet frame is intact */
    memset(b + n, 'y', 100000);                   /* LF-framed, too long */
    n += 100000;
    n += sprintf(b + n, "\n<2>ok\n");
    for (int i = 0; i < n; i += 7000)
        ck_assert_int_eq(pw_syslog_framer_feed(&fr, b + i, (size_t)(n - i < 7000 ? n - i : 7000), collect, &f, &err), 0);
    ck_assert_int_eq(pw_syslog_framer_finish(&fr, collect, &f, &err), 0);
    ck_assert_int_eq(f.n, 4);
    ck_assert_str_eq(f.msg[0], "xxxxxxxxxxxxxxxx");
    ck_assert_int_eq(f.trunc[0], 1);
    ck_assert_str_eq(f.msg[1], "<1>");
    ck_assert_str_eq(f.msg[2], "yyyyyyyyyyyyyyyy");
    ck_assert_int_eq(f.trunc[2], 1);
    ck_assert_str_eq(f.msg[3], "<2>ok");
    ck_assert_int_eq((int)fr.oversize, 2);
    ck_assert_int_le(fr.cap, fr.cap_max); /* never buffered the 200 KB frame */
    free(b);
    pw_syslog_framer_free(&fr);
}
END_TEST

/* ---- the server over loopback ---- */
typedef struct got {
    int n;
    char apps[256][32];
    char ips[256][64];
} got;

static int on_event(const pw_event *ev, void *ud, pw_error *err)
{
    (void)err;
    got *g = ud;
    size_t n;
    const char *a = pw_event_get_str(ev, "process.name", &n);
    const char *ip = pw_event_get_str(ev, "source.ip", NULL);
    if (g->n < 256) {
        snprintf(g->apps[g->n], 32, "%.*s", a ? (int)n : 0, a ? a : "");
        snprintf(g->ips[g->n], 64, "%s", ip ? ip : "");
    }
    g->n++;
    return 0;
}

static int port_of(const char *listener) { return atoi(strrchr(listener, ':') + 1); }

START_TEST(test_server_udp_tcp_ipv6_many_senders)
{
    pw_syslog_config cfg = {.udp = {"127.0.0.1:0", "[::1]:0"}, .nudp = 2, .tcp = {"127.0.0.1:0", "[::1]:0"}, .ntcp = 2};
    got g = {0};
    pw_error err;
    pw_syslog_server *s = pw_syslog_server_new(&cfg, on_event, &g, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_int_eq((int)pw_syslog_server_nlisteners(s), 4);
    int up = port_of(pw_syslog_server_listener(s, 0)), u6 = port_of(pw_syslog_server_listener(s, 1)),
        tp = port_of(pw_syslog_server_listener(s, 2)), t6 = port_of(pw_syslog_server_listener(s, 3));
    /* 20 TCP senders at once, interleaving writes */
    int fds[20];
    for (int i = 0; i < 20; i++) {
        int v6 = i % 2;
        fds[i] = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
        if (v6) {
            struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)t6), .sin6_addr = in6addr_loopback};
            ck_assert_int_eq(connect(fds[i], (struct sockaddr *)&a, sizeof a), 0);
        } else {
            struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)tp), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
            ck_assert_int_eq(connect(fds[i], (struct sockaddr *)&a, sizeof a), 0);
        }
    }
    for (int round = 0; round < 5; round++)
        for (int i = 0; i < 20; i++) {
            char m[128];
            int n = snprintf(m, sizeof m, "<13>1 2025-01-01T00:00:00Z h t%d - - - m%d", i, round);
            char fr[160];
            int fn = snprintf(fr, sizeof fr, "%d %s", n, m);
            ck_assert_int_eq(write(fds[i], fr, (size_t)fn), fn);
        }
    for (int i = 0; i < 20; i++) close(fds[i]);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = {.sin_family = AF_INET, .sin_port = htons((uint16_t)up), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    const char *dg = "<13>Jun 14 15:16:01 h udpapp: datagram\n";
    ck_assert_int_eq(sendto(u, dg, strlen(dg), 0, (struct sockaddr *)&ua, sizeof ua), (ssize_t)strlen(dg));
    close(u);
    u = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 ua6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)u6), .sin6_addr = in6addr_loopback};
    const char *dg6 = "<13>1 2025-01-01T00:00:00Z h udp6app - - - over IPv6";
    ck_assert_int_eq(sendto(u, dg6, strlen(dg6), 0, (struct sockaddr *)&ua6, sizeof ua6), (ssize_t)strlen(dg6));
    close(u);
    for (int i = 0; i < 200 && g.n < 102; i++) ck_assert_int_ge(pw_syslog_server_poll(s, 50, &err), 0);
    ck_assert_int_eq(g.n, 102);
    int udp_seen = 0, v6_seen = 0;
    for (int i = 0; i < g.n; i++) {
        if (strcmp(g.apps[i], "udpapp") == 0) udp_seen = 1;
        if (strcmp(g.ips[i], "::1") == 0) v6_seen++;
        ck_assert(g.ips[i][0]);
    }
    ck_assert(udp_seen);
    ck_assert_int_eq(v6_seen, 51);
    pw_syslog_stats st;
    pw_syslog_server_stats(s, &st);
    ck_assert_int_eq((int)st.messages, 102);
    ck_assert_int_eq((int)st.tcp_accepted, 20);
    ck_assert_int_eq((int)st.udp_dropped, 0);
    pw_syslog_server_free(s);
}
END_TEST

START_TEST(test_server_refuses_bad_addresses)
{
    pw_error err;
    pw_syslog_config c1 = {.udp = {"127.0.0.1"}, .nudp = 1};
    ck_assert(pw_syslog_server_new(&c1, on_event, NULL, &err) == NULL);
    pw_syslog_config c2 = {.tcp = {"not-an-ip:5"}, .ntcp = 1};
    ck_assert(pw_syslog_server_new(&c2, on_event, NULL, &err) == NULL);
    pw_syslog_config c3 = {0};
    ck_assert(pw_syslog_server_new(&c3, on_event, NULL, &err) == NULL);
}
END_TEST

/* ---- back-pressure: a slow consumer makes TCP senders wait and UDP drops get counted ---- */
typedef struct slow {
    volatile int n;
    int stall_ms; /* the first event blocks this long (or until released), as a full bus PUSH would */
    volatile int release;
    volatile sig_atomic_t stop;
    pw_syslog_server *s;
} slow;

static int slow_emit(const pw_event *ev, void *ud, pw_error *err)
{
    (void)ev;
    (void)err;
    slow *x = ud;
    if (x->n++ == 0) {
        struct timespec ts = {0, 1000000L};
        for (int ms = 0; ms < x->stall_ms && !x->release; ms++) nanosleep(&ts, NULL);
    }
    return 0;
}

static void *serve(void *arg)
{
    slow *x = arg;
    pw_error err;
    ck_assert_int_eq(pw_syslog_server_run(x->s, &x->stop, &err), 0);
    return NULL;
}

static void wait_for(slow *x, int n)
{
    for (int i = 0; i < 1000 && x->n < n; i++) {
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
}

START_TEST(test_tcp_sender_waits_while_the_consumer_is_slow_and_nothing_is_lost)
{
    slow x = {.stall_ms = 10000}; /* held until the sender has had to wait */
    pw_syslog_config cfg = {.tcp = {"127.0.0.1:0"}, .ntcp = 1};
    pw_error err;
    ck_assert((x.s = pw_syslog_server_new(&cfg, slow_emit, &x, &err)) != NULL);
    int port = port_of(pw_syslog_server_listener(x.s, 0));
    pthread_t th;
    pthread_create(&th, NULL, serve, &x);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    enum { N = 200000 };
    char frame[256];
    int waits = 0;
    for (int i = 0; i < N; i++) {
        char m[200];
        int n = snprintf(m, sizeof m, "<13>1 2025-01-01T00:00:00Z h app - - - message %d %0120d", i, 0);
        int fl = snprintf(frame, sizeof frame, "%d %s", n, m);
        for (int off = 0; off < fl;) {
            ssize_t w = write(fd, frame + off, (size_t)(fl - off));
            if (w < 0 && errno == EAGAIN) { /* the receiver stopped reading: we wait, as a sender should */
                waits++;
                x.release = 1;
                struct pollfd p = {fd, POLLOUT, 0};
                poll(&p, 1, 1000);
                continue;
            }
            ck_assert_int_gt(w, 0);
            off += (int)w;
        }
    }
    close(fd);
    wait_for(&x, N);
    x.stop = 1;
    pthread_join(th, NULL);
    ck_assert_int_gt(waits, 0);
    ck_assert_int_eq(x.n, N);
    pw_syslog_stats st;
    pw_syslog_server_stats(x.s, &st);
    ck_assert_int_eq((int)st.messages, N);
    pw_syslog_server_free(x.s);
}
END_TEST

START_TEST(test_udp_drops_while_the_consumer_is_slow_are_counted_exactly)
{
    slow x = {.stall_ms = 10000}; /* held until the flood is over, whatever the machine's speed */
    pw_syslog_config cfg = {.udp = {"127.0.0.1:0"}, .nudp = 1};
    pw_error err;
    ck_assert((x.s = pw_syslog_server_new(&cfg, slow_emit, &x, &err)) != NULL);
    int port = port_of(pw_syslog_server_listener(x.s, 0));
    pthread_t th;
    pthread_create(&th, NULL, serve, &x);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    char m[1400];
    memset(m, 'x', sizeof m);
    memcpy(m, "<13>1 - - - - - - ", 18);
    enum { N = 20000 }; /* 20000 x 1.4 KB: far over any receive buffer (rmem_max x 2) */
    ck_assert_int_eq(sendto(fd, m, 100, 0, (struct sockaddr *)&a, sizeof a), 100); /* stalls the receiver */
    struct timespec ts = {0, 50000000L};
    nanosleep(&ts, NULL);
    for (int i = 1; i < N; i++) ck_assert_int_eq(sendto(fd, m, sizeof m, 0, (struct sockaddr *)&a, sizeof a), (ssize_t)sizeof m);
    /* release the receiver; once it has drained, one more datagram carries the kernel's final drop count */
    x.release = 1;
    ts.tv_nsec = 0;
    ts.tv_sec = 1;
    nanosleep(&ts, NULL);
    ck_assert_int_eq(sendto(fd, m, 100, 0, (struct sockaddr *)&a, sizeof a), 100);
    /* wait until the receiver has been idle for 300 ms (it has taken the marker too) */
    for (int i = 0, quiet = 0, last = -1; i < 100 && quiet < 3; i++) {
        struct timespec t2 = {0, 100000000L};
        nanosleep(&t2, NULL);
        quiet = x.n == last ? quiet + 1 : 0;
        last = x.n;
    }
    x.stop = 1;
    pthread_join(th, NULL);
    close(fd);
    pw_syslog_stats st;
    pw_syslog_server_stats(x.s, &st);
    ck_assert_int_gt((int)st.udp_dropped, 0);
    ck_assert_int_eq((int)(st.messages + st.udp_dropped), N + 1);
    pw_syslog_server_free(x.s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("syslog_server");
    TCase *tc = tcase_create("framing");
    tcase_add_test(tc, test_framing_octet_counted_and_lf_mixed);
    tcase_add_test(tc, test_framing_survives_every_split_point);
    tcase_add_test(tc, test_framing_oversize_is_cut_counted_and_stream_continues);
    tcase_add_test(tc, test_server_udp_tcp_ipv6_many_senders);
    tcase_add_test(tc, test_server_refuses_bad_addresses);
    tcase_add_test(tc, test_tcp_sender_waits_while_the_consumer_is_slow_and_nothing_is_lost);
    tcase_add_test(tc, test_udp_drops_while_the_consumer_is_slow_are_counted_exactly);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
