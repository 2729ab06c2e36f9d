/* pw_bus_monitor: why a CURVE peer could not talk to us, or we to it, counted and logged.
 *
 * ZAP (core/pw_bus_zap.c) only sees clients that completed the cryptographic part of the handshake: a peer
 * without CURVE, or a client holding another server's public key, fails before ZAP is asked, silently. ZeroMQ
 * reports those failures only through a socket monitor (zmq_socket_monitor, events HANDSHAKE_FAILED_*), so
 * every CURVE socket on tcp:// or ipc:// gets one. The monitors' PAIR sockets are read by one thread per
 * context that polls them every 100 ms (like the ZAP handler, so pw_bus_ctx_destroy can stop it before
 * zmq_ctx_term). Cost: one inproc PAIR per CURVE socket, and a message per connection event, not per message.
 *
 * On the server, a client with the wrong server key shows as ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC (its HELLO
 * box does not open). A plaintext peer shows as ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH when the server reads
 * its greeting first, and as HANDSHAKE_FAILED_NO_DETAIL (EPIPE, ECONNRESET) when the peer, having read ours,
 * hangs up first (the usual order on a fast link): both count as "plaintext_peer", which therefore also counts
 * anything else that connects and hangs up before the greeting ends (a port scanner). ZAP refusals also
 * raise HANDSHAKE_FAILED_AUTH; they are counted by the ZAP handler (which knows the key), not here. On a
 * client, the server closing the connection mid-handshake shows as HANDSHAKE_FAILED_NO_DETAIL. */
#include "core/pw_bus_monitor.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "core/pw_bus_zap.h"
#include "core/pw_log.h"
#include "core/pw_metrics.h"
#include "core/pw_time.h"

#define MON_MAX 256                        /* monitored sockets per context; more are not watched (logged) */
#define MON_LOG_INTERVAL_US 60000000LL     /* one log line per kind per minute: a scanner cannot flood */
#define MON_EVENTS (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | \
                    ZMQ_EVENT_MONITOR_STOPPED)

static _Atomic uint64_t counts[PW_BUS_REFUSAL_KINDS];
static _Atomic int64_t last_log[PW_BUS_REFUSAL_KINDS];

typedef struct mon_entry {
    void *pair;
    int is_server;
    char endpoint[128];
} mon_entry;

typedef struct mon_ctx {
    void *ctx;
    pthread_t thread;
    atomic_int stop;
    pthread_mutex_t lock; /* guards entries/n: sockets are added while the thread runs */
    mon_entry entries[MON_MAX];
    size_t n;
    struct mon_ctx *next;
} mon_ctx;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static mon_ctx *registry;
static atomic_ulong mon_counter;

uint64_t pw_bus_refused(pw_bus_refusal kind) { return kind < PW_BUS_REFUSAL_KINDS ? atomic_load(&counts[kind]) : 0; }

static void note(pw_bus_refusal kind, const char *endpoint)
{
    static const char *const why[PW_BUS_REFUSAL_KINDS] = {
        [PW_BUS_REFUSED_PLAINTEXT] = "a peer without CURVE (plaintext, or not ZeroMQ) was refused",
        [PW_BUS_REFUSED_WRONG_KEY] = "a CURVE client with another server public key was refused (its handshake does "
                                     "not decrypt: check curve_server_public_file on the connecting side)",
        [PW_BUS_REFUSED_OTHER] = "a peer's handshake failed (protocol error)",
        [PW_BUS_CLIENT_FAILED] = "the CURVE handshake with the server failed (is curve_server_public_file that "
                                 "server's key, and this client's key in its clients file?)",
    };
    atomic_fetch_add(&counts[kind], 1);
    int64_t now = pw_time_mono_us(), last = atomic_load(&last_log[kind]);
    if (last && now - last < MON_LOG_INTERVAL_US) return;
    if (!atomic_compare_exchange_strong(&last_log[kind], &last, now)) return;
    pw_log_warn("bus: %s: %s (counted; logged again in a minute at most)", endpoint, why[kind]);
}

/* Reads one monitor event (two frames: 16-bit event + 32-bit value, then the endpoint). Returns 1 when the
 * monitor stopped (the socket was closed). */
