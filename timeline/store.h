/* store: the timeline store, one SQLite file (WAL) holding what a person needs to reconstruct an incident:
 * every version of incidents and alerts, installs per host and ring, advisories, notifications, hold
 * attempts, hourly symptom onsets per host and a capped sample of evidence events per signature.
 *
 * Three calls for a test: pw_tl_store_open, pw_tl_store_put (a record of a bus topic as JSON), close. The
 * `store` sink plugin (store_sink.c) and `replay --store` are thin users of this API. Writes are grouped in
 * a transaction that is committed every PW_TL_COMMIT_EVERY records and on close, because one fsync per record
 * would cap a replay at a few hundred records per second; a crash loses at most the open transaction. */
#ifndef PW_TL_STORE_H
#define PW_TL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_event.h"

#define PW_TL_SCHEMA_VERSION 1
#define PW_TL_COMMIT_EVERY 5000
/* A stored record is the JSON of one bus message; 4 MiB is far above a real incident (hosts capped at 50). */
#define PW_TL_RECORD_MAX ((size_t)4 << 20)

typedef struct pw_tl_store pw_tl_store;
struct sqlite3;

typedef struct pw_tl_store_opts {
    int evidence_cap;   /* evidence events kept per signature (default 20; 0 keeps none) */
    bool read_only;     /* open for `timeline` (no schema creation; the file must exist) */
} pw_tl_store_opts;

pw_tl_store *pw_tl_store_open(const char *path, const pw_tl_store_opts *o, pw_error *err);
/* topic: "incident", "alert", "advisory", "notification", "event" (install or evidence), "action".
 * Returns 0 (stored, or ignored because the topic/event is not one the store keeps), -1 on a bad record
 * (PW_ERR_INVALID) or a database failure (PW_ERR_IO). */
int pw_tl_store_put(pw_tl_store *s, const char *topic, const char *json, size_t len, pw_error *err);
/* An event already parsed (replay hands events over without a JSON round trip). */
int pw_tl_store_put_event(pw_tl_store *s, const pw_event *ev, pw_error *err);
/* A host's deployment ring (from the inventory). */
int pw_tl_store_put_host(pw_tl_store *s, const char *host, const char *ring, pw_error *err);
/* Reads an inventory file ({hosts: [{name, ring}]}, YAML or JSON) into the hosts table. */
int pw_tl_store_load_inventory(pw_tl_store *s, const char *path, pw_error *err);
/* One action attempt (hold) on an incident's timeline. */
int pw_tl_store_put_action(pw_tl_store *s, const char *incident, int64_t ts_us, const char *action,
                           const char *outcome, const char *detail, pw_error *err);
int pw_tl_store_commit(pw_tl_store *s, pw_error *err);
/* Commits and closes; returns -1 when the final commit failed. s may be NULL. */
int pw_tl_store_close(pw_tl_store *s, pw_error *err);

/* For the queries of timeline.c: the open handle (borrowed) and the file name. */
struct sqlite3 *pw_tl_store_db(pw_tl_store *s);
const char *pw_tl_store_path(const pw_tl_store *s);

/* store_schema.c: creates or checks the schema (user_version), runs quick_check. */
int pw_tl_schema_prepare(struct sqlite3 *db, const char *path, bool read_only, pw_error *err);

#endif
