/* advisory_extract_versions: a package version told without the package's name beside it, attached to the
 * package the post names. Linux reports name the culprit in prose and in issue templates: "NetworkManager 1.22.2
 * ... Downgrading to 1.18 fixed it", "With version 24.1.3-0ubuntu~22.04.1 installation raises an error", "De fout
 * zit in versie 2.4.20" (of the Linux kernel named before). A `package_version` match holds such a bare version;
 * its package is the one named nearest before it (a package with a version, else a `package_name` match such as
 * "the kernel"), or failing that the first one named after it. A version no name can be found for is dropped: an
 * early warning must name what a host installed; so is one with another product's name right before it ("Python
 * version 3.12"). The cost: a version of something else told with no name ("glibc 2.39 broke it ... the release
 * 2.1 of our tool") is read as the package's. Versions listed right after a package's own ("OpenSSL 1.0.2f and
 * 1.0.1r", "3.0.0 bis 3.0.6") are its too (ex_attach_list_versions). Also here: which versions of a package are
 * the way back -- the one a downgrade went to, the one an upgrade left, the last that worked, a "+really" upload
 * (ex_package_remedy) -- so no warning names them. */
#include "parsers/advisory_extract_priv.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "parsers/advisory_internal.h"

#define VERSION_LEN_MAX 64

/* Localized words for the kernel are the package "kernel", which the correlator links to linux-image-* and
 * kernel-* installs (core/pw_advisory.c). */
const char *ex_package_name(const char *name)
{
    static const char *const kernel[] = {"kernels",  "noyau",         "núcleo",        "nucleo",
                                         "カーネル", "linux kernel", "linux kernels", "linux-kernel"};
    for (size_t i = 0; i < sizeof kernel / sizeof kernel[0]; i++)
        if (!strcmp(name, kernel[i])) return "kernel";
    return name;
}

static int version_char(unsigned char c) { return isalnum(c) || c == '.' || c == '~' || c == '+' || c == '_' || c == '-'; }

/* The version inside [start, end): the first run starting with a digit (not inside a word, "v" allowed) that has a
 * dot, without an epoch ("2:") and trailing punctuation, lower case, into out (VERSION_LEN_MAX + 1 bytes).
 * Returns its start, or SIZE_MAX. */
static size_t version_in(const char *s, size_t start, size_t end, char *out)
{
    for (size_t i = start; i < end; i++) {
        if (!isdigit((unsigned char)s[i]) || (i > start && isalnum((unsigned char)s[i - 1]) && s[i - 1] != 'v'))
            continue;
        size_t j = i;
        while (j < end && version_char((unsigned char)s[j]) && !(s[j] == '.' && j + 1 < end && s[j + 1] == '.'))
            j++; /* "6.6.5....possibly more": an ellipsis ends a version */
        if (j < end && s[j] == ':' && j + 1 < end && isdigit((unsigned char)s[j + 1])) { /* an epoch: 2:2.06 */
            i = j;
            continue;
        }
        while (j > i && strchr(".-_+~", s[j - 1])) j--;
        if (j - i > VERSION_LEN_MAX || !memchr(s + i, '.', j - i)) return SIZE_MAX;
        for (size_t k = i; k < j; k++) out[k - i] = (char)tolower((unsigned char)s[k]);
        out[j - i] = '\0';
        return i;
    }
    return SIZE_MAX;
}

static const char *package_name_of(const pw_advisory *a, size_t i)
{
    return json_string_value(json_object_get(json_array_get(a->packages, i), "name"));
}

/* Two spellings of one version: the same runs of letters and digits, whatever separates them ("4.4.0-109" and
 * "4.4.0.109", as news writes a kernel's), with or without the epoch. "1.2.3" and "12.3" differ. */
static int same_version(const char *p, const char *q)
{
    p += pw_version_epoch_len(p);
    q += pw_version_epoch_len(q);
    for (;;) {
        while (*p && !isalnum((unsigned char)*p)) p++;
        while (*q && !isalnum((unsigned char)*q)) q++;
        if (!*p || !*q) return !*p && !*q;
        while (isalnum((unsigned char)*p) && *p == *q) p++, q++;
        if (isalnum((unsigned char)*p) || isalnum((unsigned char)*q)) return 0;
    }
}

