/* cohort: the decision. For patch P and signature S at an hour boundary H, host-time is split by each host's
 * own install time: treated from the install (after the reboot grace) for a window w, control before the
 * install, after the window, and on hosts that never installed P. Onsets (cohort_store.c) are already
 * differenced against the host's own past, so the comparison is "new on hosts just patched" against "new on
 * hosts not just patched, over the fleet's history": a host-level difference in differences. Three windows are
 * scanned (fast and slow onsets), the confidence split over them; a day-ish (6-hour) stratified test guards
 * against fleet-wide incidents (docs/correlation.md has the whole argument).
 *
 * Blame: a patch installed on every host again and again (Defender definitions, KB2267602) is never a
 * candidate. When several patches pass for the same signature, forward selection in the joint model of
 * concurrent rollouts decides (blame()); when the data cannot choose, a report, then the order of
 * installation. A pass on recurrence alone (the single-host path) does not compete with a rate-test pass.
 *
 * Cost: exposure is O(hosts) per (patch, window, group) and hour, cached and shared by all signatures; a
 * signature's test is O(its hosts with onsets). Pairs are re-evaluated when their treated onset count
 * changes and once a day. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/cohort_model.h"
#include "correlate/cohort_stats.h"

#define COHORT_STRATUM_HOURS 6u /* calendar strata of the incident guard: shorter than an outage's onset spread
                                    (hours), long enough to hold a few onsets */
#define COHORT_INCIDENT_MIN 3    /* control onsets in one stratum before it can be an incident: two hosts are a
                                    coincidence the pooled test already prices */
#define COHORT_INCIDENT_P 1e-3   /* ... and that many must be this unlikely at the fleet's own rate */
#define COHORT_MAX_DAYS 2000u   /* strata kept (500 days); a patch watched longer starts from the recent part */

static uint32_t hour_of(int64_t us) { return us < 0 ? 0 : (uint32_t)(us / CORR_HOUR_US); }

/* The scratch arrays (and cand_inc's) grow by doubling: growing by the one new day at a time was a realloc
 * per test per day, a tenth of a small fleet's evaluation. */
static int scratch_days(pw_corr *c, uint32_t n)
{
    if (n <= c->days_cap) return 0;
    if (n < 2 * c->days_cap) n = 2 * c->days_cap;
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

/* A host's arms for patch p at H with a treated window of w hours: treated [ts, te) from its install (after
 * the reboot grace), control [cs, ce) before the install and [c2s, c2e) after the window has passed (a host
 * patched days ago is as good a control for a new onset within w hours of an install as an unpatched one; if
 * the patch's effect is slower, counting it there only makes the test more conservative; and it is what
 * keeps a fleet-wide incident late in a rollout, when few hosts are unpatched, from looking patch-related).
 * Hours inside the grace belong to neither arm. */
typedef struct arms {
    uint32_t ts, te, cs, ce, c2s, c2e;
    bool installed;
} arms;

static void host_arms(const pw_corr *c, const corr_patch *p, uint32_t h, uint32_t H, uint32_t w, arms *a)
{
    const corr_host *ho = &c->hosts[h];
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours;
    uint32_t start = ho->first_hour == CORR_NONE ? H : ho->first_hour + (uint32_t)c->cfg.baseline_hours;
    uint32_t end = ho->last_hour + 1 < H ? ho->last_hour + 1 : H;
    int64_t t = p->host_ts[h];
    a->installed = t != INT64_MAX && hour_of(t) < H;
    uint32_t th = a->installed ? hour_of(t) : H;
    memset(a, 0, offsetof(arms, installed));
    if (a->installed) {
        a->ts = th + g > start ? th + g : start;
        a->te = th + w + 1 < end ? th + w + 1 : end;
        a->c2s = th + w + 1 > start ? th + w + 1 : start;
        a->c2e = end;
    }
    a->cs = start;
    a->ce = th < end ? th : end;
}

static int scratch_strata(pw_corr *c, uint32_t n)
{
    if (n <= c->strata_cap) return 0;
    if (n < 2 * c->strata_cap) n = 2 * c->strata_cap;
    pw_stratum *ns = realloc(c->strata, n * sizeof *ns);
    if (!ns) return -1;
    c->strata = ns;
    c->strata_cap = n;
    return 0;
}

static bool in_arm(uint32_t o, uint32_t s, uint32_t e) { return o >= s && o < e; }

#define SH COHORT_STRATUM_HOURS

/* Adds [s, e) hours to the per-stratum exposure of one arm (strata counted from day0; earlier hours count
 * only in the total). */
static void add_exposure(double *days, double *total, uint32_t s, uint32_t e, uint32_t day0)
{
    if (e <= s) return;
    *total += (double)(e - s);
    if (s < day0 * SH) s = day0 * SH;
    while (s < e) {
        uint32_t d = s / SH, dend = (d + 1) * SH;
        uint32_t upto = dend < e ? dend : e;
        days[d - day0] += (double)(upto - s);
        s = upto;
    }
}

/* Exposure of one (patch, window, group) at hour H: independent of the signature, so shared by every
 * signature tested against the patch. Linear evaluation: each host's arms are fixed intervals of hours
 * (start of its history, its install, the grace and window ends, the end of its log), and an hour below H is
 * classified the same at every later H (an install at or after H leaves all earlier hours in control). So the
 * intervals' ends are sorted once into a list of boundaries and a sweep carries the number of hosts in each
 * arm forward from the last H asked to the next: O(boundaries crossed + strata crossed), never a rescan of
 * host-time. The list is rebuilt (O(hosts log hosts)) only when the facts behind it change: an install, a
 * host's first or last logged hour, its platform, the inventory (c->expo_gen). In replay all of these are
 * known before the first evaluation, so it is built once per (patch, window, group); a live correlator whose
 * hosts keep logging rebuilds it at each evaluated hour, which is still cheaper than what it replaced. */
#define EXPO_MAX_RING 64 /* rings beyond are not considered for "hold ring N" */

typedef struct expo_bound {
    uint32_t hour;
    int8_t dt, dc; /* change of the number of hosts in the treated / control arm */
} expo_bound;

typedef struct corr_expo {
    uint32_t patch, w, H, day0, ndays;
    uint32_t dcap;          /* length of d1/d0 (grown by doubling; ndays are in use) */
    const char *role;
    double T1, T0;
    double *d1, *d0;
    int64_t treated_total, control_total;
    int next_ring;
    /* the sweep */
    uint64_t gen;           /* c->expo_gen the boundaries were built from */
    bool built;
    expo_bound *b;
    size_t nb, ib;          /* boundaries, next one to cross */
    uint32_t *inst;         /* install hours of group hosts, sorted (with their rings in inst_ring) */
    int16_t *inst_ring;
    size_t ninst, iinst;
    int64_t group;          /* hosts in the group */
    int64_t ring_total[EXPO_MAX_RING], ring_inst[EXPO_MAX_RING];
    int64_t nt, nc;         /* hosts in the treated / control arm at the sweep position */
    uint32_t Hs;            /* exposure is accumulated for hours < Hs */
} corr_expo;

/* Sort keys (corr_sort_by_hour): the sweeps add up every boundary of one hour before moving on, so the
 * order within an hour does not matter. */
static uint32_t bound_hour(const void *a) { return ((const expo_bound *)a)->hour; }
static uint32_t inst_hour(const void *a) { return (uint32_t)(*(const uint64_t *)a >> 16); }

static int push_interval(expo_bound **v, size_t *n, size_t *cap, uint32_t s, uint32_t e, bool treated)
{
    if (e <= s) return 0;
    if (*n + 2 > *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        expo_bound *nv = realloc(*v, ncap * sizeof *nv);
        if (!nv) return -1;
        *v = nv;
        *cap = ncap;
    }
    (*v)[(*n)++] = (expo_bound){s, (int8_t)(treated ? 1 : 0), (int8_t)(treated ? 0 : 1)};
    (*v)[(*n)++] = (expo_bound){e, (int8_t)(treated ? -1 : 0), (int8_t)(treated ? 0 : -1)};
    return 0;
}

/* Builds the boundary list and the sorted installs of e's group from the current facts. */
static int expo_build(pw_corr *c, corr_expo *e)
{
    const corr_patch *p = &c->patches[e->patch];
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, w = e->w;
    size_t cap = 0, icap = 0;
    uint64_t *inst = NULL;
    e->nb = e->ib = e->ninst = e->iinst = 0;
    e->group = 0;
    memset(e->ring_total, 0, sizeof e->ring_total);
    memset(e->ring_inst, 0, sizeof e->ring_inst);
    for (uint32_t h = 0; h < c->nhosts; h++) {
        if (!in_group_p(c, p, h, e->role)) continue;
        const corr_host *ho = &c->hosts[h];
        e->group++;
        int ring = ho->ring;
        if (ring >= 0 && ring < EXPO_MAX_RING) e->ring_total[ring]++;
        int64_t t = p->host_ts[h];
        if (t != INT64_MAX) {
            if (e->ninst == icap) {
                icap = icap ? icap * 2 : 64;
                uint64_t *nv = realloc(inst, icap * sizeof *nv);
                if (!nv) goto nomem;
                inst = nv;
            }
            /* install hour in the high bits, ring + 1 in the low ones: sorting sorts by hour */
            inst[e->ninst++] = (uint64_t)hour_of(t) << 16 | (uint64_t)(ring >= 0 && ring < EXPO_MAX_RING ? ring + 1 : 0);
        }
        if (ho->first_hour == CORR_NONE) continue;
        uint32_t start = ho->first_hour + (uint32_t)c->cfg.baseline_hours, end = ho->last_hour + 1;
        if (end <= start) continue;
        if (t == INT64_MAX) {
            if (push_interval(&e->b, &e->nb, &cap, start, end, false)) goto nomem;
            continue;
        }
        uint32_t th = hour_of(t);
        uint32_t ce = th < end ? th : end, ts = th + g > start ? th + g : start;
        uint32_t te = th + w + 1 < end ? th + w + 1 : end, c2s = th + w + 1 > start ? th + w + 1 : start;
        if (push_interval(&e->b, &e->nb, &cap, start, ce, false) || push_interval(&e->b, &e->nb, &cap, ts, te, true) ||
            push_interval(&e->b, &e->nb, &cap, c2s, end, false))
            goto nomem;
    }
    if (corr_sort_by_hour(e->b, e->nb, sizeof *e->b, bound_hour) ||
        corr_sort_by_hour(inst, e->ninst, sizeof *inst, inst_hour))
        goto nomem;
    free(e->inst);
    free(e->inst_ring);
    e->inst = malloc((e->ninst ? e->ninst : 1) * sizeof *e->inst);
    e->inst_ring = malloc((e->ninst ? e->ninst : 1) * sizeof *e->inst_ring);
    if (!e->inst || !e->inst_ring) goto nomem;
    for (size_t i = 0; i < e->ninst; i++) {
        e->inst[i] = (uint32_t)(inst[i] >> 16);
        e->inst_ring[i] = (int16_t)((inst[i] & 0xffff) - 1);
    }
    free(inst);
    e->nt = e->nc = 0;
    e->Hs = 0;
    e->T1 = e->T0 = 0.0;
    if (e->ndays) {
        memset(e->d1, 0, e->ndays * sizeof *e->d1);
        memset(e->d0, 0, e->ndays * sizeof *e->d0);
    }
    e->gen = c->expo_gen;
    e->built = true;
    return 0;
nomem:
    free(inst);
    e->built = false;
    return -1;
}

/* Adds n hosts x [s, e) hours to one arm. */
static void sweep_add(double *days, double *total, uint32_t s, uint32_t e, int64_t n, uint32_t day0)
{
    if (n <= 0 || e <= s) return;
    double before = *total;
    add_exposure(days, total, s, e, day0);
    if (n == 1) return;
    /* add_exposure added (e - s) once; scale what it added to n hosts */
    *total = before + (double)n * (double)(e - s);
    uint32_t x = s < day0 * SH ? day0 * SH : s;
    while (x < e) {
        uint32_t d = x / SH, upto = (d + 1) * SH < e ? (d + 1) * SH : e;
        days[d - day0] += (double)(n - 1) * (double)(upto - x);
        x = upto;
    }
}

static corr_expo *expo_at(pw_corr *c, corr_expo *e, uint32_t H);

static corr_expo *expo_get(pw_corr *c, uint32_t patch, uint32_t w, const char *role, uint32_t H)
{
    corr_expo *e = NULL;
    for (size_t i = 0; i < c->nexpo; i++) {
        corr_expo *x = &((corr_expo *)c->expo)[i];
        if (x->patch == patch && x->w == w && (x->role == role || (x->role && role && strcmp(x->role, role) == 0))) {
            e = x;
            break;
        }
    }
    if (!e) {
        if (c->nexpo == c->expo_cap) {
            size_t ncap = c->expo_cap ? c->expo_cap * 2 : 16;
            corr_expo *nv = realloc(c->expo, ncap * sizeof *nv);
            if (!nv) return NULL;
            c->expo = nv;
            c->expo_cap = ncap;
        }
        e = &((corr_expo *)c->expo)[c->nexpo++];
        memset(e, 0, sizeof *e);
        e->patch = patch;
        e->w = w;
        e->role = role;
        e->H = CORR_NONE;
    }
    return expo_at(c, e, H);
}

/* e carried forward to H (the entry a candidate's counts remember, found once by expo_get). */
static corr_expo *expo_at(pw_corr *c, corr_expo *e, uint32_t H)
{
    if (e->H == H && e->built && e->gen == c->expo_gen) return e;
    const corr_patch *p = &c->patches[e->patch];
    uint32_t h0 = hour_of(p->first_ts);
    uint32_t day0 = h0 / SH, dayN = (H - 1) / SH;
    if (dayN - day0 + 1 > COHORT_MAX_DAYS) day0 = dayN + 1 - COHORT_MAX_DAYS;
    uint32_t ndays = dayN - day0 + 1;
    bool rebuild = !e->built || e->gen != c->expo_gen || H < e->Hs || day0 != e->day0;
    if (ndays > e->dcap) { /* by doubling: one more stratum every 6 hours was a realloc per call */
        uint32_t n = ndays > 2 * e->dcap ? ndays : 2 * e->dcap;
        double *d1 = realloc(e->d1, n * sizeof *d1);
        if (d1) e->d1 = d1;
        double *d0 = realloc(e->d0, n * sizeof *d0);
        if (d0) e->d0 = d0;
        if (!d1 || !d0) return NULL;
        e->dcap = n;
    }
    if (ndays > e->ndays || rebuild) { /* strata not swept yet (or all, to start over) hold nothing */
        uint32_t keep = rebuild ? 0 : e->ndays, n = ndays > e->ndays ? ndays : e->ndays;
        memset(e->d1 + keep, 0, (n - keep) * sizeof *e->d1);
        memset(e->d0 + keep, 0, (n - keep) * sizeof *e->d0);
        e->ndays = n;
    }
    e->day0 = day0;
    if (rebuild && expo_build(c, e)) return NULL;
    /* sweep from Hs to H */
    while (e->Hs < H) {
        uint32_t next = e->ib < e->nb && e->b[e->ib].hour < H ? e->b[e->ib].hour : H;
        if (next > e->Hs) {
            sweep_add(e->d1, &e->T1, e->Hs, next, e->nt, day0);
            sweep_add(e->d0, &e->T0, e->Hs, next, e->nc, day0);
            e->Hs = next;
        }
        while (e->ib < e->nb && e->b[e->ib].hour == e->Hs && e->Hs < H) {
            e->nt += e->b[e->ib].dt;
            e->nc += e->b[e->ib].dc;
            e->ib++;
        }
    }
    /* installs before H: treated_total, and the rings still unpatched (looked up again only when an install
     * was crossed or the list rebuilt: a 64-ring scan per call was 2 % of a small fleet's evaluation) */
    size_t iinst0 = e->iinst;
    while (e->iinst < e->ninst && e->inst[e->iinst] < H) {
        int r = e->inst_ring[e->iinst];
        if (r >= 0 && r < EXPO_MAX_RING) e->ring_inst[r]++;
        e->iinst++;
    }
    e->treated_total = (int64_t)e->iinst;
    e->control_total = e->group - e->treated_total;
    if (rebuild || e->iinst != iinst0 || e->H == CORR_NONE) {
        e->next_ring = -1;
        for (int r = 0; r < EXPO_MAX_RING; r++)
            if (e->ring_total[r] > e->ring_inst[r]) {
                e->next_ring = r;
                break;
            }
    }
    e->H = H;
    e->ndays = ndays; /* the arrays may be longer; the strata in use */
    return e;
}

void corr_expo_free(pw_corr *c)
{
    for (size_t i = 0; i < c->nexpo; i++) {
        free(((corr_expo *)c->expo)[i].d1);
        free(((corr_expo *)c->expo)[i].d0);
        free(((corr_expo *)c->expo)[i].b);
        free(((corr_expo *)c->expo)[i].inst);
        free(((corr_expo *)c->expo)[i].inst_ring);
    }
    free(c->expo);
}

/* Incremental counts of one (patch, signature) candidate per (window, group), so that a test costs what is
 * new since the last one, not a scan of every host that ever showed the signature. An onset's arm is fixed
 * once it exists (an onset at o < H is treated iff th + grace <= o <= th + w for the host's install th, and
 * control otherwise; a later install cannot change that), so a cursor over the signature's onsets in time
 * order (sig->ons) carries the counts forward. Anything that could change an arm (an install, a host's span,
 * platform or inventory: c->expo_gen) or the onsets themselves (sig->ons_gen) starts the counts over. */
typedef struct cand_inc {
    uint32_t w;
    const char *role;
    uint32_t expo;         /* 1 + the index of its (patch, window, group) exposure in c->expo; 0 not yet known */
    uint64_t gen, ons_gen;
    bool valid;
    uint32_t cur, day0, ndays;
    int64_t a, c_all;
    uint32_t first_onset, first_host;
    int64_t *da, *dc;      /* per stratum from day0 */
    uint32_t *cth;         /* install hours (CORR_NONE: never) of hosts with a control onset since the rollout */
    uint32_t ncth, cth_cap;
    const char *roles[8];  /* inventory roles of the treated hosts, with the first position of each in the */
    uint32_t role_pos[8];  /* signature's pairs (the order a scan of the pairs would meet them in) */
    uint32_t nroles;
} cand_inc;

void corr_cands_free(pw_corr *c)
{
    for (uint32_t i = 0; i < c->ncands; i++) {
        cand_inc *v = c->cands[i].inc;
        for (uint32_t k = 0; k < c->cands[i].ninc; k++) {
            free(v[k].da);
            free(v[k].dc);
            free(v[k].cth);
        }
        free(v);
    }
}

static int cmp_onset_ref(const void *a, const void *b)
{
    const corr_onset_ref *x = a, *y = b;
    if (x->hour != y->hour) return x->hour < y->hour ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* sig->ons, rebuilt when a pair's onsets were recomputed. */
static int sig_onsets(pw_corr *c, corr_sig *s)
{
    if (!s->ons_dirty && s->ons_gen) return 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->npairs; i++) n += c->pairs[s->pairs[i]].nonsets;
    if (n > s->ons_cap) {
        corr_onset_ref *nv = realloc(s->ons, n * sizeof *nv);
        if (!nv) return -1;
        s->ons = nv;
        s->ons_cap = n;
    }
    n = 0;
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        for (uint32_t k = 0; k < pr->nonsets; k++) s->ons[n++] = (corr_onset_ref){pr->onsets[k], s->pairs[i], k, i};
    }
    if (n) qsort(s->ons, n, sizeof *s->ons, cmp_onset_ref);
    s->nons = n;
    s->ons_dirty = false;
    s->ons_gen++;
    return 0;
}

