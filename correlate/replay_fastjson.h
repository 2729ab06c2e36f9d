/* replay_fastjson: a decoder for the common shape of ECS event lines, fast enough for replaying tens of
 * millions of events (see replay_fastjson.c for what "common shape" means). */
#ifndef PW_REPLAY_FASTJSON_H
#define PW_REPLAY_FASTJSON_H

#include <stddef.h>

#include "core/pw_error.h"
#include "core/pw_event.h"

/* 1: ev holds the decoded event; 0: the line is valid-looking but outside the fast shape (use
 * pw_event_from_json / the winevent decoder); -1: not JSON (err says where). */
int pw_fastjson_event(pw_event *ev, const char *line, size_t len, pw_error *err);

#endif
