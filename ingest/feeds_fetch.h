/* feeds_fetch: one HTTP transfer of the feed poller (private to ingest/feeds_*.c): a libcurl easy handle
 * configured with the poller's safety rules, a body buffer that refuses to grow past the cap, and the
 * response validators (ETag, Last-Modified) and Retry-After captured from the headers. */
#ifndef PW_FEEDS_FETCH_H
#define PW_FEEDS_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "core/pw_buf.h"
#include "ingest/feeds.h"

#define FEEDS_VALIDATOR_MAX 512 /* an ETag or Last-Modified longer than this is not kept */

typedef struct feeds_fetch {
    CURL *easy;
    struct curl_slist *headers;
    pw_buf body;
    size_t cap;
    bool over_cap;
    char etag[FEEDS_VALIDATOR_MAX];
    char last_modified[FEEDS_VALIDATOR_MAX];
    long retry_after_s; /* -1: none */
    char errbuf[CURL_ERROR_SIZE];
    char origin[320];           /* scheme://host:port of the source URL: redirects stay there by default */
    const json_t *redirect_allow; /* borrowed from the source */
    int origin_internal;        /* the source itself is on an internal address (then redirects may be too) */
    char refused[512];          /* why the redirect policy stopped the transfer */
} feeds_fetch;

/* Prepares a GET of url. etag/last_modified: validators from the state (NULL: unconditional). */
int feeds_fetch_setup(feeds_fetch *f, const char *url, const pw_feed_source *src, const pw_feeds_opts *o,
                      const char *etag, const char *last_modified, void *priv, pw_error *err);
/* After completion: a one-line description of a failure (curl result, HTTP status, cap) into msg, or 0
 * when the transfer succeeded (*status set to 200 or 304). */
int feeds_fetch_result(feeds_fetch *f, CURLcode rc, long *status, char *msg, size_t msgsz);
void feeds_fetch_cleanup(feeds_fetch *f);

#endif
