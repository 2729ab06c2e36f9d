/* Tests of configuration validation (core/pw_config.h): every error names file:line:key, all errors are
 * reported, defaults and paths are filled in, and the typed getters read the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_config.h"
#include "pw_test.h"
#include "rules/rule_schema.h"

/* Validates text as a config named "c.yaml" and returns everything pw_config_check would print. */
static int check_text(const char *text, char *out, size_t size)
{
    char dir[] = "/tmp/pw_config_XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/c.yaml", dir);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    FILE *rep = fmemopen(out, size, "w");
    ck_assert_ptr_nonnull(rep);
    int n = pw_config_check(path, rep);
    fclose(rep);
    /* report lines start with the path; make them read "c.yaml:LINE: ..." for the assertions */
    size_t plen = strlen(dir) + 1;
    char *p;
    while ((p = strstr(out, dir))) memmove(p, p + plen, strlen(p + plen) + 1);
    unlink(path);
    rmdir(dir);
    return n;
}

static char out[8192];

#define ASSERT_REPORTS(text, expected)                                                                         \
    do {                                                                                                       \
        memset(out, 0, sizeof out);                                                                            \
        int n_ = check_text(text, out, sizeof out);                                                            \
        ck_assert_msg(n_ >= 1, "no error for: %s", text);                                                      \
        ck_assert_msg(strstr(out, expected), "expected \"%s\" in:\n%s", expected, out);                       \
    } while (0)

START_TEST(test_typo_in_a_key_names_line_and_suggests)
{
    ASSERT_REPORTS("rules: r\nsorces: []\n", "c.yaml:2: sorces: unknown key 'sorces' (did you mean 'sources'?)");
    ASSERT_REPORTS("sources:\n  - kind: evtx\n    pth: x\n",
                   "c.yaml:3: sources[0].pth: unknown key 'pth' (did you mean 'path'?)");
    ASSERT_REPORTS("stages:\n  corelate:\n    shards: 1\n",
                   "c.yaml:2: stages.corelate: unknown key 'corelate' (did you mean 'correlate'?)");
    /* nothing close: no suggestion */
    ASSERT_REPORTS("zzzzzz: 1\n", "c.yaml:1: zzzzzz: unknown key 'zzzzzz'\n");
}
END_TEST

START_TEST(test_wrong_type_names_line_key_and_what_was_found)
{
    ASSERT_REPORTS("stages:\n  correlate:\n    shards: two\n",
                   "c.yaml:3: stages.correlate.shards: expected an integer, got string 'two'");
    ASSERT_REPORTS("stages:\n  correlate:\n    shards: \"2\"\n",
                   "c.yaml:3: stages.correlate.shards: expected an integer, got string '2'");
    ASSERT_REPORTS("sources: {kind: evtx}\n", "c.yaml:1: sources: expected a list, got a mapping");
    ASSERT_REPORTS("sources:\n  - kind: evtx\n    path: x\n    recursive: 1\n",
                   "c.yaml:4: sources[0].recursive: expected true or false, got integer 1");
    ASSERT_REPORTS("stages: 3\n", "c.yaml:1: stages: expected a mapping, got integer 3");
    ASSERT_REPORTS("sinks:\n  - kind: http\n    url: https://x\n    headers:\n      X-A: 1\n",
                   "c.yaml:5: sinks[0].headers.X-A: expected a string, got integer 1");
}
END_TEST

START_TEST(test_missing_required_key_names_the_entry_line)
{
    ASSERT_REPORTS("sources:\n  - kind: evtx\n    name: a\n  - kind: tail\n",
                   "c.yaml:4: sources[1].path: missing required key 'path'");
    ASSERT_REPORTS("sources:\n  - path: x\n", "c.yaml:2: sources[0].kind: missing required key 'kind'");
    ASSERT_REPORTS("sources:\n  - kind: syslog\n", "c.yaml:2: sources[0]: needs at least one of: listen_udp,listen_tcp");
}
END_TEST

