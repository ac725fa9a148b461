/* Waiting, time and console syscalls (docs/syscalls.md: wait_one,
 * wait_many, clock_get, sleep_until, yield, debug_write). */
#include "kernel/sys.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/kmalloc.h"
#include "kernel/param.h"
#include "kernel/thread.h"
#include "kernel/wait.h"
#include "lib/string.h"

int32_t sys_wait_one(wasm_ctx_t *ctx, rz_handle_t handle, uint32_t signals, uint64_t deadline,
                     guest_addr_t observed) {
    void *slot = NULL;
    int err = observed == 0 ? RZ_OK : guest_range(ctx, observed, sizeof(uint32_t), &slot);
    struct kobject *obj;
    if (err == RZ_OK) {
        err = handle_get(sys_handles(ctx), handle, RZ_OBJ_NONE, RZ_RIGHT_WAIT, &obj, NULL);
    }
    if (err != RZ_OK) {
        return err;
    }
    uint32_t seen = 0;
    struct kobserver o;
    err = wait_objects(&obj, &signals, &seen, &o, 1, deadline);
    kobject_unref(obj);
    if (slot != NULL) {
        memcpy(slot, &seen, sizeof(seen));
    }
    return err;
}

/* wait_many's kernel-side state, one allocation. */
struct wait_many_state {
    rz_wait_item_t items[RZ_WAIT_MANY_MAX];
    struct kobject *objs[RZ_WAIT_MANY_MAX];
    uint32_t waitfor[RZ_WAIT_MANY_MAX];
    uint32_t observed[RZ_WAIT_MANY_MAX];
    struct kobserver obs[RZ_WAIT_MANY_MAX];
};

/* Looks every item's handle up. On error no reference is kept. */
static int wait_many_decode(struct handle_table *tab, struct wait_many_state *s, uint32_t count) {
    for (uint32_t i = 0; i < count; i++) {
        if (s->items[i].reserved != 0) {
            return RZ_ERR_INVALID_ARGS;
        }
    }
    for (uint32_t i = 0; i < count; i++) {
        int err = handle_get(tab, s->items[i].handle, RZ_OBJ_NONE, RZ_RIGHT_WAIT, &s->objs[i], NULL);
        if (err != RZ_OK) {
            while (i-- > 0) {
                kobject_unref(s->objs[i]);
            }
            return err;
        }
        s->waitfor[i] = s->items[i].waitfor;
    }
    return RZ_OK;
}

int32_t sys_wait_many(wasm_ctx_t *ctx, guest_addr_t items, uint32_t count, uint64_t deadline) {
    if (count > RZ_WAIT_MANY_MAX) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    void *kitems;
    int err = guest_array(ctx, items, count, sizeof(rz_wait_item_t), &kitems);
    if (err != RZ_OK) {
        return err;
    }
    if (count == 0) {
        return RZ_ERR_INVALID_ARGS;
    }
    struct wait_many_state *s = kmalloc(sizeof(*s));
    if (s == NULL) {
        return RZ_ERR_NO_MEMORY;
    }
    memcpy(s->items, kitems, count * sizeof(rz_wait_item_t));
    err = wait_many_decode(sys_handles(ctx), s, count);
    if (err == RZ_OK) {
        err = wait_objects(s->objs, s->waitfor, s->observed, s->obs, count, deadline);
        for (uint32_t i = 0; i < count; i++) {
            kobject_unref(s->objs[i]);
            s->items[i].observed = s->observed[i];
        }
        memcpy(kitems, s->items, count * sizeof(rz_wait_item_t));
    }
    kfree(s);
    return err;
}

uint64_t sys_clock_get(wasm_ctx_t *ctx) {
    return clock_ns();
}

int32_t sys_sleep_until(wasm_ctx_t *ctx, uint64_t deadline) {
    thread_sleep_until(deadline);
    return RZ_OK;
}

void sys_yield(wasm_ctx_t *ctx) {
    thread_yield();
}

int32_t sys_debug_write(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t num_bytes) {
    if (num_bytes > DEBUG_WRITE_MAX) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    void *text;
    int err = guest_range(ctx, bytes, num_bytes, &text);
    if (err == RZ_OK) {
        console_write(text, num_bytes);
    }
    return err;
}
