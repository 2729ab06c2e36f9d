/* test_cohort_joint: attribution among concurrent rollouts. The joint Poisson model by hand (a term whose
 * window holds the onsets is significant, one whose window holds none is not; two terms that always coincide
 * cannot be told apart), and the engine on a fleet where a benign update rolls out on the same hosts as the
 * bad one: only the bad one is alerted, and a benign one alerted first is withdrawn with a reason once the
 * data separate them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/cohort_stats.h"
#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)

START_TEST(test_joint_term_with_the_onsets_is_the_cause)
{
    /* bit 0: benign window, bit 1: bad window. Baseline 10 onsets in 100,000 h; the bad window alone 300 h
     * with 8 onsets, both 500 h with 12, the benign alone 600 h with 0. */
    pw_joint_cell cells[4] = {{0, 100000, 10}, {1, 600, 0}, {2, 300, 8}, {3, 500, 12}};
    double beta[2], p[2];
    ck_assert_int_eq(pw_cohort_joint_lrt(cells, 4, 2, beta, p, NULL), 0);
    ck_assert_msg(p[1] < 1e-6, "bad p=%g", p[1]);
    ck_assert_msg(p[0] > 0.2, "benign p=%g beta=%g", p[0], beta[0]);
    ck_assert(beta[1] > log(50.0)); /* (20/800) / (10/100000) = 250 */
}
END_TEST

START_TEST(test_joint_collinear_terms_are_not_told_apart)
{
    /* the two windows always coincide: the data cannot say which one */
    pw_joint_cell cells[4] = {{0, 100000, 10}, {1, 0, 0}, {2, 0, 0}, {3, 800, 20}};
    double beta[2], p[2];
    ck_assert_int_eq(pw_cohort_joint_lrt(cells, 4, 2, beta, p, NULL), 0);
    ck_assert_msg(p[0] > 0.01 && p[1] > 0.01, "p=%g %g", p[0], p[1]);
}
END_TEST

START_TEST(test_joint_no_excess_no_cause)
{
    pw_joint_cell cells[2] = {{0, 10000, 10}, {1, 1000, 1}};
    double beta[1], p[1];
    ck_assert_int_eq(pw_cohort_joint_lrt(cells, 2, 1, beta, p, NULL), 0);
    ck_assert(p[0] > 0.3);
    ck_assert_int_eq(pw_cohort_joint_lrt(cells, 2, 0, beta, p, NULL), -1);
    ck_assert_int_eq(pw_cohort_joint_lrt(cells, 2, PW_JOINT_MAX_TERMS + 1, beta, p, NULL), -1);
}
END_TEST

/* A benign update a day before the bad one on the same hosts, each with three pieces (bits 0-2 benign, 3-5
 * bad): the bad one's first day lies inside the benign one's days 2-3. Either can stand in for the other
 * given both, so the test of each given all the others does not name the bad one (p = 0.1); forward selection names the bad one
 * (its first day holds the onsets in half the host-time) and finds nothing the benign one adds. */
START_TEST(test_joint_forward_names_the_tighter_window)
{
    pw_joint_cell cells[64];
    for (uint32_t x = 0; x < 64; x++) cells[x] = (pw_joint_cell){x, 0.0, 0.0};
    cells[0] = (pw_joint_cell){0, 100000, 5};
    cells[1] = (pw_joint_cell){1, 220, 0};          /* benign day 1 */
    cells[2] = (pw_joint_cell){2, 20, 0};           /* benign days 2-3 before the bad install */
    cells[2 | 8] = (pw_joint_cell){2 | 8, 220, 4};  /* benign days 2-3 and the bad one's first day */
    cells[2 | 16] = (pw_joint_cell){2 | 16, 240, 0}; /* benign days 2-3 and bad days 2-3 */
    cells[4 | 16] = (pw_joint_cell){4 | 16, 240, 0}; /* benign days 4-5 and bad days 2-3 */
    cells[4 | 32] = (pw_joint_cell){4 | 32, 240, 0};
    cells[32] = (pw_joint_cell){32, 240, 0};
    uint32_t groups[2] = {7u, 7u << 3}, sel = 0;
    double beta[6], p[2], pg[2];
    ck_assert_int_eq(pw_cohort_joint_group_lrt(cells, 64, 6, groups, 2, beta, pg, NULL), 0);
    ck_assert_int_eq(pw_cohort_joint_forward(cells, 64, 6, groups, 2, 0.01, &sel, beta, p), 0);
    ck_assert_msg(sel == 2u, "selected %u (forward p %g %g; given all others %g %g)", sel, p[0], p[1], pg[0], pg[1]);
    ck_assert_msg(p[1] < 1e-4 && p[0] > 0.1 && pg[1] > 0.01, "p=%g %g pg=%g %g", p[0], p[1], pg[0], pg[1]);
    ck_assert(beta[3] > log(50.0) && beta[0] == 0.0);
}
END_TEST

