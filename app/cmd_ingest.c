/* patchwatch ingest: dispatch to the source kinds of the registry (ingest/sources.h). Every kind takes its
 * options and --help from its plugin's config table (app/table_opts.h). evtx, syslog, tail and feeds keep
 * their own runners (progress bar, listener counters, exact tail output, the feed poller's retries); the
 * other kinds run the plugin itself (ingest_plugin.c). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "ingest/sources.h"

static const struct {
    const char *kind;
    pw_cmd_fn fn;
    const char *summary;
} kinds[] = {
    {"evtx", pw_ingest_evtx_main, "read .evtx files or directories (with per-file checkpoints)"},
    {"syslog", pw_ingest_syslog_main, "listen for syslog on UDP and TCP (RFC 3164/5424, RFC 6587 framing)"},
    {"tail", pw_ingest_tail_main, "follow log files and globs like tail -F, with checkpoints"},
    {"feeds", pw_ingest_feeds_main, "poll advisory feeds declared in rules/sources"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest KIND [OPTIONS]\nKinds:\n");
    size_t n;
    const pw_source_plugin *const *reg = pw_sources(&n);
    for (size_t r = 0; r < n; r++) {
        const char *summary = reg[r]->description;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcmp(kinds[i].kind, reg[r]->name) == 0) summary = kinds[i].summary;
        fprintf(fp, "  %-8s %s\n", reg[r]->name, summary);
    }
    fprintf(fp, "Run 'patchwatch ingest KIND --help' for its options.\n"
                "       patchwatch ingest -c CONFIG --stage NAME   one source of a configuration as its own process\n");
}

int pw_cmd_ingest(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return PW_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-c") == 0 || strncmp(argv[1], "--config", 8) == 0 || strcmp(argv[1], "--stage") == 0 ||
        strncmp(argv[1], "-s", 2) == 0)
        return pw_ingest_stage_main(argc, argv);
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return PW_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(argv[1], kinds[i].kind) == 0) {
            return kinds[i].fn(argc - 1, argv + 1);
        }
    const pw_source_plugin *p = pw_source_find(argv[1]);
    if (p) return pw_ingest_plugin_main(p, argc - 1, argv + 1);
    return pw_app_usage_error("ingest", "unknown kind '%s'", argv[1]);
}