START_TEST(test_bad_enum_lists_choices_and_suggests)
{
    ASSERT_REPORTS("sources:\n  - kind: evtxx\n    path: x\n",
                   "c.yaml:2: sources[0].kind: bad value 'evtxx' (expected one of: evtx, syslog, tail, feeds, jsonl, files; "
                   "did you mean 'evtx'?)");
    ASSERT_REPORTS("log_level: verbose\n",
                   "c.yaml:1: log_level: bad value 'verbose' (expected one of: error, warn, info, debug)");
    ASSERT_REPORTS("sinks:\n  - kind: jsonl\n    topics: [alert, events]\n",
                   "c.yaml:3: sinks[0].topics[1]: bad value 'events' (expected one of: event, advisory, alert, "
                   "incident, notification; did you mean 'event'?)");
}
END_TEST

START_TEST(test_bad_duration_range_address_and_endpoint)
{
    ASSERT_REPORTS("sources:\n  - kind: tail\n    path: x\n    poll_interval: 5\n",
                   "c.yaml:4: sources[0].poll_interval: expected a duration such as 30s, 15m, 6h or 3d, got integer 5");
    ASSERT_REPORTS("sources:\n  - kind: tail\n    path: x\n    poll_interval: 5 minutes\n",
                   "c.yaml:4: sources[0].poll_interval: bad duration '5 minutes'");
    ASSERT_REPORTS("stages:\n  correlate:\n    shards: 0\n",
                   "c.yaml:3: stages.correlate.shards: must be between 1 and 64, got 0");
    ASSERT_REPORTS("sources:\n  - kind: syslog\n    listen_udp: 127.0.0.1\n",
                   "c.yaml:3: sources[0].listen_udp: bad address '127.0.0.1'");
    ASSERT_REPORTS("endpoints:\n  events: http://x\n", "c.yaml:2: endpoints.events: bad endpoint 'http://x'");
}
END_TEST

START_TEST(test_every_error_is_reported_not_just_the_first)
{
    memset(out, 0, sizeof out);
    int n = check_text("log_level: loud\nsources:\n  - kind: evtx\n    pth: x\n"
                       "stages:\n  correlate:\n    shards: -1\nsinks:\n  - kind: sqlite\n",
                       out, sizeof out);
    ck_assert_int_eq(n, 5); /* log_level, pth, missing path, shards, missing sqlite path */
    ck_assert_msg(strstr(out, "c.yaml:1: log_level:"), "%s", out);
    ck_assert_msg(strstr(out, "c.yaml:4: sources[0].pth:"), "%s", out);
    ck_assert_msg(strstr(out, "c.yaml:3: sources[0].path: missing"), "%s", out);
    ck_assert_msg(strstr(out, "c.yaml:7: stages.correlate.shards:"), "%s", out);
    ck_assert_msg(strstr(out, "c.yaml:9: sinks[0].path: missing"), "%s", out);
}
END_TEST

START_TEST(test_malformed_yaml_and_duplicates_through_check)
{
    ASSERT_REPORTS("sources:\n  - kind: evtx\n   path: x\n", "c.yaml:3: syntax error");
    ASSERT_REPORTS("rules: a\nrules: b\n", "c.yaml:2: rules: duplicate key 'rules' (first at line 1)");
    ASSERT_REPORTS("", "c.yaml:1: empty configuration");
    ASSERT_REPORTS("sources:\n  - kind: evtx\n    name: x\n    path: a\n  - kind: evtx\n    name: x\n    path: b\n",
                   "c.yaml:5: sources[1].name: duplicate name 'x' (also sources[0])");
}
END_TEST

