/*
 * Tests of the host's code memory and trap recovery, with small pieces of
 * machine code written by the encoder: each runs sealed, from a registered
 * region, under wasm_run_guarded().
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compile/x64_emit.h"
#include "ktest.h"
#include "platform.h"
#include "runtime/code.h"

struct region {
    uint8_t *code;
    wasm_code_region_t r;
    wasm_trap_site_t site;
};

/* Seals bytes into code memory with one trap site and registers it. */
static bool region_make(struct region *g, const uint8_t *bytes, size_t len, wasm_trap_site_t site) {
    g->code = wasm_code_alloc(len);
    if (g->code == NULL) {
        return false;
    }
    memcpy(g->code, bytes, len);
    if (!wasm_code_seal(g->code, len)) {
        return false;
    }
    g->site = site;
    g->r = (wasm_code_region_t){g->code, len, &g->site, 1};
    return wasm_code_register(&g->r);
}

static void region_drop(struct region *g) {
    wasm_code_unregister(&g->r);
    wasm_code_free(g->code, g->r.size);
}

struct call {
    const uint8_t *code;
    uint64_t arg;
    uint64_t result;
};

static void call_code(void *p) {
    struct call *c = p;
    c->result = ((uint64_t(*)(uint64_t))(uintptr_t)c->code)(c->arg);
}

KTEST(host_jit, sealed_code_runs_and_returns) {
    uint8_t bytes[32];
    struct x64_buf b;
    struct region g;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_lea(&b, X64_W64, X64_RAX, x64_base(X64_RDI, 5)); /* return arg + 5 */
    x64_ret(&b);
    KT_ASSERT(t, x64_ok(&b));
    KT_ASSERT(t, region_make(&g, bytes, b.len, (wasm_trap_site_t){0}));
    struct call c = {g.code, 37, 0};
    wasm_trap_t trap = {0};
    KT_EXPECT(t, wasm_run_guarded(call_code, &c, &trap));
    KT_EXPECT_EQ(t, c.result, 42);
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_NONE);
    region_drop(&g);
}

KTEST(host_jit, ud2_site_becomes_its_trap) {
    uint8_t bytes[32];
    struct x64_buf b;
    struct region g;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_mov_ri(&b, X64_W32, X64_RAX, 1);
    uint32_t at = (uint32_t)b.len;
    x64_ud2(&b);
    KT_ASSERT(t, region_make(&g, bytes, b.len,
                             (wasm_trap_site_t){at, 7, 42, WASM_TRAP_UNREACHABLE}));
    for (int round = 0; round < 2; round++) { /* the handler survives a trap */
        struct call c = {g.code, 0, 0};
        wasm_trap_t trap = {0};
        KT_EXPECT(t, !wasm_run_guarded(call_code, &c, &trap));
        KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_UNREACHABLE);
        KT_EXPECT_EQ(t, trap.func, 7);
        KT_EXPECT_EQ(t, trap.wasm_offset, 42);
    }
    region_drop(&g);
}

/* Code that loads from [rdi + 16], registered with that load as a memory site. */
static bool make_load_region(struct region *g) {
    uint8_t bytes[32];
    struct x64_buf b;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_load(&b, X64_S32, X64_RAX, x64_base(X64_RDI, 16));
    x64_ret(&b);
    return region_make(g, bytes, b.len, (wasm_trap_site_t){0, 3, 99, WASM_TRAP_MEMORY_OOB});
}

KTEST(host_jit, memory_fault_at_site_becomes_out_of_bounds) {
    struct region g;
    void *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    KT_ASSERT(t, page != MAP_FAILED);
    wasm_reservation_t res = {(uintptr_t)page, 4096};
    KT_ASSERT(t, wasm_reservation_register(&res));
    KT_ASSERT(t, make_load_region(&g));
    struct call c = {g.code, (uint64_t)(uintptr_t)page, 0};
    wasm_trap_t trap = {0};
    KT_EXPECT(t, !wasm_run_guarded(call_code, &c, &trap));
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap.func, 3);
    region_drop(&g);
    wasm_reservation_unregister(&res);
    munmap(page, 4096);
}

KTEST(host_jit, memory_fault_outside_reservations_is_not_a_trap) {
    struct region g;
    void *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    KT_ASSERT(t, page != MAP_FAILED);
    KT_ASSERT(t, make_load_region(&g));
    fflush(NULL);
    pid_t child = fork();
    KT_ASSERT(t, child >= 0);
    if (child == 0) { /* must die: a compiler bug is not survivable */
        struct call c = {g.code, (uint64_t)(uintptr_t)page, 0};
        wasm_trap_t trap;
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2); /* the sanitizer's report of the crash */
        wasm_run_guarded(call_code, &c, &trap);
        _exit(0);
    }
    int status;
    KT_ASSERT(t, waitpid(child, &status, 0) == child);
    KT_EXPECT(t, !(WIFEXITED(status) && WEXITSTATUS(status) == 0));
    region_drop(&g);
    munmap(page, 4096);
}

KTEST(host_jit, divide_error_at_site_is_caught) {
    uint8_t bytes[32];
    struct x64_buf b;
    struct region g;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_zero(&b, X64_RCX);
    x64_zero(&b, X64_RDX);
    uint32_t at = (uint32_t)b.len;
    x64_div(&b, X64_W32, X64_RCX);
    x64_ret(&b);
    KT_ASSERT(t, region_make(&g, bytes, b.len, (wasm_trap_site_t){at, 1, 2, WASM_TRAP_DIV_ZERO}));
    struct call c = {g.code, 0, 0};
    wasm_trap_t trap = {0};
    KT_EXPECT(t, !wasm_run_guarded(call_code, &c, &trap));
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_DIV_ZERO);
    region_drop(&g);
}

struct nested {
    struct call inner;
    bool inner_returned;
    wasm_trap_t inner_trap;
};

static void run_nested(void *p) {
    struct nested *n = p;
    n->inner_returned = wasm_run_guarded(call_code, &n->inner, &n->inner_trap);
}

KTEST(host_jit, nested_guard_catches_inner_trap_only) {
    uint8_t bytes[8];
    struct x64_buf b;
    struct region g;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_ud2(&b);
    KT_ASSERT(t, region_make(&g, bytes, b.len, (wasm_trap_site_t){0, 0, 5, WASM_TRAP_UNREACHABLE}));
    struct nested n = {{g.code, 0, 0}, true, {0}};
    wasm_trap_t outer = {0};
    KT_EXPECT(t, wasm_run_guarded(run_nested, &n, &outer));
    KT_EXPECT(t, !n.inner_returned);
    KT_EXPECT_EQ(t, n.inner_trap.wasm_offset, 5);
    KT_EXPECT_EQ(t, outer.kind, WASM_TRAP_NONE);
    region_drop(&g);
}

KTEST(host_jit, stack_limit_is_below_the_running_stack) {
    volatile int here = 0;
    uintptr_t limit = wasm_stack_limit();
    KT_EXPECT(t, limit < (uintptr_t)&here);
    KT_EXPECT(t, (uintptr_t)&here - limit < ((uintptr_t)1 << 30));
}
