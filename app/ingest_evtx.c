/* patchwatch ingest evtx PATH...: .evtx files and directories to the bus or JSON lines, with per-file
 * checkpoints so a re-run pushes only records added since. The work is ingest/evtx_ingest. The options are
 * the keys of the evtx source's table (path, glob, recursive, checkpoint; app/table_opts.h) plus the few that
 * only a command has (out, jobs, xml, progress), declared below as a table of the same form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/table_opts.h"
#include "core/pw_config.h"
#include "core/pw_log.h"
#include "core/pw_strlist.h"
#include "ingest/evtx_ingest.h"
#include "ingest/file_reader.h"
#include "ingest/sources.h"

static const pw_cfg_key cmd_keys[] = {
    PW_TOPT_OUT_KEY,
    {.name = "jobs", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = PW_EVTX_MAX_JOBS, .def = "1",
     .desc = "decode chunks on N threads (output stays in record order)"},
    {.name = "xml", .type = PW_CFG_BOOL, .def = "false", .desc = "push each record's XML instead of its JSON event"},
    {.name = "progress", .type = PW_CFG_BOOL, .def = "true",
     .desc = "draw a progress bar on a terminal (never when stdout is the terminal)"},
    {.name = NULL},
};
static const pw_cfg_table cmd_table = {.desc = "command line", .keys = cmd_keys};
static const pw_topt_alias aliases[] = {
    {.name = "out", .short_opt = 'o', .key = "out"},
    {.name = "checkpoint", .short_opt = 'c', .key = "checkpoint"},
    {.name = "jobs", .short_opt = 'j', .key = "jobs"},
    {0},
};

static void usage(const pw_topts *t, FILE *fp)
{
    fprintf(fp, "Usage: patchwatch ingest evtx [OPTIONS] PATH...\n"
                "Read .evtx files (directories: every file matching --glob, recursively unless --no-recursive) and\n"
                "push their events.\n\n");
    pw_topts_help(t, fp, NULL, &cmd_table, NULL);
    pw_topts_help(t, fp, "Keys of the evtx source (the same under `sources:` in a configuration):",
                  &pw_source_cfg_evtx, "|path|");
    pw_topts_help_builtin(fp);
    fputs("(`patchwatch ingest -c CONFIG --stage NAME` runs a source of a configuration; here -c is --checkpoint.)\n",
          fp);
}

int pw_ingest_evtx_main(int argc, char **argv)
{
    static pw_topts t; /* large (getopt tables): not on the stack */
    t = (pw_topts){.cmd = "ingest evtx", .tables = {&pw_source_cfg_evtx, &cmd_table}, .aliases = aliases};
    json_t *src = json_object(), *cmd = json_object();
    const pw_cfg_table *tabs[] = {&pw_source_cfg_evtx, &cmd_table};
    json_t *objs[] = {src, cmd};
    pw_strlist files = {0};
    pw_out *out = NULL;
    int rc = PW_EXIT_USAGE;
    pw_error err = {0};
    if (pw_topts_parse(&t, argc, argv)) goto done;
    if (t.help) {
        usage(&t, stdout);
        rc = PW_EXIT_OK;
        goto done;
    }
    if (pw_topts_collect(&t, tabs, objs, 2, "ingest evtx")) goto done;
    const char *given = json_string_value(json_object_get(src, "path"));
    if (optind >= argc && !given) {
        rc = pw_app_usage_error("ingest evtx", "expects at least one PATH");
        goto done;
    }
    if (!given) json_object_set_new(src, "path", json_string(argv[optind]));
    if (pw_topts_validate(&t, &pw_source_cfg_evtx, src) || pw_topts_validate(&t, &cmd_table, cmd)) goto done;
    pw_evtx_read_opts ro = {.jobs = (int)pw_config_get_int(cmd, "jobs", 1),
                            .xml = pw_config_get_bool(cmd, "xml", false),
                            .progress = pw_config_get_bool(cmd, "progress", true)};
    const char *outspec = pw_config_get_str(cmd, "out", "-");
    if (strcmp(outspec, "-") == 0 && isatty(STDOUT_FILENO)) ro.progress = false;
    /* the files as the evtx source lists them (glob, recursive), so both read the same ones */
    rc = PW_EXIT_RUNTIME;
    const char *glob = pw_config_get_str(src, "glob", "*.evtx");
    bool recursive = pw_config_get_bool(src, "recursive", true);
    for (int i = given ? optind - 1 : optind; i < argc; i++)
        if (pw_file_list(i < optind ? given : argv[i], glob, recursive, &files, &err)) goto done;
    if (files.n == 0) {
        pw_error_set(&err, PW_ERR_USAGE, "no file matching '%s' under %s", glob, given ? given : argv[optind]);
        goto done;
    }
    pw_evtx_ingest_totals tot;
    if (!(out = pw_out_open(outspec, &err))) goto done;
    int r = pw_evtx_ingest((const char *const *)files.v, files.n, &ro, pw_config_get_str(src, "checkpoint", NULL), out,
                           &tot, &err);
    pw_error cerr = {0};
    if (pw_out_close(out, &cerr)) {
        fprintf(stderr, "patchwatch ingest evtx: %s\n", cerr.msg);
        r = -1;
    }
    out = NULL;
    pw_log_info("ingest evtx: %zu files (%zu failed), %llu records pushed, %llu damaged chunks, %llu records skipped",
                tot.files, tot.files_failed, (unsigned long long)tot.records, (unsigned long long)tot.stats.chunks_bad,
                (unsigned long long)tot.stats.records_bad);
    if (r && tot.files != 0) err.msg[0] = '\0'; /* each failed file was logged */
    rc = r ? PW_EXIT_RUNTIME : PW_EXIT_OK;
done:
    if (rc == PW_EXIT_RUNTIME && err.msg[0]) fprintf(stderr, "patchwatch ingest evtx: %s\n", err.msg);
    if (out) pw_out_close(out, NULL);
    pw_strlist_free(&files);
    json_decref(src);
    json_decref(cmd);
    return rc;
}
