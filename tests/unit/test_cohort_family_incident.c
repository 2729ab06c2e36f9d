/* test_cohort_family_incident: an outage does not keep to one signature. The miner names an event's first hosts by
 * their exact text, so one outage lands on several signatures of the same event (provider and code). Update A
 * went to hosts 0-19 that morning; in the afternoon two of them log a CSV pause under signature X ('Volume3'),
 * while under signature Y ('Volume2') two more patched hosts and five unpatched ones do: an incident, which Y's
 * test sees and X's two hosts cannot show. A is left standing on neither. Without the unpatched hosts, X's two
 * casualties of A's first day are what a regression looks like, and A stays blamed (the premise). */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define MIN_US 60000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define DAYS 14

static void pause_of(pw_corr *c, int h, int64_t from, const char *vol, const char *sig)
{
    char msg[128];
    snprintf(msg, sizeof msg, "Cluster Shared Volume '%s' has entered a paused state.", vol);
    for (int k = 0; k < 12; k++)
        add_signed(c, h, from + k * 20 * MIN_US, "FailoverClustering", "5120", "error", msg, NULL, sig);
}

/* Alerts of KB5000001 whose last version is not a withdrawal. */
static int standing(bool outage)
{
    pw_corr *c = corr_engine();
    add_fleet(c, 60, 20, T0, T0 + DAYS * DAY_US, T0 + 10 * DAY_US + 2 * H_US);
    for (int h = 0; h < 60; h++) {
        int64_t from = T0 + 10 * DAY_US + 10 * H_US + (h % 6) * 5 * MIN_US;
        if (h == 3 || h == 4) pause_of(c, h, from, "Volume3", "00000000000000c3");
        if (outage && (h == 5 || h == 6 || (h >= 40 && h < 45))) pause_of(c, h, from, "Volume2", "00000000000000c2");
    }
    return corr_standing_until(c, T0 + DAYS * DAY_US, "KB5000001", NULL);
}

START_TEST(test_two_casualties_of_one_morning_blame_it)
{
    ck_assert_msg(standing(false) > 0, "two hosts failing on A's first day were not blamed on it");
}
END_TEST

START_TEST(test_an_outage_on_a_sibling_signature_blames_nobody)
{
    ck_assert_int_eq(standing(true), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_family_incident");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_two_casualties_of_one_morning_blame_it);
    tcase_add_test(te, test_an_outage_on_a_sibling_signature_blames_nobody);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
