/* syslog_vendor: fields of the vendor formats people send every day, read from a line the RFC grammars have
 * already split, and named as Elastic's integrations name them so existing dashboards work:
 *
 *  - Cisco IOS "%FAC-SEV-MNEMONIC: text" (cisco_ios): cisco.ios.facility = FAC, event.code = MNEMONIC,
 *    event.severity = SEV (long). IOS often puts the tag where RFC 3164 expects the program name
 *    ("42: *Mar 1 00:00:20.123: %LINK-3-UPDOWN: ..."); the tag is then put back at the start of the message
 *    and is not a process name. The message keeps the tag (unlike Elastic's pipeline, which strips it:
 *    signatures and people read the whole line).
 *  - Cisco ASA/FTD/PIX "%ASA-6-302013: text" (cisco_asa/cisco_ftd): cisco.asa.message_id (or cisco.ftd.*),
 *    event.code, event.severity.
 *  - VMware ESXi "Hostd: info hostd[2099592] [Originator@6876 sub=Vimsvc opID=x] text":
 *    vmware.esxi.level, vmware.esxi.sub, vmware.esxi.op_id, process.pid. No Elastic integration names these,
 *    so they are patchwatch's names, listed in tests/fixtures/ecs/allow_list.tsv.
 *
 * systemd-journald's forwarding ("<30>Jan  5 10:00:00 systemd[1]: ...", no hostname) is plain RFC 3164 and
 * needs nothing here. Cost: a few byte compares per line; nothing is allocated. */
#include <string.h>

#include "parsers/syslog.h"

static int is_tag_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* "%FAC-SEV-MNEMONIC:" at s[0..len): lengths of FAC and MNEMONIC and the severity digit; 0 if not one. */
static int cisco_tag(const char *s, size_t len, size_t *fac_len, unsigned *sev, size_t *mn_off, size_t *mn_len)
{
    size_t i = 1;
    if (len < 7 || s[0] != '%') return 0;
    while (i < len && i < 64 && is_tag_char(s[i])) i++;
    if (i == 1 || i + 3 >= len || s[i] != '-' || s[i + 1] < '0' || s[i + 1] > '7' || s[i + 2] != '-') return 0;
    *fac_len = i - 1;
    *sev = (unsigned)(s[i + 1] - '0');
    size_t m = i + 3, j = m;
    while (j < len && j - m < 64 && is_tag_char(s[j])) j++;
    if (j == m || j >= len || s[j] != ':') return 0;
    *mn_off = m;
    *mn_len = j - m;
    return 1;
}

static int cisco(pw_syslog_parser *p, pw_event *ev, const char *msg, size_t n, pw_error *err)
{
    size_t an = 0, fl, mo, ml;
    unsigned sev;
    const char *app = pw_event_get_str(ev, "log.syslog.appname", &an);
    pw_buf *b = &p->vendor;
    if (app && an > 1 && an < 130 && app[0] == '%') {
        pw_buf_reset(b);
        /* RFC 3164 took the tag for a program name and consumed its ':': rebuild "tag: message" */
        if (pw_buf_append(b, app, an) || pw_buf_puts(b, ": ")) return -1;
        if (!cisco_tag(b->data, b->len, &fl, &sev, &mo, &ml)) return 0;
        if (msg && pw_buf_append(b, msg, n)) return -1;
        if (pw_event_set_str(ev, "message", b->data, b->len, err)) return -1;
        pw_event_remove(ev, "log.syslog.appname");
        pw_event_remove(ev, "process.name");
        msg = pw_event_get_str(ev, "message", &n);
    }
    if (!msg || !cisco_tag(msg, n, &fl, &sev, &mo, &ml)) return 0;
    char fac[65], mn[65];
    memcpy(fac, msg + 1, fl);
    fac[fl] = '\0';
    memcpy(mn, msg + mo, ml);
    mn[ml] = '\0';
    int asa = strcmp(fac, "ASA") == 0 || strcmp(fac, "PIX") == 0, ftd = strcmp(fac, "FTD") == 0;
    if (pw_event_set_cstr(ev, "event.code", mn, err) || pw_event_set_int(ev, "event.severity", sev, err) ||
        pw_event_set_cstr(ev, asa ? "cisco.asa.message_id" : ftd ? "cisco.ftd.message_id" : "cisco.ios.facility",
                          asa || ftd ? mn : fac, err))
        return -1;
    return 1;
}

static int esxi(pw_event *ev, const char *m, size_t n, pw_error *err)
{
    static const char *const levels[] = {"verbose ", "info ", "warning ", "error ", "panic ", "trivia "};
    if (!m) return 0;
    size_t lv = 0;
    for (size_t k = 0; k < sizeof levels / sizeof levels[0] && !lv; k++)
        if (n > strlen(levels[k]) && memcmp(m, levels[k], strlen(levels[k])) == 0) lv = strlen(levels[k]);
    if (!lv) return 0;
    const char *o = memmem(m, n < 256 ? n : 256, "[Originator@6876", 16);
    if (!o) return 0;
    char level[16], sub[128] = "", op[128] = "";
    memcpy(level, m, lv - 1);
    level[lv - 1] = '\0';
    int64_t pid = -1;
    const char *br = memchr(m + lv, '[', (size_t)(o - m) - lv);
    if (br && br < o) {
        int64_t v = 0;
        const char *q = br + 1;
        while (q < o && *q >= '0' && *q <= '9' && v < 1000000000) v = v * 10 + (*q++ - '0');
        if (q > br + 1 && *q == ']') pid = v;
    }
    const char *end = memchr(o, ']', n - (size_t)(o - m));
    if (!end) return 0;
    for (const char *q = o + 16; q < end;) {
        while (q < end && *q == ' ') q++;
        const char *t = q;
        while (q < end && *q != ' ') q++;
        size_t tl = (size_t)(q - t);
        if (tl > 4 && tl - 4 < sizeof sub && memcmp(t, "sub=", 4) == 0) {
            memcpy(sub, t + 4, tl - 4);
            sub[tl - 4] = '\0';
        } else if (tl > 5 && tl - 5 < sizeof op && memcmp(t, "opID=", 5) == 0) {
            memcpy(op, t + 5, tl - 5);
            op[tl - 5] = '\0';
        }
    }
    if (pw_event_set_cstr(ev, "vmware.esxi.level", level, err) ||
        (sub[0] && pw_event_set_str_lossy(ev, "vmware.esxi.sub", sub, strlen(sub), err)) ||
        (op[0] && pw_event_set_str_lossy(ev, "vmware.esxi.op_id", op, strlen(op), err)) ||
        (pid >= 0 && !pw_event_find(ev, "process.pid") && pw_event_set_int(ev, "process.pid", pid, err)))
        return -1;
    return 1;
}

int pw_syslog_vendor_fields(pw_syslog_parser *p, const char *line, size_t len, pw_event *ev, pw_error *err)
{
    /* memchr/memmem on the raw line first: cheaper than the event lookups, and most lines are neither */
    int is_cisco = memchr(line, '%', len) != NULL;
    if (!is_cisco && !memmem(line, len, "[Originator@6876", 16)) return 0;
    size_t n = 0;
    const char *m = pw_event_get_str(ev, "message", &n);
    int r = is_cisco ? cisco(p, ev, m, n, err) : 0;
    if (r) return r < 0 ? -1 : 0;
    if (!m || n < 6) return 0;
    return esxi(ev, m, n, err) < 0 ? -1 : 0;
}
