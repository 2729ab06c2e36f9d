/* test_sink_syslog: the syslog sink's message format (RFC 5424 with JSON, CEF with its escaping) pinned byte
 * for byte, and delivery over udp and tcp (RFC 6587 octet counting) to sockets of this test on 127.0.0.1,
 * including a tcp receiver that drops the connection between messages: nothing may be lost. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <zmq.h>

#include <jansson.h>

#include "core/pw_stage.h"
#include "pw_test.h"
#include "sinks/syslog.h"

static const char alert_json[] =
    "{\"id\":\"a-1\",\"@timestamp\":\"2025-07-09T08:00:01.25Z\",\"kind\":\"regression\",\"patch\":\"KB5062557\","
    "\"signature\":\"0123456789abcdef\",\"template\":\"Volume <*> | is = offline\",\"status\":\"open\"}";
static const char event_json[] = "{\"@timestamp\":\"2025-07-09T10:00:00+02:00\",\"host\":{\"name\":\"node1\"},"
                                 "\"log\":{\"level\":\"error\"},\"event\":{\"code\":\"5120\"},\"message\":\"CSV a\\nb\"}";

static void fmt(const pw_sink_syslog_opts *o, const char *topic, const char *json, pw_buf *out)
{
    pw_error err = {0};
    pw_buf_reset(out);
    ck_assert_msg(pw_syslog_format(o, "collector1", 4242, topic, json, strlen(json), 1751990400000000, out, &err) == 0,
                  "%s", err.msg);
}

START_TEST(test_rfc5424_format_is_pinned)
{
    pw_sink_syslog_opts o = {.facility = -1};
    pw_buf b = PW_BUF_INIT;
    fmt(&o, "alert", alert_json, &b);
    /* local0 (16) * 8 + err (3) = 131; the JSON re-encoded compact, after the BOM */
    ck_assert_str_eq(b.data, "<131>1 2025-07-09T08:00:01.250000Z collector1 patchwatch 4242 alert "
                             "[patchwatch@32473 alertId=\"a-1\" kind=\"regression\" status=\"open\" patch=\"KB5062557\" "
                             "signature=\"0123456789abcdef\"] \xef\xbb\xbf"
                             "{\"id\":\"a-1\",\"@timestamp\":\"2025-07-09T08:00:01.25Z\",\"kind\":\"regression\","
                             "\"patch\":\"KB5062557\",\"signature\":\"0123456789abcdef\",\"template\":\"Volume <*> | "
                             "is = offline\",\"status\":\"open\"}");
    /* an event: its own host and time (converted to UTC), severity from log.level, facility as asked */
    ck_assert_int_eq(pw_syslog_facility_parse("daemon", &o.facility), 0);
    o.app_name = "pw test"; /* a space is not allowed in APP-NAME */
    fmt(&o, "event", event_json, &b);
    static const char ev_head[] = "<27>1 2025-07-09T08:00:00.000000Z node1 pw_test 4242 event "
                                  "[patchwatch@32473 host=\"node1\" code=\"5120\"] \xef\xbb\xbf{";
    ck_assert_msg(strncmp(b.data, ev_head, sizeof ev_head - 1) == 0, "%s", b.data);
    ck_assert_msg(strstr(b.data, "\"message\":\"CSV a\\nb\"}") != NULL, "%s", b.data); /* no raw line break */
    /* no @timestamp: now; unknown topic: info */
    o.facility = 1;
    o.app_name = NULL;
    fmt(&o, "advisory", "{\"title\":\"x\"}", &b);
    ck_assert_str_eq(b.data, "<14>1 2025-07-08T16:00:00.000000Z collector1 patchwatch 4242 advisory - \xef\xbb\xbf"
                             "{\"title\":\"x\"}");
    /* SD-PARAM values escape '"', '\\' and ']' (RFC 5424 6.3.3); the SD-ID is configurable */
    o.sd_id = "pw@99999";
    fmt(&o, "alert", "{\"id\":\"q\\\"b\\\\s]e\",\"kind\":\"regression\"}", &b);
    ck_assert_msg(strstr(b.data, " alert [pw@99999 alertId=\"q\\\"b\\\\s\\]e\" kind=\"regression\"] ") != NULL, "%s", b.data);
    o.sd_id = NULL;
    ck_assert(pw_syslog_sd_id_valid("patchwatch@32473"));
    ck_assert(!pw_syslog_sd_id_valid("a b") && !pw_syslog_sd_id_valid("") && !pw_syslog_sd_id_valid("a=b"));
    ck_assert(!pw_syslog_sd_id_valid("abcdefghijklmnopqrstuvwxyz0123456"));
    /* a one-line body is MSG byte for byte (1.50 stays 1.50); a multi-line one is re-encoded on one line */
    fmt(&o, "advisory", "  {\"title\":\"x\", \"v\":1.50}  ", &b);
    ck_assert_msg(strstr(b.data, " - \xef\xbb\xbf{\"title\":\"x\", \"v\":1.50}") != NULL && b.data[b.len - 1] == '}', "%s",
                  b.data);
    fmt(&o, "advisory", "{\n  \"title\": \"x\"\n}\n", &b);
    ck_assert_msg(strstr(b.data, " - \xef\xbb\xbf{\"title\":\"x\"}") != NULL && !strchr(b.data, '\n'), "%s", b.data);
    /* a resolved alert is informational */
    fmt(&o, "alert", "{\"kind\":\"regression\",\"status\":\"resolved\"}", &b);
    ck_assert_msg(strncmp(b.data, "<14>1 ", 6) == 0, "%s", b.data);
    pw_buf_free(&b);
}
END_TEST

