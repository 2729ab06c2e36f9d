/* ingest/file_reader_priv.h: what the file reader shares with its cursors (file_reader.c, file_cursor.c). */
#ifndef PW_INGEST_FILE_READER_PRIV_H
#define PW_INGEST_FILE_READER_PRIV_H

#include "ingest/file_reader.h"
#include "parsers/advisory_extract.h"

struct pw_file_reader {
    pw_file_reader_opts o;
    pw_extractor *ex; /* advisories: extraction rules applied to every advisory */
};

#endif
