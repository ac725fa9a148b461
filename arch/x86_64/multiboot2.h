/* Multiboot2 boot information -> struct boot_info. */
#ifndef RZ_ARCH_MULTIBOOT2_H
#define RZ_ARCH_MULTIBOOT2_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/boot_info.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289u

/*
 * Parses the info block at `info` (size bytes readable) into out, leaving
 * kernel_phys_* and tsc_at_entry untouched. Every tag is checked against
 * the block's bounds; a malformed tag ends the walk. Returns false when
 * the block itself is malformed (too small, or total_size beyond size).
 * Entries past the fixed capacities are dropped (out->*_count stays at the
 * maximum).
 */
bool multiboot2_parse(const void *info, size_t size, struct boot_info *out);

/* The info block's total_size field, to find out how much to map/read. */
uint32_t multiboot2_total_size(const void *info);

#endif
