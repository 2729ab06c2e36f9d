/* release_health: Microsoft's release-health data as Microsoft Graph returns it.
 *   - admin/serviceAnnouncement/issues (and healthOverviews?$expand=issues): service incidents/advisories;
 *   - admin/serviceAnnouncement/messages: Message center posts;
 *   - admin/windows/updates knownIssues (getKnownIssuesByTimeRange) and products (findByKbNumber, whose
 *     products carry knownIssues): Windows release health known issues, the source that names the KB that
 *     broke something and the KB that fixed it.
 * Each issue/message/known issue is one advisory; the response envelope ({"value": [...]}) may be paged:
 * pw_release_health_next_link gives the poller the next page. Status is normalised to known-issue / mitigated / resolved /
 * advisory so correlation need not know Graph's enums. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pw_time.h"
#include "parsers/advisory_internal.h"

static int set_date(int64_t *dst, const json_t *obj, const char *key)
{
    const char *s = pw_adv_jstr(obj, key);
    int64_t t = s ? pw_adv_parse_date(s, strlen(s)) : PW_TS_NONE;
    if (t != PW_TS_NONE) *dst = t;
    return 0;
}

/* Graph's status enums, case-insensitively: serviceRestored/resolved/... -> resolved, mitigated* ->
 * mitigated, everything still open -> known-issue. */
static const char *map_status(const char *s, int resolved)
{
    if (resolved) return "resolved";
    if (!s) return "known-issue";
    if (!strcasecmp(s, "serviceRestored") || !strcasecmp(s, "resolved") || !strcasecmp(s, "resolvedExternal") ||
        !strcasecmp(s, "falsePositive") || !strcasecmp(s, "postIncidentReviewPublished"))
        return "resolved";
    if (!strncasecmp(s, "mitigated", 9) || !strcasecmp(s, "restoringService") || !strcasecmp(s, "extendedRecovery"))
        return "mitigated";
    return "known-issue";
}

static int add_kb_obj(pw_advisory *a, const json_t *kbobj)
{
    const char *id = pw_adv_jstr(kbobj, "Id");
    if (!id) id = pw_adv_jstr(kbobj, "id");
    return id ? pw_adv_list_add(&a->kb, id, strlen(id)) : 0;
}

/* admin/windows/updates knownIssue */
/* Adds a Graph itemBody ({"content":..., "contentType":"html"|"text"}) to the advisory text. */
static int add_item_body(pw_buf *text, const json_t *body)
{
    const char *s = pw_adv_jstr(body, "content");
    const char *ct = pw_adv_jstr(body, "contentType");
    return s ? pw_adv_text_add(text, s, strlen(s), ct && strcasecmp(ct, "html") == 0) : 0;
}

static int known_issue(pw_adv_ctx *c, const json_t *k, const char *product, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    size_t i;
    const json_t *h;
    const char *s;
    pw_advisory_init(&a);
    if (pw_adv_set_str(&a.id, pw_adv_jstr(k, "id")) != 0 || pw_adv_set_str(&a.title, pw_adv_jstr(k, "title")) != 0 ||
        pw_adv_set_str(&a.url, pw_adv_jstr(k, "webViewUrl")) != 0)
        goto nomem;
    set_date(&a.published, k, "startDateTime");
    set_date(&a.updated, k, "lastUpdatedDateTime");
    if (a.updated == PW_TS_NONE) set_date(&a.updated, k, "resolvedDateTime");
    s = pw_adv_jstr(k, "status");
    if (pw_adv_set_str(&a.status, map_status(s, 0)) != 0) goto nomem;
    if (add_kb_obj(&a, json_object_get(k, "originatingKnowledgeBaseArticle")) != 0 ||
        add_kb_obj(&a, json_object_get(k, "resolvingKnowledgeBaseArticle")) != 0)
        goto nomem;
    if (product && pw_adv_list_add(&a.products, product, strlen(product)) != 0) goto nomem;
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    if ((s = pw_adv_jstr(k, "description")) && pw_adv_text_add(&text, s, strlen(s), 0) != 0) goto nomem;
    json_array_foreach(json_object_get(k, "knownIssueHistories"), i, h)
        if (add_item_body(&text, json_object_get(h, "body")) != 0) goto nomem;
    pw_adv_text_finish(&a, &text);
    return pw_adv_emit(c, &a, err);
nomem:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
}

