/*
 * Traps: what a wasm trap is, and the table that maps a faulting code
 * address back to one.
 *
 * Every instruction of compiled code that can trap (a load or store that
 * may fault, a ud2 at the end of an explicit check) is recorded as a trap
 * site: its offset in the module's code, the trap kind, and where in the
 * wasm it came from. The compiler appends sites in increasing code order;
 * the fault path looks a pc up by binary search. One table per compiled
 * module, so a fault is attributed without any per-instance state. The
 * table is the compiler's output; the runtime's fault path (runtime/code.h)
 * only reads it.
 */
#ifndef RZ_WASM_COMPILE_TRAP_TABLE_H
#define RZ_WASM_COMPILE_TRAP_TABLE_H

#include <stdbool.h>
#include <stdint.h>

/* Trap kinds; wasm_trap_message() gives the spec test suite's phrase. */
typedef enum wasm_trap_kind {
    WASM_TRAP_NONE,
    WASM_TRAP_UNREACHABLE,
    WASM_TRAP_MEMORY_OOB,
    WASM_TRAP_DIV_ZERO,
    WASM_TRAP_INT_OVERFLOW,
    WASM_TRAP_INVALID_CONVERSION,
    WASM_TRAP_UNDEFINED_ELEMENT,     /* call_indirect index beyond the table */
    WASM_TRAP_UNINITIALIZED_ELEMENT, /* call_indirect through a null entry */
    WASM_TRAP_SIGNATURE_MISMATCH,
    WASM_TRAP_STACK_EXHAUSTED,
    WASM_TRAP_TABLE_OOB, /* table.get/set/fill/copy/init out of range */
    WASM_TRAP_PORT_DENIED, /* rz.in8..rz.out32 on a port outside the grant */
    WASM_TRAP_KIND_COUNT,
} wasm_trap_kind_t;

/* A trap as reported to whoever called into wasm. */
typedef struct wasm_trap {
    wasm_trap_kind_t kind;
    uint32_t func;        /* function index (module index space) */
    uint32_t wasm_offset; /* byte offset of the instruction in the binary */
} wasm_trap_t;

typedef struct wasm_trap_site {
    uint32_t code_offset; /* of the trapping instruction, from the code start */
    uint32_t func;
    uint32_t wasm_offset;
    uint8_t kind; /* wasm_trap_kind_t */
} wasm_trap_site_t;

/* A growable list of sites, built by the compiler. */
typedef struct wasm_trap_table {
    wasm_trap_site_t *sites;
    uint32_t count;
    uint32_t cap;
} wasm_trap_table_t;

/* "integer divide by zero", ...; "unknown trap" for a value out of range. */
const char *wasm_trap_message(wasm_trap_kind_t kind);

/* Appends a site. Requires: code_offset above every earlier site's.
 * Returns false when out of memory or out of order (the table is unchanged). */
bool wasm_trap_table_add(wasm_trap_table_t *t, wasm_trap_site_t site);

/* Frees the sites; the table is empty afterwards. */
void wasm_trap_table_free(wasm_trap_table_t *t);

/* The trap of the site at exactly code_offset; false when there is none.
 * Reads only, takes no lock and calls nothing: safe in a fault handler. */
bool wasm_trap_table_find(const wasm_trap_site_t *sites, uint32_t count, uint32_t code_offset,
                          wasm_trap_t *out);

#endif
