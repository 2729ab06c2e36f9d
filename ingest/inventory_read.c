/* ingest/inventory_read: YAML inventory file to JSON (see inventory_read.h). This was the first half of
 * correlate/patches_inventory.c; the correlator now takes the document and reads no file. */
#include "ingest/inventory_read.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

static json_t *node_to_json(yaml_document_t *doc, yaml_node_t *n, int depth)
{
    if (!n || depth > PW_INVENTORY_MAX_DEPTH) return NULL;
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

json_t *pw_inventory_read(const char *path, pw_error *err)
{
    FILE *f = fopen(path, "rb");
    yaml_parser_t parser;
    yaml_document_t doc;
    bool parser_ok = false, doc_ok = false;
    json_t *root = NULL;
    if (!f) {
        pw_error_set(err, PW_ERR_IO, "%s: cannot open inventory: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    if (size < 0 || (size_t)size > PW_INVENTORY_MAX_BYTES) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: inventory larger than %zu bytes", path, PW_INVENTORY_MAX_BYTES);
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
    if (!(root = node_to_json(&doc, yaml_document_get_root_node(&doc), 0)))
        pw_error_set(err, PW_ERR_INVALID, "%s: empty inventory, or nested deeper than %d", path, PW_INVENTORY_MAX_DEPTH);
    goto out;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory reading the inventory", path);
out:
    if (doc_ok) yaml_document_delete(&doc);
    if (parser_ok) yaml_parser_delete(&parser);
    fclose(f);
    return root;
}
