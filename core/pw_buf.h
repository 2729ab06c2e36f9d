/* pw_buf: a growable byte buffer with a hard cap, plus JSON string escaping; the output side of every
 * encoder. Reused across records (pw_buf_reset keeps the memory) so hot paths allocate nothing. */
#ifndef PW_BUF_H
#define PW_BUF_H

#include <stddef.h>

#include "core/pw_error.h"

#define PW_BUF_MAX ((size_t)1 << 30) /* 1 GiB: far above any record; a runaway encoder fails, not the host */

typedef struct pw_buf {
    char *data; /* always NUL-terminated when cap > 0 */
    size_t len;
    size_t cap;
} pw_buf;

#define PW_BUF_INIT {NULL, 0, 0}

int pw_buf_reserve(pw_buf *b, size_t extra);
int pw_buf_append(pw_buf *b, const void *data, size_t len);
int pw_buf_putc(pw_buf *b, char c);
int pw_buf_puts(pw_buf *b, const char *s);
int pw_buf_printf(pw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a quoted JSON string. s must be valid UTF-8 (not checked here); control characters,
 * '"' and '\\' are escaped. */
int pw_buf_json_str(pw_buf *b, const char *s, size_t len);
void pw_buf_reset(pw_buf *b);
void pw_buf_free(pw_buf *b);

#endif
