/* test_cohort_speed: the fast path to a first alert. A bad update whose first ring has a single casualty is
 * alerted on that host within hours (the single-host path: a signature new to the fleet, on no other host,
 * recurring on the freshly patched one), not days later when the second ring supplies a second host; a
 * one-off new error, or a new error that unpatched hosts show too, never takes that path. */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)

/* 20 hosts, an hourly chronic warning; KB5999999 in rings on day 8 (hosts 0-3), 11 (4-9), 15 (10-19).
 * mode 0: host 0 (ring 0) shows 5120 from 4 h after its install, every 2 hours; hosts 5 and 12 later.
 * mode 1: host 0 logs one 5120 once, 4 h after its install, and never again.
 * mode 2: like 0, but unpatched host 19 logs the same 5120 the same day (not the patch's doing alone).
 * mode 3: rings on day 8 (hosts 0-1), 11 (2-11: half the fleet) and 15 (12-19); hosts 3 and 4 of the big
 *         ring show 5120 from 4 h after their install, every 3 hours, and host 14 in the last ring. */
static void fleet(pw_corr *c, int days, int mode)
{
    for (int h = 0; h < 20; h++) {
        int day = mode == 3 ? (h < 2 ? 8 : h < 12 ? 11 : 15) : h < 4 ? 8 : h < 10 ? 11 : 15;
        int64_t inst = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + days * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
            "2026-07 Cumulative Update (KB5999999)");
        add(c, h, inst + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        bool affected = mode == 3 ? h == 3 || h == 4 || h == 14 : h == 0 || (mode != 1 && (h == 5 || h == 12));
        int64_t stop = mode == 1 && h == 0 ? inst + 5 * H_US : T0 + days * DAY_US;
        for (int64_t t = inst + 4 * H_US; affected && t < stop; t += (mode == 3 ? 3 : 2) * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
        if (mode == 2 && h == 19)
            for (int64_t t = T0 + 8 * DAY_US + 5 * H_US; t < T0 + 8 * DAY_US + 12 * H_US; t += H_US)
                add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                    "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
}

START_TEST(test_first_ring_single_casualty_alerted_within_hours)
{
    pw_corr *c = corr_engine();
    fleet(c, 20, 0);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_ge(g.n, 1);
    ck_assert_str_eq(g.v[0].patch, "KB5999999");
    ck_assert_str_eq(g.v[0].status, "open");
    ck_assert_int_eq(g.v[0].patched_affected, 1);
    ck_assert(pw_strlist_has(&g.v[0].hosts, "srv00"));
    /* host 0's first 5120 is at day 8 + 6 h; alerted within 12 h of it (not on day 11 with host 5) */
    int64_t first = T0 + 8 * DAY_US + 6 * H_US;
    ck_assert_msg(g.v[0].ts - first <= 12 * H_US, "alerted %lld h after the first casualty",
                  (long long)((g.v[0].ts - first) / H_US));
    ck_assert_int_ge(g.v[0].ts - first, 6 * H_US); /* but only once it kept recurring (single_host_hours) */
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_single_host_path_off_keeps_min_hosts)
{
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    cfg.single_host_hours = 0;
    pw_error err = {0};
    pw_corr *c = pw_corr_new(&cfg, NULL, &err);
    ck_assert_ptr_nonnull(c);
    fleet(c, 20, 0);
    got g = {0};
    ck_assert_int_eq(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err), 0);
    ck_assert_int_ge(g.n, 1);
    ck_assert_int_ge(g.v[0].ts, T0 + 11 * DAY_US); /* waits for the second host (ring 1) */
    ck_assert_int_ge(g.v[0].patched_affected, 2);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_one_off_new_error_is_not_an_alert)
{
    pw_corr *c = corr_engine();
    fleet(c, 20, 1);
    got g = {0};
    pw_error err = {0};
    ck_assert_int_eq(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err), 0);
    ck_assert_int_eq(g.n, 0);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_new_error_on_an_unpatched_host_too_waits_for_the_usual_test)
{
    pw_corr *c = corr_engine();
    fleet(c, 20, 2);
    got g = {0};
    pw_error err = {0};
    ck_assert_int_eq(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err), 0);
    for (int i = 0; i < g.n; i++) ck_assert_int_ge(g.v[i].patched_affected, 2);
    if (g.n) ck_assert_int_ge(g.v[0].ts, T0 + 11 * DAY_US);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* Two casualties of one ring within the hour, on the day half the fleet installs: the day-stratified guard
 * cannot pass with two onsets at a treated share of one half (p = 0.25), but every occurrence is on freshly
 * patched host-time and the signature is new: alerted within 12 h of the first casualty, not on day 15 when
 * the last ring supplies a third host (the second casualty used to take the single-host path away). */
