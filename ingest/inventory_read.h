/* ingest/inventory_read: the fleet inventory file (YAML, or JSON, which is YAML) read into a JSON document,
 * for the correlator (pw_corr_set_inventory), which opens no file. Shape:
 *     hosts:
 *       - {name: hv01, role: hyperv, cluster: clu1, ring: 1, pending: [KB5062557]}
 * Scalars are read as plain strings (no tags, anchors or merge keys are interpreted). */
#ifndef PW_INGEST_INVENTORY_READ_H
#define PW_INGEST_INVENTORY_READ_H

#include <jansson.h>

#include "core/pw_error.h"

#define PW_INVENTORY_MAX_BYTES ((size_t)256 << 20) /* 256 MiB: a million hosts at ~200 bytes each */
#define PW_INVENTORY_MAX_DEPTH 16

/* A new reference, or NULL with err naming the file (and line for YAML errors). */
json_t *pw_inventory_read(const char *path, pw_error *err);

#endif
