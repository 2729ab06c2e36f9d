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

void corr_sig_set_family(corr_sig *s)
{
    s->family = 0;
    if (!s->provider || !s->code) return;
    uint64_t hp = pw_hash64(s->provider, strlen(s->provider)), hc = pw_hash64(s->code, strlen(s->code));
    s->family = (hp * 0x9e3779b97f4a7c15ULL ^ hc) | 1u; /* never 0; equal strings are still compared */
}

void corr_host_touch(corr_host *h, uint32_t hour)
{
    if (h->first_hour == CORR_NONE || hour < h->first_hour) h->first_hour = hour;
    if (hour > h->last_hour) h->last_hour = hour;
}

static int pair_mark(pw_corr *c, uint32_t pi)
{
    corr_pair *p = &c->pairs[pi];
    if (p->dirty) return 0;
    if (vec_grow((void **)&c->dirty_pairs, &c->dirty_pairs_cap, c->ndirty_pairs, sizeof(uint32_t), UINT32_MAX - 1))
        return -1;
    c->dirty_pairs[c->ndirty_pairs++] = pi;
    p->dirty = 1;
    return corr_host_mark(c, p->host);
}

int corr_host_mark(pw_corr *c, uint32_t host)
{
    corr_host *h = &c->hosts[host];
    if (h->onsets_dirty) return 0;
    if (vec_grow((void **)&c->dirty_hosts, &c->dirty_hosts_cap, c->ndirty_hosts, sizeof(uint32_t), CORR_MAX_HOSTS))
        return -1;
    c->dirty_hosts[c->ndirty_hosts++] = host;
    h->onsets_dirty = true;
    return 0;
}

