/* src_feeds: the `feeds` source: advisories from a directory of downloaded documents (read once, in name
 * order, by the same reader as replay's feeds/ directory: ingest/file_reader.h), and/or the source rules
 * polled over the network (ingest/feeds.h) until the stop flag. A document that does not parse is logged
 * and skipped; the others still go. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "core/pw_config.h"
#include "core/pw_log.h"
#include "ingest/feeds.h"
#include "ingest/file_reader.h"
#include "ingest/sources.h"
#include "parsers/advisory_extract.h"
#include "rules/rules.h"

typedef struct feeds_src {
    const pw_source_env *env;
    const json_t *cfg;
    pw_extractor *x;
} feeds_src;

static int feeds_live(const json_t *cfg) { return pw_config_get_bool(cfg, "poll", false); }

static int feeds_init(void **ctx, const json_t *cfg, const pw_source_env *env, pw_error *err)
{
    feeds_src *s = calloc(1, sizeof *s);
    if (!s) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    s->env = env;
    s->cfg = cfg;
    if (!(s->x = pw_extractor_new(env->rules, err))) {
        free(s);
        return -1;
    }
    *ctx = s;
    return 0;
}

/* A polled advisory: the extraction rules apply to a copy (the poller's is const), then it is published. */
static int announce(const pw_advisory *a, void *ud)
{
    feeds_src *s = ud;
    pw_error e = {0};
    pw_advisory copy;
    pw_advisory_init(&copy);
    json_t *j = pw_advisory_to_jansson(a);
    int rc = !j || pw_advisory_from_jansson(&copy, j, &e) || pw_extractor_apply(s->x, &copy, &e) ||
             s->env->emit->advisory(s->env->emit->ud, &copy, &e);
    if (rc) pw_log_warn("%s: %s", s->env->name, e.msg);
    json_decref(j);
    pw_advisory_free(&copy);
    return rc ? -1 : 0;
}

static int read_dir(feeds_src *s, const char *dir, pw_error *err)
{
    pw_strlist names = {0};
    pw_file_reader *r = NULL;
    int rc = -1;
    pw_file_reader_opts o = {.rules = s->env->rules, .log_prefix = s->env->name, .stop = s->env->stop};
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return pw_error_set(err, PW_ERR_IO, "%s: cannot open directory: %s", dir,
                            errno && !S_ISDIR(sb.st_mode) ? strerror(errno) : "not a directory");
    if (pw_file_list(dir, NULL, false, &names, err) || !(r = pw_file_reader_new(&o, err))) goto out;
    for (size_t i = 0; i < names.n && !(s->env->stop && *s->env->stop); i++) {
        pw_error e2 = {0};
        int n = pw_file_reader_advisories(r, names.v[i], s->env->emit, &e2);
        if (n < 0) pw_log_warn("%s: %s", s->env->name, e2.msg);
        else if (n == 0) pw_log_info("%s: %s: not a feed document, skipped", s->env->name, names.v[i]);
    }
    rc = 0;
out:
    pw_file_reader_free(r);
    pw_strlist_free(&names);
    return rc;
}

static int feeds_run(void *ctx, pw_error *err)
{
    feeds_src *s = ctx;
    pw_feeds *f = NULL;
    int rc = -1;
    const char *dir = pw_config_get_str(s->cfg, "dir", NULL);
    if (dir && read_dir(s, dir, err)) goto out;
    if (pw_config_get_bool(s->cfg, "poll", false)) {
        pw_feeds_opts fo = {.state_path = pw_config_get_str(s->cfg, "state", NULL),
                            .ca_file = pw_config_get_str(s->cfg, "ca_file", NULL),
                            .timeout_ms = (long)pw_config_get_duration_ms(s->cfg, "timeout", 120000),
                            .max_bytes = (size_t)pw_config_get_int(s->cfg, "max_bytes", 0),
                            .announce = announce, .ud = s};
        if (!(f = pw_feeds_new(&fo, err))) goto out;
        const json_t *only = pw_config_get(s->cfg, "only");
        for (size_t i = 0; i < pw_rules_count(s->env->rules, "source"); i++) {
            const json_t *rule = pw_rules_get(s->env->rules, "source", i);
            const char *name = json_string_value(json_object_get(rule, "name"));
            int wanted = !only;
            for (size_t k = 0; only && k < json_array_size(only); k++)
                wanted |= name && strcmp(json_string_value(json_array_get(only, k)), name) == 0;
            if (!wanted) continue;
            pw_feed_source fs;
            memset(&fs, 0, sizeof fs);
            int bad = pw_feed_source_from_json(&fs, rule, err) || pw_feeds_add_source(f, &fs, err);
            pw_feed_source_free(&fs);
            if (bad) goto out;
        }
        static volatile sig_atomic_t never;
        /* the poller only reads the flag; its prototype predates const */
        if (pw_feeds_run(f, s->env->stop ? (volatile sig_atomic_t *)s->env->stop : &never, err)) goto out;
    }
    rc = 0;
out:
    pw_feeds_free(f);
    return rc;
}

static void feeds_exit(void *ctx)
{
    feeds_src *s = ctx;
    pw_extractor_free(s->x);
    free(s);
}

const pw_source_plugin pw_source_feeds = {
    .name = "feeds",
    .description = "advisory feeds: downloaded documents in a directory, and/or the source rules polled",
    .config = &pw_source_cfg_feeds,
    .advisories = 1,
    .is_live = feeds_live,
    .init = feeds_init,
    .run = feeds_run,
    .exit = feeds_exit,
};
