/* patchwatch correlate: not built yet; answers --help truthfully and exits 2 otherwise. */
#include "app/app.h"

int pw_cmd_correlate(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch correlate [--in ENDPOINT] [--out SPEC]\nCorrelate events and advisories from the bus into alerts.");
}
