/* patchwatch ingest: dispatch to the source kinds (evtx, syslog, tail, feeds). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"

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
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        fprintf(fp, "  %-8s %s\n", kinds[i].kind, kinds[i].summary);
    fprintf(fp, "Run 'patchwatch ingest KIND --help' for its options.\n");
}

int pw_cmd_ingest(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return PW_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return PW_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(argv[1], kinds[i].kind) == 0) return kinds[i].fn(argc - 1, argv + 1);
    return pw_app_usage_error("ingest", "unknown kind '%s'", argv[1]);
}
