/*
 * zlib, built from Debian's source package into the module: deflate at the
 * default level and inflate back, over generated text and over a mix of
 * text and random bytes. Measures a real, widely deployed C library as a
 * compiler sees it: table-driven Huffman coding, hashing, memcpy-heavy
 * window handling. The round trip is checked; the checksum is the
 * compressed size and the CRC-32 (zlib's own) of the compressed bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common.h"

#define DATA_SIZE (8 << 20)
#define ROUNDS 2

int main(void) {
    uLong bound = compressBound(DATA_SIZE);
    uint8_t *data = malloc(DATA_SIZE), *packed = malloc(bound), *back = malloc(DATA_SIZE);
    if (data == NULL || packed == NULL || back == NULL) {
        bench_fail("zlib", "out of memory");
    }
    bench_rng_t rng;
    bench_rng_seed(&rng, 11);
    uLong crc = crc32(0, Z_NULL, 0);
    uint64_t total = 0;
    for (int round = 0; round < ROUNDS; round++) {
        bench_gen_text(&rng, data, DATA_SIZE);
        if (round % 2 == 1) {
            /* Every other 4 KiB block random: incompressible stretches. */
            for (size_t at = 0; at < DATA_SIZE; at += 8192) {
                for (size_t i = 0; i < 4096; i++) {
                    data[at + i] = (uint8_t)bench_rng_next(&rng);
                }
            }
        }
        uLongf packed_size = bound;
        if (compress2(packed, &packed_size, data, DATA_SIZE, Z_DEFAULT_COMPRESSION) != Z_OK) {
            bench_fail("zlib", "compress2 failed");
        }
        uLongf back_size = DATA_SIZE;
        if (uncompress(back, &back_size, packed, packed_size) != Z_OK || back_size != DATA_SIZE ||
            memcmp(back, data, DATA_SIZE) != 0) {
            bench_fail("zlib", "round trip does not give back the input");
        }
        crc = crc32(crc, packed, (uInt)packed_size);
        total += packed_size;
    }
    bench_report("zlib", "%s, %d x %d bytes -> %llu, crc32 %08lx", zlibVersion(), ROUNDS, DATA_SIZE,
                 (unsigned long long)total, (unsigned long)crc);
    free(data);
    free(packed);
    free(back);
    return 0;
}