const char *ex_version_spelling(const pw_advisory *a, const char *name, const char *version)
{
    size_t i;
    const json_t *it;
    json_array_foreach(a->packages, i, it) {
        const char *n = json_string_value(json_object_get(it, "name"));
        const char *v = json_string_value(json_object_get(it, "version"));
        if (n && v && (!name || !strcmp(n, name)) && same_version(v, version)) return v;
    }
    return version;
}

static int has_version(const pw_advisory *a, const char *version)
{
    return a->packages && ex_version_spelling(a, NULL, version) != version;
}

/* The name of the package told nearest before `at` (a versioned mention or a `package_name` match: its rule's value,
 * "kernel" for "noyau", else the name as written, in small letters), else the first one told after it; into name
 * (NAME_MAX_LEN bytes). */
#define NAME_MAX_LEN 64
static int name_for(const pw_extractor *x, const pw_advisory *a, size_t at, char *name)
{
    size_t best = SIZE_MAX, after = SIZE_MAX; /* the distance back, and forward */
    name[0] = '\0';
    for (size_t i = 0; i < x->npmentions; i++) {
        const ex_mention *m = &x->pmentions[i];
        const char *n = package_name_of(a, m->kb);
        if (!n || strlen(n) >= NAME_MAX_LEN) continue;
        if (m->end <= at && at - m->end < best) best = at - m->end, strcpy(name, n);
        if (m->start >= at && best == SIZE_MAX && m->start - at < after) after = m->start - at, strcpy(name, n);
    }
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        const ex_rule *r = &x->rules[h->rule];
        if (r->field != F_PACKAGE_NAME || h->end > at || at - h->end >= best) continue;
        size_t len = r->value ? strlen(r->value) : h->end - h->start; /* "kernel" for noyau; else as written */
        if (len == 0 || len >= NAME_MAX_LEN) continue;
        best = at - h->end;
        memcpy(name, r->value ? r->value : x->subject.data + h->start, len);
        name[len] = '\0';
        for (size_t k = 0; k < len; k++) name[k] = (char)tolower((unsigned char)name[k]);
    }
    return name[0] != '\0';
}

/* The word right before "version" at `at` names another product's version: "Python version 3.12", "Chrome-Version
 * 120.0". A function word ("the", "new", "la", "het"), a package's own mention or a `package_name` match ("kernel
 * version 6.4.15") does not. */
static int other_product_before(const pw_extractor *x, size_t at)
{
    static const char *const plain[] = {
        "the", "a", "an", "with", "to", "new", "latest", "current", "installed", "this", "that", "same", "older",
        "newer", "previous", "last", "from", "in", "on", "at", "and", "of", "der", "die", "das", "dem", "den", "neue",
        "neuen", "aktuelle", "und", "mit", "auf", "la", "el", "le", "les", "de", "del", "nueva", "y", "con", "nouvelle",
        "dernière", "et", "avec", "het", "een", "nieuwe", "laatste", "en", "met", "naar"};
    const char *s = x->subject.data;
    if (strncasecmp(s + at, "versi", 5) && strncasecmp(s + at, "release", 7)) return 0; /* "downgrading to 1.18" */
    size_t e = at;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '-')) e--;
    size_t b = e;
    while (b > 0 && (isalnum((unsigned char)s[b - 1]) || (unsigned char)s[b - 1] >= 0x80)) b--;
    if (b == e || isdigit((unsigned char)s[b])) return 0;
    for (size_t i = b; i < e; i++)
        if ((unsigned char)s[i] >= 0xE0) return 0; /* Japanese runs words together: "カーネルをバージョン 6.5.1" */
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strlen(plain[i]) == e - b && !strncasecmp(s + b, plain[i], e - b)) return 0;
    for (size_t i = 0; i < x->npmentions; i++)
        if (x->pmentions[i].start <= b && e <= x->pmentions[i].end) return 0;
    for (size_t i = 0; i < x->nhits; i++)
        if (x->rules[x->hits[i].rule].field == F_PACKAGE_NAME && x->hits[i].start <= b && e <= x->hits[i].end) return 0;
    return 1;
}