START_TEST(test_json_config_uses_the_same_validation)
{
    ASSERT_REPORTS("{\n  \"sources\": [\n    {\"kind\": \"evtx\", \"path\": \"x\", \"recursiv\": true}\n  ]\n}\n",
                   "c.yaml:3: sources[0].recursiv: unknown key 'recursiv' (did you mean 'recursive'?)");
    pw_error err;
    const char *ok = "{\"sources\": [{\"kind\": \"jsonl\", \"path\": \"ev.json\"}], \"stages\": {\"correlate\": "
                     "{\"shards\": 4}}}";
    json_t *cfg = pw_config_load_mem(ok, strlen(ok), "c.json", "/base", &err);
    ck_assert_msg(cfg != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_config_get_int(cfg, "stages.correlate.shards", 1), 4);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(cfg, "sources"), 0), "path")),
                     "/base/ev.json");
    json_decref(cfg);
}
END_TEST

START_TEST(test_defaults_are_applied_and_paths_resolved)
{
    pw_error err;
    const char *text = "sources:\n  - kind: tail\n    path: ../logs/*.log\n  - kind: evtx\n    path: /abs/evtx\n"
                       "sinks:\n  - kind: jsonl\n";
    json_t *cfg = pw_config_load_mem(text, strlen(text), "c.yaml", "/etc/pw", &err);
    ck_assert_msg(cfg != NULL, "%s", err.msg);
    const json_t *src = json_array_get(json_object_get(cfg, "sources"), 0);
    ck_assert_str_eq(pw_config_get_str(src, "path", NULL), "/etc/logs/*.log");
    ck_assert_str_eq(pw_config_get_str(src, "format", NULL), "syslog");
    ck_assert_str_eq(pw_config_get_str(src, "name", NULL), "tail-0");
    ck_assert_int_eq(pw_config_get_duration_ms(src, "poll_interval", 0), 1000);
    ck_assert_str_eq(pw_config_get_str(json_array_get(json_object_get(cfg, "sources"), 1), "path", NULL),
                     "/abs/evtx");
    ck_assert_str_eq(pw_config_get_str(cfg, "rules", NULL), "/etc/pw/rules");
    ck_assert_str_eq(pw_config_get_str(cfg, "endpoints.events", NULL), "inproc://events");
    ck_assert_int_eq(pw_config_get_int(cfg, "endpoints.hwm", 0), 10000);
    ck_assert(pw_config_get_bool(cfg, "stages.correlate.enabled", false));
    ck_assert_int_eq(pw_config_get_int(cfg, "stages.correlate.shards", 0), 1);
    const json_t *sink = json_array_get(json_object_get(cfg, "sinks"), 0);
    ck_assert_str_eq(pw_config_get_str(sink, "path", NULL), "-"); /* stdout stays "-" */
    ck_assert_str_eq(json_string_value(json_array_get(pw_config_get(sink, "topics"), 0)), "alert");
    json_decref(cfg);
}
END_TEST

START_TEST(test_load_returns_the_first_error_and_the_count)
{
    pw_error err;
    const char *text = "sorces: []\nlog_level: x\n";
    ck_assert_ptr_null(pw_config_load_mem(text, strlen(text), "c.yaml", NULL, &err));
    ck_assert_str_eq(err.msg, "c.yaml:1: sorces: unknown key 'sorces' (did you mean 'sources'?) (and 1 more error)");
    ck_assert_ptr_null(pw_config_load_file("/nonexistent/patchwatch.yaml", &err));
    ck_assert_int_eq(err.code, PW_ERR_IO);
}
END_TEST

