/* fuzz_queue: the durable sink queue's reader (core/pw_queue.c) on arbitrary segment bytes, as a disk error, a
 * crash mid-write or a hostile file in the queue directory could leave them: the input becomes the queue's one
 * segment file (and, when it starts with "C", the first 40 bytes its committed file); the queue is opened,
 * every record read and committed, one appended. It must never read out of bounds or loop; damaged records are
 * cut or skipped. One directory per process, emptied each run. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_log.h"
#include "core/pw_queue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int put(const char *path, const uint8_t *d, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return -1;
    ssize_t w = write(fd, d, n);
    close(fd);
    return w == (ssize_t)n ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64], seg[128], com[128];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/pw-fuzz-queue-%d", (int)getpid());
        snprintf(seg, sizeof seg, "%s/00000000000000000001.seg", dir);
        snprintf(com, sizeof com, "%s/committed", dir);
        pw_log_set_level(PW_LOG_ERROR);
    }
    mkdir(dir, 0700);
    DIR *d = opendir(dir); /* empty it: segments the last run rolled to, the committed file */
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (de->d_name[0] != '.') {
            char p[192];
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            unlink(p);
        }
    if (d) closedir(d);
    if (size > 40 && data[0] == 'C') {
        if (put(com, data + 1, 39)) return 0;
        data += 40, size -= 40;
    }
    if (put(seg, data, size)) return 0;
    pw_queue_opts o = {.dir = dir, .fsync = PW_FSYNC_NEVER, .max_bytes = 1 << 20};
    pw_error err = {0};
    pw_queue *q = pw_queue_open(&o, &err);
    if (!q) return 0;
    pw_queue_rec r;
    for (int i = 0; i < 100000 && pw_queue_read(q, &r, &err) == 1; i++)
        if (strlen(r.topic) > 255 || r.len > size) abort(); /* a record can only come from the input */
    pw_queue_commit(q, &err);
    pw_queue_append(q, "event", "{}", 2, &err);
    pw_queue_close(q);
    return 0;
}
