/* pw_error: filling and prefixing error values (see pw_error.h). */
#include "core/pw_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int pw_error_set(pw_error *err, pw_err_code code, const char *fmt, ...)
{
    if (!err) return -1;
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

int pw_error_prefix(pw_error *err, const char *fmt, ...)
{
    if (!err) return -1;
    char prefix[PW_ERROR_MSG_MAX], old[PW_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    /* truncation is fine here: the message is for a human and the start carries the context */
    size_t n = strnlen(prefix, sizeof prefix - 1);
    memcpy(err->msg, prefix, n);
    size_t room = sizeof err->msg - n - 1;
    if (room > 2) {
        memcpy(err->msg + n, ": ", 2);
        n += 2;
        size_t m = strnlen(old, room - 2);
        memcpy(err->msg + n, old, m);
        n += m;
    }
    err->msg[n] = '\0';
    return -1;
}

void pw_error_clear(pw_error *err)
{
    if (!err) return;
    err->code = PW_OK;
    err->msg[0] = '\0';
}

const char *pw_err_code_name(pw_err_code code)
{
    switch (code) {
    case PW_OK: return "ok";
    case PW_ERR_INVALID: return "invalid";
    case PW_ERR_USAGE: return "usage";
    case PW_ERR_IO: return "io";
    case PW_ERR_NOMEM: return "nomem";
    case PW_ERR_LIMIT: return "limit";
    case PW_ERR_NOTFOUND: return "notfound";
    case PW_ERR_INTERNAL: return "internal";
    case PW_ERR_AGAIN: return "again";
    }
    return "unknown";
}
