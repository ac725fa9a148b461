/*
 * Port I/O from compiled wasm against a real (emulated) device, the CMOS
 * RTC at ports 0x70/0x71: what a granted module reads and writes through
 * rz.in8/rz.out8 must be what kernel C sees through inb/outb, on both the
 * constant-port and the computed-port path; a computed port outside the
 * grant traps before touching the device. Also measures cycles per
 * `in` from wasm beside the same `in` in kernel C (bench/drivers/run reads
 * the line; the figure is emulated time under TCG).
 */
#include "arch/x86_64/io.h"
#include "compile/jit_fixture.h"
#include "ktest.h"

#include "portio.wasm.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_STATUS_B 0x0b
#define CMOS_SCRATCH 0x7e /* NVRAM byte no firmware of ours uses; restored */

static const wasm_port_range_t cmos_grant[] = {{CMOS_INDEX, 2, WASM_PORT_READ | WASM_PORT_WRITE}};

/* The link target of the inline port imports; never called. */
static void inline_import(void) {
}

static bool open_cmos_module(struct ktest *t, struct fixture *f) {
    static const wasm_jit_options_t o = {.ports = cmos_grant, .port_count = 1};
    static const wasm_func_ref_t unused = {(const void *)inline_import, NULL, 0};
    const wasm_func_ref_t imports[3] = {unused, unused, unused};
    return fixture_open_with(t, f, portio_wasm, sizeof portio_wasm, &o, imports);
}

static uint8_t cmos_read(uint8_t reg) {
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

KTEST(portio, granted_module_reads_the_rtc_like_kernel_c) {
    struct fixture f;
    if (!open_cmos_module(t, &f)) {
        return;
    }
    uint8_t want = cmos_read(CMOS_STATUS_B);
    KT_EXPECT_EQ(t, call2(t, &f, "cmos_status_b", 0, 0), want);
    call2(t, &f, "out8_at", CMOS_INDEX, CMOS_STATUS_B);
    KT_EXPECT_EQ(t, call2(t, &f, "in8_at", CMOS_DATA, 0), want);
    fixture_close(&f);
}

KTEST(portio, granted_module_writes_cmos_ram) {
    struct fixture f;
    if (!open_cmos_module(t, &f)) {
        return;
    }
    uint8_t saved = cmos_read(CMOS_SCRATCH);
    for (unsigned v = 0x5a; v <= 0xa5; v += 0x4b) {
        call2(t, &f, "out8_at", CMOS_INDEX, CMOS_SCRATCH);
        call2(t, &f, "out8_at", CMOS_DATA, v);
        KT_EXPECT_EQ(t, cmos_read(CMOS_SCRATCH), v);
    }
    outb(CMOS_INDEX, CMOS_SCRATCH);
    outb(CMOS_DATA, saved);
    fixture_close(&f);
}

KTEST(portio, computed_port_outside_grant_traps_before_the_device) {
    struct fixture f;
    if (!open_cmos_module(t, &f)) {
        return;
    }
    outb(CMOS_INDEX, CMOS_STATUS_B);
    /* 0x80 is the POST port: harmless, but outside the grant */
    KT_EXPECT_EQ(t, trap_of(&f, "out8_at", 0x80, 0).kind, WASM_TRAP_PORT_DENIED);
    KT_EXPECT_EQ(t, trap_of(&f, "out8_at", 0x72, 0).kind, WASM_TRAP_PORT_DENIED);
    KT_EXPECT_EQ(t, trap_of(&f, "in16_at", 0x70, 0).kind, WASM_TRAP_NONE); /* 0x70..0x71 */
    KT_EXPECT_EQ(t, trap_of(&f, "in16_at", 0x71, 0).kind, WASM_TRAP_PORT_DENIED);
    fixture_close(&f);
}

#define BENCH_READS 20000

KTEST(portio, cycles_per_in_from_wasm_and_from_kernel_c) {
    struct fixture f;
    if (!open_cmos_module(t, &f)) {
        return;
    }
    outb(CMOS_INDEX, CMOS_STATUS_B);
    uint64_t start = rdtsc();
    for (unsigned i = 0; i < BENCH_READS; i++) {
        inb(CMOS_DATA);
    }
    uint64_t kernel_c = rdtsc() - start;
    uint64_t vals[8] = {BENCH_READS};
    start = rdtsc();
    call(t, &f, "in8_loop", vals);
    uint64_t wasm = rdtsc() - start;
    ktest_log("portio bench: inb 0x71 x %u: kernel C %llu cycles/op, wasm %llu cycles/op",
              BENCH_READS, (unsigned long long)(kernel_c / BENCH_READS),
              (unsigned long long)(wasm / BENCH_READS));
    KT_EXPECT(t, wasm > 0 && kernel_c > 0);
    fixture_close(&f);
}
