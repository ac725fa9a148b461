/*
 * SHA-256 (FIPS 180-4) over a generated buffer, chained: each round hashes
 * the buffer after writing the previous digest into its head. Measures
 * 32-bit integer arithmetic: rotates, shifts, xor and add on values that
 * live in registers, with big-endian loads. The code is the kernel's own
 * lib/sha256.c (the code cache's hash); it is checked against the standard
 * "abc" test vector before timing starts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "lib/sha256.h"

#define BUF_SIZE (1 << 20)
#define ROUNDS 160

static void hex(const uint8_t digest[SHA256_DIGEST_SIZE], char out[65]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[64] = '\0';
}

int main(void) {
    uint8_t digest[SHA256_DIGEST_SIZE];
    char text[65];
    sha256("abc", 3, digest);
    hex(digest, text);
    if (strcmp(text, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") != 0) {
        bench_fail("sha256", "wrong digest for \"abc\"");
    }
    uint8_t *buf = malloc(BUF_SIZE);
    if (buf == NULL) {
        bench_fail("sha256", "out of memory");
    }
    bench_rng_t rng;
    bench_rng_seed(&rng, 3);
    for (size_t i = 0; i < BUF_SIZE; i++) {
        buf[i] = (uint8_t)bench_rng_next(&rng);
    }
    for (int round = 0; round < ROUNDS; round++) {
        sha256(buf, BUF_SIZE, digest);
        memcpy(buf, digest, sizeof digest);
    }
    hex(digest, text);
    bench_report("sha256", "%d x %d bytes, %s", ROUNDS, BUF_SIZE, text);
    free(buf);
    return 0;
}
