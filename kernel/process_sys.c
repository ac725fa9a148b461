/*
 * The process syscalls (include/abi/syscalls.def, owner process): decoded
 * (handle, type, rights) before anything happens.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/process.h"
#include "kernel/sys.h"

void sys_process_exit(wasm_ctx_t *ctx, int32_t status) {
    process_exit(process_from_ctx(ctx), status);
}

int32_t sys_process_kill(wasm_ctx_t *ctx, rz_handle_t handle) {
    struct kobject *obj;
    int err = handle_get(sys_handles(ctx), handle, RZ_OBJ_PROCESS, RZ_RIGHT_MANAGE, &obj, NULL);
    if (err != RZ_OK) {
        return err;
    }
    struct process *victim = (struct process *)obj;
    process_kill(victim);
    kobject_unref(obj);
    process_check_kill(); /* killing oneself does not return */
    return RZ_OK;
}
