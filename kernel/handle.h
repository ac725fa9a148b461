/*
 * Handle tables: a process's names for kernel objects, each with rights.
 *
 * A handle value is (generation << HANDLE_TABLE_BITS) | slot, never 0 and
 * below 2^31. Closing a handle bumps its slot's generation and puts the
 * slot at the tail of a FIFO free list, so a stale value stays
 * RZ_ERR_BAD_HANDLE until the slot has been reused 2^21 times, instead of
 * naming somebody else's object.
 *
 * A table entry holds one reference and one "handle" count on its object
 * (kobject_handle_added). Moving handles through a channel takes entries
 * out with both counts (struct handle_transfer) and installs them in the
 * reader's table unchanged; rights travel with them.
 *
 * Lock order: handle table lock, then a channel's lock, then kobject_lock.
 * Dropping a handle's counts happens after the table lock is released
 * (on_last_handle may take other locks).
 */
#ifndef RZ_KERNEL_HANDLE_H
#define RZ_KERNEL_HANDLE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/types.h"
#include "kernel/object.h"
#include "kernel/param.h"
#include "kernel/spinlock.h"

struct handle_entry {
    struct kobject *obj; /* NULL when free */
    uint32_t rights;
    uint32_t gen;       /* generation of the slot, 1..HANDLE_GEN_MAX */
    uint32_t next_free; /* free list link while free */
};

struct handle_table {
    spinlock_t lock;
    /* Everything below is guarded by lock. */
    uint32_t free_head, free_tail; /* HANDLE_TABLE_CAPACITY when empty */
    uint32_t free_count;
    struct handle_entry entries[HANDLE_TABLE_CAPACITY];
};

/* A handle out of any table: one reference and one handle count. */
struct handle_transfer {
    struct kobject *obj;
    uint32_t rights;
};

void handle_table_init(struct handle_table *t);
/* Closes every handle; the table can be initialized again afterwards. */
void handle_table_destroy(struct handle_table *t);

/* Adds a handle (taking a reference of its own) to obj.
 * Errors: RZ_ERR_NO_RESOURCES when the table is full. */
int handle_alloc(struct handle_table *t, struct kobject *obj, uint32_t rights, rz_handle_t *out);

/*
 * Looks h up and takes a reference for the caller (kobject_unref when
 * done). type RZ_OBJ_NONE accepts any type. *rights_out may be NULL.
 * Errors, in order: RZ_ERR_BAD_HANDLE, RZ_ERR_WRONG_TYPE,
 * RZ_ERR_ACCESS_DENIED (a right in rights_needed is missing).
 */
int handle_get(struct handle_table *t, rz_handle_t h, uint32_t type, uint32_t rights_needed,
               struct kobject **out, uint32_t *rights_out);

/* Errors: RZ_ERR_BAD_HANDLE. */
int handle_close(struct handle_table *t, rz_handle_t h);

/* Errors, in order: RZ_ERR_BAD_HANDLE, RZ_ERR_ACCESS_DENIED (no DUPLICATE
 * right), RZ_ERR_INVALID_ARGS (rights not a subset), RZ_ERR_NO_RESOURCES. */
int handle_duplicate(struct handle_table *t, rz_handle_t h, uint32_t rights, rz_handle_t *out);

/* Same slot, next generation, fewer rights; cannot fail halfway.
 * Errors, in order: RZ_ERR_BAD_HANDLE, RZ_ERR_INVALID_ARGS. */
int handle_replace(struct handle_table *t, rz_handle_t h, uint32_t rights, rz_handle_t *out);

/* Moving handles, in steps that let a caller make a whole operation
 * atomic under the table lock (see channel.c). */
uint64_t handle_table_lock(struct handle_table *t);
void handle_table_unlock(struct handle_table *t, uint64_t flags);

/* Checks that hs[0..n) can all be taken: live, RZ_RIGHT_TRANSFER, none
 * naming forbidden_a or forbidden_b, no value twice. Errors, in order per handle:
 * RZ_ERR_BAD_HANDLE, RZ_ERR_INVALID_ARGS (forbidden or repeated),
 * RZ_ERR_ACCESS_DENIED. Locks: t->lock held. */
int handle_check_take_locked(struct handle_table *t, const rz_handle_t *hs, size_t n,
                             const struct kobject *forbidden_a, const struct kobject *forbidden_b);
/* Requires: handle_check_take_locked passed under the same lock hold. */
void handle_take_locked(struct handle_table *t, const rz_handle_t *hs, size_t n,
                        struct handle_transfer *out);
/* Requires: n <= t->free_count. Locks: t->lock held. */
void handle_install_locked(struct handle_table *t, const struct handle_transfer *in, size_t n,
                           rz_handle_t *out);
/* Drops handles that will never be installed. Requires: no lock held. */
void handle_transfer_drop(struct handle_transfer *in, size_t n);

#endif
