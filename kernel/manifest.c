/*
 * Parsing `rz.manifest` (see manifest.h). Each record is read field by
 * field from bytes (no struct overlay: the section need not be aligned),
 * checked alone, then against the records before it.
 */
#include "kernel/manifest.h"

#include "lib/string.h"

#define PHYS_LIMIT (1ull << 52)  /* x86-64's widest physical address */
#define DMA_LIMIT (16ull << 20)  /* largest DMA buffer one record may ask for */

static uint64_t get_le(const uint8_t *p, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

const char *manifest_kind_name(uint32_t kind) {
    switch (kind) {
    case RZ_RES_PORT: return "port";
    case RZ_RES_IRQ: return "irq";
    case RZ_RES_MMIO: return "mmio";
    case RZ_RES_DMA: return "dma";
    default: return "?";
    }
}

bool manifest_res_overlap(const struct manifest_res *a, const struct manifest_res *b) {
    if (a->kind != b->kind || a->kind == RZ_RES_DMA) {
        return false;
    }
    if (a->kind == RZ_RES_IRQ) {
        return a->base == b->base;
    }
    /* Sizes are non-zero and ranges do not wrap (checked on parse). */
    return a->base < b->base + b->size && b->base < a->base + a->size;
}

/* Why r cannot be a resource of its kind, or NULL when it can. */
static const char *check_record(const struct manifest_res *r) {
    bool access_ok = r->access != 0 && (r->access & ~(uint32_t)RZ_ACCESS_RW) == 0;
    switch (r->kind) {
    case RZ_RES_PORT:
        if (r->size == 0 || r->base >= RZ_PORT_LIMIT || r->size > RZ_PORT_LIMIT - r->base) {
            return "port range empty or beyond port 0xffff";
        }
        return access_ok ? NULL : "port access must be read, write or both";
    case RZ_RES_IRQ:
        if (r->base >= RZ_IRQ_LIMIT) {
            return "irq line beyond the I/O APIC's";
        }
        return r->size == 0 && r->access == 0 ? NULL : "irq record with a size or access";
    case RZ_RES_MMIO:
        if (r->size == 0 || r->base >= PHYS_LIMIT || r->size > PHYS_LIMIT - r->base) {
            return "mmio range empty or beyond physical memory";
        }
        return access_ok ? NULL : "mmio access must be read, write or both";
    case RZ_RES_DMA:
        if (r->size == 0 || r->size > DMA_LIMIT) {
            return "dma buffer empty or larger than 16 MiB";
        }
        return r->base == 0 && r->access == 0 ? NULL : "dma record with a base or access";
    default:
        return "unknown resource kind";
    }
}

static bool fail(struct manifest_error *err, uint32_t record, const char *what) {
    err->record = record;
    err->what = what;
    return false;
}

bool manifest_parse(const uint8_t *bytes, size_t len, struct manifest *out,
                    struct manifest_error *err) {
    out->count = 0;
    if (len > (size_t)MANIFEST_MAX * RZ_MANIFEST_RECORD_SIZE) {
        return fail(err, MANIFEST_MAX, "more than 16 resources");
    }
    if (len % RZ_MANIFEST_RECORD_SIZE != 0) {
        return fail(err, (uint32_t)(len / RZ_MANIFEST_RECORD_SIZE), "truncated record");
    }
    for (uint32_t i = 0; i < len / RZ_MANIFEST_RECORD_SIZE; i++) {
        const uint8_t *p = bytes + (size_t)i * RZ_MANIFEST_RECORD_SIZE;
        struct manifest_res r = {
            .kind = (uint32_t)get_le(p, 4),
            .access = (uint32_t)get_le(p + 4, 4),
            .base = get_le(p + 8, 8),
            .size = get_le(p + 16, 8),
        };
        const char *why = check_record(&r);
        if (why != NULL) {
            return fail(err, i, why);
        }
        for (uint32_t k = 0; k < out->count; k++) {
            if (manifest_res_overlap(&r, &out->res[k])) {
                return fail(err, i, "overlaps an earlier record");
            }
        }
        out->res[out->count++] = r;
    }
    return true;
}

bool manifest_of_module(const wasm_module_t *m, struct manifest *out, struct manifest_error *err) {
    const wasm_custom_t *found = NULL;
    out->count = 0;
    for (uint32_t i = 0; i < m->custom_count; i++) {
        const wasm_custom_t *c = &m->customs[i];
        if (wasm_name_eq(c->name, RZ_MANIFEST_SECTION, strlen(RZ_MANIFEST_SECTION))) {
            if (found != NULL) {
                return fail(err, 0, "two rz.manifest sections");
            }
            found = c;
        }
    }
    return found == NULL || manifest_parse(m->bytes + found->offset, found->size, out, err);
}
