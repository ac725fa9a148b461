/*
 * AVL insertion and removal, written recursively: the recursion depth is
 * the tree height (under 30 for a million nodes), and on the way back up
 * every node on the path is rebalanced and has its summary updated, which
 * is exactly where augmented data changes.
 */
#include "kernel/avl.h"

#include "kernel/panic.h"

static int avl_height(const struct avl_node *n) {
    return n ? n->height : 0;
}

static void avl_fix(struct avl_tree *t, struct avl_node *n) {
    int l = avl_height(n->left), r = avl_height(n->right);
    n->height = 1 + (l > r ? l : r);
    if (t->update) {
        t->update(n);
    }
}

static struct avl_node *avl_rotate_right(struct avl_tree *t, struct avl_node *n) {
    struct avl_node *l = n->left;
    n->left = l->right;
    l->right = n;
    avl_fix(t, n);
    avl_fix(t, l);
    return l;
}

static struct avl_node *avl_rotate_left(struct avl_tree *t, struct avl_node *n) {
    struct avl_node *r = n->right;
    n->right = r->left;
    r->left = n;
    avl_fix(t, n);
    avl_fix(t, r);
    return r;
}

/* Restores the AVL property at n, whose subtrees are valid AVL trees
 * differing in height by at most 2. */
static struct avl_node *avl_balance(struct avl_tree *t, struct avl_node *n) {
    int bf = avl_height(n->left) - avl_height(n->right);
    if (bf > 1) {
        if (avl_height(n->left->left) < avl_height(n->left->right)) {
            n->left = avl_rotate_left(t, n->left);
        }
        return avl_rotate_right(t, n);
    }
    if (bf < -1) {
        if (avl_height(n->right->right) < avl_height(n->right->left)) {
            n->right = avl_rotate_right(t, n->right);
        }
        return avl_rotate_left(t, n);
    }
    avl_fix(t, n);
    return n;
}

static struct avl_node *avl_insert_at(struct avl_tree *t, struct avl_node *root,
                                      struct avl_node *n) {
    if (root == NULL) {
        n->left = n->right = NULL;
        avl_fix(t, n);
        return n;
    }
    int c = t->cmp(n, root);
    if (c == 0) {
        panic("avl_insert: node %p has the same key as node %p", (void *)n, (void *)root);
    }
    if (c < 0) {
        root->left = avl_insert_at(t, root->left, n);
    } else {
        root->right = avl_insert_at(t, root->right, n);
    }
    return avl_balance(t, root);
}

void avl_insert(struct avl_tree *t, struct avl_node *n) {
    t->root = avl_insert_at(t, t->root, n);
}

static struct avl_node *avl_remove_min(struct avl_tree *t, struct avl_node *root,
                                       struct avl_node **min) {
    if (root->left == NULL) {
        *min = root;
        return root->right;
    }
    root->left = avl_remove_min(t, root->left, min);
    return avl_balance(t, root);
}

static struct avl_node *avl_remove_at(struct avl_tree *t, struct avl_node *root,
                                      struct avl_node *n) {
    if (root == NULL) {
        panic("avl_remove: node %p is not in the tree", (void *)n);
    }
    int c = t->cmp(n, root);
    if (c < 0) {
        root->left = avl_remove_at(t, root->left, n);
    } else if (c > 0) {
        root->right = avl_remove_at(t, root->right, n);
    } else if (root != n) {
        panic("avl_remove: node %p is not in the tree (%p has its key)", (void *)n, (void *)root);
    } else if (root->right == NULL) {
        return root->left;
    } else {
        struct avl_node *min;
        struct avl_node *right = avl_remove_min(t, root->right, &min);
        min->left = root->left;
        min->right = right;
        root = min;
    }
    return avl_balance(t, root);
}

void avl_remove(struct avl_tree *t, struct avl_node *n) {
    t->root = avl_remove_at(t, t->root, n);
}

struct avl_node *avl_find(const struct avl_tree *t, const void *key,
                          int (*probe)(const void *key, const struct avl_node *n)) {
    struct avl_node *n = t->root;
    while (n != NULL) {
        int c = probe(key, n);
        if (c == 0) {
            return n;
        }
        n = c < 0 ? n->left : n->right;
    }
    return NULL;
}
