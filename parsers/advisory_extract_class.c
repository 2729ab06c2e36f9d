/* advisory_extract_class: what a report says about an update, from the hits advisory_extract.c collected.
 *
 * Class. Each cue phrase (rules/extract/class_*.yaml) that no negation cancels adds its weight to its class
 * (regression, fix, informational) once per distinct phrase, doubled when it is in the title: a thread that
 * says "broke" ten times is one "broke", and a headline says what the story is. A vendor's own status counts
 * as a cue (known-issue -> regression, resolved -> fix). The class is the regression or fix score that reaches
 * 1 (with at least one cue of weight >= 1) and outweighs the evidence against it: regression must beat fix
 * and informational together, since fix stories and explainers retell the bug; otherwise informational. Confidence is the winner's share of all the evidence, so
 * "broke ... fixed in" reads as unsure. This is a transparent vote, not a model: every decision can be read
 * back from class_reasons, and a user extends it by adding words, not by retraining.
 *
 * Specificity. A report warns about an update: one that names none -- no KB, no package with its version, no
 * `anchor` phrase tying it to one particular update or a first-hand case ("this month's update", a month's
 * name, "yesterday", "my servers", "steps to reproduce") -- is more likely a guide, an explainer or a rant about
 * updates in general, whose symptom words are hypothetical. Its regression cues count UNANCHORED_FACTOR of
 * their weight, and "no particular update named" joins the reasons. Anchors are data (rules/extract/
 * anchors.yaml) like the cues, in six languages. A story that does not even speak of an update (no `topic` word:
 * update, patch, driver, version, 更新 ...; nor a KB or a package) is about something else that broke, a service
 * outage or a printer's fault: its regression cues count nothing ("no update spoken of").
 *
 * Quotation and questions. A fix cue alone inside English quotation marks (the “fix”) is mentioned, not
 * announced: half weight. A quoted error code is weak evidence of a report. A cue in a question counts half,
 * and a fix cue in a question not at all ("does KB2 fix it?" announces nothing); a dash between spaces ends a
 * clause and a colon or "¿" starts a question, so "KB1 breaks RDP - does KB2 fix it?" asks only about KB2, and
 * so does a comma before a `question_start` phrase ("it stopped loading after the update, any ideas?").
 *
 * Culprits. A fix cue that is the subject of a `culprit_verb` ("OpenSSL fix breaks SSH.NET", "patch for A causes
 * B") is what broke something: it counts for a regression report.
 *
 * Conditions. A cue in a conditional clause is a case considered, not a case seen: "if the system fails to boot",
 * "falls der Server nicht startet", "si el equipo no arranca", "起動しない場合" -- how guides, explainers and
 * workarounds talk. A `hypothetical` word ("if", "falls", "si", "indien") puts what follows it in the conditional:
 * its whole sentence when it opens it ("If you remove them in the wrong order, Windows no longer works"), else up
 * to the next comma ("X, if the logs are right, broke Y" blames X); a `hypothetical_after` word (Japanese "場合")
 * its clause before it, back to the last "、". There a cue counts HYPOTHETICAL_FACTOR, like one in a question: a
 * report that says "if you reboot it blue-screens" has told its case elsewhere too.
 *
 * The reader and quotation. A regression cue told of the reader's system ("your server no longer boots", "votre
 * serveur ne démarre plus", `reader` words) or inside quotation marks (「接続できない」, “it won't boot”) is a guide's
 * scenario or a complaint quoted, not a case seen: a quarter of its weight, unless its sentence names a particular
 * update (a KB, an anchor, an installed phrase: "After installing this update, your device might fail to start" is
 * a vendor's known issue).
 *
 * Verdicts. A `cleared` cue ("not a bug", "false alarm", "Fehlalarm") stated in the body after every strong
 * regression cue, and not scoped to something else ("not a bug in our code"), is a thread's last word: the post is
 * informational. A symptom told as a habit ("typically", "normalerweise") is a `hypothetical` case.
 *
 * Undoing. A fix cue after an `undo` word in its clause ("uninstalling KB1 fixed it", "désinstaller la mise à jour
 * résout les blocages") is what undoing the update did: it counts for a regression report.
 *
 * Retold failures. A failure told in the sentence of a fix announced, with no contrast word between ("KB2 resolves
 * the issue where KB1 silenced USB audio", "le problème provoqué par KB1 est corrigé dans KB2", "KB1 によって発生した
 * 問題は…解決されました"), is what the fix mended: it counts RETOLD_FACTOR of its weight, and not against a fix story;
 * when every failure of the body is told so, so does the headline's. Fix stories retell their bug at length; counted
 * in full, the bug outweighed the fix. Not at all, a news story of a regression that ends with the emergency fix
 * lost its report (two tuning posts).
 *
 * Negation. A cue is cancelled when a `negation` span covers it ("cannot be fixed", "no issues"), when a
 * `negation_before` word ("not", "nicht", "pas") stands at most two words before it in the same clause, or a
 * `negation_after` word (Japanese "ない", "ません") follows it closely in the same clause.
 *
 * KB roles. A KB mention takes the role of the nearest role phrase in its clause: `kb_fix_before` ("fixed in",
 * "resolved by", "out-of-band") or `kb_affected_before` ("caused by", "uninstall") right before it,
 * `kb_fix_after` ("fixes", "で修正") or `kb_affected_after` ("breaks") right after it. An installed phrase
 * (`kb_installed_before` "after installing", "applied"; `kb_installed_after` "を適用後") blames the KB too, unless
 * the same clause says the installing fixed something ("installing KB2 fixed it"): then KB2 is the fix, since a
 * warning must never name it. Uninstalling is the other way round and stays `kb_affected`.
 * Other KB mentions in between do not count as distance, so "KB1 and KB2 fix" gives both the role. A KB no
 * phrase places is blamed when its own clause goes on to say what broke (a strong regression cue after it,
 * before any fix cue: "the KB1 update sent DCs into a boot loop"). A KB
 * with any fix mention is a fix (a warning must never name the fix); one with only unplaced mentions is blamed
 * only in a regression report that speaks of no fix at all (its headline included: "Windows 11 bug KB2" may
 * head the story of the emergency update KB2). A KB whose role no evidence decides never goes to a warning: one
 * offered in a remedy sentence ("Solution: install KB2", `kb_remedy`) or by install advice ("Install KB2"), one
 * whose next words say what it is for ("KB2 for the printing problem"), one unplaced while another KB is placed
 * and not an item of a blamed one's list ("KB1 broke printing, Microsoft has released KB2"), and one only
 * installed, in a sentence that tells no failure, beside a blamed KB ("We then installed KB2 and it works"). */
#include "parsers/advisory_extract_priv.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/advisory_internal.h"

#define ROLE_GAP_MAX 40          /* bytes between a role phrase and its KB (other KB mentions not counted) */
#define LIST_GLUE_MAX 7          /* ", and ", " oder ": what joins the KBs of one list */
#define NOUN_LEAD_MAX 32          /* bytes of an update's noun phrase between an installed phrase and the KB */
#define ROLE_GOVERN_GAP 2        /* a before-phrase this close governs the KB ("uninstalling KB1", "fix: KB2") */
#define NEG_BEFORE_WORDS_MAX 2   /* "not (really) (ever) broke" */
#define NEG_BEFORE_GAP_MAX 32
#define NEG_AFTER_GAP_MAX 12     /* "修正されていない": four characters of particles and auxiliaries */
#define REASONS_MAX 64           /* distinct cue phrases tallied per advisory */
#define REASONS_SHOWN 8          /* class_reasons entries */
#define TITLE_FACTOR 2.0
#define FRAME_FACTOR 1.5         /* a title-only cue that starts or ends the headline frames it */
#define CLASS_THRESHOLD 1.0
#define QUESTION_FACTOR 0.5      /* a cue in a question: "does KB1 cause problems?", "how do I fix it?" */
#define SCARE_QUOTE_MAX 24       /* bytes of a quotation that is a word or two: a "fix" in scare quotes */
#define SCARE_QUOTE_FACTOR 0.5   /* ... is a mention, often ironic, not a fix announced */
#define QUOTED_MAX 120           /* bytes of a quoted complaint or message: 「つながったと思ったらすぐ切れる」 */
#define QUOTED_MORE_MIN 4        /* letters (bytes) a quotation holds besides the cue: a complaint, not a term */
#define QUOTED_FACTOR 0.25       /* a symptom quoted, with no update named: a mention, like a guide's scenario */
#define ERROR_CODE_WEIGHT 1.0    /* an error code (0x800f0922) quoted anywhere */
#define UNANCHORED_FACTOR 0.4    /* regression cues of a story that names no particular update ... */
#define UNANCHORED_CAP 1.5       /* ... and at most this much: a guide lists every symptom there is */
#define HYPOTHETICAL_FACTOR 0.5  /* a cue in a conditional clause: "if the update fails to install" */
#define HYPO_REACH_MAX 200       /* bytes a condition word reaches forward within its sentence */
#define UNDO_REACH_MAX 80        /* "uninstalling the January update KB1 on both nodes fixed it" */
#define NARRATIVE_MIN 3.0       /* regression evidence a first-hand account needs to outweigh a genre headline */
#define CULPRIT_GAP_MAX 24       /* bytes between a fix cue and the verb it is the subject of: "fix now breaks" */
#define CULPRIT_WORDS_MAX 2      /* ... and words: "patch reportedly also causes" */
#define SENTENCE_MAX 600         /* bytes: two places farther apart are not told in one sentence (bounds the scans) */
#define LIST_SPAN_MAX 300        /* bytes between two KBs of one list: "KB1 (Windows 10 version 22H2), KB2 (...)" */
#define READER_FACTOR 0.25      /* a cue told of the reader's system, no update named: a guide's scenario */
#define READER_REACH_MAX 120     /* "you come into the office to find your server stuck": one sentence's reach */
#define MENDED_GAP_MAX 16        /* "fixed the bug", "behebt die Cluster-Fehler": a fix's object follows it closely */
#define WITHDRAWN_GAP_MAX 20     /* "pulled the update KB1", "KB1 has now been pulled" */
#define REMEDY_REACH_MAX 80      /* "Workaround: download the standalone package and install KB2 by hand" */
#define SECURITY_FACTOR 0.25     /* a failure or fix told of a vulnerability ("a bug that let attackers crash the host") */
#define INTENT_WORDS_MAX 4       /* words back: "should fix", "was supposed to fix", "sollte den Fehler beheben" */
#define ALL_CLEAR_WORDS_MAX 4    /* words back: "keine Auffälligkeiten seit", "niets vreemds gezien sinds" */
#define GENRE_GAP_MAX 8          /* bytes between a fix word and the genre word it makes a phrase with: "解決する方法" */
#define RETOLD_FIXES_MAX 32      /* fix cues remembered per advisory for retold failures (a thread has a few) */
#define FELL_SHORT_REACH 300     /* bytes from a fix to the "still" that says it did not help (this or the next sentence) */
#define RETOLD_FACTOR 0.25       /* a failure told as what a fix mended: it happened, but the story is the fix */

int ex_is_clause_break(const char *s, size_t i, size_t len)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == ';') return 1;
    if (c == '.' || c == '!' || c == '?') {
        if (i + 1 >= len) return 1;
        unsigned char d = (unsigned char)s[i + 1];
        return d == ' ' || d == '\n' || d == '\t' || d == '"' || d == ')' ? 1 : 0;
    }
    if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82) return 3; /* 。 */
    /* a dash between spaces joins two statements ("KB1 breaks RDP - does KB2 fix it?", "KB1 – install KB2") */
    if (c == '-' && i > 0 && i + 1 < len && s[i - 1] == ' ' && s[i + 1] == ' ') return 1;
    if (c == 0xE2 && i > 0 && i + 3 < len && s[i - 1] == ' ' && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94) && s[i + 3] == ' ')
        return 3; /* – — */
    if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
        ((unsigned char)s[i + 2] == 0x81 || (unsigned char)s[i + 2] == 0x9F))
        return 3; /* ！ ？ */
    return 0;
}

static int has_break(const char *s, size_t a, size_t b, size_t len)
{
    for (size_t i = a; i < b && i < len; i++)
        if (ex_is_clause_break(s, i, len)) return 1;
    return 0;
}

/* A negation reaches no further than a comma or colon either ("No error, just segfaults"), while a KB role
 * phrase does ("KB1, KB2 and KB3 break"). */
static int has_negation_break(const char *s, size_t a, size_t b, size_t len)
{
    for (size_t i = a; i < b && i < len; i++)
        if (s[i] == ',' || s[i] == ':' || ex_is_clause_break(s, i, len)) return 1;
    return 0;
}

static size_t words_between(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = a; i < b; i++) {
        int sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

static ex_field hit_field(const pw_extractor *x, const ex_hit *h) { return x->rules[h->rule].field; }

/* The word s[0..n) is one of `list` (case-insensitive, whole word). */
static int word_is(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (strlen(list[k]) == n && strncasecmp(s, list[k], n) == 0) return 1;
    return 0;
}
#define WORD_IN(s, n, list) word_is((s), (n), (list), sizeof(list) / sizeof((list)[0]))

/* The KB mention that starts at i, or NULL. */
static const ex_mention *mention_at(const pw_extractor *x, size_t i)
{
    for (size_t k = 0; k < x->nmentions; k++)
        if (x->mentions[k].start == i) return &x->mentions[k];
    return NULL;
}

/* What joins the KBs of one list: "KB1 and KB2", "KB1 oder KB2", "KB1 と KB2", "KB1またはKB2". */
static const char *const list_glue[] = {"and", "or", "as", "well", "und", "oder", "sowie", "y", "o", "e", "et", "ou",
                                        "en", "of", "optionally", "also", "eventuell", "auch", "opcionalmente",
                                        "también", "éventuellement", "aussi", "eventueel", "ook", "\xE3\x81\xA8",
                                        "\xE3\x82\x84", "\xE5\x8F\x8A\xE3\x81\xB3",
                                        "\xE3\x81\xBE\xE3\x81\x9F\xE3\x81\xAF",             /* または */
                                        "\xE3\x82\x82\xE3\x81\x97\xE3\x81\x8F\xE3\x81\xAF", /* もしくは */
                                        "\xE3\x81\x8A\xE3\x82\x88\xE3\x81\xB3"};            /* および */

/* A negation word is about the word right after it: in "no sound after the update", "kein WLAN nach dem Update",
 * "sin red tras la actualización" the "no" is the symptom, and the update context that follows (a phrase that
 * opens with a `negation_stop` word: "after", "nach", "tras") is not negated. Only with a word between that is
 * no cue itself: "nothing broke after the update" keeps "after the update" negated through "broke", and "not
 * after the update" (nothing between) stays negated. Quadratic in the hits, like the rest of negation. */
static int stops_negation(const pw_extractor *x, uint32_t neg_end, uint32_t start)
{
    const char *s = x->subject.data;
    int stop = 0;
    if (words_between(s, neg_end, start) == 0) return 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        ex_field f = hit_field(x, g);
        if (f == F_NEG_STOP && g->start == start) stop = 1;
        if ((f == F_REGRESSION || f == F_FIX || f == F_INFO) && g->start >= neg_end && g->end <= start) return 0;
    }
    return stop;
}

int ex_negated(const pw_extractor *x, uint32_t start, uint32_t end)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        switch (hit_field(x, h)) {
        case F_NEG:
            if (h->start < end && start < h->end) return 1;
            break;
        case F_NEG_BEFORE:
            if (h->end <= start && start - h->end <= NEG_BEFORE_GAP_MAX &&
                words_between(s, h->end, start) <= NEG_BEFORE_WORDS_MAX && !has_negation_break(s, h->end, start, len) &&
                !stops_negation(x, h->end, start))
                return 1;
            break;
        case F_NEG_AFTER:
            if (h->start >= end && h->start - end <= NEG_AFTER_GAP_MAX && !has_negation_break(s, end, h->start, len))
                return 1;
            break;
        default: break;
        }
    }
    return 0;
}


typedef struct {
    const char *label; /* not NUL-terminated when it points into the subject */
    size_t len;
    ex_field cls;
    double score;
    uint32_t at; /* first place it was seen: ties in score keep text order */
    int in_title; /* its best place is the headline */
} reason;

typedef struct {
    reason v[REASONS_MAX];
    size_t n;
    double total[3];  /* regression, fix, informational */
    int strong[3];    /* a cue of weight >= 1 was seen: weak words alone ("problem", "error") decide nothing */
    int anchored;     /* a KB, a package with a version, a vendor status or an anchor phrase ties it to an update */
    int on_topic;     /* it speaks of an update at all: a topic word, a KB, a package, a vendor status or a fix
                       * that broke something */
    int narrative;    /* the body tells a first-hand account ("I installed", "we noticed") */
    double fix_asked; /* fix cues in questions: no announcement, but the story speaks of a fix */
    int cleared;      /* a `cleared` cue stated in the body, with no strong regression cue after it: the verdict */
    uint32_t cleared_at, last_failure; /* where the last such cue and the last strong regression cue start */
    int title_cleared; /* the headline tells a failure and then clears the update */
    size_t negated, asked, hypo, undone; /* cue hits cancelled, in questions, conditional, turned by undoing */
    double told_failures;                /* failure weight neither asked nor supposed: a failure stated */
    double retold;                       /* the regression weight of failures a fix mended (in total[0]) */
    int security;                        /* a vulnerability is told (a `security` cue) */
} tally;

static int cls_index(ex_field f) { return f == F_REGRESSION ? 0 : f == F_FIX ? 1 : 2; }

static void tally_add(tally *t, ex_field cls, const char *label, size_t len, double score, uint32_t at, int in_title)
{
    for (size_t i = 0; i < t->n; i++) {
        reason *r = &t->v[i];
        if (r->cls == cls && r->len == len && strncasecmp(r->label, label, len) == 0) {
            if (score > r->score) { /* the same phrase again counts once, at its best place */
                t->total[cls_index(cls)] += score - r->score;
                r->score = score;
                r->in_title = in_title;
            }
            return;
        }
    }
    if (t->n >= REASONS_MAX) return;
    t->v[t->n++] = (reason){label, len, cls, score, at, in_title};
    t->total[cls_index(cls)] += score;
    if (score >= 1.0) t->strong[cls_index(cls)] = 1;
}

static int is_cue(ex_field f)
{
    return f == F_REGRESSION || f == F_FIX || f == F_INFO || f == F_CLEARED || f == F_DATED;
}

/* A cue hit counts where its rule's scope allows: a title-only genre word in the body is no cue at all. */
static int cue_in_scope(const pw_extractor *x, const ex_hit *h)
{
    const ex_rule *r = &x->rules[h->rule];
    int in_title = h->start < x->title_len;
    return is_cue(r->field) && !(r->scope == S_TITLE && !in_title) && !(r->scope == S_BODY && in_title);
}

/* A cue inside a longer cue is the longer one's word: "fixed" in "uninstall fixed it", "known issue" in
 * "known issue rollback"; the same words matched by two rules ("blue screens" in English, "Bluescreens" in
 * German, "how to" as a weak word and as a headline genre word) count once, for the rule of the larger
 * weight, then the first. Two nested cues of one class count as the heavier alone. Quadratic in the cue hits of one advisory (a few dozen). */
static int inside_longer_cue(const pw_extractor *x, size_t i)
{
    const ex_hit *h = &x->hits[i];
    double wh = x->rules[h->rule].weight;
    for (size_t j = 0; j < x->nhits; j++) {
        const ex_hit *g = &x->hits[j];
        if (j == i || !cue_in_scope(x, g)) continue;
        /* the longer cue wins, unless it is a weaker word of the same class ("cómo solucionar" as a weak
         * how-to word does not silence "cómo" as a headline genre word) */
        if (g->start <= h->start && g->end >= h->end && g->end - g->start > h->end - h->start &&
            (hit_field(x, g) != hit_field(x, h) || x->rules[g->rule].weight >= wh))
            return 1;
        if (g->start == h->start && g->end == h->end) {
            double wg = x->rules[g->rule].weight;
            if (wg > wh || (wg == wh && j < i)) return 1;
        }
    }
    return 0;
}

