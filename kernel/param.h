/*
 * Every kernel tunable in one place, each with the reason for its value.
 * docs/scheduler.md explains the scheduler's numbers in more detail.
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

#endif
