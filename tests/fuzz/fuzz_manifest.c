/*
 * libFuzzer target for the driver manifest parser (kernel/manifest.c):
 * every input is an rz.manifest section's contents. A crash, a sanitizer
 * report or a broken promise is a bug; a refusal is the usual answer. An
 * accepted manifest must keep what manifest.h promises the grant checks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernel/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROMISE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "accepted manifest breaks manifest.h: %s\n", #cond);                  \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    struct manifest m;
    struct manifest_error err;
    if (!manifest_parse(data, size, &m, &err)) {
        PROMISE(err.what != NULL && err.record <= MANIFEST_MAX);
        return 0;
    }
    PROMISE(m.count == size / RZ_MANIFEST_RECORD_SIZE && m.count <= MANIFEST_MAX);
    for (uint32_t i = 0; i < m.count; i++) {
        const struct manifest_res *r = &m.res[i];
        PROMISE(r->kind >= RZ_RES_PORT && r->kind <= RZ_RES_DMA);
        PROMISE(r->kind == RZ_RES_IRQ || r->size > 0);
        PROMISE(r->kind != RZ_RES_PORT || r->base + r->size <= RZ_PORT_LIMIT);
        PROMISE(r->kind != RZ_RES_IRQ || r->base < RZ_IRQ_LIMIT);
        PROMISE(r->base + r->size >= r->base);
        for (uint32_t k = 0; k < i; k++) {
            PROMISE(!manifest_res_overlap(r, &m.res[k]));
        }
    }
    return 0;
}
