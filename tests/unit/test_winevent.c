/* Tests of parsers/winevent: rendered Windows event XML (streams with and without an <Events> root, damaged
 * records, entity tricks, every prefix of a record) and Winlogbeat JSON lines, which must land on the same
 * pw_event fields as the XML of the same record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/pw_time.h"
#include "parsers/winevent.h"
#include "pw_test.h"

#define EV_4624                                                                                                     \
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"                                  \
    "<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>"           \
    "<EventID>4624</EventID><Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode>"                \
    "<Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2025-07-08T12:34:56.1234567Z'/>"               \
    "<EventRecordID>319457771</EventRecordID><Correlation ActivityID='{AAAA}'/>"                                      \
    "<Execution ProcessID='612' ThreadID='2928'/><Channel>Security</Channel><Computer>dc01.corp.example</Computer>" \
    "<Security/></System><EventData><Data Name='SubjectUserSid'>S-1-5-18</Data>"                                    \
    "<Data Name='TargetUserName'>alice &amp; bob</Data><Data Name='LogonType'>3</Data><Data Name='Empty'/>"        \
    "<Data Name='dotted.name'>x</Data></EventData></Event>"

#define EV_7036                                                                                                     \
    "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\r\n  <System>\r\n"                      \
    "    <Provider Name=\"Service Control Manager\" Guid=\"{555908d1-a6d7-4695-8e1e-26931d2012f4}\" "               \
    "EventSourceName=\"Service Control Manager\"/>\r\n"                                                             \
    "    <EventID Qualifiers=\"16384\">7036</EventID>\r\n    <Level>4</Level>\r\n    <Task>0</Task>\r\n"               \
    "    <TimeCreated SystemTime=\"2025-07-08T12:00:00.000000000Z\"/>\r\n    <EventRecordID>42</EventRecordID>\r\n"   \
    "    <Execution ProcessID=\"700\" ThreadID=\"5\"/>\r\n    <Channel>System</Channel>\r\n"                            \
    "    <Computer>web1</Computer>\r\n    <Security UserID=\"S-1-5-18\"/>\r\n  </System>\r\n"                           \
    "  <EventData>\r\n    <Data>Windows Update</Data>\r\n    <Data>running</Data>\r\n"                                  \
    "    <Binary>770075006100750073007600</Binary>\r\n  </EventData>\r\n</Event>\r\n"

#define EV_USERDATA                                                                                                 \
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-" \
    "FailoverClustering'/><EventID>5120</EventID><Level>2</Level><TimeCreated SystemTime='2025-07-09T01:02:03Z'/>"   \
    "<EventRecordID>7</EventRecordID><Channel>System</Channel><Computer>node2</Computer></System>"                  \
    "<UserData><CsvEvent xmlns='urn:x'><VolumeName>Volume1</VolumeName><Inner><Code>0xc000020c</Code></Inner>"      \
    "</CsvEvent></UserData><RenderingInfo Culture='en-US'><Message>Cluster Shared Volume 'Volume1' is no longer "   \
    "available</Message><Level>Error</Level></RenderingInfo></Event>"

static pw_event ev;
static void setup(void) { pw_event_init(&ev); }
static void teardown(void) { pw_event_free(&ev); }

static void assert_str(const pw_event *e, const char *key, const char *want)
{
    size_t n;
    const char *got = pw_event_get_str(e, key, &n);
    if (!want) {
        ck_assert_msg(pw_event_find(e, key) == NULL, "%s should be absent", key);
        return;
    }
    ck_assert_msg(got != NULL, "%s missing", key);
    ck_assert_msg(n == strlen(want) && memcmp(got, want, n) == 0, "%s: got \"%.*s\" want \"%s\"", key, (int)n, got, want);
}

static void assert_int(const pw_event *e, const char *key, int64_t want)
{
    const pw_field *f = pw_event_find(e, key);
    ck_assert_msg(f && f->type == PW_VAL_INT, "%s missing or not an int", key);
    ck_assert_int_eq(f->num.i, want);
}

static void check_4624(const pw_event *e)
{
    int64_t t;
    pw_time_parse("2025-07-08T12:34:56.123456Z", 27, &t, NULL);
    ck_assert_int_eq(e->ts_us, t);
    assert_str(e, "event.code", "4624");
    assert_str(e, "winlog.event_id", "4624");
    assert_str(e, "event.provider", "Microsoft-Windows-Security-Auditing");
    assert_str(e, "winlog.provider_guid", "{54849625-5478-4994-A5BA-3E3B0328C30D}");
    assert_str(e, "winlog.channel", "Security");
    assert_str(e, "host.name", "dc01.corp.example");
    assert_str(e, "winlog.computer_name", "dc01.corp.example");
    assert_int(e, "winlog.record_id", 319457771);
    assert_int(e, "process.pid", 612);
    assert_int(e, "process.thread.id", 2928);
    assert_str(e, "log.level", "information");
    assert_str(e, "winlog.task", "12544");
    assert_str(e, "winlog.keywords", "0x8020000000000000");
    assert_str(e, "winlog.event_data.TargetUserName", "alice & bob");
    assert_str(e, "winlog.event_data.SubjectUserSid", "S-1-5-18");
    assert_str(e, "winlog.event_data.Empty", "");
    assert_str(e, "winlog.event_data.dotted_name", "x");
}

START_TEST(test_xml_record_fields)
{
    pw_error err;
    ck_assert_int_eq(pw_winevent_xml_parse_record(EV_4624, strlen(EV_4624), &ev, &err), 0);
    check_4624(&ev);
    assert_str(&ev, "event.module", "winevent");
    ck_assert_int_eq(pw_winevent_xml_parse_record(EV_7036, strlen(EV_7036), &ev, &err), 0);
    assert_str(&ev, "event.code", "7036");
    assert_str(&ev, "winlog.event_data.param1", "Windows Update");
    assert_str(&ev, "winlog.event_data.param2", "running");
    assert_str(&ev, "winlog.event_data.Binary", "770075006100750073007600");
    assert_str(&ev, "winlog.user.identifier", "S-1-5-18");
    assert_str(&ev, "log.level", "information");
    ck_assert_int_eq(pw_winevent_xml_parse_record(EV_USERDATA, strlen(EV_USERDATA), &ev, &err), 0);
    assert_str(&ev, "winlog.user_data.VolumeName", "Volume1");
    assert_str(&ev, "winlog.user_data.Inner.Code", "0xc000020c");
    assert_str(&ev, "message", "Cluster Shared Volume 'Volume1' is no longer available");
    assert_str(&ev, "log.level", "error");
}
END_TEST

static int read_all(const char *buf, size_t len, pw_event *out, int max)
{
    pw_error err;
    pw_winevent_xml *r = pw_winevent_xml_open_mem(buf, len, "test", &err);
    ck_assert(r != NULL);
    int n = 0, rc;
    while ((rc = pw_winevent_xml_next(r, n < max ? &out[n] : &ev, &err)) == 1) n++;
    ck_assert_int_eq(rc, 0);
    pw_winevent_xml_close(r);
    return n;
}

START_TEST(test_xml_streams_with_and_without_root_give_the_same_events)
{
    const char *bare = EV_4624 "\r\n" EV_7036 EV_USERDATA;
    const char *rooted = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n" EV_4624 EV_7036
                         "<!-- a comment with <Event inside -->" EV_USERDATA "</Events>\n";
    pw_event a[3], b[3];
    for (int i = 0; i < 3; i++) {
        pw_event_init(&a[i]);
        pw_event_init(&b[i]);
    }
    ck_assert_int_eq(read_all(bare, strlen(bare), a, 3), 3);
    ck_assert_int_eq(read_all(rooted, strlen(rooted), b, 3), 3);
    for (int i = 0; i < 3; i++) ck_assert(pw_event_equal(&a[i], &b[i]));
    check_4624(&a[0]);
    for (int i = 0; i < 3; i++) {
        pw_event_free(&a[i]);
        pw_event_free(&b[i]);
    }
}
END_TEST

START_TEST(test_xml_damaged_record_costs_only_itself)
{
    const char *s = EV_4624 "<Event><System><EventID>1</EventID></Sys></Event>" EV_7036
                            "<Event><System><EventID>2</EventID></System>&undefined;</Event>" EV_USERDATA
                            "<Event><System><EventID>3</EventID>";
    pw_event out[6];
    for (int i = 0; i < 6; i++) pw_event_init(&out[i]);
    ck_assert_int_eq(read_all(s, strlen(s), out, 6), 6);
    check_4624(&out[0]);
    ck_assert(pw_event_find(&out[1], "patchwatch.parse_error"));
    ck_assert(pw_event_get_str(&out[1], "event.original", NULL));
    assert_str(&out[2], "event.code", "7036");
    ck_assert(pw_event_find(&out[3], "patchwatch.parse_error"));
    assert_str(&out[4], "event.code", "5120");
    ck_assert(pw_event_find(&out[5], "patchwatch.parse_error")); /* cut off at the end */
    for (int i = 0; i < 6; i++) pw_event_free(&out[i]);
}
END_TEST

