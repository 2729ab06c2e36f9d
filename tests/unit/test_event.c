/* test_event: the JSON codec of pw_event (core/pw_event.h), pw_time and pw_hash, pinned case by case.
 *
 * Each round-trip case is input JSON and its canonical text: decode(input) then encode must give the
 * canonical text, the canonical text must be a fixed point (encode(decode(canonical)) == canonical), and
 * decode(encode(e)) must equal e (pw_event_equal). Invalid inputs must fail with a message, never crash.
 * The hash values are pinned: they were computed from the documented algorithm (FNV-1a 64 + fmix64) by an
 * independent implementation, so a change to pw_hash that would re-number every signature fails here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_event.h"
#include "core/pw_hash.h"
#include "core/pw_time.h"
#include "pw_test.h"

typedef struct rt_case {
    const char *in;
    const char *canon; /* NULL: the input is already canonical */
} rt_case;

static const rt_case rt_cases[] = {
    /* shape and order */
    {"{}", NULL},
    {"{\"message\":\"hello\"}", NULL},
    {"{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}"},
    {"{\"a10\":1,\"a2\":2,\"a1\":3}", "{\"a1\":3,\"a10\":1,\"a2\":2}"},
    {"{\"host\":{\"name\":\"web1\"}}", NULL},
    {"{\"host.name\":\"web1\"}", "{\"host\":{\"name\":\"web1\"}}"},
    {"{\"winlog\":{\"event_id\":\"5120\"},\"winlog.channel\":\"System\"}",
     "{\"winlog\":{\"channel\":\"System\",\"event_id\":\"5120\"}}"},
    {"{\"a.b\":1,\"a\":{\"c\":2}}", "{\"a\":{\"b\":1,\"c\":2}}"},
    /* '.' sorts below every byte, so a's children stay together before "a-b" and "a0" */
    {"{\"a0\":1,\"a-b\":2,\"a\":{\"b\":3}}", "{\"a\":{\"b\":3},\"a-b\":2,\"a0\":1}"},
    {"{\"log\":{\"syslog\":{\"facility\":{\"code\":4}}},\"log.syslog.severity.code\":3,\"log.level\":\"err\"}",
     "{\"log\":{\"level\":\"err\",\"syslog\":{\"facility\":{\"code\":4},\"severity\":{\"code\":3}}}}"},
    /* a leaf and an object of the same name: the object's fields are written as dotted keys */
    {"{\"a\":1,\"a.b\":2}", NULL},
    {"{\"a.b\":2,\"a\":1}", "{\"a\":1,\"a.b\":2}"},
    {"{\"a\":{\"b\":1,\"b.c\":2,\"d\":3}}", NULL},
    {"{\"a\":{\"b\":1},\"a.b.c\":2}", "{\"a\":{\"b\":1,\"b.c\":2}}"},
    {"{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":\"deep\"}}}},\"a.b.x\":true}",
     "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":\"deep\"}},\"x\":true}}}"},
    /* @timestamp: first, UTC, six fraction digits */
    {"{\"@timestamp\":\"2025-07-08T12:34:56.123456Z\",\"message\":\"x\"}", NULL},
    {"{\"message\":\"x\",\"@timestamp\":\"2025-07-08T12:34:56Z\"}",
     "{\"@timestamp\":\"2025-07-08T12:34:56.000000Z\",\"message\":\"x\"}"},
    {"{\"@timestamp\":\"2025-07-08T14:34:56.5+02:00\"}", "{\"@timestamp\":\"2025-07-08T12:34:56.500000Z\"}"},
    {"{\"@timestamp\":\"2025-12-31T23:30:00-01:00\"}", "{\"@timestamp\":\"2026-01-01T00:30:00.000000Z\"}"},
    {"{\"@timestamp\":\"2025-07-08T05:34:56.123456789+05:30\"}", "{\"@timestamp\":\"2025-07-08T00:04:56.123456Z\"}"},
    {"{\"@timestamp\":\"2024-02-29t23:59:59.1z\"}", "{\"@timestamp\":\"2024-02-29T23:59:59.100000Z\"}"},
    {"{\"@timestamp\":\"2024-03-01 00:00:00.000001Z\"}", "{\"@timestamp\":\"2024-03-01T00:00:00.000001Z\"}"},
    {"{\"@timestamp\":\"2016-12-31T23:59:60Z\"}", "{\"@timestamp\":\"2016-12-31T23:59:59.000000Z\"}"},
    {"{\"@timestamp\":\"1970-01-01T00:00:00Z\"}", "{\"@timestamp\":\"1970-01-01T00:00:00.000000Z\"}"},
    {"{\"@timestamp\":\"1969-12-31T23:59:59.5Z\"}", "{\"@timestamp\":\"1969-12-31T23:59:59.500000Z\"}"},
    {"{\"@timestamp\":\"0001-01-01T00:00:00Z\"}", "{\"@timestamp\":\"0001-01-01T00:00:00.000000Z\"}"},
    {"{\"@timestamp\":\"9999-12-31T23:59:59.999999Z\"}", NULL},
    {"{\"@timestamp\":\"2000-02-29T12:00:00-00:00\"}", "{\"@timestamp\":\"2000-02-29T12:00:00.000000Z\"}"},
    /* "@timestamp" below the top level is an ordinary field */
    {"{\"a\":{\"@timestamp\":\"not a time\"}}", NULL},
    {"{\"@version\":\"1\",\"@timestamp\":\"2025-01-01T00:00:00Z\"}",
     "{\"@timestamp\":\"2025-01-01T00:00:00.000000Z\",\"@version\":\"1\"}"},
    /* numbers */
    {"{\"n\":0,\"neg\":-42,\"max\":9223372036854775807,\"min\":-9223372036854775808}",
     "{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"n\":0,\"neg\":-42}"},
    {"{\"d\":1.5}", NULL},
    {"{\"d\":0.1}", NULL},
    {"{\"d\":2.0}", NULL},
    {"{\"d\":-0.0}", NULL},
    {"{\"d\":1e300}", "{\"d\":1e+300}"},
    {"{\"d\":1.7976931348623157e308}", "{\"d\":1.7976931348623157e+308}"},
    {"{\"d\":5e-324}", "{\"d\":4.94065645841247e-324}"}, /* shortest text that reads back exactly */
    {"{\"d\":1E2}", "{\"d\":100.0}"},
    {"{\"d\":123456789.125}", NULL},
    {"{\"d\":0.30000000000000004}", NULL},
    {"{\"i\":-0}", "{\"i\":0}"},
    /* bool, null, arrays, empty containers: kept as compact JSON */
    {"{\"f\":false,\"n\":null,\"t\":true}", NULL},
    {"{\"tags\":[\"a\",\"b\"],\"x\":[1,2.5,{\"k\":\"v\",\"a\":[]}]}", NULL},
    {"{\"a\":[ 1 , 2 ]}", "{\"a\":[1,2]}"},
    {"{\"a\":{},\"b\":[]}", NULL},
    {"{\"a\":{\"b\":{}}}", NULL},
    {"{\"arr\":[\"\\u00e9\",\"\\n\"]}", "{\"arr\":[\"\xc3\xa9\",\"\\n\"]}"},
    /* strings: unicode */
    {"{\"m\":\"h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac \xe4\xb8\xad\xe6\x96\x87\"}", NULL},
    {"{\"m\":\"\\u00e9\\u20ac\"}", "{\"m\":\"\xc3\xa9\xe2\x82\xac\"}"},
    {"{\"m\":\"\xf0\x9f\x98\x80 \xf0\x9d\x84\x9e\"}", NULL},
    {"{\"m\":\"\\ud83d\\ude00\"}", "{\"m\":\"\xf0\x9f\x98\x80\"}"},
    {"{\"m\":\"e\\u0301\"}", "{\"m\":\"e\xcc\x81\"}"}, /* combining mark kept, not normalised */
    {"{\"m\":\"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xe2\x80\x8f!\"}", NULL},
    {"{\"m\":\"\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf\xef\xbf\xbd\"}", NULL}, /* U+2028/9, BOM, U+FFFD as data */
    {"{\"h\xc3\xb4te\":{\"n\xc3\xb6m\":\"x\"},\"\xe4\xb8\xad\":1}", NULL},
    {"{\"\\u0068ost\":{\"name\":\"a\"}}", "{\"host\":{\"name\":\"a\"}}"},
    /* strings: escapes and control characters */
    {"{\"m\":\"q \\\" b \\\\ s \\/ n \\n t \\t r \\r b \\b f \\f\"}",
     "{\"m\":\"q \\\" b \\\\ s / n \\n t \\t r \\r b \\b f \\f\"}"},
    {"{\"m\":\"\\u0001\\u001f\\u007f\\u0080\"}", "{\"m\":\"\\u0001\\u001f\x7f\xc2\x80\"}"},
    {"{\"m\":\"\"}", NULL},
    {"{\"m\":\" \"}", NULL},
    {"{\"a b\":{\"c\\\"d\":1}}", NULL},
    /* realistic: a Winlogbeat-style record, nested and partly dotted */
    {"{\"@timestamp\":\"2025-07-09T08:00:01.25Z\",\"event\":{\"code\":\"5120\",\"provider\":"
     "\"Microsoft-Windows-FailoverClustering\"},\"host.name\":\"node1\",\"winlog\":{\"channel\":\"System\","
     "\"event_data\":{\"VolumeName\":\"Volume1\",\"Status\":\"STATUS_IO_TIMEOUT(c00000b5)\"},"
     "\"record_id\":1234567,\"keywords\":[\"Classic\"]},\"log.level\":\"error\",\"patchwatch.parse_error\":false}",
     "{\"@timestamp\":\"2025-07-09T08:00:01.250000Z\",\"event\":{\"code\":\"5120\",\"provider\":"
     "\"Microsoft-Windows-FailoverClustering\"},\"host\":{\"name\":\"node1\"},\"log\":{\"level\":\"error\"},"
     "\"patchwatch\":{\"parse_error\":false},\"winlog\":{\"channel\":\"System\",\"event_data\":{\"Status\":"
     "\"STATUS_IO_TIMEOUT(c00000b5)\",\"VolumeName\":\"Volume1\"},\"keywords\":[\"Classic\"],"
     "\"record_id\":1234567}}"},
};

