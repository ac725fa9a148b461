/* HPET main counter (IA-PC HPET specification 1.0a, 2.3). */
#include "arch/x86_64/hpet.h"

#include <stddef.h>

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/layout.h"
#include "kernel/vmm.h"

#define REG_CAPS 0x00 /* bits 63:32: tick period in fs */
#define REG_CONFIG 0x10
#define REG_COUNTER 0xf0
#define CONFIG_ENABLE 1u

static volatile uint64_t *hpet_regs;
static uint64_t period_fs;

bool hpet_init(void) {
    size_t len;
    const void *table = acpi_find_table("HPET", &len);
    uint64_t phys = table != NULL ? hpet_table_base(table, len) : 0;
    if (phys == 0) {
        return false;
    }
    volatile uint64_t *regs = vmm_map_mmio(phys, PAGE_SIZE);
    uint64_t period = regs[REG_CAPS / 8] >> 32;
    /* The specification bounds the period to (0, 100 ns]. */
    if (period == 0 || period > 100000000ull) {
        return false;
    }
    regs[REG_CONFIG / 8] |= CONFIG_ENABLE;
    period_fs = period;
    hpet_regs = regs;
    return true;
}

bool hpet_present(void) {
    return hpet_regs != NULL;
}

uint64_t hpet_read(void) {
    return hpet_regs[REG_COUNTER / 8];
}

uint64_t hpet_period_fs(void) {
    return period_fs;
}
