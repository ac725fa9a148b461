/*
 * A fake PCI configuration space for the host tests of enumeration and
 * requests: functions with registers, BARs that answer the sizing
 * protocol (writable address bits, read-only flag bits), and a record of
 * the writes the code under test made.
 */
#ifndef RZ_DRIVERS_PCI_FAKEBUS_H
#define RZ_DRIVERS_PCI_FAKEBUS_H

#include <stdbool.h>
#include <stdint.h>

#include "user/drivers/pci/config.h"

#define FAKEBUS_FUNCTIONS_MAX 32

struct fake_fn {
    struct pci_addr a;
    uint32_t regs[64];
    uint32_t bar_rw[6]; /* bits of each BAR slot a write changes */
};

struct fakebus {
    struct fake_fn fns[FAKEBUS_FUNCTIONS_MAX];
    int count;
    int bar_writes_while_decoding; /* BAR writes with I/O or memory decoding on */
    int other_writes;              /* writes to neither a BAR nor the command register */
};

/* Adds a function (header type header, bit 7 for multi-function) and
 * returns it for the caller to fill in further. */
struct fake_fn *fakebus_add(struct fakebus *b, uint8_t bus, uint8_t dev, uint8_t fn,
                            uint16_t vendor, uint16_t device, uint32_t class_rev, uint8_t header);

/* Gives f's BAR slot i the value value and a size of size bytes (a power
 * of two; 0: unimplemented). For a 64-bit BAR call it for both halves
 * with the halves of the value and of ~(size - 1). */
void fakebus_bar(struct fake_fn *f, int i, uint32_t value, uint32_t rw);

/* Makes f a bridge to bus secondary. */
void fakebus_bridge(struct fake_fn *f, uint8_t secondary);

/* The access functions over b. */
struct pci_config fakebus_config(struct fakebus *b);

#endif
