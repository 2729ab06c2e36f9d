/* patches: recognise patch installs and reboots in events, from `kind: patch` rules (rules/patches/)
 * or the same rules built in. One rule says which events are installs (provider / channel / event ids /
 * program / source / message regex) and how to read the update's id from them (a KB regex, or package and
 * version regexes; see docs/correlation.md). A line may name several packages (apt "Upgrade:" lists).
 *
 * Cost: the prefilter compares a handful of short strings per rule; the regexes run only on events that
 * passed it, so the hot path (background events) stays at a few string compares. */
#ifndef PW_PATCHES_H
#define PW_PATCHES_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/pw_error.h"
#include "core/pw_event.h"

struct pw_rules;

#define PW_PATCH_ID_MAX 128
#define PW_PATCH_TITLE_MAX 256
#define PW_PATCH_MAX_HITS 64 /* packages read from one event; an apt line with more is cut (logged) */

#define PW_PATCH_WINDOWS 1
#define PW_PATCH_LINUX 2

typedef enum { PW_PATCH_INSTALL = 0, PW_PATCH_UNINSTALL, PW_PATCH_PENDING } pw_patch_action;

typedef struct pw_patch_hit {
    char id[PW_PATCH_ID_MAX];
    char title[PW_PATCH_TITLE_MAX];
    pw_patch_action action;
    int platform;     /* PW_PATCH_WINDOWS or PW_PATCH_LINUX (from the rule) */
    const char *rule; /* borrowed: rule name */
} pw_patch_hit;

typedef struct pw_patch_rules pw_patch_rules;

/* rules NULL (or holding no patch rule): the built-in rules. */
pw_patch_rules *pw_patch_rules_new(const struct pw_rules *rules, pw_error *err);
/* From a JSON array of rule objects (the validated form of the YAML). */
pw_patch_rules *pw_patch_rules_from_json(const json_t *arr, pw_error *err);
size_t pw_patch_rules_count(const pw_patch_rules *r);
/* Returns the number of hits written (0: not an install event), -1 on error. */
int pw_patch_rules_match(pw_patch_rules *r, const pw_event *ev, pw_patch_hit *hits, size_t max, pw_error *err);
void pw_patch_rules_free(pw_patch_rules *r);

/* The built-in rules as JSON text (the same as the shipped rules/patches/). */
const char *pw_patch_rules_builtin(void);

/* A reboot or service-manager restart marker: Windows EventLog 6005/6006/6008/6009, Kernel-General 12/13,
 * USER32 1074, Kernel-Power 41; Linux kernel "Linux version", systemd "Startup finished"/"Reached target
 * Shutdown"/"System is rebooting". */
bool pw_patch_is_reboot(const pw_event *ev);

#endif
