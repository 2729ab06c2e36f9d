/* ingest/file_cursor: one input file read one record at a time (pull). This is the file reader's only
 * decoding path: pw_file_reader_events/_advisories (the `files` and `feeds` sources of `run`) loop over a
 * cursor, and the merge replay uses (ingest/file_merge.h) keeps one cursor per open input and takes from the
 * one whose next record is earliest. So a file gives the same records through either.
 *
 *     pw_file_cursor *c;
 *     if (pw_file_cursor_open(reader, path, false, NULL, &c, &err) == 1)
 *         while (pw_file_cursor_next(c, &item, &err) == 1) use(item.ev);
 *     pw_file_cursor_close(c);
 *
 * Memory per cursor is bounded: one decoded record, a read buffer (opts.buf_size) that grows
 * only while a single line is longer (up to PW_FILE_READER_MAX_LINE), one EVTX chunk (64 KiB) or the XML
 * reader's window. A feed document (CSAF, CVRF, RSS, HTML) is the exception: it is parsed whole when opened
 * (at most PW_FILE_READER_MAX_DOC) and its advisories are kept, encoded, until taken. */
#ifndef PW_INGEST_FILE_CURSOR_H
#define PW_INGEST_FILE_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pw_advisory.h"
#include "core/pw_error.h"
#include "core/pw_event.h"
#include "ingest/file_reader.h"

#define PW_FILE_CURSOR_BUF ((size_t)64 << 10) /* default line buffer: a few hundred lines per read(2) */
#define PW_FILE_CURSOR_BUF_MAX ((size_t)4 << 20) /* a larger buffer asked for is cut to this */

typedef enum { PW_FILE_ITEM_EVENT = 1, PW_FILE_ITEM_ADVISORY = 2 } pw_file_item_kind;

/* One record; ev / adv are the cursor's own and valid until its next call (the consumer may change ev). */
typedef struct pw_file_item {
    pw_file_item_kind kind;
    pw_event *ev;
    const pw_advisory *adv;
    int64_t ts;              /* the event's time, or the advisory's published (else updated) time; PW_TS_NONE */
    unsigned long long line; /* of the record in a line-based or JSON file; 0 for EVTX and XML records */
} pw_file_item;

/* A damaged record that was skipped: file, line (0 when the format has none) and what was wrong. */
typedef void (*pw_file_damage_fn)(void *ud, const char *path, unsigned long long line, const char *msg);

typedef struct pw_file_cursor pw_file_cursor;

typedef struct pw_file_cursor_opts {
    pw_file_damage_fn damage; /* NULL: damage is only logged */
    void *damage_ud;
    size_t buf_size; /* the line buffer to start with (0: PW_FILE_CURSOR_BUF): fewer read(2) calls for one
                        file read alone, less memory for one of hundreds merged */
} pw_file_cursor_opts;

/* 1 opened (*out set), 0 not an input of that kind by its name (*out NULL), -1 error (err names the file).
 * advisories: read the file as feed documents instead of events. The reader is borrowed (its options and
 * advisory extractor) and must outlive the cursor. */
int pw_file_cursor_open(pw_file_reader *r, const char *path, bool advisories, const pw_file_cursor_opts *o,
                        pw_file_cursor **out, pw_error *err);
/* 1 a record in *it, 0 the end of the file, -1 an error that ends the file (I/O, limits; err names the file).
 * Damaged records are reported through damage, logged (the first PW_FILE_READER_WARN_MAX) and skipped. */
int pw_file_cursor_next(pw_file_cursor *c, pw_file_item *it, pw_error *err);
const char *pw_file_cursor_path(const pw_file_cursor *c);
void pw_file_cursor_close(pw_file_cursor *c);

#endif
