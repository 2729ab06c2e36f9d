/* incident: grouping alerts into incidents and running their lifecycle (see incident.h).
 *
 * Grouping. An alert is (patch, signature) with its affected hosts. It joins the live incident of the same
 * patch whose hosts overlap its own (overlap coefficient >= opts.overlap) or whose first signature was first
 * seen within opts.join_window_hours of it: a bad patch rarely breaks two unrelated things at once, and when
 * it does the hosts differ. The incident id is a hash of (patch, first signature), so a replay names it the
 * same; an alert stays in the incident it first joined.
 *
 * Lifecycle. open -> escalated when a new ring is affected (needs the inventory), when the affected hosts
 * doubled since the last (re)escalation or the opening, or when an advisory about the patch confirms it;
 * further escalations keep the status and record their own transition (escalated -> escalated).
 * -> resolved when every symptom's alert is resolved (the correlator's quiet rule), when nothing changed for
 * opts.quiet_hours, when a fix KB named by an advisory is installed on every affected host, or when the vendor
 * says resolved. A symptom that comes back after that reopens the incident (resolved -> open).
 *
 * Cost: incidents are few (a handful per bad patch), so lookups over them are linear; hosts and installs,
 * which can be many, go through hash sets. */
#include "incidents/incident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pw_config_doc.h"
#include "core/pw_hash.h"
#include "core/pw_strlist.h"
#include "core/pw_time.h"
#include "correlate/patches.h"

#define HOUR_US 3600000000LL
#define MAX_RINGS 32         /* distinct ring names tracked; more are counted as "other" */
#define MAX_ADVISORIES 2048  /* advisories remembered for incidents that open later */
#define MAX_PATCHES 4096     /* patches whose installs are counted per ring */
#define MAX_INSTALLS 4000000 /* (patch, host) installs remembered (32 MB of set at most) */

enum { ST_OPEN = 1, ST_ESCALATED, ST_RESOLVED };
static const char *st_name(int s) { return s == ST_OPEN ? "open" : s == ST_ESCALATED ? "escalated" : "resolved"; }

/* ---- a set/map of 64-bit keys (open addressing, key 0 reserved) ---- */
typedef struct u64map {
    uint64_t *k;
    uint32_t *v;
    size_t n, cap;
} u64map;

static int map_put(u64map *m, uint64_t key, uint32_t val);
static int map_grow(u64map *m)
{
    u64map nm = {0};
    nm.cap = m->cap ? m->cap * 2 : 1024;
    if (!(nm.k = calloc(nm.cap, sizeof *nm.k)) || !(nm.v = calloc(nm.cap, sizeof *nm.v))) {
        free(nm.k);
        free(nm.v);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->k[i]) map_put(&nm, m->k[i], m->v[i]);
    free(m->k);
    free(m->v);
    *m = nm;
    return 0;
}
static uint32_t *map_find(const u64map *m, uint64_t key)
{
    if (!m->cap) return NULL;
    key = key ? key : 1;
    for (size_t i = key & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->k[i] == key) return &m->v[i];
        if (!m->k[i]) return NULL;
    }
}
static int map_put(u64map *m, uint64_t key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap && map_grow(m)) return -1;
    key = key ? key : 1;
    size_t i = key & (m->cap - 1);
    while (m->k[i] && m->k[i] != key) i = (i + 1) & (m->cap - 1);
    if (!m->k[i]) m->n++;
    m->k[i] = key;
    m->v[i] = val;
    return 0;
}
static void map_free(u64map *m)
{
    free(m->k);
    free(m->v);
    memset(m, 0, sizeof *m);
}
static uint64_t hstr(const char *s) { return pw_hash64(s, strlen(s)); }
static uint64_t hpair(const char *a, const char *b)
{
    uint64_t h = pw_hash_update(0, a, strlen(a));
    h = pw_hash_update(h, "|", 1);
    return pw_hash_final(pw_hash_update(h, b, strlen(b)));
}

/* ---- the state ---- */
typedef struct symptom {
    char sig[17];
    char *alert, *code, *provider, *name;
    int64_t first_seen, hosts_affected;
    int resolved;
} symptom;

typedef struct ringstat {
    int64_t patched;
    int64_t first_install;
} ringstat;

typedef struct patchstat {
    char *id;
    ringstat r[MAX_RINGS + 1]; /* [MAX_RINGS]: hosts without a ring */
} patchstat;

typedef struct incident {
    char id[21];
    char *patch;
    int status, version;
    symptom sy[PW_INCIDENT_MAX_SYMPTOMS];
    size_t nsy;
    pw_strlist hosts; /* union of the symptoms' affected hosts */
    u64map hostset;
    pw_strlist alerts, adv_ids, rings_seen;
    json_t *advisories;
    int64_t first_seen, opened_at, escalated_at, resolved_at, last_change;
    int64_t base_hosts; /* affected hosts at the opening or the last doubling */
    int64_t hosts_patched, hosts_at_risk, unpatched_affected, unpatched_total;
    char *comparison_text, *alert_rec, *fix_kb;
    char hold_ring[32]; /* from the main symptom's alert: "ring-2", or "" */
    int own_history, confirmed;
    int settled; /* resolved by the vendor or a fix: later alert versions update it, never reopen it */
    json_t *transition;
} incident;

