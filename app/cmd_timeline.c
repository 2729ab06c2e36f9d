/* patchwatch timeline: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_timeline(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch timeline --host H | --patch KB | --alert ID\nReconstruct an incident timeline from the store.");
}
