/* cohort: the decision. For patch P and signature S at an hour boundary H, hosts that installed P are
 * treated from their own install time (plus the reboot grace) for window_hours; hosts that had not installed
 * P are control over the same calendar time. Both arms only count host-time with baseline_hours of history
 * behind it, and onsets (cohort_store.c) are already differenced against the host's own past, so what is
 * compared is "new on patched hosts after their install" against "new on unpatched hosts meanwhile", day by
 * day (cohort_stats.h). That is a host-level difference in differences with calendar strata.
 *
 * Blame: a patch installed on every host again and again (Defender definitions, KB2267602) has no control
 * and is never a candidate. When two patches both pass for the same signature, each is re-tested with the
 * other's influence removed: treated time ends when a competing patch is installed after it (the onset then
 * belongs to the later install, the one that precedes it), control time ends at any competing install.
 * What survives is blamed; if nothing survives (installed together, inseparable) the stronger one is.
 *
 * Cost per evaluation of a pair: O(hosts + hours) for exposure (difference arrays over hours), plus the
 * signature's onsets. Pairs are re-evaluated when their treated onset count changes and once a day. */
#include <stdlib.h>
#include <string.h>

#include "correlate/cohort_model.h"
#include "correlate/cohort_stats.h"

#define COHORT_MAX_DAYS 400u /* strata kept: a patch watched for more than a year starts from the recent part */

static uint32_t hour_of(int64_t us) { return us < 0 ? 0 : (uint32_t)(us / CORR_HOUR_US); }

static int scratch_days(pw_corr *c, uint32_t n)
{
    if (n <= c->days_cap) return 0;
    double *d1 = realloc(c->days1, n * sizeof *d1);
    if (d1) c->days1 = d1;
    double *d0 = realloc(c->days0, n * sizeof *d0);
    if (d0) c->days0 = d0;
    int64_t *da = realloc(c->days_a, n * sizeof *da);
    if (da) c->days_a = da;
    int64_t *dc = realloc(c->days_c, n * sizeof *dc);
    if (dc) c->days_c = dc;
    if (!d1 || !d0 || !da || !dc) return -1;
    c->days_cap = n;
    return 0;
}

/* The population a patch is judged in: hosts of its platform (a Windows server cannot show a Linux
 * symptom, so counting it as control would make every Linux signature look patch-related), narrowed to
 * one inventory role when role is set. */
static bool in_group_p(const pw_corr *c, const corr_patch *p, uint32_t h, const char *role)
{
    const corr_host *ho = &c->hosts[h];
    if (ho->platform && p->platform && !(ho->platform & p->platform)) return false;
    return !role || (ho->role && strcmp(ho->role, role) == 0);
}

/* The host's treated [ts, te) and control [cs, ce) hour intervals for patch p at H (empty when s >= e). */
typedef struct arms {
    uint32_t ts, te, cs, ce;
    bool installed;
} arms;

static void host_arms(const pw_corr *c, const corr_patch *p, uint32_t h, uint32_t H, const uint32_t *clip,
                      size_t nclip, uint32_t h0, arms *a)
{
    const corr_host *ho = &c->hosts[h];
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, W = (uint32_t)c->cfg.window_hours;
    uint32_t start = ho->first_hour == CORR_NONE ? H : ho->first_hour + (uint32_t)c->cfg.baseline_hours;
    (void)h0;
    uint32_t end = ho->last_hour + 1 < H ? ho->last_hour + 1 : H;
    int64_t t = p->host_ts[h];
    a->installed = t != INT64_MAX && hour_of(t) < H;
    uint32_t th = a->installed ? hour_of(t) : H;
    uint32_t clip_after = UINT32_MAX, clip_any = UINT32_MAX;
    for (size_t i = 0; i < nclip; i++) {
        int64_t tq = c->patches[clip[i]].host_ts[h];
        if (tq == INT64_MAX) continue;
        uint32_t qh = hour_of(tq);
        if (qh < clip_any) clip_any = qh;
        if (a->installed && qh >= th && qh < clip_after) clip_after = qh;
    }
    a->ts = a->te = a->cs = a->ce = 0;
    if (a->installed) {
        a->ts = th + g > start ? th + g : start;
        a->te = th + W + 1 < end ? th + W + 1 : end;
        if (clip_after < a->te) a->te = clip_after;
    }
    a->cs = start;
    a->ce = th < end ? th : end;
    if (clip_any < a->ce) a->ce = clip_any;
}

