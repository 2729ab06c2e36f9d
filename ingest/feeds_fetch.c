/* feeds_fetch: configuring one libcurl transfer with the poller's rules (see feeds.h) and collecting its
 * body under a hard cap: the write callback refuses the chunk that would cross the cap, which makes libcurl
 * abort the transfer, so a 1 GB response costs at most cap bytes of memory and is never read to the end. */
#include "ingest/feeds_fetch.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FEEDS_USER_AGENT "patchwatch/" PW_VERSION " (advisory feed poller)"
#define FEEDS_MAX_REDIRS 3L /* enough for http->https and a moved document; more is a loop or a trick */
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

/* ---- redirect policy ----------------------------------------------------------------------------------
 * A feed URL names one origin; a redirect elsewhere is a way into places the operator never named (a server
 * answering 302 to http://169.254.169.254/ or to an internal host). So: at most FEEDS_MAX_REDIRS redirects;
 * each must stay on the source's scheme://host:port or go to a host in its redirect_allow list; and no request
 * after a redirect may connect to a loopback, private, link-local (cloud metadata) or unique-local address
 * unless the source's own first request did. The check runs in libcurl's pre-request callback on the address
 * the connection actually uses, so a name that re-resolves to an internal address between requests (DNS
 * rebinding) is caught too. Refusals are counted and the fetch fails with the reason. */

static _Atomic uint64_t redirects_refused;

uint64_t pw_feeds_redirects_refused(void) { return atomic_load(&redirects_refused); }

/* 1 when ip (text, v4 or v6) is loopback, private, link-local, CGNAT, unspecified or unique-local. */
static int addr_internal(const char *ip)
{
    unsigned char a[16];
    if (inet_pton(AF_INET, ip, a) == 1) {
        return a[0] == 127 || a[0] == 10 || a[0] == 0 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
               (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) || (a[0] == 100 && (a[1] & 0xc0) == 64);
    }
    if (inet_pton(AF_INET6, ip, a) == 1) {
        static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        static const unsigned char zero[15] = {0};
        if (memcmp(a, v4mapped, 12) == 0) {
            char v4[INET_ADDRSTRLEN];
            return inet_ntop(AF_INET, a + 12, v4, sizeof v4) ? addr_internal(v4) : 1;
        }
        return (memcmp(a, zero, 15) == 0 && (a[15] == 1 || a[15] == 0)) || (a[0] & 0xfe) == 0xfc ||
               (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
    }
    return 1; /* unparsable: treat as internal */
}

/* "scheme://host:port" of url (default ports filled in); 0, or -1 when it does not parse. host is also
 * returned alone (lower case). */
static int url_origin(const char *url, char *origin, size_t osize, char *host, size_t hsize)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *h = NULL, *port = NULL;
    int rc = -1;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        for (char *p = h; *p; p++) *p = (char)tolower((unsigned char)*p);
        snprintf(origin, osize, "%s://%s:%s", scheme, h, port);
        snprintf(host, hsize, "%s", h);
        rc = 0;
    }
    curl_free(scheme);
    curl_free(h);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}

static int on_prereq(void *ud, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
    (void)local_ip;
    (void)primary_port;
    (void)local_port;
    feeds_fetch *f = ud;
    long redirects = 0;
    char *url = NULL, origin[320], host[256];
    curl_easy_getinfo(f->easy, CURLINFO_REDIRECT_COUNT, &redirects);
    if (redirects == 0) { /* the operator's own URL: whatever it is, it is what they asked for */
        f->origin_internal = addr_internal(primary_ip);
        return CURL_PREREQFUNC_OK;
    }
    curl_easy_getinfo(f->easy, CURLINFO_EFFECTIVE_URL, &url);
    if (!url || url_origin(url, origin, sizeof origin, host, sizeof host)) {
        snprintf(f->refused, sizeof f->refused, "redirect to an unparsable URL refused");
    } else {
        int allowed = strcmp(origin, f->origin) == 0;
        for (size_t i = 0; !allowed && i < json_array_size(f->redirect_allow); i++) {
            const char *a = json_string_value(json_array_get(f->redirect_allow, i));
            allowed = a && strcasecmp(a, host) == 0;
        }
        if (!allowed)
            snprintf(f->refused, sizeof f->refused,
                     "redirect to %.200s refused: another origin than %.100s (list the host in the source's "
                     "redirect_allow to permit it)", origin, f->origin);
        else if (addr_internal(primary_ip) && !f->origin_internal)
            snprintf(f->refused, sizeof f->refused,
                     "redirect to %.200s refused: it resolves to the internal address %.64s", origin, primary_ip);
        else
            return CURL_PREREQFUNC_OK;
    }
    atomic_fetch_add(&redirects_refused, 1);
    return CURL_PREREQFUNC_ABORT;
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
    bad |= curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PREREQDATA, f) != CURLE_OK;
    f->redirect_allow = src->redirect_allow;
    if (url_origin(url, f->origin, sizeof f->origin, line, sizeof line)) {
        pw_error_set(err, PW_ERR_USAGE, "%s: not a URL libcurl can parse", url);
        goto fail;
    }
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
    if (f->refused[0]) {
        snprintf(msg, msgsz, "%s", f->refused);
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
