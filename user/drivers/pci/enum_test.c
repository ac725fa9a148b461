/* Tests of PCI enumeration over a fake bus (fakebus.h). */
#include "user/drivers/pci/enum.h"

#include <stdlib.h>

#include "ktest.h"
#include "user/drivers/pci/fakebus.h"

#define CLASS_HOST 0x06000002u
#define CLASS_NIC 0x02000003u
#define CLASS_ISA 0x06010000u
#define CLASS_IDE 0x01018000u
#define CLASS_P2P 0x06040000u

static struct pci_table *enumerate(struct fakebus *b) {
    struct pci_table *tab = malloc(sizeof *tab);
    struct pci_config cfg = fakebus_config(b);
    pci_enumerate(&cfg, tab);
    return tab;
}

KTEST(pci_enum, lists_bus_0_with_identity_class_and_irq) {
    struct fakebus b = {0};
    fakebus_add(&b, 0, 0, 0, 0x8086, 0x29c0, CLASS_HOST, 0);
    struct fake_fn *nic = fakebus_add(&b, 0, 2, 0, 0x8086, 0x10d3, CLASS_NIC, 0);
    nic->regs[PCI_REG_IRQ / 4] = 0x010b; /* INTA, line 11 */
    struct pci_table *tab = enumerate(&b);
    KT_ASSERT(t, tab->count == 2);
    KT_EXPECT_EQ(t, tab->fns[0].vendor, 0x8086u);
    KT_EXPECT_EQ(t, tab->fns[0].device, 0x29c0u);
    KT_EXPECT_EQ(t, tab->fns[1].dev, 2u);
    KT_EXPECT_EQ(t, tab->fns[1].class_code, 0x02u);
    KT_EXPECT_EQ(t, tab->fns[1].subclass, 0x00u);
    KT_EXPECT_EQ(t, tab->fns[1].revision, 0x03u);
    KT_EXPECT_EQ(t, tab->fns[1].irq_line, 11u);
    KT_EXPECT_EQ(t, tab->fns[1].irq_pin, 1u);
    KT_EXPECT_EQ(t, tab->fns[1].bar_count, 6u);
    KT_EXPECT_EQ(t, b.other_writes, 0);
    free(tab);
}

KTEST(pci_enum, functions_beyond_0_only_on_multi_function_devices) {
    struct fakebus b = {0};
    fakebus_add(&b, 0, 0, 0, 0x8086, 0x29c0, CLASS_HOST, 0);
    fakebus_add(&b, 0, 0x1f, 0, 0x8086, 0x2918, CLASS_ISA, 0x80);
    fakebus_add(&b, 0, 0x1f, 2, 0x8086, 0x2922, 0x01060102u, 0);
    fakebus_add(&b, 0, 0x1f, 3, 0x8086, 0x2930, 0x0c050002u, 0);
    /* a function 1 of a single-function device is not looked at */
    fakebus_add(&b, 0, 3, 0, 0x1234, 0x1111, 0x03000002u, 0);
    fakebus_add(&b, 0, 3, 1, 0x1234, 0x2222, 0x03000002u, 0);
    struct pci_table *tab = enumerate(&b);
    KT_ASSERT(t, tab->count == 5);
    KT_EXPECT_EQ(t, tab->fns[1].dev, 3u);
    KT_EXPECT_EQ(t, tab->fns[2].fn, 0u);
    KT_EXPECT_EQ(t, tab->fns[3].fn, 2u);
    KT_EXPECT_EQ(t, tab->fns[4].fn, 3u);
    KT_EXPECT_EQ(t, tab->fns[2].header_type, 0u); /* the multi-function bit is not the type */
    free(tab);
}

KTEST(pci_enum, follows_bridges_to_their_secondary_bus) {
    struct fakebus b = {0};
    fakebus_add(&b, 0, 0, 0, 0x8086, 0x29c0, CLASS_HOST, 0);
    fakebus_bridge(fakebus_add(&b, 0, 0x1e, 0, 0x8086, 0x244e, CLASS_P2P, 1), 1);
    fakebus_bridge(fakebus_add(&b, 1, 0, 0, 0x1b36, 0x0001, CLASS_P2P, 1), 2);
    fakebus_add(&b, 2, 5, 0, 0x1af4, 0x1000, CLASS_NIC, 0);
    fakebus_add(&b, 7, 0, 0, 0x1af4, 0x1001, CLASS_NIC, 0); /* behind no bridge */
    struct pci_table *tab = enumerate(&b);
    KT_ASSERT(t, tab->count == 4);
    KT_EXPECT_EQ(t, tab->fns[1].header_type, 1u);
    KT_EXPECT_EQ(t, tab->fns[1].bar_count, 2u);
    KT_EXPECT_EQ(t, tab->fns[2].bus, 1u);
    KT_EXPECT_EQ(t, tab->fns[3].bus, 2u);
    KT_EXPECT_EQ(t, tab->fns[3].dev, 5u);
    struct pci_addr a = {2, 5, 0};
    KT_EXPECT(t, pci_table_find(tab, a) == &tab->fns[3]);
    struct pci_addr none = {7, 0, 0};
    KT_EXPECT(t, pci_table_find(tab, none) == NULL);
    free(tab);
}

