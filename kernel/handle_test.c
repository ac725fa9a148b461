/* Tests of kernel/handle.c: rights, generations, exhaustion, moving. */
#include "kernel/handle.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/kmalloc.h"
#include "kernel/object_test_util.h"
#include "ktest.h"

/* 16 KiB: too big for a kernel test stack. */
static struct handle_table *table_new(void) {
    struct handle_table *t = kmalloc(sizeof(*t));
    if (t != NULL) {
        handle_table_init(t);
    }
    return t;
}

static void table_free(struct handle_table *t) {
    handle_table_destroy(t);
    kfree(t);
}

KTEST(handle, alloc_get_close_counts_refs_and_handles) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj o;
    test_obj_init(&o, RZ_OBJ_EVENT);
    rz_handle_t h = 0;
    KT_EXPECT_EQ(t, handle_alloc(tab, &o.obj, RZ_RIGHT_WAIT, &h), RZ_OK);
    KT_EXPECT(t, h != RZ_HANDLE_INVALID && h < (1u << 31));
    KT_EXPECT_EQ(t, o.obj.refcount, 2);
    KT_EXPECT_EQ(t, o.obj.handle_count, 1);
    struct kobject *got = NULL;
    uint32_t rights = 0;
    KT_EXPECT_EQ(t, handle_get(tab, h, RZ_OBJ_EVENT, RZ_RIGHT_WAIT, &got, &rights), RZ_OK);
    KT_EXPECT(t, got == &o.obj);
    KT_EXPECT_EQ(t, rights, RZ_RIGHT_WAIT);
    KT_EXPECT_EQ(t, o.obj.refcount, 3);
    kobject_unref(got);
    KT_EXPECT_EQ(t, handle_close(tab, h), RZ_OK);
    KT_EXPECT_EQ(t, o.last_handle_calls, 1);
    KT_EXPECT_EQ(t, o.obj.refcount, 1);
    KT_EXPECT_EQ(t, o.destroyed, 0);
    kobject_unref(&o.obj);
    KT_EXPECT_EQ(t, o.destroyed, 1);
    table_free(tab);
}

KTEST(handle, get_checks_handle_then_type_then_rights) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj o;
    test_obj_init(&o, RZ_OBJ_EVENT);
    rz_handle_t h;
    KT_ASSERT(t, handle_alloc(tab, &o.obj, RZ_RIGHT_WAIT, &h) == RZ_OK);
    struct kobject *got = NULL;
    KT_EXPECT_EQ(t, handle_get(tab, h ^ 1, RZ_OBJ_TIMER, RZ_RIGHT_READ, &got, NULL), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, handle_get(tab, 0, RZ_OBJ_NONE, 0, &got, NULL), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, handle_get(tab, 0xffffffffu, RZ_OBJ_NONE, 0, &got, NULL), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, handle_get(tab, h, RZ_OBJ_TIMER, RZ_RIGHT_READ, &got, NULL), RZ_ERR_WRONG_TYPE);
    KT_EXPECT_EQ(t, handle_get(tab, h, RZ_OBJ_EVENT, RZ_RIGHT_READ, &got, NULL), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, handle_get(tab, h, RZ_OBJ_NONE, RZ_RIGHT_WAIT | RZ_RIGHT_READ, &got, NULL),
                 RZ_ERR_ACCESS_DENIED);
    KT_EXPECT(t, got == NULL);
    KT_EXPECT_EQ(t, o.obj.refcount, 2); /* failures take no reference */
    table_free(tab);
    KT_EXPECT_EQ(t, o.last_handle_calls, 1);
    kobject_unref(&o.obj);
}

KTEST(handle, closed_handle_is_stale_even_after_slot_reuse) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj a, b;
    test_obj_init(&a, RZ_OBJ_EVENT);
    test_obj_init(&b, RZ_OBJ_EVENT);
    rz_handle_t ha, hb;
    KT_ASSERT(t, handle_alloc(tab, &a.obj, RZ_RIGHTS_ALL, &ha) == RZ_OK);
    KT_EXPECT_EQ(t, handle_close(tab, ha), RZ_OK);
    KT_EXPECT_EQ(t, handle_close(tab, ha), RZ_ERR_BAD_HANDLE);
    /* Fill every slot once so that a's slot is reused. */
    rz_handle_t seen_same_slot = 0;
    for (uint32_t i = 0; i < HANDLE_TABLE_CAPACITY; i++) {
        KT_ASSERT(t, handle_alloc(tab, &b.obj, RZ_RIGHTS_ALL, &hb) == RZ_OK);
        if ((hb & (HANDLE_TABLE_CAPACITY - 1)) == (ha & (HANDLE_TABLE_CAPACITY - 1))) {
            seen_same_slot = hb;
        }
    }
    KT_EXPECT(t, seen_same_slot != 0 && seen_same_slot != ha);
    struct kobject *got = NULL;
    KT_EXPECT_EQ(t, handle_get(tab, ha, RZ_OBJ_NONE, 0, &got, NULL), RZ_ERR_BAD_HANDLE);
    table_free(tab);
    KT_EXPECT_EQ(t, b.obj.handle_count, 0);
    KT_EXPECT_EQ(t, b.obj.refcount, 1);
    kobject_unref(&a.obj);
    kobject_unref(&b.obj);
}

