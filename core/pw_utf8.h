/* pw_utf8: UTF-8 validation and lossy repair. Everything that enters a pw_event is valid UTF-8 without NUL,
 * so encoders never have to check again; parsers of untrusted text repair with pw_utf8_sanitize. */
#ifndef PW_UTF8_H
#define PW_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "core/pw_buf.h"

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). Sets *has_nul. */
bool pw_utf8_valid(const char *s, size_t len, bool *has_nul);
/* Appends s to out with each ill-formed sequence and each NUL replaced by U+FFFD. */
int pw_utf8_sanitize(pw_buf *out, const char *s, size_t len);
/* Appends code point cp (U+FFFD for invalid ones) as UTF-8. */
int pw_utf8_put(pw_buf *out, unsigned cp);

#endif
