/* advisory_link: which advisories speak about which patch and which symptom, and which of them warn or
 * resolve. A report names a patch by KB id (or, for a Linux package, by the package and version it names,
 * or the package among its products); it names a symptom by the event id, by an error code that appears in
 * the signature's template, or, when it names neither, by the component (the provider's last word,
 * "FailoverClustering" also as "Failover Clustering") in its title or text. Linking is by these facts
 * only: a report about the same KB but a different symptom is cited as context, not counted as
 * confirmation. Report understanding (parsers/advisory_extract) decides which reports are issues (a
 * regression report warns about its kb_affected, never its kb_fix) and which are fix announcements
 * (they resolve what they name as broken). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "correlate/cohort_model.h"

static bool ci_contains(const char *hay, const char *needle)
{
    return hay && needle && *needle && strcasestr(hay, needle) != NULL;
}

static bool list_has_ci(const pw_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcasecmp(l->v[i], s) == 0) return true;
    return false;
}

bool corr_adv_names_patch(const pw_advisory *a, const char *patch_id)
{
    const char *eq = strchr(patch_id, '=');
    if (!eq) return list_has_ci(&a->kb, patch_id);
    if (pw_advisory_names_package(a, patch_id)) return true; /* "openssh 9.0p1" -> openssh-server=1:9.0p1-2 */
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

/* Words of log templates and posts that say nothing about which symptom it is (compared by their first five
 * letters, like the words they are matched with). */
static const char *const generic_words[] = {
    "about", "after", "again", "because", "been", "before", "cannot", "could", "error", "event", "fail",
    "failed", "failure", "following", "from", "have", "information", "install", "microsoft", "might", "occurred",
    "operation", "other", "problem", "persists", "server", "service", "should", "some", "system", "that", "their",
    "there", "these", "this", "until", "update", "warning", "when", "which", "while", "will", "windows", "with",
    "would", "contact", "support", "product"};

/* A word's key: lower case, its first five letters ("entered", "entering" -> "enter"); 0 when it cannot be one
 * (shorter than 4 letters, or holding a digit or a placeholder character). */
static size_t raw_key(const char *w, size_t n, char key[6])
{
    if (n < 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)w[i])) return 0;
    size_t k = n < 5 ? n : 5;
    for (size_t i = 0; i < k; i++) key[i] = (char)tolower((unsigned char)w[i]);
    key[k] = '\0';
    return k;
}

/* The same, 0 also for a generic word. */
static size_t word_key(const char *w, size_t n, char key[6])
{
    size_t k = raw_key(w, n, key);
    for (size_t i = 0; k && i < sizeof generic_words / sizeof *generic_words; i++)
        if (strncmp(generic_words[i], key, k) == 0 && strlen(generic_words[i]) >= k &&
            (k == 5 || strlen(generic_words[i]) == k))
            return 0;
    return k;
}

/* The next word of *p (letters, digits and '-'), advancing *p past it; NULL at the end. */
static const char *next_word(const char **p, size_t *n)
{
    const char *q = *p;
    while (q && *q && !isalnum((unsigned char)*q)) q++;
    if (!q || !*q) return NULL;
    const char *w = q;
    while (*q && (isalnum((unsigned char)*q) || *q == '-')) q++;
    *p = q;
    *n = (size_t)(q - w);
    return w;
}

/* Whether text holds a word whose key is key. */
static bool text_has_key(const char *text, const char *key)
{
    size_t n;
    char k[6];
    for (const char *w; (w = next_word(&text, &n));)
        if (raw_key(w, n, k) && strcmp(k, key) == 0) return true;
    return false;
}

/* How many of keys[0..nkeys) text holds, marking them in hit (one pass over the text: this runs for every
 * report and signature a link is sought for, so the text is read once, not once per key). */
static size_t count_keys(const char *text, char (*keys)[6], size_t nkeys, bool *hit)
{
    size_t n, got = 0;
    char k[6];
    for (const char *w; (w = next_word(&text, &n));) {
        if (!raw_key(w, n, k)) continue;
        for (size_t i = 0; i < nkeys; i++)
            if (!hit[i] && strcmp(keys[i], k) == 0) {
                hit[i] = true;
                got++;
            }
    }
    return got;
}

/* The symptom described in words: two or more of the template's own words (not generic, not a word of a
 * component or product the report names, not of the provider) are in the report's title or text. Vendors'
 * known issues mostly describe a symptom rather than give its event id ("Cluster Shared Volumes might enter a
 * paused state": 5120's template "... has entered a paused state ..."); the component alone names every one
 * of its events, two words of one template name that one (x-csv-storage-benign-superset@3005, the independent
 * generator's study draw: the vendor's known issue came on day 6 and the bad update was first alerted on day
 * 9, when its last ring supplied the rate test). Cost: a post that borrows two words of an unrelated template
 * counts as naming it; the corroborated test still asks for casualties in the update's windows that keep
 * failing while no host fails that way in control time. */
