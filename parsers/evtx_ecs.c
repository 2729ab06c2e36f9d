/* evtx_ecs: maps a walked record (node list) onto the pw_event of DESIGN.md with ECS / Winlogbeat names:
 *   System/Provider@Name -> event.provider and winlog.provider_name (@Guid -> winlog.provider_guid),
 *   EventID -> event.code and winlog.event_id, Level -> log.level (critical/error/warning/information/
 *   verbose), Task/Opcode -> winlog.task/winlog.opcode (standard values named: task 0 "None", opcodes 0..9
 *   "Info", "Start", ...), Keywords -> winlog.keywords (names of the standard bits, a JSON array) and
 *   patchwatch.winlog.keywords_raw, TimeCreated@SystemTime -> @timestamp, Correlation@ActivityID ->
 *   winlog.activity_id, Execution@ProcessID/ThreadID -> process.pid / process.thread.id and
 *   winlog.process.pid / winlog.process.thread.id, Channel -> winlog.channel, Computer -> host.name +
 *   winlog.computer_name, Security@UserID -> winlog.user.identifier, EventData/Data[@Name] ->
 *   winlog.event_data.<Name> (unnamed: param1, param2, ... as Winlogbeat does), EventData/Binary ->
 *   winlog.event_data.Binary, UserData/<root>/<leaf> -> winlog.user_data.<leaf> (deeper leaves joined with
 *   '.'), RenderingInfo/Message -> message, EventRecordID -> winlog.record_id (else the record header's id),
 *   event.module "evtx", winlog.api "evtx-file", event.kind "event", event.category/event.type for the few
 *   (provider, id) pairs in winevent_fields.c's table. Dots in data names become '_' so a name never splits
 *   into nested keys. Everything goes through d->kv/kvbuf and fixed stack buffers: no allocation per record. */
#include <stdio.h>
#include <string.h>

#include "core/pw_time.h"
#include "core/pw_utf8.h"
#include "parsers/evtx_priv.h"
#include "parsers/winevent.h"

#define KEY_MAX 256 /* longest field name we build; longer data names are cut (Windows caps them at 255) */

static const char *const known_names[K_NKNOWN] = {
    [K_SYSTEM] = "System", [K_EVENTDATA] = "EventData", [K_USERDATA] = "UserData",
    [K_RENDERINGINFO] = "RenderingInfo", [K_PROVIDER] = "Provider", [K_EVENTID] = "EventID", [K_LEVEL] = "Level",
    [K_TASK] = "Task", [K_OPCODE] = "Opcode", [K_KEYWORDS] = "Keywords", [K_TIMECREATED] = "TimeCreated",
    [K_EVENTRECORDID] = "EventRecordID", [K_CORRELATION] = "Correlation", [K_EXECUTION] = "Execution",
    [K_CHANNEL] = "Channel", [K_COMPUTER] = "Computer", [K_SECURITY] = "Security", [K_DATA] = "Data",
    [K_MESSAGE] = "Message", [K_NAME] = "Name", [K_GUID] = "Guid", [K_SYSTEMTIME] = "SystemTime",
    [K_PROCESSID] = "ProcessID", [K_THREADID] = "ThreadID", [K_USERID] = "UserID", [K_ACTIVITYID] = "ActivityID",
};

int evtx_known_name(const char *s)
{
    for (int k = 1; k < K_NKNOWN; k++)
        if (s[0] == known_names[k][0] && strcmp(s, known_names[k]) == 0) return k;
    return K_OTHER;
}

typedef struct ecs_ctx {
    pw_evtx_dec *d;
    pw_event *ev;
    const char *names[EVTX_MAX_DEPTH * 4];
    int codes[EVTX_MAX_DEPTH * 4];
    size_t text_start[EVTX_MAX_DEPTH * 4];
    char has_child[EVTX_MAX_DEPTH * 4];
    int sp;
    char data_name[KEY_MAX];
    int has_data_name;
    int nparam;
    int64_t ts;
    int64_t record_id; /* EventRecordID as Windows shows it; -1 = absent */
    int64_t event_id;  /* EventID, -1 = absent (for the category table) */
    char provider[64]; /* Provider@Name, "" when absent or longer than any name in the table */
} ecs_ctx;

