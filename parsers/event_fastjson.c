/* event_fastjson: decodes the common shape of ECS event lines straight into a pw_event, without building a
 * jansson tree (the replay hot path: tens of millions of lines).
 *
 * The fast shape: one JSON object whose values are strings, integers, booleans or non-empty objects of the
 * same (nested to PW_FASTJSON_DEPTH), with "@timestamp" at the top. Anything else (arrays, null, reals,
 * empty objects, duplicate keys, \u0000, deeper nesting, Winlogbeat lines that need normalising) returns 0
 * and the caller uses the full decoder, which also gives the precise error for invalid input. So the result
 * is always what pw_event_from_json would produce, or a request to ask it. No allocation beyond the event's
 * own arena and the caller's scratch buffer. */
#include "parsers/event_fastjson.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_time.h"

#define PW_FASTJSON_DEPTH 8 /* ECS events nest 3-4 levels; deeper goes to the full decoder */
#define PW_FASTJSON_KEY 512 /* dotted key path bytes */

typedef struct fj {
    const char *p, *end;
    pw_event *ev;
    pw_buf *scratch;
    char key[PW_FASTJSON_KEY];
    pw_error *err;
} fj;

static void ws(fj *f)
{
    while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\r' || *f->p == '\n')) f->p++;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v << 4 | (unsigned)d;
    }
    *out = v;
    return 0;
}

