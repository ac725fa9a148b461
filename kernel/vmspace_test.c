/* Range allocator: first fit, coalescing, node accounting, double frees. */
#include <stdlib.h>
#include <string.h>

#include "kernel/vmspace.h"
#include "tests/host/panic_catch.h"

#define PAGE 4096ull
#define GiB (1ull << 30)

static int nodes_out;
static int nodes_budget = -1;

static void *node_alloc(void *ctx) {
    if (nodes_budget == 0) {
        return NULL;
    }
    nodes_budget--;
    nodes_out++;
    return malloc(sizeof(struct vmspace_extent));
}

static void node_free(void *ctx, void *n) {
    nodes_out--;
    free(n);
}

static void setup(struct vmspace *s, uint64_t base, uint64_t size) {
    nodes_out = 0;
    nodes_budget = -1;
    vmspace_init(s, base, size, node_alloc, node_free, NULL);
}

static void free_tree(struct avl_node *n) {
    if (n != NULL) {
        free_tree(n->left);
        free_tree(n->right);
        node_free(NULL, n);
    }
}

/* Frees the tree and the spares; every node handed out must be among them. */
static void teardown(struct ktest *t, struct vmspace *s) {
    free_tree(s->extents.root);
    while (s->spares != NULL) {
        struct avl_node *n = s->spares;
        s->spares = n->left;
        node_free(NULL, n);
    }
    KT_EXPECT_EQ(t, nodes_out, 0);
}

static uint64_t extent_count(const struct avl_node *n) {
    return n ? 1 + extent_count(n->left) + extent_count(n->right) : 0;
}

KTEST(vmspace, first_fit_reuses_lowest_hole) {
    struct vmspace s;
    uint64_t base = 1ull << 40;
    setup(&s, base, 64 * 8 * GiB);
    uint64_t a = vmspace_alloc(&s, 8 * GiB), b = vmspace_alloc(&s, 8 * GiB);
    uint64_t c = vmspace_alloc(&s, 8 * GiB);
    KT_EXPECT_EQ(t, a, base);
    KT_EXPECT_EQ(t, b, base + 8 * GiB);
    KT_EXPECT_EQ(t, c, base + 16 * GiB);
    vmspace_free(&s, b, 8 * GiB);
    KT_EXPECT_EQ(t, vmspace_alloc(&s, 16 * GiB), base + 24 * GiB); /* hole too small */
    KT_EXPECT_EQ(t, vmspace_alloc(&s, 4 * GiB), b);
    KT_EXPECT_EQ(t, vmspace_alloc(&s, 4 * GiB), b + 4 * GiB);
    KT_EXPECT_EQ(t, vmspace_alloc(&s, 64 * 8 * GiB), 0);
    teardown(t, &s);
}

KTEST(vmspace, free_coalesces_neighbours_and_returns_nodes) {
    struct vmspace s;
    setup(&s, 0x100000, 100 * PAGE);
    uint64_t r[5];
    for (int i = 0; i < 5; i++) {
        r[i] = vmspace_alloc(&s, 10 * PAGE);
    }
    KT_EXPECT_EQ(t, extent_count(s.extents.root), 1);
    vmspace_free(&s, r[1], 10 * PAGE);
    vmspace_free(&s, r[3], 10 * PAGE);
    KT_EXPECT_EQ(t, extent_count(s.extents.root), 3);
    vmspace_free(&s, r[2], 10 * PAGE); /* joins r[1] and r[3] */
    KT_EXPECT_EQ(t, extent_count(s.extents.root), 2);
    vmspace_free(&s, r[0], 10 * PAGE);
    vmspace_free(&s, r[4], 10 * PAGE);
    KT_EXPECT_EQ(t, extent_count(s.extents.root), 1);
    KT_EXPECT_EQ(t, s.free_bytes, 100 * PAGE);
    KT_EXPECT_EQ(t, nodes_out, 1);
    KT_EXPECT_EQ(t, vmspace_alloc(&s, 100 * PAGE), 0x100000);
    teardown(t, &s);
}

KTEST(vmspace, bad_frees_panic) {
    struct vmspace s;
    setup(&s, 0x100000, 100 * PAGE);
    uint64_t a = vmspace_alloc(&s, 10 * PAGE);
    KT_EXPECT_PANIC(t, vmspace_free(&s, a + PAGE, 10 * PAGE), "overlaps free space");
    KT_EXPECT_PANIC(t, vmspace_free(&s, a + 1, PAGE), "unaligned or outside");
    KT_EXPECT_PANIC(t, vmspace_free(&s, 0x1000, PAGE), "outside the window");
    vmspace_free(&s, a, 10 * PAGE);
    KT_EXPECT_PANIC(t, vmspace_free(&s, a, 10 * PAGE), "double free");
    KT_EXPECT_PANIC(t, vmspace_alloc(&s, 100), "not a positive page multiple");
    teardown(t, &s);
}

KTEST(vmspace, alloc_without_node_fails_cleanly) {
    struct vmspace s;
    setup(&s, 0x100000, 100 * PAGE);
    nodes_budget = 0;
    KT_EXPECT_EQ(t, vmspace_alloc(&s, PAGE), 0);
    KT_EXPECT_EQ(t, s.free_bytes, 100 * PAGE);
    nodes_budget = -1;
    KT_EXPECT_EQ(t, vmspace_alloc(&s, PAGE), 0x100000);
    teardown(t, &s);
}

KTEST(vmspace, random_matches_page_model) {
    enum { PAGES = 512, SLOTS = 64 };
    struct vmspace s;
    setup(&s, 0x100000, PAGES * PAGE);
    uint8_t used[PAGES] = {0};
    uint64_t base[SLOTS] = {0}, size[SLOTS] = {0};
    int errors = 0;
    srand(3);
    for (int step = 0; step < 20000; step++) {
        int k = rand() % SLOTS;
        if (base[k] != 0) {
            vmspace_free(&s, base[k], size[k]);
            memset(&used[(base[k] - 0x100000) / PAGE], 0, size[k] / PAGE);
            base[k] = 0;
            continue;
        }
        uint64_t n = 1 + (uint64_t)(rand() % 16);
        uint64_t a = vmspace_alloc(&s, n * PAGE);
        /* The model's first fit must agree. */
        uint64_t want = 0;
        for (uint64_t p = 0, run = 0; p < PAGES && want == 0; p++) {
            run = used[p] ? 0 : run + 1;
            if (run == n) {
                want = 0x100000 + (p + 1 - n) * PAGE;
            }
        }
        errors += a != want;
        if (a != 0) {
            memset(&used[(a - 0x100000) / PAGE], 1, n);
            base[k] = a;
            size[k] = n * PAGE;
        }
        uint64_t live = 0;
        for (int i = 0; i < SLOTS; i++) {
            live += base[i] != 0;
        }
        errors += (uint64_t)nodes_out != extent_count(s.extents.root) + live;
    }
    KT_EXPECT_EQ(t, errors, 0);
    teardown(t, &s);
}
