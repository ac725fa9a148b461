/*
 * memory_stats, archive_list and archive_read (include/abi/syscalls.def):
 * what the shell's mem and ls show, and how init reads boot.conf. Each
 * decodes its buffers whole (size, then guest range) before it reads any
 * kernel state.
 */
#include "abi/errors.h"
#include "abi/types.h"
#include "arch/x86_64/io.h"
#include "kernel/archive.h"
#include "kernel/guest.h"
#include "kernel/kmalloc.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "lib/string.h"
#include "syscalls_kernel.h"

_Static_assert(ARCHIVE_NAME_MAX - 1 <= RZ_ARCHIVE_NAME_MAX, "archive names fit rz_archive_entry_t");

int32_t sys_memory_stats(wasm_ctx_t *ctx, guest_addr_t stats, uint32_t stats_len) {
    rz_memory_stats_t s;
    void *out;
    if (stats_len < sizeof s) {
        return RZ_ERR_BUFFER_TOO_SMALL;
    }
    int err = guest_range(ctx, stats, stats_len, &out);
    if (err != RZ_OK) {
        return err;
    }
    /* The allocators change with interrupts disabled: one consistent moment. */
    uint64_t flags = irq_save();
    s.frames_free = pmm_free_count(&mm_frames);
    s.frames_used = pmm_used_count(&mm_frames);
    s.frames_total = pmm_total_count(&mm_frames);
    s.heap_bytes = kernel_heap.bytes_live;
    irq_restore(flags);
    memcpy(out, &s, sizeof s);
    return RZ_OK;
}

int32_t sys_archive_list(wasm_ctx_t *ctx, uint32_t index, guest_addr_t entry,
                         uint32_t entry_len) {
    rz_archive_entry_t e;
    void *out;
    if (entry_len < sizeof e) {
        return RZ_ERR_BUFFER_TOO_SMALL;
    }
    int err = guest_range(ctx, entry, entry_len, &out);
    if (err != RZ_OK) {
        return err;
    }
    const uint8_t *base;
    size_t size;
    if (!loader_boot_archive(&base, &size)) {
        return RZ_ERR_NOT_FOUND;
    }
    struct archive_cursor c;
    struct archive_entry a;
    uint32_t seen = 0;
    archive_begin(&c, base, size);
    while (archive_next(&c, &a) == ARCHIVE_OK) {
        if (a.type != '0') {
            continue;
        }
        if (seen++ == index) {
            memset(&e, 0, sizeof e);
            e.size = a.size;
            e.name_len = (uint32_t)strlen(a.name);
            memcpy(e.name, a.name, e.name_len);
            memcpy(out, &e, sizeof e);
            return RZ_OK;
        }
    }
    return RZ_ERR_NOT_FOUND;
}

int32_t sys_archive_read(wasm_ctx_t *ctx, guest_addr_t name, uint32_t name_len, uint64_t offset,
                         guest_addr_t bytes, uint32_t cap, guest_addr_t actual) {
    void *kname, *kbytes, *kactual;
    int err = guest_range(ctx, name, name_len, &kname);
    if (err == RZ_OK) {
        err = guest_range(ctx, bytes, cap, &kbytes);
    }
    if (err == RZ_OK) {
        err = guest_range(ctx, actual, sizeof(uint32_t), &kactual);
    }
    if (err != RZ_OK) {
        return err;
    }
    char path[ARCHIVE_NAME_MAX];
    struct archive_entry e;
    if (!loader_find_named(kname, name_len, path, &e)) {
        return RZ_ERR_NOT_FOUND;
    }
    if (offset > e.size) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    uint32_t n = e.size - offset < cap ? (uint32_t)(e.size - offset) : cap;
    memcpy(kbytes, e.data + offset, n);
    memcpy(kactual, &n, sizeof n);
    return RZ_OK;
}
