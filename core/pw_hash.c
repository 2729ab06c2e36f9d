/* pw_hash: FNV-1a 64 with an fmix64 finaliser (algorithm documented in pw_hash.h). */
#include "core/pw_hash.h"

#include <stdio.h>

uint64_t pw_hash_update(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t pw_hash_final(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

uint64_t pw_hash64(const void *data, size_t len)
{
    return pw_hash_final(pw_hash_update(PW_HASH_INIT, data, len));
}

uint64_t pw_hash_fields(const char *const *fields, const size_t *lens, size_t n)
{
    static const unsigned char sep = 0x1f;
    uint64_t h = PW_HASH_INIT;
    for (size_t i = 0; i < n; i++) {
        h = pw_hash_update(h, fields[i], lens[i]);
        h = pw_hash_update(h, &sep, 1);
    }
    return pw_hash_final(h);
}

void pw_hash_hex(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}