START_TEST(test_xml_entities_and_dtd_are_never_expanded)
{
    /* the DOCTYPE sits outside any <Event>, so it is never parsed; an entity used inside is undefined */
    const char *xxe = "<?xml version='1.0'?><!DOCTYPE Event [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>"
                      "<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
                      "<Event><System><EventID>1</EventID><Computer>&xxe;</Computer></System>"
                      "<EventData><Data Name='x'>&b;</Data></EventData></Event>";
    pw_event out[2];
    pw_event_init(&out[0]);
    pw_event_init(&out[1]);
    ck_assert_int_eq(read_all(xxe, strlen(xxe), out, 2), 1);
    ck_assert(pw_event_find(&out[0], "patchwatch.parse_error"));
    ck_assert(pw_event_get_str(&out[0], "host.name", NULL) == NULL);
    /* an inline DOCTYPE handed straight to the record parser is refused as well */
    pw_error err;
    const char *inl = "<!DOCTYPE Event [<!ENTITY e 'boom'>]><Event><System><Computer>&e;</Computer></System></Event>";
    ck_assert_int_eq(pw_winevent_xml_parse_record(inl, strlen(inl), &ev, &err), -1);
    ck_assert(pw_event_get_str(&ev, "host.name", NULL) == NULL);
    pw_event_free(&out[0]);
    pw_event_free(&out[1]);
}
END_TEST

