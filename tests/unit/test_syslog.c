/* Tests of parsers/syslog: every RFC 5424 example, the RFC 3164 variants met in the wild, the loghub
 * Linux/OpenSSH samples against loghub's own structured columns, and malformed input (every prefix of a
 * valid line, binary garbage, 1 MB lines) that must still become events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_time.h"
#include "parsers/syslog.h"
#include "pw_test.h"

static pw_event ev;
static pw_syslog_parser sp;
/* 2025-11-25T00:00:00Z: the reference time for year-less timestamps */
#define REF_US (INT64_C(1764028800) * 1000000)

static void setup(void) { pw_event_init(&ev); }
static void teardown(void)
{
    pw_event_free(&ev);
    pw_syslog_parser_free(&sp);
}

static void parse(const char *line)
{
    pw_error err;
    ck_assert_msg(pw_syslog_parser_parse(&sp, line, strlen(line), REF_US, &ev, &err) == 0, "%s", err.msg);
}

static void assert_str(const char *key, const char *want)
{
    size_t n;
    const char *got = pw_event_get_str(&ev, key, &n);
    if (!want) {
        ck_assert_msg(pw_event_find(&ev, key) == NULL, "%s should be absent", key);
        return;
    }
    ck_assert_msg(got != NULL, "%s missing", key);
    ck_assert_msg(n == strlen(want) && memcmp(got, want, n) == 0, "%s: got \"%.*s\" want \"%s\"", key, (int)n, got, want);
}

static void assert_int(const char *key, int64_t want)
{
    const pw_field *f = pw_event_find(&ev, key);
    ck_assert_msg(f && f->type == PW_VAL_INT, "%s missing or not an int", key);
    ck_assert_int_eq(f->num.i, want);
}

static void assert_time(const char *rfc3339)
{
    int64_t want;
    ck_assert_int_eq(pw_time_parse(rfc3339, strlen(rfc3339), &want, NULL), 0);
    ck_assert_int_eq(ev.ts_us, want);
}

static int parse_error(void) { return pw_event_find(&ev, "patchwatch.parse_error") != NULL; }

static void assert_json(const char *key, const char *want)
{
    pw_buf b = PW_BUF_INIT;
    const pw_field *f = pw_event_find(&ev, key);
    ck_assert_msg(f && f->type == PW_VAL_JSON, "%s missing", key);
    ck_assert_str_eq(pw_field_str(&ev, f), want);
    pw_buf_free(&b);
}

/* ---- RFC 5424 section 6.5, examples 1-4 ---- */
START_TEST(test_rfc5424_example1_bom_and_nil_procid)
{
    parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \xEF\xBB\xBF'su root' failed for lonvick on /dev/pts/8");
    ck_assert(!parse_error());
    assert_time("2003-10-11T22:14:15.003Z");
    assert_int("log.syslog.facility.code", 4);
    assert_str("log.syslog.facility.name", "auth");
    assert_int("log.syslog.severity.code", 2);
    assert_str("log.level", "crit");
    assert_str("log.syslog.version", "1"); /* ECS types it keyword */
    assert_str("log.syslog.hostname", "mymachine.example.com");
    assert_str("host.name", "mymachine.example.com");
    assert_str("log.syslog.appname", "su");
    assert_str("log.syslog.procid", NULL);
    assert_str("log.syslog.msgid", "ID47");
    assert_str("message", "'su root' failed for lonvick on /dev/pts/8");
    assert_str("event.module", "syslog");
}
END_TEST

START_TEST(test_rfc5424_example2_offset_and_microseconds)
{
    parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    ck_assert(!parse_error());
    assert_time("2003-08-24T12:14:15.000003Z");
    assert_str("log.syslog.facility.name", "local4");
    assert_str("log.level", "notice");
    assert_str("log.syslog.procid", "8710");
    assert_int("process.pid", 8710);
    assert_str("log.syslog.msgid", NULL);
    assert_str("message", "%% It's time to make the do-nuts.");
}
END_TEST

