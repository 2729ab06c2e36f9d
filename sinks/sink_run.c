/* sinks/sink_run: the glue between a sink's options and the engine: default queue directory and name, a bus
 * context per run (see sink_loop.h). */
#include "sinks/sink_loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_bus.h"
#include "core/pw_hash.h"

int pw_sink_default_queue_dir(const char *name, char *out, size_t size, pw_error *err)
{
    const char *sd = getenv("STATE_DIRECTORY"), *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n;
    if (sd && *sd) n = snprintf(out, size, "%s/queue/%s", sd, name);
    else if (xdg && *xdg) n = snprintf(out, size, "%s/patchwatch/queue/%s", xdg, name);
    else if (home && *home) n = snprintf(out, size, "%s/.local/state/patchwatch/queue/%s", home, name);
    else return pw_error_set(err, PW_ERR_USAGE, "no queue directory: set queue_dir (--queue-dir) or HOME");
    if (n < 0 || (size_t)n >= size) return pw_error_set(err, PW_ERR_LIMIT, "queue directory path too long");
    return 0;
}

void pw_sink_default_name(const char *kind, const char *target, char *out, size_t size)
{
    char hex[17];
    pw_hash_hex(pw_hash64(target ? target : "", target ? strlen(target) : 0), hex);
    hex[8] = '\0';
    snprintf(out, size, "%s-%s", kind, hex);
}

int pw_sink_run_plugin(const pw_sink_input *in, const pw_sink_plugin *p, void *pctx, pw_sink_stats *st,
                       pw_error *err)
{
    pw_sink_input local = *in;
    char qdir[1024];
    void *ctx = NULL;
    int rc = -1;
    memset(st, 0, sizeof *st);
    if (p->durable && !local.queue_dir) {
        if (pw_sink_default_queue_dir(local.name ? local.name : p->name, qdir, sizeof qdir, err)) goto out;
        local.queue_dir = qdir;
    }
    if (!(ctx = pw_bus_ctx_new(err))) goto out;
    rc = pw_stage_sink_run(ctx, &local, p, pctx, st, err);
out:
    if (ctx) pw_bus_ctx_destroy(ctx);
    return rc;
}
