/*
 * The serial line changing hands through the process path: a driver that
 * claims COM1's ports takes the line from the kernel (IRQ 4 becomes free
 * for it, and kprintf fills the log ring it reads with log_read); when it
 * ends the kernel has the line and IRQ 4 again. A ring that overflowed
 * tells its reader how many bytes it dropped. Only the line's owner may
 * open the log; panic's take-over writes the ring out and prints directly.
 */
#include "abi/errors.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/serial.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/driver_test_util.h"
#include "kernel/grant.h"
#include "kernel/param.h"
#include "kernel/process.h"
#include "ktest.h"
#include "lib/string.h"

#include "drivers/loglost.wasm.h"
#include "drivers/lognocom.wasm.h"
#include "drivers/logreader.wasm.h"

#define WAIT_NS 5000000000ull

static const struct manifest_res com1[2] = {
    {RZ_RES_PORT, RZ_ACCESS_RW, SERIAL_COM1_BASE, SERIAL_COM1_PORTS},
    {RZ_RES_IRQ, 0, SERIAL_COM1_IRQ, 0},
};

/* module with an rz.manifest section appended: COM1's ports and IRQ 4. */
static const uint8_t *with_com1(const uint8_t *module, size_t size, size_t *out_size) {
    return driver_test_with_manifest(module, size, com1, 2, out_size);
}

/* Replaces the boot table by one granting program COM1 and IRQ 4. */
static void grant_com1(struct ktest *t, const char *program) {
    driver_test_grants_begin();
    driver_test_grant(t, program, com1, 2);
}

KTEST(sys_log, driver_of_com1_reads_what_the_kernel_printed_and_gives_the_line_back) {
    static const char msg[] = "# this line went through the kernel log ring\n";
    size_t size;
    wasm_error_t err;
    const uint8_t *bytes = with_com1(logreader_wasm, sizeof logreader_wasm, &size);
    grant_com1(t, "logreader.wasm");
    KT_EXPECT(t, !irq_available(SERIAL_COM1_IRQ)); /* the kernel's serial input */
    struct process *p = process_spawn("logreader.wasm", bytes, size, &err);
    KT_ASSERT(t, p != NULL);
    bool irq_free = irq_available(SERIAL_COM1_IRQ);
    kprintf("%s", msg); /* into the ring: the line is the driver's */
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + WAIT_NS));
    KT_EXPECT(t, irq_free);
    KT_EXPECT_EQ(t, p->exit_status, (int)(sizeof msg - 1));
    process_release(p);
    KT_EXPECT(t, !irq_available(SERIAL_COM1_IRQ)); /* taken back */
    driver_test_grants_end();
}

KTEST(sys_log, overflow_drops_the_oldest_and_the_reader_is_told_how_many) {
    static char line[701];
    size_t size;
    wasm_error_t err;
    const uint8_t *bytes = with_com1(loglost_wasm, sizeof loglost_wasm, &size);
    grant_com1(t, "loglost.wasm");
    struct process *p = process_spawn("loglost.wasm", bytes, size, &err);
    KT_ASSERT(t, p != NULL);
    memset(line, 'x', sizeof line - 1);
    memcpy(line, "# ", 2);
    line[sizeof line - 2] = '\n';
    for (int i = 0; i < 100; i++) {
        kprintf("%s", line); /* 70000 bytes into a ring of KLOG_RING_SIZE */
    }
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + WAIT_NS));
    KT_EXPECT_EQ(t, p->exit_status, (int)(100 * (sizeof line - 1) - KLOG_RING_SIZE));
    process_release(p);
    driver_test_grants_end();
}

KTEST(sys_log, log_open_is_denied_to_a_driver_without_com1) {
    wasm_error_t err;
    struct process *p = process_spawn("lognocom.wasm", lognocom_wasm, sizeof lognocom_wasm, &err);
    KT_ASSERT(t, p != NULL);
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + WAIT_NS));
    KT_EXPECT_EQ(t, p->exit_status, RZ_ERR_ACCESS_DENIED);
    process_release(p);
}

KTEST(sys_log, log_open_succeeds_for_the_line_owner_and_the_ring_is_written_out_at_its_end) {
    static const char msg[] = "# written out by the kernel when the line came back\n";
    char got[64];
    uint32_t lost;
    size_t size;
    wasm_error_t err;
    const uint8_t *bytes = with_com1(lognocom_wasm, sizeof lognocom_wasm, &size);
    grant_com1(t, "lognocom.wasm");
    struct process *p = process_spawn("lognocom.wasm", bytes, size, &err);
    KT_ASSERT(t, p != NULL);
    kprintf("%s", msg); /* the driver never reads it */
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + WAIT_NS));
    KT_EXPECT_EQ(t, p->exit_status, RZ_OK);
    process_release(p);
    KT_EXPECT_EQ(t, console_log_read(got, sizeof got, &lost), 0); /* written out, not kept */
    driver_test_grants_end();
}

KTEST(sys_log, take_over_as_panic_does_writes_the_ring_out_and_then_prints_directly) {
    static const char msg[] = "# in the ring when the kernel took the line over\n";
    char got[64];
    uint32_t lost;
    size_t size;
    wasm_error_t err;
    const uint8_t *bytes = with_com1(lognocom_wasm, sizeof lognocom_wasm, &size);
    grant_com1(t, "lognocom.wasm");
    struct process *p = process_spawn("lognocom.wasm", bytes, size, &err);
    KT_ASSERT(t, p != NULL);
    kprintf("%s", msg);
    console_take_over();
    KT_EXPECT_EQ(t, console_log_read(got, sizeof got, &lost), 0); /* written out */
    kprintf("# printed directly while a driver holds COM1\n");
    KT_EXPECT_EQ(t, console_log_read(got, sizeof got, &lost), 0); /* not into the ring */
    process_release(p); /* never started: its claim goes, the kernel takes IRQ 4 back */
    KT_EXPECT(t, !irq_available(SERIAL_COM1_IRQ));
    driver_test_grants_end();
}
