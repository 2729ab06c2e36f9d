/* parsers/evtx: Windows XML Event Log (.evtx) files to pw_events (ECS names) or to the record XML as Windows
 * renders it.
 *
 * Three calls read a file: pw_evtx_open, pw_evtx_next until 0, pw_evtx_close. The reader streams: it holds
 * one 64 KiB chunk at a time (pread), so memory does not grow with the file. Damage never stops a file: a
 * chunk with a bad header or CRC is reported once (pw_log_warn + counters in pw_evtx_stats) and its records
 * are still recovered where their own structure is sound; header counts and flags that lie (dirty files)
 * are ignored, chunks are found by their position and magic.
 *
 * For parallel readers the decoder is also available per chunk (pw_evtx_dec): each thread owns one, loads
 * a chunk's bytes and pulls its records; output order is the caller's business (ingest/evtx_read does it). */
#ifndef PW_EVTX_H
#define PW_EVTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_event.h"

#define PW_EVTX_FILE_HEADER_SIZE 4096u /* header block; chunks start here */
#define PW_EVTX_CHUNK_SIZE 65536u      /* fixed by the format */

/* Damage and volume counters, per file (or per decoder). */
typedef struct pw_evtx_stats {
    uint64_t chunks;          /* chunk slots seen (including empty ones) */
    uint64_t chunks_empty;    /* all-zero / never used slots */
    uint64_t chunks_bad;      /* bad magic, header CRC or records CRC (records still tried) */
    uint64_t records;         /* records returned */
    uint64_t records_bad;     /* records skipped because their own structure is broken */
    uint64_t bytes;           /* bytes of chunk data read */
} pw_evtx_stats;

/* ---- whole file --------------------------------------------------------------------------------------- */
typedef struct pw_evtx_file pw_evtx_file;

pw_evtx_file *pw_evtx_open(const char *path, pw_error *err);
/* Reads from memory (borrowed: buf must outlive the handle); name is used in messages. */
pw_evtx_file *pw_evtx_open_mem(const void *buf, size_t len, const char *name, pw_error *err);
/* 1 record in ev, 0 end, -1 fatal (I/O). Damage is reported through pw_log/counters and skipped. */
int pw_evtx_next(pw_evtx_file *f, pw_event *ev, pw_error *err);
/* Like pw_evtx_next but also (or only, when ev is NULL) renders the record XML into xml (reset first). */
int pw_evtx_next_ex(pw_evtx_file *f, pw_event *ev, pw_buf *xml, uint64_t *record_id, pw_error *err);
const pw_evtx_stats *pw_evtx_file_stats(const pw_evtx_file *f);
uint64_t pw_evtx_file_size(const pw_evtx_file *f);
/* Number of chunk slots in the file (from its size, not from the header's count, which may lie). */
uint32_t pw_evtx_chunk_slots(const pw_evtx_file *f);
/* Copies chunk slot i into buf[PW_EVTX_CHUNK_SIZE]; returns its length (may be short at EOF) or -1. */
long pw_evtx_read_chunk(pw_evtx_file *f, uint32_t i, uint8_t *buf, pw_error *err);
const char *pw_evtx_file_name(const pw_evtx_file *f);
void pw_evtx_close(pw_evtx_file *f);

/* ---- one chunk at a time ------------------------------------------------------------------------------ */
typedef struct pw_evtx_dec pw_evtx_dec;

pw_evtx_dec *pw_evtx_dec_new(const char *name, pw_error *err);
/* Verifies and loads chunk `index` (data borrowed until the next load). Problems are reported once here.
 * Returns 0 when the chunk may hold records, 1 when it is empty/unused. */
int pw_evtx_dec_load(pw_evtx_dec *d, const uint8_t *chunk, size_t len, uint32_t index);
/* Next record of the loaded chunk: 1, or 0 at its end. ev and/or xml may be NULL; ev is reset first, the
 * XML is appended to xml (a chunk's records can be collected back to back). */
int pw_evtx_dec_next(pw_evtx_dec *d, pw_event *ev, pw_buf *xml, uint64_t *record_id);
const pw_evtx_stats *pw_evtx_dec_stats(const pw_evtx_dec *d);
/* Records with an id below min_id are skipped without being rendered (resuming from a checkpoint). */
void pw_evtx_dec_set_min_id(pw_evtx_dec *d, uint64_t min_id);
void pw_evtx_dec_free(pw_evtx_dec *d);

/* ---- pieces exposed for tests ------------------------------------------------------------------------- */
uint32_t pw_evtx_crc32(uint32_t crc, const void *data, size_t len);
uint32_t pw_evtx_crc32_portable(uint32_t crc, const void *data, size_t len); /* table-only path */
/* Appends the text of one value (type as in the format, arrays with 0x80) as UTF-8, the way Windows
 * renders it. Returns 0, or -1 when the bytes do not fit the type (nothing useful appended). */
int pw_evtx_value_text(pw_buf *out, uint8_t type, const uint8_t *p, size_t len);

#endif
