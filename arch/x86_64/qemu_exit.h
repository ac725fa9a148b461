/*
 * Leaving QEMU from inside: the isa-debug-exit device at port 0xf4 (QEMU
 * option -device isa-debug-exit,iobase=0xf4,iosize=0x04) makes QEMU exit
 * with status (value << 1) | 1. tools/qemu-test turns status 1 (value 0)
 * into success and everything else into failure. On a machine without the
 * device the write does nothing and the caller halts.
 */
#ifndef RZ_ARCH_QEMU_EXIT_H
#define RZ_ARCH_QEMU_EXIT_H

#define QEMU_EXIT_SUCCESS 0
#define QEMU_EXIT_FAILURE 1

_Noreturn void qemu_exit(unsigned code);

#endif
