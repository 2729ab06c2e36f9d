/* cohort_engine: pw_corr itself: configuration, intake of events and advisories, the hourly clock of event
 * time, and the built-in signature used when an event arrives without patchwatch.signature.
 *
 * Intake per event (the hot path, no allocation once the host and signature are known): host lookup, the
 * patch-rule prefilter, the reboot check, a level filter (informational events are not failures), the
 * signature, one hourly-run update. Sample events are kept (as JSON) only for the first few occurrences of a
 * signature, for alert evidence. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pw_hash.h"
#include "core/pw_log.h"
#include "correlate/cohort_model.h"

#include "rules/rules.h"

#define ENGINE_MAX_ADVISORIES 1000000 /* advisories kept in memory; feeds hold thousands, not millions */

void pw_corr_config_default(pw_corr_config *c)
{
    memset(c, 0, sizeof *c);
    c->min_hosts = 2;
    c->min_rate_ratio = 2.0;
    c->confidence = 0.999;
    c->novel_confidence = 0.99;
    c->novel_min_rate_ratio = 1.0;
    c->guard_confidence = 0.9;
    c->window_hours = 120;
    c->baseline_hours = 72;
    c->reboot_grace_hours = 2;
    c->resolve_quiet_hours = 72;
    c->linked_confidence = 0.95;
    c->linked_min_rate_ratio = 1.5;
    c->recurring_installs = 3;
    c->all_levels = 0;
    c->single_host_hours = 6;
}

int pw_corr_config_from_rules(pw_corr_config *c, const struct pw_rules *rules, pw_error *err)
{
    (void)err;
    size_t n = rules ? pw_rules_count(rules, "threshold") : 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *t = pw_rules_get(rules, "threshold", i);
        const char *applies = json_string_value(json_object_get(t, "applies_to"));
        if (applies && strcmp(applies, "*") != 0) continue; /* per-patch thresholds: not yet */
        json_t *v;
        if ((v = json_object_get(t, "min_hosts")) && json_is_integer(v)) c->min_hosts = (int)json_integer_value(v);
        if ((v = json_object_get(t, "min_rate_ratio")) && json_is_number(v)) c->min_rate_ratio = json_number_value(v);
        if ((v = json_object_get(t, "confidence")) && json_is_number(v)) c->confidence = json_number_value(v);
        if ((v = json_object_get(t, "window_hours")) && json_is_integer(v))
            c->window_hours = (int)json_integer_value(v);
        if ((v = json_object_get(t, "baseline_hours")) && json_is_integer(v))
            c->baseline_hours = (int)json_integer_value(v);
        if ((v = json_object_get(t, "reboot_grace_hours")) && json_is_integer(v))
            c->reboot_grace_hours = (int)json_integer_value(v);
        if ((v = json_object_get(t, "single_host_hours")) && json_is_integer(v))
            c->single_host_hours = (int)json_integer_value(v);
    }
    return 0;
}

pw_corr *pw_corr_new(const pw_corr_config *cfg, const struct pw_rules *rules, pw_error *err)
{
    pw_corr *c = calloc(1, sizeof *c);
    if (!c) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (cfg) c->cfg = *cfg;
    else pw_corr_config_default(&c->cfg);
    c->debug = getenv("PW_CORR_DEBUG") != NULL;
    c->fullscan = getenv("PW_CORR_FULLSCAN") != NULL;
    if (c->cfg.min_hosts < 1 || c->cfg.window_hours < 1 || c->cfg.baseline_hours < 0 ||
        c->cfg.reboot_grace_hours < 0 || !(c->cfg.confidence > 0 && c->cfg.confidence < 1)) {
        pw_error_set(err, PW_ERR_USAGE, "correlation thresholds out of range (min_hosts >= 1, window_hours >= 1, "
                                        "0 < confidence < 1)");
        free(c);
        return NULL;
    }
    c->rules = pw_patch_rules_new(rules, err);
    if (!c->rules) {
        free(c);
        return NULL;
    }
    c->scopes = corr_scopes_new(rules, err);
    if (!c->scopes) {
        pw_patch_rules_free(c->rules);
        free(c);
        return NULL;
    }
    c->first_us = c->last_us = PW_TS_NONE;
    c->next_eval_hour = CORR_NONE;
    return c;
}

