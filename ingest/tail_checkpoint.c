/* tail_checkpoint: the checkpoint file, JSON so a person can read it:
 *   {"version":1,
 *    "out":{"dev":D,"ino":I,"size":S,"len":L},   -- the batch about to be written (exact mode only)
 *    "prev":[FILE...], "next":[FILE...],          -- positions before / after that batch
 *    "done":[{"dev":D,"ino":I,"head":"hex","head_len":N}...]}
 *   FILE = {"path":P,"dev":D,"ino":I,"off":O,"head":"16 hex","head_len":N,"rotated":bool}
 * Written atomically: a temporary file next to it, then rename(2), so a reader (or a restart after SIGKILL)
 * sees the old or the new checkpoint, never a mix. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_hash.h"
#include "ingest/tail_priv.h"

#define CHECKPOINT_MAX ((size_t)8 << 20) /* 1024 files x a few hundred bytes, with a wide margin */

static json_t *head_json(uint64_t head)
{
    char hex[17];
    pw_hash_hex(head, hex);
    return json_string(hex);
}

json_t *tail_state_json(const pw_tail *t)
{
    json_t *files = json_array();
    if (!files) return NULL;
    for (size_t i = 0; i < t->nfiles; i++) {
        const tail_file *f = t->files[i];
        json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:o,s:i,s:b}", "path", f->path, "dev", (json_int_t)f->dev, "ino",
                              (json_int_t)f->ino, "off", (json_int_t)f->off, "head", head_json(f->head), "head_len",
                              (int)f->head_len, "rotated", f->rotated);
        if (!o || json_array_append_new(files, o)) {
            json_decref(files);
            return NULL;
        }
    }
    return files;
}

int tail_checkpoint_write(const char *path, json_t *doc, pw_error *err)
{
    size_t n = strlen(path) + 5;
    char *tmp = malloc(n);
    char *text = json_dumps(doc, JSON_COMPACT);
    int fd = -1, rc = -1;
    if (!tmp || !text) {
        pw_error_set(err, PW_ERR_NOMEM, "out of memory");
        goto done;
    }
    snprintf(tmp, n, "%s.tmp", path);
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", tmp, strerror(errno));
        goto done;
    }
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            pw_error_set(err, PW_ERR_IO, "%s: write: %s", tmp, strerror(errno));
            goto done;
        }
        off += (size_t)w;
    }
    if (close(fd) < 0) {
        fd = -1;
        pw_error_set(err, PW_ERR_IO, "%s: close: %s", tmp, strerror(errno));
        goto done;
    }
    fd = -1;
    if (rename(tmp, path) < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: rename: %s", path, strerror(errno));
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0) close(fd);
    free(tmp);
    free(text);
    return rc;
}

json_t *tail_checkpoint_read(const char *path, pw_error *err)
{
    json_error_t je;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        pw_error_set(err, errno == ENOENT ? PW_ERR_NOTFOUND : PW_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    rewind(fp);
    json_t *doc = NULL;
    if (size < 0 || (size_t)size > CHECKPOINT_MAX) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: checkpoint larger than %zu bytes", path, CHECKPOINT_MAX);
    } else if (!(doc = json_loadf(fp, JSON_REJECT_DUPLICATES, &je)) || !json_is_object(doc)) {
        pw_error_set(err, PW_ERR_INVALID, "%s:%d: bad checkpoint: %s", path, je.line, doc ? "not an object" : je.text);
        json_decref(doc);
        doc = NULL;
    }
    fclose(fp);
    return doc;
}