/* A `question_start` phrase right after a comma (or "、") in (a, b) opens the question there (", any ideas?", ", can
 * anyone help?", ", weiß jemand Rat?"): what the sentence said before the comma is a statement. One pass over the
 * hits, so a long clause full of commas costs no more than its hits. */
static int question_starts_between(const pw_extractor *x, size_t a, size_t b)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    for (size_t k = 0; k < x->nhits; k++) {
        const ex_hit *h = &x->hits[k];
        if (hit_field(x, h) != F_QUESTION_START || h->start <= a || h->start >= b) continue;
        size_t p = h->start;
        while (p > a && (s[p - 1] == ' ' || s[p - 1] == '\t')) p--;
        if (p > a && s[p - 1] == ',') return 1;
        if (p >= a + 3 && s[p - 3] == 0xE3 && s[p - 2] == 0x80 && s[p - 1] == 0x81) return 1; /* 、 */
    }
    return 0;
}

/* The clause holding [start, end) ends in a question mark ("?" or "？", or Japanese "か。": "問題が起きていないでしょうか。"),
 * and the cue itself holds none (the question cues, "anyone else?", are questions on purpose). */
static int in_question(const pw_extractor *x, uint32_t start, uint32_t end)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    if (memchr(s + start, '?', end - start)) return 0;
    for (size_t i = end; i < len; i++) {
        /* a question begins after a colon or at "¿": "KB1 rompe RDP: ¿lo corrige KB2?" asks only about KB2 */
        if ((s[i] == ':' && i + 1 < len && s[i + 1] == ' ') ||
            ((unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xBF))
            return 0;
        int b = ex_is_clause_break(s, i, len);
        if (!b) continue;
        int q = s[i] == '?' || (b == 3 && (unsigned char)s[i + 2] == 0x9F) || /* ？ */
                (b == 3 && (unsigned char)s[i + 2] == 0x82 && i >= 3 && (unsigned char)s[i - 3] == 0xE3 &&
                 (unsigned char)s[i - 2] == 0x81 && (unsigned char)s[i - 1] == 0x8B); /* 。 after か: a Japanese question */
        /* ... or after a comma when a question opener follows: "it stopped loading after the update, any ideas?" */
        return q && !question_starts_between(x, end, i);
    }
    return 0;
}

/* A sentence end between a and b: a period, "!", "?", ";", a new line (not a comma: "if X, Y" is one
 * condition, and not a spaced dash either, which ex_is_clause_break counts). */
static int has_sentence_end(const char *s, size_t a, size_t b, size_t len)
{
    for (size_t i = a; i < b && i < len; i++) {
        int br = ex_is_clause_break(s, i, len);
        if (br && s[i] != '-' && (unsigned char)s[i] != 0xE2) return 1;
    }
    return 0;
}

/* The hypothetical word at [start, ...) opens its sentence: nothing but spaces, quotes or a bullet since the
 * last sentence end (or the start of the text, or of the body after the title). */
static int opens_sentence(const pw_extractor *x, size_t start)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = start; i > 0; i--) {
        unsigned char c = (unsigned char)s[i - 1];
        if (i == x->title_len || (ex_is_clause_break(s, i - 1, len) && c != '-')) return 1;
        if (c == ' ' || c == '\t' || c == '"' || c == '(' || c == '*' || c == '-') continue;
        if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80) { /* “ ‘ • */
            i -= 2;
            continue;
        }
        if (i >= 3 && (unsigned char)s[i - 3] == 0xE3 && (unsigned char)s[i - 2] == 0x80 &&
            (unsigned char)s[i - 1] == 0x82)
            return 1; /* 。 */
        return 0;
    }
    return 1;
}

/* The cue [start, end) is in a conditional clause: after a `hypothetical` word in the same sentence -- to the
 * sentence end when the word opens it ("If you remove them, Windows no longer starts": the consequence is as
 * hypothetical as the condition), else to the next comma ("..., si l'on en croit les utilisateurs, engendre des
 * écrans bleus": the aside is the condition, not the bluescreens) -- at most HYPO_REACH_MAX bytes back; or right
 * before a `hypothetical_after` word in the same clause, with no "、" between ("KB1の適用後にサーバーが起動しない場合は" is
 * one condition). */
static int in_hypothetical(const pw_extractor *x, uint32_t start, uint32_t end)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        if (f == F_HYPO && h->end <= start && start - h->end <= HYPO_REACH_MAX &&
            !has_sentence_end(s, h->end, start, len) &&
            (opens_sentence(x, h->start) || !memchr(s + h->end, ',', start - h->end)))
            return 1;
        if (f == F_HYPO_AFTER && h->start >= end && h->start - end <= HYPO_REACH_MAX &&
            !has_break(s, end, h->start, len) && !memmem(s + end, h->start - end, "\xE3\x80\x81", 3))
            return 1;
    }
    return 0;
}

/* The sentence around [start, end) names a particular update: a KB or an anchor ("this update", "the March
 * update"). An installed phrase alone does not ("after updates" is one, and says which update no more than
 * "updates" does). */
static int particular_in_sentence(const pw_extractor *x, uint32_t start, uint32_t end)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->nmentions + x->nhits; i++) {
        size_t a, b; /* the KB mention's or the anchor's span */
        if (i < x->nmentions) {
            a = x->mentions[i].start, b = x->mentions[i].end;
        } else {
            const ex_hit *h = &x->hits[i - x->nmentions];
            if (hit_field(x, h) != F_ANCHOR) continue;
            a = h->start, b = h->end;
        }
        if (b <= start ? start - b <= SENTENCE_MAX && !has_sentence_end(s, b, start, len)
                       : a >= end && a - end <= SENTENCE_MAX && !has_sentence_end(s, end, a, len))
            return 1;
    }
    return 0;
}

/* The cue [start, end) is told of the reader's system: a `reader` word ("your", "votre", "Ihr", "あなた") in its
 * sentence, within READER_REACH_MAX bytes on either side ("You come into the office to find your server stuck in a
 * reboot loop"), and no particular update named there. A guide's scenario, weighed like a condition. A vendor's
 * known issue addresses the reader too, but about one update: "After installing this update, your device might
 * fail to start" keeps its weight. In the headline it counts only when the body addresses the reader as well: a
 * guide talks to its reader throughout, while "Windows 11 update breaks your Start menu" over a story of "many
 * users" is a news hook. */
static int addressed_to_reader(const pw_extractor *x, uint32_t start, uint32_t end)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    if (start < x->title_len) { /* a headline's "your" is a news hook unless the body addresses the reader too */
        int body = 0;
        for (size_t i = 0; i < x->nhits && !body; i++)
            body = hit_field(x, &x->hits[i]) == F_READER && x->hits[i].start >= x->title_len;
        if (!body) return 0;
    }
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_READER) continue;
        if ((h->end <= start && start - h->end <= READER_REACH_MAX && !has_sentence_end(s, h->end, start, len)) ||
            (h->start >= end && h->start - end <= READER_REACH_MAX && !has_sentence_end(s, end, h->start, len)))
            return !particular_in_sentence(x, start, end);
    }
    return 0;
}

/* The undo word is part of a fix's name: "Known Issue Rollback" is how Microsoft ships a fix. */
static int inside_fix_cue(const pw_extractor *x, const ex_hit *u)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_FIX && h->start <= u->start && h->end >= u->end && h->end - h->start > u->end - u->start)
            return 1;
    }
    return 0;
}

/* The fix cue at [start, end) tells what undoing the update did: an `undo` word ("uninstalling", "désinstaller",
 * "アンインストール") before it in the same clause, at most UNDO_REACH_MAX bytes back (commas allowed: "after
 * uninstalling KB1, the problem was resolved"). Such a cue is evidence that the update caused the problem. */
static int undone_by(const pw_extractor *x, uint32_t start)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    /* a fix cue that names another update as the fix ("remove KB1, the fix is KB2", "uninstall KB1; fixed in KB2")
     * tells where the fix is, not what undoing did */
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) != F_KB_FIX_BEFORE || g->start > start || g->end <= start) continue;
        for (size_t k = 0; k < x->nmentions; k++)
            if (x->mentions[k].start >= g->end && x->mentions[k].start - g->end <= ROLE_GOVERN_GAP) return 0;
    }
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_UNDO && h->end <= start && start - h->end <= UNDO_REACH_MAX &&
            !has_break(s, h->end, start, len) && !ex_negated(x, h->start, h->end) && !inside_fix_cue(x, h))
            return 1;
    }
    return 0;
}

/* The verb ending at `end` is passive, its agent next: "prompts triggered by KB1", "verursacht durch", "provocado
 * por", "provoqué par", "veroorzaakt door". Its subject is not what it says broke something. */
static int passive_agent_after(const pw_extractor *x, size_t end)
{
    static const char *const agent[] = {"by", "durch", "por", "par", "door"};
    const char *s = x->subject.data;
    size_t i = end, len = x->subject.len;
    while (i < len && s[i] == ' ') i++;
    size_t w = i;
    while (i < len && isalpha((unsigned char)s[i])) i++;
    return i > w && WORD_IN(s + w, i - w, agent);
}

/* The fix cue ending at `end` is the subject of a culprit verb: "OpenSSL fix breaks SSH.NET", "Patch für X sorgt
 * für Abstürze", "le correctif provoque des écrans bleus", "patch for the printing bug causes BSODs" (the
 * culprit_verb rules carry the "for X" slot in their pattern, so the object's own cue words are inside the verb's
 * hit). The verb starts at most CULPRIT_WORDS_MAX words after the fix cue, in its clause (no comma, colon or
 * sentence end between: "fixes RDP, breaks printing" is two statements), with no other cue between -- in "fix
 * after update causes bugs" the subject of "causes" is the update -- and no KB between ("KB2 fixes KB1, which
 * broke it"). Such a fix is what broke something: it counts for a regression report. Quadratic in the hits of
 * one advisory, like the other clause scans. */
static int fix_is_culprit(const pw_extractor *x, uint32_t end)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *v = &x->hits[i];
        if (hit_field(x, v) != F_CULPRIT_VERB || v->start < end || v->start - end > CULPRIT_GAP_MAX) continue;
        /* only the verb's own last word can be negated: the object of a "for X causes" hit may lie in a negation
         * span (negation-fix-for-object), which is about X, not about the verb */
        if (words_between(s, end, v->start) > CULPRIT_WORDS_MAX || has_negation_break(s, end, v->start, len) ||
            ex_negated(x, v->end - 1, v->end) || in_question(x, v->start, v->end) || passive_agent_after(x, v->end))
            continue;
        int between = 0;
        for (size_t j = 0; j < x->nhits && !between; j++) {
            const ex_hit *g = &x->hits[j];
            between = is_cue(hit_field(x, g)) && g->start >= end && g->start < v->start;
        }
        for (size_t j = 0; j < x->nmentions && !between; j++)
            between = x->mentions[j].start >= end && x->mentions[j].start < v->start;
        if (!between) return 1;
    }
    return 0;
}

/* English-style quotation marks only: French guillemets and Japanese brackets quote terms as a matter of
 * course (« out of band »), so a cue inside them is used, not mentioned. */
static int quote_at(const unsigned char *s, size_t i, size_t len, int open)
{
    if (s[i] == '"') return 1;
    if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80) return s[i + 2] == (open ? 0x9C : 0x9D); /* “ ” */
    return 0;
}

/* The cue is all but alone inside quotation marks ("the “fix” recommendations"): a short
 * quotation around it, opened at most SCARE_QUOTE_MAX bytes before and closed as close after. */
static int in_scare_quotes(const pw_extractor *x, const ex_hit *h)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    size_t len = x->subject.len, open = 0, close = 0;
    for (size_t i = h->start; i > 0 && h->start - i < SCARE_QUOTE_MAX && !open; i--) {
        if (s[i - 1] == '\n') return 0;
        if (quote_at(s, i - 1, len, 1)) open = i;
        else if (i >= 3 && quote_at(s, i - 3, len, 1)) open = i;
    }
    for (size_t i = h->end; i < len && i - h->end < SCARE_QUOTE_MAX && !close; i++) {
        if (s[i] == '\n') return 0;
        if (quote_at(s, i, len, 0)) close = i + 1;
    }
    return open && close && close - open <= 2 * SCARE_QUOTE_MAX;
}

/* The UTF-8 quotation mark at s[i]: 1 only opens (「 『 « „), 2 only closes (」 』 » ”), 3 either (“: English opens
 * with it, German closes „...“ with it); 0: none. */
static int quote_mark(const unsigned char *s, size_t i, size_t len)
{
    if (i + 1 < len && s[i] == 0xC2 && (s[i + 1] == 0xAB || s[i + 1] == 0xBB)) return s[i + 1] == 0xAB ? 1 : 2;
    if (i + 2 >= len) return 0;
    if (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] >= 0x8C && s[i + 2] <= 0x8F) return s[i + 2] % 2 ? 2 : 1;
    if (s[i] != 0xE2 || s[i + 1] != 0x80) return 0;
    return s[i + 2] == 0x9E ? 1 : s[i + 2] == 0x9D ? 2 : s[i + 2] == 0x9C ? 3 : 0;
}

/* The cue [start, end) is inside a quotation of at most QUOTED_MAX bytes on its line that says more than the cue:
 * “the server no longer boots”, 「Outlookが繋がらない!」, «ne démarre plus après la mise à jour». A quotation that is
 * the cue alone names a thing (“the infamous “blue screen of death””) and is left out, as is ASCII '"': reports
 * quote the error message they got with it. */
static int in_quotation(const pw_extractor *x, uint32_t start, uint32_t end)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    size_t len = x->subject.len, open = SIZE_MAX;
    for (size_t i = start; i > 0 && start - i < QUOTED_MAX && open == SIZE_MAX; i--) {
        int q = quote_mark(s, i - 1, len);
        if (s[i - 1] == '\n' || q == 2) return 0; /* a quotation closed before the cue */
        if (q) open = i - 1;
    }
    if (open == SIZE_MAX) return 0;
    for (size_t i = end; i < len && i - open < QUOTED_MAX; i++) {
        int q = quote_mark(s, i, len);
        if (s[i] == '\n' || q == 1) return 0; /* another quotation opened first */
        if (!q) continue;
        size_t more = 0; /* letters quoted besides the cue */
        for (size_t k = open + 1; k < i; k++)
            if ((k < start || k >= end) && (isalnum(s[k]) || (s[k] >= 0x80 && quote_mark(s, k, len) == 0))) more++;
        return more >= QUOTED_MORE_MIN;
    }
    return 0;
}

/* The clearing at h is scoped to something else by the word after it: "not a bug in our code", "on our side",
 * "kein Bug in unserer Software", "no es un error de nuestro programa", "pas un bug chez nous", "geen bug bij ons"
 * clear the writer's software, and such a thread goes on to blame the update. */
static int clearing_scoped(const pw_extractor *x, const ex_hit *h)
{
    static const char *const scope[] = {"in", "on", "of", "from", "im", "bei", "auf", "seitens", "en", "de", "del",
                                        "dans", "chez", "du", "bij", "van", "aan"};
    const char *s = x->subject.data;
    size_t i = h->end, len = x->subject.len, w;
    while (i < len && s[i] == ' ') i++;
    for (w = i; i < len && isalpha((unsigned char)s[i]); i++) {}
    return WORD_IN(s + w, i - w, scope);
}

/* A strong failure cue or a dated symptom before h in h's own part of the subject, the headline or the body:
 * "Laptop start niet op na update: bleek de SSD kapot te zijn". */
static int failure_before(const pw_extractor *x, const ex_hit *h)
{
    size_t from = h->start < x->title_len ? 0 : x->title_len;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        ex_field f = hit_field(x, g);
        if (g->start >= from && g->end <= h->start && x->rules[g->rule].weight >= 1.0 &&
            (f == F_REGRESSION || f == F_DATED) && !ex_negated(x, g->start, g->end))
            return 1;
    }
    return 0;
}

/* Nothing but spaces and punctuation between the title's start and the hit, or the hit and the title's end. */
static int frames_title(const pw_extractor *x, const ex_hit *h)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    int before = 1, after = 1;
    for (size_t i = 0; i < h->start && before; i++) before = s[i] < 0x80 && !isalnum(s[i]);
    for (size_t i = h->end; i < x->title_len && after; i++) after = s[i] < 0x80 && !isalnum(s[i]);
    return before || after;
}

static int apart(const pw_extractor *x, size_t a, size_t b);
static size_t installed_lead(const pw_extractor *x, size_t at);
static int clause_failure(const pw_extractor *x, size_t at, int before);
static int failure_then_installed(const pw_extractor *x, const ex_mention *m);
static size_t fix_noun_installed_after(const pw_extractor *x, const ex_hit *h);
static int names_a_kb(const pw_extractor *x, const ex_hit *h, size_t lead);
static int installed_when(const pw_extractor *x, size_t lead);
static int is_installed_phrase(const pw_extractor *x, const ex_hit *g);

/* The hit h overlaps a `cleared` phrase: its failure word is the one the clearing denies ("not aware of any
 * issues", "niet op de hoogte van problemen met deze update"). */
static int inside_cleared(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_CLEARED && g->start < h->end && h->start < g->end) return 1;
    }
    return 0;
}

/* The question holding h reports: a report_question phrase in its sentence ("Anyone else seeing LSASS crashes after
 * KB1?", "同じ症状の方いますか？"). */
static int report_question(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_REPORT_QUESTION && !apart(x, g->start, h->start)) return 1;
    }
    return 0;
}

static int failure_despite(const pw_extractor *x, const ex_hit *h);

/* Where the first word of `list` in [a, b) ends, or 0 (a word: letters, UTF-8 bytes included); with `clause`, 0 as
 * well when a clause break comes first. */
static size_t word_in_span(const pw_extractor *x, size_t a, size_t b, const char *const *list, size_t count,
                           int clause)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    for (size_t i = a; i < b;) {
        if (clause && ex_is_clause_break(x->subject.data, i, x->subject.len)) return 0;
        if (!isalpha(s[i]) && s[i] < 0x80) {
            i++;
            continue;
        }
        size_t w = i;
        while (i < b && (isalpha(s[i]) || s[i] >= 0x80)) i++;
        if (word_is((const char *)s + w, i - w, list, count)) return i;
    }
    return 0;
}
#define WORD_IN_SPAN(x, a, b, list, clause) \
    word_in_span((x), (a), (b), (list), sizeof(list) / sizeof((list)[0]), (clause))

/* Where the first contrast word ("but", "aber", "pero", "mais", "maar") in [a, b) ends, or 0; with `clause`, 0 as
 * well when a clause break comes first. Not Japanese: its contrast particles sit inside unspaced words. */
static size_t contrast_after(const pw_extractor *x, size_t a, size_t b, int clause)
{
    static const char *const contrast[] = {"but", "however", "yet", "aber", "doch", "jedoch", "allerdings", "pero",
                                           "embargo", "mais", "cependant", "toutefois", "maar", "echter"};
    return WORD_IN_SPAN(x, a, b, contrast, clause);
}

/* A modal of intent: "should", "was meant to", "sollte", "debería", "devrait", "zou". */
static const char *const intent_words[] = {"should", "supposed", "meant", "intended", "expected", "sollte", "sollten",
                                           "soll", "debería", "deberían", "debía", "devrait", "devraient", "devait",
                                           "censé", "censée", "attendu", "attendue", "zou", "zouden", "moest"};

/* Where the at most n words before `at` in its clause start (a comma, a clause break or the start ends them). */
static size_t clause_words_back(const pw_extractor *x, size_t at, size_t n)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    for (size_t words = 0; at > 0 && words < n; words++) {
        while (at > 0 && s[at - 1] == ' ') at--;
        size_t end = at;
        while (at > 0 && s[at - 1] != ' ' && s[at - 1] != '\n' && s[at - 1] != ',' &&
               !ex_is_clause_break(x->subject.data, at - 1, x->subject.len))
            at--;
        if (at == end) break;
    }
    return at;
}

