/*
 * Every kernel tunable in one place, each with the reason for its value.
 * docs/scheduler.md explains the scheduler's numbers in more detail.
 * (ABI limits that programs see live in include/abi/types.h.)
 */
#ifndef RZ_KERNEL_PARAM_H
#define RZ_KERNEL_PARAM_H

/* Priority levels: 0 is the idle thread's alone; threads use 1..7, a
 * higher number runs first. Eight levels fit one byte of run-queue bitmap
 * and leave room above and below the default. */
#define SCHED_PRIORITIES 8

/* Round-robin time slice within one priority level. Short enough that a
 * spinning thread delays its peers by at most 5 ms, long enough that the
 * switch cost (a few microseconds under emulation) stays below 0.1%. */
#define SCHED_SLICE_NS 5000000ull

/* Stack of a thread created with stack_size 0. Kernel C code needs a few
 * KiB; process threads run wasm on it too and ask for more. */
#define THREAD_STACK_DEFAULT (64 * 1024)

/* Bytes above the guard page that compiled wasm code may not use (its
 * prologue compares rsp with stack_limit = stack bottom + this): room for
 * a syscall into kernel C code, an interrupt frame with the scheduler's
 * switch path on top, and a fault report, each measured at under 4 KiB. */
#define THREAD_STACK_HEADROOM (16 * 1024)

/* Smallest stack thread_create accepts: the headroom plus one page. */
#define THREAD_STACK_MIN (THREAD_STACK_HEADROOM + 4096)

/* Longest thread name kept (with its terminating NUL). */
#define THREAD_NAME_MAX 32

/* Handles per process. A power of two: the slot index is the low bits of
 * a handle value. 1024 * 16 bytes = 16 KiB per process. */
#define HANDLE_TABLE_BITS 10
#define HANDLE_TABLE_CAPACITY (1u << HANDLE_TABLE_BITS)

/* Messages queued on one channel endpoint before writers get
 * RZ_ERR_SHOULD_WAIT: bounds the memory a writer can pin in a reader. */
#define CHANNEL_MAX_QUEUED 64u

/* Bytes one debug_write may print (the console is slow; keep calls short). */
#define DEBUG_WRITE_MAX 4096u
/* Most bytes one console_read returns (the same bound). */
#define CONSOLE_READ_MAX 4096u

/* The kernel log ring (kernel/klog.h): what kprintf says while a driver
 * owns the serial line, until the driver drains it. 64 KiB holds a few
 * hundred trap reports; beyond that the oldest bytes are dropped. A power
 * of two. */
#define KLOG_RING_SIZE (64u * 1024u)
/* Most bytes one log_read takes (copied with interrupts off). */
#define KLOG_READ_MAX 4096u

/* Stack of a process thread: THREAD_STACK_HEADROOM for kernel calls and
 * interrupts, the rest for wasm frames (compiled code uses the native
 * stack; deep recursion ends in "call stack exhausted", not in the guard). */
#define PROCESS_STACK_SIZE (128 * 1024)

/* Longest process name kept (with its terminating NUL). */
#define PROCESS_NAME_MAX 32

#endif
