/* notify_policy: which incident versions and early warnings become notifications (see notify.h).
 * State per incident: the last transition told (so a content-only version is not told again), the day and
 * count for the cap, and at most one notification held by quiet hours. Incidents and warnings are few, so the
 * tables are searched linearly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_hash.h"
#include "core/pw_time.h"
#include "incidents/notify.h"

#define HOUR_US 3600000000LL
#define DAY_US (24 * HOUR_US)
#define NOTIFY_MAX_TRACKED 8192 /* incidents and warnings remembered; beyond, new ones are still told once */

typedef struct tracked {
    char *id;            /* incident id, or "ew|" + alert id */
    uint64_t last_transition;
    int64_t day;         /* UTC day number of count */
    int count;
    int escalations;     /* escalation notifications told for this incident */
    json_t *held;        /* a notification waiting for the end of quiet hours */
    char status[16];
    char *patch, *title;
} tracked;

struct pw_notify_policy {
    pw_notify_opts o;
    pw_notify_fn fn;
    void *ud;
    tracked *t;
    size_t n, cap;
    int64_t now, last_digest_day;
    uint64_t suppressed, suppressed_today;
};

void pw_notify_opts_default(pw_notify_opts *o)
{
    o->on_open = o->on_escalated = o->on_resolved = o->early_warnings = true;
    o->digest = false;
    o->cap_per_day = 3;
    o->max_escalations = 2;
    o->quiet_from = o->quiet_to = -1;
    o->digest_hour = 8;
}

int pw_notify_parse_quiet(const char *s, int *from, int *to, pw_error *err)
{
    int h1, m1, h2, m2;
    char tail;
    *from = *to = -1;
    if (!s || !*s || strcmp(s, "none") == 0) return 0;
    if (sscanf(s, "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) != 4 || h1 < 0 || h1 > 23 || h2 < 0 || h2 > 23 ||
        m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59)
        return pw_error_set(err, PW_ERR_INVALID, "quiet_hours '%.40s': expected HH:MM-HH:MM (UTC), e.g. 22:00-07:00",
                            s);
    *from = h1 * 60 + m1;
    *to = h2 * 60 + m2;
    return 0;
}

int pw_notify_opts_from_json(pw_notify_opts *o, const json_t *cfg, pw_error *err)
{
    if (!json_is_object(cfg)) return 0;
    const json_t *v;
    if ((v = json_object_get(cfg, "on_open"))) o->on_open = json_is_true(v);
    if ((v = json_object_get(cfg, "on_escalated"))) o->on_escalated = json_is_true(v);
    if ((v = json_object_get(cfg, "on_resolved"))) o->on_resolved = json_is_true(v);
    if ((v = json_object_get(cfg, "early_warnings"))) o->early_warnings = json_is_true(v);
    if ((v = json_object_get(cfg, "digest"))) o->digest = json_is_true(v);
    if ((v = json_object_get(cfg, "cap_per_day")) && json_is_integer(v)) o->cap_per_day = (int)json_integer_value(v);
    if ((v = json_object_get(cfg, "max_escalations")) && json_is_integer(v))
        o->max_escalations = (int)json_integer_value(v);
    if ((v = json_object_get(cfg, "digest_hour")) && json_is_integer(v)) o->digest_hour = (int)json_integer_value(v);
    if ((v = json_object_get(cfg, "quiet_hours")) &&
        pw_notify_parse_quiet(json_string_value(v), &o->quiet_from, &o->quiet_to, err))
        return -1;
    return 0;
}

pw_notify_policy *pw_notify_new(const pw_notify_opts *o, pw_notify_fn fn, void *ud, pw_error *err)
{
    pw_notify_policy *p = calloc(1, sizeof *p);
    if (!p) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (o) p->o = *o;
    else pw_notify_opts_default(&p->o);
    p->fn = fn;
    p->ud = ud;
    p->now = PW_TS_NONE;
    p->last_digest_day = -1;
    return p;
}

void pw_notify_free(pw_notify_policy *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->t[i].id);
        free(p->t[i].patch);
        free(p->t[i].title);
        json_decref(p->t[i].held);
    }
    free(p->t);
    free(p);
}

uint64_t pw_notify_suppressed(const pw_notify_policy *p) { return p->suppressed; }