int ex_attach_versions(pw_extractor *x, pw_advisory *a)
{
    const char *s = x->subject.data;
    char version[VERSION_LEN_MAX + 1], name[NAME_MAX_LEN];
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (x->rules[h->rule].field != F_PACKAGE_VERSION) continue;
        size_t at = version_in(s, h->start, h->end, version);
        if (at == SIZE_MAX || has_version(a, version) || other_product_before(x, h->start) || !name_for(x, a, at, name))
            continue;
        if (pw_advisory_add_package(a, name, version)) return -1;
        size_t k;
        const json_t *it;
        json_array_foreach(a->packages, k, it) { /* where it went: its mention is the version's span */
            const char *n = json_string_value(json_object_get(it, "name"));
            const char *v = json_string_value(json_object_get(it, "version"));
            if (n && v && !strcmp(n, name) && !strcmp(v, version) && x->npmentions < EX_MENTIONS_MAX && k < UINT16_MAX)
                x->pmentions[x->npmentions++] = (ex_mention){(uint32_t)at, (uint32_t)(at + strlen(version)), (uint16_t)k};
        }
        if (pw_adv_list_add(&a->products, name, strlen(name))) return -1;
    }
    return 0;
}

/* An `undo` phrase (rules/extract/undo.yaml: "downgraded", "rolled back", "Downgrade", "zurückgerollt") in the
 * `back` bytes before `at`, on its line: "downgraded glibc (2.36-1 -> 2.35-6)" went back to 2.35-6. */
static int going_back_before(const pw_extractor *x, size_t at, size_t back)
{
    const char *s = x->subject.data;
    size_t from = at > back ? at - back : 0;
    for (size_t i = at; i > from; i--)
        if (s[i - 1] == '\n') {
            from = i;
            break;
        }
    for (size_t i = 0; i < x->nhits; i++) {
        const ex_hit *h = &x->hits[i];
        if (x->rules[h->rule].field == F_UNDO && h->start >= from && h->end <= at) return 1;
    }
    return 0;
}

/* Between two versions of one package (the first written at `first`), an arrow or "to": "(2.36-1 -> 2.35-6)", "from
 * 1.0.6 to 1.0.10", "von 2.38 auf 2.39", "de 9.6 a 9.8", "2.38 から 2.39", with at most the package's name again and no
 * sentence end; or apt history's "(old, new)". */
static int version_step(const char *s, size_t a, size_t b, size_t first)
{
    if (b - a == 2 && s[a] == ',' && s[a + 1] == ' ' && first > 0 && s[first - 1] == '(') return 1; /* apt */
    static const char *const steps[] = {"->", "=>", "\xE2\x86\x92", " to ", " auf ", " a ", " \xC3\xA0 ", " naar ",
                                        "\xE3\x81\x8B\xE3\x82\x89"};
    if (b < a || b - a > 40 || memchr(s + a, '\n', b - a)) return 0;
    for (size_t i = a; i < b; i++)
        if ((s[i] == '.' || s[i] == ';') && i + 1 < b && s[i + 1] == ' ') return 0;
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
        if (memmem(s + a, b - a, steps[k], strlen(steps[k]))) return 1;
    return 0;
}

/* Where the version of package mention m is written: a rule's match can hold more ("glibc (2.36-1 -> 2.35-6" is the
 * from-to rule's match for 2.35-6). */
static void version_span(const pw_extractor *x, const pw_advisory *a, const ex_mention *m, size_t *from, size_t *to)
{
    const char *v = json_string_value(json_object_get(json_array_get(a->packages, m->kb), "version"));
    size_t n = v ? strlen(v) : 0, last = SIZE_MAX;
    *from = m->start, *to = m->end;
    for (size_t i = m->start; n && i + n <= m->end; i++) /* the last occurrence, case-blind */
        if (!strncasecmp(x->subject.data + i, v, n)) last = i;
    if (last != SIZE_MAX) *from = last, *to = last + n;
}

/* What joins two versions of one package in a list or a range, right after the first: ", ", " and ", " bis ",
 * "から" ... Its length (spaces around included), or 0; *range says it spans the versions between ("through", "bis",
 * "hasta", "jusqu'à", "t/m"). Not " to ": that is a step from one version to another (version_step), whose first
 * is the one left behind; "から" is a range only with "まで" after the second version (made_after). */
