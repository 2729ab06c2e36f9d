/* pw_bus_zap: a ZAP handler (RFC 27) per ZeroMQ context that admits a CURVE client only when its public key is
 * in the allow list of the server socket it connects to.
 *
 * ZeroMQ asks the handler bound at inproc://zeromq.zap.01 of the server's context about every CURVE handshake.
 * Each restricted server socket gets its own ZAP domain ("pw-zap-N") and key list; a domain without a list
 * (a CURVE server with no clients file in the same context) is answered 200, which is what ZeroMQ does when no
 * handler exists at all. The handler is a thread with a REP socket that polls a stop flag every 100 ms, so
 * pw_bus_ctx_destroy can end it before zmq_ctx_term (which would otherwise wait for the socket forever).
 * Key lookup is a linear scan over 32-byte keys: one per connection handshake, not per message. */
#include "core/pw_bus_zap.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "core/pw_log.h"
#include "core/pw_time.h"

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define REFUSAL_LOG_PEERS 64                    /* peers whose last refusal log time is remembered */
#define REFUSAL_LOG_INTERVAL_US 60000000LL      /* one log line per peer per minute: a scanner cannot flood */

static _Atomic uint64_t refused_total;
static pthread_mutex_t refusal_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char addr[64];
    int64_t last_us;
} refusal_seen[REFUSAL_LOG_PEERS];

uint64_t pw_bus_zap_refused(void) { return atomic_load(&refused_total); }

/* Counts a refusal and logs it, at most once a minute per peer address (the least recently logged slot is
 * reused when the table is full). The client's public key is printed: it is public, and it is what an
 * operator adds to the clients file if the refusal was a mistake. */
static void refusal_note(const char *addr, size_t alen, const char *why, const uint8_t *key, size_t klen)
{
    atomic_fetch_add(&refused_total, 1);
    char a[64], z85[41] = "-";
    snprintf(a, sizeof a, "%.*s", (int)(alen < sizeof a - 1 ? alen : sizeof a - 1), addr);
    if (klen == 32) zmq_z85_encode(z85, key, 32);
    int64_t now = pw_time_mono_us();
    int log = 0;
    pthread_mutex_lock(&refusal_lock);
    size_t slot = 0;
    for (size_t i = 0; i < REFUSAL_LOG_PEERS; i++) {
        if (strcmp(refusal_seen[i].addr, a) == 0) {
            slot = i;
            break;
        }
        if (refusal_seen[i].last_us < refusal_seen[slot].last_us) slot = i;
    }
    if (strcmp(refusal_seen[slot].addr, a) != 0 || now - refusal_seen[slot].last_us >= REFUSAL_LOG_INTERVAL_US) {
        snprintf(refusal_seen[slot].addr, sizeof refusal_seen[slot].addr, "%s", a);
        refusal_seen[slot].last_us = now;
        log = 1;
    }
    pthread_mutex_unlock(&refusal_lock);
    if (log)
        pw_log_warn("bus: connection from %s refused: %s (client public key %s; further refusals of this peer are "
                    "counted, logged again in a minute)", a[0] ? a : "?", why, z85);
}
#define ZAP_LINE_MAX 512 /* a key line is ~55 bytes */

typedef struct zap_domain {
    char name[32];
    uint8_t (*keys)[32];
    size_t nkeys;
    struct zap_domain *next;
} zap_domain;

typedef struct zap_handler {
    void *ctx;
    void *rep;
    pthread_t thread;
    atomic_int stop;
    pthread_mutex_t lock; /* guards domains: sockets are restricted while the handler runs */
    zap_domain *domains;
    struct zap_handler *next;
} zap_handler;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static zap_handler *registry;
static unsigned long domain_counter;

static int domain_allows(zap_handler *h, const char *domain, size_t dlen, const uint8_t *key, size_t klen,
                         int *known)
{
    int ok = 0;
    *known = 0;
    pthread_mutex_lock(&h->lock);
    for (zap_domain *d = h->domains; d; d = d->next) {
        if (strlen(d->name) != dlen || memcmp(d->name, domain, dlen) != 0) continue;
        *known = 1;
        for (size_t i = 0; klen == 32 && i < d->nkeys && !ok; i++) ok = memcmp(d->keys[i], key, 32) == 0;
        break;
    }
    pthread_mutex_unlock(&h->lock);
    return ok;
}