START_TEST(test_rfc5424_example3_structured_data_and_message)
{
    parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
          "eventSource=\"Application\" eventID=\"1011\"] \xEF\xBB\xBF" "An application event log entry...");
    ck_assert(!parse_error());
    assert_json("log.syslog.structured_data",
                "{\"exampleSDID@32473\":{\"iut\":\"3\",\"eventSource\":\"Application\",\"eventID\":\"1011\"}}");
    assert_str("message", "An application event log entry...");
}
END_TEST

START_TEST(test_rfc5424_example4_two_sd_elements_no_message)
{
    parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
          "eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]");
    ck_assert(!parse_error());
    assert_json("log.syslog.structured_data",
                "{\"exampleSDID@32473\":{\"iut\":\"3\",\"eventSource\":\"Application\",\"eventID\":\"1011\"},"
                "\"examplePriority@32473\":{\"class\":\"high\"}}");
    assert_str("message", NULL);
}
END_TEST

START_TEST(test_rfc5424_sd_escapes_and_all_nil)
{
    parse("<13>1 2024-02-29T23:59:60.5+01:30 h app 1 m [x@1 a=\"q\\\"x\\\\y\\]z\" b=\"\\n\" c=\"\"] msg");
    ck_assert(!parse_error());
    assert_json("log.syslog.structured_data", "{\"x@1\":{\"a\":\"q\\\"x\\\\y]z\",\"b\":\"\\\\n\",\"c\":\"\"}}");
    assert_time("2024-02-29T22:29:59.5Z");
    parse("<13>1 - - - - - -");
    ck_assert(!parse_error());
    ck_assert_int_eq(ev.ts_us, PW_TS_NONE);
    assert_str("host.name", NULL);
    assert_str("message", NULL);
    parse("<0>1 - - - - - - ");
    ck_assert(!parse_error());
    assert_str("log.level", "emerg");
    assert_str("message", "");
}
END_TEST

