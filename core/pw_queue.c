/* pw_queue: the durable on-disk queue of network sinks (see pw_queue.h for the layout, fsync and cap policies).
 *
 * One writer and one reader, both the sink engine's thread: no locks. Appends are gathered in memory and
 * written with one write(2) per batch (pw_queue_write_out: the engine calls it before it hands a batch to the
 * receiver, when the bus is quiet and once a second; the queue itself at WBUF_MAX and before it reads, commits,
 * syncs, rolls or drops). One writev per record was a fifth of the syslog sink's time. Reads use pread on their own
 * descriptor, so reading never moves the append position. Opening a queue reads every undelivered record once
 * to check it and count it: O(bytes queued), paid only at start. */
#include "core/pw_queue.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_time.h"

#define HDR 21 /* magic 4, length 4, crc 4, enqueue time 8, topic length 1 */
#define SYNC_INTERVAL_US 1000000
#define SEGS_MAX 100000 /* segment files per queue: 1.6 TB at the default size; more is a damaged directory */
#define WBUF_MAX ((size_t)256 << 10) /* appends gathered in memory before one write(2): see pw_queue_write_out */

typedef struct seg {
    uint64_t seq, size;
} seg;

struct pw_queue {
    pw_queue_opts o;
    char dir[1024];
    seg *segs;
    size_t nseg, capseg;
    uint64_t seg_bytes;
    uint64_t commit_seq, commit_off, read_seq, read_off;
    uint64_t read_count; /* records read since the last commit */
    uint64_t last_seq, last_off, last_end; /* where the last append went (pw_queue_take_last) */
    int wfd, rfd, cfd;
    uint64_t rfd_seq;
    pw_buf rbuf;
    int64_t last_sync_us;
    int dirty;
    pw_buf wbuf;       /* appended records not yet written: they belong at the end of the last segment, whose
                          size already counts them (the file holds size - wbuf.len bytes) */
    uint64_t wbuf_recs;
    int dir_dirty;     /* a segment file was created since the last sync: its directory entry needs an fsync too,
                          or a power loss can lose the whole new file although its data was flushed */
    pw_queue_stats st;
};

/* ---- CRC-32 (IEEE 802.3, the zlib one) ----
 * Slicing-by-8 (eight tables, eight bytes a step): the same CRC as one byte a step, ~4x faster; one byte a
 * step was 7 % of the syslog sink's time. */
