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
#include "ingest/file_merge.h"
#include "ingest/file_reader.h"
#include "ingest/inventory_read.h"
#include <sys/stat.h>
#include "timeline/store.h"
#include "rules/rules.h"
#include "incidents/incident.h"
#include "incidents/incident_table.h"
#include "incidents/notify.h"

static const char usage[] =
    "Usage: patchwatch replay [OPTIONS] DIR\n"
    "Run the offline pipeline on DIR (*.jsonl, *.evtx, *.xml, *.log, feeds/, inventory.yaml) and write\n"
    "alerts as JSON lines. Decisions use event time only: the same DIR gives the same alerts.\n\n"
    "  -o, --out SPEC        where alerts go: - (stdout, default), a file, tcp://, ipc:// (see pw_out)\n"
    "  -s, --state FILE      SQLite state: resume from it, checkpoint into it (kill -9 safe)\n"
    "  -r, --rules DIR       rules directory (patch, signature and threshold rules, e.g. rules/ or\n"
    "                        PREFIX/share/patchwatch/rules); default: the built-in patch rules and\n"
    "                        thresholds only, no signature rules\n"
    "  -i, --inventory FILE  inventory (default DIR/inventory.yaml when present)\n"
    "      --no-miner        built-in signatures (provider+code / masked message) instead of the miner\n"
    "      --min-hosts N     --min-rate-ratio X  --confidence P  --window-hours N  --baseline-hours N\n"
    "      --checkpoint-seconds S  with --state: checkpoint at most every S s (2), looked at every 65,536 records\n"
    "      --state-reset     with --state: delete the state first and start over (e.g. a damaged one)\n"
    "      --stats           print throughput and counts on stderr\n"
    "      --store FILE      also fill the timeline store FILE (SQLite): alerts, installs, advisories, evidence,\n"
    "                        incidents and notifications\n"
    "      --incidents SPEC  write incident and notification records (JSON lines, every version) to SPEC\n"
    "      --json            JSON lines on a terminal too (default there: a table of incidents as they change)\n"
    "      --table           the incident table on stdout even into a pipe (alerts then only go to -o)\n"
    "      --quiet-hours HH:MM-HH:MM  --cap-per-day N  --digest   notification policy (docs/notifications.md)\n"
    "      --events-out SPEC also write every event replay read as JSON lines, in the order the correlator\n"
    "                        took them: the events `patchwatch ingest files DIR` writes (in event-time order),\n"
    "                        plus the signature replay gave them\n"
    "      --max-open N      input files open at once (512); with more inputs, each is opened when the\n"
    "                        merge's time reaches its first record (docs/correlation.md, Replay)\n"
    "Files are read by the `files` source's reader (the same events `run` gets from a `files` source), all\n"
    "inputs merged into one stream in event-time order (ties: path order; a file that goes back in time is\n"
    "taken in its own order and counted). Advisories (feeds/) are merged by their published time.\n"
    "On a terminal (stdout, no -o) replay prints a table of incidents and the notifications they caused;\n"
    "into a pipe or a file it writes the alerts as JSON lines.\n";

typedef struct out_ctx {
    pw_out *out;
    pw_error err;
    pw_tl_store *store; /* --store, or NULL */
    pw_out *events;     /* --events-out, or NULL */
    pw_buf buf;
    pw_incident_engine *inc;
    pw_notify_policy *pol;
    pw_out *incout; /* --incidents, or NULL */
    int table;      /* the incident table on stdout (a terminal, or --table) */
    int alerts_out; /* alerts go to -o (not when the table has stdout to itself) */
    int table_rows;
    uint64_t incidents, notifications;
} out_ctx;

/* Incident and notification records go to the store, the --incidents output and the terminal table. */
static int put_record(out_ctx *o, const char *topic, const json_t *rec)
{
    char *s = json_dumps(rec, JSON_COMPACT);
    int rc = -1;
    if (!s) {
        pw_error_set(&o->err, PW_ERR_NOMEM, "out of memory");
        return -1;
    }
    if (o->store && pw_tl_store_put(o->store, topic, s, strlen(s), &o->err)) goto out;
    if (o->incout && pw_out_raw(o->incout, topic, s, strlen(s), &o->err)) goto out;
    rc = 0;
out:
    free(s);
    return rc;
}

