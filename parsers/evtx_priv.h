/* evtx_priv: what the evtx_*.c files share and nobody else sees: the decoder state, the flat node list a
 * record's BinXML is walked into, and the per-chunk caches.
 *
 * A record is decoded in one walk of its BinXML (templates inlined from the chunk's cache) into a list of
 * nodes that point into the chunk's bytes; the XML renderer (evtx_xml.c) and the ECS mapper (evtx_ecs.c)
 * each read that list. Nothing is allocated per record once the buffers are warm. */
#ifndef PW_EVTX_PRIV_H
#define PW_EVTX_PRIV_H

#include <stdint.h>

#include "parsers/evtx.h"

#define EVTX_CHUNK_HEADER_SIZE 512u
#define EVTX_RECORD_HEADER_SIZE 24u
#define EVTX_MAX_DEPTH 64        /* element/template/BinXML nesting; Windows events nest < 10 */
#define EVTX_MAX_NODES 200000    /* per record: templates can be expanded many times (amplification cap) */
#define EVTX_MAX_CHUNK_NODES 4000000 /* per chunk: a real chunk expands to < 200K nodes; this bounds the time a
                                      * crafted chunk of tiny records each instantiating a huge template costs */
#define EVTX_MAX_SUBS 4096       /* substitution values per template instance (a 64 KiB chunk holds < 16K) */
#define EVTX_NAME_SLOTS 4096     /* name cache per chunk (open addressing by offset); Windows chunks use < 300 */
#define EVTX_TEMPLATE_SLOTS 512  /* template cache per chunk, power of two */
#define EVTX_MAX_RENDER ((size_t)8 << 20) /* XML of one record; a 64 KiB chunk expanded by templates */

enum evtx_node_kind {
    N_OPEN = 1,   /* element name */
    N_ATTR,       /* attribute name; its value nodes follow */
    N_CLOSE_START,
    N_CLOSE_EMPTY,
    N_END,
    N_VALUE,      /* typed value (vtype, data, len) */
    N_CDATA,      /* UTF-16 text */
    N_CHARREF,    /* code point in len */
    N_ENTREF,     /* entity name */
    N_PI_TARGET,  /* name */
    N_PI_DATA,    /* UTF-16 text */
};

typedef struct evtx_node {
    uint8_t kind;
    uint8_t vtype;     /* N_VALUE: value type */
    uint16_t name;     /* index into the name cache (N_OPEN, N_ATTR, N_ENTREF, N_PI_TARGET) */
    uint32_t len;      /* bytes at data, or the char ref */
    const uint8_t *data;
} evtx_node;

/* Names the ECS mapper looks for, recognised once when a name enters the cache (not per record). */
enum evtx_known_name {
    K_OTHER = 0, K_SYSTEM, K_EVENTDATA, K_USERDATA, K_RENDERINGINFO, K_PROVIDER, K_EVENTID, K_LEVEL, K_TASK,
    K_OPCODE, K_KEYWORDS, K_TIMECREATED, K_EVENTRECORDID, K_CORRELATION, K_EXECUTION, K_CHANNEL, K_COMPUTER,
    K_SECURITY, K_DATA, K_MESSAGE, K_NAME, K_GUID, K_SYSTEMTIME, K_PROCESSID, K_THREADID, K_USERID,
    K_ACTIVITYID, K_NKNOWN
};

typedef struct evtx_name {
    uint32_t chunk_off; /* 0 = free slot (offset 0 is the chunk magic, never a name) */
    uint32_t gen;       /* chunk generation that filled this slot */
    uint32_t str_off;   /* into names arena, NUL-terminated UTF-8 */
    uint32_t str_len : 24;
    uint32_t code : 8;  /* enum evtx_known_name */
} evtx_name;

typedef struct evtx_template {
    uint32_t def_off;   /* offset of the template definition in the chunk; 0 = free */
    uint32_t gen;
    uint32_t body_off, body_end; /* its BinXML fragment */
} evtx_template;

typedef struct evtx_kv {
    uint32_t rank;             /* position in the event's key order (evtx_ecs.c) */
    uint32_t key_off, key_len, val_off, val_len; /* into kvbuf */
    int64_t i;
    int is_int;
} evtx_kv;

typedef struct evtx_sub {
    const uint8_t *data;
    uint32_t len;
    uint8_t type;
} evtx_sub;

struct pw_evtx_dec {
    char name[256];            /* file name for messages */
    const uint8_t *chunk;
    uint32_t chunk_len;
    uint32_t chunk_index;
    uint32_t gen;              /* bumps on every load: invalidates both caches without clearing them */
    uint32_t pos;              /* next record offset */
    uint32_t free_off;         /* the chunk header's free space offset (clamped) */
    uint64_t last_id;
    uint64_t min_id;           /* records below are skipped without rendering (checkpoints) */
    int chunk_damaged;
    int header_ok;             /* magic and header CRC good: free_off is trusted */
    int reported;              /* one message per chunk for record-level problems */

    evtx_name names[EVTX_NAME_SLOTS];
    uint32_t nnames;
    pw_buf name_arena;         /* names of the current chunk */
    evtx_template templates[EVTX_TEMPLATE_SLOTS];

    evtx_node *nodes;
    uint32_t nnodes, nodes_cap;
    uint32_t chunk_nodes;      /* nodes produced for the current chunk (EVTX_MAX_CHUNK_NODES) */
    evtx_sub *subs;            /* stack of substitution arrays of the open template instances */
    uint32_t nsubs, subs_cap;

    pw_buf scratch, scratch2;  /* value text for the renderers */
    struct evtx_kv *kv;        /* ECS fields collected during the walk, set on the event in key order */
    uint32_t nkv, kv_cap;
    pw_buf kvbuf;
    pw_evtx_stats stats;
};

/* evtx_binxml.c: walks the record's BinXML [off, end) into d->nodes. 0 or -1 with a reason in *why. */
int evtx_binxml_record(pw_evtx_dec *d, uint32_t off, uint32_t end, const char **why);
/* Name of name-cache entry i (NUL-terminated UTF-8). */
static inline const char *evtx_name_str(const pw_evtx_dec *d, uint16_t i, uint32_t *len)
{
    if (len) *len = d->names[i].str_len;
    return d->name_arena.data + d->names[i].str_off;
}
static inline int evtx_name_code(const pw_evtx_dec *d, uint16_t i) { return (int)d->names[i].code; }
/* evtx_ecs.c: the known-name code of a name string. */
int evtx_known_name(const char *s);
/* evtx_value.c: UTF-16LE to UTF-8 (stops at the first NUL; ill-formed sequences become U+FFFD). */
int evtx_utf16_to_utf8(pw_buf *out, const uint8_t *p, size_t nbytes);
/* evtx_xml.c / evtx_ecs.c: render the walked node list. */
int evtx_render_xml(pw_evtx_dec *d, pw_buf *out);
int evtx_map_ecs(pw_evtx_dec *d, pw_event *ev, uint64_t record_id, uint64_t written_ft);

static inline uint16_t evtx_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t evtx_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t evtx_u64(const uint8_t *p) { return evtx_u32(p) | ((uint64_t)evtx_u32(p + 4) << 32); }

#endif