void pw_corr_free(pw_corr *c)
{
    if (!c) return;
    pw_patch_rules_free(c->rules);
    corr_scopes_free(c->scopes);
    for (uint32_t i = 0; i < c->nhosts; i++) {
        corr_host *h = &c->hosts[i];
        free(h->name);
        free(h->role);
        free(h->cluster);
        pw_strlist_free(&h->pending);
        free(h->reboots);
        free(h->pairs);
        free(h->inst);
        free(h->ent);
    }
    free(c->hosts);
    for (uint32_t i = 0; i < c->nsigs; i++) {
        free(c->sigs[i].tmpl);
        free(c->sigs[i].provider);
        free(c->sigs[i].code);
        json_decref(c->sigs[i].samples);
        free(c->sigs[i].pairs);
        free(c->sigs[i].ons);
    }
    free(c->sigs);
    for (uint32_t i = 0; i < c->npairs; i++) {
        free(c->pairs[i].runs);
        free(c->pairs[i].onsets);
    }
    free(c->pairs);
    for (uint32_t i = 0; i < c->npatches; i++) {
        free(c->patches[i].id);
        free(c->patches[i].title);
        free(c->patches[i].host_ts);
        free(c->patches[i].host_count);
        free(c->patches[i].hosts);
        free(c->patches[i].psigs);
    }
    free(c->patches);
    for (uint32_t i = 0; i < c->npsigs; i++) free(c->psigs[i].ent);
    free(c->psigs);
    corr_map_free(&c->psig_map);
    free(c->scratch_ent);
    free(c->dirty_pairs);
    free(c->dirty_hosts);
    free(c->treated);
    for (size_t i = 0; i < c->nadvs; i++) pw_advisory_free(&c->advs[i].a);
    free(c->advs);
    for (size_t i = 0; i < c->nalerts; i++) {
        pw_strlist_free(&c->alerts[i].advisories);
        free(c->alerts[i].last_kind);
        free(c->alerts[i].last_json);
    }
    free(c->alerts);
    corr_cands_free(c);
    free(c->cands);
    free(c->days1);
    free(c->days0);
    free(c->days_a);
    free(c->days_c);
    free(c->strata);
    corr_expo_free(c);
    corr_jexpo_free(c);
    free(c->scratch_hosts);
    corr_map_free(&c->suppress);
    free(c->emitted);
    pw_strlist_free(&c->done_files);
    json_decref(c->blobs);
    corr_map_free(&c->host_map);
    corr_map_free(&c->sig_map);
    corr_map_free(&c->pair_map);
    corr_map_free(&c->patch_map);
    corr_map_free(&c->alert_map);
    corr_map_free(&c->cand_map);
    corr_map_free(&c->family_incidents);
    free(c);
}

int corr_patch_find(const pw_corr *c, const char *id, uint32_t *out)
{
    uint64_t key = pw_hash64(id, strlen(id));
    for (int probe = 0; probe < 8; probe++, key = pw_hash_final(key + 1)) {
        uint32_t idx;
        if (!corr_map_get(&c->patch_map, key, &idx)) return -1;
        if (strcmp(c->patches[idx].id, id) == 0) {
            *out = idx;
            return 0;
        }
    }
    return -1;
}

