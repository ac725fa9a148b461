/* Tests of the code-region registry the fault path searches. */
#include "ktest.h"
#include "runtime/code.h"

static const uint8_t fake_code[64];
static const wasm_trap_site_t fake_sites[] = {
    {4, 1, 10, WASM_TRAP_MEMORY_OOB},
    {20, 2, 30, WASM_TRAP_UNREACHABLE},
};

KTEST(wasm_code, trap_at_maps_pc_of_registered_region) {
    wasm_code_region_t r = {fake_code, sizeof fake_code, fake_sites, 2};
    wasm_trap_t trap;
    uintptr_t base = (uintptr_t)fake_code;
    KT_EXPECT(t, !wasm_code_trap_at(base + 20, false, 0, &trap));
    KT_ASSERT(t, wasm_code_register(&r));
    KT_ASSERT(t, wasm_code_trap_at(base + 20, false, 0, &trap));
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_UNREACHABLE);
    KT_EXPECT_EQ(t, trap.func, 2);
    KT_EXPECT_EQ(t, trap.wasm_offset, 30);
    /* a memory site counts only for a fault inside a reservation */
    static uint8_t memory[256];
    wasm_reservation_t res = {(uintptr_t)memory, sizeof memory};
    KT_EXPECT(t, !wasm_code_trap_at(base + 4, true, (uintptr_t)memory + 10, &trap));
    KT_ASSERT(t, wasm_reservation_register(&res));
    KT_EXPECT(t, wasm_code_trap_at(base + 4, true, (uintptr_t)memory + 10, &trap));
    KT_EXPECT(t, !wasm_code_trap_at(base + 4, true, (uintptr_t)memory + sizeof memory, &trap));
    KT_EXPECT(t, !wasm_code_trap_at(base + 4, true, 0, &trap));
    /* an access fault at a site that is not a memory access is no trap */
    KT_EXPECT(t, !wasm_code_trap_at(base + 20, true, (uintptr_t)memory + 10, &trap));
    wasm_reservation_unregister(&res);
    KT_EXPECT(t, !wasm_code_trap_at(base + 4, true, (uintptr_t)memory + 10, &trap));
    /* a ud2 site of kind "out of bounds" (a helper's check) needs no address */
    KT_EXPECT(t, wasm_code_trap_at(base + 4, false, 0, &trap));
    KT_EXPECT(t, !wasm_code_trap_at(base + 5, false, 0, &trap));            /* not a site */
    KT_EXPECT(t, !wasm_code_trap_at(base + sizeof fake_code, false, 0, &trap)); /* past the end */
    KT_EXPECT(t, !wasm_code_trap_at(base - 1, false, 0, &trap));
    wasm_code_unregister(&r);
    KT_EXPECT(t, !wasm_code_trap_at(base + 20, false, 0, &trap));
}

KTEST(wasm_code, register_fails_when_full_and_recovers) {
    static wasm_code_region_t regions[WASM_MAX_CODE_REGIONS + 1];
    int registered = 0;
    for (int i = 0; i <= WASM_MAX_CODE_REGIONS; i++) {
        regions[i] = (wasm_code_region_t){fake_code, 1, fake_sites, 0};
        if (wasm_code_register(&regions[i])) {
            registered++;
        }
    }
    KT_EXPECT(t, registered <= WASM_MAX_CODE_REGIONS);
    KT_EXPECT(t, !wasm_code_register(&regions[WASM_MAX_CODE_REGIONS]));
    for (int i = 0; i <= WASM_MAX_CODE_REGIONS; i++) {
        wasm_code_unregister(&regions[i]);
    }
    KT_EXPECT(t, wasm_code_register(&regions[0]));
    wasm_code_unregister(&regions[0]);
}
