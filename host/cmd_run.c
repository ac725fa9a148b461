/*
 * `rz run [--dir DIR]... FILE.wasm [ARGS...]`: runs a wasm32-wasi command.
 * The module's `_start` runs with WASI preview1 (host/wasi/), the guest's
 * argv being the file name and ARGS, its environment empty, and each DIR
 * preopened under its own name. The exit status is proc_exit's code, 0
 * when _start returns, 125 after a trap, 2 when the module cannot run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "wasi/wasi.h"

static int usage(void) {
    fprintf(stderr, "usage: rz run [--dir DIR]... FILE.wasm [ARGS...]\n");
    return RZ_EXIT_ERROR;
}

int rz_cmd_run(int argc, char **argv) {
    wasi_preopen_t *dirs = calloc((size_t)argc, sizeof *dirs);
    size_t ndirs = 0;
    if (dirs == NULL) {
        fprintf(stderr, "rz run: out of memory\n");
        return RZ_EXIT_ERROR;
    }
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            i++;
            dirs[ndirs++] = (wasi_preopen_t){argv[i], argv[i]};
        } else {
            free(dirs);
            return usage();
        }
    }
    if (i >= argc) {
        free(dirs);
        return usage();
    }
    const char *path = argv[i];
    wasi_t wasi;
    size_t failed;
    char *no_env[1] = {NULL};
    int error = wasi_init(&wasi, argc - i, argv + i, 0, no_env, dirs, ndirs, &failed);
    if (error != 0) {
        fprintf(stderr, "rz run: --dir %s: %s\n", dirs[failed].host_path, strerror(error));
        free(dirs);
        return RZ_EXIT_ERROR;
    }
    rz_program_t p;
    char msg[512];
    int status = RZ_EXIT_ERROR;
    uint32_t start;
    if (rz_program_open(&p, path, wasi_host_funcs, wasi_host_func_count, msg, sizeof msg) !=
        RZ_OPEN_OK) {
        fprintf(stderr, "rz run: %s\n", msg);
    } else if (!rz_program_export(&p, "_start", WASM_EXTERN_FUNC, &start) ||
               wasm_func_type(p.module, start)->param_count != 0 ||
               wasm_func_type(p.module, start)->result_count != 0) {
        fprintf(stderr, "rz run: %s: no export _start of type () -> ()\n", path);
        rz_program_close(&p);
    } else {
        uint64_t vals[1] = {0};
        wasm_trap_t trap;
        if (rz_program_call(&p, start, vals, &trap)) {
            status = RZ_EXIT_OK;
        } else if (trap.kind != WASM_TRAP_NONE) {
            fflush(stdout);
            rz_print_trap(stderr, p.module, &trap);
            status = RZ_EXIT_TRAP;
        } else {
            fprintf(stderr, "rz run: %s: _start cannot be called\n", path);
        }
        rz_program_close(&p);
    }
    wasi_free(&wasi);
    free(dirs);
    return status;
}
