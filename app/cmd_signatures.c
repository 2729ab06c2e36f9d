/* patchwatch signatures: mine error signatures from event files, or assign signatures to plain lines.
 *
 *   patchwatch signatures [--json] [--rules DIR] [--state FILE] [--similarity S] [--limit N] FILE...
 *   patchwatch signatures --assign [--similarity S] [--state FILE] < messages
 *
 * FILE is JSON lines of pw_events (what `patchwatch parse` writes), an .evtx file, Windows XML (.xml), or
 * syslog lines (any line that is not a JSON object). All files are mined with one miner; the summary lists
 * every signature with its FINAL template (templates generalise while mining), counts, first/last seen and
 * hosts, most frequent first. --assign reads one plain message per line (no header parsing), mines them
 * all, then prints `SIGNATURE_ID<TAB>TEMPLATE` per line in input order: the final signature of each line,
 * which is what grouping-accuracy benchmarks compare. Lines are processed in batches of ASSIGN_BATCH_LINES
 * (memory stays bounded on endless input; a line's id is final within its batch). */
#include <getopt.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/pw_hash.h"
#include "core/pw_log.h"
#include "correlate/signature.h"
#include "parsers/evtx.h"
#include "parsers/syslog.h"
#include "parsers/winevent.h"
#include "rules/rules.h"

#define ASSIGN_BATCH_LINES ((size_t)1 << 20)   /* lines held before their ids are printed */
#define ASSIGN_BATCH_BYTES ((size_t)256 << 20) /* bytes of lines held: bounds memory on long lines */
#define JSON_LINE_MAX ((size_t)16 << 20)       /* one JSON event (PW_EVENT_MAX_BYTES) */
#define HOSTS_PER_SIGNATURE_MAX 10000           /* distinct hosts kept per signature; more are only counted */

static const char usage_text[] =
    "Usage: patchwatch signatures [OPTIONS] FILE...\n"
    "       patchwatch signatures --assign [OPTIONS] < messages\n"
    "Mine error signatures: stable ids for message templates and named Windows events.\n\n"
    "  FILE               JSON lines of events, .evtx, Windows XML (.xml) or syslog lines\n"
    "      --json         one JSON object per signature instead of a table\n"
    "      --assign       read plain messages on stdin; print SIGNATURE_ID<TAB>TEMPLATE per line\n"
    "      --rules DIR    signature rules (kind: signature) naming Windows event parameters\n"
    "      --state FILE   load the miner state before and save it after (ids survive restarts)\n"
    "      --similarity S share of equal tokens needed to join a signature (default 0.78)\n"
    "      --limit N      print at most N signatures\n"
    "  -h, --help         this help\n";

typedef struct sig_opts {
    int json, assign;
    const char *rules, *state;
    double similarity;
    long limit;
} sig_opts;

/* ---- --assign ---- */

typedef struct assign_batch {
    char **line;
    size_t *len;
    pw_sig_ref *ref;
    size_t n, bytes;
} assign_batch;

static int assign_flush(pw_sig_miner *m, assign_batch *b, pw_error *err)
{
    char hex[17];
    for (size_t i = 0; i < b->n; i++) {
        uint64_t id;
        const char *t;
        if (pw_sig_ref_get(m, b->ref[i], &id, &t) != 0 &&
            pw_sig_match(m, "text", NULL, NULL, b->line[i], b->len[i], &id, &t, err) != 1 &&
            pw_sig_assign_text(m, b->line[i], b->len[i], &id, &t, err) != 0)
            return -1;
        pw_hash_hex(id, hex);
        printf("%s\t%s\n", hex, t);
        free(b->line[i]);
    }
    b->n = b->bytes = 0;
    return ferror(stdout) ? pw_error_set(err, PW_ERR_IO, "cannot write to stdout") : 0;
}

