/* signature_mask: replaces the variable parts of a message (numbers with or without a unit, hex, IPs, paths,
 * GUIDs, SIDs, KB ids, times, URLs) by typed placeholders such as <IP> or <KB> before the message is mined.
 *
 * The mask patterns are joined into ONE alternation, each alternative in its own capture group, JIT-
 * compiled once; a line is scanned once, left to right, and at each position the first alternative (in
 * table order) that matches wins. Two promises a mask may make keep that scan cheap: `word_start` (never
 * starts inside a word: one guard skips the inside of words for a whole run of such masks) and `needs`
 * (every match contains one of these bytes): a line is first checked for which bytes it holds (one table
 * lookup per byte), and scanned with the alternation of only the masks that can match there. Those
 * alternations are compiled once per distinct set of masks (a handful in practice, at most
 * SIG_MASK_VARIANTS_MAX) and give exactly the result of the full one. Matching reuses one match-data block, so masking
 * allocates nothing per line once the output buffer is warm. Patterns run in byte mode (no UTF): \w and
 * \d are ASCII, which is what log variables are made of, and invalid UTF-8 in a plain line cannot fail the
 * match. A match limit bounds the work of a pathological user pattern; a line whose scan hits it is left
 * unmasked from that point (counted as text, never an error). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/signature_impl.h"

/* Limits on user-supplied patterns: a pattern this long is a mistake, and the match limit keeps one
 * catastrophic-backtracking pattern from stalling the pipeline (PCRE2's default is 10,000,000). */
#define SIG_MASK_PATTERN_MAX 4096
#define SIG_MASK_MATCH_LIMIT 100000
#define SIG_MASK_DEPTH_LIMIT 10000

#define HEX "[0-9A-Fa-f]"
#define DIGITS "0123456789"
static const pw_sig_mask_def builtin_masks[] = {
    {"GUID", "\\{?" HEX "{8}-" HEX "{4}-" HEX "{4}-" HEX "{4}-" HEX "{12}\\}?", 1, "-"},
    {"SID", "\\bS-1-[0-9]+(?:-[0-9]+){1,14}\\b", 1, "-"},
    {"KB", "\\bKB[0-9]{6,8}\\b", 1, "K"},
    {"URL", "\\b[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\\s\"'<>]+", 1, ":"},
    {"IP", "(?<![\\w.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?::[0-9]{1,5})?(?![\\w]|\\.[0-9A-Za-z])", 1, "."},
    {"IP", "(?<![\\w:.])(?:(?:" HEX "{1,4}:){7}" HEX "{1,4}|(?:" HEX "{1,4}:){1,7}:|(?:" HEX "{1,4}:){1,6}(?::" HEX
           "{1,4}){1,6}|::(?:" HEX "{1,4}:){0,6}" HEX "{1,4})(?:%\\w+)?(?![\\w:])", 1, ":"},
    {"PATH", "(?<![\\w])[A-Za-z]:\\\\[^\\s\"'<>|*?]*|\\\\\\\\[\\w.$-]+\\\\[^\\s\"'<>|*?]*", 1, "\\"},
    {"PATH", "(?<![\\w./~-])/(?:[\\w.@+~-]+/?)+", 1, "/"},
    /* NT object paths: "\\REGISTRY\\MACHINE\\SYSTEM", "\\Device\\HarddiskVolume2\\x" (two or more parts) */
    {"PATH", "\\\\[\\w.$?{}-]+(?:\\\\[\\w.$?{}-]*)+", 1, "\\"},
    /* ISO 8601 / RFC 3339 dates with an optional time: "2025-07-08", "2025-07-08T12:34:56.123Z" */
    {"DATE", "(?<![\\w.-])[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?"
             "(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?(?![\\w])", 1, "-/"},
    /* ctime/syslog style: "Fri Jul  1 07:57:30 2005", "Jul 1 07:57:30" */
    {"DATE", "\\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\s+"
             "[0-9]{1,2}\\s+[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\s+[0-9]{4})?\\b", 1, ":"},
    {"TIME", "(?<![\\w:.])[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?![\\w:])", 1, ":"},
    /* host names: three or more labels ending in a common top-level domain; Java class names
     * ("org.apache.Foo") and dotted settings ("mapred.task.id") stay */
    {"HOST", "(?<![\\w.-])(?:[A-Za-z0-9][A-Za-z0-9-]{0,62}\\.){2,}(?:com|net|org|edu|gov|mil|info|biz|io|co|local|lan|corp|internal|localdomain|home|arpa|de|uk|fr|jp|cn|"
             "ru|br|nl|au|ca|kr|tw|hk|sg|ch|se|pl|es|eu)(?![\\w-]|\\.\\w)", 1, "."},
    /* an address range ("b6e75000-b6e9a000", a memory map's first column) is one value, not a hex and a word */
    {"HEX", "(?<![\\w.-])0[xX]" HEX "+(?![\\w])|(?<![\\w.-])(?=[0-9a-fA-F]*[0-9])(?=[0-9]*[a-fA-F])" HEX
            "{8,}(?:-" HEX "{8,})?(?![\\w])", 1, DIGITS},
    /* a number, with its unit when it has one (the "computing resource" and "time" variables of Li et al.,
     * ICSE 2023): "5.2 KB" and "3 MB", "250 ms" and "2 sec", "64K", "12ms" are one <NUM> each, not a
     * number and a word that differs. Spaced units have two letters or more, or are B ("5 s" stays a
     * number and a word). One alternative with NUM (not a mask of its own): the unit is only tried after a
     * number matched, so it costs nothing on the words around. */
    {"NUM", "(?<![\\w./])[-+]?[0-9]++(?:\\.[0-9]++)?+(?:(?:\\s?(?:[KMGTP]i?B|B|bytes?|ms|us|ns|secs?|seconds?|mins?|"
            "minutes?|hours?|days?)|[KMGTP]i?|[smh])(?![\\w])|(?![\\w]|\\.[0-9A-Za-z]))", 1, DIGITS},
};
#undef HEX
#undef DIGITS

