/* evtx_chunk: one 64 KiB chunk at a time: header checks (magic, header CRC32, records CRC32, free space
 * offset) and the walk over its event records ("**\0\0", size, id, FILETIME, BinXML, size again).
 *
 * Damage policy, which is how Windows reads a log that was not closed cleanly: header counts and the
 * "last record" fields are not trusted. Records are taken in order from offset 512 while each record's own
 * framing is sound (magic, size within the chunk, trailing size copy). Up to the header's free space
 * offset a broken record is skipped by scanning to the next record magic; past it, a record is only
 * accepted when it continues the id sequence (a dirty file whose header was not rewritten), so stale bytes
 * of an older chunk generation are not resurrected. A bad chunk header or CRC is reported once and the
 * records are still tried: each carries its own framing and the BinXML walk is bounds-checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_log.h"
#include "parsers/evtx_priv.h"

static const uint8_t chunk_magic[8] = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};

pw_evtx_dec *pw_evtx_dec_new(const char *name, pw_error *err)
{
    pw_evtx_dec *d = calloc(1, sizeof *d);
    if (!d) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    snprintf(d->name, sizeof d->name, "%s", name ? name : "evtx");
    return d;
}

void pw_evtx_dec_free(pw_evtx_dec *d)
{
    if (!d) return;
    free(d->nodes);
    free(d->subs);
    pw_buf_free(&d->name_arena);
    pw_buf_free(&d->scratch);
    pw_buf_free(&d->scratch2);
    pw_buf_free(&d->kvbuf);
    free(d->kv);
    free(d);
}

const pw_evtx_stats *pw_evtx_dec_stats(const pw_evtx_dec *d) { return &d->stats; }
void pw_evtx_dec_set_min_id(pw_evtx_dec *d, uint64_t min_id) { d->min_id = min_id; }

static uint64_t chunk_file_offset(uint32_t index)
{
    return PW_EVTX_FILE_HEADER_SIZE + (uint64_t)index * PW_EVTX_CHUNK_SIZE;
}

static void report(pw_evtx_dec *d, uint32_t off, const char *what)
{
    pw_log_warn("%s: chunk %u at offset 0x%llx: %s", d->name, d->chunk_index,
                (unsigned long long)(chunk_file_offset(d->chunk_index) + off), what);
}

static uint32_t record_size_at(const pw_evtx_dec *d, uint32_t off, int strict);

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

int pw_evtx_dec_load(pw_evtx_dec *d, const uint8_t *chunk, size_t len, uint32_t index)
{
    if (++d->gen == 0) { /* wrapped: clear so stale entries cannot match generation 1 again */
        memset(d->names, 0, sizeof d->names);
        memset(d->templates, 0, sizeof d->templates);
        d->gen = 1;
    }
    if (len > PW_EVTX_CHUNK_SIZE) len = PW_EVTX_CHUNK_SIZE;
    d->chunk = chunk;
    d->chunk_len = (uint32_t)len;
    d->chunk_index = index;
    d->nnames = 0;
    d->chunk_nodes = 0;
    pw_buf_reset(&d->name_arena);
    d->pos = EVTX_CHUNK_HEADER_SIZE;
    d->last_id = 0;
    d->reported = 0;
    d->chunk_damaged = 0;
    d->stats.chunks++;
    d->stats.bytes += len;

    if (len < EVTX_CHUNK_HEADER_SIZE || all_zero(chunk, len < 64 ? len : 64)) {
        if (len > 0 && !all_zero(chunk, len)) {
            report(d, 0, len < EVTX_CHUNK_HEADER_SIZE ? "truncated chunk, skipped" : "chunk without a header");
            d->stats.chunks_bad++;
            d->chunk_damaged = 1;
            if (len >= EVTX_CHUNK_HEADER_SIZE + EVTX_RECORD_HEADER_SIZE) goto records;
        } else {
            d->stats.chunks_empty++;
        }
        d->chunk_len = 0;
        return 1;
    }
    const char *why = NULL;
    if (memcmp(chunk, chunk_magic, 8) != 0) {
        why = "bad chunk magic";
    } else {
        uint32_t crc = pw_evtx_crc32(0, chunk, 120);
        crc = pw_evtx_crc32(crc, chunk + 128, EVTX_CHUNK_HEADER_SIZE - 128);
        if (crc != evtx_u32(chunk + 124)) why = "bad chunk header CRC32";
    }
    uint32_t free_off = evtx_u32(chunk + 48);
    if (!why && (free_off < EVTX_CHUNK_HEADER_SIZE || free_off > len)) why = "free space offset out of range";
    if (!why && pw_evtx_crc32(0, chunk + EVTX_CHUNK_HEADER_SIZE, free_off - EVTX_CHUNK_HEADER_SIZE) !=
                    evtx_u32(chunk + 52))
        why = "bad event records CRC32";
    if (why && memcmp(chunk, chunk_magic, 8) != 0 && !record_size_at(d, EVTX_CHUNK_HEADER_SIZE, 1)) {
        /* neither a chunk header nor a record where the first one would be: an unused (preallocated or
         * wiped) slot, not damage */
        pw_log_debug("%s: chunk slot %u holds no chunk", d->name, index);
        d->stats.chunks_empty++;
        d->chunk_len = 0;
        return 1;
    }
    if (why) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s; recovering the records whose own structure is sound", why);
        report(d, 0, msg);
        d->stats.chunks_bad++;
        d->chunk_damaged = 1;
    }
    d->free_off = evtx_u32(chunk + 48);
    if (d->free_off < EVTX_CHUNK_HEADER_SIZE || d->free_off > len) d->free_off = (uint32_t)len;
    /* a sound header (magic + CRC) is trusted about where the records end; a broken one is not */
    d->header_ok = !why || strcmp(why, "bad event records CRC32") == 0;
    return 0;
