/* AVL tree: order, balance and summaries checked after every change. */
#include <stdlib.h>

#include "kernel/avl.h"
#include "tests/host/panic_catch.h"

struct item {
    struct avl_node node;
    int key;
    int count; /* nodes in subtree, kept by the update hook */
};

static struct item *item_of(const struct avl_node *n) {
    return (struct item *)n;
}

static int item_cmp(const struct avl_node *a, const struct avl_node *b) {
    return item_of(a)->key - item_of(b)->key;
}

static void item_update(struct avl_node *n) {
    item_of(n)->count =
        1 + (n->left ? item_of(n->left)->count : 0) + (n->right ? item_of(n->right)->count : 0);
}

static int item_probe(const void *key, const struct avl_node *n) {
    return *(const int *)key - item_of(n)->key;
}

/* Returns the height, or -1 when a property is broken. */
static int check(const struct avl_node *n, int lo, int hi) {
    if (n == NULL) {
        return 0;
    }
    int k = item_of(n)->key;
    int l = check(n->left, lo, k), r = check(n->right, k, hi);
    int cl = n->left ? item_of(n->left)->count : 0, cr = n->right ? item_of(n->right)->count : 0;
    if (l < 0 || r < 0 || k <= lo || k >= hi || abs(l - r) > 1 ||
        n->height != 1 + (l > r ? l : r) || item_of(n)->count != 1 + cl + cr) {
        return -1;
    }
    return n->height;
}

KTEST(avl, random_inserts_and_removes_keep_invariants) {
    enum { N = 2000 };
    struct item *items = calloc(N, sizeof *items);
    struct avl_tree tree = {NULL, item_cmp, item_update};
    int broken = 0, present = 0;
    srand(11);
    for (int i = 0; i < N; i++) {
        items[i].key = i * 7 % N; /* a permutation: 7 and 2000 are coprime */
    }
    for (int i = 0; i < N; i++) {
        avl_insert(&tree, &items[i].node);
        broken += check(tree.root, -1, N) < 0;
    }
    KT_EXPECT_EQ(t, broken, 0);
    KT_EXPECT_EQ(t, item_of(tree.root)->count, N);
    KT_EXPECT(t, tree.root->height <= 16); /* 1.44 log2(2000) < 16 */
    for (int i = 0; i < N; i += 2) {
        avl_remove(&tree, &items[(i * 13) % N].node);
        broken += check(tree.root, -1, N) < 0;
    }
    KT_EXPECT_EQ(t, broken, 0);
    for (int k = 0; k < N; k++) {
        present += avl_find(&tree, &k, item_probe) != NULL;
    }
    KT_EXPECT_EQ(t, present, N / 2);
    KT_EXPECT_EQ(t, item_of(tree.root)->count, N / 2);
    free(items);
}

KTEST(avl, duplicate_insert_and_foreign_remove_panic) {
    struct item a = {.key = 1}, b = {.key = 1}, c = {.key = 2};
    struct avl_tree tree = {NULL, item_cmp, item_update};
    avl_insert(&tree, &a.node);
    KT_EXPECT_PANIC(t, avl_insert(&tree, &b.node), "same key");
    KT_EXPECT_PANIC(t, avl_remove(&tree, &b.node), "not in the tree");
    KT_EXPECT_PANIC(t, avl_remove(&tree, &c.node), "not in the tree");
    avl_remove(&tree, &a.node);
    KT_EXPECT(t, tree.root == NULL);
}