int corr_patch_record(pw_corr *c, uint32_t host, const char *id, size_t idlen, const char *title, int platform,
                      int64_t ts)
{
    char idz[PW_PATCH_ID_MAX];
    if (idlen >= sizeof idz) idlen = sizeof idz - 1;
    memcpy(idz, id, idlen);
    idz[idlen] = '\0';
    uint32_t pi;
    if (corr_patch_find(c, idz, &pi)) {
        if (c->npatches >= CORR_MAX_PATCHES) return -1;
        if (c->npatches == c->patches_cap) {
            uint32_t ncap = c->patches_cap ? c->patches_cap * 2 : 16;
            corr_patch *nv = realloc(c->patches, ncap * sizeof *nv);
            if (!nv) return -1;
            c->patches = nv;
            c->patches_cap = ncap;
        }
        corr_patch *p = &c->patches[c->npatches];
        memset(p, 0, sizeof *p);
        p->id = strdup(idz);
        p->title = title ? strdup(title) : NULL;
        p->host_ts = malloc(sizeof(int64_t) * (c->nhosts ? c->nhosts : 1));
        p->host_count = calloc(c->nhosts ? c->nhosts : 1, sizeof(uint16_t));
        if (!p->id || !p->host_ts || !p->host_count) {
            free(p->id);
            free(p->title);
            free(p->host_ts);
            free(p->host_count);
            return -1;
        }
        for (uint32_t h = 0; h < c->nhosts; h++) p->host_ts[h] = INT64_MAX;
        p->first_ts = p->last_ts = ts;
        p->platform = platform;
        p->scope = corr_scope_index(c->scopes, p->title);
        uint64_t key = pw_hash64(idz, strlen(idz));
        uint32_t dummy;
        while (corr_map_get(&c->patch_map, key, &dummy)) key = pw_hash_final(key + 1);
        if (corr_map_put(&c->patch_map, key, c->npatches)) return -1;
        pi = c->npatches++;
        c->st.patches = c->npatches;
    }
    corr_patch *p = &c->patches[pi];
    c->st.installs++;
    c->expo_gen++;
    if (p->host_count[host] < UINT16_MAX) p->host_count[host]++;
    if (p->host_count[host] == (uint16_t)c->cfg.recurring_installs) p->recurring++;
    if (ts < p->first_ts) p->first_ts = ts;
    if (ts > p->last_ts) p->last_ts = ts;
    if (p->host_ts[host] == INT64_MAX) {
        if (p->nhosts == p->hosts_cap) {
            uint32_t ncap = p->hosts_cap ? p->hosts_cap * 2 : 16;
            uint32_t *nv = realloc(p->hosts, ncap * sizeof *nv);
            if (!nv) return -1;
            p->hosts = nv;
            p->hosts_cap = ncap;
        }
        p->hosts[p->nhosts++] = host;
        p->host_ts[host] = ts;
        if (corr_host_add_install(c, host, pi, p->nhosts - 1)) return -1;
    } else if (ts < p->host_ts[host]) {
        p->host_ts[host] = ts; /* files read out of order: the first install counts */
    }
    return corr_host_mark(c, host);
}

/* Built-in signature: provider + event code when both exist (Windows), else the program and the message with
 * digit runs and hex words masked. The template is what a human reads in the alert. */
