/* test_report_model: the report model (parsers/advisory_model.c), the learned second opinion beside the rules.
 * - The C featurizer computes what bench/reports_model.py computed when it fitted the shipped model: the
 *   probabilities the script wrote for corpus posts (tests/fixtures/reports/model_check.tsv) are reproduced to
 *   six decimals, in every language of the corpus.
 * - A malformed model file is refused with its file and line.
 * - The override, with a model made for the test (one word, "zorked", that no rule knows): it turns an
 *   informational reading into a regression report and names itself among the reasons; it never overrules the
 *   rules' verdicts (the update cleared, all-clear words, a negated failure, a failure only supposed, no
 *   particular update named) nor turns a fix story; without a model the rules decide alone.
 * - A rules directory's model/report_regression.tsv replaces the shipped one (`high` 1 turns it off). */
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract_test_util.h"
#include "parsers/advisory_model.h"
#include "rules/rules.h"

static pw_report_model *parse(const char *text, pw_error *err)
{
    return pw_report_model_parse(text, strlen(text), "test.tsv", err);
}

START_TEST(test_shipped_model_matches_the_fitting_script)
{
    char path[4096];
    size_t len = 0, checked = 0;
    char *check = pw_test_read_file(pw_test_fixture(path, sizeof path, "reports/model_check.tsv"), &len);
    ck_assert_ptr_nonnull(check);
    FILE *corpus = fopen(pw_test_fixture(path, sizeof path, "reports/corpus.jsonl"), "r");
    ck_assert_ptr_nonnull(corpus);
    pw_error err = {0};
    pw_report_model *m = pw_report_model_builtin(&err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_uint_gt(pw_report_model_size(m), 1000);
    ck_assert(pw_report_model_high(m) > 0.5 && pw_report_model_high(m) < 1.0);
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, corpus) > 0) {
        json_t *post = json_loads(line, 0, NULL);
        ck_assert_ptr_nonnull(post);
        const char *id = json_string_value(json_object_get(post, "id"));
        char key[32];
        snprintf(key, sizeof key, "\n%s\t", id);
        const char *at = strstr(check, key);
        if (at) {
            double want = strtod(at + strlen(key), NULL);
            double got = pw_report_model_prob(m, json_string_value(json_object_get(post, "title")),
                                              json_string_value(json_object_get(post, "excerpt")), NULL);
            ck_assert_msg(fabs(got - want) < 2e-6, "%s: C %.6f, bench/reports_model.py %.6f", id, got, want);
            checked++;
        }
        json_decref(post);
    }
    ck_assert_uint_ge(checked, 40); /* the script writes every 25th tunable post: 48 */
    free(line);
    fclose(corpus);
    free(check);
    pw_report_model_free(m);
}
END_TEST

