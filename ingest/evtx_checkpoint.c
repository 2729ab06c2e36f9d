/* ingest/evtx_checkpoint: see evtx_checkpoint.h. A flat array with linear lookup: one lookup per file
 * ingested, so O(files^2) overall, which is nothing next to parsing the files. */
#include "ingest/evtx_checkpoint.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pw_checkpoint_load(pw_checkpoint *cp, const char *file, pw_error *err)
{
    memset(cp, 0, sizeof *cp);
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    FILE *fp = NULL;
    if (!file) return 0;
    if (!(cp->file = strdup(file))) goto nomem;
    if (!(fp = fopen(file, "r"))) {
        if (errno == ENOENT) return 0;
        pw_error_set(err, PW_ERR_IO, "%s: %s", file, strerror(errno));
        goto err;
    }
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) > 0) {
        lineno++;
        if (line[n - 1] == '\n') line[--n] = '\0';
        if (n == 0 || line[0] == '#') continue;
        char *tab = strchr(line, '\t'), *end;
        errno = 0;
        uint64_t id = tab ? strtoull(line, &end, 10) : 0;
        if (!tab || end != tab || errno || !tab[1]) {
            pw_error_set(err, PW_ERR_INVALID, "%s:%ld: expected RECORD_ID<TAB>PATH", file, lineno);
            goto err;
        }
        if (pw_checkpoint_set(cp, tab + 1, id, err)) goto err;
    }
    free(line);
    fclose(fp);
    return 0;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "out of memory");
err:
    free(line);
    if (fp) fclose(fp);
    pw_checkpoint_free(cp);
    return -1;
}

uint64_t pw_checkpoint_get(const pw_checkpoint *cp, const char *path)
{
    for (size_t i = 0; i < cp->n; i++)
        if (strcmp(cp->e[i].path, path) == 0) return cp->e[i].last_id;
    return 0;
}

int pw_checkpoint_set(pw_checkpoint *cp, const char *path, uint64_t last_id, pw_error *err)
{
    for (size_t i = 0; i < cp->n; i++)
        if (strcmp(cp->e[i].path, path) == 0) {
            cp->e[i].last_id = last_id;
            return 0;
        }
    if (strchr(path, '\n') || strchr(path, '\t'))
        return pw_error_set(err, PW_ERR_INVALID, "%s: a path with a tab or newline cannot be checkpointed", path);
    if (cp->n >= PW_CHECKPOINT_MAX_ENTRIES)
        return pw_error_set(err, PW_ERR_LIMIT, "checkpoint holds more than %d files", PW_CHECKPOINT_MAX_ENTRIES);
    if (cp->n == cp->cap) {
        size_t ncap = cp->cap ? cp->cap * 2 : 16;
        pw_checkpoint_entry *p = realloc(cp->e, ncap * sizeof *p);
        if (!p) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        cp->e = p;
        cp->cap = ncap;
    }
    if (!(cp->e[cp->n].path = strdup(path))) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    cp->e[cp->n++].last_id = last_id;
    return 0;
}

int pw_checkpoint_save(const pw_checkpoint *cp, pw_error *err)
{
    if (!cp->file) return 0;
    size_t len = strlen(cp->file) + 16;
    char *tmp = malloc(len);
    FILE *fp = NULL;
    if (!tmp) return pw_error_set(err, PW_ERR_NOMEM, "out of memory");
    snprintf(tmp, len, "%s.tmp", cp->file);
    if (!(fp = fopen(tmp, "w"))) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", tmp, strerror(errno));
        goto err;
    }
    fputs("# patchwatch ingest evtx checkpoint: last record id pushed <TAB> file\n", fp);
    for (size_t i = 0; i < cp->n; i++) fprintf(fp, "%" PRIu64 "\t%s\n", cp->e[i].last_id, cp->e[i].path);
    if (fflush(fp) || fsync(fileno(fp)) || ferror(fp)) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", tmp, strerror(errno));
        goto err;
    }
    if (fclose(fp)) {
        fp = NULL;
        pw_error_set(err, PW_ERR_IO, "%s: %s", tmp, strerror(errno));
        goto err;
    }
    fp = NULL;
    if (rename(tmp, cp->file)) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", cp->file, strerror(errno));
        goto err;
    }
    free(tmp);
    return 0;
err:
    if (fp) fclose(fp);
    unlink(tmp);
    free(tmp);
    return -1;
}

void pw_checkpoint_free(pw_checkpoint *cp)
{
    for (size_t i = 0; i < cp->n; i++) free(cp->e[i].path);
    free(cp->e);
    free(cp->file);
    memset(cp, 0, sizeof *cp);
}