/* Receives one ZAP request (up to 8 frames) and answers it. */
static void zap_answer(zap_handler *h)
{
    enum { MAXF = 8 };
    zmq_msg_t f[MAXF];
    int n = 0, more = 1;
    while (more) {
        zmq_msg_t tmp, *m = n < MAXF ? &f[n] : &tmp;
        zmq_msg_init(m);
        if (zmq_msg_recv(m, h->rep, 0) < 0) {
            zmq_msg_close(m);
            break;
        }
        more = zmq_msg_more(m);
        if (m == &tmp) zmq_msg_close(m);
        else n++;
    }
    /* frames: version, request id, domain, address, routing id, mechanism, credentials... */
    const char *status = "400", *text = "client key not allowed";
    if (n < 6 || zmq_msg_size(&f[0]) != 3 || memcmp(zmq_msg_data(&f[0]), "1.0", 3) != 0) {
        status = "500";
        text = "bad ZAP request";
    } else {
        int known = 1; /* a request we cannot read is judged against a list, i.e. refused */
        int curve = zmq_msg_size(&f[5]) == 5 && memcmp(zmq_msg_data(&f[5]), "CURVE", 5) == 0;
        int ok = curve && n >= 7 &&
                 domain_allows(h, zmq_msg_data(&f[2]), zmq_msg_size(&f[2]), zmq_msg_data(&f[6]),
                               zmq_msg_size(&f[6]), &known);
        if (!curve) { /* NULL/PLAIN never reach a CURVE server; refuse whatever else asks */
            text = "only CURVE is accepted";
        } else if (ok || !known) {
            status = "200";
            text = "OK";
        }
    }
    if (status[0] != '2')
        refusal_note(n > 3 ? zmq_msg_data(&f[3]) : "", n > 3 ? zmq_msg_size(&f[3]) : 0, text,
                     n > 6 ? zmq_msg_data(&f[6]) : NULL, n > 6 ? zmq_msg_size(&f[6]) : 0);
    const void *reply[6] = {"1.0", n > 1 ? zmq_msg_data(&f[1]) : "", status, text, "", ""};
    size_t rlen[6] = {3, n > 1 ? zmq_msg_size(&f[1]) : 0, 3, strlen(text), 0, 0};
    for (int i = 0; i < 6; i++) zmq_send(h->rep, reply[i], rlen[i], i < 5 ? ZMQ_SNDMORE : 0);
    for (int i = 0; i < n; i++) zmq_msg_close(&f[i]);
}

static void *zap_main(void *p)
{
    zap_handler *h = p;
    while (!atomic_load(&h->stop)) {
        zmq_pollitem_t it = {h->rep, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&it, 1, 100);
        if (rc < 0 && errno == ETERM) break;
        if (rc > 0) zap_answer(h);
    }
    int zero = 0;
    zmq_setsockopt(h->rep, ZMQ_LINGER, &zero, sizeof zero);
    zmq_close(h->rep);
    return NULL;
}

/* The handler of ctx, started if needed. Called with registry_lock held. */
static zap_handler *handler_for(void *ctx, pw_error *err)
{
    for (zap_handler *h = registry; h; h = h->next)
        if (h->ctx == ctx) return h;
    zap_handler *h = calloc(1, sizeof *h);
    if (!h) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    h->ctx = ctx;
    pthread_mutex_init(&h->lock, NULL);
    if (!(h->rep = zmq_socket(ctx, ZMQ_REP)) || zmq_bind(h->rep, ZAP_ENDPOINT) != 0) {
        pw_error_set(err, PW_ERR_IO, "bus: cannot start the CURVE client check (%s): %s", ZAP_ENDPOINT,
                     zmq_strerror(errno));
        goto err;
    }
    if (pthread_create(&h->thread, NULL, zap_main, h) != 0) { /* the thread owns rep from here */
        pw_error_set(err, PW_ERR_IO, "bus: cannot start the CURVE client check thread");
        goto err;
    }
    h->next = registry;
    registry = h;
    return h;
err:
    if (h->rep) zmq_close(h->rep);
    pthread_mutex_destroy(&h->lock);
    free(h);
    return NULL;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) *--e = '\0';
    return s;
}