START_TEST(test_two_casualties_of_a_big_ring_alerted_within_hours)
{
    pw_corr *c = corr_engine();
    fleet(c, 20, 3);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_ge(g.n, 1);
    ck_assert_str_eq(g.v[0].patch, "KB5999999");
    int64_t first = T0 + 11 * DAY_US + 6 * H_US;
    ck_assert_msg(g.v[0].ts - first <= 12 * H_US, "alerted %lld h after the first casualty",
                  (long long)((g.v[0].ts - first) / H_US));
    /* two casualties stand for the recurrence (no 6 h wait), but 3 occurrence hours are still needed: the
     * second round of 5120s, 3 h after the first */
    ck_assert_int_ge(g.v[0].ts - first, 3 * H_US);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* One 5120 of host h at ts carrying the miner's signature id sig (hex): the miner splits one event id's
 * messages over several signatures (rendered or not, a new cluster's first id). */
static void add_sig(pw_corr *c, int host, int64_t ts, const char *sig)
{
    add_signed(c, host, ts, "Microsoft-Windows-FailoverClustering", "5120", "error",
               "Cluster Shared Volume has entered a paused state.", NULL, sig);
}

/* 20 hosts as in fleet(); KB5999999 on day 8 (hosts 0-3), 11 (4-9), 15 (10-19). Only host 0 is affected: a
 * 5120 every 3 hours from 4 h after its install, its signature id cycling over three (what the miner gives
 * one symptom: the rendered message, the unrendered event data, a new cluster's first id), so that none of
 * them alone has 3 occurrence hours until 22 h after the first. With fleet_wide_before, KB5888888 is
 * installed on every host the day before (an update the whole fleet took, on the casualty too). */
static void fleet_family(pw_corr *c, int days, bool fleet_wide_before)
{
    static const char *ids[3] = {"00000000000a5120", "00000000000b5120", "00000000000c5120"};
    for (int h = 0; h < 20; h++) {
        int day = h < 4 ? 8 : h < 10 ? 11 : 15;
        int64_t inst = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + days * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (fleet_wide_before) {
            int64_t i2 = T0 + 7 * DAY_US + 2 * H_US + h * 60000000LL;
            add(c, h, i2, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
                "2026-07 Update for .NET Framework (KB5888888)");
            add(c, h, i2 + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        }
        add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
            "2026-07 Cumulative Update (KB5999999)");
        add(c, h, inst + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        for (int i = 0; h == 0 && inst + (4 + 3 * i) * H_US < T0 + days * DAY_US; i++)
            add_sig(c, h, inst + (4 + 3 * i) * H_US, ids[i % 3]);
    }
}

/* The casualty's recurrence counts over the signatures of its Windows event (provider and event id): alerted
 * within 12 h of the first 5120, not when one of the three ids has 3 hours of its own (19 h later). */
START_TEST(test_single_casualty_recurrence_over_the_signature_family)
{
    pw_corr *c = corr_engine();
    fleet_family(c, 20, false);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_ge(g.n, 1);
    ck_assert_str_eq(g.v[0].patch, "KB5999999");
    ck_assert_int_eq(g.v[0].patched_affected, 1);
    int64_t first = T0 + 8 * DAY_US + 6 * H_US;
    ck_assert_msg(g.v[0].ts - first <= 12 * H_US, "alerted %lld h after the first casualty",
                  (long long)((g.v[0].ts - first) / H_US));
    ck_assert_int_ge(g.v[0].ts - first, 6 * H_US); /* still only once it recurred */
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* The same casualty when the whole fleet took another update the day before: that update holds the onset in
 * a share of host-time several times KB5999999's (20 hosts against 4), so it is no rival and the casualty
 * still names KB5999999 within hours (the single-casualty rule names neither only when the other update
 * explains the onset about as well). */
START_TEST(test_single_casualty_a_fleet_wide_update_is_no_rival)
{
    pw_corr *c = corr_engine();
    fleet_family(c, 20, true);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_ge(g.n, 1);
    ck_assert_str_eq(g.v[0].patch, "KB5999999");
    for (int i = 0; i < g.n; i++) ck_assert_str_ne(g.v[i].patch, "KB5888888");
    int64_t first = T0 + 8 * DAY_US + 6 * H_US;
    ck_assert_msg(g.v[0].ts - first <= 12 * H_US, "alerted %lld h after the first casualty",
                  (long long)((g.v[0].ts - first) / H_US));
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* Rings on day 8 (hosts 0-1), 11 (2-11) and 15 (12-19); hosts 3 and 4 of the big ring show 5120 4 h after
 * their install (host 3 again an hour later), then nothing until a day later. Two casualties in their treated
 * windows with a signature nobody else logged stand for the recurrence: alerted within 12 h of the first, not
 * a day later when one of them recurs. */
START_TEST(test_two_casualties_need_no_recurrence)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 20; h++) {
        int day = h < 2 ? 8 : h < 12 ? 11 : 15;
        int64_t inst = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 20 * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
            "2026-07 Cumulative Update (KB5999999)");
        add(c, h, inst + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        if (h != 3 && h != 4) continue;
        int64_t hrs[] = {4, h == 3 ? 5 : 0, 30, 33, 36};
        for (size_t i = 0; i < sizeof hrs / sizeof hrs[0]; i++)
            if (hrs[i])
                add(c, h, inst + hrs[i] * H_US + 300000000LL, "Microsoft-Windows-FailoverClustering", "5120", "error",
                    "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_ge(g.n, 1);
    ck_assert_str_eq(g.v[0].patch, "KB5999999");
    int64_t first = T0 + 11 * DAY_US + 6 * H_US;
    ck_assert_msg(g.v[0].ts - first <= 12 * H_US, "alerted %lld h after the first casualty",
                  (long long)((g.v[0].ts - first) / H_US));
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* Daily Defender definitions (KB2267602, installed every day at 08:10 on every host, no restart) and the bad
 * update KB5999999 on host 0 at day 8 02:00 (with its restart). Host 0 logs 5120 from 09:13 on, every 2 hours:
 * 73 minutes after that day's definitions update. An install of an update the host installs again and again is
 * no restart: the 09:00 hour is the onset (it was restart noise, and the onset taken at 11:00; study2a-01). */
START_TEST(test_recurring_install_is_no_restart)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 20; h++) {
        int day = h < 4 ? 8 : h < 10 ? 11 : 15;
        int64_t inst = T0 + day * DAY_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 20 * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        for (int d = 0; d < 20; d++)
            add(c, h, T0 + d * DAY_US + 8 * H_US + 10 * 60000000LL, "Microsoft-Windows-WindowsUpdateClient", "19",
                "information", "Installation Successful",
                "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.433.101.0)");
        add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
            "2026-07 Cumulative Update (KB5999999)");
        add(c, h, inst + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        for (int64_t t = T0 + 8 * DAY_US + 9 * H_US + 13 * 60000000LL; h == 0 && t < T0 + 20 * DAY_US; t += 2 * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'.", NULL);
    }
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    int first = -1;
    for (int i = 0; i < g.n && first < 0; i++)
        if (strcmp(g.v[i].patch, "KB5999999") == 0) first = i;
    ck_assert_msg(first >= 0, "the bad update was not alerted");
    for (int i = 0; i < g.n; i++) ck_assert_msg(strcmp(g.v[i].patch, "KB2267602") != 0, "the definitions update was named");
    ck_assert_msg(g.v[first].first_seen == T0 + 8 * DAY_US + 9 * H_US, "first seen at day 8 %lld:00",
                  (long long)((g.v[first].first_seen - T0 - 8 * DAY_US) / H_US));
    ck_assert_msg(g.v[first].ts <= T0 + 8 * DAY_US + 16 * H_US, "alerted at day 8 %lld:00",
                  (long long)((g.v[first].ts - T0 - 8 * DAY_US) / H_US));
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_speed");
    TCase *tc = tcase_create("single_host");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_first_ring_single_casualty_alerted_within_hours);
    tcase_add_test(tc, test_single_host_path_off_keeps_min_hosts);
    tcase_add_test(tc, test_one_off_new_error_is_not_an_alert);
    tcase_add_test(tc, test_new_error_on_an_unpatched_host_too_waits_for_the_usual_test);
    tcase_add_test(tc, test_two_casualties_of_a_big_ring_alerted_within_hours);
    tcase_add_test(tc, test_single_casualty_recurrence_over_the_signature_family);
    tcase_add_test(tc, test_single_casualty_a_fleet_wide_update_is_no_rival);
    tcase_add_test(tc, test_two_casualties_need_no_recurrence);
    tcase_add_test(tc, test_recurring_install_is_no_restart);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
