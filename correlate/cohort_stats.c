/* cohort_stats: exact stratified test and confidence bound on the incidence rate ratio (see cohort_stats.h).
 *
 * Cost: one p-value is a convolution over the informative strata, O(N^2) in the number N of onsets; the bound
 * is 80 bisection steps on log(rr). Onsets of one (patch, signature) pair are tens, so this is microseconds.
 * The scratch arrays are on the stack up to a small size and malloc'd beyond; on allocation failure the
 * normal approximation is used instead (never a crash, never a wrong "significant").
 *
 * lgamma(i + 1) comes from a per-thread table filled on first use (lg_fact): the very values lgamma returns,
 * so every p-value and bound is bit for bit what the direct calls gave; it only saves the calls (three per
 * binomial term, one per onset and p-value in the convolution: a quarter of a test's cost on small fleets,
 * where the lower bound's 80 bisection steps each paid them again). */
#include "correlate/cohort_stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Entries of the table: the convolution never needs more (PW_COHORT_MAX_EXACT onsets); a larger single
 * stratum calls lgamma as before. 32 KB per thread that tests (correlator threads of `patchwatch run`). */
#define LG_TABLE (PW_COHORT_MAX_EXACT + 1)
static _Thread_local double lg_tab[LG_TABLE];
static _Thread_local int64_t lg_filled; /* lg_tab[0, lg_filled) hold lgamma(i + 1) */

/* lgamma(i + 1.0), i >= 0: from the table when it fits (filled up to i on first need), else computed. */
static double lg_fact(int64_t i)
{
    if (i < lg_filled) return lg_tab[i];
    if (i >= LG_TABLE) return lgamma((double)i + 1.0);
    for (; lg_filled <= i; lg_filled++) lg_tab[lg_filled] = lgamma((double)lg_filled + 1.0);
    return lg_tab[i];
}

static double log_choose(int64_t n, int64_t k)
{
    return lg_fact(n) - lg_fact(k) - lg_fact(n - k);
}

static double binom_pmf(int64_t n, int64_t k, double p)
{
    if (k < 0 || k > n) return 0.0;
    if (p <= 0.0) return k == 0 ? 1.0 : 0.0;
    if (p >= 1.0) return k == n ? 1.0 : 0.0;
    return exp(log_choose(n, k) + (double)k * log(p) + (double)(n - k) * log1p(-p));
}

double pw_cohort_binom_upper(int64_t n, int64_t k, double p)
{
    if (k <= 0) return 1.0;
    if (k > n) return 0.0;
    if (p <= 0.0) return 0.0;
    if (p >= 1.0) return 1.0;
    double ratio = p / (1.0 - p), sum, t;
    if ((double)k > (double)n * p) {
        /* the upper tail is the small side: sum upwards from k until the terms vanish */
        t = binom_pmf(n, k, p);
        sum = t;
        for (int64_t i = k; i < n && t > sum * 1e-17; i++) {
            t *= (double)(n - i) / (double)(i + 1) * ratio;
            sum += t;
        }
        return sum > 1.0 ? 1.0 : sum;
    }
    /* the upper tail is large: 1 - P(X <= k-1), summing downwards from k-1 */
    t = binom_pmf(n, k - 1, p);
    sum = t;
    for (int64_t i = k - 1; i > 0 && t > sum * 1e-17; i--) {
        t *= (double)i / (double)(n - i + 1) / ratio;
        sum += t;
    }
    return sum >= 1.0 ? 0.0 : 1.0 - sum;
}

/* out[j] += in[j] * x: one multiply and one add per element, as before; restrict lets the compiler do them
 * two at a time (SSE2 without FMA rounds each exactly like the scalar loop) */
static void conv_add(double *restrict out, const double *restrict in, int64_t n, double x)
{
    for (int64_t j = 0; j < n; j++) out[j] += in[j] * x;
}

static int informative(const pw_stratum *s) { return s->t1 > 0.0 && s->t0 > 0.0 && s->a + s->c > 0; }

static double stratum_pi(const pw_stratum *s, double rr) { return rr * s->t1 / (rr * s->t1 + s->t0); }

/* Normal approximation of P(A >= a_obs) with continuity correction, for very large onset counts. */
static double pvalue_normal(const pw_stratum *s, size_t n, double rr, int64_t a_obs)
{
    double mean = 0.0, var = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!informative(&s[i])) continue;
        double pi = stratum_pi(&s[i], rr), m = (double)(s[i].a + s[i].c);
        mean += m * pi;
        var += m * pi * (1.0 - pi);
    }
    if (var <= 0.0) return (double)a_obs <= mean ? 1.0 : 0.0;
    double z = ((double)a_obs - 0.5 - mean) / sqrt(var);
    return 0.5 * erfc(z / sqrt(2.0));
}

