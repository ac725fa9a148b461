/*
 * What the boot loader told us, copied out of its own format (Multiboot2,
 * parsed by arch/x86_64/multiboot2.c) into fixed-size fields, so nothing
 * after boot depends on the loader's memory. Filled once, before any other
 * subsystem starts; read-only afterwards.
 *
 * The physical memory allocator must keep the kernel image
 * [kernel_phys_start, kernel_phys_end) and every module's [start, end)
 * out of the free pool; the loader's info block is no longer needed once
 * boot_info is filled.
 */
#ifndef RZ_KERNEL_BOOT_INFO_H
#define RZ_KERNEL_BOOT_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOT_MAX_MEM_REGIONS 128
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 256
#define BOOT_MODULE_STRING_MAX 64
#define BOOT_ACPI_RSDP_MAX 36 /* an ACPI 2.0+ RSDP */

/* Memory region types, numbered as in Multiboot2 (and ACPI). */
enum {
    BOOT_MEM_USABLE = 1,
    BOOT_MEM_RESERVED = 2,
    BOOT_MEM_ACPI_RECLAIMABLE = 3,
    BOOT_MEM_ACPI_NVS = 4,
    BOOT_MEM_BAD = 5,
};

struct boot_mem_region {
    uint64_t base, length;
    uint32_t type; /* BOOT_MEM_*; anything else counts as reserved */
};

struct boot_module {
    uint64_t start, end;                 /* physical, end exclusive */
    char string[BOOT_MODULE_STRING_MAX]; /* the loader's module line, truncated */
};

struct boot_framebuffer {
    uint64_t phys;
    uint32_t pitch, width, height;
    uint8_t bpp, type;
};

struct boot_info {
    struct boot_mem_region mem[BOOT_MAX_MEM_REGIONS];
    size_t mem_count;
    uint64_t kernel_phys_start, kernel_phys_end;
    char cmdline[BOOT_CMDLINE_MAX];
    struct boot_module modules[BOOT_MAX_MODULES];
    size_t module_count;
    bool has_framebuffer;
    struct boot_framebuffer framebuffer;
    uint8_t acpi_rsdp[BOOT_ACPI_RSDP_MAX]; /* copy of the RSDP the loader found */
    size_t acpi_rsdp_len;                  /* 0: none */
    uint64_t tsc_at_entry;                 /* TSC at the kernel's first instruction */
};

extern struct boot_info boot_info;

#endif
