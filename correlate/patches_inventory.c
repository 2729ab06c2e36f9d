/* patches_inventory: the optional fleet inventory: per host its role, cluster, rollout ring and pending
 * updates, as a JSON document {hosts: [{name, role, cluster, ring, pending: [KB...]}]} (the file is read by
 * ingest/inventory_read.c: the correlator opens no file). Roles let the cohort test compare like with like
 * (cluster nodes against cluster nodes); rings name the ring to hold; pending updates widen early warnings
 * to hosts that have not installed yet. */
#include <stdlib.h>
#include <string.h>

#include "correlate/cohort_model.h"

static char *dup_field(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? strdup(s) : NULL;
}

int pw_corr_set_inventory(pw_corr *c, const json_t *root, const char *path, pw_error *err)
{
    int rc = -1;
    if (!path) path = "inventory";
    const json_t *hosts = json_object_get(root, "hosts");
    if (!json_is_array(hosts)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: inventory needs a 'hosts' list", path);
        goto out;
    }
    size_t i;
    json_t *h;
    json_array_foreach(hosts, i, h)
    {
        const char *name = json_string_value(json_object_get(h, "name"));
        if (!name || !*name) {
            pw_error_set(err, PW_ERR_INVALID, "%s: hosts[%zu] has no name", path, i);
            goto out;
        }
        uint32_t hi;
        if (corr_host_intern(c, name, strlen(name), &hi)) goto nomem;
        corr_host *ho = &c->hosts[hi];
        free(ho->role);
        free(ho->cluster);
        ho->role = dup_field(h, "role");
        ho->cluster = dup_field(h, "cluster");
        const char *ring = json_string_value(json_object_get(h, "ring"));
        if (ring) ho->ring = atoi(ring);
        size_t k;
        json_t *p;
        json_array_foreach(json_object_get(h, "pending"), k, p)
        {
            if (json_is_string(p) && pw_strlist_add_unique(&ho->pending, json_string_value(p))) goto nomem;
        }
    }
    c->have_inventory = true;
    c->expo_gen++; /* roles and rings change the groups */
    rc = 0;
    goto out;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory reading the inventory", path);
out:
    return rc;
}
