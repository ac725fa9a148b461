/* The legacy 8259 PICs: remapped to VEC_PIC_BASE and masked for good. */
#ifndef RZ_ARCH_PIC_H
#define RZ_ARCH_PIC_H

void pic_disable(void);

#endif
