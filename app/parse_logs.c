/* patchwatch parse: syslog and rendered Windows event formats (not built yet). */
#include <stdio.h>

#include "app/app.h"

int pw_parse_logs_main(const pw_parse_opts *o)
{
    fprintf(stderr, "patchwatch parse: format %s is not implemented yet\n", o->format);
    return PW_EXIT_USAGE;
}
