/* Event, signal and timer syscalls (docs/syscalls.md: event_create,
 * object_signal, timer_create, timer_set, timer_cancel). */
#include "kernel/sys.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "kernel/event.h"
#include "kernel/ktimer.h"

int32_t sys_event_create(wasm_ctx_t *ctx, guest_addr_t out) {
    void *slot;
    struct kobject *obj;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &slot);
    if (err == RZ_OK) {
        err = event_create(&obj);
    }
    if (err == RZ_OK) {
        err = sys_give_handle(ctx, obj, RZ_DEFAULT_EVENT_RIGHTS, slot);
    }
    return err;
}

int32_t sys_object_signal(wasm_ctx_t *ctx, rz_handle_t handle, uint32_t clear_mask,
                          uint32_t set_mask) {
    struct kobject *obj;
    int err = handle_get(sys_handles(ctx), handle, RZ_OBJ_NONE, RZ_RIGHT_SIGNAL, &obj, NULL);
    if (err != RZ_OK) {
        return err;
    }
    if (obj->type != RZ_OBJ_EVENT && obj->type != RZ_OBJ_CHANNEL) {
        err = RZ_ERR_WRONG_TYPE;
    } else if (((clear_mask | set_mask) & ~RZ_SIG_USER_ALL) != 0) {
        err = RZ_ERR_INVALID_ARGS;
    } else {
        kobject_signal(obj, clear_mask, set_mask);
    }
    kobject_unref(obj);
    return err;
}

int32_t sys_timer_create(wasm_ctx_t *ctx, guest_addr_t out) {
    void *slot;
    struct kobject *obj;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &slot);
    if (err == RZ_OK) {
        err = ktimer_create(&obj);
    }
    if (err == RZ_OK) {
        err = sys_give_handle(ctx, obj, RZ_DEFAULT_TIMER_RIGHTS, slot);
    }
    return err;
}

int32_t sys_timer_set(wasm_ctx_t *ctx, rz_handle_t handle, uint64_t deadline) {
    struct kobject *obj;
    int err = handle_get(sys_handles(ctx), handle, RZ_OBJ_TIMER, RZ_RIGHT_WRITE, &obj, NULL);
    if (err == RZ_OK) {
        ktimer_set(obj, deadline);
        kobject_unref(obj);
    }
    return err;
}

int32_t sys_timer_cancel(wasm_ctx_t *ctx, rz_handle_t handle) {
    struct kobject *obj;
    int err = handle_get(sys_handles(ctx), handle, RZ_OBJ_TIMER, RZ_RIGHT_WRITE, &obj, NULL);
    if (err == RZ_OK) {
        ktimer_cancel(obj);
        kobject_unref(obj);
    }
    return err;
}
