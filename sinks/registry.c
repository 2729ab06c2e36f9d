/* sinks/registry: the sink plugin table and the engine's own config keys (see registry.h). */
#include "sinks/registry.h"

#include <string.h>

#include "sinks/http.h"
#include "sinks/jsonl.h"
#include "sinks/syslog.h"

static const pw_sink_plugin *table[PW_SINK_REGISTRY_MAX] = {
    &pw_sink_plugin_jsonl,
    &pw_sink_plugin_syslog,
    &pw_sink_plugin_http,
};
static size_t ntable = 3;

int pw_sink_registry_add(const pw_sink_plugin *p)
{
    if (ntable == PW_SINK_REGISTRY_MAX || pw_sink_registry_find(p->name)) return -1;
    table[ntable++] = p;
    return 0;
}

const pw_sink_plugin *pw_sink_registry_find(const char *name)
{
    for (size_t i = 0; i < ntable; i++)
        if (strcmp(table[i]->name, name) == 0) return table[i];
    return NULL;
}

const pw_sink_plugin *pw_sink_registry_at(size_t i) { return i < ntable ? table[i] : NULL; }

static const pw_cfg_key engine_keys[] = {
    {"name", PW_CFG_STRING, 0, NULL, "the sink's name in logs and metrics, and its queue's directory name "
     "(default: KIND-HASH of the target)", NULL, 0, 0, NULL, 0, NULL},
    {"queue_dir", PW_CFG_PATH, 0, NULL, "durable queue of a network sink (default: $STATE_DIRECTORY/queue/NAME, "
     "else $XDG_STATE_HOME/patchwatch/queue/NAME, else ~/.local/state/patchwatch/queue/NAME)", NULL, 0, 0, NULL, 0,
     NULL},
    {"fsync", PW_CFG_ENUM, 0, "interval", "when the queue is flushed to disk: always (every record), interval "
     "(once a second: a power loss costs at most that), never (the kernel decides)", "always|interval|never", 0, 0,
     NULL, 0, NULL},
    {"queue_max", PW_CFG_INT, PW_CFG_RANGE, "1073741824", "bytes of undelivered records the queue may hold", NULL,
     65536, 1e15, NULL, 0, NULL},
    {"queue_full", PW_CFG_ENUM, 0, "drop_oldest", "at queue_max: drop_oldest (counted and logged) or block (stop "
     "taking records off the bus: back-pressure to the sources)", "drop_oldest|block", 0, 0, NULL, 0, NULL},
    {"retries", PW_CFG_INT, PW_CFG_RANGE, "0", "retries of a record before it goes to the dead-letter file; 0: "
     "retry until delivered (nothing is dropped)", NULL, 0, 1000000, NULL, 0, NULL},
    {"dead_letter", PW_CFG_PATH, 0, NULL, "JSON lines file for records the receiver refused for good, with the "
     "reason (default: QUEUE_DIR/dead-letter.jsonl; local sinks: logged only)", NULL, 0, 0, NULL, 0, NULL},
    {NULL, 0, 0, NULL, NULL, NULL, 0, 0, NULL, 0, NULL},
};
const pw_cfg_table pw_sink_engine_table = {"sinks[] (engine)", "Keys every sink has: queue, retries, dead letters.",
                                           engine_keys, NULL, NULL, NULL};

void pw_sink_input_from_cfg(const json_t *cfg, pw_stage_input *in)
{
    const char *s;
    if ((s = json_string_value(json_object_get(cfg, "name")))) in->name = s;
    if ((s = json_string_value(json_object_get(cfg, "queue_dir")))) in->queue_dir = s;
    if ((s = json_string_value(json_object_get(cfg, "fsync")))) in->fsync = s;
    if ((s = json_string_value(json_object_get(cfg, "queue_full")))) in->queue_full = s;
    if ((s = json_string_value(json_object_get(cfg, "dead_letter")))) in->dead_letter = s;
    json_t *v;
    if (json_is_integer(v = json_object_get(cfg, "queue_max"))) in->queue_max = (uint64_t)json_integer_value(v);
    if (json_is_integer(v = json_object_get(cfg, "retries"))) in->retries = (int)json_integer_value(v);
    if (json_is_integer(v = json_object_get(cfg, "batch"))) in->batch = (size_t)json_integer_value(v);
}
