/* pw_config_tables: the schema of patchwatch.yaml, one pw_cfg_table per section. This file is the single
 * list of configuration keys: validation, defaults and docs/configuration.md (`patchwatch config docs`)
 * all come from it. Stage tuning keys without a default here use the stage's own built-in default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_config.h"

/* ---- value checks beyond the type ---- */

static int check_endpoint(const json_t *v, char *msg, size_t size)
{
    const char *s = json_string_value(v);
    if (strncmp(s, "inproc://", 9) == 0 || strncmp(s, "ipc://", 6) == 0 || strncmp(s, "tcp://", 6) == 0) return 0;
    snprintf(msg, size, "bad endpoint '%.80s' (expected inproc://NAME, ipc://PATH or tcp://HOST:PORT)", s);
    return -1;
}

/* "HOST:PORT", "[V6]:PORT" or ":PORT" (any address) with a port 0..65535 (0: pick a free port, for tests) */
static int check_hostport(const json_t *v, char *msg, size_t size)
{
    const char *s = json_string_value(v), *colon = strrchr(s, ':');
    char *end;
    if (colon && colon[1]) {
        long port = strtol(colon + 1, &end, 10);
        bool v6_ok = s[0] != '[' || colon[-1] == ']';
        if (*end == '\0' && port >= 0 && port <= 65535 && v6_ok) return 0;
    }
    snprintf(msg, size, "bad address '%.80s' (expected HOST:PORT, e.g. 127.0.0.1:5514 or [::1]:5514)", s);
    return -1;
}

/* RFC 5424 SD-NAME: 1..32 printable US-ASCII, no '=', ' ', ']', '"' (the syslog sink checks --sd-id the same) */
static int check_sd_id(const json_t *v, char *msg, size_t size)
{
    const char *s = json_string_value(v);
    size_t n = strcspn(s, "= ]\"");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 33 || (unsigned char)s[i] > 126) n = 0;
    if (n > 0 && n <= 32 && s[n] == '\0') return 0;
    snprintf(msg, size, "bad SD-ID '%.80s' (expected NAME@ENTERPRISE-NUMBER, 1-32 printable characters without "
             "'=', ' ', ']' or '\"')", s);
    return -1;
}

static int check_url(const json_t *v, char *msg, size_t size)
{
    const char *s = json_string_value(v);
    if (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) return 0;
    snprintf(msg, size, "bad URL '%.80s' (expected http:// or https://)", s);
    return -1;
}