static tracked *track(pw_notify_policy *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->t[i].id, id) == 0) return &p->t[i];
    if (p->n >= NOTIFY_MAX_TRACKED) return NULL;
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 32;
        tracked *nv = realloc(p->t, nc * sizeof *nv);
        if (!nv) return NULL;
        p->t = nv;
        p->cap = nc;
    }
    tracked *t = &p->t[p->n];
    memset(t, 0, sizeof *t);
    if (!(t->id = strdup(id))) return NULL;
    t->day = -1;
    p->n++;
    return t;
}

static int64_t ts_of(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    int64_t t;
    return s && pw_time_parse(s, strlen(s), &t, NULL) == 0 ? t : PW_TS_NONE;
}

static int in_quiet(const pw_notify_policy *p, int64_t t)
{
    if (p->o.quiet_from < 0 || t == PW_TS_NONE) return 0;
    int m = (int)((t % DAY_US + DAY_US) % DAY_US / (60 * 1000000LL));
    if (p->o.quiet_from <= p->o.quiet_to) return m >= p->o.quiet_from && m < p->o.quiet_to;
    return m >= p->o.quiet_from || m < p->o.quiet_to; /* over midnight */
}

/* The first moment after t that is not quiet. */
static int64_t quiet_end(const pw_notify_policy *p, int64_t t)
{
    int64_t day = t - ((t % DAY_US + DAY_US) % DAY_US);
    int64_t end = day + (int64_t)p->o.quiet_to * 60 * 1000000LL;
    return end > t ? end : end + DAY_US;
}

static json_t *make(const char *kind, const char *incident, const char *patch, const char *title, const char *text,
                    const char *severity, int64_t at, const json_t *snapshot, const char *salt)
{
    char b[PW_RFC3339_MAX], id[24], hex[17];
    pw_time_format(at, b);
    uint64_t h = pw_hash_update(0, kind, strlen(kind));
    if (incident) h = pw_hash_update(h, incident, strlen(incident));
    if (salt) h = pw_hash_update(h, salt, strlen(salt));
    pw_hash_hex(pw_hash_final(h), hex);
    snprintf(id, sizeof id, "ntf-%s", hex);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s}", "id", id, "@timestamp", b, "kind", kind,
                          "incident", incident, "patch", patch, "title", title, "text", text, "severity", severity);
    if (o && !incident) json_object_set_new(o, "incident", json_null());
    if (o && snapshot) json_object_set(o, "incident_snapshot", (json_t *)snapshot);
    return o;
}

static int deliver(pw_notify_policy *p, json_t *n, pw_error *err)
{
    if (!n) return pw_error_set(err, PW_ERR_NOMEM, "out of memory building a notification");
    int rc = p->fn ? p->fn(n, p->ud) : 0;
    json_decref(n);
    return rc ? pw_error_set(err, PW_ERR_IO, "notification output failed") : 0;
}

/* Counts against the cap; 0 when over it. */
static int take(pw_notify_policy *p, tracked *t, int64_t at, int capped)
{
    int64_t day = at / DAY_US;
    if (t->day != day) {
        t->day = day;
        t->count = 0;
    }
    if (capped && p->o.cap_per_day > 0 && t->count >= p->o.cap_per_day) {
        p->suppressed++;
        p->suppressed_today++;
        return 0;
    }
    t->count++;
    return 1;
}