/* Reads the allowed keys of path into d. */
static int load_keys(const char *path, zap_domain *d, pw_error *err)
{
    FILE *fp = fopen(path, "r");
    char line[ZAP_LINE_MAX];
    size_t cap = 0;
    int lineno = 0;
    if (!fp) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            pw_error_set(err, PW_ERR_INVALID, "%s: line %d: too long for a key line", path, lineno);
            goto err;
        }
        char *s = trim(line), *val = s;
        uint8_t raw[32];
        if (strlen(s) != 40 || !zmq_z85_decode(raw, s)) { /* not a bare key: comment or "name = key" */
            if (*s == '\0' || *s == '#') continue;
            char *eq = strchr(s, '=');
            if (eq) *eq = '\0';
            if (!eq || strcmp(trim(s), "public-key") != 0) {
                pw_error_set(err, PW_ERR_INVALID, "%s: line %d: expected public-key = \"KEY\" or a bare key%s", path,
                             lineno, eq && strcmp(trim(s), "secret-key") == 0 ? " (a secret key does not belong here)"
                                                                              : "");
                goto err;
            }
            val = trim(eq + 1);
            size_t vl = strlen(val);
            if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
                val[vl - 1] = '\0';
                val++;
            }
            if (strlen(val) != 40 || !zmq_z85_decode(raw, val)) {
                pw_error_set(err, PW_ERR_INVALID, "%s: line %d: not a 40-character Z85 CURVE key", path, lineno);
                goto err;
            }
        }
        if (d->nkeys == PW_BUS_ZAP_MAX_KEYS) {
            pw_error_set(err, PW_ERR_LIMIT, "%s: more than %d client keys", path, PW_BUS_ZAP_MAX_KEYS);
            goto err;
        }
        if (d->nkeys == cap) {
            cap = cap ? cap * 2 : 16;
            void *p = realloc(d->keys, cap * sizeof *d->keys);
            if (!p) {
                pw_error_set(err, PW_ERR_NOMEM, "out of memory");
                goto err;
            }
            d->keys = p;
        }
        memcpy(d->keys[d->nkeys++], raw, 32);
    }
    if (ferror(fp)) {
        pw_error_set(err, PW_ERR_IO, "%s: read error", path);
        goto err;
    }
    if (d->nkeys == 0) {
        pw_error_set(err, PW_ERR_INVALID, "%s: no client public keys (nobody could connect)", path);
        goto err;
    }
    fclose(fp);
    return 0;
err:
    fclose(fp);
    return -1;
}

int pw_bus_zap_restrict(void *ctx, void *zsock, const char *path, pw_error *err)
{
    zap_domain *d = calloc(1, sizeof *d);
    if (!d) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    if (load_keys(path, d, err)) goto err;
    pthread_mutex_lock(&registry_lock);
    snprintf(d->name, sizeof d->name, "pw-zap-%lu", ++domain_counter);
    zap_handler *h = handler_for(ctx, err);
    if (h) {
        pthread_mutex_lock(&h->lock);
        d->next = h->domains;
        h->domains = d;
        pthread_mutex_unlock(&h->lock);
    }
    pthread_mutex_unlock(&registry_lock);
    if (!h) goto err;
    /* from here d belongs to the handler; a failed setsockopt leaves an unused list until ctx release */
    if (zmq_setsockopt(zsock, ZMQ_ZAP_DOMAIN, d->name, strlen(d->name)) != 0)
        return pw_error_set(err, PW_ERR_IO, "bus: ZMQ_ZAP_DOMAIN: %s", zmq_strerror(errno));
    return 0;
err:
    free(d->keys);
    free(d);
    return -1;
}

void pw_bus_zap_ctx_release(void *ctx)
{
    pthread_mutex_lock(&registry_lock);
    zap_handler **pp = &registry, *h = NULL;
    for (; *pp; pp = &(*pp)->next) {
        if ((*pp)->ctx == ctx) {
            h = *pp;
            *pp = h->next;
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    if (!h) return;
    atomic_store(&h->stop, 1);
    pthread_join(h->thread, NULL);
    for (zap_domain *d = h->domains, *next; d; d = next) {
        next = d->next;
        free(d->keys);
        free(d);
    }
    pthread_mutex_destroy(&h->lock);
    free(h);
}
