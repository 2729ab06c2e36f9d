/* patchwatch ingest feeds: poll the advisory sources defined in a rules directory (kind: source) and write
 * each new or changed advisory once, through pw_out. Wiring only: the poller is ingest/feeds, the parsers
 * and extraction are parsers/advisory_parse. Failures are logged per source on stderr and retried; a summary
 * line goes to stderr at exit. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/pw_log.h"
#include "core/pw_out.h"
#include "ingest/feeds.h"
#include "parsers/advisory_parse.h"
#include "rules/rules.h"

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: patchwatch ingest feeds --rules DIR [OPTIONS]\n"
            "Poll the advisory feeds defined as `kind: source` rules and write each new advisory as JSON.\n\n"
            "  -r, --rules DIR          rules directory (sources from kind: source, patterns from kind: extract)\n"
            "  -S, --state FILE         remember validators and announced items here (strongly recommended)\n"
            "  -1, --once               fetch every source once (with retries), then exit\n"
            "  -o, --out SPEC           '-' (stdout, default), a file, or a bus endpoint (tcp://, ipc://)\n"
            "      --ca-file FILE       CA bundle for sources without their own ca_file\n"
            "      --source NAME        poll only this source (repeatable)\n"
            "      --timeout DUR        whole-transfer timeout (default 120s)\n"
            "      --connect-timeout DUR  connect timeout (default 10s)\n"
            "      --retry-base DUR     first retry delay after a failure, doubling (default 30s)\n"
            "      --max-retries N      with --once: retries per source (default 3)\n"
            "      --max-bytes N        response cap for sources without max_bytes (default %zu)\n"
            "  -h, --help               show this help\n"
            "Proxies come from http_proxy/https_proxy/no_proxy. Exit status with --once: 0 all fetched,\n"
            "1 when some source failed every attempt. Set PW_LOG=info to see every fetch.\n",
            PW_FEEDS_DEFAULT_MAX_BYTES);
}

static int announce(const pw_advisory *a, void *ud)
{
    pw_error err;
    /* advisories are rare: flush each, so a file being watched (or a restart) sees it at once */
    if (pw_out_advisory(ud, a, &err) != 0 || pw_out_flush(ud, &err) != 0) {
        pw_log_error("ingest feeds: %s", err.msg);
        return -1;
    }
    return 0;
}

static int dur_opt(const char *name, const char *v, int64_t *out)
{
    int64_t us = pw_feeds_parse_duration(v);
    if (us < 0) return pw_app_usage_error("ingest feeds", "--%s wants a duration like 500ms, 30s, 5m, not '%s'", name, v);
    *out = us;
    return 0;
}

#define MAX_ONLY 64