typedef struct adv_rec {
    char *id, *url, *title, *status;
    int64_t published;
    pw_strlist kb;
    int resolved, issue; /* the vendor says resolved / it reports a problem (known issue, investigating) */
} adv_rec;

struct pw_incident_engine {
    pw_incident_opts o;
    pw_incident_fn fn;
    void *ud;
    incident *v;
    size_t n, cap;
    u64map host_ring; /* hash(host) -> ring index */
    pw_strlist rings;
    u64map installs; /* hash(patch|host) present */
    patchstat *ps;
    size_t nps;
    adv_rec *adv;
    size_t nadv;
    pw_patch_rules *prules;
    int64_t now, last_hour_checked;
};

void pw_incident_opts_default(pw_incident_opts *o)
{
    o->quiet_hours = 0;
    o->overlap = 0.34;
    o->join_window_hours = 48;
}

pw_incident_engine *pw_incident_new(const pw_incident_opts *o, pw_incident_fn fn, void *ud, pw_error *err)
{
    pw_incident_engine *e = calloc(1, sizeof *e);
    if (!e) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (o) e->o = *o;
    else pw_incident_opts_default(&e->o);
    e->fn = fn;
    e->ud = ud;
    e->now = PW_TS_NONE;
    e->last_hour_checked = -1;
    return e;
}

static void incident_free(incident *in)
{
    free(in->patch);
    for (size_t i = 0; i < in->nsy; i++) {
        free(in->sy[i].alert);
        free(in->sy[i].code);
        free(in->sy[i].provider);
        free(in->sy[i].name);
    }
    pw_strlist_free(&in->hosts);
    map_free(&in->hostset);
    pw_strlist_free(&in->alerts);
    pw_strlist_free(&in->adv_ids);
    pw_strlist_free(&in->rings_seen);
    json_decref(in->advisories);
    json_decref(in->transition);
    free(in->comparison_text);
    free(in->alert_rec);
    free(in->fix_kb);
}

void pw_incident_free(pw_incident_engine *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->n; i++) incident_free(&e->v[i]);
    free(e->v);
    map_free(&e->host_ring);
    pw_strlist_free(&e->rings);
    map_free(&e->installs);
    for (size_t i = 0; i < e->nps; i++) free(e->ps[i].id);
    free(e->ps);
    for (size_t i = 0; i < e->nadv; i++) {
        free(e->adv[i].id);
        free(e->adv[i].url);
        free(e->adv[i].title);
        free(e->adv[i].status);
        pw_strlist_free(&e->adv[i].kb);
    }
    free(e->adv);
    pw_patch_rules_free(e->prules);
    free(e);
}

size_t pw_incident_count(const pw_incident_engine *e) { return e->n; }

static int set_str(char **dst, const char *s)
{
    char *n = s ? strdup(s) : NULL;
    if (s && !n) return -1;
    free(*dst);
    *dst = n;
    return 0;
}

/* ---- rings and installs ---- */

int pw_incident_set_ring(pw_incident_engine *e, const char *host, const char *ring, pw_error *err)
{
    size_t ri = 0;
    while (ri < e->rings.n && strcmp(e->rings.v[ri], ring) != 0) ri++;
    if (ri == e->rings.n) {
        if (e->rings.n >= MAX_RINGS) return 0; /* an inventory with this many rings: the rest stay unnamed */
        if (pw_strlist_add(&e->rings, ring)) goto nomem;
    }
    if (map_put(&e->host_ring, hstr(host), (uint32_t)ri)) goto nomem;
    if (!e->prules && !(e->prules = pw_patch_rules_new(NULL, err))) return -1;
    return 0;
nomem:
    return pw_error_set(err, PW_ERR_NOMEM, "out of memory for the inventory");
}

int pw_incident_load_inventory(pw_incident_engine *e, const char *path, pw_error *err)
{
    pw_config_doc doc = {0};
    int rc = -1;
    if (pw_config_doc_load_file(&doc, path, err)) goto out;
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(doc.root, "hosts"), i, h)
    {
        const char *name = json_string_value(json_object_get(h, "name"));
        json_t *r = json_object_get(h, "ring");
        char ring[64];
        if (!name) continue;
        if (json_is_integer(r)) snprintf(ring, sizeof ring, "ring-%lld", (long long)json_integer_value(r));
        else if (json_is_string(r)) snprintf(ring, sizeof ring, "%s", json_string_value(r));
        else continue;
        if (pw_incident_set_ring(e, name, ring, err)) goto out;
    }
    rc = 0;
