/*
 * `rz invoke FILE.wasm FUNC [ARGS...]`: instantiates a module that has no
 * imports, calls its exported function FUNC with ARGS (parsed by parameter
 * type, value_text.h) and prints each result on its own line as
 * `TYPE:VALUE` (`i32:-1`, `f64:1.5`). A trap prints `trap: KIND in
 * NAME+0xOFFSET` on stderr and exits 125.
 */
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "value_text.h"

static int call(rz_program_t *p, const char *func_name, int argc, char **argv) {
    uint32_t func;
    if (!rz_program_export(p, func_name, WASM_EXTERN_FUNC, &func)) {
        fprintf(stderr, "rz invoke: no exported function '%s'\n", func_name);
        return RZ_EXIT_ERROR;
    }
    const wasm_functype_t *type = wasm_func_type(p->module, func);
    if ((uint32_t)argc != type->param_count) {
        fprintf(stderr, "rz invoke: %s takes %u arguments, %d given\n", func_name,
                type->param_count, argc);
        return RZ_EXIT_ERROR;
    }
    uint64_t *vals = calloc(rz_program_vals(p, func), sizeof *vals);
    if (vals == NULL) {
        fprintf(stderr, "rz invoke: out of memory\n");
        return RZ_EXIT_ERROR;
    }
    for (int i = 0; i < argc; i++) {
        if (!rz_value_parse(type->types[i], argv[i], &vals[i])) {
            fprintf(stderr, "rz invoke: argument %d: '%s' is not an %s\n", i + 1, argv[i],
                    wasm_valtype_name(type->types[i]));
            free(vals);
            return RZ_EXIT_ERROR;
        }
    }
    wasm_trap_t trap;
    int status = RZ_EXIT_OK;
    if (rz_program_call(p, func, vals, &trap)) {
        for (uint32_t i = 0; i < type->result_count; i++) {
            wasm_valtype_t t = type->types[type->param_count + i];
            char text[64];
            rz_value_format(t, vals[i], text, sizeof text);
            printf("%s:%s\n", wasm_valtype_name(t), text);
        }
    } else if (trap.kind != WASM_TRAP_NONE) {
        fflush(stdout);
        rz_print_trap(stderr, p->module, &trap);
        status = RZ_EXIT_TRAP;
    } else {
        fprintf(stderr, "rz invoke: %s cannot be called from C\n", func_name);
        status = RZ_EXIT_ERROR;
    }
    free(vals);
    return status;
}

int rz_cmd_invoke(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rz invoke FILE.wasm FUNC [ARGS...]\n");
        return RZ_EXIT_ERROR;
    }
    rz_program_t p;
    char msg[512];
    if (rz_program_open(&p, argv[1], NULL, 0, msg, sizeof msg) != RZ_OPEN_OK) {
        fprintf(stderr, "rz invoke: %s\n", msg);
        return RZ_EXIT_ERROR;
    }
    int status = call(&p, argv[2], argc - 3, argv + 3);
    rz_program_close(&p);
    return status;
}