START_TEST(test_malformed_model_files_are_refused)
{
    static const char *const bad[][2] = {
        {"bias\t0\nw:a\t1\nw:b\tone\n", "test.tsv:3:"},
        {"bias\t0\nw:a\n", "test.tsv:2:"},
        {"w:a\t1\n", "no bias"},
        {"bias\t0\nw:a\t1\nw:a\t2\n", "test.tsv:3: n-gram given twice"},
        {"bias\tnan\n", "test.tsv:1:"},
        {"bias\t0\nw:a\t1e300\n", "test.tsv:2:"}, /* a bounded sum: no inf - inf */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pw_error err = {0};
        pw_report_model *m = parse(bad[i][0], &err);
        ck_assert_msg(m == NULL, "case %zu accepted", i);
        ck_assert_msg(strstr(err.msg, bad[i][1]) != NULL, "case %zu: \"%s\" lacks \"%s\"", i, err.msg, bad[i][1]);
    }
    pw_error err = {0};
    pw_report_model *m = parse("# a comment\r\nbias\t-1\r\nhigh\t0.9\r\nw:zorked\t3\r\n", &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_uint_eq(pw_report_model_size(m), 1);
    /* the word counts once however often it is said; capitals and the title are read like the body */
    pw_report_model_why why;
    ck_assert(fabs(pw_report_model_prob(m, "ZORKED", "zorked, zorked", &why) - 1 / (1 + exp(-2.0))) < 1e-9);
    ck_assert_uint_eq(why.n, 1);
    ck_assert_str_eq(why.text[0], "zorked");
    ck_assert(fabs(pw_report_model_prob(m, NULL, NULL, NULL) - 1 / (1 + exp(1.0))) < 1e-9);
    pw_report_model_free(m);
}
END_TEST

/* {title, body, class with the test model} */
static const char *const cases[][3] = {
    /* the rules read these as informational; the model knows "zorked" */
    {"KB5000001 on our file servers", "Since Tuesday the file servers with KB5000001 are zorked.", PW_ADV_CLASS_REGRESSION},
    /* the rules' verdicts stand */
    {"KB5000001 on our file servers", "The file servers with KB5000001 are zorked, we thought. False alarm: it was a driver setting.", PW_ADV_CLASS_INFO},
    {"KB5000001 on our file servers", "KB5000001 installed without problems on 200 servers; nothing zorked.", PW_ADV_CLASS_INFO},
    {"KB5000001 on our file servers", "After KB5000001 nothing broke on the file servers; they are just zorked.", PW_ADV_CLASS_INFO},
    {"KB5000001 on our file servers", "If KB5000001 breaks the file servers, they are zorked.", PW_ADV_CLASS_INFO},
    {"Windows updates", "Updates can leave servers zorked.", PW_ADV_CLASS_INFO},
    /* a fix story stays one */
    {"KB5000001 is out", "Microsoft released KB5000001, which fixes the zorked printing.", PW_ADV_CLASS_FIX},
};

START_TEST(test_the_model_turns_informational_readings_only)
{
    pw_error err = {0};
    pw_report_model *m = parse("bias\t0\nhigh\t0.85\nw:zorked\t6\n", &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    pw_extractor_set_model(x, m);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pw_advisory *a = read_report(cases[i][0], cases[i][1]);
        ck_assert_msg(!strcmp(a->report_class, cases[i][2]), "%zu: %s: %s, want %s", i, cases[i][1], a->report_class,
                      cases[i][2]);
        int named = 0;
        for (size_t r = 0; r < a->class_reasons.n; r++)
            named |= !strcmp(a->class_reasons.v[r], "worded like a regression report (model 1.00: \"zorked\")");
        ck_assert_msg(named == !strcmp(cases[i][2], PW_ADV_CLASS_REGRESSION), "%zu: the model's reason %s", i,
                      named ? "given" : "missing");
    }
    /* without a model the rules decide alone */
    pw_extractor_set_model(x, NULL);
    ck_assert_str_eq(read_report(cases[0][0], cases[0][1])->report_class, PW_ADV_CLASS_INFO);
    /* a model that is never sure changes nothing */
    pw_extractor_set_model(x, parse("bias\t-10\nhigh\t0.85\nw:zorked\t6\n", &err));
    ck_assert_str_eq(read_report(cases[0][0], cases[0][1])->report_class, PW_ADV_CLASS_INFO);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* A rules directory's model/report_regression.tsv replaces the shipped model; `high` 1 turns it off; an error in it
 * fails the extractor with the file and line; a directory without one gets the shipped model. */
START_TEST(test_a_rules_directory_brings_its_model)
{
    char dir[] = "/tmp/pw-model-XXXXXX", sub[64], file[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/model", dir);
    snprintf(file, sizeof file, "%s/model/report_regression.tsv", dir);
    static const struct {
        const char *model, *cls, *error;
    } steps[] = {
        {NULL, PW_ADV_CLASS_INFO, NULL}, /* no model/: the shipped model, which does not know "zorked" */
        {"bias\t0\nhigh\t0.85\nw:zorked\t6\n", PW_ADV_CLASS_REGRESSION, NULL},
        {"bias\t0\nhigh\t1\nw:zorked\t6\n", PW_ADV_CLASS_INFO, NULL},
        {"bias\t0\nw:zorked six\n", NULL, "model/report_regression.tsv:2:"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (steps[i].model) {
            mkdir(sub, 0700);
            write_file(file, steps[i].model);
        }
        pw_error err = {0};
        pw_rules *rules = pw_rules_load(dir, &err);
        ck_assert_msg(rules != NULL, "%s", err.msg);
        pw_extractor *own = pw_extractor_new(rules, &err);
        if (steps[i].error) {
            ck_assert_msg(own == NULL && strstr(err.msg, steps[i].error), "step %zu: \"%s\"", i, err.msg);
        } else {
            ck_assert_msg(own != NULL, "step %zu: %s", i, err.msg);
            pw_extractor *shared = x;
            x = own;
            ck_assert_str_eq(read_report(cases[0][0], cases[0][1])->report_class, steps[i].cls);
            x = shared;
        }
        pw_extractor_free(own);
        pw_rules_free(rules);
    }
    unlink(file);
    rmdir(sub);
    rmdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report model");
    TCase *tc = tcase_create("model");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_shipped_model_matches_the_fitting_script);
    tcase_add_test(tc, test_malformed_model_files_are_refused);
    tcase_add_test(tc, test_the_model_turns_informational_readings_only);
    tcase_add_test(tc, test_a_rules_directory_brings_its_model);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
