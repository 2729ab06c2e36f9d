/* signature_windows: signatures of Windows events named by `kind: signature` rules.
 *
 * A Windows event is identified by its provider and event id; what tells one failure from another is a
 * handful of its parameters (the NTSTATUS of a FailoverClustering 5120, the resource of a 1069), and what
 * must NOT split it is everything else (record id, times, process ids, the rendered text's volatile
 * parts). A rule names the provider, the event ids and the parameters; the template is
 *     "<provider> <event id>: <Param>=<value> <Param>=<value> ..."
 * with the parameters in the rule's order, values trimmed and whitespace-collapsed, 8-digit hex status
 * codes written as 0x + lower case (so "C00000B5", "0xc00000b5" and "c00000b5" are one signature), and
 * parameters the event lacks left out. Events without such a rule fall back to mining their rendered
 * message inside the (provider, event id) scope (signature.c).
 *
 * Rules come from the rules library when it is built in (rules/rules.h), and from pw_sig_add_rule. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/signature_impl.h"

#include "rules/rules.h"

#define SIG_RULES_MAX 4096      /* signature rules per miner: far above any shipped or site rule set */
#define SIG_RULE_IDS_MAX 256    /* event ids per rule */
#define SIG_RULE_PARAMS_MAX 16  /* parameters per rule: a signature names a few, not the whole record */
#define SIG_PARAM_VALUE_MAX 256 /* bytes of one parameter value kept in the template */

static char *dup_lower(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (!d) return NULL;
    for (size_t i = 0; i < n; i++) d[i] = (char)tolower((unsigned char)s[i]);
    d[n] = '\0';
    return d;
}

/* Case-insensitive hash of a provider name: one pass per event, then rules are compared by hash (the
 * string compare only confirms a hit), so the rule table costs a few integer compares per event. */