const pw_sig_mask_def *pw_sig_builtin_masks(size_t *n)
{
    *n = sizeof builtin_masks / sizeof builtin_masks[0];
    return builtin_masks;
}

static int mask_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SIG_MASK_NAME_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return 0;
    }
    return 1;
}

/* Compiles the alternation of the masks in `set` (table order kept) into v; 0 or -1 with err. */
static int variant_compile(sig_masker *mk, uint32_t set, sig_mask_variant *v, pw_error *err)
{
    pw_buf all = PW_BUF_INIT;
    uint32_t group = 1;
    int errcode, prev_ws = 0, first = 1;
    PCRE2_SIZE erroff;
    memset(v, 0, sizeof *v);
    v->set = set;
    for (size_t i = 0; i < mk->ntypes; i++) {
        if (!(set & (UINT32_C(1) << i))) continue;
        int ws = mk->word_start[i];
        /* A run of word_start masks shares one cheap guard, so inside a word the scan fails after one
         * character test instead of trying every alternative; runs keep the table order. */
        if ((prev_ws && !ws && pw_buf_putc(&all, ')')) || (!first && pw_buf_putc(&all, '|')) ||
            (ws && (!prev_ws || first) && pw_buf_puts(&all, "(?<![0-9A-Za-z_])(?:")) || pw_buf_putc(&all, '(') ||
            pw_buf_puts(&all, mk->pattern[i]) || pw_buf_putc(&all, ')'))
            goto nomem;
        uint32_t ncap = 0;
        pcre2_code *one = pcre2_compile((PCRE2_SPTR)mk->pattern[i], PCRE2_ZERO_TERMINATED, 0, &errcode, &erroff, NULL);
        if (one) pcre2_pattern_info(one, PCRE2_INFO_CAPTURECOUNT, &ncap);
        pcre2_code_free(one);
        v->group[v->nalt] = group;
        v->type[v->nalt] = (uint8_t)i;
        v->nalt++;
        group += 1 + ncap;
        prev_ws = ws;
        first = 0;
    }
    if (prev_ws && pw_buf_putc(&all, ')')) goto nomem;
    v->re = pcre2_compile((PCRE2_SPTR)all.data, all.len, 0, &errcode, &erroff, NULL);
    pw_buf_free(&all);
    if (!v->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return pw_error_set(err, PW_ERR_INVALID, "mask patterns combined: %s", (char *)msg);
    }
    size_t jit = 0;
    /* without JIT, pcre2_match still works (slower); with it, pcre2_jit_match skips the checks pcre2_match
     * repeats on every call */
    if (pcre2_jit_compile(v->re, PCRE2_JIT_COMPLETE) == 0 && pcre2_pattern_info(v->re, PCRE2_INFO_JITSIZE, &jit) == 0)
        v->jit = jit > 0;
    return 0;
nomem:
    pw_buf_free(&all);
    return pw_error_set(err, PW_ERR_NOMEM, "mask patterns: out of memory");
}

