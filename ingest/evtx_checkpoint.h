/* ingest/evtx_checkpoint: per file, the highest record id already pushed, so re-running `ingest evtx` on a
 * grown file or directory pushes only new records. Stored as text lines "RECORD_ID<TAB>PATH" (absolute
 * path), rewritten atomically (temp file + rename) after each file so a crash loses at most one file's
 * progress and never corrupts the rest.
 * Limit: a log that was cleared restarts its ids at 1; its new records stay below the checkpoint until it
 * passes the old id. Delete the line (or the file) after clearing a log. */
#ifndef PW_INGEST_EVTX_CHECKPOINT_H
#define PW_INGEST_EVTX_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_error.h"

#define PW_CHECKPOINT_MAX_ENTRIES 100000 /* files tracked; a fleet export directory has far fewer */

typedef struct pw_checkpoint_entry {
    char *path;
    uint64_t last_id;
} pw_checkpoint_entry;

typedef struct pw_checkpoint {
    char *file; /* NULL: in memory only */
    pw_checkpoint_entry *e;
    size_t n, cap;
} pw_checkpoint;

/* Loads file (a missing file is an empty checkpoint). Lines that do not parse are an error with the line. */
int pw_checkpoint_load(pw_checkpoint *cp, const char *file, pw_error *err);
uint64_t pw_checkpoint_get(const pw_checkpoint *cp, const char *path);
int pw_checkpoint_set(pw_checkpoint *cp, const char *path, uint64_t last_id, pw_error *err);
int pw_checkpoint_save(const pw_checkpoint *cp, pw_error *err);
void pw_checkpoint_free(pw_checkpoint *cp);

#endif
