/* sinks/out_http: the http sink plugin (see http.h): request building per mode, the answer read into a
 * status per record. No retry loop here: the engine owns it.
 *
 * Cost: every record is parsed once more with jansson (HEC needs its @timestamp and host.name); bodies are
 * built in one reused buffer, so a batch of 500 is one allocation-free POST in the steady state. */
#include "sinks/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <zlib.h>

#include "core/pw_config.h"
#include "core/pw_buf.h"
#include "core/pw_log.h"
#include "core/pw_time.h"

typedef struct http_sink {
    pw_http_mode mode;
    int gzip;   /* bodies sent with Content-Encoding: gzip */
    pw_buf zbody; /* the compressed body */
    char *url;
    char host[256], source[128], sourcetype[128], index[256];
    CURL *curl;
    struct curl_slist *hdrs;
    char errbuf[CURL_ERROR_SIZE];
    pw_buf body, resp;
    int curl_inited;
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

/* TLS failures that no retry can fix: the operator must install a CA, fix a name or renew a certificate. */
static int tls_permanent(CURLcode rc)
{
    return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM ||
           rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH || rc == CURLE_SSL_CRL_BADFILE;
}

/* One POST of h->body. Returns the HTTP status (>0), or the whole batch's result for a transport failure
 * (-RETRY), with rep->reason and permanent_config_error set. */
/* The body as one gzip member (RFC 1952) in h->zbody, at the fastest level: the point is fewer bytes on a
 * slow link, not the best ratio. */
static int gzip_body(http_sink *h)
{
    z_stream zs = {0};
    if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    pw_buf_reset(&h->zbody);
    size_t bound = deflateBound(&zs, (uLong)h->body.len) + 64;
    int rc = -1;
    if (pw_buf_reserve(&h->zbody, bound)) goto out;
    zs.next_in = (Bytef *)(h->body.data ? h->body.data : "");
    zs.avail_in = (uInt)h->body.len;
    zs.next_out = (Bytef *)h->zbody.data;
    zs.avail_out = (uInt)bound;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) goto out;
    h->zbody.len = bound - zs.avail_out;
    rc = 0;
out:
    deflateEnd(&zs);
    return rc;
}

static long post(http_sink *h, pw_flush_report *rep)
{
    pw_buf_reset(&h->resp);
    h->errbuf[0] = '\0';
    const pw_buf *b = &h->body;
    if (h->gzip) {
        if (h->body.len > (size_t)UINT32_MAX / 2 || gzip_body(h)) {
            snprintf(rep->reason, sizeof rep->reason, "%.100s: cannot compress a %zu-byte body", h->url, h->body.len);
            return -1;
        }
        b = &h->zbody;
    }
    curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, b->data ? b->data : "");
    curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)b->len);
    CURLcode rc = curl_easy_perform(h->curl);
    if (rc != CURLE_OK) {
        snprintf(rep->reason, sizeof rep->reason, "%.100s: %s%s%.120s", h->url, curl_easy_strerror(rc),
                 h->errbuf[0] ? ": " : "", h->errbuf);
        if (tls_permanent(rc)) rep->permanent_config_error = 1;
        return -1;
    }
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) {
        char snip[121];
        size_t n = h->resp.len < 120 ? h->resp.len : 120;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)h->resp.data[i];
            snip[i] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
        }
        snip[n] = '\0';
        snprintf(rep->reason, sizeof rep->reason, "%.100s: HTTP %ld: %s", h->url, status, snip);
        if (status == 401 || status == 403) rep->permanent_config_error = 1;
    }
    return status;
}

/* The batch's result for a whole-request HTTP status. */
static pw_flush_result classify(long status)
{
    if (status < 0) return PW_FLUSH_RETRY;
    if (status >= 200 && status <= 299) return PW_FLUSH_OK;
    if (status == 408 || status == 429 || status >= 500 || status == 401 || status == 403) return PW_FLUSH_RETRY;
    return PW_FLUSH_ERROR;
}

/* A string at a dotted path, nested ({"host":{"name":..}}) or dotted ("host.name"). */
static const char *get_str2(json_t *j, const char *a, const char *b)
{
    char dotted[64];
    snprintf(dotted, sizeof dotted, "%s.%s", a, b);
    json_t *v = json_object_get(j, dotted);
    if (!json_is_string(v)) v = json_object_get(json_object_get(j, a), b);
    return json_string_value(v);
}

