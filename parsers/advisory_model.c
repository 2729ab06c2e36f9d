/* advisory_model: reads the report model file and scores a post with it (see advisory_model.h).
 *
 * The n-grams are computed exactly as bench/reports_model.py computes them when it fits the model -- that
 * script's `features` is the contract, and tests/unit/test_report_model.c checks the two agree on corpus posts
 * to six decimals. Cost: one pass over at most TITLE_MAX + BODY_MAX code points and a hash lookup per n-gram
 * (a few thousand per post); n-grams the model does not hold are ignored, so nothing is allocated per n-gram. */
#include "parsers/advisory_model.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_file.h"
#include "core/pw_hash.h"

#define TITLE_MAX 300 /* code points of the title read */
#define BODY_MAX 800  /* ... and of the body: the model was fitted on excerpts, the start of a post */
#define TEXT_MAX (TITLE_MAX > BODY_MAX ? TITLE_MAX : BODY_MAX)
#define WEIGHT_MAX 1e6 /* fitted weights are below 10; a million n-grams of 1e6 still sum to a finite number */
#define KEY_MAX (2 + 2 * TEXT_MAX * 4 + 2) /* "b:" and two tokens of 4-byte code points and a space */

typedef struct {
    uint64_t hash;
    uint32_t off, len; /* the n-gram in keys */
    double weight;
} entry;

struct pw_report_model {
    char *keys;
    entry *table; /* open addressing, cap a power of two, hash 0 marks a free slot */
    size_t cap, n;
    double bias, high;
};

extern const unsigned char *const pw_model_builtin_data[];
extern const size_t pw_model_builtin_sizes[];
extern const size_t pw_model_builtin_count;

static uint64_t key_hash(const char *s, size_t n)
{
    uint64_t h = pw_hash64(s, n);
    return h ? h : 1;
}

static const entry *find(const pw_report_model *m, const char *s, size_t n, uint64_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const entry *e = &m->table[i];
        if (!e->hash) return NULL;
        if (e->hash == h && e->len == n && memcmp(m->keys + e->off, s, n) == 0) return e;
    }
}

static int number(const char *s, size_t n, double *out)
{
    char buf[64], *end;
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    *out = strtod(buf, &end);
    return *end || !(fabs(*out) <= WEIGHT_MAX) ? -1 : 0; /* a bounded sum: never inf - inf */
}

pw_report_model *pw_report_model_parse(const char *text, size_t len, const char *origin, pw_error *err)
{
    pw_report_model *m = calloc(1, sizeof *m);
    size_t lines = 0, line = 0;
    int have_bias = 0;
    if (!m) goto nomem;
    m->high = 2.0; /* a threshold the file does not set never fires */
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    if (lines > PW_MODEL_NGRAMS_MAX + 64) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: %zu lines, at most %d n-grams", origin, lines, PW_MODEL_NGRAMS_MAX);
        goto fail;
    }
    for (m->cap = 16; m->cap < 2 * (lines + 1); m->cap *= 2) {}
    if (!(m->table = calloc(m->cap, sizeof *m->table)) || !(m->keys = malloc(len + 1))) goto nomem;
    size_t used = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
        const char *l = p;
        p += n + (eol != NULL);
        line++;
        if (n && l[n - 1] == '\r') n--;
        if (n == 0 || l[0] == '#') continue;
        const char *tab = NULL;
        for (size_t k = n; k-- > 0 && !tab;)
            if (l[k] == '\t') tab = l + k;
        double v;
        if (!tab || tab == l || number(tab + 1, (size_t)(l + n - tab - 1), &v) != 0) {
            pw_error_set(err, PW_ERR_INVALID, "%s:%zu: expected an n-gram, a tab and a number", origin, line);
            goto fail;
        }
        size_t kl = (size_t)(tab - l);
        if (kl == 4 && !memcmp(l, "bias", 4)) m->bias = v, have_bias = 1;
        else if (kl == 4 && !memcmp(l, "high", 4)) m->high = v;
        else {
            uint64_t h = key_hash(l, kl);
            if (find(m, l, kl, h)) {
                pw_error_set(err, PW_ERR_INVALID, "%s:%zu: n-gram given twice", origin, line);
                goto fail;
            }
            size_t i = h & (m->cap - 1);
            while (m->table[i].hash) i = (i + 1) & (m->cap - 1);
            memcpy(m->keys + used, l, kl);
            m->table[i] = (entry){h, (uint32_t)used, (uint32_t)kl, v};
            used += kl;
            m->n++;
        }
    }
    if (!have_bias) {
        pw_error_set(err, PW_ERR_INVALID, "%s: no bias line", origin);
        goto fail;
    }
    return m;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "report model: out of memory");
