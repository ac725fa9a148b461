/* Fatal errors: print, backtrace, stop (in test mode: leave QEMU failing). */
#ifndef RZ_KERNEL_PANIC_H
#define RZ_KERNEL_PANIC_H

_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Stops the machine for good: QEMU failure exit in test mode, else halt. */
_Noreturn void kernel_halt(void);

#endif
