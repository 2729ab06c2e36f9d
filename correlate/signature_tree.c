/* signature_tree: the Drain-style fixed-depth prefix tree and the clusters in its leaves.
 *
 * Layout, all in flat arrays indexed by uint32 (no pointers to fix up when arrays grow):
 *   node 0        the root
 *   layer 1       one child per (scope, token count): scope = hash(kind, app, code), so messages of two
 *                 apps or two event ids never meet
 *   layers 2..    one child per leading token, at most max_children per node; variables (a digit, a mask
 *                 placeholder, a switch value, an address: sig_tokenize) go to the <*> child (Drain's rule),
 *                 and so do compound names (x.y, a=b, host:port: depth by content, see word_key); once a
 *                 node is full further tokens share its <*> child
 *   leaf          a list of clusters, most recently used first, at most max_leaf_clusters long
 * Edges live in one open-addressing table keyed by (parent, token hash), so a step down costs one probe.
 *
 * Matching a line is O(depth) probes + O(leaf clusters x tokens) integer compares of token hashes, with
 * no allocation; only a new cluster allocates (one block holding its hashes, template and scope strings).
 * Memory is bounded by three caps: clusters (global LRU eviction), clusters per leaf (leaf LRU eviction)
 * and nodes (when the node pool is full the line's cluster lives in the deepest existing node). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pw_hash.h"
#include "correlate/signature_impl.h"

#define SIG_EDGES_MIN 1024

/* Bit 0 of a token hash says "variable-looking" (set by sig_tokenize), so the similarity loop tells
 * variables apart without touching the text; <*> has its own reserved value. */
uint64_t sig_token_hash(const char *s, size_t len)
{
    uint64_t h = pw_hash64(s, len) & ~UINT64_C(1);
    if (h == SIG_WILD_HASH) h ^= 2;
    return h;
}

/* The tree's first-layer key (internal: three fields, never confused with an id, which has four). */
uint64_t sig_scope_hash(const char *kind, const char *app, const char *code)
{
    const char *f[3] = {kind ? kind : "", app ? app : "", code ? code : ""};
    size_t l[3] = {strlen(f[0]), strlen(f[1]), strlen(f[2])};
    return pw_hash_fields(f, l, 3);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* Does the token contain a placeholder ("<IP>", "<*>", "x=<NUM>,")? Such a token is a variable. */
static int has_placeholder(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (s[i] != '<') continue;
        size_t k = i + 1;
        while (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '_' || s[k] == '*'))
            k++;
        if (k > i + 1 && k < n && s[k] == '>') return 1;
    }
    return 0;
}

