/* Tests of the parser of init's end-of-program reports. */
#include "boot_report.h"

#include "ktest.h"

KTEST(boot_report, exit_status_is_taken_modulo_256) {
    int s = -1;
    KT_EXPECT(t, boot_report_parse("init: bin/a.wasm (pid 2) exited with status 0", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, 0);
    KT_EXPECT(t, boot_report_parse("init: bin/a.wasm (pid 17) exited with status 3\r", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, 3);
    KT_EXPECT(t, boot_report_parse("init: bin/a.wasm (pid 2) exited with status -1", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, 255);
    KT_EXPECT(t, boot_report_parse("init: bin/a.wasm (pid 2) exited with status 258", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, 2);
}

KTEST(boot_report, trap_kill_and_spawn_failure_have_their_statuses) {
    int s = -1;
    KT_EXPECT(t, boot_report_parse("init: bin/a.wasm (pid 4) trapped", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, BOOT_STATUS_TRAPPED);
    KT_EXPECT(t, boot_report_parse("init: bin/a.wasm (pid 4) was killed", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, BOOT_STATUS_KILLED);
    KT_EXPECT(t, boot_report_parse("init: bin/a.wasm: import rz.nope: unknown", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, BOOT_STATUS_NOT_RUN);
}

KTEST(boot_report, other_lines_and_other_programs_do_not_match) {
    int s = 99;
    KT_EXPECT(t, !boot_report_parse("init: bin/b.wasm (pid 2) exited with status 0", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("init: bin/a.wasmx (pid 2) exited with status 0", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("xinit: bin/a.wasm (pid 2) trapped", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("init: bin/a.wasm (pid ) trapped", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("init: bin/a.wasm (pid 2) trapped later", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("init: bin/a.wasm (pid 2) exited with status ", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("init: bin/a.wasm (pid 2) exited with status 1x", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("init: bin/a.wasm (pid 2) exited with status 99999999999", "bin/a.wasm", &s));
    KT_EXPECT(t, !boot_report_parse("hello", "bin/a.wasm", &s));
    KT_EXPECT_EQ(t, s, 99);
}