out:
    pw_config_doc_free(&doc);
    return rc;
}

static int ring_of(const pw_incident_engine *e, const char *host)
{
    const uint32_t *v = map_find(&e->host_ring, hstr(host));
    return v ? (int)*v : -1;
}

static patchstat *patch_stat(pw_incident_engine *e, const char *patch, int create)
{
    for (size_t i = 0; i < e->nps; i++)
        if (strcmp(e->ps[i].id, patch) == 0) return &e->ps[i];
    if (!create || e->nps >= MAX_PATCHES) return NULL;
    patchstat *nv = realloc(e->ps, (e->nps + 1) * sizeof *nv);
    if (!nv) return NULL;
    e->ps = nv;
    patchstat *p = &e->ps[e->nps];
    memset(p, 0, sizeof *p);
    if (!(p->id = strdup(patch))) return NULL;
    for (int r = 0; r <= MAX_RINGS; r++) p->r[r].first_install = PW_TS_NONE;
    e->nps++;
    return p;
}

int pw_incident_on_install(pw_incident_engine *e, const char *host, const char *patch, int64_t ts, pw_error *err)
{
    uint64_t k = hpair(patch, host);
    if (map_find(&e->installs, k) || e->installs.n >= MAX_INSTALLS) return 0;
    patchstat *p = patch_stat(e, patch, 1);
    if (!p || map_put(&e->installs, k, 1)) return pw_error_set(err, PW_ERR_NOMEM, "out of memory for installs");
    int r = ring_of(e, host);
    ringstat *rs = &p->r[r < 0 ? MAX_RINGS : r];
    rs->patched++;
    if (rs->first_install == PW_TS_NONE || ts < rs->first_install) rs->first_install = ts;
    return 0;
}

int pw_incident_on_event(pw_incident_engine *e, const pw_event *ev, pw_error *err)
{
    if (!e->prules || ev->ts_us == PW_TS_NONE) return 0; /* no inventory: nothing to count per ring */
    const char *host = pw_event_get_str(ev, "host.name", NULL);
    if (!host) return 0;
    pw_patch_hit hits[8];
    int n = pw_patch_rules_match(e->prules, ev, hits, 8, err);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++)
        if (hits[i].action == PW_PATCH_INSTALL && pw_incident_on_install(e, host, hits[i].id, ev->ts_us, err))
            return -1;
    return 0;
}

static int installed(const pw_incident_engine *e, const char *patch, const char *host)
{
    return map_find(&e->installs, hpair(patch, host)) != NULL;
}

/* ---- the record ---- */

static json_t *tstr(int64_t t)
{
    char b[PW_RFC3339_MAX];
    if (t == PW_TS_NONE) return json_null();
    pw_time_format(t, b);
    return json_string(b);
}

static const symptom *main_symptom(const incident *in)
{
    const symptom *m = &in->sy[0];
    for (size_t i = 1; i < in->nsy; i++)
        if (in->sy[i].hosts_affected > m->hosts_affected) m = &in->sy[i];
    return m;
}

