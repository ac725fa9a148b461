/*
 * Device memory and DMA buffers in a driver's linear memory, against the
 * emulated VGA card's text memory at physical 0xb8000, which the kernel
 * reads and writes through its own uncached map:
 *
 *   - windows made by the vmm under compiled code, in both memory modes
 *     (guard reservation, explicit bounds checks): loads and stores reach
 *     the device, beyond the memory still traps, a read-only window traps
 *     stores and memory.fill, and releasing the memory frees no device page;
 *   - mmio_map and dma_map through the process path (tests/drivers/mmio.wat
 *     with a manifest appended per test): every refusal, what a driver
 *     writes shows on the screen memory and what the kernel wrote reaches
 *     it, a read-only grant makes stores trap and syscalls refuse the
 *     window (and is refused beside a second thread), a DMA buffer's
 *     physical address holds what the driver wrote, and the process's end
 *     gives back its DMA frames and nothing else.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "compile/jit_fixture.h"
#include "kernel/clock.h"
#include "kernel/driver_test_util.h"
#include "kernel/grant.h"
#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"
#include "ktest.h"
#include "lib/string.h"

#include "abi/errors.h"
#include "drivers/mmio.wasm.h"
#include "drivers/window.wasm.h"

#define MS 1000000ull
#define VGA_PHYS 0xb8000ull
#define VGA_SIZE 0x8000ull
#define CELL 0x782 /* a cell of the bottom line (row 24, column 2) */

/* VGA text memory through the kernel's own uncached map. */
static volatile uint16_t *vga(void) {
    static volatile uint16_t *cells;
    if (cells == NULL) {
        cells = vmm_map_mmio(VGA_PHYS, VGA_SIZE);
    }
    return cells;
}

/* ---------------------------------------------------------------- windows */

static void window_in_both_memory_modes(struct ktest *t, bool bounds_checks) {
    const wasm_jit_options_t o = {.bounds_checks = bounds_checks};
    struct fixture f;
    /* Once without a window, so that the kernel's lasting allocations
     * (VGA's map, the engine's first uses) precede the frame count. */
    vga();
    if (!fixture_open_with(t, &f, window_wasm, sizeof window_wasm, &o, NULL)) {
        return;
    }
    fixture_close(&f);
    uint64_t used = pmm_used_count(&mm_frames);
    if (!fixture_open_with(t, &f, window_wasm, sizeof window_wasm, &o, NULL)) {
        return;
    }
    struct vmm_region *r = vmm_find((uint64_t)f.inst->memory);
    KT_ASSERT(t, r != NULL);
    KT_ASSERT(t, vmm_map_device(r, 0x10000, VGA_PHYS, VGA_SIZE, VM_RW));
    vga()[CELL] = 0x2e41;
    KT_EXPECT_EQ(t, call2(t, &f, "load16", 0x10000 + 2 * CELL, 0), 0x2e41);
    call2(t, &f, "store16", 0x10000 + 2 * CELL, 0x1f52);
    KT_EXPECT_EQ(t, vga()[CELL], 0x1f52);
    KT_EXPECT_EQ(t, trap_of(&f, "load16", 0x40000, 0).kind, WASM_TRAP_MEMORY_OOB);
    /* the first page again, read-only, at the memory's end */
    KT_ASSERT(t, vmm_map_device(r, 0x3f000, VGA_PHYS, PAGE_SIZE, VM_R));
    f.inst->memory_own.readonly_lo = 0x3f000;
    f.inst->memory_own.readonly_hi = 0x40000;
    KT_EXPECT_EQ(t, call2(t, &f, "load16", 0x3f000 + 2 * CELL, 0), 0x1f52);
    KT_EXPECT_EQ(t, trap_of(&f, "store16", 0x3f000 + 2 * CELL, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&f, "fill", 0x3eff0, 32).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&f, "fill", 0x3eff0, 16).kind, WASM_TRAP_NONE);
    KT_EXPECT_EQ(t, vga()[CELL], 0x1f52);
    fixture_close(&f); /* a device page given to the frame allocator would panic */
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used);
}

KTEST(mmio, window_reaches_the_device_with_guard_reservation) {
    window_in_both_memory_modes(t, false);
}

KTEST(mmio, window_reaches_the_device_with_explicit_bounds_checks) {
    window_in_both_memory_modes(t, true);
}

#define BENCH_READS 20000