fail:
    pw_report_model_free(m);
    return NULL;
}

pw_report_model *pw_report_model_load(const char *path, pw_error *err)
{
    size_t len = 0;
    char *buf = pw_file_read(path, PW_MODEL_FILE_MAX, &len, err);
    if (!buf) return NULL;
    pw_report_model *m = pw_report_model_parse(buf, len, path, err);
    free(buf);
    return m;
}

pw_report_model *pw_report_model_builtin(pw_error *err)
{
    if (pw_model_builtin_count < 1) {
        pw_error_set(err, PW_ERR_NOTFOUND, "report model: none built in");
        return NULL;
    }
    return pw_report_model_parse((const char *)pw_model_builtin_data[0], pw_model_builtin_sizes[0],
                                 "(built-in) rules/model/report_regression.tsv", err);
}

pw_report_model *pw_report_model_for_rules(const char *dir, pw_error *err)
{
    char path[4096];
    if (!dir) return pw_report_model_builtin(err);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, PW_MODEL_FILE) >= sizeof path) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: path too long", dir);
        return NULL;
    }
    return access(path, F_OK) == 0 ? pw_report_model_load(path, err) : pw_report_model_builtin(err);
}

void pw_report_model_free(pw_report_model *m)
{
    if (!m) return;
    free(m->keys);
    free(m->table);
    free(m);
}

double pw_report_model_high(const pw_report_model *m) { return m->high; }
size_t pw_report_model_size(const pw_report_model *m) { return m->n; }

/* ---- the featurizer: bench/reports_model.py's tokens() and features() ---- */

static int is_sep(uint32_t o)
{
    return (o >= 0xA0 && o <= 0xBF) || o == 0xD7 || o == 0xF7 || o == 0x30FB || o == 0xFFFD ||
           (o >= 0x2000 && o <= 0x206F) || (o >= 0x3000 && o <= 0x303F) || (o >= 0xFF01 && o <= 0xFF0F) ||
           (o >= 0xFF1A && o <= 0xFF20) || (o >= 0xFF3B && o <= 0xFF40) || (o >= 0xFF5B && o <= 0xFF65);
}

static int word_char(uint32_t o)
{
    return (o >= 0x80 && !is_sep(o)) || (o >= '0' && o <= '9') || (o >= 'A' && o <= 'Z') || (o >= 'a' && o <= 'z');
}

static uint32_t fold(uint32_t o)
{
    if ((o >= 'A' && o <= 'Z') || (o >= 0xC0 && o <= 0xDE)) return o + 0x20;
    return o >= '0' && o <= '9' ? '0' : o;
}

/* Up to max code points of s; an ill-formed sequence is one U+FFFD per byte (a separator). */
static size_t decode(const char *s, uint32_t *out, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (p && *p && n < max) {
        uint32_t c = *p, need = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
        uint32_t cp = need == 0 ? c : need == 1 ? c & 0x1F : need == 2 ? c & 0x0F : c & 0x07;
        size_t k = 1;
        for (; need != 9 && k <= need && (p[k] & 0xC0) == 0x80; k++) cp = (cp << 6) | (p[k] & 0x3F);
        int ok = need != 9 && k == need + 1 &&
                 !(need == 1 && cp < 0x80) && !(need == 2 && cp < 0x800) && !(need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) &&
                 !(cp >= 0xD800 && cp <= 0xDFFF);
        out[n++] = ok ? cp : 0xFFFD;
        p += ok ? k : 1;
    }
    return n;
}

static size_t put_cp(char *out, uint32_t c)
{
    if (c < 0x80) return out[0] = (char)c, 1;
    if (c < 0x800) return out[0] = (char)(0xC0 | c >> 6), out[1] = (char)(0x80 | (c & 0x3F)), 2;
    if (c < 0x10000)
        return out[0] = (char)(0xE0 | c >> 12), out[1] = (char)(0x80 | ((c >> 6) & 0x3F)), out[2] = (char)(0x80 | (c & 0x3F)), 3;
    out[0] = (char)(0xF0 | c >> 18), out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F)), out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

typedef struct {
    const pw_report_model *m;
    unsigned char *seen; /* one bit per table slot: an n-gram counts once per post (features() is a set) */
    double z;
    struct {
        double w;
        char text[48];
    } top[2][PW_MODEL_WHY_MAX]; /* [0] toward "no report", [1] toward "report" */
    char key[KEY_MAX];
} scorer;

