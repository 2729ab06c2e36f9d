/* incident_table: one incident version as a row of the short table `run` and `replay` print on a terminal
 * (patch, symptom, hosts, ring, status, since). Widths are fixed so rows line up as they arrive; long
 * symptom names are cut (at a UTF-8 boundary) rather than wrapping the table. */
#include <stdio.h>
#include <string.h>

#include "incidents/incident_table.h"

const char *pw_incident_table_header(void)
{
    return "PATCH        SYMPTOM                                   HOSTS  RING      STATUS     SINCE             WHY";
}

static const char *gs(const json_t *o, const char *k, const char *def)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : def;
}

void pw_incident_table_row(const json_t *inc, char *out, size_t cap)
{
    const json_t *sy = json_array_get(json_object_get(inc, "symptoms"), 0);
    size_t nsy = json_array_size(json_object_get(inc, "symptoms"));
    char sym[200], since[17] = "", ring[16];
    snprintf(sym, sizeof sym, "%s%s", gs(sy, "name", "?"), nsy > 1 ? " +" : "");
    if (nsy > 1) {
        char more[24];
        snprintf(more, sizeof more, "%zu", nsy - 1);
        size_t l = strlen(sym);
        if (l + strlen(more) < sizeof sym) memcpy(sym + l, more, strlen(more) + 1);
    }
    size_t n = strlen(sym);
    if (n > 41) { /* keep the "(5120)" that ends the name: the words are cut, the code is what people grep */
        char tail[16] = "";
        const char *paren = strrchr(sym, '(');
        if (paren && strlen(paren) < 12) snprintf(tail, sizeof tail, "..%s", paren);
        n = 41 - strlen(tail);
        while (n && ((unsigned char)sym[n] & 0xC0) == 0x80) n--;
        memcpy(sym + n, tail, strlen(tail) + 1);
    }
    const char *st = gs(inc, "status", "?");
    const char *at = strcmp(st, "resolved") == 0 ? gs(inc, "resolved_at", "")
                   : strcmp(st, "escalated") == 0 ? gs(inc, "escalated_at", "")
                                                  : gs(inc, "opened_at", "");
    if (strlen(at) >= 16) {
        memcpy(since, at, 16);
        since[10] = ' ';
    }
    snprintf(ring, sizeof ring, "%s", gs(inc, "ring_to_hold", "-"));
    char hosts[24];
    snprintf(hosts, sizeof hosts, "%lld/%lld", (long long)json_integer_value(json_object_get(inc, "hosts_affected")),
             (long long)json_integer_value(json_object_get(inc, "hosts_patched")));
    snprintf(out, cap, "%-12.12s %-41s %6s  %-8.8s  %-9.9s  %-16s  %.80s", gs(inc, "patch", "-"), sym, hosts, ring, st,
             since, gs(json_object_get(inc, "transition"), "reason", ""));
}