/* Adds [s, e) hours to the per-day exposure of one arm (days counted from day0). */
static void add_exposure(double *days, uint32_t s, uint32_t e, uint32_t day0)
{
    while (s < e) {
        uint32_t d = s / 24, dend = (d + 1) * 24;
        uint32_t upto = dend < e ? dend : e;
        if (d >= day0) days[d - day0] += (double)(upto - s);
        s = upto;
    }
}

int corr_eval_pair(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, const uint32_t *clip, size_t nclip,
                   const char *role, corr_result *r)
{
    const corr_patch *p = &c->patches[patch];
    const corr_sig *s = &c->sigs[sig];
    memset(r, 0, sizeof *r);
    r->first_onset = CORR_NONE;
    r->next_ring = -1;
    if (role) snprintf(r->group, sizeof r->group, "%s", role);
    uint32_t h0 = hour_of(p->first_ts);
    if (h0 >= H) return 0;
    uint32_t day0 = h0 / 24, dayN = (H - 1) / 24;
    if (dayN - day0 + 1 > COHORT_MAX_DAYS) {
        day0 = dayN + 1 - COHORT_MAX_DAYS;
        h0 = day0 * 24;
    }
    uint32_t ndays = dayN - day0 + 1;
    if (scratch_days(c, ndays)) return -1;
    memset(c->days1, 0, ndays * sizeof(double));
    memset(c->days0, 0, ndays * sizeof(double));
    memset(c->days_a, 0, ndays * sizeof(int64_t));
    memset(c->days_c, 0, ndays * sizeof(int64_t));
    int min_ring = -1;
    double T1 = 0.0, T0 = 0.0;
    int64_t c_all = 0;
    for (uint32_t h = 0; h < c->nhosts; h++) {
        if (!in_group_p(c, p, h, role)) continue;
        arms a;
        host_arms(c, p, h, H, clip, nclip, h0, &a);
        if (a.installed) r->treated_total++;
        else {
            r->control_total++;
            int ring = c->hosts[h].ring;
            if (ring >= 0 && (min_ring < 0 || ring < min_ring)) min_ring = ring;
        }
        if (a.te > a.ts) T1 += (double)(a.te - a.ts);
        if (a.ce > a.cs) T0 += (double)(a.ce - a.cs);
        add_exposure(c->days1, a.ts > h0 ? a.ts : h0, a.te, day0);
        add_exposure(c->days0, a.cs > h0 ? a.cs : h0, a.ce, day0);
    }
    r->next_ring = min_ring;
    r->at_risk = r->control_total;
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (!pr->nonsets || !in_group_p(c, p, pr->host, role)) continue;
        arms a;
        host_arms(c, p, pr->host, H, clip, nclip, h0, &a);
        bool got_t = false, got_c = false;
        for (uint32_t k = 0; k < pr->nonsets; k++) {
            uint32_t o = pr->onsets[k];
            if (o >= H) break;
            if (!got_t && o >= a.ts && o < a.te) {
                got_t = true;
                if (o >= h0) c->days_a[o / 24 - day0]++;
                r->a++;
                if (o < r->first_onset) r->first_onset = o;
            } else if (o >= a.cs && o < a.ce) {
                c_all++; /* every onset of the unpatched time counts for the rate */
                if (o >= h0) {
                    c->days_c[o / 24 - day0]++;
                    if (!got_c) r->c++; /* hosts affected while unpatched since the rollout began */
                    got_c = true;
                }
            }
        }
    }
    pw_stratum st[COHORT_MAX_DAYS];
    for (uint32_t d = 0; d < ndays; d++)
        st[d] = (pw_stratum){c->days_a[d], c->days_c[d], c->days1[d], c->days0[d]};
    pw_stratum all = {r->a, c_all, T1, T0};
    pw_strlist adv = {0};
    r->linked = corr_linked_advisories(c, patch, sig, H, &adv) > 0;
    pw_strlist_free(&adv);
    r->confidence = r->linked ? c->cfg.linked_confidence : c->cfg.confidence;
    r->threshold = r->linked ? c->cfg.linked_min_rate_ratio : c->cfg.min_rate_ratio;
    /* The bound uses all unpatched host-time (the fleet's own history included: a signature never seen
     * before the patch is strong evidence); the day-stratified estimate guards against a fleet-wide
     * incident, which raises patched and unpatched hosts alike on the same days. */
    r->rr_lower = pw_cohort_rr_lower(&all, 1, r->confidence);
    r->rr_mh = pw_cohort_rr_mh(st, ndays);
    r->pass = r->a >= c->cfg.min_hosts && r->rr_lower >= r->threshold && r->rr_mh >= r->threshold;
    return 0;
}

