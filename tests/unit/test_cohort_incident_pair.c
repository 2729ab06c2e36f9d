/* test_cohort_incident_pair: two unpatched hosts are enough to make an incident of a symptom nobody else logs.
 * A DNS outage on the day of a ring: a name-resolution error the fleet never logged hits four hosts patched that
 * morning and two that are not, within the hour. The fleet's rate of that error outside those hours is nil, so
 * two unpatched hosts in them are no coincidence: the hours are an incident, compared within themselves (four of
 * six onsets on a fifth of the host-time), and the update is not blamed. Without the two unpatched hosts the
 * same four casualties are alerted (the premise: the test can fail). */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define DAYS 14

/* 50 hosts; KB5000001 on hosts 0-9 at day 10 02:00; on day 10 from 09:00 hosts 0-3 (and, with unpatched, 20
 * and 21) log the DNS client's 1014 twice. */
static int alerts(bool unpatched)
{
    pw_corr *c = corr_engine();
    for (int h = 0; h < 50; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h < 10) {
            int64_t inst = T0 + 10 * DAY_US + 2 * H_US + h * 60000000LL;
            add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
                "2026-07 Cumulative Update (KB5000001)");
            add(c, h, inst + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        }
        if (h < 4 || (unpatched && (h == 20 || h == 21)))
            for (int k = 0; k < 2; k++)
                add(c, h, T0 + 10 * DAY_US + 9 * H_US + h * 120000000LL + k * 1800000000LL, "Microsoft-Windows-DNS-Client",
                    "1014", "warning",
                    "Name resolution for the name fs1.corp.example timed out after none of the configured DNS servers "
                    "responded.",
                    NULL);
    }
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + DAYS * DAY_US, collect, &g, &err) == 0, "%s", err.msg);
    int n = 0;
    for (int i = 0; i < g.n; i++) n += strcmp(g.v[i].kind, "early-warning") != 0 && !strcmp(g.v[i].patch, "KB5000001");
    got_free(&g);
    pw_corr_free(c);
    return n;
}

START_TEST(test_four_patched_casualties_alone_are_alerted)
{
    ck_assert_msg(alerts(false) > 0, "four casualties of a new symptom were not alerted: the test lost its point");
}
END_TEST

START_TEST(test_two_unpatched_hosts_in_the_same_hours_make_it_an_incident)
{
    ck_assert_int_eq(alerts(true), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_incident_pair");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_four_patched_casualties_alone_are_alerted);
    tcase_add_test(te, test_two_unpatched_hosts_in_the_same_hours_make_it_an_incident);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
