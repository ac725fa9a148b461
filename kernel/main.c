/*
 * kmain: the first C code, entered from arch/x86_64/boot.S on the boot
 * stack with paging on (early tables) and interrupts off. Brings the
 * machine up in dependency order, starts the scheduler and becomes its
 * idle thread; the first thread, "main", either runs the kernel tests
 * (cmdline `test[=FILTER]`) or starts init (kernel/init.h), the first
 * program, and waits for it.
 */
#include <stdint.h>

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/serial.h"
#include "kernel/boot_info.h"
#include "kernel/clock.h"
#include "kernel/init.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/ktest_kernel.h"
#include "kernel/mm.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

struct boot_info boot_info;

extern char __kernel_phys_start[], __kernel_phys_end[];
extern uint64_t boot_entry_tsc; /* boot.S: TSC at the first instruction */

static void boot_info_init(uint32_t magic, uint64_t info_phys) {
    if (magic != MULTIBOOT2_BOOTLOADER_MAGIC) {
        panic("not booted by a Multiboot2 loader (magic 0x%x)", magic);
    }
    const void *info = phys_to_virt(info_phys);
    if (!multiboot2_parse(info, multiboot2_total_size(info), &boot_info)) {
        panic("malformed Multiboot2 information at 0x%llx", (unsigned long long)info_phys);
    }
    boot_info.kernel_phys_start = (uint64_t)__kernel_phys_start;
    boot_info.kernel_phys_end = (uint64_t)__kernel_phys_end;
}

static void print_memory_map(void) {
    for (size_t i = 0; i < boot_info.mem_count; i++) {
        const struct boot_mem_region *r = &boot_info.mem[i];
        kprintf("  mem %016llx-%016llx type %u\n", (unsigned long long)r->base,
                (unsigned long long)(r->base + r->length), r->type);
    }
}

static char ktest_filter[64];

static void main_thread(void *arg) {
    (void)arg;
    if (ktest_mode) {
        ktest_kernel_run(ktest_filter);
    }
    init_start();
}

void kmain(uint32_t magic, uint64_t info_phys) {
    boot_info.tsc_at_entry = boot_entry_tsc;
    serial_init();
    arch_init_cpu();
    boot_info_init(magic, info_phys);
    ktest_mode = cmdline_option(boot_info.cmdline, "test", ktest_filter, sizeof(ktest_filter));
    uint64_t mapped = arch_extend_direct_map(&boot_info);
    kprintf("Ringzero booting: cmdline \"%s\", kernel at 0x%llx-0x%llx\n", boot_info.cmdline,
            (unsigned long long)boot_info.kernel_phys_start,
            (unsigned long long)boot_info.kernel_phys_end);
    print_memory_map();
    kprintf("direct map: first %llu GiB at 0x%llx\n", (unsigned long long)(mapped >> 30),
            (unsigned long long)DIRECT_MAP_BASE);
    mm_init(&boot_info);
    fpu_init();
    acpi_init(boot_info.acpi_rsdp, boot_info.acpi_rsdp_len);
    pic_disable();
    irq_init();
    clock_init();
    serial_enable_rx_irq();
    sched_init();
    __asm__ volatile("sti");

    uint64_t ready = clock_ns();
    kprintf("Ringzero ready in %llu.%03llu ms (fpu %s, %zu-byte state)\n",
            (unsigned long long)(ready / 1000000), (unsigned long long)(ready / 1000 % 1000),
            fpu_uses_xsave() ? "xsave" : "fxsave", fpu_state_size());

    if (thread_create("main", main_thread, NULL, THREAD_PRIO_NORMAL, 0) == NULL) {
        panic("no memory for the main thread");
    }
    sched_start();
}
