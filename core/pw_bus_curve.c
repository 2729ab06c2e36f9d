/* pw_bus_curve: reading, checking and writing CURVE key files, and applying them to ZeroMQ sockets.
 *
 * Keys are kept in ZeroMQ's Z85 text form (40 characters for 32 bytes) from file to setsockopt, so nothing
 * here touches raw key bytes except to validate them. Authentication is CURVE's: a client must know the
 * server's public key, and a client with the wrong one never completes the handshake (ZeroMQ drops the
 * connection and retries; nothing is delivered either way). Which clients a server accepts is not
 * restricted here (no ZAP handler): anyone holding the server's public key may connect. */
#include "core/pw_bus_curve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zmq.h>

#define KEY_FILE_MAX 4096 /* a key file is two lines; anything bigger is the wrong file */

static int z85_key_ok(const char *k)
{
    uint8_t raw[32];
    return strlen(k) == PW_BUS_CURVE_KEY_LEN && zmq_z85_decode(raw, k) != NULL;
}

/* Reads the whole (small) file into buf; *mode gets its permission bits. */
static int read_small_file(const char *path, mode_t *mode, char *buf, size_t size, pw_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    ssize_t n = -1;
    if (fstat(fd, &st) != 0) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
        goto err;
    }
    if (!S_ISREG(st.st_mode)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: not a regular file", path);
        goto err;
    }
    *mode = st.st_mode & 07777;
    if (st.st_size >= (off_t)size) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: %lld bytes is too large for a key file", path, (long long)st.st_size);
        goto err;
    }
    size_t got = 0;
    while (got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) != 0) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
            goto err;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    if (memchr(buf, '\0', got)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: binary data in a key file", path);
        goto err;
    }
    close(fd);
    return 0;
err:
    close(fd);
    return -1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = '\0';
    return s;
}

/* Finds public-key and secret-key in the text (either may be absent). Returns -1 on a malformed line. */
static int parse_key_file(const char *path, char *text, char pub[41], char sec[41], int *bare, pw_error *err)
{
    int line = 0;
    pub[0] = sec[0] = '\0';
    *bare = 0;
    for (char *l = text, *next; l; l = next) {
        line++;
        if ((next = strchr(l, '\n'))) *next++ = '\0';
        char *s = trim(l);
        /* Z85 uses '#' and '=' too, so a bare key is recognised before comments and "name = value" */
        char *eq = z85_key_ok(s) ? NULL : strchr(s, '=');
        char *name = NULL, *val = s;
        if (*s == '\0' || (*s == '#' && !z85_key_ok(s))) continue;
        if (eq) {
            *eq = '\0';
            name = trim(s);
            val = trim(eq + 1);
        }
        size_t vl = strlen(val);
        if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
            val[vl - 1] = '\0';
            val++;
        }
        if (!z85_key_ok(val))
            return pw_error_set(err, PW_ERR_INVALID, "%s: line %d: not a 40-character Z85 CURVE key", path, line);
        char *dst;
        if (!name) { /* one bare key: its kind is what the caller asks for */
            dst = pub[0] || sec[0] ? NULL : pub;
            *bare = 1;
        }
        else if (strcmp(name, "public-key") == 0) dst = *bare ? NULL : pub;
        else if (strcmp(name, "secret-key") == 0) dst = *bare ? NULL : sec;
        else return pw_error_set(err, PW_ERR_INVALID, "%s: line %d: unknown key \"%s\" (public-key, secret-key)",
                                 path, line, name);
        if (!dst || dst[0])
            return pw_error_set(err, PW_ERR_INVALID, "%s: line %d: more than one key of this kind", path, line);
        memcpy(dst, val, PW_BUS_CURVE_KEY_LEN + 1);
    }
    return 0;
}

int pw_bus_curve_read_key(const char *path, const char *which, char out[41], pw_error *err)
{
    char text[KEY_FILE_MAX], pub[41], sec[41];
    int want_secret = strcmp(which, "secret-key") == 0;
    if (!want_secret && strcmp(which, "public-key") != 0)
        return pw_error_set(err, PW_ERR_USAGE, "bad key kind \"%s\"", which);
    mode_t mode = 0;
    int bare;
    if (read_small_file(path, &mode, text, sizeof text, err) || parse_key_file(path, text, pub, sec, &bare, err))
        return -1;
    if (want_secret && bare) { /* a bare key where a secret is wanted: take it as the secret */
        memcpy(sec, pub, sizeof sec);
        pub[0] = '\0';
    }
    /* whichever key the caller wants, a file that holds a secret must be private */
    if (sec[0] && (mode & 077))
        return pw_error_set(err, PW_ERR_INVALID, "%s: holds a secret key but permissions %04o let others read it; "
                            "run chmod 600 %s", path, (unsigned)mode, path);
    if (want_secret) {
        if (!sec[0]) return pw_error_set(err, PW_ERR_INVALID, "%s: no secret-key in this file (a .pub file?)", path);
        if (pub[0]) { /* both present: they must belong together */
            char derived[41];
            if (zmq_curve_public(derived, sec) != 0 || strcmp(derived, pub) != 0)
                return pw_error_set(err, PW_ERR_INVALID, "%s: public-key does not match secret-key", path);
        }
        memcpy(out, sec, 41);
        return 0;
    }
    if (!pub[0] && sec[0]) {
        if (zmq_curve_public(pub, sec) != 0)
            return pw_error_set(err, PW_ERR_INVALID, "%s: cannot derive the public key: %s", path,
                                zmq_strerror(errno));
    }
    if (!pub[0]) return pw_error_set(err, PW_ERR_INVALID, "%s: no public-key in this file", path);
    memcpy(out, pub, 41);
    return 0;
}

