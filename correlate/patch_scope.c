/* patch_scope: what an update can break, read from its title. A .NET Framework update replaces .NET's assemblies
 * and nothing of the cluster, storage or virtualisation stack; a servicing stack update replaces the installer;
 * an anti-malware definition update, the scanner's data. When two updates went to the same hosts in one session
 * the fleet's data cannot tell which of them broke something (every casualty had both), and this is what an
 * administrator then reasons with: a Hyper-V or cluster-disk failure after a cumulative OS update and a .NET
 * update is the OS update's. Only narrow kinds are listed; an update of any other title (cumulative, rollup,
 * security-only, a Linux package) may touch anything, and nothing is concluded about it.
 *
 * The kinds are rules of kind `scope` (rules/scopes/, the same as the built-in text below; a rules directory with
 * scope rules replaces them), matched by case-insensitive substrings (no regex: it runs only where the data have
 * already failed to decide). Cost: a false exclusion would hide a real culprit only where another update of the
 * same hosts is named instead, never leave a failure unreported. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "correlate/cohort_model.h"
#include "rules/rules.h"

#define SCOPE_MAX 256      /* scope rules: more is a mistake, not a taxonomy */
#define SCOPE_WORDS_MAX 64 /* titles or affects of one rule */

typedef struct corr_scope {
    char *what;
    char *titles[SCOPE_WORDS_MAX];
    char *affects[SCOPE_WORDS_MAX];
    size_t ntitles, naffects;
} corr_scope;

struct corr_scopes {
    corr_scope *v;
    size_t n;
};

static const char builtin_scopes[] =
    "["
    "{\"kind\":\"scope\",\"name\":\"dotnet-framework\",\"what\":\".NET Framework update\","
    " \"titles\":[\".NET Framework\",\".NET Core\",\"ASP.NET Core\"],"
    " \"affects\":[\".NET\",\"ASP.NET\",\"CLR\",\"Application Error\",\"Application Hang\",\"Windows Error Reporting\","
    "  \"W3SVC\",\"Windows-WAS\",\"IIS\"]},"
    "{\"kind\":\"scope\",\"name\":\"servicing-stack\",\"what\":\"servicing stack update\","
    " \"titles\":[\"Servicing Stack Update\"],"
    " \"affects\":[\"Servicing\",\"WindowsUpdateClient\",\"CBS\",\"TrustedInstaller\",\"Modules Installer\",\"Setup\"]},"
    "{\"kind\":\"scope\",\"name\":\"anti-malware\",\"what\":\"anti-malware update\","
    " \"titles\":[\"Malicious Software Removal Tool\",\"Security Intelligence Update\",\"Defender Antivirus\","
    "  \"Antimalware\"],"
    " \"affects\":[\"Defender\",\"Antimalware\",\"MsMpEng\",\"Security Center\"]}"
    "]";

const char *corr_scopes_builtin(void) { return builtin_scopes; }

void corr_scopes_free(corr_scopes *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].what);
        for (size_t k = 0; k < s->v[i].ntitles; k++) free(s->v[i].titles[k]);
        for (size_t k = 0; k < s->v[i].naffects; k++) free(s->v[i].affects[k]);
    }
    free(s->v);
    free(s);
}

/* The non-empty strings of list (at most SCOPE_WORDS_MAX) into out; -1 when out of memory. */
static int words_of(const json_t *list, char **out, size_t *n)
{
    size_t i;
    const json_t *w;
    json_array_foreach(list, i, w) {
        const char *v = json_string_value(w);
        if (!v || !*v || *n >= SCOPE_WORDS_MAX) continue;
        if (!(out[*n] = strdup(v))) return -1;
        (*n)++;
    }
    return 0;
}

corr_scopes *corr_scopes_new(const struct pw_rules *rules, pw_error *err)
{
    json_t *arr = NULL;
    corr_scopes *s = calloc(1, sizeof *s);
    if (!s) goto nomem;
    if (rules && pw_rules_count(rules, "scope") > 0) {
        if (!(arr = json_array())) goto nomem;
        for (size_t i = 0; i < pw_rules_count(rules, "scope"); i++)
            if (json_array_append(arr, (json_t *)pw_rules_get(rules, "scope", i))) goto nomem;
    } else {
        json_error_t je;
        if (!(arr = json_loads(builtin_scopes, 0, &je))) {
            pw_error_set(err, PW_ERR_INTERNAL, "built-in scope rules: %s", je.text);
            corr_scopes_free(s);
            return NULL;
        }
    }
    size_t n = json_array_size(arr);
    if (n > SCOPE_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "more than %d scope rules", SCOPE_MAX);
        json_decref(arr);
        corr_scopes_free(s);
        return NULL;
    }
    if (n && !(s->v = calloc(n, sizeof *s->v))) goto nomem;
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(arr, i);
        const char *what = json_string_value(json_object_get(r, "what"));
        corr_scope *x = &s->v[s->n++];
        if (!(x->what = strdup(what ? what : "narrow update")) ||
            words_of(json_object_get(r, "titles"), x->titles, &x->ntitles) ||
            words_of(json_object_get(r, "affects"), x->affects, &x->naffects))
            goto nomem;
    }
    json_decref(arr);
    return s;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory loading scope rules");
    json_decref(arr);
    corr_scopes_free(s);
    return NULL;
}

static int has_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0) return 1;
    return 0;
}

int corr_scope_index(const corr_scopes *s, const char *title)
{
    for (size_t i = 0; s && title && i < s->n; i++)
        for (size_t k = 0; k < s->v[i].ntitles; k++)
            if (has_ci(title, s->v[i].titles[k])) return (int)i;
    return -1;
}

const char *corr_scope_what(const corr_scopes *s, int ix)
{
    return s && ix >= 0 && (size_t)ix < s->n ? s->v[ix].what : NULL;
}

bool corr_scope_ix_excludes(const corr_scopes *s, int ix, const char *provider)
{
    if (!s || ix < 0 || (size_t)ix >= s->n || !provider || !*provider) return false;
    const corr_scope *x = &s->v[ix];
    for (size_t k = 0; k < x->naffects; k++)
        if (has_ci(provider, x->affects[k])) return false;
    return true;
}

const char *corr_scope_of(const corr_scopes *s, const char *title)
{
    return corr_scope_what(s, corr_scope_index(s, title));
}

bool corr_scope_excludes(const corr_scopes *s, const char *title, const char *provider)
{
    return corr_scope_ix_excludes(s, corr_scope_index(s, title), provider);
}
