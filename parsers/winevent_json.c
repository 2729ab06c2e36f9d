/* winevent_json: Winlogbeat / ECS JSON lines to the pw_event the EVTX parser would produce for the same
 * record. pw_event_from_json already folds nested objects and dotted keys into one shape; what is left here
 * is naming: Winlogbeat keeps the Windows facts under winlog.* (event_id, provider_name, computer_name,
 * process.pid), the contract wants them also where the correlator looks (event.code, event.provider,
 * host.name, process.pid) and with the same types (event.code a string, record_id an int).
 *
 * host.name becomes winlog.computer_name when both exist: Winlogbeat's host.name is the machine that ran
 * the shipper, which for forwarded events (WEC) is the collector, not the host the event is about. */
#include "parsers/winevent.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Copies key from -> to when `to` is absent (or always, when force), converting ints to their decimal
 * text when as_string. */
static int copy_field(pw_event *ev, const char *from, const char *to, int as_string, int force, pw_error *err)
{
    const pw_field *f = pw_event_find(ev, from);
    if (!f || (!force && pw_event_find(ev, to))) return 0;
    if (f->type == PW_VAL_STR) {
        /* the value lives in the arena that the setter may move: copy it out first */
        char tmp[512];
        size_t n = f->val_len;
        if (n >= sizeof tmp) return 0;
        memcpy(tmp, pw_field_str(ev, f), n);
        return pw_event_set_str(ev, to, tmp, n, err);
    }
    if (f->type == PW_VAL_INT) {
        if (!as_string) return pw_event_set_int(ev, to, f->num.i, err);
        char tmp[32];
        int n = snprintf(tmp, sizeof tmp, "%" PRId64, f->num.i);
        return pw_event_set_str(ev, to, tmp, (size_t)n, err);
    }
    return 0;
}

/* Makes key an int when it holds a decimal string. */
static int to_int(pw_event *ev, const char *key, pw_error *err)
{
    int64_t v;
    const pw_field *f = pw_event_find(ev, key);
    if (!f || f->type != PW_VAL_STR || pw_event_get_int(ev, key, &v)) return 0;
    return pw_event_set_int(ev, key, v, err);
}

/* Makes key a string when it holds an int. */
static int to_str(pw_event *ev, const char *key, pw_error *err)
{
    const pw_field *f = pw_event_find(ev, key);
    if (!f || f->type != PW_VAL_INT) return 0;
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%" PRId64, f->num.i);
    return pw_event_set_str(ev, key, tmp, (size_t)n, err);
}

int pw_winevent_json_normalize(pw_event *ev, pw_error *err)
{
    if (to_str(ev, "winlog.event_id", err) || copy_field(ev, "winlog.event_id", "event.code", 1, 0, err) ||
        to_str(ev, "event.code", err) || copy_field(ev, "winlog.provider_name", "event.provider", 0, 0, err) ||
        copy_field(ev, "winlog.computer_name", "host.name", 0, 1, err) ||
        to_int(ev, "winlog.record_id", err) || copy_field(ev, "winlog.process.pid", "process.pid", 0, 0, err) ||
        copy_field(ev, "winlog.process.thread.id", "process.thread.id", 0, 0, err) || to_int(ev, "process.pid", err) ||
        to_int(ev, "process.thread.id", err))
        return -1;
    /* Winlogbeat writes the level as Windows renders it ("Information"); the contract's names are lower case */
    size_t n;
    const char *lv = pw_event_get_str(ev, "log.level", &n);
    if (lv && n < 32) {
        char low[32];
        for (size_t i = 0; i < n; i++) low[i] = (char)(lv[i] >= 'A' && lv[i] <= 'Z' ? lv[i] | 0x20 : lv[i]);
        if (pw_event_set_str(ev, "log.level", low, n, err)) return -1;
    }
    if (pw_winevent_winlogbeat_fields(ev, NULL, err)) return -1;
    /* the input's module (Winlogbeat's "security", "sysmon", ...) is what its dashboards filter on: kept */
    if (pw_event_find(ev, "event.module")) return 0;
    return pw_event_set_cstr(ev, "event.module", "winevent", err);
}

/* pw_event keeps time in microseconds; Windows and Winlogbeat write 100 ns (7 digits) or ns (9). The text as
 * given goes to patchwatch.timestamp_original when it has more than 6 fraction digits, so nothing is lost. */
static int keep_precise_timestamp(const char *line, size_t len, pw_event *ev, pw_error *err)
{
    static const char key[] = "\"@timestamp\"";
    const char *p = memmem(line, len, key, sizeof key - 1), *end = line + len;
    if (!p) return 0;
    p += sizeof key - 1;
    while (p < end && (*p == ' ' || *p == ':' || *p == '\t')) p++;
    if (p >= end || *p != '"') return 0;
    const char *v = ++p;
    while (p < end && *p != '"' && p - v < 64) p++;
    if (p >= end || *p != '"') return 0;
    const char *dot = memchr(v, '.', (size_t)(p - v));
    if (!dot) return 0;
    size_t digits = 0;
    for (const char *q = dot + 1; q < p && *q >= '0' && *q <= '9'; q++) digits++;
    if (digits <= 6) return 0;
    return pw_event_set_str(ev, "patchwatch.timestamp_original", v, (size_t)(p - v), err);
}

int pw_winevent_json_parse_line(const char *line, size_t len, pw_event *ev, pw_error *err)
{
    pw_error why;
    pw_error_clear(&why);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    if (pw_event_from_json(ev, line, len, &why) == 0)
        return pw_winevent_json_normalize(ev, err) || keep_precise_timestamp(line, len, ev, err) ? -1 : 0;
    if (why.code == PW_ERR_NOMEM) {
        if (err) *err = why;
        return -1;
    }
    pw_event_reset(ev);
    if (pw_event_set_cstr(ev, "event.module", "winevent", err) ||
        pw_event_set_str_lossy(ev, "event.original", line, len, err) ||
        pw_event_set_str_lossy(ev, "message", line, len, err) ||
        pw_event_set_bool(ev, "patchwatch.parse_error", true, err))
        return -1;
    return 0;
}
