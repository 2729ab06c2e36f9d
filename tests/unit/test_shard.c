/* test_shard: the routing of events to correlator shards (correlate/shard.h): one mining scope goes to one
 * shard whatever the message says, installs and reboots go to every shard, and host activity is announced
 * only when a host's span or platform grew, before event time moves past it. */
#include <stdlib.h>
#include <string.h>

#include "correlate/shard.h"
#include "pw_test.h"

#define HOUR 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */

static pw_event ev;

static void windows(const char *host, int64_t ts, const char *provider, const char *code, const char *msg)
{
    pw_event_reset(&ev);
    pw_event_set_time(&ev, ts);
    pw_event_set_cstr(&ev, "host.name", host, NULL);
    pw_event_set_cstr(&ev, "event.provider", provider, NULL);
    pw_event_set_cstr(&ev, "event.code", code, NULL);
    pw_event_set_cstr(&ev, "winlog.channel", "System", NULL);
    pw_event_set_cstr(&ev, "log.level", "error", NULL);
    if (msg) pw_event_set_cstr(&ev, "message", msg, NULL);
}

static void syslog_ev(const char *host, int64_t ts, const char *app, const char *msg)
{
    pw_event_reset(&ev);
    pw_event_set_time(&ev, ts);
    pw_event_set_cstr(&ev, "host.name", host, NULL);
    pw_event_set_cstr(&ev, "log.syslog.appname", app, NULL);
    pw_event_set_cstr(&ev, "message", msg, NULL);
}