START_TEST(test_getters_fall_back_to_defaults)
{
    json_t *o = json_pack("{s:{s:i, s:f, s:s, s:b, s:s}}", "a", "i", 3, "f", 0.5, "s", "x", "b", 1, "d", "1h30m");
    ck_assert_int_eq(pw_config_get_int(o, "a.i", 0), 3);
    ck_assert(pw_config_get_num(o, "a.i", 0) == 3.0);
    ck_assert(pw_config_get_num(o, "a.f", 0) == 0.5);
    ck_assert_str_eq(pw_config_get_str(o, "a.s", NULL), "x");
    ck_assert(pw_config_get_bool(o, "a.b", false));
    ck_assert_int_eq(pw_config_get_duration_ms(o, "a.d", 0), 90LL * 60 * 1000);
    ck_assert_int_eq(pw_config_get_int(o, "a.s", 7), 7);   /* wrong type */
    ck_assert_int_eq(pw_config_get_int(o, "a.nope", 8), 8); /* missing */
    ck_assert_int_eq(pw_config_get_int(o, "nope.i", 9), 9);
    ck_assert_str_eq(pw_config_get_str(NULL, "a", "d"), "d");
    ck_assert_int_eq(pw_config_get_duration_ms(o, "a.s", 5), 5); /* not a duration */
    json_decref(o);
}
END_TEST

START_TEST(test_duration_parse)
{
    long long ms;
    ck_assert_int_eq(pw_cfg_duration_parse("500ms", &ms, NULL), 0);
    ck_assert_int_eq(ms, 500);
    ck_assert_int_eq(pw_cfg_duration_parse("15m", &ms, NULL), 0);
    ck_assert_int_eq(ms, 900000);
    ck_assert_int_eq(pw_cfg_duration_parse("3d", &ms, NULL), 0);
    ck_assert_int_eq(ms, 3LL * 86400000);
    ck_assert_int_eq(pw_cfg_duration_parse("1w2d", &ms, NULL), 0);
    ck_assert_int_eq(ms, 9LL * 86400000);
    ck_assert_int_eq(pw_cfg_duration_parse("15", &ms, NULL), -1);
    ck_assert_int_eq(pw_cfg_duration_parse("", &ms, NULL), -1);
    ck_assert_int_eq(pw_cfg_duration_parse("-5s", &ms, NULL), -1);
    ck_assert_int_eq(pw_cfg_duration_parse("5y", &ms, NULL), -1);
    ck_assert_int_eq(pw_cfg_duration_parse("99999999999999999999999d", &ms, NULL), -1);
    ck_assert_int_eq(pw_cfg_duration_parse("30000d", &ms, NULL), 0);
    ck_assert_int_eq(pw_cfg_duration_parse("40000d", &ms, NULL), -1); /* over 100 years */
}
END_TEST

START_TEST(test_suggest)
{
    const char *c[] = {"sources", "sinks", "stages", "rules"};
    ck_assert_str_eq(pw_cfg_suggest("sorces", c, 4), "sources");
    ck_assert_str_eq(pw_cfg_suggest("Rules", c, 4), "rules");
    ck_assert_str_eq(pw_cfg_suggest("sink", c, 4), "sinks");
    ck_assert_ptr_null(pw_cfg_suggest("endpoints", c, 4));
    const char *k[] = {"path", "glob", "checkpoint"};
    ck_assert_str_eq(pw_cfg_suggest("paht", k, 3), "path"); /* a transposition is one typo */
    ck_assert_str_eq(pw_cfg_suggest("chekpoint", k, 3), "checkpoint");
    ck_assert_ptr_null(pw_cfg_suggest("x", k, 3));
}
END_TEST

START_TEST(test_example_config_is_valid)
{
    char path[4096];
    const char *src = getenv("PW_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/examples/patchwatch.yaml", src ? src : ".");
    ck_assert_int_eq(pw_config_check(path, stderr), 0);
    pw_error err;
    json_t *cfg = pw_config_load_file(path, &err);
    ck_assert_msg(cfg != NULL, "%s", err.msg);
    const char *rules = pw_config_get_str(cfg, "rules", "");
    ck_assert_msg(rules[0] == '/' && strstr(rules, "/rules") && !strstr(rules, ".."), "%s", rules);
    json_decref(cfg);
}
END_TEST

