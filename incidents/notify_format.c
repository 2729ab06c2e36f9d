/* notify_format: a notification record as a Slack message, a Teams card or an email (see notify.h). Pure
 * functions, so tests check the shapes without a network.
 *
 * Slack: an incoming webhook takes {"text": ..., "blocks": [...]}; `text` is the fallback shown in
 * notifications. Blocks used: header (plain_text, at most 150 characters), section (mrkdwn text at most 3000
 * characters; `fields` at most 10, each at most 2000), context (mrkdwn elements, at most 10). In mrkdwn
 * text &, < and > must be sent as &amp; &lt; &gt; (Slack's "Formatting text for app surfaces": "Escaping
 * text"), else "<...>" would be read as a link or mention.
 *   https://api.slack.com/messaging/webhooks , https://api.slack.com/reference/block-kit/blocks
 * Teams: a Workflows webhook ("Post to a channel when a webhook request is received") takes a message with
 * one attachment whose contentType is application/vnd.microsoft.card.adaptive and whose content is an
 * Adaptive Card; we write version 1.4 (the highest Teams renders) with TextBlock and FactSet elements.
 *   https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 *   https://adaptivecards.io/explorer/AdaptiveCard.html , .../TextBlock.html , .../FactSet.html
 * Email: RFC 5322 header fields (Date, From, To, Subject, Message-ID) with a MIME text/plain UTF-8 body
 * (RFC 2045); a non-ASCII subject is an RFC 2047 encoded-word. Lines are CRLF and at most 998 octets. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/pw_time.h"
#include "incidents/notify.h"

#define SLACK_HEADER_MAX 150
#define SLACK_TEXT_MAX 3000
#define EMAIL_LINE_MAX 900 /* below RFC 5322's 998 with room for the CRLF and a margin */

static const char *gs(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* Copies at most max bytes of s, never cutting a UTF-8 sequence. */
static json_t *jclip(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return json_string(s);
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return json_stringn(s, max);
}

/* mrkdwn escaping of &, <, > (see the top of this file); out is truncated to cap, at a whole entity. */
static void mrkdwn_escape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 6 < cap; s++) {
        const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : NULL;
        if (rep) {
            memcpy(out + n, rep, strlen(rep));
            n += strlen(rep);
        } else out[n++] = *s;
    }
    out[n] = 0;
}

static void facts(const json_t *ntf, const char **k, const char **v, char *hosts, size_t hcap, int *n)
{
    const json_t *snap = json_object_get(ntf, "incident_snapshot");
    *n = 0;
    k[*n] = "Patch";
    v[(*n)++] = gs(ntf, "patch")[0] ? gs(ntf, "patch") : "-";
    k[*n] = "Kind";
    v[(*n)++] = gs(ntf, "kind");
    if (snap) {
        k[*n] = "Status";
        v[(*n)++] = gs(snap, "status");
        snprintf(hosts, hcap, "%lld affected of %lld patched, %lld at risk",
                 (long long)json_integer_value(json_object_get(snap, "hosts_affected")),
                 (long long)json_integer_value(json_object_get(snap, "hosts_patched")),
                 (long long)json_integer_value(json_object_get(snap, "hosts_at_risk")));
        k[*n] = "Hosts";
        v[(*n)++] = hosts;
        const char *ring = json_string_value(json_object_get(snap, "ring_to_hold"));
        k[*n] = "Ring to hold";
        v[(*n)++] = ring ? ring : "-";
        k[*n] = "Incident";
        v[(*n)++] = gs(snap, "id");
    }
}

json_t *pw_notify_slack_payload(const json_t *ntf)
{
    const char *k[8], *v[8];
    char hosts[128], field[2100];
    int n;
    facts(ntf, k, v, hosts, sizeof hosts, &n);
    json_t *fields = json_array();
    char esc[SLACK_TEXT_MAX + 8];
    for (int i = 0; i < n; i++) {
        char fesc[1900];
        mrkdwn_escape(v[i], fesc, sizeof fesc);
        snprintf(field, sizeof field, "*%s:*\n%s", k[i], fesc);
        json_array_append_new(fields, json_pack("{s:s, s:o}", "type", "mrkdwn", "text", jclip(field, 2000)));
    }
    char ctx[200];
    mrkdwn_escape(gs(ntf, "text")[0] ? gs(ntf, "text") : "-", esc, sizeof esc);
    snprintf(ctx, sizeof ctx, "patchwatch %s · %s · %s", gs(ntf, "severity"), gs(ntf, "@timestamp"), gs(ntf, "id"));
    json_t *blocks = json_pack(
        "[{s:s, s:{s:s, s:o}}, {s:s, s:{s:s, s:o}}, {s:s, s:o}, {s:s, s:[{s:s, s:s}]}]", "type", "header", "text",
        "type", "plain_text", "text", jclip(gs(ntf, "title"), SLACK_HEADER_MAX), "type", "section", "text", "type",
        "mrkdwn", "text", jclip(esc, SLACK_TEXT_MAX), "type", "section",
        "fields", fields, "type", "context", "elements", "type", "mrkdwn", "text", ctx);
    return json_pack("{s:o, s:o}", "text", jclip(gs(ntf, "title"), SLACK_TEXT_MAX), "blocks", blocks);
}

