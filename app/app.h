/* app: the `patchwatch` command. Each subcommand lives in its own cmd_*.c and only parses options and wires
 * stage libraries together (the libraries are the product; this is a thin client of them). */
#ifndef PW_APP_H
#define PW_APP_H

#include <stdbool.h>

/* Exit codes of every subcommand. */
#define PW_EXIT_OK 0
#define PW_EXIT_RUNTIME 1 /* the work failed: bad input file, unreachable endpoint, ... */
#define PW_EXIT_USAGE 2   /* bad command line, or a command that is not built yet */

typedef int (*pw_cmd_fn)(int argc, char **argv);

/* Prints "patchwatch NAME: not implemented yet" and returns PW_EXIT_USAGE: never pretend to work. */
int pw_app_not_implemented(const char *name);
/* A command not built yet: --help prints usage and says so; anything else is pw_app_not_implemented. */
int pw_app_stub(int argc, char **argv, const char *usage);
/* Prints "patchwatch NAME: MSG\nTry 'patchwatch NAME --help'." to stderr; returns PW_EXIT_USAGE. */
int pw_app_usage_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The shape `config` and `rules` share: `patchwatch CMD [-q] ACTION [ARG]` where actions[0] and actions[1] take
 * exactly one ARG (named argname in errors) and actions[2] none. Returns -1 with *action (its index), *arg and
 * *quiet set, or an exit status to return (help printed, or a usage error). */
int pw_app_action_args(const char *cmd, const char *usage, const char *const actions[3], const char *argname,
                       int argc, char **argv, int *action, const char **arg, int *quiet);

/* Subcommands (cmd_*.c). */
int pw_cmd_run(int argc, char **argv);
int pw_cmd_ingest(int argc, char **argv);
int pw_cmd_parse(int argc, char **argv);
int pw_cmd_correlate(int argc, char **argv);
int pw_cmd_signatures(int argc, char **argv);
int pw_cmd_sink(int argc, char **argv);
int pw_cmd_timeline(int argc, char **argv);
int pw_cmd_rules(int argc, char **argv);
int pw_cmd_config(int argc, char **argv);
int pw_cmd_replay(int argc, char **argv);
int pw_cmd_bus(int argc, char **argv);

/* `patchwatch ingest KIND` handlers (ingest_*.c); argv[0] is "evtx", "syslog", ... */
int pw_ingest_evtx_main(int argc, char **argv);
int pw_ingest_syslog_main(int argc, char **argv);
int pw_ingest_tail_main(int argc, char **argv);
int pw_ingest_feeds_main(int argc, char **argv);
/* The other registry kinds (files, jsonl): options and --help from the plugin's config table. */
struct pw_source_plugin;
int pw_ingest_plugin_main(const struct pw_source_plugin *p, int argc, char **argv);
/* ingest -c CONFIG --stage NAME: one source of a configuration (ingest_stage.c); argv[0] is "ingest". */
int pw_ingest_stage_main(int argc, char **argv);

/* `patchwatch parse`: cmd_parse.c picks the format, these print JSON lines (parse_*.c). */
typedef struct pw_parse_opts {
    const char *path;   /* input file, "-" for stdin */
    const char *format; /* resolved format name, see cmd_parse.c */
    const char *out;    /* output spec (pw_out), default "-" */
    const char *source; /* source name to stamp on advisories (feeds) */
    bool xml;           /* evtx: print the record XML instead of JSON */
    int jobs;           /* evtx: worker threads */
} pw_parse_opts;

/* Guesses a file's format (names as in cmd_parse.c) from its extension and first 4 KiB; NULL when none fits. */
const char *pw_app_detect_format(const char *path);

int pw_parse_evtx_main(const pw_parse_opts *o);  /* evtx */
int pw_parse_logs_main(const pw_parse_opts *o);  /* syslog, winevent-xml, winevent-json */
int pw_parse_feeds_main(const pw_parse_opts *o); /* csaf, cvrf, rss, atom, release-health, html */

#endif
