/* The fake configuration space of the PCI host tests (fakebus.h). */
#include "user/drivers/pci/fakebus.h"

#include <stddef.h>

static struct fake_fn *find(struct fakebus *b, struct pci_addr a) {
    for (int i = 0; i < b->count; i++) {
        struct fake_fn *f = &b->fns[i];
        if (f->a.bus == a.bus && f->a.dev == a.dev && f->a.fn == a.fn) {
            return f;
        }
    }
    return NULL;
}

struct fake_fn *fakebus_add(struct fakebus *b, uint8_t bus, uint8_t dev, uint8_t fn,
                            uint16_t vendor, uint16_t device, uint32_t class_rev, uint8_t header) {
    struct fake_fn *f = &b->fns[b->count++];
    *f = (struct fake_fn){.a = {bus, dev, fn}};
    f->regs[PCI_REG_ID / 4] = (uint32_t)device << 16 | vendor;
    f->regs[PCI_REG_CLASS / 4] = class_rev;
    f->regs[PCI_REG_HEADER / 4] = (uint32_t)header << 16;
    return f;
}

void fakebus_bar(struct fake_fn *f, int i, uint32_t value, uint32_t rw) {
    f->regs[PCI_REG_BAR0 / 4 + i] = value;
    f->bar_rw[i] = rw;
}

void fakebus_bridge(struct fake_fn *f, uint8_t secondary) {
    f->regs[PCI_REG_BUSES / 4] = (uint32_t)secondary << 8 | f->a.bus;
}

static uint32_t fake_read(void *ctx, struct pci_addr a, uint32_t offset) {
    struct fake_fn *f = find(ctx, a);
    return f == NULL ? 0xffffffffu : f->regs[offset / 4];
}

static void fake_write(void *ctx, struct pci_addr a, uint32_t offset, uint32_t value) {
    struct fakebus *b = ctx;
    struct fake_fn *f = find(b, a);
    if (f == NULL) {
        return;
    }
    uint32_t slots = (f->regs[PCI_REG_HEADER / 4] >> 16 & 0x7f) == 1 ? 2 : 6;
    uint32_t *reg = &f->regs[offset / 4];
    if (offset >= PCI_REG_BAR0 && offset < PCI_REG_BAR0 + 4 * slots) {
        uint32_t rw = f->bar_rw[(offset - PCI_REG_BAR0) / 4];
        if (f->regs[PCI_REG_COMMAND / 4] & PCI_COMMAND_DECODE) {
            b->bar_writes_while_decoding++;
        }
        *reg = (*reg & ~rw) | (value & rw);
    } else if (offset == PCI_REG_COMMAND) {
        *reg = (*reg & 0xffff0000u) | (value & 0xffffu);
    } else {
        b->other_writes++;
    }
}

struct pci_config fakebus_config(struct fakebus *b) {
    return (struct pci_config){.ctx = b, .read = fake_read, .write = fake_write};
}
