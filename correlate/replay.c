/* replay: walks a directory, feeds every file to the correlation engine in process, then advances event
 * time to the end (see replay.h). Files are sorted by path so two runs see the same order; a state file
 * makes a killed replay resume after the last checkpointed file with the same alerts. */
#include "correlate/replay.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/pw_log.h"
#include "core/pw_time.h"
#include "correlate/cohort_model.h"
#include "correlate/replay_inputs.h"

#define REPLAY_MAX_FILES 10000000 /* files in one replay directory */
#define REPLAY_MAX_DEPTH 16       /* directory nesting followed */

typedef struct flist {
    char **v;
    size_t n, cap;
} flist;

static int flist_add(flist *l, const char *path)
{
    if (l->n >= REPLAY_MAX_FILES) return -1;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 256;
        char **nv = realloc(l->v, ncap * sizeof *nv);
        if (!nv) return -1;
        l->v = nv;
        l->cap = ncap;
    }
    if (!(l->v[l->n] = strdup(path))) return -1;
    l->n++;
    return 0;
}

static int walk(const char *dir, int depth, flist *out, pw_error *err)
{
    if (depth > REPLAY_MAX_DEPTH) return 0;
    DIR *d = opendir(dir);
    if (!d) return pw_error_set(err, PW_ERR_IO, "%s: cannot open directory", dir);
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path) continue;
        struct stat sb;
        if (stat(path, &sb) != 0) continue;
        if (S_ISDIR(sb.st_mode)) rc = walk(path, depth + 1, out, err);
        else if (S_ISREG(sb.st_mode) && flist_add(out, path))
            rc = pw_error_set(err, PW_ERR_NOMEM, "%s: too many files", dir);
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *base_name(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void file_key(const char *path, char *out, size_t cap)
{
    struct stat sb;
    if (stat(path, &sb) != 0) memset(&sb, 0, sizeof sb);
    snprintf(out, cap, "%s|%lld|%lld", path, (long long)sb.st_size, (long long)sb.st_mtime);
}

static const char *find_inventory(const char *dir, char *buf, size_t cap)
{
    static const char *const names[] = {"inventory.yaml", "inventory.yml", "inventory.json"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(buf, cap, "%s/%s", dir, names[i]);
        struct stat sb;
        if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode)) return buf;
    }
    return NULL;
}

int pw_replay_run(const pw_replay_opts *o, pw_corr_alert_fn fn, void *ud, pw_replay_stats *st, pw_error *err)
{
    flist files = {0};
    pw_corr *c = NULL;
    replay_reader *rd = NULL;
    int rc = -1;
    double t0 = wall(), last_ckpt = t0;
    memset(st, 0, sizeof *st);
    pw_corr_config cfg;
    if (o->cfg) cfg = *o->cfg;
    else {
        pw_corr_config_default(&cfg);
        if (pw_corr_config_from_rules(&cfg, o->rules, err)) return -1;
    }
    if (walk(o->dir, 0, &files, err)) goto out;
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
    if (!(c = pw_corr_new(&cfg, o->rules, err))) goto out;
    if (o->state) {
        struct stat sb;
        if (stat(o->state, &sb) == 0 && sb.st_size > 0 && pw_corr_state_load(c, o->state, err)) goto out;
    }
    char invbuf[4096];
    const char *inv = o->inventory ? o->inventory : find_inventory(o->dir, invbuf, sizeof invbuf);
    if (inv && pw_corr_load_inventory(c, inv, err)) goto out;
    if (!(rd = replay_reader_new(c, o->rules, !o->no_miner, o->files, err))) goto out;
    replay_reader_set_observers(rd, o->on_event, o->on_advisory, o->observer_ud);
    if (replay_reader_restore_miner(rd, err)) goto out;

    size_t dirlen = strlen(o->dir);
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.v[i], *rel = path + dirlen + (path[dirlen] == '/');
        const char *base = base_name(path);
        if (strcmp(base, "truth.json") == 0 || (inv && strcmp(path, inv) == 0) ||
            strncmp(base, "inventory.", 10) == 0 || ends_with(base, ".md") || ends_with(base, ".txt"))
            continue;
        char key[4200];
        file_key(path, key, sizeof key);
        if (pw_strlist_has(&c->done_files, key)) {
            st->skipped_files++;
            continue;
        }
        bool feed = strncmp(rel, "feeds/", 6) == 0 || strstr(rel, "/feeds/") != NULL;
        pw_error ferr = {0};
        int r = feed ? replay_read_feed(rd, path, &ferr) : replay_read_events(rd, path, &ferr);
        if (r < 0) {
            /* one bad file does not stop the replay: say which and go on */
            pw_log_warn("replay: %s", ferr.msg);
            st->bad_records++;
        } else if (r == 0) {
            st->skipped_files++;
            continue;
        }
        st->files++;
        if (pw_strlist_add(&c->done_files, key)) {
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto out;
        }
        if (o->state && wall() - last_ckpt >= o->checkpoint_seconds) {
            if (replay_reader_stash_miner(rd, err) || pw_corr_state_save(c, o->state, err)) goto out;
            last_ckpt = wall();
        }
    }
    replay_reader_counts(rd, &st->events, &st->bad_records, &st->advisories);
    st->ingest_seconds = wall() - t0;
    if (o->state && (replay_reader_stash_miner(rd, err) || pw_corr_state_save(c, o->state, err))) goto out;
    /* one hour past the last event, plus the quiet period so that resolutions can show */
    int64_t end = pw_corr_last_time(c);
    if (end != PW_TS_NONE) {
        end += CORR_HOUR_US;
        double te = wall();
        if (pw_corr_advance(c, end, fn, ud, err)) goto out;
        st->evaluate_seconds = wall() - te;
    }
    if (o->state && pw_corr_state_save(c, o->state, err)) goto out;
    pw_corr_get_stats(c, &st->corr);
    st->alerts = st->corr.alerts;
    rc = 0;
out:
    st->seconds = wall() - t0;
    st->events_per_second = st->seconds > 0 ? (double)st->events / st->seconds : 0;
    replay_reader_free(rd);
    pw_corr_free(c);
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    free(files.v);
    return rc;
}
