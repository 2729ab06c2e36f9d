/* syslog_priv: what the syslog receiver's files (server, conn, udp) share; not for other stages. */
#ifndef PW_SYSLOG_PRIV_H
#define PW_SYSLOG_PRIV_H

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#define PW_SYSLOG_TCP_RCVBUF (256 * 1024) /* bytes of kernel receive buffer per TCP connection */

#include "ingest/syslog.h"
#include "parsers/syslog.h"

#define PW_SYSLOG_ADDR_MAX 64 /* "[" INET6_ADDRSTRLEN "]:" port, with room */

struct ssl_st;
struct ssl_ctx_st;

typedef struct syslog_conn {
    int fd;
    struct ssl_st *ssl; /* TLS connection (syslog_tls.c), NULL for plain TCP */
    int tls_up;         /* the handshake completed */
    char peer[PW_SYSLOG_ADDR_MAX]; /* source.ip, formatted once at accept */
    pw_syslog_framer framer;
} syslog_conn;

typedef struct syslog_listener {
    int fd;
    int is_udp;
    int is_tls;
    uint32_t drops_seen; /* last SO_RXQ_OVFL value (cumulative per socket) */
    char name[PW_SYSLOG_ADDR_MAX + 8];
} syslog_listener;

struct pw_syslog_server {
    syslog_listener lis[2 * PW_SYSLOG_MAX_LISTENERS];
    size_t nlis;
    syslog_conn **conns;
    size_t nconns;
    size_t max_message, max_conns;
    pw_syslog_emit_fn emit;
    void *ud;
    pw_event ev;
    pw_syslog_parser parser;
    char *dgram; /* max_message + 1 bytes: one datagram */
    struct pollfd *pfds;
    size_t pfds_cap;
    int64_t now_us; /* receive time of the current batch: the year reference and the fallback @timestamp */
    pw_syslog_stats st;
    struct ssl_ctx_st *tls; /* TLS listeners' context, NULL without one */
};

/* Parses one message and hands it to emit with source.ip and network.transport. */
int syslog_deliver(pw_syslog_server *s, const char *msg, size_t len, int truncated, uint64_t real_len, const char *peer,
                   const char *transport, pw_error *err);
/* Formats a socket address as the bare IP (for source.ip). */
void syslog_format_ip(const struct sockaddr *sa, char *out, size_t size);

/* syslog_conn.c: accept on a TCP listener; read a connection (returns 1 when it was closed). */
int syslog_conn_accept(pw_syslog_server *s, syslog_listener *l, pw_error *err);
int syslog_conn_read(pw_syslog_server *s, syslog_conn *c, pw_error *err);
void syslog_conn_free(syslog_conn *c);

/* syslog_tls.c: the TLS context from the config; per connection: start (server mode), read (> 0 bytes, 0 at the
 * end, -1 with errno EAGAIN when the handshake or a record needs more bytes, -2 when the connection must be
 * dropped: a refused handshake, logged and counted), free. */
int syslog_tls_setup(pw_syslog_server *s, const pw_syslog_config *c, pw_error *err);
void syslog_tls_free(pw_syslog_server *s);
int syslog_tls_conn_start(pw_syslog_server *s, syslog_conn *c, pw_error *err);
ssize_t syslog_tls_read(pw_syslog_server *s, syslog_conn *c, char *p, size_t n);
int syslog_tls_pending(const syslog_conn *c);
void syslog_tls_conn_free(syslog_conn *c);

/* syslog_udp.c: reads the datagrams waiting on a UDP listener (bounded batch). */
int syslog_udp_read(pw_syslog_server *s, syslog_listener *l, pw_error *err);
int syslog_udp_setup(syslog_listener *l);

#endif
