/* patchwatch: entry point; global options and the subcommand table. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_log.h"

static const struct {
    const char *name;
    pw_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"run", pw_cmd_run, "run every stage of a configuration (default: the embedded one reading examples/)"},
    {"ingest", pw_cmd_ingest, "read evtx files, syslog, tailed files or advisory feeds onto the bus"},
    {"parse", pw_cmd_parse, "parse one file (evtx, syslog, Windows XML/JSON, advisories) to JSON lines"},
    {"signatures", pw_cmd_signatures, "mine error signatures from events or plain messages"},
    {"correlate", pw_cmd_correlate, "correlate events and advisories into alerts"},
    {"replay", pw_cmd_replay, "run the offline pipeline on a directory; alerts as JSON lines"},
    {"sink", pw_cmd_sink, "deliver bus messages to stdout/JSON lines, syslog, HTTP or SQLite"},
    {"timeline", pw_cmd_timeline, "reconstruct an incident timeline for a host, a patch or an alert"},
    {"rules", pw_cmd_rules, "validate the rules directory (rules check DIR)"},
    {"config", pw_cmd_config, "validate a configuration file (config check FILE)"},
    {"bus", pw_cmd_bus, "bus utilities (bus keygen PREFIX for CURVE keys)"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

int pw_app_not_implemented(const char *name)
{
    fprintf(stderr, "patchwatch %s: not implemented yet\n", name);
    return PW_EXIT_USAGE;
}

int pw_app_stub(int argc, char **argv, const char *usage)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("%s\n(patchwatch %s: not implemented yet)\n", usage, argv[0]);
            return PW_EXIT_OK;
        }
    }
    return pw_app_not_implemented(argv[0]);
}

int pw_app_usage_error(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "patchwatch %s: ", name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'patchwatch %s --help'.\n", name);
    return PW_EXIT_USAGE;
}

int pw_app_action_args(const char *cmd, const char *usage, const char *const actions[3], const char *argname,
                       int argc, char **argv, int *action, const char **arg, int *quiet)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'}, {"quiet", no_argument, NULL, 'q'}, {NULL, 0, NULL, 0}};
    int c;
    *quiet = 0;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        case 'q': *quiet = 1; break;
        default: return pw_app_usage_error(cmd, "bad option");
        }
    }
    if (optind >= argc)
        return pw_app_usage_error(cmd, "missing action (%s, %s or %s)", actions[0], actions[1], actions[2]);
    int nargs = argc - optind - 1;
    for (*action = 0; *action < 3 && strcmp(argv[optind], actions[*action]) != 0; (*action)++) {}
    if (*action == 3)
        return pw_app_usage_error(cmd, "unknown action '%s' (%s, %s or %s)", argv[optind], actions[0], actions[1],
                                  actions[2]);
    if (*action == 2 && nargs != 0) return pw_app_usage_error(cmd, "%s takes no argument", actions[2]);
    if (*action < 2 && nargs != 1) return pw_app_usage_error(cmd, "%s needs exactly one %s", argv[optind], argname);
    *arg = *action < 2 ? argv[optind + 1] : NULL;
    return -1;
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: patchwatch [OPTIONS] COMMAND [ARGS...]\n"
            "Detect emerging patch regressions from fleet event logs and advisory feeds.\n\n"
            "Options:\n"
            "  -h, --help            show this help\n"
            "  -V, --version         print the version\n"
            "  -v, --verbose         more diagnostics on stderr (repeat for debug)\n"
            "      --log-level L     error, warn (default), info or debug\n"
            "      --log-format F    text (default) or json (one object per line: ts, level, msg)\n\n"
            "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\nRun 'patchwatch COMMAND --help' for a command's options.\n"
                "Exit status: 0 ok, 1 runtime error, 2 usage error or not implemented yet.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"verbose", no_argument, NULL, 'v'},
        {"log-level", required_argument, NULL, 'L'},
        {"log-format", required_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    int c, verbose = 0;
    while ((c = getopt_long(argc, argv, "+hVv", opts, NULL)) != -1) {
        switch (c) {
        case 'h': usage(stdout); return PW_EXIT_OK;
        case 'V': printf("patchwatch %s\n", PW_VERSION); return PW_EXIT_OK;
        case 'v': verbose++; break;
        case 'L': {
            pw_log_level l;
            if (pw_log_level_parse(optarg, &l)) {
                fprintf(stderr, "patchwatch: unknown log level '%s' (error, warn, info, debug)\n", optarg);
                return PW_EXIT_USAGE;
            }
            pw_log_set_level(l);
            break;
        }
        case 'F': {
            pw_log_format f;
            if (pw_log_format_parse(optarg, &f)) {
                fprintf(stderr, "patchwatch: unknown log format '%s' (text, json)\n", optarg);
                return PW_EXIT_USAGE;
            }
            pw_log_set_format(f);
            break;
        }
        default: usage(stderr); return PW_EXIT_USAGE;
        }
    }
    if (verbose) pw_log_set_level(verbose > 1 ? PW_LOG_DEBUG : PW_LOG_INFO);
    if (optind >= argc) {
        usage(stderr);
        return PW_EXIT_USAGE;
    }
    const char *name = argv[optind];
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            int first = optind;
            optind = 0; /* full getopt reset for the subcommand, whose argv[0] is its own name */
            return commands[i].fn(argc - first, argv + first);
        }
    }
    fprintf(stderr, "patchwatch: unknown command '%s'\n", name);
    usage(stderr);
    return PW_EXIT_USAGE;
}
