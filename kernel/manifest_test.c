/*
 * Manifest parsing: good records, then hostile sections (truncated,
 * unknown kinds, ranges that wrap or leave their space, overlaps, more
 * records than the limit), each refused with the record it stopped at.
 */
#include "kernel/manifest.h"

#include "ktest.h"
#include "lib/string.h"
#include "testmod.h"

/* Appends one record in the wire format. */
static size_t put_rec(uint8_t *p, size_t at, uint32_t kind, uint32_t access, uint64_t base,
                      uint64_t size) {
    uint64_t f[4] = {kind, access, base, size};
    unsigned widths[4] = {4, 4, 8, 8};
    for (unsigned k = 0; k < 4; k++) {
        for (unsigned i = 0; i < widths[k]; i++) {
            p[at++] = (uint8_t)(f[k] >> (8 * i));
        }
    }
    return at;
}

KTEST(manifest, parses_each_kind) {
    uint8_t s[4 * RZ_MANIFEST_RECORD_SIZE];
    size_t n = put_rec(s, 0, RZ_RES_PORT, RZ_ACCESS_RW, 0x70, 2);
    n = put_rec(s, n, RZ_RES_IRQ, 0, 8, 0);
    n = put_rec(s, n, RZ_RES_MMIO, RZ_ACCESS_READ, 0xfee00000, 0x1000);
    n = put_rec(s, n, RZ_RES_DMA, 0, 0, 65536);
    struct manifest m;
    struct manifest_error err;
    KT_ASSERT(t, manifest_parse(s, n, &m, &err));
    KT_EXPECT_EQ(t, m.count, 4);
    KT_EXPECT_EQ(t, m.res[0].kind, RZ_RES_PORT);
    KT_EXPECT_EQ(t, m.res[0].access, RZ_ACCESS_RW);
    KT_EXPECT_EQ(t, m.res[0].base, 0x70);
    KT_EXPECT_EQ(t, m.res[0].size, 2);
    KT_EXPECT_EQ(t, m.res[1].base, 8);
    KT_EXPECT_EQ(t, m.res[2].base, 0xfee00000);
    KT_EXPECT_EQ(t, m.res[3].size, 65536);
}

KTEST(manifest, empty_section_is_empty_manifest) {
    struct manifest m;
    struct manifest_error err;
    KT_EXPECT(t, manifest_parse(NULL, 0, &m, &err));
    KT_EXPECT_EQ(t, m.count, 0);
}

static void expect_refused(struct ktest *t, const uint8_t *s, size_t n, uint32_t record,
                           const char *what) {
    struct manifest m;
    struct manifest_error err = {0};
    KT_EXPECT(t, !manifest_parse(s, n, &m, &err));
    KT_EXPECT_EQ(t, err.record, record);
    KT_EXPECT_STREQ(t, err.what, what);
}

KTEST(manifest, truncated_record_refused) {
    uint8_t s[2 * RZ_MANIFEST_RECORD_SIZE];
    size_t n = put_rec(s, 0, RZ_RES_PORT, RZ_ACCESS_RW, 0x70, 2);
    n = put_rec(s, n, RZ_RES_IRQ, 0, 8, 0);
    for (size_t cut = 1; cut < RZ_MANIFEST_RECORD_SIZE; cut++) {
        expect_refused(t, s, n - cut, 1, "truncated record");
    }
}

