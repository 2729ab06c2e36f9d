/* winevent_fields: Winlogbeat's names for the standard Windows values (keyword bits, opcodes, task 0) and the
 * small (provider, event id) -> ECS event.category/event.type table, shared by the EVTX mapper (which calls
 * the lookups per record: no allocation, a few compares) and by the XML/JSON readers (which call
 * pw_winevent_winlogbeat_fields once per event to fill the same fields the EVTX path writes). Only values
 * defined by Windows itself (winmeta.xml) are named here; a provider's own keywords, tasks and opcodes need
 * its manifest, which neither an .evtx file nor rendered XML carries, so those stay numbers. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/winevent.h"

/* winmeta.xml's standard keyword bits (48..55) with the names Winlogbeat gives them (its winMeta table in
 * winlogbeat/sys/wineventlog); WDI Context (bit 49) is in winmeta but not in Winlogbeat's table and is named
 * as Event Viewer shows it. Bits 0..47 are the provider's own and need its manifest, which an .evtx file does
 * not carry; bit 63 is set on most events and means nothing. The raw mask stays in
 * patchwatch.winlog.keywords_raw so nothing is lost. */
static const struct { uint64_t bit; const char *json; } std_keywords[] = {
    {0x0001000000000000ull, "\"Response Time\""}, {0x0002000000000000ull, "\"WDI Context\""},
    {0x0004000000000000ull, "\"WDI Diag\""},      {0x0008000000000000ull, "\"SQM\""},
    {0x0010000000000000ull, "\"Audit Failure\""}, {0x0020000000000000ull, "\"Audit Success\""},
    {0x0040000000000000ull, "\"Correlation Hint\""}, {0x0080000000000000ull, "\"Classic\""},
};
/* winmeta's standard opcodes 0..9 and task 0, as Winlogbeat names them */
static const char *const std_opcodes[] = {"Info", "Start", "Stop", "DCStart", "DCStop", "Extension", "Reply",
                                          "Resume", "Suspend", "Send"};

/* ECS event.category / event.type for the (provider, event id) pairs whose meaning does not depend on the
 * event's data. Small on purpose: only ids whose meaning is documented by Microsoft and whose ECS
 * categorisation matches Elastic's own Windows/System integrations; everything else gets no category rather
 * than a guess. Linear scan: a dozen int compares per record. */
static const struct { int64_t id; const char *provider, *category, *type; } ecs_categories[] = {
    {4624, "Microsoft-Windows-Security-Auditing", "[\"authentication\"]", "[\"start\"]"},
    {4625, "Microsoft-Windows-Security-Auditing", "[\"authentication\"]", "[\"start\"]"},
    {4634, "Microsoft-Windows-Security-Auditing", "[\"authentication\"]", "[\"end\"]"},
    {4647, "Microsoft-Windows-Security-Auditing", "[\"authentication\"]", "[\"end\"]"},
    {4688, "Microsoft-Windows-Security-Auditing", "[\"process\"]", "[\"start\"]"},
    {4689, "Microsoft-Windows-Security-Auditing", "[\"process\"]", "[\"end\"]"},
    {4720, "Microsoft-Windows-Security-Auditing", "[\"iam\"]", "[\"user\",\"creation\"]"},
    {4726, "Microsoft-Windows-Security-Auditing", "[\"iam\"]", "[\"user\",\"deletion\"]"},
    {1, "Microsoft-Windows-Sysmon", "[\"process\"]", "[\"start\"]"},
    {5, "Microsoft-Windows-Sysmon", "[\"process\"]", "[\"end\"]"},
    {19, "Microsoft-Windows-WindowsUpdateClient", "[\"package\"]", "[\"installation\"]"},
    {20, "Microsoft-Windows-WindowsUpdateClient", "[\"package\"]", "[\"installation\"]"},
};

size_t pw_winevent_keyword_names(uint64_t mask, char *out, size_t cap)
{
    size_t n = 0;
    if (cap < 256) return 0; /* 8 names of < 20 bytes always fit in 256 */
    out[n++] = '[';
    for (size_t k = 0; k < sizeof std_keywords / sizeof std_keywords[0]; k++) {
        if (!(mask & std_keywords[k].bit)) continue;
        size_t l = strlen(std_keywords[k].json);
        if (n > 1) out[n++] = ',';
        memcpy(out + n, std_keywords[k].json, l);
        n += l;
    }
    if (n == 1) return 0;
    out[n++] = ']';
    out[n] = '\0';
    return n;
}

