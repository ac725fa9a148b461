/* Handle tables; the encoding and the rules are in handle.h. */
#include "kernel/handle.h"

#include "abi/errors.h"
#include "abi/rights.h"

#define HANDLE_SLOT_MASK (HANDLE_TABLE_CAPACITY - 1)
#define HANDLE_GEN_MAX ((1u << (31 - HANDLE_TABLE_BITS)) - 1)

_Static_assert(HANDLE_TABLE_BITS >= 1 && HANDLE_TABLE_BITS <= 20, "room for generations");

static rz_handle_t handle_value(const struct handle_table *t, uint32_t slot) {
    return (t->entries[slot].gen << HANDLE_TABLE_BITS) | slot;
}

/* The entry h names, or NULL. Locks: t->lock held. */
static struct handle_entry *lookup(struct handle_table *t, rz_handle_t h) {
    uint32_t slot = h & HANDLE_SLOT_MASK;
    struct handle_entry *e = &t->entries[slot];
    if (e->obj == NULL || h != handle_value(t, slot)) {
        return NULL;
    }
    return e;
}

/* Locks: t->lock held. Requires: free_count > 0. */
static uint32_t slot_alloc(struct handle_table *t) {
    uint32_t slot = t->free_head;
    t->free_head = t->entries[slot].next_free;
    if (t->free_head == HANDLE_TABLE_CAPACITY) {
        t->free_tail = HANDLE_TABLE_CAPACITY;
    }
    t->free_count--;
    return slot;
}

static void next_generation(struct handle_entry *e) {
    e->gen = e->gen == HANDLE_GEN_MAX ? 1 : e->gen + 1;
}

/* Empties e's slot and queues it at the tail. Locks: t->lock held. */
static void slot_free(struct handle_table *t, struct handle_entry *e) {
    uint32_t slot = (uint32_t)(e - t->entries);
    e->obj = NULL;
    e->rights = 0;
    next_generation(e);
    e->next_free = HANDLE_TABLE_CAPACITY;
    if (t->free_tail == HANDLE_TABLE_CAPACITY) {
        t->free_head = slot;
    } else {
        t->entries[t->free_tail].next_free = slot;
    }
    t->free_tail = slot;
    t->free_count++;
}

void handle_table_init(struct handle_table *t) {
    spin_lock_init(&t->lock, "handle_table");
    for (uint32_t i = 0; i < HANDLE_TABLE_CAPACITY; i++) {
        t->entries[i] = (struct handle_entry){.gen = 1, .next_free = i + 1};
    }
    t->free_head = 0;
    t->free_tail = HANDLE_TABLE_CAPACITY - 1;
    t->free_count = HANDLE_TABLE_CAPACITY;
}

void handle_table_destroy(struct handle_table *t) {
    for (uint32_t i = 0; i < HANDLE_TABLE_CAPACITY; i++) {
        uint64_t flags = spin_lock_irqsave(&t->lock);
        struct handle_transfer h = {t->entries[i].obj, t->entries[i].rights};
        if (h.obj != NULL) {
            slot_free(t, &t->entries[i]);
        }
        spin_unlock_irqrestore(&t->lock, flags);
        if (h.obj != NULL) {
            handle_transfer_drop(&h, 1);
        }
    }
}

uint64_t handle_table_lock(struct handle_table *t) {
    return spin_lock_irqsave(&t->lock);
}

void handle_table_unlock(struct handle_table *t, uint64_t flags) {
    spin_unlock_irqrestore(&t->lock, flags);
}

/* Locks: t->lock held. Requires: free_count > 0. Takes no counts. */
static rz_handle_t install(struct handle_table *t, struct kobject *obj, uint32_t rights) {
    uint32_t slot = slot_alloc(t);
    t->entries[slot].obj = obj;
    t->entries[slot].rights = rights;
    return handle_value(t, slot);
}

int handle_alloc(struct handle_table *t, struct kobject *obj, uint32_t rights, rz_handle_t *out) {
    uint64_t flags = spin_lock_irqsave(&t->lock);
    if (t->free_count == 0) {
        spin_unlock_irqrestore(&t->lock, flags);
        return RZ_ERR_NO_RESOURCES;
    }
    kobject_ref(obj);
    kobject_handle_added(obj);
    *out = install(t, obj, rights);
    spin_unlock_irqrestore(&t->lock, flags);
    return RZ_OK;
}