START_TEST(test_xml_every_prefix_of_a_record)
{
    const char *s = EV_4624 EV_7036;
    size_t n = strlen(s);
    for (size_t i = 0; i <= n; i++) {
        char *p = malloc(i ? i : 1);
        memcpy(p, s, i);
        pw_error err;
        pw_winevent_xml *r = pw_winevent_xml_open_mem(p, i, "prefix", &err);
        int rc, k = 0;
        while ((rc = pw_winevent_xml_next(r, &ev, &err)) == 1) k++;
        ck_assert_int_eq(rc, 0);
        ck_assert_int_le(k, 2);
        if (i >= strlen(EV_4624) + 6) ck_assert_int_ge(k, 1); /* the whole first record plus "<Event" */
        pw_winevent_xml_close(r);
        (void)pw_winevent_xml_parse_record(p, i, &ev, &err);
        free(p);
    }
}
END_TEST

START_TEST(test_xml_oversized_record_is_one_error_event)
{
    size_t big = PW_WINEVENT_MAX_RECORD + 100;
    char *s = malloc(big + 4096);
    size_t n = (size_t)sprintf(s, "<Event><System><Computer>");
    memset(s + n, 'a', big);
    n += big;
    n += (size_t)sprintf(s + n, "</Computer></System></Event>" EV_USERDATA);
    pw_event out[3];
    for (int i = 0; i < 3; i++) pw_event_init(&out[i]);
    ck_assert_int_eq(read_all(s, n, out, 3), 2);
    ck_assert(pw_event_find(&out[0], "patchwatch.parse_error"));
    assert_str(&out[1], "event.code", "5120");
    for (int i = 0; i < 3; i++) pw_event_free(&out[i]);
    free(s);
}
END_TEST

/* UTF-8 text to UTF-16LE with a BOM (test data: ASCII and 4-byte sequences only). */
static size_t to_utf16(const char *u8, unsigned char *out)
{
    size_t o = 0;
    out[o++] = 0xFF;
    out[o++] = 0xFE;
    for (const unsigned char *p = (const unsigned char *)u8; *p;) {
        unsigned cp;
        if (*p < 0x80) {
            cp = *p++;
        } else { /* F0 9F 98 80 style */
            cp = (unsigned)(p[0] & 7) << 18 | (unsigned)(p[1] & 63) << 12 | (unsigned)(p[2] & 63) << 6 | (p[3] & 63);
            p += 4;
        }
        if (cp >= 0x10000) {
            unsigned v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            out[o++] = (unsigned char)hi;
            out[o++] = (unsigned char)(hi >> 8);
            out[o++] = (unsigned char)lo;
            out[o++] = (unsigned char)(lo >> 8);
        } else {
            out[o++] = (unsigned char)cp;
            out[o++] = (unsigned char)(cp >> 8);
        }
    }
    return o;
}

