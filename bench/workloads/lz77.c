/*
 * An LZ77 compressor (hash chains over a 64 KiB window) and its
 * decompressor, round-tripping generated text. Measures branchy integer
 * code: hashing, table lookups, byte compares of unpredictable length and
 * overlapping copies. The round trip is checked; the checksum is the
 * compressed size and a hash of the compressed bytes.
 *
 * Format: a control byte c < 0x80 starts a run of c+1 literal bytes; c >=
 * 0x80 is a match of (c & 0x7f) + MIN_MATCH bytes at a 16-bit little-endian
 * distance (1..WINDOW-1) that follows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define TEXT_SIZE (4 << 20)
#define ROUNDS 5
#define WINDOW 65536
#define MIN_MATCH 3
#define MAX_MATCH (0x7f + MIN_MATCH)
#define MAX_LITERALS 128
#define HASH_BITS 15
#define MAX_CHAIN 24

static uint32_t hash3(const uint8_t *p) {
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static size_t flush_literals(uint8_t *out, const uint8_t *lit, size_t n) {
    size_t w = 0;
    while (n > 0) {
        size_t run = n < MAX_LITERALS ? n : MAX_LITERALS;
        out[w++] = (uint8_t)(run - 1);
        memcpy(out + w, lit, run);
        w += run;
        lit += run;
        n -= run;
    }
    return w;
}

/* Requires: out holds in_size + in_size / MAX_LITERALS + 1 bytes (all literals). */
static size_t compress(const uint8_t *in, size_t in_size, uint8_t *out, int32_t *head,
                       int32_t *prev) {
    for (size_t i = 0; i < (1u << HASH_BITS); i++) {
        head[i] = -1;
    }
    size_t w = 0, lit_start = 0, i = 0;
    while (i + MIN_MATCH <= in_size) {
        uint32_t h = hash3(in + i);
        size_t best_len = 0, best_dist = 0;
        int32_t cand = head[h];
        size_t limit = in_size - i < MAX_MATCH ? in_size - i : MAX_MATCH;
        for (int chain = 0; chain < MAX_CHAIN && cand >= 0 && i - (size_t)cand < WINDOW; chain++) {
            const uint8_t *a = in + cand, *b = in + i;
            size_t len = 0;
            while (len < limit && a[len] == b[len]) {
                len++;
            }
            if (len > best_len) {
                best_len = len;
                best_dist = i - (size_t)cand;
                if (len == limit) {
                    break;
                }
            }
            cand = prev[cand % WINDOW];
        }
        prev[i % WINDOW] = head[h];
        head[h] = (int32_t)i;
        if (best_len < MIN_MATCH) {
            i++;
            continue;
        }
        w += flush_literals(out + w, in + lit_start, i - lit_start);
        out[w++] = (uint8_t)(0x80 | (best_len - MIN_MATCH));
        out[w++] = (uint8_t)best_dist;
        out[w++] = (uint8_t)(best_dist >> 8);
        /* Index the matched bytes too, so later matches can find them. */
        for (size_t j = i + 1; j < i + best_len && j + MIN_MATCH <= in_size; j++) {
            uint32_t hj = hash3(in + j);
            prev[j % WINDOW] = head[hj];
            head[hj] = (int32_t)j;
        }
        i += best_len;
        lit_start = i;
    }
    w += flush_literals(out + w, in + lit_start, in_size - lit_start);
    return w;
}

/* Returns the decompressed size, or 0 when the input is malformed. */
static size_t decompress(const uint8_t *in, size_t in_size, uint8_t *out, size_t out_cap) {
    size_t r = 0, w = 0;
    while (r < in_size) {
        uint8_t c = in[r++];
        if (c < 0x80) {
            size_t run = (size_t)c + 1;
            if (run > in_size - r || run > out_cap - w) {
                return 0;
            }
            memcpy(out + w, in + r, run);
            r += run;
            w += run;
            continue;
        }
        if (in_size - r < 2) {
            return 0;
        }
        size_t len = (size_t)(c & 0x7f) + MIN_MATCH;
        size_t dist = (size_t)in[r] | (size_t)in[r + 1] << 8;
        r += 2;
        if (dist == 0 || dist > w || len > out_cap - w) {
            return 0;
        }
        for (size_t j = 0; j < len; j++, w++) {
            out[w] = out[w - dist];
        }
    }
    return w;
}

int main(void) {
    size_t cap = TEXT_SIZE + TEXT_SIZE / MAX_LITERALS + 1;
    uint8_t *text = malloc(TEXT_SIZE), *packed = malloc(cap), *back = malloc(TEXT_SIZE);
    int32_t *head = malloc(sizeof(int32_t) << HASH_BITS), *prev = malloc(sizeof(int32_t) * WINDOW);
    if (text == NULL || packed == NULL || back == NULL || head == NULL || prev == NULL) {
        bench_fail("lz77", "out of memory");
    }
    bench_rng_t rng;
    bench_rng_seed(&rng, 5);
    uint64_t hash = BENCH_FNV_INIT;
    size_t total = 0;
    for (int round = 0; round < ROUNDS; round++) {
        bench_gen_text(&rng, text, TEXT_SIZE);
        size_t packed_size = compress(text, TEXT_SIZE, packed, head, prev);
        if (decompress(packed, packed_size, back, TEXT_SIZE) != TEXT_SIZE ||
            memcmp(back, text, TEXT_SIZE) != 0) {
            bench_fail("lz77", "round trip does not give back the input");
        }
        hash = bench_fnv(hash, packed, packed_size);
        total += packed_size;
    }
    bench_report("lz77", "%d x %d bytes -> %zu, hash %016llx", ROUNDS, TEXT_SIZE, total,
                 (unsigned long long)hash);
    free(text);
    free(packed);
    free(back);
    free(head);
    free(prev);
    return 0;
}
