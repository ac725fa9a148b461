/*
 * A region of sealed compiled code and its trap table, the linear-memory
 * reservations, and the registries the fault path searches.
 *
 * A fault handler only knows a pc. To turn it into a wasm trap it must find
 * the code region holding the pc and look the offset up in that region's
 * trap table, without taking locks or allocating (it may interrupt anything,
 * including a registration). The registry is therefore a fixed array of
 * pointers updated with atomic stores: a region is published only once it
 * is completely built and sealed, and unpublished before it is freed.
 */
#ifndef RZ_WASM_RUNTIME_CODE_H
#define RZ_WASM_RUNTIME_CODE_H

#include <stddef.h>
#include <stdint.h>

#include "compile/trap_table.h"

/* Most code regions alive at once (one per compiled module). */
#define WASM_MAX_CODE_REGIONS 1024
/* Most linear-memory reservations alive at once (one per memory). */
#define WASM_MAX_RESERVATIONS 4096

typedef struct wasm_code_region {
    const uint8_t *start; /* sealed code */
    size_t size;
    const wasm_trap_site_t *sites; /* sorted by code offset */
    uint32_t site_count;
} wasm_code_region_t;

/* Publishes r (which must stay unchanged until unregistered). Returns
 * false when the registry is full. */
bool wasm_code_register(const wasm_code_region_t *r);

/* Withdraws r. Requires: no thread is running in its code. */
void wasm_code_unregister(const wasm_code_region_t *r);

/* A linear memory's whole reservation (docs/jit.md section 6). */
typedef struct wasm_reservation {
    uintptr_t start;
    uint64_t size;
} wasm_reservation_t;

/* Publishes / withdraws a reservation, as for code regions. */
bool wasm_reservation_register(const wasm_reservation_t *r);
void wasm_reservation_unregister(const wasm_reservation_t *r);

/*
 * The trap at pc, if pc is a trap site of a registered region. For a data
 * access fault (page fault: `access_fault` true) the site must be a memory
 * access and the faulting address `fault_addr` must lie in a registered
 * reservation: a fault anywhere else means compiled code computed an
 * address outside every memory, a compiler bug that must not be reported
 * (and survived) as a wasm trap. Other faults (ud2, #DE) ignore fault_addr.
 * Lock-free and allocation-free: callable from a fault or signal handler.
 */
bool wasm_code_trap_at(uintptr_t pc, bool access_fault, uintptr_t fault_addr, wasm_trap_t *out);

#endif
