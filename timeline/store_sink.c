/* store_sink: the `store` sink plugin (core/pw_stage.h) over the store API. Local SQLite, so not durable in
 * the engine's sense (no network to wait for): a record that is not valid is refused for good (dead letter),
 * a database error (disk full, locked past the busy timeout) is retried by the engine. */
#include <stdlib.h>
#include <string.h>

#include "core/pw_config.h"
#include "timeline/store.h"
#include "timeline/store_sink.h"

static int store_init(void **ctx, const json_t *cfg, pw_error *err)
{
    pw_tl_store_opts o = {.evidence_cap = 20};
    json_t *cap = json_object_get(cfg, "evidence_cap");
    if (json_is_integer(cap)) o.evidence_cap = (int)json_integer_value(cap);
    const char *path = json_string_value(json_object_get(cfg, "path"));
    if (!path) return pw_error_set(err, PW_ERR_USAGE, "store sink: path is required");
    pw_tl_store *s = pw_tl_store_open(path, &o, err);
    if (!s) return -1;
    const char *inv = json_string_value(json_object_get(cfg, "inventory"));
    if (inv && pw_tl_store_load_inventory(s, inv, err)) {
        pw_tl_store_close(s, NULL);
        return -1;
    }
    *ctx = s;
    return 0;
}

static pw_flush_result store_flush(void *ctx, const pw_sink_rec *recs, size_t n, pw_flush_report *rep)
{
    pw_tl_store *s = ctx;
    pw_flush_result all = PW_FLUSH_OK;
    for (size_t i = 0; i < n; i++) {
        pw_error e = {0};
        pw_flush_result r = PW_FLUSH_OK;
        if (pw_tl_store_put(s, recs[i].topic, recs[i].json, recs[i].len, &e))
            r = e.code == PW_ERR_IO ? PW_FLUSH_RETRY : PW_FLUSH_ERROR;
        if (r != PW_FLUSH_OK) {
            snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
            all = PW_FLUSH_ERROR;
        }
        if (rep->status) rep->status[i] = r;
    }
    pw_error e = {0};
    if (all == PW_FLUSH_OK && pw_tl_store_commit(s, &e)) {
        snprintf(rep->reason, sizeof rep->reason, "%.200s", e.msg);
        return PW_FLUSH_RETRY;
    }
    return all;
}

static int store_idle(void *ctx, pw_error *err) { return pw_tl_store_commit(ctx, err); }

static void store_exit(void *ctx) { pw_tl_store_close(ctx, NULL); }

const pw_sink_plugin pw_sink_plugin_store = {
    .name = "store",
    .description = "SQLite timeline store: incidents, alerts, installs, advisories, notifications, evidence",
    .config = &pw_sink_cfg_sqlite, /* `kind: sqlite` in a config file */
    .durable = 0,
    .batch_max = 512,
    .init = store_init,
    .flush = store_flush,
    .idle = store_idle,
    .exit = store_exit,
};