static pw_shard_router *router(unsigned n)
{
    pw_error err = {0};
    pw_shard_router *r = pw_shard_router_new(n, NULL, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    return r;
}

static int last_flush;

static void route(pw_shard_router *r, unsigned *owner, int *bc, pw_buf *seen)
{
    pw_error err = {0};
    ck_assert_msg(pw_shard_route(r, &ev, owner, bc, &last_flush, seen, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(seen->len, 0); /* the host table is never full here */
}

/* Collects flushed hostseen records into one string, each followed by a newline. */
static int collect(void *ud, const char *json, size_t len, pw_error *err)
{
    (void)err;
    pw_buf *b = ud;
    pw_buf_append(b, json, len);
    pw_buf_putc(b, '\n');
    return 0;
}

static size_t flush(pw_shard_router *r, pw_buf *out)
{
    pw_error err = {0};
    pw_buf_reset(out);
    ck_assert_msg(pw_shard_router_flush(r, collect, out, &err) == 0, "%s", err.msg);
    size_t n = 0;
    for (size_t i = 0; i < out->len; i++) n += out->data[i] == '\n';
    return n;
}

START_TEST(scope_decides)
{
    pw_shard_router *r = router(7);
    pw_buf seen = {0};
    unsigned a, b;
    int bc;
    windows("n1", T0, "Microsoft-Windows-FailoverClustering", "5120", "CSV paused: STATUS_IO_TIMEOUT(c00000b5)");
    route(r, &a, &bc, &seen);
    ck_assert_int_eq(bc, 0);
    ck_assert_uint_lt(a, 7);
    windows("n9", T0 + 5 * HOUR, "Microsoft-Windows-FailoverClustering", "5120", "something else entirely 42");
    route(r, &b, &bc, &seen);
    ck_assert_uint_eq(a, b); /* same (provider, id): same shard, whatever the message and host */
    /* syslog: the program is the scope */
    syslog_ev("web1", T0, "sshd", "Failed password for root from 10.0.0.1 port 22");
    route(r, &a, &bc, &seen);
    syslog_ev("web2", T0, "sshd", "Connection closed by 10.0.0.9");
    route(r, &b, &bc, &seen);
    ck_assert_uint_eq(a, b);
    /* a signed event goes where its unsigned twin goes (the signature id includes the scope) */
    uint64_t k1 = pw_shard_key(&ev);
    pw_event_set_cstr(&ev, "patchwatch.signature", "0123456789abcdef", NULL);
    ck_assert(pw_shard_key(&ev) == k1);
    /* scopes spread: 64 programs over 7 shards use more than half of them */
    unsigned used = 0;
    for (int i = 0; i < 64; i++) {
        char app[16];
        snprintf(app, sizeof app, "prog%d", i);
        syslog_ev("h", T0, app, "m");
        route(r, &a, &bc, &seen);
        used |= 1u << a;
    }
    ck_assert_int_ge(__builtin_popcount(used), 4);
    pw_buf_free(&seen);
    pw_shard_router_free(r);
}
END_TEST

START_TEST(installs_and_reboots_broadcast)
{
    pw_shard_router *r = router(2);
    pw_buf seen = {0};
    unsigned o;
    int bc;
    windows("n1", T0, "Microsoft-Windows-WindowsUpdateClient", "19",
            "Installation Successful: Windows successfully installed the following update: 2026-07 Cumulative "
            "Update for Windows Server 2022 (KB5062557)");
    pw_event_set_cstr(&ev, "log.level", "information", NULL);
    route(r, &o, &bc, &seen);
    ck_assert_int_eq(bc, 1);
    ck_assert_uint_eq(seen.len, 0); /* every shard sees the event itself */
    windows("n1", T0 + HOUR, "EventLog", "6005", "The Event log service was started.");
    route(r, &o, &bc, &seen);
    ck_assert_int_eq(bc, 1);
    syslog_ev("l1", T0, "kernel", "Linux version 6.1.0-37-amd64");
    route(r, &o, &bc, &seen);
    ck_assert_int_eq(bc, 1);
    windows("n1", T0 + 2 * HOUR, "Microsoft-Windows-FailoverClustering", "5120", "x");
    route(r, &o, &bc, &seen);
    ck_assert_int_eq(bc, 0);
    pw_buf_free(&seen);
    pw_shard_router_free(r);
}
END_TEST

START_TEST(host_announced_when_span_grows)
{
    pw_shard_router *r = router(2);
    pw_buf seen = {0}, out = {0};
    unsigned o;
    int bc;
    windows("n1", T0 + 10 * HOUR + 5, "P", "1", "m");
    route(r, &o, &bc, &seen);
    ck_assert_int_eq(last_flush, 0); /* nothing before it */
    ck_assert_uint_eq(flush(r, &out), 1);
    ck_assert_ptr_nonnull(strstr(out.data, "\"n1\""));
    ck_assert_ptr_nonnull(strstr(out.data, "information"));
    ck_assert_ptr_nonnull(strstr(out.data, "winlog")); /* the platform hint */
    ck_assert_uint_eq(flush(r, &out), 0);            /* told once */
    windows("n1", T0 + 10 * HOUR + 999, "P", "2", "m"); /* same hour: nothing new */
    route(r, &o, &bc, &seen);
    ck_assert_uint_eq(flush(r, &out), 0);
    windows("n1", T0 + 9 * HOUR, "P", "1", "m"); /* an earlier hour: news, but time did not move on */
    route(r, &o, &bc, &seen);
    ck_assert_int_eq(last_flush, 0);
    windows("n2", T0 + 12 * HOUR, "P", "1", "m"); /* a later hour: the news must go out before this event */
    route(r, &o, &bc, &seen);
    ck_assert_int_eq(last_flush, 1);
    ck_assert_uint_eq(flush(r, &out), 2); /* n1's new first hour, n2's only hour */
    size_t sent = 0;
    for (int h = 13; h < 40; h++) { /* a host active every hour: its latest hour goes out as time moves */
        windows("n2", T0 + h * HOUR, "P", "1", "m");
        route(r, &o, &bc, &seen);
        if (last_flush) sent += flush(r, &out);
        if (h > 13) ck_assert_uint_ge(sent, 1); /* never more than an hour behind */
    }
    ck_assert_uint_ge(sent, 13);
    ck_assert_uint_le(sent, 27);
    flush(r, &out); /* the end of the stream: the last hour is told */
    ck_assert_ptr_nonnull(strstr(out.data, "2026-07-02T15:00:00"));
    syslog_ev("n1", T0 + 10 * HOUR, "cron", "m"); /* a new platform: one record with both hints */
    route(r, &o, &bc, &seen);
    ck_assert_uint_eq(flush(r, &out), 1);
    ck_assert_ptr_nonnull(strstr(out.data, "syslog"));
    ck_assert_ptr_nonnull(strstr(out.data, "winlog"));
    /* with one shard nothing needs announcing */
    pw_shard_router *one = router(1);
    windows("n3", T0, "P", "1", "m");
    route(one, &o, &bc, &seen);
    ck_assert_uint_eq(o, 0);
    ck_assert_uint_eq(flush(one, &out), 0);
    pw_shard_router_free(one);
    pw_buf_free(&seen);
    pw_buf_free(&out);
    pw_shard_router_free(r);
}
END_TEST

START_TEST(many_hosts)
{
    pw_shard_router *r = router(3);
    pw_buf seen = {0}, out = {0};
    unsigned o;
    int bc;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 5000; i++) {
            char h[16];
            snprintf(h, sizeof h, "host%d", i);
            syslog_ev(h, T0, "app", "m");
            route(r, &o, &bc, &seen);
        }
    ck_assert_uint_eq(flush(r, &out), 5000); /* each host once, the table grew without losing one */
    pw_buf_free(&seen);
    pw_buf_free(&out);
    pw_shard_router_free(r);
}
END_TEST

int main(void)
{
    pw_event_init(&ev);
    Suite *s = suite_create("shard");
    TCase *t = tcase_create("route");
    tcase_add_test(t, scope_decides);
    tcase_add_test(t, installs_and_reboots_broadcast);
    tcase_add_test(t, host_announced_when_span_grows);
    tcase_add_test(t, many_hosts);
    suite_add_tcase(s, t);
    int rc = pw_test_run(s);
    pw_event_free(&ev);
    return rc;
}
