/*
 * Drivers through the process path: a module's manifest is claimed
 * against boot.conf's grants at spawn (refused beyond its grant, refused
 * while another driver holds the hardware, released when the holder
 * ends), its port grant reaches the compiler (a constant port the
 * manifest does not declare is refused at compile time), and granted
 * drivers read the CMOS RTC, and the pci service (user/drivers/pci.c)
 * lists the functions of bus 0 kernel C finds;
 * the RTC's IRQ reaches a driver as signals on an interrupt object,
 * and only a driver that claimed it may have it.
 */
#include "arch/x86_64/io.h"
#include "kernel/channel.h"
#include "kernel/clock.h"
#include "kernel/driver_test_util.h"
#include "kernel/grant.h"
#include "kernel/process.h"
#include "kernel/service.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/string.h"
#include "user/sdk/include/rz/pci.h"

#include "abi/errors.h"
#include "drivers/bin/pci.wasm.h"
#include "drivers/bin/rtcirq.wasm.h"
#include "drivers/irq-denied.wasm.h"
#include "drivers/cmos.wasm.h"

#define MS 1000000ull

/* cmos.wat declaring ports base..base+count (no manifest when count is 0). */
static struct process *spawn(uint64_t base, uint64_t count, wasm_error_t *err) {
    struct manifest_res ports = {RZ_RES_PORT, RZ_ACCESS_RW, base, count};
    size_t size;
    const uint8_t *bytes =
        driver_test_with_manifest(cmos_wasm, sizeof cmos_wasm, &ports, count != 0, &size);
    return process_spawn("cmos.wasm", bytes, size, err);
}

/* Replaces the boot table by one granting cmos.wasm ports 0x70..0x71. */
static void grant_cmos(struct ktest *t) {
    static const struct manifest_res cmos = {RZ_RES_PORT, RZ_ACCESS_RW, 0x70, 2};
    driver_test_grants_begin();
    driver_test_grant(t, "cmos.wasm", &cmos, 1);
}

static bool has(const char *s, const char *sub) {
    size_t n = strlen(sub);
    for (; *s != '\0'; s++) {
        if (strncmp(s, sub, n) == 0) {
            return true;
        }
    }
    return false;
}

KTEST(driver, granted_driver_reads_the_rtc) {
    grant_cmos(t);
    wasm_error_t err;
    struct process *p = spawn(0x70, 2, &err);
    KT_ASSERT(t, p != NULL);
    outb(0x70, 0x0b);
    uint8_t want = inb(0x71);
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + 5000 * MS));
    KT_EXPECT_EQ(t, p->exit_status, want);
    process_release(p);
    driver_test_grants_end();
}

KTEST(driver, manifest_beyond_its_grant_refused_at_load) {
    grant_cmos(t);
    wasm_error_t err;
    KT_EXPECT(t, spawn(0x70, 3, &err) == NULL);
    KT_EXPECT_STREQ(
        t, err.message,
        "cmos.wasm: manifest asks for port 0x70+0x3 rw, which boot.conf does not grant it");
    grant_boot_table = (struct grant_table){0};
    KT_EXPECT(t, spawn(0x70, 2, &err) == NULL); /* no grant at all */
    driver_test_grants_end();
}

KTEST(driver, conflicting_second_driver_refused_until_the_first_ends) {
    grant_cmos(t);
    wasm_error_t err;
    struct process *first = spawn(0x70, 2, &err);
    KT_ASSERT(t, first != NULL);
    KT_EXPECT(t, spawn(0x70, 2, &err) == NULL);
    KT_EXPECT_STREQ(t, err.message,
                    "cmos.wasm: port 0x70+0x2 rw is held by the running driver cmos.wasm");
    process_release(first); /* never started: freed, its claim released */
    struct process *second = spawn(0x70, 2, &err);
    KT_EXPECT(t, second != NULL);
    if (second != NULL) {
        process_release(second);
    }
    driver_test_grants_end();
}

KTEST(driver, undeclared_constant_port_refused_at_compile_time) {
    grant_cmos(t);
    wasm_error_t err;
    /* declares only 0x70, uses 0x71 */
    KT_EXPECT(t, spawn(0x70, 1, &err) == NULL);
    KT_EXPECT(t, has(err.message, "rz.in8 of port 0x71, which the grant does not allow"));
    /* no manifest: the port imports themselves are refused */
    KT_EXPECT(t, spawn(0, 0, &err) == NULL);
    KT_EXPECT_STREQ(t, err.message, "import rz.in8: the module has no port grant");
    driver_test_grants_end();
}

