/* pw_bus_curve: placeholder until CURVE support lands; refuses rather than silently running in plaintext. */
#include "core/pw_bus_curve.h"

int pw_bus_curve_read_key(const char *path, const char *which, char out[41], pw_error *err)
{
    (void)out;
    return pw_error_set(err, PW_ERR_INTERNAL, "%s: reading %s keys is not implemented yet", path, which);
}

int pw_bus_curve_apply(void *zsock, int is_server, const pw_bus_opts *opts, pw_error *err)
{
    (void)zsock; (void)is_server; (void)opts;
    return pw_error_set(err, PW_ERR_INTERNAL, "bus: CURVE is not implemented yet");
}

int pw_bus_curve_keygen(const char *prefix, pw_error *err)
{
    return pw_error_set(err, PW_ERR_INTERNAL, "%s: key generation is not implemented yet", prefix);
}