const char *pw_winevent_opcode_name(long opcode)
{
    return opcode >= 0 && opcode < (long)(sizeof std_opcodes / sizeof std_opcodes[0]) ? std_opcodes[opcode] : NULL;
}

int pw_winevent_ecs_category(const char *provider, int64_t event_id, const char **category, const char **type)
{
    if (!provider || event_id < 0) return -1;
    for (size_t k = 0; k < sizeof ecs_categories / sizeof ecs_categories[0]; k++) {
        if (ecs_categories[k].id != event_id || strcmp(ecs_categories[k].provider, provider) != 0) continue;
        *category = ecs_categories[k].category;
        *type = ecs_categories[k].type;
        return 0;
    }
    return -1;
}

/* Copies a short string field out of the event (its arena may move on the next set). */
static const char *get_copy(const pw_event *ev, const char *key, char *buf, size_t cap)
{
    size_t n;
    const char *v = pw_event_get_str(ev, key, &n);
    if (!v || n >= cap) return NULL;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return buf;
}

static int copy_int_if_absent(pw_event *ev, const char *from, const char *to, pw_error *err)
{
    int64_t v;
    if (pw_event_find(ev, to) || pw_event_get_int(ev, from, &v)) return 0;
    return pw_event_set_int(ev, to, v, err);
}

static int parse_mask(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s) return -1;
    unsigned long long v = strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0 ? strtoull(s + 2, &end, 16)
                                                                            : strtoull(s, &end, 10);
    if (*end) return -1;
    *out = v;
    return 0;
}

int pw_winevent_winlogbeat_fields(pw_event *ev, const char *api, pw_error *err)
{
    char buf[256], json[256];
    const char *s;
    if ((s = get_copy(ev, "event.provider", buf, sizeof buf)) && !pw_event_find(ev, "winlog.provider_name") &&
        pw_event_set_cstr(ev, "winlog.provider_name", s, err))
        return -1;
    if (copy_int_if_absent(ev, "process.pid", "winlog.process.pid", err) ||
        copy_int_if_absent(ev, "process.thread.id", "winlog.process.thread.id", err))
        return -1;
    /* a mask as text (XML, or an older patchwatch's JSON): names + the raw mask, as the EVTX path writes */
    uint64_t mask;
    if ((s = get_copy(ev, "winlog.keywords", buf, sizeof buf)) && parse_mask(s, &mask) == 0) {
        size_t n = pw_winevent_keyword_names(mask, json, sizeof json);
        if (!pw_event_find(ev, "patchwatch.winlog.keywords_raw") &&
            pw_event_set_cstr(ev, "patchwatch.winlog.keywords_raw", s, err))
            return -1;
        if (n ? pw_event_set_json(ev, "winlog.keywords", json, n, err) : (pw_event_remove(ev, "winlog.keywords"), 0))
            return -1;
    }
    if ((s = get_copy(ev, "winlog.opcode", buf, sizeof buf)) && s[0] >= '0' && s[0] <= '9' && !s[1] &&
        pw_event_set_cstr(ev, "winlog.opcode", pw_winevent_opcode_name(s[0] - '0'), err))
        return -1;
    if ((s = get_copy(ev, "winlog.task", buf, sizeof buf)) && strcmp(s, "0") == 0 &&
        pw_event_set_cstr(ev, "winlog.task", "None", err))
        return -1;
    if (api && !pw_event_find(ev, "winlog.api") && pw_event_set_cstr(ev, "winlog.api", api, err)) return -1;
    int64_t id;
    const char *cat, *type;
    if (!pw_event_find(ev, "event.category") && pw_event_get_int(ev, "event.code", &id) == 0 &&
        (s = get_copy(ev, "event.provider", buf, sizeof buf)) && pw_winevent_ecs_category(s, id, &cat, &type) == 0 &&
        (pw_event_set_json(ev, "event.category", cat, strlen(cat), err) ||
         (!pw_event_find(ev, "event.type") && pw_event_set_json(ev, "event.type", type, strlen(type), err))))
        return -1;
    if (!pw_event_find(ev, "event.kind") && pw_event_set_cstr(ev, "event.kind", "event", err)) return -1;
    return 0;
}
