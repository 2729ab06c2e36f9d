/* ingest/evtx_progress: see evtx_progress.h. Redraws at most 5 times a second. */
#include "ingest/evtx_progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_time.h"
#include "ingest/evtx_read.h"

void pw_progress_begin(pw_progress *p, const char *label, uint64_t total_bytes, bool allowed)
{
    memset(p, 0, sizeof *p);
    p->on = allowed && total_bytes >= PW_EVTX_PROGRESS_MIN && isatty(STDERR_FILENO);
    p->label = label ? label : "";
    p->total = total_bytes;
    p->start_us = p->last_us = pw_time_mono_us();
}

static void draw(pw_progress *p, uint64_t done, uint64_t records, int64_t now)
{
    double secs = (double)(now - p->start_us) / 1e6;
    double frac = p->total ? (double)done / (double)p->total : 1.0;
    if (frac > 1) frac = 1;
    char bar[31];
    int fill = (int)(frac * 30);
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    const char *name = strrchr(p->label, '/') ? strrchr(p->label, '/') + 1 : p->label;
    fprintf(stderr, "\r%-24.24s [%s] %3d%% %7.1f MB/s %9.0f rec/s", name, bar, (int)(frac * 100),
            secs > 0 ? (double)done / 1e6 / secs : 0.0, secs > 0 ? (double)records / secs : 0.0);
    fflush(stderr);
}

void pw_progress_update(pw_progress *p, uint64_t done_bytes, uint64_t records)
{
    if (!p->on) return;
    int64_t now = pw_time_mono_us();
    if (now - p->last_us < 200000) return;
    p->last_us = now;
    draw(p, done_bytes, records, now);
}

void pw_progress_end(pw_progress *p, uint64_t done_bytes, uint64_t records)
{
    if (!p->on) return;
    draw(p, done_bytes, records, pw_time_mono_us());
    fputc('\n', stderr);
}
