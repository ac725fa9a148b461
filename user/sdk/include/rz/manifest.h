/*
 * Declaring a driver's hardware from C: each macro, at file scope, adds
 * one record to the program's `rz.manifest` custom section (format:
 * include/abi/manifest.h). clang puts C data placed in a
 * ".custom_section.*" section into a data segment, not a custom section,
 * so the records are emitted as assembler directives (the wasm assembler
 * has no .pushsection: each record ends by returning to .text); wasm-ld
 * concatenates the records of every object into one section.
 *
 *     RZ_MANIFEST_PORTS(0x70, 2, RZ_ACCESS_RW);   // CMOS index and data
 *     RZ_MANIFEST_IRQ(8);
 *
 * Arguments must be integer constant expressions the assembler can read
 * (numbers, the RZ_* names of abi/manifest.h, + - | and parentheses).
 */
#ifndef RZ_SDK_MANIFEST_H
#define RZ_SDK_MANIFEST_H

#include "abi/manifest.h"

#define RZ_MANIFEST_STR_(x) #x
#define RZ_MANIFEST_STR(x) RZ_MANIFEST_STR_(x)

#define RZ_MANIFEST_RECORD(kind, access, base, size)                                               \
    __asm__(".section .custom_section." RZ_MANIFEST_SECTION ",\"\",@\n"                       \
            ".int32 " RZ_MANIFEST_STR(kind) "\n"                                                   \
            ".int32 " RZ_MANIFEST_STR(access) "\n"                                                 \
            ".int64 " RZ_MANIFEST_STR(base) "\n"                                                   \
            ".int64 " RZ_MANIFEST_STR(size) "\n"                                                   \
            ".text\n")

#define RZ_MANIFEST_PORTS(base, count, access) RZ_MANIFEST_RECORD(RZ_RES_PORT, access, base, count)
#define RZ_MANIFEST_IRQ(line) RZ_MANIFEST_RECORD(RZ_RES_IRQ, 0, line, 0)
#define RZ_MANIFEST_MMIO(base, size, access) RZ_MANIFEST_RECORD(RZ_RES_MMIO, access, base, size)
#define RZ_MANIFEST_DMA(size) RZ_MANIFEST_RECORD(RZ_RES_DMA, 0, 0, size)

#endif
