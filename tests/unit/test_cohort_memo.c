/* test_cohort_memo: what the evaluation remembers between tests must give what a fresh computation gives, bit
 * for bit, or the alerts would change with the order in which questions were asked:
 *  - cohort_stats.c: lgamma(i + 1) from a per-thread table, and the lower bound's bisection stopping once its
 *    ends are adjacent doubles, against the same formulas with direct lgamma calls and all 80 steps;
 *  - corr_cand_linked (cohort_store.c): the earliest advisory naming a candidate's patch and symptom, against
 *    corr_linked_advisories' search, as advisories arrive (later, earlier, naming only the patch or only the
 *    symptom) and the hour moves both ways;
 *  - cohort.c: a candidate's test carried hour by hour (its counts, the exposure entry it remembers, strata
 *    arrays grown by doubling, the next unpatched ring looked up only when an install was crossed) against a
 *    fresh engine that is given the same records and asked once, with installs and failures read late,
 *    inventory roles and rings, and an advisory arriving midway. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/cohort_model.h"
#include "correlate/cohort_stats.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */

/* ---- the statistics as they were computed before the table and the early stop ---- */

static double ref_log_choose(int64_t n, int64_t k)
{
    return lgamma((double)n + 1.0) - lgamma((double)k + 1.0) - lgamma((double)(n - k) + 1.0);
}

static double ref_pmf(int64_t n, int64_t k, double p)
{
    if (k < 0 || k > n) return 0.0;
    if (p <= 0.0) return k == 0 ? 1.0 : 0.0;
    if (p >= 1.0) return k == n ? 1.0 : 0.0;
    return exp(ref_log_choose(n, k) + (double)k * log(p) + (double)(n - k) * log1p(-p));
}

static double ref_upper(int64_t n, int64_t k, double p)
{
    if (k <= 0) return 1.0;
    if (k > n) return 0.0;
    if (p <= 0.0) return 0.0;
    if (p >= 1.0) return 1.0;
    double ratio = p / (1.0 - p), sum, t;
    if ((double)k > (double)n * p) {
        t = ref_pmf(n, k, p);
        sum = t;
        for (int64_t i = k; i < n && t > sum * 1e-17; i++) {
            t *= (double)(n - i) / (double)(i + 1) * ratio;
            sum += t;
        }
        return sum > 1.0 ? 1.0 : sum;
    }
    t = ref_pmf(n, k - 1, p);
    sum = t;
    for (int64_t i = k - 1; i > 0 && t > sum * 1e-17; i--) {
        t *= (double)i / (double)(n - i + 1) / ratio;
        sum += t;
    }
    return sum >= 1.0 ? 0.0 : 1.0 - sum;
}

static int ref_informative(const pw_stratum *s) { return s->t1 > 0.0 && s->t0 > 0.0 && s->a + s->c > 0; }

/* the convolution with lgamma called for every entry of its table at every call (strata small: no normal
 * approximation in these tests) */
static double ref_pvalue(const pw_stratum *s, size_t n, double rr)
{
    int64_t a_obs = 0, total = 0;
    size_t ninf = 0, last = 0;
    for (size_t i = 0; i < n; i++)
        if (ref_informative(&s[i])) {
            a_obs += s[i].a;
            total += s[i].a + s[i].c;
            ninf++;
            last = i;
        }
    if (a_obs <= 0) return 1.0;
    if (ninf == 1) return ref_upper(total, a_obs, rr * s[last].t1 / (rr * s[last].t1 + s[last].t0));
    ck_assert_int_le(total, 1000);
    static double dist[1001], next[1001], lg[1001];
    for (int64_t i = 0; i <= total; i++) lg[i] = lgamma((double)i + 1.0);
    int64_t span = 0;
    dist[0] = 1.0;
    for (size_t i = 0; i < n; i++) {
        if (!ref_informative(&s[i])) continue;
        int64_t m = s[i].a + s[i].c;
        double pi = rr * s[i].t1 / (rr * s[i].t1 + s[i].t0);
        memset(next, 0, sizeof(double) * (size_t)(span + m + 1));
        bool edge = pi <= 0.0 || pi >= 1.0;
        double lp = edge ? 0.0 : log(pi), lq = edge ? 0.0 : log1p(-pi);
        for (int64_t k = 0; k <= m; k++) {
            double pk = edge ? ref_pmf(m, k, pi) : exp(lg[m] - lg[k] - lg[m - k] + (double)k * lp + (double)(m - k) * lq);
            if (pk == 0.0) continue;
            for (int64_t j = 0; j <= span; j++) next[k + j] += dist[j] * pk;
        }
        span += m;
        memcpy(dist, next, sizeof(double) * (size_t)(span + 1));
    }
    double tail = 0.0;
    for (int64_t k = a_obs; k <= span; k++) tail += dist[k];
    return tail > 1.0 ? 1.0 : tail;
}

