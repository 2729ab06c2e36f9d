/* replay_inputs: one replay input file (events or a feed document) into the engine, read by the file reader
 * replay was given (pw_source_files_api: the `files` source's reader, ingest/file_reader.h). */
#ifndef PW_REPLAY_INPUTS_H
#define PW_REPLAY_INPUTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_stage.h"
#include "correlate/correlate.h"

struct pw_rules;
typedef struct replay_reader replay_reader;

replay_reader *replay_reader_new(pw_corr *c, const struct pw_rules *rules, bool use_miner,
                                 const pw_source_files_api *files, pw_error *err);
/* Observers of every delivered event and advisory (see pw_replay_opts); NULL: none. */
void replay_reader_set_observers(replay_reader *r, int (*on_event)(const pw_event *, void *),
                                 int (*on_advisory)(const pw_advisory *, void *), void *ud);
void replay_reader_free(replay_reader *r);
/* 1 when read (damaged records are counted and skipped), 0 when the file is not an input, -1 on an I/O
 * error (err names the file). */
int replay_read_events(replay_reader *r, const char *path, pw_error *err);
int replay_read_feed(replay_reader *r, const char *path, pw_error *err);
/* The miner's clusters into / out of the engine's state blobs (no-ops without a miner). */
int replay_reader_stash_miner(replay_reader *r, pw_error *err);
int replay_reader_restore_miner(replay_reader *r, pw_error *err);
void replay_reader_counts(const replay_reader *r, uint64_t *events, uint64_t *bad, uint64_t *advisories);

#endif
