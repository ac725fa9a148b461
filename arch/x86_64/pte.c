/*
 * Translation between generic protections (VM_*) and PTE bits. This is the
 * one place where W^X is enforced: every mapping the kernel makes goes
 * through pte_bits_for_prot.
 */
#include "arch/x86_64/pte.h"

#include "kernel/panic.h"
#include "kernel/vm_prot.h"

uint64_t pte_bits_for_prot(unsigned prot) {
    if ((prot & VM_W) && (prot & VM_X)) {
        panic("W^X: protection 0x%x asks for a writable and executable mapping", prot);
    }
    if (!(prot & VM_R) || (prot & ~(unsigned)(VM_R | VM_W | VM_X | VM_UC)) != 0) {
        panic("paging: invalid protection 0x%x", prot);
    }
    uint64_t bits = PTE_P;
    if (prot & VM_W) {
        bits |= PTE_W;
    }
    if (!(prot & VM_X)) {
        bits |= PTE_NX;
    }
    if (prot & VM_UC) {
        bits |= PTE_PCD | PTE_PWT;
    }
    return bits;
}

unsigned pte_prot(uint64_t pte) {
    unsigned prot = VM_R;
    if (pte & PTE_W) {
        prot |= VM_W;
    }
    if (!(pte & PTE_NX)) {
        prot |= VM_X;
    }
    if ((pte & (PTE_PCD | PTE_PWT)) == (PTE_PCD | PTE_PWT)) {
        prot |= VM_UC;
    }
    return prot;
}
