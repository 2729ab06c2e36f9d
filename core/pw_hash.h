/* pw_hash: the stable 64-bit hash behind signature ids.
 *
 * Algorithm: FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the bytes, followed by
 * the murmur3 fmix64 finaliser so that short inputs spread over all 64 bits. It depends on nothing but the
 * bytes: the same input gives the same value on every machine, process and version of patchwatch, which is
 * what lets signature ids be counted across a fleet and persisted. Not for untrusted hash tables (no seed). */
#ifndef PW_HASH_H
#define PW_HASH_H

#include <stddef.h>
#include <stdint.h>

#define PW_HASH_INIT UINT64_C(0xcbf29ce484222325)

/* Incremental form: h = pw_hash_update(PW_HASH_INIT, a, n); h = pw_hash_update(h, b, m); pw_hash_final(h). */
uint64_t pw_hash_update(uint64_t h, const void *data, size_t len);
uint64_t pw_hash_final(uint64_t h);
uint64_t pw_hash64(const void *data, size_t len);
/* Hash of several fields, each followed by a 0x1f separator so ("ab","c") != ("a","bc"). */
uint64_t pw_hash_fields(const char *const *fields, const size_t *lens, size_t n);
/* 16 lowercase hex digits plus NUL into out[17]. */
void pw_hash_hex(uint64_t h, char out[17]);

#endif
