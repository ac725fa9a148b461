/*
 * The engine in the kernel: a module compiled by the JIT runs on the
 * kernel's platform layer (tests/sip/kernel/engine.wat); ordinary code
 * gives the right results, every trap kind comes back to the caller as a
 * wasm trap naming its function and instruction, and the kernel goes on
 * as before; linear memory is committed lazily, and a bulk-memory helper
 * that finds no frame for it traps (a data segment fails instantiation);
 * code is sealed RX.
 */
#include "kernel/wasm_platform.h"

#include "arch/x86_64/fault.h"
#include "arch/x86_64/layout.h"
#include "kernel/console.h"
#include "kernel/layout.h"
#include "kernel/mm.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"
#include "ktest.h"
#include "lib/string.h"
#include "platform.h"
#include "runtime/instance.h"
#include "sip/kernel/engine.wasm.h"

struct engine {
    wasm_module_t *m;
    wasm_loaded_t loaded;
    wasm_instance_t *inst;
};

static bool engine_open(struct ktest *t, struct engine *e) {
    wasm_error_t err;
    e->inst = NULL;
    e->m = wasm_decode(engine_wasm, sizeof engine_wasm, &err);
    if (e->m == NULL || !wasm_validate(e->m, &err) || !wasm_load(e->m, NULL, &e->loaded, &err)) {
        ktest_fail(t, __FILE__, __LINE__, "load: %s", err.message);
        wasm_module_free(e->m);
        return false;
    }
    e->inst = wasm_instantiate(&e->loaded, NULL, &err);
    if (e->inst == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "instantiate: %s", err.message);
        wasm_unload(&e->loaded);
        wasm_module_free(e->m);
        return false;
    }
    return true;
}

static void engine_close(struct engine *e) {
    wasm_instance_free(e->inst);
    wasm_unload(&e->loaded);
    wasm_module_free(e->m);
}

static uint32_t export_index(const wasm_module_t *m, const char *name) {
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *x = &m->exports[i];
        if (x->kind == WASM_EXTERN_FUNC && wasm_name_eq(x->name, name, (uint32_t)strlen(name))) {
            return x->index;
        }
    }
    return UINT32_MAX;
}

/* Calls `name`; true when it returned (result in *result). */
static bool engine_call(struct engine *e, const char *name, uint64_t a, uint64_t b,
                        uint64_t *result, wasm_trap_t *trap) {
    uint64_t vals[2] = {a, b};
    bool ok = wasm_invoke(e->inst, export_index(e->m, name), vals, trap);
    *result = vals[0];
    return ok;
}

static uint64_t call_ok(struct ktest *t, struct engine *e, const char *name, uint64_t a,
                        uint64_t b) {
    uint64_t r;
    wasm_trap_t trap;
    if (!engine_call(e, name, a, b, &r, &trap)) {
        ktest_fail(t, __FILE__, __LINE__, "%s trapped: %s", name, wasm_trap_message(trap.kind));
        return 0xdeadbeef;
    }
    return r;
}

KTEST(wasm_kernel, compiled_code_computes_right_results) {
    struct engine e;
    KT_ASSERT(t, engine_open(t, &e));
    KT_EXPECT_EQ(t, call_ok(t, &e, "fact", 10, 0), 3628800);
    /* bytes 1..300 stored as u8: 255 * 256 / 2 + 1..44 */
    KT_EXPECT_EQ(t, call_ok(t, &e, "fill_sum", 300, 0), 32640 + 44 * 45 / 2);
    engine_close(&e);
    KT_ASSERT(t, engine_open(t, &e)); /* a fresh instance sees the data segment */
    KT_EXPECT_EQ(t, call_ok(t, &e, "data_word", 0, 0), 0x6f72657a676e6972ull); /* "ringzero" */
    engine_close(&e);
}

/*
 * Calls `name`, expects a trap of `kind` attributed to that function at an
 * instruction whose first byte is `opcode` (-1: any), and checks that the
 * fault path delivered exactly one trap and the instance still works.
 */
static void expect_trap(struct ktest *t, struct engine *e, const char *name, uint64_t a, uint64_t b,
                        wasm_trap_kind_t kind, int opcode) {
    uint64_t r;
    wasm_trap_t trap = {0};
    uint64_t before = wasm_platform_trap_count();
    if (engine_call(e, name, a, b, &r, &trap)) {
        ktest_fail(t, __FILE__, __LINE__, "%s(%llu, %llu) returned %llu", name,
                   (unsigned long long)a, (unsigned long long)b, (unsigned long long)r);
        return;
    }
    if (trap.kind != kind) {
        ktest_fail(t, __FILE__, __LINE__, "%s: trap \"%s\", expected \"%s\"", name,
                   wasm_trap_message(trap.kind), wasm_trap_message(kind));
    }
    KT_EXPECT_EQ(t, trap.func, export_index(e->m, name));
    KT_EXPECT(t, trap.wasm_offset < sizeof engine_wasm);
    if (opcode >= 0 && trap.wasm_offset < sizeof engine_wasm) {
        KT_EXPECT_EQ(t, engine_wasm[trap.wasm_offset], opcode);
    }
    KT_EXPECT_EQ(t, wasm_platform_trap_count(), before + 1);
    KT_EXPECT_EQ(t, call_ok(t, e, "fact", 5, 0), 120);
}