static void check_round_trip(const rt_case *c)
{
    const char *canon = c->canon ? c->canon : c->in;
    pw_event ev, ev2;
    pw_event_init(&ev);
    pw_event_init(&ev2);
    pw_buf out = PW_BUF_INIT, out2 = PW_BUF_INIT;
    pw_error err = {0};
    ck_assert_msg(pw_event_from_json(&ev, c->in, strlen(c->in), &err) == 0, "decode %s: %s", c->in, err.msg);
    ck_assert_int_eq(pw_event_to_json(&ev, &out, &err), 0);
    ck_assert_msg(strcmp(out.data, canon) == 0, "\n  input     %s\n  encoded   %s\n  canonical %s", c->in, out.data,
                  canon);
    ck_assert_msg(pw_event_from_json(&ev2, out.data, out.len, &err) == 0, "re-decode %s: %s", out.data, err.msg);
    ck_assert_msg(pw_event_equal(&ev, &ev2), "decode(encode(e)) != e for %s", c->in);
    ck_assert_int_eq(pw_event_to_json(&ev2, &out2, &err), 0);
    ck_assert_str_eq(out2.data, canon);
    /* the jansson path agrees with the text path */
    json_t *j = pw_event_to_jansson(&ev, &err);
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(pw_event_from_jansson(&ev2, j, &err), 0);
    ck_assert(pw_event_equal(&ev, &ev2));
    json_decref(j);
    /* a copy is equal and encodes the same */
    ck_assert_int_eq(pw_event_copy(&ev2, &ev, &err), 0);
    ck_assert(pw_event_equal(&ev, &ev2));
    pw_buf_reset(&out2);
    ck_assert_int_eq(pw_event_to_json(&ev2, &out2, &err), 0);
    ck_assert_str_eq(out2.data, canon);
    pw_buf_free(&out);
    pw_buf_free(&out2);
    pw_event_free(&ev);
    pw_event_free(&ev2);
}

