/* patchwatch parse FILE.evtx: every record of one .evtx file as JSON lines (ECS event) or, with --xml, as the
 * record XML Windows renders; -j N decodes chunks on N threads with output in record order. Damage in the
 * file is reported on stderr and skipped; a summary line says what was recovered when anything was bad. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "ingest/evtx_read.h"

int pw_parse_evtx_main(const pw_parse_opts *o)
{
    pw_error err = {0};
    pw_evtx_read_result res;
    pw_evtx_read_opts ro = {.jobs = o->jobs, .xml = o->xml, .progress = false};
    if (strcmp(o->path, "-") == 0) {
        fprintf(stderr, "patchwatch parse: evtx needs a file (chunks are read by offset), not stdin\n");
        return PW_EXIT_USAGE;
    }
    pw_out *out = pw_out_open(o->out, &err);
    if (!out) {
        fprintf(stderr, "patchwatch parse: %s\n", err.msg);
        return PW_EXIT_RUNTIME;
    }
    /* a progress bar only when the records do not go to the same terminal */
    ro.progress = !(strcmp(o->out, "-") == 0 && isatty(STDOUT_FILENO));
    int rc = pw_evtx_read_file(o->path, &ro, out, &res, &err);
    pw_error cerr = {0};
    if (pw_out_close(out, &cerr) && rc == 0) {
        err = cerr;
        rc = -1;
    }
    if (rc) {
        fprintf(stderr, "patchwatch parse: %s\n", err.msg);
        return PW_EXIT_RUNTIME;
    }
    if (res.stats.chunks_bad || res.stats.records_bad)
        pw_log_warn("%s: %llu records; %llu damaged chunks, %llu records skipped", o->path,
                    (unsigned long long)res.records, (unsigned long long)res.stats.chunks_bad,
                    (unsigned long long)res.stats.records_bad);
    return PW_EXIT_OK;
}