START_TEST(test_rfc5424_malformed_becomes_parse_error_event)
{
    static const char *bad[] = {
        "<13>1 2003-13-11T22:14:15Z h a p m - x",           /* month 13 */
        "<13>1 2003-10-11T22:14:15 h a p m - x",            /* no offset */
        "<13>1 2003-10-11T22:14:15Z h a p m [x a=\"1] y",   /* unterminated value */
        "<13>1 2003-10-11T22:14:15Z h a p m [x a=1] y",     /* unquoted */
        "<13>1 2003-10-11T22:14:15Z h a p m [] y",          /* empty SD-ID */
        "<13>1 2003-10-11T22:14:15Z h a p m -y",            /* no SP before MSG */
        "<13>1 2003-10-11T22:14:15Z h aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa p m - y", /* APP-NAME > 48 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        parse(bad[i]);
        ck_assert_msg(parse_error(), "%s", bad[i]);
        assert_str("message", bad[i]);
        assert_str("event.original", bad[i]);
    }
}
END_TEST

/* ---- RFC 3164 and its real-world variants ---- */
START_TEST(test_rfc3164_classic_and_year_inference)
{
    parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    ck_assert(!parse_error());
    assert_time("2025-10-11T22:14:15Z");
    assert_str("host.name", "mymachine");
    assert_str("log.syslog.appname", "su");
    assert_str("log.level", "crit");
    assert_str("message", "'su root' failed for lonvick on /dev/pts/8");
    /* a December line read in late November is this year; read with a January reference it is last year */
    parse("Dec 24 10:00:00 h x: y");
    assert_time("2025-12-24T10:00:00Z");
    pw_error err;
    const char *l = "Dec 31 23:59:59 h x: y";
    ck_assert_int_eq(pw_syslog_parser_parse(&sp, l, strlen(l), INT64_C(1767225600) * 1000000 /* 2026-01-01 */, &ev, &err), 0);
    assert_time("2025-12-31T23:59:59Z");
    /* no reference time: no timestamp rather than a guessed one */
    ck_assert_int_eq(pw_syslog_parser_parse(&sp, l, strlen(l), PW_TS_NONE, &ev, &err), 0);
    ck_assert_int_eq(ev.ts_us, PW_TS_NONE);
    assert_str("host.name", "h");
}
END_TEST

START_TEST(test_rfc3164_variants)
{
    parse("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!"); /* space-padded day, no tag */
    assert_time("2025-02-05T17:32:18Z");
    assert_str("host.name", "10.0.0.99");
    assert_str("log.syslog.appname", NULL);
    assert_str("message", "Use the BFG!");
    parse("Jun 14 15:16:01 sshd[12]: no host here"); /* hostname absent */
    assert_str("host.name", NULL);
    assert_str("log.syslog.appname", "sshd");
    assert_int("process.pid", 12);
    assert_str("message", "no host here");
    parse("<30>Jun 14 15:16:01 web1 systemd[1]: Started Session 5."); /* host tag[pid]: */
    assert_str("host.name", "web1");
    assert_str("process.name", "systemd");
    assert_str("log.syslog.procid", "1");
    assert_str("log.syslog.facility.name", "daemon");
    assert_str("log.level", "info");
    parse("<189>123: *Mar  1 00:01:02.345 UTC: %SYS-5-CONFIG_I: Configured from console by vty0"); /* Cisco */
    assert_int("event.sequence", 123);
    assert_time("2025-03-01T00:01:02.345Z");
    assert_str("log.syslog.appname", NULL); /* a Cisco tag is not a program (syslog_vendor.c) */
    assert_str("cisco.ios.facility", "SYS");
    assert_str("message", "%SYS-5-CONFIG_I: Configured from console by vty0");
    parse("<187>45: Mar  1 2024 00:01:02: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down"); /* with year */
    assert_time("2024-03-01T00:01:02Z");
    assert_str("log.level", "err");
    parse("<14>2025-07-08T12:34:56.123456+02:00 web1 nginx[99]: hello"); /* ISO in 3164 position */
    assert_time("2025-07-08T10:34:56.123456Z");
    assert_str("host.name", "web1");
    assert_str("message", "hello");
    parse("2025-07-08T12:34:56Z web1 kernel: [ 1.0] x"); /* rsyslog file format, no PRI */
    assert_str("log.syslog.appname", "kernel");
    assert_str("message", "[ 1.0] x");
    parse("2025-07-08 12:34:56 status installed bash:amd64 5.2.15-2+b8"); /* dpkg.log */
    ck_assert(!parse_error());
    assert_time("2025-07-08T12:34:56Z");
    assert_str("message", "status installed bash:amd64 5.2.15-2+b8");
    assert_str("host.name", NULL);
    parse("2025-07-08 12:34:56,789 INFO worker: started"); /* Python logging */
    assert_time("2025-07-08T12:34:56.789Z");
    assert_str("message", "INFO worker: started");
    parse("<13>no timestamp at all"); /* PRI but no timestamp: the rest is the message */
    ck_assert(!parse_error());
    assert_str("message", "no timestamp at all");
    parse("Jun 14 15:16:01 combo"); /* host and nothing else */
    assert_str("host.name", "combo");
    parse("just some text");
    ck_assert(parse_error());
    assert_str("message", "just some text");
    assert_str("event.original", "just some text");
}
END_TEST

START_TEST(test_invalid_utf8_and_nul_are_repaired)
{
    const char line[] = "<13>Jun 14 15:16:01 h a: x\xff\xfe\0y";
    pw_error err;
    ck_assert_int_eq(pw_syslog_parser_parse(&sp, line, sizeof line - 1, REF_US, &ev, &err), 0);
    assert_str("message", "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy");
    const char bad[] = "\xc0\xafgarbage\0";
    ck_assert_int_eq(pw_syslog_parser_parse(&sp, bad, sizeof bad - 1, REF_US, &ev, &err), 0);
    ck_assert(parse_error());
}
END_TEST

START_TEST(test_every_prefix_of_valid_lines_becomes_an_event)
{
    static const char *lines[] = {
        ("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
         "eventSource=\"Application\"][examplePriority@32473 class=\"high\"] \xEF\xBB\xBFmsg"),
        "<189>123: *Mar  1 00:01:02.345 UTC: %SYS-5-CONFIG_I: Configured",
        "<30>Jun 14 15:16:01 web1 systemd[1]: Started Session 5.",
    };
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(lines[k]);
        for (size_t i = 0; i <= n; i++) {
            pw_error err;
            /* exact-size heap copy so ASan sees any read past the end */
            char *p = malloc(i ? i : 1);
            memcpy(p, lines[k], i);
            ck_assert_int_eq(pw_syslog_parser_parse(&sp, p, i, REF_US, &ev, &err), 0);
            ck_assert(pw_event_find(&ev, "event.module") != NULL);
            ck_assert(parse_error() || pw_event_find(&ev, "log.syslog.priority") || pw_event_find(&ev, "message") ||
                      i == 0);
            free(p);
        }
    }
}
END_TEST

START_TEST(test_binary_garbage_never_fails)
{
    unsigned seed = 12345;
    char buf[512];
    pw_buf js = PW_BUF_INIT;
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(rand_r(&seed) % sizeof buf);
        for (size_t i = 0; i < n; i++) buf[i] = (char)rand_r(&seed);
        if (round % 3 == 0 && n > 6) memcpy(buf, "<13>1 ", 6);
        if (round % 3 == 1 && n > 20) memcpy(buf, "<13>Jun 14 15:16:01 ", 20);
        pw_error err;
        ck_assert_int_eq(pw_syslog_parser_parse(&sp, buf, n, REF_US, &ev, &err), 0);
        pw_buf_reset(&js);
        ck_assert_int_eq(pw_event_to_json(&ev, &js, &err), 0);
    }
    pw_buf_free(&js);
}
END_TEST

