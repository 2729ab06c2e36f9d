/* hold: the `hold` action on an incident: pause the patch's deployment so the next ring does not get it.
 * Three ways: the Microsoft Graph Windows Updates API (PATCH /admin/windows/updates/deployments/{id} with
 * state.requestedValue "paused", documented at
 * https://learn.microsoft.com/graph/api/windowsupdates-deployment-update?view=graph-rest-beta), a webhook
 * (POST of a small JSON object), or a configured command (WSUS, Ansible, an Intune script). Dry run unless
 * `execute` is set: the dry run logs the exact request it would send. Every attempt (dry run, each HTTP try,
 * the 429 waits) is written to the incident's timeline in the store. */
#ifndef PW_TL_HOLD_H
#define PW_TL_HOLD_H

#include <stdbool.h>

#include "core/pw_error.h"
#include "timeline/store.h"

#define PW_TL_GRAPH_URL "https://graph.microsoft.com/beta"
#define PW_TL_HOLD_ATTEMPTS 5      /* 429s are answered at most this many times, then we give up and say so */
#define PW_TL_HOLD_WAIT_MAX 120    /* a Retry-After longer than this is capped (seconds) */

typedef struct pw_tl_hold_opts {
    const char *incident;   /* required: whose timeline the attempts go on */
    const char *patch;      /* for messages and the command's environment; may be NULL */
    const char *deployment; /* Graph deployment id ([A-Za-z0-9-]) */
    const char *graph_url;  /* NULL: PW_TL_GRAPH_URL; tests point it at a local server */
    const char *token;      /* bearer token; never logged */
    const char *webhook;    /* instead of Graph: POST {"action":"hold","incident","patch"} here */
    const char *command;    /* instead of Graph: run with sh -c, PW_INCIDENT and PW_PATCH in the environment */
    bool execute;           /* false: dry run */
    long timeout_ms;        /* per HTTP attempt (0: 15000) */
} pw_tl_hold_opts;

/* Returns 0 when the hold was done (or dry-run logged), -1 with err otherwise; attempts are in the store. */
int pw_tl_hold(pw_tl_store *s, const pw_tl_hold_opts *o, pw_error *err);

#endif
