/* evtx_ecs: maps a walked record (node list) onto the pw_event of DESIGN.md with ECS / Winlogbeat names:
 *   System/Provider@Name -> event.provider (@Guid -> winlog.provider_guid), EventID -> event.code and
 *   winlog.event_id, Level -> log.level (critical/error/warning/information/verbose), Task/Opcode ->
 *   winlog.task/winlog.opcode, Keywords -> winlog.keywords, TimeCreated@SystemTime -> @timestamp,
 *   Correlation@ActivityID -> winlog.activity_id, Execution@ProcessID/ThreadID -> process.pid /
 *   process.thread.id, Channel -> winlog.channel, Computer -> host.name + winlog.computer_name,
 *   Security@UserID -> winlog.user.identifier, EventData/Data[@Name] -> winlog.event_data.<Name>
 *   (unnamed: param1, param2, ... as Winlogbeat does), EventData/Binary -> winlog.event_data.Binary,
 *   UserData/<root>/<leaf> -> winlog.user_data.<leaf> (deeper leaves joined with '.'),
 *   RenderingInfo/Message -> message, EventRecordID -> winlog.record_id (else the record header's id),
 *   event.module "evtx",
 *   event.kind "event". Dots in data names become '_' so a name never splits into nested keys. */
#include <stdio.h>
#include <string.h>

#include "core/pw_time.h"
#include "core/pw_utf8.h"
#include "parsers/evtx_priv.h"

#define KEY_MAX 256 /* longest field name we build; longer data names are cut (Windows caps them at 255) */

typedef struct ecs_ctx {
    pw_evtx_dec *d;
    pw_event *ev;
    const char *names[EVTX_MAX_DEPTH * 4];
    size_t text_start[EVTX_MAX_DEPTH * 4];
    char has_child[EVTX_MAX_DEPTH * 4];
    int sp;
    char data_name[KEY_MAX];
    int has_data_name;
    int nparam;
    int64_t ts;
    int64_t record_id; /* EventRecordID as Windows shows it; -1 = absent */
} ecs_ctx;