static size_t list_joint(const char *s, size_t i, size_t n, int *range)
{
    static const struct {
        const char *w;
        int range;
    } joints[] = {{",", 0}, {"/", 0}, {"and", 0}, {"or", 0}, {"through", 1}, {"thru", 1}, {"und", 0}, {"oder", 0},
                  {"bis", 1}, {"y", 0}, {"o", 0}, {"hasta", 1}, {"et", 0}, {"ou", 0}, {"jusqu'à", 1},
                  {"jusqu\xE2\x80\x99à", 1}, {"en", 0}, {"of", 0}, {"t/m", 1},
                  {"\xE3\x81\x8B\xE3\x82\x89", 0} /* から */, {"\xE3\x80\x81", 0} /* 、 */,
                  {"\xE3\x81\xA8", 0} /* と */, {"\xE3\x81\x8A\xE3\x82\x88\xE3\x81\xB3", 0} /* および */};
    size_t j = i;
    while (j < n && s[j] == ' ') j++;
    for (size_t k = 0; k < sizeof joints / sizeof joints[0]; k++) {
        size_t len = strlen(joints[k].w);
        int word = isalpha((unsigned char)joints[k].w[0]);
        if (j + len > n || strncasecmp(s + j, joints[k].w, len) != 0) continue;
        if (word && (j == i || j + len >= n || s[j + len] != ' ')) continue; /* a word stands apart */
        size_t e = j + len;
        while (e < n && s[e] == ' ') e++;
        *range = joints[k].range;
        return e - i;
    }
    return 0;
}

static unsigned long major_of(const char *v)
{
    v += pw_version_epoch_len(v);
    return strtoul(v, NULL, 10);
}

/* "まで" (up to) right after the version ending at e: "2.9 から 2.22 まで" is a range, not the step "2.38 から 2.39 に". */
static int made_after(const char *s, size_t e, size_t n)
{
    while (e < n && s[e] == ' ') e++;
    return e + 6 <= n && memcmp(s + e, "\xE3\x81\xBE\xE3\x81\xA7", 6) == 0;
}

#define LIST_VERSIONS_MAX 8

/* More versions of a package listed after its own: "OpenSSL 1.0.2f and 1.0.1r", "kernel 6.1.66, 6.6.5", "OpenSSL
 * 3.0.0 bis 3.0.6", "glibc 2.2から2.17". Each is the package's, with its own mention, so the roles read for it
 * (fix, remedy) are its own. A version whose major number is far from the one before it ("kernel 6.8 and 24.04")
 * ends the list: it belongs to something else. */
int ex_attach_list_versions(pw_extractor *x, pw_advisory *a)
{
    const char *s = x->subject.data;
    size_t n = x->subject.len, nm = x->npmentions;
    char prev[VERSION_LEN_MAX + 1], version[VERSION_LEN_MAX + 1], name[NAME_MAX_LEN];
    for (size_t i = 0; i < nm; i++) {
        const char *pn = package_name_of(a, x->pmentions[i].kb);
        const char *pv = json_string_value(json_object_get(json_array_get(a->packages, x->pmentions[i].kb), "version"));
        if (!pn || !pv || strlen(pn) >= NAME_MAX_LEN || strlen(pv) > VERSION_LEN_MAX) continue;
        strcpy(name, pn);
        strcpy(prev, pv);
        size_t from, to;
        version_span(x, a, &x->pmentions[i], &from, &to);
        for (int hop = 0; hop < LIST_VERSIONS_MAX; hop++) {
            int range = 0;
            size_t joint = list_joint(s, to, n, &range), at = to + joint;
            if (!joint || at >= n) break;
            size_t vs = version_in(s, at, n - at > VERSION_LEN_MAX + 8 ? at + VERSION_LEN_MAX + 8 : n, version);
            if (vs == SIZE_MAX || vs > at + 1 || (vs == at + 1 && s[at] != 'v')) break;
            size_t ve = vs + strlen(version);
            if (ve < n && (isalnum((unsigned char)s[ve]) || (s[ve] == '.' && ve + 1 < n && isalnum((unsigned char)s[ve + 1]))))
                break; /* cut short: not a version */
            unsigned long a0 = major_of(prev), a1 = major_of(version), gap = a0 > a1 ? a0 - a1 : a1 - a0;
            if (gap > 2 && gap > (a0 > a1 ? a0 : a1) / 8) break;
            range |= made_after(s, ve, n);
            if (range && hop == 0 && pw_advisory_version_cmp(prev, version) < 0 &&
                json_object_set_new(json_array_get(a->packages, x->pmentions[i].kb), "through", json_string(version)))
                return -1; /* "OpenSSL 3.0.0 bis 3.0.6": every version between is affected too */
            size_t before = json_array_size(a->packages);
            if (ex_version_spelling(a, name, version) == version) {
                if (pw_advisory_add_package(a, name, version)) return -1;
                size_t k = json_array_size(a->packages) - 1;
                if (k >= before && x->npmentions < EX_MENTIONS_MAX && k < UINT16_MAX) /* not added past the cap */
                    x->pmentions[x->npmentions++] = (ex_mention){(uint32_t)vs, (uint32_t)ve, (uint16_t)k};
            }
            strcpy(prev, version);
            to = ve;
        }
    }
    return 0;
}

