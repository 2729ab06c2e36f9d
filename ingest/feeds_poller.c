/* feeds_poller: the scheduling half of the feed poller (feeds.h): one libcurl multi handle, a list of fetch
 * jobs (one per source URL, plus the ROLIE feeds a CSAF provider's metadata points to), each with its own
 * due time; a ROLIE feed's new entries become one-shot jobs that fetch their CSAF documents. A failure
 * (network, timeout, HTTP error, oversized or unparseable body) is logged with source, URL and cause, and
 * the job is retried after an exponentially growing delay with +-25% jitter (so many pollers restarted
 * together do not retry in lockstep); a success resets it to the source's interval. State is saved when
 * no transfer is running, and at least every 2 s while some are, so after a crash at most the last 2 s of
 * announcements can repeat (at-least-once), and none after a clean stop. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "ingest/feeds.h"
#include "ingest/feeds_fetch.h"
#include "ingest/feeds_state.h"

#define FEEDS_DEFAULT_PARALLEL 8
#define FEEDS_DEFAULT_RETRY_BASE_US (30LL * 1000000)
#define FEEDS_DEFAULT_MAX_RETRIES 3
#define FEEDS_JOBS_MAX 4096  /* sources + discovered feeds; an aggregator cannot make us open more */
#define FEEDS_POLL_MAX_MS 500 /* wake at least this often to notice the stop flag */
#define FEEDS_CVRF_RECENT 3     /* MSRC updates list: the 3 most recently revised months are polled */
#define FEEDS_SAVE_EVERY_US (2LL * 1000000) /* state writes (fsync) at most every 2 s while busy */
#define FEEDS_PAGES_MAX 100   /* Graph pages followed per poll (100 items each): ends a nextLink loop */

typedef struct feed_job {
    size_t src;
    char *url, *format;
    int64_t due;   /* monotonic µs */
    int failures;  /* consecutive */
    bool running, finished;
    /* A CSAF document found in a ROLIE feed: fetched until it succeeds once, then dropped. The entry's id
     * and updated are remembered with it, so once the document is in, the entry counts as seen too. */
    bool oneshot;
    char *entry_id;
    int64_t entry_updated;
    int page; /* Graph paging: 0 for the configured URL, n for the n-th nextLink */
    feeds_fetch fetch;
} feed_job;

struct pw_feeds {
    pw_feeds_opts o;
    pw_feed_source *src;
    size_t nsrc, capsrc;
    feed_job **jobs;
    size_t njobs, capjobs;
    CURLM *multi;
    int running;
    pw_feeds_state state;
    pw_feeds_stats stats;
    unsigned rng;
    int fatal;
    pw_error fatal_err;
    int64_t last_save; /* monotonic µs */
};

pw_feeds *pw_feeds_new(const pw_feeds_opts *opts, pw_error *err)
{
    pw_feeds *f = calloc(1, sizeof *f);
    if (!f) goto nomem;
    f->o = *opts;
    if (f->o.max_parallel <= 0) f->o.max_parallel = FEEDS_DEFAULT_PARALLEL;
    if (f->o.retry_base_us <= 0) f->o.retry_base_us = FEEDS_DEFAULT_RETRY_BASE_US;
    if (f->o.max_retries == 0) f->o.max_retries = FEEDS_DEFAULT_MAX_RETRIES;
    if (f->o.max_retries < 0) f->o.max_retries = 0;
    if (!f->o.announce) {
        pw_error_set(err, PW_ERR_USAGE, "feeds: no announce callback");
        goto fail;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        pw_error_set(err, PW_ERR_INTERNAL, "feeds: libcurl initialisation failed");
        goto fail;
    }
    if (!(f->multi = curl_multi_init())) goto nomem;
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)f->o.max_parallel);
    if (pw_feeds_state_open(&f->state, opts->state_path, err) != 0) goto fail;
    f->rng = (unsigned)(pw_time_now_us() ^ (int64_t)getpid());
    return f;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "feeds: out of memory");
fail:
    pw_feeds_free(f);
    return NULL;
}

static void free_job(feed_job *j)
{
    feeds_fetch_cleanup(&j->fetch);
    free(j->url);
    free(j->format);
    free(j->entry_id);
    free(j);
}

/* Returns the job (new or the existing one for this source and URL), or NULL when out of memory or when
 * FEEDS_JOBS_MAX is reached (*full set). Linear in the number of jobs: they are few, and added rarely. */
