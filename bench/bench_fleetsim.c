/* bench_fleetsim: writes a seeded fleet scenario directory for `patchwatch replay` and bench/detect.
 *
 * A fleet of N hosts (Windows cluster nodes with CSV, Hyper-V hosts, file servers; Linux servers) logs
 * D days of background events: informational noise, chronic warnings each host repeats, sporadic errors
 * that strike random hosts at random times (the false-alarm trap), random reboots, and the restart noise
 * that follows every reboot. Updates roll out in rings: a monthly cumulative update (bad or benign, per
 * scenario), a concurrent .NET update on a shifted schedule, a Linux package update, and the daily
 * Defender definitions (KB2267602) on every Windows host. A bad update makes a role-specific signature
 * appear on a fraction of the hosts that install it, after a fast or slow onset. Optionally a fleet-wide
 * DNS outage hits patched and unpatched alike, and vendor/community reports arrive before or after the
 * fleet signal. truth.json says what is bad, when the first affected host showed it, and when each ring
 * started.
 *
 * Usage: bench_fleetsim --out DIR [--seed N] [--hosts N] [--days N] [--bad none|csv|hyperv|bitlocker|linux]
 *        [--fraction F] [--slow] [--rare] [--incident] [--no-inventory] [--report before|after|none]
 *        [--noise X] [--linux-share F] [--shards N] [--concurrent none|before|with] [--storage-incident]
 *        [--inventory-share F] [--noisy-hosts F] [--reboot-noise X] [--concurrent after|mixed] [--conc-share F]
 *        [--conc-own-rings] [--bad-share F] [--incident-ring N] [--storage-ring N] [--report early]
 *        [--report-style N]
 * Adversarial options (each drawn from a second random stream, so a scenario without them is unchanged):
 * --concurrent rolls a benign update (KB5062170, or ca-certificates on Linux) out on the same hosts and
 * rings a day before the bad one or in the same session; --storage-incident makes cluster nodes, patched or
 * not, log the CSV-paused signature during the second ring's day; --inventory-share lists only part of the
 * fleet (and 20 % of the listed hosts without a ring); --noisy-hosts gives some hosts 10x sporadic errors
 * and a flapping signature; --reboot-noise adds reboots and restart noise that lasts up to 100 minutes.
 * Concurrent-rollout variety (drawn from the second stream only when asked for): --concurrent after (a day
 * after the bad one) or mixed (before, with or after, per host); --conc-share F: the benign update reaches
 * only F of the bad one's hosts (a subset); --bad-share F: the bad one reaches only F of its platform, the
 * benign one all (a superset); --conc-own-rings: the benign update follows its own ring assignment;
 * --incident-ring N / --storage-ring N: the DNS outage / storage incident on ring N's day of the monthly
 * update. Reports: the wording is drawn from the seed among the templates of k_reports (--report-style N
 * picks one; 0 is the old vendor-like record); --report early puts it three days before any install.
 * Output: DIR/events/shard-NNN.jsonl (up to 100 hosts each, unless --shards says otherwise, their events
 * merged in time order the way a collector writes them: a file host after host would make replay, and the
 * correlator, see one host's whole month before the next host's first hour), DIR/feeds/
 * advisories.jsonl, DIR/inventory.yaml (unless --no-inventory), DIR/truth.json. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HOUR INT64_C(3600000000)
#define DAY (24 * HOUR)
#define MAX_HOSTS 200000
#define FIX_KB "KB5062999" /* the fix a report may name beside the broken update; pending on ring 3 */

