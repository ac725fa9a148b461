/* multiboot2_parse against hand-built info blocks. */
#include "arch/x86_64/multiboot2.h"

#include "ktest.h"
#include "lib/string.h"

/* A builder for test blocks: tags appended with 8-byte padding. */
struct mb_builder {
    _Alignas(8) uint8_t buf[512];
    uint32_t len;
};

static void mb_init(struct mb_builder *b) {
    memset(b->buf, 0, sizeof(b->buf));
    b->len = 8;
}

static void mb_put32(struct mb_builder *b, uint32_t off, uint32_t v) {
    memcpy(b->buf + off, &v, 4);
}

static void mb_put64(struct mb_builder *b, uint32_t off, uint64_t v) {
    memcpy(b->buf + off, &v, 8);
}

/* Appends a tag with size header+payload_len; returns the payload offset. */
static uint32_t mb_tag(struct mb_builder *b, uint32_t type, uint32_t payload_len) {
    uint32_t off = b->len;
    mb_put32(b, off, type);
    mb_put32(b, off + 4, 8 + payload_len);
    b->len = (off + 8 + payload_len + 7) & ~7u;
    return off + 8;
}

static uint32_t mb_finish(struct mb_builder *b) {
    mb_tag(b, 0, 0);
    mb_put32(b, 0, b->len);
    return b->len;
}

KTEST(multiboot2, parses_mmap_cmdline_module_acpi) {
    struct mb_builder b;
    mb_init(&b);
    uint32_t p = mb_tag(&b, 1, 10);
    memcpy(b.buf + p, "test=fmt\0", 10);
    p = mb_tag(&b, 6, 8 + 2 * 24);
    mb_put32(&b, p, 24);
    mb_put64(&b, p + 8, 0);
    mb_put64(&b, p + 16, 0x9fc00);
    mb_put32(&b, p + 24, 1);
    mb_put64(&b, p + 32, 0x100000);
    mb_put64(&b, p + 40, 0x7ee0000);
    mb_put32(&b, p + 48, 2);
    p = mb_tag(&b, 3, 8 + 6);
    mb_put32(&b, p, 0x400000);
    mb_put32(&b, p + 4, 0x401234);
    memcpy(b.buf + p + 8, "init\0", 6);
    p = mb_tag(&b, 14, 20);
    memcpy(b.buf + p, "RSD PTR ", 8);
    uint32_t total = mb_finish(&b);

    static struct boot_info info;
    memset(&info, 0, sizeof(info));
    KT_ASSERT(t, multiboot2_parse(b.buf, total, &info));
    KT_EXPECT_STREQ(t, info.cmdline, "test=fmt");
    KT_ASSERT(t, info.mem_count == 2);
    KT_EXPECT_EQ(t, info.mem[0].length, 0x9fc00);
    KT_EXPECT_EQ(t, info.mem[0].type, BOOT_MEM_USABLE);
    KT_EXPECT_EQ(t, info.mem[1].base, 0x100000);
    KT_EXPECT_EQ(t, info.mem[1].type, BOOT_MEM_RESERVED);
    KT_ASSERT(t, info.module_count == 1);
    KT_EXPECT_EQ(t, info.modules[0].start, 0x400000);
    KT_EXPECT_EQ(t, info.modules[0].end, 0x401234);
    KT_EXPECT_STREQ(t, info.modules[0].string, "init");
    KT_EXPECT_EQ(t, info.acpi_rsdp_len, 20);
    KT_EXPECT(t, memcmp(info.acpi_rsdp, "RSD PTR ", 8) == 0);
    KT_EXPECT(t, !info.has_framebuffer);
}

KTEST(multiboot2, rejects_bad_total_size) {
    struct mb_builder b;
    mb_init(&b);
    uint32_t total = mb_finish(&b);
    static struct boot_info info;
    KT_EXPECT(t, !multiboot2_parse(b.buf, total - 1, &info));
    mb_put32(&b, 0, 4);
    KT_EXPECT(t, !multiboot2_parse(b.buf, total, &info));
}

KTEST(multiboot2, oversized_tag_stops_walk) {
    struct mb_builder b;
    mb_init(&b);
    uint32_t p = mb_tag(&b, 1, 4);
    memcpy(b.buf + p, "abc", 4);
    uint32_t bad = b.len;
    p = mb_tag(&b, 1, 4);
    memcpy(b.buf + p, "xyz", 4);
    uint32_t total = mb_finish(&b);
    mb_put32(&b, bad + 4, 4096); /* second cmdline tag claims to run past the end */
    static struct boot_info info;
    memset(&info, 0, sizeof(info));
    KT_EXPECT(t, multiboot2_parse(b.buf, total, &info));
    KT_EXPECT_STREQ(t, info.cmdline, "abc");
}

KTEST(multiboot2, unterminated_cmdline_stays_in_tag) {
    struct mb_builder b;
    mb_init(&b);
    uint32_t p = mb_tag(&b, 1, 3);
    memcpy(b.buf + p, "abc", 3); /* no NUL inside the tag */
    b.buf[p + 3] = 'Z';          /* padding byte that must not be read */
    uint32_t total = mb_finish(&b);
    static struct boot_info info;
    memset(&info, 0, sizeof(info));
    KT_EXPECT(t, multiboot2_parse(b.buf, total, &info));
    KT_EXPECT_STREQ(t, info.cmdline, "abc");
}

KTEST(multiboot2, new_rsdp_preferred_over_old) {
    struct mb_builder b;
    mb_init(&b);
    uint32_t p = mb_tag(&b, 15, 36);
    memset(b.buf + p, 'N', 36);
    p = mb_tag(&b, 14, 20);
    memset(b.buf + p, 'O', 20);
    uint32_t total = mb_finish(&b);
    static struct boot_info info;
    memset(&info, 0, sizeof(info));
    KT_EXPECT(t, multiboot2_parse(b.buf, total, &info));
    KT_EXPECT_EQ(t, info.acpi_rsdp_len, 36);
    KT_EXPECT_EQ(t, info.acpi_rsdp[0], 'N');
}