/* obj: r's body as the engine parsed it, or NULL. */
static int hec_envelope(http_sink *h, const pw_sink_rec *r, json_t *obj)
{
    json_t *j = obj ? json_incref(obj) : json_loadb(r->json, r->len, 0, NULL);
    int64_t ts_us = PW_TS_NONE;
    json_t *t = json_object_get(j, "@timestamp");
    if (!json_is_string(t) || pw_time_parse(json_string_value(t), json_string_length(t), &ts_us, NULL) != 0)
        ts_us = pw_time_now_us();
    int64_t ms = ts_us / 1000 - (ts_us % 1000 < 0); /* 13 digits: exact in a double */
    const char *host = h->host[0] ? h->host : NULL;
    if (!host) host = get_str2(j, "host", "name");
    if (!host || !*host) host = h->host + 128; /* this machine's name, kept after the configured one's room */
    int bad = pw_buf_printf(&h->body, "{\"time\":%.3f,\"host\":", (double)ms / 1000.0);
    bad |= pw_buf_json_str(&h->body, host, strlen(host));
    bad |= pw_buf_puts(&h->body, ",\"source\":");
    bad |= pw_buf_json_str(&h->body, h->source, strlen(h->source));
    bad |= pw_buf_puts(&h->body, ",\"sourcetype\":");
    if (h->sourcetype[0]) {
        bad |= pw_buf_json_str(&h->body, h->sourcetype, strlen(h->sourcetype));
    } else {
        char st[80];
        snprintf(st, sizeof st, "patchwatch:%.60s", r->topic);
        bad |= pw_buf_json_str(&h->body, st, strlen(st));
    }
    if (h->index[0]) {
        bad |= pw_buf_puts(&h->body, ",\"index\":");
        bad |= pw_buf_json_str(&h->body, h->index, strlen(h->index));
    }
    bad |= pw_buf_printf(&h->body, ",\"fields\":{\"patchwatch_id\":\"%s\"},\"event\":", r->id);
    bad |= pw_buf_append(&h->body, r->json, r->len);
    bad |= pw_buf_putc(&h->body, '}');
    json_decref(j);
    return bad;
}

static pw_flush_result flush_webhook(http_sink *h, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    int mixed = 0;
    for (size_t i = 0; i < n; i++) {
        pw_buf_reset(&h->body);
        if (pw_buf_append(&h->body, recs[i].json, recs[i].len)) goto retry_rest;
        pw_flush_result r = classify(post(h, rep));
        if (r == PW_FLUSH_RETRY) {
            if (!mixed && i == 0) return PW_FLUSH_RETRY;
        retry_rest:
            for (size_t k = i; k < n; k++) rep->status[k] = PW_FLUSH_RETRY;
            return PW_FLUSH_ERROR;
        }
        rep->status[i] = r;
        if (r != PW_FLUSH_OK) mixed = 1;
    }
    return mixed ? PW_FLUSH_ERROR : PW_FLUSH_OK;
}

static pw_flush_result flush_hec(http_sink *h, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    pw_buf_reset(&h->body);
    for (size_t i = 0; i < n; i++)
        if (hec_envelope(h, &recs[i], rep->obj ? rep->obj[i] : NULL)) {
            snprintf(rep->reason, sizeof rep->reason, "out of memory building a HEC batch");
            return PW_FLUSH_RETRY;
        }
    long status = post(h, rep);
    pw_flush_result r = classify(status);
    if (r != PW_FLUSH_ERROR || n == 1) return r;
    /* HEC refuses the whole request for one bad event and names it (invalid-event-number): that one is
     * dead-lettered, the others are sent again (with their ids, so a receiver can drop any it kept) */
    json_t *j = json_loadb(h->resp.data ? h->resp.data : "", h->resp.len, 0, NULL);
    json_t *bad = json_object_get(j, "invalid-event-number");
    long k = json_is_integer(bad) ? (long)json_integer_value(bad) : -1;
    json_decref(j);
    if (k < 0 || (size_t)k >= n) return PW_FLUSH_ERROR;
    for (size_t i = 0; i < n; i++) rep->status[i] = (long)i == k ? PW_FLUSH_ERROR : PW_FLUSH_RETRY;
    return PW_FLUSH_ERROR;
}

