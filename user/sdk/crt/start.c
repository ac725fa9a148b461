/*
 * The entry of an rz-native program (one that talks to the kernel through
 * the syscalls of rz/syscalls.h, not through WASI). The kernel starts a
 * process at its export `_start`, of type [] -> []; this one runs main
 * and ends the process with main's return value as its exit status.
 * Programs built against WASI get their `_start` from wasi-libc instead.
 */
#include "rz/syscalls.h"

int main(void);

__attribute__((export_name("_start"))) void _start(void) {
    rz_process_exit(main());
}
