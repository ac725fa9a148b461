/*
 * Booting the userland: the kernel's grant lines, and init (user/init)
 * running configurations of tests/sip/conf from the boot archive (its
 * argument names one): programs in order with their arguments, each end
 * reported; failures reported without stopping the rest; a malformed
 * line named with its number; supervised drivers restarted after a trap,
 * up to a limit, and not after an exit; console programs restarted
 * whenever they end, a second apart; a console line with @SERVICE giving
 * the program that service as its console while init keeps the log.
 */
#include "kernel/init.h"

#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/loader.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define MS 1000000ull
#define S (1000 * MS)

static unsigned count_of(const char *text, const char *what) {
    unsigned n = 0;
    for (const char *p = strstr(text, what); p != NULL; p = strstr(p + 1, what)) {
        n++;
    }
    return n;
}

/* Runs init on the configuration conf of the archive, capturing the
 * console into buf until init ends, or `until` (unless NULL) appears
 * `times` times, or wait_ns passes; then kills it if it still runs.
 * Returns init's state at that moment. */
static enum process_state run_init(const char *conf, char *buf, size_t size, const char *until,
                                   unsigned times, uint64_t wait_ns) {
    wasm_error_t err;
    struct process *p = process_spawn_from_archive(INIT_PROGRAM, &err);
    if (p == NULL) {
        fmt_snprintf(buf, size, "%s: %s", INIT_PROGRAM, err.message);
        return PROCESS_READY;
    }
    process_set_args(p, conf, (uint32_t)strlen(conf) + 1);
    console_capture_begin(buf, size);
    uint64_t deadline = clock_ns() + wait_ns;
    if (process_start(p)) {
        while (!process_wait(p, clock_ns() + 10 * MS) && clock_ns() < deadline &&
               (until == NULL || count_of(buf, until) < times)) {
        }
    }
    enum process_state state = p->state;
    process_kill(p);
    process_wait(p, DEADLINE_NEVER);
    console_capture_end();
    process_release(p);
    return state;
}

/* run_init with the boot grant table replaced, for the run, by the
 * grant lines of conf itself, as the kernel applies them at boot. */
static enum process_state run_init_granted(struct ktest *t, const char *conf, char *buf,
                                           size_t size, const char *until, unsigned times,
                                           uint64_t wait_ns) {
    struct archive_entry e;
    if (loader_find_program(conf, &e) != ARCHIVE_OK) {
        ktest_fail(t, __FILE__, __LINE__, "%s is not in the boot archive", conf);
        return PROCESS_READY;
    }
    struct grant_table saved = grant_boot_table;
    grant_boot_table = (struct grant_table){0};
    init_grants((const char *)e.data, (size_t)e.size, &grant_boot_table);
    enum process_state state = run_init(conf, buf, size, until, times, wait_ns);
    grant_boot_table = saved;
    return state;
}

