/*
 * The process syscalls (include/abi/syscalls.def, owner process). Each is
 * decoded (guest ranges, sizes, handles, rights) before anything happens.
 * The generated link table calls process_check_kill after each, so killing
 * the caller's own process does not return.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/args.h"
#include "kernel/console.h"
#include "kernel/loader.h"
#include "kernel/process.h"
#include "kernel/process_console.h"
#include "kernel/sys.h"
#include "lib/string.h"

void sys_process_exit(wasm_ctx_t *ctx, int32_t status) {
    process_exit(process_from_ctx(ctx), status);
}

int32_t sys_process_kill(wasm_ctx_t *ctx, rz_handle_t handle) {
    struct kobject *obj;
    int err = handle_get(sys_handles(ctx), handle, RZ_OBJ_PROCESS, RZ_RIGHT_MANAGE, &obj, NULL);
    if (err != RZ_OK) {
        return err;
    }
    process_kill((struct process *)obj);
    kobject_unref(obj);
    return RZ_OK;
}

int32_t sys_process_info(wasm_ctx_t *ctx, rz_handle_t handle, guest_addr_t info,
                         uint32_t info_len) {
    struct kobject *obj;
    int err = handle_get(sys_handles(ctx), handle, RZ_OBJ_PROCESS, RZ_RIGHT_INSPECT, &obj, NULL);
    if (err != RZ_OK) {
        return err;
    }
    rz_process_info_t snapshot;
    void *out;
    if (info_len < sizeof snapshot) {
        err = RZ_ERR_BUFFER_TOO_SMALL;
    } else {
        err = guest_range(ctx, info, info_len, &out);
    }
    if (err == RZ_OK) {
        process_info((struct process *)obj, &snapshot);
        memcpy(out, &snapshot, sizeof snapshot);
    }
    kobject_unref(obj);
    return err;
}

/* Checks that hs[0..n) can be moved out of t, under t's lock; when take
 * is set, also moves them into out. */
static int check_take(struct handle_table *t, const rz_handle_t *hs, uint32_t n, bool take,
                      struct handle_transfer *out) {
    uint64_t flags = handle_table_lock(t);
    int err = handle_check_take_locked(t, hs, n, NULL, NULL);
    if (err == RZ_OK && take) {
        handle_take_locked(t, hs, n, out);
    }
    handle_table_unlock(t, flags);
    return err;
}

/*
 * Decoding order: sizes, guest ranges, arguments, the program, the moved
 * handles; then the process is created, the caller's handle to it
 * allocated, and only then the handles moved (all or nothing, except when
 * the last step, the new process's thread, finds no memory: the process
 * then ends at once and the moved handles close with it). Arguments are
 * copied before they are checked, since guest memory may change under us.
 */
int32_t sys_process_spawn(wasm_ctx_t *ctx, guest_addr_t name, uint32_t name_len, guest_addr_t args,
                          uint32_t args_len, guest_addr_t handles, uint32_t num_handles,
                          guest_addr_t out) {
    if (num_handles > RZ_CHANNEL_MAX_HANDLES || args_len > RZ_PROCESS_ARGS_MAX) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    void *kname, *kargs, *khandles, *kout;
    int err = guest_range(ctx, name, name_len, &kname);
    if (err == RZ_OK) {
        err = guest_range(ctx, args, args_len, &kargs);
    }
    if (err == RZ_OK) {
        err = guest_array(ctx, handles, num_handles, sizeof(rz_handle_t), &khandles);
    }
    if (err == RZ_OK) {
        err = guest_range(ctx, out, sizeof(rz_handle_t), &kout);
    }
    if (err != RZ_OK) {
        return err;
    }
    char kargs_copy[RZ_PROCESS_ARGS_MAX];
    memcpy(kargs_copy, kargs, args_len);
    if (!args_well_formed(kargs_copy, args_len)) {
        return RZ_ERR_INVALID_ARGS;
    }
    char path[ARCHIVE_NAME_MAX];
    struct archive_entry program;
    if (!loader_find_named(kname, name_len, path, &program)) {
        return RZ_ERR_NOT_FOUND;
    }
    /* A private copy: guest memory may change under us. */
    rz_handle_t hs[RZ_CHANNEL_MAX_HANDLES];
    if (num_handles > 0) {
        memcpy(hs, khandles, num_handles * sizeof(rz_handle_t));
    }
    struct handle_table *tab = sys_handles(ctx);
    err = check_take(tab, hs, num_handles, false, NULL);
    if (err != RZ_OK) {
        return err;
    }
    wasm_error_t werr;
    struct process *child =
        process_spawn(loader_program_name(path), program.data, (size_t)program.size, &werr);
    if (child == NULL) {
        kprintf("process_spawn: %s: %s\n", path, werr.message); /* the detail a status lacks */
        return RZ_ERR_INVALID_ARGS;
    }
    process_set_args(child, kargs_copy, args_len);
    process_set_parent(child, process_from_ctx(ctx));
    process_console_inherit(child, process_from_ctx(ctx));
    rz_handle_t child_handle;
    err = handle_alloc(tab, &child->obj, RZ_DEFAULT_PROCESS_RIGHTS, &child_handle);
    struct handle_transfer moved[RZ_CHANNEL_MAX_HANDLES];
    if (err == RZ_OK) {
        /* Checked again under the lock that moves them. */
        err = check_take(tab, hs, num_handles, true, moved);
        if (err != RZ_OK) {
            handle_close(tab, child_handle);
        }
    }
    if (err != RZ_OK) {
        process_release(child);
        return err;
    }
    uint64_t flags = handle_table_lock(&child->handles);
    rz_handle_t installed[RZ_CHANNEL_MAX_HANDLES];
    handle_install_locked(&child->handles, moved, num_handles, installed);
    handle_table_unlock(&child->handles, flags);
    /* Not started yet: nothing else sees the child's startup list. */
    memcpy(child->startup, installed, num_handles * sizeof(rz_handle_t));
    child->num_startup = num_handles;
    if (!process_start(child)) {
        process_kill(child); /* never ran: ends at once, closing the moved handles */
        handle_close(tab, child_handle);
        process_release(child);
        return RZ_ERR_NO_MEMORY;
    }
    memcpy(kout, &child_handle, sizeof child_handle);
    process_release(child); /* the caller's handle and the thread keep it */
    return RZ_OK;
}

