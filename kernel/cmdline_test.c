/* cmdline_option: presence, values, word boundaries, truncation. */
#include "kernel/cmdline.h"

#include "ktest.h"

KTEST(cmdline, option_alone_and_with_value) {
    char v[16] = "junk";
    KT_EXPECT(t, cmdline_option("quiet test", "test", v, sizeof(v)));
    KT_EXPECT_STREQ(t, v, "");
    KT_EXPECT(t, cmdline_option("a=1 test=fmt.hex b", "test", v, sizeof(v)));
    KT_EXPECT_STREQ(t, v, "fmt.hex");
    KT_EXPECT(t, cmdline_option("\ttest=", "test", v, sizeof(v)));
    KT_EXPECT_STREQ(t, v, "");
}

KTEST(cmdline, option_matches_whole_words_only) {
    KT_EXPECT(t, !cmdline_option("testing contest", "test", 0, 0));
    KT_EXPECT(t, !cmdline_option("", "test", 0, 0));
    KT_EXPECT(t, !cmdline_option("tes", "test", 0, 0));
    KT_EXPECT(t, cmdline_option("  x  test  ", "test", 0, 0));
}

KTEST(cmdline, option_value_truncated) {
    char v[4];
    KT_EXPECT(t, cmdline_option("k=abcdef", "k", v, sizeof(v)));
    KT_EXPECT_STREQ(t, v, "abc");
}
