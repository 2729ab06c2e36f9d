/* pw_advisory: the advisory record and its JSON form (table in pw_record), plus the one piece of package
 * knowledge both sides need: whether a package a report names is the package a host installed. */
#include "core/pw_advisory.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pw_record.h"

/* Packages per advisory and bytes per name/version: a report names a handful; a bigger list is hostile. */
#define ADV_PACKAGES_MAX 512
#define ADV_PACKAGE_FIELD_MAX 256

#define F(name, type, member, req) {name, type, offsetof(pw_advisory, member), req}
static const pw_rec_field fields[] = {
    F("id", PW_REC_STR, id, 1),
    F("source", PW_REC_STR, source, 1),
    F("url", PW_REC_STR, url, 0),
    F("title", PW_REC_STR, title, 0),
    F("published", PW_REC_TIME, published, 0),
    F("updated", PW_REC_TIME, updated, 0),
    F("status", PW_REC_STR, status, 0),
    F("kb", PW_REC_LIST, kb, 0),
    F("cve", PW_REC_LIST, cve, 0),
    F("products", PW_REC_LIST, products, 0),
    F("event_ids", PW_REC_LIST, event_ids, 0),
    F("error_codes", PW_REC_LIST, error_codes, 0),
    F("text", PW_REC_STR, text, 0),
    F("class", PW_REC_STR, report_class, 0),
    F("class_confidence", PW_REC_DBL, class_confidence, 0),
    F("class_reasons", PW_REC_LIST, class_reasons, 0),
    F("kb_affected", PW_REC_LIST, kb_affected, 0),
    F("kb_fix", PW_REC_LIST, kb_fix, 0),
    F("packages", PW_REC_JSON, packages, 0),
};
#define NF (sizeof fields / sizeof fields[0])

void pw_advisory_init(pw_advisory *a) { pw_record_init(a, fields, NF); }
void pw_advisory_free(pw_advisory *a) { pw_record_free(a, fields, NF); }

json_t *pw_advisory_to_jansson(const pw_advisory *a)
{
    json_t *o = pw_record_to_json(a, fields, NF);
    if (o && !a->report_class) json_object_del(o, "class_confidence"); /* 0 would read as "classified, unsure" */
    return o;
}

/* packages arrives from the bus: an array of {"name": non-empty string, "version": string, "through": string,
 * "role": "fix"}, all but the name optional ("through", the last version of a range, only with a version), nothing
 * else. */
static int packages_valid(const json_t *p)
{
    size_t i;
    const json_t *it;
    if (!json_is_array(p) || json_array_size(p) > ADV_PACKAGES_MAX) return 0;
    json_array_foreach(p, i, it) {
        const json_t *n = json_object_get(it, "name"), *v = json_object_get(it, "version");
        size_t keys = json_is_object(it) ? json_object_size(it) : 0;
        if (!json_is_string(n) || json_string_length(n) == 0 || json_string_length(n) > ADV_PACKAGE_FIELD_MAX ||
            strlen(json_string_value(n)) != json_string_length(n))
            return 0;
        if (v && (!json_is_string(v) || json_string_length(v) > ADV_PACKAGE_FIELD_MAX ||
                  strlen(json_string_value(v)) != json_string_length(v)))
            return 0;
        const json_t *r = json_object_get(it, "role"), *t = json_object_get(it, "through");
        if (r && (!json_is_string(r) || strcmp(json_string_value(r), "fix") != 0)) return 0;
        if (t && (!v || !json_is_string(t) || json_string_length(t) == 0 || json_string_length(t) > ADV_PACKAGE_FIELD_MAX ||
                  strlen(json_string_value(t)) != json_string_length(t)))
            return 0;
        if (keys != 1u + (v != NULL) + (r != NULL) + (t != NULL)) return 0;
    }
    return 1;
}

