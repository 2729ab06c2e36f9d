/* ingest/file_merge: k-way merge of input files by event time (see file_merge.h).
 *
 * The heap holds the index of every open input whose head record is decoded; the input given out last stays
 * on top and is advanced at the start of the following call (its record stays valid until then), then
 * sifted down: one sift per record, and two comparisons when that file is still the earliest. Keys are compared as
 * (time, input index), so ties keep input order and the result does not depend on the heap's shape. */
#include "ingest/file_merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "ingest/file_reader_priv.h"

#define NONE ((size_t)-1)

typedef enum { IN_PENDING, IN_OPEN, IN_DONE } input_state;

typedef struct input {
    char *path;
    bool advisories;
    input_state state;
    pw_file_cursor *cur;
    pw_file_item head;
    int64_t key;       /* of head */
    int64_t first_key; /* lazy mode: the first record's time */
    bool has_key;      /* a record was read from this input (key is the last one's) */
    bool warned_backwards;
} input;

struct pw_file_merge {
    pw_file_reader *r;
    size_t max_open;
    input *in;
    size_t n, cap;
    size_t *heap, nheap;
    size_t *order, next_pending; /* lazy mode: inputs by first record's time */
    size_t open;
    size_t last; /* the input whose record was given out last, to advance */
    size_t buf_size; /* each cursor's line buffer: PW_FILE_MERGE_BUF_TOTAL shared by the inputs open at once */
    bool started, lazy, warned_late, warned_summary;
    uint64_t files_backwards;   /* files with a record earlier than the one before it */
    char first_backwards[512]; /* where the first of those was, path:line */
    int64_t last_given; /* the key of the record given out last */
    bool given_any;
    pw_file_damage_fn damage_fn;
    void *damage_ud;
    pw_file_merge_stats st;
};

pw_file_merge *pw_file_merge_new(pw_file_reader *r, size_t max_open, pw_error *err)
{
    pw_file_merge *m = calloc(1, sizeof *m);
    if (!m) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    m->r = r;
    m->max_open = max_open ? max_open : PW_FILE_MERGE_MAX_OPEN;
    m->last = NONE;
    return m;
}

void pw_file_merge_free(pw_file_merge *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++) {
        pw_file_cursor_close(m->in[i].cur);
        free(m->in[i].path);
    }
    free(m->in);
    free(m->heap);
    free(m->order);
    free(m);
}

void pw_file_merge_on_damage(pw_file_merge *m, pw_file_damage_fn fn, void *ud)
{
    m->damage_fn = fn;
    m->damage_ud = ud;
}

void pw_file_merge_get_stats(const pw_file_merge *m, pw_file_merge_stats *st)
{
    *st = m->st;
    st->lazy = m->lazy;
}

int pw_file_merge_add(pw_file_merge *m, const char *path, bool advisories, pw_error *err)
{
    if (m->started) return pw_error_set(err, PW_ERR_USAGE, "%s: inputs are added before the merge starts", path);
    if (m->n >= PW_FILE_MERGE_MAX_INPUTS)
        return pw_error_set(err, PW_ERR_LIMIT, "%s: more than %d inputs", path, PW_FILE_MERGE_MAX_INPUTS);
    if (m->n == m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 64;
        input *nv = realloc(m->in, ncap * sizeof *nv);
        if (!nv) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        m->in = nv;
        m->cap = ncap;
    }
    input *in = &m->in[m->n];
    memset(in, 0, sizeof *in);
    if (!(in->path = strdup(path))) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    in->advisories = advisories;
    m->n++;
    m->st.inputs++;
    return 0;
}

static void on_damage(void *ud, const char *path, unsigned long long line, const char *msg)
{
    pw_file_merge *m = ud;
    m->st.damaged++;
    if (m->damage_fn) m->damage_fn(m->damage_ud, path, line, msg);
}

/* ---- the heap ---- */

static bool less(const pw_file_merge *m, size_t a, size_t b)
{
    return m->in[a].key < m->in[b].key || (m->in[a].key == m->in[b].key && a < b);
}