static bool describes_symptom(const pw_advisory *a, const corr_sig *s)
{
    char keys[16][6];
    bool hit[16] = {false};
    size_t nkeys = 0, n;
    const char *p = s->tmpl;
    for (const char *w; nkeys < 16 && (w = next_word(&p, &n));) {
        char key[6];
        if (!word_key(w, n, key) || ci_contains(s->provider, key)) continue;
        bool dup = false, component = false;
        for (size_t i = 0; i < nkeys && !dup; i++) dup = strcmp(keys[i], key) == 0;
        for (size_t i = 0; i < a->products.n && !component && !dup; i++) component = text_has_key(a->products.v[i], key);
        if (!dup && !component) memcpy(keys[nkeys++], key, sizeof key);
    }
    if (nkeys < 2) return false;
    return count_keys(a->title, keys, nkeys, hit) + count_keys(a->text, keys, nkeys, hit) >= 2;
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
    if (describes_symptom(a, s)) return true;
    char tail[96], spaced[128];
    component_words(s->provider, tail, sizeof tail, spaced, sizeof spaced);
    if (strlen(tail) >= 5 && strcasecmp(tail, "Windows") != 0) {
        if (ci_contains(a->title, tail) || ci_contains(a->text, tail)) return true;
        if (strcmp(tail, spaced) != 0 && (ci_contains(a->title, spaced) || ci_contains(a->text, spaced)))
            return true;
    }
    return false;
}

static bool has_class(const pw_advisory *a, const char *cls)
{
    return a->report_class && strcmp(a->report_class, cls) == 0;
}

/* A community report that says an update broke something may also say "uninstalling fixed it": that is not
 * the vendor resolving the issue, so a regression report never resolves anything. */
bool corr_adv_is_resolved(const pw_advisory *a)
{
    return a->status && strcasecmp(a->status, "resolved") == 0 && !has_class(a, PW_ADV_CLASS_REGRESSION);
}

bool corr_adv_is_fix(const pw_advisory *a) { return has_class(a, PW_ADV_CLASS_FIX); }

/* An issue report: the vendor's status says so, or report understanding classified it as a regression
 * report ("broke", "boot loop", "anyone else?", in six languages). Without a class (an advisory that never
 * went through extraction) the words "known issue" still count. */
bool corr_adv_is_issue(const pw_advisory *a)
{
    static const char *const issue[] = {"known-issue", "known issue", "investigating", "mitigated",
                                        "confirmed",   "reported",    "open"};
    if (a->status)
        for (size_t i = 0; i < sizeof issue / sizeof issue[0]; i++)
            if (strcasecmp(a->status, issue[i]) == 0) return true;
    if (a->report_class) return has_class(a, PW_ADV_CLASS_REGRESSION);
    return ci_contains(a->title, "known issue") || ci_contains(a->text, "known issue");
}

/* The KBs an issue report warns about: those it blames (kb_affected) when it was classified, else every KB
 * it names; never one it offers as the fix, whatever the class says. */
bool corr_adv_warns_kb(const pw_advisory *a, const char *kb)
{
    if (list_has_ci(&a->kb_fix, kb)) return false;
    if (a->report_class) return list_has_ci(&a->kb_affected, kb);
    return list_has_ci(&a->kb, kb);
}

/* The advisory published by `limit` (not ad itself) that offers `kb` as the fix of another update ad blames, or
 * NULL (*culprit: that other update): the vendor's "KB2 resolves the CSV issue caused by KB1" beside a forum post that blames both KB1 and KB2.
 * Such a post names KB2 as the fix (its writer or its reading mixed the two) far more often than as a second
 * culprit, and a warning must never name the fix. The cost: a fix that breaks something again, told in one post
 * with the update it fixed, gets no warning from that post; a post that blames it on its own still warns, and
 * the fleet's own signal still tests it. O(advisories) per report and KB, each a few string compares. */
const corr_adv *corr_adv_fix_elsewhere(const pw_corr *c, const corr_adv *ad, const char *kb, int64_t limit,
                                       const char **culprit)
{
    for (size_t i = 0; i < c->nadvs; i++) {
        const corr_adv *o = &c->advs[i];
        const char *x = o != ad && o->ts <= limit ? pw_advisory_fix_of_blamed(&o->a, &ad->a, kb) : NULL;
        if (!x) continue;
        if (culprit) *culprit = x;
        return o;
    }
    return NULL;
}