/* "HH:MM-HH:MM" (UTC), or "none" */
static int check_quiet(const json_t *v, char *msg, size_t size)
{
    const char *s = json_string_value(v);
    int h1, m1, h2, m2;
    char tail;
    if (strcmp(s, "none") == 0 ||
        (sscanf(s, "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) == 4 && h1 >= 0 && h1 < 24 && h2 >= 0 && h2 < 24 &&
         m1 >= 0 && m1 < 60 && m2 >= 0 && m2 < 60))
        return 0;
    snprintf(msg, size, "bad quiet hours '%.40s' (expected HH:MM-HH:MM in UTC, e.g. 22:00-07:00, or none)", s);
    return -1;
}

static int check_smtp_url(const json_t *v, char *msg, size_t size)
{
    const char *s = json_string_value(v);
    if (strncmp(s, "smtp://", 7) == 0 || strncmp(s, "smtps://", 8) == 0) return 0;
    snprintf(msg, size, "bad SMTP URL '%.80s' (expected smtp://HOST:PORT or smtps://HOST:PORT)", s);
    return -1;
}

#define END {.name = NULL}

/* ---- sources ---- */

static const pw_cfg_key source_keys[] = {
    {.name = "kind", .type = PW_CFG_ENUM, .flags = PW_CFG_REQUIRED, .desc = "what this source reads"},
    {.name = "name", .type = PW_CFG_STRING, .flags = PW_CFG_NONEMPTY,
     .desc = "a name for logs, messages and `ingest --stage` (default: the kind)"},
    {.name = "enabled", .type = PW_CFG_BOOL, .def = "true", .desc = "false keeps the source declared but idle"},
    {.name = "host", .type = PW_CFG_STRING,
     .desc = "host.name to stamp on events that carry none (e.g. a single host's log files)"},
    END,
};

static const pw_cfg_key evtx_keys[] = {
    {.name = "path", .type = PW_CFG_PATH, .flags = PW_CFG_REQUIRED,
     .desc = "an .evtx file or a directory of them"},
    {.name = "glob", .type = PW_CFG_STRING, .def = "*.evtx", .desc = "file name pattern inside a directory"},
    {.name = "recursive", .type = PW_CFG_BOOL, .def = "true", .desc = "descend into subdirectories"},
    {.name = "checkpoint", .type = PW_CFG_PATH,
     .desc = "file remembering the last record read per file, so a restart resumes (none: read all)"},
    END,
};
const pw_cfg_table pw_source_cfg_evtx = {.desc = "Windows event log files (.evtx), parsed natively.",
                                         .keys = evtx_keys};

static const pw_cfg_key syslog_keys[] = {
    {.name = "listen_udp", .type = PW_CFG_STRING, .check = check_hostport,
     .desc = "UDP address to receive syslog on, e.g. 127.0.0.1:5514 (:5514 = every address)"},
    {.name = "listen_tcp", .type = PW_CFG_STRING, .check = check_hostport,
     .desc = "TCP address (RFC 6587 octet counting or newline framing)"},
    {.name = "listen_tls", .type = PW_CFG_STRING, .check = check_hostport,
     .desc = "TCP address for syslog over TLS (RFC 5425, octet counting; 6514 is its port)"},
    {.name = "tls_cert", .type = PW_CFG_PATH, .desc = "listen_tls: the server's certificate (chain), PEM"},
    {.name = "tls_key", .type = PW_CFG_PATH, .desc = "listen_tls: the server's private key, PEM"},
    {.name = "tls_ca", .type = PW_CFG_PATH, .desc = "listen_tls: CA certificates client certificates must chain to"},
    {.name = "tls_verify_client", .type = PW_CFG_ENUM, .choices = "none|optional|require", .def = "none",
     .desc = "listen_tls: ask for no client certificate, check one when given, or refuse clients without one"},
    {.name = "max_message", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 480, .max = 1048576,
     .def = "65536", .desc = "longest message in bytes; longer ones are truncated and flagged"},
    {.name = "max_connections", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 65536,
     .def = "1024", .desc = "concurrent TCP connections; more are refused at once"},
    {.name = "keep_original", .type = PW_CFG_BOOL, .def = "false",
     .desc = "keep every raw line in event.original (lines that do not parse cleanly always keep it)"},
    END,
};
const pw_cfg_table pw_source_cfg_syslog = {.desc = "A syslog listener (RFC 3164 and RFC 5424).",
                                           .keys = syslog_keys, .one_of = "listen_udp|listen_tcp|listen_tls"};

static const pw_cfg_key tail_keys[] = {
    {.name = "path", .type = PW_CFG_PATH, .flags = PW_CFG_REQUIRED,
     .desc = "a file or a glob (logs/*.log); new files matching the glob are picked up"},
    {.name = "format", .type = PW_CFG_ENUM, .choices = "syslog|winevent-json|winevent-xml|jsonl|plain",
     .def = "syslog", .desc = "how each line (or record) is parsed"},
    {.name = "checkpoint", .type = PW_CFG_PATH,
     .desc = "file remembering offsets (inode, offset), so a restart neither loses nor repeats lines"},
    {.name = "start_at", .type = PW_CFG_ENUM, .choices = "beginning|end", .def = "beginning",
     .desc = "where to start in a file seen for the first time"},
    {.name = "poll_interval", .type = PW_CFG_DURATION, .def = "1s", .desc = "how often files are checked"},
    {.name = "max_line", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 256, .max = 16777216,
     .def = "1048576", .desc = "longest line in bytes; longer ones are cut and flagged"},
    {.name = "follow", .type = PW_CFG_BOOL, .def = "false",
     .desc = "keep following the files; false reads to the end and stops (replay)"},
    {.name = "keep_original", .type = PW_CFG_BOOL, .def = "false",
     .desc = "keep every raw line (format syslog) in event.original (lines that do not parse cleanly always keep it)"},
    END,
};
const pw_cfg_table pw_source_cfg_tail = {.desc = "Log files read line by line, with rotation and checkpoints.",
                                         .keys = tail_keys};

static const pw_cfg_key feeds_keys[] = {
    {.name = "dir", .type = PW_CFG_PATH,
     .desc = "a directory of downloaded feed documents (CSAF, CVRF, RSS/Atom, release health) read offline"},
    {.name = "poll", .type = PW_CFG_BOOL, .def = "false",
     .desc = "poll the source rules (rules/sources/) over the network"},
    {.name = "only", .type = PW_CFG_LIST, .item = PW_CFG_STRING,
     .desc = "names of the source rules to poll (default: every enabled one)"},
    {.name = "state", .type = PW_CFG_PATH,
     .desc = "file keeping ETag/Last-Modified and seen advisory ids between runs"},
    {.name = "timeout", .type = PW_CFG_DURATION, .def = "120s", .desc = "limit for one whole HTTP transfer"},
    {.name = "ca_file", .type = PW_CFG_PATH,
     .desc = "CA bundle for every source rule without its own (default: the system store)"},
    {.name = "max_bytes", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1024, .max = 268435456,
     .def = "16777216", .desc = "largest document accepted (bytes)"},
    END,
};
const pw_cfg_table pw_source_cfg_feeds = {.desc = "Advisory feeds: files in a directory, or polled sources.",
                                          .keys = feeds_keys, .one_of = "dir|poll"};

static const pw_cfg_key jsonl_src_keys[] = {
    {.name = "path", .type = PW_CFG_PATH, .flags = PW_CFG_REQUIRED,
     .desc = "a file or glob of JSON lines events (ECS, Winlogbeat, `patchwatch parse` output)"},
    {.name = "checkpoint", .type = PW_CFG_PATH, .desc = "as for tail"},
    END,
};
const pw_cfg_table pw_source_cfg_jsonl = {.desc = "Events as JSON lines, nested or dotted ECS keys.",
                                          .keys = jsonl_src_keys};

static const pw_cfg_key files_keys[] = {
    {.name = "path", .type = PW_CFG_PATH, .flags = PW_CFG_REQUIRED,
     .desc = "an export file or a directory of them, read once in path order"},
    {.name = "glob", .type = PW_CFG_STRING, .def = "*", .desc = "file name pattern inside a directory"},
    {.name = "recursive", .type = PW_CFG_BOOL, .def = "true", .desc = "descend into subdirectories"},
    {.name = "keep_original", .type = PW_CFG_BOOL, .def = "false",
     .desc = "keep every raw syslog line of .log files in event.original"},
    END,
};
const pw_cfg_table pw_source_cfg_files = {
    .desc = "Event export files read once, the format chosen by the file name exactly as `replay` does: .evtx, "
            ".jsonl/.ndjson (ECS or Winlogbeat lines), .json (lines, or a JSON array of events as Winlogbeat "
            "and Get-WinEvent | ConvertTo-Json write), .xml (wevtutil/Get-WinEvent XML exports), .log (syslog "
            "lines, or timestamped lines such as dpkg.log, CBS.log and pacman.log). Events without a host name "
            "take the name of the directory holding the file.",
    .keys = files_keys};

/* The variant tables are exported: the source registry (ingest/sources.c) points its rows at the same
 * tables, and test_sources checks both lists name the same kinds. */
static const pw_cfg_variant source_variants[] = {
    {"evtx", &pw_source_cfg_evtx}, {"syslog", &pw_source_cfg_syslog}, {"tail", &pw_source_cfg_tail},
    {"feeds", &pw_source_cfg_feeds}, {"jsonl", &pw_source_cfg_jsonl}, {"files", &pw_source_cfg_files},
    {NULL, NULL},
};
const pw_cfg_table pw_source_cfg_table = {
    .desc = "Each entry of `sources` declares one input; `kind` selects its further keys.",
    .keys = source_keys, .variant_key = "kind", .variants = source_variants};

/* ---- stages ---- */

static const pw_cfg_key signatures_keys[] = {
    {.name = "enabled", .type = PW_CFG_BOOL, .def = "true", .desc = "mine signatures from events"},
    {.name = "similarity", .type = PW_CFG_NUMBER, .flags = PW_CFG_RANGE, .min = 0, .max = 1,
     .desc = "token similarity for two messages to share a template (stage default when absent)"},
    {.name = "depth", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 16,
     .desc = "prefix tree depth (stage default when absent)"},
    {.name = "max_clusters", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 10000000,
     .desc = "templates kept; the least recently used are evicted (stage default when absent)"},
    {.name = "state", .type = PW_CFG_PATH, .desc = "file the templates are saved to and loaded from"},
    END,
};
static const pw_cfg_table signatures_table = {.desc = "Signature mining (event -> stable signature id).",
                                              .keys = signatures_keys};

static const pw_cfg_key correlate_keys[] = {
    {.name = "enabled", .type = PW_CFG_BOOL, .def = "true", .desc = "correlate events and advisories"},
    {.name = "shards", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 64, .def = "1",
     .desc = "correlator shards; events are routed by signature hash"},
    {.name = "endpoints", .type = PW_CFG_LIST, .item = PW_CFG_STRING,
     .desc = "one input endpoint per shard, which that shard binds (needed with --stage and shards > 1; "
             "default inproc://shard-K in one process)"},
    {.name = "state", .type = PW_CFG_PATH, .desc = "directory or file for the correlation state (none: memory)"},
    {.name = "inventory", .type = PW_CFG_PATH,
     .desc = "inventory file: hosts with role, cluster, ring and pending updates (docs/correlation.md)"},
    {.name = "threshold", .type = PW_CFG_STRING, .def = "default",
     .desc = "name of the threshold rule applied when no more specific one matches"},
    END,
};
static const pw_cfg_table correlate_table = {.desc = "Correlation of patches, signatures and advisories.",
                                             .keys = correlate_keys};

static const pw_cfg_key stages_keys[] = {
    {.name = "signatures", .type = PW_CFG_OBJECT, .sub = &signatures_table, .desc = "see below"},
    {.name = "correlate", .type = PW_CFG_OBJECT, .sub = &correlate_table, .desc = "see below"},
    END,
};
static const pw_cfg_table stages_table = {.desc = "Settings of the processing stages.", .keys = stages_keys};

/* ---- endpoints ---- */

static const pw_cfg_key endpoints_keys[] = {
    {.name = "events", .type = PW_CFG_STRING, .def = "inproc://events", .check = check_endpoint,
     .desc = "bus endpoint for events (inproc://, ipc:// or tcp://)"},
    {.name = "advisories", .type = PW_CFG_STRING, .def = "inproc://advisories", .check = check_endpoint,
     .desc = "bus endpoint for advisories"},
    {.name = "alerts", .type = PW_CFG_STRING, .def = "inproc://alerts", .check = check_endpoint,
     .desc = "bus endpoint for alerts"},
    {.name = "hwm", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 10000000, .def = "10000",
     .desc = "messages queued per socket before senders block (back-pressure, never drops)"},
    {.name = "curve_secret_file", .type = PW_CFG_PATH,
     .desc = "CURVE secret key file of this process (tcp:// only; `patchwatch bus keygen`)"},
    {.name = "curve_server_public_file", .type = PW_CFG_PATH,
     .desc = "CURVE public key file of the server to connect to (clients)"},
    {.name = "curve_clients_file", .type = PW_CFG_PATH,
     .desc = "CURVE public keys of the clients a binding stage accepts (none: any client with the server key)"},
    END,
};
static const pw_cfg_table endpoints_table = {.desc = "Where the stages meet on the bus.",
                                             .keys = endpoints_keys};

/* ---- sinks ---- */

static const pw_cfg_key sink_keys[] = {
    {.name = "kind", .type = PW_CFG_ENUM, .flags = PW_CFG_REQUIRED, .desc = "where output goes"},
    {.name = "name", .type = PW_CFG_STRING, .flags = PW_CFG_NONEMPTY, .desc = "a name for logs"},
    {.name = "enabled", .type = PW_CFG_BOOL, .def = "true", .desc = "false keeps the sink declared but idle"},
    {.name = "topics", .type = PW_CFG_LIST, .item = PW_CFG_ENUM, .choices = "event|advisory|alert|incident|notification",
     .flags = PW_CFG_NONEMPTY, .def = "[\"alert\"]", .desc = "which bus topics this sink receives"},
    /* the sink engine's keys: the same names, defaults and meaning as sinks/registry.c pw_sink_engine_table
     * (test_sink_engine checks they agree) */
    {.name = "queue_dir", .type = PW_CFG_PATH,
     .desc = "durable queue of a network sink (default: $STATE_DIRECTORY/queue/NAME, else "
             "$XDG_STATE_HOME/patchwatch/queue/NAME, else ~/.local/state/patchwatch/queue/NAME)"},
    {.name = "fsync", .type = PW_CFG_ENUM, .choices = "always|interval|never", .def = "interval",
     .desc = "when the queue is flushed to disk: always (every record), interval (once a second: a power loss "
             "costs at most that), never (the kernel decides)"},
    {.name = "queue_max", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 65536, .max = 1e15, .def = "1073741824",
     .desc = "bytes of undelivered records the queue may hold"},
    {.name = "queue_full", .type = PW_CFG_ENUM, .choices = "drop_oldest|block", .def = "drop_oldest",
     .desc = "at queue_max: drop_oldest (counted and logged) or block (stop taking records off the bus: "
             "back-pressure to the sources)"},
    {.name = "retries", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 1000000, .def = "0",
     .desc = "retries of a record before it goes to the dead-letter file; 0: retry until delivered (nothing is "
             "dropped)"},
    {.name = "dead_letter", .type = PW_CFG_PATH,
     .desc = "JSON lines file for records the receiver refused for good, with the reason (default: "
             "QUEUE_DIR/dead-letter.jsonl; local sinks: logged only)"},
    END,
};

static const pw_cfg_key jsonl_sink_keys[] = {
    {.name = "path", .type = PW_CFG_PATH, .def = "-",
     .desc = "file to append JSON lines to (`-`: stdout; file:PATH; or a bus endpoint); CLI: --out"},
    {.name = "max_size", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 1e15, .def = "0",
     .desc = "rotate the file when it grows past this many bytes (0: never)"},
    {.name = "keep", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 100, .def = "5",
     .desc = "rotated files kept (PATH.1 newest .. PATH.keep)"},
    END,
};
const pw_cfg_table pw_sink_cfg_jsonl = {.name = "sinks[].jsonl", .desc = "JSON lines, one object per line.",
                                       .keys = jsonl_sink_keys};

static const pw_cfg_key syslog_sink_keys[] = {
    {.name = "to", .type = PW_CFG_STRING, .desc = "udp://, tcp:// or tls://HOST:PORT (or give address and transport)"},
    {.name = "address", .type = PW_CFG_STRING, .check = check_hostport,
     .desc = "HOST:PORT of the syslog receiver (with transport)"},
    {.name = "transport", .type = PW_CFG_ENUM, .choices = "udp|tcp|tls", .def = "udp",
     .desc = "udp (RFC 5426), tcp (RFC 6587 octet counting) or tls (RFC 5425; the receiver's certificate and name are "
             "verified)"},
    {.name = "ca_file", .type = PW_CFG_PATH, .desc = "tls: CA certificates (PEM) for the receiver (default: the system store)"},
    {.name = "tls_cert", .type = PW_CFG_PATH, .desc = "tls: this sink's client certificate (PEM), when the receiver asks"},
    {.name = "tls_key", .type = PW_CFG_PATH, .desc = "tls: the client certificate's private key (PEM)"},
    {.name = "format", .type = PW_CFG_ENUM, .choices = "rfc5424|cef", .def = "rfc5424",
     .desc = "RFC 5424 with the JSON as message, or ArcSight CEF"},
    {.name = "facility", .type = PW_CFG_STRING, .def = "local0",
     .desc = "local0 .. local7, daemon, user, ... or 0..23"},
    {.name = "app_name", .type = PW_CFG_STRING, .def = "patchwatch", .desc = "APP-NAME field"},
    {.name = "hostname", .type = PW_CFG_STRING,
     .desc = "HOSTNAME for alerts and advisories (default: this machine; events keep their host.name)"},
    {.name = "connect_timeout", .type = PW_CFG_DURATION, .def = "10s",
     .desc = "limit for one tcp connect or TLS handshake"},
    {.name = "sd_id", .type = PW_CFG_STRING, .def = "patchwatch@32473", .check = check_sd_id,
     .desc = "RFC 5424 SD-ID of the structured data (NAME@PEN; 32473 is the documentation number: use your own)"},
    END,
};
const pw_cfg_table pw_sink_cfg_syslog = {.name = "sinks[].syslog", .desc = "A syslog forwarder (RFC 5424 or CEF).",
                                        .keys = syslog_sink_keys, .one_of = "to|address"};

static const pw_cfg_key http_sink_keys[] = {
    {.name = "url", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED, .check = check_url,
     .desc = "endpoint URL (https:// verifies the certificate); hec and es-bulk add /services/collector/event or "
             "/_bulk to a URL without a path"},
    {.name = "format", .type = PW_CFG_ENUM, .choices = "webhook|hec|es-bulk", .def = "webhook",
     .desc = "webhook (one JSON POST per record), hec (Splunk HTTP Event Collector, batched) or es-bulk "
             "(Elasticsearch/OpenSearch _bulk); CLI: --format or --mode"},
    {.name = "token", .type = PW_CFG_STRING,
     .desc = "token (hec: Authorization: Splunk TOKEN; else Bearer); prefer token_file or token_env"},
    {.name = "token_file", .type = PW_CFG_PATH, .desc = "file holding the token, kept out of the config"},
    {.name = "token_env", .type = PW_CFG_STRING, .def = "PATCHWATCH_HTTP_TOKEN",
     .desc = "environment variable holding the token (used when neither token nor token_file is given)"},
    {.name = "index", .type = PW_CFG_STRING, .desc = "hec index, or es-bulk _index (default: the one in the URL)"},
    {.name = "host", .type = PW_CFG_STRING, .desc = "hec host field (default: the event's host.name, else this machine)"},
    {.name = "source", .type = PW_CFG_STRING, .def = "patchwatch", .desc = "hec source field"},
    {.name = "sourcetype", .type = PW_CFG_STRING, .desc = "hec sourcetype (default: patchwatch:TOPIC)"},
    {.name = "ca_file", .type = PW_CFG_PATH, .desc = "CA bundle to verify the server with (default: system)"},
    {.name = "timeout", .type = PW_CFG_DURATION, .def = "30s", .desc = "limit for one request"},
    {.name = "batch", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 1, .max = 10000, .def = "500",
     .desc = "records per request (hec, es-bulk; webhook sends one)"},
    {.name = "headers", .type = PW_CFG_MAP, .desc = "extra HTTP headers (CLI: --header 'Name: value', repeatable)"},
    {.name = "gzip", .type = PW_CFG_BOOL, .def = "false",
     .desc = "compress request bodies (Content-Encoding: gzip; Elasticsearch, OpenSearch and Splunk HEC accept it): "
             "about a tenth of the bytes for _bulk, for some CPU"},
    END,
};
const pw_cfg_table pw_sink_cfg_http = {
    .name = "sinks[].http", .desc = "HTTP delivery: webhook, Splunk HEC, Elasticsearch _bulk.", .keys = http_sink_keys};

static const pw_cfg_key sqlite_sink_keys[] = {
    {.name = "path", .type = PW_CFG_PATH, .flags = PW_CFG_REQUIRED,
     .desc = "SQLite database file (created if missing), queried by `patchwatch timeline`"},
    {.name = "inventory", .type = PW_CFG_PATH, .desc = "inventory file whose rings the timeline draws"},
    {.name = "evidence_cap", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 100000, .def = "20",
     .desc = "evidence events kept whole per signature (onsets are all counted)"},
    END,
};
const pw_cfg_table pw_sink_cfg_sqlite = {
    .name = "sinks[].sqlite",
    .desc = "The timeline store (SQLite, WAL; docs/timeline.md). It takes events (installs and sampled evidence), "
            "advisories, alerts, incidents and notifications whatever `topics` says.",
    .keys = sqlite_sink_keys};

/* notifiers (incidents/notify.h; docs/notifications.md): they take topic `notification` whatever `topics` says */
static const pw_cfg_key webhook_notify_keys[] = {
    {.name = "url", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED, .check = check_url,
     .desc = "the webhook URL (Slack incoming webhook, or Teams Workflows \"when a webhook request is received\")"},
    {.name = "url_file", .type = PW_CFG_PATH, .desc = "file holding the URL instead (it is a secret), overrides url"},
    {.name = "ca_file", .type = PW_CFG_PATH, .desc = "CA bundle to verify the server with (default: system)"},
    {.name = "timeout", .type = PW_CFG_DURATION, .def = "10s", .desc = "limit for one request"},
    END,
};
const pw_cfg_table pw_sink_cfg_slack = {
    .desc = "Slack: notifications as Block Kit messages to an incoming webhook.", .keys = webhook_notify_keys};
const pw_cfg_table pw_sink_cfg_teams = {
    .desc = "Microsoft Teams: notifications as Adaptive Cards (1.4) to a Workflows webhook.", .keys = webhook_notify_keys};

static const pw_cfg_key smtp_sink_keys[] = {
    {.name = "url", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED, .check = check_smtp_url,
     .desc = "the mail server: smtp://HOST:PORT (add starttls) or smtps://HOST:PORT"},
    {.name = "from", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED | PW_CFG_NONEMPTY,
     .desc = "sender address (envelope MAIL FROM and the From: field)"},
    {.name = "to", .type = PW_CFG_STRING, .flags = PW_CFG_REQUIRED | PW_CFG_NONEMPTY,
     .desc = "recipients, comma-separated (\"Ops <ops@example.org>, oncall@example.org\")"},
    {.name = "starttls", .type = PW_CFG_BOOL, .def = "false", .desc = "require STARTTLS on smtp://"},
    {.name = "username", .type = PW_CFG_STRING, .desc = "SMTP AUTH user (none: no AUTH)"},
    {.name = "password_file", .type = PW_CFG_PATH, .desc = "file holding the SMTP AUTH password"},
    {.name = "ca_file", .type = PW_CFG_PATH, .desc = "CA bundle to verify the server with (default: system)"},
    {.name = "timeout", .type = PW_CFG_DURATION, .def = "30s", .desc = "limit for one message"},
    END,
};
const pw_cfg_table pw_sink_cfg_smtp = {.desc = "Email: notifications as plain-text messages over SMTP (libcurl).",
                                             .keys = smtp_sink_keys};

static const pw_cfg_variant sink_variants[] = {
    {"jsonl", &pw_sink_cfg_jsonl}, {"syslog", &pw_sink_cfg_syslog}, {"http", &pw_sink_cfg_http},
    {"sqlite", &pw_sink_cfg_sqlite}, {"slack", &pw_sink_cfg_slack}, {"teams", &pw_sink_cfg_teams},
    {"smtp", &pw_sink_cfg_smtp}, {NULL, NULL},
};
static const pw_cfg_table sink_table = {
    .desc = "Each entry of `sinks` declares one output; `kind` selects its further keys.",
    .keys = sink_keys, .variant_key = "kind", .variants = sink_variants};

/* ---- notification policy (incidents/notify.h) ---- */

static const pw_cfg_key notify_keys[] = {
    {.name = "on_open", .type = PW_CFG_BOOL, .def = "true", .desc = "tell when an incident opens (never capped or delayed)"},
    {.name = "on_escalated", .type = PW_CFG_BOOL, .def = "true",
     .desc = "tell when an incident escalates (the first time, then only for a new ring)"},
    {.name = "on_resolved", .type = PW_CFG_BOOL, .def = "true", .desc = "tell when an incident resolves"},
    {.name = "early_warnings", .type = PW_CFG_BOOL, .def = "true",
     .desc = "tell about a vendor or community report on an update the fleet has or is about to get"},
    {.name = "digest", .type = PW_CFG_BOOL, .def = "false", .desc = "a daily digest of the open incidents"},
    {.name = "digest_hour", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 23, .def = "8",
     .desc = "UTC hour of the digest"},
    {.name = "cap_per_day", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 1000, .def = "3",
     .desc = "notifications per incident per UTC day (0: no cap); the rest are counted in the digest"},
    {.name = "max_escalations", .type = PW_CFG_INT, .flags = PW_CFG_RANGE, .min = 0, .max = 100, .def = "2",
     .desc = "escalation notifications per incident over its life (0: no limit); later ones stay on the timeline"},
    {.name = "quiet_hours", .type = PW_CFG_STRING, .def = "none", .check = check_quiet,
     .desc = "HH:MM-HH:MM (UTC) when only `open` is told at once; the rest wait for the end, one per incident"},
    END,
};
static const pw_cfg_table notify_table = {
    .name = "notify", .desc = "When people are told about incidents (docs/notifications.md).", .keys = notify_keys};

/* ---- top level ---- */

static const pw_cfg_key metrics_keys[] = {
    {.name = "listen", .type = PW_CFG_STRING, .check = check_hostport,
     .desc = "HOST:PORT of /metrics (Prometheus text format) and /healthz, e.g. 127.0.0.1:9464; keep it local "
             "unless scraped from elsewhere (absent: no metrics server)"},
    END,
};
static const pw_cfg_table metrics_table = {
    .name = "metrics", .desc = "The process's metrics and health endpoints (docs/operations.md).", .keys = metrics_keys};

static const pw_cfg_key top_keys[] = {
    {.name = "rules", .type = PW_CFG_PATH, .def = "rules",
     .desc = "the rules directory (patches, signatures, sources, extract, thresholds)"},
    {.name = "log_level", .type = PW_CFG_ENUM, .choices = "error|warn|info|debug", .def = "warn",
     .desc = "diagnostics on stderr (the command line's -v/--log-level win)"},
    {.name = "sources", .type = PW_CFG_LIST, .item = PW_CFG_OBJECT, .sub = &pw_source_cfg_table,
     .desc = "inputs: event logs, syslog, log files, advisory feeds"},
    {.name = "stages", .type = PW_CFG_OBJECT, .sub = &stages_table, .desc = "stage settings"},
    {.name = "endpoints", .type = PW_CFG_OBJECT, .sub = &endpoints_table, .desc = "bus endpoints"},
    {.name = "sinks", .type = PW_CFG_LIST, .item = PW_CFG_OBJECT, .sub = &sink_table,
     .desc = "outputs for alerts (and, if asked, events and advisories)"},
    {.name = "notify", .type = PW_CFG_OBJECT, .sub = &notify_table,
     .desc = "the notification policy for the slack, teams and smtp sinks"},
    {.name = "metrics", .type = PW_CFG_OBJECT, .sub = &metrics_table,
     .desc = "serve /metrics and /healthz (absent: no metrics server)"},
    END,
};

const pw_cfg_table pw_config_schema = {
    .desc = "A configuration file is one YAML (or JSON) mapping with these keys. Relative paths are "
            "resolved against the directory of the configuration file.",
    .keys = top_keys};
