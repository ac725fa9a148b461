/* The intrusive list: order, removal, emptiness. Runs on the host. */
#include "kernel/list.h"

#include "ktest.h"

struct item {
    int value;
    struct list_node link;
};

KTEST(list, push_back_then_pop_front_is_fifo) {
    struct list_node head = LIST_INIT(head);
    struct item a = {1, {0, 0}}, b = {2, {0, 0}}, c = {3, {0, 0}};
    list_push_back(&head, &a.link);
    list_push_back(&head, &b.link);
    list_push_back(&head, &c.link);
    int order[3];
    for (int i = 0; i < 3; i++) {
        struct list_node *n = list_pop_front(&head);
        KT_ASSERT(t, n != NULL);
        order[i] = list_entry(n, struct item, link)->value;
        KT_EXPECT(t, !list_linked(n));
    }
    KT_EXPECT_EQ(t, order[0], 1);
    KT_EXPECT_EQ(t, order[1], 2);
    KT_EXPECT_EQ(t, order[2], 3);
    KT_EXPECT(t, list_empty(&head));
    KT_EXPECT(t, list_pop_front(&head) == NULL);
}

KTEST(list, remove_from_the_middle_keeps_the_rest_linked) {
    struct list_node head = LIST_INIT(head);
    struct item a = {1, {0, 0}}, b = {2, {0, 0}}, c = {3, {0, 0}};
    list_push_back(&head, &a.link);
    list_push_back(&head, &b.link);
    list_push_back(&head, &c.link);
    list_remove(&b.link);
    KT_EXPECT(t, !list_linked(&b.link));
    KT_EXPECT(t, head.next == &a.link && a.link.next == &c.link && c.link.next == &head);
    KT_EXPECT(t, head.prev == &c.link && c.link.prev == &a.link && a.link.prev == &head);
}

KTEST(list, insert_before_places_in_order) {
    struct list_node head = LIST_INIT(head);
    struct item a = {1, {0, 0}}, c = {3, {0, 0}}, b = {2, {0, 0}};
    list_push_back(&head, &a.link);
    list_push_back(&head, &c.link);
    list_insert_before(&c.link, &b.link);
    int sum = 0, pos = 1;
    for (struct list_node *n = head.next; n != &head; n = n->next, pos++) {
        KT_EXPECT_EQ(t, list_entry(n, struct item, link)->value, pos);
        sum += pos;
    }
    KT_EXPECT_EQ(t, sum, 6);
}