static int is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Token classes beyond "has a digit or a placeholder" (the variable categories of Li et al., "Did We Miss
 * Something Important? Studying and Exploring the Variable-Aware Log Abstraction", ICSE 2023):
 *   switch   true / false / null in any case, inside quotes, brackets or before , ; : . (a state value)
 *   address  a word with '@' between two letters or digits: user@host, Class@instance
 * Such a token is a variable: it routes to the <*> child and, with variables_match, equals any other
 * variable. Costs one short scan of tokens that have no digit. */
enum { TC_DIGIT = 1, TC_LT = 2, TC_SWITCH = 4, TC_AT = 8, TC_JOIN = 16, TC_OPEN = 32, TC_EQ = 64, TC_QUOTE = 128, TC_ALPHA = 256, TC_DOT = 512 };
/* byte -> what it may start: a digit (variable), '<' (placeholder), the first letters of true/false/null,
 * '@' (address), the joints of compound names */
static const uint16_t tok_class[256] = {
    ['"'] = TC_QUOTE, ['\''] = TC_QUOTE, ['('] = TC_OPEN, ['.'] = TC_JOIN | TC_DOT, ['/'] = TC_JOIN, ['0'] = TC_DIGIT,
    ['1'] = TC_DIGIT, ['2'] = TC_DIGIT, ['3'] = TC_DIGIT, ['4'] = TC_DIGIT, ['5'] = TC_DIGIT, ['6'] = TC_DIGIT,
    ['7'] = TC_DIGIT, ['8'] = TC_DIGIT, ['9'] = TC_DIGIT, [':'] = TC_JOIN, ['<'] = TC_LT, ['='] = TC_JOIN | TC_EQ,
    ['@'] = TC_AT | TC_JOIN, ['A'] = TC_ALPHA, ['B'] = TC_ALPHA, ['C'] = TC_ALPHA, ['D'] = TC_ALPHA,
    ['E'] = TC_ALPHA, ['F'] = TC_SWITCH | TC_ALPHA, ['G'] = TC_ALPHA, ['H'] = TC_ALPHA, ['I'] = TC_ALPHA,
    ['J'] = TC_ALPHA, ['K'] = TC_ALPHA, ['L'] = TC_ALPHA, ['M'] = TC_ALPHA, ['N'] = TC_SWITCH | TC_ALPHA,
    ['O'] = TC_ALPHA, ['P'] = TC_ALPHA, ['Q'] = TC_ALPHA, ['R'] = TC_ALPHA, ['S'] = TC_ALPHA,
    ['T'] = TC_SWITCH | TC_ALPHA, ['U'] = TC_ALPHA, ['V'] = TC_ALPHA, ['W'] = TC_ALPHA, ['X'] = TC_ALPHA,
    ['Y'] = TC_ALPHA, ['Z'] = TC_ALPHA, ['['] = TC_OPEN, ['\\'] = TC_JOIN, ['a'] = TC_ALPHA, ['b'] = TC_ALPHA,
    ['c'] = TC_ALPHA, ['d'] = TC_ALPHA, ['e'] = TC_ALPHA, ['f'] = TC_SWITCH | TC_ALPHA, ['g'] = TC_ALPHA,
    ['h'] = TC_ALPHA, ['i'] = TC_ALPHA, ['j'] = TC_ALPHA, ['k'] = TC_ALPHA, ['l'] = TC_ALPHA, ['m'] = TC_ALPHA,
    ['n'] = TC_SWITCH | TC_ALPHA, ['o'] = TC_ALPHA, ['p'] = TC_ALPHA, ['q'] = TC_ALPHA, ['r'] = TC_ALPHA,
    ['s'] = TC_ALPHA, ['t'] = TC_SWITCH | TC_ALPHA, ['u'] = TC_ALPHA, ['v'] = TC_ALPHA, ['w'] = TC_ALPHA,
    ['x'] = TC_ALPHA, ['y'] = TC_ALPHA, ['z'] = TC_ALPHA, ['{'] = TC_OPEN};

static int is_wrap_open(char c) { return c == '(' || c == '[' || c == '{' || c == '"' || c == '\''; }
static int is_wrap_close(char c)
{
    return c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || c == '.' || c == '"' || c == '\'';
}

static int is_switch_word(const char *s, size_t k)
{
    return (k == 4 && (strncasecmp(s, "true", 4) == 0 || strncasecmp(s, "null", 4) == 0)) ||
           (k == 5 && strncasecmp(s, "false", 5) == 0);
}

static int word_variable(const char *s, size_t n, unsigned seen)
{
    if ((seen & TC_SWITCH) && n <= 12) { /* the longest switch form is about ('false'), */
        size_t a = 0, b = n;
        while (a < b && is_wrap_open(s[a])) a++;
        while (b > a && is_wrap_close(s[b - 1])) b--;
        if (is_switch_word(s + a, b - a)) return 1;
    }
    if (seen & TC_AT) {
        for (size_t i = 1; i + 1 < n; i++) {
            if (s[i] == '@' && is_alnum(s[i - 1]) && is_alnum(s[i + 1])) return 1;
        }
    }
    return 0;
}

static int is_ident(char c) { return is_alnum(c) || c == '_' || c == '$'; }

/* A qualified name: a token that starts with identifiers joined by two dots or more, a '/' allowed before
 * a dot ("com.foo.Bar", "pkg.name/.MainActivity", "pkg.name/pkg.name.Main:", "a.b.View.draw(View.java:<NUM>)").
 * Such a token names a class, a package, a component or a call site, and which one is the variable (a stack
 * frame, the app a line is about). Only the start counts: "Window{5657bfd u0 com.x/.Main}" is a Window
 * (its type is what tells it apart), "<NUM>:com.x/u0a6" is a number. "skipping...", "e.g." and one-dot file
 * names ("main.c") are not qualified names. This is one general rule (package names, Java classes and
 * dotted artefact names are values in any log), not an Android one; its cost: "x.y.z is deprecated" and
 * "a.b.c is deprecated" now share a template (Spark 2k: 0.999 -> 0.997). */
static int qualified_name(const char *s, size_t n)
{
    int dots = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_ident(c) || c == '/') continue;
        if (c != '.') break;
        if (i > 0 && (is_ident(s[i - 1]) || s[i - 1] == '/') && i + 1 < n && is_ident(s[i + 1]) && ++dots == 2) return 1;
    }
    return 0;
}

/* The end of the run of hex digits from s[i]; *digit: one of them is a decimal digit (so "face" is no id). */
static size_t hex_run(const char *s, size_t i, size_t n, bool *digit)
{
    *digit = false;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
        *digit |= s[i++] <= '9';
    return i;
}

/* An object reference as Java prints one, Type@identity-hash ("DecorView@6a1c668[LiveLogActivity]",
 * "com.x.Queue@351a2d9c", "Session@ff8ce11"): the length of the type before the '@' when 4 or more hex digits
 * (one of them a digit) follow it, else 0. Its shape is the type alone: what follows the hash names the
 * instance ("[LiveLogActivity]", "[FragmentMainActivity]"), as the hash itself does. */
static size_t object_ref_type(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (!at || at == s || !is_alnum(at[-1])) return 0;
    size_t k = (size_t)(at + 1 - s);
    bool digit;
    size_t h = hex_run(s, k, n, &digit);
    if (h - k < 4 || !digit || (h < n && is_ident(s[h]))) return 0;
    return (size_t)(at - s);
}

/* Tree depth by content: a leading token selects its own child only when it is shaped like a word. A
 * compound name (a '.', '@', ':', '=', '/' or '\\' between two letters or digits: file and host names,
 * dotted identifiers, key=value, key:value) is far more often a variable than a keyword, so it goes to the
 * <*> child like a number, and the leaf's similarity decides; it still counts as a constant there (a
 * dotted setting name is part of the template in "x.y.z set to 3"). */
static int word_key(const char *s, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++) {
        if ((tok_class[(unsigned char)s[i]] & TC_JOIN) && is_alnum(s[i - 1]) && is_alnum(s[i + 1])) return 0;
    }
    return 1;
}

/* Length of what a variable is made of at s[i]: a digit, a sign or a placeholder ("<NUM>", "<*>"); 0 for
 * anything else. */
static size_t var_part(const char *s, size_t i, size_t n)
{
    if ((s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '+') return 1;
    if (s[i] == '<') {
        size_t k = i + 1;
        while (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '_' || s[k] == '*')) k++;
        if (k > i + 1 && k < n && s[k] == '>') return k + 1 - i;
    }
    return 0;
}

/* Same shape: equal once digits, signs, placeholders, hex ids and a trailing , or ; are left out
 * ("blk_-<NUM>" ~ "blk_7", "<NUM>," ~ "<NUM>", "5f716bd" ~ "a64f992"). */