static json_t *rings_json(const pw_incident_engine *e, const incident *in, const char **to_hold)
{
    json_t *arr = json_array();
    const patchstat *p = NULL;
    for (size_t i = 0; i < e->nps; i++)
        if (strcmp(e->ps[i].id, in->patch) == 0) p = &e->ps[i];
    int64_t aff[MAX_RINGS] = {0};
    for (size_t h = 0; h < in->hosts.n; h++) {
        int r = ring_of(e, in->hosts.v[h]);
        if (r >= 0) aff[r]++;
    }
    /* the ring to hold is the correlator's ("hold ring 2 of KB..."): it knows the rollout order; "hold further
     * rollout" (no ring named) stays null. The rings listed are the ones with installs or affected hosts. */
    *to_hold = in->hold_ring[0] ? in->hold_ring : NULL;
    size_t order[MAX_RINGS], n = e->rings.n;
    for (size_t i = 0; i < n; i++) order[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort by name: ring-0 < ring-1 < ... */
        for (size_t j = i; j > 0 && strcmp(e->rings.v[order[j - 1]], e->rings.v[order[j]]) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t k = 0; k < n; k++) {
        size_t r = order[k];
        int64_t patched = p ? p->r[r].patched : 0;
        if (patched == 0 && aff[r] == 0) continue;
        /* patched is null when no install was seen at all (run without events: only alerts reach the engine) */
        json_array_append_new(arr, json_pack("{s:s, s:o, s:I, s:o}", "ring", e->rings.v[r], "patched",
                                             p ? json_integer(patched) : json_null(), "affected", (json_int_t)aff[r],
                                             "first_install", tstr(p ? p->r[r].first_install : PW_TS_NONE)));
    }
    return arr;
}

static json_t *to_json(const pw_incident_engine *e, const incident *in)
{
    const symptom *m = main_symptom(in);
    json_t *o = json_object(), *sy = json_array(), *hosts = json_array();
    for (size_t i = 0; i < in->nsy; i++) {
        const symptom *s = &in->sy[i];
        json_array_append_new(sy, json_pack("{s:s, s:s?, s:s?, s:s, s:I, s:o, s:s, s:b}", "signature", s->sig,
                                            "event_code", s->code, "provider", s->provider, "name", s->name,
                                            "hosts_affected", (json_int_t)s->hosts_affected, "first_seen",
                                            tstr(s->first_seen), "alert", s->alert, "resolved", s->resolved));
    }
    for (size_t i = 0; i < in->hosts.n && i < PW_INCIDENT_MAX_HOSTS; i++)
        json_array_append_new(hosts, json_string(in->hosts.v[i]));
    const char *hold = NULL;
    json_t *rings = rings_json(e, in, &hold);
    int64_t naff = (int64_t)in->hosts.n;
    char title[256], rec[512], summary[512], incid[32];
    snprintf(title, sizeof title, "%s: %s on %lld host%s%s", in->patch, m->name, (long long)naff,
             naff == 1 ? "" : "s", in->nsy > 1 ? " (with related symptoms)" : "");
    /* the recommendation is the correlator's sentence for the main symptom (it names the ring to hold, the
     * hosts, the symptom and the comparison), so the alert and the incident never disagree */
    if (in->status == ST_RESOLVED)
        snprintf(rec, sizeof rec, "Resolved (%s); release %s again once the cause is understood.",
                 json_string_value(json_object_get(in->transition, "reason")), in->patch);
    else
        snprintf(rec, sizeof rec, "%s%s", in->alert_rec ? in->alert_rec : "", in->nsy > 1 ? "; with related symptoms on the same hosts" : "");
    snprintf(summary, sizeof summary, "%s %s: %s on %lld of %lld patched hosts (%s)", in->patch,
             st_name(in->status), m->name, (long long)naff, (long long)in->hosts_patched,
             in->comparison_text ? in->comparison_text : "");
    snprintf(incid, sizeof incid, "%s", in->id);
    json_object_set_new(o, "id", json_string(incid));
    json_object_set_new(o, "@timestamp", tstr(in->last_change));
    json_object_set_new(o, "version", json_integer(in->version));
    json_object_set_new(o, "status", json_string(st_name(in->status)));
    json_object_set(o, "transition", in->transition ? in->transition : json_null());
    json_object_set_new(o, "patch", json_string(in->patch));
    json_object_set_new(o, "title", json_string(title));
    json_object_set_new(o, "symptoms", sy);
    json_object_set_new(o, "hosts", hosts);
    json_object_set_new(o, "hosts_affected", json_integer(naff));
    json_object_set_new(o, "hosts_patched", json_integer(in->hosts_patched));
    json_object_set_new(o, "hosts_at_risk", json_integer(in->hosts_at_risk));
    json_object_set_new(o, "rings", rings);
    json_object_set_new(o, "ring_to_hold", hold && in->status != ST_RESOLVED ? json_string(hold) : json_null());
    json_object_set_new(o, "comparison", json_string(in->own_history ? "own_history" : "unpatched_peers"));
    json_object_set_new(o, "comparison_text", json_string(in->comparison_text ? in->comparison_text : ""));
    json_object_set_new(o, "first_seen", tstr(in->first_seen));
    json_object_set_new(o, "opened_at", tstr(in->opened_at));
    json_object_set_new(o, "escalated_at", tstr(in->escalated_at));
    json_object_set_new(o, "resolved_at", tstr(in->resolved_at));
    json_object_set_new(o, "alerts", pw_strlist_to_json(&in->alerts));
    json_object_set(o, "advisories", in->advisories);
    json_object_set_new(o, "recommendation", json_string(rec));
    json_object_set_new(o, "summary", json_string(summary));
    return o;
}

/* A new version: status change (with reason) or content change; hands the record to the callback. */
static int emit(pw_incident_engine *e, incident *in, int to, const char *reason, int64_t at, pw_error *err)
{
    if (to && (to != in->status || reason)) {
        json_decref(in->transition);
        in->transition = json_pack("{s:s?, s:s, s:s, s:o}", "from", in->version ? st_name(in->status) : NULL, "to",
                                   st_name(to), "reason", reason ? reason : "", "at", tstr(at));
        if (to == ST_ESCALATED && in->escalated_at == PW_TS_NONE) in->escalated_at = at;
        if (to == ST_RESOLVED) in->resolved_at = at;
        if (to == ST_OPEN) {
            if (in->opened_at == PW_TS_NONE) in->opened_at = at;
            in->resolved_at = PW_TS_NONE;
        }
        in->status = to;
    }
    in->version++;
    in->last_change = at;
    json_t *o = to_json(e, in);
    if (!o) return pw_error_set(err, PW_ERR_NOMEM, "out of memory building an incident");
    int rc = e->fn ? e->fn(o, e->ud) : 0;
    json_decref(o);
    if (rc) return pw_error_set(err, PW_ERR_IO, "incident %s: output failed", in->id);
    return 0;
}

/* ---- alerts ---- */

/* A name a person reads, from the alert: the event code and provider of its first evidence event (or a
 * "Provider 5120: ..." template of a built-in signature), and the first words of a mined template with its
 * placeholders left out: "Cluster Shared Volume has entered a paused state (5120)". Cost: a few string
 * scans per new symptom. */
static int parse_template(symptom *s, const pw_alert *a)
{
    const char *tmpl = a->template_ ? a->template_ : "";
    char prov[128] = "", code[32] = "", name[160] = "";
    const json_t *ev = json_array_get(a->evidence, 0);
    const json_t *evt = json_object_get(ev, "event");
    const char *c = json_string_value(json_object_get(evt, "code"));
    const char *pv = json_string_value(json_object_get(evt, "provider"));
    if (c) snprintf(code, sizeof code, "%s", c);
    if (pv) snprintf(prov, sizeof prov, "%s", pv);
    char p2[128], c2[32];
    int builtin = sscanf(tmpl, "%127s %31[0-9]", p2, c2) == 2 && strchr(tmpl, ':');
    if (builtin && !code[0]) {
        snprintf(prov, sizeof prov, "%s", p2);
        snprintf(code, sizeof code, "%s", c2);
    }
    if (!builtin && tmpl[0]) { /* words of the mined template, placeholders and quoted names left out */
        char buf[512];
        snprintf(buf, sizeof buf, "%s", tmpl);
        size_t used = 0;
        int words = 0, depth = 0;
        for (char *sv = NULL, *w = strtok_r(buf, " ", &sv); w && words < 10; w = strtok_r(NULL, " ", &sv)) {
            if (!strcasecmp(w, "because") || !strcasecmp(w, "due") || !strcasecmp(w, "with") || !strcmp(w, "-"))
                break;
            int was = depth;
            for (const char *q = w; *q; q++) depth += *q == '(' || *q == '[' ? 1 : *q == ')' || *q == ']' ? -1 : 0;
            if (depth < 0) depth = 0;
            if (was > 0 || strchr(w, '(') || strchr(w, '[') || strchr(w, '<') || strchr(w, '\'') || strchr(w, '"'))
                continue; /* placeholders, quoted and bracketed names */
            size_t n = strlen(w);
            int end = n && (w[n - 1] == '.' || w[n - 1] == ',' || w[n - 1] == ':' || w[n - 1] == ';');
            if (end) w[--n] = 0;
            if (n && used + n + 2 < sizeof name) {
                if (used) name[used++] = ' ';
                memcpy(name + used, w, n);
                used += n;
                name[used] = 0;
                words++;
            }
            if (end) break;
        }
    }
    if (!name[0] && prov[0]) snprintf(name, sizeof name, "%s event",
                                      strncmp(prov, "Microsoft-Windows-", 18) == 0 ? prov + 18 : prov);
    if (!name[0]) snprintf(name, sizeof name, "signature %.8s", s->sig);
    if (code[0]) {
        size_t n = strlen(name);
        snprintf(name + n, sizeof name - n, " (%s)", code);
    }
    if ((code[0] && set_str(&s->code, code)) || (prov[0] && set_str(&s->provider, prov))) return -1;
    return set_str(&s->name, name);
}

static incident *find_by_alert(pw_incident_engine *e, const char *alert_id, size_t *si)
{
    for (size_t i = 0; i < e->n; i++)
        for (size_t k = 0; k < e->v[i].nsy; k++)
            if (strcmp(e->v[i].sy[k].alert, alert_id) == 0) {
                *si = k;
                return &e->v[i];
            }
    return NULL;
}

static double overlap(const incident *in, const pw_strlist *hosts)
{
    if (!hosts->n || !in->hosts.n) return 0;
    size_t both = 0;
    for (size_t i = 0; i < hosts->n; i++)
        if (map_find(&in->hostset, hstr(hosts->v[i]))) both++;
    size_t mn = hosts->n < in->hosts.n ? hosts->n : in->hosts.n;
    return (double)both / (double)mn;
}

static incident *find_join(pw_incident_engine *e, const pw_alert *a)
{
    incident *best = NULL;
    double bo = -1;
    for (size_t i = 0; i < e->n; i++) {
        incident *in = &e->v[i];
        if (in->status == ST_RESOLVED || strcmp(in->patch, a->patch) != 0 || in->nsy >= PW_INCIDENT_MAX_SYMPTOMS)
            continue;
        double ov = overlap(in, &a->hosts);
        int64_t d = a->first_seen - in->first_seen;
        if (d < 0) d = -d;
        int near = a->first_seen != PW_TS_NONE && in->first_seen != PW_TS_NONE &&
                   d <= (int64_t)e->o.join_window_hours * HOUR_US;
        if ((ov >= e->o.overlap || near) && ov > bo) {
            best = in;
            bo = ov;
        }
    }
    return best;
}

static incident *new_incident(pw_incident_engine *e, const pw_alert *a, pw_error *err)
{
    if (e->n >= PW_INCIDENT_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "more than %d incidents", PW_INCIDENT_MAX);
        return NULL;
    }
    if (e->n == e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 16;
        incident *nv = realloc(e->v, nc * sizeof *nv);
        if (!nv) goto nomem;
        e->v = nv;
        e->cap = nc;
    }
    incident *in = &e->v[e->n];
    memset(in, 0, sizeof *in);
    char hex[17];
    pw_hash_hex(hpair(a->patch, a->signature ? a->signature : a->id), hex);
    snprintf(in->id, sizeof in->id, "inc-%s", hex);
    in->first_seen = in->opened_at = in->escalated_at = in->resolved_at = PW_TS_NONE;
    if (!(in->patch = strdup(a->patch)) || !(in->advisories = json_array())) {
        free(in->patch);
        goto nomem;
    }
    e->n++;
    return in;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory for an incident");
    return NULL;
}

