/* patchwatch signatures: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_signatures(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch signatures [--json] FILE...\n       patchwatch signatures --assign < messages\nMine error signatures.");
}