static cand_inc *inc_get(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t w, const char *role)
{
    uint32_t idx;
    if (!corr_map_get(&c->cand_map, (uint64_t)patch << 32 | sig, &idx)) return NULL;
    corr_cand *cd = &c->cands[idx];
    cand_inc *v = cd->inc;
    for (uint32_t k = 0; k < cd->ninc; k++)
        if (v[k].w == w && (v[k].role == role || (v[k].role && role && strcmp(v[k].role, role) == 0))) return &v[k];
    if (cd->ninc == cd->inc_cap) {
        uint32_t ncap = cd->inc_cap ? cd->inc_cap * 2 : 4;
        cand_inc *nv = realloc(cd->inc, ncap * sizeof *nv);
        if (!nv) return NULL;
        cd->inc = nv;
        cd->inc_cap = ncap;
    }
    cand_inc *x = &((cand_inc *)cd->inc)[cd->ninc++];
    memset(x, 0, sizeof *x);
    x->w = w;
    x->role = role;
    return x;
}

static int64_t *grow_i64(int64_t *v, uint32_t old, uint32_t n)
{
    int64_t *nv = realloc(v, n * sizeof *nv);
    if (nv) memset(nv + old, 0, (n - old) * sizeof *nv);
    return nv;
}

/* Carries x's counts forward to H. -1 on allocation failure. */
static int inc_advance(pw_corr *c, cand_inc *x, const corr_patch *p, corr_sig *s, uint32_t H, uint32_t day0,
                       uint32_t ndays, const char *role)
{
    if (sig_onsets(c, s)) return -1;
    if (!x->valid || x->gen != c->expo_gen || x->ons_gen != s->ons_gen || x->day0 != day0) {
        x->valid = true;
        x->gen = c->expo_gen;
        x->ons_gen = s->ons_gen;
        x->day0 = day0;
        x->cur = 0;
        x->a = x->c_all = 0;
        x->first_onset = x->first_host = CORR_NONE;
        x->ncth = 0;
        x->nroles = 0;
        if (x->ndays) {
            memset(x->da, 0, x->ndays * sizeof *x->da);
            memset(x->dc, 0, x->ndays * sizeof *x->dc);
        }
    }
    if (ndays > x->ndays) {
        uint32_t n = ndays > 2 * x->ndays ? ndays : 2 * x->ndays; /* x->ndays: the arrays' length */
        if (n < 64) n = 64; /* 16 days of strata at once: growing from 1 by doubling was 7 reallocs per count */
        int64_t *da = grow_i64(x->da, x->ndays, n);
        if (da) x->da = da;
        int64_t *dc = grow_i64(x->dc, x->ndays, n);
        if (dc) x->dc = dc;
        if (!da || !dc) return -1;
        x->ndays = n;
    }
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, w = x->w, h0 = hour_of(p->first_ts);
    for (; x->cur < s->nons && s->ons[x->cur].hour < H; x->cur++) {
        const corr_onset_ref *o = &s->ons[x->cur];
        const corr_pair *pr = &c->pairs[o->pair];
        uint32_t h = pr->host;
        if (!in_group_p(c, p, h, role)) continue;
        const corr_host *ho = &c->hosts[h];
        if (ho->first_hour == CORR_NONE || o->hour < ho->first_hour + (uint32_t)c->cfg.baseline_hours) continue;
        int64_t t = p->host_ts[h];
        uint32_t th = t == INT64_MAX ? CORR_NONE : hour_of(t);
        /* the arm of an onset at hour u: 1 treated, 0 control, -1 neither (the grace) */
#define ARM(u) (th == CORR_NONE || (u) < th || (u) >= th + w + 1 ? 0 : (u) >= th + g ? 1 : -1)
        int arm = ARM(o->hour);
        if (arm == 1) {
            bool counted = false; /* a host counts once: its first onset in the window */
            for (uint32_t k = o->k; k-- > 0 && !counted;) {
                if (ARM(pr->onsets[k]) == 1) counted = true;
                else break; /* an earlier onset outside the window: this is the first inside it */
            }
            if (counted) continue;
            if (o->hour >= day0 * SH) x->da[o->hour / SH - day0]++;
            x->a++;
            const char *hr = c->hosts[h].role;
            uint32_t q = 0;
            while (hr && q < x->nroles && strcmp(x->roles[q], hr) != 0) q++;
            if (hr && q < x->nroles && o->pos < x->role_pos[q]) x->role_pos[q] = o->pos;
            else if (hr && q == x->nroles && q < 8) {
                x->roles[q] = hr;
                x->role_pos[q] = o->pos;
                x->nroles++;
            }
            if (o->hour < x->first_onset) {
                x->first_onset = o->hour;
                x->first_host = h;
            }
        } else if (arm == 0) {
            x->c_all++;
            if (o->hour >= day0 * SH) x->dc[o->hour / SH - day0]++;
            if (o->hour < h0) continue;
            bool seen = false; /* the host's first control onset since the rollout began */
            for (uint32_t k = o->k; k-- > 0 && !seen;) {
                if (pr->onsets[k] < h0) break;
                seen = ARM(pr->onsets[k]) == 0;
            }
            if (seen) continue;
            if (x->ncth == x->cth_cap) {
                uint32_t ncap = x->cth_cap ? x->cth_cap * 2 : 16;
                uint32_t *nv = realloc(x->cth, ncap * sizeof *nv);
                if (!nv) return -1;
                x->cth = nv;
                x->cth_cap = ncap;
            }
            uint32_t pos = x->ncth; /* sorted insert: counting the ones still unpatched is a binary search */
            while (pos > 0 && x->cth[pos - 1] > th) pos--;
            memmove(x->cth + pos + 1, x->cth + pos, (x->ncth - pos) * sizeof *x->cth);
            x->cth[pos] = th;
            x->ncth++;
        }
#undef ARM
    }
    return 0;
}

/* Hosts in x->cth not installed before H. */
static int64_t inc_unpatched(const cand_inc *x, uint32_t H)
{
    return (int64_t)(x->ncth - corr_lower_bound(x->cth, x->ncth, H));
}

/* The test for one treated window w. */
/* The single-host path (cfg.single_host_hours). One onset cannot carry a rate test on a small fleet (its
 * p-value is just the treated share of host-time), but a failure that keeps recurring is different evidence:
 * when the signature is new to the fleet since the patch first installed, no other host has logged it at
 * all, and it has recurred on the one freshly patched host for single_host_hours after its onset, its
 * occurrence hours are compared with the fleet's host-time: all k of them on treated host-time has
 * probability (T1 / (T1 + T0))^k under "the patch is irrelevant" (occurrence hours are not independent, so
 * the test must pass ten times more strictly than the usual one). Returns k (0: the path does not apply).
 * This is what catches a bad update on its first casualty in the first ring instead of waiting days for the
 * second ring to provide a second host. With others_treated, other hosts may have shown it too, provided the
 * caller saw none of their onsets on control host-time (every one fell in its own host's treated window or
 * grace): a second casualty in the same ring is more evidence, not less, and must not take the path away
 * (x-csv-small-fleet: two cluster nodes an hour apart on the day half the fleet patched; the pooled test
 * passed, the day-stratified guard could not (p = 0.25 with two onsets at a treated share of one half), and
 * the first casualty, which alone would have alerted 6 h after its onset, waited four days for ring 3). */
/* Hours (at most 10) in which the pair's signature occurred from onset up to H; *recurred when it was still
 * occurring single_host_hours after the onset. */
/* One host's occurrence hours of one signature family from `from` on, distinct (hours in which two members
 * of the family were logged count once), at most 10 (*n), and the last hour it was logged before H. */
static void family_hours(const corr_pair *pr, uint32_t from, uint32_t H, uint32_t *hrs, uint32_t *n, uint32_t *last)
{
    uint32_t l = corr_pair_last_before(pr, H - 1);
    if (l != CORR_NONE && (*last == CORR_NONE || l > *last)) *last = l;
    for (uint32_t k = 0; k < pr->nruns && *n < 10; k++) {
        uint32_t a = pr->runs[k].start > from ? pr->runs[k].start : from;
        uint32_t b = pr->runs[k].end < H ? pr->runs[k].end : H - 1;
        for (uint32_t h = a; h <= b && b >= a && *n < 10; h++) {
            bool seen = false;
            for (uint32_t i = 0; i < *n && !seen; i++) seen = hrs[i] == h;
            if (!seen) hrs[(*n)++] = h;
        }
    }
}

/* Whether sibling signature q of the single-host test may add its occurrences: logged first after the patch
 * first installed, and (before H) only by the casualty host or, with others_treated, by hosts whose first
 * occurrence fell in their own treated window; its first hour on the casualty host in *on (CORR_NONE: the
 * host never logged it). A sibling that fails this is ignored, never held against the test. */
static bool sibling_ok(const pw_corr *c, const corr_patch *p, const corr_sig *q, uint32_t host, uint32_t H,
                       bool others_treated, uint32_t *on)
{
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, W = (uint32_t)c->cfg.window_hours;
    *on = CORR_NONE;
    if (q->first_hour == CORR_NONE || q->first_hour < hour_of(p->first_ts) || q->first_hour >= H) return false;
    for (uint32_t i = 0; i < q->npairs; i++) {
        const corr_pair *pr = &c->pairs[q->pairs[i]];
        if (!pr->nruns || pr->runs[0].start >= H) continue;
        int64_t t = p->host_ts[pr->host];
        uint32_t o = pr->runs[0].start;
        if (t == INT64_MAX || o < hour_of(t) + g || o > hour_of(t) + W) return false;
        if (pr->host == host) *on = o;
        else if (!others_treated) return false;
    }
    return true;
}

/* Calendar strata (hour / COHORT_STRATUM_HOURS) an evaluation found incidents. */
typedef struct strata_set {
    uint32_t v[32];
    uint32_t n;
} strata_set;

