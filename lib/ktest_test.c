/* Tests of the test framework itself: a failing expectation must count. */
#include "ktest.h"

/* The inner records are quiet: these tests look only at the counts. */
KTEST(ktest, expect_counts_failures) {
    struct ktest inner = {"inner", "case", 0, 0, true};
    KT_EXPECT(&inner, 1 + 1 == 3);
    KT_EXPECT_EQ(&inner, 7, 8);
    KT_EXPECT(&inner, 2 + 2 == 4);
    KT_EXPECT_EQ(t, inner.failures, 2);
}

KTEST(ktest, bytes_compare_length_and_content) {
    static const unsigned char a[] = {1, 2, 3}, b[] = {1, 2, 4};
    struct ktest inner = {"inner", "bytes", 0, 0, true};
    KT_EXPECT_BYTES(&inner, a, 3, a, 3);
    KT_EXPECT_EQ(t, inner.failures, 0);
    KT_EXPECT_BYTES(&inner, a, 3, b, 3);
    KT_EXPECT_BYTES(&inner, a, 2, a, 3);
    KT_EXPECT_EQ(t, inner.failures, 2);
}

KTEST(ktest, streq_handles_null) {
    KT_EXPECT(t, ktest_streq("abc", "abc"));
    KT_EXPECT(t, !ktest_streq("abc", "abd"));
    KT_EXPECT(t, !ktest_streq("abc", 0));
    KT_EXPECT(t, ktest_streq(0, 0));
}
