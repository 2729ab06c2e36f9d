/* test_early_warnings: early warnings from community reports as report understanding reads them (the real
 * built-in extractor, then the correlator): a regression report names the update it blames, never the fix it
 * mentions; a report older than every install warns at the first install; "installed fine" warns nobody; a
 * fix announcement resolves the warning and names the fix; a Linux report ("openssh 9.0p1") warns about the
 * dpkg installs of that version only. The fleet shows no symptom at all: these warnings come from reports. */
#include <stdlib.h>
#include <string.h>

#include "correlate/correlate.h"
#include "parsers/advisory_parse.h"
#include "corr_test_util.h"
#include "pw_test.h"

#define H_US 3600000000LL
#define T0 1782864000000000LL /* 2026-07-01T00:00:00Z */

static void event(pw_corr *c, int host, int64_t ts, const char *provider, const char *code, const char *app,
                  const char *msg, const char *title)
{
    pw_event ev;
    pw_event_init(&ev);
    char name[16];
    snprintf(name, sizeof name, "srv%02d", host);
    pw_event_set_time(&ev, ts);
    pw_event_set_cstr(&ev, "host.name", name, NULL);
    if (provider) pw_event_set_cstr(&ev, "event.provider", provider, NULL);
    if (code) pw_event_set_cstr(&ev, "event.code", code, NULL);
    if (app) pw_event_set_cstr(&ev, "log.syslog.appname", app, NULL);
    pw_event_set_cstr(&ev, "log.level", "information", NULL);
    pw_event_set_cstr(&ev, "message", msg, NULL);
    if (title) pw_event_set_cstr(&ev, "winlog.event_data.updateTitle", title, NULL);
    pw_error err = {0};
    ck_assert_msg(pw_corr_add_event(c, &ev, &err) == 0, "%s", err.msg);
    pw_event_free(&ev);
}

/* 12 Windows hosts with an hourly heartbeat; KB5999999 installs on hosts 0-3 on day 8 (02:00) and on the
 * rest on day 11; the fix KB5999998 installs everywhere on day fix_day (so a warning naming it would be seen;
 * 0: never). */
static void windows_fleet_fix(pw_corr *c, int days, int fix_day)
{
    for (int h = 0; h < 12; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + days * 24 * H_US; t += H_US)
            event(c, h, t, "disk", "153", NULL, "The IO operation at logical block address was retried.", NULL);
        int64_t inst = T0 + (h < 4 ? 8 : 11) * 24 * H_US + 2 * H_US + h * 60000000LL;
        event(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", NULL, "Installation Successful",
              "2026-07 Cumulative Update (KB5999999)");
        if (fix_day > 0)
            event(c, h, T0 + fix_day * 24 * H_US + h * 60000000LL, "Microsoft-Windows-WindowsUpdateClient", "19", NULL,
                  "Installation Successful", "2026-07 Out-of-band Update (KB5999998)");
    }
}

static void windows_fleet(pw_corr *c, int days) { windows_fleet_fix(c, days, 13); }

static int count_kind_patch(const got *g, const char *kind, const char *patch, const char *status)
{
    int n = 0;
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->v[i].kind, kind) && (!patch || !strcmp(g->v[i].patch, patch)) &&
            (!status || !strcmp(g->v[i].status, status)))
            n++;
    return n;
}

/* The last alert of that kind, patch and status (NULL: any), or -1. */
static int last_kind_patch(const got *g, const char *kind, const char *patch, const char *status)
{
    int last = -1;
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->v[i].kind, kind) && !strcmp(g->v[i].patch, patch) && (!status || !strcmp(g->v[i].status, status)))
            last = i;
    return last;
}

