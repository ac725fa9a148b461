/*
 * libFuzzer target for the pci service's pure parts (user/drivers/pci):
 * the input is both a configuration space and a request. Enumeration
 * runs over a bus whose registers come from the input's first half (a
 * hostile or broken device can answer anything: bridges to visited
 * buses, 64-bit BARs in the last slot, every function present), then
 * the second half is served as one request. A crash, a sanitizer report
 * or a broken promise of enum.h/serve.h is a bug.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/errors.h"
#include "user/drivers/pci/enum.h"
#include "user/drivers/pci/serve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROMISE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "pci service breaks its promise: %s\n", #cond);                       \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

struct space {
    const uint8_t *bytes;
    size_t size;
};

/* A register's value: absent for most functions (vendor 0xffff), else
 * bytes of the input chosen by the address. */
static uint32_t fuzz_read(void *ctx, struct pci_addr a, uint32_t offset) {
    const struct space *s = ctx;
    if (s->size < 4) {
        return 0xffffffffu;
    }
    uint32_t key = (uint32_t)a.bus << 16 | (uint32_t)a.dev << 11 | (uint32_t)a.fn << 8 | offset;
    uint32_t h = key * 2654435761u;
    size_t at = (h >> 8) % (s->size - 3);
    uint32_t v;
    memcpy(&v, s->bytes + at, 4);
    if (offset == PCI_REG_ID && (h & 0x7000u) != 0) {
        return 0xffffffffu;
    }
    return v;
}

static void fuzz_write(void *ctx, struct pci_addr a, uint32_t offset, uint32_t value) {
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static struct pci_table table;
    static uint8_t reply[PCI_REPLY_MAX];
    struct space s = {data, size / 2};
    struct pci_config cfg = {.ctx = &s, .read = fuzz_read, .write = fuzz_write};
    pci_enumerate(&cfg, &table);
    PROMISE(table.count <= PCI_FUNCTIONS_MAX);
    for (uint32_t i = 0; i < table.count; i++) {
        const rz_pci_function_t *f = &table.fns[i];
        PROMISE(f->vendor != 0xffff && f->dev < 32 && f->fn < 8 && f->bar_count <= RZ_PCI_BARS);
        PROMISE(!(f->header_type & 0x80));
        for (uint32_t k = 0; k < RZ_PCI_BARS; k++) {
            PROMISE(k < f->bar_count || f->bars[k].size == 0);
        }
    }
    const uint8_t *req = data + size / 2;
    size_t len = size - size / 2;
    size_t n = pci_serve(&table, &cfg, req, len, 0, reply);
    rz_pci_reply_t r;
    PROMISE(n >= sizeof r && n <= PCI_REPLY_MAX);
    memcpy(&r, reply, sizeof r);
    PROMISE(r.status == RZ_OK || n == sizeof r);
    PROMISE(r.status != RZ_OK || r.op == RZ_PCI_OP_LIST || r.op == RZ_PCI_OP_READ);
    PROMISE(n == sizeof r + r.count * sizeof(rz_pci_function_t) && r.count <= RZ_PCI_LIST_MAX);
    return 0;
}
