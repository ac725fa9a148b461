/*
 * `rz fuzz-exec FILE.wasm`: what binaryen's `wasm-opt --fuzz-exec-before`
 * does with a module made by `wasm-opt -ttf`, in the same output format, so
 * tests/diff/ can compare the two line by line:
 *
 *   [fuzz-exec] calling NAME                    for each exported function, in order
 *   [LoggingExternalInterface logging V...]     each call of a fuzzing-support import
 *   [fuzz-exec] note result: NAME => VALUE      when it returns a value ("(V, V)" for several)
 *   [trap KIND]                                 when it traps (the call ends)
 *
 * Before each call `hangLimitInitializer` runs when exported (it resets the
 * global that bounds loops and recursion); parameters are zeros; the
 * instance lives on across calls and traps, as in binaryen. log-i64 prints
 * its value as two signed i32 halves, low first, like binaryen's logger.
 * Values are printed by value_text.c, except that a finite f32 is printed
 * as the f64 it widens to, as binaryen does; binaryen spells floats with
 * the fewest digits that read back, value_text.c with %.17g, so the
 * comparison parses both.
 *
 * Exit status: 0 after calling everything, 3 when the module cannot be
 * compiled or run yet ("unsupported" for the tester), 2 for other errors.
 * An instantiation that traps prints nothing more, as binaryen does.
 */
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "value_text.h"

static void format(wasm_valtype_t type, uint64_t bits, char *text, size_t size) {
    uint32_t b32 = (uint32_t)bits;
    float f;
    memcpy(&f, &b32, 4);
    if (type == WASM_F32 && f - f == 0) { /* finite */
        double d = f;
        memcpy(&bits, &d, 8);
        type = WASM_F64;
    }
    rz_value_format(type, bits, text, size);
}

static void log_value(wasm_valtype_t type, uint64_t bits) {
    char text[64];
    format(type, bits, text, sizeof text);
    printf("[LoggingExternalInterface logging %s]\n", text);
}

static void log_i32(wasm_ctx_t *ctx, uint32_t v) {
    log_value(WASM_I32, v);
}

static void log_i64(wasm_ctx_t *ctx, uint64_t v) {
    printf("[LoggingExternalInterface logging %d %d]\n", (int32_t)(uint32_t)v,
           (int32_t)(uint32_t)(v >> 32));
}

static void log_f32(wasm_ctx_t *ctx, float v) {
    uint32_t b;
    memcpy(&b, &v, 4);
    log_value(WASM_F32, b);
}

static void log_f64(wasm_ctx_t *ctx, double v) {
    uint64_t b;
    memcpy(&b, &v, 8);
    log_value(WASM_F64, b);
}

static const rz_host_func_t fuzz_imports[] = {
    {"fuzzing-support", "log-i32", "i:", (const void *)log_i32},
    {"fuzzing-support", "log-i64", "I:", (const void *)log_i64},
    {"fuzzing-support", "log-f32", "f:", (const void *)log_f32},
    {"fuzzing-support", "log-f64", "F:", (const void *)log_f64},
};

/* Calls func with zero arguments; false after a trap (printed). */
static bool call_zero(rz_program_t *p, uint32_t func, uint64_t *vals) {
    size_t n = rz_program_vals(p, func);
    memset(vals, 0, n * sizeof *vals);
    wasm_trap_t trap;
    if (rz_program_call(p, func, vals, &trap)) {
        return true;
    }
    printf("[trap %s]\n",
           trap.kind != WASM_TRAP_NONE ? wasm_trap_message(trap.kind) : "cannot be called");
    return false;
}

static int run_exports(rz_program_t *p) {
    const wasm_module_t *m = p->module;
    uint32_t hang_init;
    bool has_hang = rz_program_export(p, "hangLimitInitializer", WASM_EXTERN_FUNC, &hang_init);
    size_t most = 1;
    for (uint32_t f = 0; f < m->func_count; f++) {
        size_t n = rz_program_vals(p, f);
        most = n > most ? n : most;
    }
    uint64_t *vals = calloc(most, sizeof *vals);
    if (vals == NULL) {
        fprintf(stderr, "rz fuzz-exec: out of memory\n");
        return RZ_EXIT_ERROR;
    }
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *e = &m->exports[i];
        if (e->kind != WASM_EXTERN_FUNC) {
            continue;
        }
        printf("[fuzz-exec] calling %.*s\n", (int)e->name.len, e->name.bytes);
        if (has_hang && !call_zero(p, hang_init, vals)) {
            continue;
        }
        if (!call_zero(p, e->index, vals)) {
            continue;
        }
        const wasm_functype_t *t = wasm_func_type(m, e->index);
        if (t->result_count == 0) {
            continue;
        }
        /* Several results print as binaryen prints a tuple: "(a, b)". */
        printf("[fuzz-exec] note result: %.*s => %s", (int)e->name.len, e->name.bytes,
               t->result_count > 1 ? "(" : "");
        for (uint32_t r = 0; r < t->result_count; r++) {
            char text[64];
            format(t->types[t->param_count + r], vals[r], text, sizeof text);
            printf("%s%s", r > 0 ? ", " : "", text);
        }
        printf("%s\n", t->result_count > 1 ? ")" : "");
    }
    free(vals);
    return RZ_EXIT_OK;
}

int rz_cmd_fuzz_exec(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: rz fuzz-exec FILE.wasm\n");
        return RZ_EXIT_ERROR;
    }
    rz_program_t p;
    char msg[512];
    switch (rz_program_open(&p, argv[1], fuzz_imports, sizeof fuzz_imports / sizeof fuzz_imports[0],
                            msg, sizeof msg)) {
    case RZ_OPEN_OK:
        break;
    case RZ_OPEN_INSTANTIATE:
        fprintf(stderr, "rz fuzz-exec: %s\n", msg);
        return RZ_EXIT_OK;
    case RZ_OPEN_UNSUPPORTED:
    case RZ_OPEN_UNLINKABLE:
        fprintf(stderr, "rz fuzz-exec: unsupported: %s\n", msg);
        return RZ_EXIT_UNSUPPORTED;
    default:
        fprintf(stderr, "rz fuzz-exec: %s\n", msg);
        return RZ_EXIT_ERROR;
    }
    int status = run_exports(&p);
    rz_program_close(&p);
    fflush(stdout);
    return status;
}
