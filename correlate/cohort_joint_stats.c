/* cohort_joint_stats: the Poisson log-linear model of onsets over host-time cells with one treated-window
 * term per candidate patch, and a likelihood-ratio test per term (cohort_stats.h explains the model).
 *
 * The fit is Newton-Raphson on the concave Poisson log-likelihood. Cells with no onsets drive a term's
 * estimate to minus infinity (a patch whose window never saw an onset); a very weak ridge (PW_JOINT_RIDGE on
 * each beta, nothing on the intercept) keeps the estimates finite without moving the likelihood ratio by
 * more than a rounding error at the counts seen here. k is at most 6, so a fit is a few hundred flops per
 * Newton step and the whole test well under a millisecond. */
#include "correlate/cohort_stats.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define PW_JOINT_RIDGE 1e-4
#define PW_JOINT_ITERS 100
#define PW_JOINT_BETA_MAX 30.0
/* How much better (log-likelihood) the chosen update must explain the onsets than any other candidate that is
 * significant on its own: 2 ln(likelihood ratio) >= 2, "positive" evidence on Kass and Raftery's scale of
 * Bayes factors. Two updates of one session everywhere differ by nothing, a day-before update on the same
 * hosts by n ln(47/22) for n onsets in the bad one's first day: the choice needs two onsets there. */
/* Onsets a second cause must hold that the causes already chosen do not explain (cells where none of their
 * terms with an excess is on) before it can be chosen beside them: an update whose window holds only onsets
 * already inside the chosen update's excess adds nothing a fleet could act on, however the rate within that
 * window happens to split between hosts that had it and hosts that did not. */
#define PW_JOINT_MIN_NEW 2.0
#define M (PW_JOINT_MAX_PARAMS + 1) /* parameters: the intercept and the terms */

/* Penalised log-likelihood (constants dropped) at theta = (b0, beta_0..beta_{k-1}). */
static double loglik(const pw_joint_cell *c, size_t nc, int k, const double *th)
{
    double ll = 0.0;
    for (size_t i = 0; i < nc; i++) {
        if (c[i].t <= 0.0) continue;
        double eta = th[0];
        for (int j = 0; j < k; j++)
            if (c[i].x >> j & 1u) eta += th[1 + j];
        ll += c[i].n * (eta + log(c[i].t)) - c[i].t * exp(eta);
    }
    for (int j = 0; j < k; j++) ll -= 0.5 * PW_JOINT_RIDGE * th[1 + j] * th[1 + j];
    return ll;
}

/* Solves A x = b (m x m, m <= M) by Gaussian elimination with partial pivoting; -1 when singular. */
static int solve(double A[M][M], double *b, int m)
{
    for (int col = 0; col < m; col++) {
        int piv = col;
        for (int r = col + 1; r < m; r++)
            if (fabs(A[r][col]) > fabs(A[piv][col])) piv = r;
        if (fabs(A[piv][col]) < 1e-300) return -1;
        if (piv != col) {
            for (int q = 0; q < m; q++) {
                double t = A[col][q];
                A[col][q] = A[piv][q];
                A[piv][q] = t;
            }
            double t = b[col];
            b[col] = b[piv];
            b[piv] = t;
        }
        for (int r = col + 1; r < m; r++) {
            double f = A[r][col] / A[col][col];
            for (int q = col; q < m; q++) A[r][q] -= f * A[col][q];
            b[r] -= f * b[col];
        }
    }
    for (int r = m - 1; r >= 0; r--) {
        for (int q = r + 1; q < m; q++) b[r] -= A[r][q] * b[q];
        b[r] /= A[r][r];
    }
    return 0;
}

