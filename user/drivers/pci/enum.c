/*
 * PCI enumeration (enum.h). Buses are visited at most once, so a bridge
 * whose secondary bus points back at a visited bus (a broken or hostile
 * configuration) cannot make the walk loop.
 */
#include "user/drivers/pci/enum.h"

#include <stddef.h>

#include "user/drivers/pci/bar.h"

#define PCI_BUSES 256u
#define PCI_DEVICES 32u
#define PCI_FUNCTIONS 8u
#define PCI_VENDOR_NONE 0xffffu
#define PCI_CLASS_BRIDGE 0x06u
#define PCI_SUBCLASS_HOST 0x00u

struct walk {
    const struct pci_config *cfg;
    struct pci_table *t;
    uint8_t visited[PCI_BUSES / 8];
};

static uint32_t rd(const struct walk *w, struct pci_addr a, uint32_t offset) {
    return w->cfg->read(w->cfg->ctx, a, offset);
}

static void wr(const struct walk *w, struct pci_addr a, uint32_t offset, uint32_t value) {
    w->cfg->write(w->cfg->ctx, a, offset, value);
}

static uint32_t bar_slots(uint8_t header_type) {
    switch (header_type) {
    case 0:
        return RZ_PCI_BARS;
    case PCI_HEADER_BRIDGE:
        return 2;
    default:
        return 0;
    }
}

/* Sizes f's BARs; Requires: f's header fields are filled in. */
static void size_bars(const struct walk *w, struct pci_addr a, rz_pci_function_t *f) {
    f->bar_count = (uint8_t)bar_slots(f->header_type);
    if (f->bar_count == 0) {
        return;
    }
    bool host_bridge = f->class_code == PCI_CLASS_BRIDGE && f->subclass == PCI_SUBCLASS_HOST;
    uint32_t command = rd(w, a, PCI_REG_COMMAND);
    if (!host_bridge && (command & PCI_COMMAND_DECODE)) {
        wr(w, a, PCI_REG_COMMAND, command & 0xffffu & ~PCI_COMMAND_DECODE);
    }
    for (uint32_t i = 0; i < f->bar_count; i++) {
        uint32_t reg = PCI_REG_BAR0 + 4 * i;
        uint32_t value = rd(w, a, reg);
        wr(w, a, reg, 0xffffffffu);
        uint32_t mask = rd(w, a, reg);
        wr(w, a, reg, value);
        uint32_t hi = 0;
        uint32_t hi_mask = 0;
        bool wide = pci_bar_is_64bit(value) && i + 1 < f->bar_count;
        if (wide) {
            hi = rd(w, a, reg + 4);
            wr(w, a, reg + 4, 0xffffffffu);
            hi_mask = rd(w, a, reg + 4);
            wr(w, a, reg + 4, hi);
        }
        if (pci_bar_is_64bit(value) && !wide) {
            continue; /* a 64-bit BAR in the last slot: malformed, left unreported */
        }
        pci_bar_decode(value, mask, hi, hi_mask, &f->bars[i]);
        if (wide) {
            i++; /* the upper half stays a zero entry */
        }
    }
    if (!host_bridge && (command & PCI_COMMAND_DECODE)) {
        wr(w, a, PCI_REG_COMMAND, command & 0xffffu);
    }
}

static void scan_bus(struct walk *w, uint32_t bus);

/* Records function a (which exists: id read) and follows it if a bridge. */
static void add_function(struct walk *w, struct pci_addr a, uint32_t id, uint32_t header) {
    if (w->t->count == PCI_FUNCTIONS_MAX) {
        w->t->dropped++;
    } else {
        rz_pci_function_t *f = &w->t->fns[w->t->count++];
        uint32_t class_rev = rd(w, a, PCI_REG_CLASS);
        uint32_t irq = rd(w, a, PCI_REG_IRQ);
        *f = (rz_pci_function_t){
            .bus = a.bus,
            .dev = a.dev,
            .fn = a.fn,
            .header_type = (uint8_t)(header & ~PCI_HEADER_MULTI),
            .vendor = (uint16_t)id,
            .device = (uint16_t)(id >> 16),
            .class_code = (uint8_t)(class_rev >> 24),
            .subclass = (uint8_t)(class_rev >> 16),
            .prog_if = (uint8_t)(class_rev >> 8),
            .revision = (uint8_t)class_rev,
            .irq_line = (uint8_t)irq,
            .irq_pin = (uint8_t)(irq >> 8),
        };
        size_bars(w, a, f);
    }
    if ((header & ~PCI_HEADER_MULTI) == PCI_HEADER_BRIDGE) {
        scan_bus(w, (rd(w, a, PCI_REG_BUSES) >> 8) & 0xffu);
    }
}

static void scan_device(struct walk *w, uint32_t bus, uint32_t dev) {
    for (uint32_t fn = 0; fn < PCI_FUNCTIONS; fn++) {
        struct pci_addr a = {(uint8_t)bus, (uint8_t)dev, (uint8_t)fn};
        uint32_t id = rd(w, a, PCI_REG_ID);
        if ((id & 0xffffu) == PCI_VENDOR_NONE) {
            if (fn == 0) {
                return; /* no device */
            }
            continue;
        }
        uint32_t header = (rd(w, a, PCI_REG_HEADER) >> 16) & 0xffu;
        add_function(w, a, id, header);
        if (fn == 0 && !(header & PCI_HEADER_MULTI)) {
            return;
        }
    }
}

static void scan_bus(struct walk *w, uint32_t bus) {
    if (w->visited[bus / 8] & (1u << (bus % 8))) {
        return;
    }
    w->visited[bus / 8] |= (uint8_t)(1u << (bus % 8));
    for (uint32_t dev = 0; dev < PCI_DEVICES; dev++) {
        scan_device(w, bus, dev);
    }
}

void pci_enumerate(const struct pci_config *cfg, struct pci_table *t) {
    struct walk w = {.cfg = cfg, .t = t};
    t->count = 0;
    t->dropped = 0;
    struct pci_addr host = {0, 0, 0};
    uint32_t header = (rd(&w, host, PCI_REG_HEADER) >> 16) & 0xffu;
    if ((rd(&w, host, PCI_REG_ID) & 0xffffu) == PCI_VENDOR_NONE || !(header & PCI_HEADER_MULTI)) {
        scan_bus(&w, 0);
        return;
    }
    /* Several host bridges: function N of 00:00 is the host bridge of bus N. */
    for (uint32_t fn = 0; fn < PCI_FUNCTIONS; fn++) {
        struct pci_addr a = {0, 0, (uint8_t)fn};
        if ((rd(&w, a, PCI_REG_ID) & 0xffffu) != PCI_VENDOR_NONE) {
            scan_bus(&w, fn);
        }
    }
}

const rz_pci_function_t *pci_table_find(const struct pci_table *t, struct pci_addr a) {
    for (uint32_t i = 0; i < t->count; i++) {
        const rz_pci_function_t *f = &t->fns[i];
        if (f->bus == a.bus && f->dev == a.dev && f->fn == a.fn) {
            return f;
        }
    }
    return NULL;
}