START_TEST(test_one_megabyte_lines)
{
    size_t n = (size_t)1 << 20;
    char *big = malloc(n);
    memset(big, 'a', n);
    memcpy(big, "<13>Jun 14 15:16:01 h app: ", 27);
    pw_error err;
    ck_assert_int_eq(pw_syslog_parser_parse(&sp, big, n, REF_US, &ev, &err), 0);
    size_t mlen;
    ck_assert(pw_event_get_str(&ev, "message", &mlen) && mlen == n - 27);
    memcpy(big, "<13>1 2003-10-11T22:14:15Z h a p m [x a=\"", 41); /* unterminated SD value, 1 MB long */
    ck_assert_int_eq(pw_syslog_parser_parse(&sp, big, n, REF_US, &ev, &err), 0);
    ck_assert(parse_error());
    free(big);
}
END_TEST

/* ---- the bounded line reader ---- */
/* A line over max comes out once: its first max bytes, flagged, with its whole length; the rest is dropped
 * (counted), never handed out as further lines. */
START_TEST(test_line_reader_cuts_long_lines_and_keeps_last_line)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    const char data[] = "abc\r\n0123456789ABCDEF\n\nlast";
    ck_assert_int_eq(write(fds[1], data, sizeof data - 1), (ssize_t)(sizeof data - 1));
    close(fds[1]);
    pw_syslog_lines r;
    pw_error err;
    ck_assert_int_eq(pw_syslog_lines_init(&r, fds[0], 10, &err), 0);
    const char *l;
    size_t n;
    int t;
    const char *want[] = {"abc", "0123456789", "", "last"};
    int want_t[] = {0, 1, 0, 0};
    uint64_t want_len[] = {0, 16, 0, 0};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(pw_syslog_lines_next(&r, &l, &n, &t, &err), 1);
        ck_assert_msg(n == strlen(want[i]) && memcmp(l, want[i], n) == 0, "line %d: %.*s", i, (int)n, l);
        ck_assert_int_eq(t, want_t[i]);
        ck_assert_int_eq((int)r.last_length, (int)want_len[i]);
    }
    ck_assert_int_eq(pw_syslog_lines_next(&r, &l, &n, &t, &err), 0);
    ck_assert_int_eq((int)r.discarded, 6);
    ck_assert_int_eq((int)r.offset, (int)(sizeof data - 1));
    pw_syslog_lines_free(&r);
    close(fds[0]);
}
END_TEST