static feed_job *add_job(pw_feeds *f, size_t src, const char *url, const char *format, int64_t due, int *full)
{
    for (size_t i = 0; i < f->njobs; i++) /* one job per (source, URL): discovery repeats itself */
        if (f->jobs[i]->src == src && strcmp(f->jobs[i]->url, url) == 0) return f->jobs[i];
    if (f->njobs >= FEEDS_JOBS_MAX) {
        if (full) *full = 1;
        return NULL;
    }
    if (f->njobs == f->capjobs) {
        size_t cap = f->capjobs ? f->capjobs * 2 : 16;
        feed_job **v = realloc(f->jobs, cap * sizeof *v);
        if (!v) return NULL;
        f->jobs = v;
        f->capjobs = cap;
    }
    feed_job *j = calloc(1, sizeof *j);
    if (!j || !(j->url = strdup(url)) || !(j->format = strdup(format))) {
        if (j) free(j->url);
        free(j);
        return NULL;
    }
    j->src = src;
    j->due = due;
    f->jobs[f->njobs++] = j;
    return j;
}

/* Drops one-shot jobs that are done (not in once mode: there `finished` is what ends the run). */
static void reap_oneshots(pw_feeds *f)
{
    size_t k = 0;
    for (size_t i = 0; i < f->njobs; i++) {
        feed_job *j = f->jobs[i];
        if (j->oneshot && j->finished && !j->running && !f->o.once) free_job(j);
        else f->jobs[k++] = j;
    }
    f->njobs = k;
}

int pw_feeds_add_source(pw_feeds *f, const pw_feed_source *s, pw_error *err)
{
    for (size_t i = 0; i < f->nsrc; i++)
        if (strcmp(f->src[i].name, s->name) == 0)
            return pw_error_set(err, PW_ERR_INVALID, "source %s: defined twice", s->name);
    if (f->nsrc == f->capsrc) {
        size_t cap = f->capsrc ? f->capsrc * 2 : 8;
        pw_feed_source *v = realloc(f->src, cap * sizeof *v);
        if (!v) return pw_error_set(err, PW_ERR_NOMEM, "feeds: out of memory");
        f->src = v;
        f->capsrc = cap;
    }
    pw_feed_source *d = &f->src[f->nsrc];
    memset(d, 0, sizeof *d);
    d->interval_us = s->interval_us;
    d->max_bytes = s->max_bytes;
    d->enabled = s->enabled;
    if (!(d->name = strdup(s->name)) || !(d->url = strdup(s->url)) || !(d->format = strdup(s->format)) ||
        (s->ca_file && !(d->ca_file = strdup(s->ca_file))) || (s->headers && !(d->headers = json_deep_copy(s->headers))) ||
        (s->selectors && !(d->selectors = json_deep_copy(s->selectors))) ||
        (s->redirect_allow && !(d->redirect_allow = json_deep_copy(s->redirect_allow)))) {
        pw_feed_source_free(d);
        return pw_error_set(err, PW_ERR_NOMEM, "feeds: out of memory");
    }
    f->nsrc++;
    if (d->enabled && !add_job(f, f->nsrc - 1, d->url, d->format, pw_time_mono_us(), NULL))
        return pw_error_set(err, PW_ERR_NOMEM, "feeds: out of memory");
    return 0;
}

static int64_t jitter(pw_feeds *f, int64_t us)
{
    /* uniform in [0.75, 1.25] x us */
    double r = (double)rand_r(&f->rng) / RAND_MAX;
    return (int64_t)((double)us * (0.75 + 0.5 * r));
}

static void schedule_retry(pw_feeds *f, feed_job *j, const char *why)
{
    const pw_feed_source *s = &f->src[j->src];
    j->failures++;
    f->stats.failures++;
    int64_t cap = f->o.retry_max_us > 0 ? f->o.retry_max_us : s->interval_us;
    int64_t d = f->o.retry_base_us;
    for (int i = 1; i < j->failures && d < cap; i++) d *= 2;
    if (d > cap) d = cap;
    d = jitter(f, d);
    if (j->fetch.retry_after_s >= 0 && j->fetch.retry_after_s * 1000000LL > d) d = j->fetch.retry_after_s * 1000000LL;
    if (f->o.once && j->failures > f->o.max_retries) {
        pw_log_warn("feeds: source %s: %s: %s (attempt %d); giving up for this run", s->name, j->url, why, j->failures);
        j->finished = true;
        f->stats.gave_up++;
        return;
    }
    pw_log_warn("feeds: source %s: %s: %s (attempt %d); retrying in %.1fs", s->name, j->url, why, j->failures,
                (double)d / 1e6);
    j->due = pw_time_mono_us() + d;
}

