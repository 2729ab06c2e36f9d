/* ingest/sources: the registry table and the shared source engine (see sources.h). */
#include "ingest/sources.h"

#include <string.h>

#include "core/pw_config.h"
#include "core/pw_advisory.h"
#include "core/pw_event.h"

static const pw_source_plugin *const registry[] = {
    &pw_source_evtx, &pw_source_syslog, &pw_source_tail, &pw_source_jsonl, &pw_source_feeds, &pw_source_files,
};
#define NREG (sizeof registry / sizeof registry[0])

const pw_source_plugin *const *pw_sources(size_t *n)
{
    *n = NREG;
    return registry;
}

const pw_source_plugin *pw_source_find(const char *kind)
{
    for (size_t i = 0; kind && i < NREG; i++)
        if (strcmp(registry[i]->name, kind) == 0) return registry[i];
    return NULL;
}

static int stamp_event(void *ud, pw_event *ev, pw_error *err)
{
    pw_source_stage *s = ud;
    if (s->host && !pw_event_get_str(ev, "host.name", NULL) && pw_event_set_cstr(ev, "host.name", s->host, err))
        return -1;
    return s->consumer.event(s->consumer.ud, ev, err);
}

static int pass_advisory(void *ud, const pw_advisory *a, pw_error *err)
{
    pw_source_stage *s = ud;
    return s->consumer.advisory ? s->consumer.advisory(s->consumer.ud, a, err) : 0;
}

static void pass_damage(void *ud, const char *where, unsigned long long line, const char *msg)
{
    pw_source_stage *s = ud;
    if (s->consumer.damage) s->consumer.damage(s->consumer.ud, where, line, msg);
}

int pw_source_stage_init(pw_source_stage *s, const json_t *cfg, size_t idx, const pw_source_emit *emit,
                         const volatile sig_atomic_t *stop, const struct pw_rules *rules, pw_error *err)
{
    memset(s, 0, sizeof *s);
    const char *kind = pw_config_get_str(cfg, "kind", "");
    const char *name = pw_config_get_str(cfg, "name", NULL);
    if (name) snprintf(s->name, sizeof s->name, "%s", name);
    else snprintf(s->name, sizeof s->name, "%s", kind); /* as before the registry: logs and tests name it so */
    (void)idx;
    if (!(s->plugin = pw_source_find(kind)))
        return pw_error_set(err, PW_ERR_USAGE, "source %s: unknown kind '%s'", s->name, kind);
    s->host = pw_config_get_str(cfg, "host", NULL);
    s->consumer = *emit;
    s->emit = (pw_source_emit){.event = stamp_event, .advisory = pass_advisory, .damage = pass_damage, .ud = s};
    s->env = (pw_source_env){.name = s->name, .emit = &s->emit, .stop = stop, .rules = rules};
    s->live = s->plugin->is_live ? s->plugin->is_live(cfg) : 0;
    if (s->plugin->init(&s->ctx, cfg, &s->env, err)) {
        s->ctx = NULL;
        return -1;
    }
    return 0;
}

int pw_source_stage_run(pw_source_stage *s, pw_error *err) { return s->plugin->run(s->ctx, err); }

void pw_source_stage_exit(pw_source_stage *s)
{
    if (s->plugin && s->ctx) s->plugin->exit(s->ctx);
    s->ctx = NULL;
}
