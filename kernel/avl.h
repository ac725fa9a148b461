/*
 * An intrusive AVL tree: the caller embeds struct avl_node in its own
 * object and supplies the order. Height stays within 1.44 log2(n), so a
 * lookup among thousands of reservations takes a few dozen steps.
 *
 * `update`, when set, is called on every node whose subtree changed
 * (bottom-up, after its children are final), which lets a caller keep
 * subtree summaries such as "largest free extent below here".
 * Locks: none; callers serialize.
 */
#ifndef RZ_KERNEL_AVL_H
#define RZ_KERNEL_AVL_H

#include <stddef.h>

struct avl_node {
    struct avl_node *left, *right;
    int height; /* of the subtree rooted here; a leaf is 1 */
};

struct avl_tree {
    struct avl_node *root;
    /* <0, 0, >0 as a orders before, equal to, after b. */
    int (*cmp)(const struct avl_node *a, const struct avl_node *b);
    void (*update)(struct avl_node *n); /* may be NULL */
};

/* Panics if a node with an equal key is already in the tree. */
void avl_insert(struct avl_tree *t, struct avl_node *n);
/* Panics if n is not in the tree. */
void avl_remove(struct avl_tree *t, struct avl_node *n);

/* The node for which probe(key, node) returns 0, descending left on <0 and
 * right on >0; NULL if none. */
struct avl_node *avl_find(const struct avl_tree *t, const void *key,
                          int (*probe)(const void *key, const struct avl_node *n));

#endif