START_TEST(test_cef_format_escapes_header_and_extension)
{
    pw_sink_syslog_opts o = {.facility = -1, .format = PW_SYSLOG_FMT_CEF};
    pw_buf b = PW_BUF_INIT;
    fmt(&o, "alert", alert_json, &b);
    const char *cef = strstr(b.data, "] CEF:0|");
    ck_assert_msg(cef != NULL, "%s", b.data);
    /* '|' escaped in the Name, '=' and '\' in extension values; rt in ms; patchwatch's host decided it */
    char want[1024];
    snprintf(want, sizeof want,
             "] CEF:0|patchwatch|patchwatch|%s|regression|patchwatch regression KB5062557: Volume <*> \\| is = "
             "offline|8|rt=1752048001250 dvchost=collector1 shost=collector1 cs1Label=patch cs1=KB5062557 "
             "cs2Label=signature cs2=0123456789abcdef cs3Label=status cs3=open externalId=a-1",
             PW_VERSION);
    ck_assert_str_eq(cef, want);
    /* an event: its host logged it and is what it is about; msg is its message */
    fmt(&o, "event", event_json, &b);
    ck_assert_msg(strstr(b.data, "|5120|CSV a b|8|rt=1752048000000 dvchost=node1 dhost=node1 msg=CSV a\\nb") != NULL,
                  "%s", b.data);
    /* an alert about hosts: the first is dhost, the count cn1; the recommendation is msg, '=' escaped */
    fmt(&o, "alert", "{\"id\":\"x\",\"hosts\":[\"n3\",\"n4\"],\"patched_affected\":2,\"recommendation\":\"a=b\"}", &b);
    ck_assert_msg(strstr(b.data, " dhost=n3 cn1Label=hostsAffected cn1=2 ") != NULL, "%s", b.data);
    ck_assert_msg(strstr(b.data, " msg=a\\=b") != NULL, "%s", b.data);
    /* msg holds at most 1023 characters, cut on a character boundary */
    char *long_json = malloc(8000);
    int n = snprintf(long_json, 8000, "{\"recommendation\":\"");
    for (int i = 0; i < 2000; i++) n += snprintf(long_json + n, 8000 - (size_t)n, "\xc3\xa9");
    snprintf(long_json + n, 8000 - (size_t)n, "\"}");
    fmt(&o, "alert", long_json, &b);
    const char *msg = strstr(b.data, " msg=");
    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_eq(strlen(msg + 5), 1023 * 2);
    free(long_json);
    pw_buf_free(&b);
}
END_TEST