static int check_decoded(pw_advisory *a, pw_error *err)
{
    if (a->packages && !packages_valid(a->packages))
        return pw_error_set(err, PW_ERR_INVALID,
                            "advisory: \"packages\" must be an array of {\"name\", \"version\"} strings");
    if (a->class_confidence < 0 || a->class_confidence > 1 || a->class_confidence != a->class_confidence)
        return pw_error_set(err, PW_ERR_INVALID, "advisory: \"class_confidence\" must be within 0..1");
    return 0;
}

int pw_advisory_from_jansson(pw_advisory *a, const json_t *obj, pw_error *err)
{
    if (pw_record_from_json(a, fields, NF, obj, "advisory", err)) return -1;
    return check_decoded(a, err);
}

int pw_advisory_to_json(const pw_advisory *a, pw_buf *out, pw_error *err)
{
    json_t *j = pw_advisory_to_jansson(a);
    /* 6 significant digits: class_confidence 0.857, not 0.85699999999999998 (jansson's default is 17) */
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(j);
    int rc = s ? pw_buf_puts(out, s) : -1;
    free(s);
    return rc ? pw_error_set(err, PW_ERR_INVALID, "advisory cannot be encoded (invalid UTF-8?)") : 0;
}

int pw_advisory_from_json(pw_advisory *a, const char *json, size_t len, pw_error *err)
{
    if (pw_record_load(a, fields, NF, json, len, "advisory", err)) return -1;
    return check_decoded(a, err);
}

int pw_advisory_add_package(pw_advisory *a, const char *name, const char *version)
{
    if (!name || !*name) return 0;
    if (version && !*version) version = NULL;
    if (!a->packages && !(a->packages = json_array())) return -1;
    size_t i;
    const json_t *it;
    json_array_foreach(a->packages, i, it) {
        const char *n = json_string_value(json_object_get(it, "name"));
        const char *v = json_string_value(json_object_get(it, "version"));
        if (n && strcmp(n, name) == 0 && ((!v && !version) || (v && version && strcmp(v, version) == 0))) return 0;
    }
    if (json_array_size(a->packages) >= ADV_PACKAGES_MAX) return 0;
    json_t *o = json_object();
    if (!o || json_object_set_new(o, "name", json_string(name)) ||
        (version && json_object_set_new(o, "version", json_string(version))))
        goto err;
    return json_array_append_new(a->packages, o) ? -1 : 0; /* append_new releases o on failure */
err:
    json_decref(o);
    return -1;
}

/* The kernel's packages: Debian's and Fedora's, Arch's flavours (linux-lts, linux-zen, ...), Manjaro's "linux66". */
#define KERNEL_PACKAGES "linux-image-*|linux-modules-*|kernel-*|linux-lts*|linux-zen*|linux-hardened*|linux-rt*|linux#"

/* Source package -> binary packages a host installs under another name. Prefixes end at a '-' or a digit
 * ("libc6", "libssl3", "linux-image-6.8.0-45-generic"); a binary named "<source>-..." needs no entry. */
static const struct {
    const char *source;
    const char *binaries; /* '|' separated names, prefixes ending in '*' or '#' (see name_in) */
} pkg_aliases[] = {
    {"glibc", "libc6|libc6-*|libc-bin|libc-dev-bin|locales|glibc-*"},
    {"openssl", "libssl*|openssl-libs"},
    {"openssh", "ssh|openssh-*"},
    {"systemd", "libsystemd0|libudev1|udev|systemd-*"},
    {"xz", "xz-utils|liblzma*|xz-libs"},
    {"xz-utils", "liblzma*|xz"},
    {"kernel", KERNEL_PACKAGES "|linux"},
    {"linux", KERNEL_PACKAGES "|kernel"},
    {"linux-kernel", KERNEL_PACKAGES "|linux|kernel"},
    {"sudo", "sudo-ldap"},
    {"curl", "libcurl*"},
    {"gnutls", "libgnutls*|gnutls28"},
    {"polkit", "policykit-1|libpolkit*|polkitd|pkexec"},
    {"dbus", "libdbus*|dbus-*"},
    {"grub", "grub2*|grub-*"},
    {"grub2", "grub-*|grub2-*"},
    {"nss", "libnss3*"},
    {"krb5", "libkrb5*|krb5-*"},
    {"zlib", "zlib1g*|zlib-*"},
    {"pam", "libpam*|pam-*"},
};