/* Fields are collected first and set on the event at the end in the order pw_event_to_json sorts keys
 * into, so its sort finds them (nearly) in place. Ranks follow that order ('.' sorts before letters). */
enum {
    R_EVENT_CATEGORY, R_EVENT_CODE, R_EVENT_KIND, R_EVENT_MODULE, R_EVENT_PROVIDER, R_EVENT_TYPE, R_HOST_NAME,
    R_LOG_LEVEL, R_MESSAGE, R_KEYWORDS_RAW, R_PROCESS_PID, R_PROCESS_THREAD_ID, R_ACTIVITY_ID, R_API, R_CHANNEL,
    R_COMPUTER_NAME, R_EVENT_DATA, R_EVENT_ID, R_KEYWORDS, R_OPCODE, R_WL_PROCESS_PID, R_WL_THREAD_ID,
    R_PROVIDER_GUID, R_PROVIDER_NAME, R_RECORD_ID, R_TASK, R_USER_IDENTIFIER, R_USER_DATA, R_NRANKS
};
/* kv value kinds */
enum { KV_STR, KV_INT, KV_JSON };

static int kv_add(ecs_ctx *c, uint32_t rank, const char *key, const char *val, size_t len, int64_t i, int is_int)
{
    pw_evtx_dec *d = c->d;
    if (d->nkv >= PW_EVENT_MAX_FIELDS) return -1;
    if (d->nkv == d->kv_cap) {
        uint32_t cap = d->kv_cap ? d->kv_cap * 2 : 64;
        evtx_kv *p = realloc(d->kv, cap * sizeof *p);
        if (!p) return -1;
        d->kv = p;
        d->kv_cap = cap;
    }
    size_t klen = strlen(key);
    evtx_kv *e = &d->kv[d->nkv];
    e->rank = rank;
    e->key_off = (uint32_t)d->kvbuf.len;
    e->key_len = (uint32_t)klen;
    if (pw_buf_append(&d->kvbuf, key, klen + 1)) return -1;
    e->val_off = (uint32_t)d->kvbuf.len;
    e->val_len = (uint32_t)len;
    if (is_int != KV_INT && pw_buf_append(&d->kvbuf, val, len)) return -1;
    e->i = i;
    e->is_int = is_int;
    d->nkv++;
    return 0;
}