START_TEST(test_format_refuses_non_objects_and_parses_names)
{
    pw_sink_syslog_opts o = {.facility = -1};
    pw_buf b = PW_BUF_INIT;
    pw_error err = {0};
    ck_assert_int_eq(pw_syslog_format(&o, "h", 1, "event", "[1]", 3, 0, &b, &err), -1);
    ck_assert_int_eq(pw_syslog_format(&o, "h", 1, "event", "{\"a\":", 5, 0, &b, &err), -1);
    ck_assert_int_eq(pw_syslog_format(&o, "h", 1, "event", "{\"a\":1,\"a\":2}", 13, 0, &b, &err), -1);
    int f;
    pw_syslog_fmt fm;
    ck_assert_int_eq(pw_syslog_facility_parse("local7", &f), 0);
    ck_assert_int_eq(f, 23);
    ck_assert_int_eq(pw_syslog_facility_parse("5", &f), 0);
    ck_assert_int_eq(f, 5);
    ck_assert_int_eq(pw_syslog_facility_parse("24", &f), -1);
    ck_assert_int_eq(pw_syslog_facility_parse("local8", &f), -1);
    ck_assert_int_eq(pw_syslog_fmt_parse("CEF", &fm), 0);
    ck_assert_int_eq(fm, PW_SYSLOG_FMT_CEF);
    ck_assert_int_eq(pw_syslog_fmt_parse("leef", &fm), -1);
    pw_buf_free(&b);
}
END_TEST

/* ---- delivery ----------------------------------------------------------------------------------------------- */

static char tmpdir[128], ep[256];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/pw-test-syslog-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    setenv("XDG_STATE_HOME", tmpdir, 1); /* the sinks' default queue directories go under it */
    snprintf(ep, sizeof ep, "ipc://%s/in.sock", tmpdir);
}

static void teardown(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpdir);
}

typedef struct sink_run {
    pw_sink_syslog_opts o;
    pw_sink_stats st;
    pw_error err;
    int rc;
} sink_run;

static void *sink_main(void *p)
{
    sink_run *r = p;
    r->rc = pw_sink_syslog_run(&r->o, &r->st, &r->err);
    return NULL;
}

/* A socket on 127.0.0.1 with a kernel-chosen port; returns the fd and writes the port. */
static int local_socket(int type, int *port)
{
    int fd = socket(AF_INET, type, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &al), 0);
    if (type == SOCK_STREAM) ck_assert_int_eq(listen(fd, 4), 0);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    *port = ntohs(a.sin_port);
    return fd;
}

static void *push_open(void **ctx)
{
    *ctx = zmq_ctx_new();
    void *z = zmq_socket(*ctx, ZMQ_PUSH);
    ck_assert_int_eq(zmq_connect(z, ep), 0);
    return z;
}

static void push(void *z, const char *topic, const char *body)
{
    ck_assert_int_ge(zmq_send(z, topic, strlen(topic), ZMQ_SNDMORE), 0);
    ck_assert_int_ge(zmq_send(z, body, strlen(body), 0), 0);
}

static void push_close(void *ctx, void *z)
{
    zmq_close(z);
    zmq_ctx_term(ctx);
}