/* '|' separated names; a trailing '*' takes any rest, a trailing '#' a rest of digits only ("linux#": linux66) */
static int name_in(const char *pname, size_t plen, const char *alts)
{
    const char *p = alts;
    while (*p) {
        const char *e = strchr(p, '|');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0 && p[n - 1] == '#') {
            size_t k = n - 1;
            if (plen > k && strncasecmp(pname, p, k) == 0) {
                while (k < plen && isdigit((unsigned char)pname[k])) k++;
                if (k == plen) return 1;
            }
        } else if (n > 0 && p[n - 1] == '*') {
            if (plen >= n - 1 && strncasecmp(pname, p, n - 1) == 0) return 1;
        } else if (plen == n && strncasecmp(pname, p, n) == 0) {
            return 1;
        }
        p += n + (e != NULL);
    }
    return 0;
}

static int name_matches(const char *name, const char *pname, size_t plen)
{
    size_t n = strlen(name);
    if (n == 0) return 0;
    if (plen == n && strncasecmp(pname, name, n) == 0) return 1;
    /* "openssh" -> "openssh-server"; short generic names ("gcc") still need the dash, so "gc" is not "gcc" */
    if (n >= 3 && plen > n + 1 && strncasecmp(pname, name, n) == 0 && pname[n] == '-') return 1;
    for (size_t i = 0; i < sizeof pkg_aliases / sizeof pkg_aliases[0]; i++)
        if (strcasecmp(pkg_aliases[i].source, name) == 0 && name_in(pname, plen, pkg_aliases[i].binaries)) return 1;
    return 0;
}

size_t pw_version_epoch_len(const char *v)
{
    const char *d = v;
    while (isdigit((unsigned char)*d)) d++;
    return *d == ':' && d > v ? (size_t)(d - v) + 1 : 0;
}

/* "1:9.0p1-2+deb12u3" starts with "9.0p1" at a non-digit boundary; so does "9.0p1", not "9.0p10". A report may
 * keep the epoch ("1:9.2p1-2+deb12u6", as dpkg prints it): then it must be the installed one's, when that has one. */
static int version_matches(const char *want, const char *installed)
{
    size_t we = pw_version_epoch_len(want), ie = pw_version_epoch_len(installed);
    if (we && ie && (we != ie || strncmp(want, installed, we) != 0)) return 0;
    want += we;
    installed += ie;
    if (want[0] == 'v' && isdigit((unsigned char)want[1])) want++;
    size_t n = strlen(want);
    if (n == 0) return 1;
    if (strncasecmp(installed, want, n) != 0) return 0;
    /* Debian's "5.6.1+really5.4.5-1" is 5.4.5 under 5.6.1's number (an upload that went back): not 5.6.1 */
    if (strncasecmp(installed + n, "+really", 7) == 0) return 0;
    return !isdigit((unsigned char)installed[n]) || !isdigit((unsigned char)want[n - 1]);
}

/* dpkg's order of a version's characters: '~' before the end, the end before letters, letters before the rest. */
static int ver_order(char c)
{
    if (isdigit((unsigned char)c)) return 0;
    if (isalpha((unsigned char)c)) return (unsigned char)c;
    if (c == '~') return -1;
    return c ? (unsigned char)c + 256 : 0;
}

int pw_advisory_version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        while ((*a && !isdigit((unsigned char)*a)) || (*b && !isdigit((unsigned char)*b))) {
            int ac = ver_order(*a), bc = ver_order(*b);
            if (ac != bc) return ac - bc;
            a++, b++;
        }
        while (*a == '0') a++;
        while (*b == '0') b++;
        int first = 0;
        while (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            if (!first) first = *a - *b;
            a++, b++;
        }
        if (isdigit((unsigned char)*a)) return 1;
        if (isdigit((unsigned char)*b)) return -1;
        if (first) return first;
    }
    return 0;
}

