/* patchwatch ingest evtx: not built yet. */
#include "app/app.h"

int pw_ingest_evtx_main(int argc, char **argv)
{
    return pw_app_stub(argc, argv, "Usage: patchwatch ingest evtx [OPTIONS]");
}
