/* patches: the patch-install rule matcher and the reboot markers (see patches.h). Rules arrive as JSON
 * objects (the validated YAML of rules/patches/, or the built-in text below, which is the same rules), are
 * compiled once, and matched with a string prefilter before any regex runs. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "correlate/patches.h"

#include <ctype.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"

#define PATCH_MAX_RULES 1024   /* patch rules; a directory with more is a mistake, not a fleet */
#define PATCH_MAX_EVENT_IDS 64 /* event ids per rule */
#define PATCH_SCAN_MAX 65536   /* bytes of a message searched for ids: installs are one line */

typedef struct prule {
    char *name;
    pw_patch_action action;
    int platform;
    char *provider, *channel, *program, *source, *field;
    int64_t ids[PATCH_MAX_EVENT_IDS];
    size_t nids;
    pcre2_code *msg_re, *kb_re, *pkg_re, *ver_re;
} prule;

struct pw_patch_rules {
    prule *v;
    size_t n;
    pcre2_match_data *md;
};

static const char builtin_rules[] =
    "["
    "{\"kind\":\"patch\",\"name\":\"windows-update-installed\",\"platform\":\"windows\",\"action\":\"install\","
    " \"match\":{\"provider\":\"Microsoft-Windows-WindowsUpdateClient\",\"event_ids\":[19]},"
    " \"extract\":{\"kb\":\"(?i)\\\\b(KB[0-9]{6,8})\\\\b\",\"field\":\"winlog.event_data.updateTitle\"}},"
    "{\"kind\":\"patch\",\"name\":\"windows-update-started-or-failed\",\"platform\":\"windows\",\"action\":\"pending\","
    " \"match\":{\"provider\":\"Microsoft-Windows-WindowsUpdateClient\",\"event_ids\":[20,43,44]},"
    " \"extract\":{\"kb\":\"(?i)\\\\b(KB[0-9]{6,8})\\\\b\",\"field\":\"winlog.event_data.updateTitle\"}},"
    "{\"kind\":\"patch\",\"name\":\"windows-servicing-installed\",\"platform\":\"windows\",\"action\":\"install\","
    " \"match\":{\"provider\":\"Microsoft-Windows-Servicing\",\"event_ids\":[2],\"message_regex\":\"(?i)installed\"},"
    " \"extract\":{\"kb\":\"(?i)\\\\b(KB[0-9]{6,8})\\\\b\",\"field\":\"winlog.event_data.PackageIdentifier\"}},"
    "{\"kind\":\"patch\",\"name\":\"windows-cbs-log-installed\",\"platform\":\"windows\",\"action\":\"install\","
    " \"match\":{\"program\":\"CBS\",\"message_regex\":\"Package_for_KB[0-9]+.*(?:[Ss]tate: Installed|target: Installed, .*Installed)\"},"
    " \"extract\":{\"kb\":\"Package_for_(KB[0-9]{6,8})\"}},"
    "{\"kind\":\"patch\",\"name\":\"dpkg-status-installed\",\"platform\":\"linux\",\"action\":\"install\","
    " \"match\":{\"program\":\"dpkg\",\"message_regex\":\" status installed \"},"
    " \"extract\":{\"package\":\" status installed ([^ :]+)\",\"version\":\"(?::\\\\S+)? (\\\\S+)\"}},"
    "{\"kind\":\"patch\",\"name\":\"apt-history-upgrade\",\"platform\":\"linux\",\"action\":\"install\","
    " \"match\":{\"program\":\"apt\",\"message_regex\":\"^(?:Upgrade|Install): \"},"
    " \"extract\":{\"package\":\"(?:^(?:Upgrade|Install): |\\\\G, )([a-z0-9][a-z0-9+.-]*)\","
    "  \"version\":\"(?::[a-z0-9]+)? \\\\((?:[^,)]*, )?([^,)]+?)(?:, automatic)?\\\\)\"}},"
    "{\"kind\":\"patch\",\"name\":\"unattended-upgrades\",\"platform\":\"linux\",\"action\":\"install\","
    " \"match\":{\"program\":\"unattended-upgrade\",\"message_regex\":\"^Packages that (?:will be|were) upgraded: \"},"
    " \"extract\":{\"package\":\"(?:upgraded: |\\\\G )([a-z0-9][a-z0-9+.-]*)\"}},"
    "{\"kind\":\"patch\",\"name\":\"dnf-upgraded\",\"platform\":\"linux\",\"action\":\"install\","
    " \"match\":{\"program\":\"dnf\",\"message_regex\":\"^(?:Upgraded|Installed): \"},"
    " \"extract\":{\"package\":\"^(?:Upgraded|Installed): ([a-zA-Z0-9_+.-]+?)-[0-9]\","
    "  \"version\":\"-((?:[0-9]+:)?[0-9][^ ]*)\"}},"
    "{\"kind\":\"patch\",\"name\":\"pacman-alpm\",\"platform\":\"linux\",\"action\":\"install\","
    " \"match\":{\"program\":\"pacman\",\"message_regex\":\"\\\\[ALPM\\\\] (?:upgraded|installed|reinstalled|downgraded) \"},"
    " \"extract\":{\"package\":\"\\\\[ALPM\\\\] (?:upgraded|installed|reinstalled|downgraded) ([^ ]+)\","
    "  \"version\":\" \\\\((?:[^ )]+ -> )?([^ )]+)\\\\)\"}},"
    "{\"kind\":\"patch\",\"name\":\"zypper-history-install\",\"platform\":\"linux\",\"action\":\"install\","
    " \"match\":{\"program\":\"zypp\","
    "  \"message_regex\":\"^(?:\\\\d{4}-\\\\d\\\\d-\\\\d\\\\d \\\\d\\\\d:\\\\d\\\\d:\\\\d\\\\d)?\\\\|install\\\\|\"},"
    " \"extract\":{\"package\":\"\\\\|install\\\\|([^|]+)\",\"version\":\"\\\\|([^|]+)\"}}"
    "]";

