/* signature_mask: replaces the variable parts of a message (numbers, hex, IPs, paths, GUIDs, SIDs, KB ids,
 * times, URLs) by typed placeholders such as <IP> or <KB> before the message is mined.
 *
 * All mask patterns are joined into ONE alternation, each alternative in its own capture group, compiled
 * and JIT-compiled once per miner; a line is scanned once, left to right, and at each position the first
 * alternative (in table order) that matches wins. Matching reuses one match-data block, so masking
 * allocates nothing per line once the output buffer is warm. Patterns run in byte mode (no UTF): \w and
 * \d are ASCII, which is what log variables are made of, and invalid UTF-8 in a plain line cannot fail the
 * match. A match limit bounds the work of a pathological user pattern; a line whose scan hits it is left
 * unmasked from that point (counted as text, never an error). */
#include <stdio.h>
#include <string.h>

#include "correlate/signature_impl.h"

/* Limits on user-supplied patterns: a pattern this long is a mistake, and the match limit keeps one
 * catastrophic-backtracking pattern from stalling the pipeline (PCRE2's default is 10,000,000). */
#define SIG_MASK_PATTERN_MAX 4096
#define SIG_MASK_MATCH_LIMIT 100000
#define SIG_MASK_DEPTH_LIMIT 10000

#define HEX "[0-9A-Fa-f]"
static const pw_sig_mask_def builtin_masks[] = {
    {"GUID", "\\{?" HEX "{8}-" HEX "{4}-" HEX "{4}-" HEX "{4}-" HEX "{12}\\}?", 1},
    {"SID", "\\bS-1-[0-9]+(?:-[0-9]+){1,14}\\b", 1},
    {"KB", "\\bKB[0-9]{6,8}\\b", 1},
    {"URL", "\\b[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\\s\"'<>]+", 1},
    {"IP", "(?<![\\w.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?::[0-9]{1,5})?(?![\\w]|\\.[0-9A-Za-z])", 1},
    {"IP", "(?<![\\w:.])(?:(?:" HEX "{1,4}:){7}" HEX "{1,4}|(?:" HEX "{1,4}:){1,7}:|(?:" HEX "{1,4}:){1,6}(?::" HEX
           "{1,4}){1,6}|::(?:" HEX "{1,4}:){0,6}" HEX "{1,4})(?:%\\w+)?(?![\\w:])", 1},
    {"PATH", "(?<![\\w])[A-Za-z]:\\\\[^\\s\"'<>|*?]*|\\\\\\\\[\\w.$-]+\\\\[^\\s\"'<>|*?]*", 1},
    {"PATH", "(?<![\\w./~-])/(?:[\\w.@+~-]+/?)+", 1},
    {"DATE", "(?<![\\w.-])[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}(?![\\w])", 1},
    /* ctime/syslog style: "Fri Jul  1 07:57:30 2005", "Jul 1 07:57:30" */
    {"DATE", "\\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\s+"
             "[0-9]{1,2}\\s+[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\s+[0-9]{4})?\\b", 1},
    {"TIME", "(?<![\\w:.])[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?![\\w:])", 1},
    /* host names: three or more labels ending in a common top-level domain; Java class names
     * ("org.apache.Foo") and dotted settings ("mapred.task.id") stay */
    {"HOST", "(?<![\\w.-])(?:[A-Za-z0-9][A-Za-z0-9-]{0,62}\\.){2,}(?:com|net|org|edu|gov|mil|info|biz|io|co|local|lan|corp|internal|localdomain|home|arpa|de|uk|fr|jp|cn|"
             "ru|br|nl|au|ca|kr|tw|hk|sg|ch|se|pl|es|eu)(?![\\w-]|\\.\\w)", 1},
    {"HEX", "(?<![\\w.-])0[xX]" HEX "+(?![\\w])|(?<![\\w.-])(?=[0-9a-fA-F]*[0-9])(?=[0-9]*[a-fA-F])" HEX
            "{8,}(?![\\w])", 1},
    {"NUM", "(?<![\\w./])[-+]?[0-9]+(?:\\.[0-9]+)?(?![\\w]|\\.[0-9A-Za-z])", 1},
};
#undef HEX

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