/* The fix cue h is what something was meant to do, not what it did: a modal of intent at most INTENT_WORDS_MAX
 * words before it in its clause ("should fix", "was meant to fix", "sollte den Fehler beheben", "debería corregir",
 * "devrait corriger", "zou ... verhelpen"). */
static int intended_fix(const pw_extractor *x, const ex_hit *h)
{
    return WORD_IN_SPAN(x, clause_words_back(x, h->start, INTENT_WORDS_MAX), h->start, intent_words, 0) != 0;
}

/* The fix cue h makes a phrase with a genre word right after it or before it: "how to fix", "解決する方法", "cómo
 * solucionar": a guide's promise, not a fix announced. */
static int in_genre_phrase(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) != F_INFO) continue;
        if ((g->start >= h->end && g->start - h->end <= GENRE_GAP_MAX) ||
            (g->end <= h->start && h->start - g->end <= GENRE_GAP_MAX))
            if (!has_break(x->subject.data, g->start < h->start ? g->end : h->end,
                           g->start < h->start ? h->start : g->start, x->subject.len))
                return 1;
    }
    return 0;
}

/* Sentence ends in [a, b), counted up to 2 (a run of breaks, "?!" or ".\n", is one). */
static int sentence_ends(const pw_extractor *x, size_t a, size_t b)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    int ends = 0;
    for (size_t k = a; k < b && ends < 2; k++)
        if (ex_is_clause_break(s, k, len) && s[k] != ',' && s[k] != '-' && (unsigned char)s[k] != 0xE2 &&
            (k + 1 >= b || !ex_is_clause_break(s, k + 1, len)))
            ends++;
    return ends;
}

/* The fix fell short: a persistence phrase ("still", "didn't help", "immer noch", "sigue", "rien à faire", "helpt
 * niet", "改善しませんでした"; a plain "still" only with a failure in its sentence) follows the fix cue h in its
 * sentence or the next, at most FELL_SHORT_REACH bytes on:
 * "Out-of-band update installed, cluster still broken", "Obwohl wir das außerplanmäßige Update installiert haben,
 * wächst der Speicher weiterhin", "修正とされる KB2 も適用しましたが、改善しませんでした". The story is the failure
 * that stayed, not the fix. */
static int fix_fell_short(const pw_extractor *x, const ex_hit *h)
{
    size_t len = x->subject.len;
    /* a headline's fix ("Notfall-Update auf den DCs") is told by the body's first sentences */
    size_t from = h->end <= x->title_len && x->title_len < len ? x->title_len : h->end;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) != F_PERSIST || g->start < h->end ||
            (g->start > from && g->start - from > FELL_SHORT_REACH) || in_question(x, g->start, g->end) ||
            in_hypothetical(x, g->start, g->end)) /* "if it still fails" */
            continue;
        /* the next sentence still tells the fix's outcome */
        if (sentence_ends(x, g->start > from ? from : h->end, g->start) >= 2) continue;
        if (x->rules[g->rule].weight >= 1.0) return 1; /* "didn't help", "hilft nicht" */
        for (size_t j = 0; j < x->nhits; j++) {    /* "still" needs its failure: "still broken", not "still available" */
            const ex_hit *f = &x->hits[j];
            if (hit_field(x, f) == F_REGRESSION && f->start >= h->end && !apart(x, g->start, f->start) &&
                !ex_negated(x, f->start, f->end))
                return 1;
        }
    }
    return 0;
}

/* The fix cue hits[i] announces a fix, as tally_hits would count it for one at full weight: in scope, not negated,
 * not asked, not supposed, not undoing, not the subject of a culprit verb, not in scare quotes; and not a fix meant
 * ("sollte den Fehler beheben") or promised by a guide ("how to fix"). */
static int announces_fix(const pw_extractor *x, size_t i)
{
    const ex_hit *h = &x->hits[i];
    return hit_field(x, h) == F_FIX && x->rules[h->rule].weight >= 1.0 && cue_in_scope(x, h) &&
           !intended_fix(x, h) && !in_genre_phrase(x, h) &&
           !inside_longer_cue(x, i) && !ex_negated(x, h->start, h->end) && !undone_by(x, h->start) &&
           !fix_is_culprit(x, h->end) && !failure_despite(x, h) && !in_question(x, h->start, h->end) &&
           !in_hypothetical(x, h->start, h->end) && !in_scare_quotes(x, h) && !fix_fell_short(x, h);
}

/* The hit lies inside one of the spans (fix cues). */
static int inside_span(const ex_hit *h, const uint32_t (*span)[2], size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (h->start >= span[k][0] && h->end <= span[k][1]) return 1;
    return 0;
}

/* The fix cue ending at `end` takes the failure told before as its object by name: "This update fixes the problem",
 * "behebt das Problem", "corrige el problema", "corrige le problème", "verhelpt het probleem". */
static int anaphoric_object(const pw_extractor *x, size_t end)
{
    static const char *const obj[] = {"the problem", "the issue", "this issue", "this problem", "the regression",
                                      "this regression", "these issues", "das Problem", "diesen Fehler", "den Fehler",
                                      "el problema", "este problema", "la regresión", "le problème", "ce problème",
                                      "la régression", "het probleem", "dit probleem", "de regressie"};
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    while (end < len && s[end] == ' ') end++;
    for (size_t i = 0; i < sizeof obj / sizeof obj[0]; i++) {
        size_t n = strlen(obj[i]);
        if (end + n <= len && !strncasecmp(s + end, obj[i], n) && (end + n == len || !isalnum((unsigned char)s[end + n])))
            return 1;
    }
    return 0;
}

/* The fix cue starting at `at` has an update as its subject: an anchor ("This update", "the new package"), a KB or
 * a package version before it in its clause -- not a step taken ("Hitting restart resolved the issue") nor a
 * purpose ("Microsoft released KB2 to fix the issue", whose story stays the failure's). */
static int update_fixes(const pw_extractor *x, size_t at)
{
    static const char *const purpose[] = {"to", "zu", "um", "para", "pour", "om", "te"};
    const char *s = x->subject.data;
    size_t len = x->subject.len, e = at, b;
    while (e > 0 && s[e - 1] == ' ') e--;
    for (b = e; b > 0 && isalpha((unsigned char)s[b - 1]); b--) {}
    if (WORD_IN(s + b, e - b, purpose)) return 0; /* "released KB2 to fix the issue": what it is for, told as news */
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_ANCHOR && g->end <= at && at - g->end <= ROLE_GAP_MAX && !has_break(s, g->end, at, len))
            return 1;
    }
    for (size_t i = 0; i < x->nmentions + x->npmentions; i++) {
        const ex_mention *m = i < x->nmentions ? &x->mentions[i] : &x->pmentions[i - x->nmentions];
        if (m->end <= at && at - m->end <= ROLE_GAP_MAX && !has_break(s, m->end, at, len)) return 1;
    }
    return 0;
}

/* Clause breaks in [a, b), up to two. */
static int sentence_ends_in(const char *s, size_t a, size_t b, size_t len)
{
    int n = 0;
    for (size_t i = a; i < b && i < len && n < 2; i++) n += has_sentence_end(s, i, i + 1, len);
    return n;
}

/* The failure h is retold by a fix announced in its sentence, with no contrast word between the two: "KB2 resolves
 * the issue where KB1 silenced USB audio", "the BitLocker prompt seen after installing KB1 is addressed by KB2",
 * "el problema introducido por KB1 se ha resuelto", "KB1 によって発生した問題は…解決されました". The story is the fix;
 * the failure is what it fixes. "KB2 fixes printing but breaks RDP" keeps RDP a failure. A headline is terser:
 * there the fix must govern the failure, before it in one clause ("Microsoft fixes Outlook crash caused by ..."),
 * or after it in Japanese, whose verb comes last ("…不具合、KIRで解消"); "update causes boot loops, emergency fix
 * follows" tells both. Quadratic: the failures times the fixes (at most RETOLD_FIXES_MAX). An update's fix
 * that names the failure again ("the problem") also retells the failure of the sentence right before it ("The update
 * caused a regression ... This update fixes the problem", a distribution's regression notice). */
static int retold_by_fix(const pw_extractor *x, const ex_hit *h, const uint32_t (*fix)[2], size_t nfix)
{
    int in_title = h->start < x->title_len, ja = x->lang && strcmp(x->lang, "ja") == 0;
    if (inside_span(h, fix, nfix)) return 1; /* the fix's own words: "règle le souci" */
    for (size_t k = 0; k < nfix; k++) {
        int fix_first = fix[k][0] < h->start;
        size_t a = fix_first ? fix[k][1] : h->end, b = fix_first ? h->start : fix[k][0];
        if (a > b || b - a > SENTENCE_MAX) continue;
        if (has_sentence_end(x->subject.data, a, b, x->subject.len) &&
            (fix_first || in_title || sentence_ends_in(x->subject.data, a, b, x->subject.len) > 1 ||
             !anaphoric_object(x, fix[k][1]) || !update_fixes(x, fix[k][0])))
            continue;
        if (in_title && (fix_first == ja || has_break(x->subject.data, a, b, x->subject.len))) continue;
        if (!contrast_after(x, a, b, 0) && !WORD_IN_SPAN(x, a, b, intent_words, 0)) return 1; /* "Der Patch sollte den Fehler beheben" */
    }
    return 0;
}

/* The fix cue h is followed in its sentence by a contrast word and then a failure: "KB2 fixes the VPN bug but breaks
 * printing", "behebt den Fehler, verursacht aber Abstürze", "corrige el fallo, pero provoca pantallazos". What the
 * fix did besides is the news: like "OpenSSL fix breaks SSH", the fix counts for a regression report. */
static int failure_despite(const pw_extractor *x, const ex_hit *h)
{
    size_t len = x->subject.len, lim = h->end + SENTENCE_MAX < len ? h->end + SENTENCE_MAX : len;
    size_t turn = contrast_after(x, h->end, lim, 1);
    for (size_t i = 0; turn && i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (g->start >= turn && g->start < lim && hit_field(x, g) == F_REGRESSION &&
            x->rules[g->rule].weight >= 1.0 && !has_break(x->subject.data, turn, g->start, len) &&
            !ex_negated(x, g->start, g->end))
            return 1;
    }
    return 0;
}

/* A body that tells every strong failure as what a fix mended is a fix story, and its headline's failure is the
 * same one ("BitLocker recovery prompt after Windows update" over "... is addressed by KB2") -- unless the headline
 * says what did it ("VBS bug causes VM boot failures and emergency fixes"). */
static int headline_retold(const pw_extractor *x, const uint32_t (*fix)[2], size_t nfix)
{
    int retold = 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (h->start < x->title_len) {
            if (hit_field(x, h) == F_CULPRIT_VERB) return 0;
            continue;
        }
        if (hit_field(x, h) != F_REGRESSION || x->rules[h->rule].weight < 1.0 || !cue_in_scope(x, h) ||
            ex_negated(x, h->start, h->end) || inside_cleared(x, h) || is_installed_phrase(x, h) ||
            inside_span(h, fix, nfix))
            continue; /* "After installing KB2 the problem was gone" tells the fix installed, and "règle le souci"
                       * the fix's own word for a failure told elsewhere: neither tells which failure */
        if (!retold_by_fix(x, h, fix, nfix)) return 0;
        retold = 1;
    }
    return retold;
}

static int same_clause(const pw_extractor *x, size_t a, size_t b);

/* The security word g is the object of a fix, inside a negation span ("update fixes security flaws",
 * "Sicherheitslücken behoben"): it tells what an update is for, so it speaks only for its own clause ("Exchange update
 * fixes security flaws, breaks other stuff" tells a failure of the update). */
static int in_fix_of_security(const pw_extractor *x, const ex_hit *g)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *n = &x->hits[i];
        if (hit_field(x, n) == F_NEG && n->start <= g->start && n->end > g->start) return 1;
    }
    return 0;
}

/* The cue h is told of a vulnerability: a `security` word ("attackers", "exploited", "remote code execution",
 * "Angreifer", "vulnerabilidad", "faille", "kwaadwillende", "脆弱性") before it in its clause or after it in its
 * sentence, no contrast word between, and no install told in the sentence. "A bug that let code in a guest crash the host" is the hole a security update closes, and "Kwetsbaarheden
 * verholpen" closes it: neither is a regression nor its fix. "After installing the security update KB1 that fixes
 * CVE-X, Outlook crashes" tells the install, and stays a report. Quadratic in the hits of one advisory. */
static int security_told(const pw_extractor *x, const ex_hit *h)
{
    int security = 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        ex_field f = hit_field(x, g);
        size_t d = g->start > h->start ? g->start - h->start : h->start - g->start;
        if ((f != F_SECURITY && f != F_REGRESSION) || d > SENTENCE_MAX || apart(x, g->start, h->start)) continue;
        if (f == F_REGRESSION) {
            if (is_installed_phrase(x, g)) return 0;
            continue;
        }
        size_t a = g->start < h->start ? g->end : h->end, b = g->start < h->start ? h->start : g->start;
        if (a > b || contrast_after(x, a, b, 0)) continue; /* "fixes a zero-day, but breaks SMB" */
        /* a failure after the security word is the vulnerability's in its clause only: "a zero-day that let attackers
         * crash LSASS"; after a comma it is the update's again ("KB1, which patches an exploited zero-day, is causing
         * blue screens"). Before it, the sentence is the vulnerability's ("57 fallos, seis de ellos explotados"), unless
         * the security word only says what an update fixes ("fixes security flaws, breaks other stuff"). */
        if (g->start < h->start ? same_clause(x, a, b) : !in_fix_of_security(x, g) || same_clause(x, a, b))
            security = 1;
    }
    return security;
}

/* The dated cue h ("seit dem Patchday", "depuis le Patch Tuesday", "since KB1") dates nothing wrong: a negated
 * determiner at most ALL_CLEAR_WORDS_MAX words before it in its clause ("keine Auffälligkeiten seit", "rien à
 * signaler depuis", "niets vreemds gezien sinds", "nothing odd since"), or a negation span there ("no issues since
 * KB1"). A negated verb ("hasn't worked since KB1", "startet seit gestern nicht mehr") still dates a failure. */
static int dated_all_clear(const pw_extractor *x, const ex_hit *h)
{
    static const char *const none[] = {"nothing", "none", "keine", "kein", "keinerlei", "nichts", "rien", "aucun",
                                       "aucune", "nada", "ningún", "ninguna", "ninguno", "niets", "geen"};
    if (WORD_IN_SPAN(x, clause_words_back(x, h->start, ALL_CLEAR_WORDS_MAX), h->start, none, 0)) return 1;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *n = &x->hits[i];
        if (hit_field(x, n) == F_NEG && n->end <= h->start && same_clause(x, n->end, h->start)) return 1;
    }
    return 0;
}

/* The informational cue h lies in a `kb_cleared` match ("KB1 ran for a month without any problem", "KB1 lief einen
 * Monat ohne Probleme", "KB1 は1か月問題なく動いていました") in a post that names another KB and tells a failure or a
 * dated symptom outside the match ("... Since KB2 the UDP transport is gone"): the all-clear is that KB's, not the
 * post's verdict, so it does not count for the class. */
static int kb_all_clear(const pw_extractor *x, const ex_hit *h)
{
    const ex_hit *c = NULL;
    for (size_t i = 0; i < x->nhits && !c; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_KB_CLEARED && g->start <= h->start && h->end <= g->end) c = g;
    }
    const ex_mention *m = c ? mention_at(x, c->start) : NULL;
    int other = 0;
    for (size_t i = 0; m && i < x->nmentions && !other; i++) other = x->mentions[i].kb != m->kb;
    for (size_t i = 0; other && i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        ex_field f = hit_field(x, g);
        if (((f == F_REGRESSION && x->rules[g->rule].weight >= 1.0) || f == F_DATED) &&
            (g->end <= c->start || g->start >= c->end) && !ex_negated(x, g->start, g->end))
            return 1;
    }
    return 0;
}

static void tally_hits(const pw_extractor *x, tally *t)
{
    size_t lead, nfix = 0;
    uint32_t fix[RETOLD_FIXES_MAX][2];
    for (size_t i = 0; i < x->nhits && nfix < RETOLD_FIXES_MAX; i++)
        if (announces_fix(x, i)) {
            fix[nfix][0] = x->hits[i].start;
            fix[nfix++][1] = x->hits[i].end;
        }
    int title_retold = nfix && headline_retold(x, fix, nfix);
    for (size_t i = 0; i < x->nhits && !t->security; i++) t->security = hit_field(x, &x->hits[i]) == F_SECURITY;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        const ex_rule *r = &x->rules[h->rule];
        if (!cue_in_scope(x, h)) continue;
        int in_title = h->start < x->title_len;
        if (inside_longer_cue(x, i)) continue;
        /* a headline genre word (scope: title informational: "how to", a roundup's count) says what the post is,
         * not that something happened, so no negation cancels it: "Microsoft corrige 65 failles" lies in a
         * security-fix span, which is about the fix words */
        if (!(r->field == F_INFO && r->scope == S_TITLE) && ex_negated(x, h->start, h->end)) {
            t->negated++;
            continue;
        }
        if (r->field == F_REGRESSION && inside_cleared(x, h)) continue; /* "niet op de hoogte van problemen met" */
        if (r->field == F_INFO && kb_all_clear(x, h)) continue; /* "KB1 lief ohne Probleme. Seit KB2 ..." */
        const char *label;
        size_t len;
        if (r->value) {
            label = r->value;
            len = strlen(label);
        } else if (h->word != EX_WORD_NONE) {
            label = r->words[h->word];
            len = strlen(label);
        } else {
            label = x->subject.data + h->start;
            len = h->end - h->start > 64 ? 64 : h->end - h->start;
            /* cut at a character, not inside one: the reason is shown and written as JSON */
            while (len < (size_t)(h->end - h->start) && len > 0 && ((unsigned char)label[len] & 0xC0) == 0x80) len--;
        }
        /* a headline says what the story is; weak words (weight < 1) say little even there */
        double w = r->weight * (in_title && r->weight >= 1.0 ? TITLE_FACTOR : 1.0);
        /* a symptom dated by an update ("since KB1 ...") is a report's evidence; it names no failure, so the role
         * scans, which look for F_REGRESSION hits, do not see it */
        ex_field cls = r->field == F_CLEARED ? F_INFO : r->field == F_DATED ? F_REGRESSION : r->field;
        /* "uninstalling it fixed it", "désinstaller la mise à jour résout les blocages": a report's evidence */
        if (cls == F_FIX && undone_by(x, h->start)) {
            cls = F_REGRESSION;
            t->undone++;
        } else if (cls == F_FIX && (fix_is_culprit(x, h->end) || failure_despite(x, h) || fix_fell_short(x, h))) {
            cls = F_REGRESSION; /* "OpenSSL fix breaks SSH": the fix is what broke something; "OOB update
                                 * installed, cluster still broken": it did not mend it */
            t->on_topic = 1;    /* ... so that fix is an update */
        } else if (cls == F_FIX && (((lead = installed_lead(x, h->start)) != SIZE_MAX &&
                                     ((names_a_kb(x, h, lead) && clause_failure(x, lead, 1)) ||
                                      (installed_when(x, lead) &&
                                       (clause_failure(x, lead, 1) || clause_failure(x, h->end, 0))))) ||
                                    ((lead = fix_noun_installed_after(x, h)) > 0 && clause_failure(x, lead, 0)))) {
            cls = F_REGRESSION; /* "Printers crash since the hotfix KB1", "修正プログラム KB1 を適用後、印刷できない":
                                 * the fix named is the particular update installed */
        }
        if (r->field == F_DATED && dated_all_clear(x, h)) continue; /* "keine Auffälligkeiten seit dem Patchday" */
        int retold = cls == F_REGRESSION && (r->field == F_REGRESSION || r->field == F_DATED) &&
                     ((in_title && title_retold) || retold_by_fix(x, h, fix, nfix));
        int supposed = 0;
        if (r->field != F_INFO && in_question(x, h->start, h->end) &&
            !(cls == F_REGRESSION && report_question(x, h))) {
            supposed = 1;
            t->asked++;
            if (cls == F_FIX) { /* "does KB2 fix it?" asks for a fix: no fix is announced, but one is */
                t->fix_asked += w * QUESTION_FACTOR; /* in the story, so an unplaced KB may be it */
                continue;
            }
            w *= QUESTION_FACTOR;
        }
        if (r->field != F_INFO && in_hypothetical(x, h->start, h->end)) {
            w *= HYPOTHETICAL_FACTOR;
            t->hypo++;
            supposed = 1;
        } else if (cls == F_REGRESSION && addressed_to_reader(x, h->start, h->end)) {
            w *= READER_FACTOR; /* "your server no longer boots": the case a guide is written for */
            t->hypo++;
            supposed = 1;
        }
        if (cls == F_REGRESSION && !supposed) t->told_failures += w;
        /* a thread's verdict is its last word: a clearing stated in the body (not asked, not supposed) after
         * every failure told ("... looks like a false alarm after all") */
        if (r->field == F_CLEARED && !in_title && w >= r->weight && h->start >= t->cleared_at &&
            !clearing_scoped(x, h)) {
            t->cleared = 1;
            t->cleared_at = h->start;
        }
        /* ... and a headline that tells the failure and then its verdict ("Server won't boot after patching: turned
         * out to be the PSU") gives the story's end, whatever the body retells */
        if (r->field == F_CLEARED && in_title && w >= r->weight && !clearing_scoped(x, h) && failure_before(x, h))
            t->title_cleared = 1;
        if (cls == F_REGRESSION && r->weight >= 1.0 && w >= 1.0 && h->start >= t->last_failure)
            t->last_failure = h->start;
        if (retold) w *= RETOLD_FACTOR; /* the failure a fix mended: it happened, but the story is the fix */
        if (t->security && (cls == F_REGRESSION || cls == F_FIX) && security_told(x, h)) w *= SECURITY_FACTOR;
        if (cls == F_FIX && in_scare_quotes(x, h)) w *= SCARE_QUOTE_FACTOR;
        /* a symptom in quotation marks with no update named in its sentence («ne démarre plus», 「接続できない」)
         * is a complaint or a message quoted, as guides open with them: a mention, not a case seen */
        if (cls == F_REGRESSION && in_quotation(x, h->start, h->end) &&
            !particular_in_sentence(x, h->start, h->end))
            w *= QUOTED_FACTOR;
        if (r->scope == S_TITLE && frames_title(x, h)) w *= FRAME_FACTOR;
        double before = t->total[0];
        tally_add(t, cls, label, len, w, h->start, in_title);
        if (retold) t->retold += t->total[0] - before;
    }
}

