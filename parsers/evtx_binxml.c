/* evtx_binxml: one walk of a record's Binary XML into the decoder's flat node list (evtx_priv.h).
 *
 * Tokens (low nibble; 0x40 is the "more data / has attributes" flag): 0x00 end of fragment, 0x01 open start
 * element, 0x02 close start, 0x03 close empty, 0x04 end element, 0x05 value, 0x06 attribute, 0x07 CDATA,
 * 0x08 char ref, 0x09 entity ref, 0x0A PI target, 0x0B PI data, 0x0C template instance, 0x0D normal and
 * 0x0E optional substitution, 0x0F fragment header. Names are chunk offsets of a string structure (next
 * offset, hash, length, UTF-16, NUL) that sits inline the first time a name is used.
 *
 * Template definitions are cached per chunk by offset (a definition appears inline once, later instances
 * point back at it), so each record is a single pass: the template body is walked with the instance's
 * substitution array. Substitution values of type BinXml (0x21) are walked in place, recursively.
 * Everything is bounds-checked against the region being walked and nesting is capped (EVTX_MAX_DEPTH), as is
 * the number of nodes a record may expand to (EVTX_MAX_NODES: a tiny record can instantiate a large template
 * many times). NullType and missing substitutions render empty instead of failing the record: that is where
 * other parsers give up. */
#include <stdlib.h>
#include <string.h>

#include "parsers/evtx_priv.h"

typedef struct walk_ctx {
    pw_evtx_dec *d;
    const char *why;
    int in_template; /* walking a template body (elements carry a dependency id) */
    uint32_t open[EVTX_MAX_DEPTH * 4]; /* node index of each open element (to repeat it for arrays) */
    int nopen;
} walk_ctx;

#define FAIL(c, msg) do { (c)->why = (msg); return -1; } while (0)

/* Grows the node list (rare once warm: kept out of line so push_node inlines into the walk). */
static __attribute__((noinline)) int nodes_grow(walk_ctx *c)
{
    pw_evtx_dec *d = c->d;
    if (d->nodes_cap >= EVTX_MAX_NODES) FAIL(c, "record expands to too many XML nodes");
    uint32_t cap = d->nodes_cap ? d->nodes_cap * 2 : 256;
    if (cap > EVTX_MAX_NODES) cap = EVTX_MAX_NODES;
    evtx_node *p = realloc(d->nodes, cap * sizeof *p);
    if (!p) FAIL(c, "out of memory");
    d->nodes = p;
    d->nodes_cap = cap;
    return 0;
}

static inline int push_node(walk_ctx *c, uint8_t kind, uint8_t vtype, uint16_t name, const uint8_t *data,
                            uint32_t len)
{
    pw_evtx_dec *d = c->d;
    if (++d->chunk_nodes > EVTX_MAX_CHUNK_NODES) FAIL(c, "chunk expands to too many XML nodes");
    if (d->nnodes == d->nodes_cap && nodes_grow(c)) return -1;
    evtx_node *n = &d->nodes[d->nnodes++];
    n->kind = kind;
    n->vtype = vtype;
    n->name = name;
    n->data = data;
    n->len = len;
    return 0;
}

static uint32_t name_hash(uint32_t off) { return (off * 2654435761u) >> 16; }