static uint64_t local_signature(const pw_event *ev, char *tmpl, size_t cap)
{
    size_t plen = 0, clen = 0, mlen = 0, alen = 0;
    const char *prov = pw_event_get_str(ev, "event.provider", &plen);
    const char *code = pw_event_get_str(ev, "event.code", &clen);
    const char *msg = pw_event_get_str(ev, "message", &mlen);
    const char *app = pw_event_get_str(ev, "log.syslog.appname", &alen);
    char codebuf[24];
    if (!code) {
        int64_t v;
        if (pw_event_get_int(ev, "event.code", &v) == 0 || pw_event_get_int(ev, "winlog.event_id", &v) == 0) {
            clen = (size_t)snprintf(codebuf, sizeof codebuf, "%lld", (long long)v);
            code = codebuf;
        }
    }
    size_t o = 0;
    if (prov && code) {
        const char *f[2] = {prov, code};
        size_t l[2] = {plen, clen};
        o = (size_t)snprintf(tmpl, cap, "%.*s %.*s: ", (int)(plen > 100 ? 100 : plen), prov, (int)clen, code);
        if (o >= cap) o = cap - 1;
        for (size_t i = 0; msg && i < mlen && o + 1 < cap; i++) tmpl[o++] = msg[i];
        while (o > 0 && ((unsigned char)tmpl[o] & 0xC0) == 0x80) o--; /* no half characters */
        tmpl[o] = '\0';
        return pw_hash_fields(f, l, 2);
    }
    if (app) o = (size_t)snprintf(tmpl, cap, "%.*s: ", (int)(alen > 60 ? 60 : alen), app);
    if (o >= cap) o = cap - 1;
    for (size_t i = 0; msg && i < mlen && o + 2 < cap; i++) {
        unsigned char ch = (unsigned char)msg[i];
        if (isdigit(ch) || (ch == 'x' && i > 0 && msg[i - 1] == '0')) {
            if (o == 0 || tmpl[o - 1] != '#') tmpl[o++] = '#';
            continue;
        }
        tmpl[o++] = (char)ch;
    }
    while (o > 0 && ((unsigned char)tmpl[o] & 0xC0) == 0x80) o--;
    tmpl[o] = '\0';
    return pw_hash64(tmpl, o);
}

static bool informational(const pw_event *ev)
{
    const char *lv = pw_event_get_str(ev, "log.level", NULL);
    if (!lv) return false;
    switch (tolower((unsigned char)lv[0])) {
    case 'i': return strcasecmp(lv, "information") == 0 || strcasecmp(lv, "info") == 0 ||
                     strcasecmp(lv, "informational") == 0;
    case 'v': return strcasecmp(lv, "verbose") == 0;
    case 'd': return strcasecmp(lv, "debug") == 0;
    case 'n': return strcasecmp(lv, "notice") == 0;
    default: return false;
    }
}

bool pw_corr_counts_level(const pw_corr *c, const pw_event *ev)
{
    return c->cfg.all_levels || !informational(ev);
}

static int hexval(const char *s, size_t len, uint64_t *out)
{
    if (len != 16) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < 16; i++) {
        int d = isdigit((unsigned char)s[i]) ? s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10);
        if (d < 0 || d > 15) return -1;
        v = v << 4 | (uint64_t)d;
    }
    *out = v;
    return 0;
}

static int keep_sample(pw_corr *c, corr_sig *s, const pw_event *ev, const char *host, pw_error *err)
{
    if (!s->samples && !(s->samples = json_array())) return -1;
    size_t i;
    json_t *sm;
    json_array_foreach(s->samples, i, sm)
    {
        if (strcmp(json_string_value(json_object_get(sm, "host")), host) == 0) return 0;
    }
    json_t *evj = pw_event_to_jansson(ev, err);
    if (!evj) return -1;
    json_t *o = json_pack("{s:s,s:o}", "host", host, "event", evj);
    if (!o) return -1;
    (void)c;
    return json_array_append_new(s->samples, o);
}