/* ---- deterministic PRNG (xoshiro256**) ---- */
static uint64_t rs[4];
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static uint64_t rnd(void)
{
    uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = rotl(rs[3], 45);
    return r;
}
static void seed(uint64_t s)
{
    for (int i = 0; i < 4; i++) {
        s += 0x9e3779b97f4a7c15ULL;
        uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        rs[i] = z ^ (z >> 31);
    }
}
static double urand(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
/* A second stream (splitmix64) for the adversarial options, so that a scenario without them is the same
 * fleet, event for event, as before they existed. */
static uint64_t alt_state;
static double urand2(void)
{
    uint64_t z = (alt_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}
static int64_t irand2(int64_t n) { return n <= 0 ? 0 : (int64_t)(urand2() * (double)n); }
static int64_t irand(int64_t n) { return n <= 0 ? 0 : (int64_t)(rnd() % (uint64_t)n); }
static int poisson(double lambda)
{
    if (lambda <= 0) return 0;
    if (lambda > 30) {
        double g = lambda + sqrt(lambda) * (urand() + urand() + urand() - 1.5) * 2.0;
        return g < 0 ? 0 : (int)g;
    }
    double L = exp(-lambda), p = 1.0;
    int k = 0;
    do {
        k++;
        p *= urand();
    } while (p > L);
    return k - 1;
}

/* ---- event kinds ---- */
typedef struct kind {
    const char *provider; /* Windows provider, or syslog appname for Linux */
    const char *code;     /* event code (Windows), NULL on Linux */
    const char *level;
    const char *msg;      /* %d is replaced by a small number */
    bool linux_;
} kind;

static const kind k_info_win[] = {
    {"Service Control Manager", "7036", "information", "The Windows Update service entered the running state.", 0},
    {"Microsoft-Windows-Security-Auditing", "4624", "information", "An account was successfully logged on. Logon ID 0x%d", 0},
    {"Microsoft-Windows-GroupPolicy", "1502", "information", "The Group Policy settings for the computer were processed successfully. %d changes", 0},
    {"Microsoft-Windows-Time-Service", "37", "information", "The time provider NtpClient is currently receiving valid time data from dc%d.corp.example", 0},
    {"Microsoft-Windows-Kernel-General", "16", "information", "The access history in hive \\??\\C:\\Users\\svc%d\\ntuser.dat was cleared.", 0},
};
static const kind k_info_lin[] = {
    {"sshd", NULL, "info", "Accepted publickey for deploy from 10.0.%d.7 port 50122 ssh2", 1},
    {"CRON", NULL, "info", "(root) CMD (run-parts /etc/cron.hourly %d)", 1},
    {"systemd", NULL, "info", "Started Session %d of user deploy.", 1},
};
static const kind k_chronic[] = {
    {"Microsoft-Windows-DistributedCOM", "10016", "warning", "The application-specific permission settings do not grant Local Activation permission for the COM Server application with CLSID {D63B10C5-BB46-4990-A94F-E40B9D520160} to user NT AUTHORITY\\SYSTEM SID (S-1-5-18) from address LocalHost (%d)", 0},
    {"Schannel", "36887", "error", "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is %d.", 0},
    {"Microsoft-Windows-Time-Service", "129", "warning", "NtpClient was unable to set a domain peer to use as a time source because of discovery error %d.", 0},
    {"disk", "153", "warning", "The IO operation at logical block address 0x%d for Disk 1 was retried.", 0},
    {"kernel", NULL, "warning", "EXT4-fs (sdb1): warning: mounting fs with errors, running e2fsck is recommended %d", 1},
    {"smartd", NULL, "warning", "Device: /dev/sda [SAT], %d Currently unreadable (pending) sectors", 1},
};
#define N_CHRONIC_WIN 4
#define N_CHRONIC_LIN 2
static const kind k_sporadic_win[] = {
    {"Microsoft-Windows-WMI", "10", "error", "Event filter with query \"SELECT * FROM __InstanceModificationEvent WITHIN %d\" could not be reactivated in namespace \"//./root/CIMV2\".", 0},
    {"Application Error", "1000", "error", "Faulting application name: svchost.exe_%d, version: 10.0.20348.1, faulting module name: ntdll.dll", 0},
    {"Microsoft-Windows-DNS-Client", "8019", "warning", "The system failed to register host (A or AAAA) resource records for network adapter %d", 0},
    {"Microsoft-Windows-Kernel-Processor-Power", "37", "warning", "The speed of processor %d in group 0 is being limited by system firmware.", 0},
    {"Service Control Manager", "7031", "error", "The Print Spooler service terminated unexpectedly. It has done this %d time(s).", 0},
    {"Microsoft-Windows-TerminalServices-LocalSessionManager", "36", "error", "An error occurred when transitioning from CsrConnected in response to EvCsrInitialized. %d", 0},
    {"NETLOGON", "5719", "error", "This computer was not able to set up a secure session with a domain controller in domain CORP due to %d", 0},
    {"Microsoft-Windows-FailoverClustering", "1135", "error", "Cluster node 'node%d' was removed from the active failover cluster membership.", 0},
    {"Microsoft-Windows-Ntfs", "98", "warning", "Volume \\\\?\\Volume{%d} needs to be taken offline to perform a Full Chkdsk.", 0},
    {"volsnap", "25", "error", "The shadow copies of volume D: were deleted because the shadow copy storage could not grow in time. %d", 0},
    {"Microsoft-Windows-Hyper-V-VMMS", "16000", "warning", "The Hyper-V Virtual Machine Management service encountered an unexpected error: %d", 0},
    {"LsaSrv", "40960", "warning", "The Security System detected an authentication error for the server cifs/fs%d.", 0},
};
static const kind k_sporadic_lin[] = {
    {"systemd", NULL, "err", "backup-%d.service: Failed with result 'exit-code'.", 1},
    {"kernel", NULL, "err", "nfs: server nas%d not responding, still trying", 1},
    {"sshd", NULL, "warning", "error: kex_exchange_identification: Connection closed by remote host %d", 1},
    {"postfix/smtp", NULL, "warning", "connect to mx%d.example.net[192.0.2.1]:25: Connection timed out", 1},
    {"kernel", NULL, "err", "Out of memory: Killed process %d (java) total-vm:812344kB", 1},
};
static const kind k_restart_win[] = {
    {"Service Control Manager", "7000", "error", "The Remote Access Connection Manager service failed to start due to the following error: %d", 0},
    {"Service Control Manager", "7009", "error", "A timeout was reached (30000 milliseconds) while waiting for the Windows Search service to connect. %d", 0},
    {"Microsoft-Windows-DistributedCOM", "10010", "error", "The server {9BA05972-F6A8-11CF-A442-00A0C90A8F39} did not register with DCOM within the required timeout. %d", 0},
    {"Microsoft-Windows-WMI", "28", "warning", "WMI ADAP was unable to create the object Win32_Perf_%d for Performance Library", 0},
    {"Microsoft-Windows-Kernel-Boot", "29", "error", "Windows failed fast startup with error status 0xC00000D4. %d", 0},
};
static const kind k_restart_lin[] = {
    {"systemd", NULL, "err", "Failed to start Load Kernel Module drm %d.", 1},
    {"kernel", NULL, "warning", "ACPI Error: AE_NOT_FOUND, While resolving a named reference package element %d", 1},
    {"systemd-udevd", NULL, "warning", "Could not generate persistent MAC address for veth%d: No such file or directory", 1},
};
static const kind k_incident_win = {"Microsoft-Windows-DNS-Client", "1014", "warning", "Name resolution for the name fs%d.corp.example timed out after none of the configured DNS servers responded.", 0};
static const kind k_storage_win = {"Microsoft-Windows-StorPort", "129", "warning", "Reset to device, \\Device\\RaidPort%d, was issued.", 0};
static const kind k_incident_lin = {"systemd-resolved", NULL, "warning", "Transaction %d for <fs1.corp.example IN A> scope dns on eth0/*: timeout", 1};
static const kind k_bad[] = {
    {"Microsoft-Windows-FailoverClustering", "5120", "error", "Cluster Shared Volume 'Volume%d' ('Cluster Disk 2') has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'. All I/O will temporarily be queued until a path to the volume is reestablished.", 0},
    {"Microsoft-Windows-Hyper-V-VMMS", "18590", "error", "'VM%d' has encountered a fatal error. The guest operating system reported that it failed with the following error codes: ErrorCode0: 0x7E.", 0},
    {"Microsoft-Windows-BitLocker-Driver", "24620", "error", "Encrypted volume check: Volume information on C: cannot be read (%d). BitLocker recovery was triggered.", 0},
    {"nginx", NULL, "err", "SSL_CTX_use_PrivateKey(\"/etc/ssl/private/site%d.key\") failed (SSL: error:1E08010C:DECODER routines::unsupported)", 1},
};
enum { ROLE_CLUSTER = 0, ROLE_HYPERV, ROLE_FILE, ROLE_LINUX };
static const char *role_name[] = {"cluster-node", "hyperv", "file-server", "linux"};

typedef struct host {
    char name[32];
    int role, ring, ring2; /* ring2: the ring of the concurrent .NET update (its own schedule) */
    bool lin;
    int chronic[2];
    double chronic_rate[2]; /* per hour */
    bool affected;          /* the bad update breaks this one */
    bool noisy;             /* --noisy-hosts: 10x sporadic errors, one flapping signature */
    bool listed;            /* in the inventory (--inventory-share) */
    bool ring_listed;       /* the inventory gives its ring */
    int64_t bad_onset_delay;
    bool skip_mate;         /* --bad-share: the bad (monthly) update is not rolled out here */
    bool no_conc;           /* --conc-share: the concurrent benign update is not rolled out here */
    int conc_mode;          /* the concurrent update's timing on this host (1 before, 2 with, 3 after) */
    int conc_ring;          /* --conc-own-rings: the benign update's own ring */
} host;

typedef struct ev {
    int64_t ts;
    const kind *k;
    int n;                 /* number for %d */
    const char *special;   /* preformatted message for installs/reboots */
    int special_kind;      /* 1 WU install, 2 reboot(6005), 3 dpkg, 4 kernel boot */
    int host;              /* index into the hosts, set when the event joins its shard */
    size_t seq;            /* position in the shard, to keep each host's own order among equal times */
} ev;

typedef struct evvec {
    ev *v;
    size_t n, cap;
} evvec;

static void push(evvec *e, ev x)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 1024;
        e->v = realloc(e->v, e->cap * sizeof *e->v);
        if (!e->v) {
            fprintf(stderr, "fleetsim: out of memory\n");
            exit(1);
        }
    }
    e->v[e->n++] = x;
}