START_TEST(test_udp_one_datagram_per_message)
{
    int port, fd = local_socket(SOCK_DGRAM, &port);
    char to[64];
    snprintf(to, sizeof to, "udp://127.0.0.1:%d", port);
    sink_run r = {.o = {.input = {.in = ep, .bind = 1, .max_messages = 2}, .to = to, .facility = -1}};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, sink_main, &r), 0);
    void *ctx, *z = push_open(&ctx);
    push(z, "alert", "{\"n\":1}");
    push(z, "alert", "not json"); /* skipped, counted */
    push(z, "event", "{\"n\":2}");
    char buf[2048];
    for (int i = 1; i <= 2; i++) {
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        ck_assert_int_gt(n, 0);
        buf[n] = '\0';
        char want[32];
        snprintf(want, sizeof want, "\xef\xbb\xbf{\"n\":%d}", i);
        ck_assert_msg(strstr(buf, want) && buf[n - 1] == '}', "datagram %d: %s", i, buf);
    }
    pthread_join(th, NULL);
    ck_assert_msg(r.rc == 0, "%s", r.err.msg);
    ck_assert_uint_eq(r.st.written, 2);
    ck_assert_uint_eq(r.st.invalid, 1);
    push_close(ctx, z);
    close(fd);
}
END_TEST

/* Reads one RFC 6587 octet-counted frame ("LEN SP MSG") from fd into out; returns its length or -1 on EOF. */
static long read_frame(int fd, char *out, size_t size)
{
    char c;
    long len = 0;
    int digits = 0;
    for (;;) {
        if (recv(fd, &c, 1, MSG_WAITALL) != 1) return -1;
        if (c == ' ') break;
        ck_assert_msg(c >= '0' && c <= '9' && digits < 9, "bad octet count");
        len = len * 10 + (c - '0');
        digits++;
    }
    ck_assert_int_lt(len, (long)size);
    ck_assert_int_eq(recv(fd, out, (size_t)len, MSG_WAITALL), len);
    out[len] = '\0';
    return len;
}

START_TEST(test_tcp_octet_counting_survives_a_receiver_dropping_the_connection)
{
    int port, lfd = local_socket(SOCK_STREAM, &port);
    char to[64], buf[4096];
    snprintf(to, sizeof to, "tcp://127.0.0.1:%d", port);
    sink_run r = {.o = {.input = {.in = ep, .bind = 1, .max_messages = 4}, .to = to, .facility = -1,
                        .format = PW_SYSLOG_FMT_CEF}};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, sink_main, &r), 0);
    int cfd = accept(lfd, NULL, NULL); /* the sink connects at start */
    ck_assert_int_ge(cfd, 0);
    void *ctx, *z = push_open(&ctx);
    push(z, "alert", "{\"id\":\"one\",\"recommendation\":\"line1\\nline2\"}");
    push(z, "alert", "{\"id\":\"two\"}");
    ck_assert_int_gt(read_frame(cfd, buf, sizeof buf), 0);
    ck_assert_msg(strstr(buf, "externalId=one msg=line1\\nline2") != NULL, "%s", buf);
    ck_assert_int_gt(read_frame(cfd, buf, sizeof buf), 0);
    ck_assert_msg(strstr(buf, "externalId=two") != NULL, "%s", buf);
    /* the receiver restarts: closes this connection; the next messages must come on a new one */
    close(cfd);
    usleep(100 * 1000);
    push(z, "alert", "{\"id\":\"three\"}");
    push(z, "alert", "{\"id\":\"four\"}");
    cfd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(cfd, 0);
    ck_assert_int_gt(read_frame(cfd, buf, sizeof buf), 0);
    ck_assert_msg(strstr(buf, "externalId=three") != NULL, "%s", buf);
    ck_assert_int_gt(read_frame(cfd, buf, sizeof buf), 0);
    ck_assert_msg(strstr(buf, "externalId=four") != NULL, "%s", buf);
    pthread_join(th, NULL);
    ck_assert_msg(r.rc == 0, "%s", r.err.msg);
    ck_assert_uint_eq(r.st.written, 4);
    push_close(ctx, z);
    close(cfd);
    close(lfd);
}
END_TEST

/* The tcp sink frames a whole batch (up to 512 messages) into one buffer and writes it with one send. The
 * stream must parse back frame by frame, byte-exact: every "LEN SP" (decimal, no leading zero) followed by
 * exactly LEN bytes that are the message pw_syslog_format_id makes for that record, in order, and nothing after
 * the last one. Lengths cross the 2/3/4-digit boundaries, bodies carry multi-byte UTF-8 and characters the
 * structured data escapes, and some bodies span lines (the engine sends those re-encoded compact). */
