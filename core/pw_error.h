/* pw_error: errors as values. Library code never exits or prints on failure; it fills a pw_error with a
 * code and a human sentence ("chunk 12 at offset 0x31000: bad CRC32, skipped") and returns -1 / NULL. */
#ifndef PW_ERROR_H
#define PW_ERROR_H

#include <stddef.h>

typedef enum {
    PW_OK = 0,
    PW_ERR_INVALID,   /* bad input data (malformed JSON, bad record, typo in a config) */
    PW_ERR_USAGE,     /* bad arguments from the caller */
    PW_ERR_IO,        /* file or socket failure */
    PW_ERR_NOMEM,     /* allocation failed or a size cap was hit */
    PW_ERR_LIMIT,     /* input larger than a documented limit */
    PW_ERR_NOTFOUND,
    PW_ERR_INTERNAL,
    PW_ERR_AGAIN      /* would block / try later */
} pw_err_code;

#define PW_ERROR_MSG_MAX 512

typedef struct pw_error {
    pw_err_code code;
    char msg[PW_ERROR_MSG_MAX];
} pw_error;

/* Sets code and message (printf format) when err is not NULL; always returns -1 so callers can write
 * `return pw_error_set(err, PW_ERR_INVALID, "...")`. */
int pw_error_set(pw_error *err, pw_err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prepends "prefix: " to an existing message (adds file/line context on the way up). */
int pw_error_prefix(pw_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pw_error_clear(pw_error *err);
const char *pw_err_code_name(pw_err_code code);

#endif
