/* sinks/syslog: forwards bus messages to a syslog receiver (a SIEM's collector, rsyslog, syslog-ng) as
 * RFC 5424 messages, with the JSON object as MSG, or as CEF (ArcSight Common Event Format) inside an RFC 5424
 * envelope. Transports: udp:// (RFC 5426, one datagram per message), tcp:// (RFC 6587 octet counting) and
 * tls:// (RFC 5425: octet counting inside TLS 1.2+, the receiver's certificate verified against ca_file or the
 * system store, and its name against HOST; an optional client certificate).
 *
 * Over tcp an unreachable or restarting receiver costs no messages: records wait in the sink's durable queue
 * (core/pw_queue.h) and the engine retries with back-off; the sink reconnects. Messages already in kernel
 * buffers when a receiver crashes are lost, as with any syslog over tcp (no acknowledgements). Over udp a
 * datagram can be lost in the network without anyone knowing. */
#ifndef PW_SINK_SYSLOG_H
#define PW_SINK_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_stage.h"
#include "sinks/sink_loop.h"

#define PW_SYSLOG_SD_ID "patchwatch@32473" /* RFC 5612's documentation number: set sd_id to your own PEN */
#define PW_SYSLOG_UDP_MAX 65000 /* bytes per datagram (IPv4 limit 65507); larger messages need tcp:// */

typedef enum { PW_SYSLOG_FMT_RFC5424 = 0, PW_SYSLOG_FMT_CEF } pw_syslog_fmt;

typedef struct pw_sink_syslog_opts {
    pw_sink_input input;
    const char *to;       /* udp://HOST:PORT or tcp://HOST:PORT */
    pw_syslog_fmt format;
    int facility;         /* 0..23; default 16 (local0) when set to -1 */
    const char *app_name; /* default "patchwatch" */
    const char *hostname; /* default: this machine's name; events keep their own host.name */
    const char *sd_id;    /* STRUCTURED-DATA id; default PW_SYSLOG_SD_ID */
    int connect_timeout_ms; /* tcp, tls; default 10000 */
    const char *ca_file;    /* tls: CAs for the receiver's certificate (PEM); default the system store */
    const char *cert_file, *key_file; /* tls: this sink's client certificate and key, when the receiver asks */
} pw_sink_syslog_opts;

/* Parses "rfc5424" or "cef". */
int pw_syslog_fmt_parse(const char *name, pw_syslog_fmt *out);
/* Parses a facility name ("local0", "daemon", ...) or number 0..23. */
int pw_syslog_facility_parse(const char *name, int *out);

/* 1 when sd_id is a valid RFC 5424 SD-NAME (1..32 printable ASCII, no '=', ' ', ']', '"'). */
int pw_syslog_sd_id_valid(const char *sd_id);

/* Formats one bus message (topic + JSON object) as a syslog message into out (appended, no framing).
 * now_us is used when the JSON has no "@timestamp"; pid is the PROCID. Returns 0, or -1 when the body is
 * not a JSON object. */
int pw_syslog_format(const pw_sink_syslog_opts *o, const char *hostname, long pid, const char *topic,
                     const char *json, size_t len, int64_t now_us, pw_buf *out, pw_error *err);

/* The same with the record's stable id as structured data [patchwatch@32473 id="ID"] (NULL: "-"). */
int pw_syslog_format_id(const pw_sink_syslog_opts *o, const char *hostname, long pid, const char *topic,
                        const char *id, const char *json, size_t len, int64_t now_us, pw_buf *out, pw_error *err);

/* The same for a record from the engine; obj: its body as the engine parsed it (pw_flush_report.obj), or NULL
 * to parse r->json here. obj must be what r->json parses to. */
int pw_syslog_format_rec(const pw_sink_syslog_opts *o, const char *hostname, long pid, const pw_sink_rec *r,
                         json_t *obj, int64_t now_us, pw_buf *out, pw_error *err);

extern const pw_sink_plugin pw_sink_plugin_syslog;

/* Runs the syslog plugin over the engine: durable queue in input.queue_dir (default: see sink_loop.h). Starts
 * even when the receiver is down (records wait in the queue); fails at start only for a target that cannot
 * be right (bad syntax, a host name that does not resolve). */
int pw_sink_syslog_run(const pw_sink_syslog_opts *o, pw_sink_stats *st, pw_error *err);

#endif