static void schedule_next(pw_feeds *f, feed_job *j)
{
    j->failures = 0;
    j->due = pw_time_mono_us() + f->src[j->src].interval_us;
    if (f->o.once || j->oneshot) j->finished = true;
}

typedef struct {
    pw_feeds *f;
    const pw_feed_source *s;
} announce_ctx;

static int on_advisory(const pw_advisory *a, void *ud)
{
    announce_ctx *ac = ud;
    pw_feeds *f = ac->f;
    if (pw_feeds_state_seen(&f->state, ac->s->name, a->id, a->updated)) {
        f->stats.skipped_seen++;
        return 0;
    }
    if (f->o.announce(a, f->o.ud) != 0) {
        f->fatal = 1;
        pw_error_set(&f->fatal_err, PW_ERR_IO, "feeds: source %s: the output refused advisory %s", ac->s->name, a->id);
        return -1;
    }
    if (pw_feeds_state_mark(&f->state, ac->s->name, a->id, a->updated, pw_time_now_us()) != 0) {
        f->fatal = 1;
        pw_error_set(&f->fatal_err, PW_ERR_NOMEM, "feeds: out of memory recording %s", a->id);
        return -1;
    }
    f->stats.announced++;
    return 0;
}

typedef struct {
    pw_feeds *f;
    size_t src;
    int64_t now;
    int full, nomem;
} discover_ctx;

static int on_discovered(const char *url, const char *format, void *ud)
{
    discover_ctx *dc = ud;
    if (!add_job(dc->f, dc->src, url, format, dc->now, &dc->full) && !dc->full) dc->nomem = 1;
    return dc->nomem ? -1 : 0;
}

/* A ROLIE entry not announced yet: fetch its CSAF document (which carries CVEs, products, remediations)
 * instead of announcing the entry; entries without a usable link are announced as they are. */
static int on_rolie_entry(const pw_advisory *a, void *ud)
{
    discover_ctx *dc = ud;
    pw_feeds *f = dc->f;
    const pw_feed_source *s = &f->src[dc->src];
    if (pw_feeds_state_seen(&f->state, s->name, a->id, a->updated)) {
        f->stats.skipped_seen++;
        return 0;
    }
    if (!a->url || (strncmp(a->url, "https://", 8) != 0 && strncmp(a->url, "http://", 7) != 0)) {
        announce_ctx ac = {f, s};
        return on_advisory(a, &ac);
    }
    feed_job *j = add_job(f, dc->src, a->url, "csaf", dc->now, &dc->full);
    if (!j) {
        if (!dc->full) dc->nomem = 1;
        return dc->nomem ? -1 : 0;
    }
    if (!j->oneshot && j->format && strcmp(j->format, "csaf") == 0 && !j->entry_id) {
        j->oneshot = true;
        j->entry_updated = a->updated;
        if (!(j->entry_id = strdup(a->id))) dc->nomem = 1;
    }
    return dc->nomem ? -1 : 0;
}