/* serviceAnnouncement issue (incident/advisory) or message (Message center) */
static int service_item(pw_adv_ctx *c, const json_t *it, const char *service, pw_error *err)
{
    pw_advisory a;
    pw_buf text = PW_BUF_INIT;
    size_t i;
    const json_t *p;
    const char *s;
    int is_message = json_object_get(it, "body") != NULL || json_object_get(it, "category") != NULL;
    pw_advisory_init(&a);
    if (pw_adv_set_str(&a.id, pw_adv_jstr(it, "id")) != 0 || pw_adv_set_str(&a.title, pw_adv_jstr(it, "title")) != 0)
        goto nomem;
    set_date(&a.published, it, "startDateTime");
    set_date(&a.updated, it, "lastModifiedDateTime");
    if (is_message) {
        if (pw_adv_set_str(&a.status, "advisory") != 0) goto nomem;
    } else {
        const json_t *r = json_object_get(it, "isResolved");
        if (pw_adv_set_str(&a.status, map_status(pw_adv_jstr(it, "status"), json_is_true(r))) != 0) goto nomem;
    }
    s = pw_adv_jstr(it, "service");
    if (!s) s = service;
    if (s && pw_adv_list_add(&a.products, s, strlen(s)) != 0) goto nomem;
    json_array_foreach(json_object_get(it, "services"), i, p)
        if (json_is_string(p) && pw_adv_list_add(&a.products, json_string_value(p), json_string_length(p)) != 0)
            goto nomem;
    json_array_foreach(json_object_get(it, "details"), i, p) {
        const char *n = pw_adv_jstr(p, "name");
        if (n && strcmp(n, "ExternalLink") == 0 && !a.url && pw_adv_set_str(&a.url, pw_adv_jstr(p, "value")) != 0)
            goto nomem;
    }
    if (a.title && pw_adv_text_add(&text, a.title, strlen(a.title), 0) != 0) goto nomem;
    if ((s = pw_adv_jstr(it, "impactDescription")) && pw_adv_text_add(&text, s, strlen(s), 0) != 0) goto nomem;
    if ((s = pw_adv_jstr(it, "feature")) && pw_adv_text_add(&text, s, strlen(s), 0) != 0) goto nomem;
    if (add_item_body(&text, json_object_get(it, "body")) != 0) goto nomem;
    json_array_foreach(json_object_get(it, "posts"), i, p)
        if (add_item_body(&text, json_object_get(p, "description")) != 0) goto nomem;
    pw_adv_text_finish(&a, &text);
    return pw_adv_emit(c, &a, err);
nomem:
    pw_buf_free(&text);
    pw_advisory_free(&a);
    return pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", c->name);
}

static int one_value(pw_adv_ctx *c, const json_t *v, pw_error *err)
{
    size_t i;
    const json_t *k;
    if (!json_is_object(v)) return 0;
    if (json_is_array(json_object_get(v, "knownIssues"))) { /* windowsUpdates product */
        const char *product = pw_adv_jstr(v, "name");
        json_array_foreach(json_object_get(v, "knownIssues"), i, k)
            if (known_issue(c, k, product, err) != 0) return -1;
        return 0;
    }
    if (json_is_array(json_object_get(v, "issues"))) { /* healthOverview with issues expanded */
        const char *service = pw_adv_jstr(v, "service");
        json_array_foreach(json_object_get(v, "issues"), i, k)
            if (service_item(c, k, service, err) != 0) return -1;
        return 0;
    }
    if (json_object_get(v, "knownIssueHistories") || json_object_get(v, "originatingKnowledgeBaseArticle") ||
        json_object_get(v, "webViewUrl"))
        return known_issue(c, v, NULL, err);
    if (pw_adv_jstr(v, "id") && pw_adv_jstr(v, "title")) return service_item(c, v, NULL, err);
    return 0; /* a healthOverview without issues, or something we do not know: no advisory */
}

int pw_adv_parse_release_health(pw_adv_ctx *c, const char *data, size_t len, pw_error *err)
{
    size_t i;
    const json_t *v;
    int rc = 0;
    json_t *root = pw_adv_json_load(data, len, c->name, err);
    if (!root) return -1;
    const json_t *value = json_object_get(root, "value");
    if (json_is_array(value)) {
        json_array_foreach(value, i, v)
            if ((rc = one_value(c, v, err)) != 0) break;
    } else if (json_is_array(root)) {
        json_array_foreach(root, i, v)
            if ((rc = one_value(c, v, err)) != 0) break;
    } else if (json_is_object(root) && pw_adv_jstr(root, "id")) {
        rc = one_value(c, root, err); /* a single issue (GET .../issues/{id}) */
    } else {
        rc = pw_error_set(err, PW_ERR_INVALID, "%s: not a Graph release-health response (no \"value\" array)",
                          c->name);
    }
    json_decref(root);
    return rc;
}

char *pw_release_health_next_link(const char *data, size_t len)
{
    json_t *root = json_loadb(data, len, 0, NULL);
    const char *next = pw_adv_jstr(root, "@odata.nextLink");
    char *out = NULL;
    if (next && strlen(next) <= PW_ADV_FIELD_MAX &&
        (strncasecmp(next, "https://", 8) == 0 || strncasecmp(next, "http://", 7) == 0))
        out = strdup(next);
    json_decref(root);
    return out;
}
