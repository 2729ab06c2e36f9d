/* pw_advisory: one vendor or community report about updates (DESIGN.md), as every feed parser emits it. */
#ifndef PW_ADVISORY_H
#define PW_ADVISORY_H

#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_strlist.h"

typedef struct pw_advisory {
    char *id;        /* stable per source: the document/item id */
    char *source;    /* source name from rules/sources (e.g. "msrc", "reddit-sysadmin") */
    char *url;
    char *title;
    int64_t published, updated; /* µs UTC, PW_TS_NONE when unknown */
    char *status;    /* "known-issue", "mitigated", "resolved", "advisory", ... */
    pw_strlist kb, cve, products, event_ids, error_codes;
    char *text;      /* plain text body, for extraction and evidence */
} pw_advisory;

void pw_advisory_init(pw_advisory *a);
void pw_advisory_free(pw_advisory *a);
json_t *pw_advisory_to_jansson(const pw_advisory *a);
int pw_advisory_to_json(const pw_advisory *a, pw_buf *out, pw_error *err);
int pw_advisory_from_jansson(pw_advisory *a, const json_t *obj, pw_error *err);
int pw_advisory_from_json(pw_advisory *a, const char *json, size_t len, pw_error *err);

#endif