/* Adds an alert's hosts to the union; returns how many were new, -1 on no memory. */
static int add_hosts(incident *in, const pw_strlist *hosts)
{
    int added = 0;
    for (size_t i = 0; i < hosts->n; i++) {
        uint64_t h = hstr(hosts->v[i]);
        if (map_find(&in->hostset, h)) continue;
        if (map_put(&in->hostset, h, 1) || pw_strlist_add(&in->hosts, hosts->v[i])) return -1;
        added++;
    }
    return added;
}

static int adv_names(const adv_rec *ad, const char *patch) { return pw_strlist_has(&ad->kb, patch); }

static int attach_advisory(incident *in, const adv_rec *ad)
{
    if (pw_strlist_has(&in->adv_ids, ad->id)) return 0;
    if (pw_strlist_add(&in->adv_ids, ad->id)) return -1;
    json_array_append_new(in->advisories,
                          json_pack("{s:s, s:s?, s:s?, s:o, s:s}", "id", ad->id, "url", ad->url, "title", ad->title,
                                    "published", tstr(ad->published), "class",
                                    ad->resolved ? "resolution" : ad->issue ? "regression-report" : "release"));
    return 1;
}

/* Checks the rings of the affected hosts; names the first one not seen before in *why. */
static int new_ring(pw_incident_engine *e, incident *in, char *why, size_t cap)
{
    int found = 0;
    for (size_t i = 0; i < in->hosts.n; i++) {
        int r = ring_of(e, in->hosts.v[i]);
        if (r < 0 || pw_strlist_has(&in->rings_seen, e->rings.v[r])) continue;
        if (pw_strlist_add(&in->rings_seen, e->rings.v[r])) return -1;
        if (!found) snprintf(why, cap, "a new ring affected: %s", e->rings.v[r]);
        found = 1;
    }
    return found;
}