double pw_cohort_pvalue(const pw_stratum *s, size_t n, double rr)
{
    int64_t a_obs = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!informative(&s[i])) continue;
        a_obs += s[i].a;
        total += s[i].a + s[i].c;
    }
    if (a_obs <= 0) return 1.0;
    size_t ninf = 0, last = 0;
    for (size_t i = 0; i < n; i++)
        if (informative(&s[i])) {
            ninf++;
            last = i;
        }
    if (ninf == 1) /* one stratum: a plain binomial tail, O(onsets) with a recurrence */
        return pw_cohort_binom_upper(total, a_obs, stratum_pi(&s[last], rr));
    if (total > PW_COHORT_MAX_EXACT) return pvalue_normal(s, n, rr, a_obs);

    double stack_dist[256], stack_next[256];
    double *dist = stack_dist, *next = stack_next;
    if (total + 1 > 256) {
        dist = malloc(sizeof(double) * (size_t)(total + 1));
        next = malloc(sizeof(double) * (size_t)(total + 1));
        if (!dist || !next) {
            free(dist);
            free(next);
            return pvalue_normal(s, n, rr, a_obs);
        }
    }
    /* lg[i] = lgamma(i + 1) from the thread's table (total <= PW_COHORT_MAX_EXACT < LG_TABLE here): binom_pmf's
     * three lgamma calls per term become look-ups with the very same values, so the terms (and the p-value)
     * are bit for bit what binom_pmf gives; only the cost changes (2 of 3 lgamma calls and every log per term
     * were the bulk of a p-value once the strata hold hundreds of onsets, i.e. on fleets of thousands of
     * hosts; filling the table at each call was the rest) */
    int64_t mmax = 0;
    for (size_t i = 0; i < n; i++)
        if (informative(&s[i]) && s[i].a + s[i].c > mmax) mmax = s[i].a + s[i].c;
    (void)lg_fact(mmax);
    const double *lg = lg_tab;
    /* dist[k] = P(sum of the strata seen so far == k) */
    int64_t span = 0;
    dist[0] = 1.0;
    for (size_t i = 0; i < n; i++) {
        if (!informative(&s[i])) continue;
        int64_t m = s[i].a + s[i].c;
        double pi = stratum_pi(&s[i], rr);
        memset(next, 0, sizeof(double) * (size_t)(span + m + 1));
        bool edge = pi <= 0.0 || pi >= 1.0;
        double lp = edge ? 0.0 : log(pi), lq = edge ? 0.0 : log1p(-pi);
        for (int64_t k = 0; k <= m; k++) {
            double pk = edge ? binom_pmf(m, k, pi)
                             : exp(lg[m] - lg[k] - lg[m - k] + (double)k * lp + (double)(m - k) * lq);
            if (pk == 0.0) continue;
            conv_add(next + k, dist, span + 1, pk);
        }
        span += m;
        double *t = dist;
        dist = next;
        next = t;
    }
    double tail = 0.0;
    for (int64_t k = a_obs; k <= span; k++) tail += dist[k];
    if (dist != stack_dist && dist != stack_next) free(dist);
    if (next != stack_dist && next != stack_next) free(next);
    return tail > 1.0 ? 1.0 : tail;
}

double pw_cohort_rr_lower(const pw_stratum *s, size_t n, double confidence)
{
    double alpha = 1.0 - confidence;
    if (!(alpha > 0.0 && alpha < 1.0)) return 0.0;
    int any = 0;
    for (size_t i = 0; i < n; i++) any |= informative(&s[i]) && s[i].a > 0;
    if (!any) return 0.0;
    double lo = log(1e-6), hi = log(1e6);
    if (pw_cohort_pvalue(s, n, exp(lo)) >= alpha) return 0.0;
    if (pw_cohort_pvalue(s, n, exp(hi)) < alpha) return exp(hi);
    for (int it = 0; it < 80; it++) {
        double mid = 0.5 * (lo + hi);
        /* lo and hi adjacent doubles: mid is one of them, whose side is already known (lo's p-value was below
         * alpha, hi's not; the p-value is a deterministic function of mid), so no later step can move either
         * and the answer below is already final. That happens after about 55 of the 80 steps. */
        if (mid == lo || mid == hi) break;
        if (pw_cohort_pvalue(s, n, exp(mid)) < alpha) lo = mid;
        else hi = mid;
    }
    return exp(0.5 * (lo + hi));
}

double pw_cohort_rr_mh(const pw_stratum *s, size_t n)
{
    double num = 0.5, den = 0.5, t1 = 0.0, t0 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!informative(&s[i])) continue;
        double t = s[i].t1 + s[i].t0;
        num += (double)s[i].a * s[i].t0 / t;
        den += (double)s[i].c * s[i].t1 / t;
        t1 += s[i].t1;
        t0 += s[i].t0;
    }
    if (t1 <= 0.0 || t0 <= 0.0) return 0.0;
    /* the 0.5 corrections are on the scale of onsets; weight them like an average stratum */
    return num / den;
}