/* The installed version's upstream part: no epoch, no Debian revision or RPM release ("1:3.0.4-1ubuntu1" ->
 * "3.0.4"), into out. */
static void upstream_of(const char *v, char *out, size_t cap)
{
    v += pw_version_epoch_len(v);
    const char *dash = strrchr(v, '-');
    size_t n = dash ? (size_t)(dash - v) : strlen(v);
    if (n >= cap) n = cap - 1;
    memcpy(out, v, n);
    out[n] = '\0';
}

/* A range a report gives ("OpenSSL 3.0.0 bis 3.0.6"): the installed version lies between the two, both included
 * (the last also as a prefix: "3.0.6" includes "3.0.6-1"). */
static int range_matches(const char *name, const char *first, const char *last, const char *patch_id)
{
    const char *eq = strchr(patch_id, '=');
    if (!eq || !name_matches(name, patch_id, (size_t)(eq - patch_id))) return 0;
    char up[128];
    upstream_of(eq + 1, up, sizeof up);
    if (first[0] == 'v' && isdigit((unsigned char)first[1])) first++;
    if (last[0] == 'v' && isdigit((unsigned char)last[1])) last++;
    first += pw_version_epoch_len(first);
    last += pw_version_epoch_len(last);
    return pw_advisory_version_cmp(up, first) >= 0 &&
           (pw_advisory_version_cmp(up, last) <= 0 || version_matches(last, eq + 1));
}

int pw_advisory_package_matches(const char *name, const char *version, const char *patch_id)
{
    if (!name || !patch_id) return 0;
    const char *eq = strchr(patch_id, '=');
    size_t plen = eq ? (size_t)(eq - patch_id) : strlen(patch_id);
    if (!name_matches(name, patch_id, plen)) return 0;
    if (!version || !*version) return 1;
    /* the version is in the name for kernels ("linux-image-6.8.0-45-generic"): a match there is enough */
    if (plen > strlen(version) && strstr(patch_id, version) && strstr(patch_id, version) < patch_id + plen) return 1;
    if (!eq) return 0; /* unattended-upgrades names no version: a versioned report cannot be confirmed */
    return version_matches(version, eq + 1);
}

/* Does the text offer, for the blamed series `blamed` ("kernel 6.1"), a fix inside that series ("fixed in 6.1.66")
 * that the install patch_id has reached? Then the install is the fix or later, not the culprit: "affects 6.1.64 and
 * 6.1.65 -- fixed in 6.1.66" blames kernel 6.1, and a host on 6.1.66 must not be warned about. */
static int fixed_within(const pw_advisory *a, const char *blamed, const char *patch_id)
{
    const char *eq = strchr(patch_id, '=');
    if (!blamed || !*blamed || !eq) return 0;
    char up[128];
    upstream_of(eq + 1, up, sizeof up);
    size_t i;
    const json_t *it;
    json_array_foreach(a->packages, i, it) {
        const char *n = json_string_value(json_object_get(it, "name"));
        const char *v = json_string_value(json_object_get(it, "version"));
        if (!json_object_get(it, "role") || !v || !pw_advisory_package_matches(n, NULL, patch_id)) continue;
        v += pw_version_epoch_len(v);
        if (strlen(v) > strlen(blamed) && version_matches(blamed, v) && pw_advisory_version_cmp(up, v) >= 0) return 1;
    }
    return 0;
}

/* which: 0 every package, 1 those not offered as the fix (and not where the text's fix of that series was
 * installed), 2 only those offered as the fix */
