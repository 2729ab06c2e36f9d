/* pw_advisory: one vendor or community report about updates (DESIGN.md), as every feed parser emits it. */
#ifndef PW_ADVISORY_H
#define PW_ADVISORY_H

#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_strlist.h"

typedef struct pw_advisory {
    char *id;        /* stable per source: the document/item id */
    char *source;    /* source name from rules/sources (e.g. "msrc", "reddit-sysadmin") */
    char *url;
    char *title;
    int64_t published, updated; /* µs UTC, PW_TS_NONE when unknown */
    char *status;    /* "known-issue", "mitigated", "resolved", "advisory", ... */
    pw_strlist kb, cve, products, event_ids, error_codes;
    char *text;      /* plain text body, for extraction and evidence */
    /* Report understanding (parsers/advisory_extract, rules/extract; docs/feeds.md "Classification").
     * JSON keys: "class", "class_confidence", "class_reasons", "kb_affected", "kb_fix", "packages". */
    char *report_class;       /* PW_ADV_CLASS_*; NULL = not classified (then class_confidence is not written) */
    double class_confidence;  /* 0..1 */
    pw_strlist class_reasons; /* the cue words that decided it, as written in the rules ("broke", "boot loop") */
    pw_strlist kb_affected;   /* updates the report blames (each also in kb, which stays the union) */
    pw_strlist kb_fix;        /* updates the report offers as the fix (never also in kb_affected) */
    json_t *packages;         /* Linux: [{"name": "openssh", "version": "9.0p1"}, ...]; version may be absent */
} pw_advisory;

#define PW_ADV_CLASS_REGRESSION "regression-report"
#define PW_ADV_CLASS_FIX "fix-announcement"
#define PW_ADV_CLASS_INFO "informational"

void pw_advisory_init(pw_advisory *a);
void pw_advisory_free(pw_advisory *a);
json_t *pw_advisory_to_jansson(const pw_advisory *a);
int pw_advisory_to_json(const pw_advisory *a, pw_buf *out, pw_error *err);
int pw_advisory_from_jansson(pw_advisory *a, const json_t *obj, pw_error *err);
int pw_advisory_from_json(pw_advisory *a, const char *json, size_t len, pw_error *err);

/* Adds {"name", "version"} to a->packages unless the same pair is there (version NULL or "" = absent).
 * -1 on allocation failure. */
int pw_advisory_add_package(pw_advisory *a, const char *name, const char *version);
/* True when the package a report names (name, version: version NULL = any) is the one a patch-install key
 * from correlate/patches.c denotes ("openssh-server=1:9.2p1-2+deb12u3", "kernel=5.14.0-427.el9.x86_64",
 * "linux-image-6.8.0-45-generic=6.8.0-45.45"): the same name, a binary package of that source
 * ("openssh" -> "openssh-server", "systemd" -> "libsystemd0", "glibc" -> "libc6"), and an installed version
 * whose upstream part (epoch dropped) equals or extends the reported one at a non-digit ("9.0p1" matches
 * "1:9.0p1-2", not "9.0p10"). */
int pw_advisory_package_matches(const char *name, const char *version, const char *patch_id);
/* dpkg's order of two version strings (Debian Policy 5.6.12: runs of non-digits with '~' first and letters before
 * other signs, runs of digits by value), <0, 0 or >0; RPM's order agrees on the upstream versions reports write
 * ("3.0.0", "9.6p1"). A package with "through" (a range a report gives, "OpenSSL 3.0.0 bis 3.0.6") matches an
 * install whose upstream version lies between its version and that one. */
int pw_advisory_version_cmp(const char *a, const char *b);
/* A Debian/RPM version's epoch with its colon ("1:" of "1:9.6p1-3ubuntu13.5"), which posts write or leave out: its
 * length, else 0. */
size_t pw_version_epoch_len(const char *v);
/* True when any of a's packages matches patch_id (as above). */
int pw_advisory_names_package(const pw_advisory *a, const char *patch_id);
/* The same, leaving out the packages the text offers as the fix ("role": "fix"), and an install at or past a fix the
 * text offers inside the blamed series ("6.1 ... fixed in 6.1.66": not 6.1.66 or 6.1.67): what a warning may name. */
int pw_advisory_blames_package(const pw_advisory *a, const char *patch_id);
/* Only the packages the text offers as the fix: an install of one is the fix a fix announcement announces. */
int pw_advisory_offers_package(const pw_advisory *a, const char *patch_id);
/* a offers some package version as the fix ("openssh 9.1p1 fixes it"). */
int pw_advisory_has_package_fix(const pw_advisory *a);
/* The update a blames (kb_affected once classified, else every KB it names), other than kb, that o names and
 * offers kb as the fix of ("KB2 resolves the issue caused by KB1" beside a post that blames KB1 and KB2), or NULL. */
const char *pw_advisory_fix_of_blamed(const pw_advisory *o, const pw_advisory *a, const char *kb);
/* One readable line on what report understanding decided, for `patchwatch parse` on a terminal:
 * 'regression-report (confidence 0.83) from "broke", "boot loop"; blames KB5082063; fix KB5091157;
 * packages openssh 9.0p1'. Truncated to cap-1 bytes; returns the length written. */
size_t pw_advisory_explain(const pw_advisory *a, char *buf, size_t cap);

#endif
