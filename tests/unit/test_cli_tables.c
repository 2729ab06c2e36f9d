/* test_cli_tables: every key of every source and sink plugin's config table reaches its command line.
 * For each plugin of the registries (ingest/sources.h, sinks/registry.h plus the store row `sink` adds) and
 * for the sink engine's table, runs the real binary: `patchwatch ingest KIND --help` (or `sink KIND --help`)
 * must list `--key-name` with the table's default, and `patchwatch ... KIND --key-name VALUE --help` (every
 * key at once; bools as `--key` and `--no-key`) must be accepted. A key added to a table without reaching
 * the command line fails here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/pw_buf.h"
#include "ingest/sources.h"
#include "pw_test.h"
#include "sinks/registry.h"
#include "timeline/store_sink.h"

#define HELP_MAX (256 * 1024)

static const char *binary(void)
{
    static char path[4096];
    const char *dir = getenv("PW_BINARY_DIR");
    snprintf(path, sizeof path, "%s/patchwatch", dir ? dir : ".");
    return path;
}

/* Runs `patchwatch ARGS` (ARGS already shell-quoted); returns its exit status, its stdout in out. */
static int run(const char *args, char *out, size_t cap)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", binary(), args);
    FILE *p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "popen %s", cmd);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void dashed(const char *key, char *out, size_t cap)
{
    snprintf(out, cap, "%s", key);
    for (char *p = out; *p; p++)
        if (*p == '_') *p = '-';
}

/* The help line of --NAME (the option starts at column 6: "  -x, --name" or "      --name"), with the line
 * after it when the description was moved there; NULL when absent. */
static const char *option_line(const char *help, const char *name, char *buf, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *l = help; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        size_t len = strcspn(l, "\n");
        if (len > 8 + nl && strncmp(l + 6, "--", 2) == 0 && strncmp(l + 8, name, nl) == 0 &&
            (l[8 + nl] == ' ' || l[8 + nl] == ',' || l[8 + nl] == '\n')) {
            const char *next = l[len] ? l + len + 1 : l + len;
            size_t nlen = strcspn(next, "\n");
            snprintf(buf, cap, "%.*s %.*s", (int)len, l, next[0] == ' ' && next[2] == ' ' ? (int)nlen : 0, next);
            return buf;
        }
    }
    return NULL;
}

/* A value of the key's type that parses (the command stops at --help before using it). */
static const char *sample(const pw_cfg_key *k)
{
    switch (k->type == PW_CFG_LIST ? k->item : k->type) {
    case PW_CFG_INT:
    case PW_CFG_NUMBER: return "1";
    case PW_CFG_DURATION: return "1s";
    case PW_CFG_MAP: return "'X-Test: 1'";
    case PW_CFG_ENUM: return k->choices ? NULL : "x"; /* NULL: the first choice */
    default: return "x";
    }
}

/* Checks one table against the help of `what` (e.g. "ingest syslog") and appends every key as a flag to
 * flags. skip: "|path|" keys taken as operands. */
static void check_table(const char *what, const char *help, const pw_cfg_table *t, const char *skip, pw_buf *flags)
{
    for (const pw_cfg_key *k = t ? t->keys : NULL; k && k->name; k++) {
        char name[64], pat[80], line[4096];
        snprintf(pat, sizeof pat, "|%s|", k->name);
        if (skip && strstr(skip, pat)) continue;
        dashed(k->name, name, sizeof name);
        const char *l = option_line(help, name, line, sizeof line);
        ck_assert_msg(l != NULL, "%s --help does not list --%s (key %s)", what, name, k->name);
        if (k->def) {
            char want[300], here[300];
            snprintf(want, sizeof want, "[default %s]", k->def);
            snprintf(here, sizeof here, "; %s in a configuration]", k->def);
            ck_assert_msg(strstr(l, want) || strstr(l, here), "%s --help: --%s does not show the table's default %s: %s",
                          what, name, k->def, l);
        }
        char arg[300];
        if (k->type == PW_CFG_BOOL) {
            snprintf(arg, sizeof arg, " --%s --no-%s --%s", name, name, name);
        } else {
            const char *v = sample(k);
            char first[64];
            if (!v) {
                snprintf(first, sizeof first, "%.*s", (int)strcspn(k->choices, "|"), k->choices);
                v = first;
            }
            snprintf(arg, sizeof arg, " --%s %s", name, v);
        }
        ck_assert(pw_buf_append(flags, arg, strlen(arg)) == 0);
    }
}

