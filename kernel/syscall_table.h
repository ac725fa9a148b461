/*
 * The syscall link table: what the loader consults to link a module's
 * imports from module "rz". The table itself is generated from
 * include/abi/syscalls.def into build/gen/syscall_table.c (see
 * tools/gen-syscalls); this header and kernel/syscall.c are the fixed part.
 */
#ifndef RZ_KERNEL_SYSCALL_TABLE_H
#define RZ_KERNEL_SYSCALL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm.h"

#define SYSCALL_MAX_PARAMS 8

struct syscall_def {
    const char *name;     /* the import's field name */
    const void *fn;       /* calls sys_<name>(wasm_ctx_t *ctx, params...), then
                           * process_check_kill() */
    uint8_t param_count;
    uint8_t result_count; /* 0 or 1 */
    wasm_valtype_t types[SYSCALL_MAX_PARAMS + 1]; /* params, then the result */
};

/* Provided by the process code (kernel/process.h): unwinds the calling
 * process instead of returning into compiled code when it is being
 * killed. The generated table calls it after every syscall, so that no
 * sys_* function has to remember it. */
void process_check_kill(void);

extern const struct syscall_def syscall_table[];
extern const size_t syscall_count;

/* The entry named name[0..len), or NULL. */
const struct syscall_def *syscall_find(const struct syscall_def *table, size_t count,
                                       const char *name, size_t len);

/* Whether an import declared with type t may be linked to def. */
bool syscall_type_matches(const struct syscall_def *def, const wasm_functype_t *t);

#endif
