/*
 * A driver that fails on purpose, for init's supervision test
 * (kernel/init_test.c): it claims and uses its granted port (the CMOS
 * index register, reading status register B), then traps. init must
 * report each trap, start it again, and give up after its restart limit,
 * while the kernel and other processes carry on.
 */
#include "rz/manifest.h"
#include "rz/portio.h"

RZ_MANIFEST_PORTS(0x70, 2, RZ_ACCESS_RW);

int main(void) {
    rz_out8(0x70, 0x0b);
    (void)rz_in8(0x71);
    __builtin_trap();
}
