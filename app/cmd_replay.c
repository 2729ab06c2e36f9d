/* patchwatch replay: the offline pipeline on a directory (correlate/replay.h); alerts as JSON lines. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "core/pw_buf.h"
#include "correlate/replay.h"
#include "ingest/file_reader.h"
#include "timeline/store.h"
#include "rules/rules.h"

static const char usage[] =
    "Usage: patchwatch replay [OPTIONS] DIR\n"
    "Run the offline pipeline on DIR (*.jsonl, *.evtx, *.xml, *.log, feeds/, inventory.yaml) and write\n"
    "alerts as JSON lines. Decisions use event time only: the same DIR gives the same alerts.\n\n"
    "  -o, --out SPEC        where alerts go: - (stdout, default), a file, tcp://, ipc:// (see pw_out)\n"
    "  -s, --state FILE      SQLite state: resume from it, checkpoint into it (kill -9 safe)\n"
    "  -r, --rules DIR       rules directory (patch and threshold rules); default: built-in rules\n"
    "  -i, --inventory FILE  inventory (default DIR/inventory.yaml when present)\n"
    "      --no-miner        built-in signatures (provider+code / masked message) instead of the miner\n"
    "      --min-hosts N     --min-rate-ratio X  --confidence P  --window-hours N  --baseline-hours N\n"
    "      --checkpoint-seconds S  with --state: checkpoint after a file at most every S s (2)\n"
    "      --state-reset     with --state: delete the state first and start over (e.g. a damaged one)\n"
    "      --stats           print throughput and counts on stderr\n"
    "      --store FILE      also fill the timeline store FILE (SQLite): alerts, installs, advisories, evidence\n"
    "      --events-out SPEC also write every event replay read as JSON lines: the events\n"
    "                        `patchwatch ingest files DIR` writes, plus the signature replay gave them\n"
    "Files are read by the `files` source's reader (the same events `run` gets from a `files` source).\n";

typedef struct out_ctx {
    pw_out *out;
    pw_error err;
    pw_tl_store *store; /* --store, or NULL */
    pw_out *events;     /* --events-out, or NULL */
    pw_buf buf;
} out_ctx;

static int on_alert(const pw_alert *a, void *ud)
{
    out_ctx *o = ud;
    if (o->store) {
        o->buf.len = 0;
        if (pw_alert_to_json(a, &o->buf, &o->err) || pw_tl_store_put(o->store, "alert", o->buf.data, o->buf.len, &o->err))
            return -1;
    }
    return pw_out_alert(o->out, a, &o->err);
}

static int on_store_event(const pw_event *ev, void *ud)
{
    out_ctx *o = ud;
    if (o->events && pw_out_event(o->events, ev, &o->err)) return -1;
    return o->store ? pw_tl_store_put_event(o->store, ev, &o->err) : 0;
}

static int on_store_advisory(const pw_advisory *a, void *ud)
{
    out_ctx *o = ud;
    if (!o->store) return 0;
    o->buf.len = 0;
    if (pw_advisory_to_json(a, &o->buf, &o->err)) return -1;
    return pw_tl_store_put(o->store, "advisory", o->buf.data, o->buf.len, &o->err);
}

