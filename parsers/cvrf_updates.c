/* cvrf_updates: the MSRC "updates" list (api.msrc.microsoft.com/cvrf/v3.0/updates), which names every
 * monthly CVRF document with its CvrfUrl and CurrentReleaseDate. A source pointed at it follows the most
 * recently revised documents, so the shipped MSRC source needs no monthly edit. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"

typedef struct {
    const char *url;
    int64_t when;
} cvrf_update;

static int newest_first(const void *a, const void *b)
{
    int64_t x = ((const cvrf_update *)a)->when, y = ((const cvrf_update *)b)->when;
    return x < y ? 1 : x > y ? -1 : 0;
}

int pw_cvrf_is_updates_list(const json_t *root)
{
    const json_t *v = json_object_get(root, "value");
    return json_is_array(v) && json_array_size(v) > 0 && pw_adv_jstr(json_array_get(v, 0), "CvrfUrl") != NULL;
}

int pw_cvrf_discover(const char *data, size_t len, const char *name, size_t max_recent,
                     int (*url_cb)(const char *url, const char *format, void *ud), void *ud, pw_error *err)
{
    size_t i, n = 0;
    const json_t *v;
    int offered = 0;
    if (!name) name = "<input>";
    json_t *root = pw_adv_json_load(data, len, name, err);
    if (!root) return -1;
    const json_t *list = json_object_get(root, "value");
    size_t cap = json_array_size(list);
    cvrf_update *u = cap ? calloc(cap, sizeof *u) : NULL;
    if (cap && !u) {
        json_decref(root);
        return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", name);
    }
    json_array_foreach(list, i, v) {
        const char *url = pw_adv_jstr(v, "CvrfUrl"), *d = pw_adv_jstr(v, "CurrentReleaseDate");
        if (!url || (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0)) continue;
        u[n].url = url;
        u[n].when = d ? pw_adv_parse_date(d, strlen(d)) : PW_TS_NONE;
        n++;
    }
    if (n > 1) qsort(u, n, sizeof *u, newest_first);
    for (i = 0; i < n && i < max_recent; i++) {
        if (url_cb(u[i].url, "cvrf", ud) != 0) {
            offered = pw_error_set(err, PW_ERR_INTERNAL, "%s: discovery stopped by the consumer", name);
            break;
        }
        offered++;
    }
    free(u);
    json_decref(root);
    return offered;
}
