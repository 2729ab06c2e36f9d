/* fuzz_state: the correlator's state loader (correlate/state.c) on arbitrary bytes as the SQLite state file - a
 * state file is read at every start and may be damaged by a crash, a full disk or a copy gone wrong. Any bytes
 * must give a loaded engine or an error (quick_check, schema, version), never a crash, a leak or a hang. The
 * file lives in a private temporary directory, with its -wal/-shm side files removed between inputs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "correlate/correlate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], db[96], wal[104], shm[104];

static void clean(void)
{
    unlink(db);
    unlink(wal);
    unlink(shm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/pw-fuzz-state-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(dir)) abort();
        snprintf(db, sizeof db, "%s/state.db", dir);
        snprintf(wal, sizeof wal, "%s-wal", db);
        snprintf(shm, sizeof shm, "%s-shm", db);
        atexit(clean);
    }
    clean();
    FILE *f = fopen(db, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    pw_corr_config cfg;
    pw_error err;
    pw_corr_config_default(&cfg);
    pw_corr *c = pw_corr_new(&cfg, NULL, &err);
    if (!c) abort();
    pw_corr_state_load(c, db, &err);
    pw_corr_free(c);
    clean();
    return 0;
}