int pw_corr_add_event(pw_corr *c, const pw_event *ev, pw_error *err)
{
    c->st.events++;
    size_t hlen = 0;
    const char *host = pw_event_get_str(ev, "host.name", &hlen);
    if (!host) host = pw_event_get_str(ev, "winlog.computer_name", &hlen);
    if (!host) host = pw_event_get_str(ev, "log.syslog.hostname", &hlen);
    if (!host || hlen == 0 || ev->ts_us == PW_TS_NONE || ev->ts_us < 0) {
        c->st.skipped++;
        return 0;
    }
    uint32_t hi, hour = (uint32_t)(ev->ts_us / CORR_HOUR_US);
    if (corr_host_intern(c, host, hlen, &hi)) goto nomem;
    uint32_t fh = c->hosts[hi].first_hour, lh = c->hosts[hi].last_hour;
    uint8_t plat = c->hosts[hi].platform;
    corr_host_touch(&c->hosts[hi], hour);
    if (fh != c->hosts[hi].first_hour || lh != c->hosts[hi].last_hour) c->expo_gen++;
    if (!(c->hosts[hi].platform & PW_PATCH_WINDOWS) &&
        (pw_event_find(ev, "winlog.channel") || pw_event_find(ev, "winlog.event_id")))
        c->hosts[hi].platform |= PW_PATCH_WINDOWS;
    if (!(c->hosts[hi].platform & PW_PATCH_LINUX)) {
        const char *fp = pw_event_get_str(ev, "log.file.path", NULL);
        if (pw_event_find(ev, "log.syslog.appname") || (fp && fp[0] == '/'))
            c->hosts[hi].platform |= PW_PATCH_LINUX;
    }
    if (plat != c->hosts[hi].platform) c->expo_gen++;
    if (c->first_us == PW_TS_NONE || ev->ts_us < c->first_us) c->first_us = ev->ts_us;
    if (c->last_us == PW_TS_NONE || ev->ts_us > c->last_us) c->last_us = ev->ts_us;

    pw_patch_hit hits[PW_PATCH_MAX_HITS];
    int n = pw_patch_rules_match(c->rules, ev, hits, PW_PATCH_MAX_HITS, err);
    if (n < 0) return -1;
    /* An install restarts services, so the hours after it are restart noise (no onset), except the install of an
     * update this host installs again and again (Defender definitions, KB2267602, several times a day on a real
     * fleet): it restarts nothing, and counting it as a restart hid the first hours of any failure that began
     * within the grace after one (study2a-01: a casualty's first occurrence 73 minutes after the daily
     * definitions update was masked, its onset taken five hours later). A real restart still logs its own
     * markers (EventLog 6005/6006, Kernel-General 12/13). The first installs of such an update, before it is
     * known to recur on the host, still count. */
    bool restarts = false;
    for (int i = 0; i < n; i++) {
        if (hits[i].action == PW_PATCH_INSTALL) {
            if (corr_patch_record(c, hi, hits[i].id, strlen(hits[i].id), hits[i].title, hits[i].platform,
                                  ev->ts_us)) goto nomem;
            uint32_t pi;
            char idz[PW_PATCH_ID_MAX];
            snprintf(idz, sizeof idz, "%s", hits[i].id);
            restarts |= corr_patch_find(c, idz, &pi) != 0 ||
                        c->patches[pi].host_count[hi] < (uint16_t)c->cfg.recurring_installs;
        } else if (hits[i].action == PW_PATCH_PENDING) {
            if (pw_strlist_add_unique(&c->hosts[hi].pending, hits[i].id)) goto nomem;
            restarts = true;
        }
    }
    if (n > 0) {
        if (restarts && corr_host_add_reboot(c, hi, hour)) goto nomem;
        return 0;
    }
    if (pw_patch_is_reboot(ev)) return corr_host_add_reboot(c, hi, hour) ? pw_error_set(err, PW_ERR_NOMEM, "out of memory") : 0;
    if (!c->cfg.all_levels && informational(ev)) return 0;

    uint64_t sid = 0;
    size_t slen = 0;
    char tmpl[CORR_TEMPLATE_MAX];
    const char *shex = pw_event_get_str(ev, "patchwatch.signature", &slen);
    const char *given_tmpl = pw_event_get_str(ev, "patchwatch.template", NULL);
    tmpl[0] = '\0';
    if (!shex || hexval(shex, slen, &sid)) sid = local_signature(ev, tmpl, sizeof tmpl);
    uint32_t si;
    bool created;
    if (corr_sig_intern(c, sid, &si, &created)) goto nomem;
    corr_sig *s = &c->sigs[si];
    if (created) {
        if (!tmpl[0]) {
            if (given_tmpl) snprintf(tmpl, sizeof tmpl, "%s", given_tmpl);
            else local_signature(ev, tmpl, sizeof tmpl);
        }
        const char *prov = pw_event_get_str(ev, "event.provider", NULL);
        if (!prov) prov = pw_event_get_str(ev, "log.syslog.appname", NULL);
        s->tmpl = strdup(tmpl);
        s->provider = prov ? strdup(prov) : NULL;
        const char *code = pw_event_get_str(ev, "event.code", NULL);
        s->code = code ? strdup(code) : NULL;
        corr_sig_set_family(s);
    }
    if ((!s->samples || json_array_size(s->samples) < CORR_SAMPLES_PER_SIG) && keep_sample(c, s, ev, c->hosts[hi].name, err))
        goto nomem;
    if (corr_pair_add(c, hi, si, hour, 1)) goto nomem;
    c->st.counted++;
    return 0;
nomem:
    return pw_error_set(err, PW_ERR_NOMEM, "out of memory (or a size cap) adding an event of host %.*s",
                        (int)(hlen > 64 ? 64 : hlen), host ? host : "");
}