static int cmp_ev(const void *a, const void *b)
{
    const ev *x = a, *y = b;
    return x->ts < y->ts ? -1 : x->ts > y->ts;
}

/* A shard's events by time; equal times by host, then by the order the host's own (sorted) events had. */
static int cmp_shard_ev(const void *a, const void *b)
{
    const ev *x = a, *y = b;
    if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
    if (x->host != y->host) return x->host < y->host ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- output ---- */
static void fmt_ts(int64_t us, char out[64])
{
    int64_t s = us / 1000000, frac = us % 1000000;
    int64_t days = s / 86400, rem = s % 86400;
    /* civil from days (Howard Hinnant) */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", (int)y, (int)m, (int)d, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60), (int)frac);
}

static void json_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        fputc(*s, f);
    }
}

static uint64_t nevents;

static void write_event(FILE *f, const host *h, const ev *e)
{
    char ts[64], msg[512];
    fmt_ts(e->ts, ts);
    nevents++;
    if (e->special_kind == 1) { /* WindowsUpdateClient 19 */
        fprintf(f, "{\"@timestamp\":\"%s\",\"host\":{\"name\":\"%s\"},\"event\":{\"code\":\"19\",\"provider\":\"Microsoft-Windows-WindowsUpdateClient\"},"
                   "\"log\":{\"level\":\"information\"},\"winlog\":{\"channel\":\"System\",\"event_data\":{\"updateTitle\":\"",
                ts, h->name);
        json_escape(f, e->special);
        fprintf(f, "\"}},\"message\":\"Installation Successful: Windows successfully installed the following update: ");
        json_escape(f, e->special);
        fputs("\"}\n", f);
        return;
    }
    if (e->special_kind == 2) {
        fprintf(f, "{\"@timestamp\":\"%s\",\"host\":{\"name\":\"%s\"},\"event\":{\"code\":\"6005\",\"provider\":\"EventLog\"},"
                   "\"log\":{\"level\":\"information\"},\"winlog\":{\"channel\":\"System\"},\"message\":\"The Event log service was started.\"}\n",
                ts, h->name);
        return;
    }
    if (e->special_kind == 3) {
        char day[64];
        fmt_ts(e->ts, day);
        day[10] = ' ';
        day[19] = '\0';
        fprintf(f, "{\"@timestamp\":\"%s\",\"host\":{\"name\":\"%s\"},\"log\":{\"file\":{\"path\":\"/var/log/dpkg.log\"}},"
                   "\"message\":\"%s status installed %s\"}\n",
                ts, h->name, day, e->special);
        return;
    }
    if (e->special_kind == 4) {
        fprintf(f, "{\"@timestamp\":\"%s\",\"host\":{\"name\":\"%s\"},\"log\":{\"level\":\"info\",\"syslog\":{\"appname\":\"kernel\"}},"
                   "\"message\":\"Linux version 6.1.0-%d-amd64 (debian-kernel@lists.debian.org)\"}\n",
                ts, h->name, e->n);
        return;
    }
    const kind *k = e->k;
    snprintf(msg, sizeof msg, k->msg, e->n);
    if (k->linux_) {
        fprintf(f, "{\"@timestamp\":\"%s\",\"host\":{\"name\":\"%s\"},\"log\":{\"level\":\"%s\",\"syslog\":{\"appname\":\"%s\"}},\"message\":\"",
                ts, h->name, k->level, k->provider);
    } else {
        fprintf(f, "{\"@timestamp\":\"%s\",\"host\":{\"name\":\"%s\"},\"event\":{\"code\":\"%s\",\"provider\":\"%s\"},"
                   "\"log\":{\"level\":\"%s\"},\"winlog\":{\"channel\":\"System\"},\"message\":\"",
                ts, h->name, k->code, k->provider, k->level);
    }
    json_escape(f, msg);
    fputs("\"}\n", f);
}

/* ---- community reports ----
 * How people actually write about a bad update: questions, sarcasm, other languages, a fix KB named beside
 * the broken one, the KB as a bare number or a support link, no status and no pre-extracted fields (report
 * understanding has to find them). Style 0 is the old vendor-like record with its fields filled in.
 * Placeholders: %K the update (KB5062557, or "openssl 3.0.17-1~deb12u2"), %N its bare number, %C the event
 * id (or, on Linux, the error text), %P the component, %F the fix KB (KB5062999, pending in the inventory:
 * a warning that names it is wrong). */
typedef struct report_tmpl {
    const char *source, *title, *text;
    bool fix; /* names the fix KB */
} report_tmpl;
static const report_tmpl k_reports[] = {
    {"reddit-sysadmin", "%K known issue: %P errors after installing", "After installing %K several admins see %P %C errors.", 0},
    {"reddit-sysadmin", "Anyone else seeing %P %C after %K?", "Since last night's patching two of our nodes log event %C every few hours. Rolled back %K on one of them and it went quiet. Anyone else?", 0},
    {"reddit-sysadmin", "Great, another Patch Tuesday: %K broke %P", "Thanks Microsoft, %K is a real gem. Event ID %C all over the place since the install. Uninstalling it for now.", 0},
    {"administrator.de", "%K verursacht Fehler %C (%P)", "Nach der Installation von %K sehen wir auf mehreren Servern die Ereignis-ID %C. Die Deinstallation behebt das Problem.", 0},
    {"foro-sysadmin-es", "Problemas tras instalar %K: evento %C", "Después de instalar %K varios servidores muestran el código de evento %C. ¿A alguien más le pasa?", 0},
    {"forum-fr", "%K : erreurs %C sur %P après la mise à jour", "Depuis l'installation de %K, l'événement %C apparaît sur nos nœuds. Quelqu'un d'autre ?", 0},
    {"tweakers-nl", "%K zorgt voor problemen met %P", "Na installatie van %K zien wij gebeurtenis %C op meerdere servers. Update teruggedraaid.", 0},
    {"qiita-ja", "%K 適用後に %P のエラー %C", "%K をインストールした後、複数のサーバーでイベント ID %C が発生しています。", 0},
    {"reddit-sysadmin", "%K breaks %P (event %C) - %F fixes it?", "After %K our servers log %C. Microsoft says the out-of-band update %F fixes it, but %F is not in our channel yet.", 1},
    {"windows-forum", "Update %N broke %P", "Update %N (see support.microsoft.com/kb/%N) went in yesterday and now %P logs %C every few hours. Boot is fine, the service is not.", 0},
    {"askwoody", "Hold off on %K", "Reports are coming in that %K causes %P failures, event %C. If you have not installed it yet, pause it; %F is expected to fix it.", 1},
};
#define N_REPORT_STYLES (int)(sizeof k_reports / sizeof k_reports[0])