int corr_affected_hosts(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, const char *role, uint32_t *n)
{
    const corr_patch *p = &c->patches[patch];
    const corr_sig *s = &c->sigs[sig];
    *n = 0;
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (!pr->nonsets || !in_group_p(c, p, pr->host, role)) continue;
        arms a;
        host_arms(c, p, pr->host, H, NULL, 0, hour_of(p->first_ts), &a);
        for (uint32_t k = 0; k < pr->nonsets && pr->onsets[k] < H; k++) {
            if (pr->onsets[k] >= a.ts && pr->onsets[k] < a.te) {
                if (*n >= c->scratch_cap) {
                    uint32_t ncap = c->scratch_cap ? c->scratch_cap * 2 : 64;
                    uint32_t *nv = realloc(c->scratch_hosts, ncap * sizeof *nv);
                    if (!nv) return -1;
                    c->scratch_hosts = nv;
                    c->scratch_cap = ncap;
                }
                c->scratch_hosts[(*n)++] = pr->host;
                break;
            }
        }
    }
    return 0;
}

static bool patch_recurring(const corr_patch *p) { return p->recurring > 0; }

static int cand_get(pw_corr *c, uint32_t patch, uint32_t sig, corr_cand **out)
{
    uint64_t key = (uint64_t)patch << 32 | sig;
    uint32_t idx;
    if (!corr_map_get(&c->cand_map, key, &idx)) {
        if (c->ncands == c->cands_cap) {
            uint32_t ncap = c->cands_cap ? c->cands_cap * 2 : 256;
            corr_cand *nv = realloc(c->cands, ncap * sizeof *nv);
            if (!nv) return -1;
            c->cands = nv;
            c->cands_cap = ncap;
        }
        idx = c->ncands++;
        memset(&c->cands[idx], 0, sizeof c->cands[idx]);
        c->cands[idx].patch = patch;
        c->cands[idx].sig = sig;
        c->cands[idx].last_eval = CORR_NONE;
        if (corr_map_put(&c->cand_map, key, idx)) return -1;
    }
    *out = &c->cands[idx];
    return 0;
}