/* A fix announcement resolves the update it names as broken (kb_affected; a package version it does not offer as
 * the fix: "openssh 9.1p1 fixes the crash of 9.0p1"), never the fix itself. */
bool corr_adv_fixes_patch(const pw_advisory *a, const char *patch_id)
{
    if (!corr_adv_is_fix(a)) return false;
    if (strchr(patch_id, '=')) return pw_advisory_blames_package(a, patch_id);
    return list_has_ci(&a->kb_affected, patch_id) && !list_has_ci(&a->kb_fix, patch_id);
}

bool corr_adv_tells_fixed(const corr_adv *ad, const char *patch_id)
{
    if (list_has_ci(&ad->a.kb_fix, patch_id)) return false;
    return corr_adv_fixes_patch(&ad->a, patch_id) || (ad->resolved && corr_adv_names_patch(&ad->a, patch_id));
}

static bool host_has_fix(const pw_corr *c, const corr_fix *f, uint32_t h, int64_t limit)
{
    for (uint32_t k = 0; k < f->nfix_patches; k++)
        if (c->patches[f->fix_patches[k]].host_ts[h] < limit) return true;
    return false;
}

bool corr_fix_covers(const pw_corr *c, const corr_fix *f, uint32_t host, int64_t limit)
{
    return f->kbs.n > 0 && host_has_fix(c, f, host, limit);
}

/* The fix a package fix announcement offers, as the fleet installed it ("openssh-server=1:9.1p1-1": every install
 * key of a version the text offers as the fix), else as the text names it ("openssh 9.1p1"), so people are told
 * what to install before any host has it. */
static int add_package_fixes(const pw_corr *c, const pw_advisory *a, corr_fix *f)
{
    size_t before = f->kbs.n;
    for (uint32_t p = 0; p < c->npatches && f->kbs.n < CORR_FIX_KBS_MAX; p++) {
        const char *id = c->patches[p].id;
        if (!strchr(id, '=') || pw_strlist_has(&f->kbs, id) || !pw_advisory_offers_package(a, id)) continue;
        if (pw_strlist_add(&f->kbs, id)) return -1;
        f->fix_patches[f->nfix_patches++] = p;
    }
    size_t i;
    const json_t *it;
    char name[160];
    json_array_foreach(a->packages, i, it) {
        if (f->kbs.n > before || f->kbs.n >= CORR_FIX_KBS_MAX) break;
        const char *n = json_string_value(json_object_get(it, "name"));
        const char *v = json_string_value(json_object_get(it, "version"));
        if (!n || !json_object_get(it, "role")) continue;
        snprintf(name, sizeof name, "%s%s%s", n, v ? " " : "", v ? v : "");
        if (pw_strlist_add(&f->kbs, name)) return -1;
    }
    return 0;
}

/* O(advisories) and, only when a fix update is announced for the patch, O(hosts x fix updates) (and, for a
 * package's fix, O(the fleet's patches)): called for the few open alerts and warning reports each hour, it stays
 * small beside the hourly cohort pass. */
int corr_fix_state(const pw_corr *c, const char *pid, int64_t limit, corr_fix *f)
{
    memset(f, 0, sizeof *f);
    const corr_adv *nothing_to_install = NULL;
    for (size_t i = 0; i < c->nadvs; i++) {
        const corr_adv *ad = &c->advs[i];
        if (ad->ts > limit || !corr_adv_tells_fixed(ad, pid)) continue;
        if (!f->by) f->by = ad;
        bool package_fix = strchr(pid, '=') && pw_advisory_has_package_fix(&ad->a);
        if (ad->a.kb_fix.n == 0 && !package_fix) { /* a server-side change, a rollback, the vendor's "resolved" */
            if (!nothing_to_install) nothing_to_install = ad;
            continue;
        }
        if (!f->announced) f->announced = ad;
        if (package_fix && add_package_fixes(c, &ad->a, f)) {
            corr_fix_free(f);
            return -1;
        }
        for (size_t k = 0; k < ad->a.kb_fix.n && f->kbs.n < CORR_FIX_KBS_MAX; k++) {
            const char *kb = ad->a.kb_fix.v[k];
            if (pw_strlist_has(&f->kbs, kb)) continue;
            if (pw_strlist_add(&f->kbs, kb)) {
                corr_fix_free(f);
                return -1;
            }
            uint32_t fp;
            if (corr_patch_find(c, kb, &fp) == 0) f->fix_patches[f->nfix_patches++] = fp;
        }
    }
    if (nothing_to_install) {
        f->done = nothing_to_install;
        return 0;
    }
    if (f->kbs.n == 0) return 0;
    uint32_t pi;
    bool known = corr_patch_find(c, pid, &pi) == 0;
    for (uint32_t h = 0; h < c->nhosts; h++) {
        bool inst = known && c->patches[pi].host_ts[h] < limit;
        if (!inst && !pw_strlist_has(&c->hosts[h].pending, pid)) continue;
        f->with++;
        if (!host_has_fix(c, f, h, limit)) f->lacking++;
    }
    if (f->with > 0 && f->lacking == 0) f->done = f->announced;
    return 0;
}