KTEST(mmio, cycles_per_read_from_wasm_and_from_kernel_c) {
    const wasm_jit_options_t o = {0};
    struct fixture f;
    if (!fixture_open_with(t, &f, window_wasm, sizeof window_wasm, &o, NULL)) {
        return;
    }
    struct vmm_region *r = vmm_find((uint64_t)f.inst->memory);
    KT_ASSERT(t, r != NULL && vmm_map_device(r, 0x10000, VGA_PHYS, VGA_SIZE, VM_RW));
    volatile uint16_t *cells = vga();
    cells[CELL] = 3;
    uint32_t sum = 0;
    uint64_t start = rdtsc();
    for (unsigned i = 0; i < BENCH_READS; i++) {
        sum += cells[CELL];
    }
    uint64_t kernel_c = rdtsc() - start;
    uint64_t vals[8] = {0x10000 + 2 * CELL, BENCH_READS};
    start = rdtsc();
    uint64_t wasm_sum = call(t, &f, "load16_loop", vals);
    uint64_t wasm = rdtsc() - start;
    ktest_log("mmio bench: 16-bit read of VGA text memory x %u: kernel C %llu cycles/op, "
              "wasm %llu cycles/op",
              BENCH_READS, (unsigned long long)(kernel_c / BENCH_READS),
              (unsigned long long)(wasm / BENCH_READS));
    KT_EXPECT_EQ(t, sum, 3 * BENCH_READS);
    KT_EXPECT_EQ(t, wasm_sum, 3 * BENCH_READS);
    fixture_close(&f);
}

/* ---------------------------------------------------------------- syscalls */

/* Replaces the boot table by one granting mmio.wasm exactly res[]. */
static void grant(struct ktest *t, const struct manifest_res *res, unsigned count) {
    driver_test_grants_begin();
    driver_test_grant(t, "mmio.wasm", res, count);
}

/* Spawns mmio.wat claiming res[] in `mode` and starts it; NULL (a
 * failure recorded) if it cannot. */
static struct process *start(struct ktest *t, const struct manifest_res *res, unsigned count,
                             const char *mode) {
    size_t size;
    const uint8_t *bytes =
        driver_test_with_manifest(mmio_wasm, sizeof mmio_wasm, res, count, &size);
    wasm_error_t err;
    struct process *p = process_spawn("mmio.wasm", bytes, size, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn: %s", err.message);
        return NULL;
    }
    process_set_args(p, mode, (uint32_t)strlen(mode) + 1);
    KT_EXPECT(t, process_start(p));
    return p;
}

/* Runs mmio.wat in `mode` to its end; its state, exit status or trap. */
static struct process *run(struct ktest *t, const struct manifest_res *res, unsigned count,
                           const char *mode) {
    unsigned threads = thread_count();
    struct process *p = start(t, res, count, mode);
    if (p != NULL) {
        KT_EXPECT(t, process_wait(p, clock_ns() + 5000 * MS));
        /* Its end may wake this thread before its last thread has exited
         * and been freed, stack and all: wait for that too, so that the
         * frames counted next are settled. */
        uint64_t end = clock_ns() + 5000 * MS;
        while (thread_count() > threads && clock_ns() < end) {
            thread_sleep_until(clock_ns() + MS);
        }
    }
    return p;
}

static const struct manifest_res vga_rw = {RZ_RES_MMIO, RZ_ACCESS_RW, VGA_PHYS, VGA_SIZE};
static const struct manifest_res vga_r = {RZ_RES_MMIO, RZ_ACCESS_READ, VGA_PHYS, VGA_SIZE};

KTEST(mmio, map_refuses_bad_arguments_and_ungranted_ranges) {
    grant(t, &vga_rw, 1);
    struct process *p = run(t, &vga_rw, 1, "e");
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
        KT_EXPECT_EQ(t, p->exit_status, 0); /* 100 + n: check n failed */
        process_release(p);
    }
    driver_test_grants_end();
}

KTEST(mmio, driver_writes_the_screen_and_reads_what_the_kernel_wrote) {
    grant(t, &vga_rw, 1);
    uint64_t used = pmm_used_count(&mm_frames);
    for (int round = 0; round < 2; round++) { /* the second with the code cached */
        vga()[CELL] = (uint16_t)(0x2e41 + round);
        vga()[CELL - 2] = vga()[CELL - 1] = 0;
        used = pmm_used_count(&mm_frames);
        struct process *p = run(t, &vga_rw, 1, "w");
        if (p == NULL) {
            break;
        }
        KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
        KT_EXPECT_EQ(t, p->exit_status, 0x2e41 + round);
        KT_EXPECT_EQ(t, vga()[CELL - 2], 0x1f52);
        KT_EXPECT_EQ(t, vga()[CELL - 1], 0x1f5a);
        process_release(p);
    }
    /* exit freed the memory and no device page */
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used);
    driver_test_grants_end();
}