/* The same onsets in two windows that always coincide (one session everywhere): nothing is selected, the
 * data cannot choose; and a window that holds none of them is never selected. */
START_TEST(test_joint_forward_does_not_choose_between_twins)
{
    pw_joint_cell cells[4] = {{0, 100000, 10}, {1, 0, 0}, {2, 0, 0}, {3, 800, 20}};
    uint32_t groups[2] = {1u, 2u}, sel = 7;
    double p[2];
    ck_assert_int_eq(pw_cohort_joint_forward(cells, 4, 2, groups, 2, 0.01, &sel, NULL, p), 0);
    ck_assert_uint_eq(sel, 0);
    pw_joint_cell apart[4] = {{0, 100000, 10}, {1, 600, 0}, {2, 300, 8}, {3, 500, 12}};
    ck_assert_int_eq(pw_cohort_joint_forward(apart, 4, 2, groups, 2, 0.01, &sel, NULL, p), 0);
    ck_assert_uint_eq(sel, 2u);
    ck_assert_msg(p[0] > 0.1, "benign p=%g", p[0]);
    ck_assert_int_eq(pw_cohort_joint_forward(apart, 4, 0, groups, 2, 0.01, &sel, NULL, p), -1);
}
END_TEST

/* bit 0: the bad update's first day, bit 1: a benign update's first day, installed in the same session on a
 * quarter of the bad update's hosts. 13 onsets, all in the bad update's first day; 9 of them on hosts that had
 * the benign one too (a chance split of the casualties between the two kinds of host). Within the bad one's
 * window the rate differs between them (9 in 1,000 h against 4 in 3,000 h), so the benign term "adds"
 * significantly, but it holds no onset the bad one does not explain: it is not a second cause (study2b-06). */
START_TEST(test_joint_forward_second_cause_needs_onsets_of_its_own)
{
    pw_joint_cell cells[4] = {{0, 200000, 0}, {1, 3000, 4}, {2, 2500, 0}, {3, 1000, 9}};
    uint32_t groups[2] = {1u, 2u}, sel = 0;
    double p[2];
    ck_assert_int_eq(pw_cohort_joint_forward(cells, 4, 2, groups, 2, 0.01, &sel, NULL, p), 0);
    ck_assert_msg(sel == 1u, "selected %u (p %g %g)", sel, p[0], p[1]);
    /* a second bad update: the same split, plus 3 onsets where only the second one was installed */
    cells[2].n = 3;
    ck_assert_int_eq(pw_cohort_joint_forward(cells, 4, 2, groups, 2, 0.01, &sel, NULL, p), 0);
    ck_assert_msg(sel == 3u, "selected %u (p %g %g)", sel, p[0], p[1]);
}
END_TEST

/* Each candidate alone: two onsets in the bad update's first day (bit 0, 1,000 h); the benign update's first
 * day (bit 1) holds one of them, its days 4-5 (bit 2) the other, in more host-time. Neither is significant with
 * three pieces each, but the bad one alone explains them better by more than one unit of log-likelihood. */