static int on_notification(const json_t *n, void *ud)
{
    out_ctx *o = ud;
    o->notifications++;
    if (o->table) {
        printf("  -> notification %-13s %s  %s\n", json_string_value(json_object_get(n, "kind")),
               json_string_value(json_object_get(n, "@timestamp")), json_string_value(json_object_get(n, "title")));
        fflush(stdout);
    }
    return put_record(o, "notification", n);
}

static int on_incident(const json_t *inc, void *ud)
{
    out_ctx *o = ud;
    o->incidents++;
    if (o->table) {
        char row[400];
        if (!o->table_rows++) printf("%s\n", pw_incident_table_header());
        pw_incident_table_row(inc, row, sizeof row);
        printf("%s\n", row);
        fflush(stdout);
    }
    if (put_record(o, "incident", inc)) return -1;
    return pw_notify_on_incident(o->pol, inc, &o->err);
}

static int on_alert(const pw_alert *a, void *ud)
{
    out_ctx *o = ud;
    if (o->store) {
        o->buf.len = 0;
        if (pw_alert_to_json(a, &o->buf, &o->err) || pw_tl_store_put(o->store, "alert", o->buf.data, o->buf.len, &o->err))
            return -1;
    }
    if (pw_notify_advance(o->pol, a->ts, &o->err) || pw_incident_advance(o->inc, a->ts, &o->err) ||
        pw_notify_on_alert(o->pol, a, &o->err) || pw_incident_on_alert(o->inc, a, &o->err))
        return -1;
    return o->alerts_out ? pw_out_alert(o->out, a, &o->err) : 0;
}

static int on_store_event(const pw_event *ev, void *ud)
{
    out_ctx *o = ud;
    if (pw_incident_on_event(o->inc, ev, &o->err)) return -1;
    if (o->events && pw_out_event(o->events, ev, &o->err)) return -1;
    return o->store ? pw_tl_store_put_event(o->store, ev, &o->err) : 0;
}

static int on_store_advisory(const pw_advisory *a, void *ud)
{
    out_ctx *o = ud;
    if (pw_incident_on_advisory(o->inc, a, &o->err)) return -1;
    if (!o->store) return 0;
    o->buf.len = 0;
    if (pw_advisory_to_json(a, &o->buf, &o->err)) return -1;
    return pw_tl_store_put(o->store, "advisory", o->buf.data, o->buf.len, &o->err);
}

/* The merge of DIR's files as replay's input (correlate/replay.h): replay opens no file itself. */
typedef struct merge_input {
    pw_file_merge *m;
    const char *dir, *inventory;
    pw_strlist keys;
    uint64_t done;
} merge_input;

static int mi_open(void *ctx, bool (*is_done)(void *ud, const char *key), void *ud, pw_error *err)
{
    merge_input *mi = ctx;
    return pw_file_merge_add_tree(mi->m, mi->dir, mi->inventory, is_done, ud, &mi->keys, &mi->done, err);
}

static const pw_strlist *mi_keys(void *ctx) { return &((merge_input *)ctx)->keys; }

static int mi_next(void *ctx, pw_event **ev, const pw_advisory **adv, pw_error *err)
{
    merge_input *mi = ctx;
    pw_file_item it;
    int n = pw_file_merge_next(mi->m, &it, err);
    if (n == 1) {
        *ev = it.kind == PW_FILE_ITEM_EVENT ? it.ev : NULL;
        *adv = it.kind == PW_FILE_ITEM_ADVISORY ? it.adv : NULL;
    }
    return n;
}

/* DIR's inventory: the one given, else DIR/inventory.yaml, .yml or .json; NULL when none. One lookup for
 * the engine, the incidents and the store. */
static const char *find_inventory(const char *given, const char *dir, char *buf, size_t cap)
{
    static const char *const names[] = {"inventory.yaml", "inventory.yml", "inventory.json"};
    if (given) return given;
    for (size_t i = 0; i < 3; i++) {
        snprintf(buf, cap, "%s/%s", dir, names[i]);
        struct stat sb;
        if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode)) return buf;
    }
    return NULL;
}

