/*
 * Enumeration of PCI functions: every bus reachable from bus 0 through
 * PCI-to-PCI bridges (and the buses of further host bridges when 00:00.0
 * is multi-function), every function of multi-function devices, with
 * their BARs sized. Runs once, when the service starts; the table it
 * fills is what LIST reports (serve.h).
 */
#ifndef RZ_DRIVERS_PCI_ENUM_H
#define RZ_DRIVERS_PCI_ENUM_H

#include <stdint.h>

#include "rz/pci.h"
#include "user/drivers/pci/config.h"

/* Functions the table holds; further ones are counted in `dropped`. */
#define PCI_FUNCTIONS_MAX 512u

struct pci_table {
    uint32_t count;
    uint32_t dropped;
    rz_pci_function_t fns[PCI_FUNCTIONS_MAX];
};

/* Fills *t (count reset first) in bus, device, function order of
 * discovery: a bridge's secondary bus right after the bridge. Sizes the
 * BARs of type 0 and type 1 headers by writing all ones to them with the
 * function's I/O and memory decoding turned off (left on for host
 * bridges, as they may decode main memory), then restores them. */
void pci_enumerate(const struct pci_config *cfg, struct pci_table *t);

/* The table's entry for a, or NULL. */
const rz_pci_function_t *pci_table_find(const struct pci_table *t, struct pci_addr a);

#endif
