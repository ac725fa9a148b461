/*
 * Threads for rz-native programs (docs/processes.md, "Threads"): each
 * thread gets a shadow stack from malloc (the stack C code keeps in
 * linear memory; the kernel gives it its own machine stack) and a handle
 * that signals RZ_SIG_TERMINATED when it ends. rz_thread_join waits for
 * that and gives the stack back; waiting on the handle with rz_wait_one
 * works as well, but then the stack stays allocated.
 *
 * The C library's malloc has no lock: start and join threads from one
 * thread, and do not call malloc or free from two threads at once.
 */
#ifndef RZ_SDK_THREAD_H
#define RZ_SDK_THREAD_H

#include <stddef.h>
#include <stdint.h>

#include "rz/syscalls.h"

/* Threads started with rz_thread_start and not yet joined: as many as
 * the kernel lets a process have beside its main thread. */
#define RZ_THREADS_MAX (RZ_PROCESS_THREADS_MAX - 1)

/* Shadow stack size when stack_size is 0. */
#define RZ_THREAD_STACK_DEFAULT (16 * 1024)

/*
 * Starts fn(arg) on a new thread of this process with a shadow stack of
 * stack_size bytes (0: RZ_THREAD_STACK_DEFAULT) and writes its handle to
 * *out. Errors: those of thread_create, and RZ_ERR_NO_MEMORY when the
 * stack cannot be allocated, RZ_ERR_NO_RESOURCES when RZ_THREADS_MAX
 * threads are unjoined.
 */
int32_t rz_thread_start(void (*fn)(uint32_t), uint32_t arg, size_t stack_size, rz_handle_t *out);

/*
 * Waits until the thread ends or deadline_ns passes (RZ_TIME_INFINITE:
 * never); once it ended, frees its shadow stack and closes the handle.
 * Returns RZ_OK, the wait's error, or RZ_ERR_NOT_FOUND when thread is not
 * a handle rz_thread_start returned (or it was joined already).
 */
int32_t rz_thread_join(rz_handle_t thread, uint64_t deadline_ns);

#endif
