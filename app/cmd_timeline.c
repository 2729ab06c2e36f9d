/* patchwatch timeline: reads the timeline store (timeline/store.h) and prints one incident's, patch's or
 * host's moments in time order (text table on a terminal, JSON lines when piped or with --json), writes the
 * HTML page (--html), and runs the hold action (--hold; dry run unless --execute). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "core/pw_time.h"
#include "timeline/hold.h"
#include "timeline/timeline.h"

static const char usage[] =
    "Usage: patchwatch timeline (--incident ID | --patch KB | --host H) [OPTIONS]\n"
    "Reconstruct a timeline from the store: installs (with their ring), reports, first symptom, alerts,\n"
    "incident versions, notifications, hold attempts and resolution, in time order.\n\n"
    "      --store FILE      the timeline store (default patchwatch-store.db), filled by the `store` sink\n"
    "                        or by `patchwatch replay --store FILE`\n"
    "      --from T --to T   only moments in [T, T] (RFC 3339, e.g. 2026-07-09T00:00:00Z)\n"
    "      --json            JSON lines (the default when stdout is not a terminal is also JSON lines)\n"
    "      --text            the text table even when piped\n"
    "      --html FILE       also write one self-contained HTML page (inline SVG, no script)\n"
    "      --import FILE     first add records to the store: JSON lines {\"topic\": T, \"record\": {...}}\n"
    "                        (T: incident, alert, advisory, notification, event), e.g. from another site\n"
    "Hold action (with --incident; dry run unless --execute; every attempt is logged on the timeline):\n"
    "      --hold            pause the deployment of the incident's patch\n"
    "      --deployment ID   Microsoft Graph Windows Updates deployment id (token in PW_GRAPH_TOKEN)\n"
    "      --graph-url URL   Graph base URL (default " PW_TL_GRAPH_URL ")\n"
    "      --hold-webhook URL  POST {\"action\":\"hold\",\"incident\",\"patch\"} instead of Graph\n"
    "      --hold-command CMD  run CMD (sh -c; PW_INCIDENT, PW_PATCH set) instead of Graph\n"
    "      --execute         really do it (default: log what would be done)\n";

static int parse_time(const char *s, int64_t *out)
{
    return pw_time_parse(s, strlen(s), out, NULL);
}

/* JSON lines of {"topic", "record"}; a bad line stops the import with its line number (nothing half-read
 * is guessed at). Lines are capped at PW_TL_RECORD_MAX. */
static int import_records(pw_tl_store *s, const char *path, pw_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: %m", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    unsigned long lineno = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if ((size_t)n > PW_TL_RECORD_MAX) {
            rc = pw_error_set(err, PW_ERR_LIMIT, "%s:%lu: line longer than %zu bytes", path, lineno, PW_TL_RECORD_MAX);
            break;
        }
        if (strspn(line, " \t\r\n") == (size_t)n) continue;
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)n, 0, &je);
        const char *topic = json_string_value(json_object_get(o, "topic"));
        json_t *rec = json_object_get(o, "record");
        char *txt = topic && json_is_object(rec) ? json_dumps(rec, JSON_COMPACT) : NULL;
        if (!txt) rc = pw_error_set(err, PW_ERR_INVALID, "%s:%lu: want {\"topic\": ..., \"record\": {...}}", path, lineno);
        else if (pw_tl_store_put(s, topic, txt, strlen(txt), err)) rc = pw_error_prefix(err, "%s:%lu", path, lineno);
        free(txt);
        json_decref(o);
    }
    free(line);
    fclose(f);
    return rc ? rc : pw_tl_store_commit(s, err);
}

