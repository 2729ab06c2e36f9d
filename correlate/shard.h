/* shard: scale-out of the correlator over N shards (docs/deployment.md, "Correlator shards").
 *
 * The router reads the events and advisories the sources produce and passes each one to the shard that owns
 * it, so that N correlators together decide exactly what one would:
 *
 *   - an event goes to shard pw_shard_key(ev) % N. The key is the signature's mining scope (Windows: provider +
 *     event id; text and syslog: kind + program), signed or not (a signature id includes its scope), so
 *     every event that can ever share a template with another lands in the same shard, whose miner then
 *     builds the same templates a single miner would, and one signature's whole analysis lives in one shard;
 *   - installs, pending updates and reboots (the patch rules decide) and advisories go to every shard: the
 *     owner gets topic "event"/"advisory" (it signs it and passes it on to sinks that want events), the others
 *     "event-copy"/"advisory-copy" (learnt, never passed on, so a sink sees each record once);
 *   - every shard must know each host's observed span and platform (they size the cohorts): the router keeps
 *     each host's earliest and latest hour and platform, and whenever event time enters a new hour it first
 *     sends every shard a small "hostseen" record (host, time, platform hints, informational level) for each
 *     host whose span or platform grew, at most two per host. A live stream costs about one record per active
 *     host per hour; a replay of files that each hold some hosts' whole history, about two per host;
 *   - alerts that do not belong to a signature (early warnings) are decided identically by every shard from the
 *     broadcast records; only shard 0 emits them (corr_stage). The rest are each emitted by one shard only, so
 *     the union of the shards' alerts is the one-process output.
 * Inventory and threshold rules are loaded by every shard from the same configuration.
 *
 * Several routers may feed the same shards (one per ingest host): routing depends only on the event, and host
 * spans are a min/max, so announcements from several routers combine to the same result.
 *
 * Not covered: an advisory without any date takes the receiving engine's latest event time as its time, which
 * can differ by less than an hour between shards. */
#ifndef PW_SHARD_H
#define PW_SHARD_H

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_bus.h"
#include "core/pw_event.h"

#define PW_SHARD_MAX 64          /* shards per deployment (stages.correlate.shards) */
#define PW_SHARD_ALL (-1)        /* pw_shard_route: every shard */
#define PW_SHARD_HOSTS_MAX 4000000 /* hosts whose announced span the router remembers; beyond it every event of a
                                      new host is announced (correct, only more traffic) */
#define PW_SHARD_MAX_INPUTS 8

struct pw_rules;

typedef struct pw_shard_router pw_shard_router;

/* The routing key of an event (see above); stable across processes and versions of the same rules. */
uint64_t pw_shard_key(const pw_event *ev);

pw_shard_router *pw_shard_router_new(unsigned nshards, const struct pw_rules *rules, pw_error *err);
void pw_shard_router_free(pw_shard_router *r);
/* Where ev goes: *owner gets the shard that owns it; *broadcast is 1 when every shard must learn it (installs,
 * reboots). The router also notes what ev says about its host; *flush is set when event time has moved into
 * a new hour and there is news: call pw_shard_router_flush before sending ev, so every shard knows each host's
 * span up to the previous hour before it sees the next. In the rare case the host table is full, *hostseen
 * gets a "hostseen" record to send to every shard at once (else its len is 0). */
int pw_shard_route(pw_shard_router *r, const pw_event *ev, unsigned *owner, int *broadcast, int *flush,
                   pw_buf *hostseen, pw_error *err);
/* Hands each pending "hostseen" record (JSON) to fn, at most two per host with news (its earliest and latest
 * hour), and forgets the news. Call when *flush says so and once at the end of the stream. */
typedef int (*pw_shard_hostseen_fn)(void *ud, const char *json, size_t len, pw_error *err);
int pw_shard_router_flush(pw_shard_router *r, pw_shard_hostseen_fn fn, void *ud, pw_error *err);

/* The router as a bus stage: PULL from inputs, PUSH to the shards' endpoints (one per shard, connected). */
typedef struct pw_shard_stage_opts {
    void *zmq_ctx;
    const char *inputs[PW_SHARD_MAX_INPUTS];
    size_t ninputs;
    int bind;                      /* 1: bind the inputs (sources connect) */
    const pw_bus_opts *in_opts;    /* for the inputs; may be NULL */
    const char *shards[PW_SHARD_MAX];
    size_t nshards;
    const pw_bus_opts *out_opts;   /* for the shard connections (CURVE client); may be NULL */
    const struct pw_rules *rules;  /* patch rules: which events are installs (NULL: built-in) */
    volatile sig_atomic_t *stop;   /* set: take what is queued, then return */
    int drain_ms;                  /* after *stop, at most this long (0: 2000) */
    _Atomic int ready;
} pw_shard_stage_opts;

typedef struct pw_shard_stage_stats {
    uint64_t events, broadcast, hostseen, advisories, bad_messages;
    uint64_t per_shard[PW_SHARD_MAX];
} pw_shard_stage_stats;

int pw_shard_stage_run(pw_shard_stage_opts *o, pw_shard_stage_stats *st, pw_error *err);

#endif
