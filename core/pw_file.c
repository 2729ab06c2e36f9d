/* pw_file: see pw_file.h. The buffer is sized from st_size (plus one byte, to see a file that grew past the cap)
 * rather than the cap, so a 64 MiB cap costs nothing for a 1 MiB file. */
#include "core/pw_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *pw_file_read(const char *path, size_t cap, size_t *len, pw_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char *buf = NULL, *grown;
    size_t size, n = 0;
    struct stat st;
    if (fd < 0) {
        pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        pw_error_set(err, PW_ERR_IO, "%s: not a regular file", path);
        goto fail;
    }
    size = (size_t)st.st_size < cap ? (size_t)st.st_size + 1 : cap + 1;
    if (!(buf = malloc(size + 1))) goto nomem;
    for (;;) {
        if (n == size) { /* it grew while we read: double, up to the cap + 1 */
            size = size > cap / 2 ? cap + 1 : 2 * size;
            if (n == size) {
                pw_error_set(err, PW_ERR_LIMIT, "%s: larger than %zu bytes", path, cap);
                goto fail;
            }
            if (!(grown = realloc(buf, size + 1))) goto nomem;
            buf = grown;
        }
        ssize_t r = read(fd, buf + n, size - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            pw_error_set(err, PW_ERR_IO, "%s: %s", path, strerror(errno));
            goto fail;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    if (n > cap) {
        pw_error_set(err, PW_ERR_LIMIT, "%s: larger than %zu bytes", path, cap);
        goto fail;
    }
    buf[n] = 0;
    *len = n;
    close(fd);
    return buf;
nomem:
    pw_error_set(err, PW_ERR_NOMEM, "%s: out of memory", path);
fail:
    free(buf);
    close(fd);
    return NULL;
}