const char *pw_patch_rules_builtin(void) { return builtin_rules; }

static void prule_free(prule *r)
{
    free(r->name);
    free(r->provider);
    free(r->channel);
    free(r->program);
    free(r->source);
    free(r->field);
    pcre2_code_free(r->msg_re);
    pcre2_code_free(r->kb_re);
    pcre2_code_free(r->pkg_re);
    pcre2_code_free(r->ver_re);
}

void pw_patch_rules_free(pw_patch_rules *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) prule_free(&r->v[i]);
    free(r->v);
    pcre2_match_data_free(r->md);
    free(r);
}

size_t pw_patch_rules_count(const pw_patch_rules *r) { return r ? r->n : 0; }

static char *dup_str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? strdup(s) : NULL;
}

static int compile(const json_t *obj, const char *key, pcre2_code **out, const char *rule, pw_error *err)
{
    const char *pat = json_string_value(json_object_get(obj, key));
    if (!pat) return 0;
    int ec;
    PCRE2_SIZE off;
    *out = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &off, NULL);
    if (!*out) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return pw_error_set(err, PW_ERR_INVALID, "patch rule %s: %s at offset %zu: %s", rule, key, (size_t)off,
                            (const char *)msg);
    }
    pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE); /* best effort: falls back to the interpreter */
    return 0;
}