static int package_named(const pw_advisory *a, const char *patch_id, int which)
{
    size_t i;
    const json_t *it;
    if (!a->packages) return 0;
    json_array_foreach(a->packages, i, it) {
        int fix = json_object_get(it, "role") != NULL; /* the only role is "fix" */
        if ((which == 1 && fix) || (which == 2 && !fix)) continue;
        const char *n = json_string_value(json_object_get(it, "name"));
        const char *v = json_string_value(json_object_get(it, "version"));
        const char *through = json_string_value(json_object_get(it, "through"));
        int named = pw_advisory_package_matches(n, v, patch_id) ||
                    (n && v && through && range_matches(n, v, through, patch_id));
        if (!named) continue;
        if (which != 1 || !fixed_within(a, v, patch_id)) return 1;
    }
    return 0;
}

int pw_advisory_names_package(const pw_advisory *a, const char *patch_id) { return package_named(a, patch_id, 0); }

int pw_advisory_blames_package(const pw_advisory *a, const char *patch_id) { return package_named(a, patch_id, 1); }

int pw_advisory_offers_package(const pw_advisory *a, const char *patch_id) { return package_named(a, patch_id, 2); }

int pw_advisory_has_package_fix(const pw_advisory *a)
{
    size_t i;
    const json_t *it;
    json_array_foreach(a->packages, i, it) if (json_object_get(it, "role")) return 1;
    return 0;
}

static int has_ci(const pw_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcasecmp(l->v[i], s) == 0) return 1;
    return 0;
}

const char *pw_advisory_fix_of_blamed(const pw_advisory *o, const pw_advisory *a, const char *kb)
{
    const pw_strlist *blamed = a->report_class ? &a->kb_affected : &a->kb;
    if (blamed->n < 2 || !has_ci(&o->kb_fix, kb)) return NULL;
    for (size_t k = 0; k < blamed->n; k++) {
        const char *x = blamed->v[k];
        if (strcasecmp(x, kb) != 0 && has_ci(&o->kb, x) && !has_ci(&o->kb_fix, x)) return x;
    }
    return NULL;
}

/* Appends at most cap-1 bytes; returns the new length (never past cap-1). */
static size_t put(char *buf, size_t cap, size_t o, const char *fmt, const char *s)
{
    if (o + 1 >= cap) return o;
    int n = snprintf(buf + o, cap - o, fmt, s);
    if (n < 0) return o;
    return o + (size_t)n >= cap ? cap - 1 : o + (size_t)n;
}

static size_t put_list(char *buf, size_t cap, size_t o, const char *label, const pw_strlist *l, const char *fmt)
{
    if (!l->n) return o;
    o = put(buf, cap, o, "%s", label);
    for (size_t i = 0; i < l->n; i++) o = put(buf, cap, o, i ? (fmt[0] == '"' ? ", \"%s\"" : ", %s") : fmt, l->v[i]);
    return o;
}

size_t pw_advisory_explain(const pw_advisory *a, char *buf, size_t cap)
{
    if (!buf || cap == 0) return 0;
    buf[0] = '\0';
    size_t o = put(buf, cap, 0, "%s", a->report_class ? a->report_class : "unclassified");
    if (a->report_class) {
        char conf[32];
        snprintf(conf, sizeof conf, "%.2f", a->class_confidence);
        o = put(buf, cap, o, " (confidence %s)", conf);
    }
    o = put_list(buf, cap, o, " from ", &a->class_reasons, "\"%s\"");
    o = put_list(buf, cap, o, "; blames ", &a->kb_affected, "%s");
    o = put_list(buf, cap, o, "; fix ", &a->kb_fix, "%s");
    size_t i;
    const json_t *it;
    if (a->packages && json_array_size(a->packages)) {
        o = put(buf, cap, o, "%s", "; packages");
        json_array_foreach(a->packages, i, it) {
            const char *v = json_string_value(json_object_get(it, "version"));
            o = put(buf, cap, o, i ? ", %s" : " %s", json_string_value(json_object_get(it, "name")));
            const char *t = json_string_value(json_object_get(it, "through"));
            if (v && *v) o = put(buf, cap, o, " %s", v);
            if (v && *v && t) o = put(buf, cap, o, " through %s", t);
            if (json_object_get(it, "role")) o = put(buf, cap, o, "%s", " (the fix)");
        }
    }
    return o;
}