static int run_assign(pw_sig_miner *m, pw_error *err)
{
    pw_syslog_lines rd;
    assign_batch b = {0};
    int rc = -1, cont = 0;
    if (pw_syslog_lines_init(&rd, STDIN_FILENO, PW_SIG_MAX_LINE, err)) return -1;
    b.line = malloc(ASSIGN_BATCH_LINES * sizeof *b.line);
    b.len = malloc(ASSIGN_BATCH_LINES * sizeof *b.len);
    b.ref = malloc(ASSIGN_BATCH_LINES * sizeof *b.ref);
    if (!b.line || !b.len || !b.ref) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (;;) {
        const char *line;
        size_t len;
        int trunc, r = pw_syslog_lines_next(&rd, &line, &len, &trunc, err);
        if (r < 0) goto out;
        if (r == 0) break;
        int skip = cont; /* the rest of a line longer than PW_SIG_MAX_LINE: only its start is mined */
        cont = trunc;
        if (skip) continue;
        char *copy = malloc(len + 1);
        if (!copy) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto out;
        }
        memcpy(copy, line, len);
        copy[len] = '\0';
        b.line[b.n] = copy;
        b.len[b.n] = len;
        if (pw_sig_mine(m, "text", NULL, NULL, copy, len, PW_TS_NONE, NULL, NULL, &b.ref[b.n], err)) {
            free(copy);
            goto out;
        }
        b.n++;
        b.bytes += len;
        if ((b.n == ASSIGN_BATCH_LINES || b.bytes >= ASSIGN_BATCH_BYTES) && assign_flush(m, &b, err)) goto out;
    }
    rc = assign_flush(m, &b, err);
out:
    for (size_t i = 0; i < b.n; i++) free(b.line[i]);
    free(b.line);
    free(b.len);
    free(b.ref);
    pw_syslog_lines_free(&rd);
    return rc;
}

/* ---- summary of files ---- */

typedef struct summary {
    pw_sig_miner *m;
    json_t *groups; /* "c<slot>.<gen>" or "w<id>" -> {count, first, last, hosts{}, kind, app, code, ...} */
    size_t bad;     /* input records rejected */
} summary;

static json_t *group_get(summary *s, const pw_event *ev, const pw_sig_ref *ref)
{
    char key[64];
    const char *sig = pw_event_get_str(ev, "patchwatch.signature", NULL);
    if (ref->slot != UINT32_MAX) snprintf(key, sizeof key, "c%u.%u", ref->slot, ref->gen);
    else snprintf(key, sizeof key, "w%s", sig ? sig : "");
    json_t *g = json_object_get(s->groups, key);
    if (g) return g;
    const char *tmpl = pw_event_get_str(ev, "patchwatch.template", NULL);
    const char *name = pw_event_get_str(ev, "patchwatch.signature_name", NULL);
    g = json_pack("{s:I, s:I, s:I, s:o, s:s, s:s, s:s?, s:b}", "count", (json_int_t)0, "first", (json_int_t)PW_TS_NONE,
                  "last", (json_int_t)PW_TS_NONE, "hosts", json_object(), "signature", sig ? sig : "", "template",
                  tmpl ? tmpl : "", "name", name, "cluster", ref->slot != UINT32_MAX);
    if (!g || json_object_set_new(s->groups, key, g)) return NULL;
    pw_sig_info info;
    if (ref->slot != UINT32_MAX && pw_sig_ref_info(s->m, *ref, &info) == 0) {
        json_object_set_new(g, "slot", json_integer(ref->slot));
        json_object_set_new(g, "gen", json_integer(ref->gen));
        json_object_set_new(g, "kind", json_string(info.kind));
        json_object_set_new(g, "app", json_string(info.app));
        json_object_set_new(g, "code", json_string(info.code));
    } else {
        const char *p = pw_event_get_str(ev, "event.provider", NULL), *c = pw_event_get_str(ev, "event.code", NULL);
        json_object_set_new(g, "kind", json_string("windows"));
        json_object_set_new(g, "app", json_string(p ? p : ""));
        json_object_set_new(g, "code", json_string(c ? c : ""));
    }
    return g;
}