static bool in_strata(const strata_set *x, uint32_t hour)
{
    for (uint32_t i = 0; x && i < x->n; i++)
        if (x->v[i] == hour / COHORT_STRATUM_HOURS) return true;
    return false;
}

/* The occurrence hours k (3..10; 0: the path does not apply) behind the single-host test. Without
 * others_treated: the one host's, and nobody else may have shown the signature. With it: the hours of every
 * casualty whose first occurrence fell in its own treated window, summed (capped at 10 like one host's), once
 * one of them kept recurring. Hours on different hosts are closer to independent draws than one host's
 * consecutive hours, so the sum is, if anything, the better-founded use of the same test.
 *
 * The casualty's hours are those of the signature's family: the signatures of the same Windows event
 * (provider and event id) that pass the same test (sibling_ok), counted from the first of them on the host.
 * The miner splits one event id's messages by rendering (an export without the publisher's message file has
 * only event data), by parameter values, and a new cluster's first event keeps the id of its exact text
 * until a second one generalises the template; so one casualty's recurrence was spread over two or three
 * signatures, none with 3 hours of its own (held-out x-csv-benign-with-forum-before: 5120 at 12:58, 19:11
 * and 21:39 on the pilot host, three signatures, the alert 24 h after the first). Cost: one pass over the
 * signatures when the test is due (a few novel signatures at a time). */
static uint32_t single_host_hours(const pw_corr *c, const corr_patch *p, const corr_sig *s, uint32_t host,
                                  uint32_t onset, uint32_t H, bool others_treated, const strata_set *skip)
{
    uint32_t total = 0, g = (uint32_t)c->cfg.reboot_grace_hours, need = (uint32_t)c->cfg.single_host_hours;
    bool any_recurred = false, found = false;
    uint32_t hrs[10], n = 0, last = CORR_NONE, from = onset, others = 0;
    bool foreign = false;
    if (c->cfg.single_host_hours <= 0 || s->first_hour < hour_of(p->first_ts)) return 0;
    const corr_pair *mine = NULL;
    for (uint32_t i = 0; i < s->npairs; i++) { /* nobody else, patched or not, has shown it */
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (pr->host == host) {
            found = true;
            mine = pr;
        } else if (pr->nruns && pr->runs[0].start < H) {
            if (in_strata(skip, pr->runs[0].start)) continue; /* an incident's host: the incident explains it */
            if (!others_treated) return 0;
            int64_t t = p->host_ts[pr->host];
            uint32_t o = pr->runs[0].start;
            if (t == INT64_MAX || o < hour_of(t) + g || o > hour_of(t) + (uint32_t)c->cfg.window_hours) {
                foreign = true; /* outside the group tested, or not in its treated window */
                continue;
            }
            uint32_t oh[10], on = 0, ol = CORR_NONE;
            family_hours(pr, o, H, oh, &on, &ol);
            total += on;
            others += on > 0;
            any_recurred |= ol != CORR_NONE && ol >= o + need;
        }
    }
    if (!found) return 0;
    /* the casualty's own hours, with its family's */
    const corr_pair *fam[8];
    uint32_t famfrom[8], nf = 0;
    fam[nf] = mine;
    famfrom[nf++] = onset;
    for (uint32_t q = 0; s->family && q < c->nsigs && nf < 8; q++) {
        const corr_sig *qs = &c->sigs[q];
        uint32_t on;
        if (qs == s || qs->family != s->family || strcmp(qs->provider, s->provider) || strcmp(qs->code, s->code) ||
            !sibling_ok(c, p, qs, host, H, others_treated, &on) || on == CORR_NONE)
            continue;
        for (uint32_t i = 0; i < qs->npairs; i++)
            if (c->pairs[qs->pairs[i]].host == host) {
                fam[nf] = &c->pairs[qs->pairs[i]];
                famfrom[nf++] = on;
                if (on < from) from = on;
                break;
            }
    }
    for (uint32_t f = 0; f < nf; f++) family_hours(fam[f], famfrom[f], H, hrs, &n, &last);
    total += n;
    any_recurred |= last != CORR_NONE && last >= from + need;
    /* Recurrence rules out a one-off error on one host. Two casualties, each in its own treated window, with
     * the symptom nobody else ever logged, already do: then the 3 hours need not wait for one host to log
     * it again 6 h later (x-csv-small-fleet: two cluster nodes within 4 h of each other, 20 hosts, the alert
     * waited for the recurrence). Only when no host at all, in the group tested or not, showed it outside its
     * treated window: a DNS outage on a ring's day gave four Hyper-V hosts of that ring the same new 1014
     * within the hour, while hosts of other roles showed it unpatched (study-07). */
    if (others_treated && others > 0 && n > 0 && !foreign) any_recurred = true;
    if (!any_recurred || total < 3) return 0;
    return total > 10 ? 10 : total;
}

/* P(X >= k) for X ~ Poisson(lambda): how surprising k control onsets in one stratum are at the fleet's own
 * rate. Summed upwards from k (the small side whenever it matters); k is at most a stratum's hosts. The only
 * question asked is whether it is below COHORT_INCIDENT_P, and the partial sums only grow: once one reaches
 * it the answer is settled, so the sum stops there (a stratum just above its expectation on a large fleet
 * otherwise took hundreds of terms to converge to a tail near one half). The value returned is then a
 * lower bound that is already >= COHORT_INCIDENT_P; below it, the full sum as before. */
static double poisson_upper(int64_t k, double lambda)
{
    if (k <= 0) return 1.0;
    if (!(lambda > 0.0)) return 0.0;
    double t = exp((double)k * log(lambda) - lambda - lgamma((double)k + 1.0)), sum = t;
    for (int64_t i = k + 1; i < k + 1000 && t > sum * 1e-17 && sum < COHORT_INCIDENT_P; i++) {
        t *= lambda / (double)i;
        sum += t;
    }
    return sum > 1.0 ? 1.0 : sum;
}

/* The treated onsets of stratum `stratum` (COHORT_INCIDENT_MIN or more) came to hosts whose installs lie a day or
 * more apart: they keep the calendar's time, not the update's, as an outage's do. A regression's casualties fail
 * some time after their own install, so hosts patched on different days fail on different days; an outage hits
 * whoever is up in its hours, installed yesterday or four days ago. This tells an incident where the fleet is
 * mostly patched and too few unpatched hosts are left to show it (study7f-01: a storage outage reached ten hosts
 * inside a benign update's 120-hour windows, installed over four days, and two unpatched ones, one short of the
 * control onsets that flag an incident; the update was blamed). Cost: the stratum's onsets, only for a stratum
 * with that many treated ones. */
static bool calendar_coincident(pw_corr *c, const corr_patch *p, corr_sig *s, uint32_t stratum, uint32_t H,
                                uint32_t w, const char *role)
{
    if (sig_onsets(c, s)) return false; /* out of memory: no conclusion */
    uint32_t lo = stratum * SH, hi = lo + SH < H ? lo + SH : H, tmin = UINT32_MAX, tmax = 0, n = 0;
    size_t a = 0, b = s->nons;
    while (a < b) { /* the first onset at or after lo */
        size_t mid = a + (b - a) / 2;
        if (s->ons[mid].hour < lo) a = mid + 1;
        else b = mid;
    }
    for (size_t i = a; i < s->nons && s->ons[i].hour < hi; i++) {
        uint32_t h = c->pairs[s->ons[i].pair].host;
        if (p->host_ts[h] == INT64_MAX || !in_group_p(c, p, h, role)) continue;
        arms ar;
        host_arms(c, p, h, H, w, &ar);
        if (!in_arm(s->ons[i].hour, ar.ts, ar.te)) continue;
        uint32_t th = hour_of(p->host_ts[h]);
        n++;
        if (th < tmin) tmin = th;
        if (th > tmax) tmax = th;
    }
    return n >= COHORT_INCIDENT_MIN && tmax >= tmin + 24;
}

/* The first onset of s before H in a treated window of p (window w, group role) outside the strata of inc:
 * *host CORR_NONE when there is none. */
static int first_quiet_onset(pw_corr *c, const corr_patch *p, corr_sig *s, uint32_t H, uint32_t w, const char *role,
                             const strata_set *inc, uint32_t *host, uint32_t *onset)
{
    *host = CORR_NONE;
    if (sig_onsets(c, s)) return -1;
    for (size_t i = 0; i < s->nons && s->ons[i].hour < H; i++) {
        uint32_t h = c->pairs[s->ons[i].pair].host;
        if (p->host_ts[h] == INT64_MAX || in_strata(inc, s->ons[i].hour) || !in_group_p(c, p, h, role)) continue;
        arms ar;
        host_arms(c, p, h, H, w, &ar);
        if (!in_arm(s->ons[i].hour, ar.ts, ar.te)) continue;
        *host = h;
        *onset = s->ons[i].hour;
        break;
    }
    return 0;
}

#define CORR_FAMILY_INCIDENTS_MAX 65536 /* a bound on memory: 1.5 MB of map; beyond it, no new family incidents */
static uint64_t family_stratum_key(uint64_t family, uint32_t stratum)
{
    return family ^ ((uint64_t)stratum * UINT64_C(0x9e3779b97f4a7c15));
}

/* Stratum d (of day0's) is an incident's: it leaves the pooled test (mix[0]) for a comparison within itself, and
 * an all-hosts test records it for the role groups' tests and for the signature's family. */
static int flag_incident(pw_corr *c, corr_result *r, const pw_stratum *st, pw_stratum *mix, size_t *nmix, uint32_t d,
                         uint32_t day0, int slot, const char *role, uint64_t family)
{
    if (!role && c->incident_all[slot].n < 32) c->incident_all[slot].strata[c->incident_all[slot].n++] = day0 + d;
    if (!role && family && c->family_incidents.n < CORR_FAMILY_INCIDENTS_MAX &&
        corr_map_put(&c->family_incidents, family_stratum_key(family, day0 + d), day0 + d))
        return -1;
    mix[(*nmix)++] = st[d];
    r->inc_a += st[d].a;
    r->inc_c += st[d].c;
    mix[0].a -= st[d].a;
    mix[0].c -= st[d].c;
    mix[0].t1 -= st[d].t1;
    mix[0].t0 -= st[d].t0;
    return 0;
}

