/* patchwatch parse: one file to JSON lines. Picks the format (--as, else extension and a sniff of the first
 * bytes) and hands over to the parser family that owns it (parse_evtx.c, parse_logs.c, parse_feeds.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"

typedef int (*parse_fn)(const pw_parse_opts *);

static const struct {
    const char *name;
    parse_fn fn;
    const char *what;
} formats[] = {
    {"evtx", pw_parse_evtx_main, "Windows binary event log (.evtx)"},
    {"syslog", pw_parse_logs_main, "syslog lines, RFC 5424 or RFC 3164/BSD"},
    {"winevent-xml", pw_parse_logs_main, "wevtutil qe /f:xml or Get-WinEvent ToXml output"},
    {"winevent-json", pw_parse_logs_main, "Winlogbeat / ECS JSON: lines, objects over lines, or arrays (ConvertTo-Json)"},
    {"csaf", pw_parse_feeds_main, "CSAF 2.0 advisory (JSON)"},
    {"cvrf", pw_parse_feeds_main, "MSRC CVRF document (v3 API JSON or XML)"},
    {"rss", pw_parse_feeds_main, "RSS 2.0 feed"},
    {"atom", pw_parse_feeds_main, "Atom feed"},
    {"release-health", pw_parse_feeds_main, "Microsoft Graph service announcement / Windows known issues JSON"},
    {"html", pw_parse_feeds_main, "HTML page with selectors from a source rule"},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: patchwatch parse [OPTIONS] FILE\n"
                "Parse one file and print its events or advisories as JSON lines.\n\n"
                "  -a, --as FORMAT     the file's format (default: from its extension and first bytes)\n"
                "  -o, --out SPEC      '-' (stdout, default), a file, or a bus endpoint (tcp://, ipc://)\n"
                "      --xml           evtx: print each record's XML as Windows renders it\n"
                "  -j, --jobs N        evtx: parse chunks on N threads (output stays in record order)\n"
                "  -s, --source NAME   feeds: source name stamped on advisories\n"
                "  -h, --help          show this help\n\nFormats:\n");
    for (size_t i = 0; i < NFORMATS; i++) fprintf(fp, "  %-15s %s\n", formats[i].name, formats[i].what);
}

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

const char *pw_app_detect_format(const char *path)
{
    char head[4096] = "";
    FILE *fp = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
    size_t n = 0;
    if (fp) {
        n = fread(head, 1, sizeof head - 1, fp);
        fclose(fp);
        head[n] = '\0';
    }
    if (n >= 8 && memcmp(head, "ElfFile", 8) == 0) return "evtx";
    if (has_ext(path, ".evtx")) return "evtx";
    if (strstr(head, "csaf_version")) return "csaf";
    if (strstr(head, "cvrfdoc") || strstr(head, "DocumentTracking")) return "cvrf";
    if (strstr(head, "<rss") || strstr(head, "<rdf:RDF")) return "rss";
    if (strstr(head, "<feed")) return "atom";
    if (strstr(head, "<Event")) return "winevent-xml";
    /* UTF-16LE with a BOM and '<' first: PowerShell's redirection of wevtutil/Get-WinEvent XML */
    if (n >= 4 && memcmp(head, "\xFF\xFE<\0", 4) == 0) return "winevent-xml";
    if (strstr(head, "<html") || strstr(head, "<HTML") || strstr(head, "<!DOCTYPE html")) return "html";
    if (strstr(head, "\"@odata.context\"") || strstr(head, "knownIssues") || strstr(head, "\"value\""))
        return "release-health";
    if (has_ext(path, ".jsonl") || has_ext(path, ".ndjson") || ((head[0] == '{' || head[0] == '[') && strstr(head, "winlog")))
        return "winevent-json";
    if (has_ext(path, ".log") || has_ext(path, ".txt") || has_ext(path, ".syslog")) return "syslog";
    return NULL;
}

int pw_cmd_parse(int argc, char **argv)
{
    static const struct option opts[] = {
        {"as", required_argument, NULL, 'a'},    {"out", required_argument, NULL, 'o'},
        {"xml", no_argument, NULL, 'x'},         {"jobs", required_argument, NULL, 'j'},
        {"source", required_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pw_parse_opts o = {.out = "-", .jobs = 1};
    const char *as = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "a:o:j:s:h", opts, NULL)) != -1) {
        switch (c) {
        case 'a': as = optarg; break;
        case 'o': o.out = optarg; break;
        case 'x': o.xml = true; break;
        case 's': o.source = optarg; break;
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 256) return pw_app_usage_error("parse", "--jobs wants 1..256, not '%s'", optarg);
            o.jobs = (int)j;
            break;
        }
        case 'h': usage(stdout); return PW_EXIT_OK;
        default: usage(stderr); return PW_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) return pw_app_usage_error("parse", "expects exactly one FILE");
    o.path = argv[optind];
    o.format = as ? as : pw_app_detect_format(o.path);
    if (!o.format)
        return pw_app_usage_error("parse", "cannot tell the format of %s; name it with --as FORMAT", o.path);
    for (size_t i = 0; i < NFORMATS; i++)
        if (strcmp(formats[i].name, o.format) == 0) return formats[i].fn(&o);
    return pw_app_usage_error("parse", "unknown format '%s'", o.format);
}