int pw_corr_add_advisory(pw_corr *c, const pw_advisory *a, pw_error *err)
{
    if (c->nadvs >= ENGINE_MAX_ADVISORIES)
        return pw_error_set(err, PW_ERR_LIMIT, "more than %d advisories", ENGINE_MAX_ADVISORIES);
    if (c->nadvs == c->advs_cap) {
        size_t ncap = c->advs_cap ? c->advs_cap * 2 : 16;
        corr_adv *nv = realloc(c->advs, ncap * sizeof *nv);
        if (!nv) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        c->advs = nv;
        c->advs_cap = ncap;
    }
    corr_adv *ad = &c->advs[c->nadvs];
    memset(ad, 0, sizeof *ad);
    pw_advisory_init(&ad->a);
    /* deep copy through JSON: the advisory record owns many strings */
    json_t *j = pw_advisory_to_jansson(a);
    if (!j || pw_advisory_from_jansson(&ad->a, j, err)) {
        json_decref(j);
        pw_advisory_free(&ad->a);
        return -1;
    }
    json_decref(j);
    ad->ts = a->updated != PW_TS_NONE ? a->updated : a->published;
    if (ad->ts == PW_TS_NONE) ad->ts = c->last_us != PW_TS_NONE ? c->last_us : 0;
    ad->issue = corr_adv_is_issue(&ad->a);
    ad->resolved = corr_adv_is_resolved(&ad->a);
    c->nadvs++;
    c->st.advisories++;
    return 0;
}

int pw_corr_advance(pw_corr *c, int64_t now_us, pw_corr_alert_fn fn, void *ud, pw_error *err)
{
    if (now_us == PW_TS_NONE || now_us < 0) return 0;
    uint32_t target = (uint32_t)(now_us / CORR_HOUR_US);
    if (c->next_eval_hour == CORR_NONE) {
        int64_t first = c->first_us;
        for (size_t i = 0; i < c->nadvs; i++)
            if (first == PW_TS_NONE || c->advs[i].ts < first) first = c->advs[i].ts;
        if (first == PW_TS_NONE || first < 0) return 0;
        c->next_eval_hour = (uint32_t)(first / CORR_HOUR_US) + 1;
    }
    while (c->next_eval_hour <= target) {
        if (corr_evaluate(c, c->next_eval_hour, fn, ud, err)) return -1;
        c->next_eval_hour++;
    }
    return 0;
}

int64_t pw_corr_first_time(const pw_corr *c) { return c->first_us; }
int64_t pw_corr_last_time(const pw_corr *c) { return c->last_us; }

void pw_corr_get_stats(const pw_corr *c, pw_corr_stats *s) { *s = c->st; }