void corr_fix_free(corr_fix *f) { pw_strlist_free(&f->kbs); }

size_t corr_fix_list(const corr_fix *f, char *out, size_t cap)
{
    size_t o = 0;
    if (cap) out[0] = '\0';
    for (size_t j = 0; j < f->kbs.n && j < 4 && o + 1 < cap; j++) {
        int n = snprintf(out + o, cap - o, "%s%s", j ? (j + 1 == f->kbs.n || j == 3 ? " or " : ", ") : "", f->kbs.v[j]);
        if (n < 0) break;
        o += (size_t)n < cap - o ? (size_t)n : cap - o - 1;
    }
    return o;
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

/* Whether an issue report published by `hour` blames this update (its kb_affected; never as the fix). It is
 * what picks among updates the fleet's data cannot tell apart, installed in the same session on the same
 * hosts, when no report names the symptom as well: the cumulative update and the .NET update of one Patch
 * Tuesday, with the forums blaming one of them. */
bool corr_patch_reported(const pw_corr *c, uint32_t patch, uint32_t hour)
{
    int64_t limit = (int64_t)hour * CORR_HOUR_US;
    for (size_t i = 0; i < c->nadvs; i++) {
        const corr_adv *ad = &c->advs[i];
        if (ad->ts <= limit && corr_adv_is_issue(&ad->a) && corr_adv_warns_kb(&ad->a, c->patches[patch].id)) return true;
    }
    return false;
}

/* Whether an advisory published by `hour` blames this update for this symptom: an issue report that warns
 * about it (kb_affected, or the package it names) or one that says it was fixed (a fix announcement naming it
 * broken, the vendor's "resolved"), naming the symptom as well. */
bool corr_patch_blamed_for(const pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour)
{
    int64_t limit = (int64_t)hour * CORR_HOUR_US;
    const char *pid = c->patches[patch].id;
    for (size_t i = 0; i < c->nadvs; i++) {
        const corr_adv *ad = &c->advs[i];
        if (ad->ts > limit) continue;
        bool blames = corr_adv_tells_fixed(ad, pid) ||
                      (ad->issue && (strchr(pid, '=') ? corr_adv_names_patch(&ad->a, pid) : corr_adv_warns_kb(&ad->a, pid)));
        if (blames && corr_adv_names_symptom(&ad->a, &c->sigs[sig])) return true;
    }
    return false;
}

/* The symptom named by its own facts: an event id equal to the signature's, an error code in its template, or,
 * when the report names neither kind, two of the template's own words (describes_symptom). The component word alone ("Failover Clustering") is not
 * enough here: a report that names a component names every one of its events, and this report is to stand in
 * for a rate test. */
static bool names_symptom_strictly(const pw_advisory *a, const corr_sig *s)
{
    if (s->code)
        for (size_t i = 0; i < a->event_ids.n; i++)
            if (strcmp(a->event_ids.v[i], s->code) == 0) return true;
    for (size_t i = 0; i < a->error_codes.n; i++)
        if (strlen(a->error_codes.v[i]) >= 4 && ci_contains(s->tmpl, a->error_codes.v[i])) return true;
    return !a->event_ids.n && !a->error_codes.n && describes_symptom(a, s);
}

int32_t corr_patch_corroborated_by(const pw_corr *c, uint32_t patch, uint32_t sig, uint32_t hour)
{
    int64_t limit = (int64_t)hour * CORR_HOUR_US;
    const char *pid = c->patches[patch].id;
    for (size_t i = 0; i < c->nadvs && i < INT32_MAX; i++) {
        const corr_adv *ad = &c->advs[i];
        if (ad->ts > limit || !ad->issue || corr_adv_is_fix(&ad->a) || list_has_ci(&ad->a.kb_fix, pid)) continue;
        bool blames = strchr(pid, '=') ? corr_adv_names_patch(&ad->a, pid) : corr_adv_warns_kb(&ad->a, pid);
        if (blames && names_symptom_strictly(&ad->a, &c->sigs[sig])) return (int32_t)i;
    }
    return -1;
}
