/* alerts: the lifecycle of alerts. One alert per (patch, signature) for regressions and one per patch for
 * early warnings; the id is a hash of that key, so a replay or a restarted correlator names them the same.
 * An alert is emitted when it opens, again (same id, status "updated") when what it says changes (more
 * affected hosts, another advisory, another kind), and once more as "resolved" when an advisory says the
 * issue is resolved or the signature has been quiet on the affected hosts for resolve_quiet_hours.
 * Growth of the patched population alone does not re-emit: that would be an update per host per hour. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_hash.h"
#include "core/pw_time.h"
#include "correlate/cohort_model.h"
#include "correlate/cohort_stats.h"

#define ALERT_MAX_HOSTS 200   /* hosts listed in one alert; counts stay exact beyond */
#define ALERT_MAX_EVIDENCE 5  /* sample events per alert */

static const char *status_name(int st)
{
    return st == CORR_ST_OPEN ? "open" : st == CORR_ST_UPDATED ? "updated" : st == CORR_ST_WITHDRAWN ? "withdrawn"
                                                                                                : "resolved";
}

static corr_alert *alert_get(pw_corr *c, const char *key, uint32_t patch, uint32_t sig, int early)
{
    uint64_t h = pw_hash64(key, strlen(key));
    uint32_t idx;
    if (corr_map_get(&c->alert_map, h, &idx)) return &c->alerts[idx];
    if (c->nalerts == c->alerts_cap) {
        size_t ncap = c->alerts_cap ? c->alerts_cap * 2 : 16;
        corr_alert *nv = realloc(c->alerts, ncap * sizeof *nv);
        if (!nv) return NULL;
        c->alerts = nv;
        c->alerts_cap = ncap;
    }
    corr_alert *al = &c->alerts[c->nalerts];
    memset(al, 0, sizeof *al);
    pw_hash_hex(h, al->id);
    al->patch = patch;
    al->sig = sig;
    al->early = early;
    al->first_seen = PW_TS_NONE;
    if (corr_map_put(&c->alert_map, h, (uint32_t)c->nalerts)) return NULL;
    c->nalerts++;
    return al;
}

static int set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = s ? strdup(s) : NULL;
    return s && !*dst ? -1 : 0;
}

static bool suppressed(const pw_corr *c, uint64_t h)
{
    uint32_t v;
    return corr_map_get(&c->suppress, h, &v) != 0;
}

static int remember(pw_corr *c, uint64_t h)
{
    if (c->nemitted == c->emitted_cap) {
        size_t ncap = c->emitted_cap ? c->emitted_cap * 2 : 64;
        uint64_t *nv = realloc(c->emitted, ncap * sizeof *nv);
        if (!nv) return -1;
        c->emitted = nv;
        c->emitted_cap = ncap;
    }
    c->emitted[c->nemitted++] = h;
    return 0;
}

