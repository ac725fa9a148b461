/*
 * Heap logic over a fake page provider. Returned pages are kept (not freed)
 * until the test ends, so a use after free reads our own cleared header
 * instead of tripping ASan, and the test can count pages outstanding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/heap.h"
#include "tests/host/panic_catch.h"

enum { QUARANTINE = 4096 };

struct fake_pages {
    int64_t outstanding; /* pages handed out and not returned */
    int64_t budget;      /* pages the provider may still give; -1: unlimited */
    void *returned[QUARANTINE];
    int returned_count;
};

static struct fake_pages fake;

static void *fake_alloc(void *ctx, size_t pages) {
    if (fake.budget >= 0 && (size_t)fake.budget < pages) {
        return NULL;
    }
    if (fake.budget >= 0) {
        fake.budget -= (int64_t)pages;
    }
    fake.outstanding += (int64_t)pages;
    return aligned_alloc(HEAP_PAGE, pages * HEAP_PAGE);
}

static void fake_free(void *ctx, void *p, size_t pages) {
    fake.outstanding -= (int64_t)pages;
    memset(p, 0xdd, pages * HEAP_PAGE);
    if (fake.returned_count < QUARANTINE) {
        fake.returned[fake.returned_count++] = p;
    } else {
        free(p);
    }
}

static const struct heap_pages fake_provider = {fake_alloc, fake_free, NULL};

static void setup(struct heap *h) {
    memset(&fake, 0, sizeof fake);
    fake.budget = -1;
    heap_init(h, &fake_provider);
}

static void teardown(void) {
    for (int i = 0; i < fake.returned_count; i++) {
        free(fake.returned[i]);
    }
    fake.returned_count = 0;
}

KTEST(heap, sizes_are_aligned_usable_and_distinct) {
    struct heap h;
    setup(&h);
    static const size_t sizes[] = {0, 1, 15, 16, 17, 100, 512, 1024, 1025, 4080, 4081, 100000};
    void *p[12];
    for (int i = 0; i < 12; i++) {
        p[i] = heap_alloc(&h, sizes[i]);
        KT_ASSERT(t, p[i] != NULL);
        KT_EXPECT_EQ(t, (uintptr_t)p[i] % HEAP_ALIGN, 0);
        KT_EXPECT(t, heap_usable_size(p[i]) >= sizes[i]);
        memset(p[i], i, sizes[i]);
    }
    KT_EXPECT_EQ(t, heap_usable_size(p[3]), 16);
    KT_EXPECT_EQ(t, heap_usable_size(p[4]), 32);
    KT_EXPECT_EQ(t, heap_usable_size(p[9]), 4080); /* one page minus header */
    KT_EXPECT_EQ(t, heap_usable_size(p[10]), 2 * 4096 - 16);
    for (int i = 0; i < 12; i++) {
        const unsigned char *b = p[i];
        size_t bad = 0;
        for (size_t k = 0; k < sizes[i]; k++) {
            bad += b[k] != i;
        }
        KT_EXPECT_EQ(t, bad, 0);
        heap_free(&h, p[i]);
    }
    KT_EXPECT_EQ(t, fake.outstanding, 0);
    KT_EXPECT_EQ(t, h.pages_held, 0);
    KT_EXPECT_EQ(t, h.bytes_live, 0);
    teardown();
}

KTEST(heap, empty_slabs_go_back_to_provider) {
    struct heap h;
    setup(&h);
    enum { N = 1000 };
    void *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = heap_alloc(&h, 64);
    }
    /* 63 objects of 64 bytes fit in a page after the header. */
    KT_EXPECT_EQ(t, fake.outstanding, (N + 62) / 63);
    for (int i = 0; i < N; i += 2) {
        heap_free(&h, p[i]);
    }
    KT_EXPECT_EQ(t, fake.outstanding, (N + 62) / 63); /* every slab still half used */
    for (int i = 1; i < N; i += 2) {
        heap_free(&h, p[i]);
    }
    KT_EXPECT_EQ(t, fake.outstanding, 0);
    teardown();
}

