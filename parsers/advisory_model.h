/* advisory_model: the report model, a learned second opinion beside the written rules of rules/extract/.
 *
 * A logistic regression of "regression report or not" over the n-grams of a post's title and the start of its
 * body, fitted by bench/reports_model.py on the tunable halves of the report corpus and shipped as
 * rules/model/report_regression.tsv (embedded at build time, like the extraction rules). The classifier
 * (advisory_extract_class.c) lets it turn an informational reading into a regression report where it is very
 * sure, and says so in the class reasons. Why a model at all: written rules reach about one unseen wording in three hundred (docs/feeds.md,
 * session 25); n-grams generalise to wordings no rule was written for, at the price of reasons that are weights
 * rather than phrases. */
#ifndef PW_ADVISORY_MODEL_H
#define PW_ADVISORY_MODEL_H

#include <stddef.h>

#include "core/pw_error.h"

typedef struct pw_report_model pw_report_model;

/* The n-grams that moved a score most, for the class reasons: "broke", "after installing". */
#define PW_MODEL_WHY_MAX 3
typedef struct {
    char text[PW_MODEL_WHY_MAX][48];
    size_t n;
} pw_report_model_why;

/* Parses a model file (the TSV bench/reports_model.py writes); origin names it in errors. NULL with err on a
 * malformed line (file:line), a missing bias, or more than PW_MODEL_NGRAMS_MAX n-grams. */
#define PW_MODEL_NGRAMS_MAX 1000000
pw_report_model *pw_report_model_parse(const char *text, size_t len, const char *origin, pw_error *err);
/* A model file read from path (at most PW_MODEL_FILE_MAX bytes), e.g. one refitted with bench/reports_model.py. */
#define PW_MODEL_FILE_MAX (64u << 20)
pw_report_model *pw_report_model_load(const char *path, pw_error *err);
/* The shipped model (rules/model/report_regression.tsv as embedded at build time). */
pw_report_model *pw_report_model_builtin(pw_error *err);
/* The model of a rules directory: DIR/model/report_regression.tsv when that file exists (refitted, or with `high`
 * set to 1 or more, which turns the model off), else the shipped one (dir NULL: the shipped one). */
#define PW_MODEL_FILE "model/report_regression.tsv"
pw_report_model *pw_report_model_for_rules(const char *dir, pw_error *err);
void pw_report_model_free(pw_report_model *m);

/* Probability that the post is a regression report. title and body may be NULL. why (may be NULL) receives the
 * words and word pairs that pushed hardest toward the side the probability falls on. -1 when out of memory. */
double pw_report_model_prob(const pw_report_model *m, const char *title, const char *body, pw_report_model_why *why);
/* The threshold the file sets (`high`): above it the model calls a post the rules read as informational a report. */
double pw_report_model_high(const pw_report_model *m);
size_t pw_report_model_size(const pw_report_model *m);

#endif
