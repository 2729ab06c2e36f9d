/* pw_metrics: the metric table and its Prometheus text rendering (see pw_metrics.h).
 *
 * The table is a fixed array appended to under a mutex at registration and read under the same mutex at
 * scrape time; the values themselves are atomics bumped without the lock. Rendering groups cells by name with
 * a linear scan per distinct name: O(cells^2) for a few hundred cells, well under a millisecond per scrape. */
#include "core/pw_metrics.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/pw_log.h"

#define NAME_MAX_LEN 96
#define HELP_MAX_LEN 160
#define LABELS_MAX_LEN 256

typedef struct cell {
    char name[NAME_MAX_LEN];
    char help[HELP_MAX_LEN];
    char labels[LABELS_MAX_LEN];
    pw_metric_type type;
    _Atomic uint64_t value; /* counter value, or a gauge's double bits */
    pw_metrics_gauge_fn fn; /* callback gauge when set */
    void *ud;
} cell;

typedef struct health {
    char name[NAME_MAX_LEN];
    pw_metrics_health_fn fn;
    void *ud;
} health;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static cell cells[PW_METRICS_MAX];
static size_t ncells;
static health checks[PW_METRICS_HEALTH_MAX];
static size_t nchecks;
static _Atomic uint64_t overflow_cell;
static int overflow_logged;

static uint64_t double_bits(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

static double bits_double(uint64_t u)
{
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* Finds or adds a cell; called with the lock held. */
static cell *cell_get(const char *name, const char *help, const char *labels, pw_metric_type type)
{
    if (!labels) labels = "";
    for (size_t i = 0; i < ncells; i++)
        if (strcmp(cells[i].name, name) == 0 && strcmp(cells[i].labels, labels) == 0) return &cells[i];
    if (ncells == PW_METRICS_MAX) {
        if (!overflow_logged++) pw_log_warn("metrics: more than %d metrics; %s and later ones are not exported",
                                            PW_METRICS_MAX, name);
        return NULL;
    }
    cell *c = &cells[ncells++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->help, sizeof c->help, "%s", help ? help : "");
    snprintf(c->labels, sizeof c->labels, "%s", labels);
    c->type = type;
    return c;
}

static _Atomic uint64_t *cell_value(const char *name, const char *help, const char *labels, pw_metric_type type)
{
    pthread_mutex_lock(&lock);
    cell *c = cell_get(name, help, labels, type);
    pthread_mutex_unlock(&lock);
    return c ? &c->value : &overflow_cell;
}

_Atomic uint64_t *pw_metrics_counter(const char *name, const char *help, const char *labels)
{
    return cell_value(name, help, labels, PW_METRIC_COUNTER);
}

_Atomic uint64_t *pw_metrics_gauge(const char *name, const char *help, const char *labels)
{
    return cell_value(name, help, labels, PW_METRIC_GAUGE);
}

void pw_metrics_gauge_set(_Atomic uint64_t *c, double v)
{
    atomic_store_explicit(c, double_bits(v), memory_order_relaxed);
}

static int fn_add(const char *name, const char *help, const char *labels, pw_metric_type type,
                  pw_metrics_gauge_fn fn, void *ud)
{
    pthread_mutex_lock(&lock);
    cell *c = cell_get(name, help, labels, type);
    if (c) {
        c->fn = fn;
        c->ud = ud;
    }
    pthread_mutex_unlock(&lock);
    return c ? 0 : -1;
}

int pw_metrics_gauge_fn_add(const char *name, const char *help, const char *labels, pw_metrics_gauge_fn fn,
                            void *ud)
{
    return fn_add(name, help, labels, PW_METRIC_GAUGE, fn, ud);
}

int pw_metrics_counter_fn_add(const char *name, const char *help, const char *labels, pw_metrics_gauge_fn fn,
                              void *ud)
{
    return fn_add(name, help, labels, PW_METRIC_COUNTER, fn, ud);
}

void pw_metrics_forget(void *ud)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < ncells; i++)
        if (cells[i].fn && cells[i].ud == ud) {
            cells[i].fn = NULL;
            cells[i].ud = NULL;
        }
    size_t k = 0;
    for (size_t i = 0; i < nchecks; i++)
        if (checks[i].ud != ud) checks[k++] = checks[i];
    nchecks = k;
    pthread_mutex_unlock(&lock);
}

