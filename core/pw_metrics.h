/* pw_metrics: the process's counters and gauges, and their rendering in the Prometheus text exposition format
 * 0.0.4 (what /metrics serves, core/pw_metrics_http.c). Stages register a metric once at start and then bump
 * a plain atomic: the hot path costs one relaxed atomic add, no lock and no lookup. Values that already live
 * elsewhere (a queue's byte count, the correlator's state size) are registered as gauge callbacks read at
 * scrape time, so no stage keeps a second copy.
 *
 * Names follow Prometheus conventions: `patchwatch_` prefix, snake_case, base units (seconds, bytes), `_total`
 * for counters. Labels are fixed at registration (stage="...", source="..."); a metric with the same name and
 * labels registered twice returns the same cell, so a restarted stage keeps counting.
 *
 * Health: checks registered with pw_metrics_health_add are run by /healthz; any failing check makes it 503 with
 * the reasons, one per line (a stuck stage, a sink queue over its cap). */
#ifndef PW_METRICS_H
#define PW_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pw_buf.h"

#define PW_METRICS_MAX 512      /* metric cells per process: stages x sources x a few dozen names, with room */
#define PW_METRICS_HEALTH_MAX 64 /* health checks per process */

typedef enum { PW_METRIC_COUNTER = 0, PW_METRIC_GAUGE } pw_metric_type;

/* A gauge read at scrape time. */
typedef double (*pw_metrics_gauge_fn)(void *ud);
/* A health check: returns 0 when healthy, or -1 with a one-line reason written into why. */
typedef int (*pw_metrics_health_fn)(void *ud, char *why, size_t size);

/* Registers (or finds) a counter and returns its cell; never NULL (a full table returns a shared overflow cell
 * and logs once). name: "patchwatch_events_in_total"; help: one line; labels: "" or `stage="sink",name="siem"`
 * (already formatted, values escaped with pw_metrics_label_escape). */
_Atomic uint64_t *pw_metrics_counter(const char *name, const char *help, const char *labels);
/* A settable gauge cell (stored as a double's bits). */
_Atomic uint64_t *pw_metrics_gauge(const char *name, const char *help, const char *labels);
void pw_metrics_gauge_set(_Atomic uint64_t *cell, double v);
/* A gauge computed at scrape time by fn(ud). Registering the same name+labels again replaces fn/ud. */
int pw_metrics_gauge_fn_add(const char *name, const char *help, const char *labels, pw_metrics_gauge_fn fn,
                            void *ud);
/* A counter whose value lives elsewhere (a stage's own statistics), read at scrape time. */
int pw_metrics_counter_fn_add(const char *name, const char *help, const char *labels, pw_metrics_gauge_fn fn,
                              void *ud);
/* Removes every callback gauge and health check whose ud is this pointer (a stage that ends). */
void pw_metrics_forget(void *ud);

static inline void pw_metrics_inc(_Atomic uint64_t *cell, uint64_t n)
{
    atomic_fetch_add_explicit(cell, n, memory_order_relaxed);
}

/* Escapes a label value (backslash, double quote, newline) into out; returns out. Longer values are cut. */
const char *pw_metrics_label_escape(const char *value, char *out, size_t size);

int pw_metrics_health_add(const char *name, pw_metrics_health_fn fn, void *ud);
/* Runs every health check; returns 0 when all pass. Reasons ("name: why\n" each) are appended to out. */
int pw_metrics_health(pw_buf *out);

/* Appends every metric in the text format 0.0.4 (HELP and TYPE once per name, samples grouped by name). */
int pw_metrics_render(pw_buf *out);

/* Forgets everything (tests). */
void pw_metrics_reset(void);

#endif
