/* test_cohort_incident_roles: an outage does not keep to one role. A storage incident on the day after a ring
 * hits hosts of every role, patched and not; within the Hyper-V group it happens to hit eight patched hosts and
 * one unpatched one, too few unpatched onsets for the group's own test to call the hours an incident. The
 * all-hosts test of the same window sees sixteen unpatched file servers fail in the same hours: those hours
 * are an incident within the group too, and the update is not blamed. Without the outage on other roles, the
 * same nine Hyper-V hosts make the group's test pass (the premise: the test can fail). */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */
#define DAY_US (24 * H_US)
#define DAYS 14
#define RESET "Reset to device, \\Device\\RaidPort0, was issued."

/* 60 hosts: 0-19 Hyper-V, 20-59 file servers, all in the inventory. KB5000001 on hosts 0-9 and 20-29 at day 10
 * 02:00, never on the rest. A disk reset now and then long before (the signature is not new). On day 11,
 * 10:00-14:00: Hyper-V hosts 0-7 (patched) and 10 (not) log resets; with other_roles, so do file servers 26-29
 * (patched) and 30-45 (not). */
static void fleet(pw_corr *c, bool other_roles)
{
    json_t *hosts = json_array();
    for (int h = 0; h < 60; h++) {
        char name[16];
        snprintf(name, sizeof name, "srv%02d", h);
        json_array_append_new(hosts, json_pack("{s:s, s:s}", "name", name, "role", h < 20 ? "hyperv" : "file-server"));
    }
    json_t *doc = json_pack("{s:o}", "hosts", hosts);
    pw_error err = {0};
    ck_assert_msg(pw_corr_set_inventory(c, doc, "inventory.yaml", &err) == 0, "%s", err.msg);
    json_decref(doc);
    for (int h = 0; h < 60; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + DAYS * DAY_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h == 50 || h == 51) add(c, h, T0 + 2 * DAY_US + h * 60000000LL, "storahci", "129", "warning", RESET, NULL);
        if (h < 10 || (h >= 20 && h < 30)) {
            int64_t inst = T0 + 10 * DAY_US + 2 * H_US + h * 60000000LL;
            add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
                "2026-07 .NET Framework Update (KB5000001)");
            add(c, h, inst + 600000000LL, "EventLog", "6005", "information", "The Event log service was started.", NULL);
        }
        bool hit = h < 8 || h == 10 || (other_roles && h >= 26 && h <= 45);
        for (int k = 0; hit && k < 3; k++)
            add(c, h, T0 + 11 * DAY_US + 10 * H_US + (h % 7) * 20 * 60000000LL + k * H_US, "storahci", "129", "warning",
                RESET, NULL);
    }
}

static int alerts_for(bool other_roles, const char *patch)
{
    pw_corr *c = corr_engine();
    fleet(c, other_roles);
    return corr_alerts_until(c, T0 + DAYS * DAY_US, patch);
}

START_TEST(test_nine_hyperv_hosts_alone_pass_the_group_test)
{
    ck_assert_msg(alerts_for(false, "KB5000001") > 0, "the Hyper-V group's test did not pass: the test lost its point");
}
END_TEST

START_TEST(test_an_outage_on_every_role_is_an_incident_within_the_group)
{
    ck_assert_int_eq(alerts_for(true, "KB5000001"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cohort_incident_roles");
    TCase *te = tcase_create("engine");
    tcase_set_timeout(te, 120);
    tcase_add_test(te, test_nine_hyperv_hosts_alone_pass_the_group_test);
    tcase_add_test(te, test_an_outage_on_every_role_is_an_incident_within_the_group);
    suite_add_tcase(s, te);
    return pw_test_run(s);
}