KTEST(pci_enum, bridge_loop_back_to_a_visited_bus_ends) {
    struct fakebus b = {0};
    fakebus_add(&b, 0, 0, 0, 0x8086, 0x29c0, CLASS_HOST, 0);
    fakebus_bridge(fakebus_add(&b, 0, 1, 0, 0x8086, 0x244e, CLASS_P2P, 1), 1);
    fakebus_bridge(fakebus_add(&b, 1, 0, 0, 0x8086, 0x244e, CLASS_P2P, 1), 0);
    fakebus_bridge(fakebus_add(&b, 1, 1, 0, 0x8086, 0x244e, CLASS_P2P, 1), 1);
    struct pci_table *tab = enumerate(&b);
    KT_EXPECT_EQ(t, tab->count, 4u);
    free(tab);
}

KTEST(pci_enum, multi_function_host_bridge_means_a_bus_per_function) {
    struct fakebus b = {0};
    fakebus_add(&b, 0, 0, 0, 0x8086, 0x29c0, CLASS_HOST, 0x80);
    fakebus_add(&b, 0, 0, 1, 0x8086, 0x29c0, CLASS_HOST, 0);
    fakebus_add(&b, 1, 4, 0, 0x1af4, 0x1000, CLASS_NIC, 0);
    struct pci_table *tab = enumerate(&b);
    KT_ASSERT(t, tab->count == 3);
    KT_EXPECT_EQ(t, tab->fns[2].bus, 1u);
    free(tab);
}

KTEST(pci_enum, sizes_bars_with_decoding_off_and_restores_them) {
    struct fakebus b = {0};
    fakebus_add(&b, 0, 0, 0, 0x8086, 0x29c0, CLASS_HOST, 0);
    struct fake_fn *f = fakebus_add(&b, 0, 1, 0, 0x8086, 0x7010, CLASS_IDE, 0);
    f->regs[PCI_REG_COMMAND / 4] = 0x02800007u;  /* status bits, bus master, memory, I/O */
    fakebus_bar(f, 0, 0xc001, 0xfffffff0u);      /* 16 ports */
    fakebus_bar(f, 1, 0xfebf0000u, 0xfffff000u); /* 4 KiB */
    fakebus_bar(f, 2, 0xfe00000cu, 0xffffc000u); /* 16 KiB, 64-bit prefetchable */
    fakebus_bar(f, 3, 0x1, 0xffffffffu);
    struct pci_table *tab = enumerate(&b);
    KT_ASSERT(t, tab->count == 2);
    const rz_pci_function_t *d = &tab->fns[1];
    KT_EXPECT_EQ(t, d->bars[0].flags, RZ_PCI_BAR_IO);
    KT_EXPECT_EQ(t, d->bars[0].base, 0xc000u);
    KT_EXPECT_EQ(t, d->bars[0].size, 16u);
    KT_EXPECT_EQ(t, d->bars[1].base, 0xfebf0000u);
    KT_EXPECT_EQ(t, d->bars[1].size, 0x1000u);
    KT_EXPECT_EQ(t, d->bars[2].flags, RZ_PCI_BAR_64BIT | RZ_PCI_BAR_PREFETCH);
    KT_EXPECT_EQ(t, d->bars[2].base, 0x1fe000000ull);
    KT_EXPECT_EQ(t, d->bars[2].size, 0x4000u);
    KT_EXPECT_EQ(t, d->bars[3].size, 0u); /* the upper half */
    for (int i = 4; i < 6; i++) {
        KT_EXPECT_EQ(t, d->bars[i].size, 0u);
    }
    KT_EXPECT_EQ(t, b.bar_writes_while_decoding, 0);
    KT_EXPECT_EQ(t, f->regs[PCI_REG_COMMAND / 4], 0x02800007u);
    KT_EXPECT_EQ(t, f->regs[PCI_REG_BAR0 / 4], 0xc001u);
    KT_EXPECT_EQ(t, f->regs[PCI_REG_BAR0 / 4 + 1], 0xfebf0000u);
    KT_EXPECT_EQ(t, f->regs[PCI_REG_BAR0 / 4 + 2], 0xfe00000cu);
    KT_EXPECT_EQ(t, f->regs[PCI_REG_BAR0 / 4 + 3], 0x1u);
    free(tab);
}

KTEST(pci_enum, host_bridge_keeps_decoding_while_sized) {
    struct fakebus b = {0};
    struct fake_fn *f = fakebus_add(&b, 0, 0, 0, 0x8086, 0x29c0, CLASS_HOST, 0);
    f->regs[PCI_REG_COMMAND / 4] = 0x6;
    struct pci_table *tab = enumerate(&b);
    KT_EXPECT_EQ(t, tab->count, 1u);
    KT_EXPECT_EQ(t, f->regs[PCI_REG_COMMAND / 4], 0x6u);
    KT_EXPECT_EQ(t, b.bar_writes_while_decoding, 12); /* ones, then the value, per BAR */
    free(tab);
}

KTEST(pci_enum, empty_bus_lists_nothing) {
    struct fakebus b = {0};
    struct pci_table *tab = enumerate(&b);
    KT_EXPECT_EQ(t, tab->count, 0u);
    KT_EXPECT_EQ(t, tab->dropped, 0u);
    free(tab);
}
