/*
 * Decoding a base address register from what it reads before and after
 * all ones are written to it (the sizing protocol of PCI 3.0, 6.2.5.1).
 * Pure, so the arithmetic is tested on the host (bar_test.c).
 */
#ifndef RZ_DRIVERS_PCI_BAR_H
#define RZ_DRIVERS_PCI_BAR_H

#include <stdbool.h>
#include <stdint.h>

#include "rz/pci.h"

/* True when value (a BAR as read) is a 64-bit memory BAR, whose upper
 * half is the next slot. */
bool pci_bar_is_64bit(uint32_t value);

/* Fills *bar from value and mask (the BAR read back after writing all
 * ones); for a 64-bit BAR, hi and hi_mask are the same for the next slot
 * (ignored otherwise). An unimplemented BAR (mask without address bits)
 * has size 0 and flags 0. */
void pci_bar_decode(uint32_t value, uint32_t mask, uint32_t hi, uint32_t hi_mask,
                    rz_pci_bar_t *bar);

#endif
