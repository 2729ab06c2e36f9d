/* sinks/http_sink: the HTTP sink (see http.h): request building, batching for _bulk, retries. */
#include "sinks/http.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/pw_buf.h"
#include "core/pw_log.h"
#include "core/pw_time.h"

#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 30000
#define BULK_MAX_BYTES ((size_t)8 << 20) /* per _bulk request; servers refuse large bodies (ES: 100 MB) */
#define BULK_MAX_AGE_US 1000000          /* a document waits at most this long for its batch to fill */

typedef struct http_sink {
    const pw_sink_http_opts *o;
    CURL *curl;
    struct curl_slist *hdrs;
    pw_buf body, resp;
    int pending;          /* documents in body (es-bulk) */
    int64_t first_us;     /* when the oldest of them arrived */
    pw_sink_stats *st;
} http_sink;

int pw_http_mode_parse(const char *name, pw_http_mode *out)
{
    if (strcmp(name, "webhook") == 0) *out = PW_HTTP_WEBHOOK;
    else if (strcmp(name, "es-bulk") == 0) *out = PW_HTTP_ES_BULK;
    else if (strcmp(name, "hec") == 0) *out = PW_HTTP_HEC;
    else return -1;
    return 0;
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    pw_buf *b = ud;
    size_t len = size * n, room = b->len < PW_HTTP_RESPONSE_MAX ? PW_HTTP_RESPONSE_MAX - b->len : 0;
    if (pw_buf_append(b, p, len < room ? len : room)) return 0;
    return len; /* the rest is read and dropped: a huge answer must not stop delivery */
}

/* One POST of h->body. Returns the HTTP status, or 0 for a transport failure (err set). */
static long post_once(http_sink *h, pw_error *err)
{
    pw_buf_reset(&h->resp);
    curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, h->body.data);
    curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)h->body.len);
    CURLcode rc = curl_easy_perform(h->curl);
    if (rc != CURLE_OK) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", h->o->url, curl_easy_strerror(rc));
        return 0;
    }
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299)
        pw_error_set(err, PW_ERR_IO, "%s: HTTP %ld: %.200s", h->o->url, status, h->resp.data ? h->resp.data : "");
    return status;
}

static int stopped(const http_sink *h) { return h->o->input.stop && *h->o->input.stop; }

/* Counts the items of a _bulk answer that failed; logs the first reason. */
static void bulk_item_errors(http_sink *h)
{
    json_t *j = json_loadb(h->resp.data ? h->resp.data : "", h->resp.len, 0, NULL);
    if (!j || !json_is_true(json_object_get(j, "errors"))) goto out;
    size_t i, bad = 0;
    json_t *item;
    const char *first = NULL;
    json_array_foreach(json_object_get(j, "items"), i, item) {
        json_t *res = json_object_get(item, "index");
        json_t *e = json_object_get(res, "error");
        if (!e) continue;
        bad++;
        if (!first) first = json_string_value(json_object_get(e, "reason"));
    }
    h->st->invalid += bad; /* handed over (written) but refused there: counted in both */
    pw_log_warn("sink http: %s rejected %zu document(s) of a bulk request: %s", h->o->url, bad,
                first ? first : "(no reason given)");
out:
    json_decref(j);
}

/* Sends h->body until accepted or refused for good. Returns 1 sent, 0 refused (4xx, skipped), -1 stopped. */
static int post(http_sink *h, pw_error *err)
{
    for (int backoff = BACKOFF_MIN_MS;; backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2) {
        long status = post_once(h, err);
        if (status >= 200 && status <= 299) return 1;
        if (status >= 400 && status <= 499 && status != 408 && status != 429) {
            pw_log_warn("sink http: skipped: %s", err->msg);
            return 0;
        }
        pw_log_warn("sink http: %s; retrying in %d ms", err->msg, backoff);
        for (int waited = 0; waited < backoff; waited += 50) {
            if (stopped(h))
                return pw_error_set(err, PW_ERR_IO, "stopped while %s failed; undelivered data dropped",
                                    h->o->url);
            usleep(50 * 1000);
        }
    }
}

static int flush_batch(void *ud, pw_error *err)
{
    http_sink *h = ud;
    if (h->o->mode != PW_HTTP_ES_BULK || h->pending == 0) return 0;
    int rc = post(h, err);
    if (rc < 0) return -1;
    if (rc == 0) { /* the whole batch was refused */
        h->st->invalid += (uint64_t)h->pending;
    } else {
        bulk_item_errors(h);
    }
    h->pending = 0;
    pw_buf_reset(&h->body);
    return 0;
}

