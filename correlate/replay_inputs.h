/* replay_inputs: the consumer side of replay: each event its input gives is signed (the miner) and taken by
 * the engine, each advisory too; observers see both. It reads no input file (replay.h). */
#ifndef PW_REPLAY_INPUTS_H
#define PW_REPLAY_INPUTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "correlate/correlate.h"

struct pw_rules;
typedef struct replay_reader replay_reader;

replay_reader *replay_reader_new(pw_corr *c, const struct pw_rules *rules, bool use_miner, pw_error *err);
/* Observers of every delivered event and advisory (see pw_replay_opts); NULL: none. */
void replay_reader_set_observers(replay_reader *r, int (*on_event)(const pw_event *, void *),
                                 int (*on_advisory)(const pw_advisory *, void *), void *ud);
void replay_reader_free(replay_reader *r);
/* One record into the engine (and the observers): 0, or -1 with err. */
int replay_take_event(replay_reader *r, pw_event *ev, pw_error *err);
int replay_take_advisory(replay_reader *r, const pw_advisory *a, pw_error *err);
/* The miner's clusters into / out of the engine's state blobs (no-ops without a miner). */
int replay_reader_stash_miner(replay_reader *r, pw_error *err);
int replay_reader_restore_miner(replay_reader *r, pw_error *err);
void replay_reader_counts(const replay_reader *r, uint64_t *events, uint64_t *bad, uint64_t *advisories);

#endif