/* Finds or decodes the name string at chunk offset off; its cache index goes to *idx. */
static int name_lookup(walk_ctx *c, uint32_t off, uint16_t *idx)
{
    pw_evtx_dec *d = c->d;
    uint32_t h = name_hash(off) & (EVTX_NAME_SLOTS - 1);
    for (uint32_t probe = 0; probe < EVTX_NAME_SLOTS; probe++, h = (h + 1) & (EVTX_NAME_SLOTS - 1)) {
        evtx_name *e = &d->names[h];
        if (e->gen == d->gen && e->chunk_off == off) {
            *idx = (uint16_t)h;
            return 0;
        }
        if (e->gen != d->gen) {
            /* decode: next(4) hash(2) count(2) UTF-16 chars */
            if (off < EVTX_CHUNK_HEADER_SIZE || (uint64_t)off + 8 > d->chunk_len) FAIL(c, "name offset out of chunk");
            uint32_t n = evtx_u16(d->chunk + off + 6);
            if ((uint64_t)off + 8 + 2ull * n > d->chunk_len) FAIL(c, "name runs past the chunk");
            if (d->nnames >= EVTX_NAME_SLOTS * 3 / 4) FAIL(c, "too many distinct names in one chunk");
            size_t start = d->name_arena.len;
            if (evtx_utf16_to_utf8(&d->name_arena, d->chunk + off + 8, 2ull * n) ||
                pw_buf_putc(&d->name_arena, '\0'))
                FAIL(c, "out of memory");
            e->chunk_off = off;
            e->gen = d->gen;
            e->str_off = (uint32_t)start;
            e->str_len = (uint32_t)(d->name_arena.len - start - 1) & 0xFFFFFF;
            e->code = (uint32_t)evtx_known_name(d->name_arena.data + start) & 0xFF;
            d->nnames++;
            *idx = (uint16_t)h;
            return 0;
        }
    }
    FAIL(c, "name cache full");
}

/* Reads a name reference at *p (u32 chunk offset); skips the inline string when it sits right there. */
static int read_name(walk_ctx *c, uint32_t *p, uint32_t end, uint16_t *idx)
{
    const uint8_t *ch = c->d->chunk;
    if ((uint64_t)*p + 4 > end) FAIL(c, "truncated name reference");
    uint32_t off = evtx_u32(ch + *p);
    *p += 4;
    if (off == *p) {
        if ((uint64_t)*p + 8 > end) FAIL(c, "truncated inline name");
        uint64_t n = evtx_u16(ch + *p + 6);
        uint64_t next = (uint64_t)*p + 8 + 2 * n + 2;
        if (next > end) FAIL(c, "truncated inline name");
        *p = (uint32_t)next;
    }
    return name_lookup(c, off, idx);
}

static evtx_template *template_lookup(walk_ctx *c, uint32_t def_off)
{
    pw_evtx_dec *d = c->d;
    uint32_t h = ((def_off * 2654435761u) >> 23) & (EVTX_TEMPLATE_SLOTS - 1);
    for (uint32_t probe = 0; probe < EVTX_TEMPLATE_SLOTS; probe++, h = (h + 1) & (EVTX_TEMPLATE_SLOTS - 1)) {
        evtx_template *t = &d->templates[h];
        if (t->gen == d->gen && t->def_off == def_off) return t;
        if (t->gen != d->gen) {
            /* definition: next offset(4), GUID(16), data size(4), BinXML */
            if (def_off < EVTX_CHUNK_HEADER_SIZE || (uint64_t)def_off + 24 > d->chunk_len) {
                c->why = "template definition offset out of chunk";
                return NULL;
            }
            uint64_t size = evtx_u32(d->chunk + def_off + 20);
            if ((uint64_t)def_off + 24 + size > d->chunk_len) {
                c->why = "template definition runs past the chunk";
                return NULL;
            }
            t->def_off = def_off;
            t->gen = d->gen;
            t->body_off = def_off + 24;
            t->body_end = (uint32_t)(def_off + 24 + size);
            return t;
        }
    }
    c->why = "template cache full";
    return NULL;
}

static int walk(walk_ctx *c, uint32_t p, uint32_t end, uint32_t sub_base, uint32_t nsubs, int depth, uint32_t *endp);

