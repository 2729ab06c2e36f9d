/* ingest/tail: follow log files and globs like `tail -F`, resumable exactly where it stopped.
 *
 * Identity of a file: (device, inode) plus a hash of its first line (PW_TAIL_HEAD_MAX bytes at most), so an
 * inode reused for a new file is not mistaken for the old one. Rotation:
 *   - by rename: the path now names another inode (or nothing). The old file is still open and is read to
 *     its end, then forgotten once it has been idle for PW_TAIL_ROTATED_GRACE_MS; the new file at the path is
 *     read from its start.
 *   - by copytruncate: the same inode got shorter than our offset, or its first line changed. The copy
 *     (a file in the same directory with the old first line) is read from our offset to its end, the
 *     truncated file from its start.
 *   - compressed files (.gz .bz2 .xz .zst .lz4 .zip .Z) are never read, even when a glob matches them.
 * Only complete lines (ending in LF) are handed out, except a rotated file's unterminated last line once
 * the file is forgotten. A line longer than max_line comes out once, cut at max_line, flagged truncated with
 * its real length; the rest of it is skipped (counted in pw_tail_discarded), never handed out as more lines.
 *
 * Checkpoints: pw_tail_commit writes the positions to the checkpoint file atomically (write a temporary file,
 * rename over). To be exact across a crash (SIGKILL), the output and the checkpoint must agree, and there
 * are two ways:
 *   - output to a regular file (the strong case): call pw_tail_commit(out_size_before, batch_len) BEFORE
 *     writing the batch. The checkpoint then holds the positions before and after the batch and where the
 *     batch goes in the output file; on restart, pw_tail_open compares with the output file's real size:
 *     batch fully written -> positions after it; not (or partly) written -> positions before it, and
 *     *truncate_to tells the caller to cut the partial batch off. No line is lost or written twice.
 *   - other outputs (bus): write the batch first, then pw_tail_commit(-1, 0): a crash in between repeats
 *     that batch (at least once), never loses it.
 * Not covered: power loss (nothing is fsync'ed; a crash of the process or a SIGKILL is). */
#ifndef PW_INGEST_TAIL_H
#define PW_INGEST_TAIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/pw_error.h"

#define PW_TAIL_HEAD_MAX 1024            /* first-line bytes hashed for identity */
#define PW_TAIL_MAX_FILES 1024           /* files followed at once; more is a glob mistake */
#define PW_TAIL_DEFAULT_MAX_LINE ((size_t)1 << 20)
#define PW_TAIL_ROTATED_GRACE_MS 1000    /* a rotated file idle this long is done */
#define PW_TAIL_RESCAN_MS 1000           /* how often globs are expanded again */

typedef struct pw_tail_config {
    const char *const *globs;
    size_t nglobs;
    const char *checkpoint; /* path of the checkpoint file (required) */
    size_t max_line;        /* 0 = PW_TAIL_DEFAULT_MAX_LINE */
    int start_at_end;       /* 1: a file found when opening that the checkpoint does not know is read from its
                               current end (only lines written later); files that appear later are read from
                               their start, whatever this says */
} pw_tail_config;

/* The output file, for the exact mode (see above). dev/ino identify it; size is its current size. */
typedef struct pw_tail_out_file {
    dev_t dev;
    ino_t ino;
    int64_t size;
} pw_tail_out_file;

typedef struct pw_tail_line {
    const char *path; /* the file's path (for a rotated file, where it was found) */
    const char *data; /* not NUL-terminated, without its LF/CR */
    size_t len;
    uint64_t offset;  /* of the line in its file */
    int truncated;
    uint64_t original_length; /* truncated: the line's real length in bytes (without its LF) */
} pw_tail_line;

typedef int (*pw_tail_line_fn)(void *ud, const pw_tail_line *l, pw_error *err);

typedef struct pw_tail pw_tail;

/* Loads the checkpoint (absent = start every file from its beginning) and finds the files again. out may
 * be NULL (not a regular file). *truncate_to is set to -1, or to the size the output file must be cut to
 * (a batch that was only partly written before a crash). */
pw_tail *pw_tail_open(const pw_tail_config *c, const pw_tail_out_file *out, int64_t *truncate_to, pw_error *err);
/* Reads what is new, up to about max_lines lines, calling fn for each. Returns the number of lines (0 when
 * nothing is new), -1 on error. Positions advance in memory only; pw_tail_commit makes them durable. */
long pw_tail_poll(pw_tail *t, size_t max_lines, pw_tail_line_fn fn, void *ud, pw_error *err);
/* Bytes of over-long lines skipped beyond max_line since open. */
uint64_t pw_tail_discarded(const pw_tail *t);
/* Writes the checkpoint. out_size_before/batch_len: see above (-1, 0 for non-file outputs). */
int pw_tail_commit(pw_tail *t, const pw_tail_out_file *out, int64_t batch_len, pw_error *err);
size_t pw_tail_nfiles(const pw_tail *t);
void pw_tail_close(pw_tail *t);

/* Exposed for tests: hash of the first min(len, PW_TAIL_HEAD_MAX) bytes up to and including the first LF;
 * *head_len 0 when there is no complete first line yet (and it is shorter than PW_TAIL_HEAD_MAX). */
uint64_t pw_tail_head_hash(const char *data, size_t len, uint32_t *head_len);
int pw_tail_is_compressed(const char *path);

#endif