int pw_incident_on_alert(pw_incident_engine *e, const pw_alert *a, pw_error *err)
{
    if (!a->kind || strcmp(a->kind, "early-warning") == 0 || !a->patch || !a->id) return 0;
    if (e->now == PW_TS_NONE || a->ts > e->now) e->now = a->ts;
    size_t si = 0;
    incident *in = find_by_alert(e, a->id, &si);
    int resolved_alert = a->status && strcmp(a->status, "resolved") == 0;
    /* withdrawn: the correlator found that another patch explains the signature (concurrent rollouts); for
     * the person told about it this ends the incident, with that reason */
    int withdrawn_alert = a->status && strcmp(a->status, "withdrawn") == 0;
    if (resolved_alert || withdrawn_alert) {
        if (!in || in->sy[si].resolved) return 0;
        in->sy[si].resolved = 1;
        for (size_t k = 0; k < in->nsy; k++)
            if (!in->sy[k].resolved) return 0; /* the other symptoms go on */
        if (in->status == ST_RESOLVED) return 0;
        int vendor = a->recommendation && strstr(a->recommendation, "vendor") != NULL;
        char why[200];
        if (withdrawn_alert)
            snprintf(why, sizeof why, "withdrawn: %s%s%s", a->reason ? a->reason : "explained by another patch",
                     a->explained_by ? "; the cause is " : "", a->explained_by ? a->explained_by : "");
        else
            snprintf(why, sizeof why, "%s", vendor ? "the vendor reports the issue resolved"
                                                   : "quiet: every symptom stopped on the affected hosts");
        in->settled = vendor;
        return emit(e, in, ST_RESOLVED, why, a->ts, err);
    }
    int fresh = 0, changed = 0;
    if (!in) {
        in = find_join(e, a);
        if (!in) {
            if (!(in = new_incident(e, a, err))) return -1;
            fresh = 1;
        }
        if (in->nsy >= PW_INCIDENT_MAX_SYMPTOMS) return 0;
        symptom *s = &in->sy[in->nsy];
        memset(s, 0, sizeof *s);
        snprintf(s->sig, sizeof s->sig, "%s", a->signature ? a->signature : "");
        s->first_seen = a->first_seen;
        if (!(s->alert = strdup(a->id)) || parse_template(s, a) ||
            pw_strlist_add(&in->alerts, a->id)) {
            in->nsy++;
            return pw_error_set(err, PW_ERR_NOMEM, "out of memory for a symptom");
        }
        in->nsy++;
        si = in->nsy - 1;
        changed = 1;
    }
    symptom *s = &in->sy[si];
    if (s->resolved) changed = 1;
    s->resolved = 0;
    if (a->patched_affected != s->hosts_affected) changed = 1;
    s->hosts_affected = a->patched_affected;
    if (in->first_seen == PW_TS_NONE || (a->first_seen != PW_TS_NONE && a->first_seen < in->first_seen))
        in->first_seen = a->first_seen;
    int added = add_hosts(in, &a->hosts);
    if (added < 0) return pw_error_set(err, PW_ERR_NOMEM, "out of memory for hosts");
    if (added) changed = 1;
    /* the counts and the comparison come from the symptom with the most affected hosts */
    if (s == main_symptom(in)) {
        in->hosts_patched = a->patched_total;
        in->hosts_at_risk = a->hosts_at_risk;
        in->unpatched_affected = a->unpatched_affected;
        in->unpatched_total = a->unpatched_total;
        in->own_history = a->unpatched_total == 0;
        char cmp[200];
        if (in->own_history)
            snprintf(cmp, sizeof cmp, "%lld/%lld patched hosts after the install vs their own history before it",
                     (long long)a->patched_affected, (long long)a->patched_total);
        else
            snprintf(cmp, sizeof cmp, "%lld/%lld patched hosts vs %lld/%lld unpatched peers over the same days",
                     (long long)a->patched_affected, (long long)a->patched_total, (long long)a->unpatched_affected,
                     (long long)a->unpatched_total);
        int ring;
        in->hold_ring[0] = 0;
        if (a->recommendation && sscanf(a->recommendation, "hold ring %d of", &ring) == 1 && ring >= 0)
            snprintf(in->hold_ring, sizeof in->hold_ring, "ring-%d", ring);
        if (set_str(&in->comparison_text, cmp) || set_str(&in->alert_rec, a->recommendation))
            return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < a->advisories.n; i++)
        for (size_t k = 0; k < e->nadv; k++)
            if (strcmp(e->adv[k].id, a->advisories.v[i]) == 0) {
                int r = attach_advisory(in, &e->adv[k]);
                if (r < 0) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
                changed |= r;
            }
    char why[160] = "";
    if (!fresh && in->status == ST_RESOLVED && in->settled) /* stragglers after the fix: counted, not news */
        return changed ? emit(e, in, 0, NULL, a->ts, err) : 0;
    if (fresh || in->status == ST_RESOLVED) {
        if (new_ring(e, in, why, sizeof why) < 0) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        in->base_hosts = (int64_t)in->hosts.n;
        if (strcmp(a->kind, "advisory-match") == 0) in->confirmed = 1;
        return emit(e, in, ST_OPEN, fresh ? "a signature rose on patched hosts" : "a symptom came back", a->ts,
                    err);
    }
    int r = new_ring(e, in, why, sizeof why);
    if (r < 0) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    if (!r && (int64_t)in->hosts.n >= 2 * in->base_hosts && (int64_t)in->hosts.n >= in->base_hosts + 2) {
        snprintf(why, sizeof why, "affected hosts doubled: %lld -> %lld", (long long)in->base_hosts,
                 (long long)in->hosts.n);
        in->base_hosts = (int64_t)in->hosts.n;
        r = 1;
    }
    if (!r && !in->confirmed && strcmp(a->kind, "advisory-match") == 0) {
        snprintf(why, sizeof why, "an advisory reports the same symptom for %s", in->patch);
        in->confirmed = 1;
        r = 1;
    }
    if (r) return emit(e, in, ST_ESCALATED, why, a->ts, err);
    return changed ? emit(e, in, 0, NULL, a->ts, err) : 0;
}