int sig_masker_init(sig_masker *mk, const pw_sig_mask_def *defs, size_t n, pw_error *err)
{
    pw_buf all = PW_BUF_INIT;
    pcre2_code *one = NULL;
    int errcode;
    PCRE2_SIZE erroff;
    uint32_t group = 1;

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
        one = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED, 0, &errcode, &erroff, NULL);
        if (!one) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(errcode, msg, sizeof msg);
            pw_error_set(err, PW_ERR_INVALID, "mask %s: pattern at offset %zu: %s", d->name, (size_t)erroff,
                         (char *)msg);
            goto err;
        }
        pcre2_pattern_info(one, PCRE2_INFO_CAPTURECOUNT, &ncap);
        pcre2_code_free(one);
        one = NULL;
        /* A run of word_start masks shares one cheap guard, so inside a word the scan fails after one
         * character test instead of trying every alternative; runs keep the table order. */
        int open_run = d->word_start && (i == 0 || !defs[i - 1].word_start);
        int close_run = d->word_start && (i + 1 == n || !defs[i + 1].word_start);
        if ((i && pw_buf_putc(&all, '|')) || (open_run && pw_buf_puts(&all, "(?<![0-9A-Za-z_])(?:")) ||
            pw_buf_putc(&all, '(') || pw_buf_puts(&all, d->pattern) || pw_buf_putc(&all, ')') ||
            (close_run && pw_buf_putc(&all, ')'))) {
            pw_error_set(err, PW_ERR_NOMEM, "mask patterns: out of memory");
            goto err;
        }
        mk->group[i] = group;
        group += 1 + ncap;
        mk->repl_len[i] = (uint32_t)snprintf(mk->repl[i], sizeof mk->repl[i], "<%s>", d->name);
    }
    mk->ntypes = n;
    if (n == 0) {
        pw_buf_free(&all);
        return 0; /* no masking at all */
    }
    mk->re = pcre2_compile((PCRE2_SPTR)all.data, all.len, 0, &errcode, &erroff, NULL);
    if (!mk->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        pw_error_set(err, PW_ERR_INVALID, "mask patterns combined: %s", (char *)msg);
        goto err;
    }
    (void)pcre2_jit_compile(mk->re, PCRE2_JIT_COMPLETE); /* without JIT, pcre2_match still works */
    mk->md = pcre2_match_data_create_from_pattern(mk->re, NULL);
    mk->mctx = pcre2_match_context_create(NULL);
    if (!mk->md || !mk->mctx) {
        pw_error_set(err, PW_ERR_NOMEM, "mask patterns: out of memory");
        goto err;
    }
    pcre2_set_match_limit(mk->mctx, SIG_MASK_MATCH_LIMIT);
    pcre2_set_depth_limit(mk->mctx, SIG_MASK_DEPTH_LIMIT);
    pw_buf_free(&all);
    return 0;
err:
    pcre2_code_free(one);
    pw_buf_free(&all);
    sig_masker_free(mk);
    return -1;
}

int sig_masker_apply(sig_masker *mk, const char *in, size_t len, pw_buf *out)
{
    size_t pos = 0;
    pw_buf_reset(out);
    if (pw_buf_reserve(out, len + 1)) return -1;
    if (!mk->re) return pw_buf_append(out, in, len);
    while (pos < len) {
        int rc = pcre2_match(mk->re, (PCRE2_SPTR)in, len, pos, 0, mk->md, mk->mctx);
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
        size_t t = 0;
        while (t + 1 < mk->ntypes && ov[2 * mk->group[t]] == PCRE2_UNSET) t++;
        if (pw_buf_append(out, mk->repl[t], mk->repl_len[t])) return -1;
        pos = e;
    }
    if (pos < len && pw_buf_append(out, in + pos, len - pos)) return -1;
    return 0;
}

void sig_masker_free(sig_masker *mk)
{
    pcre2_match_context_free(mk->mctx);
    pcre2_match_data_free(mk->md);
    pcre2_code_free(mk->re);
    memset(mk, 0, sizeof *mk);
}