static void tally_status(tally *t, const char *status)
{
    static const char *const issue[] = {"known-issue", "known issue", "investigating", "confirmed", "mitigated",
                                        "reported", "open"};
    if (!status) return;
    if (strcasecmp(status, "resolved") == 0 || strcasecmp(status, "serviceRestored") == 0) {
        tally_add(t, F_FIX, "status: resolved", 16, 2.0, 0, 1);
        return;
    }
    for (size_t i = 0; i < sizeof issue / sizeof issue[0]; i++)
        if (strcasecmp(status, issue[i]) == 0) {
            tally_add(t, F_REGRESSION, "status: known issue", 19, 2.0, 0, 1);
            return;
        }
}

static int by_score(const void *pa, const void *pb)
{
    const reason *a = pa, *b = pb;
    if (a->score != b->score) return a->score < b->score ? 1 : -1;
    return a->at < b->at ? -1 : a->at > b->at;
}

const char *const pw_extract_feature_names[PW_EXTRACT_NFEAT] = {
    "reg", "fix", "info", "head_reg", "head_fix", "head_info", "strong_reg", "strong_fix", "anchored",
    "fix_asked", "negated", "question", "hypothetical", "undo", "kb", "event_ids", "packages", "error_codes",
    "title"};

const double *pw_extractor_features(const pw_extractor *x) { return x->feat; }

static double capped(size_t n) { return n > 5 ? 5.0 : (double)n; }

/* The evidence set_class weighs, as numbers: what a fitted model (bench/reports_fit.py) sees. */
static void set_features(pw_extractor *x, const pw_advisory *a, const tally *t)
{
    double *f = x->feat;
    memset(f, 0, sizeof x->feat);
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].in_title && t->v[i].score >= 1.0) f[PW_FEAT_HEAD_REG + cls_index(t->v[i].cls)] += t->v[i].score;
    f[PW_FEAT_REG] = t->total[0];
    f[PW_FEAT_FIX] = t->total[1];
    f[PW_FEAT_INFO] = t->total[2];
    f[PW_FEAT_STRONG_REG] = t->strong[0];
    f[PW_FEAT_STRONG_FIX] = t->strong[1];
    f[PW_FEAT_ANCHORED] = t->anchored;
    f[PW_FEAT_FIX_ASKED] = t->fix_asked;
    f[PW_FEAT_NEGATED] = capped(t->negated);
    f[PW_FEAT_QUESTION] = capped(t->asked);
    f[PW_FEAT_HYPO] = capped(t->hypo);
    f[PW_FEAT_UNDO] = capped(t->undone);
    f[PW_FEAT_KB] = capped(a->kb.n);
    f[PW_FEAT_EVENT] = capped(a->event_ids.n);
    f[PW_FEAT_PACKAGE] = capped(a->packages ? json_array_size(a->packages) : 0);
    f[PW_FEAT_ERRCODE] = capped(a->error_codes.n);
    f[PW_FEAT_TITLE] = x->title_len > 1; /* more than the newline that ends it */
}

/* The report model's verdict on a post (p < 0: none asked, as for a vendor's own status). */
typedef struct {
    const pw_report_model *m;
    double p;
    pw_report_model_why why;
} model_view;

/* "worded like a regression report (model 0.93: "broke", "after installing")" into buf */
static size_t model_reason(char *buf, size_t size, const model_view *mv)
{
    int n = snprintf(buf, size, "worded like a regression report (model %.2f", mv->p);
    for (size_t i = 0; i < mv->why.n && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s\"%s\"", i ? ", " : ": ", mv->why.text[i]);
    if (n > 0 && (size_t)n < size) n += snprintf(buf + n, size - (size_t)n, ")");
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

static int set_class(pw_advisory *a, tally *t, const model_view *mv)
{
    char why[256];
    double R = t->total[0], F = t->total[1], I = t->total[2], conf, head[3] = {0, 0, 0};
    ex_field cls;
    const char *name;
    int verdict = 0; /* informational by the rules' verdict: a genre headline, the update cleared, all-clear words */
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].in_title && t->v[i].score >= 1.0) /* weak words say little even in a headline */
            head[cls_index(t->v[i].cls)] += t->v[i].score;
    /* A story that never speaks of an update (no topic word, KB, package or vendor status) tells of something
     * else that broke -- a service outage, a failing printer, a guide to an error -- and patchwatch reads reports
     * of updates: its failure words make no regression report. Its fix words still count, since a vendor's fix
     * is itself an update ("Microsoft corrige el error de inicio de sesión en Windows Server"). */
    if (!t->on_topic && R > 0) {
        R = 0;
        head[0] = 0;
        if (t->n < REASONS_MAX) t->v[t->n++] = (reason){"no update spoken of", 19, F_INFO, 0.0, 0, 0};
    /* symptoms of no particular update: a guide's or an explainer's "may crash", not a report */
    } else if (!t->anchored && R > 0) {
        R = fmin(R * UNANCHORED_FACTOR, UNANCHORED_CAP);
        head[0] = fmin(head[0] * UNANCHORED_FACTOR, UNANCHORED_CAP);
        if (t->n < REASONS_MAX) t->v[t->n++] = (reason){"no particular update named", 26, F_INFO, 0.0, 0, 0};
    }
    /* A patch for a vulnerability that tells no failure ("an out-of-band patch that closes an exploit ... could
     * allow remote code execution") mends no regression: security news, informational, however urgent its fix
     * words. A fix story that retells what broke keeps its class. */
    if (t->security && !t->strong[0] && t->retold == 0 && F > 0) {
        F = 0;
        head[1] = 0;
        if (t->n < REASONS_MAX) t->v[t->n++] = (reason){"a vulnerability's fix", 21, F_INFO, 0.0, 0, 0};
    }
    /* The headline says what the story is. A fix headline that retells the bug as much as it announces the
     * fix ("emergency patches after update crashes") is a fix story; a genre headline ("understanding the
     * blue screen", "how to roll back an update") is an explainer, whatever the body retells. */
    if (head[1] >= CLASS_THRESHOLD && head[1] > head[0] && head[1] > head[2] && F >= CLASS_THRESHOLD &&
        t->strong[1]) {
        cls = F_FIX;
        name = PW_ADV_CLASS_FIX;
        conf = F / (R + F + I + 0.5);
    /* ... unless the body is a first-hand account of the failure ("How to prevent RDP problems after updates"
     * over "I discovered that RDP had stopped working ... several updates had been installed"): a blogger's
     * report under a how-to headline is still a report, when it outweighs everything else said */
    } else if (head[2] >= CLASS_THRESHOLD && head[2] >= head[0] && head[2] >= head[1] &&
               !(t->narrative && t->anchored && R >= NARRATIVE_MIN && R > F + I)) {
        cls = F_INFO;
        name = PW_ADV_CLASS_INFO;
        conf = I / (R + F + I + 0.5);
        verdict = 1;
    /* A thread that ends by clearing the update ("not a bug", "Fehlalarm", "falsa alarma") is no report, however
     * loudly it began: the suspicion is told first, the verdict last. The cost: a later post that blames the
     * update again with no strong word is overruled. */
    } else if ((t->cleared && t->cleared_at > t->last_failure) || t->title_cleared) {
        cls = F_INFO;
        name = PW_ADV_CLASS_INFO;
        conf = I / (R + F + I + 0.5);
        verdict = 1;
    /* A regression report must outweigh all the evidence against it together: a fix story and an explainer
     * both retell the bug, so R beating F and I one at a time is not enough. A fix announcement needs only to
     * carry the fix and the retold bug together past R, less the failures it told as mended. */
    } else if (R >= CLASS_THRESHOLD && t->strong[0] && R > F + I) {
        cls = F_REGRESSION;
        name = PW_ADV_CLASS_REGRESSION;
        conf = R / (R + F + I + 0.5);
    /* ... and more than one plain word in passing: "a restart resolved it", "closing since it's resolved" */
    } else if (F > CLASS_THRESHOLD && t->strong[1] && F + I >= R - t->retold && F > I) {
        cls = F_FIX;
        name = PW_ADV_CLASS_FIX;
        conf = F / (R + F + I + 0.5);
    } else {
        cls = F_INFO;
        name = PW_ADV_CLASS_INFO;
        /* informational by default (no cue reaches the threshold): surer the less was said either way */
        verdict = I >= CLASS_THRESHOLD && I > R; /* ... or by what it says: "installed without problems" */
        conf = verdict ? I / (R + F + I + 0.5) : 0.4 + 0.5 / (1.0 + R + F);
    }
    /* The report model turns an informational reading into a report where it is very sure: the rules miss
     * wordings no phrase was written for, and the model reads a first-hand account of a named update from its
     * n-grams ("I had", "we", "the latest"). A bag of n-grams cannot read what the rules were written for, so
     * it never overrules their verdicts: a genre headline, an update cleared ("false alarm", "can be safely
     * ignored"), informational words that outweigh the failures ("installed without problems ... a hiccup,
     * unrelated"), failures only supposed ("if the server fails to boot"), no particular update named
     * ("updates can cause blue screens"), no update spoken of. Nor does it overrule the other way or turn a fix
     * story (which retells its bug in a report's words): on session 25's unread posts both were as often wrong
     * as right. `bench/reports_model.py --evaluate` (each collection scored by a model fitted without it):
     * 0.770 / 0.724 -> 0.772 / 0.784 (precision / recall) on those 323 posts, 0.864 / 0.752 -> 0.875 / 0.832 and
     * 0.727 / 0.653 -> 0.702 / 0.673 on session 26's two rounds. The cost: a reason that is a weight. */
    if (mv->m && mv->p > pw_report_model_high(mv->m) && cls == F_INFO && !verdict && !t->cleared &&
        (t->told_failures > 0 || !t->hypo) && t->anchored && t->on_topic) {
        cls = F_REGRESSION;
        name = PW_ADV_CLASS_REGRESSION;
        conf = mv->p;
        if (t->n < REASONS_MAX) t->v[t->n++] = (reason){why, model_reason(why, sizeof why, mv), F_REGRESSION, 1e9, 0, 0};
    }
    if (conf > 1) conf = 1;
    a->class_confidence = round(conf * 1000.0) / 1000.0;
    if (pw_adv_set_str(&a->report_class, name)) return -1;
    qsort(t->v, t->n, sizeof t->v[0], by_score);
    size_t shown = 0;
    for (size_t i = 0; i < t->n && shown < REASONS_SHOWN; i++) {
        if (t->v[i].cls != cls) continue;
        if (pw_adv_list_add(&a->class_reasons, t->v[i].label, t->v[i].len)) return -1;
        shown++;
    }
    return 0;
}

/* Bytes between a and b that are not inside another KB mention. */
static size_t role_gap(const pw_extractor *x, size_t a, size_t b)
{
    size_t gap = b - a;
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        if (m->start >= a && m->end <= b) gap -= m->end - m->start;
    }
    return gap;
}

static int listed_with(const pw_extractor *x, size_t a, size_t b);

/* A role phrase reaches past other KB mentions only through a list: "KB1, KB2 and KB3 fix it" gives all three
 * the role, but in "KB1 broke printing, install KB2 instead" the "instead" is KB2's alone. Between the KB and
 * the next mention toward the phrase there may be list glue only (", ", " and ", " oder ", "、": listed_with's words),
 * at most LIST_GLUE_MAX bytes; "KB2 で KB1 の問題" (KB1's problem, by KB2) is no list. `toward_end`: the phrase is
 * after the KB (scan a..b forward from the KB at a). */
static int reaches_through_list(const pw_extractor *x, size_t a, size_t b, int toward_end)
{
    size_t near = toward_end ? b : a; /* the end of the KB-side segment: the nearest other mention */
    int other = 0;
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        if (m->start < a || m->end > b) continue;
        other = 1;
        if (toward_end && m->start < near) near = m->start;
        if (!toward_end && m->end > near) near = m->end;
    }
    if (!other) return 1;
    if ((toward_end ? near - a : b - near) > LIST_GLUE_MAX) return 0;
    return toward_end ? listed_with(x, a, near) : listed_with(x, near, b);
}


/* A mention's role, and over all of a KB's mentions a set of them. ROLE_REMEDY: offered as the remedy ("Workaround:
 * install KB2", "KB2 for the printing problem", a fix asked about), which decides only that a warning must not name
 * it; it is not a fix role, because "Workaround: pause KB1" offers the culprit's deferral, not a fix.
 * ROLE_INSTALLED: an installed phrase placed it, but its sentence tells no failure ("We then installed KB2 and it
 * works"): it was installed, which blames it only where nothing else in the post is blamed. ROLE_UNDECIDED: installed
 * in a sentence that goes on to blame another KB (assign_roles): never blamed unless another mention decides it.
 * ROLE_MENDED: placed by a failure told as mended ("fixed the bug in KB2", "behebt Cluster-Fehler mit KB2", "corrige
 * el fallo de KB1"): the KB is where the failure was or what mended it, and only the rest of the post tells which
 * (assign_roles). ROLE_WITHDRAWN: a `kb_withdrawn` phrase holds or touches it ("pulled KB1", "stops KB1 rollout"):
 * blamed, and never the fix, whatever else the post calls it. ROLE_SUPERSEDING: placed as the fix by a supersedence
 * phrase only ("superseded by KB2"), the fix unless blamed or told installed. ROLE_RAN_FINE: a `kb_cleared` match
 * says it ran fine, which clears it beside another KB the post blames. */
enum { ROLE_NONE = 0, ROLE_FIX = 1, ROLE_AFFECTED = 2, ROLE_MENTIONED = 4, ROLE_REMEDY = 8, ROLE_INSTALLED = 16,
       ROLE_UNDECIDED = 32, ROLE_MENDED = 64, ROLE_WITHDRAWN = 128, ROLE_SUPERSEDING = 256,
       ROLE_RAN_FINE = 512 };

/* A purpose in the words [a, b): "for", "für", "para", "pour", "voor" (or "against", "gegen", "contra", "contre",
 * "tegen") among the first `lead` words, right before an article, with at most `tail` words after the article.
 * Before a role phrase (lead any, tail 2) the phrase is what the KB is for, not what it did: "KB2 for the printing
 * problem", "KB2 für das Druckproblem"; right after a KB (lead 2, tail any) it says what the KB is for: "KB2 pour le
 * problème d'impression est disponible". A platform after "for" has no article and keeps the verb after it: "KB1
 * for Windows 10 breaks printing". */
static int purpose_in(const pw_extractor *x, size_t a, size_t b, size_t lead, size_t tail)
{
    static const char *const prep[] = {"for", "against", "für", "gegen", "para", "contra", "pour", "contre",
                                       "voor", "tegen"};
    static const char *const art[] = {"the", "this", "that", "a", "an", "der", "die", "das", "den", "dem", "diese",
                                      "dieses", "el", "la", "los", "las", "este", "esta", "le", "les", "ce", "cette",
                                      "un", "une", "de", "het", "dit", "deze", "een"};
    const char *s = x->subject.data;
    size_t words[12][2], nw = 0;
    for (size_t i = a; i < b && nw < 12;) {
        if (!isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t w = i;
        while (i < b && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)) i++;
        words[nw][0] = w, words[nw][1] = i - w, nw++;
    }
    /* "for the moment", "pour le moment", "für den Moment", "voor het moment", "for the time being": a time */
    static const char *const time[] = {"moment", "time", "Moment", "Augenblick", "momento"};
    for (size_t k = 0; k + 1 < nw && k < lead; k++) {
        if (WORD_IN(s + words[k][0], words[k][1], prep) && WORD_IN(s + words[k + 1][0], words[k + 1][1], art) &&
            nw - (k + 2) <= tail && !(k + 2 < nw && WORD_IN(s + words[k + 2][0], words[k + 2][1], time)))
            return 1;
    }
    return 0;
}

static int mended(const pw_extractor *x, const ex_hit *g);

/* The clause [a, b) after a KB says what it is for in a headline's way, with no article: a purpose word among its
 * first two words and a failure noun as its last word, with no other cue between -- "KB2 released for Server 2019
 * cluster bug", "KB2 for KB1 cluster bug". "KB1 for Windows 10 breaks printing" ends in no failure noun, "KB1 for
 * Windows 10 is causing a bug" has a cue before it. */
static int for_failure(const pw_extractor *x, size_t a, size_t b)
{
    static const char *const prep[] = {"for", "für", "para", "pour", "voor"};
    static const char *const noun[] = {"bug", "bugs", "issue", "issues", "problem", "problems", "flaw", "glitch",
                                       "Fehler", "Probleme", "Bug", "fallo", "fallos", "problema", "problemas",
                                       "problème", "problèmes", "probleem", "problemen", "fout", "fouten"};
    const char *s = x->subject.data;
    size_t prep_end = 0, nw = 0, last = 0, last_len = 0;
    while (b > a && s[b - 1] == ' ') b--;
    for (size_t i = a; i < b;) {
        if (!isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t w = i;
        while (i < b && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)) i++;
        nw++;
        if (!prep_end && nw <= 2 && WORD_IN(s + w, i - w, prep)) prep_end = i;
        last = w, last_len = i - w;
    }
    if (!prep_end || last + last_len != b || nw > 8) return 0;
    int is_noun = WORD_IN(s + last, last_len, noun);
    for (size_t i = 0; i < x->nhits && is_noun; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        if ((f == F_REGRESSION || f == F_CULPRIT_VERB || f == F_FIX) && h->start >= prep_end && h->end <= last)
            return 0;
    }
    return is_noun;
}

