/* fuzz_file_merge: the pull cursor and the event-time merge replay reads through (ingest/file_merge.h). The
 * input is cut at 0x01 bytes into up to three event files (.jsonl, .log, .json) and a feed document (.xml),
 * merged with at most two open (the lazy path); the merge must give exactly the records that reading each
 * file alone gives (the push path the `files` and `feeds` sources use), the feed's advisories in published
 * order, and never crash or read out of bounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_stage.h"
#include "core/pw_time.h"
#include "ingest/file_merge.h"
#include "ingest/file_reader.h"

static int count_event(void *ud, struct pw_event *ev, pw_error *err)
{
    (void)ev, (void)err;
    (*(uint64_t *)ud)++;
    return 0;
}

static int count_adv(void *ud, const struct pw_advisory *a, pw_error *err)
{
    (void)a, (void)err;
    (*(uint64_t *)ud)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[] = "/tmp/pw-fuzz-merge-XXXXXX";
    static pw_file_reader *r;
    enum { NIN = 4, FEED = 3 };
    static const char *const names[NIN] = {"a/x.jsonl", "b/y.log", "c/z.json", "d/feed.xml"};
    static char paths[NIN][256];
    if (!r) {
        pw_log_set_level(PW_LOG_ERROR);
        if (!mkdtemp(dir)) abort();
        for (int i = 0; i < NIN; i++) {
            snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
            char sub[300];
            snprintf(sub, sizeof sub, "%s/%c", dir, names[i][0]);
            mkdir(sub, 0700);
        }
        pw_error err = {0};
        pw_file_reader_opts o = {.log_prefix = "fuzz"};
        if (!(r = pw_file_reader_new(&o, &err))) abort();
    }
    const uint8_t *p = data, *end = data + size;
    for (int i = 0; i < NIN; i++) {
        const uint8_t *cut = i < NIN - 1 ? memchr(p, 1, (size_t)(end - p)) : NULL;
        size_t n = (size_t)((cut ? cut : end) - p);
        FILE *f = fopen(paths[i], "wb");
        if (!f) abort();
        fwrite(p, 1, n, f);
        fclose(f);
        p = cut ? cut + 1 : end;
    }
    uint64_t alone = 0;
    pw_source_emit emit = {.event = count_event, .advisory = count_adv, .ud = &alone};
    for (int i = 0; i < NIN; i++) {
        pw_error err = {0};
        int rc = i == FEED ? pw_file_reader_advisories(r, paths[i], &emit, &err)
                           : pw_file_reader_events(r, paths[i], &emit, &err);
        if (rc < 0) return 0; /* an I/O-level failure or a document refused whole: no comparison */
    }
    pw_error err = {0};
    pw_file_merge *m = pw_file_merge_new(r, 2, &err);
    if (!m) abort();
    for (int i = 0; i < NIN; i++)
        if (pw_file_merge_add(m, paths[i], i == FEED, &err)) abort();
    pw_file_item it;
    uint64_t merged = 0;
    int64_t last_adv = PW_TS_NONE;
    int n;
    while ((n = pw_file_merge_next(m, &it, &err)) == 1) {
        if (it.kind == PW_FILE_ITEM_ADVISORY) {
            if (!it.adv || it.ts < last_adv) abort(); /* a document is given out in published order */
            last_adv = it.ts;
        } else if (it.kind != PW_FILE_ITEM_EVENT || !it.ev)
            abort();
        merged++;
    }
    if (n < 0 || merged != alone) abort();
    pw_file_merge_free(m);
    return 0;
}
