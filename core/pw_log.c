/* pw_log: leveled stderr logging; one write per message so lines from threads do not interleave.
 *
 * Messages often quote what came from outside (a feed's title, a bus peer's bytes, a corrupt file's
 * schema): every byte that is not printable ASCII or part of well-formed UTF-8 is written as \xNN, so a
 * hostile input can neither forge log lines (newlines) nor drive a terminal (escape sequences).
 * `--log-format json` (or PW_LOG_FORMAT=json) writes one JSON object per line instead, for journald/ELK:
 * {"ts":"2026-12-04T10:00:00.000000Z","level":"warn","msg":"..."} with the same escaping inside the string. */
#include "core/pw_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_time.h"

static int level_from_env = -1;
static pw_log_level current = PW_LOG_WARN;
static int format_from_env = -1;
static pw_log_format current_format = PW_LOG_TEXT;

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

int pw_log_format_parse(const char *name, pw_log_format *out)
{
    if (name && strcmp(name, "text") == 0) *out = PW_LOG_TEXT;
    else if (name && strcmp(name, "json") == 0) *out = PW_LOG_JSON;
    else return -1;
    return 0;
}

void pw_log_set_level(pw_log_level level) { current = level; level_from_env = 0; }
void pw_log_set_format(pw_log_format f) { current_format = f; format_from_env = 0; }

pw_log_level pw_log_get_level(void)
{
    if (level_from_env < 0) {
        pw_log_level l;
        if (pw_log_level_parse(getenv("PW_LOG"), &l) == 0) current = l;
        level_from_env = 0;
    }
    return current;
}

static pw_log_format get_format(void)
{
    if (format_from_env < 0) {
        pw_log_format f;
        if (pw_log_format_parse(getenv("PW_LOG_FORMAT"), &f) == 0) current_format = f;
        format_from_env = 0;
    }
    return current_format;
}

/* Length of the well-formed UTF-8 sequence at s (2..4), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
    unsigned c = s[0];
    size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (!n || n > left) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80) return 0;
    if (c == 0xe0 && s[1] < 0xa0) return 0; /* overlong */
    if (c == 0xed && s[1] > 0x9f) return 0; /* surrogate */
    if (c == 0xf0 && s[1] < 0x90) return 0; /* overlong */
    if (c == 0xf4 && s[1] > 0x8f) return 0; /* > U+10FFFF */
    return n;
}

/* Copies src into dst (size > 0, always terminated) escaping what must not reach a log; json adds JSON's own
 * escapes for quote and backslash. Cut at a character boundary when dst is full. */
size_t pw_log_escape(char *dst, size_t size, const char *src, int json)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t o = 0, len = strlen(src);
    for (size_t i = 0; i < len;) {
        char tmp[8];
        size_t tn;
        unsigned c = s[i];
        size_t seq = c >= 0x80 ? utf8_seq(s + i, len - i) : 0;
        if (seq) {
            memcpy(tmp, s + i, seq);
            tn = seq;
        } else if (json && (c == '"' || c == '\\')) {
            tmp[0] = '\\', tmp[1] = (char)c, tn = 2;
        } else if (c >= 0x20 && c < 0x7f) {
            tmp[0] = (char)c, tn = 1;
        } else if (json && c < 0x20) {
            tn = (size_t)snprintf(tmp, sizeof tmp, "\\u%04x", c);
        } else {
            tn = (size_t)snprintf(tmp, sizeof tmp, "\\x%02X", c);
            if (json) tmp[0] = '\\', memmove(tmp + 1, tmp, tn + 1), tn++; /* "\\xNN" in a JSON string */
        }
        if (o + tn >= size) break;
        memcpy(dst + o, tmp, tn);
        o += tn;
        i += seq ? seq : 1;
    }
    dst[o] = '\0';
    return o;
}

void pw_log(pw_log_level level, const char *fmt, ...)
{
    if (level > pw_log_get_level()) return;
    char line[2048], safe[4096], out[4400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    int json = get_format() == PW_LOG_JSON;
    pw_log_escape(safe, sizeof safe, line, json);
    int n;
    if (json) {
        char ts[PW_RFC3339_MAX];
        pw_time_format(pw_time_now_us(), ts);
        n = snprintf(out, sizeof out, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}\n", ts, names[level], safe);
    } else {
        n = snprintf(out, sizeof out, "patchwatch: %s: %s\n", names[level], safe);
    }
    if (n > (int)sizeof out - 1) n = (int)sizeof out - 1;
    if (n > 0 && write(2, out, (size_t)n) < 0) return; /* nowhere left to say it */
}