static pw_flush_result flush_bulk(http_sink *h, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    pw_buf_reset(&h->body);
    int oom = 0;
    for (size_t i = 0; i < n; i++) {
        oom |= pw_buf_printf(&h->body, "{\"index\":{\"_id\":\"%s\"", recs[i].id);
        if (h->index[0]) {
            oom |= pw_buf_puts(&h->body, ",\"_index\":");
            oom |= pw_buf_json_str(&h->body, h->index, strlen(h->index));
        }
        oom |= pw_buf_puts(&h->body, "}}\n");
        oom |= pw_buf_append(&h->body, recs[i].json, recs[i].len);
        oom |= pw_buf_putc(&h->body, '\n'); /* _bulk wants the last line terminated too */
    }
    if (oom) {
        snprintf(rep->reason, sizeof rep->reason, "out of memory building a _bulk request");
        return PW_FLUSH_RETRY;
    }
    long status = post(h, rep);
    pw_flush_result r = classify(status);
    if (r != PW_FLUSH_OK) return r;
    json_t *j = json_loadb(h->resp.data ? h->resp.data : "", h->resp.len, 0, NULL);
    json_t *items = json_object_get(j, "items");
    pw_flush_result out = PW_FLUSH_OK;
    if (!j || !json_is_array(items)) {
        snprintf(rep->reason, sizeof rep->reason, "%.100s: HTTP %ld but the answer is not a _bulk response", h->url,
                 status);
        out = PW_FLUSH_ERROR; /* a server that is not Elasticsearch: the records go to the dead-letter file */
        goto done;
    }
    if (!json_is_true(json_object_get(j, "errors")) && json_array_size(items) == n) goto done;
    size_t retry = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i), *res = NULL;
        const char *k;
        json_t *v;
        json_object_foreach(it, k, v) { res = v; break; } /* {"index":{...}} or {"create":{...}} */
        json_t *st = json_object_get(res, "status");
        long s = json_is_integer(st) ? (long)json_integer_value(st) : -1;
        if (s >= 200 && s <= 299) {
            rep->status[i] = PW_FLUSH_OK;
        } else if (s == 429 || s >= 500 || s < 0) { /* overloaded shard, or no answer for this item */
            rep->status[i] = PW_FLUSH_RETRY;
            retry++;
        } else {
            json_t *e = json_object_get(res, "error");
            const char *type = json_string_value(json_object_get(e, "type"));
            const char *reason = json_string_value(json_object_get(e, "reason"));
            snprintf(rep->reason, sizeof rep->reason, "_bulk item %ld: %.60s: %.150s", s, type ? type : "error",
                     reason ? reason : (json_is_string(e) ? json_string_value(e) : "(no reason given)"));
            rep->status[i] = PW_FLUSH_ERROR;
            bad++;
        }
    }
    if (retry && !bad) snprintf(rep->reason, sizeof rep->reason, "%.100s: %zu of %zu _bulk item(s) answered 429 "
                                "or 5xx", h->url, retry, n);
    out = retry || bad ? PW_FLUSH_ERROR : PW_FLUSH_OK;
done:
    json_decref(j);
    return out;
}

static pw_flush_result http_flush(void *ctx, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    http_sink *h = ctx;
    if (h->mode == PW_HTTP_HEC) return flush_hec(h, recs, n, rep);
    if (h->mode == PW_HTTP_ES_BULK) return flush_bulk(h, recs, n, rep);
    return flush_webhook(h, recs, n, rep);
}

static void http_exit(void *ctx)
{
    http_sink *h = ctx;
    if (!h) return;
    if (h->curl) curl_easy_cleanup(h->curl);
    curl_slist_free_all(h->hdrs);
    if (h->curl_inited) curl_global_cleanup(); /* reference-counted: pairs with the init */
    pw_buf_free(&h->body);
    pw_buf_free(&h->zbody);
    pw_buf_free(&h->resp);
    free(h->url);
    free(h);
}

