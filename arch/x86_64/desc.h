/*
 * Encoders for x86-64 descriptors (Intel SDM Vol. 3A, 3.4.5 segment
 * descriptors, 7.2.3 the 64-bit TSS descriptor, 6.14.1 64-bit IDT gates).
 * Pure functions from fields to bytes, unit-tested against known values,
 * instead of C bitfields whose layout the compiler chooses.
 */
#ifndef RZ_ARCH_DESC_H
#define RZ_ARCH_DESC_H

#include <stdint.h>

/* Access byte values. */
#define DESC_CODE64 0x9a    /* present, DPL 0, code, execute/read */
#define DESC_DATA 0x92      /* present, DPL 0, data, read/write */
#define DESC_TSS64 0x89     /* present, DPL 0, available 64-bit TSS */
#define DESC_INTR_GATE 0x8e /* present, DPL 0, 64-bit interrupt gate */

/* Flags nibble. */
#define DESC_FLAG_LONG 0x2 /* L: 64-bit code */
#define DESC_FLAG_DB32 0x4
#define DESC_FLAG_4K 0x8 /* G: limit in 4 KiB units */

/* An 8-byte code/data descriptor; limit is 20 bits, flags 4 bits. */
uint64_t desc_segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags);

/* The 16-byte system descriptor of a 64-bit TSS, as two GDT slots. */
void desc_tss(uint64_t base, uint32_t limit, uint64_t out[2]);

/* A 16-byte IDT gate; ist is 0 (current stack) or 1..7. */
void desc_gate(uint64_t handler, uint16_t selector, uint8_t ist, uint8_t type_attr,
               uint64_t out[2]);

#endif
