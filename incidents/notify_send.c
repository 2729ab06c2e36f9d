/* notify_send: delivering one notification with libcurl (see notify.h). Webhooks: one POST of JSON, no
 * redirects followed (a webhook URL that redirects is misconfigured, and following it could leak the
 * message elsewhere), TLS verified, every call timed out. SMTP: MAIL FROM / RCPT TO / DATA with the RFC 5322
 * message of notify_format.c; libcurl does the dot-stuffing of the body. One handle per call: notifications
 * are a few a day, so connection reuse is not worth the state. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incidents/notify.h"

#define NOTIFY_RESPONSE_MAX 4096 /* bytes of a receiver's answer kept for the error message */
#define NOTIFY_RCPT_MAX 32       /* recipients of one email */

typedef struct resp {
    char b[NOTIFY_RESPONSE_MAX];
    size_t n;
} resp;

static size_t on_body(char *p, size_t sz, size_t nm, void *ud)
{
    resp *r = ud;
    size_t n = sz * nm, room = sizeof r->b - 1 - r->n;
    memcpy(r->b + r->n, p, n < room ? n : room);
    r->n += n < room ? n : room;
    r->b[r->n] = 0;
    return n;
}

typedef struct reader {
    const char *p;
    size_t left;
} reader;

static size_t on_read(char *buf, size_t sz, size_t nm, void *ud)
{
    reader *r = ud;
    size_t n = sz * nm < r->left ? sz * nm : r->left;
    memcpy(buf, r->p, n);
    r->p += n;
    r->left -= n;
    return n;
}

static pw_notify_result post_json(const pw_notifier_opts *o, const char *body, pw_error *err)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hd = NULL;
    resp r = {.n = 0};
    pw_notify_result res = PW_NOTIFY_RETRY;
    if (!h) {
        pw_error_set(err, PW_ERR_NOMEM, "%s: cannot create a curl handle", o->kind);
        return PW_NOTIFY_RETRY;
    }
    hd = curl_slist_append(hd, "Content-Type: application/json; charset=utf-8");
    curl_easy_setopt(h, CURLOPT_URL, o->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 10000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
    if (o->ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_file);
    CURLcode c = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (c != CURLE_OK) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", o->kind, curl_easy_strerror(c));
        res = c == CURLE_PEER_FAILED_VERIFICATION || c == CURLE_UNSUPPORTED_PROTOCOL ? PW_NOTIFY_REFUSED
                                                                                      : PW_NOTIFY_RETRY;
    } else if (code >= 200 && code < 300) {
        res = PW_NOTIFY_SENT;
    } else {
        /* Slack answers 400 invalid_blocks / 404 no_service; Teams Workflows 400 for a bad card: retrying the
         * same body cannot help. 408, 429 and 5xx can. */
        res = code == 408 || code == 429 || code >= 500 ? PW_NOTIFY_RETRY : PW_NOTIFY_REFUSED;
        pw_error_set(err, PW_ERR_IO, "%s: HTTP %ld: %.200s", o->kind, code, r.b);
    }
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return res;
}

static pw_notify_result send_smtp(const pw_notifier_opts *o, const json_t *ntf, pw_error *err)
{
    pw_buf msg = PW_BUF_INIT;
    struct curl_slist *rcpt = NULL;
    CURL *h = NULL;
    pw_notify_result res = PW_NOTIFY_REFUSED;
    char password[512] = "";
    if (pw_notify_email_message(ntf, o->from, o->to, &msg, err)) goto out;
    /* envelope recipients: the bare addresses of `to` ("Ops <ops@x>, a@y" -> <ops@x>, <a@y>) */
    char list[1024];
    snprintf(list, sizeof list, "%s", o->to);
    int nr = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && nr < NOTIFY_RCPT_MAX; t = strtok_r(NULL, ",", &save)) {
        char addr[300];
        const char *lt = strchr(t, '<');
        if (lt) snprintf(addr, sizeof addr, "%s", lt);
        else {
            while (*t == ' ') t++;
            snprintf(addr, sizeof addr, "<%s>", t);
        }
        char *e = strchr(addr, '>');
        if (!e) continue;
        e[1] = 0;
        for (char *s = addr + strlen(addr) - 2; s > addr && *s == ' '; s--) *s = 0;
        rcpt = curl_slist_append(rcpt, addr);
        nr++;
    }
    if (!nr) {
        pw_error_set(err, PW_ERR_INVALID, "smtp: no recipient in '%.100s'", o->to);
        goto out;
    }
    char from[300];
    const char *lt = strchr(o->from, '<');
    snprintf(from, sizeof from, lt ? "%s" : "<%s>", lt ? lt : o->from);
    if (o->password_file) {
        FILE *fp = fopen(o->password_file, "r");
        if (!fp) {
            pw_error_set(err, PW_ERR_IO, "smtp: %s: cannot open the password file", o->password_file);
            goto out;
        }
        size_t n = fread(password, 1, sizeof password - 1, fp);
        fclose(fp);
        while (n && (password[n - 1] == '\n' || password[n - 1] == '\r')) n--;
        password[n] = 0;
    }
    if (!(h = curl_easy_init())) {
        res = PW_NOTIFY_RETRY;
        pw_error_set(err, PW_ERR_NOMEM, "smtp: cannot create a curl handle");
        goto out;
    }
    reader rd = {msg.data, msg.len};
    curl_easy_setopt(h, CURLOPT_URL, o->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(h, CURLOPT_READDATA, &rd);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 30000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (o->starttls) curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (o->ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_file);
    if (o->username) curl_easy_setopt(h, CURLOPT_USERNAME, o->username);
    if (password[0]) curl_easy_setopt(h, CURLOPT_PASSWORD, password);
    CURLcode c = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (c == CURLE_OK) res = PW_NOTIFY_SENT;
    else {
        /* 5xx replies (unknown recipient, relay denied) are permanent; the rest (4xx, connection) are not */
        res = code >= 500 || c == CURLE_LOGIN_DENIED || c == CURLE_USE_SSL_FAILED ? PW_NOTIFY_REFUSED : PW_NOTIFY_RETRY;
        pw_error_set(err, PW_ERR_IO, "smtp: %s (reply %ld)", curl_easy_strerror(c), code);
    }
out:
    memset(password, 0, sizeof password);
    if (h) curl_easy_cleanup(h);
    curl_slist_free_all(rcpt);
    pw_buf_free(&msg);
    return res;
}

pw_notify_result pw_notify_send(const pw_notifier_opts *o, const char *json, size_t len, pw_error *err)
{
    json_error_t je;
    json_t *ntf = json_loadb(json, len, 0, &je);
    pw_notify_result res = PW_NOTIFY_REFUSED;
    if (!json_is_object(ntf)) {
        pw_error_set(err, PW_ERR_INVALID, "%s: notification is not a JSON object (%s)", o->kind, je.text);
        goto out;
    }
    if (!o->url) {
        pw_error_set(err, PW_ERR_USAGE, "%s: no url", o->kind);
        goto out;
    }
    if (strcmp(o->kind, "smtp") == 0) {
        res = send_smtp(o, ntf, err);
        goto out;
    }
    json_t *p = strcmp(o->kind, "teams") == 0 ? pw_notify_teams_payload(ntf) : pw_notify_slack_payload(ntf);
    char *body = p ? json_dumps(p, JSON_COMPACT) : NULL;
    json_decref(p);
    if (!body) {
        pw_error_set(err, PW_ERR_NOMEM, "%s: cannot build the message", o->kind);
        goto out;
    }
    res = post_json(o, body, err);
    free(body);
out:
    json_decref(ntf);
    return res;
}
