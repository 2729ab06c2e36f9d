/* cohort_store: the engine's memory of what each host logged: interned hosts and signatures, per (host,
 * signature) runs of hourly occurrences, reboot hours, and the onsets derived from them.
 *
 * An onset is the hour a host shows signature S "newly": the first occurrence outside a reboot grace period
 * that has no other such occurrence in the baseline_hours before it, on a host whose log goes back at least
 * baseline_hours. Occurrences inside the grace period after a reboot or install are the restart noise every
 * patch brings, so they neither start an onset nor count as history. Onsets depend only on the past of the
 * same host, so computing them late (after more data arrived) gives what streaming would have given. */
#include <stdlib.h>
#include <string.h>

#include "core/pw_hash.h"
#include "correlate/cohort_model.h"

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    return k;
}

int corr_map_get(const corr_map *m, uint64_t key, uint32_t *val)
{
    if (!m->cap) return 0;
    size_t mask = m->cap - 1, i = mix(key) & mask;
    while (m->vals[i] != CORR_NONE) {
        if (m->keys[i] == key) {
            *val = m->vals[i];
            return 1;
        }
        i = (i + 1) & mask;
    }
    return 0;
}

static int map_grow(corr_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 1024;
    uint64_t *nk = malloc(ncap * sizeof *nk);
    uint32_t *nv = malloc(ncap * sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    memset(nv, 0xff, ncap * sizeof *nv);
    for (size_t j = 0; j < m->cap; j++) {
        if (m->vals[j] == CORR_NONE) continue;
        size_t i = mix(m->keys[j]) & (ncap - 1);
        while (nv[i] != CORR_NONE) i = (i + 1) & (ncap - 1);
        nk[i] = m->keys[j];
        nv[i] = m->vals[j];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return 0;
}

int corr_map_put(corr_map *m, uint64_t key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap && map_grow(m)) return -1;
    size_t mask = m->cap - 1, i = mix(key) & mask;
    while (m->vals[i] != CORR_NONE) {
        if (m->keys[i] == key) {
            m->vals[i] = val;
            return 0;
        }
        i = (i + 1) & mask;
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 0;
}

void corr_map_free(corr_map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* Grows a vector of elem-sized items to hold one more; -1 when the cap is reached or memory is out. */
static int vec_grow(void **v, uint32_t *cap, uint32_t n, size_t elem, uint32_t max)
{
    if (n < *cap) return 0;
    if (n >= max) return -1;
    uint32_t ncap = *cap ? *cap * 2 : 4;
    if (ncap > max) ncap = max;
    void *nv = realloc(*v, (size_t)ncap * elem);
    if (!nv) return -1;
    *v = nv;
    *cap = ncap;
    return 0;
}

int corr_host_intern(pw_corr *c, const char *name, size_t len, uint32_t *out)
{
    uint64_t key = pw_hash64(name, len);
    uint32_t idx;
    /* 64-bit collisions between different names are resolved by probing with a derived key */
    for (int probe = 0; probe < 8; probe++, key = mix(key + 1)) {
        if (!corr_map_get(&c->host_map, key, &idx)) break;
        if (strlen(c->hosts[idx].name) == len && memcmp(c->hosts[idx].name, name, len) == 0) {
            *out = idx;
            return 0;
        }
    }
    if (vec_grow((void **)&c->hosts, &c->hosts_cap, c->nhosts, sizeof *c->hosts, CORR_MAX_HOSTS)) return -1;
    corr_host *h = &c->hosts[c->nhosts];
    memset(h, 0, sizeof *h);
    h->name = strndup(name, len);
    if (!h->name) return -1;
    h->ring = -1;
    h->first_hour = CORR_NONE;
    if (corr_map_put(&c->host_map, key, c->nhosts)) {
        free(h->name);
        return -1;
    }
    /* every patch keeps a per-host install time: extend them */
    for (uint32_t p = 0; p < c->npatches; p++) {
        corr_patch *pt = &c->patches[p];
        int64_t *ts = realloc(pt->host_ts, sizeof(int64_t) * (c->nhosts + 1));
        if (!ts) return -1;
        pt->host_ts = ts;
        uint16_t *cnt = realloc(pt->host_count, sizeof(uint16_t) * (c->nhosts + 1));
        if (!cnt) return -1;
        pt->host_count = cnt;
        ts[c->nhosts] = INT64_MAX;
        cnt[c->nhosts] = 0;
    }
    *out = c->nhosts++;
    c->st.hosts = c->nhosts;
    return 0;
}

int corr_sig_intern(pw_corr *c, uint64_t id, uint32_t *out, bool *created)
{
    *created = false;
    if (corr_map_get(&c->sig_map, id, out)) return 0;
    if (vec_grow((void **)&c->sigs, &c->sigs_cap, c->nsigs, sizeof *c->sigs, CORR_MAX_SIGS)) return -1;
    corr_sig *s = &c->sigs[c->nsigs];
    memset(s, 0, sizeof *s);
    s->id = id;
    s->first_hour = CORR_NONE;
    if (corr_map_put(&c->sig_map, id, c->nsigs)) return -1;
    *out = c->nsigs++;
    *created = true;
    c->st.signatures = c->nsigs;
    return 0;
}

void corr_host_touch(corr_host *h, uint32_t hour)
{
    if (h->first_hour == CORR_NONE || hour < h->first_hour) h->first_hour = hour;
    if (hour > h->last_hour) h->last_hour = hour;
}

int corr_host_add_reboot(pw_corr *c, uint32_t host, uint32_t hour)
{
    corr_host *h = &c->hosts[host];
    uint32_t lo = 0, hi = h->nreboots;
    while (lo < hi) { /* first index with reboots[i] >= hour */
        uint32_t mid = (lo + hi) / 2;
        if (h->reboots[mid] < hour) lo = mid + 1;
        else hi = mid;
    }
    if (lo < h->nreboots && h->reboots[lo] == hour) return 0;
    if (vec_grow((void **)&h->reboots, &h->reboots_cap, h->nreboots, sizeof(uint32_t), CORR_MAX_RUNS_PER_PAIR))
        return -1;
    memmove(h->reboots + lo + 1, h->reboots + lo, (h->nreboots - lo) * sizeof(uint32_t));
    h->reboots[lo] = hour;
    h->nreboots++;
    h->onsets_dirty = true;
    for (uint32_t i = 0; i < h->npairs; i++) c->pairs[h->pairs[i]].dirty = 1;
    c->st.reboots++;
    return 0;
}

static int pair_get(pw_corr *c, uint32_t host, uint32_t sig, uint32_t *out)
{
    uint64_t key = (uint64_t)host << 32 | sig;
    if (corr_map_get(&c->pair_map, key, out)) return 0;
    if (vec_grow((void **)&c->pairs, &c->pairs_cap, c->npairs, sizeof *c->pairs, UINT32_MAX - 1)) return -1;
    corr_host *h = &c->hosts[host];
    corr_sig *s = &c->sigs[sig];
    if (vec_grow((void **)&h->pairs, &h->pairs_cap, h->npairs, sizeof(uint32_t), CORR_MAX_SIGS) ||
        vec_grow((void **)&s->pairs, &s->pairs_cap, s->npairs, sizeof(uint32_t), CORR_MAX_HOSTS))
        return -1;
    corr_pair *p = &c->pairs[c->npairs];
    memset(p, 0, sizeof *p);
    p->host = host;
    p->sig = sig;
    if (corr_map_put(&c->pair_map, key, c->npairs)) return -1;
    h->pairs[h->npairs++] = c->npairs;
    s->pairs[s->npairs++] = c->npairs;
    *out = c->npairs++;
    c->st.pairs = c->npairs;
    return 0;
}

int corr_pair_add(pw_corr *c, uint32_t host, uint32_t sig, uint32_t hour, uint32_t count)
{
    uint32_t pi;
    if (pair_get(c, host, sig, &pi)) return -1;
    corr_pair *p = &c->pairs[pi];
    if (hour < c->sigs[sig].first_hour) c->sigs[sig].first_hour = hour;
    corr_run *last = p->nruns ? &p->runs[p->nruns - 1] : NULL;
    if (last && hour >= last->start && hour <= last->end) {
        last->count += count;
        return 0; /* same hour as before: nothing new for the onsets */
    }
    p->dirty = 1;
    c->hosts[host].onsets_dirty = true;
    if (last && hour == last->end + 1) {
        last->end = hour;
        last->count += count;
        return 0;
    }
    uint32_t pos = p->nruns;
    if (last && hour < last->start) { /* out of order: find the run at or after hour */
        uint32_t lo = 0, hi = p->nruns;
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (p->runs[mid].end < hour) lo = mid + 1;
            else hi = mid;
        }
        pos = lo;
        corr_run *r = &p->runs[pos];
        if (hour >= r->start) { /* inside an existing run */
            r->count += count;
            return 0;
        }
        if (hour + 1 == r->start) {
            r->start = hour;
            r->count += count;
            if (pos > 0 && p->runs[pos - 1].end + 1 == hour) { /* bridges two runs */
                p->runs[pos - 1].end = r->end;
                p->runs[pos - 1].count += r->count;
                memmove(r, r + 1, (p->nruns - pos - 1) * sizeof *r);
                p->nruns--;
            }
            return 0;
        }
        if (pos > 0 && p->runs[pos - 1].end + 1 == hour) {
            p->runs[pos - 1].end = hour;
            p->runs[pos - 1].count += count;
            return 0;
        }
    }
    if (vec_grow((void **)&p->runs, &p->cap, p->nruns, sizeof *p->runs, CORR_MAX_RUNS_PER_PAIR)) return -1;
    memmove(p->runs + pos + 1, p->runs + pos, (p->nruns - pos) * sizeof *p->runs);
    p->runs[pos] = (corr_run){hour, hour, count};
    p->nruns++;
    c->st.runs++;
    return 0;
}

uint32_t corr_pair_last_before(const corr_pair *p, uint32_t limit)
{
    for (uint32_t i = p->nruns; i-- > 0;) {
        if (p->runs[i].start > limit) continue;
        return p->runs[i].end < limit ? p->runs[i].end : limit;
    }
    return CORR_NONE;
}

static bool in_grace(const corr_host *h, uint32_t hour, uint32_t grace)
{
    uint32_t lo = 0, hi = h->nreboots;
    while (lo < hi) { /* first reboot > hour */
        uint32_t mid = (lo + hi) / 2;
        if (h->reboots[mid] <= hour) lo = mid + 1;
        else hi = mid;
    }
    return lo > 0 && hour - h->reboots[lo - 1] <= grace;
}

static int pair_onsets(pw_corr *c, corr_pair *p)
{
    c->sigs[p->sig].ons_dirty = true;
    const corr_host *h = &c->hosts[p->host];
    uint32_t grace = (uint32_t)c->cfg.reboot_grace_hours, base = (uint32_t)c->cfg.baseline_hours;
    uint32_t prev = CORR_NONE, n = 0;
    uint32_t cap = p->onsets ? p->nonsets : 0; /* the array holds at least the previous count */
    for (uint32_t i = 0; i < p->nruns; i++) {
        const corr_run *r = &p->runs[i];
        uint32_t first = r->start;
        while (first <= r->end && in_grace(h, first, grace)) first++;
        if (first > r->end) continue;
        bool novel = prev == CORR_NONE ? h->first_hour != CORR_NONE && first >= h->first_hour + base
                                       : first - prev > base;
        if (novel) {
            if (n == cap) {
                uint32_t ncap = cap ? cap * 2 : 4;
                uint32_t *no = realloc(p->onsets, sizeof(uint32_t) * ncap);
                if (!no) return -1;
                p->onsets = no;
                cap = ncap;
            }
            p->onsets[n++] = first;
        }
        uint32_t last = r->end;
        while (last > first && in_grace(h, last, grace)) last--;
        prev = last;
    }
    p->nonsets = n;
    p->dirty = 0;
    return 0;
}

int corr_refresh_onsets(pw_corr *c)
{
    for (uint32_t hi = 0; hi < c->nhosts; hi++) {
        corr_host *h = &c->hosts[hi];
        if (!h->onsets_dirty) continue;
        h->nonset_pairs = 0;
        for (uint32_t i = 0; i < h->npairs; i++) {
            corr_pair *p = &c->pairs[h->pairs[i]];
            if (p->dirty && pair_onsets(c, p)) return -1;
            if (!p->nonsets) continue;
            if (vec_grow((void **)&h->onset_pairs, &h->onset_pairs_cap, h->nonset_pairs, sizeof(uint32_t),
                         CORR_MAX_SIGS))
                return -1;
            h->onset_pairs[h->nonset_pairs++] = h->pairs[i];
        }
        uint32_t n = 0;
        for (uint32_t i = 0; i < h->nonset_pairs; i++) n += c->pairs[h->onset_pairs[i]].nonsets;
        if (n > h->ons_cap) {
            corr_host_onset *nv = realloc(h->ons, n * sizeof *nv);
            if (!nv) return -1;
            h->ons = nv;
            h->ons_cap = n;
        }
        h->nons = 0;
        for (uint32_t i = 0; i < h->nonset_pairs; i++) {
            const corr_pair *p = &c->pairs[h->onset_pairs[i]];
            for (uint32_t k = 0; k < p->nonsets; k++) h->ons[h->nons++] = (corr_host_onset){p->onsets[k], p->sig};
        }
        h->onsets_dirty = false;
    }
    return 0;
}
