/* patches_inventory: the optional fleet inventory: per host its role, cluster, rollout ring and pending
 * updates. YAML (or JSON, which is YAML) of the shape
 *     hosts:
 *       - {name: hv01, role: hyperv, cluster: clu1, ring: 1, pending: [KB5062557]}
 * Roles let the cohort test compare like with like (cluster nodes against cluster nodes); rings name the
 * ring to hold; pending updates widen early warnings to hosts that have not installed yet. Scalars are
 * read as plain strings (no tags, anchors or merge keys are interpreted). */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "correlate/cohort_model.h"

#define INVENTORY_MAX_BYTES ((size_t)256 << 20) /* 256 MiB: a million hosts at ~200 bytes each */
#define INVENTORY_MAX_DEPTH 16

static json_t *node_to_json(yaml_document_t *doc, yaml_node_t *n, int depth)
{
    if (!n || depth > INVENTORY_MAX_DEPTH) return NULL;
    switch (n->type) {
    case YAML_SCALAR_NODE: return json_stringn((const char *)n->data.scalar.value, n->data.scalar.length);
    case YAML_SEQUENCE_NODE: {
        json_t *arr = json_array();
        for (yaml_node_item_t *it = n->data.sequence.items.start; arr && it < n->data.sequence.items.top; it++) {
            json_t *v = node_to_json(doc, yaml_document_get_node(doc, *it), depth + 1);
            if (!v || json_array_append_new(arr, v)) {
                json_decref(arr);
                return NULL;
            }
        }
        return arr;
    }
    case YAML_MAPPING_NODE: {
        json_t *obj = json_object();
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; obj && p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (!k || k->type != YAML_SCALAR_NODE) continue;
            json_t *v = node_to_json(doc, yaml_document_get_node(doc, p->value), depth + 1);
            if (!v) continue;
            json_object_setn_new(obj, (const char *)k->data.scalar.value, k->data.scalar.length, v);
        }
        return obj;
    }
    default: return NULL;
    }
}

static char *dup_field(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? strdup(s) : NULL;
}

int pw_corr_load_inventory(pw_corr *c, const char *path, pw_error *err)
{
    FILE *f = fopen(path, "rb");
    yaml_parser_t parser;
    yaml_document_t doc;
    bool parser_ok = false, doc_ok = false;
    json_t *root = NULL;
    int rc = -1;
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: cannot open inventory", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    if (size < 0 || (size_t)size > INVENTORY_MAX_BYTES) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: inventory larger than %zu bytes", path, INVENTORY_MAX_BYTES);
        goto out;
    }
    if (!yaml_parser_initialize(&parser)) goto nomem;
    parser_ok = true;
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        pw_error_set(err, PW_ERR_INVALID, "%s:%zu: %s", path, parser.problem_mark.line + 1,
                     parser.problem ? parser.problem : "YAML error");
        goto out;
    }
    doc_ok = true;
    root = node_to_json(&doc, yaml_document_get_root_node(&doc), 0);
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
    json_decref(root);
    if (doc_ok) yaml_document_delete(&doc);
    if (parser_ok) yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}
