/* sinks/jsonl: bus endpoint -> JSON lines (see jsonl.h).
 *
 * Each body is parsed with jansson before it is written. That costs an allocation per message, which this
 * stage accepts: it is the edge where patchwatch hands data to other tools, and a line that is not valid JSON
 * would break every consumer after it. Received bodies from pw_bus producers are already compact and are
 * written byte for byte; only bodies with raw line breaks are re-encoded. */
#include "sinks/jsonl.h"

#include <string.h>

#include <jansson.h>

#include "core/pw_log.h"
#include "core/pw_out.h"

static int deliver_line(void *ud, const pw_bus_msg *m, pw_sink_stats *st, pw_error *err)
{
    pw_out *out = ud;
    json_error_t jerr;
    json_t *j = json_loadb(m->body.data, m->body.len, JSON_REJECT_DUPLICATES, &jerr);
    int rc = 1;
    char pv[81];
    if (!j || !json_is_object(j)) {
        st->invalid++;
        pw_log_warn("sink jsonl: skipped a \"%s\" message that is not one JSON object (%s): %s", m->topic,
                    j ? "not an object" : jerr.text, pw_sink_preview(m, pv));
        rc = 0;
        goto out;
    }
    if (!memchr(m->body.data, '\n', m->body.len) && !memchr(m->body.data, '\r', m->body.len)) {
        if (pw_out_raw(out, m->topic, m->body.data, m->body.len, err)) rc = -1;
    } else {
        char *compact = json_dumps(j, JSON_COMPACT);
        if (!compact) rc = pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        else if (pw_out_raw(out, m->topic, compact, strlen(compact), err)) rc = -1;
        free(compact);
    }
out:
    json_decref(j);
    return rc;
}

static int flush_lines(void *ud, pw_error *err) { return pw_out_flush(ud, err); }

int pw_sink_jsonl_run(const pw_sink_jsonl_opts *o, pw_sink_stats *st, pw_error *err)
{
    void *ctx = NULL;
    pw_out *out = NULL;
    int rc = -1;
    memset(st, 0, sizeof *st);
    if (!o->input.in) {
        pw_error_set(err, PW_ERR_USAGE, "no input endpoint");
        goto out;
    }
    if (!(ctx = pw_bus_ctx_new(err))) goto out;
    if (!(out = pw_out_open_ctx(o->out ? o->out : "-", ctx, err))) goto out;
    rc = pw_sink_loop(ctx, &o->input, deliver_line, flush_lines, out, st, err);
out:
    if (out && pw_out_close(out, rc ? NULL : err)) rc = -1;
    if (ctx) pw_bus_ctx_destroy(ctx);
    if (rc) pw_error_prefix(err, "sink jsonl");
    return rc;
}
