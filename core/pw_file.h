/* pw_file: reading a whole regular file into memory with a size cap (configuration files, model files). */
#ifndef PW_FILE_H
#define PW_FILE_H

#include <stddef.h>

#include "core/pw_error.h"

/* The bytes of the regular file at path, NUL-terminated (malloc'd; *len excludes the NUL). NULL with err when it
 * cannot be opened or read, is not a regular file, or holds more than cap bytes (read up to cap + 1 whatever
 * st_size says: the file may grow while it is read). */
char *pw_file_read(const char *path, size_t cap, size_t *len, pw_error *err);

#endif
