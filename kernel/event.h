/* Events: objects with nothing but user signals (object_signal sets them). */
#ifndef RZ_KERNEL_EVENT_H
#define RZ_KERNEL_EVENT_H

#include "kernel/object.h"

/* A new event (refcount 1, no signal set), or RZ_ERR_NO_MEMORY. */
int event_create(struct kobject **out);

#endif