/* ---- advisories ---- */

/* "fixed in KB5063000", "resolved by ... KB..." : a KB other than the incident's one, named in an advisory
 * about it, that a person would install to fix it. */
static int fix_kb_for(const adv_rec *ad, const char *patch, const pw_advisory *a, const char **kb)
{
    const char *t = a->text ? a->text : "";
    int fixy = ad->resolved || strcasestr(t, "fix") || strcasestr(t, "resolv") || strcasestr(t, "out-of-band") ||
               (ad->title && (strcasestr(ad->title, "fix") || strcasestr(ad->title, "out-of-band")));
    if (!fixy) return 0;
    for (size_t i = 0; i < ad->kb.n; i++)
        if (strcmp(ad->kb.v[i], patch) != 0) {
            *kb = ad->kb.v[i];
            return 1;
        }
    return 0;
}

int pw_incident_on_advisory(pw_incident_engine *e, const pw_advisory *a, pw_error *err)
{
    if (!a->id || !a->kb.n) return 0;
    int64_t at = a->published != PW_TS_NONE ? a->published : e->now;
    if (e->now != PW_TS_NONE && at < e->now) at = e->now; /* a late-read feed cannot change the past */
    adv_rec *ad = NULL;
    for (size_t i = 0; i < e->nadv && !ad; i++)
        if (strcmp(e->adv[i].id, a->id) == 0) ad = &e->adv[i];
    if (!ad) {
        if (e->nadv >= MAX_ADVISORIES) return 0;
        adv_rec *nv = realloc(e->adv, (e->nadv + 1) * sizeof *nv);
        if (!nv) goto nomem;
        e->adv = nv;
        ad = &e->adv[e->nadv];
        memset(ad, 0, sizeof *ad);
        e->nadv++;
        if (set_str(&ad->id, a->id)) goto nomem;
    }
    if (set_str(&ad->url, a->url) || set_str(&ad->title, a->title) || set_str(&ad->status, a->status)) goto nomem;
    ad->published = a->published;
    ad->resolved = a->status && strcasecmp(a->status, "resolved") == 0;
    /* the same words as the correlator's corr_adv_is_issue: a status or a title that reports a problem */
    static const char *const issue[] = {"known-issue", "known issue", "investigating", "mitigated"};
    ad->issue = 0;
    for (size_t i = 0; a->status && i < sizeof issue / sizeof *issue; i++) ad->issue |= !strcasecmp(a->status, issue[i]);
    ad->issue |= (a->title && strcasestr(a->title, "known issue")) || (a->text && strcasestr(a->text, "known issue"));
    pw_strlist_free(&ad->kb);
    for (size_t i = 0; i < a->kb.n; i++)
        if (pw_strlist_add(&ad->kb, a->kb.v[i])) goto nomem;
    for (size_t i = 0; i < e->n; i++) {
        incident *in = &e->v[i];
        if (in->status == ST_RESOLVED || !adv_names(ad, in->patch)) continue;
        int r = attach_advisory(in, ad);
        if (r < 0) goto nomem;
        const char *fix;
        if (fix_kb_for(ad, in->patch, a, &fix) && set_str(&in->fix_kb, fix)) goto nomem;
        char why[300];
        if (ad->resolved) {
            in->settled = 1;
            snprintf(why, sizeof why, "the vendor says resolved: %.200s", ad->title ? ad->title : ad->id);
            if (emit(e, in, ST_RESOLVED, why, at, err)) return -1;
        } else if (r && ad->issue && !in->confirmed) {
            in->confirmed = 1;
            snprintf(why, sizeof why, "an advisory confirms: %.200s", ad->title ? ad->title : ad->id);
            if (emit(e, in, ST_ESCALATED, why, at, err)) return -1;
        } else if (r && emit(e, in, 0, NULL, at, err))
            return -1;
    }
    return 0;
nomem:
    return pw_error_set(err, PW_ERR_NOMEM, "out of memory for an advisory");
}