/* Does the post name an older version of package `name` than v? A release told beside it is then the way forward
 * from that one ("broken in 6.1.66 ... 6.1.67 is out"), not a culprit; told alone it may be ("6.1.67 was released
 * and broke wifi" names no older one), so it stays blamed. */
static int older_named(const pw_advisory *a, const char *name, const char *v)
{
    size_t i;
    const json_t *p;
    json_array_foreach(a->packages, i, p) {
        const char *n = json_string_value(json_object_get(p, "name"));
        const char *o = json_string_value(json_object_get(p, "version"));
        if (n && o && !strcmp(n, name) &&
            pw_advisory_version_cmp(o + pw_version_epoch_len(o), v + pw_version_epoch_len(v)) < 0)
            return 1;
    }
    return 0;
}

/* Does the phrase h hold the mention at [ms, me), or another mention of the same version v ("upgrade to 5.10.106 ...
 * seems to be fixed in 5.10.106": one package, mentioned where it was first read)? */
static int phrase_names(const pw_extractor *x, const ex_hit *h, size_t ms, size_t me, const char *v)
{
    if (h->start <= ms && me <= h->end) return 1;
    char hv[VERSION_LEN_MAX + 1];
    return v && version_in(x->subject.data, h->start, h->end, hv) != SIZE_MAX && same_version(hv, v);
}

/* The package mention m is a version to go back to, not the culprit: a "+really" upload; a version a
 * `package_version` phrase names -- value "remedy" ("downgrading to 1.18", "works with the 6.8.0-45 kernel", "fixed
 * in 1.9.8p1") or "released" beside an older one ("6.1.67 is out"); else the version a downgrade went to
 * ("downgraded glibc (2.36-1 -> 2.35-6)") or the one an upgrade left ("update from NetworkManager-1.0.6 to
 * NetworkManager-1.0.10": 1.0.6 worked; apt's "cloud-init:amd64 (23.3.3, 24.1.3)"). */
int ex_package_remedy(const pw_extractor *x, const pw_advisory *a, const ex_mention *m)
{
    const char *s = x->subject.data, *name = package_name_of(a, m->kb);
    const char *v = json_string_value(json_object_get(json_array_get(a->packages, m->kb), "version"));
    /* Debian's "+really" marks an upload that goes back to an older upstream ("3.20180108.0+really20170707"): the
     * way back by its own name */
    if (v && strstr(v, "+really")) return 1;
    size_t ms, me, os, oe;
    version_span(x, a, m, &ms, &me);
    for (size_t i = 0; i < x->nhits; i++) { /* a phrase: "downgrading to 1.18", "fixed in 1.9.8p1" */
        const ex_hit *h = &x->hits[i];
        const ex_rule *r = &x->rules[h->rule];
        if (r->field != F_PACKAGE_VERSION || !r->value || !phrase_names(x, h, ms, me, v)) continue;
        if (!strcmp(r->value, "remedy") || (!strcmp(r->value, "released") && name && v && older_named(a, name, v)))
            return 1;
    }
    /* else the order of an upgrade told: from where, to where */
    for (size_t i = 0; name && i < x->npmentions; i++) {
        const ex_mention *o = &x->pmentions[i];
        const char *on = package_name_of(a, o->kb);
        if (o->kb == m->kb || !on || strcmp(on, name)) continue;
        version_span(x, a, o, &os, &oe);
        if (os >= me && version_step(s, me, os, ms) && !made_after(s, oe, x->subject.len)) /* where it went from */
            return !going_back_before(x, m->start, 80);
        if (ms >= oe && version_step(s, oe, ms, os) && !made_after(s, me, x->subject.len)) /* m is where it went */
            return going_back_before(x, o->start, 80);
    }
    return 0;
}