/* The URL with the mode's path when it has none. */
static char *full_url(const char *url, pw_http_mode mode)
{
    const char *p = strstr(url, "://");
    const char *path = p ? strchr(p + 3, '/') : NULL;
    const char *add = mode == PW_HTTP_HEC ? "/services/collector/event" : mode == PW_HTTP_ES_BULK ? "/_bulk" : "";
    size_t n = strlen(url);
    if (path && strcmp(path, "/") != 0) add = "";
    else if (path) n--; /* "http://h:1/" */
    char *out = malloc(n + strlen(add) + 1);
    if (out) {
        memcpy(out, url, n);
        strcpy(out + n, add);
    }
    return out;
}

int pw_sink_http_init_opts(void **ctx, const pw_sink_http_opts *o, pw_error *err)
{
    http_sink *h = calloc(1, sizeof *h);
    if (!h) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    h->mode = o->mode;
    h->gzip = o->gzip;
    if (!o->url || (strncmp(o->url, "http://", 7) != 0 && strncmp(o->url, "https://", 8) != 0)) {
        pw_error_set(err, PW_ERR_USAGE, "url must be http:// or https://");
        goto err;
    }
    if (o->batch < 0 || o->batch > PW_HTTP_BATCH_MAX) {
        pw_error_set(err, PW_ERR_USAGE, "batch size must be 1..%d", PW_HTTP_BATCH_MAX);
        goto err;
    }
    if (!(h->url = full_url(o->url, o->mode))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    snprintf(h->host, 128, "%s", o->host ? o->host : "");
    if (gethostname(h->host + 128, 127) != 0) snprintf(h->host + 128, 128, "patchwatch");
    h->host[255] = '\0';
    snprintf(h->source, sizeof h->source, "%s", o->source ? o->source : "patchwatch");
    snprintf(h->sourcetype, sizeof h->sourcetype, "%s", o->sourcetype ? o->sourcetype : "");
    snprintf(h->index, sizeof h->index, "%s", o->index ? o->index : "");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(h->curl_inited = 1) || !(h->curl = curl_easy_init())) {
        pw_error_set(err, PW_ERR_INTERNAL, "cannot initialise libcurl");
        goto err;
    }
    h->hdrs = curl_slist_append(NULL, o->mode == PW_HTTP_ES_BULK ? "Content-Type: application/x-ndjson"
                                                                 : "Content-Type: application/json");
    /* no "Expect: 100-continue" for large bodies: one round trip less per batch, and a server that does not
     * answer 100 would cost a second each */
    h->hdrs = curl_slist_append(h->hdrs, "Expect:");
    if (o->gzip) h->hdrs = curl_slist_append(h->hdrs, "Content-Encoding: gzip");
    int have_auth = 0;
    for (int i = 0; i < o->nheaders && i < PW_HTTP_HEADERS_MAX; i++) {
        if (strchr(o->headers[i], '\r') || strchr(o->headers[i], '\n') || !strchr(o->headers[i], ':')) {
            pw_error_set(err, PW_ERR_USAGE, "header \"%.60s\" must be one \"Name: value\" line", o->headers[i]);
            goto err;
        }
        have_auth |= strncasecmp(o->headers[i], "Authorization:", 14) == 0;
        h->hdrs = curl_slist_append(h->hdrs, o->headers[i]);
    }
    if (o->token && !have_auth) {
        if (strchr(o->token, '\r') || strchr(o->token, '\n')) {
            pw_error_set(err, PW_ERR_USAGE, "the token must be one line");
            goto err;
        }
        pw_buf a = {0};
        pw_buf_printf(&a, "Authorization: %s %s", o->mode == PW_HTTP_HEC ? "Splunk" : "Bearer", o->token);
        if (a.data) h->hdrs = curl_slist_append(h->hdrs, a.data);
        if (a.data) memset(a.data, 0, a.len); /* the token does not linger in freed memory */
        pw_buf_free(&a);
    }
    curl_easy_setopt(h->curl, CURLOPT_URL, h->url);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->hdrs);
    curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, (long)(o->timeout_ms > 0 ? o->timeout_ms : PW_HTTP_TIMEOUT_DEFAULT_MS));
    curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
    if (o->ca_file) curl_easy_setopt(h->curl, CURLOPT_CAINFO, o->ca_file);
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &h->resp);
    curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "patchwatch/" PW_VERSION);
    *ctx = h;
    return 0;
err:
    http_exit(h);
    return -1;
}

