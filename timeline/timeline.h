/* timeline: reading the store back as an ordered list of moments (installs, first symptom, reports, alerts,
 * incident versions, notifications, actions, resolution) for one incident, patch or host, and printing it
 * as a text table, JSON lines (timeline.c) or one self-contained HTML page with inline SVG (timeline_html.c). */
#ifndef PW_TL_TIMELINE_H
#define PW_TL_TIMELINE_H

#include <stdint.h>
#include <stdio.h>

#include "core/pw_error.h"
#include "timeline/store.h"

#define PW_TL_ENTRIES_MAX 100000 /* a timeline longer than this is not read by a person; cut and said */

typedef struct pw_tl_query {
    const char *incident, *patch, *host; /* exactly one */
    int64_t from, to;                    /* PW_TS_NONE: open */
} pw_tl_query;

typedef struct pw_tl_entry {
    int64_t ts;
    char *kind;   /* install, symptom, report, alert, incident, notification, action, resolution */
    char *host;   /* or NULL */
    char *ring;   /* or NULL */
    char *ref;    /* the record's id, or NULL */
    char *text;   /* one line */
} pw_tl_entry;

typedef struct pw_tl {
    pw_tl_entry *v;
    size_t n, cap;
    int truncated;
    char *patch;          /* the patch the timeline is about (resolved from the incident), or NULL */
    char *recommendation; /* the latest incident's (or alert's) recommendation, or NULL */
    char *hold_ring;      /* the latest incident's ring_to_hold, or NULL */
} pw_tl;

int pw_tl_build(pw_tl_store *s, const pw_tl_query *q, pw_tl *out, pw_error *err);
void pw_tl_free(pw_tl *t);
int pw_tl_print_text(const pw_tl *t, FILE *f);
int pw_tl_print_json(const pw_tl *t, FILE *f);
/* The HTML page, written to path atomically (temp file + rename). */
int pw_tl_write_html(pw_tl_store *s, const pw_tl *t, const char *path, pw_error *err);

#endif