START_TEST(test_json_round_trip_cases)
{
    check_round_trip(&rt_cases[_i]);
}
END_TEST

/* ---- nested and dotted spellings decode to the same event -------------------------------------------------- */

static const char *const same_event[][3] = {
    {"{\"host\":{\"name\":\"web1\"}}", "{\"host.name\":\"web1\"}", NULL},
    {"{\"winlog\":{\"event_data\":{\"Name\":\"x\",\"Id\":7}}}", "{\"winlog.event_data.Name\":\"x\",\"winlog.event_data.Id\":7}",
     "{\"winlog\":{\"event_data.Name\":\"x\"},\"winlog.event_data\":{\"Id\":7}}"},
    {"{\"a\":{\"b\":{\"c\":[1]}}}", "{\"a.b.c\":[1]}", "{\"a.b\":{\"c\":[1]}}"},
    {"{\"log\":{\"syslog\":{\"severity\":{\"code\":3,\"name\":\"err\"}}}}",
     "{\"log.syslog.severity.name\":\"err\",\"log.syslog.severity.code\":3}",
     "{\"log\":{\"syslog.severity\":{\"name\":\"err\"}},\"log.syslog\":{\"severity.code\":3}}"},
    {"{\"@timestamp\":\"2025-07-08T12:00:00Z\",\"x\":1}", "{\"x\":1,\"@timestamp\":\"2025-07-08T13:00:00+01:00\"}",
     "{\"@timestamp\":\"2025-07-08T12:00:00.000000000z\",\"x\":1}"},
};

START_TEST(test_nested_and_dotted_inputs_decode_to_the_same_event)
{
    pw_event a, b;
    pw_event_init(&a);
    pw_event_init(&b);
    pw_error err = {0};
    const char *const *row = same_event[_i];
    ck_assert_msg(pw_event_from_json(&a, row[0], strlen(row[0]), &err) == 0, "%s", err.msg);
    for (int k = 1; k < 3 && row[k]; k++) {
        ck_assert_msg(pw_event_from_json(&b, row[k], strlen(row[k]), &err) == 0, "%s: %s", row[k], err.msg);
        ck_assert_msg(pw_event_equal(&a, &b), "%s and %s decode differently", row[0], row[k]);
    }
    pw_event_free(&a);
    pw_event_free(&b);
}
END_TEST

/* ---- invalid input ------------------------------------------------------------------------------------------ */

typedef struct bad_case {
    const char *in;
    size_t len;         /* 0: strlen */
    const char *needle; /* a word the error message must contain */
} bad_case;

