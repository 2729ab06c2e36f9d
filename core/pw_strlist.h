/* pw_strlist: an owned, growable list of strings (advisory kb[]/cve[], alert hosts[]). */
#ifndef PW_STRLIST_H
#define PW_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

typedef struct pw_strlist {
    char **v;
    size_t n, cap;
} pw_strlist;

int pw_strlist_add(pw_strlist *l, const char *s);
/* Adds s unless an equal string is present (lists here are short: linear). */
int pw_strlist_add_unique(pw_strlist *l, const char *s);
bool pw_strlist_has(const pw_strlist *l, const char *s);
void pw_strlist_free(pw_strlist *l);
json_t *pw_strlist_to_json(const pw_strlist *l);
/* Appends every string of a JSON array; -1 if arr is not an array of strings. */
int pw_strlist_from_json(pw_strlist *l, const json_t *arr);

#endif