int pw_cmd_timeline(int argc, char **argv)
{
    enum { O_INC = 256, O_PATCH, O_HOST, O_STORE, O_FROM, O_TO, O_JSON, O_TEXT, O_HTML, O_HOLD, O_DEP, O_GRAPH,
           O_HOOK, O_CMD, O_EXEC, O_IMPORT };
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},           {"incident", required_argument, NULL, O_INC},
        {"patch", required_argument, NULL, O_PATCH}, {"host", required_argument, NULL, O_HOST},
        {"store", required_argument, NULL, O_STORE}, {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},       {"json", no_argument, NULL, O_JSON},
        {"text", no_argument, NULL, O_TEXT},         {"html", required_argument, NULL, O_HTML},
        {"hold", no_argument, NULL, O_HOLD},         {"deployment", required_argument, NULL, O_DEP},
        {"graph-url", required_argument, NULL, O_GRAPH}, {"hold-webhook", required_argument, NULL, O_HOOK},
        {"hold-command", required_argument, NULL, O_CMD}, {"execute", no_argument, NULL, O_EXEC},
        {"import", required_argument, NULL, O_IMPORT},
        {NULL, 0, NULL, 0},
    };
    pw_tl_query q = {.from = PW_TS_NONE, .to = PW_TS_NONE};
    const char *store_path = "patchwatch-store.db", *html = NULL, *import = NULL;
    int json = isatty(STDOUT_FILENO) ? 0 : 1, hold = 0, c;
    pw_tl_hold_opts ho = {0};
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        case O_INC: q.incident = optarg; break;
        case O_PATCH: q.patch = optarg; break;
        case O_HOST: q.host = optarg; break;
        case O_STORE: store_path = optarg; break;
        case O_FROM:
            if (parse_time(optarg, &q.from)) return pw_app_usage_error("timeline", "--from: not a time: %s", optarg);
            break;
        case O_TO:
            if (parse_time(optarg, &q.to)) return pw_app_usage_error("timeline", "--to: not a time: %s", optarg);
            break;
        case O_JSON: json = 1; break;
        case O_TEXT: json = 0; break;
        case O_HTML: html = optarg; break;
        case O_HOLD: hold = 1; break;
        case O_DEP: ho.deployment = optarg; break;
        case O_GRAPH: ho.graph_url = optarg; break;
        case O_HOOK: ho.webhook = optarg; break;
        case O_CMD: ho.command = optarg; break;
        case O_EXEC: ho.execute = true; break;
        case O_IMPORT: import = optarg; break;
        default: return pw_app_usage_error("timeline", "unknown option");
        }
    }
    if (optind != argc) return pw_app_usage_error("timeline", "unexpected argument: %s", argv[optind]);
    if (!!q.incident + !!q.patch + !!q.host != 1)
        return pw_app_usage_error("timeline", "give exactly one of --incident, --patch, --host");
    if (hold && !q.incident) return pw_app_usage_error("timeline", "--hold needs --incident");
    if (!import && access(store_path, F_OK) != 0) {
        fprintf(stderr, "patchwatch timeline: %s: no such store (fill one with `patchwatch replay --store %s DIR`)\n",
                store_path, store_path);
        return PW_EXIT_RUNTIME;
    }
    pw_error err = {0};
    pw_tl t = {0};
    int rc = PW_EXIT_RUNTIME;
    pw_tl_store_opts so = {.read_only = !hold && !import, .evidence_cap = 20};
    pw_tl_store *s = pw_tl_store_open(store_path, &so, &err);
    if (!s) goto fail;
    if (import && import_records(s, import, &err)) goto fail;
    if (hold) {
        pw_tl_query iq = {.incident = q.incident, .from = PW_TS_NONE, .to = PW_TS_NONE};
        pw_tl it = {0};
        if (pw_tl_build(s, &iq, &it, &err)) {
            pw_tl_free(&it);
            goto fail;
        }
        ho.incident = q.incident;
        ho.patch = it.patch;
        ho.token = getenv("PW_GRAPH_TOKEN");
        int hr = pw_tl_hold(s, &ho, &err);
        pw_tl_free(&it);
        if (hr) goto fail;
    }
    if (pw_tl_build(s, &q, &t, &err)) goto fail;
    /* flushed here, so a full disk is reported and the "wrote" line below does not land inside the text */
    if ((json ? pw_tl_print_json(&t, stdout) : pw_tl_print_text(&t, stdout)) || fflush(stdout)) {
        pw_error_set(&err, PW_ERR_IO, "writing the timeline failed");
        goto fail;
    }
    if (html && pw_tl_write_html(s, &t, html, &err)) goto fail;
    if (html) fprintf(stderr, "timeline: wrote %s\n", html);
    rc = PW_EXIT_OK;
    goto done;
fail:
    fprintf(stderr, "patchwatch timeline: %s\n", err.msg);
done:
    pw_tl_free(&t);
    if (pw_tl_store_close(s, &err) && rc == PW_EXIT_OK) {
        fprintf(stderr, "patchwatch timeline: %s\n", err.msg);
        rc = PW_EXIT_RUNTIME;
    }
    return rc;
}
