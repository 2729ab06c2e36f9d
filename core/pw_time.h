/* pw_time: timestamps as int64 microseconds since the Unix epoch, UTC; RFC 3339 in and out; clocks. */
#ifndef PW_TIME_H
#define PW_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_error.h"

#define PW_TS_NONE INT64_MIN           /* "no timestamp" */
#define PW_RFC3339_MAX 32              /* "2025-07-08T12:34:56.123456Z" + NUL, with room */

/* Wall clock (CLOCK_REALTIME) and monotonic clock (CLOCK_MONOTONIC), both in microseconds. */
int64_t pw_time_now_us(void);
int64_t pw_time_mono_us(void);
/* Formats as "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always 6 fraction digits, always UTC). Returns the length. */
size_t pw_time_format(int64_t us, char out[PW_RFC3339_MAX]);
/* Parses RFC 3339 ("2025-07-08T12:34:56Z", any fraction up to 9 digits, 'Z' or +hh:mm/-hh:mm offset; 't'/'z'
 * and a space for 'T' accepted). Digits beyond microseconds are truncated. */
int pw_time_parse(const char *s, size_t len, int64_t *out_us, pw_error *err);
/* Days from civil date (proleptic Gregorian), exposed for parsers that build timestamps from fields. */
int64_t pw_time_days_from_civil(int64_t y, unsigned m, unsigned d);
/* Windows FILETIME (100 ns since 1601-01-01) to microseconds since 1970. */
int64_t pw_time_from_filetime(uint64_t ft);

#endif