/* Best of the fleet-wide test and, with an inventory, the per-role tests of the roles affected hosts have. */
static int eval_best(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, const uint32_t *clip, size_t nclip,
                     corr_result *best)
{
    if (corr_eval_pair(c, patch, sig, H, clip, nclip, NULL, best)) return -1;
    if (!c->have_inventory) return 0;
    uint32_t n;
    if (corr_affected_hosts(c, patch, sig, H, NULL, &n)) return -1;
    const char *roles[8];
    size_t nroles = 0;
    for (uint32_t i = 0; i < n && nroles < 8; i++) {
        const char *role = c->hosts[c->scratch_hosts[i]].role;
        bool seen = !role;
        for (size_t k = 0; k < nroles && !seen; k++) seen = strcmp(roles[k], role) == 0;
        if (!seen) roles[nroles++] = role;
    }
    for (size_t k = 0; k < nroles; k++) {
        corr_result r;
        if (corr_eval_pair(c, patch, sig, H, clip, nclip, roles[k], &r)) return -1;
        if (r.pass > best->pass || (r.pass == best->pass && r.rr_lower > best->rr_lower)) *best = r;
    }
    return 0;
}

/* Settles which of the patches that passed for one signature is to blame. Over the hosts where any of them
 * saw an onset, the cause is installed before the onset on every one of them (its symptom only follows it);
 * an innocent update rolling out in the same weeks precedes only some. Among patches that precede equally
 * often, the one installed last before the onset on most hosts is blamed (the onset follows it). */
