/*
 * A minimal object type for unit tests of the object layer: it counts
 * its destroy and on_last_handle calls and frees nothing (it lives in the
 * test's stack frame).
 */
#ifndef RZ_KERNEL_OBJECT_TEST_UTIL_H
#define RZ_KERNEL_OBJECT_TEST_UTIL_H

#include "kernel/object.h"

struct test_obj {
    struct kobject obj;
    int destroyed;
    int last_handle_calls;
};

void test_obj_init(struct test_obj *o, uint32_t type);

#endif
