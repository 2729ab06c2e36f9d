/* patchwatch ingest -c CONFIG --stage NAME: one source of a configuration as its own process. The source is
 * the entry of `sources` named NAME (an unnamed one is named by its kind), built from the registry exactly as
 * `run` builds it; what it reads goes to the configuration's bus endpoint (endpoints.events, or
 * endpoints.advisories for feeds) with the configuration's CURVE keys, or to --out. Wiring only. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_config.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "ingest/sources.h"
#include "rules/rules.h"

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static int emit_event(void *ud, pw_event *ev, pw_error *err) { return pw_out_event(ud, ev, err); }
static int emit_advisory(void *ud, const pw_advisory *a, pw_error *err) { return pw_out_advisory(ud, a, err); }

static const char usage[] =
    "Usage: patchwatch ingest -c CONFIG --stage NAME [-o SPEC]\n"
    "Run the source NAME of CONFIG (its `name`, or its kind when unnamed) as its own process, publishing to\n"
    "the configuration's endpoints.events (endpoints.advisories for feeds) with its CURVE keys.\n\n"
    "  -c, --config FILE   the configuration (`patchwatch config check FILE` first)\n"
    "  -s, --stage NAME    which source\n"
    "  -o, --out SPEC      publish here instead: '-' (JSON lines on stdout), a file, tcp://, ipc://\n"
    "  -h, --help          show this help\n"
    "Finite sources exit 0 at the end of their input; live ones on SIGINT/SIGTERM.\n";

int pw_ingest_stage_main(int argc, char **argv)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'}, {"stage", required_argument, NULL, 's'},
                                         {"out", required_argument, NULL, 'o'},    {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *path = NULL, *stage = NULL, *out_spec = NULL;
    int c;
    /* argv[0] is "ingest": the options start at argv[1] */
    while ((c = getopt_long(argc, argv, "c:s:o:h", opts, NULL)) != -1) {
        if (c == 'c') path = optarg;
        else if (c == 's') stage = optarg;
        else if (c == 'o') out_spec = optarg;
        else if (c == 'h') return fputs(usage, stdout), PW_EXIT_OK;
        else return pw_app_usage_error("ingest", "unknown option");
    }
    if (!path || !stage) return pw_app_usage_error("ingest", "-c CONFIG and --stage NAME go together");
    if (optind != argc) return pw_app_usage_error("ingest", "unexpected argument '%s'", argv[optind]);
    pw_error err = {0};
    int rc = PW_EXIT_RUNTIME;
    pw_rules *rules = NULL;
    pw_out *out = NULL;
    pw_source_stage st;
    memset(&st, 0, sizeof st);
    json_t *cfg = pw_config_load_file(path, &err);
    if (!cfg) goto fail;
    const json_t *sources = pw_config_get(cfg, "sources"), *src = NULL;
    size_t idx = 0;
    for (size_t i = 0; i < json_array_size(sources) && !src; i++) {
        const json_t *s = json_array_get(sources, i);
        if (strcmp(pw_config_get_str(s, "name", pw_config_get_str(s, "kind", "")), stage) == 0) src = s, idx = i;
    }
    if (!src) {
        pw_error_set(&err, PW_ERR_USAGE, "%s declares no source named '%s'", path, stage);
        rc = PW_EXIT_USAGE;
        goto fail;
    }
    const pw_source_plugin *p = pw_source_find(pw_config_get_str(src, "kind", ""));
    if (p && strcmp(p->name, "feeds") == 0 && !(rules = pw_rules_load(pw_config_get_str(cfg, "rules", "rules"), &err)))
        goto fail;
    pw_bus_opts bo = {.curve_secret_file = pw_config_get_str(cfg, "endpoints.curve_secret_file", NULL),
                      .curve_server_public_file = pw_config_get_str(cfg, "endpoints.curve_server_public_file", NULL)};
    const char *ep = p && p->advisories ? pw_config_get_str(cfg, "endpoints.advisories", "inproc://advisories")
                                        : pw_config_get_str(cfg, "endpoints.events", "inproc://events");
    if (!out_spec && strncmp(ep, "inproc://", 9) == 0) {
        pw_error_set(&err, PW_ERR_USAGE, "%s: the endpoint %s only works inside one process: give tcp:// or ipc:// "
                                         "endpoints in the configuration, or --out", path, ep);
        rc = PW_EXIT_USAGE;
        goto fail;
    }
    if (!(out = pw_out_open_bus(out_spec ? out_spec : ep, NULL, out_spec ? NULL : &bo, &err))) goto fail;
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    pw_source_emit em = {.event = emit_event, .advisory = emit_advisory, .ud = out};
    if (pw_source_stage_init(&st, src, idx, &em, &stop_flag, rules, &err) || pw_source_stage_run(&st, &err)) {
        pw_error_prefix(&err, "source %s: ", stage);
        goto fail;
    }
    rc = PW_EXIT_OK;
    goto done;
fail:
    fprintf(stderr, "patchwatch ingest: %s\n", err.msg);
done:
    pw_source_stage_exit(&st);
    if (out && pw_out_close(out, &err) && rc == PW_EXIT_OK) {
        fprintf(stderr, "patchwatch ingest: %s\n", err.msg);
        rc = PW_EXIT_RUNTIME;
    }
    pw_rules_free(rules);
    json_decref(cfg);
    return rc;
}