START_TEST(test_regression_report_before_every_install_warns_at_the_first_install_naming_only_the_bad_kb)
{
    pw_corr *c = corr_engine();
    windows_fleet(c, 16);
    /* published on day 5, three days before anyone installs; it also names the fix */
    add_report(c, "reddit-1", T0 + 5 * 24 * H_US, "KB5999999 broke our Hyper-V cluster, anyone else?",
           "After installing KB5999999 the nodes are stuck in a boot loop. Reportedly fixed in KB5999998.",
           "regression-report");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 16 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    int first = -1;
    for (int i = 0; i < g.n; i++) {
        ck_assert_str_eq(g.v[i].kind, "early-warning");
        ck_assert_str_ne(g.v[i].patch, "KB5999998"); /* never the fix, although every host installed it */
        if (first < 0) first = i;
    }
    ck_assert_int_ge(first, 0);
    ck_assert_str_eq(g.v[first].patch, "KB5999999");
    ck_assert_str_eq(g.v[first].status, "open");
    /* at the first install (day 8, 02:00), not before and not a day later */
    ck_assert_int_gt(g.v[first].ts, T0 + 8 * 24 * H_US + 2 * H_US);
    ck_assert_int_le(g.v[first].ts, T0 + 8 * 24 * H_US + 4 * H_US);
    ck_assert_int_eq(g.v[first].patched_total, 4);
    ck_assert(pw_strlist_has(&g.v[first].advisories, "reddit-1"));
    ck_assert(strstr(g.v[first].recommendation, "KB5999999") != NULL);
    ck_assert(strstr(g.v[first].recommendation, "KB5999998") == NULL);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_installed_fine_and_news_warn_nobody)
{
    pw_corr *c = corr_engine();
    windows_fleet(c, 16);
    add_report(c, "forum-ok", T0 + 9 * 24 * H_US, "KB5999999 installed fine",
           "No issues here after installing KB5999999 on 40 servers.", "informational");
    add_report(c, "de-ok", T0 + 9 * 24 * H_US, "KB5999999 ohne Probleme installiert",
           "Bei uns lief KB5999999 problemlos durch, keine Probleme auf 20 Servern.", "informational");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 16 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(g.n, 0);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_fix_announcement_resolves_the_warning_and_names_the_fix)
{
    pw_corr *c = corr_engine();
    windows_fleet(c, 16);
    add_report(c, "heise-1", T0 + 9 * 24 * H_US, "Windows-Update KB5999999 legt Cluster lahm",
           "Nach der Installation von KB5999999 starten Cluster-Knoten nicht mehr, Bluescreen.", "regression-report");
    add_report(c, "ms-oob", T0 + 12 * 24 * H_US, "Microsoft releases KB5999998 to fix KB5999999 cluster issue",
           "The out-of-band update KB5999998 fixes the cluster problem caused by KB5999999.", "fix-announcement");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 16 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999999", "open"), 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999999", "resolved"), 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999998", NULL), 0);
    for (int i = 0; i < g.n; i++) {
        if (strcmp(g.v[i].status, "resolved")) continue;
        ck_assert_int_ge(g.v[i].ts, T0 + 12 * 24 * H_US);
        ck_assert_msg(strstr(g.v[i].recommendation, "KB5999998") != NULL, "%s", g.v[i].recommendation);
        ck_assert(pw_strlist_has(&g.v[i].advisories, "ms-oob"));
    }
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* A fix announced before anyone installed the broken update silenced every warning, although the fix was not
 * installed anywhere: hosts installed KB5999999 on day 8 and nobody was told. It warns at the first install,
 * names the broken update only and the fix as what to install, and resolves when every host with the broken
 * update has the fix (day 13), not before. */
START_TEST(test_a_fix_announced_before_the_install_warns_until_the_fix_is_installed)
{
    pw_corr *c = corr_engine();
    windows_fleet(c, 16);
    add_report(c, "ms-oob", T0 + 6 * 24 * H_US, "Microsoft releases KB5999998 to fix KB5999999 cluster issue",
           "The out-of-band update KB5999998 fixes the cluster problem caused by KB5999999.", "fix-announcement");
    add_report(c, "late", T0 + 9 * 24 * H_US, "KB5999999 broke our cluster",
           "After installing KB5999999 the nodes crash with a blue screen.", "regression-report");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 16 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999998", NULL), 0);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999999", "open"), 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999999", "resolved"), 1);
    ck_assert_int_eq(g.n, count_kind_patch(&g, "early-warning", "KB5999999", NULL));
    const pw_alert *first = &g.v[0];
    ck_assert_str_eq(first->status, "open");
    ck_assert_int_gt(first->ts, T0 + 8 * 24 * H_US + 2 * H_US);
    ck_assert_int_le(first->ts, T0 + 8 * 24 * H_US + 4 * H_US);
    ck_assert_int_eq(first->hosts_at_risk, 4);
    ck_assert_msg(strstr(first->recommendation, "a fix (KB5999998) is announced: 4 of 4 hosts with KB5999999 do not "
                                                "have it") != NULL, "%s", first->recommendation);
    const pw_alert *last = &g.v[g.n - 1];
    ck_assert_str_eq(last->status, "resolved");
    ck_assert_int_gt(last->ts, T0 + 13 * 24 * H_US + 11 * 60000000LL); /* after the last host installed the fix */
    ck_assert_int_le(last->ts, T0 + 13 * 24 * H_US + 2 * H_US);
    ck_assert_msg(strstr(last->recommendation, "fix (KB5999998) is installed on all 12 hosts") != NULL, "%s",
                  last->recommendation);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* The study draw's missed warning: a first-hand failure of KB1 that asks whether KB2 fixes it and says KB2 is
 * "not in our channel yet" (report understanding calls it a fix announcement today; the class is not what is
 * tested). Published three days before any install, it warns at the first install about KB5999999 only, and
 * says the fix is to be installed; with the fix installed nowhere, nothing resolves it. */