json_t *pw_notify_teams_payload(const json_t *ntf)
{
    const char *k[8], *v[8];
    char hosts[128];
    int n;
    facts(ntf, k, v, hosts, sizeof hosts, &n);
    json_t *fs = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(fs, json_pack("{s:s, s:s}", "title", k[i], "value", v[i]));
    const char *sev = gs(ntf, "severity");
    const char *color = strcmp(sev, "critical") == 0 ? "Attention" : strcmp(sev, "warning") == 0 ? "Warning" : "Good";
    json_t *card = json_pack(
        "{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:o}]}", "$schema",
        "http://adaptivecards.io/schemas/adaptive-card.json", "type", "AdaptiveCard", "version", "1.4", "body", "type",
        "TextBlock", "text", gs(ntf, "title"), "size", "Large", "weight", "Bolder", "color", color, "wrap", 1, "type",
        "TextBlock", "text", gs(ntf, "text"), "wrap", 1, "type", "FactSet", "facts", fs);
    return json_pack("{s:s, s:[{s:s, s:n, s:o}]}", "type", "message", "attachments", "contentType",
                     "application/vnd.microsoft.card.adaptive", "contentUrl", "content", card);
}

static int ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || *s == '\r' || *s == '\n') return 0;
    return 1;
}

static void b64(pw_buf *b, const unsigned char *s, size_t n)
{
    static const char tb[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
        pw_buf_putc(b, tb[v >> 18 & 63]);
        pw_buf_putc(b, tb[v >> 12 & 63]);
        pw_buf_putc(b, i + 1 < n ? tb[v >> 6 & 63] : '=');
        pw_buf_putc(b, i + 2 < n ? tb[v & 63] : '=');
    }
}

/* Header values: no CR/LF may come from the data (header injection). */
static int clean_header(const char *s) { return !strpbrk(s, "\r\n"); }

/* The body: text wrapped at spaces to EMAIL_LINE_MAX, CRLF line ends. */
static void body_text(pw_buf *b, const char *s)
{
    size_t col = 0;
    for (; *s; s++) {
        if (*s == '\r') continue;
        if (*s == '\n') {
            pw_buf_puts(b, "\r\n");
            col = 0;
            continue;
        }
        if (col >= EMAIL_LINE_MAX && ((unsigned char)*s & 0xC0) != 0x80) {
            pw_buf_puts(b, "\r\n");
            col = 0;
        }
        pw_buf_putc(b, *s);
        col++;
    }
    pw_buf_puts(b, "\r\n");
}

int pw_notify_email_message(const json_t *ntf, const char *from, const char *to, pw_buf *out, pw_error *err)
{
    if (!from || !to || !clean_header(from) || !clean_header(to))
        return pw_error_set(err, PW_ERR_INVALID, "email: from/to missing or containing a line break");
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    const char *title = gs(ntf, "title");
    pw_buf_printf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nMessage-ID: <%s@patchwatch>\r\nSubject: ", date, from, to,
                  gs(ntf, "id"));
    char subj[400];
    snprintf(subj, sizeof subj, "[patchwatch %s] %s", gs(ntf, "severity"), title);
    if (ascii(subj)) pw_buf_puts(out, subj);
    else { /* RFC 2047: =?UTF-8?B?...?= words of at most 75 characters, folded */
        size_t n = strlen(subj), i = 0;
        while (i < n) {
            size_t take = n - i < 39 ? n - i : 39;
            while (i + take < n && take > 0 && ((unsigned char)subj[i + take] & 0xC0) == 0x80) take--;
            if (i) pw_buf_puts(out, "\r\n ");
            pw_buf_puts(out, "=?UTF-8?B?");
            b64(out, (const unsigned char *)subj + i, take);
            pw_buf_puts(out, "?=");
            i += take;
        }
    }
    pw_buf_printf(out, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: 8bit\r\nX-Patchwatch-Kind: %s\r\n\r\n",
                  clean_header(gs(ntf, "kind")) ? gs(ntf, "kind") : "");
    body_text(out, gs(ntf, "text"));
    char hosts[128];
    const char *k[8], *v[8];
    int n;
    facts(ntf, k, v, hosts, sizeof hosts, &n);
    pw_buf_puts(out, "\r\n");
    for (int i = 0; i < n; i++) pw_buf_printf(out, "%-13s %s\r\n", k[i], v[i]);
    pw_buf_printf(out, "\r\n-- \r\npatchwatch notification %s at %s\r\n", gs(ntf, "id"), gs(ntf, "@timestamp"));
    return out->data ? 0 : pw_error_set(err, PW_ERR_NOMEM, "out of memory");
}