/* A hex id without 0x at s[i] ("5f716bd", "de9231d": a whole word of 4 or more hex digits, one of them a
 * digit): its length, else 0. Such ids are values like numbers; "face" or "added" (no digit) stay words. */
static size_t hex_word(const char *s, size_t i, size_t n)
{
    if (i > 0 && is_alnum(s[i - 1])) return 0;
    bool digit;
    size_t e = hex_run(s, i, n, &digit);
    return e - i >= 4 && digit && (e == n || !is_alnum(s[e])) ? e - i : 0;
}

static size_t var_or_hex(const char *s, size_t i, size_t n)
{
    size_t k = hex_word(s, i, n);
    return k ? k : var_part(s, i, n);
}

static int same_shape(const char *a, size_t na, const char *b, size_t nb)
{
    while (na && (a[na - 1] == ',' || a[na - 1] == ';')) na--;
    while (nb && (b[nb - 1] == ',' || b[nb - 1] == ';')) nb--;
    size_t i = 0, j = 0, k;
    for (;;) {
        while (i < na && (k = var_or_hex(a, i, na)) > 0) i += k;
        while (j < nb && (k = var_or_hex(b, j, nb)) > 0) j += k;
        if (i == na || j == nb) return i == na && j == nb;
        if (a[i++] != b[j++]) return 0;
    }
}

/* A bracketed group that spans spaces and holds a variable (a digit or a placeholder) is one token:
 * "{act=x flg=0x10 (has extras)}", "[<no peer name> 00:11:22]", "(adj <NUM>)". Such a group is one value (an
 * object dump, a tuple) whose word count varies from line to line, and Drain-style mining never compares
 * lines of different lengths. A group of plain words ("(Lifecycle Event)") is constant text and stays
 * words; so does a quoted string: in "GET /x HTTP/1.1" the method is the template, and one token for the
 * whole request would hide it. Returns the end of the token starting at b whose first word ends at e: the
 * end of the word that closes every bracket opened in the first word, or e when none is open, none closes
 * within SIG_GROUP_MAX bytes or the group holds no variable (bounded work; the words stay as they were). A
 * group opened by a qualified name is a call site ("a.b.C.run(Native Method)", "(Unknown Source)"): one token
 * whatever it holds, like the frames with a line number. */
#define SIG_GROUP_MAX 512
static size_t group_end(const char *s, size_t n, size_t b, size_t e)
{
    int depth = 0, var = 0;
    for (size_t k = b; k < e; k++) {
        char c = s[k];
        if (c == '{' || c == '[' || c == '(') depth++;
        else if ((c == '}' || c == ']' || c == ')') && depth > 0) depth--;
    }
    if (depth == 0) return e;
    var = qualified_name(s + b, e - b); /* a call site: "a.b.C.run(Native Method)" */
    size_t k = b, lim = n - b > SIG_GROUP_MAX ? b + SIG_GROUP_MAX : n;
    depth = 0;
    for (; k < lim; k++) {
        char c = s[k];
        if (c == '{' || c == '[' || c == '(') depth++;
        else if (c == '}' || c == ']' || c == ')') {
            if (--depth == 0) break;
        } else if ((c >= '0' && c <= '9') || (c == '<' && var_part(s, k, lim) > 0)) {
            var = 1;
        }
    }
    if (k >= lim || k < e || !var) return e;
    while (k < n && !is_space(s[k])) k++; /* the rest of the closing word: "}.", "),", "]:" */
    return k;
}

/* The shape of a variable token: a hash of its words of letters (runs of letters and digits that hold no
 * digit) outside placeholders. So "uid=<NUM>" and "uid=7" share one and "pid=<NUM>" has another; "blk_7"
 * and "blk_-7" share "blk"; "<NUM>", "(<NUM>)", "<NUM>:0b", "<HEX>-b6e70000" and "<IP>," have the empty
 * one (punctuation and ids are not what tells two variables apart; the key is). A bracketed group that
 * spans spaces (an object dump, see group_end) has the shape of what precedes its bracket, its type:
 * "pkg=Window{5657bfd u0 d0 x}" is "pkg Window". */
#define SIG_SHAPE_EMPTY UINT64_C(0xcbf29ce484222325) /* FNV-1a offset basis: no words */
/* The shape of a qualified name: its own, so a class name equals another class name, never a number. */
#define SIG_SHAPE_QUAL UINT64_C(0x9ae16a3b2f90404f)
static uint64_t token_shape(const char *s, size_t n, bool group)
{
    uint64_t h = SIG_SHAPE_EMPTY;
    for (size_t i = 0, k; i < n;) {
        char c = s[i];
        if (group && (c == '{' || c == '[' || c == '(')) break;
        if (c == '<' && (k = var_part(s, i, n)) > 0) {
            i += k;
            continue;
        }
        if (!is_alnum(c)) {
            i++;
            continue;
        }
        size_t e = i;
        bool digit = false;
        for (; e < n && is_alnum(s[e]); e++) digit |= s[e] >= '0' && s[e] <= '9';
        if (e + 1 < n && (s[e] == '.' || s[e] == '/' || s[e] == '_' || s[e] == '$')) { /* maybe a qualified name */
            size_t q = e;
            while (q < n && (is_ident(s[q]) || s[q] == '.' || s[q] == '/')) q++;
            if (qualified_name(s + i, q - i)) { /* a name, not a key: "<NUM>:com.android.x/u0a6" */
                i = q;
                continue;
            }
        }
        /* a switch value is a value, not a name: "ready=true,policy=<NUM>" ~ "ready=false,policy=<NUM>" */
        if (!digit && !is_switch_word(s + i, e - i)) {
            for (size_t j = i; j < e; j++) h = (h ^ (unsigned char)s[j]) * UINT64_C(0x100000001b3);
            h = (h ^ ' ') * UINT64_C(0x100000001b3);
        }
        i = e;
    }
    return h;
}