/* Lints a table (and its sub-tables and variants): what the docs promise must be what the validator does. */
static void lint_table(const pw_cfg_table *t, const char *where, const pw_cfg_key *common)
{
    for (const pw_cfg_key *k = t->keys; k->name; k++) {
        ck_assert_msg(k->desc && *k->desc, "%s.%s: no description", where, k->name);
        for (const pw_cfg_key *o = k + 1; o->name; o++)
            ck_assert_msg(strcmp(o->name, k->name) != 0, "%s.%s: declared twice", where, k->name);
        for (const pw_cfg_key *o = common; o && o->name; o++)
            ck_assert_msg(strcmp(o->name, k->name) != 0, "%s.%s: also a common key", where, k->name);
        pw_cfg_type ty = k->type == PW_CFG_LIST ? k->item : k->type;
        bool discriminator = t->variant_key && strcmp(k->name, t->variant_key) == 0;
        if (ty == PW_CFG_ENUM && !discriminator) ck_assert_msg(k->choices, "%s.%s: enum without choices", where, k->name);
        if (ty == PW_CFG_OBJECT) ck_assert_msg(k->sub, "%s.%s: object without a table", where, k->name);
        if (k->sub) {
            char sub[256];
            snprintf(sub, sizeof sub, "%s.%s", where, k->name);
            lint_table(k->sub, sub, NULL);
        }
        if (!k->def) continue;
        ck_assert_msg(!(k->flags & PW_CFG_REQUIRED), "%s.%s: required with a default", where, k->name);
        /* the default must pass the key's own checks: validate {name: default} against a one-key table */
        pw_cfg_key one[2] = {*k, {.name = NULL}};
        one[0].def = NULL;
        pw_cfg_table tab = {.keys = one};
        json_t *v = (ty == PW_CFG_INT || ty == PW_CFG_NUMBER || ty == PW_CFG_BOOL || k->type == PW_CFG_LIST)
                        ? json_loads(k->def, JSON_DECODE_ANY, NULL)
                        : json_string(k->def);
        ck_assert_msg(v != NULL, "%s.%s: default '%s' does not parse", where, k->name, k->def);
        json_t *obj = json_object();
        json_object_set_new(obj, k->name, v);
        char out[512] = "";
        FILE *rep = fmemopen(out, sizeof out, "w");
        pw_cfg_report r = {.out = rep};
        pw_cfg_ctx ctx = {.file = where, .report = &r};
        int n = pw_cfg_validate(&tab, obj, "", &ctx);
        fclose(rep);
        ck_assert_msg(n == 0, "%s.%s: default '%s' is invalid: %s", where, k->name, k->def, out);
        json_decref(obj);
    }
    for (const pw_cfg_variant *v = t->variants; v && v->value; v++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s(%s)", where, v->value);
        lint_table(v->table, sub, t->keys);
    }
}

START_TEST(test_schema_tables_are_consistent)
{
    lint_table(&pw_config_schema, "config", NULL);
    lint_table(&pw_rule_schema, "rule", NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_typo_in_a_key_names_line_and_suggests);
    tcase_add_test(tc, test_wrong_type_names_line_key_and_what_was_found);
    tcase_add_test(tc, test_missing_required_key_names_the_entry_line);
    tcase_add_test(tc, test_bad_enum_lists_choices_and_suggests);
    tcase_add_test(tc, test_bad_duration_range_address_and_endpoint);
    tcase_add_test(tc, test_every_error_is_reported_not_just_the_first);
    tcase_add_test(tc, test_malformed_yaml_and_duplicates_through_check);
    tcase_add_test(tc, test_json_config_uses_the_same_validation);
    tcase_add_test(tc, test_defaults_are_applied_and_paths_resolved);
    tcase_add_test(tc, test_load_returns_the_first_error_and_the_count);
    tcase_add_test(tc, test_getters_fall_back_to_defaults);
    tcase_add_test(tc, test_duration_parse);
    tcase_add_test(tc, test_suggest);
    tcase_add_test(tc, test_example_config_is_valid);
    tcase_add_test(tc, test_schema_tables_are_consistent);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