static void heap_push(pw_file_merge *m, size_t i)
{
    size_t k = m->nheap++;
    while (k > 0) {
        size_t parent = (k - 1) / 2;
        if (!less(m, i, m->heap[parent])) break;
        m->heap[k] = m->heap[parent];
        k = parent;
    }
    m->heap[k] = i;
}

/* Puts moved at k and sifts it down to its place. */
static void heap_sift_down(pw_file_merge *m, size_t k, size_t moved)
{
    for (;;) {
        size_t child = 2 * k + 1;
        if (child >= m->nheap) break;
        if (child + 1 < m->nheap && less(m, m->heap[child + 1], m->heap[child])) child++;
        if (!less(m, m->heap[child], moved)) break;
        m->heap[k] = m->heap[child];
        k = child;
    }
    m->heap[k] = moved;
}

static size_t heap_pop(pw_file_merge *m)
{
    size_t top = m->heap[0], moved = m->heap[--m->nheap];
    if (m->nheap) heap_sift_down(m, 0, moved);
    return top;
}

/* ---- inputs ---- */

static void close_input(pw_file_merge *m, input *in)
{
    if (in->state == IN_OPEN) m->open--;
    pw_file_cursor_close(in->cur);
    in->cur = NULL;
    in->state = IN_DONE;
}

static void input_failed(pw_file_merge *m, input *in, const char *msg)
{
    pw_log_warn("%s: %s (the other inputs go on)", m->r->o.log_prefix, msg);
    m->st.failed++;
    if (m->damage_fn) m->damage_fn(m->damage_ud, in->path, in->head.line, msg);
    close_input(m, in);
}

/* Reads the input's next record into its head (1), or closes the input at its end or on an error (0). */
static int advance(pw_file_merge *m, size_t i)
{
    input *in = &m->in[i];
    pw_error e = {0};
    int n = pw_file_cursor_next(in->cur, &in->head, &e);
    if (n < 0) {
        input_failed(m, in, e.msg);
        return 0;
    }
    if (n == 0) {
        close_input(m, in);
        return 0;
    }
    int64_t ts = in->head.ts;
    if (ts == PW_TS_NONE) ts = in->has_key ? in->key : INT64_MIN; /* keeps its place after the record before */
    else if (in->has_key && ts < in->key) {
        m->st.backwards++;
        if (!in->warned_backwards) {
            in->warned_backwards = true;
            if (!m->files_backwards++)
                snprintf(m->first_backwards, sizeof m->first_backwards, "%s:%llu", in->path, in->head.line);
            char a[PW_RFC3339_MAX] = "?", b[PW_RFC3339_MAX];
            if (in->key != INT64_MIN) pw_time_format(in->key, a);
            pw_time_format(ts, b);
            pw_log_info("%s: %s:%llu: not in time order (%s after %s): its records are merged in file order",
                        m->r->o.log_prefix, in->path, in->head.line, b, a);
        }
    }
    in->key = ts;
    in->has_key = true;
    return 1;
}

/* 1 open (head on the heap or already ended), 0 not an input by name, -1 failed. */
static int open_input(pw_file_merge *m, size_t i)
{
    input *in = &m->in[i];
    pw_error e = {0};
    pw_file_cursor_opts co = {.damage = on_damage, .damage_ud = m, .buf_size = m->buf_size};
    int o = pw_file_cursor_open(m->r, in->path, in->advisories, &co, &in->cur, &e);
    if (o == 0) {
        pw_log_info("%s: %s: not %s by its name, skipped", m->r->o.log_prefix, in->path,
                    in->advisories ? "a feed document" : "an event file");
        m->st.skipped++;
        in->state = IN_DONE;
        return 0;
    }
    if (o < 0) {
        in->state = IN_DONE;
        input_failed(m, in, e.msg);
        return -1;
    }
    in->state = IN_OPEN;
    m->st.read++;
    if (++m->open > m->st.max_open) m->st.max_open = m->open;
    if (advance(m, i)) heap_push(m, i);
    return 1;
}

static int cmp_first(const void *a, const void *b, void *ud)
{
    const pw_file_merge *m = ud;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int64_t kx = m->in[x].first_key, ky = m->in[y].first_key;
    return kx < ky ? -1 : kx > ky ? 1 : x < y ? -1 : x > y;
}