/* Maximises the penalised likelihood with the terms in `fixed` (bit j) held at 0; returns the maximum. */
static double fit(const pw_joint_cell *c, size_t nc, int k, uint32_t fixed, double *th)
{
    double n = 0.0, t = 0.0;
    for (size_t i = 0; i < nc; i++) {
        n += c[i].n;
        t += c[i].t;
    }
    memset(th, 0, sizeof(double) * (size_t)(k + 1));
    th[0] = log((n + 0.5) / (t > 0.0 ? t : 1.0));
    double ll = loglik(c, nc, k, th);
    for (int it = 0; it < PW_JOINT_ITERS; it++) {
        double g[M] = {0}, A[M][M] = {{0}};
        int m = k + 1;
        for (size_t i = 0; i < nc; i++) {
            if (c[i].t <= 0.0) continue;
            /* only the parameters the cell carries (z = 1): the others' products were zeros, which leave every
             * sum exactly as it was (none of these sums is ever -0, and exp(eta) is the same for -0 and +0),
             * at the cost of an (M x M) loop per cell and Newton step (a tenth of a 100-host evaluation) */
            int on[M], non = 1;
            on[0] = 0;
            double eta = th[0];
            for (int j = 0; j < k; j++)
                if (c[i].x >> j & 1u) {
                    on[non++] = 1 + j;
                    eta += th[1 + j];
                }
            double mu = c[i].t * exp(eta);
            for (int a = 0; a < non; a++) {
                g[on[a]] += c[i].n - mu;
                for (int b = 0; b < non; b++) A[on[a]][on[b]] += mu;
            }
        }
        for (int j = 0; j < k; j++) {
            g[1 + j] -= PW_JOINT_RIDGE * th[1 + j];
            A[1 + j][1 + j] += PW_JOINT_RIDGE;
        }
        for (int j = 0; j < k; j++) /* a fixed term: identity row, no step */
            if (fixed >> j & 1u) {
                for (int q = 0; q < m; q++) A[1 + j][q] = A[q][1 + j] = 0.0;
                A[1 + j][1 + j] = 1.0;
                g[1 + j] = 0.0;
            }
        if (solve(A, g, m)) break;
        /* step halving keeps every step uphill (the likelihood is concave, so this converges) */
        double step = 1.0, nth[M], nll = ll;
        for (int h = 0; h < 30; h++, step *= 0.5) {
            for (int a = 0; a < m; a++) {
                nth[a] = th[a] + step * g[a];
                if (a > 0 && nth[a] > PW_JOINT_BETA_MAX) nth[a] = PW_JOINT_BETA_MAX;
                if (a > 0 && nth[a] < -PW_JOINT_BETA_MAX) nth[a] = -PW_JOINT_BETA_MAX;
            }
            nll = loglik(c, nc, k, nth);
            if (nll >= ll) break;
        }
        if (!(nll >= ll)) break;
        double gain = nll - ll;
        memcpy(th, nth, sizeof(double) * (size_t)m);
        ll = nll;
        if (gain < 1e-10) break;
    }
    return ll;
}

/* Upper tail of a chi-square with df (1..3) degrees of freedom at x, in closed form. */
static double chi2_upper(double x, int df)
{
    if (!(x > 0.0)) return 1.0;
    double e = erfc(sqrt(x / 2.0));
    if (df <= 1) return e;
    if (df == 2) return exp(-x / 2.0);
    return e + sqrt(2.0 * x / M_PI) * exp(-x / 2.0);
}

int pw_cohort_joint_group_lrt(const pw_joint_cell *cells, size_t ncells, int k, const uint32_t *groups, int ngroups,
                              double *beta, double *p, double *loglik)
{
    if (!cells || !groups || k < 1 || k > PW_JOINT_MAX_PARAMS || ngroups < 1) return -1;
    double th[M], th0[M];
    double full = fit(cells, ncells, k, 0, th);
    if (loglik) *loglik = full;
    for (int j = 0; j < k; j++) beta[j] = th[1 + j];
    /* terms no cell with host-time carries are not free parameters: they count for no degree of freedom */
    uint32_t live = 0;
    for (size_t i = 0; i < ncells; i++)
        if (cells[i].t > 0.0) live |= cells[i].x;
    for (int q = 0; q < ngroups; q++) {
        uint32_t gm = groups[q] & live;
        bool up = false;
        int df = 0;
        for (int j = 0; j < k; j++)
            if (gm >> j & 1u) {
                df++;
                up |= th[1 + j] > 0.0;
            }
        if (!df || !up) { /* no excess anywhere in its pieces: nothing to test */
            p[q] = 1.0;
            continue;
        }
        double red = fit(cells, ncells, k, gm, th0);
        double lrt = 2.0 * (full - red);
        p[q] = chi2_upper(lrt < 0.0 ? 0.0 : lrt, df > 3 ? 3 : df);
    }
    return 0;
}

/* Forward selection (see cohort_stats.h). Cost: at most ngroups * (ngroups + 1) / 2 fits of the model, each
 * a few Newton steps over the cells; with 3 patches and 3 pieces that is 6 fits of a 10-parameter model. */
