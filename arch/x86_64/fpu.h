/*
 * FPU/SSE/AVX state. Kernel C code never touches these registers (it is
 * built with -mno-sse); wasm code compiled by the JIT does, so a thread
 * switch saves and restores them whole with fpu_save/fpu_restore (XSAVE
 * when the CPU has it, FXSAVE otherwise). Each thread embeds one
 * struct fpu_state.
 */
#ifndef RZ_ARCH_FPU_H
#define RZ_ARCH_FPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for legacy + header + AVX (832 bytes in the standard format); the
 * components we enable are checked against it at boot. */
#define FPU_STATE_MAX 1024

struct fpu_state {
    _Alignas(64) uint8_t area[FPU_STATE_MAX];
};

/* Enables x87/SSE (and AVX with XSAVE when present) and records the
 * save-area size and the initial state. */
void fpu_init(void);

/* Bytes of fpu_state.area that fpu_save writes. */
size_t fpu_state_size(void);
bool fpu_uses_xsave(void);
/* XCR0 we enabled (bit 0 x87, 1 SSE, 2 AVX); 0 without XSAVE. */
uint64_t fpu_xcr0(void);

/* A clean state, as after reset: what a new thread starts with. */
void fpu_state_init(struct fpu_state *s);
void fpu_save(struct fpu_state *s);
void fpu_restore(const struct fpu_state *s);

#endif
