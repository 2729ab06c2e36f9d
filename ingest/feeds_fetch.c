/* feeds_fetch: configuring one libcurl transfer with the poller's rules (see feeds.h) and collecting its
 * body under a hard cap: the write callback refuses the chunk that would cross the cap, which makes libcurl
 * abort the transfer, so a 1 GB response costs at most cap bytes of memory and is never read to the end. */
#include "ingest/feeds_fetch.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FEEDS_USER_AGENT "patchwatch/" PW_VERSION " (advisory feed poller)"
#define FEEDS_MAX_REDIRS 5L
#define FEEDS_CONNECT_TIMEOUT_MS 10000L
#define FEEDS_TIMEOUT_MS 120000L

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    feeds_fetch *f = ud;
    size_t n = size * nmemb;
    if (n > f->cap - f->body.len || f->body.len > f->cap) {
        f->over_cap = true;
        return 0; /* CURLE_WRITE_ERROR: libcurl stops reading */
    }
    if (pw_buf_append(&f->body, ptr, n) != 0) return 0;
    return n;
}

/* Copies a header value (trimmed) into out when the header line is "name: value". */
static int header_value(const char *line, size_t n, const char *name, char *out, size_t outsz)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':') return 0;
    const char *v = line + k + 1;
    size_t m = n - k - 1;
    while (m && (*v == ' ' || *v == '\t')) v++, m--;
    while (m && (v[m - 1] == '\r' || v[m - 1] == '\n' || v[m - 1] == ' ')) m--;
    if (m >= outsz) return 0; /* oversized validator: do not keep a truncated (wrong) one */
    memcpy(out, v, m);
    out[m] = '\0';
    return 1;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *ud)
{
    feeds_fetch *f = ud;
    size_t n = size * nmemb;
    char tmp[32];
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) { /* a new response (after a redirect): forget the last */
        f->etag[0] = f->last_modified[0] = '\0';
        f->retry_after_s = -1;
        return n;
    }
    header_value(line, n, "ETag", f->etag, sizeof f->etag);
    header_value(line, n, "Last-Modified", f->last_modified, sizeof f->last_modified);
    if (header_value(line, n, "Retry-After", tmp, sizeof tmp) && isdigit((unsigned char)tmp[0])) {
        long s = strtol(tmp, NULL, 10);
        f->retry_after_s = s > 86400 ? 86400 : s; /* a day at most: a bogus value must not silence a source */
    }
    return n;
}

int feeds_fetch_setup(feeds_fetch *f, const char *url, const pw_feed_source *src, const pw_feeds_opts *o,
                      const char *etag, const char *last_modified, void *priv, pw_error *err)
{
    char line[FEEDS_VALIDATOR_MAX + 64];
    memset(f, 0, sizeof *f);
    f->retry_after_s = -1;
    f->cap = src->max_bytes ? src->max_bytes : o->max_bytes ? o->max_bytes : PW_FEEDS_DEFAULT_MAX_BYTES;
    if (!(f->easy = curl_easy_init())) goto nomem;
    CURL *e = f->easy;
    const char *ca = src->ca_file ? src->ca_file : o->ca_file;
    int bad = 0;
    bad |= curl_easy_setopt(e, CURLOPT_URL, url) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, priv) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_MAXREDIRS, FEEDS_MAX_REDIRS) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
    if (ca) bad |= curl_easy_setopt(e, CURLOPT_CAINFO, ca) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, FEEDS_USER_AGENT) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                            o->connect_timeout_ms > 0 ? o->connect_timeout_ms : FEEDS_CONNECT_TIMEOUT_MS) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : FEEDS_TIMEOUT_MS) != CURLE_OK;
    /* refuse up front when Content-Length already says too big; the write callback covers the rest
     * (chunked bodies, lying headers, decompressed size) */
    bad |= curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->cap) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, f) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, f) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, f->errbuf) != CURLE_OK;
    if (bad) {
        pw_error_set(err, PW_ERR_INTERNAL, "%s: libcurl refused an option (needs libcurl >= 7.85)", url);
        goto fail;
    }
    const char *key;
    json_t *v;
    json_object_foreach(src->headers, key, v) {
        if (!json_is_string(v)) continue;
        snprintf(line, sizeof line, "%s: %s", key, json_string_value(v));
        struct curl_slist *h = curl_slist_append(f->headers, line);
        if (!h) goto nomem;
        f->headers = h;
    }
    if (etag && strlen(etag) < FEEDS_VALIDATOR_MAX) {
        snprintf(line, sizeof line, "If-None-Match: %s", etag);
        struct curl_slist *h = curl_slist_append(f->headers, line);
        if (!h) goto nomem;
        f->headers = h;
    }
    if (last_modified && strlen(last_modified) < FEEDS_VALIDATOR_MAX) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
        struct curl_slist *h = curl_slist_append(f->headers, line);
        if (!h) goto nomem;
        f->headers = h;
    }
    if (f->headers && curl_easy_setopt(e, CURLOPT_HTTPHEADER, f->headers) != CURLE_OK) goto nomem;
    return 0;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", url);
fail:
    feeds_fetch_cleanup(f);
    return -1;
}

int feeds_fetch_result(feeds_fetch *f, CURLcode rc, long *status, char *msg, size_t msgsz)
{
    *status = 0;
    curl_easy_getinfo(f->easy, CURLINFO_RESPONSE_CODE, status);
    if (f->over_cap || rc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(msg, msgsz, "response larger than the %zu byte cap; transfer aborted", f->cap);
        return -1;
    }
    if (rc != CURLE_OK) {
        snprintf(msg, msgsz, "%s%s%s", curl_easy_strerror(rc), f->errbuf[0] ? ": " : "", f->errbuf);
        return -1;
    }
    if (*status == 200 || *status == 304) return 0;
    if (*status >= 300 && *status < 400)
        snprintf(msg, msgsz, "HTTP %ld redirect without a usable Location", *status);
    else
        snprintf(msg, msgsz, "HTTP %ld", *status);
    return -1;
}

void feeds_fetch_cleanup(feeds_fetch *f)
{
    if (f->easy) curl_easy_cleanup(f->easy);
    curl_slist_free_all(f->headers);
    pw_buf_free(&f->body);
    f->easy = NULL;
    f->headers = NULL;
}
