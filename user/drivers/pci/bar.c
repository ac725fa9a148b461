/*
 * BAR decoding (bar.h). The size of a BAR is the two's complement of its
 * address bits as read back after writing all ones: a device hard-wires
 * the address bits below its size to 0.
 */
#include "user/drivers/pci/bar.h"

#define BAR_IO 0x1u
#define BAR_IO_ADDR 0xfffffffcu
#define BAR_MEM_TYPE_SHIFT 1
#define BAR_MEM_TYPE_64 0x2u
#define BAR_MEM_PREFETCH 0x8u
#define BAR_MEM_ADDR 0xfffffff0u

bool pci_bar_is_64bit(uint32_t value) {
    return !(value & BAR_IO) && ((value >> BAR_MEM_TYPE_SHIFT) & 0x3u) == BAR_MEM_TYPE_64;
}

void pci_bar_decode(uint32_t value, uint32_t mask, uint32_t hi, uint32_t hi_mask,
                    rz_pci_bar_t *bar) {
    *bar = (rz_pci_bar_t){0};
    if (value & BAR_IO) {
        uint32_t addr_mask = mask & BAR_IO_ADDR;
        if (addr_mask == 0) {
            return;
        }
        /* A device decoding 16-bit ports may read back 0 in the upper half. */
        if ((addr_mask & 0xffff0000u) == 0) {
            addr_mask |= 0xffff0000u;
        }
        bar->flags = RZ_PCI_BAR_IO;
        bar->base = value & BAR_IO_ADDR;
        bar->size = (uint32_t)(~addr_mask + 1u);
        return;
    }
    uint64_t addr_mask = mask & BAR_MEM_ADDR;
    uint64_t base = value & BAR_MEM_ADDR;
    uint32_t flags = 0;
    if (pci_bar_is_64bit(value)) {
        addr_mask |= (uint64_t)hi_mask << 32;
        base |= (uint64_t)hi << 32;
        flags |= RZ_PCI_BAR_64BIT;
    } else {
        addr_mask |= 0xffffffff00000000ull;
    }
    if ((uint32_t)addr_mask == 0 && (flags == 0 || (addr_mask >> 32) == 0)) {
        return;
    }
    if (value & BAR_MEM_PREFETCH) {
        flags |= RZ_PCI_BAR_PREFETCH;
    }
    bar->flags = flags;
    bar->base = base;
    bar->size = ~addr_mask + 1u;
}
