/* pw_log: leveled diagnostics to stderr ("patchwatch: warn: ..."), or one JSON object per line with
 * --log-format json (PW_LOG_FORMAT=json). The level comes from pw_log_set_level or the PW_LOG environment
 * variable (error|warn|info|debug); data output never goes through here. Non-printable bytes and invalid UTF-8
 * in a message are written as \xNN: messages quote hostile input. */
#ifndef PW_LOG_H
#define PW_LOG_H

#include <stddef.h>

typedef enum { PW_LOG_ERROR = 0, PW_LOG_WARN, PW_LOG_INFO, PW_LOG_DEBUG } pw_log_level;
typedef enum { PW_LOG_TEXT = 0, PW_LOG_JSON } pw_log_format;

void pw_log_set_level(pw_log_level level);
pw_log_level pw_log_get_level(void);
/* Parses "error", "warn", "info", "debug"; returns -1 on anything else. */
int pw_log_level_parse(const char *name, pw_log_level *out);
/* Parses "text" or "json"; returns -1 on anything else. */
int pw_log_format_parse(const char *name, pw_log_format *out);
void pw_log_set_format(pw_log_format f);
/* Copies src into dst (always terminated) with control bytes and invalid UTF-8 as \xNN (json: also JSON string
 * escapes); returns the length written. */
size_t pw_log_escape(char *dst, size_t size, const char *src, int json);
void pw_log(pw_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define pw_log_error(...) pw_log(PW_LOG_ERROR, __VA_ARGS__)
#define pw_log_warn(...)  pw_log(PW_LOG_WARN, __VA_ARGS__)
#define pw_log_info(...)  pw_log(PW_LOG_INFO, __VA_ARGS__)
#define pw_log_debug(...) pw_log(PW_LOG_DEBUG, __VA_ARGS__)

#endif
