/* ingest/evtx_ingest: `patchwatch ingest evtx` as a library call: files and directories (recursively, every
 * *.evtx, in name order) to a pw_out, resuming each file after its checkpointed record id. A file that
 * cannot be read is reported and the others still go; the return says whether any failed. */
#ifndef PW_INGEST_EVTX_INGEST_H
#define PW_INGEST_EVTX_INGEST_H

#include <stddef.h>

#include "core/pw_error.h"
#include "core/pw_out.h"
#include "ingest/evtx_read.h"

#define PW_EVTX_DIR_MAX_DEPTH 32      /* directory recursion; deeper trees are reported and cut */
#define PW_EVTX_DIR_MAX_FILES 1000000 /* files per run */

typedef struct pw_evtx_ingest_totals {
    size_t files, files_failed;
    uint64_t records, bytes;
    pw_evtx_stats stats;
} pw_evtx_ingest_totals;

/* checkpoint_file may be NULL (no resume). Returns 0 when every file was read, -1 otherwise (err holds the
 * first failure; each failure is also logged). */
int pw_evtx_ingest(const char *const *paths, size_t npaths, const pw_evtx_read_opts *o, const char *checkpoint_file,
                   pw_out *out, pw_evtx_ingest_totals *totals, pw_error *err);
/* The .evtx files under paths (files are taken as given), sorted; for tests. Caller frees each and the array. */
int pw_evtx_collect(const char *const *paths, size_t npaths, char ***files, size_t *nfiles, pw_error *err);

#endif
