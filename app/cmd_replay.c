/* patchwatch replay: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_replay(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch replay [--out FILE] DIR\nRun the offline pipeline on DIR and write alerts as JSON lines.");
}