records:
    d->free_off = (uint32_t)len;
    d->header_ok = 0;
    return 0;
}

/* Framing of the record at off: returns its size, or 0 when it is not a sound record. strict also wants the
 * trailing size copy (a record whose tail was wiped fails only that). */
static uint32_t record_size_at(const pw_evtx_dec *d, uint32_t off, int strict)
{
    const uint8_t *p = d->chunk + off;
    if ((uint64_t)off + EVTX_RECORD_HEADER_SIZE + 4 > d->chunk_len) return 0;
    if (p[0] != 0x2a || p[1] != 0x2a || p[2] || p[3]) return 0;
    uint32_t size = evtx_u32(p + 4);
    if (size < EVTX_RECORD_HEADER_SIZE + 4 || size > d->chunk_len - off) return 0;
    if (strict && evtx_u32(p + size - 4) != size) return 0;
    return size;
}

int pw_evtx_dec_next(pw_evtx_dec *d, pw_event *ev, pw_buf *xml, uint64_t *record_id)
{
    char msg[200];
    while (d->pos < d->chunk_len) {
        uint32_t off = d->pos, size = record_size_at(d, off, 1);
        int tail_damaged = 0;
        if (!size && off < d->free_off && (size = record_size_at(d, off, 0)) != 0) {
            /* magic and size are sound, the trailing copy is not: the tail was overwritten. Try the
             * BinXML (bounds-checked); if it does not walk, treat it as broken framing below. */
            const char *why;
            if (evtx_binxml_record(d, off + EVTX_RECORD_HEADER_SIZE, off + size - 4, &why) == 0) tail_damaged = 1;
            else size = 0;
        }
        if (!size) {
            if (off >= d->free_off || d->header_ok == 0) break; /* the end of the records (or unused space) */
            /* inside the used area: skip to the next sound record */
            uint32_t next = off + 8;
            while (next < d->free_off && !record_size_at(d, next, 1)) next += 8;
            if (!d->reported++) report(d, off, "broken record framing, skipped to the next record");
            d->stats.records_bad++;
            d->pos = next;
            continue;
        }
        const uint8_t *p = d->chunk + off;
        uint64_t id = evtx_u64(p + 8);
        if (off >= d->free_off && (d->header_ok || (d->last_id && id != d->last_id + 1))) break;
        d->pos = off + size;
        if (id < d->min_id) {
            d->last_id = id;
            continue;
        }
        const char *why = NULL;
        if (tail_damaged) {
            snprintf(msg, sizeof msg, "record %llu: trailing size copy overwritten; recovered from its BinXML",
                     (unsigned long long)id);
            if (!d->reported++) report(d, off, msg);
            else pw_log_debug("%s: chunk %u: %s", d->name, d->chunk_index, msg);
        } else if (evtx_binxml_record(d, off + EVTX_RECORD_HEADER_SIZE, off + size - 4, &why)) {
            snprintf(msg, sizeof msg, "record %llu: %s, skipped", (unsigned long long)id, why);
            if (!d->reported++) report(d, off, msg); /* once per chunk; the rest are counted */
            else pw_log_debug("%s: chunk %u: %s", d->name, d->chunk_index, msg);
            d->stats.records_bad++;
            continue;
        }
        d->last_id = id;
        if (ev) {
            pw_event_reset(ev);
            evtx_map_ecs(d, ev, id, evtx_u64(p + 16));
        }
        size_t xml_start = xml ? xml->len : 0;
        if (xml && evtx_render_xml(d, xml)) {
            xml->len = xml_start;
            if (xml->data) xml->data[xml_start] = '\0';
            snprintf(msg, sizeof msg, "record %llu: XML larger than the render cap", (unsigned long long)id);
            report(d, off, msg);
        }
        if (record_id) *record_id = id;
        d->stats.records++;
        return 1;
    }
    d->pos = d->chunk_len;
    return 0;
}
