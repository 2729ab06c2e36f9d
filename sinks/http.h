/* sinks/http: delivers bus messages to an HTTP endpoint: a webhook (one POST of the JSON object per message),
 * Elasticsearch/OpenSearch _bulk (batches of index actions) or Splunk HEC (one event envelope per message:
 * {"time":SECONDS,"sourcetype":"patchwatch:TOPIC","event":OBJECT}; the token goes in --header). TLS is verified (optionally against
 * --ca-file), redirects are not followed, every request has a timeout, and a response is read up to 1 MiB.
 *
 * Nothing is dropped for a server that is down or overloaded: connection errors, timeouts, 408, 429 and 5xx are
 * retried with backoff (250 ms up to 30 s) until they succeed or the sink is stopped, and meanwhile the sink
 * takes nothing off the bus (back-pressure). A 4xx answer says the request itself is wrong: that message (or
 * batch) is logged and skipped, since repeating it cannot help. For _bulk, documents the server rejects one by
 * one (mapping errors) are counted as invalid and logged. */
#ifndef PW_SINK_HTTP_H
#define PW_SINK_HTTP_H

#include "core/pw_error.h"
#include "sinks/sink_loop.h"

#define PW_HTTP_HEADERS_MAX 16
#define PW_HTTP_RESPONSE_MAX ((size_t)1 << 20) /* bytes of a response kept; _bulk answers are ~100 B per item */
#define PW_HTTP_BATCH_MAX 10000                /* documents per _bulk request */

typedef enum { PW_HTTP_WEBHOOK = 0, PW_HTTP_ES_BULK, PW_HTTP_HEC } pw_http_mode;

typedef struct pw_sink_http_opts {
    pw_sink_input input;
    const char *url;         /* http(s)://...; for es-bulk the _bulk URL, e.g. https://es:9200/patchwatch/_bulk */
    pw_http_mode mode;
    const char *headers[PW_HTTP_HEADERS_MAX]; /* "Name: value", e.g. "Authorization: ApiKey ..." */
    int nheaders;
    const char *ca_file;     /* trust these CAs instead of the system's */
    int timeout_ms;          /* whole request; default 30000 */
    int batch;               /* es-bulk: documents per request, default 500 */
} pw_sink_http_opts;

int pw_http_mode_parse(const char *name, pw_http_mode *out); /* "webhook", "es-bulk" or "hec" */
int pw_sink_http_run(const pw_sink_http_opts *o, pw_sink_stats *st, pw_error *err);

#endif