/* ---- time ---- */

int pw_incident_advance(pw_incident_engine *e, int64_t now, pw_error *err)
{
    if (now == PW_TS_NONE) return 0;
    if (e->now == PW_TS_NONE || now > e->now) e->now = now;
    int64_t hour = e->now / HOUR_US;
    if (hour == e->last_hour_checked) return 0;
    e->last_hour_checked = hour;
    for (size_t i = 0; i < e->n; i++) {
        incident *in = &e->v[i];
        if (in->status == ST_RESOLVED) continue;
        char why[200];
        if (in->fix_kb) {
            size_t done = 0;
            for (size_t h = 0; h < in->hosts.n; h++) done += installed(e, in->fix_kb, in->hosts.v[h]) != 0;
            if (in->hosts.n && done == in->hosts.n) {
                in->settled = 1;
                snprintf(why, sizeof why, "the fix %s is installed on all %zu affected hosts", in->fix_kb, done);
                if (emit(e, in, ST_RESOLVED, why, e->now, err)) return -1;
                continue;
            }
        }
        if (e->o.quiet_hours > 0 && e->now - in->last_change >= (int64_t)e->o.quiet_hours * HOUR_US) {
            snprintf(why, sizeof why, "quiet: no new symptom or host for %d hours", e->o.quiet_hours);
            if (emit(e, in, ST_RESOLVED, why, e->now, err)) return -1;
        }
    }
    return 0;
}
