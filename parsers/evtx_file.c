/* evtx_file: an .evtx file as a stream of records. Holds one chunk buffer (pread of 64 KiB) and one
 * decoder, so memory is the same for a 1 MB and a 20 GB log. The file header is checked (magic, CRC32)
 * but its chunk count, next record id and dirty flag are not trusted: chunk slots are derived from the
 * file size and each slot is judged by its own header (evtx_chunk.c). A file whose header magic is wrong is
 * still read when its first chunk slot looks like a chunk; otherwise it is "not an EVTX file". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "parsers/evtx_priv.h"

struct pw_evtx_file {
    char name[256];
    int fd;
    const uint8_t *mem; /* open_mem: borrowed */
    uint64_t size;
    uint32_t slots, next_slot;
    uint8_t *buf; /* one chunk */
    pw_evtx_dec *dec;
    int loaded;
};

static const uint8_t file_magic[8] = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
static const uint8_t chunk_magic[8] = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};

static int read_at(pw_evtx_file *f, uint64_t off, uint8_t *dst, size_t len, size_t *got, pw_error *err)
{
    *got = 0;
    if (off >= f->size) return 0;
    if (len > f->size - off) len = (size_t)(f->size - off);
    if (f->mem) {
        memcpy(dst, f->mem + off, len);
        *got = len;
        return 0;
    }
    while (*got < len) {
        ssize_t n = pread(f->fd, dst + *got, len - *got, (off_t)(off + *got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return pw_error_set(err, PW_ERR_IO, "%s: read at offset %llu: %s", f->name,
                                       (unsigned long long)(off + *got), strerror(errno));
        if (n == 0) break; /* file shrank under us */
        *got += (size_t)n;
    }
    return 0;
}

static int check_header(pw_evtx_file *f, pw_error *err)
{
    uint8_t hdr[128], ch[8];
    size_t got = 0, got2 = 0;
    if (read_at(f, 0, hdr, sizeof hdr, &got, err)) return -1;
    if (read_at(f, PW_EVTX_FILE_HEADER_SIZE, ch, sizeof ch, &got2, err)) return -1;
    int chunk_ok = got2 == 8 && memcmp(ch, chunk_magic, 8) == 0;
    if (got < sizeof hdr || memcmp(hdr, file_magic, 8) != 0) {
        if (!chunk_ok)
            return pw_error_set(err, PW_ERR_INVALID, "%s: not an EVTX file (no ElfFile header, no chunk at 0x1000)",
                                f->name);
        pw_log_warn("%s: bad file header magic; reading the chunks anyway", f->name);
        return 0;
    }
    if (pw_evtx_crc32(0, hdr, 120) != evtx_u32(hdr + 124))
        pw_log_warn("%s: bad file header CRC32; reading the chunks anyway", f->name);
    if (evtx_u32(hdr + 120) & 1) pw_log_debug("%s: file is dirty (not closed cleanly)", f->name);
    return 0;
}

static pw_evtx_file *file_new(const char *name, pw_error *err)
{
    pw_evtx_file *f = calloc(1, sizeof *f);
    if (!f) goto nomem;
    f->fd = -1;
    snprintf(f->name, sizeof f->name, "%s", name ? name : "evtx");
    if (!(f->dec = pw_evtx_dec_new(f->name, err))) goto err;
    return f;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory");
err:
    free(f);
    return NULL;
}

static int file_init(pw_evtx_file *f, pw_error *err)
{
    if (check_header(f, err)) return -1;
    uint64_t body = f->size > PW_EVTX_FILE_HEADER_SIZE ? f->size - PW_EVTX_FILE_HEADER_SIZE : 0;
    uint64_t slots = (body + PW_EVTX_CHUNK_SIZE - 1) / PW_EVTX_CHUNK_SIZE;
    if (slots > UINT32_MAX) return pw_error_set(err, PW_ERR_LIMIT, "%s: file too large", f->name);
    f->slots = (uint32_t)slots;
    return 0;
}

pw_evtx_file *pw_evtx_open(const char *path, pw_error *err)
{
    struct stat st;
    pw_evtx_file *f = file_new(path, err);
    if (!f) return NULL;
    if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(f->fd, &st) != 0) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
        goto err;
    }
    if (!S_ISREG(st.st_mode)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: not a regular file", path);
        goto err;
    }
    f->size = (uint64_t)st.st_size;
    if (!(f->buf = malloc(PW_EVTX_CHUNK_SIZE))) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto err;
    }
    if (file_init(f, err)) goto err;
    posix_fadvise(f->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return f;
err:
    pw_evtx_close(f);
    return NULL;
}

pw_evtx_file *pw_evtx_open_mem(const void *buf, size_t len, const char *name, pw_error *err)
{
    pw_evtx_file *f = file_new(name ? name : "(memory)", err);
    if (!f) return NULL;
    f->mem = buf;
    f->size = len;
    if (file_init(f, err)) {
        pw_evtx_close(f);
        return NULL;
    }
    return f;
}

void pw_evtx_close(pw_evtx_file *f)
{
    if (!f) return;
    if (f->fd >= 0) close(f->fd);
    free(f->buf);
    pw_evtx_dec_free(f->dec);
    free(f);
}

long pw_evtx_read_chunk(pw_evtx_file *f, uint32_t i, uint8_t *buf, pw_error *err)
{
    size_t got;
    if (i >= f->slots) return 0;
    if (read_at(f, PW_EVTX_FILE_HEADER_SIZE + (uint64_t)i * PW_EVTX_CHUNK_SIZE, buf, PW_EVTX_CHUNK_SIZE, &got, err))
        return -1;
    return (long)got;
}

int pw_evtx_next_ex(pw_evtx_file *f, pw_event *ev, pw_buf *xml, uint64_t *record_id, pw_error *err)
{
    if (xml) pw_buf_reset(xml);
    for (;;) {
        if (f->loaded && pw_evtx_dec_next(f->dec, ev, xml, record_id) == 1) return 1;
        f->loaded = 0;
        if (f->next_slot >= f->slots) return 0;
        uint32_t i = f->next_slot++;
        const uint8_t *chunk;
        size_t len;
        if (f->mem) { /* no copy: the decoder reads the caller's bytes */
            uint64_t off = PW_EVTX_FILE_HEADER_SIZE + (uint64_t)i * PW_EVTX_CHUNK_SIZE;
            chunk = f->mem + off;
            len = f->size - off < PW_EVTX_CHUNK_SIZE ? (size_t)(f->size - off) : PW_EVTX_CHUNK_SIZE;
        } else {
            long n = pw_evtx_read_chunk(f, i, f->buf, err);
            if (n < 0) return -1;
            chunk = f->buf;
            len = (size_t)n;
        }
        f->loaded = pw_evtx_dec_load(f->dec, chunk, len, i) == 0;
    }
}

int pw_evtx_next(pw_evtx_file *f, pw_event *ev, pw_error *err) { return pw_evtx_next_ex(f, ev, NULL, NULL, err); }

const pw_evtx_stats *pw_evtx_file_stats(const pw_evtx_file *f) { return pw_evtx_dec_stats(f->dec); }
uint64_t pw_evtx_file_size(const pw_evtx_file *f) { return f->size; }
uint32_t pw_evtx_chunk_slots(const pw_evtx_file *f) { return f->slots; }
const char *pw_evtx_file_name(const pw_evtx_file *f) { return f->name; }
