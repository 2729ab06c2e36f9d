/* pw_metrics_http: the small HTTP server every patchwatch process can run for its operators: GET /metrics (the
 * Prometheus text format 0.0.4 from pw_metrics_render) and GET /healthz (200 "ok", or 503 with the failing
 * checks). libmicrohttpd does the HTTP in its own thread; a scrape takes the metrics lock only while rendering.
 *
 * It binds a configurable address, 127.0.0.1:9464 by default: metrics name hosts and sources, so they are
 * not offered to the network unless the operator says so. Anything but GET/HEAD of those two paths is 404/405. */
#ifndef PW_METRICS_HTTP_H
#define PW_METRICS_HTTP_H

#include "core/pw_error.h"

#define PW_METRICS_DEFAULT_LISTEN "127.0.0.1:9464" /* 9464: the port Prometheus' registry lists for exporters
                                                      of this kind (the OpenTelemetry/Prometheus exporter one) */

typedef struct pw_metrics_server pw_metrics_server;

/* listen: "HOST:PORT" (IPv4 or [IPv6]); port 0 picks a free port (pw_metrics_server_port tells which). */
pw_metrics_server *pw_metrics_server_start(const char *listen, pw_error *err);
int pw_metrics_server_port(const pw_metrics_server *s);
void pw_metrics_server_stop(pw_metrics_server *s);

#endif
