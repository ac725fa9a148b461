/*
 * init running a boot configuration against the boot archive: programs in
 * order, each end reported; failures reported without stopping the rest;
 * a malformed line stops there.
 */
#include "kernel/init.h"

#include "kernel/console.h"
#include "kernel/process.h"
#include "ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"

static char out[2048];
static char console_program[ARCHIVE_NAME_MAX];

static void run_config(const char *text) {
    console_capture_begin(out, sizeof out);
    init_run(text, strlen(text), console_program);
    console_capture_end();
}

KTEST(init, runs_programs_in_order_and_reports_their_end) {
    uint64_t first = process_stats().spawned + 1; /* pids count spawns from 1 */
    run_config(
        "run bin/hello.wasm\n# and then\nrun bin/trap-unreachable.wasm\nrun bin/quiet.wasm\n");
    char want[512];
    fmt_snprintf(
        want, sizeof want,
        "hello from wasm\n"
        "init: bin/hello.wasm (pid %u) exited with status 3\n"
        "process trap-unreachable.wasm (pid %u) trapped: unreachable in boom at offset 0x23\n"
        "init: bin/trap-unreachable.wasm (pid %u) trapped\n"
        "init: bin/quiet.wasm (pid %u) exited with status 0\n",
        (unsigned)first, (unsigned)first + 1, (unsigned)first + 1, (unsigned)first + 2);
    KT_EXPECT_STREQ(t, out, want);
}

KTEST(init, failures_are_reported_and_bad_lines_stop_it) {
    run_config("run bin/nothing.wasm\nrun bin/bad-import.wasm\nfly away\nrun bin/hello.wasm\n");
    KT_EXPECT_STREQ(t, out,
                    "init: bin/nothing.wasm: not in the boot archive\n"
                    "init: bin/bad-import.wasm: import rz.format_disk: no such syscall\n"
                    "init: boot.conf line 3: unknown command\n");
}

KTEST(init, boot_archive_has_a_configuration_that_runs) {
    console_capture_begin(out, sizeof out);
    init_boot(console_program);
    console_capture_end();
    /* The console program is named, not run: it would wait for a user. */
    KT_EXPECT_STREQ(t, console_program, "bin/shell.wasm");
    KT_EXPECT(t, strstr(out, "hello from wasm\n") != NULL);
    KT_EXPECT(t, strstr(out, "canary ok\n") != NULL);
    KT_EXPECT(t, strstr(out, "init: no") == NULL);
}

KTEST(init, the_last_console_line_names_the_console_program_without_running_it) {
    run_config("console bin/nothing.wasm\nrun bin/quiet.wasm\nconsole bin/hello.wasm\n");
    KT_EXPECT_STREQ(t, console_program, "bin/hello.wasm");
    KT_EXPECT(t, strstr(out, "hello from wasm") == NULL);
    KT_EXPECT(t, strstr(out, "bin/quiet.wasm") != NULL);
    run_config("run bin/quiet.wasm\n");
    KT_EXPECT_STREQ(t, console_program, "");
}

KTEST(init, a_console_program_that_cannot_be_spawned_gives_the_console_back) {
    console_capture_begin(out, sizeof out);
    init_console("bin/nothing.wasm");
    console_capture_end();
    KT_EXPECT_STREQ(t, out, "init: bin/nothing.wasm: not in the boot archive\n");
}
