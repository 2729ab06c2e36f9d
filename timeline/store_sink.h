/* store_sink: the `store` sink plugin (core/pw_stage.h); the engine's registry lists it as one row. */
#ifndef PW_TL_STORE_SINK_H
#define PW_TL_STORE_SINK_H

#include "core/pw_stage.h"

extern const pw_sink_plugin pw_sink_plugin_store;

#endif