START_TEST(test_joint_gain_compares_single_causes)
{
    pw_joint_cell cells[8];
    for (uint32_t x = 0; x < 8; x++) cells[x] = (pw_joint_cell){x, 0.0, 0.0};
    cells[0] = (pw_joint_cell){0, 15000, 0};
    cells[1] = (pw_joint_cell){1, 500, 0};
    cells[1 | 2] = (pw_joint_cell){1 | 2, 250, 1};
    cells[1 | 4] = (pw_joint_cell){1 | 4, 250, 1};
    cells[2] = (pw_joint_cell){2, 750, 0};
    cells[4] = (pw_joint_cell){4, 1750, 0};
    uint32_t groups[2] = {1u, 6u};
    double gain[2];
    ck_assert_int_eq(pw_cohort_joint_gain(cells, 8, 3, groups, 2, gain), 0);
    /* bad: 2 ln(2 / (1000 * 2 / 18500)) - ... = 2 ln 18.5 = 5.83; benign: ln(18500 / 2000) + ln(18500 / 4000)
     * = 3.76 (each piece fitted to its one onset) */
    ck_assert_msg(fabs(gain[0] - 2.0 * log(18.5)) < 0.05, "bad gain %g", gain[0]);
    ck_assert_msg(gain[0] - gain[1] > PW_JOINT_PREFER, "gains %g %g", gain[0], gain[1]);
    cells[1 | 2].n = 0; /* nothing in the benign one's pieces: no excess, no gain */
    cells[1].n = 1;
    cells[1 | 4].n = 0;
    cells[1].n = 2;
    ck_assert_int_eq(pw_cohort_joint_gain(cells, 8, 3, groups, 2, gain), 0);
    ck_assert(isinf(gain[1]) && gain[1] < 0);
    ck_assert_int_eq(pw_cohort_joint_gain(cells, 8, 0, groups, 2, gain), -1);
}
END_TEST

