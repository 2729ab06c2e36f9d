/* patchwatch sink: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_sink(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch sink KIND [OPTIONS]\nDeliver bus messages (jsonl, syslog, http, store).");
}
