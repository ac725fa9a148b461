/*
 * How the PCI service's enumeration and request handling reach
 * configuration space: through two functions, so that the same code runs
 * over ports 0xcf8/0xcfc in the driver (user/drivers/pci.c) and over a
 * fake bus in the host tests (enum_test.c).
 */
#ifndef RZ_DRIVERS_PCI_CONFIG_H
#define RZ_DRIVERS_PCI_CONFIG_H

#include <stdint.h>

/* A function's address: bus 0..255, device 0..31, function 0..7. */
struct pci_addr {
    uint8_t bus;
    uint8_t dev;
    uint8_t fn;
};

/* Configuration access: read or write the dword at offset (a multiple of
 * 4 below 256) of a function. Reading a function that does not exist
 * gives 0xffffffff, as the hardware does. */
struct pci_config {
    void *ctx;
    uint32_t (*read)(void *ctx, struct pci_addr a, uint32_t offset);
    void (*write)(void *ctx, struct pci_addr a, uint32_t offset, uint32_t value);
};

/* Registers of the configuration header used here (PCI Local Bus 3.0, 6.1). */
#define PCI_REG_ID 0x00      /* vendor (15:0), device (31:16) */
#define PCI_REG_COMMAND 0x04 /* command (15:0), status (31:16) */
#define PCI_REG_CLASS 0x08   /* revision, prog-if, subclass, class (low to high) */
#define PCI_REG_HEADER 0x0c  /* header type in bits 23:16 */
#define PCI_REG_BAR0 0x10
#define PCI_REG_BUSES 0x18 /* bridge: primary, secondary, subordinate bus */
#define PCI_REG_IRQ 0x3c   /* interrupt line (7:0), pin (15:8) */

#define PCI_COMMAND_DECODE 0x3u /* I/O space and memory space enable */
#define PCI_HEADER_MULTI 0x80u  /* header type bit 7: a multi-function device */
#define PCI_HEADER_BRIDGE 1u    /* PCI-to-PCI bridge */

#endif
