/* sinks/http: the HTTP sink plugin ("http"): a webhook (one POST of the JSON object per record), Splunk HEC
 * (batched: several event envelopes concatenated in one POST to /services/collector/event, with host,
 * source, sourcetype, index, the record id as the indexed field patchwatch_id, and `Authorization: Splunk
 * TOKEN`) or Elasticsearch/OpenSearch _bulk (NDJSON: an action line {"index":{"_id":ID}} and the document per
 * record; the answer's items are read one by one: 2xx accepted, 429 and 5xx retried alone, other statuses
 * dead-lettered with their reason).
 *
 * What the engine does with the answers (core/pw_stage.c): connection errors, timeouts, 408, 429 and 5xx are
 * RETRY (nothing lost: the records wait in the durable queue); TLS verification failures and 401/403 are
 * RETRY with permanent_config_error (logged once as unable to heal by itself, retried slowly); other 4xx are
 * ERROR (dead letter). TLS is verified (optionally against ca_file), redirects are not followed, every request
 * has a timeout, a response is read up to 1 MiB, and the token is never logged. */
#ifndef PW_SINK_HTTP_H
#define PW_SINK_HTTP_H

#include "core/pw_error.h"
#include "core/pw_stage.h"
#include "sinks/sink_loop.h"

#define PW_HTTP_HEADERS_MAX 16
#define PW_HTTP_RESPONSE_MAX ((size_t)1 << 20) /* bytes of a response kept; _bulk answers are ~100 B per item */
#define PW_HTTP_BATCH_MAX 10000                /* records per request */
#define PW_HTTP_BATCH_DEFAULT 500
#define PW_HTTP_TIMEOUT_DEFAULT_MS 30000
#define PW_HTTP_TOKEN_ENV "PATCHWATCH_HTTP_TOKEN" /* default environment variable holding the token */

typedef enum { PW_HTTP_WEBHOOK = 0, PW_HTTP_ES_BULK, PW_HTTP_HEC } pw_http_mode;

typedef struct pw_sink_http_opts {
    pw_sink_input input;
    const char *url;         /* http(s)://...; hec and es-bulk add /services/collector/event or /_bulk to a URL
                                without a path */
    pw_http_mode mode;
    const char *headers[PW_HTTP_HEADERS_MAX]; /* "Name: value", e.g. "Authorization: ApiKey ..." */
    int nheaders;
    const char *ca_file;     /* trust these CAs instead of the system's */
    int timeout_ms;          /* whole request; default 30000 */
    int batch;               /* hec, es-bulk: records per request, default 500 */
    const char *token;       /* hec: Authorization: Splunk TOKEN; others: Bearer TOKEN */
    const char *host, *source, *sourcetype, *index; /* hec fields (index also for es-bulk's _index) */
    int gzip;                /* Content-Encoding: gzip request bodies */
} pw_sink_http_opts;

extern const pw_sink_plugin pw_sink_plugin_http;

int pw_http_mode_parse(const char *name, pw_http_mode *out); /* "webhook", "es-bulk" or "hec" */
/* Reads a whole small secret file (a token, a webhook URL) into out, without its trailing newline; an empty
 * file is an error. */
int pw_sink_read_secret(const char *path, char *out, size_t size, pw_error *err);
/* Creates the plugin context from options (what the plugin's init does from a config object). */
int pw_sink_http_init_opts(void **ctx, const pw_sink_http_opts *o, pw_error *err);
int pw_sink_http_run(const pw_sink_http_opts *o, pw_sink_stats *st, pw_error *err);

#endif