const char *pw_metrics_label_escape(const char *value, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = value ? value : ""; *p && o + 3 < size; p++) {
        if (*p == '\\' || *p == '"') {
            out[o++] = '\\';
            out[o++] = *p;
        } else if (*p == '\n') {
            out[o++] = '\\';
            out[o++] = 'n';
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
    return out;
}

int pw_metrics_health_add(const char *name, pw_metrics_health_fn fn, void *ud)
{
    int rc = -1;
    pthread_mutex_lock(&lock);
    if (nchecks < PW_METRICS_HEALTH_MAX) {
        snprintf(checks[nchecks].name, sizeof checks[nchecks].name, "%s", name);
        checks[nchecks].fn = fn;
        checks[nchecks].ud = ud;
        nchecks++;
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int pw_metrics_health(pw_buf *out)
{
    int bad = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nchecks; i++) {
        char why[256] = "";
        if (checks[i].fn(checks[i].ud, why, sizeof why) != 0) {
            bad = 1;
            pw_buf_printf(out, "%s: %s\n", checks[i].name, why[0] ? why : "failing");
        }
    }
    pthread_mutex_unlock(&lock);
    return bad ? -1 : 0;
}

static void render_value(pw_buf *out, double v)
{
    if (isnan(v)) pw_buf_puts(out, "NaN");
    else if (isinf(v)) pw_buf_puts(out, v > 0 ? "+Inf" : "-Inf");
    else if (v == (double)(int64_t)v && fabs(v) < 9e15) pw_buf_printf(out, "%lld", (long long)v);
    else pw_buf_printf(out, "%.17g", v);
}

int pw_metrics_render(pw_buf *out)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < ncells; i++) {
        int seen = 0; /* this name already rendered with an earlier cell */
        for (size_t j = 0; j < i && !seen; j++) seen = strcmp(cells[j].name, cells[i].name) == 0;
        if (seen) continue;
        pw_buf_printf(out, "# HELP %s ", cells[i].name);
        for (const char *p = cells[i].help; *p; p++) { /* HELP escapes backslash and newline */
            if (*p == '\\') pw_buf_puts(out, "\\\\");
            else if (*p == '\n') pw_buf_puts(out, "\\n");
            else pw_buf_putc(out, *p);
        }
        pw_buf_printf(out, "\n# TYPE %s %s\n", cells[i].name,
                      cells[i].type == PW_METRIC_COUNTER ? "counter" : "gauge");
        for (size_t j = i; j < ncells; j++) {
            const cell *c = &cells[j];
            if (strcmp(c->name, cells[i].name) != 0) continue;
            pw_buf_puts(out, c->name);
            if (c->labels[0]) pw_buf_printf(out, "{%s}", c->labels);
            pw_buf_putc(out, ' ');
            uint64_t raw = atomic_load_explicit(&c->value, memory_order_relaxed);
            if (c->fn) render_value(out, c->fn(c->ud));
            else if (c->type == PW_METRIC_COUNTER) pw_buf_printf(out, "%llu", (unsigned long long)raw);
            else render_value(out, bits_double(raw));
            pw_buf_putc(out, '\n');
        }
    }
    pthread_mutex_unlock(&lock);
    return 0;
}

void pw_metrics_reset(void)
{
    pthread_mutex_lock(&lock);
    ncells = 0;
    nchecks = 0;
    overflow_logged = 0;
    pthread_mutex_unlock(&lock);
}
