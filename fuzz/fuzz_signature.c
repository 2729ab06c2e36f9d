/* fuzz_signature: arbitrary bytes through the signature miner (masking, tokenising, the prefix tree, LRU
 * eviction under a tiny cluster cap), as plain lines and as the message of a Windows and a syslog event.
 * Checks the miner's promises on every line: a NUL-terminated template no longer than the masked line
 * allows, the cluster cap held, and matching what was just mined finds a signature. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/signature.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw_sig_config c;
    pw_error err = {0};
    pw_sig_config_default(&c);
    c.max_clusters = 16;
    c.max_leaf_clusters = 4;
    c.max_nodes = 64;
    if (size > 0) c.variables_match = data[0] & 1;
    pw_sig_miner *m = pw_sig_miner_new(&c, NULL, &err);
    if (!m) abort();
    static const int64_t ids[] = {5120};
    static const char *const params[] = {"ErrorCode"};
    if (pw_sig_add_rule(m, "r", "P", ids, 1, params, 1, &err)) abort();
    pw_event *ev = pw_event_new();
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        uint64_t id;
        const char *t = NULL;
        if (pw_sig_assign_text(m, p, len, &id, &t, &err) != 0 || !t) abort();
        if (strlen(t) > 5 * (size_t)PW_SIG_MAX_LINE) abort();
        if (pw_sig_cluster_count(m) > 16) abort();
        if (pw_sig_match(m, "text", NULL, NULL, p, len, &id, &t, &err) != 1) abort();
        pw_event_reset(ev);
        pw_event_set_str_lossy(ev, "message", p, len, &err);
        pw_event_set_cstr(ev, "event.provider", (len & 1) ? "P" : "Q", &err);
        pw_event_set_cstr(ev, "event.code", "5120", &err);
        pw_event_set_str_lossy(ev, "winlog.event_data.ErrorCode", p, len < 300 ? len : 300, &err);
        if (pw_sig_assign_event(m, ev, &err) != 0) abort();
        if (!pw_event_get_str(ev, "patchwatch.signature", NULL)) abort();
        pw_event_reset(ev);
        pw_event_set_cstr(ev, "log.syslog.appname", "app", &err);
        pw_event_set_str_lossy(ev, "message", p, len, &err);
        if (pw_sig_assign_event(m, ev, &err) != 0) abort();
        p += len + (nl ? 1 : 0);
    }
    pw_event_destroy(ev);
    pw_sig_miner_free(m);
    return 0;
}