/* Expands a report template into out (JSON-escaped by the caller). */
static void report_fmt(char *out, size_t cap, const char *tmpl, const char *kb, const char *code, const char *comp,
                       const char *fix)
{
    size_t o = 0;
    const char *num = kb;
    while (*num && (*num < '0' || *num > '9')) num++;
    for (const char *t = tmpl; *t && o + 1 < cap; t++) {
        const char *rep = NULL;
        if (*t == '%' && t[1]) {
            switch (t[1]) {
            case 'K': rep = kb; break;
            case 'N': rep = num; break;
            case 'C': rep = code; break;
            case 'P': rep = comp; break;
            case 'F': rep = fix; break;
            default: break;
            }
        }
        if (!rep) {
            out[o++] = *t;
            continue;
        }
        t++;
        for (; *rep && o + 1 < cap; rep++) out[o++] = *rep;
    }
    out[o] = '\0';
}

/* ---- scenario ---- */
typedef struct update {
    const char *id;        /* KB or package=version */
    const char *title;
    bool lin, bad, daily;
    int64_t day0;          /* rollout start (µs) */
    int ring_offset_days[4];
} update;

static struct {
    const char *out, *bad, *report;
    uint64_t seed;
    int hosts, days, shards;
    double fraction, noise, linux_share;
    bool slow, rare, incident, inventory;
    const char *concurrent;  /* none | before | with: a benign update on the bad one's hosts and rings */
    bool storage_incident;   /* a second fleet-wide incident, during the bad rollout's second ring */
    double inventory_share;  /* fraction of hosts the inventory lists (partial inventories) */
    double noisy_hosts;      /* fraction of hosts with 10x sporadic errors and flapping signatures */
    double reboot_noise;     /* multiplier on random reboots; restart noise may last up to 100 minutes */
    double conc_share;       /* fraction of the bad update's hosts that also get the benign one (subset) */
    bool conc_own_rings;     /* the benign update follows its own ring assignment, not the bad one's */
    double bad_share;        /* fraction of its platform the bad update rolls out to (the benign one: all, a
                                superset of the bad one's hosts) */
    int incident_ring;       /* -1: the fleet-wide incident at 60 % of the period; else on that ring's day */
    int storage_ring;        /* the ring whose day the storage incident hits (1) */
    int report_style;        /* -1: drawn from the seed; else one of the report templates */
} opt = {NULL, "csv", "none", 1, 50, 30, 0, 0.5, 1.0, 0.2, false, false, false, true, "none", false, 1.0, 0.0, 1.0,
         1.0, false, 1.0, -1, 1, -1};

static void mkdirs(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(tmp, 0755);
        *p = '/';
    }
    mkdir(tmp, 0755);
}

/* Writes a shard's events in time order and closes the file; the shard is empty afterwards. */
static void write_shard(FILE *f, const host *hs, evvec *shard)
{
    qsort(shard->v, shard->n, sizeof *shard->v, cmp_shard_ev);
    for (size_t k = 0; k < shard->n; k++) write_event(f, &hs[shard->v[k].host], &shard->v[k]);
    shard->n = 0;
    fclose(f);
}

