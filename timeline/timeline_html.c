/* timeline_html: one self-contained HTML page for a timeline: inline SVG (a time axis, installs per ring,
 * hourly symptom onsets on patched vs unpatched hosts, publications, alert and notification moments, the
 * hold recommendation) and the moments as a table. No script, no external asset, every text escaped: titles
 * come from community feeds and must not become markup. Written to a temp file and renamed. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_time.h"
#include "timeline/timeline.h"

#define W 1300.0
#define X0 170.0
#define X1 1270.0
#define HOUR_US 3600000000LL
#define RINGS_MAX 16
#define HOURS_MAX 24 * 400 /* 400 days of hourly bars; a longer window is drawn by its first 400 days */

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(c < 0x20 || c == 0x7f ? ' ' : c, f);
        }
    }
}

static double xof(int64_t ts, int64_t t0, int64_t t1)
{
    return X0 + (X1 - X0) * (double)(ts - t0) / (double)(t1 > t0 ? t1 - t0 : 1);
}

static void stamp(int64_t ts, char out[PW_RFC3339_MAX])
{
    pw_time_format(ts, out);
    out[16] = 0;
    out[10] = ' ';
}

/* hourly onsets (hosts with the symptom that hour) of the patch's alert signatures, split by patched */
static int onsets(pw_tl_store *s, const char *patch, int64_t h0, int nh, int *pat, int *unp, pw_error *err)
{
    sqlite3 *db = pw_tl_store_db(s);
    sqlite3_stmt *st = NULL;
    int r;
    if (sqlite3_prepare_v2(db,
                           "SELECT o.hour, o.host, i.ts FROM onsets o LEFT JOIN installs i ON i.host=o.host AND "
                           "i.patch=?1 WHERE o.signature IN (SELECT DISTINCT signature FROM alerts WHERE patch=?1 "
                           "AND signature IS NOT NULL)",
                           -1, &st, NULL) != SQLITE_OK)
        return pw_error_set(err, PW_ERR_IO, "%s: %s", pw_tl_store_path(s), sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, patch, -1, SQLITE_TRANSIENT);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t h = sqlite3_column_int64(st, 0) - h0;
        if (h < 0 || h >= nh) continue;
        bool patched = sqlite3_column_type(st, 2) != SQLITE_NULL &&
                       sqlite3_column_int64(st, 2) <= (h + h0 + 1) * HOUR_US;
        (patched ? pat : unp)[h]++;
    }
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? 0 : pw_error_set(err, PW_ERR_IO, "%s: %s", pw_tl_store_path(s), sqlite3_errmsg(db));
}

