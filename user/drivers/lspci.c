/*
 * lspci: lists the functions on PCI bus 0 through configuration
 * mechanism #1 (address to port 0xcf8, data at 0xcfc), the ports its
 * manifest declares. One line per function, as lspci -n prints it:
 *
 *     00:01.0 0601: 8086:7000
 *
 * (bus:device.function class: vendor:device). Exits with the number of
 * functions found, which kernel/driver_test.c compares with the kernel's
 * own count. Bridges to further buses are not followed.
 */
#include "rz/manifest.h"
#include "rz/portio.h"
#include "rz/rz.h"

RZ_MANIFEST_PORTS(0xcf8, 8, RZ_ACCESS_RW);

#define PCI_ADDRESS 0xcf8
#define PCI_DATA 0xcfc

static uint32_t config_read(uint32_t dev, uint32_t fn, uint32_t reg) {
    rz_out32(PCI_ADDRESS, 0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc));
    return rz_in32(PCI_DATA);
}

int main(void) {
    int found = 0;
    for (uint32_t dev = 0; dev < 32; dev++) {
        for (uint32_t fn = 0; fn < 8; fn++) {
            uint32_t id = config_read(dev, fn, 0x00);
            if ((id & 0xffff) == 0xffff) {
                if (fn == 0) {
                    break; /* no device */
                }
                continue;
            }
            uint32_t class = config_read(dev, fn, 0x08) >> 16;
            rz_printf("00:%02x.%x %04x: %04x:%04x\n", dev, fn, class, id & 0xffff, id >> 16);
            found++;
            /* header type bit 7: a multi-function device */
            if (fn == 0 && !(config_read(dev, 0, 0x0c) & 0x00800000u)) {
                break;
            }
        }
    }
    return found;
}