START_TEST(test_a_report_of_kb1_failing_that_names_an_uninstalled_fix_warns_about_kb1_only)
{
    pw_corr *c = corr_engine();
    windows_fleet_fix(c, 16, 0);
    add_report(c, "reddit-8", T0 + 5 * 24 * H_US, "KB5999999 breaks Hyper-V (event 18590) - KB5999998 fixes it?",
           "After KB5999999 our servers log 18590. Microsoft says the out-of-band update KB5999998 fixes it, but "
           "KB5999998 is not in our channel yet.",
           NULL);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 16 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_ge(g.n, 1);
    for (int i = 0; i < g.n; i++) {
        ck_assert_str_eq(g.v[i].kind, "early-warning");
        ck_assert_str_eq(g.v[i].patch, "KB5999999");
        ck_assert_str_ne(g.v[i].status, "resolved");
    }
    ck_assert_str_eq(g.v[0].status, "open");
    ck_assert_int_gt(g.v[0].ts, T0 + 8 * 24 * H_US + 2 * H_US);
    ck_assert_int_le(g.v[0].ts, T0 + 8 * 24 * H_US + 4 * H_US);
    ck_assert(pw_strlist_has(&g.v[0].advisories, "reddit-8"));
    ck_assert_msg(strstr(g.v[0].recommendation, "KB5999998") != NULL, "%s", g.v[0].recommendation);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* Updates the inventory says are pending are at risk before any install: the report warns at once, to hold them. */
START_TEST(test_a_report_warns_about_an_update_pending_in_the_inventory)
{
    pw_corr *c = corr_engine();
    json_error_t je;
    json_t *inv = json_loads("{\"hosts\": [{\"name\": \"srv00\", \"ring\": 0, \"pending\": [\"KB5999999\"]},"
                             " {\"name\": \"srv01\", \"ring\": 0, \"pending\": [\"KB5999999\"]},"
                             " {\"name\": \"srv02\", \"ring\": 1}]}",
                             0, &je);
    ck_assert_msg(inv != NULL, "%s", je.text);
    pw_error err = {0};
    ck_assert_msg(pw_corr_set_inventory(c, inv, "inventory.json", &err) == 0, "%s", err.msg);
    json_decref(inv);
    for (int h = 0; h < 3; h++)
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 4 * 24 * H_US; t += H_US)
            event(c, h, t, "disk", "153", NULL, "The IO operation at logical block address was retried.", NULL);
    add_report(c, "askwoody-1", T0 + 2 * 24 * H_US + 30 * 60000000LL, "Hold off on KB5999999",
           "Reports are coming in that KB5999999 causes Hyper-V failures, event 18590. If you have not installed it "
           "yet, pause it; KB5999998 is expected to fix it.",
           "regression-report");
    got g = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 4 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(g.n, 1);
    ck_assert_str_eq(g.v[0].kind, "early-warning");
    ck_assert_str_eq(g.v[0].patch, "KB5999999");
    ck_assert_int_le(g.v[0].ts, T0 + 2 * 24 * H_US + 2 * H_US);
    ck_assert_int_eq(g.v[0].hosts_at_risk, 2);
    ck_assert_int_eq(g.v[0].patched_total, 0);
    ck_assert_msg(strstr(g.v[0].recommendation, "pending on 2 (hold them)") != NULL, "%s", g.v[0].recommendation);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* 20 hosts: KB5999999 on hosts 0-4 on day 8 and on the rest on day 12; hosts 0-12 log the CSV 5120 every hour
 * from three hours after it until day 20; the fix KB5999998 (announced on day 6) installs everywhere on fix_day
 * (0: never). The fleet's own signal makes the regression alert, not a report. */
static void flap_fleet(pw_corr *c, int fix_day)
{
    add_report(c, "ms-oob", T0 + 6 * 24 * H_US, "Microsoft releases KB5999998 to fix KB5999999 cluster issue",
           "The out-of-band update KB5999998 fixes the cluster problem caused by KB5999999.", "fix-announcement");
    for (int h = 0; h < 20; h++) {
        int64_t inst = T0 + (h < 5 ? 8 : 12) * 24 * H_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 20 * 24 * H_US; t += H_US) {
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
            if (h < 13 && t > inst + 3 * H_US)
                add(c, h, t + 1000000LL, "Microsoft-Windows-FailoverClustering", "5120", "error",
                    "Cluster Shared Volume 'Volume1' has entered a paused state because of STATUS_CONNECTION_DISCONNECTED.",
                    NULL);
        }
        add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
            "2026-07 Cumulative Update (KB5999999)");
        if (fix_day > 0)
            add(c, h, T0 + fix_day * 24 * H_US + h * 60000000LL, "Microsoft-Windows-WindowsUpdateClient", "19",
                "information", "Installation Successful", "2026-07 Out-of-band Update (KB5999998)");
    }
}

