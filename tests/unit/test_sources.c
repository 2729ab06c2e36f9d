/* Tests of the source registry (ingest/sources.h): every kind `config check` knows has a plugin row and the
 * other way round, over the same config table; the tables are well formed; an unknown kind is refused with
 * file:line; a source publishes through the callbacks it is given and stops promptly on the stop flag. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/pw_config.h"
#include "core/pw_advisory.h"
#include "core/pw_event.h"
#include "ingest/sources.h"
#include "ingest/tail.h"
#include "pw_test.h"

static const pw_cfg_variant *variants(void) { return pw_source_cfg_table.variants; }

START_TEST(test_every_config_kind_has_a_plugin_over_the_same_table)
{
    size_t n, nvar = 0;
    const pw_source_plugin *const *reg = pw_sources(&n);
    ck_assert_uint_ge(n, 6);
    for (const pw_cfg_variant *v = variants(); v->value; v++, nvar++) {
        const pw_source_plugin *p = pw_source_find(v->value);
        ck_assert_msg(p, "config kind '%s' has no plugin in the registry", v->value);
        ck_assert_msg(p->config == v->table, "plugin '%s' and config check use different tables", v->value);
    }
    ck_assert_uint_eq(nvar, n); /* and no plugin the config cannot name */
    for (size_t i = 0; i < n; i++) ck_assert_ptr_eq(pw_source_find(reg[i]->name), reg[i]);
}
END_TEST

START_TEST(test_registry_lists_the_documented_kinds)
{
    static const char *const kinds[] = {"evtx", "syslog", "tail", "jsonl", "feeds", "files"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        ck_assert_msg(pw_source_find(kinds[i]), "kind %s missing", kinds[i]);
    ck_assert_ptr_null(pw_source_find("tial"));
    ck_assert_ptr_null(pw_source_find(""));
    ck_assert_ptr_null(pw_source_find(NULL));
}
END_TEST

START_TEST(test_plugin_rows_and_config_tables_are_well_formed)
{
    size_t n;
    const pw_source_plugin *const *reg = pw_sources(&n);
    for (size_t i = 0; i < n; i++) {
        const pw_source_plugin *p = reg[i];
        ck_assert_msg(p->name && *p->name && p->description && *p->description, "row %zu lacks name/description", i);
        ck_assert_msg(p->init && p->run && p->exit && p->is_live, "%s lacks a callback", p->name);
        ck_assert_msg(p->config && p->config->desc && p->config->keys, "%s has no config table", p->name);
        size_t nk = 0;
        for (const pw_cfg_key *k = p->config->keys; k->name; k++, nk++) {
            ck_assert_msg(nk < 64, "%s: key table not terminated", p->name);
            ck_assert_msg(k->desc && *k->desc, "%s.%s has no description", p->name, k->name);
            ck_assert_msg(k->type != PW_CFG_ENUM || k->choices, "%s.%s: enum without choices", p->name, k->name);
            for (const char *c = k->name; *c; c++)
                ck_assert_msg((*c >= 'a' && *c <= 'z') || *c == '_', "%s.%s: key not snake_case", p->name, k->name);
            for (const pw_cfg_key *j = p->config->keys; j != k; j++)
                ck_assert_msg(strcmp(j->name, k->name) != 0, "%s.%s: declared twice", p->name, k->name);
        }
        ck_assert_msg(nk > 0, "%s declares no key", p->name);
    }
}
END_TEST

/* The smallest valid entry of each kind, validated with its defaults: the defaults themselves must pass. */
START_TEST(test_defaults_of_every_kind_validate)
{
    static const char *const minimal[] = {
        "{\"kind\":\"evtx\",\"path\":\"x\"}",          "{\"kind\":\"syslog\",\"listen_udp\":\"127.0.0.1:0\"}",
        "{\"kind\":\"tail\",\"path\":\"x\"}",          "{\"kind\":\"jsonl\",\"path\":\"x\"}",
        "{\"kind\":\"feeds\",\"dir\":\"x\"}",          "{\"kind\":\"files\",\"path\":\"x\"}",
    };
    for (size_t i = 0; i < sizeof minimal / sizeof minimal[0]; i++) {
        json_t *src = json_loads(minimal[i], 0, NULL);
        json_t *doc = json_pack("{s:[o]}", "sources", src);
        pw_cfg_report rep = {0};
        pw_cfg_ctx ctx = {.file = "t", .apply_defaults = true, .report = &rep};
        ck_assert_int_eq(pw_cfg_validate(&pw_config_schema, doc, "", &ctx), 0);
        const json_t *s = json_array_get(json_object_get(doc, "sources"), 0);
        const pw_source_plugin *p = pw_source_find(json_string_value(json_object_get(s, "kind")));
        for (const pw_cfg_key *k = p->config->keys; k->name; k++)
            if (k->def) ck_assert_msg(json_object_get(s, k->name), "%s.%s: default not filled in", p->name, k->name);
        json_decref(doc);
    }
}
END_TEST

START_TEST(test_unknown_kind_refused_with_file_and_line)
{
    char dir[] = "/tmp/pw_sources_XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/c.yaml", dir);
    FILE *fp = fopen(path, "w");
    fputs("sources:\n  - kind: files\n    path: x\n  - kind: evtxx\n    path: y\n", fp);
    fclose(fp);
    pw_error err = {0};
    json_t *cfg = pw_config_load_file(path, &err);
    ck_assert_ptr_null(cfg);
    ck_assert_msg(strstr(err.msg, "c.yaml:4: sources[1].kind: bad value 'evtxx'"), "got: %s", err.msg);
    ck_assert_msg(strstr(err.msg, "files"), "the message should list the kinds: %s", err.msg);
    unlink(path);
    rmdir(dir);
    /* and the engine refuses a kind no row has, should an unchecked config reach it */
    pw_source_stage st;
    json_t *bad = json_pack("{s:s}", "kind", "evtxx");
    pw_source_emit em = {0};
    ck_assert_int_eq(pw_source_stage_init(&st, bad, 0, &em, NULL, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, "unknown kind 'evtxx'"), "got: %s", err.msg);
    json_decref(bad);
}
END_TEST