/* Lazy mode: each input opened once for its first record's time (damage there is reported again when the
 * input is read for real), then the inputs sorted by it. One extra open per file: the price of a bound. */
static int peek_first_keys(pw_file_merge *m, pw_error *err)
{
    if (!(m->order = malloc(m->n * sizeof *m->order)))
        return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++) {
        input *in = &m->in[i];
        pw_error e = {0};
        pw_file_cursor *c = NULL;
        in->first_key = INT64_MIN;
        int o = pw_file_cursor_open(m->r, in->path, in->advisories, NULL, &c, &e);
        if (o == 1) {
            pw_file_item it;
            if (pw_file_cursor_next(c, &it, &e) == 1 && it.ts != PW_TS_NONE) in->first_key = it.ts;
            pw_file_cursor_close(c);
        }
        m->order[k++] = i; /* a file that fails here fails again, reported, when opened */
    }
    qsort_r(m->order, k, sizeof *m->order, cmp_first, m);
    return 0;
}

static int start(pw_file_merge *m, pw_error *err)
{
    m->started = true;
    size_t open_at_once = m->n < m->max_open ? m->n : m->max_open;
    m->buf_size = open_at_once ? PW_FILE_MERGE_BUF_TOTAL / open_at_once : PW_FILE_CURSOR_BUF;
    if (m->buf_size < PW_FILE_CURSOR_BUF) m->buf_size = PW_FILE_CURSOR_BUF;
    if (m->buf_size > PW_FILE_MERGE_BUF_ONE) m->buf_size = PW_FILE_MERGE_BUF_ONE;
    if (m->n && !(m->heap = malloc(m->n * sizeof *m->heap))) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    if (m->n > m->max_open) {
        m->lazy = true;
        pw_log_info("%s: %zu inputs, at most %zu open at once: each is opened when the merge's time reaches its "
                    "first record", m->r->o.log_prefix, m->n, m->max_open);
        return peek_first_keys(m, err);
    }
    for (size_t i = 0; i < m->n; i++) open_input(m, i);
    return 0;
}

/* Lazy mode: opens the waiting inputs whose first record is due, while fewer than max_open are open. */
static void open_due(pw_file_merge *m)
{
    while (m->next_pending < m->n && m->open < m->max_open) {
        size_t j = m->order[m->next_pending];
        if (m->nheap && m->in[j].first_key > m->in[m->heap[0]].key) break;
        m->next_pending++;
        open_input(m, j);
    }
}

int pw_file_merge_next(pw_file_merge *m, pw_file_item *it, pw_error *err)
{
    if (!m->started && start(m, err)) return -1;
    if (m->last != NONE) { /* still the heap's top: its next record sifts down from there, or it leaves */
        size_t i = m->last;
        m->last = NONE;
        if (advance(m, i)) heap_sift_down(m, 0, i);
        else heap_pop(m);
    }
    if (m->lazy) open_due(m);
    if (!m->nheap) {
        if (m->st.backwards && !m->warned_summary) { /* the per-file detail is at info level */
            m->warned_summary = true;
            pw_log_warn("%s: %llu records in %llu files were earlier than the record before them in the same file "
                        "(first: %s); each file was merged in its own order", m->r->o.log_prefix,
                        (unsigned long long)m->st.backwards, (unsigned long long)m->files_backwards,
                        m->first_backwards);
        }
        return 0;
    }
    size_t i = m->heap[0];
    input *in = &m->in[i];
    if (m->given_any && in->key < m->last_given) {
        m->st.out_of_order++;
        if (m->lazy && !m->warned_late && !in->warned_backwards) {
            m->warned_late = true;
            pw_log_warn("%s: more than %zu inputs overlap in time: %s waited for a free slot and its records come "
                        "late (counted as out of time order)", m->r->o.log_prefix, m->max_open, in->path);
        }
    }
    m->last_given = in->key;
    m->given_any = true;
    *it = in->head;
    m->last = i;
    m->st.records++;
    return 1;
}
