/* rz_thread_start and rz_thread_join (rz/thread.h): the shadow stacks of
 * started threads, remembered by handle until they are joined. */
#include "rz/thread.h"

#include <stdlib.h>

/* Stacks grow down from a 16-byte aligned top (thread_create checks). */
#define STACK_ALIGN 16u

static struct {
    rz_handle_t handle;
    void *stack; /* NULL: a free slot */
} threads[RZ_THREADS_MAX];

int32_t rz_thread_start(void (*fn)(uint32_t), uint32_t arg, size_t stack_size, rz_handle_t *out) {
    size_t slot = 0;
    while (slot < RZ_THREADS_MAX && threads[slot].stack != NULL) {
        slot++;
    }
    if (slot == RZ_THREADS_MAX) {
        return RZ_ERR_NO_RESOURCES;
    }
    if (stack_size == 0) {
        stack_size = RZ_THREAD_STACK_DEFAULT;
    }
    char *stack = malloc(stack_size);
    if (stack == NULL) {
        return RZ_ERR_NO_MEMORY;
    }
    uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)(STACK_ALIGN - 1);
    /* A C function pointer is the function's index in table 0. */
    int32_t err = rz_thread_create((uint32_t)(uintptr_t)fn, arg, (void *)top, out);
    if (err != RZ_OK) {
        free(stack);
        return err;
    }
    threads[slot].handle = *out;
    threads[slot].stack = stack;
    return RZ_OK;
}

int32_t rz_thread_join(rz_handle_t thread, uint64_t deadline_ns) {
    size_t slot = 0;
    while (slot < RZ_THREADS_MAX &&
           (threads[slot].stack == NULL || threads[slot].handle != thread)) {
        slot++;
    }
    if (slot == RZ_THREADS_MAX) {
        return RZ_ERR_NOT_FOUND;
    }
    int32_t err = rz_wait_one(thread, RZ_SIG_TERMINATED, deadline_ns, NULL);
    if (err != RZ_OK) {
        return err;
    }
    free(threads[slot].stack);
    threads[slot].stack = NULL;
    rz_handle_close(thread);
    return RZ_OK;
}
