/*
 * First-fit range allocation over an augmented AVL tree of free extents.
 * Allocation always carves from the start of the lowest fitting extent, so
 * reservations pack toward the window's base and the holes left by releases
 * are reused first.
 */
#include "kernel/vmspace.h"

#include "kernel/panic.h"

#define VMSPACE_PAGE 4096ull

static struct vmspace_extent *ext_of(const struct avl_node *n) {
    return (struct vmspace_extent *)n;
}

static uint64_t ext_max(const struct avl_node *n) {
    return n ? ext_of(n)->max_size : 0;
}

static void ext_update(struct avl_node *n) {
    struct vmspace_extent *e = ext_of(n);
    uint64_t m = e->size, l = ext_max(n->left), r = ext_max(n->right);
    m = l > m ? l : m;
    e->max_size = r > m ? r : m;
}

static int ext_cmp(const struct avl_node *a, const struct avl_node *b) {
    uint64_t x = ext_of(a)->base, y = ext_of(b)->base;
    return x < y ? -1 : x > y;
}

/* Finds the extent containing address *key. */
static int ext_probe(const void *key, const struct avl_node *n) {
    uint64_t a = *(const uint64_t *)key;
    const struct vmspace_extent *e = ext_of(n);
    if (a < e->base) {
        return -1;
    }
    return a >= e->base + e->size;
}

static struct vmspace_extent *ext_containing(struct vmspace *s, uint64_t a) {
    return (struct vmspace_extent *)avl_find(&s->extents, &a, ext_probe);
}

/* The extent with the lowest base >= a. */
static struct vmspace_extent *ext_at_or_after(struct vmspace *s, uint64_t a) {
    struct avl_node *n = s->extents.root, *best = NULL;
    while (n != NULL) {
        if (ext_of(n)->base >= a) {
            best = n;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best ? ext_of(best) : NULL;
}

static void spare_push(struct vmspace *s, struct vmspace_extent *e) {
    e->node.left = s->spares;
    s->spares = &e->node;
    s->spare_count++;
}

static struct vmspace_extent *spare_pop(struct vmspace *s) {
    struct avl_node *n = s->spares;
    s->spares = n->left;
    s->spare_count--;
    return ext_of(n);
}

/* Keeps exactly one spare per live allocation. */
static void spare_trim(struct vmspace *s) {
    while (s->spare_count > s->live) {
        s->free_node(s->ctx, spare_pop(s));
    }
}

/* Inserts the free extent [base, base + size) using node e. */
static void ext_insert(struct vmspace *s, struct vmspace_extent *e, uint64_t base, uint64_t size) {
    e->base = base;
    e->size = size;
    avl_insert(&s->extents, &e->node);
}

/* Changes an extent's bounds: remove and reinsert so summaries and order
 * stay right. */
static void ext_resize(struct vmspace *s, struct vmspace_extent *e, uint64_t base, uint64_t size) {
    avl_remove(&s->extents, &e->node);
    ext_insert(s, e, base, size);
}

bool vmspace_init(struct vmspace *s, uint64_t base, uint64_t size, void *(*alloc_node)(void *ctx),
                  void (*free_node)(void *ctx, void *node), void *ctx) {
    *s = (struct vmspace){.extents = {NULL, ext_cmp, ext_update},
                          .base = base,
                          .end = base + size,
                          .free_bytes = size,
                          .alloc_node = alloc_node,
                          .free_node = free_node,
                          .ctx = ctx};
    if (base == 0 || base % VMSPACE_PAGE != 0 || size == 0 || size % VMSPACE_PAGE != 0) {
        panic("vmspace_init: window [0x%llx, +0x%llx) is not page aligned or is empty",
              (unsigned long long)base, (unsigned long long)size);
    }
    struct vmspace_extent *e = alloc_node(ctx);
    if (e == NULL) {
        return false;
    }
    ext_insert(s, e, base, size);
    return true;
}

/* Lowest extent of at least `size` bytes under n. */
static struct vmspace_extent *ext_first_fit(struct avl_node *n, uint64_t size) {
    while (n != NULL && ext_max(n) >= size) {
        if (ext_max(n->left) >= size) {
            n = n->left;
        } else if (ext_of(n)->size >= size) {
            return ext_of(n);
        } else {
            n = n->right;
        }
    }
    return NULL;
}

uint64_t vmspace_alloc(struct vmspace *s, uint64_t size) {
    if (size == 0 || size % VMSPACE_PAGE != 0) {
        panic("vmspace_alloc: size 0x%llx is not a positive page multiple",
              (unsigned long long)size);
    }
    struct vmspace_extent *e = ext_first_fit(s->extents.root, size);
    if (e == NULL) {
        return 0;
    }
    struct vmspace_extent *spare = s->alloc_node(s->ctx);
    if (spare == NULL) {
        return 0;
    }
    spare_push(s, spare);
    s->live++;
    uint64_t base = e->base;
    if (e->size == size) {
        avl_remove(&s->extents, &e->node);
        spare_push(s, e);
    } else {
        ext_resize(s, e, e->base + size, e->size - size);
    }
    s->free_bytes -= size;
    spare_trim(s);
    return base;
}

void vmspace_free(struct vmspace *s, uint64_t base, uint64_t size) {
    uint64_t end = base + size;
    if (base % VMSPACE_PAGE != 0 || size == 0 || size % VMSPACE_PAGE != 0 || end < base ||
        base < s->base || end > s->end) {
        panic("vmspace_free: [0x%llx, 0x%llx) is unaligned or outside the window "
              "[0x%llx, 0x%llx)",
              (unsigned long long)base, (unsigned long long)end, (unsigned long long)s->base,
              (unsigned long long)s->end);
    }
    struct vmspace_extent *overlap = ext_containing(s, base);
    if (overlap == NULL) {
        overlap = ext_at_or_after(s, base);
        overlap = overlap != NULL && overlap->base < end ? overlap : NULL;
    }
    if (overlap != NULL) {
        panic("vmspace_free: [0x%llx, 0x%llx) overlaps free space [0x%llx, 0x%llx) "
              "(double free, or never allocated)",
              (unsigned long long)base, (unsigned long long)end, (unsigned long long)overlap->base,
              (unsigned long long)(overlap->base + overlap->size));
    }
    struct vmspace_extent *prev = base > s->base ? ext_containing(s, base - 1) : NULL;
    struct vmspace_extent *next = end < s->end ? ext_containing(s, end) : NULL;
    s->live--;
    s->free_bytes += size;
    if (prev != NULL && next != NULL) {
        uint64_t merged = prev->size + size + next->size;
        avl_remove(&s->extents, &next->node);
        spare_push(s, next);
        ext_resize(s, prev, prev->base, merged);
    } else if (prev != NULL) {
        ext_resize(s, prev, prev->base, prev->size + size);
    } else if (next != NULL) {
        ext_resize(s, next, base, next->size + size);
    } else {
        ext_insert(s, spare_pop(s), base, size);
    }
    spare_trim(s);
}