static int rule_from_json(prule *r, const json_t *obj, pw_error *err)
{
    const json_t *match = json_object_get(obj, "match"), *ex = json_object_get(obj, "extract");
    r->name = dup_str(obj, "name");
    if (!r->name) return pw_error_set(err, PW_ERR_INVALID, "patch rule without a name");
    const char *platform = json_string_value(json_object_get(obj, "platform"));
    r->platform = platform && strcmp(platform, "linux") == 0 ? PW_PATCH_LINUX : PW_PATCH_WINDOWS;
    const char *action = json_string_value(json_object_get(obj, "action"));
    r->action = !action || strcmp(action, "install") == 0 ? PW_PATCH_INSTALL
                : strcmp(action, "pending") == 0          ? PW_PATCH_PENDING
                                                          : PW_PATCH_UNINSTALL;
    if (match) {
        r->provider = dup_str(match, "provider");
        r->channel = dup_str(match, "channel");
        r->program = dup_str(match, "program");
        r->source = dup_str(match, "source");
        const json_t *ids = json_object_get(match, "event_ids"), *v;
        size_t i;
        json_array_foreach(ids, i, v)
        {
            if (r->nids >= PATCH_MAX_EVENT_IDS)
                return pw_error_set(err, PW_ERR_LIMIT, "patch rule %s: more than %d event ids", r->name,
                                    PATCH_MAX_EVENT_IDS);
            r->ids[r->nids++] = json_integer_value(v);
        }
        if (compile(match, "message_regex", &r->msg_re, r->name, err)) return -1;
    }
    if (ex) {
        r->field = dup_str(ex, "field");
        if (compile(ex, "kb", &r->kb_re, r->name, err) || compile(ex, "package", &r->pkg_re, r->name, err) ||
            compile(ex, "version", &r->ver_re, r->name, err))
            return -1;
    }
    if (!r->kb_re && !r->pkg_re)
        return pw_error_set(err, PW_ERR_INVALID, "patch rule %s: extract needs kb or package", r->name);
    if (!r->provider && !r->program && !r->channel && !r->nids && !r->msg_re)
        return pw_error_set(err, PW_ERR_INVALID, "patch rule %s: match is empty (would match every event)",
                            r->name);
    return 0;
}

pw_patch_rules *pw_patch_rules_from_json(const json_t *arr, pw_error *err)
{
    pw_patch_rules *r = calloc(1, sizeof *r);
    if (!r) goto nomem;
    size_t n = json_array_size(arr);
    if (n > PATCH_MAX_RULES) {
        pw_error_set(err, PW_ERR_LIMIT, "more than %d patch rules", PATCH_MAX_RULES);
        goto err;
    }
    r->v = calloc(n ? n : 1, sizeof *r->v);
    r->md = pcre2_match_data_create(8, NULL);
    if (!r->v || !r->md) goto nomem;
    for (size_t i = 0; i < n; i++) {
        r->n++;
        if (rule_from_json(&r->v[i], json_array_get(arr, i), err)) goto err;
    }
    return r;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory compiling patch rules");
err:
    pw_patch_rules_free(r);
    return NULL;
}

pw_patch_rules *pw_patch_rules_new(const struct pw_rules *rules, pw_error *err)
{
    json_t *arr = NULL;
    if (rules && pw_rules_count(rules, "patch") > 0) {
        arr = json_array();
        for (size_t i = 0; arr && i < pw_rules_count(rules, "patch"); i++)
            json_array_append(arr, (json_t *)pw_rules_get(rules, "patch", i));
    }
    if (!arr) {
        json_error_t je;
        arr = json_loads(builtin_rules, 0, &je);
        if (!arr) {
            pw_error_set(err, PW_ERR_INTERNAL, "built-in patch rules: %s", je.text);
            return NULL;
        }
    }
    pw_patch_rules *r = pw_patch_rules_from_json(arr, err);
    json_decref(arr);
    return r;
}

/* The few fields every rule looks at, read once per event. */
typedef struct ev_view {
    const char *provider, *channel, *program, *module, *file_stem, *file_dir;
    size_t file_stem_len, file_dir_len;
    int64_t code;
    bool has_code;
} ev_view;

