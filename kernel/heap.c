/*
 * Slab and page-run allocation. Every page the heap owns starts with a
 * header carrying a magic number, which is how heap_free tells a slab
 * object from a page run from a stray pointer:
 *
 *   slab page:  [struct heap_slab | obj 0 | obj 1 | ... ]
 *   page run:   [struct heap_run  | user bytes ...      ]  (one or more pages)
 */
#include "kernel/heap.h"

#include "kernel/panic.h"

#define SLAB_MAGIC 0x51ab0a11u
#define RUN_MAGIC 0x9a9e0a11u
#define SLAB_MAP_WORDS 4

struct heap_slab {
    uint32_t magic;
    uint16_t size; /* object size of this class */
    uint16_t class_index;
    uint16_t capacity; /* objects in the page */
    uint16_t used;
    struct heap_slab *prev, *next;     /* in h->partial[class_index] */
    uint64_t free_map[SLAB_MAP_WORDS]; /* 1 = object free */
};

struct heap_run {
    uint32_t magic;
    uint32_t reserved;
    uint64_t pages;
};

#define SLAB_HEADER 64u
#define RUN_HEADER 16u

_Static_assert(sizeof(struct heap_slab) <= SLAB_HEADER, "slab header fits its slot");
_Static_assert(sizeof(struct heap_run) == RUN_HEADER, "run header size");
_Static_assert(SLAB_HEADER % HEAP_ALIGN == 0 && RUN_HEADER % HEAP_ALIGN == 0, "alignment");
_Static_assert((HEAP_PAGE - SLAB_HEADER) / 16 <= SLAB_MAP_WORDS * 64, "bitmap covers a page");

void heap_init(struct heap *h, const struct heap_pages *pages) {
    *h = (struct heap){.pages = *pages};
}

static unsigned heap_class(size_t size) {
    unsigned c = 0;
    while ((16u << c) < size) {
        c++;
    }
    return c;
}

static void slab_unlink(struct heap *h, struct heap_slab *s) {
    if (s->prev) {
        s->prev->next = s->next;
    } else {
        h->partial[s->class_index] = s->next;
    }
    if (s->next) {
        s->next->prev = s->prev;
    }
    s->prev = s->next = NULL;
}

static void slab_link(struct heap *h, struct heap_slab *s) {
    s->prev = NULL;
    s->next = h->partial[s->class_index];
    if (s->next) {
        s->next->prev = s;
    }
    h->partial[s->class_index] = s;
}

static struct heap_slab *slab_new(struct heap *h, unsigned c) {
    struct heap_slab *s = h->pages.alloc(h->pages.ctx, 1);
    if (s == NULL) {
        return NULL;
    }
    h->pages_held++;
    *s = (struct heap_slab){.magic = SLAB_MAGIC,
                            .size = (uint16_t)(16u << c),
                            .class_index = (uint16_t)c,
                            .capacity = (uint16_t)((HEAP_PAGE - SLAB_HEADER) >> (4 + c))};
    for (unsigned i = 0; i < s->capacity; i++) {
        s->free_map[i / 64] |= 1ull << (i % 64);
    }
    slab_link(h, s);
    return s;
}

static void *slab_alloc(struct heap *h, size_t size) {
    unsigned c = heap_class(size);
    struct heap_slab *s = h->partial[c];
    if (s == NULL && (s = slab_new(h, c)) == NULL) {
        return NULL;
    }
    unsigned w = 0;
    while (s->free_map[w] == 0) {
        w++;
    }
    unsigned i = w * 64 + (unsigned)__builtin_ctzll(s->free_map[w]);
    s->free_map[w] &= ~(1ull << (i % 64));
    if (++s->used == s->capacity) {
        slab_unlink(h, s);
    }
    h->bytes_live += s->size;
    return (char *)s + SLAB_HEADER + (size_t)i * s->size;
}

static void slab_free(struct heap *h, struct heap_slab *s, void *p) {
    uintptr_t off = (uintptr_t)p - (uintptr_t)s - SLAB_HEADER;
    unsigned i = (unsigned)(off / s->size);
    if ((uintptr_t)p < (uintptr_t)s + SLAB_HEADER || off % s->size != 0 || i >= s->capacity) {
        panic("kfree: %p is not the start of a %u-byte object in the slab at %p", p, s->size,
              (void *)s);
    }
    if (s->free_map[i / 64] & (1ull << (i % 64))) {
        panic("kfree: double free of %p (a %u-byte object)", p, s->size);
    }
    s->free_map[i / 64] |= 1ull << (i % 64);
    h->bytes_live -= s->size;
    if (s->used-- == s->capacity) {
        slab_link(h, s);
    }
    if (s->used == 0) {
        slab_unlink(h, s);
        s->magic = 0;
        h->pages.free(h->pages.ctx, s, 1);
        h->pages_held--;
    }
}

static size_t run_pages(size_t size) {
    return (size + RUN_HEADER + HEAP_PAGE - 1) / HEAP_PAGE;
}

void *heap_alloc(struct heap *h, size_t size) {
    if (size == 0) {
        size = 1;
    }
    if (size <= HEAP_MAX_SMALL) {
        return slab_alloc(h, size);
    }
    if (size > SIZE_MAX - RUN_HEADER - HEAP_PAGE) {
        return NULL;
    }
    size_t pages = run_pages(size);
    struct heap_run *r = h->pages.alloc(h->pages.ctx, pages);
    if (r == NULL) {
        return NULL;
    }
    *r = (struct heap_run){RUN_MAGIC, 0, pages};
    h->pages_held += pages;
    h->bytes_live += pages * HEAP_PAGE - RUN_HEADER;
    return (char *)r + RUN_HEADER;
}

/* The header of the page p lies in; panics unless it is one of ours. */
static uint32_t heap_page_magic(void *p, void **page) {
    *page = (void *)((uintptr_t)p & ~(uintptr_t)(HEAP_PAGE - 1));
    uint32_t magic = *(uint32_t *)*page;
    if (magic != SLAB_MAGIC && magic != RUN_MAGIC) {
        panic("kfree: %p was not allocated by kmalloc (or its memory was freed)", p);
    }
    return magic;
}

void heap_free(struct heap *h, void *p) {
    if (p == NULL) {
        return;
    }
    void *page;
    if (heap_page_magic(p, &page) == SLAB_MAGIC) {
        slab_free(h, page, p);
        return;
    }
    struct heap_run *r = page;
    if ((char *)p != (char *)r + RUN_HEADER) {
        panic("kfree: %p is inside the %llu-page block at %p, not its start", p,
              (unsigned long long)r->pages, (void *)((char *)r + RUN_HEADER));
    }
    size_t pages = r->pages;
    r->magic = 0;
    h->bytes_live -= pages * HEAP_PAGE - RUN_HEADER;
    h->pages_held -= pages;
    h->pages.free(h->pages.ctx, r, pages);
}

size_t heap_usable_size(void *p) {
    void *page;
    if (heap_page_magic(p, &page) == SLAB_MAGIC) {
        return ((struct heap_slab *)page)->size;
    }
    return ((struct heap_run *)page)->pages * HEAP_PAGE - RUN_HEADER;
}

void *heap_realloc(struct heap *h, void *p, size_t size) {
    if (p == NULL) {
        return heap_alloc(h, size);
    }
    size_t have = heap_usable_size(p);
    if (size <= have && size > have / 2) {
        return p;
    }
    void *q = heap_alloc(h, size);
    if (q == NULL) {
        return NULL;
    }
    __builtin_memcpy(q, p, size < have ? size : have);
    heap_free(h, p);
    return q;
}
