/* See object_test_util.h. */
#include "kernel/object_test_util.h"

static void test_obj_destroy(struct kobject *obj) {
    ((struct test_obj *)obj)->destroyed++;
}

static void test_obj_on_last_handle(struct kobject *obj) {
    ((struct test_obj *)obj)->last_handle_calls++;
}

static const struct kobject_ops test_obj_ops = {
    .destroy = test_obj_destroy,
    .on_last_handle = test_obj_on_last_handle,
};

void test_obj_init(struct test_obj *o, uint32_t type) {
    o->destroyed = 0;
    o->last_handle_calls = 0;
    kobject_init(&o->obj, type, &test_obj_ops, 0);
}
