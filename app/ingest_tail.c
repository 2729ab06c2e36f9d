/* patchwatch ingest tail: not built yet. */
#include "app/app.h"

int pw_ingest_tail_main(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch ingest tail [OPTIONS]");
}