static int page(pw_tl_store *s, const pw_tl *t, FILE *f, pw_error *err)
{
    int rc = -1;
    int *pat = NULL, *unp = NULL;
    if (t->n == 0) return pw_error_set(err, PW_ERR_NOTFOUND, "nothing on this timeline");
    int64_t t0 = t->v[0].ts, t1 = t->v[t->n - 1].ts;
    t0 -= t0 % (24 * HOUR_US);
    t1 += 24 * HOUR_US - t1 % (24 * HOUR_US);
    /* rings, in sorted order */
    const char *rings[RINGS_MAX];
    int nr = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *r = t->v[i].ring;
        if (!r || strcmp(t->v[i].kind, "install")) continue;
        int j = 0;
        while (j < nr && strcmp(rings[j], r)) j++;
        if (j == nr && nr < RINGS_MAX) rings[nr++] = r;
    }
    for (int a = 0; a < nr; a++)
        for (int b = a + 1; b < nr; b++)
            if (strcmp(rings[b], rings[a]) < 0) {
                const char *x = rings[a];
                rings[a] = rings[b], rings[b] = x;
            }
    int64_t h0 = t0 / HOUR_US;
    int nh = (int)((t1 - t0) / HOUR_US);
    if (nh > HOURS_MAX) nh = HOURS_MAX;
    pat = calloc((size_t)nh + 1, sizeof *pat);
    unp = calloc((size_t)nh + 1, sizeof *unp);
    if (!pat || !unp) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (t->patch && onsets(s, t->patch, h0, nh, pat, unp, err)) goto out;
    int maxo = 1;
    for (int h = 0; h < nh; h++)
        if (pat[h] + unp[h] > maxo) maxo = pat[h] + unp[h];

    double y_rings = 70, lane = 34, y_ons = y_rings + lane * (nr ? nr : 1) + 20, ons_h = 120;
    double y_pub = y_ons + ons_h + 30, y_mom = y_pub + 50, height = y_mom + 150;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>",
          f);
    fputs("patchwatch timeline ", f);
    esc(f, t->patch);
    fputs("</title>\n<style>body{font-family:sans-serif;margin:16px;color:#222;background:#fff}"
          "table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}"
          ".hold{border:2px solid #c0392b;padding:8px 12px;margin:10px 0;background:#fdf2f0;max-width:1260px}"
          "svg text{font-size:12px}</style></head><body>\n<h1>Timeline of ", f);
    esc(f, t->patch ? t->patch : "host");
    fputs("</h1>\n", f);
    if (t->recommendation) {
        fputs("<div class=\"hold\" id=\"hold\"><b>Hold recommendation", f);
        if (t->hold_ring) {
            fputs(" (", f);
            esc(f, t->hold_ring);
            fputs(")", f);
        }
        fputs(":</b> ", f);
        esc(f, t->recommendation);
        fputs("</div>\n", f);
    }
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n", W, height);
    fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafa\"/>\n", W, height);
    /* the axis: one tick a day, a label every few days */
    int days = (int)((t1 - t0) / (24 * HOUR_US));
    int every = days > 20 ? (days + 19) / 20 : 1;
    fprintf(f, "<line x1=\"%.0f\" y1=\"40\" x2=\"%.0f\" y2=\"40\" stroke=\"#333\"/>\n", X0, X1);
    for (int d = 0; d <= days && d < 2000; d++) {
        int64_t ts = t0 + d * 24 * HOUR_US;
        double x = xof(ts, t0, t1);
        fprintf(f, "<line x1=\"%.1f\" y1=\"36\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#e3e3e3\"/>\n", x, x, height - 10);
        if (d % every == 0) {
            char st[PW_RFC3339_MAX];
            pw_time_format(ts, st);
            st[10] = 0;
            fprintf(f, "<text x=\"%.1f\" y=\"30\" text-anchor=\"middle\">%s</text>\n", x, st + 5);
        }
    }
    /* installs per ring */
    for (int r = 0; r < nr; r++) {
        double y = y_rings + lane * r + lane / 2;
        fprintf(f, "<g class=\"ring\" data-ring=\"");
        esc(f, rings[r]);
        fprintf(f, "\"><text x=\"10\" y=\"%.0f\">installs ", y + 4);
        esc(f, rings[r]);
        fprintf(f, "</text><line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#bbb\"/>\n", X0, y, X1, y);
        for (size_t i = 0; i < t->n; i++) {
            const pw_tl_entry *e = &t->v[i];
            if (strcmp(e->kind, "install") || !e->ring || strcmp(e->ring, rings[r])) continue;
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.0f\" r=\"5\" fill=\"#2e86c1\"><title>", xof(e->ts, t0, t1), y);
            esc(f, e->text);
            fputs("</title></circle>\n", f);
        }
        fputs("</g>\n", f);
    }
    /* onsets: patched up (red), unpatched stacked above (grey) */
    fprintf(f, "<text x=\"10\" y=\"%.0f\">symptom onsets/h</text>", y_ons + ons_h / 2);
    fprintf(f, "<text x=\"10\" y=\"%.0f\" fill=\"#c0392b\">patched hosts</text>", y_ons + ons_h / 2 + 16);
    fprintf(f, "<text x=\"10\" y=\"%.0f\" fill=\"#7f8c8d\">unpatched hosts</text>\n", y_ons + ons_h / 2 + 32);
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#333\"/>\n", X0, y_ons + ons_h, X1,
            y_ons + ons_h);
    double bw = (X1 - X0) / (nh ? nh : 1);
    for (int h = 0; h < nh; h++) {
        if (!pat[h] && !unp[h]) continue;
        double x = X0 + bw * h, hp = ons_h * pat[h] / maxo, hu = ons_h * unp[h] / maxo;
        if (pat[h])
            fprintf(f, "<rect class=\"onset-patched\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"#c0392b\"/>\n",
                    x, y_ons + ons_h - hp, bw > 1.5 ? bw - 0.5 : bw, hp);
        if (unp[h])
            fprintf(f, "<rect class=\"onset-unpatched\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"#7f8c8d\"/>\n",
                    x, y_ons + ons_h - hp - hu, bw > 1.5 ? bw - 0.5 : bw, hu);
    }
    /* publications */
    fprintf(f, "<text x=\"10\" y=\"%.0f\">publications</text>\n", y_pub + 4);
    for (size_t i = 0; i < t->n; i++) {
        const pw_tl_entry *e = &t->v[i];
        if (strcmp(e->kind, "report")) continue;
        double x = xof(e->ts, t0, t1);
        fprintf(f, "<path class=\"report\" d=\"M%.1f %.0f l6 10 l-12 0 z\" fill=\"#8e44ad\"><title>", x, y_pub - 6);
        esc(f, e->text);
        fputs("</title></path>\n", f);
    }
    /* moments: alerts, incidents, notifications, actions, resolution as labelled vertical lines */
    fprintf(f, "<text x=\"10\" y=\"%.0f\">alerts and notices</text>\n", y_mom + 4);
    int k = 0;
    for (size_t i = 0; i < t->n; i++) {
        const pw_tl_entry *e = &t->v[i];
        const char *color = !strcmp(e->kind, "alert") ? "#e67e22" : !strcmp(e->kind, "notification") ? "#16a085"
                          : !strcmp(e->kind, "resolution") ? "#27ae60" : !strcmp(e->kind, "incident") ? "#c0392b"
                          : !strcmp(e->kind, "action") ? "#34495e" : !strcmp(e->kind, "symptom") ? "#7b241c" : NULL;
        if (!color) continue;
        double x = xof(e->ts, t0, t1);
        char st[PW_RFC3339_MAX];
        stamp(e->ts, st);
        bool right = x > X1 - 170; /* near the right edge the label goes left of its line */
        fprintf(f, "<g class=\"moment %s\"><line x1=\"%.1f\" y1=\"40\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"%s\" "
                   "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%.0f\" fill=\"%s\" text-anchor=\"%s\">",
                e->kind, x, x, y_mom + 10 + 18 * (k % 6), color, right ? x - 3 : x + 3, y_mom + 22 + 18 * (k % 6),
                color, right ? "end" : "start");
        fprintf(f, "%s %s", e->kind, st);
        fputs("<title>", f);
        esc(f, e->text);
        fputs("</title></text></g>\n", f);
        k++;
    }
    fputs("</svg>\n<h2>Moments</h2>\n<table><tr><th>time (UTC)</th><th>what</th><th>ring</th><th>detail</th></tr>\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const pw_tl_entry *e = &t->v[i];
        char st[PW_RFC3339_MAX];
        stamp(e->ts, st);
        fprintf(f, "<tr class=\"%s\"><td>%s</td><td>%s</td><td>", e->kind, st, e->kind);
        esc(f, e->ring ? e->ring : "");
        fputs("</td><td>", f);
        esc(f, e->text);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n</body></html>\n", f);
    rc = ferror(f) ? pw_error_set(err, PW_ERR_IO, "write failed") : 0;
out:
    free(pat);
    free(unp);
    return rc;
}

int pw_tl_write_html(pw_tl_store *s, const pw_tl *t, const char *path, pw_error *err)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid()) >= sizeof tmp)
        return pw_error_set(err, PW_ERR_USAGE, "%s: path too long", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return pw_error_set(err, PW_ERR_IO, "%s: %m", tmp);
    int rc = page(s, t, f, err);
    if (fclose(f) && !rc) rc = pw_error_set(err, PW_ERR_IO, "%s: %m", tmp);
    if (!rc && rename(tmp, path)) rc = pw_error_set(err, PW_ERR_IO, "%s: %m", path);
    if (rc) {
        unlink(tmp);
        pw_error_prefix(err, "%s", path);
    }
    return rc;
}
