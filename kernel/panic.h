/*
 * panic: the kernel's reaction to a broken invariant. Prints the message and
 * stops. Host unit tests link their own panic (tests/host/panic_host.c) that
 * records the message and returns into the test, so "this must panic" is
 * testable on the host.
 */
#ifndef RZ_KERNEL_PANIC_H
#define RZ_KERNEL_PANIC_H

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
