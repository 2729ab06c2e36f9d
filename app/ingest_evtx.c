/* patchwatch ingest evtx PATH...: .evtx files and directories (recursively) to the bus or JSON lines, with
 * per-file checkpoints so a re-run pushes only records added since. The work is ingest/evtx_ingest. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "ingest/evtx_ingest.h"

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest evtx [OPTIONS] PATH...\n"
                "Read .evtx files (directories recursively, every *.evtx) and push their events.\n\n"
                "  -o, --out SPEC         '-' (stdout JSON lines, default), a file, or a bus endpoint (tcp://, ipc://)\n"
                "  -c, --checkpoint FILE  remember the last record pushed per file; re-runs push only new records\n"
                "  -j, --jobs N           decode chunks on N threads (output stays in record order)\n"
                "      --xml              push each record's XML instead of its JSON event\n"
                "      --no-progress      never draw the progress bar\n"
                "  -h, --help             show this help\n");
}

int pw_ingest_evtx_main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},  {"checkpoint", required_argument, NULL, 'c'},
        {"jobs", required_argument, NULL, 'j'}, {"xml", no_argument, NULL, 'x'},
        {"no-progress", no_argument, NULL, 'P'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *outspec = "-", *checkpoint = NULL;
    pw_evtx_read_opts ro = {.jobs = 1, .progress = true};
    int c;
    /* optind stays 0 from main.c: a full reset, so options may follow the paths (getopt permutes) */
    while ((c = getopt_long(argc, argv, "o:c:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': outspec = optarg; break;
        case 'c': checkpoint = optarg; break;
        case 'x': ro.xml = true; break;
        case 'P': ro.progress = false; break;
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > PW_EVTX_MAX_JOBS)
                return pw_app_usage_error("ingest evtx", "--jobs wants 1..%d, not '%s'", PW_EVTX_MAX_JOBS, optarg);
            ro.jobs = (int)j;
            break;
        }
        case 'h': usage(stdout); return PW_EXIT_OK;
        default: usage(stderr); return PW_EXIT_USAGE;
        }
    }
    if (optind >= argc) return pw_app_usage_error("ingest evtx", "expects at least one PATH");
    if (strcmp(outspec, "-") == 0 && isatty(STDOUT_FILENO)) ro.progress = false;

    pw_error err = {0};
    pw_evtx_ingest_totals t;
    pw_out *out = pw_out_open(outspec, &err);
    if (!out) {
        fprintf(stderr, "patchwatch ingest evtx: %s\n", err.msg);
        return PW_EXIT_RUNTIME;
    }
    int rc = pw_evtx_ingest((const char *const *)argv + optind, (size_t)(argc - optind), &ro, checkpoint, out, &t, &err);
    pw_error cerr = {0};
    if (pw_out_close(out, &cerr)) {
        fprintf(stderr, "patchwatch ingest evtx: %s\n", cerr.msg);
        rc = -1;
    }
    pw_log_info("ingest evtx: %zu files (%zu failed), %llu records pushed, %llu damaged chunks, %llu records skipped",
                t.files, t.files_failed, (unsigned long long)t.records, (unsigned long long)t.stats.chunks_bad,
                (unsigned long long)t.stats.records_bad);
    if (rc && t.files == 0) fprintf(stderr, "patchwatch ingest evtx: %s\n", err.msg);
    return rc ? PW_EXIT_RUNTIME : PW_EXIT_OK;
}