/* ---- loghub: every line parses, and agrees with loghub's own structured columns ---- */

/* Splits one CSV record (RFC 4180 quoting) into at most max fields, in place. */
static int csv_split(char *s, char **f, int max)
{
    int n = 0;
    while (n < max) {
        if (*s == '"') {
            char *w = ++s;
            f[n++] = w;
            for (;;) {
                if (*s == '"' && s[1] == '"') {
                    *w++ = '"';
                    s += 2;
                } else if (*s == '"' || !*s) {
                    if (*s) s++;
                    break;
                } else {
                    *w++ = *s++;
                }
            }
            *w = '\0';
            if (*s == ',') s++;
            else break;
        } else {
            f[n++] = s;
            char *c = strchr(s, ',');
            if (!c) break;
            *c = '\0';
            s = c + 1;
        }
    }
    return n;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
}

static void check_loghub(const char *log_rel, const char *csv_rel, int host_col, int app_col, int pid_col,
                         int content_col, const char *want_app)
{
    char p1[4096], p2[4096];
    if (!pw_test_shared_path(p1, sizeof p1, log_rel) || !pw_test_shared_path(p2, sizeof p2, csv_rel)) return;
    FILE *lf = fopen(p1, "r"), *cf = fopen(p2, "r");
    ck_assert(lf && cf);
    char *line = NULL, *row = NULL;
    size_t lcap = 0, rcap = 0;
    ssize_t ln;
    int count = 0;
    ck_assert(getline(&row, &rcap, cf) > 0); /* header */
    while ((ln = getline(&line, &lcap, lf)) > 0) {
        ck_assert(getline(&row, &rcap, cf) > 0);
        pw_error err;
        ck_assert_int_eq(pw_syslog_parser_parse(&sp, line, (size_t)ln, REF_US, &ev, &err), 0);
        ck_assert_msg(!parse_error(), "line %d: %s", count + 1, line);
        ck_assert(ev.ts_us != PW_TS_NONE);
        char *f[12];
        rtrim(row);
        int nf = csv_split(row, f, 12);
        ck_assert_int_ge(nf, content_col + 1);
        assert_str("host.name", f[host_col]);
        if (app_col >= 0) assert_str("process.name", f[app_col]);
        if (want_app) assert_str("process.name", want_app);
        if (*f[pid_col]) assert_int("process.pid", atoll(f[pid_col]));
        size_t mn;
        const char *m = pw_event_get_str(&ev, "message", &mn);
        ck_assert(m);
        while (mn > 0 && m[mn - 1] == ' ') mn--;
        while (mn > 0 && *m == ' ') m++, mn--; /* loghub trims; "kernel:  BIOS-e820" keeps its second space */
        char *c = f[content_col];
        while (*c == ' ') c++;
        ck_assert_msg(mn == strlen(c) && memcmp(m, c, mn) == 0, "line %d: message \"%.*s\" != \"%s\"", count + 1,
                      (int)mn, m, c);
        count++;
    }
    ck_assert_int_eq(count, 2000);
    free(line);
    free(row);
    fclose(lf);
    fclose(cf);
}

START_TEST(test_loghub_linux_lines_match_structured_columns)
{
    check_loghub("loghub/Linux/Linux_2k.log", "loghub/Linux/Linux_2k.log_structured.csv", 4, 5, 6, 7, NULL);
}
END_TEST

START_TEST(test_loghub_openssh_lines_match_structured_columns)
{
    check_loghub("loghub/OpenSSH/OpenSSH_2k.log", "loghub/OpenSSH/OpenSSH_2k.log_structured.csv", 4, -1, 5, 6, "sshd");
}
END_TEST