KTEST(handle, freed_slot_goes_to_back_of_queue) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj o;
    test_obj_init(&o, RZ_OBJ_EVENT);
    rz_handle_t h1, h2;
    KT_ASSERT(t, handle_alloc(tab, &o.obj, 0, &h1) == RZ_OK);
    KT_ASSERT(t, handle_close(tab, h1) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, &o.obj, 0, &h2) == RZ_OK);
    KT_EXPECT(t, (h2 & (HANDLE_TABLE_CAPACITY - 1)) != (h1 & (HANDLE_TABLE_CAPACITY - 1)));
    table_free(tab);
    kobject_unref(&o.obj);
}

KTEST(handle, table_full_is_no_resources) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj o;
    test_obj_init(&o, RZ_OBJ_EVENT);
    rz_handle_t h = 0, first = 0;
    for (uint32_t i = 0; i < HANDLE_TABLE_CAPACITY; i++) {
        KT_ASSERT(t, handle_alloc(tab, &o.obj, RZ_RIGHTS_ALL, &h) == RZ_OK);
        first = first == 0 ? h : first;
    }
    KT_EXPECT_EQ(t, handle_alloc(tab, &o.obj, RZ_RIGHTS_ALL, &h), RZ_ERR_NO_RESOURCES);
    rz_handle_t dup;
    KT_EXPECT_EQ(t, handle_duplicate(tab, first, RZ_RIGHTS_ALL, &dup), RZ_ERR_NO_RESOURCES);
    KT_EXPECT_EQ(t, o.obj.handle_count, HANDLE_TABLE_CAPACITY);
    KT_EXPECT_EQ(t, handle_close(tab, first), RZ_OK);
    KT_EXPECT_EQ(t, handle_alloc(tab, &o.obj, RZ_RIGHTS_ALL, &h), RZ_OK);
    table_free(tab);
    KT_EXPECT_EQ(t, o.obj.handle_count, 0);
    KT_EXPECT_EQ(t, o.last_handle_calls, 1);
    kobject_unref(&o.obj);
}

KTEST(handle, duplicate_only_drops_rights) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj o;
    test_obj_init(&o, RZ_OBJ_EVENT);
    rz_handle_t h, d;
    KT_ASSERT(t, handle_alloc(tab, &o.obj, RZ_RIGHT_DUPLICATE | RZ_RIGHT_WAIT, &h) == RZ_OK);
    KT_EXPECT_EQ(t, handle_duplicate(tab, h, RZ_RIGHT_WAIT | RZ_RIGHT_SIGNAL, &d),
                 RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, handle_duplicate(tab, h, RZ_RIGHT_WAIT, &d), RZ_OK);
    KT_EXPECT(t, d != h);
    struct kobject *got;
    uint32_t rights;
    KT_EXPECT_EQ(t, handle_get(tab, d, RZ_OBJ_EVENT, 0, &got, &rights), RZ_OK);
    KT_EXPECT_EQ(t, rights, RZ_RIGHT_WAIT);
    kobject_unref(got);
    /* Without DUPLICATE the copy cannot be copied again. */
    rz_handle_t d2;
    KT_EXPECT_EQ(t, handle_duplicate(tab, d, RZ_RIGHT_WAIT, &d2), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, o.obj.handle_count, 2);
    KT_EXPECT_EQ(t, handle_close(tab, h), RZ_OK);
    KT_EXPECT_EQ(t, o.last_handle_calls, 0);
    KT_EXPECT_EQ(t, handle_close(tab, d), RZ_OK);
    KT_EXPECT_EQ(t, o.last_handle_calls, 1);
    table_free(tab);
    kobject_unref(&o.obj);
}

