/* replay_inputs: the consumer side of replay. The records come from the input replay was given (the `files`
 * source's reader, merged in event-time order by ingest/file_merge.c; this library reads no input file);
 * each event is given a signature here (the miner, when built and wanted) and handed to pw_corr_add_event,
 * each advisory to pw_corr_add_advisory. */
#include "correlate/replay_inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "correlate/signature.h"

#define REPLAY_MAX_BLOB ((size_t)64 << 20) /* the miner's saved state */

struct replay_reader {
    int (*on_event)(const pw_event *, void *);
    int (*on_advisory)(const pw_advisory *, void *);
    void *obs_ud;
    pw_corr *c;
    uint64_t events, bad, advisories;
    pw_sig_miner *miner;
};

replay_reader *replay_reader_new(pw_corr *c, const struct pw_rules *rules, bool use_miner, pw_error *err)
{
    replay_reader *r = calloc(1, sizeof *r);
    if (!r) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->c = c;
    if (use_miner) {
        pw_sig_config sc;
        pw_sig_config_default(&sc);
        r->miner = pw_sig_miner_new(&sc, (const pw_rules *)rules, err);
        if (!r->miner) goto err;
    }
    return r;
err:
    replay_reader_free(r);
    return NULL;
}

void replay_reader_free(replay_reader *r)
{
    if (!r) return;
    pw_sig_miner_free(r->miner);
    free(r);
}

void replay_reader_counts(const replay_reader *r, uint64_t *events, uint64_t *bad, uint64_t *advisories)
{
    *events = r->events;
    *bad = r->bad;
    *advisories = r->advisories;
}

void replay_reader_set_observers(replay_reader *r, int (*on_event)(const pw_event *, void *),
                                 int (*on_advisory)(const pw_advisory *, void *), void *ud)
{
    r->on_event = on_event;
    r->on_advisory = on_advisory;
    r->obs_ud = ud;
}

/* Signature (miner) + engine + observer. The host fallback is the reader's (the same for run). */
int replay_take_event(replay_reader *r, pw_event *ev, pw_error *err)
{
    /* informational events are not failures: the engine ignores them, so they are not mined either */
    if (r->miner && pw_corr_counts_level(r->c, ev) && !pw_event_find(ev, "patchwatch.signature")) {
        pw_error e2 = {0};
        if (pw_sig_assign_event(r->miner, ev, &e2)) {
            r->bad++;
            pw_log_warn("replay: signature: %s", e2.msg);
        }
    }
    r->events++;
    if (pw_corr_add_event(r->c, ev, err)) return -1;
    if (r->on_event && r->on_event(ev, r->obs_ud)) return pw_error_set(err, PW_ERR_IO, "the event observer failed");
    return 0;
}

int replay_take_advisory(replay_reader *r, const pw_advisory *a, pw_error *err)
{
    if (pw_corr_add_advisory(r->c, a, err)) return -1;
    if (r->on_advisory && r->on_advisory(a, r->obs_ud))
        return pw_error_set(err, PW_ERR_IO, "the advisory observer failed");
    r->advisories++;
    return 0;
}

/* The miner saves to a file; the state wants text: a private temporary file carries it across. */
int replay_reader_stash_miner(replay_reader *r, pw_error *err)
{
    if (!r->miner) return 0;
    char path[] = "/tmp/pw-replay-miner-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "cannot create a temporary file for the miner state");
    close(fd);
    int rc = -1;
    char *data = NULL;
    if (pw_sig_save(r->miner, path, err)) goto out;
    FILE *f = fopen(path, "rb");
    if (!f) goto out;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    if (n >= 0 && (size_t)n <= REPLAY_MAX_BLOB && (data = malloc((size_t)n + 1)) && fread(data, 1, (size_t)n, f) == (size_t)n)
        rc = pw_corr_state_put_blob(r->c, "signature-miner", data, (size_t)n);
    fclose(f);
    if (rc) pw_error_set(err, PW_ERR_IO, "cannot keep the miner state");
out:
    free(data);
    unlink(path);
    return rc;
}

int replay_reader_restore_miner(replay_reader *r, pw_error *err)
{
    const char *blob = pw_corr_state_get_blob(r->c, "signature-miner");
    if (!r->miner || !blob) return 0;
    char path[] = "/tmp/pw-replay-miner-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return pw_error_set(err, PW_ERR_IO, "cannot create a temporary file for the miner state");
    size_t len = strlen(blob);
    int rc = write(fd, blob, len) == (ssize_t)len ? 0 : -1;
    close(fd);
    if (rc) pw_error_set(err, PW_ERR_IO, "cannot write the miner state");
    else rc = pw_sig_load(r->miner, path, err);
    unlink(path);
    return rc;
}
