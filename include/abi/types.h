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
#define RZ_OBJ_LOG 7u /* the kernel log (log_open) */

/* Limits that are part of the ABI. */
#define RZ_CHANNEL_MAX_BYTES 65536u /* bytes in one message */
#define RZ_CHANNEL_MAX_HANDLES 64u  /* handles in one message */
#define RZ_WAIT_MANY_MAX 64u        /* items in one wait_many */
#define RZ_PROCESS_ARGS_MAX 1024u   /* argument bytes given to process_spawn */
#define RZ_PROCESS_LIST_MAX 64u     /* entries in one process_list */
#define RZ_PROCESS_NAME_MAX 32u     /* bytes of a process's name, NUL included */
#define RZ_PROCESS_THREADS_MAX 256u /* threads of one process at once, main included */
#define RZ_SERVICE_NAME_MAX 31u     /* bytes of a service name (docs/console.md) */
#define RZ_CONSOLE_MSG_MAX 4096u    /* bytes of one console output message */
#define RZ_CONSOLE_INPUT_MAX 256u   /* bytes of one console input message */

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

/* A process's states, as process_info reports them. */
#define RZ_PROCESS_READY 0u   /* created, not started */
#define RZ_PROCESS_RUNNING 1u
#define RZ_PROCESS_EXITED 2u  /* its entry returned (status 0) or it called process_exit */
#define RZ_PROCESS_TRAPPED 3u /* a wasm trap ended it */
#define RZ_PROCESS_KILLED 4u

/* Trap kinds, as process_info reports them. */
#define RZ_TRAP_NONE 0u
#define RZ_TRAP_UNREACHABLE 1u
#define RZ_TRAP_MEMORY_OUT_OF_BOUNDS 2u
#define RZ_TRAP_DIVIDE_BY_ZERO 3u
#define RZ_TRAP_INTEGER_OVERFLOW 4u
#define RZ_TRAP_INVALID_CONVERSION 5u
#define RZ_TRAP_UNDEFINED_ELEMENT 6u
#define RZ_TRAP_UNINITIALIZED_ELEMENT 7u
#define RZ_TRAP_SIGNATURE_MISMATCH 8u
#define RZ_TRAP_STACK_EXHAUSTED 9u
#define RZ_TRAP_TABLE_OUT_OF_BOUNDS 10u
#define RZ_TRAP_PORT_DENIED 11u /* a driver's computed port outside its grant */

/* What process_info writes. */
typedef struct rz_process_info {
    uint32_t pid;
    uint32_t state;            /* RZ_PROCESS_* */
    int32_t exit_status;       /* RZ_PROCESS_EXITED: the status */
    uint32_t trap;             /* RZ_PROCESS_TRAPPED: RZ_TRAP_*, else RZ_TRAP_NONE */
    uint64_t memory_size;      /* bytes of linear memory; 0 once ended */
    uint64_t memory_committed; /* bytes of it backed by memory; 0 once ended */
} rz_process_info_t;

_Static_assert(sizeof(rz_process_info_t) == 32, "rz_process_info_t is ABI");

/* What process_list writes for each process: what process_info would
 * write and the program's name (NUL-terminated). */
typedef struct rz_process_entry {
    rz_process_info_t info;
    char name[RZ_PROCESS_NAME_MAX];
} rz_process_entry_t;

_Static_assert(sizeof(rz_process_entry_t) == 64, "rz_process_entry_t is ABI");

/* What memory_stats writes: the frame allocator's counts (4 KiB frames)
 * and the bytes the kernel heap has handed out. */
typedef struct rz_memory_stats {
    uint64_t frames_free;
    uint64_t frames_used;
    uint64_t frames_total;
    uint64_t heap_bytes;
} rz_memory_stats_t;

_Static_assert(sizeof(rz_memory_stats_t) == 32, "rz_memory_stats_t is ABI");

/* Longest name of a boot archive entry (ustar prefix '/' name). */
#define RZ_ARCHIVE_NAME_MAX 256u

/* What archive_list writes for one regular file of the boot archive. The
 * name is name_len bytes, not NUL-terminated. */
typedef struct rz_archive_entry {
    uint64_t size;
    uint32_t name_len;
    uint32_t reserved; /* 0 */
    char name[RZ_ARCHIVE_NAME_MAX];
} rz_archive_entry_t;

_Static_assert(sizeof(rz_archive_entry_t) == 272, "rz_archive_entry_t is ABI");

#endif
