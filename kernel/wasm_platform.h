/*
 * The kernel's side of wasm/platform.h that the rest of the kernel calls:
 * the fault path's hook that turns a CPU exception in compiled wasm code
 * into a wasm trap (implemented in kernel/wasm_platform.c, with the rest of
 * the platform layer).
 */
#ifndef RZ_KERNEL_WASM_PLATFORM_H
#define RZ_KERNEL_WASM_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame;

/*
 * Called by fault_handle for every exception the vmm did not resolve. When
 * the fault is a wasm trap (a #DE, #UD or #PF at a trap site of a registered
 * code region; for #PF, cr2 inside a registered reservation) and a
 * wasm_run_guarded is active, records the trap and rewrites tf so that the
 * exception returns into that wasm_run_guarded, which returns false. Returns
 * false, leaving tf alone, for every other fault (a kernel bug).
 */
bool wasm_platform_fault(struct trap_frame *tf, uint64_t cr2);

/*
 * Ends the compiled code running under the innermost wasm_run_guarded,
 * which returns false with trap->kind WASM_TRAP_NONE (not a trap: the
 * caller knows why, e.g. its process exited). Called from a host function
 * that compiled code called; the wasm frames own nothing, and the host
 * function's own frames must own nothing either (no lock held, nothing
 * allocated on the way).
 */
_Noreturn void wasm_platform_unwind(void);

/*
 * For the scheduler's kill hook, on the return path of an interrupt: when
 * the interrupted context tf was running compiled code under a guard of
 * the current thread, rewrites tf so that the interrupt returns into that
 * wasm_run_guarded, which returns false with trap->kind WASM_TRAP_NONE.
 * False, tf unchanged, when tf was elsewhere (kernel code: the kill waits
 * for the kernel call to return). Requires: interrupts disabled.
 */
bool wasm_platform_unwind_frame(struct trap_frame *tf);

/* Number of wasm traps delivered since boot (tests compare it). */
uint64_t wasm_platform_trap_count(void);

#endif
