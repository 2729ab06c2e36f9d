/* bench_feeds: advisory parsing and extraction throughput on a real MSRC CVRF month (2.8 MB, 137
 * vulnerabilities) and a small forum RSS feed. Each figure is printed with a reference run in the same
 * invocation: the bare libxml2 tree build of the same bytes (xml_safe's parse, which every XML parser pays),
 * so the ratio shows what the CVRF mapping and the extraction cost on top of XML parsing.
 *   bench_feeds [--cvrf FILE] [--rss FILE] [--iterations N] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pw_time.h"
#include "parsers/advisory_parse.h"
#include "parsers/xml_safe.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *p = n > 0 ? malloc((size_t)n) : NULL;
    if (p && fread(p, 1, (size_t)n, fp) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(fp);
    *len = (size_t)n;
    return p;
}

static int count_cb(const pw_advisory *a, void *ud)
{
    (void)a;
    (*(size_t *)ud)++;
    return 0;
}

/* Runs one configuration `iters` times; returns seconds per iteration, sets *advs per iteration. */
static double run(const char *fmt, const char *data, size_t len, pw_extractor *x, int iters, int xml_only,
                  size_t *advs)
{
    pw_error err;
    int64_t t0 = pw_time_mono_us();
    size_t n = 0;
    for (int i = 0; i < iters; i++) {
        if (xml_only) {
            xmlDocPtr d = pw_xml_parse(data, len, "bench", 0, NULL, &err);
            if (!d) {
                fprintf(stderr, "bench_feeds: %s\n", err.msg);
                exit(1);
            }
            xmlFreeDoc(d);
            continue;
        }
        pw_advisory_opts o = {.name = "bench", .extractor = x};
        if (pw_advisory_parse_ex(fmt, data, len, "bench", &o, count_cb, &n, &err) < 0) {
            fprintf(stderr, "bench_feeds: %s\n", err.msg);
            exit(1);
        }
    }
    *advs = n / (size_t)iters;
    return (double)(pw_time_mono_us() - t0) / 1e6 / iters;
}

static void report(const char *what, size_t len, double sec, size_t advs, double ref)
{
    printf("  %-34s %8.1f MB/s  %9.0f advisories/s  %6.2f ms/doc", what, (double)len / sec / 1e6,
           advs ? (double)advs / sec : 0.0, sec * 1e3);
    if (ref > 0) printf("  x%.2f of the reference time", sec / ref);
    printf("\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"cvrf", required_argument, NULL, 'c'},
                                         {"rss", required_argument, NULL, 'r'},
                                         {"iterations", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    char cvrf_default[1024], rss_default[1024];
    const char *shared = getenv("PW_SHARED_DATA"), *src = getenv("PW_SOURCE_DIR");
    snprintf(cvrf_default, sizeof cvrf_default, "%s/feeds/msrc-cvrf/cvrfDocument-2025-Jun.xml",
             shared ? shared : "../shared/data");
    snprintf(rss_default, sizeof rss_default, "%s/tests/fixtures/feeds/forum.rss", src ? src : ".");
    const char *cvrf = cvrf_default, *rss = rss_default;
    int iters = 10, c;
    while ((c = getopt_long(argc, argv, "c:r:n:", opts, NULL)) != -1) {
        if (c == 'c') cvrf = optarg;
        else if (c == 'r') rss = optarg;
        else if (c == 'n') iters = atoi(optarg) > 0 ? atoi(optarg) : 1;
        else return 2;
    }
    size_t clen, rlen, advs;
    char *cdata = slurp(cvrf, &clen), *rdata = slurp(rss, &rlen);
    if (!cdata || !rdata) {
        fprintf(stderr, "bench_feeds: cannot read %s or %s (set PW_SHARED_DATA / PW_SOURCE_DIR or pass paths)\n",
                cvrf, rss);
        return 1;
    }
    pw_error err;
    pw_extractor *x = pw_extractor_new(NULL, &err);
    printf("CVRF %s (%zu bytes), %d iterations\n", cvrf, clen, iters);
    double ref = run("cvrf", cdata, clen, NULL, iters, 1, &advs);
    report("reference: libxml2 tree (xml_safe)", clen, ref, 0, 0);
    double p = run("cvrf", cdata, clen, NULL, iters, 0, &advs);
    report("cvrf parse", clen, p, advs, ref);
    double px = run("cvrf", cdata, clen, x, iters, 0, &advs);
    report("cvrf parse + extraction", clen, px, advs, ref);
    int riters = iters * 500;
    printf("RSS %s (%zu bytes), %d iterations\n", rss, rlen, riters);
    double rref = run("rss", rdata, rlen, NULL, riters, 1, &advs);
    report("reference: libxml2 tree (xml_safe)", rlen, rref, 0, 0);
    double r = run("rss", rdata, rlen, NULL, riters, 0, &advs);
    report("rss parse", rlen, r, advs, rref);
    double rx = run("rss", rdata, rlen, x, riters, 0, &advs);
    report("rss parse + extraction", rlen, rx, advs, rref);
    printf("extraction share of parse+extract: cvrf %.0f%%, rss %.0f%%\n", 100 * (px - p) / px, 100 * (rx - r) / rx);
    pw_extractor_free(x);
    free(cdata);
    free(rdata);
    return 0;
}