static int eval_window(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, uint32_t w, const char *role,
                       double confidence, double threshold, corr_result *r)
{
    const corr_patch *p = &c->patches[patch];
    const corr_sig *s = &c->sigs[sig];
    memset(r, 0, sizeof *r);
    r->corr_adv = -1;
    r->first_onset = CORR_NONE;
    r->next_ring = -1;
    r->confidence = confidence;
    r->threshold = threshold;
    if (role) { /* what snprintf "%s" made of it (a tenth of a test's cost on small fleets) */
        size_t n = strnlen(role, sizeof r->group - 1);
        memcpy(r->group, role, n);
        r->group[n] = '\0';
    }
    uint32_t h0 = hour_of(p->first_ts);
    if (h0 >= H) return 0;
    cand_inc *x = c->fullscan ? NULL : inc_get(c, patch, sig, w, role);
    corr_expo *e = x && x->expo ? expo_at(c, (corr_expo *)c->expo + x->expo - 1, H) : expo_get(c, patch, w, role, H);
    if (!e) return -1;
    if (x) x->expo = (uint32_t)(e - (corr_expo *)c->expo) + 1;
    uint32_t day0 = e->day0, ndays = e->ndays;
    if (scratch_days(c, ndays) || scratch_strata(c, ndays)) return -1;
    const int64_t *days_a = c->days_a, *days_c = c->days_c; /* the candidate's own counts when it has them */
    double T1 = e->T1, T0 = e->T0;
    r->t1 = T1;
    r->t0 = T0;
    int64_t c_all = 0;
    uint32_t first_host = CORR_NONE;
    r->treated_total = e->treated_total;
    r->control_total = e->control_total;
    r->next_ring = e->next_ring;
    r->at_risk = r->control_total;
    if (x) { /* the candidate's counts carried forward (see cand_inc) */
        if (inc_advance(c, x, p, &c->sigs[sig], H, day0, ndays, role)) return -1;
        days_a = x->da;
        days_c = x->dc;
        r->a = x->a;
        c_all = x->c_all;
        r->first_onset = x->first_onset;
        first_host = x->first_host;
        r->c = inc_unpatched(x, H);
    }
    if (!x) {
        memset(c->days_a, 0, ndays * sizeof(int64_t));
        memset(c->days_c, 0, ndays * sizeof(int64_t));
    }
    for (uint32_t i = 0; !x && i < s->npairs; i++) { /* no candidate yet: the plain scan */
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (!pr->nonsets || !in_group_p(c, p, pr->host, role)) continue;
        arms a;
        host_arms(c, p, pr->host, H, w, &a);
        bool got_t = false, got_c = false;
        for (uint32_t k = 0; k < pr->nonsets; k++) {
            uint32_t o = pr->onsets[k];
            if (o >= H) break;
            if (in_arm(o, a.ts, a.te)) {
                if (got_t) continue;
                got_t = true;
                if (o >= day0 * SH) c->days_a[o / SH - day0]++;
                r->a++;
                if (o < r->first_onset) {
                    r->first_onset = o;
                    first_host = pr->host;
                }
            } else if (in_arm(o, a.cs, a.ce) || in_arm(o, a.c2s, a.c2e)) {
                c_all++; /* every onset of control time counts for the rate */
                if (o >= day0 * SH) c->days_c[o / SH - day0]++;
                if (o >= h0 && !a.installed && !got_c) {
                    r->c++; /* unpatched hosts affected since the rollout began (for the message) */
                    got_c = true;
                }
            }
        }
    }
    bool single = false;
    if (r->a < c->cfg.min_hosts) {
        uint32_t k =
            r->a == 1 && c_all == 0 ? single_host_hours(c, p, s, first_host, r->first_onset, H, false, NULL) : 0;
        if (!k || !(T1 > 0.0)) return 0;
        single = true;
        r->single = true;
        double pk = pow(T1 / (T1 + T0), (double)k);
        r->window = w;
        r->rr_mh = pw_cohort_rr_mh(&(pw_stratum){1, 0, T1, T0}, 1);
        r->rr_lower = pw_cohort_rr_lower(&(pw_stratum){(int64_t)k, 0, T1, T0}, 1, 1.0 - (1.0 - confidence) / 10.0);
        r->rr_strat = pk;
        r->pass = pk < (1.0 - confidence) / 10.0 && r->rr_lower >= threshold;
        if (c->debug)
            fprintf(stderr, "single H=%u %s sig=%s w=%u k=%u T1=%.0f T0=%.0f p=%.3g lower=%.2f pass=%d\n", H, p->id,
                    s->code ? s->code : "?", w, k, T1, T0, pk, r->rr_lower, r->pass);
        return 0;
    }
    if (scratch_strata(c, 2 * ndays + 1)) return -1;
    pw_stratum *st = c->strata, *mix = c->strata + ndays;
    for (uint32_t d = 0; d < ndays; d++) st[d] = (pw_stratum){days_a[d], days_c[d], e->d1[d], e->d0[d]};
    /* The bound uses all control host-time (the fleet's own history included: a signature never seen before
     * the patch is strong evidence), except in incident strata: calendar strata where unpatched hosts show
     * the signature far above their own rate over the whole history (a storage or DNS outage on a ring's
     * day). Those are compared within themselves (treated against control host-time of the same hours), the
     * quiet rest pooled: a fleet-wide incident adds to n but not to the evidence, however its onsets happen
     * to fall, while a symptom only patched hosts show keeps the whole history as its baseline. The flag is
     * decided from control onsets alone, so the treated onsets cannot talk a stratum out of it.
     * Cost: O(strata), the p-value a convolution over the incident strata's onsets. */
    size_t nmix = 1;
    mix[0] = (pw_stratum){r->a, c_all, T1, T0};
    double rate0 = T0 > 0.0 ? (double)c_all / T0 : 0.0;
    /* the treated onsets' own rate: an outage crowds them into its hours far above it, which is when
     * calendar_coincident is worth its scan (on a busy signature of 10,000 hosts every stratum holds a few) */
    double rate1 = T1 > 0.0 ? (double)r->a / T1 : 0.0;
    /* An outage does not keep to one role: within a role group, a stratum the all-hosts test of the same
     * window and hour found an incident is one here too, however few of the group's own unpatched hosts it
     * hit (study3b-05: a storage incident on the fourth ring's day hit some fifty hosts of every role, patched
     * and not, within four hours; among the Hyper-V hosts, most of them patched by then, one unpatched onset
     * in the stratum was too few to call it an incident, and the benign update of that ring was alerted for
     * the disk resets for three days). The all-hosts test runs first (eval_best), so its strata are at hand. */
    int slot = w == 24 ? 0 : w == 72 ? 1 : 2;
    bool inc_known = role && c->incident_all[slot].patch == patch && c->incident_all[slot].sig == sig &&
                     c->incident_all[slot].w == w && c->incident_all[slot].H == H;
    if (!role) c->incident_all[slot] = (corr_incident_strata){patch, sig, w, H, 0, {0}};
    bool first_in_incident = false, prev_incident = false;
    strata_set inc = {.n = 0};
    for (uint32_t d = 0; d < ndays; d++) {
        /* an outage does not end at a stratum's edge: the stratum after an incident's, where unpatched hosts show
         * the signature above their usual rate, goes on with it (study7f-03: a storage outage from 10:00 to 18:00
         * flagged 06-12 on three unpatched onsets, and 12-18, two unpatched onsets by 13:00, blamed the ring of
         * that morning); above the rate, or on a busy signature of a large fleet every stratum would follow */
        bool fleet_wide = prev_incident && st[d].c > 0 && (double)st[d].c > rate0 * st[d].t0;
        bool was_incident = prev_incident;
        prev_incident = false;
        for (uint32_t i = 0; inc_known && i < c->incident_all[slot].n && !fleet_wide; i++)
            fleet_wide = c->incident_all[slot].strata[i] == day0 + d;
        /* An outage does not keep to one signature either: the miner names an event's first hosts by their exact
         * text ("Cluster Shared Volume 'Volume3'", "'Volume2'") before it generalises, and each such signature
         * holds a few of the outage's hosts. A stratum another signature of the same event (provider and code)
         * was found an incident in is one here (study7e-04: two patched hosts under 'Volume3', the unpatched ones
         * under 'Volume2', and the benign update of that morning was blamed). Only for a signature with too few
         * onsets of its own in the stratum to show the outage itself: on a busy event of a large fleet the family
         * flags strata often, and each one borrowed made the p-value's convolution dearer (10x at 10,000 hosts). */
        uint32_t fv;
        if (!fleet_wide && s->family && st[d].a > 0 && st[d].a < COHORT_INCIDENT_MIN &&
            corr_map_get(&c->family_incidents, family_stratum_key(s->family, day0 + d), &fv))
            fleet_wide = fv == day0 + d;
        /* at or below its expectation a stratum cannot be that unlikely (the upper tail is then about half
         * or more); this test first keeps the tail sum, O(expectation) terms, off the common case, which
         * made evaluation on 10,000 hosts twice as dear per event as on 1,000 */
        if (!fleet_wide && (st[d].c < COHORT_INCIDENT_MIN || !(st[d].t0 > 0.0) || (double)st[d].c <= rate0 * st[d].t0 ||
                            poisson_upper(st[d].c, rate0 * st[d].t0) >= COHORT_INCIDENT_P) &&
            !(st[d].a >= COHORT_INCIDENT_MIN && (double)st[d].a > rate1 * st[d].t1 &&
              poisson_upper(st[d].a, rate1 * st[d].t1) < COHORT_INCIDENT_P &&
              calendar_coincident(c, p, &c->sigs[sig], day0 + d, H, w, role)))
            continue;
        /* nor does it begin at one: the stratum before, where unpatched hosts showed the signature above their
         * usual rate, is its start (st7i-07: a storage outage from 10:00; its 06-12 stratum held one unpatched
         * onset of the general signature and the two patched ones of an exact-text signature, and a benign update
         * stood blamed for those two) */
        if (d > 0 && !was_incident && st[d - 1].c > 0 && (double)st[d - 1].c > rate0 * st[d - 1].t0) {
            if (flag_incident(c, r, st, mix, &nmix, d - 1, day0, slot, role, s->family)) return -1;
            first_in_incident |= r->first_onset != CORR_NONE && r->first_onset / SH == day0 + d - 1;
            if (inc.n < 32) inc.v[inc.n++] = day0 + d - 1;
        }
        if (flag_incident(c, r, st, mix, &nmix, d, day0, slot, role, s->family)) return -1;
        if (inc.n < 32) inc.v[inc.n++] = day0 + d;
        first_in_incident |= r->first_onset != CORR_NONE && r->first_onset / SH == day0 + d;
        prev_incident = true;
    }
    if (mix[0].t1 < 0.0) mix[0].t1 = 0.0;
    if (mix[0].t0 < 0.0) mix[0].t0 = 0.0;
    /* the bound reaches the threshold exactly when the p-value at the threshold is below 1 - confidence
     * (monotone), which is one tail sum instead of a bisection; the bound itself only for reporting */
    r->pass = pw_cohort_pvalue(mix, nmix, threshold) < 1.0 - confidence;
    /* the Mantel-Haenszel estimate decides only a pass (the guard below); otherwise nobody reads it */
    if (r->pass || c->debug) r->rr_mh = pw_cohort_rr_mh(st, ndays);
    if (r->pass) { /* only then: the stratified bound is the costly part */
        r->rr_lower = pw_cohort_rr_lower(mix, nmix, confidence);
        r->rr_strat = pw_cohort_pvalue(st, ndays, 1.0); /* the guard's p-value at a ratio of 1 */
        r->pass = r->rr_strat < 1.0 - c->cfg.guard_confidence && r->rr_mh >= c->cfg.min_rate_ratio;
    } else if (r->inc_a > 0 && !c->skip_incident_p) {
        /* for the reason of an incident withdrawal: a convolution over every stratum's onsets, O(onsets^2),
         * which on 10,000 hosts was most of the p-value cost, so only when there is an alert to withdraw */
        r->rr_strat = pw_cohort_pvalue(st, ndays, 1.0);
    }
    r->window = w;
    /* The same when every control onset fell in an incident's hours: outside them the signature is as new as
     * if the outage had not happened, and the first casualty outside them, with the hosts the outage does not
     * explain, is priced the same way (study7a-04: a storage outage two days after a rare regression's first
     * ring made its signature known; one casualty failing for days afterwards, and two more at the last ring,
     * never passed the day strata, and the update went unnoticed). Cost: a pass over the signature's onsets,
     * only for a failing test whose quiet hours hold treated onsets and no control one. */
    uint32_t q_host = first_host, q_onset = r->first_onset;
    bool quiet_new = false;
    if (!r->pass && c_all > 0 && inc.n > 0 && mix[0].c == 0 && r->a > r->inc_a && T1 > 0.0) {
        if (first_quiet_onset(c, p, &c->sigs[sig], H, w, role, &inc, &q_host, &q_onset)) return -1;
        quiet_new = q_host != CORR_NONE;
        if (quiet_new) r->first_onset = q_onset; /* what the single-host path counts from, hourly (corr_evaluate) */
    }
    if (!r->pass && T1 > 0.0 && (quiet_new || (c_all == 0 && first_host != CORR_NONE && !first_in_incident))) {
        /* the casualties so far all in their treated windows and the signature new since the patch: the
         * first casualty's recurrence is evidence the guard's day strata cannot price (single_host_hours);
         * not when its onset fell in an incident's hours (calendar_coincident: an outage's first hosts) */
        uint32_t k = single_host_hours(c, p, s, q_host, q_onset, H, true, quiet_new ? &inc : NULL);
        double pk = k ? pow(T1 / (T1 + T0), (double)k) : 1.0;
        double lower = k ? pw_cohort_rr_lower(&(pw_stratum){(int64_t)k, 0, T1, T0}, 1,
                                              1.0 - (1.0 - confidence) / 10.0)
                         : 0.0;
        if (c->debug)
            fprintf(stderr, "single+ H=%u %s sig=%s w=%u a=%lld k=%u host=%u onset=%u p=%.3g lower=%.2f\n", H, p->id,
                    s->code ? s->code : "?", w, (long long)r->a, k, q_host, q_onset, pk, lower);
        if (k && pk < (1.0 - confidence) / 10.0 && lower >= threshold) {
            single = true;
            r->single = true;
            r->pass = true;
            r->rr_lower = lower;
            r->rr_strat = pk;
        }
    }
    (void)single;
    if (c->debug && r->a >= c->cfg.min_hosts)
        fprintf(stderr, "eval H=%u %s sig=%s w=%u role=%s a=%lld c_all=%lld T1=%.0f T0=%.0f conf=%.5f lower=%.2f mh=%.2f "
                "strat_p=%.3g pass=%d inc_a=%lld inc_c=%lld quiet=%lld/%lld\n", H, p->id, s->code ? s->code : "?", w,
                role ? role : "-", (long long)r->a, (long long)c_all, T1, T0, confidence, r->rr_lower, r->rr_mh,
                r->rr_strat, r->pass, (long long)r->inc_a, (long long)r->inc_c, (long long)mix[0].a,
                (long long)mix[0].c);
    return 0;
}

/* Report-corroborated recurrence. An issue report that blames P and names S by its event id or error code is
 * evidence from outside the fleet: it makes "P causes S" likely before any onset is counted, so the fleet's data
 * need only show S the way the report describes it, not prove it alone. What the data must show: casualties,
 * hosts whose first onset of S since P fell in their own treated window, that kept failing (S on >= 3 separate
 * hours, the last a day or more after the onset: an outage's hosts recover within hours, a broken update keeps
 * failing), while no host showed S that way in its control time since P's first install (before its own
 * install, or never patched). Their occurrence hours (up to 10) are then priced like the single-host path's,
 * all on treated host-time with probability (T1 / (T1 + T0))^k, at the linked confidence and ten times more
 * strictly; the stratified guard is not asked, because the casualties' later hours lie outside every incident's
 * hours and the report, not the calendar, says what caused them (fresh-09: the first casualty's onset in the
 * hours of a storage incident; it failed for days after, the incident's hosts for five hours). The report must
 * name both: a fix KB, an informational post, an update installed beside the blamed one, or a symptom it does
 * not name never takes this path. Cost: O(pairs of S x runs) per test, only for candidates with such a report.
 *
 * A report published before a casualty's onset foretold it, which a storage incident's hosts cannot do: such a
 * casualty need not keep failing for a day: its first onset of S in its treated window is enough, provided S is
 * new to the fleet since P's first install and no host, of any role, showed S in its control time; the pricing
 * by treated share is not asked either (one casualty's hours on a small treated share can never pass it, and
 * the prediction is the evidence the share stood for). x-csv-benign-with-forum-before@3001 (the independent
 * generator's study draw): a German forum post naming the update and "Ereignis-ID 5120" six hours before the
 * first casualty; the alert waited 23 h for the single-host path's third hour. Cost: a report that names a
 * new event of the update by chance before an unrelated fault makes that fault's first host an alert. */
#define CORR_PERSIST_HOURS 24

static bool control_persists(const corr_pair *pr, uint32_t from, uint32_t to)
{
    uint32_t first = CORR_NONE, last = CORR_NONE, n = 0;
    for (uint32_t k = 0; k < pr->nruns; k++) {
        uint32_t a = pr->runs[k].start > from ? pr->runs[k].start : from;
        uint32_t b = pr->runs[k].end < to ? pr->runs[k].end : (to ? to - 1 : 0);
        if (to == 0 || b < a) continue;
        if (first == CORR_NONE) first = a;
        last = b;
        n += b - a + 1;
    }
    return n >= 3 && first != CORR_NONE && last >= first + CORR_PERSIST_HOURS;
}

static void corroborated_test(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, uint32_t w, const char *role,
                              int32_t adv, corr_result *r)
{
    const corr_patch *p = &c->patches[patch];
    const corr_sig *s = &c->sigs[sig];
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, h0 = hour_of(p->first_ts);
    if (r->pass || adv < 0 || r->a < 1 || !(r->t1 > 0.0) || h0 >= H) return;
    int64_t published = c->advs[adv].ts;
    bool novel = s->first_hour != CORR_NONE && s->first_hour >= h0, ctrl_any = false;
    uint32_t hosts = 0, hours = 0, fhosts = 0, fhours = 0; /* casualties that kept failing; foretold ones */
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (!pr->nruns || pr->runs[0].start >= H) continue;
        int64_t t = p->host_ts[pr->host];
        uint32_t th = t == INT64_MAX ? CORR_NONE : hour_of(t);
        uint32_t ctrl_end = th == CORR_NONE || th > H ? H : th; /* its control time since the rollout began */
        uint32_t seen = ctrl_end > h0 ? corr_pair_last_before(pr, ctrl_end - 1) : CORR_NONE;
        ctrl_any |= seen != CORR_NONE && seen >= h0; /* any host, of any role, in its control time */
        if (!in_group_p(c, p, pr->host, role)) continue;
        if (ctrl_end > h0 && control_persists(pr, h0, ctrl_end)) return; /* not exclusive to P's hosts */
        if (th == CORR_NONE) continue;
        uint32_t on = CORR_NONE;
        for (uint32_t k = 0; k < pr->nonsets && pr->onsets[k] < H && on == CORR_NONE; k++)
            if (pr->onsets[k] >= th + g && pr->onsets[k] <= th + w) on = pr->onsets[k];
        if (on == CORR_NONE) continue;
        uint32_t hrs[10], n = 0, last = CORR_NONE;
        family_hours(pr, on, H, hrs, &n, &last);
        if (novel && published <= (int64_t)on * CORR_HOUR_US) {
            fhosts++;
            fhours += n;
        }
        if (n < 3 || last == CORR_NONE || last < on + CORR_PERSIST_HOURS) continue;
        hosts++;
        hours += n;
    }
    bool by_prediction = fhosts > 0 && !ctrl_any;
    if (by_prediction) {
        hosts = fhosts;
        hours = fhours;
    }
    if (!hosts) return;
    if (hours > 10) hours = 10;
    double pk = pow(r->t1 / (r->t1 + r->t0), (double)hours);
    double strict = 1.0 - (1.0 - r->confidence) / 10.0;
    double lower = pw_cohort_rr_lower(&(pw_stratum){(int64_t)hours, 0, r->t1, r->t0}, 1, strict);
    if (c->debug)
        fprintf(stderr, "corroborated H=%u %s sig=%s w=%u hosts=%u hours=%u p=%.3g lower=%.2f adv=%d foretold=%d\n",
                H, p->id, s->code ? s->code : "?", w, hosts, hours, pk, lower, adv, by_prediction);
    if (!by_prediction && !(pk < (1.0 - r->confidence) / 10.0 && lower >= r->threshold)) return;
    r->pass = r->single = r->corroborated = true;
    r->corr_foretold = by_prediction;
    r->window = w;
    r->rr_lower = lower;
    r->rr_strat = pk;
    r->corr_hosts = hosts;
    r->corr_hours = hours;
    r->corr_adv = adv;
}