KTEST(heap, bad_frees_panic_with_pointer_and_reason) {
    struct heap h;
    setup(&h);
    char *a = heap_alloc(&h, 32), *b = heap_alloc(&h, 32), *big = heap_alloc(&h, 5000);
    char msg[64];
    heap_free(&h, a);
    snprintf(msg, sizeof msg, "double free of %p (a 32-byte object)", (void *)a);
    KT_EXPECT_PANIC(t, heap_free(&h, a), msg);
    KT_EXPECT_PANIC(t, heap_free(&h, b + 8), "is not the start of a 32-byte object");
    KT_EXPECT_PANIC(t, heap_free(&h, big + 16), "not its start");
    static char not_heap[2 * HEAP_PAGE] __attribute__((aligned(HEAP_PAGE)));
    KT_EXPECT_PANIC(t, heap_free(&h, not_heap + 100), "was not allocated by kmalloc");
    heap_free(&h, big);
    KT_EXPECT_PANIC(t, heap_free(&h, big), "was not allocated by kmalloc");
    heap_free(&h, b);
    KT_EXPECT_PANIC(t, heap_free(&h, b), "was not allocated by kmalloc");
    KT_EXPECT_EQ(t, fake.outstanding, 0);
    teardown();
}

KTEST(heap, out_of_pages_returns_null) {
    struct heap h;
    setup(&h);
    fake.budget = 2;
    KT_EXPECT(t, heap_alloc(&h, 3 * HEAP_PAGE) == NULL);
    void *a = heap_alloc(&h, HEAP_PAGE - 16); /* one page with its header */
    KT_EXPECT(t, a != NULL);
    void *b = heap_alloc(&h, 8);
    KT_EXPECT(t, b != NULL);
    KT_EXPECT(t, heap_alloc(&h, 8 * 1024) == NULL);
    KT_EXPECT(t, heap_alloc(&h, SIZE_MAX - 8) == NULL);
    heap_free(&h, a);
    heap_free(&h, b);
    KT_EXPECT_EQ(t, fake.outstanding, 0);
    teardown();
}

KTEST(heap, realloc_keeps_contents) {
    struct heap h;
    setup(&h);
    char *p = heap_realloc(&h, NULL, 10);
    memcpy(p, "0123456789", 10);
    p = heap_realloc(&h, p, 3000);
    KT_EXPECT_BYTES(t, p, 10, "0123456789", 10);
    char *same = heap_realloc(&h, p, 2900);
    KT_EXPECT(t, same == p);
    p = heap_realloc(&h, p, 4);
    KT_EXPECT_BYTES(t, p, 4, "0123", 4);
    KT_EXPECT_EQ(t, heap_usable_size(p), 16);
    heap_free(&h, p);
    KT_EXPECT_EQ(t, fake.outstanding, 0);
    teardown();
}

KTEST(heap, random_churn_keeps_contents_and_returns_everything) {
    struct heap h;
    setup(&h);
    enum { SLOTS = 512 };
    unsigned char *p[SLOTS] = {0};
    size_t n[SLOTS] = {0};
    size_t corrupt = 0;
    srand(5);
    for (int step = 0; step < 20000; step++) {
        int k = rand() % SLOTS;
        if (p[k] != NULL) {
            for (size_t i = 0; i < n[k]; i++) {
                corrupt += p[k][i] != (unsigned char)(k + n[k]);
            }
            heap_free(&h, p[k]);
            p[k] = NULL;
        } else {
            n[k] = (size_t)(rand() % 4 == 0 ? rand() % 20000 : rand() % 1100);
            p[k] = heap_alloc(&h, n[k]);
            memset(p[k], (unsigned char)(k + n[k]), n[k]);
        }
    }
    for (int k = 0; k < SLOTS; k++) {
        heap_free(&h, p[k]);
    }
    KT_EXPECT_EQ(t, corrupt, 0);
    KT_EXPECT_EQ(t, fake.outstanding, 0);
    KT_EXPECT_EQ(t, h.bytes_live, 0);
    teardown();
}