/* A one-word bracketed annotation: a variable with no letters outside its placeholders ("(<NUM>)",
 * "[<NUM>%],", "(<NUM>:<NUM>)"), an empty one (the value was blank: "()"), or any in parentheses after a
 * variable (the name of a value: "<IP> (host.example)", "<NUM> (java)"). */
static int is_annotation(const char *s, size_t n, bool var, bool after_var)
{
    while (n && (s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == '.' || s[n - 1] == ':')) n--;
    if (n < 2 || !((s[0] == '(' && s[n - 1] == ')') || (s[0] == '[' && s[n - 1] == ']'))) return 0;
    if (n == 2) return 1;
    if (after_var && s[0] == '(') return 1; /* "[preauth]" after a user name is a tag */
    if (!var || token_shape(s, n, false) != SIG_SHAPE_EMPTY) return 0;
    for (size_t i = 1; i + 1 < n; i++) { /* a number or a placeholder; "(null)" is a value of its own */
        if ((s[i] >= '0' && s[i] <= '9') || s[i] == '<') return 1;
    }
    return 0;
}

/* key="a quoted value" spans spaces: the end of the word that closes the quote opened right after the first
 * '=' of the token at b (first word ending at e), or e when there is none or it does not close within
 * SIG_GROUP_MAX bytes. */
static size_t quote_end(const char *s, size_t n, size_t b, size_t e)
{
    const char *eq = memchr(s + b, '=', e - b);
    if (!eq || eq + 1 >= s + e || (eq[1] != '"' && eq[1] != '\'')) return e;
    char q = eq[1];
    if (memchr(eq + 2, q, (size_t)(s + e - eq - 2))) return e; /* closed inside the word */
    size_t lim = n - b > SIG_GROUP_MAX ? b + SIG_GROUP_MAX : n;
    const char *c = memchr(s + e, q, lim > e ? lim - e : 0);
    if (!c) return e;
    size_t k = (size_t)(c - s);
    while (k < n && !is_space(s[k])) k++;
    return k;
}

/* key=value whose value is a variable: a number or placeholder, a compound name ("name=com.x.y",
 * "ws=pkg/Class", "tty=:0"), bracketed ("user=<root>") or quoted ("tag=\"View Lock\""). In key=value lists
 * the key is the template and the value the variable (Li et al., ICSE 2023); Drain leaves a word value
 * as a word, so "name=com.a" and "name=com.b" differ in a constant. So is a switch value ("hasFocus=true",
 * like a bare "true"). Any other plain word stays a word ("user=root",
 * "status=sent": such values name a case as often as they carry data). Returns the key's length (the
 * variable's shape is the key), 0 when the token is not such a pair. */
static size_t kv_key(const char *s, size_t n)
{
    const char *eq = memchr(s, '=', n);
    if (!eq || eq == s || eq + 1 >= s + n) return 0;
    char k = eq[-1];
    if (!(is_alnum(k) || k == '_' || k == ')' || k == ']')) return 0;
    for (const char *v = eq + 1; v < s + n; v++) {
        char c = *v;
        if ((c >= '0' && c <= '9') || c == '.' || c == ':' || c == '/' || c == '@' || c == '$' || c == '#' ||
            c == '*' || c == '<' || c == '"' || c == '\'')
            return (size_t)(eq - s);
        if (c == ',' || c == ';' || c == '=') break; /* the next pair: "a=b,c=d.e" is a's word value */
    }
    /* a switch value: "hasFocus=true", "enabled=false,", "owner=null)" (a state, like a bare "true") */
    size_t a = (size_t)(eq + 1 - s), z = n;
    while (z > a && is_wrap_close(s[z - 1])) z--;
    if (is_switch_word(s + a, z - a)) return (size_t)(eq - s);
    return 0;
}