START_TEST(test_every_source_key_is_an_ingest_option)
{
    size_t n;
    const pw_source_plugin *const *reg = pw_sources(&n);
    char *help = malloc(HELP_MAX);
    ck_assert(n >= 6);
    for (size_t i = 0; i < n; i++) {
        char args[16384], what[64];
        pw_buf flags = PW_BUF_INIT;
        snprintf(what, sizeof what, "ingest %s", reg[i]->name);
        snprintf(args, sizeof args, "ingest %s --help", reg[i]->name);
        ck_assert_msg(run(args, help, HELP_MAX) == 0, "%s --help failed", what);
        check_table(what, help, reg[i]->config, "|path|", &flags);
        ck_assert(pw_buf_putc(&flags, '\0') == 0);
        /* every key at once, then --help: exit 0 only when getopt took them all */
        snprintf(args, sizeof args, "ingest %s%s --help", reg[i]->name, flags.data);
        ck_assert_msg(run(args, help, HELP_MAX) == 0, "patchwatch %s refused one of its table's keys", args);
        pw_buf_free(&flags);
    }
    free(help);
}
END_TEST

START_TEST(test_every_sink_key_is_a_sink_option)
{
    char *help = malloc(HELP_MAX);
    pw_sink_registry_add(&pw_sink_plugin_store); /* as `sink` does */
    size_t kinds = 0;
    for (size_t i = 0; pw_sink_registry_at(i); i++, kinds++) {
        const pw_sink_plugin *p = pw_sink_registry_at(i);
        char args[16384], what[64];
        pw_buf flags = PW_BUF_INIT;
        snprintf(what, sizeof what, "sink %s", p->name);
        snprintf(args, sizeof args, "sink %s --help", p->name);
        ck_assert_msg(run(args, help, HELP_MAX) == 0, "%s --help failed", what);
        check_table(what, help, &pw_sink_engine_table, NULL, &flags);
        check_table(what, help, p->config, NULL, &flags);
        ck_assert(pw_buf_putc(&flags, '\0') == 0);
        snprintf(args, sizeof args, "sink %s%s --help", p->name, flags.data);
        ck_assert_msg(run(args, help, HELP_MAX) == 0, "patchwatch %s refused one of its table's keys", args);
        pw_buf_free(&flags);
    }
    ck_assert(kinds >= 4);
    free(help);
}
END_TEST

/* The checker itself: a key that is not on the command line is caught (a table with one extra key). */
START_TEST(test_a_key_missing_from_the_command_line_is_caught)
{
    char *help = malloc(HELP_MAX);
    ck_assert(run("ingest syslog --help", help, HELP_MAX) == 0);
    char line[4096];
    ck_assert(option_line(help, "max-message", line, sizeof line) != NULL);
    ck_assert(strstr(line, "[default 65536]") != NULL);
    ck_assert(option_line(help, "no-such-key", line, sizeof line) == NULL);
    ck_assert(run("ingest syslog --no-such-key 1 --help", help, HELP_MAX) == 2);
    free(help);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cli_tables");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_source_key_is_an_ingest_option);
    tcase_add_test(tc, test_every_sink_key_is_a_sink_option);
    tcase_add_test(tc, test_a_key_missing_from_the_command_line_is_caught);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return pw_test_run(suite()); }
