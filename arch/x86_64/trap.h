/*
 * The saved state of an interrupted context, as arch/x86_64/isr.S builds
 * it on the stack: general registers, then the vector and error code the
 * stub pushed, then what the CPU pushed. Handlers may change it; the
 * common exit path restores from it (that is how a caught fault resumes
 * elsewhere).
 */
#ifndef RZ_ARCH_TRAP_H
#define RZ_ARCH_TRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;
    uint64_t error_code; /* 0 for vectors without one */
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "isr.S pushes 22 quadwords");
_Static_assert(offsetof(struct trap_frame, vector) == 15 * 8, "isr.S layout");
_Static_assert(offsetof(struct trap_frame, rip) == 17 * 8, "isr.S layout");

/* Exception vectors (Intel SDM Vol. 3A, table 6-1). */
enum {
    VEC_DE = 0,
    VEC_DB = 1,
    VEC_NMI = 2,
    VEC_BP = 3,
    VEC_UD = 6,
    VEC_NM = 7,
    VEC_DF = 8,
    VEC_GP = 13,
    VEC_PF = 14,
    VEC_MC = 18,
    VEC_EXCEPTIONS = 32,
};

/* The interrupt vector map (docs/boot.md). */
enum {
    VEC_PIC_BASE = 0x20, /* the masked 8259s, remapped here; only spurious */
    VEC_IRQ_BASE = 0x30, /* I/O APIC inputs: vector = VEC_IRQ_BASE + GSI */
    VEC_IRQ_COUNT = 24,
    VEC_LAPIC_TIMER = 0xf0,
    VEC_SPURIOUS = 0xff,
};

/* IST slots in the TSS (1-based, as in the gate's IST field). */
enum { IST_DF = 1, IST_NMI = 2, IST_MC = 3 };

/* Handler of one vector; runs with interrupts off on the interrupted stack
 * (or its IST stack). */
typedef void (*trap_handler_fn)(struct trap_frame *tf, void *ctx);

/*
 * Installs the handler of an interrupt vector (>= VEC_EXCEPTIONS). The
 * dispatcher sends the local APIC an EOI after it returns, except for
 * VEC_SPURIOUS. Panics if the vector already has a handler.
 */
void trap_set_handler(unsigned vector, trap_handler_fn fn, void *ctx);

/* Removes the handler of an interrupt vector (which must have one). */
void trap_clear_handler(unsigned vector);

/* Whether an interrupt vector has a handler. */
bool trap_has_handler(unsigned vector);

/* Called by isr.S for every vector. */
void trap_dispatch(struct trap_frame *tf);

#endif
