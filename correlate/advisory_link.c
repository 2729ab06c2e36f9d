/* advisory_link: which advisories speak about which patch and which symptom. A report names a patch by KB
 * id (or, for a Linux package, by the package among its products); it names a symptom by the event id,
 * by an error code that appears in the signature's template, or, when it names neither, by the component
 * (the provider's last word, "FailoverClustering" also as "Failover Clustering") in its title or text. Linking is by these facts only:
 * a report about the same KB but a different symptom is cited as context, not counted as confirmation. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "correlate/cohort_model.h"

static bool ci_contains(const char *hay, const char *needle)
{
    return hay && needle && *needle && strcasestr(hay, needle) != NULL;
}

bool corr_adv_names_patch(const pw_advisory *a, const char *patch_id)
{
    const char *eq = strchr(patch_id, '=');
    if (!eq) {
        for (size_t i = 0; i < a->kb.n; i++)
            if (strcasecmp(a->kb.v[i], patch_id) == 0) return true;
        return false;
    }
    size_t plen = (size_t)(eq - patch_id);
    for (size_t i = 0; i < a->products.n; i++)
        if (strncasecmp(a->products.v[i], patch_id, plen) == 0 &&
            (a->products.v[i][plen] == '\0' || a->products.v[i][plen] == ' ' || a->products.v[i][plen] == '='))
            return true;
    return false;
}

/* "Microsoft-Windows-FailoverClustering" -> "FailoverClustering" and "Failover Clustering". */
static void component_words(const char *provider, char *tail, size_t tcap, char *spaced, size_t scap)
{
    tail[0] = spaced[0] = '\0';
    if (!provider) return;
    const char *t = strrchr(provider, '-');
    t = t ? t + 1 : provider;
    snprintf(tail, tcap, "%s", t);
    size_t o = 0;
    for (size_t i = 0; t[i] && o + 2 < scap; i++) {
        if (i > 0 && isupper((unsigned char)t[i]) && islower((unsigned char)t[i - 1])) spaced[o++] = ' ';
        spaced[o++] = t[i];
    }
    spaced[o] = '\0';
}

bool corr_adv_names_symptom(const pw_advisory *a, const corr_sig *s)
{
    if (s->code)
        for (size_t i = 0; i < a->event_ids.n; i++)
            if (strcmp(a->event_ids.v[i], s->code) == 0) return true;
    for (size_t i = 0; i < a->error_codes.n; i++)
        if (strlen(a->error_codes.v[i]) >= 4 && ci_contains(s->tmpl, a->error_codes.v[i])) return true;
    /* component words only when the report names no event id and no error code: a report that says "5120"
     * is not about the 1135 of the same component */
    if (a->event_ids.n || a->error_codes.n) return false;
    char tail[96], spaced[128];
    component_words(s->provider, tail, sizeof tail, spaced, sizeof spaced);
    if (strlen(tail) >= 5 && strcasecmp(tail, "Windows") != 0) {
        if (ci_contains(a->title, tail) || ci_contains(a->text, tail)) return true;
        if (strcmp(tail, spaced) != 0 && (ci_contains(a->title, spaced) || ci_contains(a->text, spaced)))
            return true;
    }
    return false;
}

bool corr_adv_is_resolved(const pw_advisory *a) { return a->status && strcasecmp(a->status, "resolved") == 0; }

bool corr_adv_is_issue(const pw_advisory *a)
{
    static const char *const issue[] = {"known-issue", "known issue", "investigating", "mitigated",
                                        "confirmed",   "reported",    "open"};
    if (a->status)
        for (size_t i = 0; i < sizeof issue / sizeof issue[0]; i++)
            if (strcasecmp(a->status, issue[i]) == 0) return true;
    return ci_contains(a->title, "known issue") || ci_contains(a->text, "known issue");
}

size_t corr_linked_advisories(const pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour, pw_strlist *out)
{
    size_t n = 0;
    int64_t limit = (int64_t)hour * CORR_HOUR_US;
    const char *pid = c->patches[patch].id;
    for (size_t i = 0; i < c->nadvs; i++) {
        const corr_adv *ad = &c->advs[i];
        if (ad->ts > limit || !corr_adv_names_patch(&ad->a, pid)) continue;
        if (sig != CORR_NONE && !corr_adv_names_symptom(&ad->a, &c->sigs[sig])) continue;
        if (out && ad->a.id) pw_strlist_add_unique(out, ad->a.id);
        n++;
    }
    return n;
}
