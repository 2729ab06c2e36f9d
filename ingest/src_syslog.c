/* src_syslog: the `syslog` source: the UDP/TCP listener of ingest/syslog.h, until the stop flag is set
 * (the server looks at it at least every 200 ms). */
#include <stdlib.h>
#include <string.h>

#include "core/pw_config.h"
#include "core/pw_log.h"
#include "ingest/sources.h"
#include "ingest/syslog.h"

typedef struct syslog_src {
    const pw_source_env *env;
    pw_syslog_server *srv;
} syslog_src;

static int syslog_live(const json_t *cfg)
{
    (void)cfg;
    return 1;
}

/* The server's event is its own scratch, reset for every message: the consumer may add to it (host). */
static int syslog_emit(const pw_event *ev, void *ud, pw_error *err)
{
    syslog_src *s = ud;
    return s->env->emit->event(s->env->emit->ud, (pw_event *)ev, err);
}

static int syslog_init(void **ctx, const json_t *cfg, const pw_source_env *env, pw_error *err)
{
    syslog_src *s = calloc(1, sizeof *s);
    if (!s) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    s->env = env;
    pw_syslog_config sc = {.max_message = (size_t)pw_config_get_int(cfg, "max_message", 0),
                           .max_conns = (size_t)pw_config_get_int(cfg, "max_connections", 0),
                           .keep_original = pw_config_get_bool(cfg, "keep_original", false)};
    if ((sc.udp[0] = pw_config_get_str(cfg, "listen_udp", NULL))) sc.nudp = 1;
    if ((sc.tcp[0] = pw_config_get_str(cfg, "listen_tcp", NULL))) sc.ntcp = 1;
    if ((sc.tls[0] = pw_config_get_str(cfg, "listen_tls", NULL))) sc.ntls = 1;
    sc.tls_cert = pw_config_get_str(cfg, "tls_cert", NULL);
    sc.tls_key = pw_config_get_str(cfg, "tls_key", NULL);
    sc.tls_ca = pw_config_get_str(cfg, "tls_ca", NULL);
    const char *verify = pw_config_get_str(cfg, "tls_verify_client", "none");
    sc.tls_verify_client = strcmp(verify, "require") == 0    ? PW_SYSLOG_TLS_VERIFY_REQUIRE
                           : strcmp(verify, "optional") == 0 ? PW_SYSLOG_TLS_VERIFY_OPTIONAL
                                                             : PW_SYSLOG_TLS_VERIFY_NONE;
    /* bound here, at init: a port in use fails the stage before anything runs */
    if (!(s->srv = pw_syslog_server_new(&sc, syslog_emit, s, err))) {
        free(s);
        return -1;
    }
    for (size_t i = 0; i < pw_syslog_server_nlisteners(s->srv); i++)
        pw_log_info("%s: listening on %s", env->name, pw_syslog_server_listener(s->srv, i));
    *ctx = s;
    return 0;
}

static int syslog_run(void *ctx, pw_error *err)
{
    syslog_src *s = ctx;
    static const volatile sig_atomic_t never;
    int rc = pw_syslog_server_run(s->srv, s->env->stop ? s->env->stop : &never, err);
    pw_syslog_stats st;
    pw_syslog_server_stats(s->srv, &st);
    pw_log_info("%s: %llu messages received and passed on (%llu parse errors, %llu oversize, %llu udp dropped)",
                s->env->name, (unsigned long long)st.messages, (unsigned long long)st.parse_errors,
                (unsigned long long)st.oversize, (unsigned long long)st.udp_dropped);
    return rc;
}

static void syslog_exit(void *ctx)
{
    syslog_src *s = ctx;
    pw_syslog_server_free(s->srv);
    free(s);
}

const pw_source_plugin pw_source_syslog = {
    .name = "syslog",
    .description = "a syslog listener: UDP and TCP (RFC 6587 framing), RFC 3164 and RFC 5424",
    .config = &pw_source_cfg_syslog,
    .is_live = syslog_live,
    .init = syslog_init,
    .run = syslog_run,
    .exit = syslog_exit,
};