START_TEST(test_bare_pri_line_keeps_original_and_message)
{
    parse("<13>");
    assert_str("event.original", "<13>");
    assert_str("message", "<13>");
    assert_int("log.syslog.priority", 13);
    /* a clean line has no event.original unless asked */
    parse("<13>Jan  5 10:00:00 host sshd[22]: hello");
    assert_str("event.original", NULL);
    sp.keep_original = 1;
    parse("<13>Jan  5 10:00:00 host sshd[22]: hello");
    assert_str("event.original", "<13>Jan  5 10:00:00 host sshd[22]: hello");
    sp.keep_original = 0;
}
END_TEST

START_TEST(test_cisco_ios_tag_stays_in_message_with_elastic_field_names)
{
    parse("<189>42: *Mar  1 00:00:20.123: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up");
    assert_str("message", "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up");
    assert_str("cisco.ios.facility", "LINK");
    assert_str("event.code", "UPDOWN");
    assert_int("event.severity", 3);
    assert_int("event.sequence", 42);
    assert_str("process.name", NULL);
    assert_str("log.syslog.appname", NULL);
    parse("<166>Jan  5 10:00:00 fw01 : %ASA-6-302013: Built outbound TCP connection 1 for outside:198.51.100.7/443");
    assert_str("cisco.asa.message_id", "302013");
    assert_int("event.severity", 6);
    assert_str("message", "%ASA-6-302013: Built outbound TCP connection 1 for outside:198.51.100.7/443");
    /* a percent sign that is not a tag changes nothing */
    parse("<13>Jan  5 10:00:00 host app: %d percent done");
    assert_str("event.code", NULL);
    assert_str("process.name", "app");
}
END_TEST

START_TEST(test_esxi_and_journald_forwarding)
{
    parse("<166>2024-01-01T10:00:00.123Z esx01.lab Hostd: info hostd[2099592] [Originator@6876 "
          "sub=Vimsvc.ha-eventmgr opID=abc] Event 123 : User root logged in");
    assert_str("vmware.esxi.level", "info");
    assert_str("vmware.esxi.sub", "Vimsvc.ha-eventmgr");
    assert_str("vmware.esxi.op_id", "abc");
    assert_int("process.pid", 2099592);
    assert_str("host.name", "esx01.lab");
    /* journald's ForwardToSyslog: no hostname */
    parse("<30>Jan  5 10:00:00 systemd[1]: Started Session 4 of user root.");
    assert_str("process.name", "systemd");
    assert_int("process.pid", 1);
    assert_str("host.name", NULL);
    assert_str("message", "Started Session 4 of user root.");
}
END_TEST

int main(void)
{
Suite *s = suite_create("syslog");
    TCase *tc = tcase_create("parse");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rfc5424_example1_bom_and_nil_procid);
    tcase_add_test(tc, test_rfc5424_example2_offset_and_microseconds);
    tcase_add_test(tc, test_rfc5424_example3_structured_data_and_message);
    tcase_add_test(tc, test_rfc5424_example4_two_sd_elements_no_message);
    tcase_add_test(tc, test_rfc5424_sd_escapes_and_all_nil);
    tcase_add_test(tc, test_rfc5424_malformed_becomes_parse_error_event);
    tcase_add_test(tc, test_rfc3164_classic_and_year_inference);
    tcase_add_test(tc, test_rfc3164_variants);
    tcase_add_test(tc, test_invalid_utf8_and_nul_are_repaired);
    tcase_add_test(tc, test_every_prefix_of_valid_lines_becomes_an_event);
    tcase_add_test(tc, test_binary_garbage_never_fails);
    tcase_add_test(tc, test_one_megabyte_lines);
    tcase_add_test(tc, test_line_reader_cuts_long_lines_and_keeps_last_line);
    tcase_add_test(tc, test_loghub_linux_lines_match_structured_columns);
    tcase_add_test(tc, test_loghub_openssh_lines_match_structured_columns);
    tcase_add_test(tc, test_bare_pri_line_keeps_original_and_message);
    tcase_add_test(tc, test_cisco_ios_tag_stays_in_message_with_elastic_field_names);
    tcase_add_test(tc, test_esxi_and_journald_forwarding);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