KTEST(handle, replace_gives_new_value_and_kills_old) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj o;
    test_obj_init(&o, RZ_OBJ_EVENT);
    rz_handle_t h, r;
    KT_ASSERT(t, handle_alloc(tab, &o.obj, RZ_RIGHT_READ | RZ_RIGHT_WAIT, &h) == RZ_OK);
    KT_EXPECT_EQ(t, handle_replace(tab, h, RZ_RIGHT_SIGNAL, &r), RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, handle_replace(tab, h, RZ_RIGHT_WAIT, &r), RZ_OK);
    KT_EXPECT(t, r != h);
    struct kobject *got;
    KT_EXPECT_EQ(t, handle_get(tab, h, RZ_OBJ_NONE, 0, &got, NULL), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, handle_get(tab, r, RZ_OBJ_NONE, RZ_RIGHT_READ, &got, NULL), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, o.obj.handle_count, 1);
    KT_EXPECT_EQ(t, o.last_handle_calls, 0);
    table_free(tab);
    kobject_unref(&o.obj);
}

KTEST(handle, take_is_all_or_nothing) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj a, b, self;
    test_obj_init(&a, RZ_OBJ_EVENT);
    test_obj_init(&b, RZ_OBJ_EVENT);
    test_obj_init(&self, RZ_OBJ_CHANNEL);
    rz_handle_t hs[3];
    KT_ASSERT(t, handle_alloc(tab, &a.obj, RZ_RIGHT_TRANSFER, &hs[0]) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, &b.obj, RZ_RIGHT_WAIT, &hs[1]) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, &self.obj, RZ_RIGHT_TRANSFER, &hs[2]) == RZ_OK);
    uint64_t flags = handle_table_lock(tab);
    KT_EXPECT_EQ(t, handle_check_take_locked(tab, hs, 2, &self.obj, NULL), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, handle_check_take_locked(tab, (rz_handle_t[]){hs[0], hs[2]}, 2, &self.obj, NULL),
                 RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, handle_check_take_locked(tab, (rz_handle_t[]){hs[0], hs[0]}, 2, &self.obj, NULL),
                 RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, handle_check_take_locked(tab, (rz_handle_t[]){hs[0], 12345}, 2, &self.obj, NULL),
                 RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, tab->free_count, HANDLE_TABLE_CAPACITY - 3);
    KT_EXPECT_EQ(t, handle_check_take_locked(tab, hs, 1, &self.obj, NULL), RZ_OK);
    struct handle_transfer moved;
    handle_take_locked(tab, hs, 1, &moved);
    handle_table_unlock(tab, flags);
    KT_EXPECT(t, moved.obj == &a.obj);
    KT_EXPECT_EQ(t, moved.rights, RZ_RIGHT_TRANSFER);
    /* In flight: no longer in the table, still counted as a handle. */
    struct kobject *got;
    KT_EXPECT_EQ(t, handle_get(tab, hs[0], RZ_OBJ_NONE, 0, &got, NULL), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, a.obj.handle_count, 1);
    KT_EXPECT_EQ(t, a.last_handle_calls, 0);
    flags = handle_table_lock(tab);
    rz_handle_t back;
    handle_install_locked(tab, &moved, 1, &back);
    handle_table_unlock(tab, flags);
    KT_EXPECT_EQ(t, handle_get(tab, back, RZ_OBJ_EVENT, RZ_RIGHT_TRANSFER, &got, NULL), RZ_OK);
    kobject_unref(got);
    table_free(tab);
    KT_EXPECT_EQ(t, a.last_handle_calls + b.last_handle_calls + self.last_handle_calls, 3);
    kobject_unref(&a.obj);
    kobject_unref(&b.obj);
    kobject_unref(&self.obj);
}

KTEST(handle, dropped_transfer_runs_last_handle) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct test_obj a;
    test_obj_init(&a, RZ_OBJ_EVENT);
    rz_handle_t h;
    KT_ASSERT(t, handle_alloc(tab, &a.obj, RZ_RIGHT_TRANSFER, &h) == RZ_OK);
    struct handle_transfer moved;
    uint64_t flags = handle_table_lock(tab);
    KT_ASSERT(t, handle_check_take_locked(tab, &h, 1, NULL, NULL) == RZ_OK);
    handle_take_locked(tab, &h, 1, &moved);
    handle_table_unlock(tab, flags);
    handle_transfer_drop(&moved, 1);
    KT_EXPECT_EQ(t, a.last_handle_calls, 1);
    KT_EXPECT_EQ(t, a.obj.refcount, 1);
    table_free(tab);
    kobject_unref(&a.obj);
}
