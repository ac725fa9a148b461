/*
 * init running a boot configuration against the boot archive: programs in
 * order, each end reported; failures reported without stopping the rest;
 * a malformed line stops there; supervised drivers restarted after a
 * trap, up to a limit, and not after an exit.
 */
#include "kernel/init.h"

#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/grant.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"

static char out[2048];
static struct init_console console_line;

static void run_config(const char *text) {
    console_capture_begin(out, sizeof out);
    init_run(text, strlen(text), &console_line);
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
    init_boot(&console_line);
    console_capture_end();
    init_drivers_stop(); /* the serial driver would keep the line */
    /* The console program is named, not run: it would wait for a user. */
    KT_EXPECT_STREQ(t, console_line.path, "bin/shell.wasm");
    KT_EXPECT_STREQ(t, console_line.service, "console");
    KT_EXPECT(t, strstr(out, "hello from wasm\n") != NULL);
    KT_EXPECT(t, strstr(out, "canary ok\n") != NULL);
    KT_EXPECT(t, strstr(out, "init: no") == NULL);
}

KTEST(init, the_last_console_line_names_the_console_program_without_running_it) {
    run_config("console bin/nothing.wasm\nrun bin/quiet.wasm\nconsole bin/hello.wasm\n");
    KT_EXPECT_STREQ(t, console_line.path, "bin/hello.wasm");
    KT_EXPECT(t, strstr(out, "hello from wasm") == NULL);
    KT_EXPECT(t, strstr(out, "bin/quiet.wasm") != NULL);
    run_config("run bin/quiet.wasm\n");
    KT_EXPECT_STREQ(t, console_line.path, "");
}

KTEST(init, a_console_program_that_cannot_be_spawned_gives_the_console_back) {
    console_capture_begin(out, sizeof out);
    init_console(&(struct init_console){.path = "bin/nothing.wasm"});
    console_capture_end();
    KT_EXPECT_STREQ(t, out, "init: bin/nothing.wasm: not in the boot archive\n");
}

#define MS 1000000ull

static unsigned count_of(const char *text, const char *what) {
    unsigned n = 0;
    for (const char *p = strstr(text, what); p != NULL; p = strstr(p + 1, what)) {
        n++;
    }
    return n;
}

/* Runs config with its own grants, capturing into buf until `until`
 * appears (or a deadline passes), then restores the boot grants. */
static void supervise_config(const char *config, char *buf, size_t size, const char *until,
                             uint64_t wait_ns) {
    struct grant_table saved = grant_boot_table;
    grant_boot_table = (struct grant_table){0};
    console_capture_begin(buf, size);
    init_run(config, strlen(config), &console_line);
    uint64_t deadline = clock_ns() + wait_ns;
    while (strstr(buf, until) == NULL && clock_ns() < deadline) {
        thread_sleep_until(clock_ns() + 10 * MS);
    }
    console_capture_end();
    grant_boot_table = saved;
}

KTEST(init, a_trapping_driver_is_restarted_up_to_the_limit_while_others_run) {
    static char log[8192];
    unsigned threads = thread_count();
    supervise_config("grant trapper.wasm port 0x70 2 rw\n"
                     "driver bin/trapper.wasm\n"
                     "run bin/quiet.wasm\n",
                     log, sizeof log, "not restarted\n",
                     (INIT_DRIVER_RESTARTS_MAX + 5) * INIT_RESTART_MIN_NS);
    /* init went on at once: the next line ran while the driver was supervised */
    KT_EXPECT(t, strstr(log, "init: bin/quiet.wasm (pid ") != NULL);
    KT_EXPECT(t, strstr(log, ") exited with status 0\n") != NULL);
    KT_EXPECT_EQ(t, count_of(log, "init: bin/trapper.wasm (pid "), INIT_DRIVER_RESTARTS_MAX + 1);
    KT_EXPECT_EQ(t, count_of(log, "process trapper.wasm (pid "), INIT_DRIVER_RESTARTS_MAX + 1);
    KT_EXPECT(t, strstr(log, "init: driver bin/trapper.wasm trapped, restart 1\n") != NULL);
    KT_EXPECT(t, strstr(log, "init: driver bin/trapper.wasm trapped, restart 5\n") != NULL);
    KT_EXPECT(t, strstr(log, "restart 6") == NULL);
    KT_EXPECT(t, strstr(log, "init: driver bin/trapper.wasm trapped 6 times in a row within a "
                             "minute; not restarted\n") != NULL);
    /* the supervisor's thread ends once it gives up */
    uint64_t deadline = clock_ns() + 1000 * MS;
    while (thread_count() > threads && clock_ns() < deadline) {
        thread_sleep_until(clock_ns() + 10 * MS);
    }
    KT_EXPECT_EQ(t, thread_count(), threads);
}

KTEST(init, a_driver_that_exits_is_not_restarted) {
    static char log[1024];
    supervise_config("driver bin/quiet.wasm\n", log, sizeof log, "exited with status 0\n",
                     5 * INIT_RESTART_MIN_NS);
    KT_EXPECT_EQ(t, count_of(log, "init: bin/quiet.wasm (pid "), 1);
    /* past the restart spacing, nothing more happened */
    console_capture_begin(log, sizeof log);
    thread_sleep_until(clock_ns() + 2 * INIT_RESTART_MIN_NS);
    console_capture_end();
    KT_EXPECT_STREQ(t, log, "");
}
