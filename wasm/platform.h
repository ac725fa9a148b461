/*
 * The wasm engine's only window on the world. Everything under wasm/
 * includes freestanding C headers (stdint, stddef, stdbool, stdarg, limits)
 * and this file, nothing else from outside wasm/. Two implementations exist:
 * the host's (host/platform_linux.c over libc, host/jit_linux.c for code
 * memory and traps over mmap and signals) and the kernel's.
 *
 * Each hook has its contract beside it.
 */
#ifndef RZ_WASM_PLATFORM_H
#define RZ_WASM_PLATFORM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Heap. Returns NULL when out of memory (never aborts); free(NULL) is a no-op. */
void *wasm_alloc(size_t size);
void *wasm_realloc(void *ptr, size_t size);
void wasm_free(void *ptr);

/* Formatting with C99 snprintf semantics for the conversions
 * %d %i %u %x %X %c %s %p %% with l, ll, z length modifiers, width, '-' and
 * '0' flags, and precision on %s. Always NUL-terminates when size > 0. */
int wasm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/*
 * Code memory, for the JIT's output (W^X: never writable and executable at once).
 *
 * wasm_code_alloc: returns `size` bytes (rounded up to whole pages),
 *   readable and writable, not executable; NULL when out of memory. In the
 *   kernel the region lies within +/-2 GiB of kernel text.
 * wasm_code_seal: makes [code, code + size) read+execute; it is never
 *   writable again. Returns false when the protection could not be changed,
 *   in which case the region must be freed without being run.
 * wasm_code_free: releases a region from wasm_code_alloc, sealed or not.
 *   Requires: no thread is running in it and it is not registered
 *   (runtime/code.h).
 */
void *wasm_code_alloc(size_t size);
bool wasm_code_seal(void *code, size_t size);
void wasm_code_free(void *code, size_t size);

/*
 * Linear memory: one virtual reservation per memory, committed as it grows.
 *
 * wasm_mem_reserve: reserves `size` bytes of address space, inaccessible
 *   (any access faults); NULL when the address space is not available.
 * wasm_mem_commit: makes [base, base + size) of a reservation readable and
 *   writable; pages committed for the first time read as zero. False when
 *   out of memory.
 * wasm_mem_back: before host code (data segments, bulk-memory helpers) touches
 *   [p, p + len), a committed range, gives it memory so that the touch
 *   cannot fault: where pages are backed on first touch (the kernel), a
 *   fault in host code with no page to give would be the host's crash, not
 *   the guest's trap. False when out of memory; pages backed so far stay.
 * wasm_mem_release: returns a whole reservation.
 */
void *wasm_mem_reserve(uint64_t size);
bool wasm_mem_commit(void *base, uint64_t size);
bool wasm_mem_back(void *p, uint64_t len);
void wasm_mem_release(void *base, uint64_t size);

/*
 * Running compiled code.
 *
 * wasm_stack_limit: the lowest stack address compiled code running on the
 *   calling thread may use, with the headroom for host calls and interrupt
 *   frames already added (docs/jit.md, section 5).
 * wasm_run_guarded: calls fn(arg) so that a wasm trap inside it (a fault,
 *   #UD or #DE whose pc is a trap site of a registered code region, see
 *   runtime/code.h) abandons the wasm frames and returns here. Returns true
 *   when fn returned normally, false after a trap with *trap filled in.
 *   Faults that are not wasm traps are left alone (host: the process's
 *   previous handler runs; kernel: panic). Calls may nest.
 */
struct wasm_trap;
uintptr_t wasm_stack_limit(void);
bool wasm_run_guarded(void (*fn)(void *arg), void *arg, struct wasm_trap *trap);

/* The C library's memory functions, which the compiler may also emit. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
