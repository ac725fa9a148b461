/*
 * The legacy 8259 pair: we use the I/O APIC instead, but the 8259s must be
 * remapped away from the exception vectors (their spurious IRQ 7/15 can
 * still fire) and fully masked.
 */
#include "arch/x86_64/pic.h"

#include "arch/x86_64/io.h"
#include "arch/x86_64/trap.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1

#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01

void pic_disable(void) {
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, VEC_PIC_BASE); /* ICW2: vector base */
    outb(PIC2_DATA, VEC_PIC_BASE + 8);
    outb(PIC1_DATA, 0x04); /* ICW3: slave on IRQ 2 */
    outb(PIC2_DATA, 0x02); /* ICW3: cascade identity */
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    outb(PIC1_DATA, 0xff); /* mask everything */
    outb(PIC2_DATA, 0xff);
}