/* Template instance at p (token 0x0C). On success *pp is past its substitution values. */
static int walk_template_instance(walk_ctx *c, uint32_t *pp, uint32_t end, int depth)
{
    pw_evtx_dec *d = c->d;
    const uint8_t *ch = d->chunk;
    uint32_t p = *pp;
    if ((uint64_t)p + 10 > end) FAIL(c, "truncated template instance");
    uint32_t def_off = evtx_u32(ch + p + 6);
    p += 10;
    evtx_template *t;
    if (def_off == p) { /* definition inline, first use in this chunk */
        if ((uint64_t)p + 24 > end) FAIL(c, "truncated template definition");
        uint64_t next = (uint64_t)p + 24 + evtx_u32(ch + p + 20);
        if (next > end) FAIL(c, "template definition runs past the record");
        if (!(t = template_lookup(c, def_off))) return -1;
        p = (uint32_t)next;
    } else if (!(t = template_lookup(c, def_off))) {
        return -1;
    }
    uint32_t body_off = t->body_off, body_end = t->body_end; /* t may be reused by a nested lookup */

    if ((uint64_t)p + 4 > end) FAIL(c, "truncated substitution count");
    uint32_t n = evtx_u32(ch + p);
    p += 4;
    if (n > EVTX_MAX_SUBS) FAIL(c, "too many substitution values");
    if ((uint64_t)p + 4ull * n > end) FAIL(c, "truncated substitution descriptors");
    if (d->nsubs + n > d->subs_cap) {
        uint32_t cap = d->subs_cap ? d->subs_cap : 256;
        while (cap < d->nsubs + n) cap *= 2;
        evtx_sub *s = realloc(d->subs, cap * sizeof *s);
        if (!s) FAIL(c, "out of memory");
        d->subs = s;
        d->subs_cap = cap;
    }
    uint32_t base = d->nsubs;
    uint64_t v = (uint64_t)p + 4ull * n;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t size = evtx_u16(ch + p + 4 * i);
        if (v + size > end) FAIL(c, "substitution value runs past the record");
        evtx_sub *s = &d->subs[base + i];
        s->data = ch + v;
        s->len = size;
        s->type = ch[p + 4 * i + 2];
        v += size;
    }
    d->nsubs += n;
    int saved = c->in_template;
    c->in_template = 1;
    int rc = walk(c, body_off, body_end, base, n, depth + 1, NULL);
    c->in_template = saved;
    d->nsubs = base;
    if (rc) return -1;
    *pp = (uint32_t)v;
    return 0;
}

static uint32_t value_fixed_size(uint8_t t)
{
    switch (t) {
    case 0x03: case 0x04: return 1;
    case 0x05: case 0x06: return 2;
    case 0x07: case 0x08: case 0x0B: case 0x0D: case 0x14: return 4;
    case 0x09: case 0x0A: case 0x0C: case 0x11: case 0x15: return 8;
    case 0x0F: case 0x12: return 16;
    default: return 0;
    }
}

/* Windows renders an array substitution that is an element's content as that element repeated once per
 * item (<Data>a</Data><Data>b</Data>). The open element's node and its attributes are copied for each item
 * after the first; the template's own end token closes the last copy. */
static const uint8_t utf16_comma_space[4] = {',', 0, ' ', 0};

static int emit_array(walk_ctx *c, const evtx_sub *s)
{
    pw_evtx_dec *d = c->d;
    uint8_t t = s->type & 0x7F;
    uint32_t es = value_fixed_size(t), i = 0, n = 0;
    int top = c->nopen - 1;
    uint32_t open = top >= 0 && top < (int)(sizeof c->open / sizeof c->open[0]) ? c->open[top] : UINT32_MAX;
    uint32_t open_end = open;
    if (open != UINT32_MAX) { /* the element's start: its N_OPEN up to and including N_CLOSE_START */
        while (open_end < d->nnodes && d->nodes[open_end].kind != N_CLOSE_START) open_end++;
        if (open_end == d->nnodes) open = UINT32_MAX; /* not a plain element content: no repetition */
    }
    if (t != 0x01 && t != 0x02 && !es) return push_node(c, N_VALUE, s->type, 0, s->data, s->len);
    while (i < s->len) {
        uint32_t el, skip = 0;
        if (t == 0x01) {
            el = 0;
            while (i + el + 1 < s->len && (s->data[i + el] | s->data[i + el + 1])) el += 2;
            skip = 2;
        } else if (t == 0x02) {
            el = 0;
            while (i + el < s->len && s->data[i + el]) el++;
            skip = 1;
        } else {
            if (s->len - i < es) break;
            el = es;
        }
        if (n++ > 0 && open != UINT32_MAX) {
            if (push_node(c, N_END, 0, 0, NULL, 0)) return -1;
            for (uint32_t k = open; k <= open_end; k++) {
                evtx_node copy = d->nodes[k];
                if (push_node(c, copy.kind, copy.vtype, copy.name, copy.data, copy.len)) return -1;
            }
        } else if (n > 1 && push_node(c, N_VALUE, 0x01, 0, utf16_comma_space, 4)) {
            return -1;
        }
        if (el && push_node(c, N_VALUE, t, 0, s->data + i, el)) return -1;
        i += el + skip;
    }
    return 0;
}