KTEST(wasm_kernel, each_trap_kind_returns_to_the_caller) {
    struct engine e;
    KT_ASSERT(t, engine_open(t, &e));
    expect_trap(t, &e, "unreachable", 0, 0, WASM_TRAP_UNREACHABLE, 0x00);
    expect_trap(t, &e, "div", 1, 0, WASM_TRAP_DIV_ZERO, 0x6d);
    expect_trap(t, &e, "div", 0x80000000u, 0xffffffffu, WASM_TRAP_INT_OVERFLOW, 0x6d);
    expect_trap(t, &e, "trunc", 0x7ff8000000000000ull, 0, WASM_TRAP_INVALID_CONVERSION, 0xaa);
    expect_trap(t, &e, "trunc", 0x4202a05f20000000ull /* 1e10 */, 0, WASM_TRAP_INT_OVERFLOW, 0xaa);
    expect_trap(t, &e, "call_at", 3, 0, WASM_TRAP_UNDEFINED_ELEMENT, 0x11);
    expect_trap(t, &e, "call_at", 2, 0, WASM_TRAP_UNINITIALIZED_ELEMENT, 0x11);
    expect_trap(t, &e, "call_at", 1, 0, WASM_TRAP_SIGNATURE_MISMATCH, 0x11);
    expect_trap(t, &e, "recurse", 0, 0, WASM_TRAP_STACK_EXHAUSTED, -1);
    expect_trap(t, &e, "load", 65536, 0, WASM_TRAP_MEMORY_OOB, 0x28);
    expect_trap(t, &e, "load", 0xfffffffcu, 0, WASM_TRAP_MEMORY_OOB, 0x28);
    expect_trap(t, &e, "store", 65533, 7, WASM_TRAP_MEMORY_OOB, 0x36);
    KT_EXPECT_EQ(t, call_ok(t, &e, "call_at", 0, 0), 120); /* fact(5) through the table */
    engine_close(&e);
}

KTEST(wasm_kernel, linear_memory_is_committed_lazily) {
    struct engine e;
    KT_ASSERT(t, engine_open(t, &e));
    struct vmm_region *r = vmm_find((uint64_t)e.inst->memory);
    KT_ASSERT(t, r != NULL);
    KT_EXPECT_EQ(t, r->area, VMM_AREA_RESERVE);
    KT_EXPECT(t, r->size >= WASM_MEM_RESERVATION);
    KT_EXPECT_EQ(t, r->lazy_limit, WASM_PAGE_SIZE);
    KT_EXPECT_EQ(t, r->committed, 1); /* the page the data segment wrote */
    call_ok(t, &e, "store", 40000, 0x1234);
    KT_EXPECT_EQ(t, r->committed, 2);
    KT_EXPECT_EQ(t, call_ok(t, &e, "load", 40000, 0), 0x1234);
    KT_EXPECT_EQ(t, call_ok(t, &e, "load", 50000, 0), 0); /* first touch reads zero */
    KT_EXPECT_EQ(t, r->committed, 3);
    engine_close(&e);
    KT_EXPECT(t, vmm_find((uint64_t)r->base) == NULL);
}

/* Takes every free frame, chained through their own first words; returns
 * the chain's head (0: none was free). */
static uint64_t frames_take_all(void) {
    uint64_t head = 0, phys;
    while ((phys = pmm_alloc(&mm_frames)) != 0) {
        *(uint64_t *)phys_to_virt(phys) = head;
        head = phys;
    }
    return head;
}

static void frames_give_back(uint64_t head) {
    while (head != 0) {
        uint64_t next = *(uint64_t *)phys_to_virt(head);
        pmm_free(&mm_frames, head);
        head = next;
    }
}

/* memory.fill, memory.copy and data segments are written by host code:
 * a first touch of a page that finds no free frame must be the guest's
 * trap (or a failed instantiation), never a fault in the kernel. */
