/*
 * rtcirq: takes the RTC's IRQ 8 as an interrupt object, turns on the
 * RTC's periodic interrupt (1024 Hz at the default rate), and counts
 * three deliveries: wait for the signal, read status register C (which
 * makes the RTC lower its interrupt), acknowledge (which unmasks the
 * line). Exits with the count, or with the first error code.
 */
#include "abi/errors.h"
#include "abi/signals.h"
#include "rz/manifest.h"
#include "rz/portio.h"
#include "rz/rz.h"

RZ_MANIFEST_PORTS(0x70, 2, RZ_ACCESS_RW);
RZ_MANIFEST_IRQ(8);

#define RTC_IRQ 8
#define REG_B 0x0b
#define REG_C 0x0c
#define REG_B_PERIODIC 0x40
#define WAIT_NS 1000000000ull

static uint32_t cmos_read(uint32_t reg) {
    rz_out8(0x70, reg);
    return rz_in8(0x71);
}

static void cmos_write(uint32_t reg, uint32_t v) {
    rz_out8(0x70, reg);
    rz_out8(0x71, v);
}

int main(void) {
    rz_handle_t irq;
    int32_t err = rz_interrupt_create(RTC_IRQ, &irq);
    if (err != RZ_OK) {
        return err;
    }
    cmos_read(REG_C); /* drop anything pending */
    cmos_write(REG_B, cmos_read(REG_B) | REG_B_PERIODIC);
    int count = 0;
    while (count < 3) {
        uint32_t observed;
        err = rz_wait_one(irq, RZ_SIG_SIGNALED, rz_clock_get() + WAIT_NS, &observed);
        if (err != RZ_OK) {
            break;
        }
        cmos_read(REG_C);
        rz_interrupt_ack(irq);
        count++;
    }
    cmos_write(REG_B, cmos_read(REG_B) & ~(uint32_t)REG_B_PERIODIC);
    rz_printf("rtcirq: %d periodic interrupts\n", count);
    return err != RZ_OK ? err : count;
}