KTEST(mmio, read_only_grant_makes_stores_trap) {
    grant(t, &vga_r, 1);
    vga()[CELL] = 0x0733;
    struct process *p = run(t, &vga_r, 1, "x");
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_TRAPPED);
        KT_EXPECT_EQ(t, p->trap.kind, WASM_TRAP_MEMORY_OOB);
        KT_EXPECT_EQ(t, vga()[CELL], 0x0733);
        process_release(p);
    }
    p = run(t, &vga_r, 1, "f"); /* memory.fill: the helper refuses it */
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_TRAPPED);
        KT_EXPECT_EQ(t, p->trap.kind, WASM_TRAP_MEMORY_OOB);
        process_release(p);
    }
    p = run(t, &vga_r, 1, "a"); /* a syscall writing there */
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
        KT_EXPECT_EQ(t, p->exit_status, RZ_ERR_OUT_OF_BOUNDS);
        process_release(p);
    }
    p = run(t, &vga_r, 1, "t"); /* a second thread: no read-only window */
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
        KT_EXPECT_EQ(t, p->exit_status, RZ_ERR_BAD_STATE);
        process_release(p);
    }
    driver_test_grants_end();
    /* with a read-write grant the same store goes through, and a window
     * is mapped beside a second thread */
    grant(t, &vga_rw, 1);
    p = run(t, &vga_rw, 1, "t");
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
        KT_EXPECT_EQ(t, p->exit_status, RZ_OK);
        process_release(p);
    }
    p = run(t, &vga_rw, 1, "x");
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
        KT_EXPECT_EQ(t, p->exit_status, 0x0733);
        KT_EXPECT_EQ(t, vga()[CELL], 0);
        process_release(p);
    }
    driver_test_grants_end();
}

KTEST(mmio, read_beyond_the_window_at_the_memory_end_traps) {
    grant(t, &vga_rw, 1);
    struct process *p = run(t, &vga_rw, 1, "o");
    if (p != NULL) {
        KT_EXPECT_EQ(t, p->state, PROCESS_TRAPPED);
        KT_EXPECT_EQ(t, p->trap.kind, WASM_TRAP_MEMORY_OOB);
        process_release(p);
    }
    driver_test_grants_end();
}

KTEST(mmio, dma_buffer_is_contiguous_reachable_and_freed_at_exit) {
    const struct manifest_res res[3] = {
        vga_rw, {RZ_RES_DMA, 0, 0, 0x2000}, {RZ_RES_DMA, 0, 0, 0x1000}};
    grant(t, res, 3);
    for (int round = 0; round < 2; round++) { /* the second with the code cached */
        uint64_t used = pmm_used_count(&mm_frames);
        struct process *p = start(t, res, 3, "d");
        if (p == NULL) {
            break;
        }
        uint8_t *mem = NULL;
        for (int i = 0; i < 500 && p->state == PROCESS_RUNNING; i++) {
            mem = p->inst->memory;
            if (*(volatile uint32_t *)(mem + 0x108) == 1) {
                break;
            }
            process_wait(p, clock_ns() + 10 * MS);
        }
        if (p->state != PROCESS_RUNNING || mem == NULL) {
            ktest_fail(t, __FILE__, __LINE__, "mmio.wasm d ended: state %d, status %d",
                       (int)p->state, (int)p->exit_status);
            process_release(p);
            break;
        }
        KT_ASSERT(t, *(volatile uint32_t *)(mem + 0x108) == 1);
        uint64_t phys;
        memcpy(&phys, mem + 0x100, sizeof phys);
        KT_EXPECT_EQ(t, phys % PAGE_SIZE, 0);
        /* the pages are phys, phys + 0x1000 (contiguous), and the direct
         * map shows what the driver wrote */
        for (uint64_t off = 0; off < 0x2000; off += PAGE_SIZE) {
            struct paging_mapping m;
            KT_ASSERT(t, paging_query(&mm_paging, (uint64_t)mem + 0x20000 + off, &m));
            KT_EXPECT_EQ(t, m.phys, phys + off);
        }
        const uint32_t *words = phys_to_virt(phys);
        bool same = true;
        for (uint32_t i = 0; i < 0x2000 / 4; i++) {
            same = same && words[i] == (0xd0a0b0c0u ^ (4 * i));
        }
        KT_EXPECT(t, same);
        process_kill(p);
        KT_EXPECT(t, process_wait(p, clock_ns() + 5000 * MS));
        process_release(p);
        if (round == 1) {
            KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used);
        }
    }
    driver_test_grants_end();
}