int pw_ingest_feeds_main(int argc, char **argv)
{
    enum { O_CA = 256, O_SOURCE, O_TIMEOUT, O_CTIMEOUT, O_RETRY, O_MAXRETRIES, O_MAXBYTES };
    static const struct option opts[] = {
        {"rules", required_argument, NULL, 'r'},        {"state", required_argument, NULL, 'S'},
        {"once", no_argument, NULL, '1'},               {"out", required_argument, NULL, 'o'},
        {"ca-file", required_argument, NULL, O_CA},     {"source", required_argument, NULL, O_SOURCE},
        {"timeout", required_argument, NULL, O_TIMEOUT}, {"connect-timeout", required_argument, NULL, O_CTIMEOUT},
        {"retry-base", required_argument, NULL, O_RETRY}, {"max-retries", required_argument, NULL, O_MAXRETRIES},
        {"max-bytes", required_argument, NULL, O_MAXBYTES}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pw_feeds_opts fo = {0};
    const char *rules_dir = NULL, *out_spec = "-", *only[MAX_ONLY];
    size_t nonly = 0;
    int64_t us = 0;
    int c, rc = PW_EXIT_RUNTIME;
    /* optind stays 0 from main.c: a full getopt reset */
    while ((c = getopt_long(argc, argv, "r:S:1o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': rules_dir = optarg; break;
        case 'S': fo.state_path = optarg; break;
        case '1': fo.once = true; break;
        case 'o': out_spec = optarg; break;
        case O_CA: fo.ca_file = optarg; break;
        case O_SOURCE:
            if (nonly == MAX_ONLY) return pw_app_usage_error("ingest feeds", "at most %d --source", MAX_ONLY);
            only[nonly++] = optarg;
            break;
        case O_TIMEOUT:
            if (dur_opt("timeout", optarg, &us)) return PW_EXIT_USAGE;
            fo.timeout_ms = (long)(us / 1000);
            break;
        case O_CTIMEOUT:
            if (dur_opt("connect-timeout", optarg, &us)) return PW_EXIT_USAGE;
            fo.connect_timeout_ms = (long)(us / 1000);
            break;
        case O_RETRY:
            if (dur_opt("retry-base", optarg, &fo.retry_base_us)) return PW_EXIT_USAGE;
            break;
        case O_MAXRETRIES: {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 0 || n > 100) return pw_app_usage_error("ingest feeds", "--max-retries wants 0..100");
            fo.max_retries = n == 0 ? -1 : (int)n;
            break;
        }
        case O_MAXBYTES: {
            char *end;
            unsigned long long n = strtoull(optarg, &end, 10);
            if (*end || n < 1024 || n > PW_ADV_DOC_MAX)
                return pw_app_usage_error("ingest feeds", "--max-bytes wants 1024..%zu", PW_ADV_DOC_MAX);
            fo.max_bytes = (size_t)n;
            break;
        }
        case 'h': usage(stdout); return PW_EXIT_OK;
        default: usage(stderr); return PW_EXIT_USAGE;
        }
    }
    if (!rules_dir) return pw_app_usage_error("ingest feeds", "--rules DIR is required");
    if (optind != argc) return pw_app_usage_error("ingest feeds", "unexpected argument '%s'", argv[optind]);

    pw_error err = {0};
    pw_rules *rules = NULL;
    pw_extractor *x = NULL;
    pw_out *out = NULL;
    pw_feeds *feeds = NULL;
    size_t added = 0;
    if (!(rules = pw_rules_load(rules_dir, &err))) goto out;
    if (!(x = pw_extractor_new(rules, &err))) goto out;
    if (!(out = pw_out_open(out_spec, &err))) goto out;
    fo.extractor = x;
    fo.announce = announce;
    fo.ud = out;
    if (!(feeds = pw_feeds_new(&fo, &err))) goto out;
    for (size_t i = 0; i < pw_rules_count(rules, "source"); i++) {
        pw_feed_source s;
        const json_t *r = pw_rules_get(rules, "source", i);
        if (pw_feed_source_from_json(&s, r, &err) != 0) {
            int line = 0;
            const char *file = pw_rules_origin(rules, "source", i, &line);
            pw_error_prefix(&err, "%s:%d", file ? file : rules_dir, line);
            goto out;
        }
        int want = nonly == 0;
        for (size_t k = 0; k < nonly; k++) want |= strcmp(only[k], s.name) == 0;
        int arc = want ? pw_feeds_add_source(feeds, &s, &err) : 0;
        added += want && s.enabled;
        pw_feed_source_free(&s);
        if (arc != 0) goto out;
    }
    if (added == 0) {
        pw_error_set(&err, PW_ERR_INVALID, "%s: no enabled source to poll%s", rules_dir, nonly ? " (check --source)" : "");
        goto out;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    pw_log_info("ingest feeds: polling %zu source(s)%s", added, fo.once ? " once" : "");
    int r = pw_feeds_run(feeds, &stop_flag, &err);
    pw_feeds_stats st;
    pw_feeds_get_stats(feeds, &st);
    fprintf(stderr,
            "patchwatch ingest feeds: %llu fetches, %llu ok, %llu not modified, %llu failures, %llu gave up, "
            "%llu new advisories, %llu already seen\n",
            (unsigned long long)st.fetches, (unsigned long long)st.ok, (unsigned long long)st.not_modified,
            (unsigned long long)st.failures, (unsigned long long)st.gave_up, (unsigned long long)st.announced,
            (unsigned long long)st.skipped_seen);
    if (r < 0) goto out;
    rc = r == 0 ? PW_EXIT_OK : PW_EXIT_RUNTIME;
    err.msg[0] = '\0';
out:
    if (rc != PW_EXIT_OK && err.msg[0]) fprintf(stderr, "patchwatch ingest feeds: %s\n", err.msg);
    pw_feeds_free(feeds);
    if (out && pw_out_close(out, &err) != 0 && rc == PW_EXIT_OK) {
        fprintf(stderr, "patchwatch ingest feeds: %s\n", err.msg);
        rc = PW_EXIT_RUNTIME;
    }
    pw_extractor_free(x);
    pw_rules_free(rules);
    return rc;
}
