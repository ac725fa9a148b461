/* Tests of lib/string.c; on the host every name is prefixed with lib_ so
 * that this file exercises our code, not the C library's. */
#include "string.h"

#include "ktest.h"

KTEST(string, memcpy_copies_exactly_n) {
    char dst[8] = "xxxxxxx";
    KT_EXPECT(t, memcpy(dst, "abc", 3) == dst);
    KT_EXPECT_STREQ(t, dst, "abcxxxx");
    memcpy(dst, "q", 0);
    KT_EXPECT_EQ(t, dst[0], 'a');
}

KTEST(string, memmove_handles_both_overlaps) {
    char up[] = "123456789";
    memmove(up + 2, up, 5);
    KT_EXPECT_STREQ(t, up, "121234589");
    char down[] = "123456789";
    memmove(down, down + 2, 5);
    KT_EXPECT_STREQ(t, down, "345676789");
}

KTEST(string, memset_and_memcmp) {
    unsigned char b[5] = {1, 2, 3, 4, 5};
    KT_EXPECT(t, memset(b + 1, 0x1ff, 3) == b + 1);
    static const unsigned char want[5] = {1, 0xff, 0xff, 0xff, 5};
    KT_EXPECT_BYTES(t, b, 5, want, 5);
    KT_EXPECT_EQ(t, memcmp(b, want, 5), 0);
    KT_EXPECT(t, memcmp("ab", "ac", 2) < 0);
    KT_EXPECT(t, memcmp("\xff", "\x01", 1) > 0);
    KT_EXPECT_EQ(t, memcmp("ab", "ac", 1), 0);
}

KTEST(string, memchr_finds_first) {
    const char *s = "abcabc";
    KT_EXPECT(t, memchr(s, 'c', 6) == s + 2);
    KT_EXPECT(t, memchr(s, 'c', 2) == 0);
    KT_EXPECT(t, memchr(s, 'z', 6) == 0);
}

KTEST(string, strlen_strnlen) {
    KT_EXPECT_EQ(t, strlen(""), 0);
    KT_EXPECT_EQ(t, strlen("hello"), 5);
    KT_EXPECT_EQ(t, strnlen("hello", 3), 3);
    KT_EXPECT_EQ(t, strnlen("hi", 10), 2);
}

KTEST(string, strcmp_orders_unsigned) {
    KT_EXPECT_EQ(t, strcmp("abc", "abc"), 0);
    KT_EXPECT(t, strcmp("abc", "abd") < 0);
    KT_EXPECT(t, strcmp("abc", "ab") > 0);
    KT_EXPECT(t, strcmp("\x80", "a") > 0);
    KT_EXPECT_EQ(t, strncmp("abcx", "abcy", 3), 0);
    KT_EXPECT(t, strncmp("abcx", "abcy", 4) < 0);
}

KTEST(string, strchr_strstr) {
    const char *s = "key=value";
    KT_EXPECT(t, strchr(s, '=') == s + 3);
    KT_EXPECT(t, strchr(s, '\0') == s + 9);
    KT_EXPECT(t, strchr(s, '#') == 0);
    KT_EXPECT(t, strstr(s, "val") == s + 4);
    KT_EXPECT(t, strstr(s, "") == s);
    KT_EXPECT(t, strstr(s, "valuex") == 0);
}

KTEST(string, strlcpy_truncates) {
    char b[4];
    KT_EXPECT_EQ(t, strlcpy(b, "hello", sizeof(b)), 5);
    KT_EXPECT_STREQ(t, b, "hel");
    KT_EXPECT_EQ(t, strlcpy(b, "ok", sizeof(b)), 2);
    KT_EXPECT_STREQ(t, b, "ok");
}
