/* test_cohort_stats: the statistics of a regression decision, against values computed by hand. */
#include <math.h>

#include "correlate/cohort_stats.h"
#include "pw_test.h"

#define NEAR(x, y, tol) ck_assert_msg(fabs((x) - (y)) <= (tol), "%s = %.10g, expected %.10g", #x, (double)(x), (double)(y))

START_TEST(test_binomial_upper_tail_matches_hand_sums)
{
    NEAR(pw_cohort_binom_upper(3, 3, 0.5), 0.125, 1e-12);            /* 1/8 */
    NEAR(pw_cohort_binom_upper(4, 2, 0.5), 11.0 / 16.0, 1e-12);      /* (6+4+1)/16 */
    NEAR(pw_cohort_binom_upper(10, 0, 0.3), 1.0, 0);
    NEAR(pw_cohort_binom_upper(10, 11, 0.3), 0.0, 0);
    NEAR(pw_cohort_binom_upper(5, 1, 0.2), 1.0 - pow(0.8, 5), 1e-12); /* 1 - P(0) */
    /* the small side summed upwards: P(X >= 9 | 10, 0.1) = 10 * 0.1^9 * 0.9 + 0.1^10 */
    NEAR(pw_cohort_binom_upper(10, 9, 0.1), 10 * pow(0.1, 9) * 0.9 + pow(0.1, 10), 1e-22);
}
END_TEST

START_TEST(test_pvalue_single_stratum_no_control_onsets)
{
    /* two onsets, both treated; treated exposure 1/10 of all: P = 0.1^2 */
    pw_stratum s = {2, 0, 1.0, 9.0};
    NEAR(pw_cohort_pvalue(&s, 1, 1.0), 0.01, 1e-12);
    /* at rr = 9 the treated share is 9/18 = 0.5: P = 0.25 */
    NEAR(pw_cohort_pvalue(&s, 1, 9.0), 0.25, 1e-12);
}
END_TEST

START_TEST(test_pvalue_two_strata_convolution)
{
    /* strata with pi 1/2 and 1/4 at rr 1, one treated onset each: P(A >= 2) = 1/2 * 1/4 */
    pw_stratum s[2] = {{1, 0, 1.0, 1.0}, {1, 0, 1.0, 3.0}};
    NEAR(pw_cohort_pvalue(s, 2, 1.0), 0.125, 1e-12);
    /* one treated onset in the first, one control onset in the second: P(A >= 1) = 1 - 1/2 * 3/4 */
    pw_stratum t[2] = {{1, 0, 1.0, 1.0}, {0, 1, 1.0, 3.0}};
    NEAR(pw_cohort_pvalue(t, 2, 1.0), 0.625, 1e-12);
}
END_TEST

START_TEST(test_uninformative_strata_are_left_out)
{
    /* a stratum without control exposure (everyone patched) says nothing: same p-value as without it */
    pw_stratum s[2] = {{2, 0, 1.0, 9.0}, {5, 0, 4.0, 0.0}};
    NEAR(pw_cohort_pvalue(s, 2, 1.0), 0.01, 1e-12);
    pw_stratum only_unpatched = {0, 3, 0.0, 10.0};
    NEAR(pw_cohort_pvalue(&only_unpatched, 1, 1.0), 1.0, 0);
    NEAR(pw_cohort_rr_lower(&only_unpatched, 1, 0.99), 0.0, 0);
}
END_TEST

START_TEST(test_lower_bound_inverts_the_tail_by_hand)
{
    /* a=2, c=0, T1:T0 = 1:9 at 99%: pi^2 = 0.01 -> pi = 0.1 = rr/(rr+9) -> rr = 1 */
    pw_stratum s = {2, 0, 1.0, 9.0};
    NEAR(pw_cohort_rr_lower(&s, 1, 0.99), 1.0, 1e-6);
    /* a=3, c=0, equal exposure at 95%: pi^3 = 0.05 -> pi = 0.368403 -> rr = pi/(1-pi) = 0.583289 */
    pw_stratum t = {3, 0, 1.0, 1.0};
    double pi = cbrt(0.05);
    NEAR(pw_cohort_rr_lower(&t, 1, 0.95), pi / (1 - pi), 1e-6);
    /* no treated onset: no evidence */
    pw_stratum z = {0, 4, 1.0, 1.0};
    NEAR(pw_cohort_rr_lower(&z, 1, 0.99), 0.0, 0);
}
END_TEST

START_TEST(test_fleet_wide_incident_gives_no_excess)
{
    /* an outage hits 50 % of patched and unpatched hosts in the same stratum */
    pw_stratum s = {50, 450, 100.0, 900.0};
    ck_assert(pw_cohort_rr_lower(&s, 1, 0.99) < 1.0);
    ck_assert(pw_cohort_pvalue(&s, 1, 1.0) > 0.3);
    NEAR(pw_cohort_rr_mh(&s, 1), (0.5 + 50 * 0.9) / (0.5 + 450 * 0.1), 1e-12);
}
END_TEST

START_TEST(test_mantel_haenszel_with_continuity)
{
    /* a=4, c=1, equal exposure: (0.5 + 4*1/2) / (0.5 + 1*1/2) = 2.5 */
    pw_stratum s = {4, 1, 1.0, 1.0};
    NEAR(pw_cohort_rr_mh(&s, 1), 2.5, 1e-12);
}
END_TEST

START_TEST(test_large_counts_use_the_normal_approximation_sanely)
{
    /* beyond PW_COHORT_MAX_EXACT onsets over two strata: still a probability, and monotone in rr */
    pw_stratum s[2] = {{3000, 1500, 100.0, 100.0}, {10, 200, 10.0, 100.0}};
    double p1 = pw_cohort_pvalue(s, 2, 1.0), p2 = pw_cohort_pvalue(s, 2, 2.0), p3 = pw_cohort_pvalue(s, 2, 4.0);
    ck_assert(p1 >= 0 && p1 <= 1 && p1 <= p2 && p2 <= p3);
    ck_assert(pw_cohort_rr_lower(s, 2, 0.99) > 1.5);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_stats");
    TCase *tc = tcase_create("stats");
    tcase_add_test(tc, test_binomial_upper_tail_matches_hand_sums);
    tcase_add_test(tc, test_pvalue_single_stratum_no_control_onsets);
    tcase_add_test(tc, test_pvalue_two_strata_convolution);
    tcase_add_test(tc, test_uninformative_strata_are_left_out);
    tcase_add_test(tc, test_lower_bound_inverts_the_tail_by_hand);
    tcase_add_test(tc, test_fleet_wide_incident_gives_no_excess);
    tcase_add_test(tc, test_mantel_haenszel_with_continuity);
    tcase_add_test(tc, test_large_counts_use_the_normal_approximation_sanely);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