static int deliver_http(void *ud, const pw_bus_msg *m, pw_sink_stats *st, pw_error *err)
{
    http_sink *h = ud;
    char pv[81];
    json_error_t jerr;
    json_t *j = json_loadb(m->body.data, m->body.len, JSON_REJECT_DUPLICATES, &jerr);
    int is_obj = j && json_is_object(j);
    char *compact = is_obj && (memchr(m->body.data, '\n', m->body.len) || memchr(m->body.data, '\r', m->body.len))
                        ? json_dumps(j, JSON_COMPACT)
                        : NULL;
    int64_t ts_us = PW_TS_NONE;
    json_t *t = is_obj ? json_object_get(j, "@timestamp") : NULL;
    if (json_is_string(t) && pw_time_parse(json_string_value(t), json_string_length(t), &ts_us, NULL) != 0)
        ts_us = PW_TS_NONE;
    json_decref(j);
    if (!is_obj) {
        st->invalid++;
        pw_log_warn("sink http: skipped a \"%s\" message that is not one JSON object: %s", m->topic,
                    pw_sink_preview(m, pv));
        return 0;
    }
    const char *doc = compact ? compact : m->body.data;
    size_t len = compact ? strlen(compact) : m->body.len;
    int rc;
    if (h->o->mode != PW_HTTP_ES_BULK) {
        pw_buf_reset(&h->body);
        int bad = 0;
        if (h->o->mode == PW_HTTP_HEC) { /* the event's own time, in seconds with ms, when it has one */
            if (ts_us == PW_TS_NONE) ts_us = pw_time_now_us();
            int64_t ms = ts_us / 1000 - (ts_us % 1000 < 0); /* 13 digits: exact in a double */
            bad |= pw_buf_printf(&h->body, "{\"time\":%.3f,\"sourcetype\":\"patchwatch:%s\",\"event\":",
                                 (double)ms / 1000.0, m->topic);
        }
        bad |= pw_buf_append(&h->body, doc, len);
        if (h->o->mode == PW_HTTP_HEC) bad |= pw_buf_putc(&h->body, '}');
        rc = bad ? pw_error_set(err, PW_ERR_NOMEM, "out of memory") : post(h, err);
        if (rc == 0) { /* refused by the server: handed over, and counted as invalid too */
            st->invalid++;
            rc = 1;
        }
    } else { /* _bulk: an action line and the document, newline-terminated (NDJSON) */
        rc = pw_buf_puts(&h->body, "{\"index\":{}}\n") || pw_buf_append(&h->body, doc, len) ||
                     pw_buf_putc(&h->body, '\n')
                 ? pw_error_set(err, PW_ERR_NOMEM, "out of memory")
                 : 1;
        int64_t now = pw_time_mono_us();
        if (rc == 1 && h->pending++ == 0) h->first_us = now;
        if (rc == 1 && (h->pending >= (h->o->batch > 0 ? h->o->batch : 500) || h->body.len >= BULK_MAX_BYTES ||
                        now - h->first_us >= BULK_MAX_AGE_US) &&
            flush_batch(h, err))
            rc = -1;
    }
    free(compact);
    return rc;
}

int pw_sink_http_run(const pw_sink_http_opts *o, pw_sink_stats *st, pw_error *err)
{
    http_sink h = {.o = o, .st = st};
    void *ctx = NULL;
    int rc = -1;
    memset(st, 0, sizeof *st);
    if (!o->url || (strncmp(o->url, "http://", 7) != 0 && strncmp(o->url, "https://", 8) != 0)) {
        pw_error_set(err, PW_ERR_USAGE, "--url must be http:// or https://");
        goto out_nocurl;
    }
    if (o->batch < 0 || o->batch > PW_HTTP_BATCH_MAX) {
        pw_error_set(err, PW_ERR_USAGE, "batch size must be 1..%d", PW_HTTP_BATCH_MAX);
        goto out_nocurl;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        pw_error_set(err, PW_ERR_INTERNAL, "cannot initialise libcurl");
        goto out_nocurl;
    }
    if (!(h.curl = curl_easy_init())) {
        pw_error_set(err, PW_ERR_INTERNAL, "cannot initialise libcurl");
        goto out;
    }
    h.hdrs = curl_slist_append(NULL, o->mode == PW_HTTP_ES_BULK ? "Content-Type: application/x-ndjson"
                                                                 : "Content-Type: application/json");
    for (int i = 0; i < o->nheaders && i < PW_HTTP_HEADERS_MAX; i++) {
        if (strchr(o->headers[i], '\r') || strchr(o->headers[i], '\n') || !strchr(o->headers[i], ':')) {
            pw_error_set(err, PW_ERR_USAGE, "header \"%.60s\" must be one \"Name: value\" line", o->headers[i]);
            goto out;
        }
        h.hdrs = curl_slist_append(h.hdrs, o->headers[i]);
    }
    curl_easy_setopt(h.curl, CURLOPT_URL, o->url);
    curl_easy_setopt(h.curl, CURLOPT_HTTPHEADER, h.hdrs);
    curl_easy_setopt(h.curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h.curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h.curl, CURLOPT_TIMEOUT_MS, (long)(o->timeout_ms > 0 ? o->timeout_ms : 30000));
    curl_easy_setopt(h.curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(h.curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h.curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (o->ca_file) curl_easy_setopt(h.curl, CURLOPT_CAINFO, o->ca_file);
    curl_easy_setopt(h.curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h.curl, CURLOPT_WRITEDATA, &h.resp);
    curl_easy_setopt(h.curl, CURLOPT_USERAGENT, "patchwatch/" PW_VERSION);
    if (!(ctx = pw_bus_ctx_new(err))) goto out;
    rc = pw_sink_loop(ctx, &o->input, deliver_http, flush_batch, &h, st, err);
out:
    if (h.curl) curl_easy_cleanup(h.curl);
    curl_slist_free_all(h.hdrs);
    pw_buf_free(&h.body);
    pw_buf_free(&h.resp);
    curl_global_cleanup(); /* reference-counted: pairs with the init above */
out_nocurl:
    if (ctx) pw_bus_ctx_destroy(ctx);
    if (rc) pw_error_prefix(err, "sink http");
    return rc;
}