int32_t sys_process_args(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t bytes_cap,
                         guest_addr_t actual) {
    void *kbytes, *kactual;
    int err = guest_range(ctx, bytes, bytes_cap, &kbytes);
    if (err == RZ_OK) {
        err = guest_range(ctx, actual, sizeof(uint32_t), &kactual);
    }
    if (err != RZ_OK) {
        return err;
    }
    const struct process *p = process_from_ctx(ctx);
    memcpy(kactual, &p->args_len, sizeof p->args_len);
    if (bytes_cap < p->args_len) {
        return RZ_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(kbytes, p->args, p->args_len);
    return RZ_OK;
}

int32_t sys_process_list(wasm_ctx_t *ctx, uint32_t first_pid, guest_addr_t entries,
                         uint32_t max_entries, guest_addr_t actual) {
    if (max_entries > RZ_PROCESS_LIST_MAX) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    void *kentries, *kactual;
    int err = guest_array(ctx, entries, max_entries, sizeof(rz_process_entry_t), &kentries);
    if (err == RZ_OK) {
        err = guest_range(ctx, actual, sizeof(uint32_t), &kactual);
    }
    if (err != RZ_OK) {
        return err;
    }
    rz_process_entry_t list[RZ_PROCESS_LIST_MAX];
    uint32_t n = (uint32_t)process_list(first_pid, list, max_entries);
    memcpy(kentries, list, n * sizeof list[0]);
    memcpy(kactual, &n, sizeof n);
    return RZ_OK;
}

int32_t sys_process_open(wasm_ctx_t *ctx, uint32_t pid, uint32_t rights, guest_addr_t out) {
    void *kout;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &kout);
    if (err != RZ_OK) {
        return err;
    }
    if ((rights & ~RZ_DEFAULT_PROCESS_RIGHTS) != 0) {
        return RZ_ERR_INVALID_ARGS;
    }
    struct process *p;
    err = process_open(process_from_ctx(ctx), pid, &p);
    if (err != RZ_OK) {
        return err;
    }
    rz_handle_t h;
    err = handle_alloc(sys_handles(ctx), &p->obj, rights, &h);
    process_release(p); /* the handle holds its own reference */
    if (err == RZ_OK) {
        memcpy(kout, &h, sizeof h);
    }
    return err;
}

/* Hands out startup handle `index` once; see process_spawn above for how
 * the list is filled. */
int32_t sys_startup_handle(wasm_ctx_t *ctx, uint32_t index, guest_addr_t out) {
    void *kout;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &kout);
    if (err != RZ_OK) {
        return err;
    }
    struct process *p = process_from_ctx(ctx);
    rz_handle_t h = RZ_HANDLE_INVALID;
    uint64_t flags = spin_lock_irqsave(&p->lock);
    if (index < p->num_startup) {
        h = p->startup[index];
        p->startup[index] = RZ_HANDLE_INVALID;
    }
    spin_unlock_irqrestore(&p->lock, flags);
    if (h == RZ_HANDLE_INVALID) {
        return RZ_ERR_NOT_FOUND;
    }
    memcpy(kout, &h, sizeof h);
    return RZ_OK;
}
