/* bench_evtx: EVTX parsing throughput against evtxexport (libevtx-utils) on the same file, same run.
 *
 *   bench_evtx [FILE.evtx] [--runs N]
 *
 * Default FILE: the largest .evtx in ../shared/data/evtx. Times, best of N runs each:
 *   evtxexport FILE > /dev/null             (a child process; its CPU time from wait4, plus wall time)
 *   patchwatch engine, JSON lines, -j 1      (pw_evtx_read_file to /dev/null: read, decode, ECS, JSON, write)
 *   patchwatch engine, JSON lines, -j 2
 *   patchwatch engine, XML, -j 1
 * and prints MB/s, records/s, the ratio to evtxexport and the peak RSS. The machine may be shared, so the
 * single-threaded ratio is given on CPU time (what each parser costs) and on wall time; the -j 2 speed-up
 * is on wall time. Not a test: numbers only. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_out.h"
#include "ingest/evtx_read.h"

typedef struct timing {
    double wall, cpu;
    uint64_t records;
} timing;

static double now_s(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int largest_evtx(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *de;
    off_t best = -1;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".evtx") != 0) continue;
        char path[8192];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (strlen(path) >= size) continue;
        if (stat(path, &st) == 0 && st.st_size > best) {
            best = st.st_size;
            snprintf(out, size, "%s", path);
        }
    }
    closedir(d);
    return best < 0 ? -1 : 0;
}

static int run_evtxexport(const char *file, timing *t)
{
    double w0 = now_s(CLOCK_MONOTONIC);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execlp("evtxexport", "evtxexport", file, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127) return -1;
    t->wall = now_s(CLOCK_MONOTONIC) - w0;
    t->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
             (double)ru.ru_stime.tv_usec / 1e6;
    return 0;
}

static int run_ours(const char *file, int jobs, bool xml, timing *t)
{
    pw_error err;
    pw_out *out = pw_out_open("file:/dev/null", &err);
    if (!out) return -1;
    pw_evtx_read_opts o = {.jobs = jobs, .xml = xml};
    pw_evtx_read_result res;
    double w0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    int rc = pw_evtx_read_file(file, &o, out, &res, &err);
    rc |= pw_out_close(out, &err);
    t->wall = now_s(CLOCK_MONOTONIC) - w0;
    t->cpu = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    t->records = res.records;
    if (rc) fprintf(stderr, "bench_evtx: %s\n", err.msg);
    return rc;
}

static void best_of(timing *best, const timing *t)
{
    if (best->wall == 0 || t->wall < best->wall) best->wall = t->wall;
    if (best->cpu == 0 || t->cpu < best->cpu) best->cpu = t->cpu;
    best->records = t->records;
}

int main(int argc, char **argv)
{
    char file[4096] = "";
    int runs = 20;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
        else snprintf(file, sizeof file, "%s", argv[i]);
    }
    if (!file[0]) {
        const char *shared = getenv("PW_SHARED_DATA");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/evtx", shared ? shared : "../shared/data");
        if (largest_evtx(dir, file, sizeof file)) {
            fprintf(stderr, "bench_evtx: no .evtx under %s; name a file\n", dir);
            return 2;
        }
    }
    if (runs < 1) runs = 1;
    pw_log_set_level(PW_LOG_ERROR);
    struct stat st;
    if (stat(file, &st) != 0) {
        perror(file);
        return 2;
    }
    double mb = (double)st.st_size / 1e6;
    printf("file: %s (%.2f MB), best of %d runs\n", file, mb, runs);

    timing ee = {0}, j1 = {0}, j2 = {0}, x1 = {0}, t;
    int have_ee = 1;
    for (int i = 0; i < (runs < 5 ? runs : 5) && have_ee; i++) {
        if (run_evtxexport(file, &t)) have_ee = 0;
        else best_of(&ee, &t);
    }
    for (int i = 0; i < runs; i++) {
        if (run_ours(file, 1, false, &t)) return 1;
        best_of(&j1, &t);
        if (run_ours(file, 2, false, &t)) return 1;
        best_of(&j2, &t);
        if (run_ours(file, 1, true, &t)) return 1;
        best_of(&x1, &t);
    }
    printf("%-32s %9s %9s %10s %12s %9s %9s\n", "", "wall ms", "cpu ms", "MB/s", "records/s", "x cpu", "x wall");
    if (have_ee)
        printf("%-32s %9.2f %9.2f %10.1f %12s %9s %9s\n", "evtxexport (text)", ee.wall * 1e3, ee.cpu * 1e3,
               mb / ee.wall, "-", "1.0", "1.0");
    else
        printf("evtxexport: not installed (apt-get install libevtx-utils); no ratio\n");
    const struct {
        const char *name;
        timing *t;
    } rows[] = {{"patchwatch JSON, 1 thread", &j1}, {"patchwatch JSON, -j 2", &j2}, {"patchwatch XML, 1 thread", &x1}};
    for (size_t i = 0; i < 3; i++) {
        timing *r = rows[i].t;
        printf("%-32s %9.2f %9.2f %10.1f %12.0f", rows[i].name, r->wall * 1e3, r->cpu * 1e3, mb / r->wall,
               (double)r->records / r->wall);
        if (have_ee) printf(" %9.1f %9.1f\n", ee.cpu / r->cpu, ee.wall / r->wall);
        else printf("\n");
    }
    printf("records: %llu; -j 2 speed-up over 1 thread (wall): %.2fx\n", (unsigned long long)j1.records,
           j1.wall / j2.wall);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS of this process: %.1f MB (streams 64 KiB chunks; does not grow with the file)\n",
           (double)ru.ru_maxrss / 1024.0);
    return 0;
}