void sig_tokenize(pw_sig_miner *m)
{
    const char *s = m->line.data;
    size_t n = m->line.len, i = 0, key_layers = (size_t)(m->cfg.depth - 2);
    m->ntok = 0;
    while (i < n) {
        while (i < n && is_space(s[i])) i++;
        if (i >= n) break;
        size_t b = i;
        /* one pass over the token's bytes says which (rarer, dearer) checks apply */
        unsigned seen = 0;
        size_t e;
        if (m->ntok + 1 == PW_SIG_MAX_TOKENS) {
            e = n; /* the last token takes the rest of the line (bounded work, see PW_SIG_MAX_TOKENS) */
            while (e > b && is_space(s[e - 1])) e--;
        } else {
            while (i < n && !is_space(s[i])) {
                seen |= tok_class[(unsigned char)s[i++]];
            }
            e = (seen & TC_OPEN) ? group_end(s, n, b, i) : i;
            if ((seen & (TC_EQ | TC_QUOTE)) == (TC_EQ | TC_QUOTE) && e == i) e = quote_end(s, n, b, i);
        }
        for (; i < e; i++) seen |= tok_class[(unsigned char)s[i]]; /* the last token, or the rest of a group */
        sig_token *t = &m->tok[m->ntok++];
        t->off = (uint32_t)b;
        t->len = (uint32_t)(i - b);
        if (t->len == 3 && memcmp(s + b, SIG_WILDCARD, 3) == 0) {
            t->hash = SIG_WILD_HASH;
            t->var = true;
            t->qual = false;
            t->shape = SIG_SHAPE_EMPTY;
        } else {
            size_t at;
            bool num = (seen & TC_DIGIT) || ((seen & TC_LT) && has_placeholder(s + b, t->len));
            size_t key = (seen & TC_EQ) ? kv_key(s + b, t->len) : 0;
            bool qual = !key && (seen & TC_DOT) && qualified_name(s + b, t->len);
            t->qual = qual;
            t->var = num || key || qual || ((seen & (TC_SWITCH | TC_AT)) && word_variable(s + b, t->len, seen));
            t->hash = sig_token_hash(s + b, t->len) | (t->var ? 1 : 0);
            /* a switch value or an address is a variable as a whole: the empty shape, like "<NUM>"; a pair
             * has its key's */
            t->shape = !t->var ? 0
                       : key ? token_shape(s + b, key, false)
                       : qual ? SIG_SHAPE_QUAL
                       : (seen & TC_AT) && (at = object_ref_type(s + b, t->len)) > 0 ? token_shape(s + b, at, false)
                       : !num || !(seen & TC_ALPHA) || (s[b] == '<' && var_part(s, b, i) == t->len) ? SIG_SHAPE_EMPTY
                       : token_shape(s + b, t->len, memchr(s + b, ' ', t->len) != NULL);
        }
        /* only the leading tokens select tree children */
        t->key = !t->var && (m->ntok > key_layers || !(seen & TC_JOIN) || word_key(s + b, t->len));
        /* A run of same-shaped variables is one variable: a list of block ids, addresses or numbers whose
         * length varies from line to line would otherwise change the token count, and Drain-style mining
         * never compares lines of different lengths. So is a run of qualified names (a call stack
         * "a.B.m:12 c.D.n:34", a list of packages), whatever their text. The run keeps its text (and spaces)
         * as one token. */
        if (m->ntok >= 2 && t->var && t->hash != SIG_WILD_HASH) {
            sig_token *p = &m->tok[m->ntok - 2];
            if (p->var && p->hash != SIG_WILD_HASH &&
                ((p->qual && t->qual) || same_shape(s + p->last, p->end - p->last, s + b, t->len))) {
                p->last = (uint32_t)b;
                p->end = (uint32_t)i;
                p->len = (uint32_t)(i - p->off);
                p->hash = sig_token_hash(s + p->off, p->len) | 1;
                m->ntok--;
                continue;
            }
        }
        /* A bracketed value after a word is an annotation of it: "1432 bytes (1.39 KB) sent" next to "0 bytes
         * sent", "in 12 ms [<NUM>%]". Printed only now and then, it would change the token count; folded
         * into the word before, it makes one position differ instead. */
        if (m->ntok >= 2 && (seen & TC_OPEN) && t->hash != SIG_WILD_HASH && m->tok[m->ntok - 2].hash != SIG_WILD_HASH &&
            is_annotation(s + b, t->len, t->var, m->tok[m->ntok - 2].var)) {
            sig_token *p = &m->tok[m->ntok - 2];
            /* "bytes (<NUM>)", "Mauncher (<NUM>/<NUM>)": a word with a number beside it is a value of the
             * empty shape; a variable keeps its own ("uid=<NUM> (root)"), and a group of several words adds
             * nothing to it, like any group ("<NUM> (iio device <NUM>: Accelerometer)" ~ "<NUM> (iio ...
             * Proximity)": a one-word tag names a case, a phrase in brackets describes the value) */
            p->shape = p->var ? token_shape(s + p->off, i - p->off, memchr(s + b, ' ', t->len) != NULL) : SIG_SHAPE_EMPTY;
            p->len = (uint32_t)(i - p->off);
            p->last = (uint32_t)b;
            p->end = (uint32_t)i;
            p->var = true;
            p->key = false;
            p->hash = sig_token_hash(s + p->off, p->len) | 1;
            m->ntok--;
            continue;
        }
        t->last = (uint32_t)b;
        t->end = (uint32_t)i;
        if (m->ntok == PW_SIG_MAX_TOKENS) break;
    }
}

/* ---- arrays ---- */

static uint64_t edge_mix(uint32_t parent, uint64_t key)
{
    uint64_t h = key ^ ((uint64_t)parent * UINT64_C(0x9e3779b97f4a7c15));
    h ^= h >> 29;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 32;
    return h;
}

static uint32_t edge_find(const sig_tree *t, uint32_t parent, uint64_t key)
{
    size_t mask = t->edges_cap - 1, i = edge_mix(parent, key) & mask;
    for (;;) {
        const sig_edge *e = &t->edges[i];
        if (e->child == SIG_NIL) return SIG_NIL;
        if (e->parent == parent && e->key == key) return e->child;
        i = (i + 1) & mask;
    }
}

static void edge_put(sig_edge *edges, size_t cap, uint32_t parent, uint64_t key, uint32_t child)
{
    size_t mask = cap - 1, i = edge_mix(parent, key) & mask;
    while (edges[i].child != SIG_NIL) i = (i + 1) & mask;
    edges[i].parent = parent;
    edges[i].key = key;
    edges[i].child = child;
}

static int edges_grow(sig_tree *t)
{
    size_t ncap = t->edges_cap * 2;
    sig_edge *ne = malloc(ncap * sizeof *ne);
    if (!ne) return -1;
    memset(ne, 0xff, ncap * sizeof *ne);
    for (size_t i = 0; i < t->edges_cap; i++) {
        if (t->edges[i].child != SIG_NIL) edge_put(ne, ncap, t->edges[i].parent, t->edges[i].key, t->edges[i].child);
    }
    free(t->edges);
    t->edges = ne;
    t->edges_cap = ncap;
    return 0;
}

