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

/* Decodes the arguments both calls share: the 4-byte out slot, then a
 * valid service name copied out of guest memory (NUL-terminated). */
static int decode(wasm_ctx_t *ctx, guest_addr_t name, uint32_t len, guest_addr_t out,
                  char kname[RZ_SERVICE_NAME_MAX + 1], void **kout) {
    void *k;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), kout);
    if (err == RZ_OK) {
        err = guest_range(ctx, name, len, &k);
    }
    if (err != RZ_OK) {
        return err;
    }
    if (len == 0 || len > RZ_SERVICE_NAME_MAX) {
        return RZ_ERR_INVALID_ARGS;
    }
    memcpy(kname, k, len); /* a private copy: guest memory may change */
    kname[len] = '\0';
    return service_name_ok(kname, len) ? RZ_OK : RZ_ERR_INVALID_ARGS;
}

int32_t sys_service_register(wasm_ctx_t *ctx, guest_addr_t name, uint32_t name_len,
                             guest_addr_t out) {
    char kname[RZ_SERVICE_NAME_MAX + 1];
    void *kout;
    struct process *p = process_from_ctx(ctx);
    struct kobject *listener;
    int err = decode(ctx, name, name_len, out, kname, &kout);
    if (err == RZ_OK) {
        err = service_register(p->name, &p->obj, kname, &listener);
    }
    return err == RZ_OK ? sys_give_handle(ctx, listener, SERVICE_LISTENER_RIGHTS, kout) : err;
}

int32_t sys_service_connect(wasm_ctx_t *ctx, guest_addr_t name, uint32_t name_len,
                            uint64_t deadline, guest_addr_t out) {
    char kname[RZ_SERVICE_NAME_MAX + 1];
    void *kout;
    struct kobject *client;
    int err = decode(ctx, name, name_len, out, kname, &kout);
    if (err == RZ_OK) {
        err = service_connect(kname, deadline, &client);
    }
    return err == RZ_OK ? sys_give_handle(ctx, client, RZ_DEFAULT_CHANNEL_RIGHTS, kout) : err;
}
