/* patchwatch config: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_config(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch config check FILE\nValidate a configuration file.");
}
