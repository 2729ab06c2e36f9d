/* ingest/evtx_progress: a one-line progress bar on stderr (percent, MB/s, records/s), drawn only when stderr
 * is a terminal and the input is large enough to wait for; silent otherwise (pipes, cron, tests). The caller
 * passes allowed=false when records themselves go to the terminal. */
#ifndef PW_INGEST_EVTX_PROGRESS_H
#define PW_INGEST_EVTX_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct pw_progress {
    bool on;
    const char *label;
    uint64_t total;
    int64_t start_us, last_us;
} pw_progress;

void pw_progress_begin(pw_progress *p, const char *label, uint64_t total_bytes, bool allowed);
void pw_progress_update(pw_progress *p, uint64_t done_bytes, uint64_t records);
void pw_progress_end(pw_progress *p, uint64_t done_bytes, uint64_t records);

#endif
