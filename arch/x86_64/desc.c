/* Descriptor encoders; see desc.h for the layouts' references. */
#include "arch/x86_64/desc.h"

uint64_t desc_segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
    return (uint64_t)(limit & 0xffff)              /* limit 15:0 */
           | (uint64_t)(base & 0xffffff) << 16     /* base 23:0 */
           | (uint64_t)access << 40                /* type, S, DPL, P */
           | (uint64_t)((limit >> 16) & 0xf) << 48 /* limit 19:16 */
           | (uint64_t)(flags & 0xf) << 52         /* AVL, L, D/B, G */
           | (uint64_t)(base >> 24) << 56;         /* base 31:24 */
}

void desc_tss(uint64_t base, uint32_t limit, uint64_t out[2]) {
    out[0] = desc_segment((uint32_t)base, limit, DESC_TSS64, 0);
    out[1] = base >> 32;
}

void desc_gate(uint64_t handler, uint16_t selector, uint8_t ist, uint8_t type_attr,
               uint64_t out[2]) {
    uint64_t lo = handler & 0xffff; /* offset 15:0 */
    lo |= (uint64_t)selector << 16;
    lo |= (uint64_t)(ist & 0x7) << 32;
    lo |= (uint64_t)type_attr << 40;
    lo |= ((handler >> 16) & 0xffff) << 48; /* offset 31:16 */
    out[0] = lo;
    out[1] = handler >> 32; /* offset 63:32; the upper half is reserved */
}