/* A new node, or SIG_NIL when the node cap is reached (or memory is short). */
static uint32_t node_new(sig_tree *t)
{
    if (t->nnodes >= t->max_nodes) return SIG_NIL;
    if (t->nnodes == t->nodes_cap) {
        size_t ncap = t->nodes_cap * 2;
        if (ncap > t->max_nodes) ncap = t->max_nodes;
        sig_node *nn = realloc(t->nodes, ncap * sizeof *nn);
        if (!nn) return SIG_NIL;
        t->nodes = nn;
        t->nodes_cap = ncap;
    }
    uint32_t i = (uint32_t)t->nnodes++;
    sig_node *n = &t->nodes[i];
    n->wild = SIG_NIL;
    n->nchildren = 0;
    n->leaf_head = n->leaf_tail = SIG_NIL;
    n->leaf_count = 0;
    return i;
}

static uint32_t child_new(sig_tree *t, uint32_t parent, uint64_t key)
{
    if ((t->nedges + 1) * 2 > t->edges_cap && edges_grow(t)) return SIG_NIL;
    uint32_t c = node_new(t);
    if (c == SIG_NIL) return SIG_NIL;
    edge_put(t->edges, t->edges_cap, parent, key, c);
    t->nedges++;
    t->nodes[parent].nchildren++;
    return c;
}

static uint32_t wild_new(sig_tree *t, uint32_t parent)
{
    uint32_t c = node_new(t);
    if (c == SIG_NIL) return SIG_NIL;
    t->nodes[parent].wild = c;
    t->nodes[parent].nchildren++;
    return c;
}

int sig_tree_init(sig_tree *t, const pw_sig_config *c, pw_error *err)
{
    memset(t, 0, sizeof *t);
    t->max_nodes = c->max_nodes;
    t->nodes_cap = 1024;
    t->nodes = malloc(t->nodes_cap * sizeof *t->nodes);
    t->edges_cap = SIG_EDGES_MIN;
    t->edges = malloc(t->edges_cap * sizeof *t->edges);
    t->cl_cap = 0;
    t->free_head = t->lru_head = t->lru_tail = SIG_NIL;
    if (!t->nodes || !t->edges) {
        sig_tree_free(t);
        return pw_error_set(err, PW_ERR_NOMEM, "signature tree: out of memory");
    }
    memset(t->edges, 0xff, t->edges_cap * sizeof *t->edges);
    (void)node_new(t); /* the root */
    return 0;
}

void sig_tree_free(sig_tree *t)
{
    for (size_t i = 0; i < t->ncl_slots; i++) free(t->cl[i].blob);
    free(t->cl);
    free(t->nodes);
    free(t->edges);
    memset(t, 0, sizeof *t);
}

void sig_tree_clear(sig_tree *t)
{
    for (size_t i = 0; i < t->ncl_slots; i++) free(t->cl[i].blob);
    t->ncl_slots = 0;
    t->nlive = 0;
    t->free_head = t->lru_head = t->lru_tail = SIG_NIL;
    t->nnodes = 0;
    t->nedges = 0;
    memset(t->edges, 0xff, t->edges_cap * sizeof *t->edges);
    (void)node_new(t);
}

/* ---- cluster lists ---- */

static void lru_unlink(sig_tree *t, uint32_t i)
{
    sig_cluster *c = &t->cl[i];
    if (c->lru_prev != SIG_NIL) t->cl[c->lru_prev].lru_next = c->lru_next;
    else t->lru_head = c->lru_next;
    if (c->lru_next != SIG_NIL) t->cl[c->lru_next].lru_prev = c->lru_prev;
    else t->lru_tail = c->lru_prev;
    c->lru_prev = c->lru_next = SIG_NIL;
}

static void lru_push_front(sig_tree *t, uint32_t i)
{
    sig_cluster *c = &t->cl[i];
    c->lru_prev = SIG_NIL;
    c->lru_next = t->lru_head;
    if (t->lru_head != SIG_NIL) t->cl[t->lru_head].lru_prev = i;
    t->lru_head = i;
    if (t->lru_tail == SIG_NIL) t->lru_tail = i;
}

static void leaf_unlink(sig_tree *t, uint32_t i)
{
    sig_cluster *c = &t->cl[i];
    sig_node *n = &t->nodes[c->leaf];
    if (c->leaf_prev != SIG_NIL) t->cl[c->leaf_prev].leaf_next = c->leaf_next;
    else n->leaf_head = c->leaf_next;
    if (c->leaf_next != SIG_NIL) t->cl[c->leaf_next].leaf_prev = c->leaf_prev;
    else n->leaf_tail = c->leaf_prev;
    c->leaf_prev = c->leaf_next = SIG_NIL;
    n->leaf_count--;
}

static void leaf_push_front(sig_tree *t, uint32_t node, uint32_t i)
{
    sig_cluster *c = &t->cl[i];
    sig_node *n = &t->nodes[node];
    c->leaf = node;
    c->leaf_prev = SIG_NIL;
    c->leaf_next = n->leaf_head;
    if (n->leaf_head != SIG_NIL) t->cl[n->leaf_head].leaf_prev = i;
    n->leaf_head = i;
    if (n->leaf_tail == SIG_NIL) n->leaf_tail = i;
    n->leaf_count++;
}

static void touch(sig_tree *t, uint32_t i)
{
    uint32_t node = t->cl[i].leaf;
    if (t->nodes[node].leaf_head != i) {
        leaf_unlink(t, i);
        leaf_push_front(t, node, i);
    }
    if (t->lru_head != i) {
        lru_unlink(t, i);
        lru_push_front(t, i);
    }
}

static void cluster_evict(sig_tree *t, uint32_t i)
{
    sig_cluster *c = &t->cl[i];
    leaf_unlink(t, i);
    lru_unlink(t, i);
    free(c->blob);
    c->blob = NULL;
    c->leaf = SIG_NIL;
    c->gen++;
    c->lru_next = t->free_head;
    t->free_head = i;
    t->nlive--;
}

/* ---- templates ---- */

