/*
 * mm_init: frames, then the kernel's final page tables, then heap and
 * virtual memory, in that order because each needs the one before.
 *
 * The final tables map the kernel image section by section with the
 * protections the linker script's symbols delimit, and the direct map over
 * every range the loader's memory map lists as memory: usable RAM, ACPI
 * memory, the low 1 MiB, and firmware-reserved ranges (some firmware, such
 * as QEMU's SeaBIOS, keeps the ACPI tables there), with 2 MiB pages where
 * alignment allows. Bad memory and the holes between ranges stay unmapped;
 * devices are reached through vmm_map_mmio, never the direct map.
 */
#include "kernel/mm.h"

#include "arch/x86_64/mmu.h"
#include "kernel/console.h"
#include "kernel/kmalloc.h"
#include "kernel/layout.h"
#include "kernel/panic.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"

struct pmm mm_frames;
struct paging mm_paging;
static struct paging_env mm_paging_env;

extern char __text_start[], __rodata_start[], __data_start[], __ksyms_start[], __kernel_end[];

#define MM_MAX_RANGES (BOOT_MAX_MEM_REGIONS + BOOT_MAX_MODULES + 2)
#define EARLY_MAP_END ((uint64_t)EARLY_MAP_GIB << 30)

static uint64_t page_down(uint64_t a) {
    return a & ~(uint64_t)(PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t a) {
    return page_down(a + PAGE_SIZE - 1);
}

static void *mm_map_meta(uint64_t phys, uint64_t size) {
    if (phys + size > EARLY_MAP_END) {
        panic("mm: frame bitmap at 0x%llx lies beyond the boot direct map",
              (unsigned long long)phys);
    }
    return phys_to_virt(phys);
}

static void mm_init_frames(const struct boot_info *bi) {
    static struct pmm_range usable[BOOT_MAX_MEM_REGIONS], reserved[BOOT_MAX_MODULES + 1];
    size_t nu = 0, nr = 0;
    for (size_t i = 0; i < bi->mem_count; i++) {
        if (bi->mem[i].type == BOOT_MEM_USABLE) {
            usable[nu++] = (struct pmm_range){bi->mem[i].base, bi->mem[i].base + bi->mem[i].length};
        }
    }
    reserved[nr++] = (struct pmm_range){bi->kernel_phys_start, bi->kernel_phys_end};
    for (size_t i = 0; i < bi->module_count; i++) {
        reserved[nr++] = (struct pmm_range){bi->modules[i].start, bi->modules[i].end};
    }
    pmm_init(&mm_frames, usable, nu, reserved, nr, mm_map_meta);
}

static void mm_map_or_panic(uint64_t va, uint64_t phys, uint64_t size, unsigned prot) {
    if (!paging_map_range(&mm_paging, va, phys, size, prot)) {
        panic("mm: out of frames for page tables mapping 0x%llx", (unsigned long long)va);
    }
}

static void mm_map_image(const char *start, const char *end, unsigned prot) {
    uint64_t va = (uint64_t)start;
    mm_map_or_panic(va, va - KERNEL_VMA, page_up((uint64_t)end) - va, prot);
}

/* Sorts ranges by base and merges overlapping or touching ones; returns
 * the new count. */
static size_t mm_merge(struct pmm_range *r, size_t n) {
    for (size_t i = 1; i < n; i++) {
        struct pmm_range x = r[i];
        size_t j = i;
        for (; j > 0 && r[j - 1].base > x.base; j--) {
            r[j] = r[j - 1];
        }
        r[j] = x;
    }
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out > 0 && r[i].base <= r[out - 1].end) {
            if (r[i].end > r[out - 1].end) {
                r[out - 1].end = r[i].end;
            }
        } else {
            r[out++] = r[i];
        }
    }
    return out;
}

static void mm_map_direct(const struct boot_info *bi) {
    static struct pmm_range ram[MM_MAX_RANGES];
    size_t n = 0;
    ram[n++] = (struct pmm_range){0, PMM_LOW_LIMIT};
    for (size_t i = 0; i < bi->mem_count; i++) {
        const struct boot_mem_region *m = &bi->mem[i];
        uint64_t end = page_up(m->base + m->length);
        if (m->type == BOOT_MEM_USABLE && end > DIRECT_MAP_SIZE) {
            panic("mm: RAM at 0x%llx is beyond the direct map", (unsigned long long)m->base);
        }
        /* Firmware ranges out of reach of the direct map are left out. */
        if ((m->type == BOOT_MEM_USABLE || m->type == BOOT_MEM_ACPI_RECLAIMABLE ||
             m->type == BOOT_MEM_ACPI_NVS || m->type == BOOT_MEM_RESERVED) &&
            end <= DIRECT_MAP_SIZE) {
            ram[n++] = (struct pmm_range){page_down(m->base), end};
        }
    }
    n = mm_merge(ram, n);
    for (size_t i = 0; i < n; i++) {
        mm_map_or_panic(DIRECT_MAP_BASE + ram[i].base, ram[i].base, ram[i].end - ram[i].base,
                        VM_RW);
    }
}

static void mm_init_paging(const struct boot_info *bi) {
    mmu_env_init(&mm_paging_env, &mm_frames);
    paging_init(&mm_paging, &mm_paging_env);
    mm_map_image(__text_start, __rodata_start, VM_RX);
    mm_map_image(__rodata_start, __data_start, VM_R);
    mm_map_image(__data_start, __ksyms_start, VM_RW);
    mm_map_image(__ksyms_start, __kernel_end, VM_R);
    mm_map_direct(bi);
    mmu_activate(mm_paging.root);
}

void mm_init(const struct boot_info *bi) {
    mm_init_frames(bi);
    mm_init_paging(bi);
    kmalloc_init();
    vmm_init();
    kprintf("mm: %llu MiB RAM, %llu MiB free, %llu frames in use\n",
            (unsigned long long)(pmm_total_count(&mm_frames) >> 8),
            (unsigned long long)(pmm_free_count(&mm_frames) >> 8),
            (unsigned long long)pmm_used_count(&mm_frames));
}
