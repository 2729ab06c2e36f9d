/* advisory_parse: turn one advisory feed document into pw_advisory records, and fill the fields correlation
 * needs (KBs, CVEs, event ids, error codes, products/components, status) from their text.
 *
 * Formats: "csaf" (a CSAF 2.0 document, or a ROLIE feed / provider-metadata / aggregator, auto-detected),
 * "csaf-provider" and "rolie" (aliases of csaf for discovery documents), "cvrf" (MSRC CVRF v3 API, JSON or
 * XML, auto-detected), "rss", "atom" (either is accepted for both; the root element decides),
 * "release-health" (Microsoft Graph serviceAnnouncement issues/messages/healthOverviews and windowsUpdates
 * knownIssues/products), "html" (a page cut into items by XPath selectors, see pw_advisory_opts).
 *
 * Usage from a test, three calls:
 *     pw_extractor *x = pw_extractor_new(NULL, &err);       // built-in patterns (= rules/extract/ files)
 *     pw_advisory_parse("rss", data, len, "forum", cb, ud, &err);
 *     pw_extractor_apply(x, a, &err);                        // inside cb, on each advisory
 */
#ifndef PW_ADVISORY_PARSE_H
#define PW_ADVISORY_PARSE_H

#include <stddef.h>

#include <jansson.h>

#include "core/pw_advisory.h"
#include "core/pw_error.h"

typedef struct pw_rules pw_rules; /* rules/rules.h (a repeated identical typedef is valid C11) */
typedef struct pw_extractor pw_extractor;

/* Caps on what one advisory carries: text is for extraction and evidence, not an archive. */
#define PW_ADV_TEXT_MAX ((size_t)64 << 10)  /* 64 KiB of plain text per advisory (a CSAF doc's notes fit) */
#define PW_ADV_FIELD_MAX ((size_t)4 << 10)  /* ids, titles, URLs: 4 KiB; longer ones are cut */
#define PW_ADV_LIST_MAX 512                 /* entries per list (products of a Cisco CSAF run into hundreds) */
#define PW_ADV_DOC_MAX ((size_t)64 << 20)   /* one document: 64 MiB (largest real one seen: 2.8 MiB CVRF) */

typedef int (*pw_advisory_cb)(const pw_advisory *a, void *ud);

typedef struct pw_advisory_opts {
    const char *name;        /* document name (path or URL) for error messages; NULL = "<input>" */
    const json_t *selectors; /* html: the source rule's selectors map (item,title,link,published,updated,
                                text,id: XPath); NULL = defaults (each <article>, else the whole page) */
    const char *base_url;    /* html: the page's URL: relative links resolve against it, and it is the link
                                of a whole-page advisory */
    struct pw_extractor *extractor; /* when set, applied to each advisory before cb sees it */
} pw_advisory_opts;

/* Parses one document. cb is called per advisory (the advisory is freed after cb returns; cb copies what it
 * keeps); a non-zero return from cb stops parsing and is returned as -1 with err set.
 * Returns the number of advisories delivered (>= 0), or -1 with err set. A document damaged part way
 * (truncated XML) delivers the advisories found before the damage AND returns -1 naming file and line. */
int pw_advisory_parse(const char *format, const char *data, size_t len, const char *source,
                      int (*cb)(const pw_advisory *a, void *ud), void *ud, pw_error *err);
int pw_advisory_parse_ex(const char *format, const char *data, size_t len, const char *source,
                         const pw_advisory_opts *opts, pw_advisory_cb cb, void *ud, pw_error *err);
/* True when format is one pw_advisory_parse understands. */
int pw_advisory_format_known(const char *format);

/* CSAF discovery: calls url_cb(url, format, ud) for each further document a discovery document points to:
 * provider-metadata.json -> its ROLIE feeds ("rolie") and directory listings are not followed;
 * aggregator.json -> provider metadata ("csaf-provider"); ROLIE service -> feeds ("rolie");
 * ROLIE feed -> each entry's CSAF document ("csaf"). Returns the number of URLs, or -1 with err.
 * A CSAF document itself yields 0. */
int pw_csaf_discover(const char *data, size_t len, const char *name,
                     int (*url_cb)(const char *url, const char *format, void *ud), void *ud, pw_error *err);

/* MSRC's updates list (cvrf/v3.0/updates): calls url_cb(CvrfUrl, "cvrf", ud) for the max_recent most
 * recently revised documents. Returns how many, or -1. pw_advisory_parse("cvrf") on the list yields 0. */
int pw_cvrf_discover(const char *data, size_t len, const char *name, size_t max_recent,
                     int (*url_cb)(const char *url, const char *format, void *ud), void *ud, pw_error *err);

/* Microsoft Graph paging: the "@odata.nextLink" of a release-health response (malloc'd, http(s) only), or
 * NULL when there is no next page or the document is not JSON. */
char *pw_release_health_next_link(const char *data, size_t len);

/* Extraction. The patterns come from `kind: extract` rules (rules/extract/ files); with rules == NULL or no
 * extract rules, the built-in defaults (the same patterns as the shipped files) are used. */
pw_extractor *pw_extractor_new(const pw_rules *rules, pw_error *err);
/* The report model (parsers/advisory_model.h) that may turn an informational reading into a report: pw_extractor_new
 * attaches the rules directory's model/report_regression.tsv, else the shipped one (an error in that file fails
 * pw_extractor_new with its file and line). Takes m (NULL: the written rules alone). */
typedef struct pw_report_model pw_report_model;
void pw_extractor_set_model(pw_extractor *x, pw_report_model *m);
/* Adds what the patterns find in title + text to kb/cve/event_ids/error_codes/products (components go to
 * products too: pw_advisory has no separate list) and sets status only when the parser left it unset
 * (vendor formats set their own status; community feeds get it from the text). Not thread-safe: one
 * extractor per thread (it reuses its match buffers, so applying allocates nothing but the new strings). */
int pw_extractor_apply(pw_extractor *x, pw_advisory *a, pw_error *err);
/* Number of compiled patterns (for tests and `--verbose`). */
size_t pw_extractor_count(const pw_extractor *x);
void pw_extractor_free(pw_extractor *x);

#endif
