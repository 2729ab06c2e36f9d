/* ingest/evtx_read: one .evtx file to a pw_out, streaming, optionally on N threads with output in record
 * order; the engine behind `patchwatch parse FILE.evtx` and `patchwatch ingest evtx`.
 *
 * Memory is bounded by 4 x jobs chunk slots (64 KiB each plus their rendered output), whatever the file
 * size. The calling thread reads chunks (pread), decodes alongside N-1 worker threads and writes results
 * in chunk order. */
#ifndef PW_INGEST_EVTX_READ_H
#define PW_INGEST_EVTX_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_out.h"
#include "parsers/evtx.h"

#define PW_EVTX_MAX_JOBS 256
#define PW_EVTX_PROGRESS_MIN ((uint64_t)4 << 20) /* a progress bar is noise for small files */

typedef struct pw_evtx_read_opts {
    int jobs;          /* decoders (threads incl. the calling one); 1 = no extra thread */
    bool xml;          /* push each record's XML instead of its JSON event */
    uint64_t after_id; /* skip records whose id is <= this (a checkpoint); 0 = none */
    bool progress;     /* allow a progress bar on stderr (only drawn on a tty, for large inputs) */
    const char *label; /* progress bar label, default the file name */
    struct pw_progress *shared_progress; /* a bar spanning several files (ingest of a directory), or NULL */
    uint64_t progress_base;              /* bytes and records already counted on it */
    uint64_t progress_records_base;
} pw_evtx_read_opts;

typedef struct pw_evtx_read_result {
    uint64_t records;  /* pushed */
    uint64_t last_id;  /* highest record id pushed (or seen when all were skipped) */
    uint64_t bytes;    /* file size */
    double seconds;
    pw_evtx_stats stats;
} pw_evtx_read_result;

/* Returns 0 (damage inside the file is reported and counted, not an error) or -1 when the file cannot be
 * opened/read or the output fails. */
int pw_evtx_read_file(const char *path, const pw_evtx_read_opts *o, pw_out *out, pw_evtx_read_result *res,
                      pw_error *err);

#endif