static int set_key(void *z, int opt, const char *key, const char *what, pw_error *err)
{
    if (zmq_setsockopt(z, opt, key, PW_BUS_CURVE_KEY_LEN) != 0)
        return pw_error_set(err, PW_ERR_IO, "bus: setting CURVE %s: %s", what, zmq_strerror(errno));
    return 0;
}

int pw_bus_curve_apply(void *zsock, int is_server, const pw_bus_opts *opts, pw_error *err)
{
    char sec[41], pub[41], srv[41];
    int rc = -1;
    if (!zmq_has("curve")) return pw_error_set(err, PW_ERR_USAGE, "bus: this libzmq was built without CURVE");
    if (is_server) {
        int one = 1;
        if (!opts->curve_secret_file)
            return pw_error_set(err, PW_ERR_USAGE, "bus: a CURVE server (bind) needs its secret key file");
        if (pw_bus_curve_read_key(opts->curve_secret_file, "secret-key", sec, err)) goto out;
        if (zmq_setsockopt(zsock, ZMQ_CURVE_SERVER, &one, sizeof one) != 0) {
            pw_error_set(err, PW_ERR_IO, "bus: ZMQ_CURVE_SERVER: %s", zmq_strerror(errno));
            goto out;
        }
        rc = set_key(zsock, ZMQ_CURVE_SECRETKEY, sec, "secret key", err);
        goto out;
    }
    if (!opts->curve_server_public_file)
        return pw_error_set(err, PW_ERR_USAGE, "bus: a CURVE client (connect) needs the server's public key file");
    if (pw_bus_curve_read_key(opts->curve_server_public_file, "public-key", srv, err)) goto out;
    if (opts->curve_secret_file) {
        if (pw_bus_curve_read_key(opts->curve_secret_file, "secret-key", sec, err)) goto out;
        if (zmq_curve_public(pub, sec) != 0) {
            pw_error_set(err, PW_ERR_INVALID, "%s: cannot derive the public key", opts->curve_secret_file);
            goto out;
        }
    } else if (zmq_curve_keypair(pub, sec) != 0) { /* ephemeral client identity */
        pw_error_set(err, PW_ERR_IO, "bus: zmq_curve_keypair: %s", zmq_strerror(errno));
        goto out;
    }
    if (set_key(zsock, ZMQ_CURVE_SERVERKEY, srv, "server key", err) ||
        set_key(zsock, ZMQ_CURVE_PUBLICKEY, pub, "public key", err) ||
        set_key(zsock, ZMQ_CURVE_SECRETKEY, sec, "secret key", err))
        goto out;
    rc = 0;
out:
    explicit_bzero(sec, sizeof sec); /* the secret lives in the socket now, not on our stack */
    return rc;
}

/* Creates path exclusively with mode and writes text; removes it again on a short write. */
static int write_new_file(const char *path, mode_t mode, const char *text, pw_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) goto err;
        done += (size_t)n;
    }
    if (fchmod(fd, mode) != 0 || fsync(fd) != 0) goto err; /* umask must not widen or narrow what we promise */
    if (close(fd) != 0) {
        fd = -1;
        goto err;
    }
    return 0;
err:
    pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
    if (fd >= 0) close(fd);
    unlink(path);
    return -1;
}

int pw_bus_curve_keygen(const char *prefix, pw_error *err)
{
    char pub[41], sec[41], keypath[4096], pubpath[4096], text[256];
    int rc = -1;
    if (!prefix || !*prefix) return pw_error_set(err, PW_ERR_USAGE, "keygen: empty prefix");
    if ((size_t)snprintf(keypath, sizeof keypath, "%s.key", prefix) >= sizeof keypath ||
        (size_t)snprintf(pubpath, sizeof pubpath, "%s.pub", prefix) >= sizeof pubpath)
        return pw_error_set(err, PW_ERR_USAGE, "keygen: prefix too long");
    if (!zmq_has("curve")) return pw_error_set(err, PW_ERR_USAGE, "keygen: this libzmq was built without CURVE");
    if (zmq_curve_keypair(pub, sec) != 0)
        return pw_error_set(err, PW_ERR_IO, "keygen: zmq_curve_keypair: %s", zmq_strerror(errno));
    snprintf(text, sizeof text,
             "# patchwatch CURVE key pair: keep this file private (mode 0600); give out %s instead\n"
             "public-key = \"%s\"\nsecret-key = \"%s\"\n", "the .pub file", pub, sec);
    if (write_new_file(keypath, 0600, text, err)) goto out;
    snprintf(text, sizeof text, "# patchwatch CURVE public key: safe to copy to peers\npublic-key = \"%s\"\n", pub);
    if (write_new_file(pubpath, 0644, text, err)) {
        unlink(keypath);
        goto out;
    }
    rc = 0;
out:
    explicit_bzero(sec, sizeof sec);
    explicit_bzero(text, sizeof text);
    return rc;
}
