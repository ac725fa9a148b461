/*
 * What makes a process a driver, in the three places the process code
 * meets it (docs/drivers.md):
 *
 *   - compiling: the port ranges of the module's own manifest are the
 *     compiler's port grant, so compiled code depends only on the module's
 *     bytes and the code cache's content key stays sound;
 *   - linking: the port imports, compiled inline, get a link entry that is
 *     never called;
 *   - spawning and exiting: the manifest is claimed against boot.conf's
 *     grants (refused unless granted and free), and released at the end;
 *     in between, syscalls ask what the claim holds (IRQ lines, MMIO
 *     ranges, unused DMA buffers).
 */
#ifndef RZ_KERNEL_DRIVER_H
#define RZ_KERNEL_DRIVER_H

#include "compile/jit.h"
#include "kernel/manifest.h"
#include "runtime/instance.h"

/* A compiler port grant built from a manifest; lives as long as options. */
struct driver_ports {
    uint32_t count;
    wasm_port_range_t ranges[MANIFEST_MAX];
};

/* Fills *options (other fields zero) with the port ranges module m
 * declares. False, err filled, when its manifest is malformed. */
bool driver_jit_options(const wasm_module_t *m, struct driver_ports *ports,
                        wasm_jit_options_t *options, wasm_error_t *err);

/* If import i of m is a port import, links it (*out) and returns true. */
bool driver_link_port_import(const wasm_module_t *m, uint32_t i, wasm_extern_t *out);

/* Claims module m's hardware for `owner`, the process named `program`.
 * False, err naming the resource and why, when the grant is missing or
 * another driver holds it. A claim of COM1's ports hands the serial line
 * over from the kernel (console_hand_over). */
bool driver_claim(const char *program, const wasm_module_t *m, const void *owner,
                  wasm_error_t *err);

/* Whether owner's claim includes IRQ line `line`. */
bool driver_holds_irq(const void *owner, uint32_t line);

/* Whether owner's claim has one MMIO resource holding [phys, phys + size)
 * with at least `access` (RZ_ACCESS_*). Any range, even one that wraps. */
bool driver_holds_mmio(const void *owner, uint64_t phys, uint64_t size, uint32_t access);

/* The DMA record a buffer of `size` bytes takes from owner's claim, or -1
 * (grant_dma_pick); driver_dma_use marks it taken. */
int driver_dma_pick(const void *owner, uint64_t size);
void driver_dma_use(const void *owner, int record);

/* Releases what owner claimed (and gives the serial line back to the
 * kernel if owner had it). Requires: owner's handles are closed, so its
 * interrupt objects no longer hold the lines; preemption disabled, as
 * for the claim (claims and releases are serialized that way). */
void driver_release(const void *owner);

#endif
