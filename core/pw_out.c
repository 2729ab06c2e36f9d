/* pw_out: output selection (stdout, file, bus endpoint) behind one interface; see pw_out.h. */
#include "core/pw_out.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_bus.h"

struct pw_out {
    FILE *fp;          /* JSON lines, or NULL for the bus */
    int own_fp;
    int line_flush;    /* a person watching a terminal sees each line as it comes */
    pw_bus_sock *sock; /* PUSH socket, or NULL */
    void *own_ctx;     /* context created here when the caller gave none */
    pw_buf buf;
    _Atomic uint64_t *written; /* optional: bumped per record written (a metrics cell) */
};

static int is_bus_spec(const char *spec)
{
    return strncmp(spec, "tcp://", 6) == 0 || strncmp(spec, "ipc://", 6) == 0 || strncmp(spec, "inproc://", 9) == 0;
}

pw_out *pw_out_open_bus(const char *spec, void *zmq_ctx, const pw_bus_opts *opts, pw_error *err)
{
    if (spec && !*spec) {
        pw_error_set(err, PW_ERR_USAGE, "empty output (use - for stdout, a file path, or a bus endpoint)");
        return NULL;
    }
    const char *sep = spec ? strstr(spec, "://") : NULL;
    if (sep && (sep == spec || strspn(spec, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") !=
                                   (size_t)(sep - spec)))
        sep = NULL; /* "://" inside a path, not a scheme */
    if (sep && !is_bus_spec(spec)) { /* udp://, http://, a typo: refuse rather than create a file of that name */
        pw_error_set(err, PW_ERR_USAGE, "%s: unknown output scheme \"%.*s\" (tcp, ipc, inproc; or file:PATH)", spec,
                     (int)(sep - spec > 16 ? 16 : sep - spec), spec);
        return NULL;
    }
    if (spec && strcmp(spec, "file:") == 0) {
        pw_error_set(err, PW_ERR_USAGE, "file: needs a path");
        return NULL;
    }
    pw_out *o = calloc(1, sizeof *o);
    if (!o) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!spec || strcmp(spec, "-") == 0) {
        o->fp = stdout;
        o->line_flush = isatty(STDOUT_FILENO);
    } else if (is_bus_spec(spec)) {
        if (!zmq_ctx) {
            if (strncmp(spec, "inproc://", 9) == 0) {
                pw_error_set(err, PW_ERR_USAGE, "%s: inproc endpoints only work inside one process", spec);
                goto err;
            }
            if (!(o->own_ctx = pw_bus_ctx_new(err))) goto err;
            zmq_ctx = o->own_ctx;
        }
        if (!(o->sock = pw_bus_push(zmq_ctx, spec, PW_BUS_CONNECT, opts, err))) goto err;
    } else {
        const char *path = strncmp(spec, "file:", 5) == 0 ? spec + 5 : spec;
        if (!(o->fp = fopen(path, "a"))) {
            pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
            goto err;
        }
        o->own_fp = 1;
    }
    return o;
err:
    if (o->own_ctx) pw_bus_ctx_destroy(o->own_ctx);
    free(o);
    return NULL;
}

pw_out *pw_out_open_ctx(const char *spec, void *zmq_ctx, pw_error *err)
{
    return pw_out_open_bus(spec, zmq_ctx, NULL, err);
}

pw_out *pw_out_open(const char *spec, pw_error *err) { return pw_out_open_bus(spec, NULL, NULL, err); }

void pw_out_count_into(pw_out *o, _Atomic uint64_t *cell) { o->written = cell; }

int pw_out_raw(pw_out *o, const char *topic, const char *json, size_t len, pw_error *err)
{
    if (o->written) atomic_fetch_add_explicit(o->written, 1, memory_order_relaxed);
    if (o->sock) return pw_bus_send(o->sock, topic, json, len, err);
    if (memchr(json, '\n', len)) /* one object per line is the whole format */
        return pw_error_set(err, PW_ERR_INVALID, "JSON line output: the %s object contains a newline", topic);
    if (fwrite(json, 1, len, o->fp) != len || fputc('\n', o->fp) == EOF)
        return pw_error_set(err, PW_ERR_IO, "write failed: %s", strerror(errno));
    if (o->line_flush) fflush(o->fp);
    return 0;
}

int pw_out_event(pw_out *o, const pw_event *ev, pw_error *err)
{
    pw_buf_reset(&o->buf);
    if (pw_event_to_json(ev, &o->buf, err)) return -1;
    return pw_out_raw(o, "event", o->buf.data, o->buf.len, err);
}

int pw_out_advisory(pw_out *o, const pw_advisory *a, pw_error *err)
{
    pw_buf_reset(&o->buf);
    if (pw_advisory_to_json(a, &o->buf, err)) return -1;
    return pw_out_raw(o, "advisory", o->buf.data, o->buf.len, err);
}

int pw_out_alert(pw_out *o, const pw_alert *a, pw_error *err)
{
    pw_buf_reset(&o->buf);
    if (pw_alert_to_json(a, &o->buf, err)) return -1;
    return pw_out_raw(o, "alert", o->buf.data, o->buf.len, err);
}

int pw_out_flush(pw_out *o, pw_error *err)
{
    if (o->fp && fflush(o->fp) != 0) return pw_error_set(err, PW_ERR_IO, "write failed: %s", strerror(errno));
    return 0;
}

int pw_out_close(pw_out *o, pw_error *err)
{
    if (!o) return 0;
    int rc = 0;
    if (o->sock) rc = pw_bus_close(o->sock, err); /* delivery itself happens in pw_bus_ctx_destroy below */
    if (o->fp && fflush(o->fp) != 0) rc = pw_error_set(err, PW_ERR_IO, "write failed: %s", strerror(errno));
    if (o->own_fp && fclose(o->fp) != 0) rc = pw_error_set(err, PW_ERR_IO, "close failed: %s", strerror(errno));
    if (o->own_ctx) pw_bus_ctx_destroy(o->own_ctx);
    pw_buf_free(&o->buf);
    free(o);
    return rc;
}
