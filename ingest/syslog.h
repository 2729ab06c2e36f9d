/* ingest/syslog: a syslog receiver: UDP and TCP listeners (IPv4 and IPv6), TCP framed by octet counting
 * (RFC 6587 3.4.1) or by LF (3.4.2, detected per message), a maximum message size with a counter when it
 * is exceeded, many concurrent senders, the sender's address kept as source.ip.
 *
 * Three calls run it: pw_syslog_server_new, pw_syslog_server_run (until *stop), pw_syslog_server_free.
 * Every message is parsed (parsers/syslog.h) and handed to the emit callback, on the server's one thread.
 *
 * Back-pressure: emit may block (a bus PUSH whose peer is slow). While it does, nothing is read: TCP
 * senders fill their socket buffers and then wait (no TCP message is ever dropped); UDP datagrams that
 * arrive meanwhile overflow the kernel's receive buffer and are lost, which the kernel counts for us
 * (SO_RXQ_OVFL) and which is reported as udp_dropped. */
#ifndef PW_INGEST_SYSLOG_H
#define PW_INGEST_SYSLOG_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pw_error.h"
#include "core/pw_event.h"

/* 64 KiB: RFC 5425 asks receivers to take 8 KiB, rsyslog's default is 8 KiB, the UDP payload limit is
 * 65507; enough for real traffic while a thousand connections still cost < 100 MiB of buffers. */
#define PW_SYSLOG_DEFAULT_MAX_MESSAGE ((size_t)64 << 10)
/* --max-message above this is refused: an unparseable message is kept twice (message, event.original), and
 * both must fit in one event (PW_EVENT_MAX_BYTES, 16 MiB) */
#define PW_SYSLOG_MAX_MESSAGE_LIMIT ((size_t)4 << 20)
#define PW_SYSLOG_MAX_LISTENERS 16
#define PW_SYSLOG_DEFAULT_MAX_CONNS 1024 /* one fd and up to max_message of buffer each */

typedef struct pw_syslog_stats {
    uint64_t messages;     /* events emitted */
    uint64_t bytes;        /* message bytes received */
    uint64_t parse_errors; /* events flagged patchwatch.parse_error */
    uint64_t oversize;     /* messages cut at max_message (emitted truncated, flagged patchwatch.truncated) */
    uint64_t discarded;    /* bytes of oversize messages beyond max_message, dropped */
    uint64_t udp_dropped;  /* datagrams the kernel dropped because we did not read fast enough */
    uint64_t tcp_accepted;
    uint64_t tcp_open;
    uint64_t tcp_refused;  /* connections closed at once because max_conns were open */
    uint64_t tls_sessions; /* TLS handshakes completed */
    uint64_t tls_refused;  /* TLS handshakes refused (no or a bad client certificate, not TLS, ...) */
} pw_syslog_stats;

/* Returns 0, or -1 to stop the server (err set). */
typedef int (*pw_syslog_emit_fn)(const pw_event *ev, void *ud, pw_error *err);

typedef struct pw_syslog_config {
    const char *udp[PW_SYSLOG_MAX_LISTENERS]; /* "127.0.0.1:514", "[::1]:514", ":514" (any); port 0 = pick */
    size_t nudp;
    const char *tcp[PW_SYSLOG_MAX_LISTENERS];
    size_t ntcp;
    const char *tls[PW_SYSLOG_MAX_LISTENERS]; /* RFC 5425 syslog over TLS (port 6514 by convention) */
    size_t ntls;
    const char *tls_cert, *tls_key; /* PEM: the server's certificate (chain) and key; required with tls */
    const char *tls_ca;             /* PEM: CA(s) that client certificates must chain to */
    int tls_verify_client;          /* PW_SYSLOG_TLS_VERIFY_* */
    size_t max_message; /* 0 = PW_SYSLOG_DEFAULT_MAX_MESSAGE */
    size_t max_conns;   /* 0 = PW_SYSLOG_DEFAULT_MAX_CONNS */
    int keep_original;  /* 1: event.original on every message (default: only on those that do not parse) */
} pw_syslog_config;

/* Client certificates on TLS listeners: not asked for; asked and checked against tls_ca when presented;
 * required (a client without one is refused). */
enum { PW_SYSLOG_TLS_VERIFY_NONE, PW_SYSLOG_TLS_VERIFY_OPTIONAL, PW_SYSLOG_TLS_VERIFY_REQUIRE };

typedef struct pw_syslog_server pw_syslog_server;

/* Binds every listener (so a port conflict is reported here, before any traffic). */
pw_syslog_server *pw_syslog_server_new(const pw_syslog_config *c, pw_syslog_emit_fn emit, void *ud, pw_error *err);
/* Serves until *stop becomes non-zero (checked at least every 200 ms) or emit fails. 0 or -1. */
int pw_syslog_server_run(pw_syslog_server *s, const volatile sig_atomic_t *stop, pw_error *err);
/* One round: waits up to timeout_ms for traffic and handles what came. 1 when something was handled, 0 on
 * timeout, -1 on error. */
int pw_syslog_server_poll(pw_syslog_server *s, int timeout_ms, pw_error *err);
/* Listeners as bound: "udp 127.0.0.1:40123", "tcp [::1]:40124" (the real port when 0 was asked). */
size_t pw_syslog_server_nlisteners(const pw_syslog_server *s);
const char *pw_syslog_server_listener(const pw_syslog_server *s, size_t i);
void pw_syslog_server_stats(const pw_syslog_server *s, pw_syslog_stats *out);
void pw_syslog_server_free(pw_syslog_server *s);

/* ---- TCP framing, exposed for tests (syslog_frame.c) ----
 * An oversize frame is handed out once, cut at max_msg, truncated = 1, with its real length in the framer's
 * last_length while fn runs; an LF-framed one is held until its LF arrives (the rest is dropped as it streams
 * by), so that length is known. */
typedef int (*pw_syslog_frame_fn)(void *ud, const char *msg, size_t len, int truncated, pw_error *err);

typedef struct pw_syslog_framer {
    char *buf;
    size_t cap, cap_max, start, end;
    size_t max_msg;
    uint64_t skip;   /* octet-counted bytes of an oversize frame still to discard */
    int hold;        /* an oversize LF-framed message: its first max_msg bytes wait at buf[start] for its LF */
    uint64_t over_len;    /* hold: its length so far */
    uint64_t last_length; /* real length of the frame just handed out (> len when it was cut) */
    uint64_t oversize;
} pw_syslog_framer;

int pw_syslog_framer_init(pw_syslog_framer *f, size_t max_msg, pw_error *err);
/* Where the next read(2) may write: *p, up to *n bytes (compacts/grows the buffer). */
int pw_syslog_framer_space(pw_syslog_framer *f, char **p, size_t *n, pw_error *err);
/* n bytes were written at the space: calls fn for each complete frame. fn returning -1 stops with -1. */
int pw_syslog_framer_push(pw_syslog_framer *f, size_t n, pw_syslog_frame_fn fn, void *ud, pw_error *err);
/* The peer closed: hands out what is left (an unterminated last line, flagged truncated if cut). */
int pw_syslog_framer_finish(pw_syslog_framer *f, pw_syslog_frame_fn fn, void *ud, pw_error *err);
/* Convenience for tests: space + copy + push, in pieces. */
int pw_syslog_framer_feed(pw_syslog_framer *f, const char *data, size_t len, pw_syslog_frame_fn fn, void *ud,
                          pw_error *err);
void pw_syslog_framer_free(pw_syslog_framer *f);

#endif