KTEST(manifest, malformed_records_refused) {
    static const struct {
        uint32_t kind, access;
        uint64_t base, size;
        const char *what;
    } bad[] = {
        {0, 0, 0, 0, "unknown resource kind"},
        {99, RZ_ACCESS_RW, 0x70, 1, "unknown resource kind"},
        {RZ_RES_PORT, RZ_ACCESS_RW, 0x70, 0, "port range empty or beyond port 0xffff"},
        {RZ_RES_PORT, RZ_ACCESS_RW, 0xffff, 2, "port range empty or beyond port 0xffff"},
        {RZ_RES_PORT, RZ_ACCESS_RW, 0x10000, 1, "port range empty or beyond port 0xffff"},
        {RZ_RES_PORT, RZ_ACCESS_RW, 1, UINT64_MAX, "port range empty or beyond port 0xffff"},
        {RZ_RES_PORT, 0, 0x70, 1, "port access must be read, write or both"},
        {RZ_RES_PORT, 4, 0x70, 1, "port access must be read, write or both"},
        {RZ_RES_IRQ, 0, 24, 0, "irq line beyond the I/O APIC's"},
        {RZ_RES_IRQ, 0, UINT64_MAX, 0, "irq line beyond the I/O APIC's"},
        {RZ_RES_IRQ, 0, 3, 1, "irq record with a size or access"},
        {RZ_RES_MMIO, RZ_ACCESS_RW, UINT64_MAX - 10, 100, "mmio range empty or beyond physical memory"},
        {RZ_RES_MMIO, RZ_ACCESS_RW, 0x1000, 0, "mmio range empty or beyond physical memory"},
        {RZ_RES_MMIO, 0, 0x1000, 0x1000, "mmio access must be read, write or both"},
        {RZ_RES_DMA, 0, 0, 0, "dma buffer empty or larger than 16 MiB"},
        {RZ_RES_DMA, 0, 0, UINT64_MAX, "dma buffer empty or larger than 16 MiB"},
        {RZ_RES_DMA, 0, 0x1000, 4096, "dma record with a base or access"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t s[2 * RZ_MANIFEST_RECORD_SIZE];
        size_t n = put_rec(s, 0, RZ_RES_DMA, 0, 0, 4096);
        n = put_rec(s, n, bad[i].kind, bad[i].access, bad[i].base, bad[i].size);
        expect_refused(t, s, n, 1, bad[i].what);
    }
}

KTEST(manifest, overlapping_records_refused) {
    uint8_t s[2 * RZ_MANIFEST_RECORD_SIZE];
    size_t n = put_rec(s, 0, RZ_RES_PORT, RZ_ACCESS_READ, 0x3f8, 8);
    put_rec(s, n, RZ_RES_PORT, RZ_ACCESS_WRITE, 0x3ff, 1);
    expect_refused(t, s, sizeof s, 1, "overlaps an earlier record");
    put_rec(s, n, RZ_RES_PORT, RZ_ACCESS_WRITE, 0x400, 1); /* adjacent: fine */
    struct manifest m;
    struct manifest_error err;
    KT_EXPECT(t, manifest_parse(s, sizeof s, &m, &err));
    n = put_rec(s, 0, RZ_RES_IRQ, 0, 4, 0);
    put_rec(s, n, RZ_RES_IRQ, 0, 4, 0);
    expect_refused(t, s, sizeof s, 1, "overlaps an earlier record");
    n = put_rec(s, 0, RZ_RES_MMIO, RZ_ACCESS_RW, 0x1000, 0x2000);
    put_rec(s, n, RZ_RES_MMIO, RZ_ACCESS_RW, 0x0, 0x1001);
    expect_refused(t, s, sizeof s, 1, "overlaps an earlier record");
    n = put_rec(s, 0, RZ_RES_DMA, 0, 0, 4096); /* buffers are allocations: never overlap */
    put_rec(s, n, RZ_RES_DMA, 0, 0, 4096);
    KT_EXPECT(t, manifest_parse(s, sizeof s, &m, &err));
}

KTEST(manifest, more_records_than_the_limit_refused) {
    uint8_t s[(MANIFEST_MAX + 1) * RZ_MANIFEST_RECORD_SIZE];
    size_t n = 0;
    for (uint32_t i = 0; i <= MANIFEST_MAX; i++) {
        n = put_rec(s, n, RZ_RES_PORT, RZ_ACCESS_RW, 0x100 + i, 1);
    }
    struct manifest m;
    struct manifest_error err;
    KT_EXPECT(t, manifest_parse(s, n - RZ_MANIFEST_RECORD_SIZE, &m, &err));
    KT_EXPECT_EQ(t, m.count, MANIFEST_MAX);
    expect_refused(t, s, n, MANIFEST_MAX, "more than 16 resources");
    /* too long is refused first, even when also truncated (found by fuzzing) */
    expect_refused(t, s, n - 1, MANIFEST_MAX, "more than 16 resources");
}

/* A module with the given custom sections (name, contents). */
static wasm_module_t *module_with(testmod_t *tm, unsigned count, const uint8_t *rec, size_t len) {
    tm_init(tm);
    for (unsigned i = 0; i < count; i++) {
        uint8_t c[64];
        size_t n = 0;
        c[n++] = (uint8_t)strlen(RZ_MANIFEST_SECTION);
        memcpy(c + n, RZ_MANIFEST_SECTION, strlen(RZ_MANIFEST_SECTION));
        n += strlen(RZ_MANIFEST_SECTION);
        memcpy(c + n, rec, len);
        tm_section(tm, 0, c, n + len);
    }
    wasm_error_t err;
    return wasm_decode(tm->bytes, tm->len, &err);
}

KTEST(manifest, found_in_a_module_once) {
    static testmod_t tm;
    uint8_t rec[RZ_MANIFEST_RECORD_SIZE];
    put_rec(rec, 0, RZ_RES_PORT, RZ_ACCESS_RW, 0x402, 1);
    struct manifest m;
    struct manifest_error err;
    for (unsigned count = 0; count < 3; count++) {
        wasm_module_t *mod = module_with(&tm, count, rec, sizeof rec);
        KT_ASSERT(t, mod != NULL);
        KT_EXPECT_EQ(t, manifest_of_module(mod, &m, &err), count < 2);
        if (count == 1) {
            KT_EXPECT_EQ(t, m.count, 1);
            KT_EXPECT_EQ(t, m.res[0].base, 0x402);
        } else if (count == 0) {
            KT_EXPECT_EQ(t, m.count, 0);
        } else {
            KT_EXPECT_STREQ(t, err.what, "two rz.manifest sections");
        }
        wasm_module_free(mod);
    }
}