/* A pass of the rate test beats a pass on recurrence alone (the single-host path), whatever their bounds: the
 * former is evidence about this update, the latter about its casualties. Among failing tests (whose bound is not
 * computed, so all 0) the one that saw the most casualties wins: it is what an open alert is revisited with, and
 * the first window's, often too short to hold them, hid an incident that the longer windows found (study7 st7l-04: a storage outage blamed on a benign update at 13:00, found an
 * incident at 14:00 in the 72 and 120 h windows, and never withdrawn because the 24 h test, with no casualty,
 * was kept as the result). */
static bool better(const corr_result *x, const corr_result *best)
{
    if (x->pass != best->pass) return x->pass > best->pass;
    if (x->pass && x->single != best->single) return !x->single;
    if (x->rr_lower != best->rr_lower) return x->rr_lower > best->rr_lower;
    return !x->pass && x->a > best->a;
}

/* Windows scanned: a day (fast onsets: the symptom appears at the first boot), three days, and the
 * configured window (slow onsets). The confidence is split over them (Bonferroni) and over the groups. */
static size_t windows_of(const pw_corr *c, uint32_t out[3])
{
    uint32_t W = (uint32_t)c->cfg.window_hours, n = 0;
    if (W > 24) out[n++] = 24;
    if (W > 72) out[n++] = 72;
    out[n++] = W;
    return n;
}