/* A 200 body: discovery documents add jobs, everything else is parsed into advisories. */
static int handle_body(pw_feeds *f, feed_job *j, char *msg, size_t msgsz)
{
    const pw_feed_source *s = &f->src[j->src];
    pw_error perr = {0};
    feeds_fetch *ft = &j->fetch;
    if (pw_buf_reserve(&ft->body, 1) != 0) {
        snprintf(msg, msgsz, "out of memory");
        return -1;
    }
    if (strcmp(j->format, "csaf-provider") == 0) {
        discover_ctx dc = {f, j->src, pw_time_mono_us(), 0, 0};
        int n = pw_csaf_discover(ft->body.data, ft->body.len, j->url, on_discovered, &dc, &perr);
        if (n < 0 || dc.nomem) {
            snprintf(msg, msgsz, "%s", dc.nomem ? "out of memory" : perr.msg);
            return -1;
        }
        if (dc.full) pw_log_warn("feeds: source %s: more than %d URLs to follow; the rest wait", s->name, FEEDS_JOBS_MAX);
        pw_log_info("feeds: source %s: %s: provider metadata lists %d feed(s)", s->name, j->url, n);
        return 0;
    }
    if (strcmp(j->format, "cvrf") == 0 && ft->body.len && ft->body.data[0] == '{' &&
        strstr(ft->body.data, "\"CvrfUrl\"")) {
        /* MSRC's updates list: each poll queues the recent documents once (their own validators make the
         * refetch a 304 when nothing changed) */
        discover_ctx dc = {f, j->src, pw_time_mono_us(), 0, 0};
        int n = pw_cvrf_discover(ft->body.data, ft->body.len, j->url, FEEDS_CVRF_RECENT, on_discovered, &dc, &perr);
        if (n < 0 || dc.nomem) {
            snprintf(msg, msgsz, "%s", dc.nomem ? "out of memory" : perr.msg);
            return -1;
        }
        if (n > 0) { /* else: a document that merely mentions CvrfUrl, parsed below */
            for (size_t i = 0; i < f->njobs; i++) { /* the months are one-shot; the list is the recurring job */
                feed_job *k = f->jobs[i];
                if (k != j && k->src == j->src && !k->running && !k->finished &&
                    strcmp(k->url, f->src[j->src].url) != 0)
                    k->oneshot = true;
            }
            pw_log_info("feeds: source %s: %s: MSRC updates list, %d recent document(s)", s->name, j->url, n);
            return 0;
        }
    }
    if (strcmp(j->format, "rolie") == 0) {
        discover_ctx dc = {f, j->src, pw_time_mono_us(), 0, 0};
        pw_advisory_opts po = {.name = j->url, .extractor = f->o.extractor};
        int n = pw_advisory_parse_ex("rolie", ft->body.data, ft->body.len, s->name, &po, on_rolie_entry, &dc, &perr);
        if (f->fatal) return -1;
        if (n < 0 || dc.nomem) {
            snprintf(msg, msgsz, "%s", dc.nomem ? "out of memory" : perr.msg);
            return -1;
        }
        /* entries beyond the job cap are fetched after the queued ones finished (they stay unseen) */
        if (dc.full) pw_log_warn("feeds: source %s: more than %d documents queued; the rest wait", s->name, FEEDS_JOBS_MAX);
        pw_log_info("feeds: source %s: %s: ROLIE feed lists %d document(s)", s->name, j->url, n);
        return 0;
    }
    announce_ctx ac = {f, s};
    pw_advisory_opts po = {.name = j->url, .selectors = s->selectors, .base_url = j->url, .extractor = f->o.extractor};
    uint64_t before = f->stats.announced;
    int n = pw_advisory_parse_ex(j->format, ft->body.data, ft->body.len, s->name, &po, on_advisory, &ac, &perr);
    if (f->fatal) return -1;
    if (n < 0) {
        /* the parser names the document ("URL:LINE: ..."); the log line already starts with the URL */
        const char *m = perr.msg;
        size_t ul = strlen(j->url);
        if (strncmp(m, j->url, ul) == 0 && m[ul] == ':') {
            m += ul + 1;
            snprintf(msg, msgsz, "%s%s", *m >= '0' && *m <= '9' ? "line " : "", *m == ' ' ? m + 1 : m);
        } else {
            snprintf(msg, msgsz, "%s", m);
        }
        return -1;
    }
    pw_log_info("feeds: source %s: %s: %d item(s), %llu new", s->name, j->url, n,
                (unsigned long long)(f->stats.announced - before));
    if (strcmp(j->format, "release-health") == 0) {
        char *next = pw_release_health_next_link(ft->body.data, ft->body.len);
        if (next && j->page + 1 < FEEDS_PAGES_MAX) {
            int full = 0;
            feed_job *p = add_job(f, j->src, next, "release-health", pw_time_mono_us(), &full);
            if (p && !p->oneshot && p != j && p->page == 0 && strcmp(p->url, f->src[j->src].url) != 0) {
                p->oneshot = true;
                p->page = j->page + 1;
            }
        } else if (next) {
            pw_log_warn("feeds: source %s: more than %d pages; the rest is not followed", s->name, FEEDS_PAGES_MAX);
        }
        free(next);
    }
    return 0;
}

static void handle_done(pw_feeds *f, feed_job *j, CURLcode rc)
{
    char msg[PW_ERROR_MSG_MAX];
    long status = 0;
    const pw_feed_source *s = &f->src[j->src];
    j->running = false;
    f->running--;
    curl_multi_remove_handle(f->multi, j->fetch.easy);
    if (feeds_fetch_result(&j->fetch, rc, &status, msg, sizeof msg) != 0) {
        schedule_retry(f, j, msg);
    } else if (status == 304) {
        f->stats.not_modified++;
        pw_log_info("feeds: source %s: %s: not modified", s->name, j->url);
        schedule_next(f, j);
    } else if (handle_body(f, j, msg, sizeof msg) != 0) {
        if (!f->fatal) schedule_retry(f, j, msg);
    } else {
        f->stats.ok++;
        if (j->oneshot && j->entry_id &&
            pw_feeds_state_mark(&f->state, s->name, j->entry_id, j->entry_updated, pw_time_now_us()) != 0) {
            f->fatal = 1;
            pw_error_set(&f->fatal_err, PW_ERR_NOMEM, "feeds: out of memory");
        }
        /* validators only after the body was fully used: a failed parse must be fetched in full again */
        if (pw_feeds_state_set_validators(&f->state, s->name, j->url, j->fetch.etag, j->fetch.last_modified) != 0) {
            f->fatal = 1;
            pw_error_set(&f->fatal_err, PW_ERR_NOMEM, "feeds: out of memory");
        }
        schedule_next(f, j);
    }
    feeds_fetch_cleanup(&j->fetch);
}

