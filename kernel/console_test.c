/* Console capture and kprintf's buffering, through the real console. */
#include "kernel/console.h"

#include "ktest.h"
#include "lib/string.h"

KTEST(console, capture_truncates_and_terminates) {
    char buf[8];
    memset(buf, 'z', sizeof(buf));
    console_capture_begin(buf, sizeof(buf));
    kprintf("# captured %d\n", 12345);
    size_t n = console_capture_end();
    KT_EXPECT_EQ(t, n, 7);
    KT_EXPECT_STREQ(t, buf, "# captu");
    kprintf("# not captured\n");
    KT_EXPECT_STREQ(t, buf, "# captu");
}

static size_t count_x(const char *s) {
    size_t n = 0;
    while (s[n] == 'x') {
        n++;
    }
    return n;
}

KTEST(console, long_message_arrives_whole) {
    static char buf[1024];
    static char longline[700];
    memset(longline, 'x', sizeof(longline) - 1);
    longline[sizeof(longline) - 1] = '\0';
    console_capture_begin(buf, sizeof(buf));
    kprintf("# <%s>\n", longline);
    size_t n = console_capture_end();
    KT_EXPECT_EQ(t, n, sizeof(longline) - 1 + 5);
    KT_EXPECT(t, buf[2] == '<' && buf[n - 2] == '>' && buf[n - 1] == '\n');
    KT_EXPECT_EQ(t, count_x(buf + 3), sizeof(longline) - 1);
}