static uint64_t provider_hash(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; *s; s++) {
        h ^= (unsigned char)tolower((unsigned char)*s);
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static void rule_free(sig_rule *r)
{
    free(r->name);
    free(r->provider);
    free(r->component);
    free(r->event_ids);
    for (size_t i = 0; i < r->nparams; i++) free(r->params[i]);
    free(r->params);
    pcre2_code_free(r->message_re);
    memset(r, 0, sizeof *r);
}

void sig_rules_free(sig_rules *r)
{
    for (size_t i = 0; i < r->n; i++) rule_free(&r->v[i]);
    free(r->v);
    r->v = NULL;
    r->n = 0;
}

static int rules_add(sig_rules *rs, const char *name, const char *provider, const int64_t *ids, size_t nids,
                     const char *const *params, size_t nparams, const char *component, const char *message_regex,
                     pw_error *err)
{
    sig_rule r;
    memset(&r, 0, sizeof r);
    if (!name || !*name) return pw_error_set(err, PW_ERR_INVALID, "signature rule without a name");
    if (rs->n >= SIG_RULES_MAX) return pw_error_set(err, PW_ERR_LIMIT, "more than %d signature rules", SIG_RULES_MAX);
    if (nids > SIG_RULE_IDS_MAX || nparams > SIG_RULE_PARAMS_MAX)
        return pw_error_set(err, PW_ERR_LIMIT, "signature rule %s: more than %d event ids or %d params", name,
                            SIG_RULE_IDS_MAX, SIG_RULE_PARAMS_MAX);
    r.name = strdup(name);
    r.provider = dup_lower(provider ? provider : "");
    r.component = component ? strdup(component) : NULL;
    r.event_ids = nids ? malloc(nids * sizeof *r.event_ids) : NULL;
    r.params = nparams ? calloc(nparams, sizeof *r.params) : NULL;
    if (!r.name || !r.provider || (component && !r.component) || (nids && !r.event_ids) || (nparams && !r.params))
        goto nomem;
    r.provider_hash = provider_hash(r.provider);
    if (nids) memcpy(r.event_ids, ids, nids * sizeof *ids);
    r.nevent_ids = nids;
    for (size_t i = 0; i < nparams; i++) {
        if (!(r.params[i] = strdup(params[i]))) goto nomem;
        r.nparams = i + 1;
    }
    if (message_regex && *message_regex) {
        int ec;
        PCRE2_SIZE eo;
        r.message_re = pcre2_compile((PCRE2_SPTR)message_regex, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
        if (!r.message_re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(ec, msg, sizeof msg);
            pw_error_set(err, PW_ERR_INVALID, "signature rule %s: message_regex at offset %zu: %s", name,
                         (size_t)eo, (char *)msg);
            goto err;
        }
        (void)pcre2_jit_compile(r.message_re, PCRE2_JIT_COMPLETE);
    }
    sig_rule *nv = realloc(rs->v, (rs->n + 1) * sizeof *nv);
    if (!nv) goto nomem;
    rs->v = nv;
    rs->v[rs->n++] = r;
    return 0;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "signature rule %s: out of memory", name);
err:
    rule_free(&r);
    return -1;
}

int pw_sig_add_rule(pw_sig_miner *m, const char *name, const char *provider, const int64_t *event_ids,
                    size_t nids, const char *const *params, size_t nparams, pw_error *err)
{
    return rules_add(&m->rules, name, provider, event_ids, nids, params, nparams, NULL, NULL, err);
}

static int rules_from_json(sig_rules *rs, const json_t *o, pw_error *err)
{
    const char *params[SIG_RULE_PARAMS_MAX];
    int64_t ids[SIG_RULE_IDS_MAX];
    size_t nids = 0, np = 0, i;
    json_t *v;
    const char *name = json_string_value(json_object_get(o, "name"));
    json_array_foreach(json_object_get(o, "event_ids"), i, v) {
        if (nids >= SIG_RULE_IDS_MAX) break;
        if (json_is_integer(v)) ids[nids++] = json_integer_value(v);
    }
    json_array_foreach(json_object_get(o, "params"), i, v) {
        if (np >= SIG_RULE_PARAMS_MAX) break;
        if (json_is_string(v)) params[np++] = json_string_value(v);
    }
    return rules_add(rs, name, json_string_value(json_object_get(o, "provider")), ids, nids, params, np,
                     json_string_value(json_object_get(o, "component")),
                     json_string_value(json_object_get(o, "message_regex")), err);
}

int sig_rules_init(sig_rules *r, const pw_rules *rules, pw_error *err)
{
    memset(r, 0, sizeof *r);
    if (rules) {
        size_t n = pw_rules_count(rules, "signature");
        for (size_t i = 0; i < n; i++) {
            const json_t *o = pw_rules_get(rules, "signature", i);
            if (o && rules_from_json(r, o, err)) {
                int line = 0;
                const char *file = pw_rules_origin(rules, "signature", i, &line);
                if (file) pw_error_prefix(err, "%s:%d", file, line);
                sig_rules_free(r);
                return -1;
            }
        }
    }
    return 0;
}

const sig_rule *sig_rules_find(const sig_rules *rs, const char *provider, int64_t code, const char *msg,
                               size_t msglen, pcre2_match_data *md)
{
    uint64_t ph = rs->n ? provider_hash(provider) : 0;
    for (size_t i = 0; i < rs->n; i++) {
        const sig_rule *r = &rs->v[i];
        if (r->provider[0] && (r->provider_hash != ph || strcasecmp(r->provider, provider) != 0)) continue;
        int hit = r->nevent_ids == 0;
        for (size_t k = 0; k < r->nevent_ids && !hit; k++) hit = r->event_ids[k] == code;
        if (!hit) continue;
        if (r->message_re) {
            if (!msg || !md) continue;
            if (pcre2_match(r->message_re, (PCRE2_SPTR)msg, msglen, 0, 0, md, NULL) < 0) continue;
        }
        return r;
    }
    return NULL;
}

static int is_hex8(const char *s, size_t n)
{
    if (n == 10 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        n -= 2;
    }
    if (n != 8) return 0;
    for (size_t i = 0; i < 8; i++) {
        if (!isxdigit((unsigned char)s[i])) return 0;
    }
    return 1;
}

/* Appends one normalised parameter value (see the top of the file). */
static int put_value(pw_buf *b, const char *v, size_t n)
{
    while (n && isspace((unsigned char)*v)) v++, n--;
    while (n && isspace((unsigned char)v[n - 1])) n--;
    if (n > SIG_PARAM_VALUE_MAX) n = SIG_PARAM_VALUE_MAX;
    /* "STATUS_IO_TIMEOUT(c00000b5)" and "(c00000b5)" name the same status as "c00000b5" */
    const char *hv = v;
    size_t hn = n;
    if (hn > 2 && hv[hn - 1] == ')') {
        const char *open = memchr(hv, '(', hn);
        size_t k = 0;
        while (hv + k < open && (isupper((unsigned char)hv[k]) || isdigit((unsigned char)hv[k]) || hv[k] == '_')) k++;
        if (open && hv + k == open) {
            hv = open + 1;
            hn = n - (size_t)(open + 1 - v) - 1;
        }
    }
    if (is_hex8(hv, hn)) {
        const char *h = hv + (hn - 8);
        if (pw_buf_puts(b, "0x")) return -1;
        for (size_t i = 0; i < 8; i++) {
            if (pw_buf_putc(b, (char)tolower((unsigned char)h[i]))) return -1;
        }
        return 0;
    }
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (isspace(c)) {
            space = 1;
            continue;
        }
        if (space && pw_buf_putc(b, ' ')) return -1;
        space = 0;
        if (pw_buf_putc(b, (char)c)) return -1;
    }
    /* a cut in the middle of a UTF-8 sequence would make the template invalid: drop the partial tail */
    size_t end = b->len, k = end;
    while (k > 0 && ((unsigned char)b->data[k - 1] & 0xC0) == 0x80) k--;
    if (k > 0 && ((unsigned char)b->data[k - 1] & 0x80)) {
        unsigned char lead = (unsigned char)b->data[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (end - (k - 1) < need) b->len = k - 1, b->data[b->len] = '\0';
    }
    return 0;
}

/* Builds the template of a rule-named Windows signature into b (reset first); returns the number of the
 * rule's parameters found in the event, or -1 (allocation). */
int sig_windows_template(const sig_rule *r, const pw_event *ev, const char *provider, const char *code, pw_buf *b)
{
    char key[320];
    int found = 0;
    pw_buf_reset(b);
    if (pw_buf_puts(b, provider) || pw_buf_putc(b, ' ') || pw_buf_puts(b, code) || pw_buf_putc(b, ':')) return -1;
    for (size_t i = 0; i < r->nparams; i++) {
        size_t vlen = 0;
        const char *v = NULL;
        static const char *const where[] = {"winlog.event_data.", "winlog.user_data."};
        for (size_t w = 0; w < 2 && !v; w++) {
            if ((size_t)snprintf(key, sizeof key, "%s%s", where[w], r->params[i]) >= sizeof key) break;
            v = pw_event_get_str(ev, key, &vlen);
        }
        if (!v) continue;
        if (pw_buf_putc(b, ' ') || pw_buf_puts(b, r->params[i]) || pw_buf_putc(b, '=') || put_value(b, v, vlen))
            return -1;
        found++;
    }
    return found;
}
