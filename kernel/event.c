/* Events; see event.h. The object header is all there is. */
#include "kernel/event.h"

#include "abi/errors.h"
#include "kernel/kmalloc.h"

static void event_destroy(struct kobject *obj) {
    kfree(obj);
}

static const struct kobject_ops event_ops = {.destroy = event_destroy};

int event_create(struct kobject **out) {
    struct kobject *obj = kmalloc(sizeof(*obj));
    if (obj == NULL) {
        return RZ_ERR_NO_MEMORY;
    }
    kobject_init(obj, RZ_OBJ_EVENT, &event_ops, 0);
    *out = obj;
    return RZ_OK;
}