static int summary_add(summary *s, pw_event *ev, pw_error *err)
{
    pw_sig_ref ref;
    if (pw_sig_assign_event_ref(s->m, ev, &ref, err)) return -1;
    json_t *g = group_get(s, ev, &ref);
    if (!g) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    json_integer_set(json_object_get(g, "count"), json_integer_value(json_object_get(g, "count")) + 1);
    if (ev->ts_us != PW_TS_NONE) {
        json_t *f = json_object_get(g, "first"), *l = json_object_get(g, "last");
        if (json_integer_value(f) == PW_TS_NONE || ev->ts_us < json_integer_value(f)) json_integer_set(f, ev->ts_us);
        if (json_integer_value(l) == PW_TS_NONE || ev->ts_us > json_integer_value(l)) json_integer_set(l, ev->ts_us);
    }
    const char *host = pw_event_get_str(ev, "host.name", NULL);
    json_t *hosts = json_object_get(g, "hosts");
    if (host && *host && json_object_size(hosts) < HOSTS_PER_SIGNATURE_MAX && !json_object_get(hosts, host))
        json_object_set_new(hosts, host, json_true());
    return 0;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

static int read_evtx(summary *s, const char *path, pw_event *ev, pw_error *err)
{
    pw_evtx_file *f = pw_evtx_open(path, err);
    int r;
    if (!f) return -1;
    while ((r = pw_evtx_next(f, ev, err)) == 1) {
        if (summary_add(s, ev, err)) {
            r = -1;
            break;
        }
    }
    pw_evtx_close(f);
    return r;
}

static int read_winxml(summary *s, const char *path, pw_event *ev, pw_error *err)
{
    pw_winevent_xml *x = pw_winevent_xml_open(path, err);
    int r;
    if (!x) return -1;
    while ((r = pw_winevent_xml_next(x, ev, err)) == 1) {
        if (summary_add(s, ev, err)) {
            r = -1;
            break;
        }
    }
    pw_winevent_xml_close(x);
    return r;
}

/* JSON lines of events; any line that does not start with '{' is read as a syslog line. */
static int read_lines(summary *s, const char *path, pw_event *ev, pw_error *err)
{
    pw_syslog_lines rd;
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    int rc = -1, cont = 0;
    size_t lineno = 0;
    int64_t now = pw_time_now_us();
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "%s: cannot open", path);
    if (pw_syslog_lines_init(&rd, fd, JSON_LINE_MAX, err)) goto out_fd;
    for (;;) {
        const char *line;
        size_t len;
        int trunc, r = pw_syslog_lines_next(&rd, &line, &len, &trunc, err);
        if (r < 0) {
            pw_error_prefix(err, "%s", path);
            goto out;
        }
        if (r == 0) break;
        int skip = cont;
        cont = trunc;
        if (skip) continue;
        lineno++;
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
        if (i == len) continue;
        pw_error lerr = {0};
        int ok;
        if (trunc) {
            ok = pw_error_set(&lerr, PW_ERR_LIMIT, "line longer than %zu bytes", JSON_LINE_MAX);
        } else if (line[i] == '{') {
            ok = pw_event_from_json(ev, line, len, &lerr);
        } else {
            pw_event_reset(ev);
            ok = pw_syslog_parse(line, len, now, ev, &lerr);
        }
        if (ok != 0) {
            pw_log_warn("%s:%zu: %s (record skipped)", path, lineno, lerr.msg);
            s->bad++;
            continue;
        }
        if (summary_add(s, ev, err)) goto out;
    }
    rc = 0;
out:
    pw_syslog_lines_free(&rd);
out_fd:
    if (fd != STDIN_FILENO) close(fd);
    return rc;
}

typedef struct row {
    const char *sig;
    json_t *o;
} row;

static int row_cmp(const void *a, const void *b)
{
    const row *x = a, *y = b;
    json_int_t cx = json_integer_value(json_object_get(x->o, "count"));
    json_int_t cy = json_integer_value(json_object_get(y->o, "count"));
    if (cx != cy) return cx > cy ? -1 : 1;
    return strcmp(x->sig, y->sig);
}

static void fmt_ts(json_int_t us, char *out, int seconds)
{
    if (us == PW_TS_NONE) {
        strcpy(out, "-");
        return;
    }
    size_t n = pw_time_format(us, out);
    if (seconds && n > 20) {
        out[19] = 'Z';
        out[20] = '\0';
    }
}