/* Functions on PCI bus 0 and the identity of 00:00.0, found by kernel C. */
static int pci_bus0_functions(uint32_t *host_id) {
    int found = 0;
    outl(0xcf8, 0x80000000u);
    *host_id = inl(0xcfc);
    for (uint32_t dev = 0; dev < 32; dev++) {
        for (uint32_t fn = 0; fn < 8; fn++) {
            outl(0xcf8, 0x80000000u | dev << 11 | fn << 8);
            if ((inl(0xcfc) & 0xffff) == 0xffff) {
                if (fn == 0) {
                    break;
                }
                continue;
            }
            found++;
            outl(0xcf8, 0x80000000u | dev << 11 | 0x0c);
            if (fn == 0 && !(inl(0xcfc) & 0x00800000u)) {
                break;
            }
        }
    }
    return found;
}

/* Reads the next message of ep into buf (cap bytes), waiting until deadline. */
static int read_reply(struct kobject *ep, void *buf, uint32_t cap, uint32_t *len,
                      uint64_t deadline) {
    for (;;) {
        int err = channel_read_kernel(ep, buf, cap, len);
        if (err != RZ_ERR_SHOULD_WAIT || clock_ns() > deadline) {
            return err;
        }
        thread_sleep_until(clock_ns() + MS);
    }
}

KTEST(driver, pci_service_lists_the_functions_kernel_c_finds) {
    static const struct manifest_res ports = {RZ_RES_PORT, RZ_ACCESS_RW, 0xcf8, 8};
    struct grant service = {.program = "pci.wasm", .service = RZ_PCI_SERVICE};
    const char *why;
    driver_test_grants_begin();
    driver_test_grant(t, "pci.wasm", &ports, 1);
    KT_EXPECT(t, grant_add(&grant_boot_table, &service, &why));
    wasm_error_t err;
    struct process *p = process_spawn("pci.wasm", pci_wasm, sizeof pci_wasm, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn: %s", err.message);
        driver_test_grants_end();
        return;
    }
    uint32_t host_id;
    int want = pci_bus0_functions(&host_id);
    KT_ASSERT(t, process_start(p));
    struct kobject *client = NULL;
    KT_EXPECT_EQ(t, service_connect(RZ_PCI_SERVICE, clock_ns() + 5000 * MS, &client), RZ_OK);
    if (client != NULL) {
        static uint8_t reply[sizeof(rz_pci_reply_t) + RZ_PCI_LIST_MAX * sizeof(rz_pci_function_t)];
        rz_pci_list_req_t req = {RZ_PCI_OP_LIST, 0};
        uint32_t len = 0;
        KT_EXPECT_EQ(t, channel_write_kernel(client, &req, sizeof req, NULL, 0), RZ_OK);
        KT_EXPECT_EQ(t, read_reply(client, reply, sizeof reply, &len, clock_ns() + 5000 * MS),
                     RZ_OK);
        rz_pci_reply_t hdr = {0};
        memcpy(&hdr, reply, sizeof hdr);
        KT_EXPECT_EQ(t, hdr.status, RZ_OK);
        KT_ASSERT(t, hdr.count > 0 && len == sizeof hdr + hdr.count * sizeof(rz_pci_function_t));
        int on_bus0 = 0;
        for (uint32_t i = 0; i < hdr.count; i++) {
            rz_pci_function_t f;
            memcpy(&f, reply + sizeof hdr + i * sizeof f, sizeof f);
            on_bus0 += f.bus == 0;
            if (i == 0) {
                KT_EXPECT_EQ(t, (uint32_t)f.device << 16 | f.vendor, host_id);
            }
        }
        KT_EXPECT(t, want > 0);
        KT_EXPECT_EQ(t, on_bus0, want);
        kobject_unref(client);
    }
    process_kill(p);
    KT_EXPECT(t, process_wait(p, clock_ns() + 5000 * MS));
    process_release(p);
    driver_test_grants_end();
}

KTEST(driver, rtc_irq_delivered_as_signals_and_acknowledged) {
    static const struct manifest_res rtc[2] = {{RZ_RES_PORT, RZ_ACCESS_RW, 0x70, 2},
                                               {RZ_RES_IRQ, 0, 8, 0}};
    driver_test_grants_begin();
    driver_test_grant(t, "rtcirq.wasm", rtc, 2);
    for (int round = 0; round < 2; round++) { /* the line is given back at exit */
        wasm_error_t err;
        struct process *p = process_spawn("rtcirq.wasm", rtcirq_wasm, sizeof rtcirq_wasm, &err);
        if (p == NULL) {
            ktest_fail(t, __FILE__, __LINE__, "spawn: %s", err.message);
            break;
        }
        KT_ASSERT(t, process_start(p));
        KT_EXPECT(t, process_wait(p, clock_ns() + 10000 * MS));
        KT_EXPECT_EQ(t, p->exit_status, 3);
        process_release(p);
    }
    driver_test_grants_end();
}

KTEST(driver, irq_not_in_the_manifest_denied) {
    wasm_error_t err;
    struct process *p =
        process_spawn("irq-denied.wasm", irq_denied_wasm, sizeof irq_denied_wasm, &err);
    KT_ASSERT(t, p != NULL);
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + 5000 * MS));
    KT_EXPECT_EQ(t, p->exit_status, RZ_ERR_ACCESS_DENIED);
    process_release(p);
}