static const bad_case bad_cases[] = {
    {"{\"m\":\"a\\u0000b\"}", 0, "NUL"},
    {"{\"m\\u0000\":\"x\"}", 0, "NUL"},
    {"{\"m\":\"\xff\"}", 0, "decode byte"},
    {"{\"m\":\"\xc0\xaf\"}", 0, "decode byte"},         /* overlong '/' */
    {"{\"m\":\"\xed\xa0\x80\"}", 0, "decode byte"},     /* encoded surrogate */
    {"{\"m\":\"\xe2\x82\"}", 0, "decode byte"},         /* truncated sequence */
    {"{\"m\":\"\xf4\x90\x80\x80\"}", 0, "decode byte"}, /* above U+10FFFF */
    {"{\"m\":\"\\ud800\"}", 0, "invalid JSON"},    /* lone surrogate escape */
    {"{\"m\":\"\\udc00\\ud800\"}", 0, "invalid JSON"},
    {"{\"a\":", 0, "invalid JSON"},
    {"{\"a\":\"b\"", 0, "invalid JSON"},
    {"{\"a\":\"b", 0, "invalid JSON"},
    {"", 0, "invalid JSON"},
    {"   ", 0, "invalid JSON"},
    {"{} x", 0, "invalid JSON"},
    {"{\"a\":1,}", 0, "invalid JSON"},
    {"{'a':1}", 0, "invalid JSON"},
    {"{\"a\":NaN}", 0, "invalid JSON"},
    {"{\"a\":1e999}", 0, "invalid JSON"},
    {"{\"a\":9223372036854775808}", 0, "invalid JSON"},
    {"{\"a\":\"\t\"}", 0, "invalid JSON"}, /* raw control character in a string */
    {"[]", 0, "not a JSON object"},
    {"[{\"a\":1}]", 0, "not a JSON object"},
    {"\"x\"", 0, "expected"},
    {"1", 0, "expected"},
    {"null", 0, "expected"},
    {"{\"a\":1,\"a\":2}", 0, "duplicate"},
    {"{\"a\":{\"b\":1},\"a.b\":2}", 0, "a.b"},      /* the same field spelt twice */
    {"{\"a.b\":1,\"a\":{\"b\":[2]}}", 0, "a.b"},
    {"{\"\":1}", 0, "empty"},
    {"{\"a\":{\"\":1}}", 0, "empty"},
    {"{\"a..b\":1}", 0, "empty path segment"},
    {"{\".a\":1}", 0, "empty path segment"},
    {"{\"a.\":1}", 0, "empty path segment"},
    {"{\"@timestamp\":\"2025-02-29T00:00:00Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"1900-02-29T00:00:00Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-13-01T00:00:00Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-04-31T00:00:00Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T24:00:00Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:60:00Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:61Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:56\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:56.Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:56.1234567890Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:56+2:00\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:56+24:00\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:56+0200\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-07-08T12:34:56Zjunk\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"2025-7-8T12:34:56Z\"}", 0, "@timestamp"},
    {"{\"@timestamp\":\"\"}", 0, "@timestamp"},
    {"{\"@timestamp\":1751977696}", 0, "@timestamp"},
    {"{\"@timestamp\":null}", 0, "@timestamp"},
    {"{\"@timestamp\":\"0000-01-01T00:00:00+01:00\"}", 0, "@timestamp"}, /* before year 0000 in UTC */
    {"{\"@timestamp.x\":true}", 0, "reserved"}, /* found by fuzz_event_json: would encode as an object */
    {"{\"@timestamp\":{\"x\":1}}", 0, "@timestamp"},
};

START_TEST(test_invalid_json_is_rejected_with_a_message)
{
    const bad_case *c = &bad_cases[_i];
    pw_event ev;
    pw_event_init(&ev);
    pw_event_set_cstr(&ev, "stale", "from before", NULL);
    pw_error err = {0};
    size_t len = c->len ? c->len : strlen(c->in);
    ck_assert_msg(pw_event_from_json(&ev, c->in, len, &err) == -1, "accepted: %s", c->in);
    ck_assert_msg(strstr(err.msg, c->needle) != NULL, "%s: message \"%s\" lacks \"%s\"", c->in, err.msg, c->needle);
    ck_assert_msg(ev.nfields == 0 && ev.ts_us == PW_TS_NONE, "%s: a failed decode left %zu fields", c->in,
                  ev.nfields);
    pw_event_free(&ev);
}
END_TEST