/* Emits a (unless an identical emission was recorded in the state this run resumed from). */
static int emit(pw_corr *c, corr_alert *al, pw_alert *a, pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    pw_buf b = PW_BUF_INIT;
    int rc = -1;
    if (pw_alert_to_json(a, &b, err)) goto out;
    uint64_t h = pw_hash64(b.data, b.len);
    al->emitted_hash = h;
    free(al->last_json);
    if (!(al->last_json = strdup(b.data))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    c->st.alerts++;
    if (remember(c, h)) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    rc = 0;
    /* the sinks append this text rather than dump the record again (it was two to three dumps per alert, a
     * quarter of a 100-host evaluation); cleared before a is touched again */
    a->json = b.data;
    a->json_len = b.len;
    if (!suppressed(c, h) && fn) rc = fn(a, ud);
    a->json = NULL;
    a->json_len = 0;
    if (rc) pw_error_set(err, PW_ERR_IO, "alert %s: output failed", al->id);
out:
    pw_buf_free(&b);
    return rc;
}

static void sig_hex(const pw_corr *c, uint32_t sig, char out[17]) { pw_hash_hex(c->sigs[sig].id, out); }

static json_t *evidence_for(const pw_corr *c, uint32_t sig, const uint32_t *hosts, uint32_t nhosts)
{
    json_t *ev = json_array();
    const json_t *samples = c->sigs[sig].samples;
    size_t i;
    json_t *sm;
    /* samples from affected hosts first, then the rest */
    for (int pass = 0; pass < 2; pass++) {
        json_array_foreach(samples, i, sm)
        {
            if (json_array_size(ev) >= ALERT_MAX_EVIDENCE) break;
            const char *host = json_string_value(json_object_get(sm, "host"));
            bool affected = false;
            for (uint32_t k = 0; host && k < nhosts && !affected; k++)
                affected = strcmp(c->hosts[hosts[k]].name, host) == 0;
            if (affected == (pass == 0)) json_array_append(ev, json_object_get(sm, "event"));
        }
    }
    return ev;
}

static void describe_symptom(const pw_corr *c, uint32_t sig, char *out, size_t cap)
{
    const corr_sig *s = &c->sigs[sig];
    char hex[17];
    sig_hex(c, sig, hex);
    if (s->code) snprintf(out, cap, "%s", s->code);
    else snprintf(out, cap, "signature %.8s", hex);
}

/* "; a fix (KB2) is announced: 3 of 5 hosts with KB1 do not have it, install it" when a fix update is announced
 * for the patch and some hosts with it lack it (nothing otherwise). */
static void fix_note(const corr_fix *f, const char *pid, char *out, size_t cap)
{
    char kbs[96];
    out[0] = '\0';
    if (f->done || !f->kbs.n || f->lacking <= 0) return;
    corr_fix_list(f, kbs, sizeof kbs);
    snprintf(out, cap, "; a fix (%s) is announced: %lld of %lld host%s with %s do%s not have it, install it", kbs,
             (long long)f->lacking, (long long)f->with, f->with == 1 ? "" : "s", pid, f->lacking == 1 ? "es" : "");
}

int corr_alert_regression(pw_corr *c, corr_cand *cd, uint32_t H, pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    const corr_patch *p = &c->patches[cd->patch];
    const corr_result *r = &cd->res;
    char hex[17], key[PW_PATCH_ID_MAX + 64];
    sig_hex(c, cd->sig, hex);
    snprintf(key, sizeof key, "regression|%s|%s", p->id, hex);
    corr_alert *al = alert_get(c, key, cd->patch, cd->sig, 0);
    if (!al) return pw_error_set(err, PW_ERR_NOMEM, "out of memory for an alert");
    pw_strlist advs = {0};
    corr_linked_advisories(c, cd->patch, CORR_NONE, H, &advs);
    bool symptom_linked = corr_linked_advisories(c, cd->patch, cd->sig, H, NULL) > 0;
    const char *kind = symptom_linked ? "advisory-match" : "regression";
    int status = al->status;
    corr_fix fx;
    if (corr_fix_state(c, p->id, (int64_t)H * CORR_HOUR_US, &fx)) goto nomem;
    if (status == CORR_ST_RESOLVED && fx.done) {
        /* resolved by the vendor's "resolved", a fix with nothing to install, or an announced fix installed on
         * every host with the patch: more affected hosts do not reopen it (they did, and the same advisory
         * resolved it again in the same hour, telling people each time: 18 notifications for one bad patch in
         * a fresh draw). An announced fix that hosts lack resolves nothing, so it cannot hold a reopening. */
        cd->alerted = true;
        corr_fix_free(&fx);
        pw_strlist_free(&advs);
        return 0;
    }
    if (status == CORR_ST_NONE || status == CORR_ST_WITHDRAWN) status = CORR_ST_OPEN; /* (re)opened */
    else if (r->a > al->last_affected ||
             (al->status != CORR_ST_RESOLVED && (advs.n != al->last_nadv || strcmp(kind, al->last_kind) != 0)))
        status = CORR_ST_UPDATED; /* a resolved alert reopens only for newly affected hosts */
    else {
        corr_fix_free(&fx);
        pw_strlist_free(&advs);
        return 0; /* nothing new to say */
    }
    if (!cd->alerted || status == CORR_ST_OPEN) cd->alerted_hour = H;
    cd->alerted = true;
    al->status = status;
    al->last_affected = r->a;
    al->last_total = r->treated_total;
    al->last_nadv = advs.n;
    if (set_str(&al->last_kind, kind)) goto nomem;
    if (al->first_seen == PW_TS_NONE) al->first_seen = (int64_t)r->first_onset * CORR_HOUR_US;

    uint32_t naff = 0;
    if (corr_affected_hosts(c, cd->patch, cd->sig, H, r->group[0] ? r->group : NULL, &naff)) goto nomem;
    pw_alert a;
    pw_alert_init(&a);
    a.ts = (int64_t)H * CORR_HOUR_US;
    char stat[64], sym[48], rec[1536], ring[48], grp[96], fixed[256];
    fix_note(&fx, p->id, fixed, sizeof fixed);
    if (r->corroborated) /* a report's prior and the casualties' recurrence, not a rate test (cohort.c) */
        snprintf(stat, sizeof stat, "report_corroborated_%g_window_%uh", r->confidence * 100.0, r->window);
    else
        snprintf(stat, sizeof stat, "rate_ratio_lower_%g_window_%uh", r->confidence * 100.0, r->window);
    describe_symptom(c, cd->sig, sym, sizeof sym);
    if (r->next_ring >= 0) snprintf(ring, sizeof ring, "hold ring %d of %s", r->next_ring, p->id);
    else snprintf(ring, sizeof ring, "hold further rollout of %s", p->id);
    snprintf(grp, sizeof grp, "%s%s", r->group[0] ? r->group : "", r->group[0] ? " hosts" : "hosts");
    /* name the comparison actually made: unpatched peers over the same days when there are any, otherwise the
     * patched hosts' own hours before their install */
    char versus[96];
    if (r->control_total > 0)
        snprintf(versus, sizeof versus, "vs %lld/%lld unpatched peers over the same days", (long long)r->c,
                 (long long)r->control_total);
    else
        snprintf(versus, sizeof versus, "after the install vs their own history before it (no unpatched peers)");
    char corro[320] = "";
    if (r->corroborated && r->corr_adv >= 0 && (size_t)r->corr_adv < c->nadvs) {
        /* what the alert rests on: the report that names both, and the casualties that kept failing */
        const pw_advisory *ra = &c->advs[r->corr_adv].a;
        if (r->corr_foretold)
            snprintf(corro, sizeof corro, "; %s (%.120s) named %s and this symptom before it appeared, and %u patched "
                     "host%s then showed it (%u hours), a symptom new to the fleet that no unpatched host has shown",
                     ra->id ? ra->id : "a report", ra->title ? ra->title : "", p->id, r->corr_hosts,
                     r->corr_hosts == 1 ? "" : "s", r->corr_hours);
        else
            snprintf(corro, sizeof corro, "; %s (%.120s) names %s and this symptom, and %u patched host%s kept failing "
                     "with it for a day or more after the install (%u hours) while no unpatched host did",
                     ra->id ? ra->id : "a report", ra->title ? ra->title : "", p->id, r->corr_hosts,
                     r->corr_hosts == 1 ? "" : "s", r->corr_hours);
    }
    snprintf(rec, sizeof rec, "%s; %lld/%lld patched %s show %s %s (rate ratio >= %.1f at %.4g%%%s)%s%s", ring,
             (long long)r->a, (long long)r->treated_total, grp, sym, versus, r->rr_lower, r->confidence * 100.0,
             symptom_linked ? "; the same symptom is reported for this update" : "", corro, fixed);
    if (set_str(&a.id, al->id) || set_str(&a.kind, kind) || set_str(&a.patch, p->id) || set_str(&a.signature, hex) ||
        set_str(&a.template_, c->sigs[cd->sig].tmpl) || set_str(&a.statistic, stat) ||
        set_str(&a.recommendation, rec) || set_str(&a.status, status_name(status)))
        goto nomem_a;
    a.patched_affected = r->a;
    a.patched_total = r->treated_total;
    a.unpatched_affected = r->c;
    a.unpatched_total = r->control_total;
    a.hosts_at_risk = r->at_risk;
    a.value = r->rr_lower;
    a.threshold = r->threshold;
    a.first_seen = al->first_seen;
    for (uint32_t i = 0; i < naff && i < ALERT_MAX_HOSTS; i++)
        if (pw_strlist_add(&a.hosts, c->hosts[c->scratch_hosts[i]].name)) goto nomem_a;
    a.evidence = evidence_for(c, cd->sig, c->scratch_hosts, naff);
    for (size_t i = 0; i < advs.n; i++)
        if (pw_strlist_add(&a.advisories, advs.v[i]) || pw_strlist_add_unique(&al->advisories, advs.v[i]))
            goto nomem_a;
    int rc = emit(c, al, &a, fn, ud, err);
    pw_alert_free(&a);
    corr_fix_free(&fx);
    pw_strlist_free(&advs);
    return rc;
nomem_a:
    pw_alert_free(&a);
nomem:
    corr_fix_free(&fx);
    pw_strlist_free(&advs);
    return pw_error_set(err, PW_ERR_NOMEM, "out of memory building an alert");
}

/* The open alert of cd, NULL when there is none. */
static corr_alert *open_alert_of(pw_corr *c, const corr_cand *cd, char hex[17])
{
    const corr_patch *p = &c->patches[cd->patch];
    char key[PW_PATCH_ID_MAX + 64];
    sig_hex(c, cd->sig, hex);
    snprintf(key, sizeof key, "regression|%s|%s", p->id, hex);
    uint64_t h = pw_hash64(key, strlen(key));
    uint32_t idx;
    if (!corr_map_get(&c->alert_map, h, &idx)) return NULL;
    corr_alert *al = &c->alerts[idx];
    return al->status == CORR_ST_OPEN || al->status == CORR_ST_UPDATED ? al : NULL;
}

static int withdraw_emit(pw_corr *c, corr_cand *cd, corr_alert *al, const char *hex, const char *reason,
                         const char *by, const char *statistic, double value, double threshold, uint32_t H,
                         pw_corr_alert_fn fn, void *ud, pw_error *err);

int corr_alert_withdraw_incident(pw_corr *c, corr_cand *cd, const corr_result *r, uint32_t H, pw_corr_alert_fn fn,
                                 void *ud, pw_error *err)
{
    char hex[17], sym[48], reason[512];
    corr_alert *al = open_alert_of(c, cd, hex);
    if (!al) return 0;
    /* A report that blames this update for this very symptom is evidence the incident's day strata cannot
     * weigh: the alert stays (open, to resolve when the vendor says so, the fix is installed or the symptom
     * stops). Withdrawn, the update's alert left its casualties to whatever else was installed then, and an
     * innocent update was blamed (fresh2-07, while an announced but uninstalled fix kept the alert open). */
    if (corr_patch_blamed_for(c, cd->patch, cd->sig, H)) return 0;
    describe_symptom(c, cd->sig, sym, sizeof sym);
    snprintf(reason, sizeof reason,
             "a fleet-wide incident explains %s: %lld of the %lld patched hosts' onsets fell in hours when %lld "
             "unpatched hosts showed it too, far above its usual rate; compared within those hours, %s shows no "
             "excess (p = %.3g at a rate ratio of 1)",
             sym, (long long)r->inc_a, (long long)r->a, (long long)r->inc_c, c->patches[cd->patch].id, r->rr_strat);
    return withdraw_emit(c, cd, al, hex, reason, NULL, "incident_strata", r->rr_strat, 1.0 - c->cfg.guard_confidence,
                         H, fn, ud, err);
}

/* A withdrawal for another update on the same hosts, for one of blame()'s reasons (CORR_WHY_*): the joint model
 * prefers it (self, by: the two adjusted p-values), an issue report blames it while the data cannot tell the two
 * apart (the same p-values), or it alone explains the onsets clearly better (self, by: the two log-likelihood
 * gains as the only cause). */
static int withdraw_for(pw_corr *c, corr_cand *cd, const char *by, int why, double self, double other, uint32_t H,
                        pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    const corr_patch *p = &c->patches[cd->patch];
    char hex[17], sym[48], reason[512];
    corr_alert *al = open_alert_of(c, cd, hex);
    if (!al) return 0;
    describe_symptom(c, cd->sig, sym, sizeof sym);
    if (why == CORR_WHY_LIKELIHOOD) {
        double lr = isfinite(self) ? other - self : INFINITY;
        snprintf(reason, sizeof reason,
                 "%s on the same hosts explains %s better: its windows alone hold the onsets in less host-time than "
                 "%s's (joint Poisson model, log-likelihood ratio %.2f in favour of %s; neither is significant given "
                 "the other)",
                 by, sym, p->id, lr, by);
        return withdraw_emit(c, cd, al, hex, reason, by, "joint_likelihood_ratio", isfinite(lr) ? lr : 1e9,
                             PW_JOINT_PREFER, H, fn, ud, err);
    }
    if (why == CORR_WHY_SCOPE) {
        snprintf(reason, sizeof reason,
                 "%s went to the same hosts in the same sessions, so the fleet's data cannot tell the two apart for %s; "
                 "%s is a %s, which does not touch %s, and %s is named instead",
                 by, sym, p->id, corr_scope_what(c->scopes, p->scope) ? corr_scope_what(c->scopes, p->scope) : "narrow update",
                 c->sigs[cd->sig].provider ? c->sigs[cd->sig].provider : "this component", by);
        return withdraw_emit(c, cd, al, hex, reason, by, "update_scope", 0.0, 0.0, H, fn, ud, err);
    }
    if (why == CORR_WHY_REPORT)
        snprintf(reason, sizeof reason,
                 "an issue report blames %s, and for %s the fleet's data cannot tell %s from %s (installed on the "
                 "same hosts; joint Poisson model, likelihood-ratio p = %.3g for %s, %.3g for %s, neither chosen)",
                 by, sym, p->id, by, self, p->id, other, by);
    else
        snprintf(reason, sizeof reason,
                 "%s on the same hosts explains %s: adjusted for it, %s adds nothing of its own (no significant "
                 "excess, or none outside %s's windows; joint Poisson model, likelihood-ratio p = %.3g for %s, "
                 "%.3g for %s)",
                 by, sym, p->id, by, self, p->id, other, by);
    return withdraw_emit(c, cd, al, hex, reason, by, why == CORR_WHY_REPORT ? "advisory_match" : "joint_lrt_p", self,
                         CORR_JOINT_ALPHA, H, fn, ud, err);
}

int corr_alert_withdraw(pw_corr *c, corr_cand *cd, const char *by, double p_self, double p_by, uint32_t H,
                        pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    return withdraw_for(c, cd, by, CORR_WHY_JOINT, p_self, p_by, H, fn, ud, err);
}

int corr_alert_withdraw_likelihood(pw_corr *c, corr_cand *cd, const char *by, double g_self, double g_by, uint32_t H,
                                   pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    return withdraw_for(c, cd, by, CORR_WHY_LIKELIHOOD, g_self, g_by, H, fn, ud, err);
}

int corr_alert_withdraw_scope(pw_corr *c, corr_cand *cd, const char *by, uint32_t H, pw_corr_alert_fn fn, void *ud,
                              pw_error *err)
{
    return withdraw_for(c, cd, by, CORR_WHY_SCOPE, 0.0, 0.0, H, fn, ud, err);
}

int corr_alert_withdraw_report(pw_corr *c, corr_cand *cd, const char *by, double p_self, double p_by, uint32_t H,
                               pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    return withdraw_for(c, cd, by, CORR_WHY_REPORT, p_self, p_by, H, fn, ud, err);
}

static int withdraw_emit(pw_corr *c, corr_cand *cd, corr_alert *al, const char *hex, const char *reason,
                         const char *by, const char *statistic, double value, double threshold, uint32_t H,
                         pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    const corr_patch *p = &c->patches[cd->patch];
    al->status = CORR_ST_WITHDRAWN;
    cd->alerted = false;
    cd->withdrawn = true;
    pw_alert a;
    pw_alert_init(&a);
    char rec[640];
    snprintf(rec, sizeof rec, "withdrawn: %s; no action needed for %s", reason, p->id);
    a.ts = (int64_t)H * CORR_HOUR_US;
    int bad = set_str(&a.id, al->id) || set_str(&a.kind, al->last_kind ? al->last_kind : "regression") ||
              set_str(&a.patch, p->id) || set_str(&a.signature, hex) || set_str(&a.template_, c->sigs[cd->sig].tmpl) ||
              set_str(&a.statistic, statistic) || set_str(&a.recommendation, rec) ||
              set_str(&a.status, "withdrawn") || set_str(&a.reason, reason) || (by && set_str(&a.explained_by, by));
    a.value = value;
    a.threshold = threshold;
    a.patched_affected = al->last_affected;
    a.patched_total = al->last_total;
    a.first_seen = al->first_seen;
    a.evidence = json_array();
    for (size_t j = 0; !bad && j < al->advisories.n; j++) bad = pw_strlist_add(&a.advisories, al->advisories.v[j]);
    if (bad) {
        pw_alert_free(&a);
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory withdrawing an alert");
    }
    int rc = emit(c, al, &a, fn, ud, err);
    pw_alert_free(&a);
    return rc;
}

/* Hosts on which the patch is installed (before H) or pending per the inventory or the events, and that have
 * none of the fix updates announced for it (fx) installed: the hosts at risk. */
static int hosts_for_patch(pw_corr *c, const char *pid, uint32_t H, const corr_fix *fx, pw_strlist *hosts,
                           int64_t *installed, int64_t *pending)
{
    uint32_t pi;
    int64_t limit = (int64_t)H * CORR_HOUR_US;
    *installed = *pending = 0;
    bool known = corr_patch_find(c, pid, &pi) == 0;
    for (uint32_t h = 0; h < c->nhosts; h++) {
        bool inst = known && c->patches[pi].host_ts[h] != INT64_MAX && c->patches[pi].host_ts[h] < limit;
        bool pend = !inst && pw_strlist_has(&c->hosts[h].pending, pid);
        if ((!inst && !pend) || corr_fix_covers(c, fx, h, limit)) continue;
        if (inst) (*installed)++;
        else (*pending)++;
        if (hosts->n < ALERT_MAX_HOSTS && pw_strlist_add(hosts, c->hosts[h].name)) return -1;
    }
    return 0;
}

/* One early warning (or its update) for patch `pid` from advisory `ad`: an issue report that blames it, or a
 * fix announcement that names it broken and offers a fix update some hosts with it do not have. Either way the
 * warning names pid only; an announced fix is said as what to install on the hosts that lack it, and only those
 * are at risk. A report that predates every install finds no host here and is tried again every hour, so it
 * warns at the first install. */
static int early_one(pw_corr *c, const corr_adv *ad, const char *pid, uint32_t H, pw_corr_alert_fn fn, void *ud,
                     pw_error *err)
{
    int64_t limit = (int64_t)H * CORR_HOUR_US;
    char key[PW_PATCH_ID_MAX + 32];
    snprintf(key, sizeof key, "early-warning|%s", pid);
    uint64_t h = pw_hash64(key, strlen(key));
    uint32_t idx;
    int rc = 0;
    corr_alert *al = corr_map_get(&c->alert_map, h, &idx) ? &c->alerts[idx] : NULL;
    if (al && pw_strlist_has(&al->advisories, ad->a.id ? ad->a.id : ""))
        return 0; /* already told (and perhaps resolved since) */
    pw_strlist hosts = {0};
    corr_fix fx;
    if (corr_fix_state(c, pid, limit, &fx)) goto nomem;
    if (fx.done) goto out; /* resolved: the vendor says so, or every host with it has the fix */
    int64_t installed, pending;
    if (hosts_for_patch(c, pid, H, &fx, &hosts, &installed, &pending)) goto nomem;
    if (installed + pending == 0) goto out; /* nothing in the fleet has it (without the fix) yet: wait */
    uint32_t pi;
    if (!al) al = alert_get(c, key, corr_patch_find(c, pid, &pi) == 0 ? pi : CORR_NONE, CORR_NONE, 1);
    if (!al || (ad->a.id && pw_strlist_add_unique(&al->advisories, ad->a.id))) goto nomem;
    int status = al->status == CORR_ST_NONE || al->status == CORR_ST_RESOLVED || al->status == CORR_ST_WITHDRAWN
                     ? CORR_ST_OPEN
                     : CORR_ST_UPDATED;
    al->status = status;
    if (al->first_seen == PW_TS_NONE) al->first_seen = ad->ts;
    pw_alert a;
    pw_alert_init(&a);
    char rec[768], inst[64] = "", pend[64] = "", fixed[256];
    if (installed)
        snprintf(inst, sizeof inst, "installed on %lld (watch %s)", (long long)installed, installed == 1 ? "it" : "them");
    if (pending)
        snprintf(pend, sizeof pend, "%spending on %lld (hold %s)", installed ? ", " : "", (long long)pending,
                 pending == 1 ? "it" : "them");
    fix_note(&fx, pid, fixed, sizeof fixed);
    snprintf(rec, sizeof rec, "%s has a reported issue (%s: %.160s)%s; %lld host%s at risk: %s%s", pid,
             ad->a.source ? ad->a.source : "advisory", ad->a.title ? ad->a.title : "", fixed,
             (long long)(installed + pending), installed + pending == 1 ? "" : "s", inst, pend);
    a.ts = limit;
    int bad = set_str(&a.id, al->id) || set_str(&a.kind, "early-warning") || set_str(&a.patch, pid) ||
              set_str(&a.statistic, "advisory") || set_str(&a.recommendation, rec) ||
              set_str(&a.status, status_name(status));
    a.patched_total = installed;
    a.hosts_at_risk = installed + pending;
    a.first_seen = al->first_seen;
    a.hosts = hosts;
    hosts = (pw_strlist){0};
    a.evidence = json_array();
    for (size_t j = 0; !bad && j < al->advisories.n; j++) bad = pw_strlist_add(&a.advisories, al->advisories.v[j]);
    if (bad) {
        pw_alert_free(&a);
        goto nomem;
    }
    rc = emit(c, al, &a, fn, ud, err) ? -1 : 0;
    pw_alert_free(&a);
out:
    corr_fix_free(&fx);
    pw_strlist_free(&hosts);
    return rc;
nomem:
    corr_fix_free(&fx);
    pw_strlist_free(&hosts);
    return pw_error_set(err, PW_ERR_NOMEM, "out of memory building an early warning");
}

/* The advisory listed by id, or NULL. */
static const corr_adv *adv_by_id(const pw_corr *c, const char *id)
{
    for (size_t i = 0; i < c->nadvs; i++)
        if (c->advs[i].a.id && strcmp(c->advs[i].a.id, id) == 0) return &c->advs[i];
    return NULL;
}

/* The early warning about kb, open or updated, is withdrawn once `by` offers kb as the fix of another update
 * that every report the warning rests on also blames (corr_adv_fix_elsewhere): it named the fix. A warning that
 * also rests on a report blaming kb on its own stays. */
static int early_withdraw_fix(pw_corr *c, const char *kb, const corr_adv *by, const char *culprit, uint32_t H,
                              pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    int64_t limit = (int64_t)H * CORR_HOUR_US;
    char key[PW_PATCH_ID_MAX + 32];
    snprintf(key, sizeof key, "early-warning|%s", kb);
    uint32_t idx;
    if (!corr_map_get(&c->alert_map, pw_hash64(key, strlen(key)), &idx)) return 0;
    corr_alert *al = &c->alerts[idx];
    if (al->status != CORR_ST_OPEN && al->status != CORR_ST_UPDATED) return 0;
    for (size_t j = 0; j < al->advisories.n; j++) {
        const corr_adv *ad = adv_by_id(c, al->advisories.v[j]);
        if (!ad || !corr_adv_fix_elsewhere(c, ad, kb, limit, NULL)) return 0;
    }
    al->status = CORR_ST_WITHDRAWN;
    pw_alert a;
    pw_alert_init(&a);
    char reason[384], rec[512];
    snprintf(reason, sizeof reason, "%s is the fix for %s (%s: %.160s), not a culprit", kb, culprit,
             by->a.source ? by->a.source : "advisory", by->a.title ? by->a.title : "");
    snprintf(rec, sizeof rec, "withdrawn: %s; no action needed for %s", reason, kb);
    a.ts = limit;
    int bad = set_str(&a.id, al->id) || set_str(&a.kind, "early-warning") || set_str(&a.patch, kb) ||
              set_str(&a.statistic, "advisory") || set_str(&a.recommendation, rec) ||
              set_str(&a.status, "withdrawn") || set_str(&a.reason, reason) || set_str(&a.explained_by, culprit);
    a.first_seen = al->first_seen;
    a.evidence = json_array();
    for (size_t j = 0; !bad && j < al->advisories.n; j++) bad = pw_strlist_add(&a.advisories, al->advisories.v[j]);
    if (!bad && by->a.id) bad = pw_strlist_add(&a.advisories, by->a.id);
    if (bad) {
        pw_alert_free(&a);
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory withdrawing an early warning");
    }
    int rc = emit(c, al, &a, fn, ud, err);
    pw_alert_free(&a);
    return rc;
}

/* Early warnings: every issue report (corr_adv_is_issue) warns about each update it blames that is installed
 * or pending in the fleet: its KBs (kb_affected only, never kb_fix: corr_adv_warns_kb) and the Linux
 * package installs its packages name ("openssh 9.0p1" -> openssh-server=1:9.0p1-2), never a version it offers as
 * the fix ("openssh 9.8p1 should fix it", "downgrading to glibc 2.38-7 fixed it"), nor a KB another advisory
 * offers as the fix of an update the report also blames (corr_adv_fix_elsewhere; a warning raised before that
 * advisory came is withdrawn). A fix announcement (or the vendor's "resolved") that offers a fix update or
 * package version warns too, about the update it names broken, on the hosts that have that update and not the
 * fix: "KB1 breaks Hyper-V - KB2 fixes it?, not in our channel yet" is a first-hand failure of KB1 whatever its
 * class, and a fix nobody installed has fixed nothing. The package scan is O(advisories x patches) per hour; both
 * are small (hundreds), and only advisories with packages pay it. */
int corr_alert_early(pw_corr *c, uint32_t H, pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    int64_t limit = (int64_t)H * CORR_HOUR_US;
    for (size_t i = 0; i < c->nadvs; i++) {
        const corr_adv *ad = &c->advs[i];
        if (ad->ts > limit) continue;
        if (!ad->issue || ad->resolved) {
            bool package_fix = pw_advisory_has_package_fix(&ad->a);
            if (ad->a.kb_fix.n == 0 && !package_fix) continue; /* nothing to install: it resolves, it does not warn */
            for (size_t k = 0; k < ad->a.kb.n && ad->a.kb_fix.n > 0; k++)
                if (corr_adv_tells_fixed(ad, ad->a.kb.v[k]) && early_one(c, ad, ad->a.kb.v[k], H, fn, ud, err))
                    return -1;
            for (size_t p = 0; package_fix && p < c->npatches; p++) { /* "openssh 9.1p1 fixes the crash of 9.0p1" */
                const char *pid = c->patches[p].id;
                if (strchr(pid, '=') && corr_adv_tells_fixed(ad, pid) && early_one(c, ad, pid, H, fn, ud, err))
                    return -1;
            }
            continue;
        }
        for (size_t k = 0; k < ad->a.kb.n; k++) {
            const char *kb = ad->a.kb.v[k];
            if (!corr_adv_warns_kb(&ad->a, kb)) continue;
            const char *culprit = NULL;
            const corr_adv *by = corr_adv_fix_elsewhere(c, ad, kb, limit, &culprit);
            if (by ? early_withdraw_fix(c, kb, by, culprit, H, fn, ud, err) : early_one(c, ad, kb, H, fn, ud, err))
                return -1;
        }
        if (!ad->a.packages || json_array_size(ad->a.packages) == 0) continue;
        for (size_t p = 0; p < c->npatches; p++) {
            const char *pid = c->patches[p].id;
            if (strchr(pid, '=') && pw_advisory_blames_package(&ad->a, pid) && early_one(c, ad, pid, H, fn, ud, err))
                return -1;
        }
    }
    return 0;
}

/* Why fx resolves the patch, for the resolution's text. */
static void resolved_why(const corr_fix *fx, const char *pid, char *why, size_t cap)
{
    if (fx->done != fx->announced) { /* resolved with nothing to install */
        snprintf(why, cap, "%s", fx->done->resolved ? "the vendor reports the issue resolved"
                                                    : "a fix is announced that needs no update installed");
        return;
    }
    char kbs[96];
    corr_fix_list(fx, kbs, sizeof kbs);
    snprintf(why, cap, "the announced fix (%s) is installed on all %lld host%s with %s", kbs, (long long)fx->with,
             fx->with == 1 ? "" : "s", pid);
}

int corr_alert_resolve_pass(pw_corr *c, uint32_t H, pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    int64_t limit = (int64_t)H * CORR_HOUR_US;
    for (size_t i = 0; i < c->nalerts; i++) {
        corr_alert *al = &c->alerts[i];
        if (al->status == CORR_ST_NONE || al->status == CORR_ST_RESOLVED || al->status == CORR_ST_WITHDRAWN ||
            al->patch == CORR_NONE)
            continue;
        const corr_patch *p = &c->patches[al->patch];
        corr_fix fx;
        if (corr_fix_state(c, p->id, limit, &fx)) goto nomem;
        const char *adv_id = fx.done ? fx.done->a.id : NULL;
        bool resolved = fx.done != NULL;
        char why[256];
        if (resolved) resolved_why(&fx, p->id, why, sizeof why);
        corr_fix_free(&fx);
        if (!resolved && !al->early) {
            uint32_t n, last = 0;
            if (corr_affected_hosts(c, al->patch, al->sig, H, NULL, &n)) goto nomem;
            for (uint32_t k = 0; k < n; k++) {
                uint32_t pi;
                uint64_t key = (uint64_t)c->scratch_hosts[k] << 32 | al->sig;
                if (!corr_map_get(&c->pair_map, key, &pi)) continue;
                uint32_t l = corr_pair_last_before(&c->pairs[pi], H - 1);
                if (l != CORR_NONE && l > last) last = l;
                if (H <= last + (uint32_t)c->cfg.resolve_quiet_hours) break; /* not quiet: the rest cannot change that */
            }
            resolved = n > 0 && H > last + (uint32_t)c->cfg.resolve_quiet_hours;
            snprintf(why, sizeof why, "the signature stopped on the affected hosts");
        }
        if (!resolved) continue;
        al->status = CORR_ST_RESOLVED;
        if (adv_id && pw_strlist_add_unique(&al->advisories, adv_id)) goto nomem;
        pw_alert a;
        pw_alert_init(&a);
        char hex[17] = "", rec[512];
        if (al->sig != CORR_NONE) sig_hex(c, al->sig, hex);
        snprintf(rec, sizeof rec, "resolved: %s (%s)", why, p->id);
        a.ts = limit;
        int bad = set_str(&a.id, al->id) || set_str(&a.kind, al->early ? "early-warning" : al->last_kind) ||
                  set_str(&a.patch, p->id) || set_str(&a.signature, al->sig != CORR_NONE ? hex : NULL) ||
                  set_str(&a.template_, al->sig != CORR_NONE ? c->sigs[al->sig].tmpl : NULL) ||
                  set_str(&a.statistic, al->early ? "advisory" : "rate_ratio_lower") ||
                  set_str(&a.recommendation, rec) || set_str(&a.status, "resolved");
        a.patched_affected = al->last_affected;
        a.patched_total = al->last_total;
        a.first_seen = al->first_seen;
        a.evidence = json_array();
        for (size_t j = 0; !bad && j < al->advisories.n; j++) bad = pw_strlist_add(&a.advisories, al->advisories.v[j]);
        if (bad) {
            pw_alert_free(&a);
            goto nomem;
        }
        int rc = emit(c, al, &a, fn, ud, err);
        pw_alert_free(&a);
        if (rc) return -1;
    }
    return 0;
nomem:
    return pw_error_set(err, PW_ERR_NOMEM, "out of memory resolving alerts");
}
