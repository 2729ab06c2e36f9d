/* feeds_state: what the poller remembers between runs (private to ingest/feeds_*.c). One JSON file:
 *   {"version":1,"sources":{NAME:{"urls":{URL:{"etag":..,"last_modified":..}},
 *                                 "items":{ID:{"updated":RFC3339|null,"seen":RFC3339}}}}}
 * written atomically (temp file, fsync, rename, fsync of the directory), so a crash leaves the old or the
 * new state, never half of one. */
#ifndef PW_FEEDS_STATE_H
#define PW_FEEDS_STATE_H

#include <stdint.h>

#include <jansson.h>

#include "core/pw_error.h"

/* Items remembered per source: a busy forum feed shows ~25-100 items; 20000 is months of history. Past it,
 * the items seen longest ago are forgotten (they have long left the feed). */
#define PW_FEEDS_STATE_ITEMS_MAX 20000
#define PW_FEEDS_STATE_FILE_MAX ((size_t)256 << 20) /* refuse to load a state file above 256 MiB */

typedef struct pw_feeds_state {
    char *path; /* NULL: in memory only */
    json_t *root;
    int dirty;
} pw_feeds_state;

int pw_feeds_state_open(pw_feeds_state *st, const char *path, pw_error *err);
/* 1 when (id, updated) was announced before; updated PW_TS_NONE compares as "no date". */
int pw_feeds_state_seen(pw_feeds_state *st, const char *source, const char *id, int64_t updated);
int pw_feeds_state_mark(pw_feeds_state *st, const char *source, const char *id, int64_t updated, int64_t now_us);
/* Conditional request validators for a URL (borrowed, may be NULL). */
const char *pw_feeds_state_validator(pw_feeds_state *st, const char *source, const char *url, const char *which);
int pw_feeds_state_set_validators(pw_feeds_state *st, const char *source, const char *url, const char *etag,
                                  const char *last_modified);
int pw_feeds_state_save(pw_feeds_state *st, pw_error *err); /* no-op when clean or in memory */
void pw_feeds_state_close(pw_feeds_state *st);

#endif
