/* ingest/file_merge: many input files read as one stream in event-time order (k-way merge), for replay.
 *
 *     pw_file_merge *m = pw_file_merge_new(reader, 0, &err);       // 0: PW_FILE_MERGE_MAX_OPEN
 *     pw_file_merge_add(m, "a/host1.jsonl", false, &err);           // inputs in their tie-break order
 *     pw_file_merge_add(m, "feeds/msrc.jsonl", true, &err);         // advisories, by published time
 *     while (pw_file_merge_next(m, &item, &err) == 1) use(&item);
 *
 * Each open input is a cursor (ingest/file_cursor.h) holding one decoded record, its head; a binary min-heap
 * of heads keyed by (time, input order) gives the next record. So memory is one record and one read buffer
 * per open input (PW_FILE_MERGE_BUF_TOTAL shared, 64 KiB to 1 MiB each), whatever the files' sizes, and the
 * cost is O(log open inputs) per record. The merge is by
 * each input's head: a file whose records go back in time is passed in its own order (the merge never
 * reorders within a file); the first such step is logged once per file (info, with file and line), all are
 * counted, and one warning at the end sums them up. Records without
 * a time keep their place after the record before them in the same file.
 *
 * At most max_open inputs are open at once (file descriptors and buffers). With more inputs than that, each
 * input is first opened once to read its first record's time and closed, the inputs are sorted by it, and
 * an input is opened when the merge's time reaches its first record, as long as fewer than max_open are
 * open. When more than max_open inputs overlap in time, the waiting ones are opened as others end, so their
 * earlier records come late: counted in out_of_order (and logged once), never dropped.
 *
 * A file that cannot be opened or breaks while being read is logged with its name (and line or offset when
 * the parser gives one), counted as failed, and the merge goes on with the other inputs. */
#ifndef PW_INGEST_FILE_MERGE_H
#define PW_INGEST_FILE_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_strlist.h"
#include "ingest/file_cursor.h"

#define PW_FILE_MERGE_MAX_OPEN 512 /* inputs open at once: well under the usual 1024 descriptors */
#define PW_FILE_MERGE_MAX_INPUTS 10000000
#define PW_FILE_MERGE_BUF_TOTAL ((size_t)16 << 20) /* read buffers of the open inputs together (each at least
                                                     PW_FILE_CURSOR_BUF: 32 MiB at 512 open) */
#define PW_FILE_MERGE_BUF_ONE ((size_t)1 << 20)     /* and each at most this */

typedef struct pw_file_merge pw_file_merge;

typedef struct pw_file_merge_stats {
    uint64_t inputs;       /* added */
    uint64_t read;         /* opened and read (to the end, or to an error) */
    uint64_t skipped;      /* not an input of their kind by name */
    uint64_t failed;       /* could not be opened, or broke while read (read counts these too when opened) */
    uint64_t damaged;      /* damaged records skipped */
    uint64_t records;      /* records given out */
    uint64_t backwards;    /* records earlier than the one before them in the same file */
    uint64_t out_of_order; /* records earlier than the record given out before them: steps back in time in
                              the merged stream (backwards ones included) */
    uint64_t max_open;     /* inputs open at once, at most */
    bool lazy;             /* more inputs than max_open: opened as the merge's time reached them */
} pw_file_merge_stats;

/* The reader (options, advisory extractor) is borrowed. max_open 0: PW_FILE_MERGE_MAX_OPEN. */
pw_file_merge *pw_file_merge_new(pw_file_reader *r, size_t max_open, pw_error *err);
void pw_file_merge_free(pw_file_merge *m);
/* Adds an input before the first next(); ties in time go to the input added first. advisories: read it as
 * feed documents (keyed by published time) instead of events. */
int pw_file_merge_add(pw_file_merge *m, const char *path, bool advisories, pw_error *err);
/* 1 the next record in *it (its ev/adv valid until the next call), 0 all inputs ended, -1 an error that
 * stops the merge (out of memory); damaged files do not stop it. */
int pw_file_merge_next(pw_file_merge *m, pw_file_item *it, pw_error *err);
/* A damaged record or file is also handed to fn (e.g. to count it elsewhere); NULL: none. */
void pw_file_merge_on_damage(pw_file_merge *m, pw_file_damage_fn fn, void *ud);
void pw_file_merge_get_stats(const pw_file_merge *m, pw_file_merge_stats *st);

/* Replay's inputs (file_merge_tree.c): every regular file under dir (hidden names skipped, followed
 * PW_FILE_LIST_MAX_DEPTH deep, added in path order, which is the tie-break); files under a directory named
 * feeds are feed documents, the others event files; truth.json, inventory.*, *.md, *.txt and skip_path (the
 * inventory in use) are not inputs. A file for which is_done(ud, key) is true is left out (a finished replay
 * read it whole) and counted in *done; the keys ("path|size|mtime") of the files added go to keys. */
int pw_file_merge_add_tree(pw_file_merge *m, const char *dir, const char *skip_path,
                           bool (*is_done)(void *ud, const char *key), void *ud, pw_strlist *keys, uint64_t *done,
                           pw_error *err);

#endif
