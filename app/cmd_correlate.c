/* patchwatch correlate: the correlation stage on its own, between bus endpoints (correlate/corr_stage.h):
 * events and advisories in, alerts out, until SIGINT/SIGTERM (or, with --finite N, until N producers have
 * sent their end-of-stream). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_bus.h"
#include "core/pw_out.h"
#include "correlate/corr_stage.h"
#include "ingest/inventory_read.h"
#include "rules/rules.h"

static const char usage[] =
    "Usage: patchwatch correlate [OPTIONS]\n"
    "Correlate events and advisories from the bus into alerts (topics event, advisory -> alert).\n\n"
    "  -i, --in ENDPOINT     endpoint to PULL events/advisories from (repeatable; default tcp://127.0.0.1:5557)\n"
    "      --connect         connect to the inputs instead of binding them\n"
    "  -o, --out SPEC        where alerts go: - (default), a file, tcp://, ipc:// (see pw_out)\n"
    "  -s, --state FILE      SQLite state: resume from it, save into it\n"
    "  -r, --rules DIR       rules directory (patch, signature and threshold rules)\n"
    "      --inventory FILE  fleet inventory (roles, rings, pending updates)\n"
    "      --finite N        stop after N producers sent end-of-stream (default: run until a signal)\n";

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int pw_cmd_correlate(int argc, char **argv)
{
    enum { O_CONNECT = 256, O_INV, O_FINITE };
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},         {"in", required_argument, NULL, 'i'},
        {"connect", no_argument, NULL, O_CONNECT}, {"out", required_argument, NULL, 'o'},
        {"state", required_argument, NULL, 's'},  {"rules", required_argument, NULL, 'r'},
        {"inventory", required_argument, NULL, O_INV}, {"finite", required_argument, NULL, O_FINITE},
        {NULL, 0, NULL, 0},
    };
    pw_corr_stage_opts so = {0};
    const char *out_spec = "-", *rules_dir = NULL, *inv_path = NULL;
    json_t *inv = NULL;
    int bind = 1, finite = 0, c;
    while ((c = getopt_long(argc, argv, "hi:o:s:r:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        case 'i':
            if (so.ninputs >= PW_CORR_STAGE_MAX_INPUTS)
                return pw_app_usage_error("correlate", "at most %d --in endpoints", PW_CORR_STAGE_MAX_INPUTS);
            so.inputs[so.ninputs++] = optarg;
            break;
        case O_CONNECT: bind = 0; break;
        case 'o': out_spec = optarg; break;
        case 's': so.state = optarg; break;
        case 'r': rules_dir = optarg; break;
        case O_INV: inv_path = optarg; break;
        case O_FINITE: finite = atoi(optarg); break;
        default: return pw_app_usage_error("correlate", "unknown option");
        }
    }
    if (optind != argc) return pw_app_usage_error("correlate", "unexpected argument '%s'", argv[optind]);
    if (!so.ninputs) so.inputs[so.ninputs++] = "tcp://127.0.0.1:5557";
    pw_error err = {0};
    pw_rules *rules = NULL;
    void *ctx = NULL;
    int rc = PW_EXIT_RUNTIME;
    if (rules_dir && !(rules = pw_rules_load(rules_dir, &err))) goto fail;
    if (inv_path && !(so.inventory = inv = pw_inventory_read(inv_path, &err))) goto fail;
    if (!(ctx = pw_bus_ctx_new(&err))) goto fail;
    if (!(so.alerts = pw_out_open_ctx(out_spec, ctx, &err))) goto fail;
    so.zmq_ctx = ctx;
    so.bind = bind;
    so.rules = rules;
    so.finite_producers = finite;
    so.live = finite == 0;
    so.stop = &stop_flag;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    pw_corr_stage_stats st;
    if (pw_corr_stage_run(&so, &st, &err)) goto fail;
    fprintf(stderr, "correlate: %llu events, %llu advisories, %llu bad messages, %llu alert emissions\n",
            (unsigned long long)st.events, (unsigned long long)st.advisories,
            (unsigned long long)st.bad_messages, (unsigned long long)st.alerts);
    rc = PW_EXIT_OK;
    goto done;
fail:
    fprintf(stderr, "patchwatch correlate: %s\n", err.msg);
done:
    if (so.alerts && pw_out_close(so.alerts, &err) && rc == PW_EXIT_OK) {
        fprintf(stderr, "patchwatch correlate: %s\n", err.msg);
        rc = PW_EXIT_RUNTIME;
    }
    pw_bus_ctx_destroy(ctx);
    json_decref(inv);
    pw_rules_free(rules);
    return rc;
}