/* Token i of the template text: offsets are stored right after the hashes in the blob. */
static uint32_t *tmpl_offs(sig_cluster *c) { return (uint32_t *)(c->shape + c->ntok); }

/* Rewrites the template text from the token hashes: wildcards print as <*>, other tokens keep their text.
 * The blob was sized for the worst case (every token at least 3 bytes), so this never overflows. */
static void tmpl_rebuild(sig_cluster *c, pw_buf *scratch)
{
    uint32_t *off = tmpl_offs(c), *len = off + c->ntok;
    pw_buf_reset(scratch);
    for (uint32_t i = 0; i < c->ntok; i++) {
        uint32_t noff = (uint32_t)scratch->len + 0;
        if (i) {
            (void)pw_buf_putc(scratch, ' ');
            noff++;
        }
        if (c->tokh[i] == SIG_WILD_HASH) {
            (void)pw_buf_append(scratch, SIG_WILDCARD, 3);
            len[i] = 3;
        } else {
            (void)pw_buf_append(scratch, c->tmpl + off[i], len[i]);
        }
        off[i] = noff;
    }
    if (scratch->data) memcpy(c->tmpl, scratch->data, scratch->len);
    c->tmpl[scratch->len] = '\0';
}

static size_t cut_len(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > SIG_SCOPE_STR_MAX ? SIG_SCOPE_STR_MAX : n;
}

static uint32_t cluster_new(pw_sig_miner *m, uint32_t node, const char *kind, const char *app, const char *code,
                            uint64_t scope, int64_t ts_us, pw_error *err)
{
    sig_tree *t = &m->tree;
    size_t n = m->ntok, cap = 1, lk = cut_len(kind), la = cut_len(app), lc = cut_len(code);
    for (size_t i = 0; i < n; i++) cap += (m->tok[i].len < 3 ? 3 : m->tok[i].len) + 1;
    size_t bytes = n * (sizeof(uint64_t) + 3 * sizeof(uint32_t)) + cap + lk + la + lc + 3;
    char *blob = malloc(bytes);
    if (!blob) {
        pw_error_set(err, PW_ERR_NOMEM, "signature cluster: out of memory");
        return SIG_NIL;
    }
    if (t->nlive >= m->cfg.max_clusters && t->lru_tail != SIG_NIL) cluster_evict(t, t->lru_tail);
    if (t->nodes[node].leaf_count >= m->cfg.max_leaf_clusters && t->nodes[node].leaf_tail != SIG_NIL)
        cluster_evict(t, t->nodes[node].leaf_tail);
    uint32_t i;
    if (t->free_head != SIG_NIL) {
        i = t->free_head;
        t->free_head = t->cl[i].lru_next;
    } else {
        if (t->ncl_slots == t->cl_cap) {
            size_t ncap = t->cl_cap ? t->cl_cap * 2 : 256;
            if (ncap > m->cfg.max_clusters) ncap = m->cfg.max_clusters;
            sig_cluster *nc = realloc(t->cl, ncap * sizeof *nc);
            if (!nc) {
                free(blob);
                pw_error_set(err, PW_ERR_NOMEM, "signature clusters: out of memory");
                return SIG_NIL;
            }
            t->cl = nc;
            t->cl_cap = ncap;
        }
        i = (uint32_t)t->ncl_slots++;
        t->cl[i].gen = 0;
    }
    sig_cluster *c = &t->cl[i];
    uint32_t gen = c->gen;
    memset(c, 0, sizeof *c);
    c->gen = gen;
    c->blob = blob;
    c->ntok = (uint32_t)n;
    c->scope = scope;
    c->count = 0;
    c->first_us = c->last_us = ts_us;
    c->tokh = (uint64_t *)blob;
    c->shape = (uint32_t *)(c->tokh + n);
    uint32_t *off = c->shape + n, *len = off + n;
    c->tmpl = (char *)(len + n);
    char *p = c->tmpl;
    for (size_t k = 0; k < n; k++) {
        const sig_token *tk = &m->tok[k];
        if (k) *p++ = ' ';
        off[k] = (uint32_t)(p - c->tmpl);
        len[k] = tk->len;
        c->tokh[k] = tk->hash;
        c->shape[k] = (uint32_t)tk->shape;
        if (tk->hash == SIG_WILD_HASH) c->nwild++;
        memcpy(p, m->line.data + tk->off, tk->len);
        p += tk->len;
    }
    *p = '\0';
    char *s = c->tmpl + cap;
    c->kind = s;
    memcpy(s, kind ? kind : "", lk);
    s[lk] = '\0';
    s += lk + 1;
    c->app = s;
    memcpy(s, app ? app : "", la);
    s[la] = '\0';
    s += la + 1;
    c->code = s;
    memcpy(s, code ? code : "", lc);
    s[lc] = '\0';
    c->id = pw_sig_id(c->kind, c->app, c->code, c->tmpl);
    c->leaf_prev = c->leaf_next = c->lru_prev = c->lru_next = SIG_NIL;
    leaf_push_front(t, node, i);
    lru_push_front(t, i);
    t->nlive++;
    return i;
}

/* ---- search ---- */

/* Drain's descent for lookup: the token's own child, else the <*> child, else nothing. */
static uint32_t tree_search(const pw_sig_miner *m, uint64_t scope)
{
    const sig_tree *t = &m->tree;
    uint64_t key = scope ^ ((uint64_t)(m->ntok + 1) * UINT64_C(0xc2b2ae3d27d4eb4f));
    uint32_t node = edge_find(t, 0, key);
    if (node == SIG_NIL) return 0; /* the root: where tree_insert_path puts clusters once the node cap is hit */
    size_t layers = (size_t)m->cfg.depth - 2;
    for (size_t d = 0; d < layers && d < m->ntok; d++) {
        const sig_token *tk = &m->tok[d];
        uint32_t next = !tk->key ? SIG_NIL : edge_find(t, node, tk->hash);
        if (next == SIG_NIL) next = t->nodes[node].wild;
        if (next == SIG_NIL) break; /* deepest node (node cap reached while adding) */
        node = next;
    }
    return node;
}