#define BATCH_N 1300

static char *batch_body(int i)
{
    size_t pad = (size_t)(i * 7) % 1200; /* messages of ~150 to ~1,400 bytes */
    char *b = malloc(pad * 2 + 256);
    int n = sprintf(b, "{\"@timestamp\":\"2025-07-09T08:00:%02d.5Z\",\"id\":\"a-%d]\\\"x\",\"kind\":\"regression\",%s"
                       "\"pad\":\"", i % 60, i, i % 97 == 0 ? "\n  " : "");
    for (size_t k = 0; k < pad; k++) {
        if (k % 50 == 49) n += sprintf(b + n, "\xc3\xa9"); /* é: two bytes, one character */
        else b[n++] = (char)('a' + k % 26);
    }
    sprintf(b + n, "\"}");
    return b;
}

typedef struct stream_rd {
    int fd;
    char *data;
    size_t len;
} stream_rd;

/* Reads the receiver's side until the sink closes it: the whole stream, for parsing afterwards. */
static void *read_stream(void *p)
{
    stream_rd *s = p;
    size_t cap = 8 << 20;
    s->data = malloc(cap);
    ssize_t n;
    while (s->len < cap && (n = recv(s->fd, s->data + s->len, cap - s->len, 0)) > 0) s->len += (size_t)n;
    return NULL;
}

START_TEST(test_tcp_batch_octet_counting_parses_back_byte_exact)
{
    int port, lfd = local_socket(SOCK_STREAM, &port);
    char to[64];
    snprintf(to, sizeof to, "tcp://127.0.0.1:%d", port);
    sink_run r = {.o = {.input = {.in = ep, .bind = 1, .max_messages = BATCH_N}, .to = to, .facility = -1,
                        .hostname = "collector1"}};
    pthread_t th, rt;
    ck_assert_int_eq(pthread_create(&th, NULL, sink_main, &r), 0);
    stream_rd sr = {.fd = accept(lfd, NULL, NULL)};
    ck_assert_int_ge(sr.fd, 0);
    ck_assert_int_eq(pthread_create(&rt, NULL, read_stream, &sr), 0);
    void *ctx, *z = push_open(&ctx);
    for (int i = 0; i < BATCH_N; i++) {
        char *b = batch_body(i);
        push(z, i % 3 ? "alert" : "event", b);
        free(b);
    }
    pthread_join(th, NULL); /* the sink stops after BATCH_N written and closes its connection */
    ck_assert_msg(r.rc == 0, "%s", r.err.msg);
    ck_assert_uint_eq(r.st.written, BATCH_N);
    pthread_join(rt, NULL);
    /* parse it back */
    size_t off = 0;
    int frames = 0, big = 0;
    pw_buf want = PW_BUF_INIT;
    pw_sink_syslog_opts ref = {.facility = -1};
    for (int i = 0; i < BATCH_N; i++) {
        size_t len = 0, digits = 0;
        while (off < sr.len && sr.data[off] >= '0' && sr.data[off] <= '9' && digits < 10)
            len = len * 10 + (size_t)(sr.data[off++] - '0'), digits++;
        ck_assert_msg(digits > 0 && off < sr.len && sr.data[off] == ' ', "frame %d at byte %zu: no \"LEN SP\"", i,
                      off);
        ck_assert_msg(sr.data[off - digits] != '0', "frame %d: leading zero in the octet count", i);
        off++;
        ck_assert_msg(len <= sr.len - off, "frame %d: %zu bytes announced, %zu left", i, len, sr.len - off);
        /* what the record must have become: the engine's id of its (compacted) body, formatted alone */
        const char *topic = i % 3 ? "alert" : "event";
        char *b = batch_body(i), *body = b, *compact = NULL;
        if (strchr(b, '\n')) {
            json_t *j = json_loads(b, 0, NULL);
            ck_assert_ptr_nonnull(j);
            body = compact = json_dumps(j, JSON_COMPACT);
            json_decref(j);
        }
        char id[33];
        pw_stage_record_id(topic, body, strlen(body), id);
        pw_error err = {0};
        pw_buf_reset(&want);
        ck_assert_int_eq(pw_syslog_format_id(&ref, "collector1", (long)getpid(), topic, id, body, strlen(body), 0,
                                             &want, &err), 0);
        ck_assert_msg(want.len == len && memcmp(want.data, sr.data + off, len) == 0,
                      "frame %d: %zu bytes differ from the %zu-byte message expected", i, len, want.len);
        big += len >= 1000;
        off += len;
        frames++;
        free(b);
        free(compact);
    }
    ck_assert_int_eq(frames, BATCH_N);
    ck_assert_uint_eq(off, sr.len); /* nothing after the last frame */
    ck_assert_int_gt(big, 100);     /* 4-digit counts were exercised */
    pw_buf_free(&want);
    free(sr.data);
    push_close(ctx, z);
    close(sr.fd);
    close(lfd);
}
END_TEST