int pw_cmd_replay(int argc, char **argv)
{
    enum { O_NOMINER = 256, O_MINH, O_RR, O_CONF, O_WIN, O_BASE, O_STATS, O_CKPT, O_RESET, O_STORE, O_EVENTS };
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},          {"out", required_argument, NULL, 'o'},
        {"state", required_argument, NULL, 's'},   {"rules", required_argument, NULL, 'r'},
        {"inventory", required_argument, NULL, 'i'}, {"no-miner", no_argument, NULL, O_NOMINER},
        {"min-hosts", required_argument, NULL, O_MINH}, {"min-rate-ratio", required_argument, NULL, O_RR},
        {"confidence", required_argument, NULL, O_CONF}, {"window-hours", required_argument, NULL, O_WIN},
        {"baseline-hours", required_argument, NULL, O_BASE}, {"stats", no_argument, NULL, O_STATS},
        {"checkpoint-seconds", required_argument, NULL, O_CKPT}, {"store", required_argument, NULL, O_STORE},
        {"state-reset", no_argument, NULL, O_RESET}, {"events-out", required_argument, NULL, O_EVENTS},
        {NULL, 0, NULL, 0},
    };
    const char *out_spec = "-", *rules_dir = NULL, *store_path = NULL, *events_spec = NULL;
    pw_replay_opts ro = {0};
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    bool stats = false, cfg_set = false, reset = false;
    double ckpt = 2.0;
    int c;
    while ((c = getopt_long(argc, argv, "ho:s:r:i:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        case 'o': out_spec = optarg; break;
        case 's': ro.state = optarg; break;
        case 'r': rules_dir = optarg; break;
        case 'i': ro.inventory = optarg; break;
        case O_NOMINER: ro.no_miner = true; break;
        case O_MINH: cfg.min_hosts = atoi(optarg); cfg_set = true; break;
        case O_RR: cfg.min_rate_ratio = atof(optarg); cfg_set = true; break;
        case O_CONF: cfg.confidence = atof(optarg); cfg_set = true; break;
        case O_WIN: cfg.window_hours = atoi(optarg); cfg_set = true; break;
        case O_BASE: cfg.baseline_hours = atoi(optarg); cfg_set = true; break;
        case O_STATS: stats = true; break;
        case O_CKPT: ckpt = atof(optarg); break;
        case O_RESET: reset = true; break;
        case O_STORE: store_path = optarg; break;
        case O_EVENTS: events_spec = optarg; break;
        default: return pw_app_usage_error("replay", "unknown option");
        }
    }
    if (optind != argc - 1) return pw_app_usage_error("replay", "expected one directory");
    if (reset && !ro.state) return pw_app_usage_error("replay", "--state-reset needs --state FILE");
    if (reset) {
        pw_error rerr = {0};
        if (pw_corr_state_remove(ro.state, &rerr)) {
            fprintf(stderr, "patchwatch replay: %s\n", rerr.msg);
            return PW_EXIT_RUNTIME;
        }
        fprintf(stderr, "patchwatch replay: --state-reset: %s removed, starting over\n", ro.state);
    }
    ro.dir = argv[optind];
    pw_error err = {0};
    pw_rules *rules = NULL;
    out_ctx oc = {0};
    pw_file_reader *reader = NULL;
    pw_source_files_api files;
    int rc = PW_EXIT_RUNTIME;
    if (rules_dir && !(rules = pw_rules_load(rules_dir, &err))) goto fail;
    ro.rules = rules;
    pw_file_reader_opts fro = {.rules = rules, .log_prefix = "replay"};
    if (!(reader = pw_file_reader_new(&fro, &err))) goto fail;
    files = pw_file_reader_api(reader);
    ro.files = &files;
    if (cfg_set) ro.cfg = &cfg;
    ro.checkpoint_seconds = ckpt;
    if (!(oc.out = pw_out_open(out_spec, &err))) goto fail;
    if (store_path) {
        if (!(oc.store = pw_tl_store_open(store_path, NULL, &err))) goto fail;
        char inv[4096];
        if (ro.inventory) snprintf(inv, sizeof inv, "%s", ro.inventory);
        else snprintf(inv, sizeof inv, "%s/inventory.yaml", ro.dir);
        if (access(inv, R_OK) == 0 && pw_tl_store_load_inventory(oc.store, inv, &err)) goto fail;
    }
    if (events_spec && !(oc.events = pw_out_open(events_spec, &err))) goto fail;
    if (oc.store || oc.events) {
        ro.on_event = on_store_event;
        ro.on_advisory = on_store_advisory;
        ro.observer_ud = &oc;
    }
    pw_replay_stats st;
    if (pw_replay_run(&ro, on_alert, &oc, &st, &err)) {
        if (oc.err.msg[0]) err = oc.err;
        goto fail;
    }
    if (pw_out_close(oc.out, &err)) {
        oc.out = NULL;
        goto fail;
    }
    oc.out = NULL;
    if (oc.events) {
        pw_out *ev_out = oc.events;
        oc.events = NULL;
        if (pw_out_close(ev_out, &err)) goto fail;
    }
    if (oc.store) {
        pw_tl_store *st_ = oc.store;
        oc.store = NULL;
        if (pw_tl_store_close(st_, &err)) goto fail;
    }
    if (stats)
        fprintf(stderr,
                "replay: %llu files (%llu skipped: done before or not an input), %llu events in %.2f s (%.0f events/s; reading %.2f s, evaluating %.2f s), %llu bad records, %llu advisories; "
                "%llu hosts, %llu signatures, %llu patches, %llu installs, %llu reboots, %llu runs; %llu alert "
                "emissions\n",
                (unsigned long long)st.files, (unsigned long long)st.skipped_files, (unsigned long long)st.events, st.seconds, st.events_per_second,
                st.ingest_seconds, st.evaluate_seconds,
                (unsigned long long)st.bad_records, (unsigned long long)st.advisories,
                (unsigned long long)st.corr.hosts, (unsigned long long)st.corr.signatures,
                (unsigned long long)st.corr.patches, (unsigned long long)st.corr.installs,
                (unsigned long long)st.corr.reboots, (unsigned long long)st.corr.runs,
                (unsigned long long)st.alerts);
    rc = PW_EXIT_OK;
    goto done;
fail:
    fprintf(stderr, "patchwatch replay: %s\n", err.msg);
done:
    if (oc.out) pw_out_close(oc.out, NULL);
    if (oc.events) pw_out_close(oc.events, NULL);
    pw_file_reader_free(reader);
    pw_tl_store_close(oc.store, NULL);
    pw_buf_free(&oc.buf);
    pw_rules_free(rules);
    return rc;
}
