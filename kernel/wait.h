/*
 * Waiting for signals on one or many objects, with a deadline: the core
 * of wait_one and wait_many (the syscalls only translate handles).
 */
#ifndef RZ_KERNEL_WAIT_H
#define RZ_KERNEL_WAIT_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/object.h"

/*
 * Blocks the calling thread until some objs[i] has a signal in waitfor[i],
 * or clock_ns() >= deadline (UINT64_MAX: never). observed[i] receives each
 * object's signals when the wait ends, whatever the result. obs is scratch
 * space for n observers. Requires: no spinlock held; the caller holds a
 * reference on every object.
 * Returns RZ_OK (some item satisfied; checked first, so a ready object
 * never times out), RZ_ERR_CANCELED (a watched object lost its last
 * handle during the wait, or the thread's process is being killed), or
 * RZ_ERR_TIMED_OUT.
 */
int wait_objects(struct kobject *const *objs, const uint32_t *waitfor, uint32_t *observed,
                 struct kobserver *obs, size_t n, uint64_t deadline);

#endif
