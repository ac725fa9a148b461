/*
 * Page protections as the generic kernel names them. Every mapping is
 * readable; VM_W and VM_X are never granted together (W^X: code is written
 * through a writable mapping, then sealed read+execute). VM_UC marks device
 * memory (uncached). arch/x86_64/pte.c turns these into PTE bits and is the
 * one place that rejects W+X.
 */
#ifndef RZ_KERNEL_VM_PROT_H
#define RZ_KERNEL_VM_PROT_H

enum {
    VM_R = 1u << 0,
    VM_W = 1u << 1,
    VM_X = 1u << 2,
    VM_UC = 1u << 3,
};

#define VM_RW (VM_R | VM_W)
#define VM_RX (VM_R | VM_X)

#endif
