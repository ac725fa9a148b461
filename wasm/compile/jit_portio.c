/*
 * Port I/O imports as instructions. A driver imports rz.in8/in16/in32
 * (port) -> value and rz.out8/out16/out32 (port, value); the compiler
 * turns each call into one `in` or `out`, so a driver pays no call and
 * the kernel no syscall (docs/drivers.md).
 *
 * The safety argument is the grant (options->ports): a constant port is
 * checked here, at compile time, and a module touching a port outside
 * the grant is refused, naming function, offset and port; a computed port
 * gets an inline range check per granted range that traps
 * (WASM_TRAP_PORT_DENIED) outside all of them. An access of width w at
 * port p must lie wholly inside one range: p .. p+w-1. For the check to
 * be the only way in, the imports must never be reached other than by a
 * direct call: a module that exports them or puts them in a table or a
 * global is refused, as is one importing them without a grant.
 */
#include "compile/jit_internal.h"

#include "error.h"
#include "platform.h"

struct port_import {
    const char *name;
    enum x64_size size;
    bool out;
};

static const struct port_import port_imports[] = {
    {"in8", X64_S8, false},  {"in16", X64_S16, false},  {"in32", X64_S32, false},
    {"out8", X64_S8, true}, {"out16", X64_S16, true}, {"out32", X64_S32, true},
};
#define PORT_IMPORT_COUNT (sizeof port_imports / sizeof port_imports[0])

/* The port import that function `func` is, or NULL. */
static const struct port_import *port_import_of(const wasm_module_t *m, uint32_t func) {
    if (func >= m->func_import_count) {
        return NULL;
    }
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import_t *im = &m->imports[i];
        if (im->kind != WASM_EXTERN_FUNC || im->index != func || !wasm_name_eq(im->module, "rz", 2)) {
            continue;
        }
        for (size_t k = 0; k < PORT_IMPORT_COUNT; k++) {
            const char *n = port_imports[k].name;
            if (wasm_name_eq(im->name, n, (uint32_t)strlen(n))) {
                return &port_imports[k];
            }
        }
    }
    return NULL;
}

bool wasm_jit_is_port_import(const wasm_module_t *m, uint32_t func) {
    return port_import_of(m, func) != NULL;
}

static bool type_ok(const wasm_functype_t *t, bool out) {
    const wasm_valtype_t *ty = t->types;
    return out ? t->param_count == 2 && t->result_count == 0 && ty[0] == WASM_I32 &&
                     ty[1] == WASM_I32
               : t->param_count == 1 && t->result_count == 1 && ty[0] == WASM_I32 &&
                     ty[1] == WASM_I32;
}

static bool refuse(jit_t *j, const char *name, const char *why) {
    char what[128];
    wasm_format(what, sizeof what, "import rz.%s: %s", name, why);
    wasm_error_set(j->err, 0, "%s", what);
    j->failed = true;
    return false;
}

/* Whether a constant expression refers to function func. */
static bool expr_names(const wasm_expr_t *e, uint32_t func) {
    return e->op == WASM_CONST_REF_FUNC && e->value.index == func;
}

/* Whether func is reachable other than by a direct call. */
static bool referenced(const wasm_module_t *m, uint32_t func) {
    for (uint32_t i = 0; i < m->export_count; i++) {
        if (m->exports[i].kind == WASM_EXTERN_FUNC && m->exports[i].index == func) {
            return true;
        }
    }
    for (uint32_t e = 0; e < m->elem_count; e++) {
        for (uint32_t i = 0; i < m->elems[e].item_count; i++) {
            if (expr_names(&m->elems[e].items[i], func)) {
                return true;
            }
        }
    }
    for (uint32_t g = m->global_import_count; g < m->global_count; g++) {
        if (expr_names(&m->globals[g].init, func)) {
            return true;
        }
    }
    return false;
}

bool jit_portio_check_module(jit_t *j) {
    for (uint32_t f = 0; f < j->m->func_import_count; f++) {
        const struct port_import *p = port_import_of(j->m, f);
        if (p == NULL) {
            continue;
        }
        if (j->options.port_count == 0) {
            return refuse(j, p->name, "the module has no port grant");
        }
        if (!type_ok(wasm_func_type(j->m, f), p->out)) {
            return refuse(j, p->name, p->out ? "type must be (i32, i32) -> ()"
                                             : "type must be (i32) -> (i32)");
        }
        if (referenced(j->m, f)) {
            return refuse(j, p->name, "may only be called directly");
        }
    }
    return true;
}