/* Drain's descent for insertion: creates nodes as needed, bounded by max_children and max_nodes. */
static uint32_t tree_insert_path(pw_sig_miner *m, uint64_t scope)
{
    sig_tree *t = &m->tree;
    uint64_t key = scope ^ ((uint64_t)(m->ntok + 1) * UINT64_C(0xc2b2ae3d27d4eb4f));
    uint32_t node = edge_find(t, 0, key);
    if (node == SIG_NIL) node = child_new(t, 0, key);
    if (node == SIG_NIL) return 0; /* node cap: the root holds it */
    size_t layers = (size_t)m->cfg.depth - 2, maxc = m->cfg.max_children;
    for (size_t d = 0; d < layers && d < m->ntok; d++) {
        const sig_token *tk = &m->tok[d];
        sig_node *n = &t->nodes[node];
        uint32_t next = SIG_NIL;
        if (!tk->key) {
            next = n->wild != SIG_NIL ? n->wild : wild_new(t, node);
        } else if ((next = edge_find(t, node, tk->hash)) != SIG_NIL) {
            /* known token */
        } else if (n->wild != SIG_NIL) {
            uint32_t wild = n->wild; /* child_new may move the node array */
            next = n->nchildren < maxc ? child_new(t, node, tk->hash) : wild;
            if (next == SIG_NIL) next = wild; /* node cap: where tree_search will look */
        } else if (n->nchildren + 1 < maxc) {
            next = child_new(t, node, tk->hash);
        } else {
            next = wild_new(t, node);
        }
        if (next == SIG_NIL) break;
        node = next;
    }
    return node;
}

/* The most similar cluster of the leaf (Drain's fastMatch): share of positions with equal tokens, <*>
 * positions not counted; ties go to the cluster with more <*> (the more general template). */
static uint32_t leaf_best(const pw_sig_miner *m, uint32_t node, uint64_t scope, double *best_sim)
{
    const sig_tree *t = &m->tree;
    uint32_t best = SIG_NIL, best_par = 0;
    size_t best_eq = 0, n = m->ntok;
    uint64_t varm = m->cfg.variables_match ? 1 : 0;
    for (uint32_t i = t->nodes[node].leaf_head; i != SIG_NIL; i = t->cl[i].leaf_next) {
        const sig_cluster *c = &t->cl[i];
        if (c->ntok != n || c->scope != scope) continue; /* only the root mixes scopes and lengths */
        size_t eq = 0, vareq = 0;
        uint32_t par = 0;
        for (size_t k = 0; k < n; k++) {
            uint64_t h = c->tokh[k], th = m->tok[k].hash;
            if (h == th) {
                eq++;
            } else if (h == SIG_WILD_HASH) {
                par++;
                vareq += th & 1;
            } else if (h & th & 1) {
                vareq += c->shape[k] == (uint32_t)m->tok[k].shape; /* "uid=<NUM>" is not "pid=<NUM>" */
            }
        }
        if (varm && eq + vareq == n) eq = n; /* differs only in variables: joins whatever the threshold */
        if (best == SIG_NIL || eq > best_eq || (eq == best_eq && par > best_par)) {
            best = i;
            best_eq = eq;
            best_par = par;
        }
    }
    *best_sim = n ? (double)best_eq / (double)n : 1.0;
    return best;
}

uint32_t sig_tree_mine(pw_sig_miner *m, const char *kind, const char *app, const char *code, uint64_t scope,
                       int64_t ts_us, bool update, pw_error *err)
{
    return sig_tree_mine_ex(m, kind, app, code, scope, ts_us, update, false, err);
}

uint32_t sig_tree_mine_ex(pw_sig_miner *m, const char *kind, const char *app, const char *code, uint64_t scope,
                          int64_t ts_us, bool update, bool force_new, pw_error *err)
{
    sig_tree *t = &m->tree;
    double sim = 0;
    uint32_t best = SIG_NIL;
    uint32_t node = force_new ? SIG_NIL : tree_search(m, scope);
    if (node != SIG_NIL) {
        best = leaf_best(m, node, scope, &sim);
        if (best != SIG_NIL && sim < m->cfg.similarity) best = SIG_NIL;
    }
    if (!update) return best;
    if (best == SIG_NIL || force_new) {
        node = tree_insert_path(m, scope);
        best = cluster_new(m, node, kind, app, code, scope, ts_us, err);
        if (best == SIG_NIL) return SIG_NIL;
    } else {
        sig_cluster *c = &t->cl[best];
        int changed = 0;
        for (size_t k = 0; k < c->ntok; k++) {
            if (c->tokh[k] != SIG_WILD_HASH && c->tokh[k] != m->tok[k].hash) {
                c->tokh[k] = SIG_WILD_HASH;
                c->nwild++;
                changed = 1;
            }
        }
        if (changed) {
            tmpl_rebuild(c, &m->scratch);
            c->id = pw_sig_id(c->kind, c->app, c->code, c->tmpl);
        }
        touch(t, best);
    }
    sig_cluster *c = &t->cl[best];
    c->count++;
    if (ts_us != PW_TS_NONE) {
        if (c->first_us == PW_TS_NONE || ts_us < c->first_us) c->first_us = ts_us;
        if (c->last_us == PW_TS_NONE || ts_us > c->last_us) c->last_us = ts_us;
    }
    return best;
}
