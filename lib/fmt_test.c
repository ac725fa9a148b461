/* Known-answer tests of fmt_snprintf; they run on the host and in the kernel. */
#include "fmt.h"

#include <stdint.h>

#include "ktest.h"

#define EXPECT_WITH(t, fn, want, ...)                                                              \
    do {                                                                                           \
        char buf_[96];                                                                             \
        int n_ = fn(buf_, sizeof(buf_), __VA_ARGS__);                                              \
        KT_EXPECT_STREQ(t, buf_, want);                                                            \
        KT_EXPECT_EQ(t, n_, sizeof(want) - 1);                                                     \
    } while (0)

/* Checked by the compiler's format warnings. */
#define EXPECT_FMT(t, want, ...) EXPECT_WITH(t, fmt_snprintf, want, __VA_ARGS__)

/* For formats the compiler rightly rejects but fmt must still handle. */
static int snprintf_unchecked(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
#define EXPECT_ODD(t, want, ...) EXPECT_WITH(t, snprintf_unchecked, want, __VA_ARGS__)

KTEST(fmt, decimal_signed_and_unsigned) {
    EXPECT_FMT(t, "0", "%d", 0);
    EXPECT_FMT(t, "-42 42", "%d %i", -42, 42);
    EXPECT_FMT(t, "-2147483648", "%d", INT32_MIN);
    EXPECT_FMT(t, "4294967295", "%u", 4294967295u);
    EXPECT_FMT(t, "-9223372036854775808", "%lld", (long long)INT64_MIN);
    EXPECT_FMT(t, "18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    EXPECT_FMT(t, "-1 65535 255", "%ld %hu %hhu", -1L, (unsigned short)65535, (unsigned char)255);
    EXPECT_ODD(t, "1 0", "%hu %hhu", 65537, 256);
    EXPECT_ODD(t, "-1", "%hhd", 255);
    EXPECT_FMT(t, "123456789012", "%zu", (size_t)123456789012ull);
}

KTEST(fmt, hex_and_pointer) {
    EXPECT_FMT(t, "ff FF", "%x %X", 255, 255);
    EXPECT_FMT(t, "deadbeefcafe", "%llx", 0xdeadbeefcafeull);
    EXPECT_FMT(t, "ffffffff", "%x", -1);
    EXPECT_FMT(t, "0x1234", "%p", (void *)0x1234);
    EXPECT_FMT(t, "0x0", "%p", (void *)0);
    EXPECT_FMT(t, "0xffffffff80000000", "%p", (void *)0xffffffff80000000ull);
}

KTEST(fmt, width_and_flags) {
    EXPECT_FMT(t, "   42", "%5d", 42);
    EXPECT_FMT(t, "42   |", "%-5d|", 42);
    EXPECT_FMT(t, "00042", "%05d", 42);
    EXPECT_FMT(t, "-0042", "%05d", -42);
    EXPECT_FMT(t, "  -42", "%5d", -42);
    EXPECT_FMT(t, "0a", "%02x", 10);
    EXPECT_FMT(t, "123", "%2d", 123);
    EXPECT_FMT(t, "  7|", "%*d|", 3, 7);
    EXPECT_FMT(t, "7  |", "%*d|", -3, 7);
    EXPECT_ODD(t, "42   |", "%-05d|", 42);
    EXPECT_ODD(t, "0x00ab", "%06p", (void *)0xab);
}

KTEST(fmt, strings_and_chars) {
    EXPECT_FMT(t, "hello", "%s", "hello");
    EXPECT_FMT(t, "  hi|hi  |", "%4s|%-4s|", "hi", "hi");
    EXPECT_FMT(t, "hel", "%.3s", "hello");
    EXPECT_FMT(t, "he", "%.*s", 2, "hello");
    EXPECT_FMT(t, "  ab", "%4.2s", "abcdef");
    EXPECT_FMT(t, "(null)", "%s", (const char *)0);
    EXPECT_FMT(t, "x", "%c", 'x');
    EXPECT_FMT(t, "  x", "%3c", 'x');
    EXPECT_FMT(t, "100%", "%d%%", 100);
}

KTEST(fmt, unknown_conversion_is_copied) {
    EXPECT_ODD(t, "a%qb", "a%qb");
    EXPECT_ODD(t, "end%", "end%");
    EXPECT_ODD(t, "%5q1", "%5q%d", 1);
}

KTEST(fmt, snprintf_truncates_and_terminates) {
    char buf[8];
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = 'z';
    }
    KT_EXPECT_EQ(t, fmt_snprintf(buf, 4, "%s", "abcdef"), 6);
    KT_EXPECT_STREQ(t, buf, "abc");
    KT_EXPECT_EQ(t, buf[4], 'z');
    KT_EXPECT_EQ(t, fmt_snprintf(buf, 1, "%d", 12345), 5);
    KT_EXPECT_EQ(t, buf[0], '\0');
    buf[0] = 'q';
    KT_EXPECT_EQ(t, fmt_snprintf(buf, 0, "xyz"), 3);
    KT_EXPECT_EQ(t, buf[0], 'q');
}

struct count_sink {
    int calls;
    int bytes;
};

static void count_put(void *ctx, const char *s, size_t n) {
    struct count_sink *c = ctx;
    (void)s;
    c->calls++;
    c->bytes += (int)n;
}

static int format_to_counter(struct count_sink *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vformat(count_put, c, fmt, ap);
    va_end(ap);
    return n;
}

KTEST(fmt, vformat_counts_long_padding) {
    struct count_sink c = {0, 0};
    KT_EXPECT_EQ(t, format_to_counter(&c, "%100d", 1), 100);
    KT_EXPECT_EQ(t, c.bytes, 100);
    KT_EXPECT(t, c.calls > 1);
}