/* A regression alert resolved by a fix stays resolved while more hosts fail: before, each newly affected host
 * reopened it and the same announcement resolved it again in the same hour, telling people each time. The fix
 * resolves it once every host with the broken update has it installed (day 10), not at the announcement; the
 * hosts that install the broken update on day 12 already have the fix and reopen nothing. */
START_TEST(test_an_alert_resolved_by_a_fix_announcement_does_not_flap)
{
    pw_corr *c = corr_engine();
    flap_fleet(c, 10);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    int opened = 0, resolved = 0, after = 0;
    for (int i = 0; i < g.n; i++) {
        if (!strcmp(g.v[i].kind, "early-warning") || strcmp(g.v[i].patch, "KB5999999")) continue;
        after += resolved > 0;
        opened += !strcmp(g.v[i].status, "open");
        if (!strcmp(g.v[i].status, "resolved")) {
            resolved++;
            ck_assert_int_gt(g.v[i].ts, T0 + 10 * 24 * H_US); /* when the fix is on all five, not at its announcement */
            ck_assert_int_le(g.v[i].ts, T0 + 10 * 24 * H_US + 2 * H_US);
            ck_assert_msg(strstr(g.v[i].recommendation, "the announced fix (KB5999998) is installed on all 5 hosts") !=
                              NULL, "%s", g.v[i].recommendation);
        }
    }
    ck_assert_int_eq(opened, 1);
    ck_assert_int_eq(resolved, 1);
    ck_assert_int_eq(after, 0); /* nothing after the resolution: no reopening */
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* A fix announced but installed nowhere is something to install, not a problem gone: the regression alert stays
 * open (it was resolved the hour it opened), says which fix to install on how many hosts, and the early warning
 * the announcement raises at the first install names the broken update only. */
START_TEST(test_an_announced_fix_nobody_installed_resolves_nothing)
{
    pw_corr *c = corr_engine();
    flap_fleet(c, 0);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    int opened = 0, regressions = 0;
    for (int i = 0; i < g.n; i++) {
        ck_assert_str_eq(g.v[i].patch, "KB5999999");
        ck_assert_str_ne(g.v[i].status, "resolved");
        if (!strcmp(g.v[i].kind, "early-warning")) continue;
        regressions++;
        opened += !strcmp(g.v[i].status, "open");
        ck_assert_msg(strstr(g.v[i].recommendation, "a fix (KB5999998) is announced") != NULL, "%s",
                      g.v[i].recommendation);
    }
    ck_assert_int_eq(opened, 1);
    ck_assert_int_ge(regressions, 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999999", "open"), 1);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* A storage incident on ring 1's install day makes every host log the CSV 5120 for three hours, patched or not,
 * after ring 0's two casualties opened the alert of KB5999999, which a report blames for exactly that event.
 * Compared within the incident's hours the patched hosts show no excess, and the alert was withdrawn: its real
 * casualties were left to whatever else was installed then (an innocent update was blamed in a fresh draw). A
 * report naming the update and the symptom is evidence the incident cannot explain away: the alert stays. */
START_TEST(test_a_reported_regression_is_not_withdrawn_for_a_fleet_incident)
{
    pw_corr *c = corr_engine();
    add_report(c, "forum-5120", T0 + 7 * 24 * H_US, "KB5999999 known issue: Failover Clustering errors after installing",
           "After installing KB5999999 several admins see FailoverClustering 5120 errors.", NULL);
    for (int h = 0; h < 30; h++) {
        int day = h < 6 ? 8 : h < 15 ? 11 : 15;
        int64_t inst = T0 + day * 24 * H_US + 2 * H_US + h * 60000000LL;
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 20 * 24 * H_US; t += H_US)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        add(c, h, inst, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
            "2026-07 Cumulative Update (KB5999999)");
        for (int64_t t = inst + 4 * H_US; h < 6 && h % 3 == 0 && t < T0 + 20 * 24 * H_US; t += 2 * H_US)
            add(c, h, t, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of STATUS_CONNECTION_DISCONNECTED.",
                NULL);
        for (int64_t t = T0 + 11 * 24 * H_US + 10 * H_US; h >= 6 && t < T0 + 11 * 24 * H_US + 13 * H_US; t += 20 * 60000000LL)
            add(c, h, t + h * 1000000LL, "Microsoft-Windows-FailoverClustering", "5120", "error",
                "Cluster Shared Volume 'Volume1' has entered a paused state because of STATUS_CONNECTION_DISCONNECTED.",
                NULL);
    }
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 20 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    int opened = 0;
    for (int i = 0; i < g.n; i++) {
        if (!strcmp(g.v[i].kind, "early-warning")) continue;
        ck_assert_str_eq(g.v[i].patch, "KB5999999");
        ck_assert_msg(strcmp(g.v[i].status, "withdrawn") != 0, "withdrawn at h%lld: %s",
                      (long long)((g.v[i].ts - T0) / H_US), g.v[i].recommendation);
        opened += !strcmp(g.v[i].status, "open");
    }
    ck_assert_int_eq(opened, 1);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* 6 Debian hosts: pkg at version a on hosts 0-2 (day 3), at version b on hosts 3-5 (day 4). */
static void dpkg_fleet(pw_corr *c, const char *pkg, const char *a, const char *b)
{
    for (int h = 0; h < 6; h++) {
        for (int64_t t = T0 + h * 1000000LL; t < T0 + 8 * 24 * H_US; t += H_US)
            event(c, h, t, NULL, NULL, "CRON", "pam_unix(cron:session): session opened for user root", NULL);
        char msg[160];
        snprintf(msg, sizeof msg, "2026-07-0%d 03:00:00 status installed %s:amd64 %s", h < 3 ? 4 : 5, pkg,
                 h < 3 ? a : b);
        event(c, h, T0 + (h < 3 ? 3 : 4) * 24 * H_US + 3 * H_US, NULL, NULL, "dpkg", msg, NULL);
    }
}

/* openssh-server 1:9.0p1-1 on hosts 0-2 (day 3), 1:9.1p1-1 on hosts 3-5 (day 4). */
static void debian_fleet(pw_corr *c) { dpkg_fleet(c, "openssh-server", "1:9.0p1-1", "1:9.1p1-1"); }

/* (session 12) The version a report offers as the fix is never named by its warning, whether it says the fix
 * will come ("openssh 9.1p1 should fix it") or how it was worked around ("downgrading to ... fixed it"): the
 * hosts that run it are the ones the report would have them move to. */
START_TEST(test_a_package_version_offered_as_the_fix_is_never_warned_about)
{
    static const char *const texts[] = {
        "After upgrading to openssh 9.0p1 sshd fails to start on our hosts. openssh 9.1p1 should fix it.",
        "After upgrading to openssh 9.0p1 sshd fails to start on our hosts. Upgrading to openssh 9.1p1 fixed it.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        pw_corr *c = corr_engine();
        debian_fleet(c);
        add_report(c, "gh-2", T0 + 1 * 24 * H_US, "sshd fails to start after upgrade to openssh 9.0p1", texts[i],
                   "regression-report");
        got g = {0};
        pw_error err = {0};
        ck_assert_msg(pw_corr_advance(c, T0 + 8 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
        ck_assert_msg(count_kind_patch(&g, "early-warning", "openssh-server=1:9.1p1-1", NULL) == 0,
                      "%s: the fix version warned about", texts[i]);
        ck_assert_msg(count_kind_patch(&g, "early-warning", "openssh-server=1:9.0p1-1", NULL) == 1,
                      "%s: the culprit not warned about", texts[i]);
        got_free(&g);
        pw_corr_free(c);
    }
}
END_TEST

/* A forum post that blames two updates, one of which the vendor offers as the fix of the other: the fix is not
 * warned about, whichever came first. Announced before the post (fix_first), no warning names KB5999998; announced
 * after the fleet installed it (day 10) and the post had warned, that warning is withdrawn with the reason, and
 * the culprit's warning stands. Without corr_adv_fix_elsewhere both runs warn about KB5999998 on day 10. */
/* The forum post that blames both updates, on day 9, and the vendor's fix announcement on `day`. */
static void add_mixed_post(pw_corr *c)
{
    add_report(c, "forum-mixed", T0 + 9 * 24 * H_US, "KB5999999 and KB5999998 break our Hyper-V cluster",
               "Since installing KB5999999 and KB5999998 the nodes crash with a blue screen.", "regression-report");
}

static void add_vendor_fix(pw_corr *c, int day)
{
    add_report(c, "ms-oob", T0 + day * 24 * H_US, "Microsoft releases KB5999998 to fix KB5999999 cluster issue",
               "The out-of-band update KB5999998 fixes the cluster problem caused by KB5999999.", "fix-announcement");
}

static void mixed_post_and_vendor_fix(int fix_first, got *g)
{
    pw_corr *c = corr_engine();
    windows_fleet_fix(c, 16, 10);
    add_mixed_post(c);
    add_vendor_fix(c, fix_first ? 6 : 12);
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 16 * 24 * H_US, collect, g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(g, "early-warning", "KB5999999", "open"), 1);
    pw_corr_free(c);
}

START_TEST(test_a_post_blaming_the_culprit_and_its_announced_fix_never_warns_about_the_fix)
{
    got g = {0};
    mixed_post_and_vendor_fix(1, &g);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999998", NULL), 0);
    got_free(&g);
}
END_TEST

START_TEST(test_a_warning_that_named_the_fix_is_withdrawn_when_the_fix_is_announced)
{
    got g = {0};
    mixed_post_and_vendor_fix(0, &g);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999998", "open"), 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999998", "withdrawn"), 1);
    for (int i = 0; i < g.n; i++) {
        if (strcmp(g.v[i].patch, "KB5999998")) continue;
        if (strcmp(g.v[i].status, "withdrawn")) {
            ck_assert_int_lt(g.v[i].ts, T0 + 12 * 24 * H_US);
            continue;
        }
        ck_assert_int_ge(g.v[i].ts, T0 + 12 * 24 * H_US);
        ck_assert_str_eq(g.v[i].explained_by, "KB5999999");
        ck_assert_msg(strstr(g.v[i].reason, "fix for KB5999999") != NULL, "%s", g.v[i].reason);
        ck_assert(pw_strlist_has(&g.v[i].advisories, "ms-oob"));
    }
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999999", "withdrawn"), 0);
    got_free(&g);
}
END_TEST

/* ... but a fix blamed in a post of its own is a culprit like any update: that warning stays. */
START_TEST(test_a_fix_blamed_on_its_own_is_still_warned_about)
{
    pw_corr *c = corr_engine();
    windows_fleet_fix(c, 16, 10);
    add_mixed_post(c);
    add_report(c, "forum-fix", T0 + 11 * 24 * H_US, "KB5999998 causes VMs to restart",
               "After installing KB5999998 our Hyper-V VMs restart every hour, anyone else?", "regression-report");
    add_vendor_fix(c, 12);
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 16 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999998", "open"), 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "KB5999998", "withdrawn"), 0);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

START_TEST(test_linux_package_report_warns_about_that_version_only)
{
    pw_corr *c = corr_engine();
    debian_fleet(c);
    add_report(c, "gh-1", T0 + 1 * 24 * H_US, "sshd fails to start after upgrade to openssh 9.0p1",
           "After upgrading to openssh 9.0p1 sshd fails to start on our hosts, anyone else?", "regression-report");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 8 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(g.n, 1);
    ck_assert_str_eq(g.v[0].kind, "early-warning");
    ck_assert_str_eq(g.v[0].patch, "openssh-server=1:9.0p1-1");
    ck_assert_int_eq(g.v[0].patched_total, 3);
    ck_assert_int_le(g.v[0].ts, T0 + 3 * 24 * H_US + 5 * H_US); /* at the first install */
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* A report that quotes dpkg names the version with its epoch, as dpkg prints it: it warns about that install, of a
 * package no rule knows by name. */
START_TEST(test_a_report_quoting_dpkg_with_the_epoch_warns_about_that_version)
{
    pw_corr *c = corr_engine();
    dpkg_fleet(c, "nfs-kernel-server", "1:2.6.2-4", "1:2.6.2-5");
    add_report(c, "gh-1", T0 + 1 * 24 * H_US, "NFS dead after today's upgrade",
               "Unpacking nfs-kernel-server (1:2.6.2-4) over (1:2.6.2-3) ...\nSetting up nfs-kernel-server (1:2.6.2-4) "
               "...\nSince then nfs-server fails to start on all our hosts.",
               "regression-report");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 8 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(g.n, 1);
    ck_assert_str_eq(g.v[0].kind, "early-warning");
    ck_assert_str_eq(g.v[0].patch, "nfs-kernel-server=1:2.6.2-4");
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* "before 9.1p1" bounds the affected versions from above: 9.1p1 is the first fixed one, never warned about. */
START_TEST(test_the_version_the_affected_ones_come_before_is_never_warned_about)
{
    static const char *const texts[] = {
        "sshd crashes on start after the upgrade. Affected are openssh versions prior to 9.1p1.",
        "sshd stürzt nach dem Update ab. Betroffen sind openssh-Versionen vor 9.1p1.",
        "sshd crashes on start after the upgrade: openssh < 9.1p1.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        pw_corr *c = corr_engine();
        debian_fleet(c);
        add_report(c, "gh-1", T0 + 1 * 24 * H_US, "sshd crashes after upgrade", texts[i], NULL);
        got g = {0};
        pw_error err = {0};
        ck_assert_msg(pw_corr_advance(c, T0 + 8 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
        ck_assert_msg(count_kind_patch(&g, "early-warning", "openssh-server=1:9.1p1-1", NULL) == 0, "%s", texts[i]);
        got_free(&g);
        pw_corr_free(c);
    }
}
END_TEST

/* A package fix announcement ("openssh 9.1p1 fixes the crash of 9.0p1") resolves the warning on 9.0p1 once every
 * host with 9.0p1 has 9.1p1 (hosts 0-2 upgrade on day 6), naming the fix as the fleet installed it; before that
 * the warning stays open. */
START_TEST(test_a_package_fix_announcement_resolves_once_the_hosts_have_the_fix)
{
    pw_corr *c = corr_engine();
    debian_fleet(c);
    for (int h = 0; h < 3; h++)
        event(c, h, T0 + 6 * 24 * H_US + 3 * H_US, NULL, NULL, "dpkg",
              "2026-07-07 03:00:00 status installed openssh-server:amd64 1:9.1p1-1", NULL);
    add_report(c, "gh-1", T0 + 1 * 24 * H_US, "sshd fails to start after upgrade to openssh 9.0p1",
               "After upgrading to openssh 9.0p1 sshd fails to start on our hosts, anyone else?", "regression-report");
    add_report(c, "news-1", T0 + 5 * 24 * H_US, "openssh 9.1p1 released",
               "openssh 9.1p1 fixes the sshd start failure of openssh 9.0p1.", "fix-announcement");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 6 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "openssh-server=1:9.0p1-1", "open"), 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "openssh-server=1:9.0p1-1", "resolved"), 0);
    ck_assert_msg(pw_corr_advance(c, T0 + 8 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "openssh-server=1:9.1p1-1", NULL), 0);
    int resolved = last_kind_patch(&g, "early-warning", "openssh-server=1:9.0p1-1", "resolved");
    ck_assert_msg(resolved >= 0, "the warning on 9.0p1 was not resolved");
    ck_assert_msg(strstr(g.v[resolved].recommendation, "openssh-server=1:9.1p1-1") != NULL, "%s",
                  g.v[resolved].recommendation);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* The fix announcement alone warns about 9.0p1 on the hosts that lack the fix, and says what to install. */
START_TEST(test_a_package_fix_announcement_warns_the_hosts_without_the_fix)
{
    pw_corr *c = corr_engine();
    debian_fleet(c);
    add_report(c, "news-1", T0 + 5 * 24 * H_US, "openssh 9.1p1 released",
               "openssh 9.1p1 fixes the sshd start failure of openssh 9.0p1.", "fix-announcement");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 6 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "openssh-server=1:9.1p1-1", NULL), 0);
    int w = last_kind_patch(&g, "early-warning", "openssh-server=1:9.0p1-1", NULL);
    ck_assert_msg(w >= 0, "no warning on 9.0p1");
    ck_assert_msg(strstr(g.v[w].recommendation, "openssh-server=1:9.1p1-1") != NULL, "%s", g.v[w].recommendation);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

/* A range ("OpenSSL 3.0.0 through 3.0.6") warns about an install between its ends, not about one past it. */
START_TEST(test_a_package_range_warns_about_the_installs_between)
{
    pw_corr *c = corr_engine();
    dpkg_fleet(c, "libssl3", "3.0.4-1", "3.0.8-1");
    add_report(c, "gh-1", T0 + 1 * 24 * H_US, "TLS broken after the upgrade",
               "TLS handshakes fail with OpenSSL 3.0.0 through 3.0.6 since the upgrade, anyone else?",
               "regression-report");
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, T0 + 8 * 24 * H_US, collect, &g, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "libssl3=3.0.4-1", NULL), 1);
    ck_assert_int_eq(count_kind_patch(&g, "early-warning", "libssl3=3.0.8-1", NULL), 0);
    got_free(&g);
    pw_corr_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("early_warnings");
    TCase *tc = tcase_create("reports");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_regression_report_before_every_install_warns_at_the_first_install_naming_only_the_bad_kb);
    tcase_add_test(tc, test_installed_fine_and_news_warn_nobody);
    tcase_add_test(tc, test_fix_announcement_resolves_the_warning_and_names_the_fix);
    tcase_add_test(tc, test_a_fix_announced_before_the_install_warns_until_the_fix_is_installed);
    tcase_add_test(tc, test_a_report_of_kb1_failing_that_names_an_uninstalled_fix_warns_about_kb1_only);
    tcase_add_test(tc, test_a_report_warns_about_an_update_pending_in_the_inventory);
    tcase_add_test(tc, test_an_alert_resolved_by_a_fix_announcement_does_not_flap);
    tcase_add_test(tc, test_an_announced_fix_nobody_installed_resolves_nothing);
    tcase_add_test(tc, test_a_reported_regression_is_not_withdrawn_for_a_fleet_incident);
    tcase_add_test(tc, test_linux_package_report_warns_about_that_version_only);
    tcase_add_test(tc, test_a_report_quoting_dpkg_with_the_epoch_warns_about_that_version);
    tcase_add_test(tc, test_the_version_the_affected_ones_come_before_is_never_warned_about);
    tcase_add_test(tc, test_a_package_fix_announcement_resolves_once_the_hosts_have_the_fix);
    tcase_add_test(tc, test_a_package_fix_announcement_warns_the_hosts_without_the_fix);
    tcase_add_test(tc, test_a_package_range_warns_about_the_installs_between);
    tcase_add_test(tc, test_a_package_version_offered_as_the_fix_is_never_warned_about);
    tcase_add_test(tc, test_a_post_blaming_the_culprit_and_its_announced_fix_never_warns_about_the_fix);
    tcase_add_test(tc, test_a_warning_that_named_the_fix_is_withdrawn_when_the_fix_is_announced);
    tcase_add_test(tc, test_a_fix_blamed_on_its_own_is_still_warned_about);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
