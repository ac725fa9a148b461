/*
 * `rz`: the engine's host tool. Validates modules, runs the WebAssembly
 * spec suite, measures decode+validate speed, and runs modules (WASI
 * commands, single exports, the differential tester's runs), all through
 * the same engine code the kernel runs. Each subcommand lives in its own file.
 */
#include <stdio.h>
#include <string.h>

#include "rz.h"

static const struct rz_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *args;
    const char *what;
} rz_commands[] = {
    {"validate", rz_cmd_validate, "FILE.wasm", "decode and validate one module"},
    {"wast", rz_cmd_wast, "FILE.wast [--ktap] [--bounds-checks]", "run one spec script"},
    {"spec", rz_cmd_spec, "[--ktap] [--bounds-checks] [DIR|FILE.wast...]",
     "run spec scripts (default: the suite)"},
    {"bench-validate", rz_cmd_bench_validate, "[--seconds S] [--json] FILE.wasm...",
     "decode+validate throughput"},
    {"bench-compile", rz_cmd_bench_compile, "[--seconds S] [--json] FILE.wasm...",
     "decode+validate+compile throughput"},
    {"run", rz_cmd_run, "[--dir DIR]... FILE.wasm [ARGS...]", "run a wasm32-wasi command"},
    {"invoke", rz_cmd_invoke, "FILE.wasm FUNC [ARGS...]", "call one exported function"},
    {"fuzz-exec", rz_cmd_fuzz_exec, "FILE.wasm",
     "call every export as binaryen's --fuzz-exec does, in its output format"},
    {"boot", rz_cmd_boot, "[--timeout S] FILE.wasm...",
     "run programs on the kernel in QEMU; exit with the first non-zero status"},
};

static int usage(void) {
    fprintf(stderr, "usage: rz COMMAND ARGS...\n");
    for (size_t i = 0; i < sizeof rz_commands / sizeof rz_commands[0]; i++) {
        const struct rz_command *c = &rz_commands[i];
        fprintf(stderr, "  rz %s %s\n      %s\n", c->name, c->args, c->what);
    }
    return RZ_EXIT_ERROR;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        return usage();
    }
    for (size_t i = 0; i < sizeof rz_commands / sizeof rz_commands[0]; i++) {
        if (strcmp(argv[1], rz_commands[i].name) == 0) {
            return rz_commands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "rz: unknown command '%s'\n", argv[1]);
    return usage();
}
