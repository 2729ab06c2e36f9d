/* feeds_source: a feed source as the poller needs it, built from a `kind: source` rule object (the rules
 * loader has already validated types; this still checks what the poller relies on: an http(s) URL and a
 * format the parsers know). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pw_config_schema.h"
#include "ingest/feeds.h"

int64_t pw_feeds_parse_duration(const char *s)
{
    long long ms;
    if (!s) return -1;
    char *end;
    long long secs = strtoll(s, &end, 10); /* a bare number is seconds */
    if (end != s && *end == '\0') return secs >= 0 && secs <= 366LL * 86400 ? secs * 1000000 : -1;
    if (pw_cfg_duration_parse(s, &ms, NULL) != 0 || ms < 0 || ms > 366LL * 86400 * 1000) return -1;
    return (int64_t)ms * 1000;
}

static int dup_str(char **dst, const json_t *v)
{
    *dst = NULL;
    if (!json_is_string(v)) return 0;
    *dst = strdup(json_string_value(v));
    return *dst ? 0 : -1;
}

int pw_feed_source_from_json(pw_feed_source *s, const json_t *rule, pw_error *err)
{
    memset(s, 0, sizeof *s);
    const char *name = json_string_value(json_object_get(rule, "name"));
    const char *url = json_string_value(json_object_get(rule, "url"));
    const char *format = json_string_value(json_object_get(rule, "format"));
    if (!name || !url || !format)
        return pw_error_set(err, PW_ERR_INVALID, "source %s: needs name, url and format", name ? name : "(unnamed)");
    if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0)
        return pw_error_set(err, PW_ERR_INVALID, "source %s: url must be http:// or https://, not '%s'", name, url);
    if (!pw_advisory_format_known(format))
        return pw_error_set(err, PW_ERR_INVALID, "source %s: unknown format '%s'", name, format);
    s->interval_us = PW_FEEDS_DEFAULT_INTERVAL_US;
    const json_t *iv = json_object_get(rule, "interval");
    if (json_is_string(iv)) s->interval_us = pw_feeds_parse_duration(json_string_value(iv));
    else if (json_is_number(iv)) s->interval_us = (int64_t)(json_number_value(iv) * 1e6);
    if (s->interval_us < 0)
        return pw_error_set(err, PW_ERR_INVALID, "source %s: interval is not a duration like 30s, 15m, 6h, 1d", name);
    if (s->interval_us < PW_FEEDS_MIN_INTERVAL_US) s->interval_us = PW_FEEDS_MIN_INTERVAL_US;
    const json_t *en = json_object_get(rule, "enabled");
    s->enabled = !json_is_boolean(en) || json_is_true(en);
    const json_t *mb = json_object_get(rule, "max_bytes");
    if (json_is_integer(mb) && json_integer_value(mb) > 0) s->max_bytes = (size_t)json_integer_value(mb);
    if (dup_str(&s->name, json_object_get(rule, "name")) || dup_str(&s->url, json_object_get(rule, "url")) ||
        dup_str(&s->format, json_object_get(rule, "format")) || dup_str(&s->ca_file, json_object_get(rule, "ca_file")))
        goto nomem;
    const json_t *h = json_object_get(rule, "headers"), *hv;
    const char *hk;
    json_object_foreach((json_t *)h, hk, hv) { /* a CR/LF would let a rule smuggle extra request lines */
        const char *v = json_string_value(hv);
        if (!v || strpbrk(hk, "\r\n:") || strpbrk(v, "\r\n") || !*hk) {
            pw_feed_source_free(s);
            return pw_error_set(err, PW_ERR_INVALID, "source %s: header '%s' has an invalid name or value", name, hk);
        }
    }
    if (json_is_object(h) && !(s->headers = json_deep_copy(h))) goto nomem;
    const json_t *sel = json_object_get(rule, "selectors");
    if (json_is_object(sel) && !(s->selectors = json_deep_copy(sel))) goto nomem;
    const json_t *ra = json_object_get(rule, "redirect_allow");
    if (json_is_array(ra) && !(s->redirect_allow = json_deep_copy(ra))) goto nomem;
    return 0;
nomem:
    pw_feed_source_free(s);
    return pw_error_set(err, PW_ERR_NOMEM, "source %s: out of memory", name);
}

void pw_feed_source_free(pw_feed_source *s)
{
    if (!s) return;
    free(s->name);
    free(s->url);
    free(s->format);
    free(s->ca_file);
    json_decref(s->headers);
    json_decref(s->selectors);
    json_decref(s->redirect_allow);
    memset(s, 0, sizeof *s);
}