int pw_notify_on_incident(pw_notify_policy *p, const json_t *inc, pw_error *err)
{
    const char *id = json_string_value(json_object_get(inc, "id"));
    const char *status = json_string_value(json_object_get(inc, "status"));
    const json_t *tr = json_object_get(inc, "transition");
    if (!id || !status) return pw_error_set(err, PW_ERR_INVALID, "incident without id or status");
    int64_t at = ts_of(inc, "@timestamp");
    if (at != PW_TS_NONE && (p->now == PW_TS_NONE || at > p->now)) p->now = at;
    if (pw_notify_advance(p, at, err)) return -1;
    tracked *t = track(p, id);
    if (!t) return pw_error_set(err, PW_ERR_NOMEM, "out of memory (or too many incidents) in the policy");
    snprintf(t->status, sizeof t->status, "%s", status);
    const char *patch = json_string_value(json_object_get(inc, "patch"));
    const char *title = json_string_value(json_object_get(inc, "title"));
    free(t->patch);
    free(t->title);
    t->patch = patch ? strdup(patch) : NULL;
    t->title = title ? strdup(title) : NULL;
    /* a transition not told yet? (content-only versions keep the previous transition) */
    const char *from = json_string_value(json_object_get(tr, "from"));
    const char *to = json_string_value(json_object_get(tr, "to"));
    const char *reason = json_string_value(json_object_get(tr, "reason"));
    const char *tat = json_string_value(json_object_get(tr, "at"));
    if (!to) return 0;
    char key[400];
    snprintf(key, sizeof key, "%s|%s|%s|%s", from ? from : "", to, reason ? reason : "", tat ? tat : "");
    uint64_t h = pw_hash64(key, strlen(key));
    if (h == t->last_transition) return 0;
    t->last_transition = h;
    const char *kind = NULL, *sev = "warning";
    if (strcmp(to, "open") == 0 && p->o.on_open) kind = "open";
    else if (strcmp(to, "escalated") == 0 && p->o.on_escalated &&
             (!from || strcmp(from, "escalated") != 0 || (reason && strncmp(reason, "a new ring", 10) == 0))) {
        kind = "escalated";
        sev = "critical";
    } else if (strcmp(to, "resolved") == 0 && p->o.on_resolved) {
        kind = "resolved";
        sev = "info";
    }
    if (!kind) return 0;
    /* an incident that keeps spreading ring after ring is already being acted on: after max_escalations the
     * person has heard it; later ones stay in the incident stream and the timeline, and the digest counts them */
    if (strcmp(kind, "escalated") == 0 && p->o.max_escalations > 0 && t->escalations >= p->o.max_escalations) {
        p->suppressed++;
        p->suppressed_today++;
        return 0;
    }
    /* a held escalation that this one replaces (quiet hours) was never told: it does not count */
    const char *held_kind = json_string_value(json_object_get(t->held, "kind"));
    if (strcmp(kind, "escalated") == 0 && !(held_kind && strcmp(held_kind, "escalated") == 0)) t->escalations++;
    const char *rec = json_string_value(json_object_get(inc, "recommendation"));
    const char *summary = json_string_value(json_object_get(inc, "summary"));
    char ttl[300], text[1500];
    snprintf(ttl, sizeof ttl, "%s: %s", strcmp(kind, "open") == 0 ? "New incident" : strcmp(kind, "escalated") == 0 ? "Escalated" : "Resolved",
             title ? title : id);
    snprintf(text, sizeof text, "%s. Why now: %s. %c%s", summary ? summary : "", reason ? reason : kind,
             rec && rec[0] >= 'a' && rec[0] <= 'z' ? rec[0] - 'a' + 'A' : rec && rec[0] ? rec[0] : ' ',
             rec && rec[0] ? rec + 1 : "");
    json_t *n = make(kind, id, patch, ttl, text, sev, at, inc, key);
    if (strcmp(kind, "open") == 0) { /* never capped, never delayed */
        take(p, t, at, 0);
        json_decref(t->held);
        t->held = NULL;
        return deliver(p, n, err);
    }
    if (in_quiet(p, at)) { /* wait; a later one for the same incident replaces it */
        json_decref(t->held);
        t->held = n;
        return n ? 0 : pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    }
    if (!take(p, t, at, 1)) {
        json_decref(n);
        return 0;
    }
    return deliver(p, n, err);
}

/* An early warning told and then withdrawn (the update it named is the announced fix of another): the person who
 * was told to hold it is told it is clear, once; a later reopening is told again. Never told, nothing to take back. */
static int early_withdrawn(pw_notify_policy *p, const pw_alert *a, pw_error *err)
{
    char key[128];
    snprintf(key, sizeof key, "ew|%s", a->id);
    tracked *t = NULL;
    for (size_t i = 0; i < p->n && !t; i++)
        if (strcmp(p->t[i].id, key) == 0) t = &p->t[i];
    if (!t || t->day < 0) return 0;
    t->day = -1;
    t->count = 0;
    char ttl[300];
    snprintf(ttl, sizeof ttl, "Early warning withdrawn: %s", a->patch ? a->patch : "an update");
    return deliver(p, make("early-warning-withdrawn", NULL, a->patch, ttl, a->recommendation ? a->recommendation : "",
                           "info", a->ts, NULL, a->id),
                   err);
}

