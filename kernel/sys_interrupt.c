/* Interrupt syscalls (docs/syscalls.md: interrupt_create, interrupt_ack;
 * docs/drivers.md). */
#include "kernel/sys.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/driver.h"
#include "kernel/interrupt.h"
#include "kernel/process.h"

int32_t sys_interrupt_create(wasm_ctx_t *ctx, uint32_t line, guest_addr_t out) {
    void *slot;
    struct kobject *obj;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &slot);
    if (err == RZ_OK && !driver_holds_irq(process_from_ctx(ctx), line)) {
        err = RZ_ERR_ACCESS_DENIED;
    }
    if (err == RZ_OK) {
        err = interrupt_create(line, &obj);
    }
    if (err == RZ_OK) {
        err = sys_give_handle(ctx, obj, RZ_DEFAULT_INTERRUPT_RIGHTS, slot);
    }
    return err;
}

int32_t sys_interrupt_ack(wasm_ctx_t *ctx, rz_handle_t handle) {
    struct kobject *obj;
    int err = handle_get(sys_handles(ctx), handle, RZ_OBJ_INTERRUPT, RZ_RIGHT_WRITE, &obj, NULL);
    if (err == RZ_OK) {
        interrupt_ack(obj);
        kobject_unref(obj);
    }
    return err;
}
