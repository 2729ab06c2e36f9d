/* ingest/evtx_read: see evtx_read.h. A ring of 4 x jobs chunk slots: the calling thread reads chunk i into
 * slot i % nslots, decoders take READY slots in order and render them into the slot's own output buffer
 * (one line per record), and the calling thread writes slots strictly in chunk order, so output order is
 * record order whatever the thread count. -j N runs N decoders: N-1 threads plus the calling thread, which
 * decodes untaken chunks instead of sleeping while it waits for the next one in order. Each decoder owns
 * a pw_evtx_dec and a pw_event, reused for every record (no per-record allocation once warm). */
#include "ingest/evtx_read.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "ingest/evtx_progress.h"

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

typedef struct slot {
    uint8_t chunk[PW_EVTX_CHUNK_SIZE];
    size_t chunk_len;
    uint32_t index;
    int state;
    pw_buf out;          /* rendered records back to back */
    uint32_t *lens;      /* length of each record in out */
    size_t nlens, lens_cap;
    uint64_t last_id;
    int failed;
} slot;

typedef struct worker {
    pthread_t th;
    struct reader *r;
    pw_evtx_dec *dec;
    pw_event ev;
} worker;

typedef struct reader {
    const pw_evtx_read_opts *o;
    slot *slots;
    uint32_t nslots;
    uint32_t next_take, next_read; /* chunk indices: next to decode, next to be read (= published) */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
} reader;

static int slot_push_len(slot *s, size_t len)
{
    if (s->nlens == s->lens_cap) {
        size_t cap = s->lens_cap ? s->lens_cap * 2 : 256;
        uint32_t *p = realloc(s->lens, cap * sizeof *p);
        if (!p) return -1;
        s->lens = p;
        s->lens_cap = cap;
    }
    s->lens[s->nlens++] = (uint32_t)len;
    return 0;
}