static int inside_regression_cue(const pw_extractor *x, const ex_hit *h);

/* A fix cue in [a, b), negated or not ("did not fix", "should fix"), that is not the word of a regression cue: "KB1:
 * aucun correctif pour l'erreur" (no fix yet) tells KB1's error. */
static int fix_between(const pw_extractor *x, size_t a, size_t b)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_FIX && h->start >= a && h->end <= b && !inside_regression_cue(x, h)) return 1;
    }
    return 0;
}

/* Inside a fix cue ("emergency patch", "fuera de banda"): the word at [a, b) names an update. */
static int in_fix_cue(const pw_extractor *x, size_t a, size_t b)
{
    for (size_t i = 0; i < x->nhits; i++)
        if (hit_field(x, &x->hits[i]) == F_FIX && x->hits[i].start <= a && x->hits[i].end >= b) return 1;
    return 0;
}

/* Where the installed phrase that leads to `at` starts ("after the", "since", "nach dem", "tras instalar"), or
 * SIZE_MAX when none does. Between them only the noun phrase of the update installed: determiners ("since the",
 * "tras el", "na de"), the words of fix cues that name an update ("since the emergency patch", "tras el parche fuera
 * de banda") and at most one other word ("après le patch de sécurité", "nach dem kumulativen Update"), within
 * NOUN_LEAD_MAX bytes. */
static size_t installed_lead(const pw_extractor *x, size_t at)
{
    static const char *const det[] = {"the", "a", "an", "this", "that", "our", "its", "latest", "last", "recent",
                                      "new", "der", "die", "das", "dem", "den", "des", "diesem", "letzten", "neuen",
                                      "neuesten", "el", "la", "los", "las", "del", "un", "una", "último", "ultimo",
                                      "nuevo", "le", "les", "du", "une", "dernier", "nouveau", "de", "het", "een",
                                      "laatste", "nieuwe"};
    const char *s = x->subject.data;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_KB_INST_BEFORE || h->end > at || at - h->end > NOUN_LEAD_MAX ||
            has_break(s, h->end, at, x->subject.len))
            continue;
        size_t k = h->end, other = 0;
        while (k < at && other <= 1) {
            while (k < at && s[k] == ' ') k++;
            size_t w = k;
            while (k < at && s[k] != ' ') k++;
            if (k > w && !WORD_IN(s + w, k - w, det) && !in_fix_cue(x, w, k)) other++;
        }
        if (k >= at && other <= 1) return h->start;
    }
    return SIZE_MAX;
}

/* The installed phrase starting at `lead` is a condition: "when (you) install", "wenn man ... installiert", "cuando
 * se instala", "quand on installe", "lorsque", "wanneer". A symptom told for "when applying certain hotfix updates" is
 * what installing them does -- a support article's form -- where "after installing the hotfix" may tell the fix. */
static int installed_when(const pw_extractor *x, size_t lead)
{
    static const char *const when[] = {"when", "whenever", "wenn", "sobald", "cuando", "quand", "lorsque", "lorsqu",
                                       "wanneer", "zodra"};
    const char *s = x->subject.data;
    size_t e = lead;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\'' || s[e - 1] == ',')) e--;
    size_t b = e;
    while (b > 0 && isalpha((unsigned char)s[b - 1])) b--;
    size_t k = lead;
    while (k < x->subject.len && isalpha((unsigned char)s[k])) k++;
    return (e > b && WORD_IN(s + b, e - b, when)) || (k > lead && WORD_IN(s + lead, k - lead, when));
}

/* An installed phrase leads right to `at`: "after the" of "after the update to X", "since the" of "since the
 * hotfix KB1". */
static int installed_right_before(const pw_extractor *x, size_t at) { return installed_lead(x, at) != SIZE_MAX; }

/* Where the installed phrase that follows the KB ending at `end` right away ends (Japanese: "KB1 を適用後",
 * "KB1 の適用後"), or 0. */
static size_t installed_right_after(const pw_extractor *x, size_t end)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_KB_INST_AFTER && h->start >= end && h->start - end <= ROLE_GOVERN_GAP &&
            words_between(x->subject.data, end, h->start) == 0)
            return h->end;
    }
    return 0;
}

/* A fix word right before a KB that an installed phrase follows names the update installed ("修正プログラム KB1
 * を適用後"): where that phrase ends, or 0. */
static size_t fix_noun_installed_after(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        if (m->start >= h->end && m->start - h->end <= ROLE_GOVERN_GAP) return installed_right_after(x, m->end);
    }
    return 0;
}


/* The fix word h, led by the installed phrase at `lead`, names a particular update: a KB follows it within the same
 * noun phrase ("since the emergency patch KB1"). Without one ("problems after the emergency update") the words may
 * tell of a fix story's own update, and a held-out report half read one such story as a report. */
static int names_a_kb(const pw_extractor *x, const ex_hit *h, size_t lead)
{
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        if (m->start >= h->end && m->start - h->end <= NOUN_LEAD_MAX && installed_lead(x, m->start) == lead) return 1;
    }
    return 0;
}

/* A failure told in the clause of `at`, right before it (`before`: "Printers crash" of "Printers crash after the
 * hotfix") or right after it ("印刷できない" of "KB1 を適用後、印刷できない"). */
static int clause_failure(const pw_extractor *x, size_t at, int before)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) != F_REGRESSION || x->rules[g->rule].weight < 1.0 || (before ? g->end > at : g->start < at))
            continue;
        size_t a = before ? g->end : at, b = before ? at : g->start;
        if (b - a <= 2 * ROLE_GAP_MAX && !has_break(x->subject.data, a, b, x->subject.len) &&
            !ex_negated(x, g->start, g->end) && !is_installed_phrase(x, g))
            return 1;
    }
    return 0;
}

/* A regression cue in [a, b), negated or not: a failure told there. */
static int failure_between(const pw_extractor *x, size_t a, size_t b)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_REGRESSION && h->start >= a && h->end <= b) return 1;
    }
    return 0;
}

/* Mention m is the object of a role phrase told of the KB right before it: "KB2 supersedes KB1", "KB2 replaces KB1". */
static int object_of_other(const pw_extractor *x, const ex_mention *m)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        if ((f != F_KB_FIX_AFTER && f != F_KB_AFF_AFTER) || h->end > m->start || m->start - h->end > ROLE_GOVERN_GAP ||
            memchr(x->subject.data + h->end, '\n', m->start - h->end))
            continue;
        for (size_t k = 0; k < x->nmentions; k++) {
            const ex_mention *o = &x->mentions[k];
            if (o != m && o->end <= h->start && h->start - o->end <= ROLE_GOVERN_GAP &&
                !memchr(x->subject.data + o->end, '\n', h->start - o->end))
                return 1;
        }
    }
    return 0;
}

/* A fix cue right after `at`, past spaces and at most one Japanese particle: the failure just told is told as
 * mended, "KB2 で不具合が解消された", "das Problem mit dem Update KB2 behoben" (German puts the verb last). */
/* A German or Dutch relative clause opened between the KB and its failure word ends in a fix verb: "KB2, ein Update,
 * das die Druckprobleme nach KB1 behebt", "KB2, een update die de printproblemen verhelpt". The failure is the
 * clause's object (such clauses put the verb last), mended by the KB the clause describes. */
static int fix_closes_relative(const pw_extractor *x, size_t from, const ex_hit *h)
{
    static const char *const rel[] = {"das", "der", "die", "welches", "welcher", "welche", "dat"};
    const char *s = x->subject.data;
    size_t len = x->subject.len, rel_at = SIZE_MAX, e;
    for (size_t i = from; i < h->start;) {
        if (!isalpha((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t w = i;
        while (i < h->start && isalpha((unsigned char)s[i])) i++;
        if (WORD_IN(s + w, i - w, rel)) rel_at = w;
    }
    if (rel_at == SIZE_MAX) return 0;
    for (e = h->end; e < len && s[e] != ',' && !ex_is_clause_break(s, e, len); e++)
        ;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_FIX && g->start > h->end && g->end <= e && e - g->end <= 1 &&
            !ex_negated(x, g->start, g->end))
            return 1;
    }
    return 0;
}

static int fix_follows(const pw_extractor *x, size_t at)
{
    /* が, を, は, も */
    static const char *const particle[] = {"\xE3\x81\x8C", "\xE3\x82\x92", "\xE3\x81\xAF", "\xE3\x82\x82"};
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    while (at < len && s[at] == ' ') at++;
    size_t past = at; /* past the particle, if one: "不具合が解消" is hit as "が解消" or "解消" */
    for (size_t p = 0; p < sizeof particle / sizeof particle[0]; p++)
        if (at + 3 <= len && !memcmp(s + at, particle[p], 3)) {
            past = at + 3;
            break;
        }
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_FIX && (h->start == at || h->start == past) && !ex_negated(x, h->start, h->end))
            return 1;
    }
    return 0;
}

/* A fix cue that starts with the failure h and goes on past it: "this issue is resolved", "problem went away". */
static int fix_told_of(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_FIX && g->start == h->start && g->end > h->end && !ex_negated(x, g->start, g->end))
            return 1;
    }
    return 0;
}

/* The role phrase h is a culprit verb ("caused", "breaks"): what its subject did, whatever came before. */
static int is_culprit_verb(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_CULPRIT_VERB && g->start < h->end && g->end > h->start) return 1;
    }
    return 0;
}

/* The after-phrase h begins a longer before-phrase: passive, it points at the KB after it, not at one before it.
 * "caused" of "the problem caused by KB1" (F_KB_AFF_BEFORE: "KB2 did not fix the problem caused by KB1"), "fixed"
 * of "KB1 (fixed by KB2)" (F_KB_FIX_BEFORE: KB1 is what was fixed). The longer phrase's field, else 0. */
static ex_field heads_before_phrase(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        ex_field f = hit_field(x, g);
        if ((f != F_KB_AFF_BEFORE && f != F_KB_FIX_BEFORE) || g->start != h->start || g->end <= h->end) continue;
        /* ... when it reaches a KB: "KB2, an out-of-band update that fixes ..." is an apposition, not "fixed by" */
        for (size_t k = 0; k < x->nmentions; k++) {
            const ex_mention *o = &x->mentions[k];
            if (o->start >= g->end && role_gap(x, g->end, o->start) <= ROLE_GAP_MAX &&
                !has_break(x->subject.data, g->end, o->start, x->subject.len))
                return f;
        }
    }
    return 0;
}

/* The phrase's rule carries this value (docs/rules.md, `value`): for a role phrase "supersede", "object" (the phrase
 * places only a KB that is its own object: "update to KB2", not the KB labelling the thing updated in "an update to
 * the servicing stack (KB1)" or "upgrade to 22H2 (KB1)") or "outcome" (an install told as the means, "by installing
 * KB1", "durch die Installation von KB1", "KB1 を適用することで": what the same sentence goes on to say happened
 * decides whether it mended or broke); for a collateral label "prerequisite". */
static int phrase_value_is(const pw_extractor *x, const ex_hit *h, const char *value)
{
    const char *v = x->rules[h->rule].value;
    return v && !strcmp(v, value);
}

static int superseding_phrase(const pw_extractor *x, const ex_hit *h) { return phrase_value_is(x, h, "supersede"); }

static int failure_before_fix(const pw_extractor *x, size_t from, int sentence, int told);
static int installed_next_sentence(const pw_extractor *x, const ex_mention *m);

/* The fix phrase h after a KB closes a vulnerability: a `security` word ("vulnerabilities", "Sicherheitslücken",
 * "脆弱性") is its object, after it within ROLE_GAP_MAX bytes in its clause ("which fixed four security
 * vulnerabilities") or, verb-final, between the KB (ending at kb_end) and it ("das vier Sicherheitslücken behebt"). */
static int fixes_vulnerability(const pw_extractor *x, const ex_hit *h, size_t kb_end)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) != F_SECURITY) continue;
        if (g->start >= h->end && g->start - h->end <= ROLE_GAP_MAX &&
            !has_break(x->subject.data, h->end, g->start, x->subject.len))
            return 1;
        if (g->start >= kb_end && g->end <= h->start) return 1; /* the phrase reached the KB: one clause */
    }
    return 0;
}

/* The words in [a, b) leave the KB after them the phrase's object: only articles and words for the newest version
 * ("update to the latest KB2", "Update auf das neueste KB2"). A product, a version or a parenthesis there ("upgrade to
 * 22H2 (KB1)", "Update auf .NET Framework 4.8 gemäß KB1") makes the KB a label of that, not where one goes. */
static int object_follows(const pw_extractor *x, size_t a, size_t b)
{
    static const char *const ok[] = {"the",      "latest",    "newest",     "new",     "current", "version",
                                     "build",    "den",       "die",        "das",     "neueste", "neuesten",
                                     "aktuelle", "aktuellste", "la",        "el",      "última",  "nueva",
                                     "versión",  "le",        "dernière",   "nouvelle", "de",     "het",
                                     "nieuwste", "laatste"};
    const char *s = x->subject.data;
    for (size_t i = a; i < b && i < x->subject.len;) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        size_t w = i;
        while (i < b && s[i] != ' ') i++;
        if (!WORD_IN(s + w, i - w, ok)) return 0;
    }
    return 1;
}

static int other_kb_between(const pw_extractor *x, size_t k, size_t a, size_t b);

/* The KB is the one a supersedence phrase says was replaced: right after "replaces" ("KB2 replaces KB1"), right
 * before "superseded by" ("KB1 superseded by KB2"), or inside the Japanese "KB2 は KB1 を置き換え". Replaced is not
 * blamed: the story's failure is told of an update by other words, or of none. */
static int replaced(const pw_extractor *x, const ex_mention *m)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        if (!superseding_phrase(x, h)) continue;
        if (h->start <= m->start && m->end <= h->end) return 1;
        size_t a = f == F_KB_FIX_AFTER ? h->end : m->end, b = f == F_KB_FIX_AFTER ? m->start : h->start;
        if (a <= b && role_gap(x, a, b) <= ROLE_GAP_MAX && !has_break(s, a, b, len) && !other_kb_between(x, m->kb, a, b))
            return 1;
    }
    return 0;
}

/* The before-phrase h is an undo ("uninstalling", "removing") whose object is KB mention m named as an update: the
 * words between end with an update word (a `topic` hit right before the KB: "the update", "Windows Update", "the
 * January cumulative update") and are at most UNDO_OBJECT_WORDS words, in one clause. */
#define UNDO_OBJECT_WORDS 4
static int undo_of_named_update(const pw_extractor *x, const ex_hit *h, const ex_mention *m)
{
    const char *s = x->subject.data;
    int undo = 0, named = 0, words = 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        ex_field f = hit_field(x, g);
        undo |= f == F_UNDO && g->start < h->end && h->start < g->end; /* "Deinstallation" in "Deinstallation des" */
        if (f == F_TOPIC && g->start >= h->end && g->end <= m->start) {
            size_t k = g->end; /* a topic word may be a stem ("actualiz"): the rest of its word, then spaces */
            while (k < m->start && s[k] != ' ' && s[k] != '(') k++;
            while (k < m->start && (s[k] == ' ' || s[k] == '(')) k++;
            named |= k == m->start;
        }
    }
    if (!undo || !named || has_break(s, h->end, m->start, x->subject.len)) return 0;
    for (size_t k = h->end; k < m->start; k++)
        if (s[k] != ' ' && (k == h->end || s[k - 1] == ' ')) words++;
    return words <= UNDO_OBJECT_WORDS;
}

/* The KB's role from the phrases around it. A fix phrase that tells supersedence only ("superseded by KB2", "KB2
 * replaces KB1") gives ROLE_SUPERSEDING: the fix where no mention of the KB is blamed (assign_roles). */
static int mention_role(const pw_extractor *x, const ex_mention *m, int *installed)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len, best_gap = SIZE_MAX, best_len = 0;
    int role = ROLE_NONE, governed = 0, remedy_like = 0; /* a purpose or a fix asked about: never blamed */
    int sup = 0; /* the phrase placing it tells supersedence only (value "supersede") */
    *installed = 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        int before = f == F_KB_FIX_BEFORE || f == F_KB_AFF_BEFORE || f == F_KB_INST_BEFORE,
            after = f == F_KB_FIX_AFTER || f == F_KB_AFF_AFTER || f == F_KB_INST_AFTER;
        int inst = f == F_KB_INST_BEFORE || f == F_KB_INST_AFTER;
        if (!before && !after) continue;
        size_t a, b;
        if (before && h->end <= m->start) a = h->end, b = m->start;
        else if (after && h->start >= m->end) a = m->end, b = h->start;
        else continue;
        size_t gap = role_gap(x, a, b), hlen = h->end - h->start;
        if (gap > ROLE_GAP_MAX || has_break(s, a, b, len) || ex_negated(x, h->start, h->end) ||
            !reaches_through_list(x, a, b, after))
            continue;
        int r = f == F_KB_FIX_BEFORE || f == F_KB_FIX_AFTER ? ROLE_FIX : ROLE_AFFECTED;
        if (before && phrase_value_is(x, h, "object") && !object_follows(x, a, b)) continue;
        /* "KB1 を適用することで、SSD のデータが消失する": the install's outcome is a failure */
        if ((f == F_KB_FIX_AFTER || f == F_KB_FIX_BEFORE) && phrase_value_is(x, h, "outcome") &&
            failure_before_fix(x, h->end, 1, 0))
            r = ROLE_AFFECTED, inst = 1;
        /* "KB1, which fixed four security vulnerabilities": a vulnerability closed says nothing of the story's fix;
         * "KB2 was supposed to fix it": a fix meant is a remedy tried, neither the fix nor blamed by this phrase */
        if (f == F_KB_FIX_AFTER && fixes_vulnerability(x, h, m->end)) continue;
        if (f == F_KB_FIX_AFTER && intended_fix(x, h)) {
            remedy_like = 1;
            continue;
        }
        /* "the fix for the CSV issue in KB1": a failure between a fix phrase and the KB is the fix's object, and the
         * KB after it is where the failure is, not the fix */
        if (f == F_KB_FIX_BEFORE && failure_between(x, a, b)) continue;
        /* "after the update to openssh 9.7p1", "since upgrading to KB1": the install phrase before the fix
         * phrase says it was installed, not offered */
        if (f == F_KB_FIX_BEFORE && (installed_right_before(x, h->start) || installed_right_after(x, m->end)))
            r = ROLE_AFFECTED, inst = 1;
        /* "(ein Update,) das die Druckprobleme nach KB1 behebt", "die de printproblemen na KB1 verhelpt": a verb-final
         * clause whose failure came after KB1; the fix verb closing it is the clause's subject's, not KB1's */
        if (f == F_KB_FIX_AFTER && failure_then_installed(x, m)) r = ROLE_AFFECTED, inst = 1;
        /* "KB2 supersedes KB1 and fixes ...": KB1 is the object of KB2's verb; what follows is KB2's */
        if (after && object_of_other(x, m)) continue;
        ex_field forward = after ? heads_before_phrase(x, h) : 0;
        if (forward == F_KB_AFF_BEFORE) continue;
        if (forward == F_KB_FIX_BEFORE) r = ROLE_MENDED; /* "KB1 (fixed by KB2)": KB1's failure was mended */
        /* "KB2 did not fix the problem", "KB2 should fix the crash": the failure after the KB is a fix verb's
         * object, a remedy tried, not what the KB did (a culprit verb there still blames: "KB2 fixed X but
         * caused Y" has its break) */
        if (r == ROLE_AFFECTED && after && fix_between(x, a, b) && !is_culprit_verb(x, h)) {
            remedy_like = 1;
            continue;
        }
        if (!inst && r == ROLE_AFFECTED &&
            ((before && (mended(x, h) || fix_follows(x, m->end))) ||
             (after && (fix_follows(x, h->end) || fix_told_of(x, h) || fix_closes_relative(x, m->end, h)))))
            r = ROLE_MENDED; /* the failure is mended; an install is no failure ("resolved it by installing KB2") */
        /* a question decides no role: a fix asked about is no fix ("KB1 fixed by KB2? No") but a remedy
         * considered, never blamed ("has anyone tried KB2, does it fix the problem?"); blame asked about
         * places nothing */
        if (in_question(x, h->start, h->end)) {
            remedy_like |= r == ROLE_FIX;
            continue;
        }
        /* "KB2 for the printing problem", "KB2 released for Server 2019 cluster bug"; a pattern phrase brings its
         * own object ("KB1 for Server 2025 introduced a significant issue"), so only the words before it count */
        if (f == F_KB_AFF_AFTER && (purpose_in(x, a, b, SIZE_MAX, 2) ||
                                    for_failure(x, a, h->word == EX_WORD_NONE ? h->start : h->end))) {
            remedy_like = 1;
            continue;
        }
        /* A phrase right before the KB (one space or "the") governs it: in "Uninstalling KB1 fixed it" the
         * subject of "fixed" is the uninstalling, not KB1, so an after-phrase cannot override it. So does an undo
         * whose object is the KB named as an update ("Uninstalling the update KB1 fixed it", "removing Windows
         * Update KB1 will solve it"). */
        if (before && (gap <= ROLE_GOVERN_GAP || undo_of_named_update(x, h, m))) {
            if (!governed || hlen > best_len)
                best_len = hlen, best_gap = gap, role = r, *installed = inst, sup = superseding_phrase(x, h);
            governed = 1;
            continue;
        }
        if (governed) continue;
        /* nearest wins; at the same distance the longer phrase ("after installing" over "installing"),
         * then the fix */
        if (gap < best_gap || (gap == best_gap && (hlen > best_len || (hlen == best_len && r == ROLE_FIX)))) {
            best_gap = gap;
            best_len = hlen;
            role = r;
            *installed = inst;
            sup = superseding_phrase(x, h);
        }
    }
    if (role == ROLE_FIX && sup) role = ROLE_SUPERSEDING;
    if (role == ROLE_NONE && !remedy_like && installed_next_sentence(x, m)) role = ROLE_AFFECTED, *installed = 1;
    /* no phrase placed it, but the words right after it say what it is for: "KB2 für das Druckproblem ist
     * verfügbar", "KB2 voor het printprobleem" */
    if (role == ROLE_NONE && !remedy_like) {
        size_t b = m->end;
        while (b < len && b - m->end < ROLE_GAP_MAX && !ex_is_clause_break(s, b, len)) b++;
        remedy_like = purpose_in(x, m->end, b, 2, SIZE_MAX) || for_failure(x, m->end, b);
    }
    return role == ROLE_NONE && remedy_like ? ROLE_REMEDY : role;
}

