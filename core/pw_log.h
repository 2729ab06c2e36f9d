/* pw_log: leveled diagnostics to stderr ("patchwatch: warn: ..."). The level comes from pw_log_set_level or
 * the PW_LOG environment variable (error|warn|info|debug); data output never goes through here. */
#ifndef PW_LOG_H
#define PW_LOG_H

typedef enum { PW_LOG_ERROR = 0, PW_LOG_WARN, PW_LOG_INFO, PW_LOG_DEBUG } pw_log_level;

void pw_log_set_level(pw_log_level level);
pw_log_level pw_log_get_level(void);
/* Parses "error", "warn", "info", "debug"; returns -1 on anything else. */
int pw_log_level_parse(const char *name, pw_log_level *out);
void pw_log(pw_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define pw_log_error(...) pw_log(PW_LOG_ERROR, __VA_ARGS__)
#define pw_log_warn(...)  pw_log(PW_LOG_WARN, __VA_ARGS__)
#define pw_log_info(...)  pw_log(PW_LOG_INFO, __VA_ARGS__)
#define pw_log_debug(...) pw_log(PW_LOG_DEBUG, __VA_ARGS__)

#endif
