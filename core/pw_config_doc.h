/* pw_config_doc: a YAML (or JSON) file parsed into jansson values, plus a parallel tree of line numbers so
 * that every later error -- from the config schema, a rule schema or a consumer -- can name file:line:key.
 *
 * The line tree mirrors the value tree: each node is a JSON array [line] or [line, kids], where kids is an
 * object (key -> line node) for a mapping and an array of line nodes for a sequence. A parallel tree rather
 * than a pointer->line map because jansson shares true/false/null singletons between all their uses.
 *
 * YAML is taken strictly: one document, no aliases (billion laughs), no custom tags, no complex keys, no
 * duplicate keys; file size, nesting depth and node count are capped. Plain scalars resolve like the YAML 1.2
 * core schema (null ~ true false, ints, floats); quoted scalars stay strings. JSON is valid YAML flow style,
 * so a .json config goes through the same parser and gets the same line-aware errors. */
#ifndef PW_CONFIG_DOC_H
#define PW_CONFIG_DOC_H

#include <stddef.h>

#include <jansson.h>

#include "core/pw_error.h"

/* A config or rule file is hand-written text; 1 MiB is far above any real one and keeps a stray multi-GB file
 * (or /dev/zero) from being read into memory. */
#define PW_CONFIG_FILE_MAX ((size_t)1 << 20)
/* Nesting depth of mappings/sequences: real files use < 8 levels; the cap bounds the parser's recursion. */
#define PW_CONFIG_DEPTH_MAX 32
/* Mapping/sequence/scalar nodes per document: bounds the memory of the value and line trees (~200 bytes per
 * node) whatever the file size cap allows. */
#define PW_CONFIG_NODES_MAX 100000

typedef struct pw_config_doc {
    char *name;    /* the file name as given (used in messages) */
    json_t *root;  /* the document's value (null for an empty document) */
    json_t *lines; /* the line tree (see above) */
} pw_config_doc;

/* Reads and parses a file (a regular file of at most PW_CONFIG_FILE_MAX bytes). On error fills err with
 * "FILE:LINE: message" and returns -1; doc is then empty (and safe to free). */
int pw_config_doc_load_file(pw_config_doc *doc, const char *path, pw_error *err);
/* The same from memory; name is used in messages. */
int pw_config_doc_load_mem(pw_config_doc *doc, const char *data, size_t len, const char *name, pw_error *err);
void pw_config_doc_free(pw_config_doc *doc);

/* Line tree helpers; every one accepts NULL and then returns NULL / 0 (unknown line). */
int pw_config_lines_line(const json_t *node);
const json_t *pw_config_lines_key(const json_t *node, const char *key);
const json_t *pw_config_lines_index(const json_t *node, size_t i);
/* Line of a dotted path such as "sources[0].path"; falls back to the deepest existing ancestor. */
int pw_config_doc_line(const pw_config_doc *doc, const char *path);

#endif