/* Groups with the same final template (hence the same id) are one signature: merge them by id. */
static json_t *final_signatures(summary *s)
{
    json_t *out = json_object(), *g;
    const char *key;
    json_object_foreach(s->groups, key, g) {
        char hex[17];
        const char *tmpl = json_string_value(json_object_get(g, "template"));
        const char *sig = json_string_value(json_object_get(g, "signature"));
        if (json_is_true(json_object_get(g, "cluster"))) {
            pw_sig_ref ref = {(uint32_t)json_integer_value(json_object_get(g, "slot")),
                              (uint32_t)json_integer_value(json_object_get(g, "gen"))};
            uint64_t id;
            const char *t;
            if (pw_sig_ref_get(s->m, ref, &id, &t) == 0) {
                pw_hash_hex(id, hex);
                sig = hex;
                tmpl = t;
            }
        }
        json_t *f = json_object_get(out, sig);
        if (!f) {
            f = json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "signature", sig, "template", tmpl, "count", (json_int_t)0,
                          "first", (json_int_t)PW_TS_NONE, "last", (json_int_t)PW_TS_NONE, "hosts", json_object());
            if (!f) continue;
            json_t *name = json_object_get(g, "name");
            if (json_is_string(name)) json_object_set(f, "name", name);
            json_object_set(f, "kind", json_object_get(g, "kind"));
            json_object_set(f, "app", json_object_get(g, "app"));
            json_object_set(f, "code", json_object_get(g, "code"));
            json_object_set_new(f, "rule_template", json_boolean(!json_is_true(json_object_get(g, "cluster"))));
            json_object_set_new(out, sig, f);
        }
        json_integer_set(json_object_get(f, "count"), json_integer_value(json_object_get(f, "count")) +
                                                          json_integer_value(json_object_get(g, "count")));
        json_int_t gf = json_integer_value(json_object_get(g, "first")), gl = json_integer_value(json_object_get(g, "last"));
        json_t *ff = json_object_get(f, "first"), *fl = json_object_get(f, "last");
        if (gf != PW_TS_NONE && (json_integer_value(ff) == PW_TS_NONE || gf < json_integer_value(ff))) json_integer_set(ff, gf);
        if (gl != PW_TS_NONE && (json_integer_value(fl) == PW_TS_NONE || gl > json_integer_value(fl))) json_integer_set(fl, gl);
        json_object_update(json_object_get(f, "hosts"), json_object_get(g, "hosts"));
    }
    return out;
}

static int print_summary(summary *s, const sig_opts *o)
{
    json_t *fin = final_signatures(s), *v;
    const char *key;
    size_t n = 0, i = 0;
    if (!fin) return -1;
    row *rows = malloc((json_object_size(fin) + 1) * sizeof *rows);
    if (!rows) {
        json_decref(fin);
        return -1;
    }
    json_object_foreach(fin, key, v) rows[n++] = (row){key, v};
    qsort(rows, n, sizeof *rows, row_cmp);
    if (!o->json) printf("%-16s %9s %6s %-20s %-20s %s\n", "SIGNATURE", "COUNT", "HOSTS", "FIRST_SEEN", "LAST_SEEN", "TEMPLATE");
    for (i = 0; i < n && (o->limit < 0 || (long)i < o->limit); i++) {
        json_t *r = rows[i].o, *hosts = json_object_get(r, "hosts"), *hv;
        char first[PW_RFC3339_MAX], last[PW_RFC3339_MAX];
        fmt_ts(json_integer_value(json_object_get(r, "first")), first, !o->json);
        fmt_ts(json_integer_value(json_object_get(r, "last")), last, !o->json);
        if (o->json) {
            json_t *hl = json_array();
            const char *h;
            json_object_foreach(hosts, h, hv) json_array_append_new(hl, json_string(h));
            json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:I, s:o}", "signature",
                                    json_object_get(r, "signature"), "template", json_object_get(r, "template"),
                                    "kind", json_object_get(r, "kind"), "app", json_object_get(r, "app"), "code",
                                    json_object_get(r, "code"), "count", json_object_get(r, "count"),
                                    "hosts_count", (json_int_t)json_object_size(hosts), "hosts", hl);
            if (out && json_is_string(json_object_get(r, "name")))
                json_object_set(out, "name", json_object_get(r, "name"));
            if (out && first[0] != '-') json_object_set_new(out, "first_seen", json_string(first));
            if (out && last[0] != '-') json_object_set_new(out, "last_seen", json_string(last));
            char *txt = out ? json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            if (txt) puts(txt);
            free(txt);
            json_decref(out);
        } else {
            /* mined templates say nothing of where they come from: prefix the scope ("sshd: ...",
             * "Microsoft-Windows-Kernel-General 16: ..."); rule templates already start with it */
            const char *app = json_string_value(json_object_get(r, "app")), *code = json_string_value(json_object_get(r, "code"));
            int rule = json_is_true(json_object_get(r, "rule_template"));
            printf("%-16s %9lld %6zu %-20s %-20s %s%s%s%s%s\n", rows[i].sig,
                   (long long)json_integer_value(json_object_get(r, "count")), json_object_size(hosts), first, last,
                   !rule && app && *app ? app : "", !rule && code && *code ? " " : "", !rule && code ? code : "",
                   !rule && ((app && *app) || (code && *code)) ? ": " : "", json_string_value(json_object_get(r, "template")));
            if (json_is_string(json_object_get(r, "name")))
                printf("%16s name: %s\n", "", json_string_value(json_object_get(r, "name")));
            if (json_object_size(hosts)) {
                size_t k = 0;
                const char *h;
                printf("%16s hosts:", "");
                json_object_foreach(hosts, h, hv) {
                    if (k++ == 5) break;
                    printf("%s %s", k > 1 ? "," : "", h);
                }
                if (json_object_size(hosts) > 5) printf(", ... (+%zu)", json_object_size(hosts) - 5);
                putchar('\n');
            }
        }
    }
    if (!o->json) printf("%zu signatures\n", n);
    free(rows);
    json_decref(fin);
    return ferror(stdout) ? -1 : 0;
}

