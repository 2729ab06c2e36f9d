/* notify_sink: the slack, teams and smtp notifiers as sink plugins (core/pw_stage.h), so a notification goes
 * through the sink engine like every network sink: written to a durable queue first, retried with back-off
 * while the receiver is down (connection refused, timeout, 408, 429, 5xx), kept across a crash or restart,
 * and written to the dead-letter file with the receiver's reason when refused for good (a 400 for a bad card,
 * a 404 for a revoked webhook). Before, `run` sent each one from its sink thread with three tries and dropped
 * it after that. Cost: a notification now waits in a queue file, which is a few writes a day.
 * `url_file` is resolved by the program (it reads secrets one way for every sink) and arrives as `url`. */
#include <stdlib.h>
#include <string.h>

#include "core/pw_config.h"
#include "incidents/notify.h"

typedef struct notify_sink {
    pw_notifier_opts o;
    char *strs[7]; /* owned copies: kind, url, from, to, username, password_file, ca_file */
} notify_sink;

static const char *own(notify_sink *s, int i, const char *v)
{
    return v ? (s->strs[i] = strdup(v)) : NULL;
}

static void notify_exit(void *ctx)
{
    notify_sink *s = ctx;
    if (!s) return;
    for (size_t i = 0; i < sizeof s->strs / sizeof s->strs[0]; i++) free(s->strs[i]);
    free(s);
}

static int notify_init_kind(void **ctx, const char *kind, const json_t *cfg, pw_error *err)
{
    notify_sink *s = calloc(1, sizeof *s);
    if (!s) return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", kind);
    const char *url = pw_config_get_str(cfg, "url", NULL);
    s->o = (pw_notifier_opts){
        .kind = own(s, 0, kind), .url = own(s, 1, url), .from = own(s, 2, pw_config_get_str(cfg, "from", NULL)),
        .to = own(s, 3, pw_config_get_str(cfg, "to", NULL)), .username = own(s, 4, pw_config_get_str(cfg, "username", NULL)),
        .password_file = own(s, 5, pw_config_get_str(cfg, "password_file", NULL)),
        .ca_file = own(s, 6, pw_config_get_str(cfg, "ca_file", NULL)),
        .starttls = pw_config_get_bool(cfg, "starttls", false),
        .timeout_ms = pw_config_get_duration_ms(cfg, "timeout", strcmp(kind, "smtp") == 0 ? 30000 : 10000)};
    if (!s->o.kind || !url || !*url || !s->o.url) {
        notify_exit(s);
        return pw_error_set(err, url && *url ? PW_ERR_NOMEM : PW_ERR_USAGE, "%s: no url", kind);
    }
    *ctx = s;
    return 0;
}

static int slack_init(void **ctx, const json_t *cfg, pw_error *err) { return notify_init_kind(ctx, "slack", cfg, err); }
static int teams_init(void **ctx, const json_t *cfg, pw_error *err) { return notify_init_kind(ctx, "teams", cfg, err); }
static int smtp_init(void **ctx, const json_t *cfg, pw_error *err) { return notify_init_kind(ctx, "smtp", cfg, err); }

/* One notification per call (batch_max 1): each is its own message to people. */
static pw_flush_result notify_flush(void *ctx, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    notify_sink *s = ctx;
    pw_error e = {0};
    if (n == 0) return PW_FLUSH_OK;
    pw_notify_result r = pw_notify_send(&s->o, recs[0].json, recs[0].len, &e);
    if (r == PW_NOTIFY_SENT) return PW_FLUSH_OK;
    snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg); /* never holds the URL: the senders leave it out */
    return r == PW_NOTIFY_RETRY ? PW_FLUSH_RETRY : PW_FLUSH_ERROR;
}

#define NOTIFY_PLUGIN(NAME, DESC, TABLE, INIT)                                                                     \
    const pw_sink_plugin pw_sink_plugin_##NAME = {.name = #NAME, .description = DESC, .config = &TABLE,          \
                                                  .durable = 1, .batch_max = 1, .init = INIT,                      \
                                                  .flush = notify_flush, .idle = NULL, .exit = notify_exit}

NOTIFY_PLUGIN(slack, "notifications to Slack (Block Kit, incoming webhook), with a durable queue", pw_sink_cfg_slack,
              slack_init);
NOTIFY_PLUGIN(teams, "notifications to Microsoft Teams (Adaptive Card, Workflows webhook), with a durable queue",
              pw_sink_cfg_teams, teams_init);
NOTIFY_PLUGIN(smtp, "notifications by email over SMTP, with a durable queue", pw_sink_cfg_smtp, smtp_init);
