/* patchwatch rules: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_rules(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch rules check DIR\nValidate every rule file in DIR.");
}