static int run_summary(pw_sig_miner *m, char **files, int nfiles, const sig_opts *o, pw_error *err)
{
    summary s = {m, json_object(), 0};
    pw_event *ev = pw_event_new();
    int rc = -1;
    if (!s.groups || !ev) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < nfiles; i++) {
        const char *f = files[i];
        pw_error ferr = {0};
        int r = has_suffix(f, ".evtx") ? read_evtx(&s, f, ev, &ferr)
                : has_suffix(f, ".xml") ? read_winxml(&s, f, ev, &ferr)
                                        : read_lines(&s, f, ev, &ferr);
        if (r < 0) { /* this file stops here; the others (and what was read of it) still count */
            fprintf(stderr, "patchwatch signatures: %s\n", ferr.msg);
            s.bad++;
        }
    }
    if (print_summary(&s, o)) {
        pw_error_set(err, PW_ERR_IO, "cannot write the summary");
        goto out;
    }
    rc = s.bad ? 1 : 0;
    if (s.bad) pw_error_set(err, PW_ERR_INVALID, "%zu input records or files rejected (see above)", s.bad);
out:
    json_decref(s.groups);
    pw_event_destroy(ev);
    return rc;
}

int pw_cmd_signatures(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},       {"assign", no_argument, NULL, 'a'},
        {"rules", required_argument, NULL, 'r'}, {"state", required_argument, NULL, 's'},
        {"similarity", required_argument, NULL, 'S'}, {"limit", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    sig_opts o = {0, 0, NULL, NULL, -1, -1};
    pw_error err = {0};
    pw_rules *rules = NULL;
    pw_sig_miner *m = NULL;
    int c, rc = PW_EXIT_RUNTIME;
    char *end;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'j': o.json = 1; break;
        case 'a': o.assign = 1; break;
        case 'r': o.rules = optarg; break;
        case 's': o.state = optarg; break;
        case 'S':
            o.similarity = strtod(optarg, &end);
            if (*end || !(o.similarity >= 0 && o.similarity <= 1))
                return pw_app_usage_error("signatures", "--similarity wants a number within 0..1, not '%s'", optarg);
            break;
        case 'l':
            o.limit = strtol(optarg, &end, 10);
            if (*end || o.limit < 0) return pw_app_usage_error("signatures", "--limit wants a count, not '%s'", optarg);
            break;
        case 'h': fputs(usage_text, stdout); return PW_EXIT_OK;
        default: return pw_app_usage_error("signatures", "unknown option");
        }
    }
    if (o.assign && optind < argc) return pw_app_usage_error("signatures", "--assign reads stdin; no FILE arguments");
    if (!o.assign && optind >= argc) return pw_app_usage_error("signatures", "no FILE given");
    pw_sig_config cfg;
    pw_sig_config_default(&cfg);
    if (o.similarity >= 0) cfg.similarity = o.similarity;
    if (o.rules && !(rules = pw_rules_load(o.rules, &err))) goto out;
    if (!(m = pw_sig_miner_new(&cfg, rules, &err))) goto out;
    if (o.state && access(o.state, F_OK) == 0 && pw_sig_load(m, o.state, &err)) goto out;
    int r = o.assign ? run_assign(m, &err) : run_summary(m, argv + optind, argc - optind, &o, &err);
    if (r < 0) goto out;
    if (o.state && pw_sig_save(m, o.state, &err)) goto out;
    rc = r ? PW_EXIT_RUNTIME : PW_EXIT_OK;
    if (r) fprintf(stderr, "patchwatch signatures: %s\n", err.msg);
    pw_sig_miner_free(m);
    pw_rules_free(rules);
    return rc;
out:
    fprintf(stderr, "patchwatch signatures: %s\n", err.msg);
    pw_sig_miner_free(m);
    pw_rules_free(rules);
    return rc;
}
