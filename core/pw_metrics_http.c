/* pw_metrics_http: /metrics and /healthz over libmicrohttpd (see pw_metrics_http.h). */
#include "core/pw_metrics_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "core/pw_buf.h"
#include "core/pw_metrics.h"

#define CONNECTION_LIMIT 32   /* scrapers are few; this caps what a port scan can hold open */
#define CONNECTION_TIMEOUT 10 /* seconds a slow client may take */

struct pw_metrics_server {
    struct MHD_Daemon *daemon;
    int port;
};

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *type, pw_buf *body)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(body->len, body->data ? body->data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    (void)upload_data;
    (void)con_cls;
    pw_buf body = {0};
    enum MHD_Result ret;
    if (*upload_size) { /* no request here has a body: drop it */
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        pw_buf_puts(&body, "only GET\n");
        ret = reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", &body);
    } else if (strcmp(url, "/metrics") == 0) {
        pw_metrics_render(&body);
        ret = reply(conn, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", &body);
    } else if (strcmp(url, "/healthz") == 0) {
        pw_buf why = {0};
        int ok = pw_metrics_health(&why) == 0;
        pw_buf_puts(&body, ok ? "ok\n" : "unhealthy\n");
        if (why.len) pw_buf_append(&body, why.data, why.len);
        pw_buf_free(&why);
        ret = reply(conn, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", &body);
    } else {
        pw_buf_puts(&body, "not found: try /metrics or /healthz\n");
        ret = reply(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", &body);
    }
    pw_buf_free(&body);
    return ret;
}

/* "HOST:PORT" or "[V6]:PORT" into a sockaddr; returns 0 or -1. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host) return -1;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || end == colon + 1) return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    memset(ss, 0, sizeof *ss);
    if (host[0] == '[') {
        size_t n = strlen(host);
        if (n < 3 || host[n - 1] != ']') return -1;
        host[n - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) return -1;
        *len = sizeof *a;
        return 0;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0) strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return -1;
    *len = sizeof *a;
    return 0;
}

pw_metrics_server *pw_metrics_server_start(const char *listen, pw_error *err)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    pw_metrics_server *s = NULL;
    if (!listen) listen = PW_METRICS_DEFAULT_LISTEN;
    if (parse_listen(listen, &ss, &sl)) {
        pw_error_set(err, PW_ERR_USAGE, "metrics: bad listen address '%.80s' (expected HOST:PORT)", listen);
        goto fail;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        pw_error_set(err, PW_ERR_NOMEM, "metrics: out of memory");
        goto fail;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    /* options as one array: the only form core/pw_lazylib.c forwards */
    struct MHD_OptionItem options[] = {
        {MHD_OPTION_SOCK_ADDR, 0, &ss},
        {MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_ARRAY, options, MHD_OPTION_END);
    if (!s->daemon) {
        pw_error_set(err, PW_ERR_IO, "metrics: cannot listen on %s (address in use or not local?)", listen);
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? (int)info->port : 0;
    return s;
fail:
    free(s);
    return NULL;
}

int pw_metrics_server_port(const pw_metrics_server *s) { return s ? s->port : 0; }

void pw_metrics_server_stop(pw_metrics_server *s)
{
    if (!s) return;
    MHD_stop_daemon(s->daemon);
    free(s);
}