static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;
static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
}
static uint32_t crc32_update(uint32_t crc, const void *data, size_t n)
{
    const unsigned char *p = data;
    crc = ~crc;
    while (n >= 8) {
        uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^ crc_table[5][(lo >> 16) & 0xff] ^
              crc_table[4][lo >> 24] ^ crc_table[3][p[4]] ^ crc_table[2][p[5]] ^ crc_table[1][p[6]] ^
              crc_table[0][p[7]];
        p += 8;
        n -= 8;
    }
    while (n--) crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

int pw_queue_policy_parse(const char *fsync, const char *full, pw_fsync_policy *fs, pw_queue_full_policy *fp)
{
    if (fsync) {
        if (strcmp(fsync, "interval") == 0) *fs = PW_FSYNC_INTERVAL;
        else if (strcmp(fsync, "always") == 0) *fs = PW_FSYNC_ALWAYS;
        else if (strcmp(fsync, "never") == 0) *fs = PW_FSYNC_NEVER;
        else return -1;
    }
    if (full) {
        if (strcmp(full, "drop_oldest") == 0) *fp = PW_QUEUE_DROP_OLDEST;
        else if (strcmp(full, "block") == 0) *fp = PW_QUEUE_BLOCK;
        else return -1;
    }
    return 0;
}

static void seg_path(const pw_queue *q, uint64_t seq, char *out, size_t size)
{
    snprintf(out, size, "%s/%020" PRIu64 ".seg", q->dir, seq);
}

static seg *seg_find(pw_queue *q, uint64_t seq)
{
    for (size_t i = 0; i < q->nseg; i++)
        if (q->segs[i].seq == seq) return &q->segs[i];
    return NULL;
}

static int seg_push(pw_queue *q, uint64_t seq, uint64_t size, pw_error *err)
{
    if (q->nseg == q->capseg) {
        size_t cap = q->capseg ? q->capseg * 2 : 16;
        if (cap > SEGS_MAX) return pw_error_set(err, PW_ERR_LIMIT, "%s: more than %d segment files", q->dir, SEGS_MAX);
        seg *n = realloc(q->segs, cap * sizeof *n);
        if (!n) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        q->segs = n;
        q->capseg = cap;
    }
    q->segs[q->nseg++] = (seg){seq, size};
    return 0;
}

static int cmp_seg(const void *a, const void *b)
{
    uint64_t x = ((const seg *)a)->seq, y = ((const seg *)b)->seq;
    return x < y ? -1 : x > y;
}

/* Reads one record of fd at off into buf. Returns its total size, 0 at a clean end, -1 incomplete or damaged
 * (why in *why). */
static int64_t rec_load(int fd, uint64_t off, uint64_t size, pw_buf *buf, unsigned char hdr[HDR], const char **why)
{
    if (off == size) return 0;
    if (size - off < HDR || pread(fd, hdr, HDR, (off_t)off) != HDR) return *why = "incomplete header", -1;
    if (memcmp(hdr, "PWQ1", 4) != 0) return *why = "bad magic", -1;
    uint32_t len = get32(hdr + 4);
    if (len < 9 + (size_t)hdr[20] || len > PW_QUEUE_RECORD_MAX) return *why = "bad length", -1;
    uint64_t body = len - 9; /* length counts time, topic length, topic and JSON */
    if (size - off - HDR < body) return *why = "incomplete record", -1;
    pw_buf_reset(buf);
    if (pw_buf_reserve(buf, body + 1)) return *why = "out of memory", -1;
    if (pread(fd, buf->data, body, (off_t)(off + HDR)) != (ssize_t)body) return *why = "short read", -1;
    buf->len = body;
    buf->data[body] = '\0';
    uint32_t crc = crc32_update(0, hdr + 12, 9);
    crc = crc32_update(crc, buf->data, body);
    if (crc != get32(hdr + 8)) return *why = "bad CRC", -1;
    return (int64_t)(HDR + body);
}

static int write_commit(pw_queue *q, pw_error *err)
{
    char line[64];
    int n = snprintf(line, sizeof line, "%020" PRIu64 " %020" PRIu64 "\n", q->commit_seq, q->commit_off);
    if (pwrite(q->cfd, line, (size_t)n, 0) != n)
        return pw_error_set(err, PW_ERR_IO, "%s/committed: %s", q->dir, strerror(errno));
    q->dirty = 1;
    return 0;
}

/* Checks the records of segment i from off on; counts them; cuts a torn tail of the last segment. */
static int seg_scan(pw_queue *q, size_t i, uint64_t off, pw_error *err)
{
    char path[1100];
    seg_path(q, q->segs[i].seq, path, sizeof path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    unsigned char hdr[HDR];
    const char *why = NULL;
    int64_t r;
    while ((r = rec_load(fd, off, q->segs[i].size, &q->rbuf, hdr, &why)) > 0) {
        off += (uint64_t)r;
        q->st.pending++;
    }
    close(fd);
    if (r < 0) {
        int last = i + 1 == q->nseg;
        pw_log_warn("queue %s: offset %" PRIu64 ": %s; %s", path, off, why,
                    last ? "cut there (a write torn by a crash)" : "the rest of this segment is skipped");
        if (!last) {
            q->st.corrupt++;
        } else if (truncate(path, (off_t)off)) {
            return pw_error_set(err, PW_ERR_IO, "%s: cannot cut the damaged tail: %s", path, strerror(errno));
        }
        q->segs[i].size = off;
    }
    return 0;
}

static int open_write_seg(pw_queue *q, pw_error *err)
{
    char path[1100];
    seg *s = &q->segs[q->nseg - 1];
    seg_path(q, s->seq, path, sizeof path);
    if (q->wfd >= 0) close(q->wfd);
    q->wfd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (q->wfd < 0) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    q->dir_dirty = q->dirty = 1;
    return 0;
}

pw_queue *pw_queue_open(const pw_queue_opts *o, pw_error *err)
{
    pw_queue *q = calloc(1, sizeof *q);
    DIR *d = NULL;
    if (!q) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    pthread_once(&crc_once, crc_init);
    q->o = *o;
    q->wfd = q->rfd = q->cfd = -1;
    if (!q->o.max_bytes) q->o.max_bytes = PW_QUEUE_DEFAULT_MAX;
    q->seg_bytes = q->o.max_bytes / 4 < PW_QUEUE_SEGMENT_BYTES ? q->o.max_bytes / 4 : PW_QUEUE_SEGMENT_BYTES;
    if (q->seg_bytes < 4096) q->seg_bytes = 4096;
    if (!o->dir || !*o->dir || strlen(o->dir) >= sizeof q->dir) {
        pw_error_set(err, PW_ERR_USAGE, "queue: no directory (or a path over %zu bytes)", sizeof q->dir);
        goto err;
    }
    snprintf(q->dir, sizeof q->dir, "%s", o->dir);
    /* mkdir -p: a default under the state directory may not exist yet */
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", q->dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(tmp, 0700) && errno != EEXIST) break;
        *p = '/';
    }
    if (mkdir(q->dir, 0700) && errno != EEXIST) {
        pw_error_set(err, PW_ERR_IO, "queue %s: %s", q->dir, strerror(errno));
        goto err;
    }
    if (!(d = opendir(q->dir))) {
        pw_error_set(err, PW_ERR_IO, "queue %s: %s", q->dir, strerror(errno));
        goto err;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        char *end;
        size_t n = strlen(de->d_name);
        if (n != 24 || strcmp(de->d_name + 20, ".seg") != 0) continue;
        uint64_t seq = strtoull(de->d_name, &end, 10);
        if (end != de->d_name + 20) continue;
        char path[1100];
        struct stat sb;
        seg_path(q, seq, path, sizeof path);
        if (stat(path, &sb) || seg_push(q, seq, (uint64_t)sb.st_size, err)) goto err;
    }
    closedir(d);
    d = NULL;
    if (q->nseg > 1) qsort(q->segs, q->nseg, sizeof *q->segs, cmp_seg);
    char cpath[1100];
    snprintf(cpath, sizeof cpath, "%s/committed", q->dir);
    q->cfd = open(cpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (q->cfd < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", cpath, strerror(errno));
        goto err;
    }
    char line[64] = "";
    ssize_t got = pread(q->cfd, line, sizeof line - 1, 0);
    unsigned long long cs = 0, co = 0;
    if (got > 0 && sscanf(line, "%llu %llu", &cs, &co) == 2) {
        q->commit_seq = cs;
        q->commit_off = co;
    } else if (q->nseg) {
        q->commit_seq = q->segs[0].seq;
    }
    /* segments before the committed one were delivered (a crash between commit and unlink left them) */
    size_t first = 0;
    while (first < q->nseg && q->segs[first].seq < q->commit_seq) {
        char path[1100];
        seg_path(q, q->segs[first].seq, path, sizeof path);
        unlink(path);
        first++;
    }
    if (first) memmove(q->segs, q->segs + first, (q->nseg - first) * sizeof *q->segs);
    q->nseg -= first;
    if (!q->nseg || q->segs[0].seq != q->commit_seq) { /* committed names a deleted segment: start after it */
        q->commit_seq = q->nseg ? q->segs[0].seq : q->commit_seq + 1;
        q->commit_off = 0;
    }
    if (q->commit_off > (q->nseg ? q->segs[0].size : 0)) q->commit_off = q->nseg ? q->segs[0].size : 0;
    for (size_t i = 0; i < q->nseg; i++)
        if (seg_scan(q, i, i == 0 ? q->commit_off : 0, err)) goto err;
    if (!q->nseg && seg_push(q, q->commit_seq ? q->commit_seq : 1, 0, err)) goto err;
    if (!q->commit_seq) q->commit_seq = q->segs[0].seq;
    if (open_write_seg(q, err) || write_commit(q, err)) goto err;
    q->read_seq = q->commit_seq;
    q->read_off = q->commit_off;
    q->last_sync_us = pw_time_mono_us();
    if (q->st.pending)
        pw_log_info("queue %s: %" PRIu64 " undelivered record(s) from a previous run are sent first", q->dir,
                    q->st.pending);
    return q;
err:
    if (d) closedir(d);
    pw_queue_close(q);
    return NULL;
}

static uint64_t queued_bytes(const pw_queue *q)
{
    uint64_t b = 0;
    for (size_t i = 0; i < q->nseg; i++) b += q->segs[i].size;
    return b - q->commit_off;
}

int pw_queue_write_out(pw_queue *q, pw_error *err)
{
    if (!q->wbuf.len) return 0;
    seg *w = &q->segs[q->nseg - 1];
    uint64_t on_disk = w->size - q->wbuf.len;
    size_t done = 0;
    while (done < q->wbuf.len) {
        ssize_t wr = write(q->wfd, q->wbuf.data + done, q->wbuf.len - done);
        if (wr < 0 && errno == EINTR) continue;
        if (wr <= 0) {
            int e = wr < 0 ? errno : ENOSPC;
            /* leave no half record behind; the gathered records are lost and the caller stops the sink */
            if (ftruncate(q->wfd, (off_t)on_disk)) {
            }
            uint64_t lost = q->wbuf_recs;
            w->size = on_disk;
            q->st.pending = q->st.pending > lost ? q->st.pending - lost : 0;
            pw_buf_reset(&q->wbuf);
            q->wbuf_recs = 0;
            return pw_error_set(err, PW_ERR_IO, "queue %s: write: %s (%" PRIu64 " record(s) not queued)", q->dir,
                                strerror(e), lost);
        }
        done += (size_t)wr;
    }
    pw_buf_reset(&q->wbuf);
    q->wbuf_recs = 0;
    q->dirty = 1;
    return 0;
}

/* Deletes the oldest segment to make room (drop_oldest); its undelivered records are counted as dropped. */
static int drop_oldest(pw_queue *q, pw_error *err)
{
    if (pw_queue_write_out(q, err)) return -1;
    if (q->nseg == 1) { /* the oldest is the one being written: start a new one first */
        if (seg_push(q, q->segs[0].seq + 1, 0, err) || open_write_seg(q, err)) return -1;
    }
    char path[1100];
    seg_path(q, q->segs[0].seq, path, sizeof path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    uint64_t n = 0, off = q->commit_off;
    unsigned char hdr[HDR];
    const char *why;
    int64_t r;
    while (fd >= 0 && (r = rec_load(fd, off, q->segs[0].size, &q->rbuf, hdr, &why)) > 0) {
        off += (uint64_t)r;
        n++;
    }
    if (fd >= 0) close(fd);
    if (q->rfd >= 0 && q->rfd_seq == q->segs[0].seq) {
        close(q->rfd);
        q->rfd = -1;
    }
    unlink(path);
    int read_inside = q->read_seq == q->segs[0].seq;
    memmove(q->segs, q->segs + 1, (q->nseg - 1) * sizeof *q->segs);
    q->nseg--;
    q->commit_seq = q->segs[0].seq;
    q->commit_off = 0;
    if (read_inside) {
        q->read_seq = q->commit_seq;
        q->read_off = 0;
        q->read_count = 0;
    }
    q->st.dropped += n;
    q->st.pending = q->st.pending > n ? q->st.pending - n : 0;
    pw_log_warn("queue %s: full (%" PRIu64 " bytes): dropped the %" PRIu64 " oldest undelivered record(s)", q->dir,
                q->o.max_bytes, n);
    return write_commit(q, err);
}

int pw_queue_append(pw_queue *q, const char *topic, const char *json, size_t len, pw_error *err)
{
    size_t tl = strlen(topic);
    if (tl > 255) return pw_error_set(err, PW_ERR_INVALID, "queue: topic over 255 bytes");
    if (len > PW_QUEUE_RECORD_MAX - 9 - tl)
        return pw_error_set(err, PW_ERR_LIMIT, "queue: a %zu-byte record is over the limit", len);
    uint64_t total = HDR + tl + len;
    while (queued_bytes(q) + total > q->o.max_bytes && queued_bytes(q) > 0) {
        if (q->o.full == PW_QUEUE_BLOCK) return 1;
        if (drop_oldest(q, err)) return -1;
    }
    seg *w = &q->segs[q->nseg - 1];
    if (w->size > 0 && w->size + total > q->seg_bytes) {
        int caught_up = q->read_seq == w->seq && q->read_off == w->size;
        if (pw_queue_write_out(q, err)) return -1; /* what is gathered belongs to the segment being closed */
        if (seg_push(q, w->seq + 1, 0, err) || open_write_seg(q, err)) return -1;
        w = &q->segs[q->nseg - 1];
        if (caught_up) q->read_seq = w->seq, q->read_off = 0;
    }
    unsigned char hdr[HDR];
    memcpy(hdr, "PWQ1", 4);
    put32(hdr + 4, (uint32_t)(9 + tl + len));
    put64(hdr + 12, (uint64_t)pw_time_now_us());
    hdr[20] = (unsigned char)tl;
    uint32_t crc = crc32_update(0, hdr + 12, 9);
    crc = crc32_update(crc, topic, tl);
    crc = crc32_update(crc, json, len);
    put32(hdr + 8, crc);
    if (pw_buf_reserve(&q->wbuf, q->wbuf.len + total))
        return pw_error_set(err, PW_ERR_NOMEM, "queue %s: out of memory", q->dir);
    pw_buf_append(&q->wbuf, hdr, HDR);
    pw_buf_append(&q->wbuf, topic, tl);
    pw_buf_append(&q->wbuf, json, len);
    q->wbuf_recs++;
    q->last_seq = w->seq;
    q->last_off = w->size;
    q->last_end = w->size + total;
    w->size += total;
    q->st.appended++;
    q->st.pending++;
    if (q->o.fsync == PW_FSYNC_ALWAYS) return pw_queue_sync(q, 1, err);
    if (q->wbuf.len >= WBUF_MAX) return pw_queue_write_out(q, err);
    return 0;
}

int pw_queue_read(pw_queue *q, pw_queue_rec *out, pw_error *err)
{
    for (int hops = 0; hops <= (int)q->nseg; hops++) {
        seg *s = seg_find(q, q->read_seq);
        if (!s) return 0;
        if (q->read_off >= s->size) {
            if (s == &q->segs[q->nseg - 1]) return 0;
            q->read_seq = s[1].seq;
            q->read_off = 0;
            continue;
        }
        if (s == &q->segs[q->nseg - 1] && pw_queue_write_out(q, err)) return -1; /* it may be gathered yet */
        if (q->rfd < 0 || q->rfd_seq != s->seq) {
            char path[1100];
            if (q->rfd >= 0) close(q->rfd);
            seg_path(q, s->seq, path, sizeof path);
            q->rfd = open(path, O_RDONLY | O_CLOEXEC);
            if (q->rfd < 0) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
            q->rfd_seq = s->seq;
        }
        unsigned char hdr[HDR];
        const char *why = "";
        int64_t r = rec_load(q->rfd, q->read_off, s->size, &q->rbuf, hdr, &why);
        if (r < 0) { /* written by us in this run, or checked at open: only a disk error gets here */
            pw_log_warn("queue %s: segment %" PRIu64 " offset %" PRIu64 ": %s; the rest of it is skipped", q->dir,
                        s->seq, q->read_off, why);
            q->st.corrupt++;
            q->read_off = s->size;
            continue;
        }
        size_t tl = hdr[20];
        /* topic and JSON share the buffer: put a NUL after the topic by moving nothing: the JSON follows it,
         * so the topic is copied into the header's space instead */
        static _Thread_local char topic[256];
        memcpy(topic, q->rbuf.data, tl);
        topic[tl] = '\0';
        out->topic = topic;
        out->json = q->rbuf.data + tl;
        out->len = q->rbuf.len - tl;
        out->enq_us = (int64_t)get64(hdr + 12);
        q->read_off += (uint64_t)r;
        q->read_count++;
        return 1;
    }
    return 0;
}

int pw_queue_take_last(pw_queue *q)
{
    if (q->read_seq != q->last_seq || q->read_off != q->last_off || q->last_end == q->last_off) return 0;
    q->read_off = q->last_end;
    q->read_count++;
    return 1;
}

int pw_queue_commit(pw_queue *q, pw_error *err)
{
    if (pw_queue_write_out(q, err)) return -1; /* the commit point never runs ahead of the file */
    q->commit_seq = q->read_seq;
    q->commit_off = q->read_off;
    q->st.pending = q->st.pending > q->read_count ? q->st.pending - q->read_count : 0;
    q->read_count = 0;
    /* a fully read segment that is not the one being written can go */
    while (q->nseg > 1 && (q->segs[0].seq < q->commit_seq ||
                           (q->segs[0].seq == q->commit_seq && q->commit_off >= q->segs[0].size))) {
        char path[1100];
        seg_path(q, q->segs[0].seq, path, sizeof path);
        if (q->rfd >= 0 && q->rfd_seq == q->segs[0].seq) {
            close(q->rfd);
            q->rfd = -1;
        }
        unlink(path);
        memmove(q->segs, q->segs + 1, (q->nseg - 1) * sizeof *q->segs);
        q->nseg--;
        if (q->commit_seq < q->segs[0].seq) { /* the commit point was the end of the deleted segment */
            q->commit_seq = q->read_seq = q->segs[0].seq;
            q->commit_off = q->read_off = 0;
        }
    }
    if (write_commit(q, err)) return -1;
    return q->o.fsync == PW_FSYNC_ALWAYS ? pw_queue_sync(q, 1, err) : 0;
}

int pw_queue_rewind(pw_queue *q, pw_error *err)
{
    (void)err;
    q->read_seq = q->commit_seq;
    q->read_off = q->commit_off;
    q->read_count = 0;
    return 0;
}

int pw_queue_sync(pw_queue *q, int force, pw_error *err)
{
    if (pw_queue_write_out(q, err)) return -1;
    if (!q->dirty || q->o.fsync == PW_FSYNC_NEVER) return 0;
    int64_t now = pw_time_mono_us();
    if (!force && now - q->last_sync_us < SYNC_INTERVAL_US) return 0;
    q->last_sync_us = now;
    q->dirty = 0;
    if (fdatasync(q->wfd) || fdatasync(q->cfd))
        return pw_error_set(err, PW_ERR_IO, "queue %s: fdatasync: %s", q->dir, strerror(errno));
    if (q->dir_dirty) { /* once per new segment (16 MiB): cheap */
        int dfd = open(q->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int bad = dfd < 0 || fsync(dfd);
        int e = errno;
        if (dfd >= 0) close(dfd);
        if (bad) return pw_error_set(err, PW_ERR_IO, "queue %s: fsync of the directory: %s", q->dir, strerror(e));
        q->dir_dirty = 0;
    }
    return 0;
}

void pw_queue_get_stats(const pw_queue *q, pw_queue_stats *st)
{
    *st = q->st;
    st->bytes = queued_bytes(q);
}

void pw_queue_close(pw_queue *q)
{
    if (!q) return;
    pw_error werr = {0};
    if (pw_queue_write_out(q, &werr)) pw_log_error("%s", werr.msg);
    if (q->wfd >= 0) {
        if (q->o.fsync != PW_FSYNC_NEVER && q->dirty) {
            if (fdatasync(q->wfd) || (q->cfd >= 0 && fdatasync(q->cfd))) {
            }
        }
        close(q->wfd);
    }
    if (q->rfd >= 0) close(q->rfd);
    if (q->cfd >= 0) close(q->cfd);
    free(q->segs);
    pw_buf_free(&q->rbuf);
    pw_buf_free(&q->wbuf);
    free(q);
}