static void view_of(const pw_event *ev, ev_view *v)
{
    memset(v, 0, sizeof *v);
    v->provider = pw_event_get_str(ev, "event.provider", NULL);
    v->channel = pw_event_get_str(ev, "winlog.channel", NULL);
    v->program = pw_event_get_str(ev, "log.syslog.appname", NULL);
    if (!v->program) v->program = pw_event_get_str(ev, "process.name", NULL);
    v->module = pw_event_get_str(ev, "event.module", NULL);
    v->has_code = pw_event_get_int(ev, "event.code", &v->code) == 0 ||
                  pw_event_get_int(ev, "winlog.event_id", &v->code) == 0;
    const char *path = pw_event_get_str(ev, "log.file.path", NULL);
    if (path) { /* /var/log/dpkg.log -> stem "dpkg", /var/log/apt/history.log -> dir "apt" */
        const char *base = strrchr(path, '/');
        const char *stem = base ? base + 1 : path;
        const char *dot = strchr(stem, '.');
        v->file_stem = stem;
        v->file_stem_len = dot ? (size_t)(dot - stem) : strlen(stem);
        if (base && base > path) {
            const char *d = base - 1;
            while (d > path && d[-1] != '/') d--;
            v->file_dir = d;
            v->file_dir_len = (size_t)(base - d);
        }
    }
}

static bool eq_ci(const char *a, const char *b) { return a && b && strcasecmp(a, b) == 0; }

static bool eq_ci_n(const char *a, size_t alen, const char *b)
{
    return a && b && strlen(b) == alen && strncasecmp(a, b, alen) == 0;
}

static bool prefilter(const prule *r, const ev_view *v)
{
    if (r->provider && !eq_ci(r->provider, v->provider)) return false;
    if (r->channel && !eq_ci(r->channel, v->channel)) return false;
    if (r->source) {
        bool file = strcmp(r->source, "file") == 0 && v->file_stem;
        if (!file && !eq_ci(r->source, v->module)) return false;
    }
    if (r->program && !eq_ci(r->program, v->program) && !eq_ci(r->program, v->provider) &&
        !eq_ci_n(v->file_stem, v->file_stem_len, r->program) && !eq_ci_n(v->file_dir, v->file_dir_len, r->program))
        return false;
    if (r->nids) {
        if (!v->has_code) return false;
        size_t i;
        for (i = 0; i < r->nids && r->ids[i] != v->code; i++) {}
        if (i == r->nids) return false;
    }
    return true;
}

static int re_find(pw_patch_rules *rs, pcre2_code *re, const char *s, size_t len, size_t start, uint32_t opts,
                   size_t *gs, size_t *ge, size_t *me)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, opts, rs->md, NULL);
    if (rc < 2) return 0; /* no match, error, or no capture group */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->md);
    if (ov[2] == PCRE2_UNSET) return 0;
    *gs = ov[2];
    *ge = ov[3];
    *me = ov[1];
    return 1;
}

static void put_title(pw_patch_hit *h, const char *s, size_t len)
{
    if (len >= PW_PATCH_TITLE_MAX) len = PW_PATCH_TITLE_MAX - 1;
    /* cut at a UTF-8 boundary */
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
    memcpy(h->title, s, len);
    h->title[len] = '\0';
}

static bool have_id(const pw_patch_hit *hits, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(hits[i].id, id) == 0) return true;
    return false;
}