static int blame(pw_corr *c, uint32_t sig, uint32_t H, const uint32_t *comp, uint32_t ncomp, corr_cand **cc,
                 bool *survive)
{
    uint32_t prec[64] = {0}, latest[64] = {0}, total = 0;
    const corr_sig *s = &c->sigs[sig];
    for (uint32_t k = 0; k < ncomp; k++) survive[k] = cc[k]->passing;
    if (ncomp < 2) return 0;
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (!pr->nonsets) continue;
        uint32_t u = CORR_NONE;
        for (uint32_t k = 0; k < ncomp; k++) {
            if (!cc[k]->passing) continue;
            const corr_patch *p = &c->patches[comp[k]];
            arms a;
            host_arms(c, p, pr->host, H, NULL, 0, hour_of(p->first_ts), &a);
            for (uint32_t j = 0; j < pr->nonsets && pr->onsets[j] < H; j++)
                if (pr->onsets[j] >= a.ts && pr->onsets[j] < a.te) {
                    if (pr->onsets[j] < u) u = pr->onsets[j];
                    break;
                }
        }
        if (u == CORR_NONE) continue;
        total++;
        int best = -1;
        int64_t best_ts = INT64_MIN;
        for (uint32_t k = 0; k < ncomp; k++) {
            if (!cc[k]->passing) continue;
            int64_t t = c->patches[comp[k]].host_ts[pr->host];
            if (t == INT64_MAX || hour_of(t) > u) continue;
            prec[k]++;
            if (t > best_ts) {
                best_ts = t;
                best = (int)k;
            }
        }
        if (best >= 0) latest[best]++;
    }
    uint32_t max_prec = 0, max_latest = 0;
    for (uint32_t k = 0; k < ncomp; k++)
        if (cc[k]->passing && prec[k] > max_prec) max_prec = prec[k];
    for (uint32_t k = 0; k < ncomp; k++)
        if (cc[k]->passing && prec[k] == max_prec && latest[k] > max_latest) max_latest = latest[k];
    for (uint32_t k = 0; k < ncomp; k++)
        survive[k] = cc[k]->passing && total > 0 && prec[k] == max_prec && latest[k] == max_latest;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int corr_evaluate(pw_corr *c, uint32_t H, pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    if (corr_refresh_onsets(c)) return pw_error_set(err, PW_ERR_NOMEM, "out of memory computing onsets");
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, W = (uint32_t)c->cfg.window_hours;
    uint32_t *touched = NULL, ntouched = 0, touched_cap = 0;
    uint32_t *dirty_sigs = NULL, ndirty = 0, dirty_cap = 0;
    int rc = -1;
    for (uint32_t pi = 0; pi < c->npatches; pi++) {
        corr_patch *p = &c->patches[pi];
        if (!p->nhosts || hour_of(p->first_ts) >= H || patch_recurring(p)) continue;
        if (H > hour_of(p->last_ts) + W + 2) continue; /* no treated window is open any more */
        /* treated onset hosts per signature, counting each host once */
        c->epoch++;
        ntouched = 0;
        for (uint32_t i = 0; i < p->nhosts; i++) {
            uint32_t h = p->hosts[i];
            uint32_t th = hour_of(p->host_ts[h]);
            if (th >= H) continue;
            const corr_host *ho = &c->hosts[h];
            for (uint32_t k = 0; k < ho->nonset_pairs; k++) {
                const corr_pair *pr = &c->pairs[ho->onset_pairs[k]];
                for (uint32_t j = 0; j < pr->nonsets; j++) {
                    uint32_t o = pr->onsets[j];
                    if (o >= H || o > th + W) break;
                    if (o < th + g) continue;
                    corr_sig *s = &c->sigs[pr->sig];
                    if (s->scratch_epoch != c->epoch) {
                        s->scratch_epoch = c->epoch;
                        s->scratch = 0;
                        if (ntouched == touched_cap) {
                            touched_cap = touched_cap ? touched_cap * 2 : 64;
                            uint32_t *nv = realloc(touched, touched_cap * sizeof *nv);
                            if (!nv) goto nomem;
                            touched = nv;
                        }
                        touched[ntouched++] = pr->sig;
                    }
                    s->scratch++;
                    break;
                }
            }
        }
        for (uint32_t i = 0; i < ntouched; i++) {
            uint32_t sig = touched[i];
            uint32_t a = c->sigs[sig].scratch;
            if (a < (uint32_t)c->cfg.min_hosts) continue;
            corr_cand *cd;
            if (cand_get(c, pi, sig, &cd)) goto nomem;
            bool due = a != cd->last_a || cd->last_eval == CORR_NONE || H - cd->last_eval >= 24;
            if (!due) continue;
            cd->last_a = a;
            cd->last_eval = H;
            if (eval_best(c, pi, sig, H, NULL, 0, &cd->res)) goto nomem;
            cd->passing = cd->res.pass;
            if (cd->passing || cd->alerted) {
                if (ndirty == dirty_cap) {
                    dirty_cap = dirty_cap ? dirty_cap * 2 : 64;
                    uint32_t *nv = realloc(dirty_sigs, dirty_cap * sizeof *nv);
                    if (!nv) goto nomem;
                    dirty_sigs = nv;
                }
                dirty_sigs[ndirty++] = sig;
            }
        }
    }
    /* blame: per signature with news, settle competing patches, then alert */
    if (ndirty) qsort(dirty_sigs, ndirty, sizeof *dirty_sigs, cmp_u32);
    for (uint32_t i = 0; i < ndirty; i++) {
        if (i > 0 && dirty_sigs[i] == dirty_sigs[i - 1]) continue;
        uint32_t sig = dirty_sigs[i];
        uint32_t comp[64], ncomp = 0;
        corr_cand *cc[64];
        for (uint32_t k = 0; k < c->ncands && ncomp < 64; k++) {
            corr_cand *cd = &c->cands[k];
            if (cd->sig != sig || !(cd->passing || cd->alerted)) continue;
            comp[ncomp] = cd->patch;
            cc[ncomp++] = cd;
        }
        bool survive[64];
        if (blame(c, sig, H, comp, ncomp, cc, survive)) goto nomem;
        for (uint32_t k = 0; k < ncomp; k++) {
            if (!survive[k] && !cc[k]->alerted) continue;
            if (corr_alert_regression(c, cc[k], H, fn, ud, err)) goto out;
        }
    }
    if (corr_alert_early(c, H, fn, ud, err) || corr_alert_resolve_pass(c, H, fn, ud, err)) goto out;
    rc = 0;
    goto out;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory evaluating patches at hour %u", H);
out:
    free(touched);
    free(dirty_sigs);
    return rc;
}
