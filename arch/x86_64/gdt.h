/* The GDT (flat ring-0 code and data) and the TSS that holds the IST stacks. */
#ifndef RZ_ARCH_GDT_H
#define RZ_ARCH_GDT_H

#include <stdbool.h>
#include <stdint.h>

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS 0x18

/* 64-bit TSS (Intel SDM Vol. 3A, figure 8-11). */
struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7]; /* ist[0] is IST1 */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");

/* Loads the GDT, reloads the segment registers, loads the task register. */
void gdt_init(void);

/* True when addr lies on the stack of IST slot ist (IST_DF, IST_NMI, IST_MC). */
bool gdt_ist_stack_contains(unsigned ist, uint64_t addr);

#endif