START_TEST(test_xml_utf16le_input_as_powershell_writes_it)
{
    const char *u8 = EV_4624 "<Event><System><EventID>1</EventID><Computer>h\xF0\x9F\x98\x80</Computer></System></Event>";
    unsigned char *u16 = malloc(strlen(u8) * 2 + 2);
    size_t n = to_utf16(u8, u16);
    pw_event out[2];
    pw_event_init(&out[0]);
    pw_event_init(&out[1]);
    ck_assert_int_eq(read_all((const char *)u16, n, out, 2), 2);
    check_4624(&out[0]);
    assert_str(&out[1], "host.name", "h\xF0\x9F\x98\x80");
    /* the same through a pipe fed 3 bytes at a time, so reads split code units and surrogate pairs */
    int pfd[2];
    ck_assert_int_eq(pipe(pfd), 0);
    pid_t child = fork();
    if (child == 0) {
        close(pfd[0]);
        for (size_t i = 0; i < n; i += 3) {
            if (write(pfd[1], u16 + i, n - i < 3 ? n - i : 3) < 0) _exit(1);
            usleep(20);
        }
        _exit(0);
    }
    close(pfd[1]);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", pfd[0]);
    pw_error err;
    pw_winevent_xml *r = pw_winevent_xml_open(path, &err);
    ck_assert(r != NULL);
    ck_assert_int_eq(pw_winevent_xml_next(r, &ev, &err), 1);
    check_4624(&ev);
    ck_assert_int_eq(pw_winevent_xml_next(r, &ev, &err), 1);
    assert_str(&ev, "host.name", "h\xF0\x9F\x98\x80");
    ck_assert_int_eq(pw_winevent_xml_next(r, &ev, &err), 0);
    pw_winevent_xml_close(r);
    close(pfd[0]);
    int status;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    free(u16);
    pw_event_free(&out[0]);
    pw_event_free(&out[1]);
}
END_TEST

/* ---- Winlogbeat JSON ---- */
static const char *const CONTRACT[] = {"event.code", "event.provider", "host.name", "winlog.channel", "log.level",
                                       "winlog.event_data.TargetUserName", "winlog.event_data.LogonType",
                                       "winlog.event_id", "winlog.computer_name"};

static void same_as_xml(const pw_event *j, const char *module)
{
    pw_error err;
    pw_event x;
    pw_event_init(&x);
    ck_assert_int_eq(pw_winevent_xml_parse_record(EV_4624, strlen(EV_4624), &x, &err), 0);
    ck_assert_int_eq(j->ts_us, x.ts_us);
    for (size_t i = 0; i < sizeof CONTRACT / sizeof CONTRACT[0]; i++) {
        size_t n;
        const char *v = pw_event_get_str(&x, CONTRACT[i], &n);
        char want[256];
        snprintf(want, sizeof want, "%.*s", (int)n, v);
        assert_str(j, CONTRACT[i], want);
    }
    assert_int(j, "winlog.record_id", 319457771);
    assert_int(j, "process.pid", 612);
    assert_int(j, "process.thread.id", 2928);
    assert_str(j, "event.module", module); /* the input's own module is kept */
    pw_event_free(&x);
}

START_TEST(test_json_winlogbeat_nested_and_dotted_match_the_xml)
{
    const char *nested =
        "{\"@timestamp\":\"2025-07-08T12:34:56.123Z\",\"host\":{\"name\":\"collector\"},"
        "\"event\":{\"code\":\"4624\",\"provider\":\"Microsoft-Windows-Security-Auditing\",\"module\":\"security\"},"
        "\"log\":{\"level\":\"information\"},\"winlog\":{\"channel\":\"Security\",\"computer_name\":\"dc01.corp.example\","
        "\"event_id\":\"4624\",\"record_id\":319457771,\"provider_name\":\"Microsoft-Windows-Security-Auditing\","
        "\"process\":{\"pid\":612,\"thread\":{\"id\":2928}},"
        "\"event_data\":{\"TargetUserName\":\"alice & bob\",\"LogonType\":\"3\"}},\"message\":\"An account was "
        "successfully logged on.\"}\n";
    /* older Winlogbeat: event_id a number, no event.code, record_id a string, level capitalised, dotted keys */
    const char *dotted =
        "{\"@timestamp\":\"2025-07-08T12:34:56.123Z\",\"winlog.channel\":\"Security\","
        "\"winlog.computer_name\":\"dc01.corp.example\",\"winlog.event_id\":4624,\"winlog.record_id\":\"319457771\","
        "\"winlog.provider_name\":\"Microsoft-Windows-Security-Auditing\",\"winlog.process.pid\":612,"
        "\"winlog.process.thread.id\":2928,\"log.level\":\"Information\","
        "\"winlog.event_data.TargetUserName\":\"alice & bob\",\"winlog.event_data.LogonType\":\"3\"}";
    pw_error err;
    /* Winlogbeat keeps milliseconds; compare against the XML record at the same precision */
    ck_assert_int_eq(pw_winevent_json_parse_line(nested, strlen(nested), &ev, &err), 0);
    ev.ts_us += 456;
    same_as_xml(&ev, "security");
    ck_assert_int_eq(pw_winevent_json_parse_line(dotted, strlen(dotted), &ev, &err), 0);
    ev.ts_us += 456;
    same_as_xml(&ev, "winevent");
}
END_TEST

