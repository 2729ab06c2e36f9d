/* advisory_lang: which of the rules' languages a post is written in, from its function words, so that a cue of
 * one language does not fire on a word of another. All rules used to apply to every post, and the languages share
 * spellings with other meanings: Dutch "lost" (solves) in "lost access to the CSVs" made the culprit the fix; Dutch
 * "tot" (until) and German "die" are others. The guess is deliberately shy: a short headline, or a post that mixes
 * languages, gets no guess and keeps every rule. Costs one pass over the subject per advisory. */
#include <string.h>

#include "parsers/advisory_extract_priv.h"

/* Function words that belong to one language only (none appears in two lists: "de", "la", "en", "is", "die",
 * "we", "no" are left out for that reason). Lower case, ASCII or UTF-8. */
static const char *const words_en[] = {"the", "and", "of", "to", "was", "are", "with", "after", "this", "that", "our",
                                       "have", "has", "it", "on", "for", "not", "from", "since", "my", "be", "been",
                                       "were", "which", "when", "all", "any", "anyone", "they", "their", "its"};
static const char *const words_de[] = {"der", "das", "und", "ist", "nicht", "mit", "nach", "auf", "ein", "eine",
                                       "den", "dem", "wir", "bei", "auch", "seit", "sich", "zu", "von", "wurde",
                                       "werden", "uns", "unsere", "noch", "ich", "hat", "sind", "nur", "wie"};
static const char *const words_es[] = {"el", "los", "las", "que", "y", "con", "para", "una", "por", "del", "se",
                                       "es", "tras", "desde", "nuestro", "nuestros", "nos", "pero", "está", "como",
                                       "su", "lo", "al", "hemos", "todos", "después"};
static const char *const words_fr[] = {"le", "les", "des", "et", "est", "une", "pour", "avec", "dans", "après", "sur",
                                       "pas", "ne", "nous", "au", "aux", "du", "qui", "depuis", "notre", "nos", "il",
                                       "sont", "mais", "ce", "cette", "plus", "à"};
static const char *const words_nl[] = {"het", "een", "van", "niet", "met", "na", "op", "voor", "dat", "ons", "onze",
                                       "bij", "sinds", "ook", "zijn", "er", "wordt", "werd", "heeft", "hebben", "maar",
                                       "geen", "nog", "naar", "wij", "deze", "alle"};

static const struct {
    const char *lang;
    const char *const *words;
    size_t n;
} langs[] = {
    {"en", words_en, sizeof words_en / sizeof words_en[0]}, {"de", words_de, sizeof words_de / sizeof words_de[0]},
    {"es", words_es, sizeof words_es / sizeof words_es[0]}, {"fr", words_fr, sizeof words_fr / sizeof words_fr[0]},
    {"nl", words_nl, sizeof words_nl / sizeof words_nl[0]},
};
#define NLANGS (sizeof langs / sizeof langs[0])
#define KANA_MIN 4   /* hiragana or katakana characters: Japanese */
#define WORDS_MIN 4  /* function words of the leading language before it is believed ... */
#define LEAD_FACTOR 3 /* ... and that many times as many as the next language's */
#define WORD_MAX 16

static int is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

const char *ex_guess_lang(const char *s, size_t len)
{
    size_t count[NLANGS] = {0}, kana = 0;
    for (size_t i = 0; i < len;) {
        const unsigned char *u = (const unsigned char *)s + i;
        /* U+3040..U+30FF (hiragana, katakana) is E3 81 80 .. E3 83 BF in UTF-8 */
        if (u[0] == 0xE3 && i + 2 < len && u[1] >= 0x81 && u[1] <= 0x83) {
            kana++;
            i += 3;
            continue;
        }
        if (!is_word_byte(u[0])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && is_word_byte((unsigned char)s[j]) && (unsigned char)s[j] != 0xE3) j++; /* kana ends a word */
        size_t n = j - i;
        if (n <= WORD_MAX) {
            char w[WORD_MAX + 1];
            for (size_t k = 0; k < n; k++) w[k] = (char)(s[i + k] >= 'A' && s[i + k] <= 'Z' ? s[i + k] + 32 : s[i + k]);
            w[n] = '\0';
            for (size_t l = 0; l < NLANGS; l++)
                for (size_t k = 0; k < langs[l].n; k++)
                    if (!strcmp(w, langs[l].words[k])) count[l]++;
        }
        i = j > i ? j : i + 1; /* a lone 0xE3 that is no kana */
    }
    if (kana >= KANA_MIN) return "ja";
    size_t best = 0, second = 0;
    for (size_t l = 1; l < NLANGS; l++)
        if (count[l] > count[best]) best = l;
    for (size_t l = 0; l < NLANGS; l++)
        if (l != best && count[l] > second) second = count[l];
    return count[best] >= WORDS_MIN && count[best] >= LEAD_FACTOR * second ? langs[best].lang : NULL;
}
