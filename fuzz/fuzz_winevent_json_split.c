/* Fuzzes the Windows JSON splitter (parsers/winevent_json_split.c) and each object it cuts through
 * pw_winevent_json_parse_line: input arrives through a memfd, as a file would. */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "parsers/winevent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return 0;
    }
    pw_winevent_json_split s;
    pw_event ev;
    pw_error err;
    const char *val;
    size_t len;
    pw_event_init(&ev);
    pw_winevent_json_split_init(&s, fd);
    for (int i = 0; i < 10000 && pw_winevent_json_split_next(&s, &val, &len, &err) == 1; i++)
        (void)pw_winevent_json_parse_line(val, len, &ev, &err);
    pw_winevent_json_split_free(&s);
    pw_event_free(&ev);
    close(fd);
    return 0;
}
