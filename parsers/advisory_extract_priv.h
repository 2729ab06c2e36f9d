/* advisory_extract_priv: the compiled extractor, shared by advisory_extract.c (compiling rules, running the
 * patterns) and advisory_extract_class.c (classification and KB roles from the hits). Not a public header. */
#ifndef PW_ADVISORY_EXTRACT_PRIV_H
#define PW_ADVISORY_EXTRACT_PRIV_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "parsers/advisory_extract.h"
#include "parsers/advisory_model.h"

/* Hits kept per advisory for classification (cues, negations, role words) and KB mentions: a forum thread
 * of 64 KiB has a few dozen; past the caps the rest of the text is not classified (rare, and bounded). */
#define EX_HITS_MAX 2048
#define EX_MENTIONS_MAX 512
#define EX_WORD_NONE UINT16_MAX

typedef enum {
    F_KB, F_CVE, F_EVENT_ID, F_ERROR_CODE, F_PRODUCT, F_COMPONENT, F_STATUS, F_PACKAGE,
    F_REGRESSION, F_FIX, F_INFO,                         /* class cues */
    F_NEG, F_NEG_BEFORE, F_NEG_AFTER,                    /* negations */
    F_KB_FIX_BEFORE, F_KB_FIX_AFTER, F_KB_AFF_BEFORE, F_KB_AFF_AFTER, /* KB roles */
    F_ANCHOR,                                            /* ties a story to one update or a first-hand case */
    F_HYPO, F_HYPO_AFTER,                                /* a condition: what follows (precedes) may not happen */
    F_KB_INST_BEFORE, F_KB_INST_AFTER,                   /* the KB was installed: blamed, unless that fixed it */
    F_UNDO,                                              /* uninstalling, rolling back: what it fixed, it caused */
    F_CULPRIT_VERB,                                      /* "breaks", "causes": its subject is blamed ("fix breaks X") */
    F_QUESTION_START,                                    /* ", any ideas?": a question that starts after a comma */
    F_NEG_STOP,                                          /* "after", "nach": a negation before does not reach past it */
    F_NARRATIVE,                                         /* "I installed", "we noticed": a first-hand account */
    F_KB_REMEDY,                                         /* "Solution:", "Workaround:", "解決策": what follows is offered */
    F_READER,                                            /* "your", "votre", "Ihr": the reader addressed, a guide's case */
    F_CLEARED,                                           /* "false alarm", "not a bug": informational, and a verdict */
    F_KB_WITHDRAWN,                                      /* "pulled KB1", "KB1 zurückgezogen": blamed, never the fix */
    F_PROBLEM_CLAUSE,                                    /* "the issue that occurs", "das Problem, das": a problem told */
    F_REPORT_QUESTION,                                   /* "anyone else seeing ...?": a question that reports */
    F_SECURITY,                                          /* "attacker", "exploited", "脆弱性": a vulnerability told */
    F_DATED,                                             /* "since KB1", "seit KB1": a symptom dated by an update */
    F_PERSIST,                                           /* "still", "weiterhin", "まだ": a failure there before the KB */
    F_KB_COLLATERAL,                                     /* ".NET", "SSU", "MSRT": an update listed beside the culprit */
    F_KB_CLEARED,                                        /* "never installed KB1", "KB1 ran fine": not what broke */
    F_PACKAGE_VERSION,                                   /* "version 24.1.3", "downgraded to 23.2.1": a bare version */
    F_PACKAGE_NAME,                                      /* "the kernel", "noyau": a package named without a version */
    F_TOPIC,                                             /* "update", "patch", "更新": the story is about an update */
    F_COUNT
} ex_field;

typedef enum { N_NONE, N_UPPER, N_LOWER } ex_norm;
typedef enum { S_ANY, S_TITLE, S_BODY } ex_scope;

typedef struct {
    char *name;
    ex_field field;
    pcre2_code *re;
    char *value;   /* template or NULL */
    char *version; /* package version template or NULL */
    ex_norm norm;
    double weight;
    ex_scope scope; /* class cues: where a match counts ("how to" says what a post is only in its headline) */
    char **words;  /* the phrases of a words rule, by MARK index (labels for class_reasons) */
    size_t nwords;
    char lang[4];  /* the words' language ("" none): its cues do not fire on a post written in another one */
} ex_rule;

typedef struct {
    uint32_t start, end;
    uint16_t rule;
    uint16_t word; /* index into the rule's words, or EX_WORD_NONE */
} ex_hit;

typedef struct {
    uint32_t start, end;
    uint16_t kb; /* index into the advisory's kb list */
} ex_mention;

struct pw_extractor {
    ex_rule *rules;
    size_t n;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pw_buf subject;
    pw_buf value, version;
    size_t title_len; /* bytes of the subject that are the title (cues there count double) */
    const char *lang; /* the subject's language as ex_guess_lang reads it, or NULL (every rule applies) */
    ex_hit hits[EX_HITS_MAX];
    size_t nhits;
    ex_mention mentions[EX_MENTIONS_MAX];
    size_t nmentions;
    ex_mention pmentions[EX_MENTIONS_MAX]; /* package mentions: kb is the index into the advisory's packages */
    size_t npmentions;
    double feat[PW_EXTRACT_NFEAT]; /* the last classification's evidence (pw_extractor_features) */
    pw_report_model *model; /* the learned second opinion (pw_extractor_new attaches the shipped one), or NULL */
};

/* advisory_lang.c: "en", "de", "es", "fr", "nl" or "ja" when the function words (kana) leave no doubt, else NULL */
const char *ex_guess_lang(const char *s, size_t len);

/* advisory_extract_class.c */
int ex_is_clause_break(const char *s, size_t i, size_t len); /* 1..3: a boundary of that many bytes at s[i] */
int ex_negated(const pw_extractor *x, uint32_t start, uint32_t end);
/* Sets class, class_confidence, class_reasons, kb_affected and kb_fix from the hits and mentions.
 * status_from_feed: the status the feed parser set (a vendor's own), or NULL. */
int ex_classify(pw_extractor *x, pw_advisory *a, const char *status_from_feed);
int ex_attach_versions(pw_extractor *x, pw_advisory *a); /* advisory_extract_versions.c */
int ex_attach_list_versions(pw_extractor *x, pw_advisory *a); /* more versions listed after a package's own */
int ex_package_remedy(const pw_extractor *x, const pw_advisory *a, const ex_mention *m);
const char *ex_package_name(const char *name); /* a localized kernel word ("noyau") as the package "kernel" */
/* the spelling of name's version already in a's packages when version is another spelling of it ("4.4.0.109" of
 * "4.4.0-109"; name NULL: any package's), else version itself */
const char *ex_version_spelling(const pw_advisory *a, const char *name, const char *version);

#endif
