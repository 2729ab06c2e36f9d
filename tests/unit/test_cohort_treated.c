/* test_cohort_treated: the treated onset hosts per (patch, signature) that cohort_store.c keeps up to date
 * (corr_treated_sigs) against a plain scan of every patched host's onsets, the way corr_evaluate counted them
 * before: the same signatures, the same number of hosts each, in the same order (the order of first meeting
 * decides which candidate is created first, so a difference would change what is alerted). The engine is fed
 * as a live correlator is: hour by hour, with late events, reboots that move onsets into a grace period,
 * installs that arrive after their hosts' failures, and an install read out of order (an earlier first
 * install), and asked at every hour. Also corr_sort_by_hour, the counting sort the exposure sweeps use. */
#include <stdlib.h>
#include <string.h>

#include "correlate/cohort_model.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */

static pw_corr *engine(void)
{
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    cfg.baseline_hours = 6; /* short, so a ten-day fleet has many onsets */
    cfg.window_hours = 30;
    cfg.reboot_grace_hours = 2;
    pw_error err = {0};
    pw_corr *c = pw_corr_new(&cfg, NULL, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    return c;
}

static uint32_t hour_of(int64_t us) { return us < 0 ? 0 : (uint32_t)(us / H_US); }

/* The scan corr_evaluate did: hosts in install order, each host's pairs in order, the first onset of a pair
 * in [install + grace, install + window] before H counts its host once. */
static uint32_t scan(const pw_corr *c, uint32_t patch, uint32_t H, uint32_t *sigs, uint32_t *hosts, uint32_t cap)
{
    const corr_patch *p = &c->patches[patch];
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, W = (uint32_t)c->cfg.window_hours, n = 0;
    for (uint32_t i = 0; i < p->nhosts; i++) {
        uint32_t h = p->hosts[i], th = hour_of(p->host_ts[h]);
        if (th + g >= H) continue;
        const corr_host *ho = &c->hosts[h];
        for (uint32_t k = 0; k < ho->npairs; k++) {
            const corr_pair *pr = &c->pairs[ho->pairs[k]];
            bool counted = false;
            for (uint32_t j = 0; j < pr->nonsets; j++) {
                uint32_t o = pr->onsets[j];
                if (o >= H || o > th + W) break;
                if (o < th + g) continue;
                counted = true;
                break;
            }
            if (!counted) continue;
            uint32_t q = 0;
            while (q < n && sigs[q] != pr->sig) q++;
            if (q == n) {
                ck_assert_uint_lt(n, cap);
                sigs[n] = pr->sig;
                hosts[n++] = 0;
            }
            hosts[q]++;
        }
    }
    return n;
}

/* Asks both at hour H for every patch; returns the number of signatures with treated hosts seen. */
static uint32_t compare(pw_corr *c, uint32_t H)
{
    ck_assert_int_eq(corr_refresh_onsets(c), 0);
    uint32_t seen = 0;
    for (uint32_t p = 0; p < c->npatches; p++) {
        uint32_t sigs[64], hosts[64], n;
        uint32_t m = scan(c, p, H, sigs, hosts, 64);
        ck_assert_int_eq(corr_treated_sigs(c, p, H, &n), 0);
        ck_assert_msg(n == m, "hour %u patch %s: %u signatures kept, the scan finds %u", H, c->patches[p].id, n, m);
        for (uint32_t i = 0; i < n; i++) {
            ck_assert_msg(c->treated[i].sig == sigs[i] && c->treated[i].hosts == hosts[i],
                          "hour %u patch %s, #%u: kept sig %u on %u hosts, the scan sig %u on %u", H,
                          c->patches[p].id, i, c->treated[i].sig, c->treated[i].hosts, sigs[i], hosts[i]);
        }
        seen += n;
    }
    return seen;
}

static void failure(pw_corr *c, int host, int64_t ts, int kind)
{
    static const char *codes[] = {"5120", "7031", "1069", "41", "153"};
    add(c, host, ts, "Microsoft-Windows-Test", codes[kind], "error", "A failure the test made up.", NULL);
}

static void install(pw_corr *c, int host, int64_t ts, int kb)
{
    char title[64];
    snprintf(title, sizeof title, "2026-07 Cumulative Update (KB599999%d)", kb);
    add(c, host, ts, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful", title);
}

static void reboot(pw_corr *c, int host, int64_t ts)
{
    add(c, host, ts, "EventLog", "6005", "information", "The Event log service was started.", NULL);
}

START_TEST(test_treated_sets_match_a_scan_of_every_patched_host_hour_by_hour)
{
    pw_corr *c = engine();
    srand(20261204u + (unsigned)_i);
    enum { HOSTS = 40, HOURS = 240 };
    uint32_t seen = 0;
    for (int hr = 0; hr < HOURS; hr++) {
        int64_t t = T0 + hr * H_US;
        for (int h = 0; h < HOSTS; h++) {
            add(c, h, t + h * 1000000LL, "disk", "153", "warning", "chronic", NULL); /* every host logs hourly */
            int r = rand() % 1000;
            if (r < 40) failure(c, h, t + 60000000LL, rand() % 5);
            else if (r < 50 && hr > 30) failure(c, h, t - (1 + rand() % 30) * H_US, rand() % 5); /* late */
            else if (r < 56) reboot(c, h, t + 120000000LL);
            else if (r < 58 && hr > 10) reboot(c, h, t - (1 + rand() % 10) * H_US); /* a late reboot */
        }
        /* three rollouts in rings; KB5999992's installs of the second ring are read 20 hours late, and one
         * host's first install of KB5999991 is found (late) to have been earlier than the one read first */
        for (int h = 0; h < HOSTS; h++) {
            if (hr == 40 + (h % 4) * 12) install(c, h, t + 1800000000LL, 1);
            if (hr == 60 + (h % 3) * 20 && h % 3 != 1) install(c, h, t + 900000000LL, 2);
            if (hr == 80 + 20 + 20 && h % 3 == 1) install(c, h, T0 + (80 + 20) * H_US + 900000000LL, 2);
            if (hr == 90 + (h % 2) * 30 && h % 2 == 0) install(c, h, t, 3);
        }
        if (hr == 150) install(c, 7, T0 + 41 * H_US, 1); /* host 7 installed it first at hour 76 */
        if (hr > 0 && hr % 3 == 0) seen += compare(c, (uint32_t)(T0 / H_US) + (uint32_t)hr);
    }
    for (int hr = HOURS; hr < HOURS + 40; hr++) seen += compare(c, (uint32_t)(T0 / H_US) + (uint32_t)hr);
    ck_assert_uint_gt(seen, 100); /* the fleet did have treated onset hosts to count */
    ck_assert_uint_eq(c->npatches, 3);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_treated_sets_in_replay_order_match_a_scan_at_every_hour)
{
    /* as bench/detect replays: every record first, then the clock hour by hour with nothing changing in
     * between (corr_treated_sigs then answers from what it counted the hour before, until the next entry) */
    pw_corr *c = engine();
    srand(4711u + (unsigned)_i);
    enum { HOSTS = 30, HOURS = 200 };
    for (int hr = 0; hr < HOURS; hr++) {
        int64_t t = T0 + hr * H_US;
        for (int h = 0; h < HOSTS; h++) {
            add(c, h, t + h * 1000000LL, "disk", "153", "warning", "chronic", NULL);
            int r = rand() % 1000;
            if (r < 40) failure(c, h, t + 60000000LL, rand() % 5);
            else if (r < 46) reboot(c, h, t + 120000000LL);
            if (hr == 30 + (h % 4) * 15) install(c, h, t + 1800000000LL, 1);
            if (hr == 50 + (h % 3) * 25 && h % 3 != 1) install(c, h, t + 900000000LL, 2);
        }
    }
    uint32_t seen = 0;
    for (int hr = 1; hr < HOURS + 40; hr++) seen += compare(c, (uint32_t)(T0 / H_US) + (uint32_t)hr);
    ck_assert_uint_gt(seen, 100);
    /* and asked again from an earlier hour (the count starts over) */
    for (int hr = 60; hr < 120; hr += 5) seen += compare(c, (uint32_t)(T0 / H_US) + (uint32_t)hr);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_order_is_install_order_then_the_hosts_pairs)
{
    /* host 3 installs first and logs 7031 then 5120 (its pairs in that order); host 1 installs later and logs
     * 41 first. Signatures come out as a scan of hosts in install order meets them: 7031, 5120, 41. */
    pw_corr *c = engine();
    for (int hr = 0; hr < 60; hr++)
        for (int h = 0; h < 5; h++) add(c, h, T0 + hr * H_US + h * 1000000LL, "disk", "153", "warning", "chronic", NULL);
    failure(c, 1, T0 + 2 * H_US, 3);  /* host 1 knows 41 since hour 2: its pair comes first ... */
    failure(c, 3, T0 + 3 * H_US, 1);  /* ... host 3 knows 7031 since hour 3 */
    failure(c, 3, T0 + 4 * H_US, 0);  /* and 5120 since hour 4 */
    install(c, 3, T0 + 20 * H_US, 1);
    install(c, 1, T0 + 21 * H_US, 1);
    failure(c, 1, T0 + 30 * H_US, 3); /* onsets after the quiet baseline, inside the windows */
    failure(c, 3, T0 + 31 * H_US, 0);
    failure(c, 3, T0 + 32 * H_US, 1);
    uint32_t H = (uint32_t)(T0 / H_US) + 40, n;
    ck_assert_int_eq(corr_refresh_onsets(c), 0);
    ck_assert_int_eq(corr_treated_sigs(c, 0, H, &n), 0);
    ck_assert_uint_eq(n, 3);
    const char *want[] = {"7031", "5120", "41"};
    for (uint32_t i = 0; i < n; i++) {
        ck_assert_str_eq(c->sigs[c->treated[i].sig].code, want[i]);
        ck_assert_uint_eq(c->treated[i].hosts, 1);
    }
    /* an hour before host 3's onsets: only host 1's */
    ck_assert_int_eq(corr_treated_sigs(c, 0, H - 9, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(c->sigs[c->treated[0].sig].code, "41");
    /* a reboot read late, two hours before host 3's 5120 onset, puts that one in the grace (7031 an hour later
     * stays out of it), so 5120 leaves; asked again at the same hour, the count starts over */
    reboot(c, 3, T0 + 29 * H_US + 600000000LL);
    compare(c, H);
    ck_assert_int_eq(corr_treated_sigs(c, 0, H, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(c->sigs[c->treated[0].sig].code, "7031");
    ck_assert_str_eq(c->sigs[c->treated[1].sig].code, "41");
    pw_corr_free(c);
}
END_TEST

typedef struct item {
    uint32_t hour;
    uint32_t seq; /* the original position: stability */
} item;

static uint32_t item_hour(const void *a) { return ((const item *)a)->hour; }

static int item_cmp(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->hour != y->hour) return x->hour < y->hour ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

START_TEST(test_sort_by_hour_is_a_stable_sort_over_short_and_long_spans)
{
    /* spans: one hour, a month (one pass), 20 years (two passes of 16 bits), the whole uint32 range */
    static const uint32_t spans[] = {1, 720, 175320, UINT32_MAX};
    srand(7u);
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++) {
        for (size_t n = 0; n < 3000; n = n * 3 + 1) {
            item *v = malloc((n ? n : 1) * sizeof *v), *ref = malloc((n ? n : 1) * sizeof *ref);
            ck_assert(v && ref);
            uint32_t base = spans[k] == UINT32_MAX ? 0 : 490000u;
            for (size_t i = 0; i < n; i++) {
                uint32_t r = ((uint32_t)rand() << 16) ^ (uint32_t)rand();
                v[i] = (item){base + (spans[k] == UINT32_MAX ? r : r % spans[k]), (uint32_t)i};
            }
            if (n > 2) v[n / 2].hour = spans[k] == UINT32_MAX ? UINT32_MAX : base + spans[k] - 1; /* the top */
            memcpy(ref, v, n * sizeof *v);
            qsort(ref, n, sizeof *ref, item_cmp);
            ck_assert_int_eq(corr_sort_by_hour(v, n, sizeof *v, item_hour), 0);
            for (size_t i = 0; i < n; i++)
                ck_assert_msg(v[i].hour == ref[i].hour && v[i].seq == ref[i].seq,
                              "span %u, n %zu, #%zu: (%u, %u) where (%u, %u) belongs", spans[k], n, i, v[i].hour,
                              v[i].seq, ref[i].hour, ref[i].seq);
            free(v);
            free(ref);
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_treated");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_treated_sets_match_a_scan_of_every_patched_host_hour_by_hour, 0, 4);
    tcase_add_loop_test(tc, test_treated_sets_in_replay_order_match_a_scan_at_every_hour, 0, 3);
    tcase_add_test(tc, test_order_is_install_order_then_the_hosts_pairs);
    tcase_add_test(tc, test_sort_by_hour_is_a_stable_sort_over_short_and_long_spans);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
