/* syslog: one syslog line (RFC 5424, or RFC 3164/BSD with its real-world variants) into a pw_event with ECS
 * `log.syslog.*` fields.
 *
 * Nothing is ever dropped: a line that fits neither grammar still becomes an event with `message` = the line,
 * `event.original` and `patchwatch.parse_error` = true. Invalid UTF-8 and NUL bytes are repaired (U+FFFD).
 *
 * Fields set when present: @timestamp, host.name, message, log.level (the severity name), process.name,
 * process.pid (int, when the PROCID/[pid] is numeric), event.sequence (Cisco sequence numbers),
 * log.syslog.{facility.code,facility.name,severity.code,severity.name,priority,hostname,appname,procid,
 * msgid,version,structured_data} (structured_data is an object {SD-ID: {PARAM: value}}), event.module
 * "syslog".
 *
 * Timestamps without a year (RFC 3164 "Jun 14 15:16:01") take the year from now_us, the caller's reference
 * time: the year that puts the timestamp at most 31 days after now_us, so December lines read in January
 * land in the previous year. No wall clock is read inside the parser, so a replay is deterministic. BSD
 * timestamps carry no zone and are taken as UTC. When now_us is PW_TS_NONE such timestamps are left unset.
 *
 * Hot path: pw_syslog_parser_parse allocates nothing per line once the event and the parser are warm. */
#ifndef PW_SYSLOG_H
#define PW_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_event.h"

/* 1 MiB: larger than any sane syslog message (rsyslog's default max is 8 KiB) and still cheap to keep per
 * connection; longer input is cut at this size by the caller and flagged as truncated. */
#define PW_SYSLOG_MAX_LINE ((size_t)1 << 20)

/* Reusable scratch for the structured-data JSON; one per thread. Zero-initialise (or PW_SYSLOG_PARSER_INIT). */
typedef struct pw_syslog_parser {
    pw_buf scratch;
    pw_buf vendor;     /* syslog_vendor.c's message rebuild */
    int keep_original; /* 1: event.original on every line; 0 (default): only on lines that do not parse cleanly */
} pw_syslog_parser;
#define PW_SYSLOG_PARSER_INIT {PW_BUF_INIT, PW_BUF_INIT, 0}

/* Resets ev and fills it from line[0..len) (a trailing CR/LF is ignored). Returns 0 (also for unparseable
 * lines, which carry patchwatch.parse_error), or -1 with err set only when the event cannot hold the line
 * (limits, out of memory). */
int pw_syslog_parser_parse(pw_syslog_parser *p, const char *line, size_t len, int64_t now_us, pw_event *ev,
                           pw_error *err);
void pw_syslog_parser_free(pw_syslog_parser *p);
/* Vendor fields (Cisco IOS/ASA tags, VMware ESXi) on an event parsed from line (syslog_vendor.c); 0 or -1. */
int pw_syslog_vendor_fields(pw_syslog_parser *p, const char *line, size_t len, pw_event *ev, pw_error *err);

/* The same without a parser object (allocates a scratch buffer for lines with structured data). */
int pw_syslog_parse(const char *line, size_t len, int64_t now_us, pw_event *ev, pw_error *err);

/* Keyword names ("kern", "local7"; "emerg" ... "debug") or NULL when out of range. */
const char *pw_syslog_facility_name(unsigned code);
const char *pw_syslog_severity_name(unsigned code);

/* The two grammars, for callers that know which one they have. They return 1 when the line matched, 0 when
 * it did not (ev then holds partial fields and the caller falls back), -1 on a hard error. */
int pw_syslog_parse_5424(pw_syslog_parser *p, const char *line, size_t len, pw_event *ev, pw_error *err);
int pw_syslog_parse_3164(const char *line, size_t len, int64_t now_us, pw_event *ev, pw_error *err);

/* Shared by both grammars: parses "<PRI>" at line[0..); returns the bytes consumed (0 when absent/invalid). */
size_t pw_syslog_parse_pri(const char *line, size_t len, unsigned *pri);
int pw_syslog_set_pri(pw_event *ev, unsigned pri, pw_error *err);

/* Bounded line reader for files and pipes: hands out one line at a time without its LF (and CR), never
 * holding more than max bytes; a longer line comes out once, as its first max bytes flagged truncated, with
 * its whole length in last_length; the rest of it is dropped and counted in discarded. */
typedef struct pw_syslog_lines {
    int fd;
    char *buf;
    size_t cap, start, end, max;
    int eof, skipping;
    uint64_t offset;      /* file offset of the next line handed out */
    uint64_t over_len;    /* length so far of the over-long line being read */
    uint64_t last_length; /* after a truncated line: its whole length in bytes (0 otherwise) */
    uint64_t discarded;   /* bytes of over-long lines dropped so far */
} pw_syslog_lines;

/* max 0 = PW_SYSLOG_MAX_LINE. fd is borrowed. */
int pw_syslog_lines_init(pw_syslog_lines *r, int fd, size_t max, pw_error *err);
/* 1 with the line in *line and *len (valid until the next call), 0 at end of input, -1 on a read error. The final line
 * without an LF is returned too. */
int pw_syslog_lines_next(pw_syslog_lines *r, const char **line, size_t *len, int *truncated, pw_error *err);
void pw_syslog_lines_free(pw_syslog_lines *r);

#endif
