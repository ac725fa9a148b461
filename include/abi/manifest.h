/*
 * The hardware manifest of a driver: the wire format of the `rz.manifest`
 * custom section, shared by the kernel's parser (kernel/manifest.c) and the
 * SDK's macros that emit it (user/sdk/include/rz/manifest.h). docs/drivers.md
 * describes it in prose.
 *
 * The section is a sequence of 24-byte records, all little-endian, with no
 * header, so that records emitted by separate translation units and
 * concatenated by the linker still form a valid section:
 *
 *     offset 0   u32 kind     RZ_RES_PORT, _IRQ, _MMIO, _DMA
 *     offset 4   u32 access   RZ_ACCESS_* bits (ports, MMIO); 0 otherwise
 *     offset 8   u64 base     first port, IRQ line, or physical address; 0 for DMA
 *     offset 16  u64 size     port count, 0 for an IRQ, bytes of MMIO or DMA
 *
 * The numbers are ABI: never renumber, only append.
 */
#ifndef RZ_ABI_MANIFEST_H
#define RZ_ABI_MANIFEST_H

#define RZ_MANIFEST_SECTION "rz.manifest"
#define RZ_MANIFEST_RECORD_SIZE 24

#define RZ_RES_PORT 1 /* I/O ports base .. base+size-1 */
#define RZ_RES_IRQ 2  /* interrupt line `base` */
#define RZ_RES_MMIO 3 /* physical bytes base .. base+size-1 */
#define RZ_RES_DMA 4  /* a DMA buffer of `size` bytes */

#define RZ_ACCESS_READ 1
#define RZ_ACCESS_WRITE 2
#define RZ_ACCESS_RW 3

#define RZ_PORT_LIMIT 0x10000 /* ports are 16-bit */
#define RZ_IRQ_LIMIT 24       /* lines of the I/O APIC */

#endif