/* After `from`, a strong regression cue, told and not negated, comes before any fix cue: within the rest of its
 * sentence (sentence set: what an install told as the means led to, "KB1 を適用することで、SSD のデータが消失する")
 * or of its clause (2 * ROLE_GAP_MAX bytes; there a failure a relative clause says was fixed does not count, nor, with
 * told set, an installed phrase, which says when, not what broke). One scan of the hits. */
static int failure_before_fix(const pw_extractor *x, size_t from, int sentence, int told)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len, reach = sentence ? SENTENCE_MAX : 2 * ROLE_GAP_MAX;
    size_t first_fix = SIZE_MAX, first_reg = SIZE_MAX;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        if ((f != F_FIX && f != F_REGRESSION) || h->start < from || h->start - from > reach) continue;
        if ((sentence ? has_sentence_end(s, from, h->start, len) : has_break(s, from, h->start, len)) ||
            ex_negated(x, h->start, h->end) ||
            (!sentence && f == F_REGRESSION &&
             (fix_closes_relative(x, from, h) || (told && is_installed_phrase(x, h)))))
            continue;
        if (f == F_FIX && h->start < first_fix) first_fix = h->start;
        if (f == F_REGRESSION && x->rules[h->rule].weight >= 1.0 && !in_question(x, h->start, h->end) &&
            h->start < first_reg)
            first_reg = h->start;
    }
    return first_reg != SIZE_MAX && first_reg < first_fix;
}

/* No role phrase, but the KB's own clause goes on to say what broke ("the KB1 update failed to install on some
 * systems", "KB1 sent domain controllers into reboot loops"): a strong regression cue after it, before any fix
 * cue, in a statement rather than a question, blames it. With told set, the failure must be told: an installed
 * phrase says when, not what broke ("pointed us to KB2 and after installing that everything came back"); without
 * it, an installed phrase after the KB still keeps a fix cue before the KB from being the install's outcome. */
static int broke_later_in_clause(const pw_extractor *x, const ex_mention *m, int told)
{
    return failure_before_fix(x, m->end, 0, told);
}

/* A sentence end between a and b, in either order: the two are not told in one sentence. A semicolon is no end
 * here: it joins the items of a list ("such as: KB1 (Server 2016); KB2 (Windows 10)"). */
static int apart(const pw_extractor *x, size_t a, size_t b)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    if ((a < b ? b - a : a - b) > SENTENCE_MAX) return 1;
    for (size_t i = a < b ? a : b; i < (a < b ? b : a) && i < len; i++) {
        int br = ex_is_clause_break(s, i, len);
        if (br && s[i] != '-' && s[i] != ';' && (unsigned char)s[i] != 0xE2) return 1;
    }
    return 0;
}

/* The hit h is the word of a longer regression cue ("no workaround yet", "keine Lösung", "解決策はまだ"). */
static int inside_regression_cue(const pw_extractor *x, const ex_hit *h)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        if (hit_field(x, g) == F_REGRESSION && g->start <= h->start && g->end >= h->end &&
            g->end - g->start > h->end - h->start)
            return 1;
    }
    return 0;
}

/* The KB is offered as the remedy: a `kb_remedy` word ("Solution:", "Workaround:", "Lösung:", "Solución:",
 * "Oplossing:", "回避策として", or an install told as advice: "Install KB2", "Installieren Sie KB2") stands before it in
 * its sentence, not negated and not the word of a longer cue ("no workaround yet"). Its rules leave out the
 * remedy's object ("workaround for KB1" is the culprit's). An installed phrase governing the KB there ("Workaround:
 * install KB2") tells what to do, not what broke. The cost: "Workaround: after installing KB1, restart the spooler"
 * leaves the culprit KB1 unblamed, unless another sentence blames it. 2: the remedy word governs the KB (nothing but
 * a space between: "Install KB2"; "Abhilfe: KB1 deinstallieren" keeps its undo), 1: it is offered in the sentence,
 * 0: neither. */
static int offered_as_remedy(const pw_extractor *x, const ex_mention *m)
{
    int offered = 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_KB_REMEDY || h->end > m->start || m->start - h->end > REMEDY_REACH_MAX) continue;
        if (apart(x, h->end, m->start) || ex_negated(x, h->start, h->end) || inside_regression_cue(x, h)) continue;
        size_t k = h->end;
        while (k < m->start && x->subject.data[k] == ' ') k++;
        if (k == m->start && m->start - h->end <= ROLE_GOVERN_GAP) return 2; /* "Install KB2", not "Solution: KB2" */
        offered = 1;
    }
    return offered;
}

/* The words between two KB mentions [a, b) are a list's glue only: separators, conjunctions, numbers, other KB
 * mentions and parenthesized labels ("KB1 (Windows 10), KB2 (Windows 11) and KB3", "KB1; KB2", "- KB1 - KB2",
 * "KB1 と KB2"), at most LIST_SPAN_MAX bytes. A verb between ("KB1 broke printing, Microsoft has released KB2") makes
 * two statements. O(mentions x span) per pair: a post has a few dozen mentions at most in practice. */
static int listed_with(const pw_extractor *x, size_t a, size_t b)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    int depth = 0;
    if (b > x->subject.len || b - a > LIST_SPAN_MAX) return 0;
    for (size_t i = a; i < b;) {
        const ex_mention *inside = mention_at(x, i);
        if (inside) {
            i = inside->end;
            continue;
        }
        if (s[i] == '(' || s[i] == ')') {
            depth += s[i] == '(' ? 1 : (depth > 0 ? -1 : 0);
            i++;
            continue;
        }
        /* a sentence ends between them: "... after installing KB1. KB2 is now available." is no list (";" and line
         * breaks still join the items of one: "KB1 (Windows 10); KB2 (Windows 11)") */
        int br = depth == 0 ? ex_is_clause_break(x->subject.data, i, x->subject.len) : 0;
        if (br && s[i] != ';' && s[i] != '\n' && s[i] != '-' && s[i] != 0xE2) return 0;
        if (depth == 0 && s[i] == ':') return 0; /* "the issue from KB1: KB2" introduces KB2, it lists nothing */
        int cjk_punct = s[i] == 0xE3 && i + 1 < b && s[i + 1] == 0x80; /* 、 。 「 and the like */
        if (depth > 0 || !(isalnum(s[i]) || s[i] >= 0x80) || cjk_punct) {
            i += cjk_punct ? 3 : 1;
            continue;
        }
        size_t w = i, digits = 1;
        while (i < b && (isalnum(s[i]) || (s[i] >= 0x80 && !(s[i] == 0xE3 && i + 1 < b && s[i + 1] == 0x80)))) {
            digits &= isdigit(s[i]) != 0;
            i++;
        }
        if (!digits && !WORD_IN((const char *)s + w, i - w, list_glue)) return 0;
    }
    return 1;
}

/* The unplaced KB k is listed with a mention that blames another KB: a sibling of the culprit ("the updates KB1
 * (Windows 10) and KB2 (Windows 11)" where only KB1's words reach a role phrase), not a later update of its own
 * ("KB1 broke printing, Microsoft has released KB2"). `mrole`: each mention's own role; `roles`: each KB's over all
 * its mentions. */
static int beside_blamed(const pw_extractor *x, size_t k, const unsigned short *roles, const unsigned short *mrole)
{
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        if (m->kb != k) continue;
        for (size_t j = 0; j < x->nmentions; j++) {
            const ex_mention *o = &x->mentions[j];
            if (o->kb == k || mrole[j] != ROLE_AFFECTED || (roles[o->kb] & ROLE_FIX)) continue;
            if (listed_with(x, m->end <= o->start ? m->end : o->end, m->end <= o->start ? o->start : m->start))
                return 1;
        }
    }
    return 0;
}

/* The hit g is the words of an installed phrase ("after installing", "適用後" are regression cues too): they tell
 * when, not what broke. */
static int is_installed_phrase(const pw_extractor *x, const ex_hit *g)
{
    for (size_t k = 0; k < x->nhits; k++) {
        const ex_hit *r = &x->hits[k];
        ex_field f = hit_field(x, r);
        if ((f == F_KB_INST_BEFORE || f == F_KB_INST_AFTER) && r->start <= g->start && r->end >= g->end) return 1;
    }
    return 0;
}

/* The regression cue g is the object of a fix cue just before it in its clause ("fixed the bug", "den Fehler
 * behoben" is the other order and stays): a failure told as mended, not as happening. */
static int mended(const pw_extractor *x, const ex_hit *g)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_FIX && h->end <= g->start && g->start - h->end <= MENDED_GAP_MAX &&
            !has_break(x->subject.data, h->end, g->start, x->subject.len) && !ex_negated(x, h->start, h->end))
            return 1;
    }
    return 0;
}

/* No comma or clause break in [a, b). */
static int same_clause(const pw_extractor *x, size_t a, size_t b)
{
    return !memchr(x->subject.data + a, ',', b > a ? b - a : 0) && !has_break(x->subject.data, a, b, x->subject.len);
}

/* The sentence of mention m tells a failure: a regression cue in it, not negated, not mended, that is not the
 * installed phrase itself. */
static int failure_in_sentence(const pw_extractor *x, const ex_mention *m)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        /* a mended failure told just before the KB, in its clause, is still what came with it: "fixes the crashes
         * some users saw after installing KB1"; one told after it is what the installing mended ("after installing
         * KB2 the crashes were fixed"), and one in a clause of its own is the fix's ("Microsoft has fixed the bug,
         * and we installed KB2") */
        if (hit_field(x, g) != F_REGRESSION || apart(x, g->start, m->start) || ex_negated(x, g->start, g->end) ||
            is_installed_phrase(x, g) || (mended(x, g) && (g->start > m->start || !same_clause(x, g->end, m->start))))
            continue;
        return 1;
    }
    return 0;
}

/* The KB was installed (an installed phrase placed it) and its own clause says that fixed something: "installing
 * KB2 fixed it", "after applying KB2 the issue is resolved", "KB2 installiert, Problem behoben". A fix cue in the
 * same clause, close on either side, not negated nor asked about, with no strong regression cue between the KB
 * and it ("after installing KB1 printing broke, the fix is ..." keeps KB1 the culprit; so does an affected phrase,
 * "after installing KB1 the server crashes, the solution is ..."). A fix cue right after a failure word is a
 * remedy for that failure, not an outcome: "KB1適用後のサービス起動エラー対策" (measures against the start error
 * after applying KB1) heads a guide to KB1's fault, with no particle between the noun and 対策 (r947). Only where
 * the two words touch inside Japanese text: "crash fixed" after an English install is the outcome. */
static bool remedy_of_failure(const pw_extractor *x, const ex_hit *h)
{
    const unsigned char *s = (const unsigned char *)x->subject.data;
    if (h->start == 0 || s[h->start - 1] < 0x80) return false;
    for (size_t j = 0; j < x->nhits; j++) {
        const ex_hit *g = &x->hits[j];
        if (g != h && hit_field(x, g) == F_REGRESSION && g->end == h->start) return true;
    }
    return false;
}

/* The installed phrase of mention m is preceded by "by" or "durch": the install was how something was done. */
static int by_means(const pw_extractor *x, const ex_mention *m)
{
    const char *s = x->subject.data;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *g = &x->hits[i];
        ex_field f = hit_field(x, g);
        if (f != F_KB_INST_BEFORE || g->end > m->start || m->start - g->end > ROLE_GOVERN_GAP) continue;
        size_t k = g->start;
        while (k > 0 && s[k - 1] == ' ') k--;
        size_t w = k;
        while (w > 0 && isalpha((unsigned char)s[w - 1])) w--;
        if ((k - w == 2 && !strncasecmp(s + w, "by", 2)) || (k - w == 5 && !strncasecmp(s + w, "durch", 5))) return 1;
    }
    return 0;
}

/* The Japanese fix cue h mends a failure noun that a clause before it describes: "KB1 適用後に…が停止する問題を修正"
 * (fixed the problem where ... stops after applying KB1): the noun and を open the cue, a verb or adjective ending
 * (る, た, い, ず) right before it closes the clause, so the install is the failure's, not the fix's. */
static int relative_object(const pw_extractor *x, const ex_hit *h)
{
    static const char *const noun[] = {"\xE5\x95\x8F\xE9\xA1\x8C\xE3\x82\x92",             /* 問題を */
                                       "\xE4\xB8\x8D\xE5\x85\xB7\xE5\x90\x88\xE3\x82\x92", /* 不具合を */
                                       "\xE7\x8F\xBE\xE8\xB1\xA1\xE3\x82\x92"};            /* 現象を */
    static const char *const ending[] = {"\xE3\x82\x8B", "\xE3\x81\x9F", "\xE3\x81\x84", "\xE3\x81\x9A"};
    const char *s = x->subject.data;
    size_t at = 0; /* where the noun starts: the cue opens with it ("問題を修正") or follows it ("修正" of the same) */
    for (size_t k = 0; k < sizeof noun / sizeof noun[0] && !at; k++) {
        size_t n = strlen(noun[k]);
        if (h->end - h->start > n && !memcmp(s + h->start, noun[k], n)) at = h->start;
        else if (h->start >= n && !memcmp(s + h->start - n, noun[k], n)) at = h->start - n;
    }
    if (at < 3) return 0;
    for (size_t k = 0; k < sizeof ending / sizeof ending[0]; k++)
        if (!memcmp(s + at - 3, ending[k], 3)) return 1;
    return 0;
}

/* The cue h heads what follows it ("Fixed: CSV offline after KB1"): a release note's item, whose install phrase
 * tells when the failure came, not what fixed it. */
static int heading(const pw_extractor *x, const ex_hit *h)
{
    size_t k = h->end;
    while (k < x->subject.len && x->subject.data[k] == ' ') k++;
    return (k < x->subject.len && x->subject.data[k] == ':') || x->subject.data[h->end - 1] == ':';
}

/* A fix word between an installed phrase and the KB names the update installed, not an outcome: "after the patch
 * KB1", "tras el parche KB1", "nach dem Patch KB1", "after installing the hotfix KB1", "après le patch de sécurité
 * KB1" (installed_lead), "修正プログラム KB1 を適用後". Such a KB was installed; whether the installing fixed something
 * is for the rest of its clause to say. */
static int names_installed(const pw_extractor *x, const ex_hit *h, const ex_mention *m)
{
    if (h->end > m->start) return 0;
    if (m->start - h->end <= ROLE_GOVERN_GAP && installed_right_after(x, m->end)) return 1;
    size_t lead = installed_lead(x, m->start);
    return lead != SIZE_MAX && lead < h->start;
}

/* A failure told right before the installed phrase that governs m: "die Druckprobleme nach KB1". */
static int failure_then_installed(const pw_extractor *x, const ex_mention *m)
{
    size_t lead = installed_lead(x, m->start);
    return lead != SIZE_MAX && clause_failure(x, lead, 1);
}

/* Mention m, installed, is told inside a description of a problem: a problem_clause phrase ("the issue that
 * occurs", "das Problem, das", "les déconnexions apparues") ends before m's installed phrase in its clause, or in
 * [a, b) -- the words between m and a fix cue after it, where Japanese puts the problem noun ("KB1 をインストール
 * した後に ... 表示される問題は ... 修正"). The install placed the culprit; the fix cue mends the problem. */
static int in_problem_clause(const pw_extractor *x, const ex_mention *m, size_t a, size_t b)
{
    size_t lead = installed_lead(x, m->start);
    if (lead == SIZE_MAX) lead = m->start;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *p = &x->hits[i];
        if (hit_field(x, p) != F_PROBLEM_CLAUSE) continue;
        if (p->start >= a && p->end <= b) return 1;
        if (p->end <= lead && lead - p->end <= 2 * ROLE_GAP_MAX && !has_break(x->subject.data, p->end, lead,
                                                                              x->subject.len))
            return 1;
    }
    return 0;
}

/* The fix cue h belongs to another KB than m: one told between the two, right after h with no comma between
 * ("after installing KB1 is resolved by cumulative update KB2", "nach der Installation von KB1 ... ist in KB2
 * behoben"; but "kunnen gebruikers weer inloggen, nadat KB1 ..." is what installing m did), or, for a fix cue before
 * m, one named before it in its sentence. */
static int fix_of_other(const pw_extractor *x, const ex_hit *h, const ex_mention *m)
{
    for (size_t j = 0; j < x->nmentions; j++) {
        const ex_mention *o = &x->mentions[j];
        if (o->kb == m->kb) continue;
        if (h->start >= m->end ? o->start >= m->end && o->end <= h->start : o->start >= h->end && o->end <= m->start)
            return 1;
        if (o->start >= h->end && o->start - h->end <= ROLE_GAP_MAX && same_clause(x, h->end, o->start)) return 1;
        /* "KB2, la actualización que arregla el escritorio remoto tras KB1": another update named before the fix
         * cue in its sentence is what fixes; the install after it is the problem's */
        if (h->end <= m->start && o->end <= h->start && !apart(x, o->start, h->start) &&
            !listed_with(x, o->end, m->start))
            return 1;
    }
    return 0;
}

