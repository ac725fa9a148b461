/*
 * The HPET main counter, as an independent reference clock (the TSC is
 * calibrated against the PIT; tests check it against the HPET).
 */
#ifndef RZ_ARCH_HPET_H
#define RZ_ARCH_HPET_H

#include <stdbool.h>
#include <stdint.h>

/* Finds the HPET through ACPI and starts its main counter; false if none. */
bool hpet_init(void);
bool hpet_present(void);
uint64_t hpet_read(void);
/* Length of one counter tick in femtoseconds (10^-15 s). */
uint64_t hpet_period_fs(void);

#endif