int sig_masker_init(sig_masker *mk, const pw_sig_mask_def *defs, size_t n, pw_error *err)
{
    int errcode;
    PCRE2_SIZE erroff;
    uint32_t ovec = 1;

    memset(mk, 0, sizeof *mk);
    if (n > PW_SIG_MAX_MASKS) {
        pw_error_set(err, PW_ERR_LIMIT, "%zu mask patterns, at most %d", n, PW_SIG_MAX_MASKS);
        goto err;
    }
    for (size_t i = 0; i < n; i++) {
        const pw_sig_mask_def *d = &defs[i];
        uint32_t ncap = 0;
        if (!d->name || !mask_name_ok(d->name)) {
            pw_error_set(err, PW_ERR_INVALID, "mask %zu: name must be 1..%d of A-Z, 0-9, _", i, SIG_MASK_NAME_MAX);
            goto err;
        }
        if (!d->pattern || strlen(d->pattern) == 0 || strlen(d->pattern) > SIG_MASK_PATTERN_MAX) {
            pw_error_set(err, PW_ERR_INVALID, "mask %s: pattern empty or longer than %d", d->name, SIG_MASK_PATTERN_MAX);
            goto err;
        }
        /* Compiled alone first: a precise error message, and its own group count for the numbering. */
        pcre2_code *one = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED, 0, &errcode, &erroff, NULL);
        if (!one) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(errcode, msg, sizeof msg);
            pw_error_set(err, PW_ERR_INVALID, "mask %s: pattern at offset %zu: %s", d->name, (size_t)erroff,
                         (char *)msg);
            goto err;
        }
        pcre2_pattern_info(one, PCRE2_INFO_CAPTURECOUNT, &ncap);
        pcre2_code_free(one);
        ovec += 1 + ncap;
        if (!(mk->pattern[i] = strdup(d->pattern))) {
            pw_error_set(err, PW_ERR_NOMEM, "mask patterns: out of memory");
            goto err;
        }
        mk->word_start[i] = d->word_start;
        if (!d->needs || !*d->needs) mk->always |= UINT32_C(1) << i;
        else
            for (const unsigned char *c = (const unsigned char *)d->needs; *c; c++) mk->by_byte[*c] |= UINT32_C(1) << i;
        mk->repl_len[i] = (uint32_t)snprintf(mk->repl[i], sizeof mk->repl[i], "<%s>", d->name);
        mk->ntypes = i + 1;
    }
    if (n == 0) return 0; /* no masking at all */
    uint32_t all = n == 32 ? UINT32_MAX : (UINT32_C(1) << n) - 1;
    if (variant_compile(mk, all, &mk->var[0], err)) goto err;
    mk->nvar = 1;
    mk->md = pcre2_match_data_create(ovec, NULL);
    mk->mctx = pcre2_match_context_create(NULL);
    if (!mk->md || !mk->mctx) {
        pw_error_set(err, PW_ERR_NOMEM, "mask patterns: out of memory");
        goto err;
    }
    pcre2_set_match_limit(mk->mctx, SIG_MASK_MATCH_LIMIT);
    pcre2_set_depth_limit(mk->mctx, SIG_MASK_DEPTH_LIMIT);
    return 0;
err:
    sig_masker_free(mk);
    return -1;
}

/* The regex for a set of masks: found among the compiled ones, compiled on first use (once per distinct
 * set; there are few in practice, as the sets follow from which of a handful of bytes a line holds), or
 * the regex of all masks when the cache is full or compiling fails (same result, only slower). */
static const sig_mask_variant *variant_for(sig_masker *mk, uint32_t set)
{
    for (size_t i = 0; i < mk->nvar; i++) {
        if (mk->var[i].set == set) return &mk->var[i];
    }
    if (mk->nvar == SIG_MASK_VARIANTS_MAX) return &mk->var[0];
    if (variant_compile(mk, set, &mk->var[mk->nvar], NULL)) return &mk->var[0];
    return &mk->var[mk->nvar++];
}

int sig_masker_apply(sig_masker *mk, const char *in, size_t len, pw_buf *out)
{
    size_t pos = 0;
    pw_buf_reset(out);
    if (pw_buf_reserve(out, len + 1)) return -1;
    if (mk->nvar == 0) return pw_buf_append(out, in, len);
    /* Which masks could match at all: those whose `needs` bytes occur in the line. */
    uint32_t set = mk->always;
    const unsigned char *u = (const unsigned char *)in;
    for (size_t i = 0; i < len; i++) set |= mk->by_byte[u[i]];
    if (set == 0) return pw_buf_append(out, in, len);
    const sig_mask_variant *v = variant_for(mk, set);
    while (pos < len) {
        int rc = v->jit ? pcre2_jit_match(v->re, (PCRE2_SPTR)in, len, pos, 0, mk->md, mk->mctx)
                        : pcre2_match(v->re, (PCRE2_SPTR)in, len, pos, 0, mk->md, mk->mctx);
        if (rc < 0) break; /* no match (or a limit hit): the rest stays as it is */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(mk->md);
        size_t s = ov[0], e = ov[1];
        if (s < pos || e < s || e > len) break; /* cannot happen; do not trust it with memory */
        if (pw_buf_append(out, in + pos, s - pos)) return -1;
        if (e == s) { /* an empty match (user pattern): keep one byte and move on */
            if (s >= len || pw_buf_putc(out, in[s])) break;
            pos = s + 1;
            continue;
        }
        size_t a = 0;
        while (a + 1 < v->nalt && ov[2 * v->group[a]] == PCRE2_UNSET) a++;
        size_t t = v->type[a];
        if (pw_buf_append(out, mk->repl[t], mk->repl_len[t])) return -1;
        pos = e;
    }
    if (pos < len && pw_buf_append(out, in + pos, len - pos)) return -1;
    return 0;
}

void sig_masker_free(sig_masker *mk)
{
    for (size_t i = 0; i < mk->nvar; i++) pcre2_code_free(mk->var[i].re);
    for (size_t i = 0; i < PW_SIG_MAX_MASKS; i++) free(mk->pattern[i]);
    pcre2_match_context_free(mk->mctx);
    pcre2_match_data_free(mk->md);
    memset(mk, 0, sizeof *mk);
}