static int put_utf8(pw_buf *b, unsigned cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) { t[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { t[0] = (char)(0xC0 | cp >> 6); t[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) { t[0] = (char)(0xE0 | cp >> 12); t[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); t[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    else { t[0] = (char)(0xF0 | cp >> 18); t[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); t[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); t[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
    return pw_buf_append(b, t, n);
}

/* A string at f->p (after the opening quote is checked here). Returns 1 with [*s, *len) (in the line when it
 * had no escapes, else in scratch), 0 for "not the fast shape". */
static int str(fj *f, const char **s, size_t *len, bool into_scratch_ok)
{
    if (f->p >= f->end || *f->p != '"') return 0;
    const char *start = ++f->p;
    while (f->p < f->end && *f->p != '"' && *f->p != '\\') {
        if ((unsigned char)*f->p < 0x20) return 0;
        f->p++;
    }
    if (f->p >= f->end) return 0;
    if (*f->p == '"') {
        *s = start;
        *len = (size_t)(f->p - start);
        f->p++;
        return 1;
    }
    if (!into_scratch_ok) return 0;
    pw_buf_reset(f->scratch);
    if (pw_buf_append(f->scratch, start, (size_t)(f->p - start))) return 0;
    while (f->p < f->end && *f->p != '"') {
        char ch = *f->p;
        if ((unsigned char)ch < 0x20) return 0;
        if (ch != '\\') {
            const char *run = f->p;
            while (f->p < f->end && *f->p != '"' && *f->p != '\\' && (unsigned char)*f->p >= 0x20) f->p++;
            if (pw_buf_append(f->scratch, run, (size_t)(f->p - run))) return 0;
            continue;
        }
        if (f->end - f->p < 2) return 0;
        char e = f->p[1];
        f->p += 2;
        char out;
        switch (e) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (f->end - f->p < 4 || hex4(f->p, &cp)) return 0;
            f->p += 4;
            if (cp == 0) return 0; /* NUL: the full decoder refuses it with a message */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (f->end - f->p < 6 || f->p[0] != '\\' || f->p[1] != 'u' || hex4(f->p + 2, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return 0;
                f->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return 0;
            }
            if (put_utf8(f->scratch, cp)) return 0;
            continue;
        }
        default: return 0;
        }
        if (pw_buf_putc(f->scratch, out)) return 0;
    }
    if (f->p >= f->end) return 0;
    f->p++;
    *s = f->scratch->data ? f->scratch->data : "";
    *len = f->scratch->len;
    return 1;
}

static int object(fj *f, size_t klen, int depth);

static int value(fj *f, size_t klen, int depth)
{
    pw_event *ev = f->ev;
    if (pw_event_find(ev, f->key)) return 0; /* duplicate: the full decoder reports it */
    if (f->p >= f->end) return 0;
    char ch = *f->p;
    if (ch == '"') {
        const char *s;
        size_t len;
        if (str(f, &s, &len, true) != 1) return 0;
        if (depth == 0 && strcmp(f->key, "@timestamp") == 0) {
            int64_t ts;
            if (pw_time_parse(s, len, &ts, NULL)) return 0;
            pw_event_set_time(ev, ts);
            return 1;
        }
        return pw_event_set_str(ev, f->key, s, len, NULL) ? 0 : 1;
    }
    if (depth == 0 && strcmp(f->key, "@timestamp") == 0) return 0; /* not a string: the full decoder says so */
    if (ch == '{') return object(f, klen, depth + 1);
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
        const char *q = f->p;
        if (*q == '-') q++;
        if (q >= f->end || *q < '0' || *q > '9') return 0;
        if (*q == '0' && q + 1 < f->end && q[1] >= '0' && q[1] <= '9') return 0; /* leading zero: invalid */
        while (q < f->end && *q >= '0' && *q <= '9') q++;
        if (q < f->end && (*q == '.' || *q == 'e' || *q == 'E')) return 0; /* reals: full decoder */
        if (q - f->p > 19) return 0;
        char tmp[24];
        memcpy(tmp, f->p, (size_t)(q - f->p));
        tmp[q - f->p] = '\0';
        errno = 0;
        long long v = strtoll(tmp, NULL, 10);
        if (errno) return 0;
        f->p = q;
        return pw_event_set_int(ev, f->key, v, NULL) ? 0 : 1;
    }
    if (f->end - f->p >= 4 && memcmp(f->p, "true", 4) == 0) {
        f->p += 4;
        return pw_event_set_bool(ev, f->key, true, NULL) ? 0 : 1;
    }
    if (f->end - f->p >= 5 && memcmp(f->p, "false", 5) == 0) {
        f->p += 5;
        return pw_event_set_bool(ev, f->key, false, NULL) ? 0 : 1;
    }
    return 0; /* null, arrays */
}

static int object(fj *f, size_t klen, int depth)
{
    if (depth > PW_FASTJSON_DEPTH || *f->p != '{') return 0;
    f->p++;
    ws(f);
    if (f->p < f->end && *f->p == '}') return 0; /* empty object: the full decoder keeps it as {} */
    for (;;) {
        ws(f);
        const char *k;
        size_t kl;
        if (str(f, &k, &kl, false) != 1 || kl == 0) return 0;
        size_t nl = klen + (klen ? 1 : 0) + kl;
        if (nl >= sizeof f->key) return 0;
        if (klen) f->key[klen] = '.';
        memcpy(f->key + klen + (klen ? 1 : 0), k, kl);
        f->key[nl] = '\0';
        ws(f);
        if (f->p >= f->end || *f->p != ':') return 0;
        f->p++;
        ws(f);
        if (value(f, nl, depth) != 1) return 0;
        f->key[klen] = '\0';
        ws(f);
        if (f->p >= f->end) return 0;
        if (*f->p == ',') {
            f->p++;
            continue;
        }
        if (*f->p == '}') {
            f->p++;
            return 1;
        }
        return 0;
    }
}

int pw_fastjson_event(pw_event *ev, pw_buf *scratch, const char *line, size_t len, pw_error *err)
{
    fj f = {line, line + len, ev, scratch, "", err};
    pw_event_reset(ev);
    ws(&f);
    if (f.p >= f.end || *f.p != '{') return 0;
    if (object(&f, 0, 0) != 1) return 0;
    ws(&f);
    if (f.p != f.end) return 0;
    /* Winlogbeat lines carry winlog.event_id / provider_name only: the normaliser fills event.* */
    if ((pw_event_find(ev, "winlog.event_id") && !pw_event_find(ev, "event.code")) ||
        (pw_event_find(ev, "winlog.provider_name") && !pw_event_find(ev, "event.provider")))
        return 0;
    return 1;
}