int pw_sink_read_secret(const char *path, char *out, size_t size, pw_error *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp) return pw_error_set(err, PW_ERR_IO, "%s: cannot open the token file", path);
    size_t n = fread(out, 1, size - 1, fp);
    fclose(fp);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ')) n--;
    out[n] = '\0';
    if (!n) return pw_error_set(err, PW_ERR_INVALID, "%s: the token file is empty", path);
    return 0;
}

static int http_init(void **ctx, const json_t *cfg, pw_error *err)
{
    pw_sink_http_opts o = {.mode = PW_HTTP_WEBHOOK};
    char hdr[PW_HTTP_HEADERS_MAX][512], token[1024];
    int rc = -1;
    o.url = json_string_value(json_object_get(cfg, "url"));
    const char *f = json_string_value(json_object_get(cfg, "format"));
    if (f && pw_http_mode_parse(f, &o.mode)) return pw_error_set(err, PW_ERR_USAGE, "format is webhook, hec or es-bulk");
    o.ca_file = json_string_value(json_object_get(cfg, "ca_file"));
    const char *t = json_string_value(json_object_get(cfg, "timeout"));
    long long ms;
    if (t) {
        if (pw_cfg_duration_parse(t, &ms, err)) return -1;
        o.timeout_ms = ms > 3600000 ? 3600000 : (int)ms;
    }
    json_t *b = json_object_get(cfg, "batch");
    if (json_is_integer(b)) o.batch = (int)json_integer_value(b);
    o.host = json_string_value(json_object_get(cfg, "host"));
    o.source = json_string_value(json_object_get(cfg, "source"));
    o.sourcetype = json_string_value(json_object_get(cfg, "sourcetype"));
    o.index = json_string_value(json_object_get(cfg, "index"));
    o.gzip = json_is_true(json_object_get(cfg, "gzip"));
    o.token = json_string_value(json_object_get(cfg, "token"));
    const char *tf = json_string_value(json_object_get(cfg, "token_file"));
    const char *te = json_string_value(json_object_get(cfg, "token_env"));
    if (!o.token && tf) {
        if (pw_sink_read_secret(tf, token, sizeof token, err)) goto out;
        o.token = token;
    }
    if (!o.token) {
        const char *v = getenv(te ? te : PW_HTTP_TOKEN_ENV);
        if (v && *v) o.token = v;
    }
    const char *hk;
    json_t *hv;
    json_object_foreach((json_t *)json_object_get(cfg, "headers"), hk, hv) {
        if (o.nheaders == PW_HTTP_HEADERS_MAX) break;
        snprintf(hdr[o.nheaders], sizeof hdr[0], "%s: %s", hk, json_is_string(hv) ? json_string_value(hv) : "");
        o.headers[o.nheaders] = hdr[o.nheaders];
        o.nheaders++;
    }
    rc = pw_sink_http_init_opts(ctx, &o, err);
out:
    memset(token, 0, sizeof token);
    return rc;
}

const pw_sink_plugin pw_sink_plugin_http = {
    .name = "http",
    .description = "webhook, Splunk HEC or Elasticsearch/OpenSearch _bulk over HTTP(S), with a durable queue",
    .config = &pw_sink_cfg_http,
    .durable = 1,
    .batch_max = PW_HTTP_BATCH_MAX,
    .init = http_init,
    .flush = http_flush,
    .idle = NULL,
    .exit = http_exit,
};

int pw_sink_http_run(const pw_sink_http_opts *o, pw_sink_stats *st, pw_error *err)
{
    void *ctx = NULL;
    int rc = -1;
    char name[64];
    memset(st, 0, sizeof *st);
    pw_sink_input in = o->input;
    if (pw_sink_http_init_opts(&ctx, o, err)) goto out;
    if (!in.name) {
        pw_sink_default_name("http", o->url, name, sizeof name);
        in.name = name;
    }
    if (!in.batch) in.batch = (size_t)(o->mode == PW_HTTP_WEBHOOK ? 1 : o->batch > 0 ? o->batch : PW_HTTP_BATCH_DEFAULT);
    rc = pw_sink_run_plugin(&in, &pw_sink_plugin_http, ctx, st, err);
out:
    http_exit(ctx);
    if (rc) pw_error_prefix(err, "sink http");
    return rc;
}
