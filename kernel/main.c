/*
 * kmain: the first C code, entered from arch/x86_64/boot.S on the boot
 * stack with paging on (early tables) and interrupts off. Brings the
 * machine up in dependency order, then either runs the kernel tests
 * (cmdline `test[=FILTER]`) or starts the console loop.
 */
#include <stdint.h>

#include "arch/x86_64/arch.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/serial.h"
#include "kernel/boot_info.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/ktest_kernel.h"
#include "kernel/panic.h"

struct boot_info boot_info;

extern char __kernel_phys_start[], __kernel_phys_end[];

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

void kmain(uint32_t magic, uint64_t info_phys) {
    boot_info.tsc_at_entry = rdtsc();
    serial_init();
    kprintf("Ringzero booting\n");
    arch_init_cpu();
    boot_info_init(magic, info_phys);
    pic_disable();
    lapic_init(0);
    kprintf("cmdline: \"%s\"\n", boot_info.cmdline);
    print_memory_map();

    char filter[64];
    if (cmdline_option(boot_info.cmdline, "test", filter, sizeof(filter))) {
        ktest_kernel_run(filter);
    }
    kprintf("Ringzero ready\n");
    for (;;) {
        __asm__ volatile("hlt");
    }
}