int pw_cohort_joint_forward(const pw_joint_cell *cells, size_t ncells, int k, const uint32_t *groups, int ngroups,
                            double alpha, uint32_t *selected, double *beta, double *p)
{
    if (!cells || !groups || !selected || !p || k < 1 || k > PW_JOINT_MAX_PARAMS || ngroups < 1 || ngroups > 32)
        return -1;
    uint32_t all = k >= 32 ? 0xffffffffu : (1u << k) - 1u, live = 0, in = 0, sel = 0;
    for (size_t i = 0; i < ncells; i++)
        if (cells[i].t > 0.0) live |= cells[i].x;
    double th[M];
    double cur = fit(cells, ncells, k, all, th); /* the intercept alone */
    uint32_t expl = 0; /* terms of the chosen groups with an excess: the onsets they explain */
    for (int q = 0; q < ngroups; q++) p[q] = 1.0;
    for (int step = 0; step < ngroups; step++) {
        int best = -1, left = 0;
        double best_p = 2.0, best_ll = 0.0, padd[32], llq[32];
        bool elig[32]; /* may be chosen: an excess, and (beside a chosen one) onsets of its own */
        for (int q = 0; q < ngroups; q++)
            if (!(sel >> q & 1u)) left++;
        for (int q = 0; q < ngroups; q++) {
            if (sel >> q & 1u) continue;
            uint32_t gm = groups[q] & live & all;
            int df = 0;
            for (int j = 0; j < k; j++) df += gm >> j & 1u;
            padd[q] = 1.0;
            llq[q] = -HUGE_VAL;
            elig[q] = false;
            if (!df) continue;
            double ll = fit(cells, ncells, k, all & ~(in | gm), th);
            llq[q] = ll;
            bool up = false; /* an excess in one of its pieces, not only a deficit */
            for (int j = 0; j < k; j++) up |= (gm >> j & 1u) && th[1 + j] > 0.0;
            if (!up) continue;
            double lrt = 2.0 * (ll - cur);
            double pq = chi2_upper(lrt < 0.0 ? 0.0 : lrt, df > 3 ? 3 : df) * (double)left;
            padd[q] = pq > 1.0 ? 1.0 : pq;
            if (sel) { /* a second cause: it must hold onsets the chosen ones do not explain (PW_JOINT_MIN_NEW);
                          its p-value of adding it is still reported */
                double fresh = 0.0;
                for (size_t i = 0; i < ncells; i++)
                    if ((cells[i].x & gm) && !(cells[i].x & expl)) fresh += cells[i].n;
                if (fresh < PW_JOINT_MIN_NEW) continue;
            }
            elig[q] = true;
            if (padd[q] < best_p || (padd[q] == best_p && ll > best_ll)) {
                best = q;
                best_p = padd[q];
                best_ll = ll;
            }
        }
        for (int q = 0; q < ngroups; q++)
            if (!(sel >> q & 1u)) p[q] = padd[q];
        if (best < 0 || !(best_p < alpha)) break;
        /* another candidate with an excess that explains the onsets about as well (whatever its degrees of
         * freedom make of its p-value): the data cannot choose (one session everywhere); nothing more is
         * selected and the caller decides by other means */
        bool tie = false;
        for (int q = 0; q < ngroups && !tie; q++)
            tie = q != best && !(sel >> q & 1u) && elig[q] && padd[q] < 1.0 && best_ll - llq[q] < PW_JOINT_PREFER;
        if (tie) break;
        sel |= 1u << best;
        in |= groups[best] & live & all;
        cur = best_ll;
        fit(cells, ncells, k, all & ~in, th);
        expl = 0;
        for (int j = 0; j < k; j++)
            if ((in >> j & 1u) && th[1 + j] > 0.0) expl |= 1u << j;
    }
    if (beta) { /* the coefficients of the model with what was selected */
        fit(cells, ncells, k, all & ~in, th);
        for (int j = 0; j < k; j++) beta[j] = th[1 + j];
    }
    *selected = sel;
    return 0;
}

int pw_cohort_joint_lrt(const pw_joint_cell *cells, size_t ncells, int k, double *beta, double *p, double *loglik)
{
    if (!cells || k < 1 || k > PW_JOINT_MAX_TERMS) return -1;
    double th[M], th0[M];
    double full = fit(cells, ncells, k, 0, th);
    if (loglik) *loglik = full;
    for (int j = 0; j < k; j++) {
        beta[j] = th[1 + j];
        if (th[1 + j] <= 0.0) {
            p[j] = 1.0;
            continue;
        }
        double red = fit(cells, ncells, k, 1u << j, th0);
        double lrt = 2.0 * (full - red);
        if (lrt < 0.0) lrt = 0.0;
        p[j] = 0.5 * erfc(sqrt(lrt / 2.0)); /* half a chi-square(1) tail: the test is one-sided */
    }
    return 0;
}

int pw_cohort_joint_gain(const pw_joint_cell *cells, size_t ncells, int k, const uint32_t *groups, int ngroups,
                         double *gain)
{
    if (!cells || !groups || !gain || k < 1 || k > PW_JOINT_MAX_PARAMS || ngroups < 1) return -1;
    uint32_t all = (1u << k) - 1u, live = 0;
    for (size_t i = 0; i < ncells; i++)
        if (cells[i].t > 0.0) live |= cells[i].x;
    double th[M];
    double base = fit(cells, ncells, k, all, th);
    for (int q = 0; q < ngroups; q++) {
        uint32_t gm = groups[q] & live & all;
        gain[q] = -HUGE_VAL;
        if (!gm) continue;
        double ll = fit(cells, ncells, k, all & ~gm, th);
        bool up = false;
        for (int j = 0; j < k; j++) up |= (gm >> j & 1u) && th[1 + j] > 0.0;
        if (up) gain[q] = ll - base;
    }
    return 0;
}
