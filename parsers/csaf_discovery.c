/* csaf_discovery: following a CSAF provider the way the standard lays it out (CSAF 2.0 section 7):
 * aggregator.json lists providers' provider-metadata.json; provider-metadata lists ROLIE feeds; a ROLIE
 * service document lists feeds; a ROLIE feed lists the documents. The poller uses this to turn one
 * configured URL into the fetches below it. Only http(s) URLs are passed on. */
#include <string.h>
#include <strings.h>

#include "parsers/advisory_internal.h"

/* A provider lists a handful of feeds; an aggregator maybe hundreds of providers; a feed thousands of
 * entries. Past this many URLs per document the rest are ignored (and the caller is told via the count). */
#define CSAF_DISCOVER_MAX 10000

typedef int (*url_fn)(const char *url, const char *format, void *ud);

static int offer(const char *url, const char *format, url_fn cb, void *ud, int *n)
{
    if (!url || *n >= CSAF_DISCOVER_MAX) return 0;
    if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0) return 0;
    if (strlen(url) > PW_ADV_FIELD_MAX) return 0;
    if (cb(url, format, ud) != 0) return -1;
    (*n)++;
    return 0;
}

int pw_csaf_discover(const char *data, size_t len, const char *name, url_fn url_cb, void *ud, pw_error *err)
{
    size_t i, j;
    const json_t *v, *w;
    int n = 0;
    if (!name) name = "<input>";
    json_t *root = pw_adv_json_load(data, len, name, err);
    if (!root) return -1;
    if (json_is_object(json_object_get(root, "document"))) goto out;
    json_array_foreach(json_object_get(root, "distributions"), i, v) { /* provider-metadata */
        json_array_foreach(pw_adv_jpath(v, "rolie.feeds"), j, w)
            if (offer(pw_adv_jstr(w, "url"), "rolie", url_cb, ud, &n) != 0) goto stop;
    }
    json_array_foreach(json_object_get(root, "csaf_providers"), i, v) /* aggregator */
        if (offer(pw_adv_jstr(json_object_get(v, "metadata"), "url"), "csaf-provider", url_cb, ud, &n) != 0) goto stop;
    json_array_foreach(pw_adv_jpath(root, "service.workspace"), i, v) { /* ROLIE service */
        json_array_foreach(json_object_get(v, "collection"), j, w)
            if (offer(pw_adv_jstr(w, "href"), "rolie", url_cb, ud, &n) != 0) goto stop;
    }
    json_array_foreach(pw_adv_jpath(root, "feed.entry"), i, v) { /* ROLIE feed */
        const char *src = pw_adv_jstr(json_object_get(v, "content"), "src");
        if (!src) {
            json_array_foreach(json_object_get(v, "link"), j, w) {
                const char *rel = pw_adv_jstr(w, "rel");
                if (rel && strcmp(rel, "self") == 0) src = pw_adv_jstr(w, "href");
            }
        }
        if (offer(src, "csaf", url_cb, ud, &n) != 0) goto stop;
    }
out:
    json_decref(root);
    return n;
stop:
    json_decref(root);
    return pw_error_set(err, PW_ERR_INTERNAL, "%s: discovery stopped by the consumer", name);
}
