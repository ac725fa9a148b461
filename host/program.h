/*
 * A module file made runnable, for the subcommands that execute code
 * (`rz run`, `rz invoke`, `rz fuzz-exec`): read, decode, validate,
 * compile, link against a table of host functions and instantiate, with
 * each failure told apart, since callers react differently to a module
 * that is rejected, one the JIT cannot compile, and one that traps while
 * being instantiated. Also the one way a trap is printed.
 */
#ifndef RZ_HOST_PROGRAM_H
#define RZ_HOST_PROGRAM_H

#include <stdio.h>

#include "host_import.h"
#include "runtime/instance.h"
#include "rz.h"

typedef enum rz_open_status {
    RZ_OPEN_OK,
    RZ_OPEN_UNREADABLE,  /* the file could not be read */
    RZ_OPEN_REJECTED,    /* malformed or invalid */
    RZ_OPEN_UNSUPPORTED, /* valid, but the JIT or runtime cannot run it yet */
    RZ_OPEN_UNLINKABLE,  /* an import the host does not provide */
    RZ_OPEN_INSTANTIATE, /* instantiation failed (a segment out of bounds, a start trap) */
} rz_open_status_t;

typedef struct rz_program {
    rz_file_t file;
    wasm_module_t *module;
    wasm_loaded_t loaded;
    bool is_loaded;
    wasm_instance_t *instance;
} rz_program_t;

/* Opens `path` with imports from `host`. On anything but RZ_OPEN_OK,
 * `msg` says why and nothing needs closing. */
rz_open_status_t rz_program_open(rz_program_t *p, const char *path, const rz_host_func_t *host,
                                 size_t host_count, char *msg, size_t msg_size);
void rz_program_close(rz_program_t *p);

/* The index of export `name` of kind `kind`; false when there is none. */
bool rz_program_export(const rz_program_t *p, const char *name, wasm_extern_kind_t kind,
                       uint32_t *index);

/* Calls function `func` as wasm_invoke() does; vals needs
 * rz_program_vals(p, func) entries. */
bool rz_program_call(rz_program_t *p, uint32_t func, uint64_t *vals, wasm_trap_t *trap);
size_t rz_program_vals(const rz_program_t *p, uint32_t func);

/* Writes "NAME" for function `func`: its name-section name, else its
 * first export's name, else "func[N]". */
void rz_func_name(const wasm_module_t *m, uint32_t func, char *buf, size_t size);

/* Prints `trap: KIND in NAME+0xOFFSET` (offset from the start of the
 * function's body in the code section) and a newline. */
void rz_print_trap(FILE *out, const wasm_module_t *m, const wasm_trap_t *trap);

#endif