/* A receiver that is down at start is an outage, not a typo: the sink starts, keeps what it takes off the bus
 * in its queue, and stops cleanly; a target that cannot be right still fails at start. */
START_TEST(test_unreachable_target_starts_and_queues_but_bad_syntax_fails)
{
    int port, fd = local_socket(SOCK_STREAM, &port);
    close(fd); /* nobody listens there now */
    char to[64], qdir[300];
    snprintf(to, sizeof to, "tcp://127.0.0.1:%d", port);
    snprintf(qdir, sizeof qdir, "%s/q", tmpdir);
    sink_run r = {.o = {.input = {.in = ep, .bind = 1, .idle_timeout_ms = 1500, .queue_dir = qdir},
                        .to = to, .facility = -1}};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, sink_main, &r), 0);
    void *ctx = zmq_ctx_new();
    void *z = zmq_socket(ctx, ZMQ_PUSH);
    ck_assert_int_eq(zmq_connect(z, ep), 0);
    ck_assert_int_ge(zmq_send(z, "alert", 5, ZMQ_SNDMORE), 0);
    ck_assert_int_ge(zmq_send(z, "{\"id\":\"q1\"}", 11, 0), 0);
    pthread_join(th, NULL);
    zmq_close(z);
    zmq_ctx_term(ctx);
    ck_assert_msg(r.rc == 0, "%s", r.err.msg);
    ck_assert_uint_eq(r.st.written, 0);
    ck_assert_uint_eq(r.st.queued, 1);
    pw_sink_syslog_opts o = {.input = {.in = ep, .bind = 1, .queue_dir = qdir}, .to = "http://x:1", .facility = -1};
    pw_sink_stats st;
    pw_error err = {0};
    ck_assert_int_eq(pw_sink_syslog_run(&o, &st, &err), -1);
    ck_assert_msg(strstr(err.msg, "udp://, tcp:// or tls://HOST:PORT") != NULL, "%s", err.msg);
    o.to = "tcp://hostonly";
    ck_assert_int_eq(pw_sink_syslog_run(&o, &st, &err), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sink_syslog");
    TCase *f = tcase_create("format");
    tcase_add_test(f, test_rfc5424_format_is_pinned);
    tcase_add_test(f, test_cef_format_escapes_header_and_extension);
    tcase_add_test(f, test_format_refuses_non_objects_and_parses_names);
    suite_add_tcase(s, f);
    TCase *d = tcase_create("deliver");
    tcase_add_checked_fixture(d, setup, teardown);
    tcase_set_timeout(d, 60);
    tcase_add_test(d, test_udp_one_datagram_per_message);
    tcase_add_test(d, test_tcp_octet_counting_survives_a_receiver_dropping_the_connection);
    tcase_add_test(d, test_unreachable_target_starts_and_queues_but_bad_syntax_fails);
    tcase_add_test(d, test_tcp_batch_octet_counting_parses_back_byte_exact);
    suite_add_tcase(s, d);
    return pw_test_run(s);
}