static int installed_and_resolved(const pw_extractor *x, const ex_mention *m)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        /* the fix word of a regression cue ("had to revert it") tells the failure, not a mend; a weak one is a
         * noun more often than a mend ("After updating this patch (KB1), the resource manager patch keeps crashing") */
        if (hit_field(x, h) != F_FIX || inside_regression_cue(x, h) || x->rules[h->rule].weight < 1.0) continue;
        size_t a = h->start >= m->end ? m->end : h->end, b = h->start >= m->end ? h->start : m->start;
        if ((h->end > m->start && h->start < m->end) || names_installed(x, h, m) ||
            (h->start >= m->end && failure_then_installed(x, m)))
            continue;
        if (b < a || b - a > 2 * ROLE_GAP_MAX || has_break(s, a, b, len) || ex_negated(x, h->start, h->end) ||
            in_question(x, h->start, h->end) || remedy_of_failure(x, h) ||
            (h->end <= m->start && (heading(x, h) || broke_later_in_clause(x, m, 0))) || relative_object(x, h) ||
            fix_of_other(x, h, m) || in_problem_clause(x, m, a, b))
            continue;
        int blamed = 0;
        for (size_t j = 0; j < x->nhits && !blamed; j++) {
            const ex_hit *g = &x->hits[j];
            blamed = hit_field(x, g) == F_REGRESSION && x->rules[g->rule].weight >= 1.0 && g->start >= a &&
                     g->end <= b && !ex_negated(x, g->start, g->end) && !is_installed_phrase(x, g);
        }
        /* A fix cue before the KB with a failure between them fixed that failure, which came after installing
         * the KB ("resolves the issue that occurs after installing KB1", "addresses CSV failures seen after KB1",
         * "addresses an issue that causes the service to stop after you install KB1"),
         * unless the install was the means: "resolved the issue by installing KB2". */
        for (size_t j = 0; j < x->nhits && !blamed && h->end <= m->start; j++) {
            const ex_hit *g = &x->hits[j];
            ex_field gf = hit_field(x, g);
            blamed = (gf == F_REGRESSION || gf == F_CULPRIT_VERB) && g->start >= a && g->end <= b &&
                     !ex_negated(x, g->start, g->end) && !is_installed_phrase(x, g) && !by_means(x, m);
        }
        if (!blamed) return 1;
    }
    return 0;
}

/* A KB mention starts at i past spaces, before b. */
static int kb_follows(const pw_extractor *x, size_t i, size_t b)
{
    while (i < b && x->subject.data[i] == ' ') i++;
    return i < b && mention_at(x, i) != NULL;
}

/* The words in [a, b) (other KB mentions aside) are only articles, update nouns and auxiliaries, so a withdrawal
 * phrase there governs the KB: "pulled the update KB1", "KB1 has now been pulled", "KB1 wurde zurückgezogen" -- not
 * "pulled it and shipped KB2 instead". */
static int only_auxiliaries(const pw_extractor *x, size_t a, size_t b)
{
    static const char *const ok[] = {"the", "update", "updates", "patch", "cumulative", "security", "has", "have", "had",
                                     "been", "was", "were", "is", "are", "now", "also", "quietly", "das", "die", "den",
                                     "Update", "wurde", "ist", "hat", "nun", "jetzt", "la", "el", "le", "actualización",
                                     "mise", "jour", "ha", "sido", "fue", "été", "est", "a", "het", "de", "werd", "wordt"};
    const char *s = x->subject.data;
    for (size_t i = a; i < b;) {
        const ex_mention *inside = mention_at(x, i);
        if (inside) {
            i = inside->end;
            continue;
        }
        if (!isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) {
            /* a comma joins a list of KBs only ("KB1, KB2 and KB3 were pulled"); elsewhere it ends the phrase's
             * reach ("KB1 wurde zurückgezogen, KB2 behebt den Fehler") */
            if ((s[i] == ',' || s[i] == ';') && !kb_follows(x, i + 1, b)) return 0;
            i++;
            continue;
        }
        size_t w = i;
        while (i < b && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)) i++;
        if (!WORD_IN(s + w, i - w, ok) && !(WORD_IN(s + w, i - w, list_glue) && kb_follows(x, i, b))) return 0;
    }
    return 1;
}

/* Mention m was withdrawn: a kb_withdrawn phrase, not negated nor asked about, holds it ("stops KB1 rollout") or
 * stands in its clause within WITHDRAWN_GAP_MAX bytes before or after it with no other KB between but a list's
 * ("pulled KB1 and KB2", "KB1 has been pulled"). */
static int withdrawn(const pw_extractor *x, const ex_mention *m)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_KB_WITHDRAWN || ex_negated(x, h->start, h->end) || in_question(x, h->start, h->end))
            continue;
        if (h->start <= m->start && m->end <= h->end) return 1;
        int before = h->end <= m->start;
        size_t a = before ? h->end : m->end, b = before ? m->start : h->start;
        if (!before && m->end > h->start) continue;
        if (role_gap(x, a, b) <= WITHDRAWN_GAP_MAX && !has_break(s, a, b, len) &&
            reaches_through_list(x, a, b, !before) && only_auxiliaries(x, a, b))
            return 1;
    }
    return 0;
}

/* Where the sentence after the one holding `from` starts, or SIZE_MAX (none within SENTENCE_MAX). */
static size_t next_sentence(const pw_extractor *x, size_t from)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len, p = from;
    while (p < len && p - from < SENTENCE_MAX && s[p] != '.' && s[p] != '!' && s[p] != '?' && s[p] != '\n') p++;
    if (p >= len || p - from >= SENTENCE_MAX) return SIZE_MAX;
    while (p < len && (s[p] == '.' || s[p] == '!' || s[p] == '?' || s[p] == ' ' || s[p] == '\n')) p++;
    return p;
}

/* The updates named before, told again at p: a pronoun ("They", "them", "Sie") or a determiner with an update noun
 * ("These patches", "the updates", "die Updates", "ces mises"; not "These reports"). Returns where those words end,
 * or 0. With `noun_only` set the phrase before p ended in the article ("after the" + "updates"): only the noun. */
static size_t updates_told_again(const pw_extractor *x, size_t p, int noun_only)
{
    static const char *const pronoun[] = {"It", "They", "Both", "them", "Es", "Sie", "Beide", "Elles", "Ils", "Ze"};
    static const char *const det[] = {"These", "This", "The",   "Those", "Both", "Diese", "Dieses", "Das",
                                      "Die",   "Der",  "Den",   "Beide", "Estas", "Esta", "Estos",  "Este",
                                      "Las",   "La",   "Los",   "Ces",   "Cette", "Ce",   "Les",    "Deze",
                                      "Dit",   "De"};
    static const char *const noun[] = {"patches", "patch", "updates", "update", "actualizaciones", "actualización",
                                       "parches", "parche", "mises",   "mise",  "correctifs",      "correctif"};
    const char *s = x->subject.data;
    size_t len = x->subject.len, w = p;
    while (p < len && isalpha((unsigned char)s[p])) p++;
    if (p == w) return 0;
    if (noun_only) return WORD_IN(s + w, p - w, noun) ? p : 0;
    if (WORD_IN(s + w, p - w, pronoun)) return p;
    if (!WORD_IN(s + w, p - w, det)) return 0;
    while (p < len && s[p] == ' ') p++;
    w = p;
    while (p < len && (isalpha((unsigned char)s[p]) || (unsigned char)s[p] >= 0x80)) p++;
    return WORD_IN(s + w, p - w, noun) ? p : 0;
}

/* The sentence after mention m opens with the updates it named as its subject ("These patches also caused Access
 * to crash", "It also breaks printing", "Diese Updates verursachen", "Ces mises à jour provoquent") and a culprit
 * verb follows within ANAPHOR_VERB_MAX bytes, no other KB named between: what "fixed" the calendar broke Access.
 * Not Japanese (no spaces). */
#define ANAPHOR_VERB_MAX 40
static int culprit_next_sentence(const pw_extractor *x, const ex_mention *m)
{
    const char *s = x->subject.data;
    size_t len = x->subject.len, p = next_sentence(x, m->end);
    if (p == SIZE_MAX || !(p = updates_told_again(x, p, 0))) return 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) == F_CULPRIT_VERB && h->start >= p && h->start - p <= ANAPHOR_VERB_MAX &&
            !has_sentence_end(s, p, h->start, len) && !ex_negated(x, h->start, h->end) &&
            !passive_agent_after(x, h->end) && !other_kb_between(x, m->kb, p, h->start))
            return 1;
    }
    return 0;
}

/* The sentence after mention m opens with their install, the updates told again ("After applying the patches,
 * L2TP connections stopped working", "After installing them, ...", "Nach der Installation der Updates ..."), and goes
 * on to a strong failure before any fix, naming no other KB: the updates m named are what broke. News tells a
 * release in one sentence and what it did in the next; without this, a post that also offers a workaround ("Here's
 * a quick fix") left them unplaced, and an unplaced KB beside a fix is never blamed. */
static int installed_next_sentence(const pw_extractor *x, const ex_mention *m)
{
    static const char *const articles[] = {"the", "der", "die", "la", "las", "les"};
    const char *s = x->subject.data;
    size_t len = x->subject.len, p = next_sentence(x, m->end);
    if (p == SIZE_MAX) return 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_KB_INST_BEFORE || h->start != p || ex_negated(x, h->start, h->end)) continue;
        size_t q = h->end, w = h->end, e, end = next_sentence(x, p);
        while (w > h->start && s[w - 1] != ' ') w--; /* the phrase's last word: "after the", "nach der" */
        while (q < len && s[q] == ' ') q++;
        if (!(e = updates_told_again(x, q, w > h->start && WORD_IN(s + w, h->end - w, articles)))) continue;
        if (!other_kb_between(x, m->kb, p, end == SIZE_MAX ? len : end) &&
            failure_before_fix(x, e, 1, 0))
            return 1;
    }
    return 0;
}

/* A fix that broke something itself: a contrast word after the KB, then in the same sentence a culprit verb ("KB2
 * was released to fix the VPN bug, but it broke printing", "KB2 soll den Fehler beheben, verursacht aber Abstürze",
 * "KB2 corrige el fallo, pero provoca pantallas azules"). The failure is the KB's own, whatever it was meant to
 * fix; a failure before the contrast is what it fixes. Only a culprit verb: with any strong failure word, "KB2
 * contains the fix, but it has its own known issues" blamed the fix (a probe). Not Japanese: its contrast
 * particles sit inside unspaced words. */
static int broke_despite_fix(const pw_extractor *x, const ex_mention *m)
{
    size_t len = x->subject.len, lim = m->end + 4 * ROLE_GAP_MAX < len ? m->end + 4 * ROLE_GAP_MAX : len;
    if (culprit_next_sentence(x, m)) return 1;
    size_t turn = contrast_after(x, m->end, lim, 1);
    if (!turn) return 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        if (h->start < turn || h->start > lim || has_sentence_end(x->subject.data, turn, h->start, len)) continue;
        if (f == F_CULPRIT_VERB && !ex_negated(x, h->start, h->end) && !in_question(x, h->start, h->end)) return 1;
    }
    return 0;
}

/* A culprit verb right after the KB, its subject: "the emergency fix KB2 introduces a new USB bug", "hotfix KB2
 * breaks printing" -- the fix noun before it says what KB2 was meant as, the verb what it did. */
static int subject_of_culprit_verb(const pw_extractor *x, const ex_mention *m)
{
    /* "KB2 to repair X triggered by KB1": a culprit verb that carries its object is X's */
    static const char *const object_lead[] = {"for", "to", "für", "pour", "para", "voor"};
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_CULPRIT_VERB || h->start < m->end || h->start - m->end > ROLE_GOVERN_GAP + 1 ||
            words_between(x->subject.data, m->end, h->start) != 0)
            continue;
        size_t w = h->start;
        while (w < h->end && !isspace((unsigned char)x->subject.data[w])) w++;
        if (!WORD_IN(x->subject.data + h->start, w - h->start, object_lead) && !ex_negated(x, h->start, h->end) &&
            !in_question(x, h->start, h->end))
            return 1;
    }
    return 0;
}

/* Another KB than k is named inside [a, b). */
static int other_kb_between(const pw_extractor *x, size_t k, size_t a, size_t b)
{
    for (size_t j = 0; j < x->nmentions; j++)
        if (x->mentions[j].kb != k && x->mentions[j].start >= a && x->mentions[j].end <= b) return 1;
    return 0;
}

/* A persistence word ("still", "weiterhin", "sigue", "まだ") beside the KB in its sentence, at most ROLE_GAP_MAX
 * bytes away with no other KB between: the failure that blames the KB was there before it ("Installed KB2 and still
 * broken", "Even after KB2 the problem persists", "Still broken after KB2"). The KB is then placed like a mended
 * failure's: blamed where the post blames no other KB ("KB1 is still causing crashes"), else undecided. */
static int persisting(const pw_extractor *x, const ex_mention *m)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_PERSIST || (h->end > m->start && h->start < m->end)) continue;
        size_t a = h->start >= m->end ? m->end : h->end, b = h->start >= m->end ? h->start : m->start;
        /* "didn't help" may come in the next sentence: "Tried the preview KB2. Didn't help either." */
        int next = x->rules[h->rule].weight >= 1.0 && h->start >= m->end && b - a <= FELL_SHORT_REACH &&
                   !failure_in_sentence(x, m) && sentence_ends(x, a, b) == 1;
        if (!next && (b - a > ROLE_GAP_MAX || apart(x, a, b))) continue;
        if (!other_kb_between(x, m->kb, a, b)) return 1;
    }
    return 0;
}

/* A fix noun names the KB ("the out-of-band update KB2", "Noodpatch KB2", "定例外の更新 KB2") and that fix fell short
 * ("... Didn't help, still broken"): a remedy tried, never the culprit a warning would name. */
static int fix_tried_fell_short(const pw_extractor *x, const ex_mention *m)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_FIX || h->end > m->start || m->start - h->end > ROLE_GAP_MAX ||
            !same_clause(x, h->end, m->start))
            continue;
        if (!other_kb_between(x, m->kb, h->end, m->start) && fix_fell_short(x, h)) return 1;
    }
    return 0;
}

/* A `kb_cleared` match holds the KB: it was not installed ("never installed KB1", "KB1 haben wir nie installiert",
 * "KB1 は入れず"), so it is not what broke (1); or it ran fine ("KB1 ran for a month without any problem"), which
 * clears it only beside another KB the post blames (2: assign_roles), since an all-clear of some hosts comes before
 * the failure of others as often ("KB1 went fine on the test ring. On the DCs it crashed LSASS"). Neither when a
 * failure follows in its sentence with no other KB between, which is why it was skipped ("we skipped KB1 because it
 * breaks printing"; "KB1 ran fine, but KB2 broke printing" is KB2's). */
static int not_what_broke(const pw_extractor *x, const ex_mention *m)
{
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (hit_field(x, h) != F_KB_CLEARED || h->start > m->start || m->end > h->end ||
            in_question(x, h->start, h->end) || in_hypothetical(x, h->start, h->end))
            continue;
        int reason = 0;
        for (size_t j = 0; j < x->nhits && !reason; j++) {
            const ex_hit *g = &x->hits[j];
            reason = hit_field(x, g) == F_REGRESSION && x->rules[g->rule].weight >= 1.0 && g->start >= h->end &&
                     !apart(x, h->end, g->start) && !ex_negated(x, g->start, g->end) &&
                     !other_kb_between(x, m->kb, h->end, g->start);
        }
        const char *v = x->rules[h->rule].value;
        if (!reason) return v && !strcmp(v, "ran-fine") ? 2 : 1;
    }
    return 0;
}
/* The KB is the subject of a fix verb that is denied ("KB2 did not fix it either", "KB2 hat das Problem nicht
 * behoben", "KB2 no solucionó el problema", "KB2 heeft het probleem niet opgelost"): it was applied as a remedy and
 * failed, so it is no culprit -- unless a culprit verb follows in its sentence ("KB1 doesn't fix anything, it breaks
 * printing"). The fix verb (a fix cue or a fix role word) is the first strong cue after the KB, in its clause,
 * within ROLE_GAP_MAX bytes (weak words such as the object "das Problem" may stand between), reached from the KB
 * through a list at most ("KB1 and KB2 did not solve it"). */
static int fix_denied(const pw_extractor *x, const ex_mention *m)
{
    const ex_hit *first = NULL;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        ex_field f = hit_field(x, h);
        if (h->start >= m->end && ((is_cue(f) && x->rules[h->rule].weight >= 1.0) || f == F_KB_FIX_AFTER) &&
            (!first || h->start < first->start))
            first = h;
    }
    if (!first || (hit_field(x, first) != F_FIX && hit_field(x, first) != F_KB_FIX_AFTER) ||
        first->start - m->end > ROLE_GAP_MAX || !same_clause(x, m->end, first->start) ||
        !reaches_through_list(x, m->end, first->start, 1) ||
        !ex_negated(x, first->start, first->end) || in_question(x, first->start, first->end))
        return 0;
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *v = &x->hits[i];
        ex_field f = hit_field(x, v);
        if (f == F_CULPRIT_VERB && v->start > first->end && !sentence_ends(x, first->end, v->start)) return 0;
        /* a fix not there yet ("tot het probleem is opgelost", "until fixed") denies nothing the KB did */
        if (f == F_NEG && v->start <= first->start && v->end >= first->end) return 0;
    }
    return 1;
}

/* A mention's role from its phrases, with what an install phrase and a remedy sentence make of it: installed and
 * its clause says that fixed something is the fix; offered as the remedy -- with no role phrase or an installed one
 * ("Solution: install KB2"), or governed by the remedy itself, whatever follows ("Installieren Sie KB2, um das
 * Problem von KB1 zu beheben") -- is a remedy. For KB and package mentions alike. */
static int placed_role(const pw_extractor *x, const ex_mention *m, int *installed)
{
    int role = mention_role(x, m, installed);
    if (role == ROLE_FIX && (broke_despite_fix(x, m) || subject_of_culprit_verb(x, m))) role = ROLE_AFFECTED;
    if (role == ROLE_AFFECTED && *installed && installed_and_resolved(x, m)) role = ROLE_FIX;
    if ((role == ROLE_AFFECTED || role == ROLE_NONE) && (fix_tried_fell_short(x, m) || fix_denied(x, m)))
        role = ROLE_REMEDY;
    if (role == ROLE_AFFECTED && persisting(x, m)) role = ROLE_MENDED;
    int offered = role == ROLE_FIX ? 0 : offered_as_remedy(x, m);
    if (offered == 2 || (offered && (role == ROLE_NONE || (role == ROLE_AFFECTED && *installed)))) role = ROLE_REMEDY;
    return role;
}

/* A KB's number ("KB5063877" -> 5063877; 0 for a bulletin id). Microsoft numbers KBs in the order it writes them,
 * so a later release has a higher number; the updates of one release for several Windows versions are numbered
 * close together (654 apart at most among the tuning posts' siblings), a fix released weeks later well apart
 * (1,320 and more among their culprit-fix pairs, one re-release 3 apart). LATER_RELEASE_GAP sits between. */
#define LATER_RELEASE_GAP 1000
static unsigned long kb_number(const char *kb)
{
    return (kb[0] == 'K' || kb[0] == 'k') && (kb[1] == 'B' || kb[1] == 'b') ? strtoul(kb + 2, NULL, 10) : 0;
}

/* KB k, placed by no phrase, is a later release told apart from the KBs named before it: numbered LATER_RELEASE_GAP
 * or more above every one of them, and every sentence naming k names no other KB and tells no failure ("KB1 ate our
 * CSVs. Thankfully KB2 is out.", "... After KB2 everything is back to normal."). Such a KB is the fix as often as
 * not -- the words that tell it ("cured", "is out", "back to normal") are endless -- and a warning must never name
 * the fix. A culprit of another month told with its failure ("KB2 also crashes the spooler") is still blamed, and so
 * are the bullets of an old release's list, numbered out of order ("2982791 ... 2970228 ... 2975331", r482). Tuning
 * posts: no culprit lost (a comma as the only separation lost "from May 2018 (KB1) to October 2018 (KB2)", r133, so
 * a comma does not part two KBs). An earlier KB that broke nothing (not_what_broke) leaves nothing to fix. */
