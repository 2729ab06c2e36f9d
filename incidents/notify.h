/* notify: the notification policy (what people are told, and when) and the message layouts and senders for
 * Slack, Microsoft Teams and email (docs/notifications.md).
 *
 * The policy reads incident versions (incident.h) and early-warning alerts and decides: a notification when
 * an incident opens, when it escalates (the first time, and again only for a new ring: the one thing that
 * changes what to hold), when it resolves, an optional daily digest, and an early warning once per reported
 * update. At most cap_per_day notifications per incident per day (UTC, event time); an `open` is never capped
 * and never delayed. During quiet hours the other kinds wait for the end of the window; several waiting for
 * one incident collapse into the latest, so one failure is never told in pieces. */
#ifndef PW_NOTIFY_H
#define PW_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/pw_alert.h"
#include "core/pw_buf.h"
#include "core/pw_config_schema.h"
#include "core/pw_error.h"
#include "core/pw_stage.h"

typedef struct pw_notify_opts {
    bool on_open, on_escalated, on_resolved, early_warnings, digest;
    int cap_per_day;        /* per incident, per UTC day; an open is never capped */
    int max_escalations;    /* escalation notifications per incident over its life (0: no limit) */
    int quiet_from, quiet_to; /* minutes after midnight UTC; quiet_from < 0: no quiet hours */
    int digest_hour;        /* UTC hour of the daily digest */
} pw_notify_opts;

typedef struct pw_notify_policy pw_notify_policy;
/* Called with every notification (a JSON object, borrowed for the call). Nonzero stops. */
typedef int (*pw_notify_fn)(const json_t *notification, void *ud);

void pw_notify_opts_default(pw_notify_opts *o);
/* From a `notify:` config object (keys: core/pw_config_tables.c, notify_keys); absent keys keep their defaults. */
int pw_notify_opts_from_json(pw_notify_opts *o, const json_t *cfg, pw_error *err);
/* "22:00-07:00" -> minutes; "" or "none" -> -1 */
int pw_notify_parse_quiet(const char *s, int *from, int *to, pw_error *err);

pw_notify_policy *pw_notify_new(const pw_notify_opts *o, pw_notify_fn fn, void *ud, pw_error *err);
void pw_notify_free(pw_notify_policy *p);
int pw_notify_on_incident(pw_notify_policy *p, const json_t *incident, pw_error *err);
int pw_notify_on_alert(pw_notify_policy *p, const pw_alert *a, pw_error *err);
/* Event time moved to now (µs): delivers what quiet hours held, and the digest when due. now = PW_TS_NONE:
 * the inputs ended; everything held is delivered (stamped with the end of its quiet window). */
int pw_notify_advance(pw_notify_policy *p, int64_t now, pw_error *err);
uint64_t pw_notify_suppressed(const pw_notify_policy *p); /* held back by the cap */

/* ---- layouts (pure functions of a notification record) ---- */
json_t *pw_notify_slack_payload(const json_t *ntf);
json_t *pw_notify_teams_payload(const json_t *ntf);
/* An RFC 5322 message (CRLF lines, UTF-8 body) from `from` to the comma-separated `to`. */
int pw_notify_email_message(const json_t *ntf, const char *from, const char *to, pw_buf *out, pw_error *err);

/* ---- senders (libcurl; every call timed out, no redirects) ---- */
typedef enum { PW_NOTIFY_SENT = 0, PW_NOTIFY_RETRY = 1, PW_NOTIFY_REFUSED = 2 } pw_notify_result;

typedef struct pw_notifier_opts {
    const char *kind;      /* "slack", "teams", "smtp" */
    const char *url;       /* webhook URL, or smtp://host:port / smtps://host:port */
    const char *from, *to; /* smtp: envelope and header addresses (to: comma-separated) */
    const char *username, *password_file; /* smtp AUTH (optional) */
    int starttls;          /* smtp: require STARTTLS on smtp:// */
    const char *ca_file;
    long timeout_ms;
} pw_notifier_opts;

/* Sends one notification record (JSON text) as the kind's message. */
pw_notify_result pw_notify_send(const pw_notifier_opts *o, const char *json, size_t len, pw_error *err);

/* The senders as sink plugins (notify_sink.c): durable queue, retries and dead letters from the sink engine.
 * Their config `url` is the URL itself: a `url_file` is read by the program before init. */
extern const pw_sink_plugin pw_sink_plugin_slack, pw_sink_plugin_teams, pw_sink_plugin_smtp;

#endif