START_TEST(test_json_bad_lines_become_parse_error_events)
{
    static const char *bad[] = {"{\"a\":", "not json", "[1,2]", "{\"@timestamp\":\"yesterday\"}", "\xff\xfe{}"};
    pw_error err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(pw_winevent_json_parse_line(bad[i], strlen(bad[i]), &ev, &err), 0);
        ck_assert(pw_event_find(&ev, "patchwatch.parse_error"));
        ck_assert(pw_event_get_str(&ev, "event.original", NULL));
    }
}
END_TEST

/* Writes text to a temporary file and returns its descriptor, positioned at the start. */
static int tmp_fd_with(const char *text, size_t len)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    fflush(f);
    int fd = dup(fileno(f));
    fclose(f);
    ck_assert_int_eq((int)lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

START_TEST(test_json_split_array_across_read_boundaries_and_layouts)
{
    /* a BOM, a pretty-printed array of 3000 objects (> 64 KiB, so objects straddle reads, one with a '}' and
     * an escaped quote inside a string), then NDJSON and an object spread over lines */
    pw_buf in = PW_BUF_INIT;
    pw_buf_puts(&in, "\xEF\xBB\xBF[\n");
    for (int i = 0; i < 3000; i++) {
        char one[160];
        snprintf(one, sizeof one, "  {\n    \"winlog\": {\"event_id\": \"%d\",\n \"event_data\": {\"S\": \"a}\\\"b[\"}}\n  }%s\n", i,
                 i < 2999 ? "," : "");
        pw_buf_puts(&in, one);
    }
    pw_buf_puts(&in, "]\n{\"winlog\":{\"event_id\":\"3000\"}}\n{\n \"winlog\":\n {\"event_id\": \"3001\"}\n}\n");
    int fd = tmp_fd_with(in.data, in.len);
    pw_winevent_json_split sp;
    pw_winevent_json_split_init(&sp, fd);
    const char *v;
    size_t len;
    pw_error err;
    int n = 0, r;
    while ((r = pw_winevent_json_split_next(&sp, &v, &len, &err)) == 1) {
        ck_assert_int_eq(pw_winevent_json_parse_line(v, len, &ev, &err), 0);
        ck_assert_msg(!pw_event_find(&ev, "patchwatch.parse_error"), "object %d: %.*s", n, (int)len, v);
        char want[16];
        snprintf(want, sizeof want, "%d", n);
        assert_str(&ev, "winlog.event_id", want);
        if (n < 3000) assert_str(&ev, "winlog.event_data.S", "a}\"b[");
        n++;
    }
    ck_assert_int_eq(r, 0);
    ck_assert_int_eq(n, 3002);
    pw_winevent_json_split_free(&sp);
    close(fd);
    /* an array that never closes: an error naming the byte and line */
    fd = tmp_fd_with("[{\"a\":1},\n{\"b\":2}\n", 18);
    pw_winevent_json_split_init(&sp, fd);
    while ((r = pw_winevent_json_split_next(&sp, &v, &len, &err)) == 1) {}
    ck_assert_int_eq(r, -1);
    ck_assert_msg(strstr(err.msg, "byte 18 (line 3)"), "%s", err.msg);
    pw_winevent_json_split_free(&sp);
    close(fd);
    pw_buf_free(&in);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("winevent");
    TCase *tc = tcase_create("winevent");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_xml_record_fields);
    tcase_add_test(tc, test_xml_streams_with_and_without_root_give_the_same_events);
    tcase_add_test(tc, test_xml_damaged_record_costs_only_itself);
    tcase_add_test(tc, test_xml_entities_and_dtd_are_never_expanded);
    tcase_add_test(tc, test_xml_every_prefix_of_a_record);
    tcase_add_test(tc, test_xml_oversized_record_is_one_error_event);
    tcase_add_test(tc, test_xml_utf16le_input_as_powershell_writes_it);
    tcase_add_test(tc, test_json_winlogbeat_nested_and_dotted_match_the_xml);
    tcase_add_test(tc, test_json_bad_lines_become_parse_error_events);
    tcase_add_test(tc, test_json_split_array_across_read_boundaries_and_layouts);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
