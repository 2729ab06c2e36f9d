/* hold: see hold.h. libcurl, one easy handle per attempt; no redirects (a redirect of a PATCH carrying a
 * bearer token to another host is how tokens leak), http/https only, TLS verified by libcurl's defaults, every
 * call timed out. A 429 is waited out per its Retry-After (seconds form; the date form is treated as 1 s, a
 * cost we accept because Graph sends seconds). */
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include <jansson.h>
#include <unistd.h>

#include "core/pw_time.h"
#include "timeline/hold.h"

static const char graph_body[] =
    "{\"@odata.type\":\"#microsoft.graph.windowsUpdates.deployment\",\"state\":{\"@odata.type\":"
    "\"microsoft.graph.windowsUpdates.deploymentState\",\"requestedValue\":\"paused\"}}";

typedef struct resp {
    long retry_after; /* -1: none */
    char body[512];
    size_t len;
} resp;

static size_t on_header(char *b, size_t sz, size_t n, void *ud)
{
    resp *r = ud;
    size_t len = sz * n;
    if (len > 12 && strncasecmp(b, "Retry-After:", 12) == 0) {
        const char *p = b + 12;
        while (p < b + len && (*p == ' ' || *p == '\t')) p++;
        r->retry_after = (p < b + len && isdigit((unsigned char)*p)) ? strtol(p, NULL, 10) : 1;
    }
    return len;
}

static size_t on_body(char *b, size_t sz, size_t n, void *ud)
{
    resp *r = ud;
    size_t len = sz * n, room = sizeof r->body - 1 - r->len;
    memcpy(r->body + r->len, b, len < room ? len : room); /* the start is enough for a message */
    r->len += len < room ? len : room;
    r->body[r->len] = 0;
    return len;
}

static int log_attempt(pw_tl_store *s, const pw_tl_hold_opts *o, const char *outcome, const char *detail, pw_error *err)
{
    return pw_tl_store_put_action(s, o->incident, pw_time_now_us(), "hold", outcome, detail, err);
}

static bool safe_id(const char *id)
{
    if (!id || !*id || strlen(id) > 128) return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-') return false;
    return true;
}

static int http_send(pw_tl_store *s, const pw_tl_hold_opts *o, const char *method, const char *url, const char *body,
                     pw_error *err)
{
    int rc = -1;
    struct curl_slist *h = NULL;
    char auth[4096], detail[1024];
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "Accept: application/json");
    if (o->token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", o->token);
        h = curl_slist_append(h, auth);
    }
    for (int attempt = 1; attempt <= PW_TL_HOLD_ATTEMPTS; attempt++) {
        CURL *c = curl_easy_init();
        resp r = {.retry_after = -1};
        if (!c || !h) {
            curl_easy_cleanup(c);
            pw_error_set(err, PW_ERR_NOMEM, "out of memory");
            goto out;
        }
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 15000L);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
        CURLcode cc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(c);
        if (cc != CURLE_OK) {
            snprintf(detail, sizeof detail, "attempt %d: %s %s: %s", attempt, method, url, curl_easy_strerror(cc));
            log_attempt(s, o, "failed", detail, NULL);
            pw_error_set(err, PW_ERR_IO, "hold: %s", detail);
            goto out;
        }
        if (status == 429 && attempt < PW_TL_HOLD_ATTEMPTS) {
            long wait = r.retry_after < 0 ? 1 << attempt : r.retry_after;
            if (wait > PW_TL_HOLD_WAIT_MAX) wait = PW_TL_HOLD_WAIT_MAX;
            snprintf(detail, sizeof detail, "attempt %d: %s %s: HTTP 429, retrying after %ld s", attempt, method, url,
                     wait);
            if (log_attempt(s, o, "throttled", detail, err)) goto out;
            sleep((unsigned)wait);
            continue;
        }
        if (status >= 200 && status < 300) {
            snprintf(detail, sizeof detail, "attempt %d: %s %s: HTTP %ld, deployment paused", attempt, method, url,
                     status);
            rc = log_attempt(s, o, "done", detail, err);
            goto out;
        }
        snprintf(detail, sizeof detail, "attempt %d: %s %s: HTTP %ld: %.300s", attempt, method, url, status, r.body);
        log_attempt(s, o, "failed", detail, NULL);
        pw_error_set(err, PW_ERR_IO, "hold: %s", detail);
        goto out;
    }
out:
    curl_slist_free_all(h);
    return rc;
}

static int run_command(pw_tl_store *s, const pw_tl_hold_opts *o, pw_error *err)
{
    char detail[1024];
    pid_t pid = fork();
    if (pid < 0) return pw_error_set(err, PW_ERR_IO, "hold: fork: %m");
    if (pid == 0) {
        setenv("PW_INCIDENT", o->incident, 1);
        setenv("PW_PATCH", o->patch ? o->patch : "", 1);
        execl("/bin/sh", "sh", "-c", o->command, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) < 0) return pw_error_set(err, PW_ERR_IO, "hold: waitpid: %m");
    int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    snprintf(detail, sizeof detail, "command %.600s: %s %d", o->command, WIFEXITED(st) ? "exit" : "signal",
             WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    if (log_attempt(s, o, ok ? "done" : "failed", detail, err)) return -1;
    return ok ? 0 : pw_error_set(err, PW_ERR_IO, "hold: %s", detail);
}

int pw_tl_hold(pw_tl_store *s, const pw_tl_hold_opts *o, pw_error *err)
{
    char url[2048], detail[2048], body[1024];
    if (!o->incident) return pw_error_set(err, PW_ERR_USAGE, "hold: which incident?");
    if (o->command) {
        if (!o->execute) {
            snprintf(detail, sizeof detail, "dry run: would run %.1000s", o->command);
            return log_attempt(s, o, "dry-run", detail, err);
        }
        return run_command(s, o, err);
    }
    if (o->webhook) {
        json_t *j = json_pack("{s:s, s:s, s:s?}", "action", "hold", "incident", o->incident, "patch", o->patch);
        char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        if (!t || strlen(t) >= sizeof body) {
            free(t);
            return pw_error_set(err, PW_ERR_INVALID, "hold: incident id or patch not valid UTF-8 or too long");
        }
        snprintf(body, sizeof body, "%s", t);
        free(t);
        snprintf(url, sizeof url, "%s", o->webhook);
        if (!o->execute) {
            snprintf(detail, sizeof detail, "dry run: would POST %.1000s %.600s", url, body);
            return log_attempt(s, o, "dry-run", detail, err);
        }
        return http_send(s, o, "POST", url, body, err);
    }
    if (!safe_id(o->deployment))
        return pw_error_set(err, PW_ERR_USAGE, "hold: a Graph deployment id ([A-Za-z0-9-]) is needed");
    const char *base = o->graph_url ? o->graph_url : PW_TL_GRAPH_URL;
    size_t bl = strlen(base);
    while (bl > 0 && base[bl - 1] == '/') bl--;
    if ((size_t)snprintf(url, sizeof url, "%.*s/admin/windows/updates/deployments/%s", (int)bl, base, o->deployment) >=
        sizeof url)
        return pw_error_set(err, PW_ERR_USAGE, "hold: Graph URL too long");
    if (!o->execute) {
        snprintf(detail, sizeof detail, "dry run: would PATCH %.1000s %s", url, graph_body);
        return log_attempt(s, o, "dry-run", detail, err);
    }
    return http_send(s, o, "PATCH", url, graph_body, err);
}
