/* schema_extract: rules of kind `extract` -- how to pull KB numbers, CVEs, event ids, error codes, products,
 * Linux packages and status out of advisory text, and the vocabulary that classifies a report (regression
 * report, fix announcement, informational) and tells the update it blames from the one it offers as the fix
 * (rules/extract/). Owned with the feeds stage; docs/feeds.md "Classification" explains the fields. */
#include <string.h>

#include "rules/rule_schema.h"

/* Cue words are literal phrases: they are escaped, not compiled, so only their shape is checked here. Called
 * on the list and on each item. 128 bytes is a long phrase; control characters mean a broken file. */
static int check_words(const json_t *v, char *msg, size_t size)
{
    if (json_is_array(v)) return 0;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (!s || n == 0 || n > 128 || strlen(s) != n) {
        snprintf(msg, size, "a cue word must be 1..128 bytes of text");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20) {
            snprintf(msg, size, "a cue word must not contain control characters");
            return -1;
        }
    if (s[0] == ' ' || s[n - 1] == ' ' || (n == 1 && s[0] == '*') || (n == 2 && s[0] == '*' && s[1] == '*')) {
        snprintf(msg, size, "a cue word must not start or end with a space, nor be '*' alone");
        return -1;
    }
    return 0;
}

static const pw_cfg_key extract_keys[] = {
    {.name = "field", .type = PW_CFG_ENUM, .flags = PW_CFG_REQUIRED,
     .choices = "kb|cve|event_id|error_code|product|component|status|package|regression|fix|informational|"
                "negation|negation_before|negation_after|kb_fix_before|kb_fix_after|kb_affected_before|"
                "kb_affected_after|anchor|hypothetical|hypothetical_after|kb_installed_before|kb_installed_after|undo|"
                "culprit_verb|question_start|negation_stop|narrative|kb_remedy|reader|cleared|kb_withdrawn|problem_clause|"
                "report_question|security|dated|persist|kb_collateral|kb_cleared|package_version|package_name|topic",
     .desc = "what a match fills: an advisory list (kb, cve, event_id, error_code, product, component), status, "
             "package (name and version); a class cue (regression, fix, informational); a negation (a span in "
             "which cues do not count, or a word cancelling the cue right after/before it); the role of the "
             "KB right after (_before) or right before (_after) the match (kb_installed_*: the KB was installed, which "
             "blames it unless its own clause says the installing fixed something); or an anchor (words that tie a story "
             "to one particular update or a first-hand case: without one, nor a KB or package, regression cues "
             "count less); or a condition (hypothetical: \"if\", \"falls\", \"si\" puts the rest of its clause "
             "in the conditional; hypothetical_after: Japanese \"場合\" the words just before it), where cues "
             "count half; or undo (uninstalling, rolling back: a fix cue after it in its clause counts for a "
             "regression report, \"uninstalling it fixed it\"); or culprit_verb (\"breaks\", \"causes\", \"patch for X "
             "causes\": a fix cue right before it is its subject, what broke something, and counts for a regression "
             "report: \"OpenSSL fix breaks SSH\"); or question_start (\"any ideas\", \"can anyone\", \"weiß jemand\": "
             "right after a comma it starts the question, so the statement before the comma is no question: "
             "\"after the update it stopped loading, any ideas?\"); or negation_stop (\"after\", \"nach\", \"tras\": a "
             "negation word with a word between does not reach a cue that starts with it: in \"no sound after the "
             "update\" the \"no\" is about the sound); or narrative (\"I installed\", \"we noticed\": a first-hand "
             "account in the body, which a genre headline does not turn into a guide); or kb_remedy (\"Solution:\", "
             "\"Workaround:\", \"Lösung:\", \"解決策\": a KB after it in its sentence that no role phrase blames is "
             "offered as the remedy, so a warning never names it, even when an installed phrase governs it: "
             "\"Workaround: install KB2\"); or reader (\"your\", \"votre\", \"Ihr\", \"あなた\": the reader "
             "addressed; a regression cue in its sentence is a guide's scenario and counts like one in a condition); or "
             "cleared (\"false alarm\", \"not a bug\", \"Fehlalarm\": an informational cue that is also a thread's "
             "verdict: in the body, stated rather than asked, with no strong regression cue after it, the post is "
             "informational); or kb_withdrawn (\"pulled KB1\", \"stops KB1 rollout\", \"KB1 zurückgezogen\": the KB "
             "inside the match or right before or after it in its clause was withdrawn, so it is blamed and never read as "
             "the fix, whatever else the post calls it); or problem_clause (\"the issue that occurs\", \"das Problem, das\", "
             "\"les déconnexions apparues\", \"表示される問題\": what follows, or in Japanese what precedes, describes a "
             "problem, so an install told in it placed the culprit and a fix cue around it mends that problem: "
             "\"resolves the issue that occurs after installing KB1\" does not make KB1 the fix); or report_question "
             "(\"anyone else\", \"noch jemand\", \"同じ症状の方\": a question that reports what the writer sees, whose "
             "regression cues count in full); or security (\"attackers\", \"exploited\", \"Angreifer\", \"脆弱性\": a "
             "vulnerability told, so a failure or fix cue in its sentence is the vulnerability's and counts a quarter, "
             "unless the sentence tells an install); or dated (\"since KB1\", \"seit KB1\", \"KB1 以降\": a symptom dated "
             "by a named update, a regression cue for the class that tells no failure of its own, so it blames "
             "nothing); or persist (\"still\", \"weiterhin\", \"sigue\", \"まだ\": beside a KB a failure phrase blames, the "
             "failure was there before it, so the KB is a remedy tried, blamed only where the post blames no other "
             "KB: \"KB1 killed our CSVs. Installed KB2 and still broken\"); or kb_collateral (\".NET\", \"SSU\", \"MSRT\", "
             "\"Defender\": a KB labelled so right before it or in parentheses right after it is an update installed "
             "beside the culprit, not blamed when the post blames another KB); or kb_cleared (\"never installed KB1\", "
             "\"KB1 haben wir nie installiert\", \"KB1 は入れず\", \"KB1 ran for a month without any problem\": the KB inside "
             "the match broke nothing, so it is not blamed unless a failure follows in its sentence with no other KB "
             "between, \"we skipped KB1 because it breaks printing\"; an informational cue inside the match is that KB's "
             "all-clear, not the post's, where the post tells a failure elsewhere); or package_version (a version told "
             "without its package: \"With version 24.1.3\", \"downgrading to 1.18\", \"versie 2.4.20\"; the package named "
             "nearest before it takes it, else the first named after it) or package_name (a package named without a "
             "version, \"the kernel\", \"noyau\", \"mesa\", which such a version after it belongs to: the rule's value, "
             "e.g. kernel, else the name as written, in small letters); or topic (\"update\", \"patch\", "
             "\"upgrade\", \"Aktualisierung\", \"mise à jour\", \"更新\": the story is about an update at all; in one that "
             "names none, nor a KB, a package or a vendor status, regression cues count nothing, whatever broke: a "
             "service outage, a hardware fault, a guide)"},
    {.name = "pattern", .type = PW_CFG_REGEX,
     .desc = "PCRE2 pattern; the first capture group (or the whole match) is the value"},
    {.name = "words", .type = PW_CFG_LIST, .item = PW_CFG_STRING, .flags = PW_CFG_NONEMPTY, .check = check_words,
     .desc = "literal phrases instead of a pattern (case-insensitive, whole words; a space also matches a "
             "hyphen or nothing, a trailing * any word ending); the phrase that matched is the class reason"},
    {.name = "value", .type = PW_CFG_STRING,
     .desc = "a template ($0 = whole match, $1..$9 = groups) or a fixed value (status; for package: the name); "
             "for a KB-role phrase, how it places the KB: supersede (the replacement is the fix only where nothing "
             "blames it), object (only a KB that is the phrase's own object: \"upgrade to KB2\", not \"upgrade to "
             "22H2 (KB1)\"), outcome (an install told as the means, \"by installing KB2\": a failure told after it in "
             "its sentence makes the KB the culprit, else it is the fix); for kb_collateral, prerequisite (neither "
             "culprit nor fix unless a phrase of its own places it); for kb_cleared, ran-fine and undo-no-help"},
    {.name = "version", .type = PW_CFG_STRING, .desc = "package: the version template (default $2)"},
    {.name = "weight", .type = PW_CFG_NUMBER, .flags = PW_CFG_RANGE, .min = 0, .max = 10, .def = "1",
     .desc = "class cues: how much one matching phrase counts (doubled in the title)"},
    {.name = "scope", .type = PW_CFG_ENUM, .choices = "any|title|body", .def = "any",
     .desc = "class cues: where a phrase counts -- anywhere, only in the title (genre words such as \"how to\", "
             "\"explained\" say what a post is only in its headline), or only in the body"},
    {.name = "lang", .type = PW_CFG_STRING, .desc = "language of the words (ISO 639-1): a cue of a language other than en does not fire on a post whose function words say it is written in another language"},
    {.name = "normalize", .type = PW_CFG_ENUM, .choices = "upper|lower|none", .def = "none",
     .desc = "case folding of the value"},
    {.name = "description", .type = PW_CFG_STRING, .desc = "free text"},
    {.name = NULL},
};

const pw_cfg_table pw_rule_schema_extract = {.desc = "Extraction from advisory text (rules/extract/).",
                                             .keys = extract_keys,
                                             .one_of = "pattern|words"};