/* Decodes the slot's chunk into its output lines. */
static void decode_slot(worker *w, slot *s)
{
    const pw_evtx_read_opts *o = w->r->o;
    pw_buf_reset(&s->out);
    s->nlens = 0;
    s->failed = 0;
    s->last_id = 0;
    if (pw_evtx_dec_load(w->dec, s->chunk, s->chunk_len, s->index) != 0) return;
    uint64_t id;
    for (;;) {
        size_t before = s->out.len;
        int r = o->xml ? pw_evtx_dec_next(w->dec, NULL, &s->out, &id) : pw_evtx_dec_next(w->dec, &w->ev, NULL, &id);
        if (r != 1) break;
        if (!o->xml && pw_event_to_json(&w->ev, &s->out, NULL)) {
            s->out.len = before;
            continue;
        }
        if (slot_push_len(s, s->out.len - before)) {
            s->failed = 1;
            break;
        }
        if (id > s->last_id) s->last_id = id;
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    reader *r = w->r;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && r->next_take >= r->next_read) pthread_cond_wait(&r->work_cv, &r->mu);
        if (r->next_take >= r->next_read) break; /* stop, nothing left */
        slot *s = &r->slots[r->next_take % r->nslots];
        r->next_take++;
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&r->mu);
        decode_slot(w, s);
        pthread_mutex_lock(&r->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&r->done_cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static int worker_init(worker *w, reader *r, const char *name, uint64_t min_id, pw_error *err)
{
    memset(w, 0, sizeof *w);
    w->r = r;
    pw_event_init(&w->ev);
    if (!(w->dec = pw_evtx_dec_new(name, err))) return -1;
    pw_evtx_dec_set_min_id(w->dec, min_id);
    return 0;
}

static void stats_add(pw_evtx_stats *a, const pw_evtx_stats *b)
{
    a->chunks += b->chunks;
    a->chunks_empty += b->chunks_empty;
    a->chunks_bad += b->chunks_bad;
    a->records += b->records;
    a->records_bad += b->records_bad;
    a->bytes += b->bytes;
}

int pw_evtx_read_file(const char *path, const pw_evtx_read_opts *o, pw_out *out, pw_evtx_read_result *res,
                      pw_error *err)
{
    int rc = -1, jobs = o->jobs < 1 ? 1 : o->jobs > PW_EVTX_MAX_JOBS ? PW_EVTX_MAX_JOBS : o->jobs;
    int nthreads = jobs - 1, started = 0, sync_ok = 0; /* the calling thread is the last decoder */
    reader r = {.o = o};
    worker *ws = NULL;
    pw_progress prog;
    int64_t t0 = pw_time_mono_us();
    memset(res, 0, sizeof *res);
    pw_evtx_file *f = pw_evtx_open(path, err);
    if (!f) return -1;
    uint32_t nchunks = pw_evtx_chunk_slots(f);
    res->bytes = pw_evtx_file_size(f);
    if (nchunks < 4) nthreads = 0; /* a thread start costs more than decoding a chunk or two */
    r.nslots = (uint32_t)jobs * 4; /* enough chunks in flight that no decoder waits for the writer */
    if (!(r.slots = calloc(r.nslots, sizeof *r.slots)) || !(ws = calloc((size_t)jobs, sizeof *ws))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    for (int i = 0; i < jobs; i++)
        if (worker_init(&ws[i], &r, path, o->after_id ? o->after_id + 1 : 0, err)) goto err;
    if (pthread_mutex_init(&r.mu, NULL) || pthread_cond_init(&r.work_cv, NULL) || pthread_cond_init(&r.done_cv, NULL)) {
        pw_error_set(err, PW_ERR_INTERNAL, "pthread init failed");
        goto err;
    }
    sync_ok = 1;
    for (; started < nthreads; started++)
        if (pthread_create(&ws[started].th, NULL, worker_main, &ws[started])) {
            pw_error_set(err, PW_ERR_INTERNAL, "cannot start decoder thread");
            goto err;
        }
    pw_progress *bar = o->shared_progress ? o->shared_progress : &prog;
    if (!o->shared_progress) pw_progress_begin(&prog, o->label ? o->label : path, res->bytes, o->progress);

    for (uint32_t next_write = 0; next_write < nchunks;) {
        /* fill free slots with the next chunks */
        while (r.next_read < nchunks && r.next_read - next_write < r.nslots) {
            slot *s = &r.slots[r.next_read % r.nslots];
            long n = pw_evtx_read_chunk(f, r.next_read, s->chunk, err);
            if (n < 0) goto err;
            s->chunk_len = (size_t)n;
            s->index = r.next_read;
            pthread_mutex_lock(&r.mu);
            s->state = SLOT_READY;
            r.next_read++;
            if (nthreads) pthread_cond_signal(&r.work_cv);
            pthread_mutex_unlock(&r.mu);
        }
        /* wait for the next chunk in order; decode untaken chunks meanwhile instead of sleeping */
        slot *s = &r.slots[next_write % r.nslots];
        pthread_mutex_lock(&r.mu);
        while (s->state != SLOT_DONE) {
            if (r.next_take < r.next_read) {
                slot *t = &r.slots[r.next_take % r.nslots];
                r.next_take++;
                t->state = SLOT_BUSY;
                pthread_mutex_unlock(&r.mu);
                decode_slot(&ws[jobs - 1], t);
                pthread_mutex_lock(&r.mu);
                t->state = SLOT_DONE;
            } else {
                pthread_cond_wait(&r.done_cv, &r.mu);
            }
        }
        pthread_mutex_unlock(&r.mu);
        if (s->failed) {
            pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory in chunk %u", path, s->index);
            goto err;
        }
        size_t off = 0;
        for (size_t i = 0; i < s->nlens; i++) {
            if (pw_out_raw(out, "event", s->out.data + off, s->lens[i], err)) goto err;
            off += s->lens[i];
        }
        res->records += s->nlens;
        if (s->last_id > res->last_id) res->last_id = s->last_id;
        s->state = SLOT_FREE;
        next_write++;
        pw_progress_update(bar, o->progress_base + (uint64_t)next_write * PW_EVTX_CHUNK_SIZE,
                           o->progress_records_base + res->records);
    }
    if (!o->shared_progress) pw_progress_end(&prog, res->bytes, res->records);
    rc = 0;
err:
    if (sync_ok) {
        pthread_mutex_lock(&r.mu);
        r.stop = 1;
        r.next_read = r.next_take; /* workers finish what they took, start nothing new */
        pthread_cond_broadcast(&r.work_cv);
        pthread_mutex_unlock(&r.mu);
    }
    for (int i = 0; i < started; i++) pthread_join(ws[i].th, NULL);
    if (sync_ok) {
        pthread_mutex_destroy(&r.mu);
        pthread_cond_destroy(&r.work_cv);
        pthread_cond_destroy(&r.done_cv);
    }
    for (int i = 0; ws && i < jobs; i++) {
        if (ws[i].dec) stats_add(&res->stats, pw_evtx_dec_stats(ws[i].dec));
        pw_evtx_dec_free(ws[i].dec);
        pw_event_free(&ws[i].ev);
    }
    for (uint32_t i = 0; r.slots && i < r.nslots; i++) {
        pw_buf_free(&r.slots[i].out);
        free(r.slots[i].lens);
    }
    free(r.slots);
    free(ws);
    if (res->last_id < o->after_id) res->last_id = o->after_id;
    res->seconds = (double)(pw_time_mono_us() - t0) / 1e6;
    pw_evtx_close(f);
    return rc;
}
