/* incident: what a person is told about, built from the machine stream of alerts (DESIGN.md "Stages,
 * delivery and incidents"). One incident per (patch, failure): the signatures that rise after the same patch
 * on overlapping hosts are one incident with several symptoms. Lifecycle open -> escalated -> resolved, each
 * transition with its reason; every version is handed to a callback as the "incident" record of
 * /work notes incident.md (docs/notifications.md shows one).
 *
 * Inputs: alerts (correlate/alerts.c emits every version), advisories, and optionally install events (so the
 * rings can say how many hosts are patched) and an inventory (host -> ring). Time is the inputs' event time:
 * a replay gives the same incidents every run. Three calls make one usable from a test:
 * pw_incident_new, pw_incident_on_alert, pw_incident_advance. */
#ifndef PW_INCIDENT_H
#define PW_INCIDENT_H

#include <stdint.h>

#include <jansson.h>

#include "core/pw_advisory.h"
#include "core/pw_alert.h"
#include "core/pw_error.h"
#include "core/pw_event.h"

#define PW_INCIDENT_MAX 4096        /* incidents kept in memory; more are refused with an error */
#define PW_INCIDENT_MAX_SYMPTOMS 16 /* symptoms per incident; a further signature opens its own incident */
#define PW_INCIDENT_MAX_HOSTS 50    /* hosts listed in the record; the counts stay exact beyond (up to 200,
                                       the alert's own list cap) */

typedef struct pw_incident_opts {
    int quiet_hours;       /* resolved when no alert of the incident changed for this long (default 0: off). The
                              correlator already resolves an alert when its signature stopped on the affected
                              hosts (its resolve_quiet_hours) and the incident follows that; an alert that is
                              not re-emitted may still be firing, so this fallback is for alert streams that
                              never resolve. */
    double overlap;        /* join an incident when |hosts A and B| / min(|A|,|B|) reaches this (default 0.34) */
    int join_window_hours; /* ... or when the signature was first seen within this many hours of the
                              incident's first signature (default 48) */
} pw_incident_opts;

typedef struct pw_incident_engine pw_incident_engine;

/* Called with every version of every incident (a JSON object, borrowed for the call). Nonzero stops. */
typedef int (*pw_incident_fn)(const json_t *incident, void *ud);

void pw_incident_opts_default(pw_incident_opts *o);
pw_incident_engine *pw_incident_new(const pw_incident_opts *o, pw_incident_fn fn, void *ud, pw_error *err);
void pw_incident_free(pw_incident_engine *e);

/* host -> ring ("ring-0" ...), from an inventory file (hosts: [{name, ring}]) or one at a time. */
int pw_incident_load_inventory(pw_incident_engine *e, const char *path, pw_error *err);
int pw_incident_set_ring(pw_incident_engine *e, const char *host, const char *ring, pw_error *err);

int pw_incident_on_alert(pw_incident_engine *e, const pw_alert *a, pw_error *err);
int pw_incident_on_advisory(pw_incident_engine *e, const pw_advisory *a, pw_error *err);
/* An install of patch on host at ts (µs); pw_incident_on_event finds installs in ECS events itself. */
int pw_incident_on_install(pw_incident_engine *e, const char *host, const char *patch, int64_t ts, pw_error *err);
int pw_incident_on_event(pw_incident_engine *e, const pw_event *ev, pw_error *err);
/* Event time moved to now (µs): quiet incidents resolve. Cheap when called for every event (once per hour). */
int pw_incident_advance(pw_incident_engine *e, int64_t now, pw_error *err);

size_t pw_incident_count(const pw_incident_engine *e);

#endif
