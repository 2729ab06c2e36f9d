/* patchwatch bus: bus utilities. `keygen` writes a CURVE key pair (core/pw_bus_curve.h); `send` pushes JSON
 * lines from a file or stdin onto an endpoint (to feed a stage or a sink by hand, or from a script). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "core/pw_buf.h"
#include "core/pw_bus.h"
#include "core/pw_bus_curve.h"

#define SEND_LINE_MAX ((size_t)16 << 20) /* one JSON line; longer ones are reported and skipped, not buffered */

static const char usage[] =
    "Usage: patchwatch bus keygen PREFIX\n"
    "       patchwatch bus send [OPTIONS] ENDPOINT [FILE]\n"
    "keygen  write a CURVE key pair for tcp:// endpoints: PREFIX.key (secret and public, mode 0600; keep it on\n"
    "        the machine that uses it) and PREFIX.pub (public; copy it to the peers). Never overwrites.\n"
    "send    push each line of FILE (default stdin), one JSON object per line, to ENDPOINT as a two-frame\n"
    "        message; waits until everything is delivered. Lines that are not one JSON object are reported\n"
    "        as FILE:LINE and skipped (exit status 1).\n"
    "Options for send:\n"
    "  -t, --topic TOPIC        topic frame (default event)\n"
    "  -b, --bind               bind ENDPOINT instead of connecting to it\n"
    "      --curve-server-key FILE  CURVE: the server's public key (PREFIX.pub of the receiver)\n"
    "      --curve-secret FILE  CURVE: our own key pair (default: an ephemeral one; with --bind: required)\n"
    "      --timeout SEC        exit 1 when no receiver takes a message for SEC seconds; at the end wait at\n"
    "                           most SEC for delivery (ZeroMQ cannot report what is still queued then).\n"
    "                           Default: wait for the receiver as long as it takes\n"
    "  -h, --help               show this help\n"
    "Exit status: 0 ok, 1 runtime error, 2 usage error.\n";

/* Reads one line (without the newline) into b, at most SEND_LINE_MAX bytes; the rest of a longer line is
 * consumed and *too_long set. Returns 0, or -1 at end of input. */
static int read_line(FILE *fp, pw_buf *b, int *too_long)
{
    int ch, any = 0;
    pw_buf_reset(b);
    *too_long = 0;
    while ((ch = getc_unlocked(fp)) != EOF) {
        any = 1;
        if (ch == '\n') break;
        if (b->len >= SEND_LINE_MAX || pw_buf_putc(b, (char)ch)) *too_long = 1;
    }
    return any ? 0 : -1;
}

static int bus_send(int argc, char **argv)
{
    enum { OPT_SECRET = 256, OPT_SERVER, OPT_TIMEOUT };
    static const struct option opts[] = {
        {"topic", required_argument, NULL, 't'}, {"bind", no_argument, NULL, 'b'},
        {"curve-secret", required_argument, NULL, OPT_SECRET},
        {"curve-server-key", required_argument, NULL, OPT_SERVER},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    const char *topic = "event";
    char *end;
    long secs;
    pw_bus_opts bo = {0};
    int c, bind = 0;
    while ((c = getopt_long(argc, argv, "t:bh", opts, NULL)) != -1) {
        switch (c) {
        case 't': topic = optarg; break;
        case 'b': bind = 1; break;
        case OPT_SECRET: bo.curve_secret_file = optarg; break;
        case OPT_SERVER: bo.curve_server_public_file = optarg; break;
        case OPT_TIMEOUT:
            secs = strtol(optarg, &end, 10);
            if (!*optarg || *end || secs < 1 || secs > 86400)
                return pw_app_usage_error("bus", "--timeout needs seconds (1..86400), not '%s'", optarg);
            bo.send_timeout_ms = bo.linger_ms = (int)secs * 1000;
            break;
        case 'h': fputs(usage, stdout); return PW_EXIT_OK;
        default: return pw_app_usage_error("bus", "bad option");
        }
    }
    if (argc - optind < 1 || argc - optind > 2) return pw_app_usage_error("bus", "send needs ENDPOINT [FILE]");
    const char *ep = argv[optind], *path = argc - optind == 2 ? argv[optind + 1] : "-";
    if (strncmp(ep, "inproc://", 9) == 0)
        return pw_app_usage_error("bus", "inproc:// endpoints exist only inside one process");
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "patchwatch bus: %s: %s\n", path, strerror(errno));
        return PW_EXIT_RUNTIME;
    }
    pw_error err = {0};
    pw_buf line = PW_BUF_INIT;
    long lineno = 0, bad = 0, sent = 0;
    int rc = PW_EXIT_RUNTIME, too_long;
    void *ctx = pw_bus_ctx_new(&err);
    pw_bus_sock *s = ctx ? pw_bus_push(ctx, ep, bind ? PW_BUS_BIND : PW_BUS_CONNECT, &bo, &err) : NULL;
    if (!s) {
        fprintf(stderr, "patchwatch bus: %s\n", err.msg);
        goto out;
    }
    while (read_line(fp, &line, &too_long) == 0) {
        lineno++;
        if (line.len && line.data[line.len - 1] == '\r') line.data[--line.len] = '\0';
        if (line.len == 0) continue;
        json_error_t jerr;
        json_t *j = too_long ? NULL : json_loadb(line.data, line.len, JSON_REJECT_DUPLICATES, &jerr);
        if (!j || !json_is_object(j)) {
            fprintf(stderr, "%s:%ld: skipped: %s\n", path, lineno,
                    too_long ? "line longer than 16 MiB" : j ? "not a JSON object" : jerr.text);
            json_decref(j);
            bad++;
            continue;
        }
        json_decref(j);
        if (pw_bus_send(s, topic, line.data, line.len, &err)) {
            fprintf(stderr, "patchwatch bus: %s:%ld: %s\n", path, lineno, err.msg);
            goto out;
        }
        sent++;
    }
    if (ferror(fp)) {
        fprintf(stderr, "patchwatch bus: %s: read error\n", path);
        goto out;
    }
    rc = bad ? PW_EXIT_RUNTIME : PW_EXIT_OK;
out:
    if (s) pw_bus_close(s, NULL);
    pw_bus_ctx_destroy(ctx); /* waits until what was sent is delivered */
    if (fp != stdin) fclose(fp);
    pw_buf_free(&line);
    if (rc == PW_EXIT_OK || bad) fprintf(stderr, "patchwatch bus: sent %ld, skipped %ld\n", sent, bad);
    else if (sent) fprintf(stderr, "patchwatch bus: %ld sent before the failure\n", sent);
    return rc;
}

int pw_cmd_bus(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? PW_EXIT_USAGE : PW_EXIT_OK;
    }
    if (strcmp(argv[1], "keygen") == 0) {
        if (argc == 3 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
            fputs(usage, stdout);
            return PW_EXIT_OK;
        }
        if (argc != 3 || argv[2][0] == '-') return pw_app_usage_error("bus", "keygen needs exactly one PREFIX");
        pw_error err = {0};
        if (pw_bus_curve_keygen(argv[2], &err)) {
            fprintf(stderr, "patchwatch bus: %s\n", err.msg);
            return PW_EXIT_RUNTIME;
        }
        printf("wrote %s.key (secret, mode 0600) and %s.pub (public)\n", argv[2], argv[2]);
        return PW_EXIT_OK;
    }
    if (strcmp(argv[1], "send") == 0) return bus_send(argc - 1, argv + 1);
    return pw_app_usage_error("bus", "unknown action '%s' (keygen, send)", argv[1]);
}