static void install(pw_corr *c, int h, int64_t at, const char *kb)
{
    char title[96];
    snprintf(title, sizeof title, "2026-07 Update (%s)", kb);
    add(c, h, at, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful", title);
    add(c, h, at + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
}

/* 30 hosts with an hourly chronic warning, three rings (day 8, 11, 15). KB5000001 (benign) and KB5000002
 * (bad: 5120 from 4 h after its install on every third host, every 2 hours) per `mode`:
 *   0: the benign one a day before the bad one on every host (same rings);
 *   1: ring 0 installs both in one session, the benign one last (the data cannot tell them apart there);
 *      later rings install only the bad one, the benign one comes on day 20;
 *   2: every host installs both in one session, the benign one last: nothing in the data tells them apart;
 *   3: like 2, but only host 0 (ring 0) is affected: a single casualty. */
static void fleet(pw_corr *c, int days, int mode)
{
    for (int h = 0; h < 30; h++) {
        int day = h < 6 ? 8 : h < 15 ? 11 : 15;
        int64_t bad = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        int64_t benign = mode == 0                 ? bad - DAY_US
                         : day == 8 || mode >= 2 ? bad + 5 * 60000000LL
                                                 : T0 + 20 * DAY_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + days * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        install(c, h, benign, "KB5000001");
        install(c, h, bad, "KB5000002");
        for (int64_t t = bad + 4 * H_US; (mode == 3 ? h == 0 : h % 3 == 0) && t < T0 + days * DAY_US; t += 2 * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
}

/* the last status of each patch's regression alert */
static const char *last_status(const got *g, const char *patch, int *idx)
{
    const char *st = NULL;
    for (int i = 0; i < g->n; i++)
        if (g->v[i].patch && strcmp(g->v[i].patch, patch) == 0 && strcmp(g->v[i].kind, "early-warning") != 0) {
            st = g->v[i].status;
            if (idx) *idx = i;
        }
    return st;
}

START_TEST(test_benign_update_a_day_before_is_not_blamed)
{
    pw_corr *c = corr_engine();
    fleet(c, 24, 0);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    const char *bad = last_status(&g, "KB5000002", NULL);
    ck_assert_msg(bad != NULL, "the bad update was not alerted");
    ck_assert(strcmp(bad, "open") == 0 || strcmp(bad, "updated") == 0);
    for (int i = 0; i < g.n; i++) /* never opened for the benign one, not even briefly */
        ck_assert_msg(strcmp(g.v[i].patch, "KB5000001") != 0, "benign alerted at h%lld: %s %s", (long long)((g.v[i].ts - T0) / H_US), g.v[i].status,
                      g.v[i].recommendation);
    /* caught in ring 0 (2 affected hosts), before ring 1 starts on day 11 */
    int first = -1;
    for (int i = 0; i < g.n && first < 0; i++)
        if (strcmp(g.v[i].patch, "KB5000002") == 0) first = i;
    ck_assert_int_lt(g.v[first].ts, T0 + 11 * DAY_US);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* Two updates of one session on every host (the cumulative and the .NET update of one Patch Tuesday): the
 * data cannot separate them, and the order of installation says nothing. A community report that blames one
 * of them (without naming the symptom) picks it: the other is never named, whichever went in last. */
static void same_session_reported(int mode, got *g)
{
    pw_corr *c = corr_engine();
    pw_advisory a;
    pw_advisory_init(&a);
    a.id = strdup("forum-1");
    a.source = strdup("community");
    a.title = strdup("KB5000002 broke our cluster, anyone else?");
    a.text = strdup("After KB5000002 the volumes keep pausing; rolled back on two nodes.");
    a.published = T0 + 8 * DAY_US + 3 * H_US;
    a.report_class = strdup(PW_ADV_CLASS_REGRESSION);
    ck_assert(pw_strlist_add(&a.kb, "KB5000002") == 0 && pw_strlist_add(&a.kb_affected, "KB5000002") == 0);
    pw_error err = {0};
    ck_assert_msg(pw_corr_add_advisory(c, &a, &err) == 0, "%s", err.msg);
    pw_advisory_free(&a);
    fleet(c, 24, mode);
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, g, &err) == 0, "%s", err.msg);
    pw_corr_free(c);
}

START_TEST(test_same_session_the_reported_update_is_named)
{
    got g = {0};
    same_session_reported(2, &g);
    const char *bad = last_status(&g, "KB5000002", NULL);
    ck_assert_msg(bad != NULL && strcmp(bad, "withdrawn") != 0, "the reported update is not named: %s", bad ? bad : "-");
    for (int i = 0; i < g.n; i++)
        ck_assert_msg(strcmp(g.v[i].patch, "KB5000001") != 0, "the other update of the session was named at h%lld: %s",
                      (long long)((g.v[i].ts - T0) / H_US), g.v[i].recommendation);
    got_free(&g);
}
END_TEST

/* The same with a single casualty in ring 0: the report is the evidence the casualty's data lack; the update
 * it blames is named within hours, not when the next ring supplies a second host (day 11). */
START_TEST(test_same_session_single_casualty_the_reported_update_is_named)
{
    got g = {0};
    same_session_reported(3, &g);
    int first = -1;
    for (int i = 0; i < g.n; i++) {
        ck_assert_msg(strcmp(g.v[i].patch, "KB5000001") != 0, "the other update of the session was named at h%lld",
                      (long long)((g.v[i].ts - T0) / H_US));
        if (first < 0 && strcmp(g.v[i].patch, "KB5000002") == 0 && strcmp(g.v[i].kind, "early-warning") != 0) first = i;
    }
    ck_assert_msg(first >= 0, "the reported update was not named");
    ck_assert_msg(g.v[first].ts < T0 + 9 * DAY_US, "named at h%lld", (long long)((g.v[first].ts - T0) / H_US));
    got_free(&g);
}
END_TEST

START_TEST(test_benign_alerted_first_is_withdrawn_with_a_reason)
{
    pw_corr *c = corr_engine();
    fleet(c, 24, 1);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    int wi = -1, first_benign = -1;
    for (int i = 0; i < g.n; i++)
        if (strcmp(g.v[i].patch, "KB5000001") == 0 && first_benign < 0) first_benign = i;
    /* ring 0 alone cannot separate them: the one installed last before the onsets (the benign) is named */
    ck_assert_msg(first_benign >= 0, "the benign update was never alerted: the test lost its point");
    ck_assert_str_eq(g.v[first_benign].status, "open");
    const char *st = last_status(&g, "KB5000001", &wi);
    ck_assert_str_eq(st, "withdrawn");
    ck_assert_str_eq(g.v[wi].id, g.v[first_benign].id); /* the same alert, withdrawn */
    ck_assert_ptr_nonnull(g.v[wi].reason);
    ck_assert(strstr(g.v[wi].reason, "KB5000002") != NULL);
    ck_assert_str_eq(g.v[wi].explained_by, "KB5000002");
    ck_assert(strstr(g.v[wi].recommendation, "withdrawn") == g.v[wi].recommendation);
    /* withdrawn once ring 1 (day 11) shows the bad update alone, and the bad one stands */
    ck_assert_int_lt(g.v[wi].ts, T0 + 13 * DAY_US);
    const char *bad = last_status(&g, "KB5000002", NULL);
    ck_assert_ptr_nonnull(bad);
    ck_assert(strcmp(bad, "open") == 0 || strcmp(bad, "updated") == 0);
    /* withdrawn is final here: nothing re-opens it, and the record round-trips through JSON */
    for (int i = wi + 1; i < g.n; i++) ck_assert(strcmp(g.v[i].patch, "KB5000001") != 0);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* Both updates in one session on every host, the benign one last: the data cannot separate them and the old
 * rule names the one installed last (the benign one). On day 12 a vendor known issue blames KB5000002: it
 * decides what the data could not, and the benign update's open alert is withdrawn with that reason (it used
 * to stay open beside the reported update's to the end: study-07). */
START_TEST(test_advisory_naming_the_other_update_withdraws_an_open_alert)
{
    pw_corr *c = corr_engine();
    pw_advisory a;
    pw_advisory_init(&a);
    a.id = strdup("vendor-1");
    a.source = strdup("release-health");
    a.title = strdup("Known issue: KB5000002 - Cluster Shared Volumes might enter a paused state");
    a.text = strdup("After installing KB5000002, Cluster Shared Volumes might enter a paused state (event 5120).");
    a.published = T0 + 12 * DAY_US;
    a.status = strdup("known-issue");
    a.report_class = strdup(PW_ADV_CLASS_REGRESSION);
    ck_assert(pw_strlist_add(&a.kb, "KB5000002") == 0 && pw_strlist_add(&a.kb_affected, "KB5000002") == 0);
    pw_error err = {0};
    ck_assert_msg(pw_corr_add_advisory(c, &a, &err) == 0, "%s", err.msg);
    pw_advisory_free(&a);
    fleet(c, 24, 2);
    got g = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    int first_benign = -1, wi = -1;
    for (int i = 0; i < g.n; i++)
        if (strcmp(g.v[i].patch, "KB5000001") == 0 && first_benign < 0) first_benign = i;
    ck_assert_msg(first_benign >= 0 && g.v[first_benign].ts < T0 + 12 * DAY_US,
                  "the benign update was not named before the advisory: the test lost its point");
    const char *st = last_status(&g, "KB5000001", &wi);
    ck_assert_str_eq(st, "withdrawn");
    ck_assert_str_eq(g.v[wi].statistic, "advisory_match");
    ck_assert_str_eq(g.v[wi].explained_by, "KB5000002");
    ck_assert_ptr_nonnull(strstr(g.v[wi].reason, "an issue report blames KB5000002"));
    ck_assert_int_ge(g.v[wi].ts, T0 + 12 * DAY_US);
    const char *bad = last_status(&g, "KB5000002", NULL);
    ck_assert_msg(bad && (strcmp(bad, "open") == 0 || strcmp(bad, "updated") == 0), "the named update: %s", bad ? bad : "-");
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* 30 hosts with an hourly chronic warning. The bad update KB5000002 rolls out in rings (day 8, 11, 15); the
 * benign one KB5000001 a day earlier but on its own ring assignment (host h is in benign ring (h * 7) % 3),
 * so on many hosts it came days before or after the bad one. The bad one's symptom: 5120 from 4 h after its
 * install on every third host. Two of those (hosts 0 and 3) sit in benign ring 0 (day 7), so by ring 1 the
 * benign update's 120-hour window holds every onset of ring 0 too. */
static void fleet_own_rings(pw_corr *c, int days)
{
    for (int h = 0; h < 30; h++) {
        int day = h < 6 ? 8 : h < 15 ? 11 : 15;
        int bring = (h * 7) % 3, bday = bring == 0 ? 7 : bring == 1 ? 10 : 14;
        int64_t bad = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        int64_t benign = T0 + bday * DAY_US + 3 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + days * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        install(c, h, benign, "KB5000001");
        install(c, h, bad, "KB5000002");
        for (int64_t t = bad + 4 * H_US; h % 3 == 0 && t < T0 + days * DAY_US; t += 2 * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
}

START_TEST(test_benign_update_on_its_own_rings_is_not_blamed)
{
    pw_corr *c = corr_engine();
    fleet_own_rings(c, 24);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    const char *bad = last_status(&g, "KB5000002", NULL);
    ck_assert_msg(bad != NULL, "the bad update was not alerted");
    ck_assert_msg(strcmp(bad, "open") == 0 || strcmp(bad, "updated") == 0, "the bad update ends %s", bad);
    for (int i = 0; i < g.n; i++) /* the benign one: never open at the end, and if ever raised, withdrawn */
        if (strcmp(g.v[i].patch, "KB5000002") == 0)
            ck_assert_msg(strcmp(g.v[i].status, "withdrawn") != 0, "the bad update was withdrawn at h%lld: %s",
                          (long long)((g.v[i].ts - T0) / H_US), g.v[i].reason ? g.v[i].reason : "");
    const char *benign = last_status(&g, "KB5000001", NULL);
    ck_assert_msg(benign == NULL || strcmp(benign, "withdrawn") == 0, "the benign update ends %s", benign);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* A slow symptom: 5120 from 30 h after the bad update's install, on every third host. The benign update came
 * a day before the bad one on even hosts and a day after it on odd ones (same rings), and on every host,
 * while the bad one skips hosts 9, 19, 29 (the benign one's hosts are a superset). With one treated window
 * per patch, the overlap of the two windows fits "30-54 h after the bad install" better than either alone,
 * and the benign one came out significant beside the bad one; with each patch's effect in pieces of time
 * since its install, the bad one's own second piece holds every onset and the benign one adds nothing. */
START_TEST(test_benign_update_around_a_slow_symptom_is_not_blamed)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 30; h++) {
        int day = h < 6 ? 8 : h < 15 ? 11 : 15;
        int64_t bad = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        int64_t benign = bad + (h % 2 == 0 ? -DAY_US : DAY_US) + 30 * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 24 * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        install(c, h, benign, "KB5000001");
        if (h % 10 == 9) continue;
        install(c, h, bad, "KB5000002");
        for (int64_t t = bad + 30 * H_US; h % 3 == 0 && t < T0 + 24 * DAY_US; t += 2 * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    const char *bad = last_status(&g, "KB5000002", NULL);
    ck_assert_msg(bad != NULL, "the bad update was not alerted");
    ck_assert_msg(strcmp(bad, "open") == 0 || strcmp(bad, "updated") == 0, "the bad update ends %s", bad);
    int wi = -1;
    const char *benign = last_status(&g, "KB5000001", &wi);
    ck_assert_msg(benign == NULL || strcmp(benign, "withdrawn") == 0, "the benign update ends %s: %s", benign,
                  g.v[wi].recommendation);
    if (benign) { /* raised and withdrawn: the reason names the bad one */
        ck_assert_ptr_nonnull(g.v[wi].reason);
        ck_assert_str_eq(g.v[wi].explained_by, "KB5000002");
    }
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* 30 hosts, one benign update KB5000001 in rings (day 8, 11, 15 at 02:00). On ring 1's day at 10:00 a storage
 * outage makes hosts log StorPort 129 for three hours: every ring-1 host (they share a site) and every third
 * of the others, patched or not. The signature is new to the fleet, the patched hosts are over-represented
 * in it, and yet it is an incident, not the update: unpatched hosts show it in the same hours. */
START_TEST(test_incident_on_a_ring_day_is_not_blamed_on_the_update)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 30; h++) {
        int day = h < 6 ? 8 : h < 15 ? 11 : 15;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 24 * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        install(c, h, T0 + day * DAY_US + 2 * H_US + h * 60000000LL, "KB5000001");
        if (!((h >= 6 && h < 15) || h % 3 == 0)) continue;
        for (int64_t t = T0 + 11 * DAY_US + 10 * H_US + h * 60000000LL; t < T0 + 11 * DAY_US + 13 * H_US; t += 20 * 60000000LL)
            add(c, h, t, "Microsoft-Windows-StorPort", "129", "warning", "Reset to device, \\Device\\RaidPort1, was issued.", NULL);
    }
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 24 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    for (int i = 0; i < g.n; i++)
        ck_assert_msg(strcmp(g.v[i].kind, "regression") != 0, "alerted %s at h%lld: %s", g.v[i].patch,
                      (long long)((g.v[i].ts - T0) / H_US), g.v[i].recommendation);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* 30 hosts logging from day 4. The bad update KB5000002 rolls out on day 8 (hosts 0-5), 12 (6-14) and 15
 * (15-29); the benign KB5000001 on day 8 for hosts 0-14 (49 minutes after the bad one on hosts 0-5, the same
 * session) and with the bad one on day 15. Two casualties: host 0 from 8 h after both (day 8), host 6 from 9 h
 * after the bad one on day 12, four days after the benign one. Each update passes on the two casualties'
 * recurrence, neither is significant in the joint model (two onsets), and the order of installation ties (the
 * benign one last on host 0, the bad one on host 6): both were named (study2b-02). The bad update's first day
 * holds both onsets; the benign one needs its first day and its days 4-5, in more host-time: named is the bad
 * one alone. */
START_TEST(test_clearly_better_single_cause_is_named_when_none_is_significant)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 30; h++) {
        int day = h < 6 ? 8 : h < 15 ? 12 : 15;
        int64_t bad = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        int64_t benign = h < 15 ? T0 + 8 * DAY_US + 2 * H_US + 49 * 60000000LL + h * 60000000LL : bad - 5 * 60000000LL;
        for (int64_t t = T0 + 4 * DAY_US + h * 1000000LL; t < T0 + 20 * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (benign < bad) {
            install(c, h, benign, "KB5000001");
            install(c, h, bad, "KB5000002");
        } else {
            install(c, h, bad, "KB5000002");
            install(c, h, benign, "KB5000001");
        }
        if (h != 0 && h != 6) continue;
        for (int64_t t = bad + 8 * H_US + (h == 6 ? H_US : 0); t < T0 + 20 * DAY_US; t += 3 * H_US)
            add(c, h, t, "Microsoft-Windows-Hyper-V-VMMS", "18590", "error",
                "'VM1' has encountered a fatal error. The guest operating system reported that it failed with the "
                "following error codes: ErrorCode0: 0x7E.", NULL);
    }
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    for (int i = 0; i < g.n; i++)
        ck_assert_msg(strcmp(g.v[i].patch, "KB5000001") != 0, "the benign update was named at h%lld: %s %s",
                      (long long)((g.v[i].ts - T0) / H_US), g.v[i].status, g.v[i].recommendation);
    int first = -1;
    for (int i = 0; i < g.n && first < 0; i++)
        if (strcmp(g.v[i].patch, "KB5000002") == 0) first = i;
    ck_assert_msg(first >= 0, "the bad update was not named");
    ck_assert_msg(g.v[first].ts <= T0 + 13 * DAY_US, "named at h%lld", (long long)((g.v[first].ts - T0) / H_US));
    const char *bad = last_status(&g, "KB5000002", NULL);
    ck_assert(strcmp(bad, "open") == 0 || strcmp(bad, "updated") == 0);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_joint");
    TCase *tm = tcase_create("model");
    tcase_add_test(tm, test_joint_term_with_the_onsets_is_the_cause);
    tcase_add_test(tm, test_joint_collinear_terms_are_not_told_apart);
    tcase_add_test(tm, test_joint_no_excess_no_cause);
    tcase_add_test(tm, test_joint_forward_names_the_tighter_window);
    tcase_add_test(tm, test_joint_forward_does_not_choose_between_twins);
    tcase_add_test(tm, test_joint_forward_second_cause_needs_onsets_of_its_own);
    tcase_add_test(tm, test_joint_gain_compares_single_causes);
    tcase_add_test(tm, test_same_session_the_reported_update_is_named);
    tcase_add_test(tm, test_same_session_single_casualty_the_reported_update_is_named);
    suite_add_tcase(s, tm);
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_benign_update_a_day_before_is_not_blamed);
    tcase_add_test(te, test_benign_alerted_first_is_withdrawn_with_a_reason);
    tcase_add_test(te, test_advisory_naming_the_other_update_withdraws_an_open_alert);
    tcase_add_test(te, test_benign_update_on_its_own_rings_is_not_blamed);
    tcase_add_test(te, test_incident_on_a_ring_day_is_not_blamed_on_the_update);
    tcase_add_test(te, test_benign_update_around_a_slow_symptom_is_not_blamed);
    tcase_add_test(te, test_clearly_better_single_cause_is_named_when_none_is_significant);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
