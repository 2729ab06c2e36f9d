/* pw_queue: the durable on-disk queue the sink engine (core/pw_stage.c) puts in front of every network sink,
 * so a record taken off the bus survives a receiver outage, a SIGKILL and a restart (at-least-once delivery).
 *
 * Layout of a queue directory (one per sink):
 *   00000000000000000001.seg ...  append-only segment files, rolled at PW_QUEUE_SEGMENT_BYTES; each record is
 *                                 a 21-byte header (magic "PWQ1", u32 length, u32 CRC-32 of what follows the
 *                                 header, u64 enqueue time in µs since the epoch, u8 topic length), the topic and
 *                                 the JSON body.
 *   committed                     "SEGMENT OFFSET\n": everything before this position was accepted by the
 *                                 receiver (or dead-lettered). Rewritten in place with one pwrite (< 64 bytes,
 *                                 never torn by a process crash).
 * Segments wholly before the committed position are deleted. On open, the last segment is checked record by
 * record and cut at the first incomplete or damaged record (a write torn by a crash); a damaged record in an
 * older segment ends that segment (logged and counted: its length cannot be trusted to find the next one).
 *
 * fsync policy (what a power loss, not a process crash, may cost; a process crash costs nothing, the page
 * cache survives it): always = fdatasync after every append and commit (slow: one disk flush per record);
 * interval (default) = at most once a second, so a power loss costs at most the last second;
 * never = the kernel decides (~30 s).
 *
 * Size cap: max_bytes of unacknowledged records. Policy drop_oldest (default) deletes the oldest segment to
 * make room (its records counted as dropped and logged); block refuses the append (pw_queue_append returns 1)
 * and the engine stops taking records off the bus until the receiver catches up (back-pressure). */
#ifndef PW_QUEUE_H
#define PW_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"

#define PW_QUEUE_SEGMENT_BYTES ((uint64_t)16 << 20) /* per segment: small enough to delete soon after delivery */
#define PW_QUEUE_RECORD_MAX ((size_t)64 << 20)      /* a record longer than this is refused (bus bodies are capped
                                                       well below it) */
#define PW_QUEUE_DEFAULT_MAX ((uint64_t)1 << 30)    /* 1 GiB of undelivered records by default */

typedef enum { PW_FSYNC_INTERVAL = 0, PW_FSYNC_ALWAYS, PW_FSYNC_NEVER } pw_fsync_policy;
typedef enum { PW_QUEUE_DROP_OLDEST = 0, PW_QUEUE_BLOCK } pw_queue_full_policy;

typedef struct pw_queue_opts {
    const char *dir;             /* created (mode 0700) when missing */
    pw_fsync_policy fsync;
    uint64_t max_bytes;          /* 0: PW_QUEUE_DEFAULT_MAX */
    pw_queue_full_policy full;
} pw_queue_opts;

typedef struct pw_queue_stats {
    uint64_t appended, dropped, corrupt; /* records */
    uint64_t bytes;                      /* unacknowledged bytes on disk */
    uint64_t pending;                    /* unacknowledged records (replayed ones included) */
} pw_queue_stats;

/* One record read back; the pointers stay valid until the next pw_queue_read. */
typedef struct pw_queue_rec {
    const char *topic;
    const char *json;
    size_t len;
    int64_t enq_us;
} pw_queue_rec;

typedef struct pw_queue pw_queue;

int pw_queue_policy_parse(const char *fsync, const char *full, pw_fsync_policy *fs, pw_queue_full_policy *fp);
/* Opens (or creates) the queue in o->dir; records left from a previous run are read first. */
pw_queue *pw_queue_open(const pw_queue_opts *o, pw_error *err);
/* Appends one record. Returns 0, 1 when full under the block policy (nothing written), -1 on error. The record
 * is gathered in memory (up to 256 KiB of records) and reaches the file at the next pw_queue_write_out, which
 * every read, commit, sync and close does first: a caller must call it (or commit/sync) before it acts on the
 * record (sends it), since a process killed before that loses the gathered records. With fsync always the
 * record is written and flushed at once. */
int pw_queue_append(pw_queue *q, const char *topic, const char *json, size_t len, pw_error *err);
/* Writes the gathered appends to the segment file (the page cache: they then survive a kill of the process).
 * 0, or -1 with err (the gathered records are then not queued: err says how many). */
int pw_queue_write_out(pw_queue *q, pw_error *err);
/* Reads the next record after the read position (not yet committed). Returns 1, 0 when none, -1 on error. */
int pw_queue_read(pw_queue *q, pw_queue_rec *out, pw_error *err);
/* When the record just appended is the next one to read, moves the read position past it without reading it
 * back (the caller still has it in memory) and returns 1; else 0. Saves two preads per record in the steady
 * state, where the sink keeps up and the queue is only its insurance. */
int pw_queue_take_last(pw_queue *q);
/* Marks everything read so far as delivered; deletes segments left behind. */
int pw_queue_commit(pw_queue *q, pw_error *err);
/* Moves the read position back to the committed one (records read but not committed come again). */
int pw_queue_rewind(pw_queue *q, pw_error *err);
/* fdatasync when the policy says so (interval: called about once a second by the engine). */
int pw_queue_sync(pw_queue *q, int force, pw_error *err);
void pw_queue_get_stats(const pw_queue *q, pw_queue_stats *st);
void pw_queue_close(pw_queue *q);

#endif
