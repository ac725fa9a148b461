/* The kernel log ring as plain data: order, wrap-around, and what is
 * dropped and reported when it overflows. */
#include "kernel/klog.h"

#include "ktest.h"
#include "lib/string.h"

static struct klog_ring ring;

static void ring_reset(void) {
    memset(&ring, 0, sizeof ring);
}

/* Fills buf with n bytes counting up from first (mod 251, so the pattern
 * does not line up with the ring's power-of-two size). */
static void pattern(char *buf, size_t n, size_t first) {
    for (size_t i = 0; i < n; i++) {
        buf[i] = (char)((first + i) % 251);
    }
}

static bool is_pattern(const char *buf, size_t n, size_t first) {
    for (size_t i = 0; i < n; i++) {
        if (buf[i] != (char)((first + i) % 251)) {
            return false;
        }
    }
    return true;
}

KTEST(klog, take_returns_bytes_in_order_and_empties) {
    char out[16];
    uint32_t lost = 7;
    ring_reset();
    klog_ring_put(&ring, "abc", 3);
    klog_ring_put(&ring, "de", 2);
    KT_EXPECT_EQ(t, klog_ring_used(&ring), 5);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, sizeof out, &lost), 5);
    KT_EXPECT(t, memcmp(out, "abcde", 5) == 0);
    KT_EXPECT_EQ(t, lost, 0);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, sizeof out, &lost), 0);
}

KTEST(klog, take_stops_at_cap_and_keeps_the_rest) {
    char out[4];
    uint32_t lost;
    ring_reset();
    klog_ring_put(&ring, "0123456", 7);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, 4, &lost), 4);
    KT_EXPECT(t, memcmp(out, "0123", 4) == 0);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, 4, &lost), 3);
    KT_EXPECT(t, memcmp(out, "456", 3) == 0);
}

KTEST(klog, bytes_survive_wrapping_around_the_end) {
    static char in[KLOG_RING_SIZE], out[KLOG_RING_SIZE];
    uint32_t lost;
    ring_reset();
    pattern(in, KLOG_RING_SIZE - 10, 0);
    klog_ring_put(&ring, in, KLOG_RING_SIZE - 10);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, KLOG_RING_SIZE, &lost), KLOG_RING_SIZE - 10);
    pattern(in, 100, 5); /* written across the end of buf */
    klog_ring_put(&ring, in, 100);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, KLOG_RING_SIZE, &lost), 100);
    KT_EXPECT(t, is_pattern(out, 100, 5));
    KT_EXPECT_EQ(t, lost, 0);
}

KTEST(klog, overflow_drops_the_oldest_and_reports_them_once) {
    static char in[KLOG_RING_SIZE], out[KLOG_RING_SIZE];
    uint32_t lost;
    ring_reset();
    pattern(in, KLOG_RING_SIZE, 0);
    klog_ring_put(&ring, in, KLOG_RING_SIZE);
    pattern(in, 300, KLOG_RING_SIZE);
    klog_ring_put(&ring, in, 300);
    KT_EXPECT_EQ(t, klog_ring_used(&ring), KLOG_RING_SIZE);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, KLOG_RING_SIZE, &lost), KLOG_RING_SIZE);
    KT_EXPECT_EQ(t, lost, 300);
    KT_EXPECT(t, is_pattern(out, KLOG_RING_SIZE, 300));
    klog_ring_put(&ring, "x", 1);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, 1, &lost), 1);
    KT_EXPECT_EQ(t, lost, 0);
}

KTEST(klog, put_larger_than_the_ring_keeps_its_tail) {
    static char in[KLOG_RING_SIZE + 50], out[KLOG_RING_SIZE];
    uint32_t lost;
    ring_reset();
    klog_ring_put(&ring, "old", 3);
    pattern(in, sizeof in, 0);
    klog_ring_put(&ring, in, sizeof in);
    KT_EXPECT_EQ(t, klog_ring_take(&ring, out, KLOG_RING_SIZE, &lost), KLOG_RING_SIZE);
    KT_EXPECT_EQ(t, lost, 53);
    KT_EXPECT(t, is_pattern(out, KLOG_RING_SIZE, 50));
}
