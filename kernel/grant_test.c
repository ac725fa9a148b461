/*
 * Grants from boot.conf lines, and claims against them: inside a grant,
 * beyond it (range, access, another program's), conflicting with a running
 * driver, and released when the driver ends.
 */
#include "kernel/grant.h"
#include "lib/service_name.h"

#include "ktest.h"
#include "lib/bootconf.h"
#include "lib/string.h"

/* Parses "PROGRAM KIND ..." (a writable copy split at spaces). */
static bool parse(const char *line, struct grant *g, const char **why) {
    static char buf[128];
    char *words[8];
    size_t n = 0;
    if (strlen(line) >= sizeof buf) {
        return false;
    }
    memcpy(buf, line, strlen(line) + 1);
    for (char *p = buf; *p != '\0' && n < 8;) {
        words[n++] = p;
        while (*p != '\0' && *p != ' ') {
            p++;
        }
        if (*p == ' ') {
            *p++ = '\0';
        }
    }
    return grant_parse(words, n, g, why);
}

static void add(struct ktest *t, struct grant_table *tab, const char *line) {
    struct grant g;
    const char *why = NULL;
    KT_ASSERT(t, parse(line, &g, &why));
    KT_ASSERT(t, grant_add(tab, &g, &why));
}

KTEST(grant, parses_each_kind) {
    struct grant g;
    const char *why;
    KT_ASSERT(t, parse("cmos.wasm port 0x70 2 rw", &g, &why));
    KT_EXPECT_STREQ(t, g.program, "cmos.wasm");
    KT_EXPECT_EQ(t, g.res.kind, RZ_RES_PORT);
    KT_EXPECT_EQ(t, g.res.base, 0x70);
    KT_EXPECT_EQ(t, g.res.size, 2);
    KT_EXPECT_EQ(t, g.res.access, RZ_ACCESS_RW);
    KT_ASSERT(t, parse("d irq 12", &g, &why));
    KT_EXPECT_EQ(t, g.res.kind, RZ_RES_IRQ);
    KT_EXPECT_EQ(t, g.res.base, 12);
    KT_ASSERT(t, parse("d mmio 0xFEBF0000 4096 r", &g, &why));
    KT_EXPECT_EQ(t, g.res.base, 0xfebf0000);
    KT_EXPECT_EQ(t, g.res.access, RZ_ACCESS_READ);
    KT_ASSERT(t, parse("d dma 65536", &g, &why));
    KT_EXPECT_EQ(t, g.res.size, 65536);
}