static void note_why(scorer *s, double w, const char *k, size_t n)
{
    int side = w > 0;
    double a = fabs(w);
    size_t at = PW_MODEL_WHY_MAX;
    while (at > 0 && (s->top[side][at - 1].text[0] == 0 || fabs(s->top[side][at - 1].w) < a)) at--;
    if (at >= PW_MODEL_WHY_MAX || n - 2 >= sizeof s->top[0][0].text) return;
    memmove(&s->top[side][at + 1], &s->top[side][at], (PW_MODEL_WHY_MAX - 1 - at) * sizeof s->top[side][0]);
    s->top[side][at].w = w;
    memcpy(s->top[side][at].text, k + 2, n - 2);
    s->top[side][at].text[n - 2] = 0;
}

/* Words and word pairs read as reasons; character grams, a letter ("i", "a") and anything with a number in it
 * ("kb0000000": digits are folded to 0, so it would read as nonsense; the post's KBs are listed anyway) do not. */
static int telling(const char *k, size_t n)
{
    return n >= 2 && !memchr(k, '0', n);
}

static void count(scorer *s, size_t n)
{
    uint64_t h = key_hash(s->key, n);
    const entry *e = find(s->m, s->key, n, h);
    if (!e) return;
    size_t slot = (size_t)(e - s->m->table);
    if (s->seen[slot / 8] & (1u << (slot % 8))) return;
    s->seen[slot / 8] |= (unsigned char)(1u << (slot % 8));
    s->z += e->weight;
    if (s->key[0] != 'c' && telling(s->key + 2, n - 2)) note_why(s, e->weight, s->key, n);
}

static size_t put_token(char *out, const uint32_t *cp, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++) n += put_cp(out + n, cp[i]);
    return n;
}

static void score_part(scorer *s, const char *text, size_t max)
{
    uint32_t cp[TEXT_MAX];
    size_t tok[TEXT_MAX][2], nt = 0, n = decode(text, cp, max), start = SIZE_MAX;
    for (size_t i = 0; i <= n; i++) { /* tokens(): runs of word characters, an apostrophe inside one */
        int in = i < n && (word_char(cp[i]) || (cp[i] == '\'' && start != SIZE_MAX && i + 1 < n && word_char(cp[i + 1])));
        if (in && start == SIZE_MAX) start = i;
        if (!in && start != SIZE_MAX) tok[nt][0] = start, tok[nt++][1] = i, start = SIZE_MAX;
        if (i < n && in && cp[i] != '\'') cp[i] = fold(cp[i]);
    }
    for (size_t t = 0; t < nt; t++) {
        size_t a = tok[t][0], b = tok[t][1], k;
        memcpy(s->key, "w:", 2);
        count(s, 2 + put_token(s->key + 2, cp, a, b));
        if (t + 1 < nt) {
            memcpy(s->key, "b:", 2);
            k = 2 + put_token(s->key + 2, cp, a, b);
            s->key[k++] = ' ';
            count(s, k + put_token(s->key + k, cp, tok[t + 1][0], tok[t + 1][1]));
        }
        /* character 3- and 4-grams of " token " */
        size_t len = b - a + 2;
        for (size_t g = 3; g <= 4; g++)
            for (size_t j = 0; j + g <= len; j++) {
                memcpy(s->key, "c:", 2);
                k = 2;
                for (size_t q = j; q < j + g; q++) k += put_cp(s->key + k, q == 0 || q == len - 1 ? ' ' : cp[a + q - 1]);
                count(s, k);
            }
    }
}

double pw_report_model_prob(const pw_report_model *m, const char *title, const char *body, pw_report_model_why *why)
{
    scorer *s = calloc(1, sizeof *s);
    double p = -1;
    if (!s || !(s->seen = calloc(m->cap / 8 + 1, 1))) goto out;
    s->m = m;
    s->z = m->bias;
    if (title) score_part(s, title, TITLE_MAX);
    if (body) score_part(s, body, BODY_MAX);
    p = 1.0 / (1.0 + exp(-s->z));
    if (why) {
        int side = p >= 0.5;
        why->n = 0;
        for (size_t i = 0; i < PW_MODEL_WHY_MAX && s->top[side][i].text[0]; i++)
            memcpy(why->text[why->n++], s->top[side][i].text, sizeof why->text[0]);
    }
out:
    if (s) free(s->seen);
    free(s);
    return p;
}
