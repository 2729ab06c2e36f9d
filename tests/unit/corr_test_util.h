/* corr_test_util: helpers for the correlator suites (test_alerts, test_cohort_speed, test_cohort_joint,
 * test_early_warnings, test_cohort_corroborated): collect the alerts an engine emits, and feed it Windows
 * events and community reports. */
#ifndef PW_CORR_TEST_UTIL_H
#define PW_CORR_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "core/pw_alert.h"
#include "core/pw_event.h"
#include "correlate/correlate.h"
#include "parsers/advisory_extract.h"
#include "parsers/advisory_parse.h"
#include "pw_test.h"

/* An engine with the default configuration. */
static inline pw_corr *corr_engine(void)
{
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    pw_error err = {0};
    pw_corr *c = pw_corr_new(&cfg, NULL, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    return c;
}

/* Every alert version the engine emitted, copied through its JSON form (what a sink sees). */
typedef struct got {
    pw_alert v[512];
    int n;
} got;

static inline int collect(const pw_alert *a, void *ud)
{
    got *g = ud;
    ck_assert_int_lt(g->n, 512);
    json_t *j = pw_alert_to_jansson(a);
    pw_alert_init(&g->v[g->n]);
    ck_assert_int_eq(pw_alert_from_jansson(&g->v[g->n], j, NULL), 0);
    json_decref(j);
    g->n++;
    return 0;
}

static inline void got_free(got *g)
{
    for (int i = 0; i < g->n; i++) pw_alert_free(&g->v[i]);
    g->n = 0;
}

/* Advances c to `until`, frees it, and returns the number of alert versions (not early warnings) naming patch. */
static inline int corr_alerts_until(pw_corr *c, int64_t until, const char *patch)
{
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, until, collect, &g, &err) == 0, "%s", err.msg);
    int n = 0;
    for (int i = 0; i < g.n; i++) n += strcmp(g.v[i].kind, "early-warning") != 0 && !strcmp(g.v[i].patch, patch);
    got_free(&g);
    pw_corr_free(c);
    return n;
}

/* Advances c to `until`, frees it, and returns how many of patch's alerts (not early warnings) stand at the end:
 * their last version is not a withdrawal; *raised (may be NULL) gets the number of its alert versions. */
static inline int corr_standing_until(pw_corr *c, int64_t until, const char *patch, int *raised)
{
    got g = {0};
    pw_error err = {0};
    ck_assert_msg(pw_corr_advance(c, until, collect, &g, &err) == 0, "%s", err.msg);
    int n = 0, versions = 0;
    for (int i = 0; i < g.n; i++) {
        if (strcmp(g.v[i].kind, "early-warning") == 0 || strcmp(g.v[i].patch, patch) != 0) continue;
        versions++;
        bool last = true; /* the last version of this alert id */
        for (int j = i + 1; j < g.n && last; j++) last = strcmp(g.v[j].id, g.v[i].id) != 0;
        n += last && strcmp(g.v[i].status, "withdrawn") != 0;
    }
    if (raised) *raised = versions;
    got_free(&g);
    pw_corr_free(c);
    return n;
}

/* One Windows System-log event of host srvNN at ts (µs), fed to the engine (title: an update's title, for
 * installs; sig: the miner's signature id in hex, as the ingest stage would have set it, or NULL). */
static inline void add_signed(pw_corr *c, int host, int64_t ts, const char *provider, const char *code,
                              const char *level, const char *msg, const char *title, const char *sig)
{
    pw_event ev;
    pw_event_init(&ev);
    char name[16];
    snprintf(name, sizeof name, "srv%02d", host);
    pw_event_set_time(&ev, ts);
    pw_event_set_cstr(&ev, "host.name", name, NULL);
    pw_event_set_cstr(&ev, "event.provider", provider, NULL);
    pw_event_set_cstr(&ev, "event.code", code, NULL);
    pw_event_set_cstr(&ev, "log.level", level, NULL);
    pw_event_set_cstr(&ev, "winlog.channel", "System", NULL);
    pw_event_set_cstr(&ev, "message", msg, NULL);
    if (title) pw_event_set_cstr(&ev, "winlog.event_data.updateTitle", title, NULL);
    if (sig) pw_event_set_cstr(&ev, "patchwatch.signature", sig, NULL);
    pw_error err = {0};
    ck_assert_msg(pw_corr_add_event(c, &ev, &err) == 0, "%s", err.msg);
    pw_event_free(&ev);
}

static inline void add(pw_corr *c, int host, int64_t ts, const char *provider, const char *code, const char *level,
                       const char *msg, const char *title)
{
    add_signed(c, host, ts, provider, code, level, msg, title, NULL);
}

/* A fleet of hosts srv00..srv(n-1) logging a disk retry hourly from `from` to `to` (µs), of which the first
 * `patched` install "2026-07 Cumulative Update (KB5000001)" at `install`, a minute apart, and restart. */
static inline void add_fleet(pw_corr *c, int n, int patched, int64_t from, int64_t to, int64_t install)
{
    const int64_t hour = 3600000000LL, minute = 60000000LL;
    for (int h = 0; h < n; h++) {
        for (int64_t t = from + h * 1000000LL; t < to; t += hour)
            add(c, h, t, "disk", "153", "warning", "The IO operation at logical block address was retried.", NULL);
        if (h >= patched) continue;
        int64_t t = install + h * minute;
        add(c, h, t, "Microsoft-Windows-WindowsUpdateClient", "19", "information", "Installation Successful",
            "2026-07 Cumulative Update (KB5000001)");
        add(c, h, t + 10 * minute, "EventLog", "6005", "information", "The Event log service was started.", NULL);
    }
}

/* An advisory as a community feed would deliver it: title and text only, everything else from the
 * built-in extractor (the shipped rules/extract/ vocabulary);
 * want_class, when not NULL, is the class report understanding must give it. */
static inline void add_report(pw_corr *c, const char *id, int64_t published, const char *title, const char *text,
                   const char *want_class)
{
    pw_error err = {0};
    pw_extractor *x = pw_extractor_new(NULL, &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    pw_advisory a;
    pw_advisory_init(&a);
    a.id = strdup(id);
    a.source = strdup("community");
    a.title = strdup(title);
    a.text = strdup(text);
    a.published = published;
    ck_assert_msg(pw_extractor_apply(x, &a, &err) == 0, "%s", err.msg);
    /* want_class NULL: whatever report understanding calls it (what is tested is that it warns either way) */
    ck_assert_msg(!want_class || (a.report_class && strcmp(a.report_class, want_class) == 0), "%s: class %s, want %s",
                  id, a.report_class ? a.report_class : "(none)", want_class ? want_class : "any");
    ck_assert_msg(pw_corr_add_advisory(c, &a, &err) == 0, "%s", err.msg);
    pw_advisory_free(&a);
    pw_extractor_free(x);
}

#endif
