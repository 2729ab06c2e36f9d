/* pw_config_markdown: the reference documentation of a pw_cfg_table, as Markdown tables. docs/configuration.md
 * and docs/rules.md embed this output (`patchwatch config docs`, `patchwatch rules docs`), so the docs come
 * from the same table the validator uses. */
#include "core/pw_config_schema.h"

#include <string.h>

/* Writes s with '|' escaped (a table cell) */
static void cell(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else if (*s == '\n') fputc(' ', out);
        else fputc(*s, out);
    }
}

static const char *base_type(pw_cfg_type t)
{
    switch (t) {
    case PW_CFG_STRING: return "string";
    case PW_CFG_INT: return "int";
    case PW_CFG_NUMBER: return "number";
    case PW_CFG_BOOL: return "bool";
    case PW_CFG_ENUM: return "enum";
    case PW_CFG_DURATION: return "duration";
    case PW_CFG_REGEX: return "regex";
    case PW_CFG_PATH: return "path";
    case PW_CFG_OBJECT: return "object";
    case PW_CFG_MAP: return "map of strings";
    case PW_CFG_LIST: return "list";
    }
    return "?";
}

static void choices(FILE *out, const char *c)
{
    fputs(": ", out);
    for (; *c; c++) {
        if (*c == '|') fputs(", ", out);
        else fputc(*c, out);
    }
}

static void type_cell(FILE *out, const pw_cfg_table *t, const pw_cfg_key *k)
{
    pw_cfg_type ty = k->type == PW_CFG_LIST ? k->item : k->type;
    if (k->type == PW_CFG_LIST) fputs("list of ", out);
    fputs(base_type(ty), out);
    if (ty == PW_CFG_ENUM && k->choices) choices(out, k->choices);
    if (t->variant_key && strcmp(k->name, t->variant_key) == 0) {
        fputs(": ", out);
        for (const pw_cfg_variant *v = t->variants; v && v->value; v++)
            fprintf(out, "%s%s", v == t->variants ? "" : ", ", v->value);
    }
    if (k->flags & PW_CFG_RANGE) fprintf(out, " (%.15g..%.15g)", k->min, k->max);
    if (k->flags & PW_CFG_GROUP) fputs(" (one capture group)", out);
    if (k->flags & PW_CFG_REQUIRED) fputs(", **required**", out);
}

static void sub_title(char *out, size_t size, const char *title, const pw_cfg_key *k)
{
    snprintf(out, size, "%s%s%s%s", title, *title ? "." : "", k->name, k->type == PW_CFG_LIST ? "[]" : "");
}

static void rows(FILE *out, const pw_cfg_table *t, const pw_cfg_key *keys)
{
    for (const pw_cfg_key *k = keys; k && k->name; k++) {
        fprintf(out, "| `%s` | ", k->name);
        type_cell(out, t, k);
        fputs(" | ", out);
        if (k->def) {
            fputc('`', out);
            cell(out, k->def);
            fputc('`', out);
        }
        fputs(" | ", out);
        cell(out, k->desc);
        fputs(" |\n", out);
    }
}

static void table(const pw_cfg_table *t, const char *title, const char *suffix, const char *hashes, FILE *out);

/* Sections for the keys with a table of their own: "title.key (suffix)" */
static void subtables(FILE *out, const pw_cfg_key *keys, const char *title, const char *suffix, const char *hashes)
{
    char sub[256];
    for (const pw_cfg_key *k = keys; k && k->name; k++) {
        if (!k->sub) continue;
        sub_title(sub, sizeof sub, title, k);
        table(k->sub, sub, suffix, hashes, out);
    }
}

static void head(FILE *out, const char *hashes, const char *title, const char *suffix, const pw_cfg_table *t)
{
    fprintf(out, "%s `%s`%s\n\n", hashes, *title ? title : "(top level)", suffix);
    if (t->desc) fprintf(out, "%s\n\n", t->desc);
    if (t->one_of) {
        fputs("At least one of: ", out);
        cell(out, t->one_of);
        fputs(".\n\n", out);
    }
    fputs("| key | type | default | description |\n|---|---|---|---|\n", out);
}

/* hashes: the heading level of this section; variants and their sub-tables go one level deeper */
static void table(const pw_cfg_table *t, const char *title, const char *suffix, const char *hashes, FILE *out)
{
    head(out, hashes, title, suffix, t);
    rows(out, t, t->keys);
    fputc('\n', out);
    subtables(out, t->keys, title, suffix, hashes);
    for (const pw_cfg_variant *v = t->variants; v && v->value; v++) {
        char vs[128];
        snprintf(vs, sizeof vs, " (%s: %s)", t->variant_key, v->value);
        head(out, "####", title, vs, v->table);
        rows(out, v->table, v->table->keys);
        fputc('\n', out);
        subtables(out, v->table->keys, title, vs, "####");
    }
}

void pw_cfg_markdown(const pw_cfg_table *t, const char *title, FILE *out)
{
    table(t, title, "", "###", out);
}