START_TEST(test_too_deep_nesting_is_rejected)
{
    pw_buf b = PW_BUF_INIT;
    pw_event ev;
    pw_event_init(&ev);
    pw_error err = {0};
    /* PW_EVENT_MAX_DEPTH levels are fine */
    for (int i = 0; i < PW_EVENT_MAX_DEPTH - 1; i++) pw_buf_puts(&b, "{\"k\":");
    pw_buf_puts(&b, "{\"leaf\":1");
    for (int i = 0; i < PW_EVENT_MAX_DEPTH; i++) pw_buf_putc(&b, '}');
    ck_assert_msg(pw_event_from_json(&ev, b.data, b.len, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(ev.nfields, 1);
    pw_buf out = PW_BUF_INIT;
    ck_assert_int_eq(pw_event_to_json(&ev, &out, &err), 0);
    ck_assert_str_eq(out.data, b.data);
    /* one more is not */
    pw_buf_reset(&b);
    for (int i = 0; i < PW_EVENT_MAX_DEPTH + 1; i++) pw_buf_puts(&b, "{\"k\":");
    pw_buf_puts(&b, "1");
    for (int i = 0; i < PW_EVENT_MAX_DEPTH + 1; i++) pw_buf_putc(&b, '}');
    ck_assert_int_eq(pw_event_from_json(&ev, b.data, b.len, &err), -1);
    ck_assert_msg(strstr(err.msg, "deeper") != NULL, "%s", err.msg);
    /* very deep (jansson's own limit) fails cleanly too */
    pw_buf_reset(&b);
    for (int i = 0; i < 100000; i++) pw_buf_putc(&b, '[');
    ck_assert_int_eq(pw_event_from_json(&ev, b.data, b.len, &err), -1);
    /* a dotted key deeper than the limit */
    pw_buf_reset(&b);
    pw_buf_puts(&b, "{\"a");
    for (int i = 0; i < PW_EVENT_MAX_DEPTH; i++) pw_buf_puts(&b, ".a");
    pw_buf_puts(&b, "\":1}");
    ck_assert_int_eq(pw_event_from_json(&ev, b.data, b.len, &err), -1);
    pw_buf_free(&b);
    pw_buf_free(&out);
    pw_event_free(&ev);
}
END_TEST

/* A nested path of exactly 1024 bytes decodes, and so does its dotted form the encoder writes (the dot is
 * counted only between parts); 1025 bytes is refused either way. Found by fuzz_event_json. */
START_TEST(test_longest_key_path_round_trips)
{
    pw_event ev, ev2;
    pw_event_init(&ev);
    pw_event_init(&ev2);
    pw_error err = {0};
    char a[600], b[600], json[1400];
    for (int extra = 0; extra <= 1; extra++) {
        memset(a, 'a', 511), a[511] = '\0';          /* 511 + '.' + 512 = 1024 bytes of path */
        memset(b, 'b', 512 + extra), b[512 + extra] = '\0';
        snprintf(json, sizeof json, "{\"%s\":{\"%s\":1}}", a, b);
        int rc = pw_event_from_json(&ev, json, strlen(json), &err);
        if (extra) {
            ck_assert_int_eq(rc, -1);
            continue;
        }
        ck_assert_msg(rc == 0, "%s", err.msg);
        pw_buf out = PW_BUF_INIT;
        ck_assert_int_eq(pw_event_to_json(&ev, &out, &err), 0);
        ck_assert_msg(pw_event_from_json(&ev2, out.data, out.len, &err) == 0, "%s", err.msg);
        ck_assert(pw_event_equal(&ev, &ev2));
        snprintf(json, sizeof json, "{\"%s.%s\":1}", a, b); /* the dotted form, 1024 bytes in one key */
        ck_assert_msg(pw_event_from_json(&ev2, json, strlen(json), &err) == 0, "%s", err.msg);
        pw_buf_free(&out);
    }
    pw_event_free(&ev);
    pw_event_free(&ev2);
}
END_TEST

START_TEST(test_too_many_fields_is_rejected)
{
    pw_buf b = PW_BUF_INIT;
    pw_event ev;
    pw_event_init(&ev);
    pw_error err = {0};
    pw_buf_putc(&b, '{');
    for (int i = 0; i < PW_EVENT_MAX_FIELDS; i++) pw_buf_printf(&b, "%s\"f%d\":%d", i ? "," : "", i, i);
    pw_buf_putc(&b, '}');
    ck_assert_msg(pw_event_from_json(&ev, b.data, b.len, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(ev.nfields, PW_EVENT_MAX_FIELDS);
    pw_buf out = PW_BUF_INIT;
    ck_assert_int_eq(pw_event_to_json(&ev, &out, &err), 0); /* > 128 fields: the sort takes the heap path */
    pw_event ev2;
    pw_event_init(&ev2);
    ck_assert_int_eq(pw_event_from_json(&ev2, out.data, out.len, &err), 0);
    ck_assert(pw_event_equal(&ev, &ev2));
    b.len--;
    pw_buf_printf(&b, ",\"one_more\":1}");
    ck_assert_int_eq(pw_event_from_json(&ev, b.data, b.len, &err), -1);
    ck_assert_msg(strstr(err.msg, "fields") != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_event_set_int(&ev2, "one_more", 1, &err), -1);
    ck_assert_int_eq(err.code, PW_ERR_LIMIT);
    pw_buf_free(&b);
    pw_buf_free(&out);
    pw_event_free(&ev);
    pw_event_free(&ev2);
}
END_TEST

START_TEST(test_overlong_key_is_rejected)
{
    pw_buf b = PW_BUF_INIT;
    pw_event ev;
    pw_event_init(&ev);
    pw_error err = {0};
    pw_buf_puts(&b, "{\"");
    for (int i = 0; i < 2000; i++) pw_buf_putc(&b, 'k');
    pw_buf_puts(&b, "\":1}");
    ck_assert_int_eq(pw_event_from_json(&ev, b.data, b.len, &err), -1);
    ck_assert_int_eq(err.code, PW_ERR_LIMIT);
    pw_buf_free(&b);
    pw_event_free(&ev);
}
END_TEST

/* ---- the setters keep the invariants ------------------------------------------------------------------------ */

START_TEST(test_setters_refuse_nul_invalid_utf8_and_bad_keys)
{
    pw_event ev;
    pw_event_init(&ev);
    pw_error err = {0};
    ck_assert_int_eq(pw_event_set_str(&ev, "m", "a\0b", 3, &err), -1);
    ck_assert_msg(strstr(err.msg, "NUL") != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_event_set_str(&ev, "m", "\xff", 1, &err), -1);
    ck_assert_msg(strstr(err.msg, "UTF-8") != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_event_set_cstr(&ev, "", "x", &err), -1);
    ck_assert_int_eq(pw_event_set_cstr(&ev, "a..b", "x", &err), -1);
    ck_assert_int_eq(pw_event_set_cstr(&ev, "@timestamp", "x", &err), -1);
    ck_assert_int_eq(pw_event_set_cstr(&ev, "k\xff", "x", &err), -1);
    ck_assert_int_eq(pw_event_set_double(&ev, "d", NAN, &err), -1);
    ck_assert_int_eq(pw_event_set_double(&ev, "d", INFINITY, &err), -1);
    ck_assert_int_eq(ev.nfields, 0);
    /* the lossy setter repairs instead */
    ck_assert_int_eq(pw_event_set_str_lossy(&ev, "m", "a\0b\xff", 4, &err), 0);
    size_t len;
    const char *v = pw_event_get_str(&ev, "m", &len);
    ck_assert_uint_eq(len, 8);
    ck_assert_int_eq(memcmp(v, "a\xef\xbf\xbd" "b\xef\xbf\xbd", 8), 0);
    pw_event_free(&ev);
}
END_TEST

START_TEST(test_set_replaces_and_getters_read_back)
{
    pw_event ev;
    pw_event_init(&ev);
    pw_error err = {0};
    ck_assert_int_eq(pw_event_set_cstr(&ev, "event.code", "5120", &err), 0);
    ck_assert_int_eq(pw_event_set_int(&ev, "winlog.record_id", 42, &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(&ev, "event.code", "5121", &err), 0); /* replace, not add */
    ck_assert_int_eq(ev.nfields, 2);
    int64_t i;
    ck_assert_int_eq(pw_event_get_int(&ev, "event.code", &i), 0); /* Winlogbeat's string ids read as ints */
    ck_assert_int_eq(i, 5121);
    ck_assert_int_eq(pw_event_get_int(&ev, "winlog.record_id", &i), 0);
    ck_assert_int_eq(i, 42);
    ck_assert_ptr_null(pw_event_get_str(&ev, "winlog.record_id", NULL));
    ck_assert_int_eq(pw_event_set_cstr(&ev, "x", "12abc", &err), 0);
    ck_assert_int_eq(pw_event_get_int(&ev, "x", &i), -1);
    ck_assert_int_eq(pw_event_remove(&ev, "x"), 0);
    ck_assert_int_eq(pw_event_remove(&ev, "x"), -1);
    json_t *arr = json_pack("[i,s]", 1, "a");
    ck_assert_int_eq(pw_event_set_jansson(&ev, "arr", arr, &err), 0);
    json_decref(arr);
    pw_buf out = PW_BUF_INIT;
    pw_event_set_time(&ev, 1751977696123456);
    ck_assert_int_eq(pw_event_to_json(&ev, &out, &err), 0);
    ck_assert_str_eq(out.data, "{\"@timestamp\":\"2025-07-08T12:28:16.123456Z\",\"arr\":[1,\"a\"],\"event\":{\"code\":"
                               "\"5121\"},\"winlog\":{\"record_id\":42}}");
    /* reset keeps memory and empties */
    pw_event_reset(&ev);
    ck_assert_int_eq(ev.nfields, 0);
    pw_buf_reset(&out);
    ck_assert_int_eq(pw_event_to_json(&ev, &out, &err), 0);
    ck_assert_str_eq(out.data, "{}");
    pw_buf_free(&out);
    pw_event_free(&ev);
}
END_TEST

START_TEST(test_equal_is_order_independent_and_type_sensitive)
{
    pw_event a, b;
    pw_event_init(&a);
    pw_event_init(&b);
    pw_error err = {0};
    pw_event_set_cstr(&a, "x", "1", &err);
    pw_event_set_int(&a, "y", 2, &err);
    pw_event_set_int(&b, "y", 2, &err);
    pw_event_set_cstr(&b, "x", "1", &err);
    ck_assert(pw_event_equal(&a, &b));
    pw_event_set_int(&b, "x", 1, &err); /* "1" vs 1 */
    ck_assert(!pw_event_equal(&a, &b));
    pw_event_set_cstr(&b, "x", "1", &err);
    pw_event_set_time(&b, 0);
    ck_assert(!pw_event_equal(&a, &b));
    pw_event_free(&a);
    pw_event_free(&b);
}
END_TEST

/* ---- pw_time --------------------------------------------------------------------------------------------- */

static int64_t parse_ok(const char *s)
{
    int64_t us;
    pw_error err = {0};
    ck_assert_msg(pw_time_parse(s, strlen(s), &us, &err) == 0, "%s: %s", s, err.msg);
    return us;
}

static void format_is(int64_t us, const char *want)
{
    char buf[PW_RFC3339_MAX];
    size_t n = pw_time_format(us, buf);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert_str_eq(buf, want);
}

START_TEST(test_time_parse_and_format_edges)
{
    ck_assert_int_eq(parse_ok("1970-01-01T00:00:00Z"), 0);
    ck_assert_int_eq(parse_ok("1970-01-01T00:00:00.000001Z"), 1);
    ck_assert_int_eq(parse_ok("1969-12-31T23:59:59.999999Z"), -1);
    ck_assert_int_eq(parse_ok("2025-07-08T12:34:56Z"), INT64_C(1751978096000000));
    ck_assert_int_eq(parse_ok("2025-07-08T14:34:56+02:00"), INT64_C(1751978096000000));
    ck_assert_int_eq(parse_ok("2025-07-08T07:04:56-05:30"), INT64_C(1751978096000000));
    ck_assert_int_eq(parse_ok("2038-01-19T03:14:08Z"), INT64_C(2147483648000000)); /* past 32-bit time_t */
    ck_assert_int_eq(parse_ok("2000-03-01T00:00:00Z") - parse_ok("2000-02-28T00:00:00Z"), INT64_C(2) * 86400000000);
    ck_assert_int_eq(parse_ok("2100-03-01T00:00:00Z") - parse_ok("2100-02-28T00:00:00Z"), INT64_C(86400000000));
    ck_assert_int_eq(parse_ok("2024-12-31T00:00:00Z") - parse_ok("2024-01-01T00:00:00Z"), INT64_C(365) * 86400000000);

    format_is(0, "1970-01-01T00:00:00.000000Z");
    format_is(-1, "1969-12-31T23:59:59.999999Z");
    format_is(-1000000, "1969-12-31T23:59:59.000000Z");
    format_is(-86400000000, "1969-12-31T00:00:00.000000Z");
    format_is(INT64_C(951782400000000), "2000-02-29T00:00:00.000000Z");
    format_is(INT64_C(4107456000000000), "2100-02-28T00:00:00.000000Z");
    format_is(INT64_C(4107542400000000), "2100-03-01T00:00:00.000000Z");
    /* outside RFC 3339's four-digit years: clamped to the ends of the range, never garbage or overflow */
    format_is(INT64_MAX, "9999-12-31T23:59:59.999999Z");
    format_is(INT64_MIN, "0000-01-01T00:00:00.000000Z");
    format_is(INT64_MIN + 1, "0000-01-01T00:00:00.000000Z");

    /* every day of a leap and a common year round-trips through format and parse */
    for (int64_t day = pw_time_days_from_civil(2023, 1, 1); day < pw_time_days_from_civil(2025, 1, 1); day++) {
        int64_t us = day * 86400000000 + 43200123456;
        char buf[PW_RFC3339_MAX];
        size_t n = pw_time_format(us, buf);
        int64_t back;
        if (pw_time_parse(buf, n, &back, NULL) != 0 || back != us) ck_abort_msg("%s does not round-trip", buf);
    }
    ck_assert_int_eq(pw_time_days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(pw_time_days_from_civil(2000, 3, 1), 11017);
    ck_assert_int_eq(pw_time_days_from_civil(1, 1, 1), -719162);
    /* FILETIME: 1601 epoch, 100 ns units */
    ck_assert_int_eq(pw_time_from_filetime(UINT64_C(116444736000000000)), 0);
    ck_assert_int_eq(pw_time_from_filetime(UINT64_C(133964544001234567)), INT64_C(1751980800123456));
    /* clocks move forward */
    int64_t m0 = pw_time_mono_us(), w0 = pw_time_now_us();
    ck_assert_int_ge(pw_time_mono_us(), m0);
    ck_assert_int_gt(w0, INT64_C(1700000000000000));
}
END_TEST

START_TEST(test_time_parse_rejects_with_the_text)
{
    static const char *const bad[] = {"", "2025", "2025-07-08T12:34", "2025-07-08T12:34:56", "2025-07-08X12:34:56Z",
                                      "2025-07-08T12:34:56 Z", "2025-00-08T12:34:56Z", "2025-07-00T12:34:56Z",
                                      "2025-06-31T12:34:56Z", "2023-02-29T12:34:56Z", "2025-07-08T12:34:56.Z",
                                      "2025-07-08T12:34:56+01", "2025-07-08T12:34:56+01:60", "+2025-07-08T12:34:56Z",
                                      "2025-07-08T12:34:56.123456789012Z", "1e10", "2025-07-08T12:34:56ZZ"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t us = 777;
        pw_error err = {0};
        ck_assert_msg(pw_time_parse(bad[i], strlen(bad[i]), &us, &err) == -1, "accepted \"%s\"", bad[i]);
        ck_assert_msg(strstr(err.msg, "RFC 3339") != NULL, "%s", err.msg);
        ck_assert_int_eq(us, 777);
    }
    /* length is honoured: no reading past it */
    int64_t us;
    ck_assert_int_eq(pw_time_parse("2025-07-08T12:34:56Zgarbage", 20, &us, NULL), 0);
    ck_assert_int_eq(pw_time_parse("2025-07-08T12:34:56Z", 19, &us, NULL), -1);
}
END_TEST

/* ---- pw_hash: pinned values ------------------------------------------------------------------------------- */

START_TEST(test_hash_values_are_pinned)
{
    static const struct {
        const char *in;
        uint64_t h;
    } pinned[] = {
        {"", UINT64_C(0xefd01f60ba992926)},
        {"a", UINT64_C(0x82a2a958a9bece5b)},
        {"foobar", UINT64_C(0x2c22194922d1672b)},
        {"Microsoft-Windows-FailoverClustering|5120|Cluster Shared Volume <*> is no longer available",
         UINT64_C(0x956e905953dbd68d)},
        {"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", UINT64_C(0xb7b4d1f0a0a29182)},
    };
    for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++) {
        ck_assert_msg(pw_hash64(pinned[i].in, strlen(pinned[i].in)) == pinned[i].h, "hash of \"%s\" changed",
                      pinned[i].in);
    }
    /* the un-finalised state is plain FNV-1a 64 (published test vectors) */
    ck_assert_uint_eq(pw_hash_update(PW_HASH_INIT, "a", 1), UINT64_C(0xaf63dc4c8601ec8c));
    ck_assert_uint_eq(pw_hash_update(PW_HASH_INIT, "foobar", 6), UINT64_C(0x85944171f73967e8));
    /* incremental == one shot */
    uint64_t h = pw_hash_update(PW_HASH_INIT, "foo", 3);
    ck_assert_uint_eq(pw_hash_final(pw_hash_update(h, "bar", 3)), pw_hash64("foobar", 6));
    /* fields are separated */
    const char *f1[] = {"ab", "c"}, *f2[] = {"a", "bc"};
    const size_t l1[] = {2, 1}, l2[] = {1, 2};
    ck_assert_uint_eq(pw_hash_fields(f1, l1, 2), UINT64_C(0xc9fa8737f6c3e68d));
    ck_assert_uint_eq(pw_hash_fields(f2, l2, 2), UINT64_C(0xef3352e277284557));
    ck_assert_uint_eq(pw_hash_fields(NULL, NULL, 0), UINT64_C(0xefd01f60ba992926));
    const char *f3[] = {"Microsoft-Windows-FailoverClustering", "5120",
                        "Cluster Shared Volume <*> is no longer available"};
    const size_t l3[] = {strlen(f3[0]), strlen(f3[1]), strlen(f3[2])};
    ck_assert_uint_eq(pw_hash_fields(f3, l3, 3), UINT64_C(0xd98215992f39c7e2));
    char hex[17];
    pw_hash_hex(UINT64_C(0x00000000000000ff), hex);
    ck_assert_str_eq(hex, "00000000000000ff");
    pw_hash_hex(UINT64_C(0xd98215992f39c7e2), hex);
    ck_assert_str_eq(hex, "d98215992f39c7e2");
}
END_TEST

/* The EVTX fast path: same event as set_str, keys still checked, an existing key replaced without the flag,
 * and a key given by length need not be NUL-terminated. */
START_TEST(test_set_str_trusted_matches_set_str)
{
    pw_event a, b;
    pw_error err = {0};
    pw_event_init(&a);
    pw_event_init(&b);
    ck_assert_int_eq(pw_event_set_cstr(&a, "winlog.event_data.Name", "h\xc3\xa9", &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(&a, "host.name", "web2", &err), 0);
    const char keybuf[] = "winlog.event_data.NameXXXX"; /* only the first 22 bytes are the key */
    ck_assert_int_eq(pw_event_set_str_trusted(&b, keybuf, 22, "h\xc3\xa9", 3, PW_EVENT_NEW_KEY, &err), 0);
    ck_assert_int_eq(pw_event_set_str_trusted(&b, "host.name", 9, "web1", 4, PW_EVENT_NEW_KEY, &err), 0);
    ck_assert_int_eq(pw_event_set_str_trusted(&b, "host.name", 9, "web2", 4, 0, &err), 0); /* replaces */
    ck_assert(pw_event_equal(&a, &b));
    ck_assert_int_eq(pw_event_set_str_trusted(&b, "bad..key", 8, "x", 1, PW_EVENT_NEW_KEY, &err), -1);
    ck_assert_int_eq(pw_event_set_str_trusted(&b, "@timestamp", 10, "x", 1, 0, &err), -1);
    pw_event_free(&a);
    pw_event_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("event");
    TCase *tc = tcase_create("json");
    tcase_add_loop_test(tc, test_json_round_trip_cases, 0, (int)(sizeof rt_cases / sizeof rt_cases[0]));
    tcase_add_loop_test(tc, test_nested_and_dotted_inputs_decode_to_the_same_event, 0,
                        (int)(sizeof same_event / sizeof same_event[0]));
    tcase_add_loop_test(tc, test_invalid_json_is_rejected_with_a_message, 0,
                        (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, test_too_deep_nesting_is_rejected);
    tcase_add_test(tc, test_longest_key_path_round_trips);
    tcase_add_test(tc, test_too_many_fields_is_rejected);
    tcase_add_test(tc, test_overlong_key_is_rejected);
    tcase_add_test(tc, test_setters_refuse_nul_invalid_utf8_and_bad_keys);
    tcase_add_test(tc, test_set_replaces_and_getters_read_back);
    tcase_add_test(tc, test_equal_is_order_independent_and_type_sensitive);
    tcase_add_test(tc, test_set_str_trusted_matches_set_str);
    suite_add_tcase(s, tc);
    TCase *tt = tcase_create("time_hash");
    tcase_add_test(tt, test_time_parse_and_format_edges);
    tcase_add_test(tt, test_time_parse_rejects_with_the_text);
    tcase_add_test(tt, test_hash_values_are_pinned);
    suite_add_tcase(s, tt);
    return pw_test_run(s);
}

