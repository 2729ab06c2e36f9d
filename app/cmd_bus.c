/* patchwatch bus: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_bus(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch bus keygen PREFIX\nWrite a CURVE key pair for tcp:// endpoints.");
}
