/*
 * Port I/O for drivers. These are imports of module "rz", but not
 * syscalls: the kernel's compiler turns each call into one `in` or `out`
 * instruction, after proving (constant port) or checking inline (computed
 * port) that the port lies in the ranges the program's manifest declares
 * (rz/manifest.h) and boot.conf grants it. A program without a port grant
 * that imports them is refused at load; an access outside the grant is
 * refused at load (constant port) or traps (computed port). Only direct
 * calls are allowed: never take their address. docs/drivers.md.
 */
#ifndef RZ_SDK_PORTIO_H
#define RZ_SDK_PORTIO_H

#include <stdint.h>

#define RZ_PORT_IMPORT(name) __attribute__((import_module("rz"), import_name(#name)))

RZ_PORT_IMPORT(in8) uint32_t rz_in8(uint32_t port);
RZ_PORT_IMPORT(in16) uint32_t rz_in16(uint32_t port);
RZ_PORT_IMPORT(in32) uint32_t rz_in32(uint32_t port);
RZ_PORT_IMPORT(out8) void rz_out8(uint32_t port, uint32_t value);
RZ_PORT_IMPORT(out16) void rz_out16(uint32_t port, uint32_t value);
RZ_PORT_IMPORT(out32) void rz_out32(uint32_t port, uint32_t value);

#endif