static int set_text_rank(ecs_ctx *c, uint32_t rank, const char *key, const char *s, size_t len)
{
    return kv_add(c, rank, key, s, len, 0, KV_STR);
}
/* Byte order of two EventData keys (both "winlog.event_data." + name: the names decide), the shorter first. */
static int kv_name_cmp(const pw_evtx_dec *d, const evtx_kv *a, const evtx_kv *b)
{
    enum { PREFIX = sizeof "winlog.event_data." - 1 };
    const unsigned char *x = (const unsigned char *)d->kvbuf.data + a->key_off + PREFIX;
    const unsigned char *y = (const unsigned char *)d->kvbuf.data + b->key_off + PREFIX;
    int r = memcmp(x, y, (a->key_len < b->key_len ? a->key_len : b->key_len) - PREFIX);
    return r ? r : (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

/* Sets the collected fields on the event, rank by rank (insertion order within a rank; EventData sorted). */
static void kv_flush(ecs_ctx *c)
{
    pw_evtx_dec *d = c->d;
    uint32_t count[R_NRANKS + 1] = {0};
    for (uint32_t i = 0; i < d->nkv; i++) count[d->kv[i].rank + 1]++;
    /* a fixed key seen once cannot be on the event yet (it starts empty; data keys all have a prefix no
     * fixed key has): it is appended without a lookup */
    char once[R_NRANKS];
    for (int r = 0; r < R_NRANKS; r++) once[r] = count[r + 1] == 1 && r != R_EVENT_DATA && r != R_USER_DATA;
    for (int r = 0; r < R_NRANKS; r++) count[r + 1] += count[r];
    uint32_t small[256], *order = d->nkv <= 256 ? small : malloc(d->nkv * sizeof *order);
    if (!order) return;
    uint32_t ed_lo = count[R_EVENT_DATA], ed_hi = count[R_EVENT_DATA + 1];
    for (uint32_t i = 0; i < d->nkv; i++) order[count[d->kv[i].rank]++] = i;
    /* EventData keys in key order (stable: a repeated name keeps its last value, as set does), so
     * pw_event_to_json's sort finds them in place and a repeat is next to its first; the names have no '.'
     * (key_with_name), so byte order is the encoder's key order */
    for (uint32_t i = ed_lo + 1; i < ed_hi; i++) {
        uint32_t x = order[i], j = i;
        const evtx_kv *ex = &d->kv[x];
        while (j > ed_lo && kv_name_cmp(d, &d->kv[order[j - 1]], ex) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
    for (uint32_t k = 0; k < d->nkv; k++) {
        const evtx_kv *e = &d->kv[order[k]];
        const char *key = d->kvbuf.data + e->key_off;
        unsigned fresh = once[e->rank] ||
                         (e->rank == R_EVENT_DATA && (k == ed_lo || kv_name_cmp(d, &d->kv[order[k - 1]], e) != 0));
        /* values are our own UTF-16/ANSI converters' and formatters' output: valid UTF-8, no NUL */
        if (e->is_int == KV_INT) pw_event_set_int(c->ev, key, e->i, NULL);
        else if (e->is_int == KV_JSON)
            pw_event_set_json(c->ev, key, d->kvbuf.data + e->val_off, e->val_len, NULL);
        else pw_event_set_str_trusted(c->ev, key, e->key_len, d->kvbuf.data + e->val_off, e->val_len,
                                      fresh ? PW_EVENT_NEW_KEY : 0, NULL);
    }
    if (order != small) free(order);
}

static int parse_int(const char *s, size_t len, int64_t *out)
{
    int64_t v = 0;
    if (len == 0 || len > 18) return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Hex or decimal text (as pw_evtx_value_text writes a UInt64/HexInt64) to a number; -1 if it is neither. */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (len > 18) return -1;
        for (size_t i = 2; i < len; i++) {
            char ch = s[i];
            int dv = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                   : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (dv < 0) return -1;
            v = v << 4 | (uint64_t)dv;
        }
        *out = v;
        return 0;
    }
    int64_t iv;
    if (parse_int(s, len, &iv)) return -1;
    *out = (uint64_t)iv;
    return 0;
}

/* winlog.keywords as Winlogbeat writes it: the names of the standard bits set, as a JSON array (omitted
 * when none is set, as Winlogbeat does). */
static void add_keywords(ecs_ctx *c, const char *text, size_t len)
{
    uint64_t mask;
    char json[256];
    size_t n;
    kv_add(c, R_KEYWORDS_RAW, "patchwatch.winlog.keywords_raw", text, len, 0, KV_STR);
    if (parse_u64(text, len, &mask)) return;
    n = pw_winevent_keyword_names(mask, json, sizeof json);
    if (n == 0) return;
    kv_add(c, R_KEYWORDS, "winlog.keywords", json, n, 0, KV_JSON);
}

static void add_categories(ecs_ctx *c)
{
    if (c->event_id < 0 || !c->provider[0]) return;
    const char *cat, *type;
    if (pw_winevent_ecs_category(c->provider, c->event_id, &cat, &type)) return;
    kv_add(c, R_EVENT_CATEGORY, "event.category", cat, strlen(cat), 0, KV_JSON);
    kv_add(c, R_EVENT_TYPE, "event.type", type, strlen(type), 0, KV_JSON);
}

static const char *level_name(const char *s, size_t len)
{
    if (len != 1) return NULL;
    switch (s[0]) {
    case '0': case '4': return "information"; /* 0 = LogAlways, shown as Information by Windows */
    case '1': return "critical";
    case '2': return "error";
    case '3': return "warning";
    case '5': return "verbose";
    default: return NULL;
    }
}

static void key_with_name(char *key, const char *prefix, const char *name)
{
    size_t n = strlen(prefix);
    memcpy(key, prefix, n);
    for (size_t i = 0; name[i] && n < KEY_MAX - 1; i++) key[n++] = name[i] == '.' ? '_' : name[i];
    key[n] = '\0';
}

/* Attributes the mapping uses, by element (codes[2]) and attribute name: only these get their value text. */
static int attr_wanted(const ecs_ctx *c, int attr)
{
    if (c->sp != 3) return 0;
    if (c->codes[1] == K_SYSTEM)
        return attr == K_NAME || attr == K_GUID || attr == K_SYSTEMTIME || attr == K_PROCESSID ||
               attr == K_THREADID || attr == K_USERID || attr == K_ACTIVITYID;
    return c->codes[2] == K_DATA && attr == K_NAME;
}

static void on_attr(ecs_ctx *c, int attr, const char *v, size_t len, const evtx_node *first_val)
{
    int el = c->codes[c->sp - 1];
    int64_t iv;
    if (c->codes[1] == K_SYSTEM) {
        if (el == K_PROVIDER) {
            if (attr == K_NAME) {
                set_text_rank(c, R_EVENT_PROVIDER, "event.provider", v, len);
                set_text_rank(c, R_PROVIDER_NAME, "winlog.provider_name", v, len);
                if (len < sizeof c->provider) {
                    memcpy(c->provider, v, len);
                    c->provider[len] = '\0';
                }
            }
            else if (attr == K_GUID) set_text_rank(c, R_PROVIDER_GUID, "winlog.provider_guid", v, len);
        } else if (el == K_TIMECREATED && attr == K_SYSTEMTIME) {
            if (first_val && first_val->vtype == 0x11 && first_val->len >= 8)
                c->ts = pw_time_from_filetime(evtx_u64(first_val->data));
            else if (len && pw_time_parse(v, len, &iv, NULL) == 0)
                c->ts = iv;
        } else if (el == K_EXECUTION) {
            if (attr == K_PROCESSID && parse_int(v, len, &iv) == 0) {
                kv_add(c, R_PROCESS_PID, "process.pid", NULL, 0, iv, KV_INT);
                kv_add(c, R_WL_PROCESS_PID, "winlog.process.pid", NULL, 0, iv, KV_INT);
            } else if (attr == K_THREADID && parse_int(v, len, &iv) == 0) {
                kv_add(c, R_PROCESS_THREAD_ID, "process.thread.id", NULL, 0, iv, KV_INT);
                kv_add(c, R_WL_THREAD_ID, "winlog.process.thread.id", NULL, 0, iv, KV_INT);
            }
        } else if (el == K_SECURITY && attr == K_USERID) {
            set_text_rank(c, R_USER_IDENTIFIER, "winlog.user.identifier", v, len);
        } else if (el == K_CORRELATION && attr == K_ACTIVITYID) {
            set_text_rank(c, R_ACTIVITY_ID, "winlog.activity_id", v, len);
        }
    } else if (el == K_DATA && attr == K_NAME) {
        size_t n = len < KEY_MAX - 1 ? len : KEY_MAX - 1;
        memcpy(c->data_name, v, n);
        c->data_name[n] = '\0';
        c->has_data_name = n > 0;
    }
}

static void on_element_end(ecs_ctx *c, const char *text, size_t len)
{
    int depth = c->sp; /* the element being closed is names[depth-1] */
    int el = c->codes[depth - 1];
    char key[KEY_MAX + 32];
    if (depth == 3) {
        int sec = c->codes[1];
        if (sec == K_SYSTEM) {
            if (el == K_EVENTID) {
                set_text_rank(c, R_EVENT_CODE, "event.code", text, len);
                set_text_rank(c, R_EVENT_ID, "winlog.event_id", text, len);
                if (parse_int(text, len, &c->event_id)) c->event_id = -1;
            } else if (el == K_LEVEL) {
                const char *lv = level_name(text, len);
                if (lv) kv_add(c, R_LOG_LEVEL, "log.level", lv, strlen(lv), 0, 0);
            } else if (el == K_CHANNEL) {
                set_text_rank(c, R_CHANNEL, "winlog.channel", text, len);
            } else if (el == K_COMPUTER) {
                set_text_rank(c, R_HOST_NAME, "host.name", text, len);
                set_text_rank(c, R_COMPUTER_NAME, "winlog.computer_name", text, len);
            } else if (el == K_KEYWORDS) {
                add_keywords(c, text, len);
            } else if (el == K_TASK) {
                if (len == 1 && text[0] == '0') set_text_rank(c, R_TASK, "winlog.task", "None", 4);
                else set_text_rank(c, R_TASK, "winlog.task", text, len);
            } else if (el == K_OPCODE) {
                if (len == 1 && text[0] >= '0' && text[0] <= '9') {
                    const char *op = pw_winevent_opcode_name(text[0] - '0');
                    set_text_rank(c, R_OPCODE, "winlog.opcode", op, strlen(op));
                } else {
                    set_text_rank(c, R_OPCODE, "winlog.opcode", text, len);
                }
            } else if (el == K_EVENTRECORDID) {
                int64_t rid;
                if (parse_int(text, len, &rid) == 0) c->record_id = rid;
            }
        } else if (sec == K_EVENTDATA) {
            if (el == K_DATA) {
                if (c->has_data_name) {
                    key_with_name(key, "winlog.event_data.", c->data_name);
                } else {
                    snprintf(key, sizeof key, "winlog.event_data.param%d", ++c->nparam);
                }
                set_text_rank(c, R_EVENT_DATA, key, text, len);
            } else if (!c->has_child[depth - 1]) {
                key_with_name(key, "winlog.event_data.", c->names[depth - 1]);
                set_text_rank(c, R_EVENT_DATA, key, text, len);
            }
            c->has_data_name = 0;
        } else if (sec == K_RENDERINGINFO && el == K_MESSAGE) {
            set_text_rank(c, R_MESSAGE, "message", text, len);
        }
    }
    if (depth >= 4 && c->codes[1] == K_USERDATA && !c->has_child[depth - 1]) {
        size_t n = strlen("winlog.user_data");
        memcpy(key, "winlog.user_data", n);
        for (int i = 3; i < depth && n < KEY_MAX - 1; i++) {
            key[n++] = '.';
            for (const char *s = c->names[i]; *s && n < KEY_MAX - 1; s++) key[n++] = *s == '.' ? '_' : *s;
        }
        key[n] = '\0';
        set_text_rank(c, R_USER_DATA, key, text, len);
    }
}

int evtx_map_ecs(pw_evtx_dec *d, pw_event *ev, uint64_t record_id, uint64_t written_ft)
{
    ecs_ctx c = {.d = d, .ev = ev, .ts = PW_TS_NONE, .record_id = -1, .event_id = -1};
    pw_buf *text = &d->scratch2, *av = &d->scratch;
    int attr = -1; /* code of the attribute being collected, -1 = none */
    const evtx_node *attr_first = NULL;
    pw_buf_reset(text);
    pw_buf_reset(av);
    pw_buf_reset(&d->kvbuf);
    d->nkv = 0;
    for (uint32_t i = 0; i <= d->nnodes; i++) {
        const evtx_node *n = i < d->nnodes ? &d->nodes[i] : NULL;
        if (attr >= 0 && (!n || (n->kind != N_VALUE && n->kind != N_CHARREF && n->kind != N_ENTREF))) {
            on_attr(&c, attr, av->data ? av->data : "", av->len, attr_first);
            attr = -1;
        }
        if (!n) break;
        switch (n->kind) {
        case N_OPEN:
            if (c.sp == (int)(sizeof c.names / sizeof c.names[0])) return -1;
            if (c.sp) c.has_child[c.sp - 1] = 1;
            c.names[c.sp] = evtx_name_str(d, n->name, NULL);
            c.codes[c.sp] = evtx_name_code(d, n->name);
            c.has_child[c.sp] = 0;
            c.text_start[c.sp] = text->len;
            c.sp++;
            break;
        case N_ATTR: {
            int code = evtx_name_code(d, n->name);
            attr = c.sp ? (attr_wanted(&c, code) ? code : K_NKNOWN) : -1; /* K_NKNOWN: swallow its values */
            attr_first = NULL;
            pw_buf_reset(av);
            break;
        }
        case N_CLOSE_START:
            break;
        case N_CLOSE_EMPTY:
        case N_END:
            if (!c.sp) break;
            {
                size_t st = c.text_start[c.sp - 1];
                on_element_end(&c, text->data ? text->data + st : "", text->len - st);
                text->len = st;
                if (text->data) text->data[st] = '\0';
            }
            c.sp--;
            break;
        case N_VALUE:
            if (attr >= 0) {
                if (!attr_first) attr_first = n;
                if (attr != K_NKNOWN && !(attr == K_SYSTEMTIME && n->vtype == 0x11))
                    pw_evtx_value_text(av, n->vtype, n->data, n->len);
            } else if (c.sp) {
                pw_evtx_value_text(text, n->vtype, n->data, n->len);
            }
            break;
        case N_CDATA:
            if (c.sp && attr < 0) evtx_utf16_to_utf8(text, n->data, n->len);
            break;
        case N_ENTREF: { /* the five XML entities resolve; any other stays a reference */
            pw_buf *b = attr >= 0 ? av : text;
            const char *nm = evtx_name_str(d, n->name, NULL);
            static const char *const ent[5][2] = {{"quot", "\""}, {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"apos", "'"}};
            const char *rep = NULL;
            for (int k = 0; k < 5 && !rep; k++)
                if (strcmp(nm, ent[k][0]) == 0) rep = ent[k][1];
            if (rep) pw_buf_puts(b, rep);
            else {
                pw_buf_putc(b, '&');
                pw_buf_puts(b, nm);
                pw_buf_putc(b, ';');
            }
            break;
        }
        case N_CHARREF: {
            pw_buf *b = attr >= 0 ? av : text;
            pw_utf8_put(b, n->len ? n->len : 0xFFFD);
            break;
        }
        default: break;
        }
    }
    pw_event_set_time(ev, c.ts != PW_TS_NONE ? c.ts : pw_time_from_filetime(written_ft));
    /* Windows shows EventRecordID; the record header's id differs in exported/merged logs */
    kv_add(&c, R_RECORD_ID, "winlog.record_id", NULL, 0,
           c.record_id >= 0 ? c.record_id : (int64_t)(record_id & INT64_MAX), KV_INT);
    kv_add(&c, R_EVENT_MODULE, "event.module", "evtx", 4, 0, KV_STR);
    kv_add(&c, R_EVENT_KIND, "event.kind", "event", 5, 0, KV_STR);
    kv_add(&c, R_API, "winlog.api", "evtx-file", 9, 0, KV_STR); /* Winlogbeat's name for reading a file */
    add_categories(&c);
    kv_flush(&c);
    return 0;
}