static int later_release_apart(const pw_extractor *x, const pw_advisory *a, size_t k)
{
    unsigned long num = kb_number(a->kb.v[k]);
    size_t first = SIZE_MAX; /* k's first mention */
    for (size_t i = 0; i < x->nmentions && first == SIZE_MAX; i++)
        if (x->mentions[i].kb == k) first = i;
    if (!num || first == SIZE_MAX) return 0;
    int earlier = 0;
    for (size_t j = 0; j < first; j++) {
        if (not_what_broke(x, &x->mentions[j])) continue; /* "KB1 ran fine. After KB2 ...": no fix of KB1's */
        unsigned long o = x->mentions[j].kb < a->kb.n ? kb_number(a->kb.v[x->mentions[j].kb]) : 0;
        if (o && o + LATER_RELEASE_GAP > num) return 0; /* a sibling or a later update named before it */
        earlier |= o != 0;
    }
    if (!earlier) return 0;
    for (size_t i = first; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        if (m->kb != k) continue;
        if (failure_in_sentence(x, m)) return 0;
        for (size_t j = 0; j < x->nmentions; j++)
            if (x->mentions[j].kb != k && !apart(x, x->mentions[j].start, m->start)) return 0;
    }
    return 1;
}

/* Every mention of KB k is inside a question that does not report, and another KB is named in a statement: the
 * question asks about k ("KB1 heeft ons cluster gesloopt. Is KB2 veilig om te installeren?"); it does not report k.
 * "Anyone else seeing disconnects after KB1?" does. */
static int only_asked_about(const pw_extractor *x, size_t k)
{
    int asked = 0, told_other = 0;
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        ex_hit at = {.start = m->start, .end = m->end};
        int q = in_question(x, m->start, m->end) && !report_question(x, &at);
        if (m->kb == k && !q) return 0;
        asked |= m->kb == k;
        told_other |= m->kb != k && !q;
    }
    return asked && told_other;
}

/* A kind-of-update label (`kb_collateral`: ".NET", "SSU", "MSRT", "Defender") names KB k: right before a mention
 * (COLLATERAL_BEFORE_MAX bytes, one clause, no other KB between: "the .NET update KB2", "MSRT KB3", "el SSU KB2") or
 * right after it ("KB2 (.NET)", "KB2 für .NET"). Such an update went on beside the one a post blames: 1. A label with
 * the value "prerequisite" ("prerequisite KB1", "mindestens KB1", "前提条件 KB1") names what had to be installed
 * first: COLLATERAL_PREREQ, which only a phrase of its own places. 0: neither. */
#define COLLATERAL_BEFORE_MAX 24
#define COLLATERAL_AFTER_MAX 6
#define COLLATERAL_PREREQ 2
enum { DECIDED_FIX = 1, DECIDED_AFFECTED = 2 };
static int collateral_kb(const pw_extractor *x, size_t k)
{
    int label = 0;
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        if (m->kb != k) continue;
        for (size_t j = 0; j < x->nhits; j++) {
            const ex_hit *h = &x->hits[j];
            if (hit_field(x, h) != F_KB_COLLATERAL) continue;
            int before = h->end <= m->start && m->start - h->end <= COLLATERAL_BEFORE_MAX;
            int after = h->start >= m->end && h->start - m->end <= COLLATERAL_AFTER_MAX;
            size_t a = before ? h->end : m->end, b = before ? m->start : h->start;
            if (!before && !after) continue;
            if (!same_clause(x, a, b) && !(after && memchr(x->subject.data + a, '(', b - a))) continue;
            if (other_kb_between(x, k, a, b)) continue;
            if (phrase_value_is(x, h, "prerequisite")) return COLLATERAL_PREREQ;
            label = 1;
        }
    }
    return label;
}

static int assign_roles(pw_extractor *x, pw_advisory *a, double fix_score)
{
    size_t n = a->kb.n;
    if (n == 0) return 0;
    unsigned short *roles = calloc(n, sizeof *roles); /* ROLE_* bits over all of a KB's mentions */
    unsigned char *decided = calloc(2 * n, 1); /* DECIDED_*: each KB's reading, before collateral ones are dropped */
    unsigned char *coll = decided ? decided + n : NULL; /* ... and whether it is labelled collateral */
    unsigned short mrole[EX_MENTIONS_MAX]; /* each mention's own role */
    unsigned char minst[EX_MENTIONS_MAX];  /* ... blamed by an installed phrase ("after installing KB1") */
    int rc = -1, trace = getenv("PW_EXTRACT_TRACE") != NULL;
    if (!roles || !decided) goto out;
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        mrole[i] = ROLE_NONE;
        minst[i] = 0;
        if (m->kb >= n) continue;
        int installed;
        int role = placed_role(x, m, &installed);
        if (role == ROLE_AFFECTED && installed && !failure_in_sentence(x, m)) role = ROLE_INSTALLED;
        if (role == ROLE_NONE && broke_later_in_clause(x, m, 1)) role = ROLE_AFFECTED;
        int cleared = role != ROLE_FIX && role != ROLE_REMEDY ? not_what_broke(x, m) : 0;
        if (cleared) role = cleared == 2 ? ROLE_RAN_FINE : ROLE_UNDECIDED;
        mrole[i] = (unsigned short)role;
        minst[i] = role == ROLE_AFFECTED && installed;
        if (trace) /* PW_EXTRACT_TRACE: each mention's own role, before the post's other mentions weigh in */
            fprintf(stderr, "role %4u-%-4u %s %s%s\n", m->start, m->end, a->kb.v[m->kb],
                    role == ROLE_AFFECTED ? "affected" : role == ROLE_FIX ? "fix" : role == ROLE_REMEDY ? "remedy"
                    : role == ROLE_INSTALLED ? "installed" : role == ROLE_MENDED ? "mended"
                    : role == ROLE_UNDECIDED ? "undecided" : role == ROLE_SUPERSEDING ? "superseding"
                    : role == ROLE_RAN_FINE ? "ran fine" : "none", installed ? " (installed phrase)" : "");
    }
    /* A mended failure placed the KB: the culprit where the post blames no other KB ("Microsoft fixes the issue
     * with KB1"), else undecided -- the fix's instrument as often as not ("corrige el fallo de KB1 con KB2", with
     * KB1 blamed elsewhere), and a warning must never name the fix.
     * A failure that persists beside a KB no phrase blames ("the last one is KB2, and the problem keeps
     * happening", "la última es KB2, y el problema sigue") is as well the remedy tried as the culprit: beside
     * another KB that is blamed or unplaced (which the class may blame), it is undecided too; alone it stays
     * unplaced. Only with the failure told in its sentence: "el otro servidor, que todavía no tiene KB1, va bien"
     * is "not yet", no failure that persists. */
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        int mended = mrole[i] == ROLE_MENDED;
        int persisted = (mended || (mrole[i] == ROLE_NONE && failure_in_sentence(x, m))) && m->kb < n && persisting(x, m);
        if (!mended && !persisted) continue;
        int other = 0;
        for (size_t j = 0; j < x->nmentions && !other; j++)
            other = x->mentions[j].kb != m->kb && x->mentions[j].kb < n &&
                    (mrole[j] == ROLE_AFFECTED || (persisted && mrole[j] == ROLE_NONE));
        if (mended) mrole[i] |= other ? ROLE_UNDECIDED : ROLE_AFFECTED; /* decided on the other mentions' own roles ... */
        else if (other) mrole[i] = ROLE_UNDECIDED;
    }
    for (size_t i = 0; i < x->nmentions; i++) mrole[i] &= (unsigned short)~ROLE_MENDED; /* ... then settled */
    /* Installed, and later in its sentence another KB is blamed by a failure phrase of its own: the installed one
     * is the step taken, the other the culprit ("After installing KB2 the issue with KB1 is gone", "Nach KB2 ist der
     * Fehler von KB1 weg"): undecided, so never in a warning, whatever word told the outcome. Not when the two
     * are listed together (siblings of one release: "KB1, KB2 にて発生"). */
    for (size_t i = 0; i < x->nmentions; i++) {
        const ex_mention *m = &x->mentions[i];
        for (size_t j = 0; minst[i] && j < x->nmentions; j++) {
            const ex_mention *o = &x->mentions[j];
            if (o->kb != m->kb && o->kb < n && o->start > m->end && mrole[j] == ROLE_AFFECTED && !minst[j] &&
                !has_sentence_end(x->subject.data, m->end, o->start, x->subject.len) &&
                !listed_with(x, m->start < o->start ? m->end : o->end, m->start < o->start ? o->start : m->start))
                mrole[i] = ROLE_UNDECIDED;
        }
        if (m->kb < n)
            roles[m->kb] |= (unsigned short)(ROLE_MENTIONED | mrole[i] | (withdrawn(x, m) ? ROLE_WITHDRAWN : 0));
    }
    /* a KB that ran fine is cleared beside another one blamed by a phrase of its own ("KB1 lief einen Monat ohne
     * Probleme. Seit KB2 ..."), not alone ("KB1 ran fine on the test ring. On the DCs it crashed LSASS") */
    for (size_t k = 0; k < n; k++) {
        int other = 0;
        for (size_t j = 0; j < n && !other && (roles[k] & ROLE_RAN_FINE); j++)
            other = j != k && (roles[j] & (ROLE_AFFECTED | ROLE_INSTALLED)) && !(roles[j] & ROLE_FIX);
        if (other && !(roles[k] & ROLE_AFFECTED)) roles[k] |= ROLE_UNDECIDED;
    }
    /* supersedence makes the replacement the fix only where no mention of it is blamed nor told installed: "WSUS
     * says KB1 was superseded by KB2 ... Since KB2 the gateway won't do UDP" blames KB2, and then the update it
     * replaced is context, not blamed; in a fix story ("KB2 supersedes KB1 and fixes the crash it introduced") the
     * replaced one is the culprit as before */
    int replacement_blamed = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(roles[k] & ROLE_SUPERSEDING)) continue;
        if (roles[k] & (ROLE_AFFECTED | ROLE_INSTALLED)) replacement_blamed = 1;
        else roles[k] |= ROLE_FIX;
    }
    for (size_t i = 0; i < x->nmentions && replacement_blamed; i++)
        if (x->mentions[i].kb < n && mrole[i] == ROLE_NONE && replaced(x, &x->mentions[i]))
            roles[x->mentions[i].kb] |= ROLE_UNDECIDED;
    /* an unplaced KB is blamed only in a regression report that speaks of no fix: where a fix is in the
     * story, an unplaced KB may be it, and a warning must never name the fix */
    int regression = a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_REGRESSION);
    int blame_unplaced = regression && fix_score < CLASS_THRESHOLD, placed = 0, blamed = 0, blamed_plain = 0;
    int fix_story = a->report_class && !strcmp(a->report_class, PW_ADV_CLASS_FIX);
    unsigned long newest_blamed = 0, oldest_fix = 0; /* the highest KB number placed as a culprit, the lowest as a fix */
    for (size_t k = 0; k < n; k++) {
        unsigned long num = kb_number(a->kb.v[k]);
        placed |= roles[k] & (ROLE_FIX | ROLE_AFFECTED);
        coll[k] = (unsigned char)collateral_kb(x, k);
        blamed |= (roles[k] & (ROLE_FIX | ROLE_AFFECTED)) == ROLE_AFFECTED && !coll[k]; /* a .NET update beside */
        if ((roles[k] & (ROLE_FIX | ROLE_AFFECTED)) == ROLE_AFFECTED && num > newest_blamed) newest_blamed = num;
        if ((roles[k] & ROLE_FIX) && num && (!oldest_fix || num < oldest_fix)) oldest_fix = num;
    }
    for (size_t k = 0; k < n; k++) {
        const char *kb = a->kb.v[k];
        int fix = roles[k] & ROLE_FIX, aff = roles[k] & ROLE_AFFECTED;
        /* no role phrase near it: blamed only where the story speaks of no fix, even when it is the headline's
         * KB ("Windows 11 bug KB2" over a story of the emergency update KB2 that fixed the bug); never when it
         * was offered as a remedy; and where the post places another KB, only listed with a blamed one:
         * "KB1 broke printing, Microsoft has released KB2." leaves KB2 undecided -- the later update of a pair is
         * as often the fix as a sibling -- and an undecided KB never goes to a warning. That costs the siblings
         * a news story tells in statements of their own ("A similar patch (KB2) has also been pulled", "from May
         * (KB1) to October (KB2)"). Where no KB is placed at all, every unplaced one is still blamed: tried the
         * other way (only the first named, and those listed with it), it lost 15 of 142 culprits on the tuning
         * posts, since news lists siblings in every form.
         * Installed with no failure in its sentence ("We then installed KB2 and it works") is the same when
         * another KB is blamed: of two installed updates, the one the failure is told with is the culprit.
         * In a fix announcement that places a culprit, an unplaced update released well after it is the fix it
         * announces ("KB1 ... Here are the out-of-band KB numbers to deploy: Server 2022 -> KB2"); one numbered
         * close to the culprit (a sibling of its release) or before it stays unplaced. Tuning posts: kb_fix
         * recall 16 -> 19 of 53, no culprit read as a fix; without a placed culprit, taking the newer of two
         * releases as the fix read one of two culprits of different months as the fix, so it is not done.
         * The mirror: where it places a fix and no culprit, an unplaced update released well before the fix is
         * the culprit it fixes ("Notfall-Patches nach Chaos-Update ... das Sicherheits-Update KB1 vom 13. Januar"):
         * kb_affected 144 -> 147 of 168 on the tuning posts, none wrong. */
        int remedy = roles[k] & ROLE_REMEDY, undecided = roles[k] & ROLE_UNDECIDED;
        unsigned long num = remedy || undecided ? 0 : kb_number(kb);
        if (!fix && !aff && (roles[k] & ROLE_INSTALLED)) {
            aff = !remedy && !undecided && (!blamed || beside_blamed(x, k, roles, mrole)) &&
                  !later_release_apart(x, a, k);
        } else if (!fix && !aff && fix_story) {
            fix = num && newest_blamed && num >= newest_blamed + LATER_RELEASE_GAP;
            aff = num && !newest_blamed && num + LATER_RELEASE_GAP <= oldest_fix;
        } else if (!fix && !aff) {
            aff = (blame_unplaced && !remedy && !undecided && (!placed || beside_blamed(x, k, roles, mrole)) &&
                   !later_release_apart(x, a, k) && !only_asked_about(x, k)) ||
                  (regression && num && !newest_blamed && num + LATER_RELEASE_GAP <= oldest_fix);
        }
        /* a prerequisite named as such is neither the culprit nor the fix by being listed, installed or unplaced
         * ("install the SHA-2 update (at least KB1) and the SSU first"): only a phrase of its own decides */
        if (coll[k] == COLLATERAL_PREREQ) fix = (roles[k] & ROLE_FIX) != 0, aff = (roles[k] & ROLE_AFFECTED) && !fix;
        if (roles[k] & ROLE_WITHDRAWN) fix = 0, aff = 1; /* a pulled update is a culprit, a pulled fix too */
        decided[k] = fix ? DECIDED_FIX : aff ? DECIDED_AFFECTED : 0;
        if (decided[k] == DECIDED_AFFECTED && !coll[k]) blamed_plain = 1;
    }
    /* An update labelled as collateral (".NET", "SSU", "MSRT") is blamed only when no other update is */
    for (size_t k = 0; k < n; k++) {
        const char *kb = a->kb.v[k];
        if (pw_strlist_has(&a->kb_fix, kb) || pw_strlist_has(&a->kb_affected, kb)) continue;
        if (decided[k] == DECIDED_FIX && pw_adv_list_add(&a->kb_fix, kb, strlen(kb))) goto out;
        if (decided[k] == DECIDED_AFFECTED && !(blamed_plain && coll[k]) &&
            pw_adv_list_add(&a->kb_affected, kb, strlen(kb)))
            goto out;
    }
    rc = 0;
out:
    free(decided);
    free(roles);
    return rc;
}

/* A distribution's version with its revision ("37-2ubuntu2.2", "2.12-23.fc43", "1:9.2p1-2+deb12u7") names one upload:
 * the binaries built from it carry it too ("efivar/37-2ubuntu2.2 ... libefiboot1 37-2ubuntu2.2, libefivar1
 * 37-2ubuntu2.2"), so another package at exactly that version shares the fix's role. A bare upstream number ("2.38")
 * is not specific enough to say so. */
static int distro_revision(const char *v)
{
    const char *dash = v ? strrchr(v, '-') : NULL;
    if (!dash || !isdigit((unsigned char)v[0])) return 0;
    for (const char *c = dash + 1; *c; c++)
        if (isalpha((unsigned char)*c)) return 1;
    return 0;
}

static int same_upload_fixes(pw_advisory *a)
{
    size_t n = a->packages ? json_array_size(a->packages) : 0;
    for (size_t p = 0; p < n; p++) {
        json_t *it = json_array_get(a->packages, p);
        const char *v = json_string_value(json_object_get(it, "version"));
        if (json_object_get(it, "role") || !distro_revision(v)) continue;
        for (size_t q = 0; q < n; q++) {
            const json_t *o = json_array_get(a->packages, q);
            const char *ov = json_string_value(json_object_get(o, "version"));
            if (q != p && json_object_get(o, "role") && ov && !strcmp(ov, v)) {
                if (json_object_set_new(it, "role", json_string("fix"))) return -1;
                break;
            }
        }
    }
    return 0;
}

/* A package version offered as the fix or the remedy ("openssh 9.8p1 should fix it", "downgrading to glibc 2.38-7
 * fixed it", "Workaround: install systemd 257.5") is marked "role": "fix" in the advisory's packages, so an early
 * warning never names it (pw_advisory_blames_package); its mentions are read by the same role phrases as a KB's. */
static int assign_package_roles(pw_extractor *x, pw_advisory *a)
{
    size_t n = a->packages ? json_array_size(a->packages) : 0;
    for (size_t p = 0; p < n; p++) {
        int fix = 0, pulled = 0;
        for (size_t i = 0; i < x->npmentions; i++) {
            const ex_mention *m = &x->pmentions[i];
            if (m->kb != p) continue;
            int installed, role = placed_role(x, m, &installed);
            fix |= role == ROLE_FIX || role == ROLE_SUPERSEDING || role == ROLE_REMEDY || ex_package_remedy(x, a, m);
            pulled |= withdrawn(x, m);
        }
        if (fix && !pulled && json_object_set_new(json_array_get(a->packages, p), "role", json_string("fix")))
            return -1;
    }
    return same_upload_fixes(a);
}

int ex_classify(pw_extractor *x, pw_advisory *a, const char *status_from_feed)
{
    tally *t = calloc(1, sizeof *t);
    int rc = -1;
    if (!t) return -1;
    tally_hits(x, t);
    tally_status(t, status_from_feed);
    /* an error code is a failure being quoted: weak evidence of a report, like "error" */
    if (a->error_codes.n > 0) tally_add(t, F_REGRESSION, "error code", 10, ERROR_CODE_WEIGHT, 0, 0);
    int named = a->kb.n > 0 || (a->packages && json_array_size(a->packages) > 0) || status_from_feed != NULL;
    t->anchored = named;
    t->on_topic |= named; /* an anchor ("this morning", "my servers") dates or owns a case but names no update */
    for (size_t i = 0; i < x->nhits; i++) {
        ex_field f = hit_field(x, &x->hits[i]);
        t->anchored |= f == F_ANCHOR;
        t->on_topic |= f == F_TOPIC || f == F_PACKAGE_VERSION;
    }
    for (size_t i = 0; i < x->nhits && !t->narrative; i++)
        if (hit_field(x, &x->hits[i]) == F_NARRATIVE && x->hits[i].start >= x->title_len) t->narrative = 1;
    set_features(x, a, t);
    model_view mv = {.m = x->model, .p = -1};
    if (x->model && !status_from_feed && (mv.p = pw_report_model_prob(x->model, a->title, a->text, &mv.why)) < 0)
        goto out;
    if (set_class(a, t, &mv) == 0 && assign_roles(x, a, t->total[1] + t->fix_asked) == 0 && assign_package_roles(x, a) == 0)
        rc = 0;
out:
    free(t);
    return rc;
}
