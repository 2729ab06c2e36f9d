/* tail_priv: what the tail files (file, checkpoint, follow) share; not for other stages. */
#ifndef PW_TAIL_PRIV_H
#define PW_TAIL_PRIV_H

#include <jansson.h>
#include <stdint.h>
#include <sys/types.h>

#include "ingest/tail.h"

#define TAIL_DONE_MAX 64 /* finished rotated files remembered, so a glob that matches them does not re-read */

typedef struct tail_file {
    char *path;
    dev_t dev;
    ino_t ino;
    int fd;
    uint64_t off;      /* bytes consumed: the start of the next line */
    uint64_t head;     /* first-line hash, valid when head_len > 0 */
    uint32_t head_len;
    int rotated;       /* no longer at its path: read to the end, then forget */
    uint64_t scanned;  /* an over-long line at scanned_for has no LF before this offset (scan resumes here) */
    uint64_t scanned_for;
    int64_t idle_since_ms;
} tail_file;

typedef struct tail_done {
    dev_t dev;
    ino_t ino;
    uint64_t head;
    uint32_t head_len;
} tail_done;

struct pw_tail {
    char **globs;
    size_t nglobs;
    char *checkpoint;
    size_t max_line;
    tail_file *files[PW_TAIL_MAX_FILES];
    size_t nfiles;
    tail_done done[TAIL_DONE_MAX];
    size_t ndone;
    char *buf; /* max_line + READ_CHUNK */
    size_t bufcap;
    json_t *committed; /* the file list of the last commit ("next") */
    int64_t last_scan_ms;
    int need_scan;
    uint64_t discarded; /* bytes of over-long lines skipped beyond max_line */
    int start_at_end; /* pw_tail_config.start_at_end, for the scan in pw_tail_open only */
};

/* tail_file.c */
tail_file *tail_file_open(const char *path, uint64_t off, int rotated, pw_error *err);
void tail_file_free(tail_file *f);
/* Reads the file's head from disk and sets f->head/head_len when it has a complete first line. */
void tail_file_learn_head(tail_file *f);
/* 1 when the file at fd still starts with f's known first line (or none is known yet). */
int tail_file_head_matches(const tail_file *f, int fd);
/* Reads complete lines from f->off, at most *budget of them; calls fn; advances f->off. Returns the number of
 * lines, -1 on error. final: also hand out an unterminated last line (the file is done). */
long tail_file_read(pw_tail *t, tail_file *f, size_t budget, int final, pw_tail_line_fn fn, void *ud, pw_error *err);
/* Searches path's directory for a file holding f's content elsewhere: the same inode (want_ino) or, failing
 * that, a copy starting with f's first line and at least f->off long, whose inode is not exclude_ino. Returns
 * a malloc'd path or NULL. */
char *tail_find_elsewhere(const char *path, dev_t dev, ino_t want_ino, ino_t exclude_ino, uint64_t head,
                          uint32_t head_len, uint64_t min_size);
int64_t tail_now_ms(void);

/* tail_checkpoint.c */
json_t *tail_state_json(const pw_tail *t);
int tail_checkpoint_write(const char *path, json_t *doc, pw_error *err);
json_t *tail_checkpoint_read(const char *path, pw_error *err); /* NULL + code NOTFOUND when absent */

#endif
