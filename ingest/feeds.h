/* feeds: the advisory feed poller. Many sources poll concurrently in one thread (libcurl multi), each on its
 * own interval, politely: conditional requests (ETag / If-Modified-Since), exponential backoff with jitter
 * after failures (and Retry-After when a server sends one), connect and total timeouts, a response size cap
 * enforced while the body streams in, TLS verification always on, a User-Agent naming patchwatch, proxies
 * from the usual environment variables (libcurl's default, deliberately left on), and only http/https, also
 * for redirects (at most 5). A persisted state file (JSON, written atomically) remembers validators and the
 * items already announced, so a restart neither re-announces old items nor misses new ones: an item is new
 * when its id is new or its `updated` changed.
 *
 *     pw_feeds *f = pw_feeds_new(&opts, &err);     // opts.announce receives each new advisory
 *     pw_feeds_add_source(f, &src, &err);          // from a `kind: source` rule (pw_feed_source_from_json)
 *     pw_feeds_run(f, &stop_flag, &err);           // until *stop_flag, or each source once with opts.once
 */
#ifndef PW_FEEDS_H
#define PW_FEEDS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/pw_advisory.h"
#include "core/pw_error.h"
#include "parsers/advisory_parse.h"

#define PW_FEEDS_DEFAULT_INTERVAL_US (3600LL * 1000000) /* 1h: release health changes a few times a day */
#define PW_FEEDS_MIN_INTERVAL_US (1LL * 1000000)        /* floor, so a typo ("1") cannot hammer a server */
#define PW_FEEDS_DEFAULT_MAX_BYTES ((size_t)16 << 20)   /* 16 MiB per response; a CVRF month is ~3 MiB */

typedef struct pw_feed_source {
    char *name, *url, *format;
    char *ca_file;      /* NULL: the system store (or pw_feeds_opts.ca_file) */
    int64_t interval_us;
    size_t max_bytes;   /* 0: pw_feeds_opts.max_bytes */
    json_t *headers;    /* object name -> value (e.g. Authorization for Graph), owned */
    json_t *selectors;  /* html selectors, owned */
    json_t *redirect_allow; /* hosts a redirect may go to besides the URL's origin (array of strings), owned */
    bool enabled;
} pw_feed_source;

/* Fills s from a validated `kind: source` rule object (keys as in contracts.md); copies everything. */
int pw_feed_source_from_json(pw_feed_source *s, const json_t *rule, pw_error *err);
void pw_feed_source_free(pw_feed_source *s);
/* Redirects refused by the policy so far in this process (another origin, an internal address, too many). */
uint64_t pw_feeds_redirects_refused(void);
/* "30s", "15m", "6h", "3d" or a number of seconds -> microseconds; -1 when malformed. */
int64_t pw_feeds_parse_duration(const char *s);

typedef struct pw_feeds_opts {
    const char *state_path;   /* NULL: nothing persisted (every run starts fresh) */
    const char *ca_file;      /* CA bundle for every source without its own */
    long connect_timeout_ms;  /* 0: 10 s */
    long timeout_ms;          /* whole transfer, 0: 120 s */
    int64_t retry_base_us;    /* first retry after a failure, 0: 30 s; doubles per consecutive failure */
    int64_t retry_max_us;     /* backoff ceiling, 0: the source's interval */
    int max_retries;          /* with once: retries after the first attempt (0: 3; negative: none) */
    size_t max_bytes;         /* default response cap, 0: PW_FEEDS_DEFAULT_MAX_BYTES */
    int max_parallel;         /* transfers in flight, 0: 8 */
    bool once;                /* fetch every source (and what it links to) once, then return */
    pw_extractor *extractor;  /* applied to each advisory before announcing (NULL: none) */
    /* called once per new or changed advisory; non-zero stops the poller with an error */
    int (*announce)(const pw_advisory *a, void *ud);
    void *ud;
} pw_feeds_opts;

typedef struct pw_feeds_stats {
    uint64_t fetches, ok, not_modified, failures, gave_up, announced, skipped_seen;
} pw_feeds_stats;

typedef struct pw_feeds pw_feeds;

pw_feeds *pw_feeds_new(const pw_feeds_opts *opts, pw_error *err);
/* Copies s. Disabled sources are accepted and never fetched. Duplicate names are an error. */
int pw_feeds_add_source(pw_feeds *f, const pw_feed_source *s, pw_error *err);
/* Runs until *stop becomes non-zero (signal handler) or, with opts.once, until every fetch finished.
 * Failures of single sources are logged (pw_log_warn, one line naming source, URL and cause) and retried;
 * they do not stop the poller. Returns 0; 1 with once when some source failed for good; -1 on a fatal
 * error (state file cannot be written, announce failed) with err set. */
int pw_feeds_run(pw_feeds *f, volatile sig_atomic_t *stop, pw_error *err);
void pw_feeds_get_stats(const pw_feeds *f, pw_feeds_stats *st);
void pw_feeds_free(pw_feeds *f);

#endif