/* Writes the n lines of buf to path, ordered by ts[] (ties in the order written). */
static int write_in_time_order(const char *path, char *buf, const int64_t *ts, size_t n)
{
    char *line[8];
    size_t k = 0;
    for (char *p = buf, *nl; k < n && k < 8 && (nl = strchr(p, '\n')); p = nl + 1) {
        *nl = '\0';
        line[k++] = p;
    }
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    bool done[8] = {0};
    for (size_t w = 0; w < k; w++) { /* a handful of lines: selection by time */
        size_t best = k;
        for (size_t j = 0; j < k; j++)
            if (!done[j] && (best == k || ts[j] < ts[best])) best = j;
        done[best] = true;
        fprintf(f, "%s\n", line[best]);
    }
    return fclose(f);
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        {"out", required_argument, NULL, 'o'},      {"seed", required_argument, NULL, 's'},
        {"hosts", required_argument, NULL, 'n'},    {"days", required_argument, NULL, 'd'},
        {"bad", required_argument, NULL, 'b'},      {"fraction", required_argument, NULL, 'f'},
        {"slow", no_argument, NULL, 'S'},           {"rare", no_argument, NULL, 'R'},
        {"incident", no_argument, NULL, 'I'},       {"no-inventory", no_argument, NULL, 'N'},
        {"report", required_argument, NULL, 'r'},   {"noise", required_argument, NULL, 'x'},
        {"linux-share", required_argument, NULL, 'l'}, {"shards", required_argument, NULL, 'k'},
        {"concurrent", required_argument, NULL, 'C'}, {"storage-incident", no_argument, NULL, 'T'},
        {"inventory-share", required_argument, NULL, 'P'}, {"noisy-hosts", required_argument, NULL, 'H'},
        {"reboot-noise", required_argument, NULL, 'B'},
        {"conc-share", required_argument, NULL, 'c'}, {"conc-own-rings", no_argument, NULL, 'O'},
        {"bad-share", required_argument, NULL, 'u'}, {"incident-ring", required_argument, NULL, 'i'},
        {"storage-ring", required_argument, NULL, 't'}, {"report-style", required_argument, NULL, 'y'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "o:s:n:d:b:f:SRINr:x:l:k:C:TP:H:B:c:Ou:i:t:y:", lo, NULL)) != -1) {
        switch (c) {
        case 'o': opt.out = optarg; break;
        case 's': opt.seed = strtoull(optarg, NULL, 10); break;
        case 'n': opt.hosts = atoi(optarg); break;
        case 'd': opt.days = atoi(optarg); break;
        case 'b': opt.bad = optarg; break;
        case 'f': opt.fraction = atof(optarg); break;
        case 'S': opt.slow = true; break;
        case 'R': opt.rare = true; break;
        case 'I': opt.incident = true; break;
        case 'N': opt.inventory = false; break;
        case 'r': opt.report = optarg; break;
        case 'x': opt.noise = atof(optarg); break;
        case 'l': opt.linux_share = atof(optarg); break;
        case 'k': opt.shards = atoi(optarg); break;
        case 'C': opt.concurrent = optarg; break;
        case 'T': opt.storage_incident = true; break;
        case 'P': opt.inventory_share = atof(optarg); break;
        case 'H': opt.noisy_hosts = atof(optarg); break;
        case 'B': opt.reboot_noise = atof(optarg); break;
        case 'c': opt.conc_share = atof(optarg); break;
        case 'O': opt.conc_own_rings = true; break;
        case 'u': opt.bad_share = atof(optarg); break;
        case 'i': opt.incident_ring = atoi(optarg); break;
        case 't': opt.storage_ring = atoi(optarg); break;
        case 'y': opt.report_style = atoi(optarg); break;
        default: fprintf(stderr, "usage: see the comment at the top of bench/bench_fleetsim.c\n"); return 2;
        }
    }
    if (strcmp(opt.concurrent, "none") != 0 && strcmp(opt.concurrent, "before") != 0 &&
        strcmp(opt.concurrent, "with") != 0 && strcmp(opt.concurrent, "after") != 0 &&
        strcmp(opt.concurrent, "mixed") != 0) {
        fprintf(stderr, "bench_fleetsim: --concurrent none|before|with|after|mixed\n");
        return 2;
    }
    if (opt.incident_ring > 3 || opt.storage_ring < 0 || opt.storage_ring > 3 || opt.report_style >= N_REPORT_STYLES) {
        fprintf(stderr, "bench_fleetsim: --incident-ring and --storage-ring 0..3, --report-style < %d\n", N_REPORT_STYLES);
        return 2;
    }
    if (!opt.out || opt.hosts < 10 || opt.hosts > MAX_HOSTS || opt.days < 20 || opt.days > 120) {
        fprintf(stderr, "bench_fleetsim: --out DIR required; 10 <= hosts <= %d; 20 <= days <= 120\n", MAX_HOSTS);
        return 2;
    }
    seed(opt.seed);
    alt_state = opt.seed ^ 0x5deece66dULL;
    int bad_kind = strcmp(opt.bad, "csv") == 0 ? 0 : strcmp(opt.bad, "hyperv") == 0 ? 1
                 : strcmp(opt.bad, "bitlocker") == 0 ? 2 : strcmp(opt.bad, "linux") == 0 ? 3 : -1;
    const int64_t t0 = INT64_C(1782864000) * 1000000; /* 2026-07-01T00:00:00Z */
    const int64_t tend = t0 + opt.days * DAY;
    /* the monthly update lands after a week of baseline, rings at +0, +2, +5, +9 days */
    int64_t pt = t0 + (opt.days >= 30 ? 9 : 8) * DAY;
    update ups[4] = {
        {"KB5062557", "2026-07 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5062557)", false, bad_kind >= 0 && bad_kind < 3, false, pt, {0, 2, 5, 9}},
        {"KB5062066", "2026-07 Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for Microsoft server operating system version 21H2 for x64 (KB5062066)", false, false, false, pt - 1 * DAY, {0, 3, 6, 10}},
        {"openssl=3.0.17-1~deb12u2", "openssl", true, bad_kind == 3, false, pt + 1 * DAY, {0, 2, 5, 9}},
        {"KB2267602", "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.433.%d.0)", false, false, true, t0, {0, 0, 0, 0}},
    };
    /* the concurrent benign update: rolled out on the bad (or monthly) update's hosts and rings, a day before
     * it or in the same session */
    int conc = strcmp(opt.concurrent, "before") == 0 ? 1 : strcmp(opt.concurrent, "with") == 0 ? 2
             : strcmp(opt.concurrent, "after") == 0 ? 3 : strcmp(opt.concurrent, "mixed") == 0 ? 4 : 0;
    const update *mate = bad_kind == 3 ? &ups[2] : &ups[0];
    update cu = mate->lin
        ? (update){"ca-certificates=20230311+deb12u2", "ca-certificates", true, false, false, 0, {0, 2, 5, 9}}
        : (update){"KB5062170", "2026-07 Servicing Stack Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5062170)", false, false, false, 0, {0, 3, 6, 10}};
    cu.day0 = mate->day0 - (conc == 1 ? DAY : 0) + (conc == 3 ? DAY : 0);
    /* hosts */
    host *hs = calloc((size_t)opt.hosts, sizeof *hs);
    if (!hs) return 1;
    int nlin = (int)(opt.hosts * opt.linux_share);
    for (int i = 0; i < opt.hosts; i++) {
        host *h = &hs[i];
        h->lin = i >= opt.hosts - nlin;
        h->role = h->lin ? ROLE_LINUX : (int)(i % 3);
        snprintf(h->name, sizeof h->name, "%s%05d", h->lin ? "lnx" : h->role == ROLE_CLUSTER ? "clu" : h->role == ROLE_HYPERV ? "hv" : "fs", i);
        double u = urand();
        h->ring = u < 0.08 ? 0 : u < 0.28 ? 1 : u < 0.62 ? 2 : 3;
        double u2 = urand();
        h->ring2 = u2 < 0.08 ? 0 : u2 < 0.28 ? 1 : u2 < 0.62 ? 2 : 3;
        for (int k = 0; k < 2; k++) {
            h->chronic[k] = h->lin ? N_CHRONIC_WIN + (int)irand(N_CHRONIC_LIN) : (int)irand(N_CHRONIC_WIN);
            h->chronic_rate[k] = urand() < 0.5 ? 0.0 : 0.1 + urand() * 0.6;
        }
        h->noisy = opt.noisy_hosts > 0 && urand2() < opt.noisy_hosts;
        h->listed = opt.inventory_share >= 1.0 || urand2() < opt.inventory_share;
        h->ring_listed = opt.inventory_share >= 1.0 || urand2() < 0.8;
        /* the new concurrent-rollout variety draws only when asked for, so older scenarios stay the same */
        h->skip_mate = opt.bad_share < 1.0 && urand2() >= opt.bad_share;
        h->no_conc = opt.conc_share < 1.0 && urand2() >= opt.conc_share;
        h->conc_mode = conc == 4 ? 1 + (int)irand2(3) : conc;
        if (opt.conc_own_rings) {
            double u3 = urand2();
            h->conc_ring = u3 < 0.08 ? 0 : u3 < 0.28 ? 1 : u3 < 0.62 ? 2 : 3;
        } else h->conc_ring = h->ring;
    }
    /* which hosts the bad update breaks */
    int target_role = bad_kind == 0 ? ROLE_CLUSTER : bad_kind == 1 ? ROLE_HYPERV : bad_kind == 2 ? ROLE_FILE : ROLE_LINUX;
    int naff = 0, rare_left = 3;
    for (int i = 0; i < opt.hosts && bad_kind >= 0; i++) {
        host *h = &hs[i];
        bool cand = bad_kind == 2 ? !h->lin : h->role == target_role;
        if (!cand || h->skip_mate) continue; /* a host the update never reaches cannot be broken by it */
        if (opt.rare) {
            /* rare: exactly three hosts in the whole fleet, in ring 1 or later */
            if (rare_left > 0 && h->ring >= 1 && urand() < 0.2) {
                h->affected = true;
                rare_left--;
            }
        } else if (urand() < opt.fraction) h->affected = true;
        if (h->affected) {
            naff++;
            h->bad_onset_delay = opt.slow ? 24 * HOUR + irand(48 * HOUR) : 3 * HOUR + irand(6 * HOUR);
        }
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/events", opt.out);
    mkdirs(path);
    snprintf(path, sizeof path, "%s/feeds", opt.out);
    mkdirs(path);
    int shards = opt.shards > 0 ? opt.shards : (opt.hosts + 99) / 100;
    int per_shard = (opt.hosts + shards - 1) / shards;
    int64_t incident_at = t0 + (int64_t)(opt.days * 0.6) * DAY + 14 * HOUR;
    if (opt.incident_ring >= 0) { /* on a ring's day of the monthly update, hours after its installs */
        const update *m = bad_kind == 3 ? &ups[2] : &ups[0];
        incident_at = m->day0 + m->ring_offset_days[opt.incident_ring] * DAY + 6 * HOUR + irand2(10 * HOUR);
    }
    int64_t first_aff = INT64_MAX;
    int64_t *ring_start = calloc(4, sizeof(int64_t));
    int64_t *bad_install = calloc((size_t)opt.hosts, sizeof(int64_t));
    int nbad_onset_before_last = 0;
    update *badu = NULL;
    for (int u = 0; u < 3; u++)
        if (ups[u].bad) badu = &ups[u];
    for (int r = 0; r < 4; r++) ring_start[r] = badu ? badu->day0 + badu->ring_offset_days[r] * DAY : 0;
    evvec e = {0}, shard = {0};
    FILE *f = NULL;
    for (int i = 0; i < opt.hosts; i++) {
        if (i % per_shard == 0) {
            if (f) write_shard(f, hs, &shard);
            snprintf(path, sizeof path, "%s/events/shard-%03d.jsonl", opt.out, i / per_shard);
            f = fopen(path, "w");
            if (!f) {
                fprintf(stderr, "bench_fleetsim: %s: %s\n", path, strerror(errno));
                return 1;
            }
            setvbuf(f, NULL, _IOFBF, 1 << 20);
        }
        host *h = &hs[i];
        e.n = 0;
        /* reboots: random ones, plus one after each (non-daily) update install */
        int64_t reboots[64];
        int nreb = 0;
        for (int64_t d = t0 + DAY; d < tend && nreb < 40; d += 7 * DAY)
            if (urand() < 0.08) reboots[nreb++] = d + irand(7 * DAY);
        for (int64_t d = t0 + DAY; opt.reboot_noise > 1.0 && d < tend && nreb < 48; d += 7 * DAY)
            if (urand2() < 0.08 * (opt.reboot_noise - 1.0)) reboots[nreb++] = d + irand2(7 * DAY);
        int64_t mate_at = 0;
        for (int u = 0; u < 3; u++) {
            update *up = &ups[u];
            if (up->lin != h->lin) continue;
            int ring = u == 1 ? h->ring2 : h->ring;
            int64_t at = up->day0 + up->ring_offset_days[ring] * DAY + HOUR + irand(4 * HOUR);
            if (at >= tend) continue;
            if (up == mate) mate_at = at;
            if (up == mate && h->skip_mate) continue;
            if (up->bad) bad_install[i] = at;
            ev x = {.ts = at, .special = up->lin ? "openssl:amd64 3.0.17-1~deb12u2" : up->title, .special_kind = up->lin ? 3 : 1};
            push(&e, x);
            if (!h->lin) reboots[nreb++] = at + 5 * 60 * 1000000LL + irand(10 * 60 * 1000000LL);
            else reboots[nreb++] = at + 60 * 1000000LL; /* services restarted by the upgrade */
            if (up->bad && h->affected) {
                /* the symptom: starts after the onset delay, then recurs every few hours */
                int64_t s = at + h->bad_onset_delay;
                if (s - at > 2 * HOUR && s < first_aff) first_aff = s;
                if (s < ring_start[3]) nbad_onset_before_last++;
                while (s < tend) {
                    push(&e, (ev){.ts = s, .k = &k_bad[bad_kind], .n = (int)irand(4) + 1});
                    s += HOUR + irand(5 * HOUR);
                }
            }
        }
        if (conc && mate_at && cu.lin == h->lin && !h->no_conc) {
            /* before / after: a day earlier / later on the same ring (or its own, --conc-own-rings); with: the
             * same session on 70 % of the hosts, its own ring schedule on the rest; mixed: one of the three
             * per host */
            int cm = h->conc_mode;
            int64_t base = opt.conc_own_rings
                ? mate->day0 + mate->ring_offset_days[h->conc_ring] * DAY + HOUR + irand2(4 * HOUR) : mate_at;
            int64_t at = cm == 1 ? base - DAY + irand2(2 * HOUR) - HOUR
                         : cm == 3 ? base + DAY + irand2(2 * HOUR) - HOUR
                         : urand2() < 0.7 ? base - 5 * 60 * 1000000LL - irand2(10 * 60 * 1000000LL)
                                          : cu.day0 + cu.ring_offset_days[h->ring2] * DAY + HOUR + irand2(4 * HOUR);
            if (at < tend) {
                push(&e, (ev){.ts = at, .special = cu.lin ? "ca-certificates:all 20230311+deb12u2" : cu.title,
                              .special_kind = cu.lin ? 3 : 1});
                if (nreb < 64) reboots[nreb++] = at + (cu.lin ? 60 * 1000000LL : 5 * 60 * 1000000LL + irand2(10 * 60 * 1000000LL));
            }
        }
        for (int r = 0; r < nreb; r++) {
            int64_t at = reboots[r];
            push(&e, (ev){.ts = at, .special_kind = h->lin ? 4 : 2, .n = 20 + (int)irand(5)});
            /* restart noise within the hour */
            int nn = 2 + (int)irand(3);
            for (int k = 0; k < nn; k++) {
                const kind *kk = h->lin ? &k_restart_lin[irand(3)] : &k_restart_win[irand(5)];
                push(&e, (ev){.ts = at + 60 * 1000000LL + irand(50 * 60 * 1000000LL), .k = kk, .n = (int)irand(9)});
            }
            if (opt.reboot_noise > 1.0) { /* slow services: restart noise up to 100 minutes after the boot */
                const kind *kk = h->lin ? &k_restart_lin[irand2(3)] : &k_restart_win[irand2(5)];
                push(&e, (ev){.ts = at + 50 * 60 * 1000000LL + irand2(50 * 60 * 1000000LL), .k = kk, .n = (int)irand2(9)});
            }
        }
        /* Defender definitions, daily, no reboot */
        if (!h->lin)
            for (int64_t d = t0; d < tend; d += DAY) {
                static char titles[8][200];
                int v = (int)irand(8);
                snprintf(titles[v], sizeof titles[v], "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.433.%d.0)", 100 + v);
                push(&e, (ev){.ts = d + irand(DAY), .special = titles[v], .special_kind = 1});
            }
        /* background */
        for (int64_t hr = t0; hr < tend; hr += HOUR) {
            int ni = poisson(5.0 * opt.noise);
            for (int k = 0; k < ni; k++) {
                const kind *kk = h->lin ? &k_info_lin[irand(3)] : &k_info_win[irand(5)];
                push(&e, (ev){.ts = hr + irand(HOUR), .k = kk, .n = (int)irand(100)});
            }
            for (int c2 = 0; c2 < 2; c2++)
                if (urand() < h->chronic_rate[c2])
                    push(&e, (ev){.ts = hr + irand(HOUR), .k = &k_chronic[h->chronic[c2]], .n = (int)irand(9)});
            /* sporadic errors: each host sees one every ~2 days on average, of a random kind */
            if (urand() < 0.02 * opt.noise) {
                const kind *kk = h->lin ? &k_sporadic_lin[irand(5)] : &k_sporadic_win[irand(12)];
                push(&e, (ev){.ts = hr + irand(HOUR), .k = kk, .n = (int)irand(9)});
            }
            if (h->noisy) {
                /* a noisy host: many more sporadic errors, and one signature that flaps in multi-day bursts */
                if (urand2() < 0.2 * opt.noise) {
                    const kind *kk = h->lin ? &k_sporadic_lin[irand2(5)] : &k_sporadic_win[irand2(12)];
                    push(&e, (ev){.ts = hr + irand2(HOUR), .k = kk, .n = (int)irand2(9)});
                }
                int64_t day = (hr - t0) / DAY;
                if ((day / 3 + i) % 3 == 0 && urand2() < 0.3) {
                    const kind *kk = h->lin ? &k_sporadic_lin[i % 5] : &k_sporadic_win[i % 12];
                    push(&e, (ev){.ts = hr + irand2(HOUR), .k = kk, .n = 1});
                }
            }
        }
        if (opt.storage_incident && !h->lin) {
            /* a storage incident in the rollout's second ring day: paths lost to the SAN for hours, so cluster
             * nodes patched or not pause their CSVs (the bad update's own signature, when it is CSV) */
            int64_t st_at = mate->day0 + mate->ring_offset_days[opt.storage_ring] * DAY + 10 * HOUR;
            if (urand2() < 0.6) {
                int64_t s2 = st_at + irand2(4 * HOUR), e2 = s2 + 2 * HOUR + irand2(4 * HOUR);
                for (int64_t t = s2; t < e2 && t < tend; t += 20 * 60 * 1000000LL) {
                    push(&e, (ev){.ts = t, .k = &k_storage_win, .n = (int)irand2(4)});
                    if (h->role == ROLE_CLUSTER) push(&e, (ev){.ts = t + 60 * 1000000LL, .k = &k_bad[0], .n = 1 + (int)irand2(4)});
                }
            }
        }
        if (opt.incident && urand() < 0.7) {
            for (int k = 0; k < 3; k++)
                push(&e, (ev){.ts = incident_at + irand(3 * HOUR), .k = h->lin ? &k_incident_lin : &k_incident_win, .n = (int)irand(4)});
        }
        qsort(e.v, e.n, sizeof *e.v, cmp_ev);
        for (size_t k = 0; k < e.n; k++)
            if (e.v[k].ts < tend) {
                ev x = e.v[k];
                x.host = i;
                x.seq = shard.n;
                push(&shard, x);
            }
    }
    if (f) write_shard(f, hs, &shard);
    free(e.v);
    free(shard.v);

    /* feeds: a security bulletin for each monthly update (not an issue report), and for the bad one a
     * community report before or after the fleet signal, and the vendor's resolution later */
    /* written to memory a line each, with each line's published time, then to the file in time order */
    char *advbuf = NULL;
    size_t advlen = 0, nadv = 0;
    int64_t advts[8];
    FILE *ff = open_memstream(&advbuf, &advlen);
    if (!ff) return 1;
    char ts[64], ts2[64];
    for (int u = 0; u < 3; u++) {
        if (ups[u].lin) continue;
        advts[nadv++] = ups[u].day0 - 6 * HOUR;
        fmt_ts(ups[u].day0 - 6 * HOUR, ts);
        fprintf(ff, "{\"id\":\"msrc-%s\",\"source\":\"msrc\",\"title\":\"%s security update\",\"published\":\"%s\",\"status\":\"advisory\",\"kb\":[\"%s\"],\"cve\":[\"CVE-2026-21%03d\"],\"text\":\"Security update for remote code execution.\"}\n",
                ups[u].id, ups[u].id, ts, ups[u].id, u);
    }
    int64_t report_at = -1;
    /* the wording: drawn from a third stream so that the fleet is the same whatever the style */
    uint64_t style_seed = opt.seed * 0x9e3779b97f4a7c15ULL + 77;
    style_seed ^= style_seed >> 29;
    int report_style = opt.report_style >= 0 ? opt.report_style : (int)(style_seed % (uint64_t)N_REPORT_STYLES);
    /* a Linux package has no fix KB and no support-article number: those styles become a plain one */
    if (badu && badu->lin && report_style > 0 && (k_reports[report_style].fix || strstr(k_reports[report_style].text, "%N")))
        report_style = 1 + report_style % 7;
    if (badu && strcmp(opt.report, "none") != 0) {
        int64_t fa = first_aff == INT64_MAX ? badu->day0 + DAY : first_aff;
        report_at = strcmp(opt.report, "before") == 0 ? badu->day0 + HOUR * 0 - 0 + 30 * 60 * 1000000LL
                    : strcmp(opt.report, "early") == 0 ? badu->day0 - 3 * DAY /* elsewhere first: predates every install */
                                                       : fa + 3 * DAY;
        if (strcmp(opt.report, "before") == 0 && report_at >= fa) report_at = fa - HOUR;
        advts[nadv++] = report_at;
        fmt_ts(report_at, ts);
        const kind *bk = &k_bad[bad_kind];
        if (report_style > 0) {
            const report_tmpl *rs_ = &k_reports[report_style];
            char kb[96], title[512], text[1024];
            if (badu->lin) snprintf(kb, sizeof kb, "openssl 3.0.17-1~deb12u2");
            else snprintf(kb, sizeof kb, "%s", badu->id);
            const char *code = bk->code ? bk->code : "DECODER routines::unsupported";
            const char *comp = bad_kind == 0 ? "Failover Clustering" : bad_kind == 1 ? "Hyper-V" : bad_kind == 2 ? "BitLocker" : "nginx";
            report_fmt(title, sizeof title, rs_->title, kb, code, comp, FIX_KB);
            report_fmt(text, sizeof text, rs_->text, kb, code, comp, FIX_KB);
            fprintf(ff, "{\"id\":\"community-%s\",\"source\":\"%s\",\"url\":\"https://forum.example/t/%d\",\"title\":\"",
                    badu->id, rs_->source, 1000 + report_style);
            json_escape(ff, title);
            fprintf(ff, "\",\"published\":\"%s\",\"text\":\"", ts);
            json_escape(ff, text);
            fputs("\"}\n", ff);
        } else
        fprintf(ff, "{\"id\":\"community-%s\",\"source\":\"reddit-sysadmin\",\"title\":\"%s known issue: %s errors after installing\",\"published\":\"%s\",\"status\":\"known-issue\",\"kb\":[\"%s\"],\"products\":[\"%s\"],\"event_ids\":[%s%s%s],\"text\":\"After installing %s several admins see %s %s errors.\"}\n",
                badu->id, badu->id, bk->provider, ts, badu->lin ? "" : badu->id, badu->lin ? "openssl" : "Windows Server 2022",
                bk->code ? "\"" : "", bk->code ? bk->code : "", bk->code ? "\"" : "", badu->id, bk->provider, bk->code ? bk->code : "");
        fmt_ts(report_at + 12 * DAY, ts2);
        if (report_at + 12 * DAY < tend && (advts[nadv++] = report_at + 12 * DAY))
            fprintf(ff, "{\"id\":\"release-health-%s\",\"source\":\"microsoft-release-health\",\"title\":\"%s issue resolved\",\"published\":\"%s\",\"status\":\"resolved\",\"kb\":[\"%s\"],\"products\":[\"%s\"],\"text\":\"Resolved by a later update.\"}\n",
                    badu->id, badu->id, ts2, badu->lin ? "" : badu->id, badu->lin ? "openssl" : "Windows Server 2022");
    }
    fclose(ff);
    snprintf(path, sizeof path, "%s/feeds/advisories.jsonl", opt.out);
    if (write_in_time_order(path, advbuf, advts, nadv)) return 1;
    free(advbuf);
    if (opt.inventory) {
        snprintf(path, sizeof path, "%s/inventory.yaml", opt.out);
        FILE *fi = fopen(path, "w");
        if (!fi) return 1;
        fprintf(fi, "hosts:\n");
        for (int i = 0; i < opt.hosts; i++) {
            if (!hs[i].listed) continue;
            if (hs[i].ring_listed)
                fprintf(fi, "  - {name: %s, role: %s, cluster: c%d, ring: %d%s}\n", hs[i].name, role_name[hs[i].role], i / 16,
                        hs[i].ring, hs[i].ring == 3 && !hs[i].lin ? ", pending: [" FIX_KB "]" : "");
            else
                fprintf(fi, "  - {name: %s, role: %s, cluster: c%d}\n", hs[i].name, role_name[hs[i].role], i / 16);
        }
        fclose(fi);
    }
    snprintf(path, sizeof path, "%s/truth.json", opt.out);
    FILE *ft = fopen(path, "w");
    if (!ft) return 1;
    fprintf(ft, "{\"seed\":%" PRIu64 ",\"hosts\":%d,\"days\":%d,\"events\":%" PRIu64 ",\"bad\":[", opt.seed, opt.hosts, opt.days, nevents);
    if (badu) {
        char fa[64] = "", rs3[64];
        if (first_aff != INT64_MAX) fmt_ts(first_aff, fa);
        fmt_ts(ring_start[3], rs3);
        fprintf(ft, "{\"patch\":\"%s\",\"code\":\"%s\",\"affected_hosts\":%d,\"first_affected\":%s%s%s,\"last_ring_start\":\"%s\",\"affected_before_last_ring\":%d,\"report\":%s%s%s,\"installs\":[",
                badu->id, k_bad[bad_kind].code ? k_bad[bad_kind].code : k_bad[bad_kind].provider, naff,
                fa[0] ? "\"" : "", fa[0] ? fa : "null", fa[0] ? "\"" : "", rs3, nbad_onset_before_last,
                report_at >= 0 ? "\"" : "", report_at >= 0 ? (fmt_ts(report_at, ts), ts) : "null", report_at >= 0 ? "\"" : "");
        bool first = true;
        for (int i = 0; i < opt.hosts; i++) {
            if (!bad_install[i]) continue;
            char it[64];
            fmt_ts(bad_install[i], it);
            fprintf(ft, "%s\"%s\"", first ? "" : ",", it);
            first = false;
        }
        fprintf(ft, "]}");
    }
    fprintf(ft, "],\"benign\":[");
    bool first = true;
    for (int u = 0; u < 3; u++) {
        if (ups[u].bad) continue;
        if (ups[u].lin ? nlin == 0 : nlin == opt.hosts) continue;
        fprintf(ft, "%s\"%s\"", first ? "" : ",", ups[u].id);
        first = false;
    }
    if (conc) fprintf(ft, ",\"%s\"", cu.id);
    fprintf(ft, ",\"KB2267602\"],\"incident\":%s,\"concurrent\":\"%s\",\"storage_incident\":%s,\"fix\":\"%s\",\"report_style\":%d}\n",
            opt.incident ? "true" : "false", opt.concurrent, opt.storage_incident ? "true" : "false", FIX_KB, report_style);
    fclose(ft);
    fprintf(stderr, "fleetsim: %d hosts, %d days, %" PRIu64 " events, bad=%s affected=%d -> %s\n", opt.hosts, opt.days,
            nevents, badu ? badu->id : "none", naff, opt.out);
    free(hs);
    free(ring_start);
    free(bad_install);
    return 0;
}
