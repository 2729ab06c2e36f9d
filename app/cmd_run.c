/* patchwatch run: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_run(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch run [-c CONFIG]\nRun every stage the configuration declares; without -c, an embedded default reading examples/.");
}