static int set_text(ecs_ctx *c, const char *key, const char *s, size_t len)
{
    if (pw_event_set_str(c->ev, key, s, len, NULL) == 0) return 0;
    return pw_event_set_str_lossy(c->ev, key, s, len, NULL) == 0 ? 0 : -1;
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

static void on_attr(ecs_ctx *c, const char *attr, const char *v, size_t len, const evtx_node *first_val)
{
    const char *el = c->sp ? c->names[c->sp - 1] : "";
    int64_t iv;
    if (c->sp == 3 && strcmp(c->names[1], "System") == 0) {
        if (strcmp(el, "Provider") == 0) {
            if (strcmp(attr, "Name") == 0) set_text(c, "event.provider", v, len);
            else if (strcmp(attr, "Guid") == 0) set_text(c, "winlog.provider_guid", v, len);
        } else if (strcmp(el, "TimeCreated") == 0 && strcmp(attr, "SystemTime") == 0) {
            if (first_val && first_val->vtype == 0x11 && first_val->len >= 8)
                c->ts = pw_time_from_filetime(evtx_u64(first_val->data));
            else if (len && pw_time_parse(v, len, &iv, NULL) == 0)
                c->ts = iv;
        } else if (strcmp(el, "Execution") == 0) {
            if (strcmp(attr, "ProcessID") == 0 && parse_int(v, len, &iv) == 0)
                pw_event_set_int(c->ev, "process.pid", iv, NULL);
            else if (strcmp(attr, "ThreadID") == 0 && parse_int(v, len, &iv) == 0)
                pw_event_set_int(c->ev, "process.thread.id", iv, NULL);
        } else if (strcmp(el, "Security") == 0 && strcmp(attr, "UserID") == 0) {
            set_text(c, "winlog.user.identifier", v, len);
        } else if (strcmp(el, "Correlation") == 0 && strcmp(attr, "ActivityID") == 0) {
            set_text(c, "winlog.activity_id", v, len);
        }
    } else if (c->sp == 3 && strcmp(el, "Data") == 0 && strcmp(attr, "Name") == 0) {
        size_t n = len < KEY_MAX - 1 ? len : KEY_MAX - 1;
        memcpy(c->data_name, v, n);
        c->data_name[n] = '\0';
        c->has_data_name = n > 0;
    }
}

static void on_element_end(ecs_ctx *c, const char *text, size_t len)
{
    int depth = c->sp; /* the element being closed is names[depth-1] */
    const char *el = c->names[depth - 1];
    char key[KEY_MAX + 32];
    if (depth == 3) {
        const char *sec = c->names[1];
        if (strcmp(sec, "System") == 0) {
            if (strcmp(el, "EventID") == 0) {
                set_text(c, "event.code", text, len);
                set_text(c, "winlog.event_id", text, len);
            } else if (strcmp(el, "Level") == 0) {
                const char *lv = level_name(text, len);
                if (lv) pw_event_set_cstr(c->ev, "log.level", lv, NULL);
            } else if (strcmp(el, "Channel") == 0) {
                set_text(c, "winlog.channel", text, len);
            } else if (strcmp(el, "Computer") == 0) {
                set_text(c, "host.name", text, len);
                set_text(c, "winlog.computer_name", text, len);
            } else if (strcmp(el, "Keywords") == 0) {
                set_text(c, "winlog.keywords", text, len);
            } else if (strcmp(el, "Task") == 0) {
                set_text(c, "winlog.task", text, len);
            } else if (strcmp(el, "Opcode") == 0) {
                set_text(c, "winlog.opcode", text, len);
            } else if (strcmp(el, "EventRecordID") == 0) {
                int64_t rid;
                if (parse_int(text, len, &rid) == 0) c->record_id = rid;
            }
        } else if (strcmp(sec, "EventData") == 0) {
            if (strcmp(el, "Data") == 0) {
                if (c->has_data_name) {
                    key_with_name(key, "winlog.event_data.", c->data_name);
                } else {
                    snprintf(key, sizeof key, "winlog.event_data.param%d", ++c->nparam);
                }
                set_text(c, key, text, len);
            } else if (!c->has_child[depth - 1]) {
                key_with_name(key, "winlog.event_data.", el);
                set_text(c, key, text, len);
            }
            c->has_data_name = 0;
        } else if (strcmp(sec, "RenderingInfo") == 0 && strcmp(el, "Message") == 0) {
            set_text(c, "message", text, len);
        }
    }
    if (depth >= 4 && strcmp(c->names[1], "UserData") == 0 && !c->has_child[depth - 1]) {
        size_t n = strlen("winlog.user_data");
        memcpy(key, "winlog.user_data", n);
        for (int i = 3; i < depth && n < KEY_MAX - 1; i++) {
            key[n++] = '.';
            for (const char *s = c->names[i]; *s && n < KEY_MAX - 1; s++) key[n++] = *s == '.' ? '_' : *s;
        }
        key[n] = '\0';
        set_text(c, key, text, len);
    }
}

int evtx_map_ecs(pw_evtx_dec *d, pw_event *ev, uint64_t record_id, uint64_t written_ft)
{
    ecs_ctx c = {.d = d, .ev = ev, .ts = PW_TS_NONE, .record_id = -1};
    pw_buf *text = &d->scratch2, *av = &d->scratch;
    const char *attr = NULL;
    const evtx_node *attr_first = NULL;
    pw_buf_reset(text);
    pw_buf_reset(av);
    for (uint32_t i = 0; i <= d->nnodes; i++) {
        const evtx_node *n = i < d->nnodes ? &d->nodes[i] : NULL;
        if (attr && (!n || (n->kind != N_VALUE && n->kind != N_CHARREF && n->kind != N_ENTREF))) {
            on_attr(&c, attr, av->data ? av->data : "", av->len, attr_first);
            attr = NULL;
        }
        if (!n) break;
        switch (n->kind) {
        case N_OPEN:
            if (c.sp == (int)(sizeof c.names / sizeof c.names[0])) return -1;
            if (c.sp) c.has_child[c.sp - 1] = 1;
            c.names[c.sp] = evtx_name_str(d, n->name, NULL);
            c.has_child[c.sp] = 0;
            c.text_start[c.sp] = text->len;
            c.sp++;
            break;
        case N_ATTR:
            attr = evtx_name_str(d, n->name, NULL);
            attr_first = NULL;
            pw_buf_reset(av);
            break;
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
            if (attr) {
                if (!attr_first) attr_first = n;
                pw_evtx_value_text(av, n->vtype, n->data, n->len);
            } else if (c.sp) {
                pw_evtx_value_text(text, n->vtype, n->data, n->len);
            }
            break;
        case N_CDATA:
            if (c.sp && !attr) evtx_utf16_to_utf8(text, n->data, n->len);
            break;
        case N_ENTREF: { /* the five XML entities resolve; any other stays a reference */
            pw_buf *b = attr ? av : text;
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
            pw_buf *b = attr ? av : text;
            pw_utf8_put(b, n->len ? n->len : 0xFFFD);
            break;
        }
        default: break;
        }
    }
    pw_event_set_time(ev, c.ts != PW_TS_NONE ? c.ts : pw_time_from_filetime(written_ft));
    /* Windows shows EventRecordID; the record header's id differs in exported/merged logs */
    pw_event_set_int(ev, "winlog.record_id", c.record_id >= 0 ? c.record_id : (int64_t)(record_id & INT64_MAX), NULL);
    pw_event_set_cstr(ev, "event.module", "evtx", NULL);
    pw_event_set_cstr(ev, "event.kind", "event", NULL);
    return 0;
}