KTEST(grant, malformed_grants_refused) {
    static const struct {
        const char *line, *why;
    } bad[] = {
        {"d", "grant: missing program or resource"},
        {"d disk 1", "grant: unknown resource kind"},
        {"d port 0x70 2", "grant: wrong number or form of arguments"},
        {"d port 0x70 2 x", "grant: wrong number or form of arguments"},
        {"d port 0x7g 2 rw", "grant: wrong number or form of arguments"},
        {"d port 0x 2 rw", "grant: wrong number or form of arguments"},
        {"d port 99999999999999999999 1 rw", "grant: wrong number or form of arguments"},
        {"d irq 3 4", "grant: wrong number or form of arguments"},
        {"d port 0xffff 2 rw", "port range empty or beyond port 0xffff"},
        {"d irq 40", "irq line beyond the I/O APIC's"},
        {"d dma 0", "dma buffer empty or larger than 16 MiB"},
        {"a-program-name-longer-than-sixty-four-bytes-is-refused-before-copying port 1 1 r",
         "grant: program name too long"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct grant g;
        const char *why = NULL;
        KT_EXPECT(t, !parse(bad[i].line, &g, &why));
        KT_EXPECT_STREQ(t, why, bad[i].why);
    }
}

KTEST(grant, overlapping_grants_to_two_programs_refused) {
    static struct grant_table tab;
    tab = (struct grant_table){0};
    add(t, &tab, "a port 0x3f8 8 rw");
    add(t, &tab, "a port 0x3fa 1 r"); /* the same program: allowed */
    struct grant g;
    const char *why = NULL;
    KT_ASSERT(t, parse("b port 0x3ff 4 r", &g, &why));
    KT_EXPECT(t, !grant_add(&tab, &g, &why));
    KT_EXPECT_STREQ(t, why, "grant: overlaps a grant to another program");
}

static struct manifest one(uint32_t kind, uint32_t access, uint64_t base, uint64_t size) {
    struct manifest m = {.count = 1};
    m.res[0] = (struct manifest_res){kind, access, base, size};
    return m;
}

KTEST(grant, claim_within_grant_and_beyond_it) {
    static struct grant_table tab;
    tab = (struct grant_table){0};
    add(t, &tab, "cmos.wasm port 0x70 2 rw");
    add(t, &tab, "cmos.wasm irq 8");
    add(t, &tab, "ro.wasm port 0x402 1 r");
    char why[160];
    int owner;
    struct manifest m = one(RZ_RES_PORT, RZ_ACCESS_WRITE, 0x71, 1);
    m.res[m.count++] = (struct manifest_res){RZ_RES_IRQ, 0, 8, 0};
    KT_EXPECT(t, grant_claim(&tab, "cmos.wasm", &m, &owner, why, sizeof why));
    grant_release(&tab, &owner);

    m = one(RZ_RES_PORT, RZ_ACCESS_RW, 0x70, 3);
    KT_EXPECT(t, !grant_claim(&tab, "cmos.wasm", &m, &owner, why, sizeof why));
    KT_EXPECT_STREQ(t, why,
                    "cmos.wasm: manifest asks for port 0x70+0x3 rw, which boot.conf does not grant it");
    m = one(RZ_RES_PORT, RZ_ACCESS_WRITE, 0x402, 1);
    KT_EXPECT(t, !grant_claim(&tab, "ro.wasm", &m, &owner, why, sizeof why));
    KT_EXPECT_STREQ(t, why,
                    "ro.wasm: manifest asks for port 0x402+0x1 w, which boot.conf does not grant it");
    m = one(RZ_RES_PORT, RZ_ACCESS_READ, 0x70, 1);
    KT_EXPECT(t, !grant_claim(&tab, "other.wasm", &m, &owner, why, sizeof why));
    m = one(RZ_RES_IRQ, 0, 9, 0);
    KT_EXPECT(t, !grant_claim(&tab, "cmos.wasm", &m, &owner, why, sizeof why));
    KT_EXPECT_STREQ(t, why, "cmos.wasm: manifest asks for irq 9, which boot.conf does not grant it");
    m = (struct manifest){0};
    KT_EXPECT(t, grant_claim(&tab, "anything.wasm", &m, &owner, why, sizeof why));
}

KTEST(grant, conflicting_second_driver_refused_until_first_released) {
    static struct grant_table tab;
    tab = (struct grant_table){0};
    add(t, &tab, "cmos.wasm port 0x70 2 rw");
    char why[160];
    int first, second;
    struct manifest m = one(RZ_RES_PORT, RZ_ACCESS_RW, 0x70, 2);
    KT_ASSERT(t, grant_claim(&tab, "cmos.wasm", &m, &first, why, sizeof why));
    struct manifest m2 = one(RZ_RES_PORT, RZ_ACCESS_READ, 0x71, 1);
    KT_EXPECT(t, !grant_claim(&tab, "cmos.wasm", &m2, &second, why, sizeof why));
    KT_EXPECT_STREQ(t, why, "cmos.wasm: port 0x71+0x1 r is held by the running driver cmos.wasm");
    grant_release(&tab, &second); /* claimed nothing: changes nothing */
    KT_EXPECT(t, !grant_claim(&tab, "cmos.wasm", &m2, &second, why, sizeof why));
    struct manifest_res index = {RZ_RES_PORT, RZ_ACCESS_WRITE, 0x70, 1};
    KT_EXPECT(t, grant_holds(&tab, &first, &index));
    KT_EXPECT(t, !grant_holds(&tab, &second, &index));
    struct manifest_res irq = {RZ_RES_IRQ, 0, 8, 0};
    KT_EXPECT(t, !grant_holds(&tab, &first, &irq));
    grant_release(&tab, &first);
    KT_EXPECT(t, !grant_holds(&tab, &first, &index));
    KT_EXPECT(t, grant_claim(&tab, "cmos.wasm", &m2, &second, why, sizeof why));
}

KTEST(grant, claims_limited_to_the_table) {
    static struct grant_table tab;
    static int owners[GRANT_CLAIMS_MAX + 1];
    tab = (struct grant_table){0};
    add(t, &tab, "dma.wasm dma 4096");
    char why[160];
    struct manifest m = one(RZ_RES_DMA, 0, 0, 4096);
    for (int i = 0; i < GRANT_CLAIMS_MAX; i++) {
        KT_ASSERT(t, grant_claim(&tab, "dma.wasm", &m, &owners[i], why, sizeof why));
    }
    KT_EXPECT(t, !grant_claim(&tab, "dma.wasm", &m, &owners[GRANT_CLAIMS_MAX], why, sizeof why));
    KT_EXPECT_STREQ(t, why, "dma.wasm: too many drivers running");
    grant_release(&tab, &owners[3]);
    KT_EXPECT(t, grant_claim(&tab, "dma.wasm", &m, &owners[GRANT_CLAIMS_MAX], why, sizeof why));
}

KTEST(grant, holds_refuses_a_range_whose_end_wraps) {
    static struct grant_table tab;
    tab = (struct grant_table){0};
    add(t, &tab, "vga.wasm mmio 0xb8000 0x8000 rw");
    char why[160];
    int owner;
    struct manifest m = one(RZ_RES_MMIO, RZ_ACCESS_RW, 0xb8000, 0x8000);
    KT_ASSERT(t, grant_claim(&tab, "vga.wasm", &m, &owner, why, sizeof why));
    struct manifest_res r = {RZ_RES_MMIO, RZ_ACCESS_READ, 0xbf000, 0x1000};
    KT_EXPECT(t, grant_holds(&tab, &owner, &r));
    r.size = 0x2000;
    KT_EXPECT(t, !grant_holds(&tab, &owner, &r));
    r.size = 0ull - 0xbf000 + 0x1000; /* base + size wraps to 0x1000 */
    KT_EXPECT(t, !grant_holds(&tab, &owner, &r));
    r = (struct manifest_res){RZ_RES_MMIO, RZ_ACCESS_READ, 0xb7000, 0x2000};
    KT_EXPECT(t, !grant_holds(&tab, &owner, &r));
}

KTEST(grant, dma_pick_takes_the_smallest_unused_record_that_fits) {
    static struct grant_table tab;
    tab = (struct grant_table){0};
    add(t, &tab, "nic.wasm dma 65536");
    add(t, &tab, "nic.wasm port 0x402 1 r");
    char why[160];
    int owner, other;
    struct manifest m = one(RZ_RES_DMA, 0, 0, 65536);
    m.res[m.count++] = (struct manifest_res){RZ_RES_PORT, RZ_ACCESS_READ, 0x402, 1};
    m.res[m.count++] = (struct manifest_res){RZ_RES_DMA, 0, 0, 8192};
    KT_ASSERT(t, grant_claim(&tab, "nic.wasm", &m, &owner, why, sizeof why));
    KT_EXPECT_EQ(t, grant_dma_pick(&tab, &owner, 65537), -1);
    KT_EXPECT_EQ(t, grant_dma_pick(&tab, &other, 4096), -1); /* claimed nothing */
    KT_EXPECT_EQ(t, grant_dma_pick(&tab, &owner, 4096), 2);
    KT_EXPECT_EQ(t, grant_dma_pick(&tab, &owner, 4096), 2); /* picking uses nothing */
    grant_dma_use(&tab, &owner, 2);
    KT_EXPECT_EQ(t, grant_dma_pick(&tab, &owner, 4096), 0);
    grant_dma_use(&tab, &owner, 0);
    KT_EXPECT_EQ(t, grant_dma_pick(&tab, &owner, 4096), -1);
    grant_release(&tab, &owner); /* a new claim starts with every record unused */
    KT_ASSERT(t, grant_claim(&tab, "nic.wasm", &m, &owner, why, sizeof why));
    KT_EXPECT_EQ(t, grant_dma_pick(&tab, &owner, 8192), 2);
}

/* A grant line's words, as lib/bootconf.c splits them, are what
 * grant_parse reads. */
KTEST(grant, boot_conf_grant_lines) {
    static const char text[] = "grant cmos.wasm port 0x70 2 rw  # the RTC\n"
                               "run bin/cmos.wasm\n"
                               "grant kbd.wasm irq 1\n"
                               "grant kbd.wasm port 0x60 1 r x\n"
                               "grant cmos.wasm port 0x70 0x10000 rw\n";
    struct bootconf_cursor c;
    static struct bootconf_cmd cmd;
    struct bootconf_error err;
    struct grant g;
    const char *why = NULL;
    bootconf_begin(&c, text, strlen(text));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_GRANT);
    KT_ASSERT(t, grant_parse(cmd.words, cmd.count, &g, &why));
    KT_EXPECT_STREQ(t, g.program, "cmos.wasm");
    KT_EXPECT_EQ(t, g.res.base, 0x70);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_RUN);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_ASSERT(t, grant_parse(cmd.words, cmd.count, &g, &why));
    KT_EXPECT_EQ(t, g.res.kind, RZ_RES_IRQ);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT(t, !grant_parse(cmd.words, cmd.count, &g, &why));
    KT_EXPECT_STREQ(t, why, "grant: wrong number or form of arguments");
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT(t, !grant_parse(cmd.words, cmd.count, &g, &why));
    KT_EXPECT_STREQ(t, why, "port range empty or beyond port 0xffff");
}

