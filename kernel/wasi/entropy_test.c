/* Tests of the random bytes behind WASI random_get. */
#include "kernel/wasi/entropy.h"

#include <stdint.h>

#include "ktest.h"
#include "lib/string.h"

/* Bits set across a buffer: random bytes have about half of them. */
static unsigned popcount(const uint8_t *p, size_t n) {
    unsigned c = 0;
    for (size_t i = 0; i < n; i++) {
        for (uint8_t b = p[i]; b != 0; b &= (uint8_t)(b - 1)) {
            c++;
        }
    }
    return c;
}

static void check_source(struct ktest *t, bool fallback) {
    uint8_t a[64], b[64];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    entropy_fill(a, sizeof(a), fallback);
    entropy_fill(b, sizeof(b), fallback);
    KT_EXPECT(t, memcmp(a, b, sizeof(a)) != 0);
    unsigned bits = popcount(a, sizeof(a));
    KT_EXPECT(t, bits > 160 && bits < 352); /* 256 expected; 6 sigma either side */
}

KTEST(entropy, hardware_or_default_source_gives_differing_balanced_bytes) {
    check_source(t, false);
}

KTEST(entropy, fallback_gives_differing_balanced_bytes) {
    check_source(t, true);
}

KTEST(entropy, odd_length_fills_exactly) {
    uint8_t buf[13];
    memset(buf, 0xaa, sizeof(buf));
    entropy_fill(buf, 11, false);
    KT_EXPECT_EQ(t, buf[11], 0xaa);
    KT_EXPECT_EQ(t, buf[12], 0xaa);
}
