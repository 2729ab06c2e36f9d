/* corr_stage: the correlation stage as a bus participant. It PULLs events and advisories (JSON, topics
 * "event"/"advisory") from its input endpoints, signs events with the miner, feeds the engine, and sends each
 * new or changed alert to an output (pw_out: stdout, file or a bus endpoint). Producers that read a finite
 * input announce their end with a "control" message {"eos":"NAME"}; when every expected producer has ended
 * and none is live, event time is advanced past the last event and the stage returns. With live producers
 * (syslog, followed files, polled feeds) event time is advanced as events arrive, and the stage returns when
 * *stop is set, after taking what is still queued (at most PW_CORR_STAGE_DRAIN_MS more).
 *
 * "control" messages are obeyed only from peers that cannot be strangers: in-process (inproc://), local sockets
 * (ipc://, guarded by file permissions) and tcp:// with CURVE (the server authenticates every client). On a plain
 * tcp:// input anyone who reaches the port could otherwise end the stage; there they are counted and ignored. */
#ifndef PW_CORR_STAGE_H
#define PW_CORR_STAGE_H

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>

#include "core/pw_bus.h"
#include "core/pw_out.h"
#include "correlate/correlate.h"

#define PW_CORR_STAGE_MAX_INPUTS 8
#define PW_CORR_STAGE_DRAIN_MS 2000 /* after *stop: queued messages taken for at most this long */

struct pw_rules;

typedef struct pw_corr_stage_opts {
    void *zmq_ctx;                                    /* shared with inproc producers; required */
    const char *inputs[PW_CORR_STAGE_MAX_INPUTS];     /* endpoints to PULL from */
    size_t ninputs;
    int bind;                                         /* 1: bind the inputs (producers connect) */
    const pw_bus_opts *bus_opts;                      /* CURVE etc., may be NULL */
    pw_out *alerts;                                   /* where alerts go (not owned) */
    pw_out *forward;                                  /* may be NULL: every event (signed) and advisory taken in
                                                         is passed on here too, for sinks that want them */
    int forward_events, forward_advisories;           /* which of them go to forward */
    const struct pw_rules *rules;                     /* may be NULL: built-in rules */
    const pw_corr_config *cfg;                        /* may be NULL: defaults (+ threshold rules) */
    const json_t *inventory;                          /* the inventory document (ingest/inventory_read.h),
                                                         borrowed; may be NULL */
    const char *state;                                /* SQLite state file, may be NULL */
    int finite_producers;                             /* how many "eos" to wait for (0: none; run until *stop) */
    int drain_ms;                                     /* after *stop, take queued messages this long at most
                                                         (0: PW_CORR_STAGE_DRAIN_MS) */
    int live;                                         /* producers that never end exist */
    volatile sig_atomic_t *stop;                      /* set to make the stage finish */
    _Atomic int ready;                                /* set by the stage once its inputs are bound */
    /* Sharding (correlate/shard.h): this is shard `shard` of `nshards` (0 or 1: not sharded). Besides "event"
     * and "advisory" it then takes "event-copy"/"advisory-copy" (learnt, not passed on to forward) and
     * "hostseen" (host activity), and only shard 0 emits alerts that belong to no signature. */
    unsigned shard, nshards;
} pw_corr_stage_opts;

typedef struct pw_corr_stage_stats {
    uint64_t events, advisories, bad_messages, alerts;
    uint64_t control_ignored; /* control messages from an untrusted (plain tcp) input */
    uint64_t copies, hostseen; /* sharded: broadcast records learnt but owned by another shard; host activity */
    uint64_t alerts_left_to_shard0; /* sharded, shard > 0: alerts without a signature, emitted by shard 0 */
    int deciding; /* set when the input has ended and the last hours are evaluated (a supervisor waits for it) */
    pw_corr_stats corr;
} pw_corr_stage_stats;

int pw_corr_stage_run(pw_corr_stage_opts *o, pw_corr_stage_stats *st, pw_error *err);

#endif
