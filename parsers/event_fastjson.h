/* event_fastjson: a decoder for the common shape of ECS event lines, fast enough for replaying tens of
 * millions of events (see event_fastjson.c for what "common shape" means). Shared by the files source
 * (ingest/file_reader.c), which replay drives, so it lives with the parsers. */
#ifndef PW_PARSERS_EVENT_FASTJSON_H
#define PW_PARSERS_EVENT_FASTJSON_H

#include <stddef.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_event.h"

/* 1: ev holds the decoded event; 0: outside the fast shape or invalid (use pw_event_from_json / the winevent
 * decoder, which also says what is wrong). scratch holds unescaped strings (reused, caller-owned). */
int pw_fastjson_event(pw_event *ev, pw_buf *scratch, const char *line, size_t len, pw_error *err);

#endif
