/*
 * SHA-256 (FIPS 180-4), for naming content: the code cache keys compiled
 * modules by the hash of their bytes. Incremental: init, update any number
 * of times, final. Freestanding; no allocation.
 */
#ifndef RZ_LIB_SHA256_H
#define RZ_LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

struct sha256 {
    uint32_t state[8];
    uint64_t length;   /* bytes hashed so far */
    uint8_t block[64]; /* a partial block */
    size_t block_used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE]);
/* All three at once. */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
