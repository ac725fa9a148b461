/*
 * service_register and service_connect (include/abi/syscalls.def): the
 * decoding; the registry itself is kernel/service.c.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/process.h"
#include "kernel/service.h"
#include "kernel/sys.h"
#include "lib/string.h"

/* Copies a valid service name out of guest memory into name (NUL-terminated). */
static int decode_name(wasm_ctx_t *ctx, guest_addr_t addr, uint32_t len,
                       char name[RZ_SERVICE_NAME_MAX + 1]) {
    void *k;
    int err = guest_range(ctx, addr, len, &k);
    if (err != RZ_OK) {
        return err;
    }
    if (len == 0 || len > RZ_SERVICE_NAME_MAX) {
        return RZ_ERR_INVALID_ARGS;
    }
    memcpy(name, k, len); /* a private copy: guest memory may change */
    name[len] = '\0';
    return service_name_ok(name, len) ? RZ_OK : RZ_ERR_INVALID_ARGS;
}

int32_t sys_service_register(wasm_ctx_t *ctx, guest_addr_t name, uint32_t name_len,
                             guest_addr_t out) {
    char kname[RZ_SERVICE_NAME_MAX + 1];
    void *kout;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &kout);
    if (err == RZ_OK) {
        err = decode_name(ctx, name, name_len, kname);
    }
    if (err != RZ_OK) {
        return err;
    }
    struct process *p = process_from_ctx(ctx);
    struct kobject *listener;
    err = service_register(p->name, &p->obj, kname, &listener);
    if (err != RZ_OK) {
        return err;
    }
    return sys_give_handle(ctx, listener, SERVICE_LISTENER_RIGHTS, kout);
}

int32_t sys_service_connect(wasm_ctx_t *ctx, guest_addr_t name, uint32_t name_len,
                            uint64_t deadline, guest_addr_t out) {
    char kname[RZ_SERVICE_NAME_MAX + 1];
    void *kout;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &kout);
    if (err == RZ_OK) {
        err = decode_name(ctx, name, name_len, kname);
    }
    if (err != RZ_OK) {
        return err;
    }
    struct kobject *client;
    err = service_connect(kname, deadline, &client);
    if (err != RZ_OK) {
        return err;
    }
    return sys_give_handle(ctx, client, RZ_DEFAULT_CHANNEL_RIGHTS, kout);
}