static double ref_rr_lower(const pw_stratum *s, size_t n, double confidence)
{
    double alpha = 1.0 - confidence;
    int any = 0;
    for (size_t i = 0; i < n; i++) any |= ref_informative(&s[i]) && s[i].a > 0;
    if (!any) return 0.0;
    double lo = log(1e-6), hi = log(1e6);
    if (ref_pvalue(s, n, exp(lo)) >= alpha) return 0.0;
    if (ref_pvalue(s, n, exp(hi)) < alpha) return exp(hi);
    for (int it = 0; it < 80; it++) { /* every step, even when lo and hi can no longer move */
        double mid = 0.5 * (lo + hi);
        if (ref_pvalue(s, n, exp(mid)) < alpha) lo = mid;
        else hi = mid;
    }
    return exp(0.5 * (lo + hi));
}

START_TEST(test_table_and_early_stop_give_the_direct_computation_bit_for_bit)
{
    srand(1204u);
    /* a single stratum beyond the table first (it must not fill the table with anything else), then small
     * and larger strata in random order, so the table is filled piecemeal */
    pw_stratum big = {3000, 2500, 40.0, 900.0};
    ck_assert(pw_cohort_binom_upper(6000, 3100, 0.51) == ref_upper(6000, 3100, 0.51));
    ck_assert(pw_cohort_pvalue(&big, 1, 2.0) == ref_pvalue(&big, 1, 2.0));
    int checked = 0;
    for (int round = 0; round < 300; round++) {
        pw_stratum s[4];
        size_t n = 1 + (size_t)(rand() % 4);
        int scale = round % 3 == 0 ? 3 : round % 3 == 1 ? 30 : 150;
        for (size_t i = 0; i < n; i++) {
            s[i].a = rand() % (scale + 1);
            s[i].c = rand() % (scale + 1);
            s[i].t1 = (double)(1 + rand() % 500);
            s[i].t0 = rand() % 7 == 0 ? 0.0 : (double)(1 + rand() % 20000);
        }
        double rr = exp((double)(rand() % 2000 - 1000) / 200.0);
        ck_assert_msg(pw_cohort_pvalue(s, n, rr) == ref_pvalue(s, n, rr), "round %d: p-value differs", round);
        double conf = round % 2 ? 0.999 : 0.95;
        double got = pw_cohort_rr_lower(s, n, conf), want = ref_rr_lower(s, n, conf);
        ck_assert_msg(got == want, "round %d: lower bound %.17g, the 80-step bisection %.17g", round, got, want);
        checked += got > 0.0;
        int64_t bn = rand() % 400, bk = rand() % (bn + 2);
        double bp = (double)(rand() % 1000) / 1000.0;
        ck_assert(pw_cohort_binom_upper(bn, bk, bp) == ref_upper(bn, bk, bp));
    }
    ck_assert_int_gt(checked, 50); /* the bounds were mostly real ones, not the early 0 */
}
END_TEST

/* ---- corr_cand_linked ---- */

static void advisory(pw_corr *c, const char *id, int64_t published, const char *kb, const char *event_id)
{
    pw_advisory a;
    pw_advisory_init(&a);
    a.id = strdup(id);
    a.source = strdup("test");
    a.title = strdup("a report");
    a.status = strdup("known-issue");
    a.published = published;
    if (kb) pw_strlist_add(&a.kb, kb);
    if (event_id) pw_strlist_add(&a.event_ids, event_id);
    pw_error err = {0};
    ck_assert_msg(pw_corr_add_advisory(c, &a, &err) == 0, "%s", err.msg);
    pw_advisory_free(&a);
}