static int walk_substitution(walk_ctx *c, uint8_t tok, uint32_t id, uint32_t sub_base, uint32_t nsubs, int depth)
{
    pw_evtx_dec *d = c->d;
    evtx_sub s = {NULL, 0, 0};
    if (id < nsubs) s = d->subs[sub_base + id];
    if (s.type == 0x21) { /* BinXml: walk the nested fragment in place */
        if (s.len == 0) return 0;
        uint32_t off = (uint32_t)(s.data - d->chunk);
        int saved = c->in_template;
        c->in_template = 0;
        int rc = walk(c, off, off + s.len, 0, 0, depth + 1, NULL);
        c->in_template = saved;
        return rc;
    }
    if (s.type == 0x00 || (s.len == 0 && !(s.type & 0x80) && s.type != 0x01 && s.type != 0x02)) {
        /* empty: an optional substitution that is the whole value of an attribute drops the attribute */
        if (tok == 0x0E && d->nnodes && d->nodes[d->nnodes - 1].kind == N_ATTR) d->nnodes--;
        return 0;
    }
    if (s.type & 0x80) return emit_array(c, &s);
    return push_node(c, N_VALUE, s.type, 0, s.data, s.len);
}

/* Template bodies carry a dependency id before the element's size; fragments written directly in a record
 * (forwarded events, no template) do not. The name reference tells which layout fits: an inline name sits
 * right after the reference, a shared one points back into the chunk at a plausible name structure. */
static int name_plausible(const pw_evtx_dec *d, uint32_t off, uint32_t here)
{
    if (off < EVTX_CHUNK_HEADER_SIZE || (uint64_t)off + 8 > d->chunk_len) return 0;
    if (off == here) return 1;
    uint32_t n = evtx_u16(d->chunk + off + 6);
    return off < here && (uint64_t)off + 8 + 2ull * n + 2 <= d->chunk_len && evtx_u16(d->chunk + off + 8 + 2 * n) == 0;
}

static int element_has_dependency_id(walk_ctx *c, uint32_t p, uint32_t end, int in_template)
{
    const pw_evtx_dec *d = c->d;
    int with = (uint64_t)p + 11 <= end && name_plausible(d, evtx_u32(d->chunk + p + 7), p + 11);
    int without = (uint64_t)p + 9 <= end && name_plausible(d, evtx_u32(d->chunk + p + 5), p + 9);
    if (with != without) return with;
    if (with && (uint64_t)p + 11 <= end && evtx_u32(d->chunk + p + 7) == p + 11) return 1;
    if (without && evtx_u32(d->chunk + p + 5) == p + 9) return 0;
    return in_template;
}