int corr_eval_pair(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, const char *role, size_t ngroups,
                   corr_result *best)
{
    uint32_t ci;
    bool linked = corr_map_get(&c->cand_map, (uint64_t)patch << 32 | sig, &ci) ? corr_cand_linked(c, &c->cands[ci], H)
                                                                                : corr_linked_advisories(c, patch, sig, H, NULL) > 0;
    /* A signature the fleet never logged before the patch first installed is a priori far more likely to be
     * the patch's doing than a known one whose rate happens to wobble, and few signatures are new at any
     * time: it gets the (less strict) novel_confidence. */
    const corr_sig *s = &c->sigs[sig];
    uint32_t h0 = hour_of(c->patches[patch].first_ts);
    bool novel = s->first_hour >= h0; /* no host logged it before (O(1): kept by corr_pair_add) */
    double conf = linked ? c->cfg.linked_confidence : novel ? c->cfg.novel_confidence : c->cfg.confidence;
    double thr = linked ? c->cfg.linked_min_rate_ratio : novel ? c->cfg.novel_min_rate_ratio : c->cfg.min_rate_ratio;
    uint32_t win[3];
    size_t nwin = windows_of(c, win);
    double conf_each = 1.0 - (1.0 - conf) / (double)(nwin * (ngroups ? ngroups : 1));
    int32_t adv = linked ? corr_patch_corroborated_by(c, patch, sig, H) : -1; /* a linked report is implied */
    for (size_t k = 0; k < nwin; k++) {
        corr_result r;
        if (eval_window(c, patch, sig, H, win[k], role, conf_each, thr, &r)) return -1;
        if (!r.pass && adv >= 0) corroborated_test(c, patch, sig, H, win[k], role, adv, &r);
        r.linked = linked;
        if (k == 0 || better(&r, best)) *best = r;
    }
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
        host_arms(c, p, pr->host, H, (uint32_t)c->cfg.window_hours, &a);
        for (uint32_t k = 0; k < pr->nonsets && pr->onsets[k] < H; k++) {
            if (in_arm(pr->onsets[k], a.ts, a.te)) {
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

static int cmp_u32_cut(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
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

/* Best of the fleet-wide test and, with an inventory, the per-role tests of the roles affected hosts have
 * (the confidence is split over all of them). */
static int eval_best(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, corr_result *best)
{
    const char *roles[8];
    size_t nroles = 0;
    uint32_t W = (uint32_t)c->cfg.window_hours;
    const corr_expo *e = c->have_inventory && !c->fullscan ? expo_get(c, patch, W, NULL, H) : NULL;
    cand_inc *x = e ? inc_get(c, patch, sig, W, NULL) : NULL;
    if (x && hour_of(c->patches[patch].first_ts) < H) {
        /* the roles of the affected hosts from the carried counts, in the order a scan would meet them
         * (so that ties between groups go the same way) */
        if (inc_advance(c, x, &c->patches[patch], &c->sigs[sig], H, e->day0, e->ndays, NULL)) return -1;
        uint32_t pos[8];
        for (uint32_t q = 0; q < x->nroles; q++) {
            size_t at = nroles;
            while (at > 0 && pos[at - 1] > x->role_pos[q]) {
                pos[at] = pos[at - 1];
                roles[at] = roles[at - 1];
                at--;
            }
            pos[at] = x->role_pos[q];
            roles[at] = x->roles[q];
            nroles++;
        }
    } else if (c->have_inventory) {
        uint32_t n;
        if (corr_affected_hosts(c, patch, sig, H, NULL, &n)) return -1;
        for (uint32_t i = 0; i < n && nroles < 8; i++) {
            const char *role = c->hosts[c->scratch_hosts[i]].role;
            bool seen = !role;
            for (size_t k = 0; k < nroles && !seen; k++) seen = strcmp(roles[k], role) == 0;
            if (!seen) roles[nroles++] = role;
        }
    }
    if (corr_eval_pair(c, patch, sig, H, NULL, nroles + 1, best)) return -1;
    for (size_t k = 0; k < nroles; k++) {
        corr_result r;
        if (corr_eval_pair(c, patch, sig, H, roles[k], nroles + 1, &r)) return -1;
        if (better(&r, best)) *best = r;
    }
    return 0;
}

/* Joint cells of the model of concurrent rollouts (cohort_stats.h) for signature sig at H, over the hosts of
 * the candidates' platforms: each host's logged time (with baseline history) is cut at the candidates'
 * install, grace and piece ends (the scanned windows: time since the install up to 24 h, 72 h, 120 h, one
 * term per patch and piece); hours inside any candidate's reboot grace belong to no cell. Every onset counts in the cell of its hour. The host-time of the cells does not depend on the
 * signature: like the exposure above it is a sweep over sorted boundaries carried forward from the last H
 * (per set of competing patches and window, rebuilt when c->expo_gen changes), and the onsets come from the
 * signature's time-ordered list, so a call costs what changed, not a pass over the fleet. */
#define JOINT_PATCHES 3 /* competitors in one model: 3 patches x 3 pieces = PW_JOINT_MAX_PARAMS terms */
#define JOINT_CELLS (1u << PW_JOINT_MAX_PARAMS)

typedef struct joint_bound {
    uint32_t hour;
    uint16_t x;   /* cell (bit j * nw + q: inside piece q of patch j's window) */
    int8_t d;     /* +1 the host enters it, -1 leaves */
} joint_bound;

typedef struct corr_jexpo {
    uint32_t comp[JOINT_PATCHES];
    int k;
    uint32_t w[3]; /* the pieces' ends (hours after the install), ascending */
    int nw;
    uint32_t Hs;
    uint64_t gen;
    bool built;
    joint_bound *b;
    size_t nb, ib, cap;
    int64_t n[JOINT_CELLS];
    double t[JOINT_CELLS];
} corr_jexpo;

static uint32_t jbound_hour(const void *a) { return ((const joint_bound *)a)->hour; }

static bool joint_in_group(const pw_corr *c, const uint32_t *comp, int k, uint32_t h)
{
    for (int j = 0; j < k; j++)
        if (in_group_p(c, &c->patches[comp[j]], h, NULL)) return true;
    return false;
}

/* The cell of hour u on host h (-1: inside a candidate's grace). */
static int joint_cell_of(const pw_corr *c, const uint32_t *comp, int k, const uint32_t *w, int nw, uint32_t h,
                         uint32_t u)
{
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours;
    int x = 0;
    for (int j = 0; j < k; j++) {
        int64_t t = c->patches[comp[j]].host_ts[h];
        if (t == INT64_MAX) continue;
        uint32_t th = hour_of(t);
        if (u >= th && u < th + g) return -1;
        for (int q = 0; q < nw; q++) {
            uint32_t lo = q == 0 ? th + g : th + w[q - 1] + 1, hi = th + w[q] + 1;
            if (u >= lo && u < hi) x |= 1 << (j * nw + q);
        }
    }
    return x;
}

/* Host h's logged time (after its baseline) cut at the candidates' install, grace and piece ends, ascending
 * (0: the host is outside the model): cut[q] .. cut[q + 1] lies in one cell. */
#define JOINT_CUTS (5 * JOINT_PATCHES + 2)
static int joint_host_cuts(const pw_corr *c, const uint32_t *comp, int k, const uint32_t *w, int nw, uint32_t h,
                           uint32_t cut[JOINT_CUTS])
{
    const corr_host *ho = &c->hosts[h];
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours;
    if (ho->first_hour == CORR_NONE || !joint_in_group(c, comp, k, h)) return 0;
    uint32_t start = ho->first_hour + (uint32_t)c->cfg.baseline_hours, end = ho->last_hour + 1;
    if (end <= start) return 0;
    int ncut = 0;
    cut[ncut++] = start;
    cut[ncut++] = end;
    for (int j = 0; j < k; j++) {
        int64_t t = c->patches[comp[j]].host_ts[h];
        if (t == INT64_MAX) continue;
        uint32_t th = hour_of(t), bb[5] = {th, th + g, 0, 0, 0};
        for (int q = 0; q < nw; q++) bb[2 + q] = th + w[q] + 1;
        for (int q = 0; q < 2 + nw; q++)
            if (bb[q] > start && bb[q] < end) cut[ncut++] = bb[q];
    }
    qsort(cut, (size_t)ncut, sizeof cut[0], cmp_u32_cut);
    return ncut;
}

static int jexpo_build(pw_corr *c, corr_jexpo *e)
{
    const uint32_t *w = e->w;
    int nw = e->nw;
    e->nb = e->ib = 0;
    for (uint32_t h = 0; h < c->nhosts; h++) {
        uint32_t cut[JOINT_CUTS];
        int ncut = joint_host_cuts(c, e->comp, e->k, w, nw, h, cut);
        for (int q = 0; q + 1 < ncut; q++) {
            if (cut[q + 1] <= cut[q]) continue;
            int x = joint_cell_of(c, e->comp, e->k, w, nw, h, cut[q]);
            if (x < 0) continue;
            if (e->nb + 2 > e->cap) {
                size_t ncap = e->cap ? e->cap * 2 : 256;
                joint_bound *nv = realloc(e->b, ncap * sizeof *nv);
                if (!nv) return -1;
                e->b = nv;
                e->cap = ncap;
            }
            e->b[e->nb++] = (joint_bound){cut[q], (uint16_t)x, 1};
            e->b[e->nb++] = (joint_bound){cut[q + 1], (uint16_t)x, -1};
        }
    }
    if (corr_sort_by_hour(e->b, e->nb, sizeof *e->b, jbound_hour)) return -1;
    memset(e->n, 0, sizeof e->n);
    memset(e->t, 0, sizeof e->t);
    e->Hs = 0;
    e->gen = c->expo_gen;
    e->built = true;
    return 0;
}

static corr_jexpo *jexpo_get(pw_corr *c, const uint32_t *comp, int k, const uint32_t *w, int nw, uint32_t H)
{
    corr_jexpo *e = NULL;
    for (size_t i = 0; i < c->njexpo && !e; i++) {
        corr_jexpo *x = &((corr_jexpo *)c->jexpo)[i];
        if (x->k == k && x->nw == nw && memcmp(x->w, w, (size_t)nw * sizeof *w) == 0 &&
            memcmp(x->comp, comp, (size_t)k * sizeof *comp) == 0)
            e = x;
    }
    if (!e) {
        if (c->njexpo == c->jexpo_cap) {
            size_t ncap = c->jexpo_cap ? c->jexpo_cap * 2 : 8;
            corr_jexpo *nv = realloc(c->jexpo, ncap * sizeof *nv);
            if (!nv) return NULL;
            c->jexpo = nv;
            c->jexpo_cap = ncap;
        }
        e = &((corr_jexpo *)c->jexpo)[c->njexpo++];
        memset(e, 0, sizeof *e);
        memcpy(e->comp, comp, (size_t)k * sizeof *comp);
        e->k = k;
        e->nw = nw;
        memcpy(e->w, w, (size_t)nw * sizeof *w);
    }
    if (!e->built || e->gen != c->expo_gen || H < e->Hs) {
        if (jexpo_build(c, e)) {
            e->built = false;
            return NULL;
        }
    }
    while (e->Hs < H) {
        uint32_t next = e->ib < e->nb && e->b[e->ib].hour < H ? e->b[e->ib].hour : H;
        if (next > e->Hs) {
            for (uint32_t x = 0; x < (1u << (k * nw)); x++)
                if (e->n[x]) e->t[x] += (double)e->n[x] * (double)(next - e->Hs);
            e->Hs = next;
        }
        while (e->ib < e->nb && e->b[e->ib].hour == e->Hs && e->Hs < H) {
            e->n[e->b[e->ib].x] += e->b[e->ib].d;
            e->ib++;
        }
    }
    return e;
}

void corr_jexpo_free(pw_corr *c)
{
    for (size_t i = 0; i < c->njexpo; i++) free(((corr_jexpo *)c->jexpo)[i].b);
    free(c->jexpo);
}

/* Host-time of the strata inc[0, ninc) (ascending stratum numbers) before H, per cell: subtracted from cells
 * (when not NULL), and that of the cell outside every candidate's pieces added to base[j] (when not NULL). */
static void joint_strata_time(const pw_corr *c, const uint32_t *comp, int k, const uint32_t *w, int nw, uint32_t H,
                              const uint32_t *inc, uint32_t ninc, pw_joint_cell *cells, double *base)
{
    for (uint32_t h = 0; h < c->nhosts; h++) {
        uint32_t cut[JOINT_CUTS];
        int ncut = joint_host_cuts(c, comp, k, w, nw, h, cut);
        uint32_t i = 0;
        for (int q = 0; q + 1 < ncut && cut[q] < H; q++) {
            uint32_t lo = cut[q], hi = cut[q + 1] < H ? cut[q + 1] : H;
            int x = hi > lo ? joint_cell_of(c, comp, k, w, nw, h, lo) : -1;
            if (x < 0 || (!cells && x != 0)) continue;
            while (i < ninc && (inc[i] + 1) * SH <= lo) i++; /* both ascend: one walk per host */
            for (uint32_t j = i; j < ninc && inc[j] * SH < hi; j++) {
                uint32_t a = inc[j] * SH > lo ? inc[j] * SH : lo, b = (inc[j] + 1) * SH < hi ? (inc[j] + 1) * SH : hi;
                if (cells) cells[x].t -= (double)(b - a);
                if (base && x == 0) base[j] += (double)(b - a);
            }
        }
    }
}

static int stratum_index(const uint32_t *inc, uint32_t ninc, uint32_t hour)
{
    for (uint32_t i = 0; i < ninc; i++)
        if (inc[i] == hour / SH) return (int)i;
    return -1;
}

/* Onset i of s counts in the joint model: on a host of the candidates' platforms, after its baseline. */
static bool joint_onset(const pw_corr *c, const corr_sig *s, uint32_t i, const uint32_t *comp, int k)
{
    uint32_t h = c->pairs[s->ons[i].pair].host, o = s->ons[i].hour;
    const corr_host *ho = &c->hosts[h];
    return ho->first_hour != CORR_NONE && o >= ho->first_hour + (uint32_t)c->cfg.baseline_hours &&
           o <= ho->last_hour && joint_in_group(c, comp, k, h);
}

/* Of the strata the candidates' own tests called incidents (inc, ascending), those that are incidents to the
 * joint model too, kept in inc (their number returned): strata where hosts outside every candidate's pieces
 * show the signature far above that cell's rate over all hours. A stratum is an incident to one candidate's
 * test when its control hosts fail together, and those may be another candidate's casualties (a patched host
 * after its window is control time): only onsets none of them can explain make an outage. */
static uint32_t joint_incidents(const pw_corr *c, const corr_sig *s, uint32_t H, const uint32_t *comp, int k,
                                const uint32_t *w, int nw, const pw_joint_cell *base_cell, uint32_t *inc, uint32_t ninc)
{
    int64_t n0[3 * 32] = {0}, nbase = 0;
    double t0[3 * 32] = {0};
    bool any = false;
    for (uint32_t i = 0; i < s->nons && s->ons[i].hour < H; i++) {
        if (!joint_onset(c, s, i, comp, k)) continue;
        uint32_t h = c->pairs[s->ons[i].pair].host, o = s->ons[i].hour;
        if (joint_cell_of(c, comp, k, w, nw, h, o) != 0) continue;
        nbase++;
        int j = stratum_index(inc, ninc, o);
        if (j >= 0 && ++n0[j] >= COHORT_INCIDENT_MIN) any = true;
    }
    if (!any || !(base_cell->t > 0.0)) return 0;
    joint_strata_time(c, comp, k, w, nw, H, inc, ninc, NULL, t0);
    double rate0 = (double)nbase / base_cell->t;
    uint32_t n = 0;
    for (uint32_t j = 0; j < ninc; j++)
        if (n0[j] >= COHORT_INCIDENT_MIN && t0[j] > 0.0 && (double)n0[j] > rate0 * t0[j] &&
            poisson_upper(n0[j], rate0 * t0[j]) < COHORT_INCIDENT_P)
            inc[n++] = inc[j];
    return n;
}

/* The cells of the joint model at H, without the hours of the fleet's incident strata: an outage on a ring's
 * day puts its onsets in the first piece of whatever was installed that morning, and the joint model, with one
 * baseline rate for all hours, read that as an excess of its own (study4a-04: a storage incident on the first
 * ring's day of a benign update installed days before the bad one on half the hosts put four onsets in the
 * benign update's first day alone, and it was blamed beside the bad one). Each candidate's own test compares
 * those strata only within themselves; the joint model, which asks which of them explains the onsets, leaves
 * them out. inc[0, ninc): the strata the candidates' tests called incidents, ascending (joint_incidents keeps
 * those that are incidents here). Cost: up to two passes over the hosts when such strata hold onsets outside
 * every candidate's pieces (rare; otherwise none). */
static int joint_cells(pw_corr *c, uint32_t sig, uint32_t H, const uint32_t *comp, int k, const uint32_t *w,
                       int nw, uint32_t *inc, uint32_t ninc, pw_joint_cell *cells, size_t *ncells)
{
    corr_jexpo *e = jexpo_get(c, comp, k, w, nw, H);
    if (!e) return -1;
    for (uint32_t x = 0; x < (1u << (k * nw)); x++) cells[x] = (pw_joint_cell){x, e->t[x], 0.0};
    corr_sig *s = &c->sigs[sig];
    if (sig_onsets(c, s)) return -1;
    if (ninc) ninc = joint_incidents(c, s, H, comp, k, w, nw, &cells[0], inc, ninc);
    if (ninc) {
        joint_strata_time(c, comp, k, w, nw, H, inc, ninc, cells, NULL);
        for (uint32_t x = 0; x < (1u << (k * nw)); x++)
            if (cells[x].t < 0.0) cells[x].t = 0.0;
    }
    for (uint32_t i = 0; i < s->nons && s->ons[i].hour < H; i++) {
        uint32_t h = c->pairs[s->ons[i].pair].host, o = s->ons[i].hour;
        if (!joint_onset(c, s, i, comp, k) || stratum_index(inc, ninc, o) >= 0)
            continue;
        int x = joint_cell_of(c, comp, k, w, nw, h, o);
        if (x >= 0) cells[x].n += 1.0;
    }
    /* only the cells that hold something, in the same order: a cell without host-time or onsets adds exactly
     * nothing to any sum of the fit (cohort_joint_stats.c skips t <= 0 and adds n), and of the 512 cells of
     * three patches' pieces a few dozen are ever non-empty; each Newton step walked all of them */
    size_t n = 0;
    for (uint32_t x = 0; x < (1u << (k * nw)); x++)
        if (cells[x].t > 0.0 || cells[x].n != 0.0) cells[n++] = cells[x];
    *ncells = n;
    return 0;
}

/* Settles which of the patches that passed for one signature is to blame (they are concurrent rollouts).
 * (Cost: the joint model is O(hosts) per signature with competing patches and news; see joint_cells.)
 *
 * First the joint model: every competing patch (the first JOINT_PATCHES) gets its effect as a step function
 * of the time since its install (three terms: the first day, days 2-3, days 4-5) in one Poisson model of
 * the signature's onsets, and a likelihood-ratio test of all its terms at once, given the others' (a nested-
 * model comparison). A patch whose group is not significant while another's is has its excess explained by
 * that other patch: it is not blamed, and an alert already open for it is withdrawn (explained[k] names the
 * patch that explains it). Installed a day before the bad update, an innocent one sees the onsets in its
 * second piece on the hosts that had both, and none on the hosts where the two came apart; installed in the
 * same session on most hosts, the hosts that took it at another time decide. Pieces rather than one window
 * per patch: with a single window, a slow symptom (days 2-3 after the bad install) was fitted better by the
 * overlap of two patches' windows than by either, and the innocent one came out significant too.
 *
 * When no term is significant (installed together everywhere: the data cannot tell them apart), the old
 * rule decides among them: the cause is installed before the onset on every affected host; among patches
 * that precede equally often, the one installed last before the onset on most hosts is blamed; where that
 * ties, the one that alone explains the onsets clearly better (pw_cohort_joint_gain). */
/* The candidate an issue report blames, when forward selection named another but the data do not outweigh the
 * report: -1 when there is none (no report, several, or the report's update was selected itself, or the data
 * clearly favour another), -2 out of memory. Selection names the update whose windows hold the onsets in the
 * least host-time; with a handful of casualties that is often chance. A servicing-stack update installed
 * with the cumulative one on a third of the hosts holds both of the first two casualties one time in nine,
 * and a .NET update installed minutes after the cumulative one holds the same onsets in a few minutes less
 * host-time every time (x-bitlocker-benign-with-forum-before@4010, the independent generator's study draw:
 * the bad update, blamed by a forum post before any casualty, was withdrawn for each of them in turn). The
 * report is evidence from outside the fleet; the data overrule it only when another update alone explains
 * the onsets better by PW_JOINT_REPORT_PREFER (odds of 100 to 1: every casualty on the other update's hosts,
 * five of them at a third of the reported update's host-time). Cost: a wrong report delays the right update
 * by those few casualties. */
static int reported_over_the_data(const pw_corr *c, const uint32_t *comp, int kj, corr_cand *const *cc,
                                  uint32_t sel, uint32_t H, const pw_joint_cell *cells, size_t ncells, int nwin,
                                  const uint32_t *groups)
{
    int rep = -1, nrep = 0;
    for (int j = 0; j < kj; j++)
        if ((cc[j]->passing || cc[j]->alerted) && corr_patch_reported(c, comp[j], H)) {
            nrep++;
            rep = j;
        }
    if (nrep != 1 || (sel >> rep & 1u)) return -1;
    double gain[JOINT_PATCHES];
    if (pw_cohort_joint_gain(cells, ncells, kj * nwin, groups, kj, gain)) return -2;
    for (int j = 0; j < kj; j++)
        if ((sel >> j & 1u) && !(gain[j] - gain[rep] < PW_JOINT_REPORT_PREFER)) return -1;
    if (c->debug)
        fprintf(stderr, "report H=%u %s kept over the data (gain %.3f)\n", H, c->patches[comp[rep]].id, gain[rep]);
    return rep;
}

static int first_day_pick(pw_corr *c, uint32_t sig, uint32_t H, const uint32_t *comp, uint32_t ncomp,
                          corr_cand *const *cc);

/* Patch is of a narrow kind that cannot touch signature sig's provider or program (patch_scope.c). */
static bool cannot_touch(const pw_corr *c, uint32_t patch, uint32_t sig)
{
    return corr_scope_ix_excludes(c->scopes, c->patches[patch].scope, c->sigs[sig].provider);
}

/* Updates the fleet's data cannot tell apart (the joint model chose none: the same sessions on every casualty):
 * one whose kind cannot touch the failing component (patch_scope.c: a .NET Framework update beside a cumulative
 * one, for a cluster-disk or Hyper-V failure) is not named when one that can is among them (study-15, study6a-05:
 * each casualty had both updates within three hours, and the .NET one was blamed for days). Marks it out of
 * survive[], explained by the first one that can. */
static void scope_tiebreak(const pw_corr *c, uint32_t sig, const uint32_t *comp, uint32_t ncomp, bool *survive,
                           int *explained, uint8_t *by_report)
{
    int keep = -1, nsurv = 0;
    for (uint32_t k = 0; k < ncomp; k++) {
        if (!survive[k]) continue;
        nsurv++;
        if (keep < 0 && !cannot_touch(c, comp[k], sig)) keep = (int)k;
    }
    if (nsurv < 2 || keep < 0) return;
    for (uint32_t k = 0; k < ncomp; k++)
        if (survive[k] && cannot_touch(c, comp[k], sig)) {
            survive[k] = false;
            explained[k] = keep;
            by_report[k] = CORR_WHY_SCOPE;
        }
}

/* An update of a narrow kind that cannot touch the failing component (patch_scope.c), about to be named: every one
 * of its casualties also installed, within a day of it and before H, an update that can. That update is the
 * explanation the kind leaves, whether or not its own test passes on this signature, and the narrow one is not
 * named (x-bitlocker-slow-rare@6003, the independent generator's study draw: a servicing-stack update an hour
 * before the cumulative one on two BitLocker casualties, named alone for an event rendering the cumulative
 * update's test could not show for want of unpatched hosts). Cost: the casualties x the patches, only on this
 * rare path. 1: so explained, 0: not, -1: out of memory. */
static int scope_shadowed(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H)
{
    const corr_patch *p = &c->patches[patch];
    if (!cannot_touch(c, patch, sig)) return 0;
    uint32_t n;
    if (corr_affected_hosts(c, patch, sig, H, NULL, &n)) return -1;
    if (n == 0) return 0;
    int64_t day = 24 * CORR_HOUR_US, limit = (int64_t)H * CORR_HOUR_US;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t h = c->scratch_hosts[i];
        int64_t t = p->host_ts[h];
        bool found = false;
        for (uint32_t q = 0; q < c->npatches && !found; q++) {
            const corr_patch *qp = &c->patches[q];
            if (q == patch || patch_recurring(qp)) continue;
            int64_t tq = qp->host_ts[h];
            found = tq != INT64_MAX && tq < limit && tq >= t - day && tq <= t + day && !cannot_touch(c, q, sig);
        }
        if (!found) return 0;
    }
    return 1;
}

/* One casualty passes for several updates installed on it and the first day does not decide (first_day_pick):
 * the only one whose kind can touch the failing component, when the others' cannot (scope_tiebreak), else -1. */
static int scope_pick(const pw_corr *c, uint32_t sig, const uint32_t *comp, uint32_t ncomp, corr_cand *const *cc)
{
    int f = -1, nin = 0, nout = 0;
    for (uint32_t k = 0; k < ncomp; k++) {
        if (!cc[k]->passing && !cc[k]->alerted) continue;
        if (cc[k]->alerted) return -1;
        if (cannot_touch(c, comp[k], sig)) {
            nout++;
        } else {
            nin++;
            f = (int)k;
        }
    }
    return nin == 1 && nout > 0 ? f : -1;
}

static int blame(pw_corr *c, uint32_t sig, uint32_t H, const uint32_t *comp, uint32_t ncomp, corr_cand **cc,
                 bool *survive, int *explained, uint8_t *by_report)
{
    uint32_t prec[64] = {0}, latest[64] = {0}, total = 0;
    const corr_sig *s = &c->sigs[sig];
    for (uint32_t k = 0; k < ncomp; k++) {
        survive[k] = cc[k]->passing;
        explained[k] = -1;
        by_report[k] = CORR_WHY_JOINT;
        cc[k]->joint_p = 1.0;
        cc[k]->joint_gain = -HUGE_VAL;
    }
    if (ncomp < 2) return 0;
    int kj = ncomp < JOINT_PATCHES ? (int)ncomp : JOINT_PATCHES;
    uint32_t win[3];
    int nwin = (int)windows_of(c, win);
    double pmin[JOINT_PATCHES], ll;
    double beta[PW_JOINT_MAX_PARAMS];
    uint32_t groups[JOINT_PATCHES];
    static _Thread_local pw_joint_cell cells[JOINT_CELLS]; /* 12 KB: not on the stack; one per thread, as `run` shards the correlator over threads */
    for (int j = 0; j < kj; j++) groups[j] = ((1u << nwin) - 1u) << (j * nwin);
    size_t ncells;
    uint32_t inc[3 * 32], ninc = 0;
    for (int j = 0; j < kj; j++)
        for (uint32_t i = 0; i < cc[j]->ninc_strata && ninc < 3 * 32; i++) inc[ninc++] = cc[j]->inc_strata[i];
    if (ninc > 1) qsort(inc, ninc, sizeof inc[0], cmp_u32_cut);
    uint32_t nu = 0;
    for (uint32_t i = 0; i < ninc; i++)
        if (nu == 0 || inc[i] != inc[nu - 1]) inc[nu++] = inc[i];
    if (joint_cells(c, sig, H, comp, kj, win, nwin, inc, nu, cells, &ncells)) return -1;
    /* forward selection (cohort_stats.h): the update whose pieces hold the onsets in the least host-time
     * enters first, then only what adds to it; p-values are Bonferroni-adjusted over the updates still
     * outside, so naming a second cause of the same symptom needs the evidence one cause would need at
     * CORR_JOINT_ALPHA (bitlocker-1000-slow: the .NET update at p = 0.00996 beside the bad one at 2e-8) */
    uint32_t sel = 0;
    if (pw_cohort_joint_forward(cells, ncells, kj * nwin, groups, kj, CORR_JOINT_ALPHA, &sel, beta, pmin))
        return -1;
    ll = 0.0;
    if (c->debug)
        for (int j = 0; j < kj; j++)
            fprintf(stderr, "joint H=%u sig=%s %s beta=%.2f/%.2f/%.2f p=%.3g sel=%d ll=%.3f\n", H, s->code ? s->code : "?",
                    c->patches[comp[j]].id, beta[j * nwin], nwin > 1 ? beta[j * nwin + 1] : 0.0,
                    nwin > 2 ? beta[j * nwin + 2] : 0.0, pmin[j], (int)(sel >> j & 1u), ll);
    /* An open alert the joint model selects explains the symptom whether or not its own test still passes: late
     * in a rollout its unpatched peers are gone and the test weakens, and a servicing-stack update installed on
     * its casualties then passed alone and was named (heldout +4000, 4006: the bad update's open alert on the VM
     * resets, not passing once re-tested on an unpatched host's onset, p = 0.0026 in the joint model) */
    int best_sig = -1;
    for (int j = 0; j < kj; j++) {
        cc[j]->joint_p = pmin[j];
        if ((cc[j]->passing || cc[j]->alerted) && (sel >> j & 1u) && (best_sig < 0 || pmin[j] < pmin[best_sig]))
            best_sig = j;
    }
    if (best_sig >= 0) {
        int rep = reported_over_the_data(c, comp, kj, cc, sel, H, cells, ncells, nwin, groups);
        if (rep == -2) return -1;
        if (rep >= 0) {
            for (uint32_t k = 0; k < ncomp; k++)
                if ((int)k != rep) {
                    survive[k] = false;
                    explained[k] = rep;
                    by_report[k] = CORR_WHY_REPORT;
                }
            return 0;
        }
        /* The selection chose by host-time, and an update of a narrow kind installed the day before holds the
         * same onsets in less of it than the update that can touch the component: the kind decides, not the
         * timing, when an update that can is passing or alerted here (x-hyperv-benign-before@7002: a .NET
         * update of the day before, selected at p = 1.9e-17 for Hyper-V VM resets while the cumulative update
         * added nothing given it, since every casualty had both; the cumulative update's alert was withdrawn
         * for it). The narrow ones are then explained by that update (CORR_WHY_SCOPE). */
        if (cannot_touch(c, comp[best_sig], sig)) {
            int alt = -1;
            for (int j = 0; j < kj; j++)
                if ((cc[j]->passing || cc[j]->alerted) &&
                    !cannot_touch(c, comp[j], sig) && (alt < 0 || pmin[j] < pmin[alt]))
                    alt = j;
            if (alt >= 0) {
                for (int j = 0; j < kj; j++)
                    if (cannot_touch(c, comp[j], sig)) {
                        sel &= ~(1u << j);
                        by_report[j] = CORR_WHY_SCOPE;
                    }
                sel |= 1u << alt;
                best_sig = alt;
            }
        }
        for (uint32_t k = 0; k < ncomp; k++) {
            bool significant = (int)k < kj && (sel >> k & 1u);
            if (significant) continue;
            survive[k] = false;
            explained[k] = best_sig;
        }
        return 0;
    }
    /* Nothing in the fleet's data separates them. A report that names one of them and this symptom does
     * (it is why advisories are read at all); failing that, a single casualty (the single-host path) is too
     * little to pick one of several updates installed on it: none is named until the data can tell. */
    /* An alert already open counts here as if it still passed: a second update whose only evidence is the
     * same single casualty must not be named beside (or instead of) the first; the data cannot tell them
     * apart, and the one already named stays as it is until they can. */
    uint32_t nlinked = 0, npass = 0, nsingle = 0;
    for (uint32_t k = 0; k < ncomp; k++) {
        if (!cc[k]->passing && !cc[k]->alerted) continue;
        npass++;
        nlinked += cc[k]->res.linked;
        nsingle += cc[k]->res.a < c->cfg.min_hosts;
    }
    /* No report names the symptom, but one blames exactly one of the passing updates: that one, rather than
     * the order of installation below (updates of one session go in an order nobody chose). This holds for
     * a single casualty too: the report is evidence from outside the fleet, which is what the casualty's
     * data lack (x-bitlocker-benign-with-forum-before: two updates of one session, a forum post blaming one,
     * waited 43 h for the second ring), unless another of them is already alerted on that casualty. */
    if (nlinked == 0) {
        uint32_t nrep = 0, rep = 0;
        bool other_open = false;
        for (uint32_t k = 0; k < ncomp; k++)
            if (cc[k]->passing && corr_patch_reported(c, comp[k], H)) {
                nrep++;
                rep = k;
            }
        for (uint32_t k = 0; k < ncomp; k++) other_open |= nrep == 1 && k != rep && cc[k]->alerted;
        if (nrep == 1 && !(nsingle == npass && other_open)) {
            for (uint32_t k = 0; k < ncomp; k++) {
                survive[k] = k == rep;
                if (k != rep && cc[k]->alerted) { /* the report decides what the data could not: withdrawn */
                    explained[k] = (int)rep;
                    by_report[k] = CORR_WHY_REPORT;
                }
            }
            return 0;
        }
    }
    if (nlinked == 0 && npass >= 2 && nsingle == npass) {
        int f = first_day_pick(c, sig, H, comp, ncomp, cc);
        if (f < 0) f = scope_pick(c, sig, comp, ncomp, cc);
        for (uint32_t k = 0; f >= 0 && k < ncomp; k++) survive[k] = (int)k == f;
        if (f >= 0) return 0;
    }
    if (nlinked == 1 || (npass >= 2 && nsingle == npass)) {
        int lk = -1;
        for (uint32_t k = 0; k < ncomp; k++) {
            survive[k] = cc[k]->passing && nlinked == 1 && cc[k]->res.linked;
            if (survive[k]) lk = (int)k;
        }
        /* An alert already open for another of them is withdrawn in favour of the one the advisory names: the
         * data could not choose, the report does, and leaving it open said the opposite for days (study-07: a
         * ca-certificates update installed a day after the bad openssl, its first day holding the slow
         * symptom's onsets, stood beside the advisory-match for openssl to the end). */
        for (uint32_t k = 0; lk >= 0 && k < ncomp; k++)
            if (!survive[k] && cc[k]->alerted && !cc[k]->res.linked) {
                explained[k] = lk;
                by_report[k] = CORR_WHY_REPORT;
            }
        return 0;
    }
    /* precedence and recency, among the candidates whose kind can touch the symptom when one can: the order of
     * one session is nobody's choice, and a .NET update installed last on two casualties of three is no more the
     * culprit of a Hyper-V failure for it (study6a-05) */
    bool cand[64];
    for (uint32_t k = 0; k < ncomp; k++) cand[k] = cc[k]->passing;
    scope_tiebreak(c, sig, comp, ncomp, cand, explained, by_report);
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (!pr->nonsets) continue;
        uint32_t u = CORR_NONE;
        for (uint32_t k = 0; k < ncomp; k++) {
            if (!cand[k]) continue;
            const corr_patch *p = &c->patches[comp[k]];
            arms a;
            host_arms(c, p, pr->host, H, (uint32_t)c->cfg.window_hours, &a);
            for (uint32_t j = 0; j < pr->nonsets && pr->onsets[j] < H; j++)
                if (in_arm(pr->onsets[j], a.ts, a.te)) {
                    if (pr->onsets[j] < u) u = pr->onsets[j];
                    break;
                }
        }
        if (u == CORR_NONE) continue;
        total++;
        int best = -1;
        int64_t best_ts = INT64_MIN;
        for (uint32_t k = 0; k < ncomp; k++) {
            if (!cand[k]) continue;
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
        if (cand[k] && prec[k] > max_prec) max_prec = prec[k];
    for (uint32_t k = 0; k < ncomp; k++)
        if (cand[k] && prec[k] == max_prec && latest[k] > max_latest) max_latest = latest[k];
    uint32_t ntied = 0;
    for (uint32_t k = 0; k < ncomp; k++) {
        survive[k] = cand[k] && total > 0 && prec[k] == max_prec && latest[k] == max_latest;
        ntied += survive[k];
    }
    /* The order of installation ties (each was installed last before the onset on as many affected hosts):
     * the one whose windows alone explain the onsets better than every other tied update's alone, by at least
     * one unit of log-likelihood (forward selection's margin), is named and explains the others. Each passed
     * its own test, so significance is settled; what is left is which of them, and the single-cause models
     * have the same number of parameters, so their likelihoods compare directly. study2b-02: two casualties,
     * one 8 h after the bad update and 49 min after a benign one of the same session, the other 9 h after the
     * bad update and four days after the benign one; two onsets carry a 3-piece term to p = 0.027 where 0.01
     * is asked, the order tied 1-1 and both stood; the bad update's first day holds both onsets, the benign one
     * needs its first day and its days 4-5 in more host-time. Only where the order ties, so that no decision
     * the order made changes, and only with two or more affected hosts (one onset's likelihood is its treated
     * share, which the single-casualty rules already weigh). */
    if (ntied >= 2 && nsingle == 0 && ncomp <= (uint32_t)kj) {
        double gain[JOINT_PATCHES];
        if (pw_cohort_joint_gain(cells, ncells, kj * nwin, groups, kj, gain)) return -1;
        int b = -1;
        for (int j = 0; j < kj; j++) {
            cc[j]->joint_gain = gain[j];
            if (survive[j] && isfinite(gain[j]) && (b < 0 || gain[j] > gain[b])) b = j;
        }
        bool clear = b >= 0;
        for (int j = 0; j < kj && clear; j++)
            if (j != b && survive[j] && !(gain[b] - gain[j] >= PW_JOINT_PREFER)) clear = false;
        if (c->debug)
            for (int j = 0; j < kj; j++)
                fprintf(stderr, "gain H=%u sig=%s %s tied=%d gain=%.3f best=%d clear=%d\n", H, s->code ? s->code : "?",
                        c->patches[comp[j]].id, survive[j], gain[j], j == b, clear);
        for (uint32_t k = 0; clear && k < ncomp; k++)
            if (survive[k] && (int)k != b) {
                survive[k] = false;
                explained[k] = b;
                by_report[k] = CORR_WHY_LIKELIHOOD;
            }
    }
    return 0;
}

/* The smallest treated share T1 / (T1 + T0) of patch's scanned windows that hold onset o of host h: the
 * probability that one onset falls in its treated host-time by chance (0: none holds it). */
static double share_at(pw_corr *c, uint32_t patch, uint32_t h, uint32_t o, uint32_t H)
{
    const corr_patch *p = &c->patches[patch];
    uint32_t win[3], g = (uint32_t)c->cfg.reboot_grace_hours;
    size_t nwin = windows_of(c, win);
    double best = 0.0;
    if (p->host_ts[h] == INT64_MAX) return 0.0;
    uint32_t th = hour_of(p->host_ts[h]);
    for (size_t k = 0; k < nwin; k++) {
        if (o < th + g || o >= th + win[k]) continue;
        const corr_expo *e = expo_get(c, patch, win[k], NULL, H);
        if (!e || !(e->T1 > 0.0)) continue;
        double sh = e->T1 / (e->T1 + e->T0);
        if (best == 0.0 || sh < best) best = sh;
    }
    return best;
}

/* The one casualty behind a single-casualty pass of (patch, sig): its host and the hour of its onset in patch's
 * treated window (false: none). */
static bool single_casualty(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, uint32_t *host, uint32_t *onset)
{
    const corr_sig *s = &c->sigs[sig];
    const corr_patch *p = &c->patches[patch];
    uint32_t W = (uint32_t)c->cfg.window_hours;
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        if (!pr->nonsets) continue;
        arms a;
        host_arms(c, p, pr->host, H, W, &a);
        for (uint32_t j = 0; j < pr->nonsets && pr->onsets[j] < H; j++)
            if (in_arm(pr->onsets[j], a.ts, a.te)) {
                *host = pr->host;
                *onset = pr->onsets[j];
                return true;
            }
    }
    return false;
}

/* Whether hour o lies in the first piece of patch's window on host (after the reboot grace, up to the first
 * scanned window's end: the joint model's first piece). */
static bool first_day_holds(const pw_corr *c, uint32_t patch, uint32_t host, uint32_t o)
{
    int64_t t = c->patches[patch].host_ts[host];
    uint32_t win[3];
    if (t == INT64_MAX || !windows_of(c, win)) return false;
    uint32_t th = hour_of(t);
    return o >= th + (uint32_t)c->cfg.reboot_grace_hours && o < th + win[0] + 1;
}

/* Whether the one casualty behind a single-casualty pass of (patch, sig) had another update (not recurring,
 * not among comp) installed on it whose treated window holds the onset too. Its recurrence is then evidence
 * for every update installed on it, and which of them passes first is a matter of whose host-time is the
 * smaller at that hour: a signature family's third hour made a benign update of the same session pass one
 * hour before the bad one (lower bound 1.13 against 0.99 at a threshold of 1), and the first one named stays
 * named (tv-20-hyperv-250). The rule "a single casualty names none of several updates installed on it"
 * (blame) then applies to these too, except where the onset came in patch's first day and the other had run
 * for a day without it (first_day_pick). Cost: the signature's pairs and the patches, once per passing single
 * casualty. */
static bool single_casualty_shared(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t H, const uint32_t *comp,
                                   uint32_t ncomp)
{
    uint32_t W = (uint32_t)c->cfg.window_hours, g = (uint32_t)c->cfg.reboot_grace_hours;
    uint32_t host, o;
    if (!single_casualty(c, patch, sig, H, &host, &o)) return false;
    double sp = share_at(c, patch, host, o, H);
    if (!(sp > 0.0)) return false;
    bool first = first_day_holds(c, patch, host, o);
    for (uint32_t q = 0; q < c->npatches; q++) {
        const corr_patch *qp = &c->patches[q];
        bool in_comp = false;
        for (uint32_t k = 0; k < ncomp && !in_comp; k++) in_comp = comp[k] == q;
        if (q == patch || in_comp || patch_recurring(qp) || qp->host_ts[host] == INT64_MAX) continue;
        uint32_t th = hour_of(qp->host_ts[host]);
        if (o < th + g || o >= th + W) continue;
        if (first && !first_day_holds(c, q, host, o)) continue; /* it had run a day without the symptom */
        if (cannot_touch(c, q, sig) && !cannot_touch(c, patch, sig))
            continue; /* of a kind that cannot touch it (patch_scope.c) */
        /* the onset is one draw: Q explains it within one unit of log-likelihood of P (the forward selection's
         * margin) when its share of host-time is at most e times P's; an update on the whole fleet (a share
         * many times P's) is no rival, and P is named as before */
        double sq = share_at(c, q, host, o, H);
        if (sq > 0.0 && log(sq / sp) < 1.0) return true;
    }
    return false;
}

/* One casualty passes for several updates installed on it (its recurrence is evidence for each), and its onset
 * came in the first day of exactly one of them, while the host had run each of the others for a day or more
 * without the symptom: that one (its index in comp), else -1. Regressions mostly show at the first boot or the
 * first use after the install; a host that ran an update for a day unharmed is evidence against it, and the
 * host-time likelihood cannot say so (the first day and days 2-3 are separate pieces with their own rates, so
 * one onset 8 h after one update and 31 h after another separates them by ln 2, under the one-unit margin). The
 * bad update of fresh-11 waited 68 h for its second casualty that way. Not when another is already alerted
 * (the one named stays until the data can tell) or the updates came in one session (both first days hold it:
 * the order of one session is nobody's choice). Cost: a slow symptom (days 2-3) whose casualty took a benign
 * update the day before the onset names the benign one until a second casualty lets the joint model choose. */
static int first_day_pick(pw_corr *c, uint32_t sig, uint32_t H, const uint32_t *comp, uint32_t ncomp,
                          corr_cand *const *cc)
{
    uint32_t host = CORR_NONE, o = CORR_NONE;
    int f = -1;
    bool can = false; /* one of them is of a kind that can touch the symptom (patch_scope.c) */
    for (uint32_t k = 0; k < ncomp; k++)
        can |= cc[k]->passing && !cannot_touch(c, comp[k], sig);
    for (uint32_t k = 0; k < ncomp; k++) {
        if (!cc[k]->passing && !cc[k]->alerted) continue;
        if (cc[k]->alerted) return -1;
        if (can && cannot_touch(c, comp[k], sig)) continue;
        uint32_t hk, ok;
        if (!single_casualty(c, comp[k], sig, H, &hk, &ok)) return -1;
        if (host == CORR_NONE) {
            host = hk;
            o = ok;
        } else if (hk != host || ok != o) {
            return -1;
        }
        if (first_day_holds(c, comp[k], host, o)) {
            if (f >= 0) return -1;
            f = (int)k;
        }
    }
    return f;
}

/* cd's alert was withdrawn because by explains its signature: the same patch's alerts on other signatures of the
 * same event (provider and code) that rest on a single casualty go with it. The miner names an event's first
 * casualty by its exact text (a volume's name) before it generalises the template; that signature keeps its one
 * host, so the data that later chose between the updates never reach it, and its alert stood to the end
 * (study-13: a benign update named on the first casualty, withdrawn on the general signature four hours later,
 * stood on the exact one). Cost: the candidates, once per withdrawal. */
/* x is an alerted candidate of cd's patch on another signature of the same event (provider and code). */
static bool alerted_sibling(const pw_corr *c, const corr_cand *cd, const corr_cand *x)
{
    const corr_sig *s = &c->sigs[cd->sig], *q = &c->sigs[x->sig];
    return s->family && x != cd && x->patch == cd->patch && x->sig != cd->sig && x->alerted && q->family == s->family &&
           !strcmp(q->provider, s->provider) && !strcmp(q->code, s->code);
}

static int withdraw_siblings(pw_corr *c, const corr_cand *cd, const corr_cand *by, uint32_t H, pw_corr_alert_fn fn,
                             void *ud, pw_error *err)
{
    for (uint32_t i = 0; i < c->ncands; i++) {
        corr_cand *x = &c->cands[i];
        if (!alerted_sibling(c, cd, x) || x->res.a >= c->cfg.min_hosts) continue;
        if (corr_alert_withdraw(c, x, c->patches[by->patch].id, cd->joint_p, by->joint_p, H, fn, ud, err)) return -1;
    }
    return 0;
}

/* Onsets of s before hour H on every host: an alert's first day, hourly (O(pairs x log onsets)). */
#define CORR_REVISIT_HOURS 24
static uint32_t onsets_before(const pw_corr *c, const corr_sig *s, uint32_t H)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->npairs; i++) {
        const corr_pair *pr = &c->pairs[s->pairs[i]];
        n += corr_lower_bound(pr->onsets, pr->nonsets, H);
    }
    return n;
}

/* cd's alert was withdrawn for an incident: the same patch's open alerts on other signatures of the same event are
 * tested again at their next hour, when the family's incident strata (eval_window) are known and reach them. An
 * exact-text signature holds too few of the outage's onsets to show it alone, and nothing else makes it due
 * before its counts change (st7i-07: the general 5120 signature withdrawn at 14:00, its 'Volume3' signature's
 * alert on the same two hosts stood until it resolved). Cost: the candidates, once per withdrawal. */
static void revisit_siblings(pw_corr *c, const corr_cand *cd)
{
    for (uint32_t i = 0; i < c->ncands; i++)
        if (alerted_sibling(c, cd, &c->cands[i])) c->cands[i].last_eval = CORR_NONE;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int corr_evaluate(pw_corr *c, uint32_t H, pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    if (corr_refresh_onsets(c)) return pw_error_set(err, PW_ERR_NOMEM, "out of memory computing onsets");
    uint32_t W = (uint32_t)c->cfg.window_hours;
    uint32_t *dirty_sigs = NULL, ndirty = 0, dirty_cap = 0;
    int rc = -1;
    for (uint32_t pi = 0; pi < c->npatches; pi++) {
        corr_patch *p = &c->patches[pi];
        if (!p->nhosts || hour_of(p->first_ts) >= H || patch_recurring(p)) continue;
        if (H > hour_of(p->last_ts) + W + 2) continue; /* no treated window is open any more */
        /* treated onset hosts per signature, counting each host once: kept per (patch, signature) as onsets
         * and installs change (cohort_store.c), so this hourly pass no longer scans every patched host */
        uint32_t ntouched;
        if (corr_treated_sigs(c, pi, H, &ntouched)) goto nomem;
        for (uint32_t i = 0; i < ntouched; i++) {
            uint32_t sig = c->treated[i].sig;
            uint32_t a = c->treated[i].hosts;
            /* one host is enough to look at when the signature is new to the fleet since this patch (the
             * single-host path, re-checked hourly while it recurs); otherwise min_hosts */
            bool one = a == 1 && c->cfg.single_host_hours > 0 && c->sigs[sig].first_hour >= hour_of(p->first_ts);
            if (a < (uint32_t)c->cfg.min_hosts && !one) continue;
            corr_cand *cd;
            if (cand_get(c, pi, sig, &cd)) goto nomem;
            /* in its first day an open alert is tested again when any host, patched or not, shows the signature
             * anew: unpatched onsets do not change a, and an outage's, which make the alert's hours an incident,
             * waited a day. Only the first day: on a busy signature of a large fleet every hour brings onsets, and
             * a retest each hour for the whole rollout made evaluation at 10,000 hosts 1.4x dearer */
            uint32_t nons = cd->alerted && H <= cd->alerted_hour + CORR_REVISIT_HOURS
                                ? onsets_before(c, &c->sigs[sig], H)
                                : cd->last_onsets;
            /* hourly while it does not pass and the single-host path may still apply: one host, or more
             * while the signature is new to the fleet since this patch, for two days after the first onset
             * (its recurrence grows by the hour; a few novel signatures at a time, so little cost) */
            bool due = a != cd->last_a || cd->last_eval == CORR_NONE || H - cd->last_eval >= 24 ||
                       nons != cd->last_onsets ||
                       (!cd->passing && (a < (uint32_t)c->cfg.min_hosts ||
                                         (c->cfg.single_host_hours > 0 && cd->res.first_onset != CORR_NONE &&
                                          H <= cd->res.first_onset + 48 &&
                                          c->sigs[sig].first_hour >= hour_of(p->first_ts))));
            /* and while a report names P and S (corroborated_test): hourly for three days after the first
             * onset, since a casualty's failing for a day can decide it at any hour, and at the hour the report
             * itself becomes visible. Only when the report names S strictly (event id or error code), because
             * only then can corroborated_test pass: a report linked by its component word alone made every
             * signature of that component re-evaluated hourly, 1.6x the evaluation cost at 10,000 hosts. */
            if (!due && !cd->passing && corr_cand_linked(c, cd, H) &&
                ((cd->res.first_onset != CORR_NONE && H <= cd->res.first_onset + 72) ||
                 cd->link_ts > (int64_t)cd->last_eval * CORR_HOUR_US))
                due = corr_patch_corroborated_by(c, pi, sig, H) >= 0;
            if (!due) continue;
            cd->last_a = a;
            cd->last_eval = H;
            cd->last_onsets = nons;
            c->skip_incident_p = !cd->alerted && !c->debug;
            int erc = eval_best(c, pi, sig, H, &cd->res);
            c->skip_incident_p = false;
            if (erc) goto nomem;
            cd->ninc_strata = 0; /* the strata its all-hosts tests found now, for the joint model (blame) */
            for (int q = 0; q < 3; q++) {
                const corr_incident_strata *is = &c->incident_all[q];
                if (is->patch != pi || is->sig != sig || is->H != H) continue;
                for (uint32_t i = 0; i < is->n && cd->ninc_strata < 32; i++) {
                    bool dup = false;
                    for (uint32_t j = 0; j < cd->ninc_strata && !dup; j++) dup = cd->inc_strata[j] == is->strata[i];
                    if (!dup) cd->inc_strata[cd->ninc_strata++] = is->strata[i];
                }
            }
            cd->passing = cd->res.pass;
            if (cd->alerted && !cd->passing && cd->res.inc_a > 0 && 2 * cd->res.inc_a >= cd->res.a) {
                /* revisited: most of what it rested on fell in an incident's hours, and compared within them
                 * the patched hosts show no excess. Withdrawn with that reason, not left open to resolve. */
                if (corr_alert_withdraw_incident(c, cd, &cd->res, H, fn, ud, err)) goto out;
                revisit_siblings(c, cd);
                continue;
            }
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
        /* A candidate passing only on its casualties' recurrence (the single-host path) is no competitor for
         * one that passes the rate test: the recurrence is the same few hosts' for every update installed on
         * them, the rate test is evidence about this update (fresh-06: the .NET update and a day-before one
         * passed on the bad one's two casualties and tied with it for four days) */
        bool regular = false;
        for (uint32_t k = 0; k < c->ncands && !regular; k++) {
            const corr_cand *cd = &c->cands[k];
            regular = cd->sig == sig && cd->passing && !cd->res.single;
        }
        for (uint32_t k = 0; k < c->ncands && ncomp < 64; k++) {
            corr_cand *cd = &c->cands[k];
            if (cd->sig != sig || !(cd->passing || cd->alerted)) continue;
            if (regular && !cd->alerted && cd->res.single) continue;
            comp[ncomp] = cd->patch;
            cc[ncomp++] = cd;
        }
        if (c->debug)
            for (uint32_t k = 0; k < ncomp; k++)
                fprintf(stderr, "blame H=%u sig=%u %s passing=%d alerted=%d\n", H, sig, c->patches[comp[k]].id, cc[k]->passing, cc[k]->alerted);
        bool survive[64];
        uint8_t by_report[64];
        int explained[64];
        if (blame(c, sig, H, comp, ncomp, cc, survive, explained, by_report)) goto nomem;
        for (uint32_t k = 0; k < ncomp; k++) /* a single casualty another update was installed on names neither */
            if (survive[k] && !cc[k]->alerted && cc[k]->res.single && cc[k]->res.a < c->cfg.min_hosts &&
                !cc[k]->res.linked && !corr_patch_reported(c, comp[k], H) &&
                (cc[k]->withdrawn || single_casualty_shared(c, comp[k], sig, H, comp, ncomp)))
                survive[k] = false; /* nor does it reopen what a better explanation withdrew */
        for (uint32_t k = 0; k < ncomp; k++) {
            int sh = survive[k] && !cc[k]->alerted ? scope_shadowed(c, comp[k], sig, H) : 0;
            if (sh < 0) goto nomem;
            if (sh) survive[k] = false;
        }
        for (uint32_t k = 0; k < ncomp; k++) {
            if (!survive[k] && explained[k] >= 0) {
                /* a better explanation: withdraw what was said about this one (no-op when nothing was) */
                const corr_cand *by = cc[explained[k]];
                int wrc = !cc[k]->alerted ? 0
                          : by_report[k] == CORR_WHY_SCOPE
                              ? corr_alert_withdraw_scope(c, cc[k], c->patches[by->patch].id, H, fn, ud, err)
                          : by_report[k] == CORR_WHY_LIKELIHOOD
                              ? corr_alert_withdraw_likelihood(c, cc[k], c->patches[by->patch].id, cc[k]->joint_gain,
                                                               by->joint_gain, H, fn, ud, err)
                          : by_report[k] == CORR_WHY_REPORT ? corr_alert_withdraw_report(c, cc[k], c->patches[by->patch].id, cc[k]->joint_p,
                                                                      by->joint_p, H, fn, ud, err)
                                         : corr_alert_withdraw(c, cc[k], c->patches[by->patch].id, cc[k]->joint_p,
                                                               by->joint_p, H, fn, ud, err);
                if (wrc || withdraw_siblings(c, cc[k], by, H, fn, ud, err)) goto out;
                continue;
            }
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
    free(dirty_sigs);
    return rc;
}