int pw_cmd_replay(int argc, char **argv)
{
    enum { O_NOMINER = 256, O_MINH, O_RR, O_CONF, O_WIN, O_BASE, O_STATS, O_CKPT, O_RESET, O_STORE, O_INC, O_JSON,
           O_QUIET, O_CAP, O_DIGEST, O_EVENTS, O_TABLE, O_MAXOPEN };
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},          {"out", required_argument, NULL, 'o'},
        {"state", required_argument, NULL, 's'},   {"rules", required_argument, NULL, 'r'},
        {"inventory", required_argument, NULL, 'i'}, {"no-miner", no_argument, NULL, O_NOMINER},
        {"min-hosts", required_argument, NULL, O_MINH}, {"min-rate-ratio", required_argument, NULL, O_RR},
        {"confidence", required_argument, NULL, O_CONF}, {"window-hours", required_argument, NULL, O_WIN},
        {"baseline-hours", required_argument, NULL, O_BASE}, {"stats", no_argument, NULL, O_STATS},
        {"checkpoint-seconds", required_argument, NULL, O_CKPT}, {"store", required_argument, NULL, O_STORE},
        {"state-reset", no_argument, NULL, O_RESET}, {"incidents", required_argument, NULL, O_INC},
        {"json", no_argument, NULL, O_JSON}, {"quiet-hours", required_argument, NULL, O_QUIET},
        {"cap-per-day", required_argument, NULL, O_CAP}, {"digest", no_argument, NULL, O_DIGEST},
        {"events-out", required_argument, NULL, O_EVENTS}, {"table", no_argument, NULL, O_TABLE},
        {"max-open", required_argument, NULL, O_MAXOPEN},
        {NULL, 0, NULL, 0},
    };
    const char *inv_given = NULL;
    const char *out_spec = "-", *rules_dir = NULL, *store_path = NULL, *inc_spec = NULL, *events_spec = NULL;
    bool json_out = false, out_given = false, force_table = false;
    pw_notify_opts no;
    pw_notify_opts_default(&no);
    pw_error perr = {0};
    pw_replay_opts ro = {0};
    pw_corr_config cfg;
    pw_corr_config_default(&cfg);
    bool stats = false, cfg_set = false, reset = false;
    double ckpt = 2.0;
    long max_open = PW_FILE_MERGE_MAX_OPEN;
    int c;
    while ((c = getopt_long(argc, argv, "ho:s:r:i:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        case 'o': out_spec = optarg; out_given = true; break;
        case O_INC: inc_spec = optarg; break;
        case O_JSON: json_out = true; break;
        case O_QUIET:
            if (pw_notify_parse_quiet(optarg, &no.quiet_from, &no.quiet_to, &perr))
                return pw_app_usage_error("replay", perr.msg);
            break;
        case O_CAP: no.cap_per_day = atoi(optarg); break;
        case O_DIGEST: no.digest = true; break;
        case O_TABLE: force_table = true; break;
        case 's': ro.state = optarg; break;
        case 'r': rules_dir = optarg; break;
        case 'i': inv_given = optarg; break;
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
        case O_MAXOPEN:
            max_open = strtol(optarg, NULL, 10);
            if (max_open < 1 || max_open > 65536) return pw_app_usage_error("replay", "--max-open: 1 to 65536");
            break;
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
    const char *dir = argv[optind];
    pw_error err = {0};
    pw_rules *rules = NULL;
    out_ctx oc = {0};
    pw_file_reader *reader = NULL;
    merge_input mi = {.dir = dir};
    pw_replay_input input = {.ctx = &mi, .open = mi_open, .keys = mi_keys, .next = mi_next};
    char invbuf[4096];
    int rc = PW_EXIT_RUNTIME;
    const char *inv_path = find_inventory(inv_given, dir, invbuf, sizeof invbuf);
    json_t *inv_doc = NULL;
    mi.inventory = ro.inventory_name = inv_path;
    if (inv_path && !(inv_doc = pw_inventory_read(inv_path, &err))) goto fail;
    ro.inventory = inv_doc;
    if (rules_dir && !(rules = pw_rules_load(rules_dir, &err))) goto fail;
    ro.rules = rules;
    pw_file_reader_opts fro = {.rules = rules, .log_prefix = "replay"};
    if (!(reader = pw_file_reader_new(&fro, &err))) goto fail;
    if (!(mi.m = pw_file_merge_new(reader, (size_t)max_open, &err))) goto fail;
    ro.input = &input;
    if (cfg_set) ro.cfg = &cfg;
    ro.checkpoint_seconds = ckpt;
    if (!(oc.out = pw_out_open(out_spec, &err))) goto fail;
    oc.table = force_table || (!out_given && !json_out && isatty(1));
    oc.alerts_out = !oc.table || out_given;
    if (inc_spec && !(oc.incout = pw_out_open(inc_spec, &err))) goto fail;
    if (!(oc.pol = pw_notify_new(&no, on_notification, &oc, &err))) goto fail;
    if (!(oc.inc = pw_incident_new(NULL, on_incident, &oc, &err))) goto fail;
    ro.on_event = on_store_event;
    ro.on_advisory = on_store_advisory;
    ro.observer_ud = &oc;
    if (inv_path && pw_incident_load_inventory(oc.inc, inv_path, &err)) goto fail;
    if (store_path) {
        if (!(oc.store = pw_tl_store_open(store_path, NULL, &err))) goto fail;
        if (inv_path && pw_tl_store_load_inventory(oc.store, inv_path, &err)) goto fail;
    }
    if (events_spec && !(oc.events = pw_out_open(events_spec, &err))) goto fail;
    pw_replay_stats st;
    if (pw_replay_run(&ro, on_alert, &oc, &st, &err)) {
        if (oc.err.msg[0]) err = oc.err;
        goto fail;
    }
    pw_file_merge_stats ms;
    pw_file_merge_get_stats(mi.m, &ms);
    st.files = ms.read;
    st.skipped_files = ms.skipped + mi.done;
    st.bad_records += ms.damaged + ms.failed;
    /* what quiet hours held and a due digest, at the end of the inputs' time */
    if (pw_notify_advance(oc.pol, PW_TS_NONE, &err)) goto fail;
    if (oc.incout) {
        pw_out *io = oc.incout;
        oc.incout = NULL;
        if (pw_out_close(io, &err)) goto fail;
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
                "replay: %llu files (%llu skipped: done before or not an input), %llu events in %.2f s (%.0f events/s; reading %.2f s, evaluating %.3f s, %.4f s cpu), %llu bad records, %llu advisories; "
                "%llu hosts, %llu signatures, %llu patches, %llu installs, %llu reboots, %llu runs; %llu alert "
                "emissions\n",
                (unsigned long long)st.files, (unsigned long long)st.skipped_files, (unsigned long long)st.events, st.seconds, st.events_per_second,
                st.ingest_seconds, st.evaluate_seconds, st.evaluate_cpu_seconds,
                (unsigned long long)st.bad_records, (unsigned long long)st.advisories,
                (unsigned long long)st.corr.hosts, (unsigned long long)st.corr.signatures,
                (unsigned long long)st.corr.patches, (unsigned long long)st.corr.installs,
                (unsigned long long)st.corr.reboots, (unsigned long long)st.corr.runs,
                (unsigned long long)st.alerts);
    if (stats)
        fprintf(stderr,
                "replay: %llu inputs merged in event-time order (at most %llu open at once%s), %llu records; %llu "
                "out of time order (%llu going back within their file); %llu resumed from the checkpoint\n",
                (unsigned long long)ms.inputs, (unsigned long long)ms.max_open,
                ms.lazy ? ", opened as the merge reached them" : "", (unsigned long long)ms.records,
                (unsigned long long)ms.out_of_order, (unsigned long long)ms.backwards,
                (unsigned long long)st.resumed_records);
    if (stats)
        fprintf(stderr, "replay: %zu incidents, %llu incident versions, %llu notifications (%llu held back by the cap)\n",
                pw_incident_count(oc.inc), (unsigned long long)oc.incidents, (unsigned long long)oc.notifications,
                (unsigned long long)pw_notify_suppressed(oc.pol));
    rc = PW_EXIT_OK;
    goto done;
fail:
    fprintf(stderr, "patchwatch replay: %s\n", err.msg);
done:
    if (oc.out) pw_out_close(oc.out, NULL);
    if (oc.incout) pw_out_close(oc.incout, NULL);
    pw_incident_free(oc.inc);
    pw_notify_free(oc.pol);
    if (oc.events) pw_out_close(oc.events, NULL);
    json_decref(inv_doc);
    pw_file_merge_free(mi.m);
    pw_strlist_free(&mi.keys);
    pw_file_reader_free(reader);
    pw_tl_store_close(oc.store, NULL);
    pw_buf_free(&oc.buf);
    pw_rules_free(rules);
    return rc;
}