int corr_host_add_reboot(pw_corr *c, uint32_t host, uint32_t hour)
{
    corr_host *h = &c->hosts[host];
    uint32_t lo = corr_lower_bound(h->reboots, h->nreboots, hour);
    if (lo < h->nreboots && h->reboots[lo] == hour) return 0;
    if (vec_grow((void **)&h->reboots, &h->reboots_cap, h->nreboots, sizeof(uint32_t), CORR_MAX_RUNS_PER_PAIR))
        return -1;
    memmove(h->reboots + lo + 1, h->reboots + lo, (h->nreboots - lo) * sizeof(uint32_t));
    h->reboots[lo] = hour;
    h->nreboots++;
    c->st.reboots++;
    if (corr_host_mark(c, host)) return -1;
    for (uint32_t i = 0; i < h->npairs; i++)
        if (pair_mark(c, h->pairs[i])) return -1;
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
    if (pair_mark(c, pi)) return -1;
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

/* A binary search: the resolve pass asks it hourly for every affected host, and in replay (all runs known,
 * the clock moving forward from the first hour) a scan back from the last run crossed the whole month. */
uint32_t corr_pair_last_before(const corr_pair *p, uint32_t limit)
{
    uint32_t lo = 0, hi = p->nruns;
    while (lo < hi) { /* first run starting after limit */
        uint32_t mid = (lo + hi) / 2;
        if (p->runs[mid].start <= limit) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return CORR_NONE;
    return p->runs[lo - 1].end < limit ? p->runs[lo - 1].end : limit;
}

bool corr_cand_linked(const pw_corr *c, corr_cand *cd, uint32_t hour)
{
    if (cd->link_nadvs == 0) cd->link_ts = INT64_MAX;
    for (; cd->link_nadvs < c->nadvs; cd->link_nadvs++) {
        const corr_adv *ad = &c->advs[cd->link_nadvs];
        if (ad->ts < cd->link_ts && corr_adv_names_patch(&ad->a, c->patches[cd->patch].id) &&
            corr_adv_names_symptom(&ad->a, &c->sigs[cd->sig]))
            cd->link_ts = ad->ts;
    }
    return cd->link_ts <= (int64_t)hour * CORR_HOUR_US;
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

/* A counting sort on the hour (two passes of 16 bits when the hours span more than 65,536, about 7 years):
 * O(n + span) where qsort's comparisons were O(n log n) through a function pointer, the part of the exposure
 * sweeps' rebuild that grew with the fleet faster than the fleet. Stable. */
int corr_sort_by_hour(void *v, size_t n, size_t elem, uint32_t (*hour)(const void *))
{
    if (n < 2) return 0;
    char *a = v, *tmp = NULL;
    uint32_t lo = UINT32_MAX, hi = 0, *count = NULL;
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t k = hour(a + i * elem);
        if (k < lo) lo = k;
        if (k > hi) hi = k;
    }
    uint64_t span = (uint64_t)hi - lo + 1;
    size_t nb = span < 65536 ? (size_t)span : 65536;
    tmp = malloc(n * elem);
    count = malloc(nb * sizeof *count);
    if (!tmp || !count) goto out;
    for (int pass = 0; pass < (span > 65536 ? 2 : 1); pass++) {
        int shift = pass * 16;
        memset(count, 0, nb * sizeof *count);
        for (size_t i = 0; i < n; i++) count[((hour(a + i * elem) - lo) >> shift) & 0xffff]++;
        uint32_t sum = 0;
        for (size_t b = 0; b < nb; b++) {
            uint32_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t d = ((hour(a + i * elem) - lo) >> shift) & 0xffff;
            memcpy(tmp + (size_t)count[d]++ * elem, a + i * elem, elem);
        }
        memcpy(a, tmp, n * elem);
    }
    rc = 0;
out:
    free(tmp);
    free(count);
    return rc;
}

/* ---- treated onset hosts per (patch, signature): see corr_psig in cohort_model.h ---- */

static uint32_t hour_of_us(int64_t us) { return us < 0 ? 0 : (uint32_t)(us / CORR_HOUR_US); }

static uint64_t entry_key(const corr_entry *e) { return (uint64_t)e->host_pos << 32 | e->pair_pos; }

/* (hour, host_pos) order; a host has one entry per psig, so no two entries compare equal */
static int entry_cmp(const corr_entry *x, const corr_entry *y)
{
    if (x->hour != y->hour) return x->hour < y->hour ? -1 : 1;
    return x->host_pos < y->host_pos ? -1 : x->host_pos > y->host_pos;
}

static int entry_qcmp(const void *a, const void *b) { return entry_cmp(a, b); }

static int psig_get(pw_corr *c, uint32_t patch, uint32_t sig, uint32_t *out)
{
    uint64_t key = (uint64_t)patch << 32 | sig;
    if (corr_map_get(&c->psig_map, key, out)) return 0;
    corr_patch *p = &c->patches[patch];
    if (vec_grow((void **)&c->psigs, &c->psigs_cap, c->npsigs, sizeof *c->psigs, UINT32_MAX - 1) ||
        vec_grow((void **)&p->psigs, &p->psigs_cap, p->npsigs, sizeof(uint32_t), CORR_MAX_SIGS))
        return -1;
    corr_psig *ps = &c->psigs[c->npsigs];
    memset(ps, 0, sizeof *ps);
    ps->patch = patch;
    ps->sig = sig;
    ps->stale = true;
    if (corr_map_put(&c->psig_map, key, c->npsigs)) return -1;
    p->psigs[p->npsigs++] = c->npsigs;
    *out = c->npsigs++;
    return 0;
}

/* Inserting: appended while unsorted (the first build sorts once), else at its place. An entry below the
 * hour counted up to makes the next count start over. */
static int psig_insert(corr_psig *ps, const corr_host_entry *he)
{
    corr_entry e = {he->hour, he->host_pos, he->pair_pos};
    if (vec_grow((void **)&ps->ent, &ps->ent_cap, ps->nent, sizeof *ps->ent, CORR_MAX_HOSTS)) return -1;
    uint32_t pos = ps->nent;
    if (ps->sorted) {
        uint32_t lo = 0, hi = ps->nent;
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (entry_cmp(&ps->ent[mid], &e) < 0) lo = mid + 1;
            else hi = mid;
        }
        pos = lo;
        memmove(ps->ent + pos + 1, ps->ent + pos, (ps->nent - pos) * sizeof *ps->ent);
    }
    ps->ent[pos] = e;
    ps->nent++;
    if (e.hour < ps->hc) ps->stale = true;
    return 0;
}

static void psig_remove(corr_psig *ps, const corr_host_entry *he)
{
    corr_entry e = {he->hour, he->host_pos, he->pair_pos};
    uint32_t i = 0;
    if (ps->sorted) {
        uint32_t hi = ps->nent;
        while (i < hi) {
            uint32_t mid = (i + hi) / 2;
            if (entry_cmp(&ps->ent[mid], &e) < 0) i = mid + 1;
            else hi = mid;
        }
        if (i == ps->nent || entry_cmp(&ps->ent[i], &e) != 0) return; /* not there: nothing to undo */
        memmove(ps->ent + i, ps->ent + i + 1, (ps->nent - i - 1) * sizeof *ps->ent);
    } else {
        while (i < ps->nent && entry_cmp(&ps->ent[i], &e) != 0) i++;
        if (i == ps->nent) return;
        ps->ent[i] = ps->ent[ps->nent - 1];
    }
    ps->nent--;
    if (e.hour < ps->hc) ps->stale = true;
}

static int host_entry_cmp(const void *a, const void *b)
{
    const corr_host_entry *x = a, *y = b;
    return x->psig < y->psig ? -1 : x->psig > y->psig;
}

/* First onset of the pair at or after lo, CORR_NONE when none (onsets are ascending). */
static uint32_t first_onset_from(const corr_pair *p, uint32_t lo)
{
    uint32_t a = corr_lower_bound(p->onsets, p->nonsets, lo);
    return a < p->nonsets ? p->onsets[a] : CORR_NONE;
}

/* Recomputes host hi's entries from its pairs' onsets and its installs, and applies what changed to the
 * treated sets. O(installed patches x pairs x log onsets) per changed host: in replay once per host; a live
 * correlator pays it for the hosts that logged a new hour, as it pays pair_onsets. */
static int host_entries(pw_corr *c, uint32_t hi)
{
    corr_host *h = &c->hosts[hi];
    uint32_t g = (uint32_t)c->cfg.reboot_grace_hours, W = (uint32_t)c->cfg.window_hours, n = 0;
    for (uint32_t k = 0; k < h->ninst; k++) {
        const corr_patch *p = &c->patches[h->inst[k].patch];
        uint32_t th = hour_of_us(p->host_ts[hi]);
        uint64_t lo = (uint64_t)th + g, last = (uint64_t)th + W;
        if (lo >= CORR_NONE) continue;
        for (uint32_t i = 0; i < h->npairs; i++) {
            const corr_pair *pr = &c->pairs[h->pairs[i]];
            if (!pr->nonsets) continue;
            uint32_t o = first_onset_from(pr, (uint32_t)lo);
            if (o == CORR_NONE || o > last) continue;
            uint32_t ps;
            if (psig_get(c, h->inst[k].patch, pr->sig, &ps)) return -1;
            if (vec_grow((void **)&c->scratch_ent, &c->scratch_ent_cap, n, sizeof *c->scratch_ent, UINT32_MAX - 1))
                return -1;
            c->scratch_ent[n++] = (corr_host_entry){ps, o, h->inst[k].pos, i};
        }
    }
    corr_host_entry *nw = c->scratch_ent;
    if (n > 1) qsort(nw, n, sizeof *nw, host_entry_cmp);
    /* apply the difference between h->ent (old) and nw (new), both sorted by psig */
    uint32_t i = 0, j = 0;
    while (i < h->nent || j < n) {
        if (j == n || (i < h->nent && h->ent[i].psig < nw[j].psig)) {
            psig_remove(&c->psigs[h->ent[i].psig], &h->ent[i]);
            i++;
        } else if (i == h->nent || nw[j].psig < h->ent[i].psig) {
            if (psig_insert(&c->psigs[nw[j].psig], &nw[j])) return -1;
            j++;
        } else {
            if (h->ent[i].hour != nw[j].hour || h->ent[i].host_pos != nw[j].host_pos ||
                h->ent[i].pair_pos != nw[j].pair_pos) {
                psig_remove(&c->psigs[h->ent[i].psig], &h->ent[i]);
                if (psig_insert(&c->psigs[nw[j].psig], &nw[j])) return -1;
            }
            i++;
            j++;
        }
    }
    if (n > h->ent_cap) {
        corr_host_entry *v = realloc(h->ent, n * sizeof *v);
        if (!v) return -1;
        h->ent = v;
        h->ent_cap = n;
    }
    if (n) memcpy(h->ent, nw, n * sizeof *nw);
    h->nent = n;
    return 0;
}

int corr_host_add_install(pw_corr *c, uint32_t host, uint32_t patch, uint32_t pos)
{
    corr_host *h = &c->hosts[host];
    if (vec_grow((void **)&h->inst, &h->inst_cap, h->ninst, sizeof *h->inst, CORR_MAX_PATCHES)) return -1;
    h->inst[h->ninst++] = (corr_host_patch){patch, pos};
    return corr_host_mark(c, host);
}

static uint32_t u32_key(const void *a) { return *(const uint32_t *)a; }

int corr_refresh_onsets(pw_corr *c)
{
    /* pairs in array order: at 10,000 hosts, walking them host by host was a cache miss per pair */
    if (corr_sort_by_hour(c->dirty_pairs, c->ndirty_pairs, sizeof(uint32_t), u32_key)) return -1;
    for (uint32_t i = 0; i < c->ndirty_pairs; i++) {
        corr_pair *p = &c->pairs[c->dirty_pairs[i]];
        if (p->dirty && pair_onsets(c, p)) return -1;
    }
    c->ndirty_pairs = 0;
    if (corr_sort_by_hour(c->dirty_hosts, c->ndirty_hosts, sizeof(uint32_t), u32_key)) return -1;
    for (uint32_t i = 0; i < c->ndirty_hosts; i++) {
        corr_host *h = &c->hosts[c->dirty_hosts[i]];
        if (!h->onsets_dirty) continue;
        c->treated_gen++; /* before: a failure half-way must not leave corr_treated_sigs trusting its memo */
        if (host_entries(c, c->dirty_hosts[i])) return -1;
        h->onsets_dirty = false;
    }
    c->ndirty_hosts = 0;
    return 0;
}

static uint64_t psig_order(const corr_psig *ps) { return ps->count ? ps->min_key : UINT64_MAX; }

int corr_treated_sigs(pw_corr *c, uint32_t patch, uint32_t H, uint32_t *n)
{
    corr_patch *p = &c->patches[patch];
    *n = 0;
    /* Nothing to do when no entry changed since the sets were last brought to t_from and no uncounted entry
     * lies below H: every set then counts the same hosts as at t_from (a set's hc may stay behind at t_from:
     * it only decides when to start over, and nothing lies between t_from and H). The walk over every
     * signature of every patch and the ordering were a fixed cost per patch and hour, the same on 100 hosts
     * as on 10,000 (5 % of a 100-host evaluation). */
    if (p->t_gen == c->treated_gen + 1 && H >= p->t_from && H <= p->t_next) goto answer;
    uint32_t next = UINT32_MAX;
    for (uint32_t k = 0; k < p->npsigs; k++) {
        corr_psig *ps = &c->psigs[p->psigs[k]];
        if (!ps->sorted) {
            if (ps->nent > 1) qsort(ps->ent, ps->nent, sizeof *ps->ent, entry_qcmp);
            ps->sorted = true;
            ps->stale = true;
        }
        if (ps->stale || H < ps->hc) {
            ps->cur = ps->count = 0;
            ps->min_key = UINT64_MAX;
            ps->stale = false;
        }
        for (; ps->cur < ps->nent && ps->ent[ps->cur].hour < H; ps->cur++) {
            uint64_t key = entry_key(&ps->ent[ps->cur]);
            if (key < ps->min_key) ps->min_key = key;
            ps->count++;
        }
        ps->hc = H;
        if (ps->cur < ps->nent && ps->ent[ps->cur].hour < next) next = ps->ent[ps->cur].hour;
    }
    /* the patch's psigs are kept in the answer's order (counted ones by min_key, the rest after): from one
     * hour to the next it rarely changes, so an insertion sort is O(psigs) where a qsort of the answer was
     * a fixed cost per patch and hour that showed on a 100-host fleet */
    for (uint32_t k = 1; k < p->npsigs; k++) {
        uint32_t v = p->psigs[k], j = k;
        uint64_t key = psig_order(&c->psigs[v]);
        for (; j > 0 && psig_order(&c->psigs[p->psigs[j - 1]]) > key; j--) p->psigs[j] = p->psigs[j - 1];
        p->psigs[j] = v;
    }
    p->t_gen = c->treated_gen + 1;
    p->t_from = H;
    p->t_next = next;
answer:
    for (uint32_t k = 0; k < p->npsigs; k++) {
        const corr_psig *ps = &c->psigs[p->psigs[k]];
        if (!ps->count) break;
        if (vec_grow((void **)&c->treated, &c->treated_cap, *n, sizeof *c->treated, UINT32_MAX - 1)) return -1;
        c->treated[(*n)++] = (corr_treated){ps->min_key, ps->sig, ps->count};
    }
    return 0;
}