int pw_notify_on_alert(pw_notify_policy *p, const pw_alert *a, pw_error *err)
{
    if (!p->o.early_warnings || !a->kind || strcmp(a->kind, "early-warning") != 0 || !a->status) return 0;
    if (strcmp(a->status, "withdrawn") == 0) return early_withdrawn(p, a, err);
    if (strcmp(a->status, "open") != 0) return 0;
    /* an incident of this patch is live: the report is news about it (the incident escalates when the
     * advisory names it), not a second story */
    for (size_t i = 0; i < p->n; i++)
        if (strncmp(p->t[i].id, "ew|", 3) != 0 && p->t[i].patch && a->patch && strcmp(p->t[i].patch, a->patch) == 0 &&
            strcmp(p->t[i].status, "resolved") != 0)
            return 0;
    char key[128];
    snprintf(key, sizeof key, "ew|%s", a->id);
    tracked *t = track(p, key);
    if (!t) return pw_error_set(err, PW_ERR_NOMEM, "out of memory in the policy");
    if (t->count || t->day >= 0) return 0; /* told once per opening */
    take(p, t, a->ts, 0);
    char ttl[300];
    snprintf(ttl, sizeof ttl, "Early warning: %s has a reported issue", a->patch ? a->patch : "an update");
    return deliver(p, make("early-warning", NULL, a->patch, ttl, a->recommendation ? a->recommendation : "", "warning",
                           a->ts, NULL, a->id),
                   err);
}

static int digest(pw_notify_policy *p, int64_t at, pw_error *err)
{
    pw_buf b = PW_BUF_INIT;
    size_t live = 0;
    for (size_t i = 0; i < p->n; i++) {
        const tracked *t = &p->t[i];
        if (strncmp(t->id, "ew|", 3) == 0 || strcmp(t->status, "resolved") == 0) continue;
        live++;
        pw_buf_printf(&b, "%s- %s (%s)", b.len ? "\n" : "", t->title ? t->title : t->id, t->status);
    }
    if (!live && !p->suppressed_today) {
        pw_buf_free(&b);
        return 0;
    }
    if (p->suppressed_today)
        pw_buf_printf(&b, "%s%llu notification(s) held back by the daily cap since the last digest.", b.len ? "\n" : "",
                      (unsigned long long)p->suppressed_today);
    p->suppressed_today = 0;
    char ttl[96], day[16];
    snprintf(ttl, sizeof ttl, "Daily digest: %zu open incident%s", live, live == 1 ? "" : "s");
    snprintf(day, sizeof day, "%lld", (long long)(at / DAY_US));
    int rc = deliver(p, make("digest", NULL, NULL, ttl, b.data ? b.data : "", "info", at, NULL, day), err);
    pw_buf_free(&b);
    return rc;
}

int pw_notify_advance(pw_notify_policy *p, int64_t now, pw_error *err)
{
    int force = now == PW_TS_NONE; /* the end of the inputs: deliver what waits */
    if (force && p->now == PW_TS_NONE) return 0;
    if (!force && (p->now == PW_TS_NONE || now > p->now)) p->now = now;
    now = p->now;
    for (size_t i = 0; i < p->n; i++) {
        tracked *t = &p->t[i];
        if (!t->held || (!force && in_quiet(p, now))) continue;
        json_t *n = t->held;
        t->held = NULL;
        int64_t at = quiet_end(p, ts_of(n, "@timestamp"));
        char b[PW_RFC3339_MAX];
        pw_time_format(at, b);
        json_object_set_new(n, "@timestamp", json_string(b));
        json_object_set_new(n, "delayed_by_quiet_hours", json_true());
        if (!take(p, t, at, 1)) {
            json_decref(n);
            continue;
        }
        if (deliver(p, n, err)) return -1;
    }
    if (p->o.digest && !force) {
        int64_t day = now / DAY_US;
        int64_t due = day * DAY_US + (int64_t)p->o.digest_hour * HOUR_US;
        if (now >= due && p->last_digest_day != day && !in_quiet(p, now)) {
            p->last_digest_day = day;
            if (digest(p, due, err)) return -1;
        }
    }
    return 0;
}