/* Saves when idle, or every FEEDS_SAVE_EVERY_US while transfers keep completing: a provider's first poll
 * can complete thousands of fetches, and one fsync'd rewrite per fetch would cost more than the fetches. */
static void maybe_save(pw_feeds *f)
{
    int64_t now = pw_time_mono_us();
    if (f->fatal || !f->state.dirty || (f->running > 0 && now - f->last_save < FEEDS_SAVE_EVERY_US)) return;
    if (pw_feeds_state_save(&f->state, &f->fatal_err) != 0) f->fatal = 1;
    f->last_save = now;
}

static int start_job(pw_feeds *f, feed_job *j, pw_error *err)
{
    const pw_feed_source *s = &f->src[j->src];
    const char *etag = pw_feeds_state_validator(&f->state, s->name, j->url, "etag");
    const char *lm = pw_feeds_state_validator(&f->state, s->name, j->url, "last_modified");
    if (feeds_fetch_setup(&j->fetch, j->url, s, &f->o, etag, lm, j, err) != 0) return -1;
    if (curl_multi_add_handle(f->multi, j->fetch.easy) != CURLM_OK) {
        feeds_fetch_cleanup(&j->fetch);
        return pw_error_set(err, PW_ERR_INTERNAL, "feeds: cannot add a transfer to the multi handle");
    }
    j->running = true;
    f->running++;
    f->stats.fetches++;
    pw_log_debug("feeds: source %s: GET %s%s", s->name, j->url, etag || lm ? " (conditional)" : "");
    return 0;
}

int pw_feeds_run(pw_feeds *f, volatile sig_atomic_t *stop, pw_error *err)
{
    while (!(stop && *stop) && !f->fatal) {
        reap_oneshots(f);
        int64_t now = pw_time_mono_us(), next = now + (int64_t)FEEDS_POLL_MAX_MS * 1000;
        int pending = 0;
        for (size_t i = 0; i < f->njobs; i++) {
            feed_job *j = f->jobs[i];
            if (j->running || j->finished) {
                pending += j->running;
                continue;
            }
            pending++;
            if (j->due <= now && f->running < f->o.max_parallel) {
                pw_error serr = {0};
                if (start_job(f, j, &serr) != 0) schedule_retry(f, j, serr.msg); /* e.g. out of memory */
            } else if (j->due < next) {
                next = j->due;
            }
        }
        if (f->o.once && pending == 0) break;
        int still = 0;
        curl_multi_perform(f->multi, &still);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(f->multi, &left))) {
            if (m->msg != CURLMSG_DONE) continue;
            feed_job *j = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
            if (j) handle_done(f, j, m->data.result);
        }
        maybe_save(f);
        if (f->fatal) break;
        int64_t wait_ms = (next - pw_time_mono_us()) / 1000;
        if (wait_ms < 0) wait_ms = 0;
        if (wait_ms > FEEDS_POLL_MAX_MS) wait_ms = FEEDS_POLL_MAX_MS;
        curl_multi_poll(f->multi, NULL, 0, (int)wait_ms, NULL);
    }
    if (f->fatal) {
        if (err) *err = f->fatal_err;
        return -1;
    }
    if (pw_feeds_state_save(&f->state, err) != 0) return -1;
    return f->o.once && f->stats.gave_up ? 1 : 0;
}

void pw_feeds_get_stats(const pw_feeds *f, pw_feeds_stats *st) { *st = f->stats; }

void pw_feeds_free(pw_feeds *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->njobs; i++) {
        feed_job *j = f->jobs[i];
        if (j->running) curl_multi_remove_handle(f->multi, j->fetch.easy);
        free_job(j);
    }
    free(f->jobs);
    for (size_t i = 0; i < f->nsrc; i++) pw_feed_source_free(&f->src[i]);
    free(f->src);
    if (f->multi) curl_multi_cleanup(f->multi);
    pw_feeds_state_close(&f->state);
    free(f);
}
