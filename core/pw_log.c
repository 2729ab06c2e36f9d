/* pw_log: leveled stderr logging; one fprintf per message so lines from threads do not interleave. */
#include "core/pw_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int level_from_env = -1;
static pw_log_level current = PW_LOG_WARN;

static const char *const names[] = {"error", "warn", "info", "debug"};

int pw_log_level_parse(const char *name, pw_log_level *out)
{
    for (int i = 0; i < 4; i++) {
        if (name && strcmp(name, names[i]) == 0) {
            *out = (pw_log_level)i;
            return 0;
        }
    }
    return -1;
}

void pw_log_set_level(pw_log_level level) { current = level; level_from_env = 0; }

pw_log_level pw_log_get_level(void)
{
    if (level_from_env < 0) {
        pw_log_level l;
        if (pw_log_level_parse(getenv("PW_LOG"), &l) == 0) current = l;
        level_from_env = 0;
    }
    return current;
}

void pw_log(pw_log_level level, const char *fmt, ...)
{
    if (level > pw_log_get_level()) return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "patchwatch: %s: %s\n", names[level], line);
}
