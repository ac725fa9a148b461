/*
 * Types shared by kernel and SDK: handles, object types, and the layouts
 * of structures passed in guest memory (little-endian, naturally aligned,
 * sizes fixed by the asserts below).
 */
#ifndef RZ_ABI_TYPES_H
#define RZ_ABI_TYPES_H

#include <stdint.h>

/* A handle value; 0 is never a valid handle. */
typedef uint32_t rz_handle_t;
#define RZ_HANDLE_INVALID 0u

/* Object types (kobject.type, and what process_info reports). */
#define RZ_OBJ_NONE 0u
#define RZ_OBJ_PROCESS 1u
#define RZ_OBJ_THREAD 2u
#define RZ_OBJ_CHANNEL 3u
#define RZ_OBJ_EVENT 4u
#define RZ_OBJ_TIMER 5u
#define RZ_OBJ_INTERRUPT 6u

/* Limits that are part of the ABI. */
#define RZ_CHANNEL_MAX_BYTES 65536u /* bytes in one message */
#define RZ_CHANNEL_MAX_HANDLES 64u  /* handles in one message */
#define RZ_WAIT_MANY_MAX 64u        /* items in one wait_many */

/* A deadline that never comes. */
#define RZ_TIME_INFINITE UINT64_MAX

/* One entry of wait_many's array: the caller fills handle and waitfor;
 * the kernel writes observed (the object's signals when the wait ended). */
typedef struct rz_wait_item {
    rz_handle_t handle;
    uint32_t waitfor;
    uint32_t observed;
    uint32_t reserved; /* must be 0 */
} rz_wait_item_t;

_Static_assert(sizeof(rz_wait_item_t) == 16, "rz_wait_item_t is ABI");

#endif