static uint32_t access_of(const struct port_import *p) {
    return p->out ? WASM_PORT_WRITE : WASM_PORT_READ;
}

/* Whether a w-byte access at constant port `port` lies inside one range. */
static bool port_granted(const jit_t *j, uint64_t port, uint32_t w, uint32_t access) {
    for (uint32_t i = 0; i < j->options.port_count; i++) {
        const wasm_port_range_t *r = &j->options.ports[i];
        if ((r->access & access) != 0 && port >= r->base &&
            port + w <= (uint64_t)r->base + r->count) {
            return true;
        }
    }
    return false;
}

/*
 * edx holds a computed port: traps unless edx .. edx+w-1 lies in a range
 * with the access. Per range: r11d = edx - base; unsigned r11d < count-w+1
 * means inside (a port below base wraps to a large value).
 */
static void check_port_dx(jit_t *j, uint32_t w, uint32_t access) {
    struct x64_buf *b = &j->b;
    struct x64_label ok;
    x64_label_init(&ok);
    const wasm_port_range_t *last = NULL;
    for (uint32_t i = 0; i < j->options.port_count; i++) {
        const wasm_port_range_t *r = &j->options.ports[i];
        if ((r->access & access) == 0 || r->count < w) {
            continue;
        }
        if (last != NULL) {
            x64_jcc(b, X64_CC_B, &ok);
        }
        x64_mov_rr(b, X64_W32, JIT_SCRATCH, X64_RDX);
        x64_alu_ri(b, X64_SUB, X64_W32, JIT_SCRATCH, (int32_t)r->base);
        x64_alu_ri(b, X64_CMP, X64_W32, JIT_SCRATCH, (int32_t)(r->count - w + 1));
        last = r;
    }
    if (last == NULL) {
        char what[96];
        wasm_format(what, sizeof what, "%s of a computed port, but no port is granted for it",
                    access == WASM_PORT_WRITE ? "write" : "read");
        jit_fail(j, what);
        return;
    }
    jit_trap_if(j, X64_CC_AE, WASM_TRAP_PORT_DENIED);
    x64_bind(b, &ok);
}

bool jit_portio_call(jit_t *j, uint32_t func) {
    const struct port_import *p = port_import_of(j->m, func);
    if (p == NULL) {
        return false;
    }
    struct x64_buf *b = &j->b;
    uint32_t w = (uint32_t)p->size;
    /* The fixed registers are claimed first, so no operand is in them. */
    jit_claim_gpr(j, X64_RAX);
    jit_claim_gpr(j, X64_RDX);
    jit_val_t value = {0};
    if (p->out) {
        value = jit_pop(j);
    }
    jit_val_t port = jit_pop(j);
    bool imm = port.loc == JIT_CONST && port.imm < 0x100;
    if (port.loc == JIT_CONST) {
        if (!port_granted(j, port.imm, w, access_of(p))) {
            char what[96];
            wasm_format(what, sizeof what, "rz.%s of port 0x%x, which the grant does not allow",
                        p->name, (uint32_t)port.imm);
            jit_fail(j, what);
            return true;
        }
        if (!imm) {
            x64_mov_ri(b, X64_W32, X64_RDX, port.imm);
        }
    } else {
        jit_copy_to_reg(j, &port, X64_RDX);
        check_port_dx(j, w, access_of(p));
    }
    jit_release(j, port);
    if (p->out) {
        jit_copy_to_reg(j, &value, X64_RAX);
        jit_release(j, value);
        if (imm) {
            x64_out_imm(b, p->size, (uint8_t)port.imm);
        } else {
            x64_out_dx(b, p->size);
        }
        j->gpr_busy &= ~(1u << X64_RAX);
    } else {
        if (imm) {
            x64_in_imm(b, p->size, (uint8_t)port.imm);
        } else {
            x64_in_dx(b, p->size);
        }
        if (p->size != X64_S32) {
            x64_movzx(b, p->size, X64_RAX, X64_RAX);
        }
        jit_push_reg(j, WASM_I32, X64_RAX);
    }
    j->gpr_busy &= ~(1u << X64_RDX);
    return true;
}