typedef struct counter {
    int events, advisories, damaged;
    char host[64];
} counter;

static int count_event(void *ud, pw_event *ev, pw_error *err)
{
    (void)err;
    counter *c = ud;
    const char *h = pw_event_get_str(ev, "host.name", NULL);
    if (h) snprintf(c->host, sizeof c->host, "%s", h);
    c->events++;
    return 0;
}

static int count_advisory(void *ud, const pw_advisory *a, pw_error *err)
{
    (void)a, (void)err;
    ((counter *)ud)->advisories++;
    return 0;
}

static void count_damage(void *ud, const char *where, unsigned long long line, const char *msg)
{
    (void)where, (void)line, (void)msg;
    ((counter *)ud)->damaged++;
}

/* A JSON array export (two events, one without a host) and a damaged NDJSON line, through the files source. */
START_TEST(test_files_source_publishes_through_the_callbacks)
{
    char dir[] = "/tmp/pw_sources_XXXXXX", path[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.json", dir);
    FILE *fp = fopen(path, "w");
    fputs("[\n {\"@timestamp\":\"2026-07-09T10:00:00Z\",\"message\":\"one\",\"host\":{\"name\":\"h1\"}},\n"
          " {\"@timestamp\":\"2026-07-09T10:00:01Z\",\"message\":\"two\"}\n]\n", fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/b.jsonl", dir);
    fp = fopen(path, "w");
    fputs("{\"@timestamp\":\"2026-07-09T10:00:02Z\",\"message\":\"three\",\"host\":{\"name\":\"h3\"}}\n{broken\n", fp);
    fclose(fp);
    json_t *cfg = json_pack("{s:s,s:s,s:s}", "kind", "files", "path", dir, "host", "stamped");
    counter c = {0};
    pw_source_emit em = {.event = count_event, .advisory = count_advisory, .damage = count_damage, .ud = &c};
    volatile sig_atomic_t stop = 0;
    pw_source_stage st;
    pw_error err = {0};
    ck_assert_int_eq(pw_source_stage_init(&st, cfg, 0, &em, &stop, NULL, &err), 0);
    ck_assert_int_eq(st.live, 0);
    ck_assert_int_eq(pw_source_stage_run(&st, &err), 0);
    pw_source_stage_exit(&st);
    ck_assert_int_eq(c.events, 3);
    ck_assert_int_eq(c.damaged, 1);
    ck_assert_str_eq(c.host, "h3"); /* the last event kept its own host */
    json_decref(cfg);
    unlink(path);
    snprintf(path, sizeof path, "%s/a.json", dir);
    unlink(path);
    rmdir(dir);
}
END_TEST

typedef struct orig_counter {
    int events, original;
} orig_counter;

static int count_original(void *ud, pw_event *ev, pw_error *err)
{
    (void)err;
    orig_counter *c = ud;
    c->events++;
    c->original += pw_event_get_str(ev, "event.original", NULL) != NULL;
    return 0;
}

/* keep_original is a config key (issue 17): off, clean syslog lines carry no event.original; on, every one. */
START_TEST(test_keep_original_is_a_config_key)
{
    char dir[] = "/tmp/pw_sources_XXXXXX", path[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/sys.log", dir);
    FILE *fp = fopen(path, "w");
    fputs("<13>Jan  5 10:00:00 host sshd[22]: one\n<13>Jan  5 10:00:01 host sshd[22]: two\n", fp);
    fclose(fp);
    for (int keep = 0; keep <= 1; keep++) {
        for (int kind = 0; kind < 2; kind++) { /* the files source and the tail source */
            json_t *cfg = json_pack("{s:s,s:s,s:b}", "kind", kind ? "tail" : "files", "path", path, "keep_original", keep);
            orig_counter c = {0};
            pw_source_emit em = {.event = count_original, .ud = &c};
            pw_source_stage st;
            pw_error err = {0};
            ck_assert_msg(pw_source_stage_init(&st, cfg, 0, &em, NULL, NULL, &err) == 0, "%s", err.msg);
            ck_assert_msg(pw_source_stage_run(&st, &err) == 0, "%s", err.msg);
            pw_source_stage_exit(&st);
            ck_assert_int_eq(c.events, 2);
            ck_assert_msg(c.original == (keep ? 2 : 0), "%s keep_original %d: %d originals", kind ? "tail" : "files",
                          keep, c.original);
            json_decref(cfg);
        }
    }
    unlink(path);
    rmdir(dir);
}
END_TEST

static int count_line(void *ud, const pw_tail_line *l, pw_error *err)
{
    (void)err;
    int *n = ud;
    if (l->len == 3 && memcmp(l->data, "new", 3) == 0) *n += 100; /* the line written after opening */
    else *n += 1;
    return 0;
}

/* start_at: end (a tail key that used to be accepted and ignored): a file already there is read from its end. */
START_TEST(test_tail_start_at_end_skips_what_was_there)
{
    char dir[] = "/tmp/pw_sources_XXXXXX", path[96], ck[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/app.log", dir);
    for (int end = 0; end <= 1; end++) {
        FILE *fp = fopen(path, "w");
        fputs("old one\nold two\n", fp);
        fclose(fp);
        snprintf(ck, sizeof ck, "%s/ck%d", dir, end);
        const char *glob = path;
        pw_tail_config tc = {.globs = &glob, .nglobs = 1, .checkpoint = ck, .start_at_end = end};
        int64_t trunc;
        pw_error err = {0};
        pw_tail *t = pw_tail_open(&tc, NULL, &trunc, &err);
        ck_assert_msg(t, "%s", err.msg);
        int n = 0;
        ck_assert_int_ge(pw_tail_poll(t, 100, count_line, &n, &err), 0);
        fp = fopen(path, "a");
        fputs("new\n", fp);
        fclose(fp);
        ck_assert_int_ge(pw_tail_poll(t, 100, count_line, &n, &err), 0);
        ck_assert_int_eq(n, end ? 100 : 102);
        pw_tail_close(t);
        unlink(ck);
    }
    unlink(path);
    rmdir(dir);
}
END_TEST

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A live source (a syslog listener, a followed file) returns soon after the stop flag is set. */
START_TEST(test_live_sources_stop_promptly)
{
    char dir[] = "/tmp/pw_sources_XXXXXX", path[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/f.log", dir);
    FILE *fp = fopen(path, "w");
    fputs("<13>1 2026-07-09T10:00:00Z h app - - - a line\n", fp);
    fclose(fp);
    json_t *cfgs[] = {json_pack("{s:s,s:s}", "kind", "syslog", "listen_tcp", "127.0.0.1:0"),
                      json_pack("{s:s,s:s,s:b,s:s}", "kind", "tail", "path", path, "follow", 1, "poll_interval", "10s")};
    for (size_t i = 0; i < 2; i++) {
        counter c = {0};
        pw_source_emit em = {.event = count_event, .advisory = count_advisory, .ud = &c};
        volatile sig_atomic_t stop = 1; /* already set: run must look at it and return */
        pw_source_stage st;
        pw_error err = {0};
        ck_assert_msg(pw_source_stage_init(&st, cfgs[i], i, &em, &stop, NULL, &err) == 0, "%s", err.msg);
        ck_assert_int_eq(st.live, 1);
        double t0 = now_s();
        ck_assert_int_eq(pw_source_stage_run(&st, &err), 0);
        ck_assert_msg(now_s() - t0 < 1.0, "%s took %.2f s to stop", st.plugin->name, now_s() - t0);
        pw_source_stage_exit(&st);
        json_decref(cfgs[i]);
    }
    unlink(path);
    rmdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sources");
    TCase *tc = tcase_create("registry");
    tcase_add_test(tc, test_every_config_kind_has_a_plugin_over_the_same_table);
    tcase_add_test(tc, test_registry_lists_the_documented_kinds);
    tcase_add_test(tc, test_plugin_rows_and_config_tables_are_well_formed);
    tcase_add_test(tc, test_defaults_of_every_kind_validate);
    tcase_add_test(tc, test_unknown_kind_refused_with_file_and_line);
    tcase_add_test(tc, test_files_source_publishes_through_the_callbacks);
    tcase_add_test(tc, test_live_sources_stop_promptly);
    tcase_add_test(tc, test_keep_original_is_a_config_key);
    tcase_add_test(tc, test_tail_start_at_end_skips_what_was_there);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
