/* cohort_stats: the statistics behind a regression decision, as pure functions a test can pin by hand.
 *
 * The data are onsets (a host showing signature S for the first time in a while) and exposure (host-hours at
 * risk), split by calendar stratum (one day each) into treated (hosts that installed patch P, counted from
 * their own install time) and control (hosts that had not installed P at that time). Within a stratum, given
 * n = a + c onsets, the number a falling on treated hosts is Binomial(n, pi) with
 *     pi = RR * T1 / (RR * T1 + T0)
 * under a common incidence rate ratio RR. The one-sided exact p-value of the observed total A = sum(a) is the
 * upper tail of the sum of those independent binomials (computed by convolution), and the lower confidence
 * bound on RR is the RR at which that tail equals 1 - confidence. Stratifying by day is what makes a
 * fleet-wide incident harmless: patched and unpatched hosts share its stratum, so it adds to n but not to
 * the evidence. The exact conditional test is conservative by construction (no normal approximation until
 * PW_COHORT_MAX_EXACT onsets), so small counts (2 hosts out of 5) are judged honestly. */
#ifndef PW_COHORT_STATS_H
#define PW_COHORT_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Beyond this many onsets in informative strata the convolution (O(N^2)) gives way to a normal
 * approximation with continuity correction: 4000^2/2 = 8 M steps per p-value is still a few ms. */
#define PW_COHORT_MAX_EXACT 4000

typedef struct pw_stratum {
    int64_t a;  /* onsets on treated hosts */
    int64_t c;  /* onsets on control hosts */
    double t1;  /* treated exposure (host-hours) */
    double t0;  /* control exposure (host-hours) */
} pw_stratum;

/* Binomial upper tail P(X >= k), X ~ Binomial(n, p). */
double pw_cohort_binom_upper(int64_t n, int64_t k, double p);
/* P(A >= A_obs) when the common rate ratio is rr; strata without treated or control exposure carry no
 * information and are left out (their a is removed from A_obs). Returns 1 when A_obs is 0. */
double pw_cohort_pvalue(const pw_stratum *s, size_t n, double rr);
/* One-sided lower confidence bound on the common rate ratio (confidence e.g. 0.99): the rr with
 * pw_cohort_pvalue(s, n, rr) == 1 - confidence. 0 when there is no treated onset or no informative stratum. */
double pw_cohort_rr_lower(const pw_stratum *s, size_t n, double confidence);
/* Mantel-Haenszel point estimate of the rate ratio with a 0.5 continuity correction on both sums (finite
 * when one side has no onset), for display. */
double pw_cohort_rr_mh(const pw_stratum *s, size_t n);

/* The joint model of concurrent rollouts. Host-time is cut into cells by which candidate patches' treated
 * windows cover it: bit j of x is set when patch j's window does. Onsets are Poisson with
 *     log E[n] = log t + b0 + sum_j x_j * beta_j,
 * one rate ratio exp(beta_j) per patch, each adjusted for the others. For every patch the likelihood-ratio
 * test of beta_j = 0 against beta_j > 0 (the model with and without its term) gives a one-sided p-value
 * (1 when the fitted beta_j <= 0): an innocent update rolled out beside the bad one explains nothing once
 * the bad one's term is in the model. Cost: Newton steps on a (k+1)-square system over 2^k cells. */
#define PW_JOINT_MAX_TERMS 6
typedef struct pw_joint_cell {
    uint32_t x;  /* bit j: inside patch j's treated window */
    double t;    /* host-hours */
    double n;    /* onsets */
} pw_joint_cell;

/* The same model with terms in groups (one group per patch, one term per piece of time since its install:
 * the first day, days 2-3, days 4-5), tested a group at a time: the likelihood ratio of the model with and
 * without all of a group's terms, against a chi-square with as many degrees of freedom as the group has
 * terms that some cell with host-time carries (at most 3). p[q] is 1 when no term of group q has a positive
 * estimate. A patch whose effect comes late (a slow symptom, days 2-3) is then described by its own pieces,
 * not by the overlap of its window with another update's. k <= PW_JOINT_MAX_PARAMS; -1 on bad arguments. */
#define PW_JOINT_MAX_PARAMS 9
/* How much better (log-likelihood) the chosen update must explain the onsets than any other candidate that is
 * significant on its own: 2 ln(likelihood ratio) >= 2, "positive" evidence on Kass and Raftery's scale of
 * Bayes factors. Two updates of one session everywhere differ by nothing, a day-before update on the same
 * hosts by n ln(47/22) for n onsets in the bad one's first day: the choice needs two onsets there. */
#define PW_JOINT_PREFER 1.0
/* How much better another update alone must explain a signature's onsets than the one an issue report blames
 * (log-likelihood, natural units) before the fleet's data overrule the report: ln 100 (cohort.c
 * reported_over_the_data). */
#define PW_JOINT_REPORT_PREFER 4.6
int pw_cohort_joint_group_lrt(const pw_joint_cell *cells, size_t ncells, int k, const uint32_t *groups, int ngroups,
                              double *beta, double *p, double *loglik);

/* Which patches explain the onsets, by forward selection on the same model: starting from the intercept
 * alone, the group whose terms improve the likelihood most significantly (likelihood ratio against a
 * chi-square with its live terms as degrees of freedom, Bonferroni over the groups still outside) is added
 * while that p-value is below alpha. Testing each group given all the others (pw_cohort_joint_group_lrt)
 * fails when windows overlap: an update installed the day before on the same hosts has a piece (days 2-3)
 * that covers the bad one's first day, each can stand in for the other, and neither is significant given
 * both, however many hosts fail. Selection asks the question the other way round: which one update explains
 * the onsets best (the one whose window holds them in the least host-time), and does anything else add to
 * it. *selected gets bit q for each group chosen; p[q] is the p-value at which a chosen group entered and,
 * for the others, the p-value of adding it to the final choice (1 when it shows no excess); beta (may be
 * NULL) the terms of the final model (0 for groups left out). -1 on bad arguments. */
int pw_cohort_joint_forward(const pw_joint_cell *cells, size_t ncells, int k, const uint32_t *groups, int ngroups,
                            double alpha, uint32_t *selected, double *beta, double *p);
/* (Since session 8.) A group is chosen beside one already chosen only when at least two onsets lie in its
 * pieces outside every chosen group's pieces with an excess: a benign update installed in the same session as
 * the bad one on some of its hosts can only split the bad one's excess between hosts that had it and hosts
 * that did not, which chance does as well (study2b-06: 9 of 13 casualties had it against a third of the bad
 * update's hosts, p = 0.006 adjusted). A second bad update shows onsets where the first is not. */

/* Each group's improvement of the log-likelihood over the intercept alone when it is the only cause in the
 * model (gain[q]; -HUGE_VAL when none of its pieces shows an excess): how well each candidate alone explains
 * the onsets, to compare candidates that each passed on their own when none is significant in the joint
 * model. -1 on bad arguments. */
int pw_cohort_joint_gain(const pw_joint_cell *cells, size_t ncells, int k, const uint32_t *groups, int ngroups,
                         double *gain);

/* Fits the model over ncells cells with k terms (k <= PW_JOINT_MAX_TERMS); beta[j] gets the fitted log rate
 * ratio of term j and p[j] its one-sided LRT p-value; *loglik (when not NULL) the maximised log-likelihood
 * (constants dropped: comparable between cuttings of the same host-time and onsets). -1 on bad arguments. */
int pw_cohort_joint_lrt(const pw_joint_cell *cells, size_t ncells, int k, double *beta, double *p, double *loglik);

#endif
