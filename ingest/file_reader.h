/* ingest/file_reader: event export files and feed documents read once, the format chosen by the file name
 * (see pw_source_cfg_files in core/pw_config_tables.c). The `files` and `feeds` sources read through it, one
 * file after another (push: every record to a pw_source_emit); `replay` reads the same files through the
 * same cursors (ingest/file_cursor.h), merged in event-time order (ingest/file_merge.h): one decoding path,
 * so the two cannot drift.
 *
 * Events are decoded into one reused pw_event per open file (no allocation per record once warm). A damaged
 * line or record is reported (the first PW_FILE_READER_WARN_MAX per file are logged with file:line), handed
 * to emit->damage and skipped; the rest of the file is read. */
#ifndef PW_INGEST_FILE_READER_H
#define PW_INGEST_FILE_READER_H

#include <signal.h>
#include <stdbool.h>

#include "core/pw_error.h"
#include "core/pw_stage.h"
#include "core/pw_strlist.h"

#define PW_FILE_READER_MAX_LINE ((size_t)4 << 20) /* one JSON event or log line; longer is damage */
#define PW_FILE_READER_MAX_DOC ((size_t)64 << 20) /* one feed document */
#define PW_FILE_READER_WARN_MAX 5                 /* damage messages per file before going quiet */
#define PW_FILE_LIST_MAX 10000000                 /* files under one path */
#define PW_FILE_LIST_MAX_DEPTH 16                 /* directory nesting followed */

struct pw_rules;

typedef struct pw_file_reader_opts {
    const struct pw_rules *rules;       /* advisories: the extraction rules (NULL: built-in) */
    bool keep_original;                 /* .log syslog lines: event.original on every line */
    const char *log_prefix;             /* for damage messages: "replay", a source's name; NULL: "files" */
    const volatile sig_atomic_t *stop;  /* checked every few thousand records; NULL: never */
} pw_file_reader_opts;

typedef struct pw_file_reader pw_file_reader;

pw_file_reader *pw_file_reader_new(const pw_file_reader_opts *o, pw_error *err);
void pw_file_reader_free(pw_file_reader *r);
/* 1 read, 0 not an event file (by name), -1 error. Events without a host name take the name of the
 * directory holding the file. */
int pw_file_reader_events(pw_file_reader *r, const char *path, const pw_source_emit *emit, pw_error *err);
/* Feed documents: .jsonl/.ndjson files of pw_advisory objects, or raw CSAF/release-health JSON, CVRF/RSS/Atom
 * XML, HTML. 1 read, 0 not a feed document, -1 error. */
int pw_file_reader_advisories(pw_file_reader *r, const char *path, const pw_source_emit *emit, pw_error *err);

/* The regular files under path (path itself when it is a file), matching glob (fnmatch on the base name,
 * NULL = all) in directories, descending when recursive, hidden names skipped, sorted by path. */
int pw_file_list(const char *path, const char *glob, bool recursive, pw_strlist *out, pw_error *err);

#endif