KTEST(wasm_kernel, bulk_memory_out_of_frames_traps) {
    struct engine e;
    KT_ASSERT(t, engine_open(t, &e));
    struct vmm_region *r = vmm_find((uint64_t)e.inst->memory);
    KT_ASSERT(t, r != NULL);
    uint64_t committed = r->committed;
    uint64_t taken = frames_take_all();
    uint64_t r1, r2;
    wasm_trap_t trap1 = {0}, trap2 = {0};
    bool fill_ok = engine_call(&e, "fill", 0x8000, 0x8000, &r1, &trap1);
    bool copy_ok = engine_call(&e, "copy", 0x100, 0x9000, &r2, &trap2);
    frames_give_back(taken);
    KT_EXPECT(t, !fill_ok);
    KT_EXPECT_EQ(t, trap1.kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT(t, !copy_ok);
    KT_EXPECT_EQ(t, trap2.kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, r->committed, committed);
    /* with frames again, the same calls commit and write */
    call_ok(t, &e, "fill", 0x8000, 0x8000);
    KT_EXPECT_EQ(t, call_ok(t, &e, "load", 0xfffc, 0), 0x41414141);
    call_ok(t, &e, "copy", 0x100, 0x9000);
    KT_EXPECT_EQ(t, call_ok(t, &e, "load", 0x100, 0), 0x41414141);
    /* An active data segment is host code's first touch too. Instantiation
     * takes frames before it (the instance's allocations): with one more
     * free frame each attempt, some attempt fails at the segment itself. */
    wasm_instance_free(e.inst);
    e.inst = NULL;
    bool at_segment = false;
    for (uint64_t spare = 0; spare < 512 && e.inst == NULL; spare++) {
        taken = frames_take_all();
        for (uint64_t i = 0; i < spare && taken != 0; i++) {
            uint64_t next = *(uint64_t *)phys_to_virt(taken);
            pmm_free(&mm_frames, taken);
            taken = next;
        }
        wasm_error_t err;
        e.inst = wasm_instantiate(&e.loaded, NULL, &err);
        frames_give_back(taken);
        at_segment = at_segment || (e.inst == NULL && strstr(err.message, "data segment") != NULL);
    }
    KT_EXPECT(t, at_segment);
    KT_ASSERT(t, e.inst != NULL);
    KT_EXPECT_EQ(t, call_ok(t, &e, "data_word", 0, 0), 0x6f72657a676e6972ull);
    engine_close(&e);
}

KTEST(wasm_kernel, code_is_sealed_rx_near_the_kernel) {
    struct engine e;
    struct fault_catch fc;
    static char report[4096];
    KT_ASSERT(t, engine_open(t, &e));
    uint8_t *code = e.loaded.code.code;
    struct vmm_region *r = vmm_find((uint64_t)code);
    KT_ASSERT(t, r != NULL);
    KT_EXPECT_EQ(t, r->area, VMM_AREA_CODE);
    KT_EXPECT_EQ(t, r->prot, VM_RX);
    KT_EXPECT(t, (uint64_t)code >= VM_CODE_BASE && (uint64_t)code < VM_CODE_END);
    console_capture_begin(report, sizeof report);
    if (FAULT_TRY(&fc)) {
        *(volatile uint8_t *)code = 0xcc;
        fault_catch_disarm();
        console_capture_end();
        KT_EXPECT(t, !"writing to sealed code did not fault");
    }
    console_capture_end();
    KT_EXPECT_EQ(t, fc.vector, VEC_PF);
    KT_EXPECT_EQ(t, fc.cr2, (uint64_t)code);
    KT_EXPECT_EQ(t, fc.error_code & 3, 3); /* write to a present page */
    KT_EXPECT_EQ(t, call_ok(t, &e, "fact", 6, 0), 720);
    engine_close(&e);
}

struct fake_fault {
    struct trap_frame tf;
    uint64_t cr2;
    bool claimed;
};

static void offer_fake_fault(void *arg) {
    struct fake_fault *f = arg;
    f->claimed = wasm_platform_fault(&f->tf, f->cr2);
}

/* Offers the fault path a fault inside an active guard, as a real one
 * would arrive; it must decline. */
static bool claimed_as_trap(unsigned vector, uint64_t rip, uint64_t cr2) {
    struct fake_fault f = {.cr2 = cr2};
    wasm_trap_t trap;
    f.tf.vector = vector;
    f.tf.rip = rip;
    return !wasm_run_guarded(offer_fake_fault, &f, &trap) || f.claimed;
}

KTEST(wasm_kernel, faults_outside_wasm_code_are_not_traps) {
    struct engine e;
    KT_ASSERT(t, engine_open(t, &e));
    const wasm_trap_table_t *traps = &e.loaded.code.traps;
    uint32_t i = 0;
    while (i < traps->count && traps->sites[i].kind != WASM_TRAP_MEMORY_OOB) {
        i++;
    }
    KT_ASSERT(t, i < traps->count);
    uint64_t site_pc = (uint64_t)(uintptr_t)e.loaded.code.code + traps->sites[i].code_offset;
    uint64_t in_memory = (uint64_t)(uintptr_t)e.inst->memory + 2 * WASM_PAGE_SIZE;
    uint64_t before = wasm_platform_trap_count();
    KT_EXPECT(t, !claimed_as_trap(VEC_UD, (uint64_t)(uintptr_t)wasm_platform_fault, 0));
    KT_EXPECT(t, !claimed_as_trap(VEC_GP, site_pc, 0)); /* #GP is never a wasm trap */
    /* a memory site faulting outside every reservation: a compiler bug */
    KT_EXPECT(t, !claimed_as_trap(VEC_PF, site_pc, 0xffff808000000000ull));
    KT_EXPECT_EQ(t, wasm_platform_trap_count(), before);
    KT_EXPECT(t, claimed_as_trap(VEC_PF, site_pc, in_memory)); /* the same site, a real trap */
    KT_EXPECT_EQ(t, wasm_platform_trap_count(), before + 1);
    engine_close(&e);
}