static int read_event(mon_entry *e)
{
    zmq_msg_t f;
    zmq_msg_init(&f);
    if (zmq_msg_recv(&f, e->pair, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&f);
        return 0;
    }
    uint16_t ev = 0;
    uint32_t value = 0;
    int more = zmq_msg_more(&f);
    if (zmq_msg_size(&f) >= 6) {
        memcpy(&ev, zmq_msg_data(&f), 2);
        memcpy(&value, (const char *)zmq_msg_data(&f) + 2, 4);
    }
    while (more && zmq_msg_recv(&f, e->pair, 0) >= 0) more = zmq_msg_more(&f); /* the endpoint: we know it */
    zmq_msg_close(&f);
    if (ev == ZMQ_EVENT_MONITOR_STOPPED) return 1;
    pw_log_debug("bus: %s: monitor event 0x%x value 0x%x", e->endpoint, ev, value);
    if (e->is_server && ev == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
        note(value == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH ? PW_BUS_REFUSED_PLAINTEXT
             : value == ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC  ? PW_BUS_REFUSED_WRONG_KEY
                                                                : PW_BUS_REFUSED_OTHER,
             e->endpoint);
    else if (e->is_server && ev == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) /* the peer hung up mid-greeting */
        note(PW_BUS_REFUSED_PLAINTEXT, e->endpoint);
    else if (!e->is_server && (ev == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL || ev == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL))
        note(PW_BUS_CLIENT_FAILED, e->endpoint);
    return 0;
}

static void close_pair(void *pair)
{
    int zero = 0;
    zmq_setsockopt(pair, ZMQ_LINGER, &zero, sizeof zero);
    zmq_close(pair);
}

static void *mon_main(void *p)
{
    mon_ctx *m = p;
    zmq_pollitem_t items[MON_MAX];
    while (!atomic_load(&m->stop)) {
        pthread_mutex_lock(&m->lock);
        size_t n = m->n;
        for (size_t i = 0; i < n; i++) items[i] = (zmq_pollitem_t){m->entries[i].pair, 0, ZMQ_POLLIN, 0};
        pthread_mutex_unlock(&m->lock);
        int rc = zmq_poll(items, (int)n, 100);
        if (rc < 0 && errno == ETERM) break;
        if (rc <= 0) continue;
        pthread_mutex_lock(&m->lock);
        for (size_t i = n; i-- > 0;) {
            if (!(items[i].revents & ZMQ_POLLIN)) continue;
            if (read_event(&m->entries[i])) { /* socket closed: forget its monitor */
                close_pair(m->entries[i].pair);
                m->entries[i] = m->entries[--m->n];
            }
        }
        pthread_mutex_unlock(&m->lock);
    }
    pthread_mutex_lock(&m->lock);
    for (size_t i = 0; i < m->n; i++) close_pair(m->entries[i].pair);
    m->n = 0;
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

int pw_bus_monitor_attach(void *ctx, void *zsock, const char *endpoint, int is_server, pw_error *err)
{
    char mep[64];
    snprintf(mep, sizeof mep, "inproc://pw-bus-monitor-%lu", atomic_fetch_add(&mon_counter, 1) + 1);
    if (zmq_socket_monitor(zsock, mep, MON_EVENTS) != 0)
        return pw_error_set(err, PW_ERR_IO, "bus: zmq_socket_monitor: %s", zmq_strerror(errno));
    void *pair = zmq_socket(ctx, ZMQ_PAIR);
    if (!pair || zmq_connect(pair, mep) != 0) {
        if (pair) close_pair(pair);
        zmq_socket_monitor(zsock, NULL, 0);
        return pw_error_set(err, PW_ERR_IO, "bus: cannot watch the CURVE handshakes: %s", zmq_strerror(errno));
    }
    pthread_mutex_lock(&registry_lock);
    mon_ctx *m = registry;
    while (m && m->ctx != ctx) m = m->next;
    if (!m && (m = calloc(1, sizeof *m))) {
        m->ctx = ctx;
        pthread_mutex_init(&m->lock, NULL);
        if (pthread_create(&m->thread, NULL, mon_main, m) != 0) {
            pthread_mutex_destroy(&m->lock);
            free(m);
            m = NULL;
        } else {
            m->next = registry;
            registry = m;
        }
    }
    int added = 0;
    if (m) { /* the PAIR moves to the monitor thread here; the mutex is the memory barrier ZeroMQ asks for */
        pthread_mutex_lock(&m->lock);
        if (m->n < MON_MAX) {
            mon_entry *e = &m->entries[m->n++];
            e->pair = pair;
            e->is_server = is_server;
            snprintf(e->endpoint, sizeof e->endpoint, "%s", endpoint);
            added = 1;
        }
        pthread_mutex_unlock(&m->lock);
    }
    pthread_mutex_unlock(&registry_lock);
    if (!added) {
        close_pair(pair);
        zmq_socket_monitor(zsock, NULL, 0);
        pw_log_warn("bus: %s: CURVE handshake failures on this socket are not counted (too many sockets)", endpoint);
    }
    return 0;
}

void pw_bus_monitor_ctx_release(void *ctx)
{
    pthread_mutex_lock(&registry_lock);
    mon_ctx **pp = &registry, *m = NULL;
    for (; *pp; pp = &(*pp)->next) {
        if ((*pp)->ctx == ctx) {
            m = *pp;
            *pp = m->next;
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    if (!m) return;
    atomic_store(&m->stop, 1);
    pthread_join(m->thread, NULL);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

static double m_refused(void *ud) { return (double)pw_bus_refused((pw_bus_refusal)(uintptr_t)ud); }
static double m_unknown_key(void *ud)
{
    (void)ud;
    return (double)pw_bus_zap_refused();
}

void pw_bus_refusal_metrics_register(void)
{
    static const char help[] = "Bus peers refused by a CURVE server of this process, by reason.";
    pw_metrics_counter_fn_add("patchwatch_bus_curve_refused_total", help, "reason=\"unknown_client_key\"",
                              m_unknown_key, NULL);
    pw_metrics_counter_fn_add("patchwatch_bus_curve_refused_total", help, "reason=\"plaintext_peer\"", m_refused,
                              (void *)(uintptr_t)PW_BUS_REFUSED_PLAINTEXT);
    pw_metrics_counter_fn_add("patchwatch_bus_curve_refused_total", help, "reason=\"wrong_server_key\"", m_refused,
                              (void *)(uintptr_t)PW_BUS_REFUSED_WRONG_KEY);
    pw_metrics_counter_fn_add("patchwatch_bus_curve_refused_total", help, "reason=\"handshake_error\"", m_refused,
                              (void *)(uintptr_t)PW_BUS_REFUSED_OTHER);
    pw_metrics_counter_fn_add("patchwatch_bus_curve_client_failures_total",
                              "CURVE handshakes of this process's clients that a server ended (wrong server key, "
                              "client key not admitted).",
                              "", m_refused, (void *)(uintptr_t)PW_BUS_CLIENT_FAILED);
}
