/* The I/O APIC: routes external interrupt inputs (GSIs) to vectors. */
#ifndef RZ_ARCH_IOAPIC_H
#define RZ_ARCH_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

/* A redirection table entry (82093AA datasheet, 3.2.4): fixed delivery,
 * physical destination. */
uint64_t ioapic_redirection(uint8_t vector, uint8_t dest_apic_id, bool active_low, bool level,
                            bool masked);

/* Registers the I/O APIC at phys serving GSIs from gsi_base; masks all its
 * inputs. Returns false when there is no room for another. */
bool ioapic_add(uint64_t phys, uint32_t gsi_base);

/* Programs the entry of gsi; false if no I/O APIC serves it. */
bool ioapic_route(uint32_t gsi, uint64_t entry);

#endif
