/*
 * Tunables of the kernel's object layer, one place, each with why.
 * (ABI limits that programs see live in include/abi/types.h.)
 */
#ifndef RZ_KERNEL_PARAM_H
#define RZ_KERNEL_PARAM_H

/* Handles per process. A power of two: the slot index is the low bits of
 * a handle value. 1024 * 16 bytes = 16 KiB per process. */
#define HANDLE_TABLE_BITS 10
#define HANDLE_TABLE_CAPACITY (1u << HANDLE_TABLE_BITS)

/* Messages queued on one channel endpoint before writers get
 * RZ_ERR_SHOULD_WAIT: bounds the memory a writer can pin in a reader. */
#define CHANNEL_MAX_QUEUED 64u

/* Bytes one debug_write may print (the console is slow; keep calls short). */
#define DEBUG_WRITE_MAX 4096u

#endif