KTEST(grant, service_grants) {
    struct grant_table tab = {0};
    add(t, &tab, "serial.wasm service console");
    add(t, &tab, "serial.wasm port 0x3f8 8 rw");
    add(t, &tab, "serial.wasm service console"); /* the same grant again is harmless */
    KT_EXPECT(t, grant_allows_service(&tab, "serial.wasm", "console"));
    KT_EXPECT(t, !grant_allows_service(&tab, "serial.wasm", "consol"));
    KT_EXPECT(t, !grant_allows_service(&tab, "shell.wasm", "console"));
    struct grant g;
    const char *why = NULL;
    KT_ASSERT(t, parse("shell.wasm service console", &g, &why));
    KT_EXPECT(t, !grant_add(&tab, &g, &why));
    KT_EXPECT_STREQ(t, why, "grant: overlaps a grant to another program");
    /* A service grant is no hardware grant, and a port grant no service. */
    struct manifest_res port = {RZ_RES_PORT, RZ_ACCESS_RW, 0x3f8, 8};
    struct manifest m = {.count = 1, .res = {port}};
    char reason[128];
    KT_EXPECT(t, grant_claim(&tab, "serial.wasm", &m, &tab, reason, sizeof reason));
    KT_EXPECT(t, !grant_allows_service(&tab, "serial.wasm", ""));
    const char *bad[] = {"d service", "d service Console", "d service a b",
                         "d service 0123456789012345678901234567890123"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        KT_EXPECT(t, !parse(bad[i], &g, &why));
    }
}

KTEST(service_name, rule) {
    KT_EXPECT(t, service_name_ok("console", 7));
    KT_EXPECT(t, service_name_ok("a.b_c-9", 7));
    KT_EXPECT(t, !service_name_ok("", 0));
    KT_EXPECT(t, !service_name_ok("Console", 7));
    KT_EXPECT(t, !service_name_ok("con sole", 8));
    KT_EXPECT(t, !service_name_ok("con/sole", 8));
    KT_EXPECT(t, !service_name_ok("con\0sole", 8));
    KT_EXPECT(t, service_name_ok("0123456789012345678901234567890", 31));
    KT_EXPECT(t, !service_name_ok("01234567890123456789012345678901", 32));
}
