/*
 * A driver's hardware manifest, parsed (format: include/abi/manifest.h,
 * docs/drivers.md). The section's bytes are untrusted: the parser checks
 * every record and refuses a manifest as a whole, naming the record and
 * the reason, rather than keeping the part that made sense.
 */
#ifndef RZ_KERNEL_MANIFEST_H
#define RZ_KERNEL_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/manifest.h"
#include "wasm.h"

/* Most resources one manifest may declare (kernel/param.h-style limit:
 * a real device needs a handful; this bounds the grant checks' work). */
#define MANIFEST_MAX 16

struct manifest_res {
    uint32_t kind;   /* RZ_RES_* */
    uint32_t access; /* RZ_ACCESS_* (ports, MMIO) */
    uint64_t base;
    uint64_t size;
};

struct manifest {
    uint32_t count;
    struct manifest_res res[MANIFEST_MAX];
};

/* Why a manifest was refused: the record (0-based) and a phrase. */
struct manifest_error {
    uint32_t record;
    const char *what;
};

/*
 * Parses a section's contents into *out. Ensures on success: every record
 * well-formed (known kind, ranges non-empty and within their space, access
 * bits valid) and no two resources of one kind overlap.
 */
bool manifest_parse(const uint8_t *bytes, size_t len, struct manifest *out,
                    struct manifest_error *err);

/*
 * The manifest of a decoded module: an empty one when it has no
 * `rz.manifest` section; false (err filled) when the section is malformed
 * or appears twice.
 */
bool manifest_of_module(const wasm_module_t *m, struct manifest *out, struct manifest_error *err);

/* Whether two resources of the same kind share a port, line or byte. */
bool manifest_res_overlap(const struct manifest_res *a, const struct manifest_res *b);

/* "port", "irq", "mmio", "dma", or "?" */
const char *manifest_kind_name(uint32_t kind);

#endif