static int extract(pw_patch_rules *rs, const prule *r, const char *s, size_t len, pw_patch_hit *hits, size_t max)
{
    int n = 0;
    size_t pos = 0, gs, ge, me;
    pcre2_code *re = r->kb_re ? r->kb_re : r->pkg_re;
    while (pos <= len && (size_t)n < max && re_find(rs, re, s, len, pos, 0, &gs, &ge, &me)) {
        pw_patch_hit *h = &hits[n];
        size_t idlen = ge - gs;
        char id[PW_PATCH_ID_MAX];
        if (idlen >= sizeof id) idlen = sizeof id - 1;
        memcpy(id, s + gs, idlen);
        id[idlen] = '\0';
        if (r->kb_re) {
            for (char *p = id; *p; p++) *p = (char)toupper((unsigned char)*p);
        } else if (r->ver_re) {
            size_t vs, ve, vme;
            /* the version regex is anchored where the package name ended */
            if (re_find(rs, r->ver_re, s, len, ge, PCRE2_ANCHORED, &vs, &ve, &vme) && vs >= ge) {
                size_t vl = ve - vs;
                if (idlen + 1 + vl < sizeof id) {
                    id[idlen] = '=';
                    memcpy(id + idlen + 1, s + vs, vl);
                    id[idlen + 1 + vl] = '\0';
                }
                if (vme > me) me = vme;
            }
        }
        if (!have_id(hits, n, id)) {
            memcpy(h->id, id, strlen(id) + 1);
            put_title(h, s, len);
            h->action = r->action;
            h->platform = r->platform;
            h->rule = r->name;
            n++;
        }
        pos = me > pos ? me : pos + 1;
    }
    return n;
}

int pw_patch_rules_match(pw_patch_rules *rs, const pw_event *ev, pw_patch_hit *hits, size_t max, pw_error *err)
{
    (void)err;
    if (!rs || max == 0) return 0;
    ev_view v;
    view_of(ev, &v);
    for (size_t i = 0; i < rs->n; i++) {
        const prule *r = &rs->v[i];
        if (!prefilter(r, &v)) continue;
        size_t mlen = 0, flen = 0;
        const char *msg = pw_event_get_str(ev, "message", &mlen);
        if (!msg) msg = pw_event_get_str(ev, "event.original", &mlen);
        if (mlen > PATCH_SCAN_MAX) mlen = PATCH_SCAN_MAX;
        if (r->msg_re) {
            if (!msg || pcre2_match(r->msg_re, (PCRE2_SPTR)msg, mlen, 0, 0, rs->md, NULL) < 0) continue;
        }
        const char *text = r->field ? pw_event_get_str(ev, r->field, &flen) : NULL;
        int n = 0;
        if (text) n = extract(rs, r, text, flen > PATCH_SCAN_MAX ? PATCH_SCAN_MAX : flen, hits, max);
        if (n == 0 && msg) n = extract(rs, r, msg, mlen, hits, max);
        if (n > 0) return n;
    }
    return 0;
}

static bool starts(const char *s, const char *prefix) { return s && strncmp(s, prefix, strlen(prefix)) == 0; }

bool pw_patch_is_reboot(const pw_event *ev)
{
    const char *prov = pw_event_get_str(ev, "event.provider", NULL);
    int64_t code = -1;
    if (pw_event_get_int(ev, "event.code", &code) != 0) pw_event_get_int(ev, "winlog.event_id", &code);
    if (prov) {
        if ((eq_ci(prov, "EventLog") || eq_ci(prov, "Microsoft-Windows-EventLog")) &&
            (code == 6005 || code == 6006 || code == 6008 || code == 6009))
            return true;
        if (eq_ci(prov, "Microsoft-Windows-Kernel-General") && (code == 12 || code == 13)) return true;
        if (eq_ci(prov, "User32") && code == 1074) return true;
        if (eq_ci(prov, "Microsoft-Windows-Kernel-Power") && code == 41) return true;
    }
    const char *app = pw_event_get_str(ev, "log.syslog.appname", NULL);
    if (!app) app = pw_event_get_str(ev, "process.name", NULL);
    if (!app) return false;
    const char *msg = pw_event_get_str(ev, "message", NULL);
    if (strcmp(app, "kernel") == 0) return starts(msg, "Linux version ");
    if (strcmp(app, "systemd") == 0)
        return starts(msg, "Startup finished") || starts(msg, "Reached target Shutdown") ||
               starts(msg, "System is rebooting") || starts(msg, "Reached target reboot");
    return false;
}
