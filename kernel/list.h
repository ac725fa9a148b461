/*
 * Intrusive doubly linked circular lists (a struct list_node inside the
 * element; the list head is a node too). A node that is on no list points
 * to itself, so list_linked() tells whether removal is needed.
 */
#ifndef RZ_KERNEL_LIST_H
#define RZ_KERNEL_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_node {
    struct list_node *prev, *next;
};

#define LIST_INIT(name) {&(name), &(name)}

#define list_entry(node, type, member) ((type *)((char *)(node) - offsetof(type, member)))

static inline void list_init(struct list_node *n) {
    n->prev = n;
    n->next = n;
}

static inline bool list_empty(const struct list_node *head) {
    return head->next == head;
}

/* True when n is on some list (not self-linked). */
static inline bool list_linked(const struct list_node *n) {
    return n->next != n;
}

/* Inserts n before `at` (at the tail when `at` is the head). */
static inline void list_insert_before(struct list_node *at, struct list_node *n) {
    n->prev = at->prev;
    n->next = at;
    at->prev->next = n;
    at->prev = n;
}

static inline void list_push_back(struct list_node *head, struct list_node *n) {
    list_insert_before(head, n);
}

/* Unlinks n and leaves it self-linked. */
static inline void list_remove(struct list_node *n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    list_init(n);
}

/* The first node, unlinked, or NULL when the list is empty. */
static inline struct list_node *list_pop_front(struct list_node *head) {
    if (list_empty(head)) {
        return NULL;
    }
    struct list_node *n = head->next;
    list_remove(n);
    return n;
}

#endif