static int walk(walk_ctx *c, uint32_t p, uint32_t end, uint32_t sub_base, uint32_t nsubs, int depth, uint32_t *endp)
{
    pw_evtx_dec *d = c->d;
    const uint8_t *ch = d->chunk;
    uint16_t name;
    if (depth > EVTX_MAX_DEPTH) FAIL(c, "BinXML nested too deeply");
    while (p < end) {
        uint8_t tok = ch[p];
        switch (tok & 0x0F) {
        case 0x00: /* end of fragment */
            p++;
            goto done;
        case 0x0F: /* fragment header: major, minor, flags */
            if ((tok & 0xF0) || (uint64_t)p + 4 > end) FAIL(c, "bad fragment header");
            p += 4;
            break;
        case 0x01: /* open start element: [dependency id(2)], size(4), name, [attribute list size(4)] */
            if ((uint64_t)p + 5 > end) FAIL(c, "truncated element");
            p += element_has_dependency_id(c, p, end, c->in_template) ? 7 : 5;
            if (read_name(c, &p, end, &name)) return -1;
            if (tok & 0x40) {
                if ((uint64_t)p + 4 > end) FAIL(c, "truncated attribute list");
                p += 4;
            }
            if (c->nopen < (int)(sizeof c->open / sizeof c->open[0])) c->open[c->nopen] = d->nnodes;
            c->nopen++;
            if (push_node(c, N_OPEN, 0, name, NULL, 0)) return -1;
            break;
        case 0x02:
            p++;
            if (push_node(c, N_CLOSE_START, 0, 0, NULL, 0)) return -1;
            break;
        case 0x03:
            p++;
            if (c->nopen > 0) c->nopen--;
            if (push_node(c, N_CLOSE_EMPTY, 0, 0, NULL, 0)) return -1;
            break;
        case 0x04:
            p++;
            if (c->nopen > 0) c->nopen--;
            if (push_node(c, N_END, 0, 0, NULL, 0)) return -1;
            break;
        case 0x05: { /* value: type(1), then a length-prefixed string or a fixed-size value */
            if ((uint64_t)p + 2 > end) FAIL(c, "truncated value");
            uint8_t t = ch[p + 1];
            uint64_t len;
            p += 2;
            if (t == 0x01) {
                if ((uint64_t)p + 2 > end) FAIL(c, "truncated value");
                len = 2ull * evtx_u16(ch + p);
                p += 2;
            } else if (!(len = value_fixed_size(t))) {
                FAIL(c, "value token of a variable-size type other than string");
            }
            if (p + len > end) FAIL(c, "value runs past the record");
            if (push_node(c, N_VALUE, t, 0, ch + p, (uint32_t)len)) return -1;
            p += (uint32_t)len;
            break;
        }
        case 0x06: /* attribute: name; its value tokens follow */
            p++;
            if (read_name(c, &p, end, &name)) return -1;
            if (push_node(c, N_ATTR, 0, name, NULL, 0)) return -1;
            break;
        case 0x07: case 0x0B: { /* CDATA / PI data: count(2) UTF-16 chars */
            if ((uint64_t)p + 3 > end) FAIL(c, "truncated text");
            uint64_t len = 2ull * evtx_u16(ch + p + 1);
            if (p + 3 + len > end) FAIL(c, "text runs past the record");
            if (push_node(c, (tok & 0x0F) == 0x07 ? N_CDATA : N_PI_DATA, 0, 0, ch + p + 3, (uint32_t)len)) return -1;
            p += 3 + (uint32_t)len;
            break;
        }
        case 0x08: /* character reference */
            if ((uint64_t)p + 3 > end) FAIL(c, "truncated character reference");
            if (push_node(c, N_CHARREF, 0, 0, NULL, evtx_u16(ch + p + 1))) return -1;
            p += 3;
            break;
        case 0x09: case 0x0A: /* entity reference / PI target: a name */
            p++;
            if (read_name(c, &p, end, &name)) return -1;
            if (push_node(c, (tok & 0x0F) == 0x09 ? N_ENTREF : N_PI_TARGET, 0, name, NULL, 0)) return -1;
            break;
        case 0x0C:
            if (walk_template_instance(c, &p, end, depth)) return -1;
            break;
        case 0x0D: case 0x0E: /* substitution: id(2), type(1) */
            if ((uint64_t)p + 4 > end) FAIL(c, "truncated substitution");
            if (walk_substitution(c, tok & 0x0F, evtx_u16(ch + p + 1), sub_base, nsubs, depth)) return -1;
            p += 4;
            break;
        default:
            FAIL(c, "unknown BinXML token");
        }
    }
done:
    if (endp) *endp = p;
    return 0;
}

int evtx_binxml_record(pw_evtx_dec *d, uint32_t off, uint32_t end, const char **why)
{
    walk_ctx c = {.d = d};
    d->nnodes = 0;
    d->nsubs = 0;
    int rc = walk(&c, off, end, 0, 0, 0, NULL);
    if (rc && why) *why = c.why ? c.why : "malformed BinXML";
    return rc;
}