int handle_get(struct handle_table *t, rz_handle_t h, uint32_t type, uint32_t rights_needed,
               struct kobject **out, uint32_t *rights_out) {
    uint64_t flags = spin_lock_irqsave(&t->lock);
    struct handle_entry *e = lookup(t, h);
    int err = RZ_OK;
    if (e == NULL) {
        err = RZ_ERR_BAD_HANDLE;
    } else if (type != RZ_OBJ_NONE && e->obj->type != type) {
        err = RZ_ERR_WRONG_TYPE;
    } else if ((e->rights & rights_needed) != rights_needed) {
        err = RZ_ERR_ACCESS_DENIED;
    } else {
        kobject_ref(e->obj);
        *out = e->obj;
        if (rights_out != NULL) {
            *rights_out = e->rights;
        }
    }
    spin_unlock_irqrestore(&t->lock, flags);
    return err;
}

int handle_close(struct handle_table *t, rz_handle_t h) {
    uint64_t flags = spin_lock_irqsave(&t->lock);
    struct handle_entry *e = lookup(t, h);
    if (e == NULL) {
        spin_unlock_irqrestore(&t->lock, flags);
        return RZ_ERR_BAD_HANDLE;
    }
    struct handle_transfer gone = {e->obj, e->rights};
    slot_free(t, e);
    spin_unlock_irqrestore(&t->lock, flags);
    handle_transfer_drop(&gone, 1);
    return RZ_OK;
}

int handle_duplicate(struct handle_table *t, rz_handle_t h, uint32_t rights, rz_handle_t *out) {
    uint64_t flags = spin_lock_irqsave(&t->lock);
    struct handle_entry *e = lookup(t, h);
    int err = RZ_OK;
    if (e == NULL) {
        err = RZ_ERR_BAD_HANDLE;
    } else if ((e->rights & RZ_RIGHT_DUPLICATE) == 0) {
        err = RZ_ERR_ACCESS_DENIED;
    } else if ((rights & ~e->rights) != 0) {
        err = RZ_ERR_INVALID_ARGS;
    } else if (t->free_count == 0) {
        err = RZ_ERR_NO_RESOURCES;
    } else {
        kobject_ref(e->obj);
        kobject_handle_added(e->obj);
        *out = install(t, e->obj, rights);
    }
    spin_unlock_irqrestore(&t->lock, flags);
    return err;
}

int handle_replace(struct handle_table *t, rz_handle_t h, uint32_t rights, rz_handle_t *out) {
    uint64_t flags = spin_lock_irqsave(&t->lock);
    struct handle_entry *e = lookup(t, h);
    int err = RZ_OK;
    if (e == NULL) {
        err = RZ_ERR_BAD_HANDLE;
    } else if ((rights & ~e->rights) != 0) {
        err = RZ_ERR_INVALID_ARGS;
    } else {
        next_generation(e);
        e->rights = rights;
        *out = handle_value(t, (uint32_t)(e - t->entries));
    }
    spin_unlock_irqrestore(&t->lock, flags);
    return err;
}

int handle_check_take_locked(struct handle_table *t, const rz_handle_t *hs, size_t n,
                             const struct kobject *forbidden_a, const struct kobject *forbidden_b) {
    for (size_t i = 0; i < n; i++) {
        struct handle_entry *e = lookup(t, hs[i]);
        if (e == NULL) {
            return RZ_ERR_BAD_HANDLE;
        }
        if (e->obj == forbidden_a || e->obj == forbidden_b) {
            return RZ_ERR_INVALID_ARGS;
        }
        for (size_t j = 0; j < i; j++) {
            if (hs[j] == hs[i]) {
                return RZ_ERR_INVALID_ARGS;
            }
        }
        if ((e->rights & RZ_RIGHT_TRANSFER) == 0) {
            return RZ_ERR_ACCESS_DENIED;
        }
    }
    return RZ_OK;
}

void handle_take_locked(struct handle_table *t, const rz_handle_t *hs, size_t n,
                        struct handle_transfer *out) {
    for (size_t i = 0; i < n; i++) {
        struct handle_entry *e = lookup(t, hs[i]);
        out[i] = (struct handle_transfer){e->obj, e->rights};
        slot_free(t, e);
    }
}

void handle_install_locked(struct handle_table *t, const struct handle_transfer *in, size_t n,
                           rz_handle_t *out) {
    for (size_t i = 0; i < n; i++) {
        out[i] = install(t, in[i].obj, in[i].rights);
    }
}

void handle_transfer_drop(struct handle_transfer *in, size_t n) {
    for (size_t i = 0; i < n; i++) {
        kobject_handle_dropped(in[i].obj);
        kobject_unref(in[i].obj);
        in[i].obj = NULL;
    }
}