static void install(pw_corr *c, int host, int64_t ts, int kb)
{
    char title[64];
    snprintf(title, sizeof title, "2026-07 Cumulative Update (KB599999%d)", kb);
    add(c, host, ts, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful", title);
}

static void failure(pw_corr *c, int host, int64_t ts, const char *code)
{
    add(c, host, ts, "Microsoft-Windows-FailoverClustering", code, "error", "A failure the test made up.", NULL);
}

static uint32_t sig_by_code(const pw_corr *c, const char *code)
{
    for (uint32_t i = 0; i < c->nsigs; i++)
        if (c->sigs[i].code && strcmp(c->sigs[i].code, code) == 0) return i;
    ck_abort_msg("no signature %s", code);
    return 0;
}

/* every hour of the span, upwards and then downwards, memo against the search */
static void check_linked(pw_corr *c, corr_cand *cd, uint32_t h0, uint32_t h1, int *agree_true)
{
    for (int dir = 0; dir < 2; dir++)
        for (uint32_t i = 0; i <= h1 - h0; i++) {
            uint32_t H = dir == 0 ? h0 + i : h1 - i;
            bool want = corr_linked_advisories(c, cd->patch, cd->sig, H, NULL) > 0;
            ck_assert_msg(corr_cand_linked(c, cd, H) == want, "hour %u: memo %d, search %d", H, !want, want);
            *agree_true += want;
        }
}

START_TEST(test_linked_memo_matches_the_search_as_advisories_arrive)
{
    pw_corr *c = corr_engine();
    install(c, 0, T0 + 10 * H_US, 1);
    install(c, 1, T0 + 10 * H_US, 2);
    failure(c, 0, T0 + 20 * H_US, "5120");
    failure(c, 0, T0 + 21 * H_US, "1135");
    uint32_t p1, p2;
    ck_assert_int_eq(corr_patch_find(c, "KB5999991", &p1), 0);
    ck_assert_int_eq(corr_patch_find(c, "KB5999992", &p2), 0);
    corr_cand cd = {.patch = p1, .sig = sig_by_code(c, "5120")};
    corr_cand other = {.patch = p2, .sig = sig_by_code(c, "5120")};
    corr_cand sym2 = {.patch = p1, .sig = sig_by_code(c, "1135")};
    uint32_t h0 = (uint32_t)(T0 / H_US), h1 = h0 + 200;
    int yes = 0;
    check_linked(c, &cd, h0, h1, &yes); /* no advisory at all */
    ck_assert_int_eq(yes, 0);
    advisory(c, "patch-only", T0 + 30 * H_US, "KB5999991", NULL);  /* names the patch, not the symptom */
    advisory(c, "symptom-only", T0 + 31 * H_US, NULL, "5120");     /* the symptom, no patch */
    advisory(c, "other-patch", T0 + 32 * H_US, "KB5999992", "5120");
    check_linked(c, &cd, h0, h1, &yes);
    ck_assert_int_eq(yes, 0);
    advisory(c, "late", T0 + 150 * H_US, "KB5999991", "5120");     /* both, visible from hour 150 */
    check_linked(c, &cd, h0, h1, &yes);
    ck_assert_int_gt(yes, 0);
    ck_assert_int_eq(cd.link_ts, T0 + 150 * H_US);
    advisory(c, "earlier", T0 + 60 * H_US, "kb5999991", "5120");   /* read after it, published before it */
    yes = 0;
    check_linked(c, &cd, h0, h1, &yes);
    ck_assert_int_eq(yes, 2 * (200 - 60 + 1));
    ck_assert_int_eq(cd.link_ts, T0 + 60 * H_US);
    advisory(c, "later-still", T0 + 190 * H_US, "KB5999991", "5120"); /* changes nothing */
    check_linked(c, &cd, h0, h1, &yes);
    check_linked(c, &other, h0, h1, &yes); /* the other patch: linked from hour 32 */
    ck_assert_int_eq(other.link_ts, T0 + 32 * H_US);
    int none = 0;
    check_linked(c, &sym2, h0, h1, &none); /* 1135 is named by nobody */
    ck_assert_int_eq(none, 0);
    pw_corr_free(c);
}
END_TEST

/* ---- a test carried hour by hour against a fresh engine ---- */

typedef struct rec {
    int64_t ts;
    uint32_t arrival; /* hour (since T0) from which the engine has it */
    int host, kind;   /* kind: 0 chronic, 1 install KB5999991, 2 install KB5999992, 3 reboot, 4 5120, 5 7031 */
} rec;

enum { FLEET = 24, DAYS = 16 };

static size_t records(rec *v, size_t cap)
{
    size_t n = 0;
    srand(4242u);
#define PUT(t, arr, h, k)                                                                                             \
    do {                                                                                                              \
        ck_assert_uint_lt(n, cap);                                                                                    \
        v[n++] = (rec){(t), (uint32_t)(arr), (h), (k)};                                                               \
    } while (0)
    for (int h = 0; h < FLEET; h++) {
        int ring = h % 3, day = 5 + 2 * ring;
        int64_t inst = T0 + (int64_t)day * 24 * H_US + 3 * H_US + h * 60000000LL;
        int64_t inst2 = inst - 24 * H_US; /* the benign update a day before, on the same hosts */
        for (int hr = 0; hr < DAYS * 24; hr++) PUT(T0 + hr * H_US + h * 1000000LL, hr, h, 0);
        /* KB5999992's last ring is read 30 hours late; one host's KB5999991 install too */
        PUT(inst2, (inst2 - T0) / H_US + (ring == 2 ? 30 : 0), h, 2);
        PUT(inst, (inst - T0) / H_US + (h == 4 ? 20 : 0), h, 1);
        PUT(inst + 600000000LL, (inst - T0) / H_US, h, 3);
        if (h % 2 == 0) /* cluster nodes: 5120 from 4 h after the bad install, every 3 hours, on half of them */
            for (int64_t t = inst + 4 * H_US; t < T0 + DAYS * 24 * H_US && h % 4 == 0; t += 3 * H_US)
                PUT(t, (t - T0) / H_US + (h == 8 ? 6 : 0), h, 4); /* host 8's read 6 h late */
        for (int k = 0; k < 6; k++) { /* a background failure on every host now and then */
            int64_t t = T0 + (int64_t)(rand() % (DAYS * 24)) * H_US + 1800000000LL;
            PUT(t, (t - T0) / H_US + (rand() % 4 == 0 ? 10 : 0), h, 5);
        }
    }
    /* an incident: 7031 on many hosts in one afternoon */
    for (int h = 0; h < FLEET; h += 2) PUT(T0 + 9 * 24 * H_US + 14 * H_US + h * 60000000LL, 9 * 24 + 14, h, 5);
#undef PUT
    return n;
}

static void feed(pw_corr *c, const rec *v, size_t n, uint32_t from, uint32_t upto)
{
    static const char *codes[] = {NULL, NULL, NULL, NULL, "5120", "7031"};
    for (size_t i = 0; i < n; i++) {
        if (v[i].arrival < from || v[i].arrival >= upto) continue;
        if (v[i].kind == 0) add(c, v[i].host, v[i].ts, "disk", "153", "warning", "chronic", NULL);
        else if (v[i].kind <= 2) install(c, v[i].host, v[i].ts, v[i].kind);
        else if (v[i].kind == 3)
            add(c, v[i].host, v[i].ts, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        else failure(c, v[i].host, v[i].ts, codes[v[i].kind]);
    }
}

static void inventory(pw_corr *c)
{
    json_t *hosts = json_array();
    for (int h = 0; h < FLEET; h++) {
        char name[16], ring[8];
        snprintf(name, sizeof name, "srv%02d", h);
        snprintf(ring, sizeof ring, "%d", h % 3);
        json_array_append_new(hosts, json_pack("{s:s, s:s, s:s}", "name", name, "role", h % 2 ? "web" : "cluster",
                                               "ring", ring));
    }
    json_t *doc = json_pack("{s:o}", "hosts", hosts);
    pw_error err = {0};
    ck_assert_msg(pw_corr_set_inventory(c, doc, "inventory.yaml", &err) == 0, "%s", err.msg);
    json_decref(doc);
}

static void same_result(const corr_result *x, const corr_result *y, uint32_t H, const char *what)
{
    ck_assert_msg(x->a == y->a && x->c == y->c && x->treated_total == y->treated_total &&
                      x->control_total == y->control_total && x->at_risk == y->at_risk &&
                      x->first_onset == y->first_onset && x->next_ring == y->next_ring && x->window == y->window,
                  "hour %u %s: counts a=%lld/%lld c=%lld/%lld treated %lld/%lld ring %d/%d window %u/%u", H, what,
                  (long long)x->a, (long long)y->a, (long long)x->c, (long long)y->c, (long long)x->treated_total,
                  (long long)y->treated_total, x->next_ring, y->next_ring, x->window, y->window);
    ck_assert_msg(x->pass == y->pass && x->linked == y->linked && x->single == y->single && x->inc_a == y->inc_a &&
                      x->inc_c == y->inc_c && strcmp(x->group, y->group) == 0,
                  "hour %u %s: pass %d/%d linked %d/%d", H, what, x->pass, y->pass, x->linked, y->linked);
    ck_assert_msg(x->rr_lower == y->rr_lower && x->rr_strat == y->rr_strat && x->rr_mh == y->rr_mh &&
                      x->threshold == y->threshold && x->confidence == y->confidence,
                  "hour %u %s: bound %.17g/%.17g strat %.17g/%.17g", H, what, x->rr_lower, y->rr_lower, x->rr_strat,
                  y->rr_strat);
}

/* _i == 0: as a live correlator, the records arriving between evaluations (every arrival changes the facts
 * behind the exposure, which is then rebuilt, and late onsets restart a candidate's counts); _i == 1: as a
 * replay, every record first and then the clock (the exposure and the counts carried from hour to hour). */
START_TEST(test_carried_tests_match_a_fresh_engine_hour_by_hour)
{
    static rec v[20000];
    size_t n = records(v, sizeof v / sizeof v[0]);
    bool live = _i == 0;
    pw_corr *a = corr_engine();
    inventory(a);
    got g = {0};
    pw_error err = {0};
    uint32_t hstart = (uint32_t)(T0 / H_US), fed = 0, compared = 0, passed = 0, linked = 0, rings = 0;
    int last_ring = -2;
    if (!live) {
        feed(a, v, n, 0, UINT32_MAX);
        advisory(a, "report", T0 + 8 * 24 * H_US, "KB5999991", "5120");
    }
    for (uint32_t hr = 96; hr <= DAYS * 24 + 24; hr += 11) {
        if (live) {
            feed(a, v, n, fed, hr);
            if (fed <= 8 * 24 && hr > 8 * 24) advisory(a, "report", T0 + 8 * 24 * H_US, "KB5999991", "5120");
        }
        fed = hr;
        ck_assert_msg(pw_corr_advance(a, T0 + (int64_t)hr * H_US, collect, &g, &err) == 0, "%s", err.msg);
        got_free(&g);
        pw_corr *b = corr_engine(); /* everything a has, asked once */
        inventory(b);
        feed(b, v, n, 0, live ? hr : UINT32_MAX);
        if (!live || hr > 8 * 24) advisory(b, "report", T0 + 8 * 24 * H_US, "KB5999991", "5120");
        ck_assert_int_eq(corr_refresh_onsets(a), 0);
        ck_assert_int_eq(corr_refresh_onsets(b), 0);
        uint32_t H = hstart + hr;
        for (uint32_t k = 0; k < a->ncands; k++) {
            const corr_cand *cd = &a->cands[k];
            uint32_t pb, sb = sig_by_code(b, a->sigs[cd->sig].code);
            ck_assert_int_eq(corr_patch_find(b, a->patches[cd->patch].id, &pb), 0);
            static const char *roles[] = {NULL, "cluster", "web"};
            for (int q = 0; q < 3; q++) {
                corr_result ra, rb;
                ck_assert_int_eq(corr_eval_pair(a, cd->patch, cd->sig, H, roles[q], 3, &ra), 0);
                ck_assert_int_eq(corr_eval_pair(b, pb, sb, H, roles[q], 3, &rb), 0);
                char what[96];
                snprintf(what, sizeof what, "%s %s %s", a->patches[cd->patch].id, a->sigs[cd->sig].code,
                         roles[q] ? roles[q] : "fleet");
                same_result(&ra, &rb, H, what);
                compared++;
                if (ra.next_ring != last_ring) rings++;
                last_ring = ra.next_ring;
                passed += ra.pass;
                linked += ra.linked;
            }
        }
        pw_corr_free(b);
    }
    /* the comparison had substance: candidates, passes, and the report linked */
    ck_assert_uint_gt(compared, 100);
    ck_assert_uint_gt(passed, 5);
    ck_assert_uint_gt(linked, 5);
    ck_assert_uint_gt(rings, 3); /* the ring to hold moved as the rings installed */
    pw_corr_free(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_memo");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_table_and_early_stop_give_the_direct_computation_bit_for_bit);
    tcase_add_test(tc, test_linked_memo_matches_the_search_as_advisories_arrive);
    tcase_add_loop_test(tc, test_carried_tests_match_a_fresh_engine_hour_by_hour, 0, 2);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
