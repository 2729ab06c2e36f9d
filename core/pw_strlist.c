/* pw_strlist: owned string lists and their JSON form. */
#include "core/pw_strlist.h"

#include <stdlib.h>
#include <string.h>

int pw_strlist_add(pw_strlist *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        char **p = realloc(l->v, cap * sizeof *p);
        if (!p) return -1;
        l->v = p;
        l->cap = cap;
    }
    char *d = strdup(s);
    if (!d) return -1;
    l->v[l->n++] = d;
    return 0;
}

bool pw_strlist_has(const pw_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return true;
    return false;
}

int pw_strlist_add_unique(pw_strlist *l, const char *s) { return pw_strlist_has(l, s) ? 0 : pw_strlist_add(l, s); }

void pw_strlist_free(pw_strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

json_t *pw_strlist_to_json(const pw_strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->n; i++) json_array_append_new(a, json_string(l->v[i]));
    return a;
}

int pw_strlist_from_json(pw_strlist *l, const json_t *arr)
{
    if (!json_is_array(arr)) return -1;
    size_t i;
    const json_t *v;
    json_array_foreach((json_t *)arr, i, v) {
        if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) return -1;
        if (pw_strlist_add(l, json_string_value(v))) return -1;
    }
    return 0;
}
