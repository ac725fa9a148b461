/* Tests of the trap-site table: ordering, lookup by exact offset, messages. */
#include "ktest.h"
#include "compile/trap_table.h"

static wasm_trap_site_t site(uint32_t code_offset, wasm_trap_kind_t kind, uint32_t func,
                             uint32_t wasm_offset) {
    return (wasm_trap_site_t){code_offset, func, wasm_offset, (uint8_t)kind};
}

KTEST(wasm_trap, find_hits_exact_offsets_only) {
    wasm_trap_table_t tab = {0};
    wasm_trap_t trap;
    for (uint32_t i = 0; i < 300; i++) { /* several growths */
        KT_ASSERT(t, wasm_trap_table_add(&tab, site(10 + 3 * i, WASM_TRAP_MEMORY_OOB, i, 100 + i)));
    }
    KT_EXPECT_EQ(t, tab.count, 300);
    KT_ASSERT(t, wasm_trap_table_find(tab.sites, tab.count, 10, &trap));
    KT_EXPECT_EQ(t, trap.func, 0);
    KT_ASSERT(t, wasm_trap_table_find(tab.sites, tab.count, 10 + 3 * 299, &trap));
    KT_EXPECT_EQ(t, trap.func, 299);
    KT_EXPECT_EQ(t, trap.wasm_offset, 399);
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_MEMORY_OOB);
    KT_ASSERT(t, wasm_trap_table_find(tab.sites, tab.count, 10 + 3 * 150, &trap));
    KT_EXPECT_EQ(t, trap.func, 150);
    KT_EXPECT(t, !wasm_trap_table_find(tab.sites, tab.count, 9, &trap));
    KT_EXPECT(t, !wasm_trap_table_find(tab.sites, tab.count, 11, &trap));
    KT_EXPECT(t, !wasm_trap_table_find(tab.sites, tab.count, 10 + 3 * 300, &trap));
    wasm_trap_table_free(&tab);
    KT_EXPECT_EQ(t, tab.count, 0);
    KT_EXPECT(t, !wasm_trap_table_find(tab.sites, tab.count, 10, &trap));
}

KTEST(wasm_trap, add_rejects_out_of_order_sites) {
    wasm_trap_table_t tab = {0};
    KT_EXPECT(t, wasm_trap_table_add(&tab, site(20, WASM_TRAP_UNREACHABLE, 1, 5)));
    KT_EXPECT(t, !wasm_trap_table_add(&tab, site(20, WASM_TRAP_UNREACHABLE, 1, 6)));
    KT_EXPECT(t, !wasm_trap_table_add(&tab, site(19, WASM_TRAP_UNREACHABLE, 1, 7)));
    KT_EXPECT_EQ(t, tab.count, 1);
    wasm_trap_table_free(&tab);
}

KTEST(wasm_trap, messages_are_the_spec_phrases) {
    KT_EXPECT_STREQ(t, wasm_trap_message(WASM_TRAP_DIV_ZERO), "integer divide by zero");
    KT_EXPECT_STREQ(t, wasm_trap_message(WASM_TRAP_MEMORY_OOB), "out of bounds memory access");
    KT_EXPECT_STREQ(t, wasm_trap_message(WASM_TRAP_STACK_EXHAUSTED), "call stack exhausted");
    KT_EXPECT_STREQ(t, wasm_trap_message(WASM_TRAP_SIGNATURE_MISMATCH),
                    "indirect call type mismatch");
    KT_EXPECT_STREQ(t, wasm_trap_message(WASM_TRAP_KIND_COUNT), "unknown trap");
    for (int k = 0; k < WASM_TRAP_KIND_COUNT; k++) {
        KT_EXPECT(t, wasm_trap_message((wasm_trap_kind_t)k) != 0);
    }
}