KTEST(init, runs_programs_in_order_and_reports_their_end) {
    static char out[2048];
    uint64_t first = process_stats().spawned + 2; /* init takes the next pid */
    KT_EXPECT_EQ(t, run_init("conf/order.conf", out, sizeof out, NULL, 0, 10 * S),
                 PROCESS_EXITED);
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

KTEST(init, run_lines_pass_their_arguments) {
    static char out[1024];
    run_init("conf/args.conf", out, sizeof out, NULL, 0, 10 * S);
    KT_EXPECT(t, strstr(out, "echoargs: [a] [bc] [d] (7 bytes)\n") != NULL);
    KT_EXPECT(t, strstr(out, "echoargs: (0 bytes)\n") != NULL);
    KT_EXPECT_EQ(t, count_of(out, ") exited with status 0\n"), 2);
}

KTEST(init, failures_are_reported_and_a_malformed_line_stops_it_with_its_number) {
    static char out[1024];
    KT_EXPECT_EQ(t, run_init("conf/malformed.conf", out, sizeof out, NULL, 0, 10 * S),
                 PROCESS_EXITED);
    KT_EXPECT_STREQ(t, out,
                    "init: bin/nothing.wasm: not in the boot archive\n"
                    "process_spawn: bin/bad-import.wasm: import rz.format_disk: no such syscall\n"
                    "init: bin/bad-import.wasm: invalid arguments\n"
                    "init: conf/malformed.conf line 5: unknown command\n");
}

KTEST(init, a_missing_configuration_is_reported) {
    static char out[256];
    KT_EXPECT_EQ(t, run_init("conf/nothing.conf", out, sizeof out, NULL, 0, 10 * S),
                 PROCESS_EXITED);
    KT_EXPECT_STREQ(t, out, "init: no conf/nothing.conf in the boot archive\n");
}

KTEST(init, the_kernel_applies_grants_and_reports_bad_ones) {
    static char out[512];
    static struct grant_table table;
    static const char text[] = "run bin/quiet.wasm\n"
                               "grant a.wasm port 0x70 2 rw\n"
                               "grant b.wasm port 0x71 1 r\n" /* a.wasm's port */
                               "grant c.wasm irq\n"
                               "grant d.wasm irq 8\n"
                               "nonsense\n"
                               "grant e.wasm irq 9\n";
    table = (struct grant_table){0};
    console_capture_begin(out, sizeof out);
    init_grants(text, strlen(text), &table);
    console_capture_end();
    KT_EXPECT_EQ(t, table.grant_count, 2); /* a and d; nothing after the malformed line */
    KT_EXPECT_STREQ(t, table.grants[0].program, "a.wasm");
    KT_EXPECT_STREQ(t, table.grants[1].program, "d.wasm");
    KT_EXPECT(t, strstr(out, "kernel: boot.conf line 3: ") != NULL);
    KT_EXPECT(t, strstr(out, "kernel: boot.conf line 4: grant: wrong number or form of "
                             "arguments\n") != NULL);
    KT_EXPECT_EQ(t, count_of(out, "kernel: "), 2); /* init reports the malformed line */
}

KTEST(init, a_trapping_driver_is_restarted_up_to_the_limit_while_others_run) {
    static char log[8192];
    /* init ends once it gave up: nothing is left to run */
    KT_EXPECT_EQ(t, run_init_granted(t, "conf/trapper.conf", log, sizeof log, NULL, 0, 20 * S),
                 PROCESS_EXITED);
    /* init went on at once: the next line ran while the driver was supervised */
    const char *quiet = strstr(log, "init: bin/quiet.wasm (pid ");
    KT_EXPECT(t, quiet != NULL && strstr(quiet, ") exited with status 0\n") != NULL);
    KT_EXPECT(t, quiet != NULL && quiet < strstr(log, "not restarted\n"));
    KT_EXPECT_EQ(t, count_of(log, "init: bin/trapper.wasm (pid "), 6);
    KT_EXPECT_EQ(t, count_of(log, "process trapper.wasm (pid "), 6);
    KT_EXPECT(t, strstr(log, "init: driver bin/trapper.wasm trapped, restart 1\n") != NULL);
    KT_EXPECT(t, strstr(log, "init: driver bin/trapper.wasm trapped, restart 5\n") != NULL);
    KT_EXPECT(t, strstr(log, "restart 6") == NULL);
    KT_EXPECT(t, strstr(log, "init: driver bin/trapper.wasm trapped 6 times in a row within a "
                             "minute; not restarted\n") != NULL);
}

KTEST(init, a_driver_that_exits_is_not_restarted) {
    static char log[1024];
    uint64_t start = clock_ns();
    KT_EXPECT_EQ(t, run_init("conf/driver-exits.conf", log, sizeof log, NULL, 0, 5 * S),
                 PROCESS_EXITED);
    KT_EXPECT(t, clock_ns() - start < S); /* init did not wait for a restart */
    KT_EXPECT_EQ(t, count_of(log, "init: bin/quiet.wasm (pid "), 1);
}

KTEST(init, a_console_program_is_restarted_whenever_it_ends_a_second_apart) {
    static char log[1024];
    uint64_t start = clock_ns();
    /* runs for ever: stopped after the third end */
    KT_EXPECT_EQ(t, run_init("conf/console.conf", log, sizeof log, ") exited with status 0\n", 3,
                             10 * S),
                 PROCESS_RUNNING);
    uint64_t took = clock_ns() - start;
    KT_EXPECT_EQ(t, count_of(log, "init: bin/quiet.wasm (pid "), 3);
    KT_EXPECT(t, took >= 2 * S - 50 * MS); /* starts at 0, 1 s and 2 s */
    KT_EXPECT(t, took < 4 * S);
}

KTEST(init, a_console_service_line_gives_the_program_that_console_and_init_keeps_the_log) {
    static char log[2048];
    /* conlog serves two connections and exits; the third start waits for
     * the name in vain. Stopped once all three ends were reported: init
     * may report conlog's after echoargs's second. */
    run_init_granted(t, "conf/console-service.conf", log, sizeof log,
                     ") exited with status 0\n", 3, 10 * S);
    /* echoargs wrote to the service, which printed it; init's reports
     * stayed in the kernel log */
    KT_EXPECT_EQ(t, count_of(log, "conlog: echoargs: [hi] (3 bytes)\n"), 2);
    KT_EXPECT_EQ(t, count_of(log, "\necho"), 0);
    KT_EXPECT_EQ(t, count_of(log, "conlog: init"), 0);
    KT_EXPECT_EQ(t, count_of(log, "init: bin/echoargs.wasm (pid "), 2);
    KT_EXPECT_EQ(t, count_of(log, ") exited with status 0\n"), 3); /* conlog too, done */
}
